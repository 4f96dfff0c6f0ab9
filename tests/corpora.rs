//! Real-world precision on public S3 modules nobody here wrote (`../shared/corpora`, see its
//! README). Each corpus is copied to a temporary directory; registry modules the examples call
//! (`cloudposse/label/null`) are laid out under `.terraform/modules` the way `terraform init`
//! does. The corpora exist only on the development machine: `#[ignore]`d, run by `.ci/run` when
//! they are there, and a failure when run without them (`BUCKETGUARD_CORPORA`, else
//! `$BUCKETGUARD_SHARED/corpora`, else the repository's `../shared/corpora`).
//!
//! Run with `--nocapture` to see the figures: buckets, unknown verdicts, undecided checks,
//! unlinked resources and errors per corpus.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

mod support;

fn corpora() -> PathBuf {
    let dir = std::env::var_os("BUCKETGUARD_CORPORA")
        .map_or_else(|| support::shared().join("corpora"), PathBuf::from);
    assert!(
        dir.join("README.md").is_file(),
        "{} holds no corpora: set BUCKETGUARD_SHARED (or BUCKETGUARD_CORPORA) to run this test",
        dir.display()
    );
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let ty = e.file_type().unwrap();
        if ty.is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else if ty.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// The module calls in a directory's `.tf` files: (name, source), read line by line (enough for
/// the corpora, which write `source` on its own line).
fn module_calls(dir: &Path) -> Vec<(String, String)> {
    let mut calls = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tf"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("module \"") {
                current = rest.split('"').next().map(str::to_owned);
            } else if let (Some(name), Some(rest)) = (&current, t.strip_prefix("source")) {
                let src = rest.trim_start().trim_start_matches('=').trim();
                calls.push((name.clone(), src.trim_matches('"').to_owned()));
                current = None;
            }
        }
    }
    calls
}

/// Lay out `.terraform/modules` under `root` for every `cloudposse/label/null` call reachable
/// from it, with the key `terraform init` gives it (`a.b` for b called inside a).
fn install_registry_modules(root: &Path, label: &Path) {
    fn walk(dir: &Path, prefix: &str, root: &Path, label: &Path, out: &mut Vec<(String, String, String)>) {
        for (name, src) in module_calls(dir) {
            let key = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}.{name}")
            };
            if src.starts_with("./") || src.starts_with("../") {
                let child = dir.join(&src);
                if child.is_dir() && key.matches('.').count() < 8 {
                    walk(&child, &key, root, label, out);
                }
            } else if src == "cloudposse/label/null" {
                let rel = format!(".terraform/modules/{key}");
                copy_tree(label, &root.join(&rel));
                out.push((key, format!("registry.terraform.io/{src}"), rel));
            }
        }
    }
    let mut entries = Vec::new();
    walk(root, "", root, label, &mut entries);
    if entries.is_empty() {
        return;
    }
    let modules: Vec<_> = entries
        .iter()
        .map(|(k, s, d)| serde_json::json!({"Key": k, "Source": s, "Dir": d}))
        .collect();
    let manifest = serde_json::json!({"Modules": modules});
    std::fs::write(
        root.join(".terraform/modules/modules.json"),
        serde_json::to_string_pretty(&manifest).unwrap(),
    )
    .unwrap();
}

#[derive(Default, Debug)]
struct Figures {
    buckets: usize,
    unknown: usize,
    undecided: usize,
    unlinked: usize,
    errors: usize,
}

fn scan(dir: &Path) -> (serde_json::Value, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_bucketguard"))
        .args(["scan", ".", "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}", dir.display(), String::from_utf8_lossy(&out.stderr)));
    (json, out.status.code().unwrap_or(-1))
}

fn figures(report: &serde_json::Value) -> Figures {
    let len = |k: &str| report[k].as_array().map_or(0, Vec::len);
    let buckets = report["buckets"].as_array().unwrap();
    Figures {
        buckets: buckets.len(),
        unknown: buckets
            .iter()
            .filter(|b| b["exposure"]["verdict"] == "unknown")
            .count(),
        undecided: len("undecided"),
        unlinked: len("unlinked"),
        errors: len("errors"),
    }
}

/// Every corpus scanned, with its report.
fn scan_corpora(corpora: &Path) -> BTreeMap<String, serde_json::Value> {
    let tmp = tempfile::tempdir().unwrap();
    let label = corpora.join("cloudposse+terraform-null-label");
    let mut reports = BTreeMap::new();
    let mut names: Vec<_> = std::fs::read_dir(corpora)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let work = tmp.path().join(&name);
        copy_tree(&corpora.join(&name), &work);
        for example in std::fs::read_dir(work.join("examples")).into_iter().flatten() {
            let example = example.unwrap().path();
            if example.is_dir() {
                install_registry_modules(&example, &label);
            }
        }
        let (report, code) = scan(&work);
        assert!(
            code == 0 || code == 1,
            "{name}: exit {code} (2 means input errors)"
        );
        reports.insert(name, report);
    }
    reports
}

#[test]
#[ignore = "needs ../shared/corpora (this machine only): run by .ci/run when present"]
fn public_modules_are_decided() {
    let reports = scan_corpora(&corpora());
    let mut total = Figures::default();
    for (name, report) in &reports {
        let f = figures(report);
        eprintln!("{name}: {f:?}");
        for e in report["errors"].as_array().unwrap() {
            eprintln!("  error: {e}");
        }
        for u in report["unlinked"].as_array().unwrap() {
            eprintln!("  unlinked: {} ({})", u["address"], u["reason"]);
        }
        for b in report["buckets"].as_array().unwrap() {
            if b["exposure"]["verdict"] == "unknown" {
                let why = &b["exposure"]["reasons"][0]["message"];
                eprintln!("  unknown: {} ({why})", b["address"]);
            }
        }
        total.buckets += f.buckets;
        total.unknown += f.unknown;
        total.undecided += f.undecided;
        total.unlinked += f.unlinked;
        total.errors += f.errors;
    }
    eprintln!("all corpora: {total:?}");
    assert_eq!(total.errors, 0, "parse or input errors on valid Terraform");
    // No upstream example here is broken: every configuration resource reaches its bucket.
    assert_eq!(total.unlinked, 0, "resources linked to no bucket");
    assert!(
        total.unknown * 10 <= total.buckets,
        "{} of {} buckets have an unknown verdict (at most 10% allowed)",
        total.unknown,
        total.buckets
    );
}
