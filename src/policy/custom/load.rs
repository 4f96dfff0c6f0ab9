//! Loading custom policies: `.rego` files from the policy directories, checked for syntax,
//! metadata and ids, and made into [`Policy`] entries.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::run::Modules;
use super::{LIB, Rego, metadata};
use crate::policy::{self, Policy};

/// How bucketguard's own modules (the helper library, the shipped packs) are named: no path a
/// user's file could have.
pub const SHIPPED: &str = "bucketguard:";

/// One problem of a policy file, shown `FILE:LINE:COL: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

/// Every problem of the policy files, in file order (exit status 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{}", self.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
#[diagnostic(code(bucketguard::policy::invalid))]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl LoadError {
    fn one(file: &str, line: usize, message: String) -> LoadError {
        LoadError {
            problems: vec![Problem {
                file: file.to_string(),
                line,
                column: 1,
                message,
            }],
        }
    }
}

/// The `.rego` files under each directory (recursively, by path), as (shown path, text); OPA
/// test files (`*_test.rego`) only when `tests`.
pub fn read_dirs(dirs: &[PathBuf], tests: bool) -> Result<Vec<(String, String)>, LoadError> {
    let mut files = Vec::new();
    for dir in dirs {
        let shown = dir.display().to_string();
        if !dir.is_dir() {
            return Err(LoadError::one(&shown, 1, "not a directory of policies".into()));
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| LoadError::one(&shown, 1, e.to_string()))?;
            let name = entry.file_name().to_string_lossy();
            let is_test = name.ends_with("_test.rego");
            if !entry.file_type().is_file() || !name.ends_with(".rego") || (is_test && !tests) {
                continue;
            }
            files.push(read(entry.path())?);
        }
    }
    Ok(files)
}

fn read(path: &Path) -> Result<(String, String), LoadError> {
    let shown = path.display().to_string();
    let text = crate::safe_io::read_to_string(path).map_err(|e| LoadError::one(&shown, 1, e.to_string()))?;
    Ok((shown, text))
}

/// A policy file's metadata, package, file and whether it declares `undecided`.
type Found = (policy::PolicyMeta, String, String, bool);

/// The policies of `files` (and of nothing else: the helper library is added here). Every
/// file is checked; all problems are returned at once.
pub fn load(files: Vec<(String, String)>) -> Result<Vec<&'static Policy>, LoadError> {
    let (found, modules) = checked(files)?;
    Ok(found
        .into_iter()
        .map(|(meta, package, file, has_undecided)| {
            let rego = Rego {
                package,
                file,
                has_undecided,
                modules: modules.clone(),
            };
            &*Box::leak(Box::new(Policy::custom(meta, rego)))
        })
        .collect())
}

/// What `load` checks, and every module of `files` with the helper library (`test-policies`
/// evaluates its tests on them).
pub(super) fn checked(files: Vec<(String, String)>) -> Result<(Vec<Found>, Arc<Modules>), LoadError> {
    // One engine takes every module in turn (as each thread's will): each file is parsed once
    // here, and a file that does not parse is reported without stopping the others.
    let mut engine = regorus::Engine::new();
    engine
        .add_policy(LIB.0.into(), LIB.1.into())
        .map_err(|e| LoadError {
            problems: vec![regorus_problem(LIB.0, &e.to_string())],
        })?;
    let mut problems = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    for (file, text) in &files {
        match declared(&mut engine, file, text) {
            Ok(Some(p)) => found.push(p),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    problems.extend(clashes(&found, &files));
    if !problems.is_empty() {
        return Err(LoadError { problems });
    }
    let mut all = vec![(LIB.0.to_string(), LIB.1.to_string())];
    all.extend(files);
    Ok((found, Arc::new(Modules::new(all))))
}

/// A file's policy (metadata, package, file, declares `undecided`), added to `engine`, or None
/// for a module that declares no `deny` (a library other policies import).
fn declared(engine: &mut regorus::Engine, file: &str, text: &str) -> Result<Option<Found>, Problem> {
    let package = engine
        .add_policy(file.to_string(), text.to_string())
        .map_err(|e| regorus_problem(file, &e.to_string()))?;
    let at_package = || line_of(text, "package ");
    let Some(name) = package.strip_prefix("data.bucketguard.").filter(|n| *n != "lib") else {
        return Err(problem(
            file,
            at_package(),
            format!(
                "package {}: a custom policy's package is under `bucketguard.` (and is not `bucketguard.lib`)",
                package.trim_start_matches("data.")
            ),
        ));
    };
    let declares = |rule: &str| engine.has_declared_rule_rooted_at(file, rule).unwrap_or(false);
    if !declares("deny") {
        return Ok(None);
    }
    let meta = metadata::parse(
        text,
        name.rsplit('.').next().unwrap_or(name),
        file.starts_with(SHIPPED),
    )
    .map_err(|(message, line, column)| Problem {
        file: file.to_string(),
        line,
        column,
        message,
    })?;
    Ok(Some((
        meta,
        package.clone(),
        file.to_string(),
        declares("undecided"),
    )))
}

/// Ids that are not unique, or that name a built-in policy.
fn clashes(found: &[Found], files: &[(String, String)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, (meta, _, file, _)) in found.iter().enumerate() {
        let text = files
            .iter()
            .find(|(f, _)| f == file)
            .map_or("", |(_, t)| t.as_str());
        let at = line_of(text, "id:");
        if let Some(builtin) = policy::builtin(&meta.id).or_else(|| policy::builtin(&meta.slug)) {
            problems.push(problem(
                file,
                at,
                format!(
                    "{} ({}) names the built-in policy {} ({}): choose another id and slug",
                    meta.id, meta.slug, builtin.meta.id, builtin.meta.slug
                ),
            ));
        }
        let same = |m: &policy::PolicyMeta| {
            m.id.eq_ignore_ascii_case(&meta.id) || m.slug.eq_ignore_ascii_case(&meta.slug)
        };
        if let Some((_, _, first, _)) = found[..i].iter().find(|(m, ..)| same(m)) {
            problems.push(problem(
                file,
                at,
                format!(
                    "{} ({}): the id or slug is already used by {first}",
                    meta.id, meta.slug
                ),
            ));
        }
    }
    problems
}

fn problem(file: &str, line: usize, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column: 1,
        message,
    }
}

/// regorus errors read `--> FILE:LINE:COL`, the source line, then `error: MESSAGE`.
pub(super) fn regorus_problem(file: &str, error: &str) -> Problem {
    let place = error
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .and_then(|p| {
            let mut parts = p.rsplitn(3, ':');
            let column = parts.next()?.trim().parse().ok()?;
            let line = parts.next()?.trim().parse().ok()?;
            Some((parts.next()?.to_string(), line, column))
        });
    let message = error
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or(error.trim())
        .to_string();
    let (file, line, column) = place.unwrap_or((file.to_string(), 1, 1));
    Problem {
        file,
        line,
        column,
        message,
    }
}

/// The 1-based line of the first line that starts with `prefix` (after blanks); 1 if none.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .trim_start_matches('#')
                .trim_start()
                .starts_with(prefix)
        })
        .map_or(1, |i| i + 1)
}
