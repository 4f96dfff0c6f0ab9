//! Pull-request mode (`--diff-base REF`): keep only findings on buckets whose configuration the
//! working tree changes relative to REF, per `git diff`.
//!
//! A bucket counts as touched when a changed line falls in its block or in the block of any
//! resource linked to it. Conservatively, a changed line outside every linked resource block of a
//! `.tf`/`.tf.json` file (variables, locals, data sources, module calls) touches every bucket
//! configured in that directory and in the module calls it changes; a changed `.tfvars` file
//! touches every bucket; a changed plan file touches every bucket of that plan. Untracked files
//! count as entirely changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::blocks::{Anchor, BucketKey, Headers, anchors, in_module, module_blocks_in};
use crate::model::{Bucket, FileId, Model, SourceFile, Sources};

/// Changed line ranges (1-based, inclusive) of each changed file, by canonical path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub files: BTreeMap<PathBuf, Vec<(u32, u32)>>,
}

const WHOLE: (u32, u32) = (1, u32::MAX);

/// Why the changes could not be listed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DiffError {
    #[error("cannot run git: {0}")]
    Spawn(#[source] std::io::Error),
    /// `args`: the git command's arguments; `stderr`: what it said.
    #[error("git {args} failed: {stderr}")]
    Failed { args: String, stderr: String },
}

/// Settings that keep the repository's own `.git/config` (and attributes) from running programs:
/// no fsmonitor, no hooks (`post-index-change` runs when `git diff` refreshes the index), no
/// external diff. Clean filters are turned off by name ([`no_filters`]).
const SAFE_CONFIG: &[&str] = &[
    "-c",
    "core.fsmonitor=",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "diff.external=",
];

/// git, found on PATH before anything runs: absolute entries only, so a `git` the repository
/// committed under a relative entry (`.`) is never what runs.
fn git_program() -> Result<PathBuf, DiffError> {
    crate::safe_io::find_program("git", std::env::var_os("PATH").as_deref()).ok_or_else(|| {
        DiffError::Spawn(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "git not found on PATH (relative entries are ignored)",
        ))
    })
}

