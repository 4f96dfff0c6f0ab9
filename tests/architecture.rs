//! Imports point one way: every `crate::` (and `super::` that leaves its top-level module) path in
//! `src/**/*.rs` must name a module in a lower layer than the file's own (ARCHITECTURE.md). This is
//! the check that the top-level modules form no import cycle: a strict order admits none.
//!
//! Test code (`#[cfg(test)] mod … { }` blocks and `*test*` files) is not counted: fixtures may be
//! built through the front end, which sits above what they test. Comments are not counted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Lowest first. A module may use modules of lower layers only; modules in one layer may not use
/// each other.
const LAYERS: &[&[&str]] = &[
    // Process resources with no domain knowledge: the allocator, the thread pool, the file
    // system and programs with the repository treated as hostile.
    &["alloc", "pool", "safe_io"],
    // The normalized model, IAM documents included.
    &["model"],
    // Messages about the inputs (errors, warnings, notes), at places in the model's sources.
    &["diagnostic"],
    // Terraform semantics.
    &["eval"],
    // The front ends: discovery, HCL, .tf.json, plans.
    &["input"],
    &["exposure"],
    &["policy"],
    &["finding"],
    // Configuration blocks located in source text (suppressions and --diff-base place them).
    &["blocks"],
    // What a user does with findings: suppress them, keep a baseline, limit them to a diff.
    &["suppress", "baseline", "diff"],
    &["settings"],
    &["config"],
    &["scan"],
    &["report"],
    &["cli"],
    // The fuzz targets' harnesses: every entry point, in memory.
    &["fuzzing"],
];

/// Edges that point the wrong way today and are being fixed by other work on issue 19, with why.
/// An edge listed here that no longer occurs fails the test too, so the list stays true: delete
/// its line once it is fixed.
const PENDING: &[(&str, &str, &str)] = &[];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under `src/`: `src/model/iam.rs` → [model, iam]; `mod.rs` is its
/// directory.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .skip(1)
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code without comments and without inline test modules.
fn production_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            let next = lines.peek().map(|l| l.trim_start()).unwrap_or("");
            if (next.starts_with("mod ")
                || next.starts_with("pub mod ")
                || next.starts_with("pub(crate) mod "))
                && next.trim_end().ends_with('{')
            {
                break; // test modules come last
            }
            continue;
        }
        if t.starts_with("//") {
            continue;
        }
        let code = line.split(" // ").next().unwrap_or(line);
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first segment of each path in a `{a, b::c, d::{e, f}}` group starting at `s` (after `{`).
fn group_heads(s: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                heads.push(s[start..i].trim());
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                heads.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    heads
        .into_iter()
        .map(ident_at)
        .filter(|h| !h.is_empty() && *h != "self")
        .collect()
}

/// The top-level modules `code` refers to through `crate::` or a `super::` chain leaving `own`.
fn referenced_modules(code: &str, own: &[String]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let preceded_by_ident = rest[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        let after = &rest[i + "crate::".len()..];
        if !preceded_by_ident {
            match after.strip_prefix('{') {
                Some(group) => found.extend(group_heads(group).into_iter().map(String::from)),
                None => {
                    found.insert(ident_at(after).to_string());
                }
            }
        }
        rest = after;
    }
    let mut rest = code;
    while let Some(i) = rest.find("super::") {
        let before = &rest[..i];
        let chain_start = !before.ends_with("super::");
        let mut n = 0;
        let mut after = &rest[i..];
        while let Some(a) = after.strip_prefix("super::") {
            n += 1;
            after = a;
        }
        if chain_start && n >= own.len() {
            match after.strip_prefix('{') {
                Some(group) => found.extend(group_heads(group).into_iter().map(String::from)),
                None => {
                    found.insert(ident_at(after).to_string());
                }
            }
        }
        rest = &rest[i + "super::".len() * n..];
    }
    found
}

/// Names `lib.rs` re-exports at the crate root (`pub use scan::{ScanResult, scan};`) and the
/// module each comes from.
fn root_reexports(lib: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = ident_at(rest).to_string();
        let names = rest[module.len()..].trim_start_matches("::");
        let names = names
            .strip_prefix('{')
            .map_or(vec![names.trim_end_matches(';')], group_heads);
        out.extend(
            names
                .into_iter()
                .map(|n| (ident_at(n).to_string(), module.clone())),
        );
    }
    out
}

/// Every (file, module it uses) edge that does not point strictly down.
fn violations() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reexports = root_reexports(&std::fs::read_to_string(root.join("src/lib.rs")).unwrap());
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut bad = Vec::new();
    for file in files {
        let rel = file.strip_prefix(root).unwrap().to_path_buf();
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let own = module_path(&rel);
        let is_test_file = rel.iter().skip(1).any(|p| p.to_string_lossy().contains("test"));
        if own.is_empty() || own == ["main"] || own == ["lib"] || is_test_file {
            continue;
        }
        let from = rank(&own[0]).unwrap_or_else(|| panic!("{rel_str}: module `{}` is in no layer", own[0]));
        let code = production_code(&std::fs::read_to_string(&file).unwrap());
        for module in referenced_modules(&code, &own) {
            let module = match reexports.iter().find(|(name, _)| *name == module) {
                Some((_, from)) => from.clone(),
                None => module,
            };
            if module == own[0] {
                continue;
            }
            let to =
                rank(&module).unwrap_or_else(|| panic!("{rel_str}: uses `{module}`, which is in no layer"));
            if to >= from {
                bad.push((rel_str.clone(), module));
            }
        }
    }
    bad
}

#[test]
fn imports_point_down_the_layers() {
    let found = violations();
    let pending: BTreeSet<(String, String)> = PENDING
        .iter()
        .map(|(f, m, _)| (f.to_string(), m.to_string()))
        .collect();
    let mut problems = Vec::new();
    for (file, module) in &found {
        let known = if pending.contains(&(file.clone(), module.clone())) {
            " (pending, see PENDING)"
        } else {
            ""
        };
        eprintln!("{file} uses {module}, which is not below it{known}");
        if known.is_empty() {
            problems.push(format!(
                "{file} uses crate::{module}, which is not in a lower layer"
            ));
        }
    }
    for (file, module) in &pending {
        if !found.contains(&(file.clone(), module.clone())) {
            problems.push(format!(
                "{file} no longer uses {module}: delete its PENDING entry"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// The reader itself: each way of naming a module is seen, comments and tests are not.
#[test]
fn reader_sees_every_form_of_path() {
    let code = production_code(
        "use crate::{model::{Bucket, Value}, eval};\nuse crate::policy::Verdict;\n\
         fn f() { crate::scan::run(); } // crate::cli\n// crate::report\nuse super::super::finding;\n\
         #[cfg(test)]\nmod tests {\n    use crate::input;\n}\n",
    );
    let own = vec!["exposure".to_string(), "rules".to_string()];
    let got: Vec<String> = referenced_modules(&code, &own).into_iter().collect();
    assert_eq!(got, ["eval", "finding", "model", "policy", "scan"]);
    // `super::` within the same top-level module is not an edge.
    assert!(referenced_modules("use super::Level;", &own).is_empty());
    assert_eq!(module_path(Path::new("src/model/mod.rs")), ["model"]);
}