/// `git -C dir` with [`SAFE_CONFIG`] and `extra` settings, running `args`.
fn git_with(git: &Path, dir: &Path, extra: &[String], args: &[&str]) -> Result<String, DiffError> {
    let out = Command::new(git)
        .arg("-C")
        .arg(dir)
        .args(SAFE_CONFIG)
        .args(extra)
        .args(args)
        .output()
        .map_err(DiffError::Spawn)?;
    if !out.status.success() {
        return Err(DiffError::Failed {
            args: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `-c filter.NAME.clean= -c filter.NAME.smudge= -c filter.NAME.process=` for every filter
/// driver the configuration defines: a diff against the working tree would run its clean
/// command. Reading the configuration runs nothing.
fn no_filters(git: &Path, dir: &Path) -> Vec<String> {
    let listed = git_with(git, dir, &[], &["config", "-z", "--get-regexp", r"^filter\."]).unwrap_or_default();
    let mut names: Vec<&str> = listed
        .split('\0')
        .filter_map(|entry| {
            let key = entry.split('\n').next()?.strip_prefix("filter.")?;
            Some(&key[..key.rfind('.')?])
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .iter()
        .flat_map(|n| ["clean", "smudge", "process"].map(|v| ["-c".to_string(), format!("filter.{n}.{v}=")]))
        .flatten()
        .collect()
}

/// Parse `git diff -U0` output: `+++ b/PATH` headers and `@@ -a,b +c,d @@` hunks.
pub fn parse_diff(top: &Path, diff: &str) -> Changes {
    let mut changes = Changes::default();
    let mut current: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(p) = line.strip_prefix("+++ ") {
            current = p.strip_prefix("b/").map(|p| top.join(p));
            if let Some(c) = &current {
                changes.files.entry(c.clone()).or_default();
            }
        } else if let (Some(h), Some(file)) = (line.strip_prefix("@@ "), &current) {
            let new = h
                .split_whitespace()
                .find_map(|t| t.strip_prefix('+'))
                .unwrap_or("");
            let (start, count) = match new.split_once(',') {
                Some((s, c)) => (s.parse().unwrap_or(0), c.parse().unwrap_or(1)),
                None => (new.parse().unwrap_or(0), 1u32),
            };
            // A pure deletion (`+c,0`) sits between lines c and c+1.
            let range = if count == 0 {
                (start.max(1), start + 1)
            } else {
                (start, start + count - 1)
            };
            changes.files.entry(file.clone()).or_default().push(range);
        }
    }
    changes
}

/// Run git in the repository containing `dir` and collect the changes relative to `base`.
pub fn changes(dir: &Path, base: &str) -> Result<Changes, DiffError> {
    let git = git_program()?;
    let top = PathBuf::from(git_with(&git, dir, &[], &["rev-parse", "--show-toplevel"])?.trim());
    let safe = no_filters(&git, &top);
    let diff = git_with(
        &git,
        &top,
        &safe,
        &[
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "-U0",
            base,
            "--",
        ],
    )?;
    let mut changes = parse_diff(&top, &diff);
    for f in git_with(&git, &top, &safe, &["ls-files", "--others", "--exclude-standard"])?.lines() {
        changes.files.insert(top.join(f), vec![WHOLE]);
    }
    // Canonical paths, so they compare with the scanned files however those were named.
    changes.files = changes
        .files
        .into_iter()
        .map(|(p, r)| (p.canonicalize().unwrap_or(p), r))
        .collect();
    Ok(changes)
}

/// The buckets whose configuration the changes touch.
pub fn touched(
    changes: &Changes,
    model: &Model,
    sources: &Sources,
    headers: &Headers,
) -> BTreeSet<BucketKey> {
    let anchors = anchors(model, sources, headers, |_| true);
    let mut touched = BTreeSet::new();
    let all = |keep: &dyn Fn(&Bucket) -> bool| -> Vec<BucketKey> {
        model
            .buckets
            .iter()
            .filter(|b| keep(b))
            .map(|b| (b.root.clone(), b.address.clone()))
            .collect()
    };
    for (id, file) in sources.iter() {
        let Some(ranges) = changes
            .files
            .get(&file.path.canonicalize().unwrap_or_else(|_| file.path.clone()))
        else {
            continue;
        };
        let name = file.display.as_str();
        if name.ends_with(".tfvars") || name.ends_with(".tfvars.json") {
            touched.extend(all(&|_| true));
        } else if !crate::input::discover::is_config_file(name) {
            // A plan: every bucket it holds.
            touched.extend(all(&|b| b.root == file.display));
        } else {
            let blocks: Vec<_> = anchors.iter().filter(|a| a.file == id).collect();
            for &range in ranges {
                if !touch_blocks(file, &blocks, range, &mut touched) {
                    touch_directory(sources, &anchors, id, &mut touched);
                    let calls = module_calls_beside(sources, id);
                    touched.extend(all(&|b| calls.iter().any(|c| in_module(&b.address, c))));
                }
            }
        }
    }
    touched
}

/// The buckets of the blocks a changed line range falls in; whether it fell in any.
fn touch_blocks(
    file: &SourceFile,
    blocks: &[&Anchor],
    (lo, hi): (u32, u32),
    touched: &mut BTreeSet<BucketKey>,
) -> bool {
    let lines_of = |s: usize, e: usize| {
        (
            file.line_col(s as u32).line,
            file.line_col(e.saturating_sub(1).max(s) as u32).line,
        )
    };
    let mut inside = false;
    for a in blocks {
        let (s, e) = lines_of(a.start, a.end);
        if lo <= e && s <= hi {
            inside = true;
            touched.insert(a.bucket.clone());
        }
    }
    inside
}

/// A change outside every bucket-linked block (a variable, a local, a policy document, a module
/// call): everything configured in the file's directory may depend on it.
fn touch_directory(sources: &Sources, anchors: &[Anchor], file: FileId, touched: &mut BTreeSet<BucketKey>) {
    for a in anchors.iter().filter(|a| same_dir(sources, a.file, file)) {
        touched.insert(a.bucket.clone());
    }
}

/// The module calls of the `.tf` files in `file`'s directory: a change there may reach every
/// bucket they configure.
fn module_calls_beside(sources: &Sources, file: FileId) -> BTreeSet<String> {
    let mut calls = BTreeSet::new();
    for (_, src) in sources.iter().filter(|(f, _)| same_dir(sources, *f, file)) {
        if src.display.ends_with(".tf") {
            calls.extend(module_blocks_in(&src.text).into_iter().map(|(name, _)| name));
        }
    }
    calls
}

fn same_dir(sources: &Sources, a: FileId, b: FileId) -> bool {
    let dir = |f: FileId| sources.get(f).path.parent().unwrap_or(Path::new(""));
    dir(a) == dir(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks() {
        let d = "diff --git a/x.tf b/x.tf\n--- a/x.tf\n+++ b/x.tf\n@@ -3 +3 @@\n-a\n+b\n@@ -10,2 +10,0 @@\n\
                 @@ -20,0 +21,3 @@\n+++ /dev/null\n";
        let c = parse_diff(Path::new("/r"), d);
        assert_eq!(c.files[Path::new("/r/x.tf")], vec![(3, 3), (10, 11), (21, 23)]);
        assert_eq!(c.files.len(), 1);
    }
}
