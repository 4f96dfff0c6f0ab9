//! `.bucketguard.toml`: found by walking up from the scan root (or given with `--config`). Every
//! key and value is validated; errors name the key, the file, the line and the column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::policy::{Catalog, Policy, Severity};
use crate::safe_io::Tree;
use crate::suppress::{ConfigSuppression, Date};

pub const FILE_NAME: &str = ".bucketguard.toml";

/// The keys of the file, in the order the docs list them.
const KEYS: &[&str] = &[
    "select",
    "ignore",
    "fail-on",
    "severity",
    "exclude",
    "var-files",
    "trusted-accounts",
    "enable",
    "policy-dirs",
    "suppress",
];

/// The keys of a `[[suppress]]` entry.
const SUPPRESS_KEYS: &[&str] = &["address", "policies", "reason", "expires"];

#[derive(Deserialize)]
struct RawSuppress {
    address: Spanned<String>,
    #[serde(default)]
    policies: Vec<Spanned<String>>,
    reason: Spanned<String>,
    expires: Option<Spanned<String>>,
}

/// A value and the 1-based line it is written on.
pub type At<T> = (T, u32);

/// A parsed, validated config file.
#[derive(Clone, Debug, Default)]
pub struct FileConfig {
    pub path: PathBuf,
    /// The path as shown in messages.
    pub display: String,
    pub select: Option<At<Vec<&'static Policy>>>,
    pub ignore: Option<At<Vec<&'static Policy>>>,
    /// `Some(None)`: `fail-on = "never"`.
    pub fail_on: Option<At<Option<Severity>>>,
    pub severity: Vec<(&'static Policy, Severity, u32)>,
    pub exclude: Option<At<Vec<String>>>,
    /// Relative to the config file's directory.
    pub var_files: Option<At<Vec<PathBuf>>>,
    pub trusted_accounts: Option<At<Vec<String>>>,
    pub enable: Option<At<Vec<String>>>,
    /// Custom policy directories, relative to the config file's directory (already loaded into
    /// the catalog the file was checked with: see [`policy_dirs`]).
    pub policy_dirs: Option<At<Vec<PathBuf>>>,
    pub suppress: Vec<ConfigSuppression>,
}

pub fn parse_severity(s: &str) -> Option<Option<Severity>> {
    Some(Some(match s {
        "low" => Severity::Low,
        "medium" => Severity::Medium,
        "high" => Severity::High,
        "critical" => Severity::Critical,
        "never" => return Some(None),
        _ => return None,
    }))
}

/// Find the config file: `dir` and its ancestors.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let dir = dir.canonicalize().ok()?;
    dir.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// A config file [`find`] found is the repository's: a symlink in its place may lead only inside
/// the scanned tree or to its own directory, so no file of the machine is parsed and quoted in
/// error messages.
pub fn check_found(path: &Path, tree: &Tree) -> Result<(), ConfigError> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let real = path.canonicalize().ok();
    let inside = real
        .as_deref()
        .is_some_and(|r| tree.contains(r) || r.parent() == path.parent());
    if !is_link || inside {
        return Ok(());
    }
    Err(ConfigError::Read {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "a symbolic link leading outside the scanned tree: not read",
        ),
    })
}

/// Why a config file cannot be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(code(bucketguard::config::read))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(#[from] Problems),
}

/// Every problem of one config file, in file order: one line each, `FILE:LINE:COL: message`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{}", self.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
#[diagnostic(code(bucketguard::config::invalid))]
pub struct Problems {
    #[source_code]
    pub text: miette::NamedSource<String>,
    #[related]
    pub problems: Vec<Problem>,
}

/// One problem: what is wrong, and where (the TOML parser's span, as line and column).
#[derive(Clone, Debug, thiserror::Error, miette::Diagnostic)]
#[error("{file}{}: {message}", self.at.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct Problem {
    pub file: String,
    /// 1-based line and column; `None` when the parser gives no position.
    pub at: Option<(u32, u32)>,
    pub message: String,
    #[label("{message}")]
    pub span: Option<miette::SourceSpan>,
}

/// Read the config file at `path`; errors show it relative to `root` (the scan root, where the
/// other displayed paths start) when under it. The file is the repository's: the files it names
/// (`var-files`) must be regular files inside `tree`, the scanned tree.
/// `catalog`: the policies keys may name (built-in, and the custom ones of `policy-dirs`).
pub fn load(path: &Path, root: &Path, tree: &Tree, catalog: Catalog) -> Result<FileConfig, ConfigError> {
    let text = crate::safe_io::read_to_string(path).map_err(|e| ConfigError::Read {
        path: path.to_path_buf(),
        source: match e {
            crate::safe_io::ReadError::Io(e) => e,
            e => std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        },
    })?;
    // find() returns canonical paths.
    let shown = root
        .canonicalize()
        .ok()
        .and_then(|root| path.strip_prefix(root).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let mut cfg = parse_in(&text, &shown, Some((path, tree)), catalog)?;
    cfg.path = path.to_path_buf();
    Ok(cfg)
}

/// Parse and validate a config file: every key and value is checked, and every problem reported.
/// The files it names are not checked (see [`load`]).
pub fn parse(text: &str, path: &Path) -> Result<FileConfig, Problems> {
    parse_in(text, path, None, Catalog::default())
}

/// The `policy-dirs` of the config file at `path`, relative to its directory, read before the
/// file is checked: the custom policies they hold are what its other keys may name. A file that
/// does not parse, a value of the wrong type or a directory outside `tree` gives none here
/// ([`load`] reports it): nothing outside the scanned tree is read.
pub fn policy_dirs(path: &Path, tree: &Tree) -> Vec<PathBuf> {
    let base = path.parent().unwrap_or(Path::new("."));
    let text = crate::safe_io::read_to_string(path).unwrap_or_default();
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let dirs = table.get("policy-dirs").and_then(|v| v.as_array());
    dirs.into_iter()
        .flatten()
        .filter_map(|d| d.as_str())
        .map(|d| base.join(d))
        .filter(|d| tree.resolve(d, true).is_ok_and(|r| r.is_dir()))
        .collect()
}

/// [`parse`]; `tree`: the file's real path and the scanned tree its `var-files` must stay in.
fn parse_in(
    text: &str,
    path: &Path,
    tree: Option<(&Path, &Tree)>,
    catalog: Catalog,
) -> Result<FileConfig, Problems> {
    let display = path.display().to_string();
    let mut check = Checker {
        catalog,
        text,
        file: crate::model::SourceFile::new(path.to_path_buf(), display.clone(), text),
        display: &display,
        problems: Vec::new(),
        tree,
    };
    let (root, syntax) = toml::de::DeTable::parse_recoverable(text);
    for e in syntax {
        check.toml_error(None, &e, None);
    }
    let mut cfg = FileConfig {
        path: path.to_path_buf(),
        display: display.clone(),
        ..FileConfig::default()
    };
    // A file that does not parse is not validated further: its table may be incomplete.
    if check.problems.is_empty() {
        for (key, value) in root.get_ref() {
            check.key(&mut cfg, key, value, path);
        }
    }
    check.finish(cfg)
}

type Value<'i> = Spanned<toml::de::DeValue<'i>>;

/// Collects the problems of one file while its keys are validated.
struct Checker<'a> {
    catalog: Catalog<'a>,
    text: &'a str,
    /// The text's line index.
    file: crate::model::SourceFile,
    display: &'a str,
    problems: Vec<(usize, Problem)>,
    /// See [`parse_in`].
    tree: Option<(&'a Path, &'a Tree)>,
}

impl Checker<'_> {
    fn push(&mut self, span: Option<Range<usize>>, message: String) {
        let at = span.as_ref().map(|s| self.line_col(s.start));
        let offset = span.as_ref().map_or(0, |s| s.start);
        self.problems.push((
            offset,
            Problem {
                file: self.display.to_string(),
                at,
                message,
                span: span.map(|s| miette::SourceSpan::from(s.start..s.end.max(s.start))),
            },
        ));
    }

    /// 1-based line and column (UTF-16 code units, as every location the tool reports).
    fn line_col(&self, offset: usize) -> (u32, u32) {
        let lc = self.file.line_col(offset as u32);
        (lc.line, lc.column)
    }

    fn line(&self, span: Range<usize>) -> u32 {
        self.line_col(span.start).0
    }

    /// A parser or type error, prefixed with the key it is about.
    fn toml_error(&mut self, key: Option<&str>, e: &toml::de::Error, fallback: Option<Range<usize>>) {
        let msg = e.message().trim();
        let msg = match key {
            Some(k) => format!("`{k}`: {msg}"),
            None => msg.to_string(),
        };
        self.push(e.span().or(fallback), msg);
    }

    /// `value` as a `T`, or a problem naming `key`.
    fn typed<T: serde::de::DeserializeOwned>(&mut self, key: &str, value: &Value) -> Option<T> {
        let de = toml::de::ValueDeserializer::from(value.clone());
        T::deserialize(de)
            .map_err(|e| self.toml_error(Some(key), &e, Some(value.span())))
            .ok()
    }

    fn key(
        &mut self,
        cfg: &mut FileConfig,
        key: &Spanned<std::borrow::Cow<str>>,
        value: &Value,
        path: &Path,
    ) {
        match key.get_ref().as_ref() {
            "select" => cfg.select = self.policy_list("select", value),
            "ignore" => cfg.ignore = self.policy_list("ignore", value),
            "fail-on" => cfg.fail_on = self.fail_on(value),
            "severity" => cfg.severity = self.severity(value),
            "exclude" => cfg.exclude = self.exclude(value),
            "var-files" => cfg.var_files = self.var_files(value, path),
            "policy-dirs" => cfg.policy_dirs = self.policy_dirs(value, path),
            "trusted-accounts" => cfg.trusted_accounts = self.trusted_accounts(value),
            "enable" => cfg.enable = self.enable(value),
            "suppress" => cfg.suppress = self.suppressions(value),
            other => self.push(Some(key.span()), unknown_field(other, KEYS)),
        }
    }

    fn finish(self, cfg: FileConfig) -> Result<FileConfig, Problems> {
        if self.problems.is_empty() {
            return Ok(cfg);
        }
        let mut problems = self.problems;
        problems.sort_by_key(|(offset, _)| *offset);
        Err(Problems {
            text: miette::NamedSource::new(self.display, self.text.to_string()),
            problems: problems.into_iter().map(|(_, p)| p).collect(),
        })
    }

    /// A list of strings, each checked by `valid` (which reports its own problems).
    fn strings(
        &mut self,
        key: &str,
        value: &Value,
        mut valid: impl FnMut(&mut Self, &Spanned<String>) -> bool,
    ) -> Option<At<Vec<String>>> {
        let list: Spanned<Vec<Spanned<String>>> = self.typed(key, value)?;
        let mut ok = true;
        for s in list.get_ref() {
            ok &= valid(self, s);
        }
        let line = self.line(list.span());
        ok.then(|| {
            (
                list.into_inner().into_iter().map(Spanned::into_inner).collect(),
                line,
            )
        })
    }

    fn policies(&mut self, key: &str, list: &[Spanned<String>]) -> Option<Vec<&'static Policy>> {
        let mut out = Some(Vec::with_capacity(list.len()));
        for k in list {
            match self.catalog.find(k.get_ref().trim()) {
                Some(p) => out.iter_mut().for_each(|o| o.push(p)),
                None => {
                    self.push(
                        Some(k.span()),
                        format!("`{key}`: unknown policy `{}`", k.get_ref()),
                    );
                    out = None;
                }
            }
        }
        out
    }

    fn policy_list(&mut self, key: &str, value: &Value) -> Option<At<Vec<&'static Policy>>> {
        let list: Spanned<Vec<Spanned<String>>> = self.typed(key, value)?;
        let line = self.line(list.span());
        Some((self.policies(key, list.get_ref())?, line))
    }

    fn fail_on(&mut self, value: &Value) -> Option<At<Option<Severity>>> {
        let v: Spanned<String> = self.typed("fail-on", value)?;
        let Some(s) = parse_severity(v.get_ref()) else {
            let msg = format!(
                "`fail-on`: `{}` is not one of low, medium, high, critical, never",
                v.get_ref()
            );
            self.push(Some(v.span()), msg);
            return None;
        };
        Some((s, self.line(v.span())))
    }

    fn severity(&mut self, value: &Value) -> Vec<(&'static Policy, Severity, u32)> {
        let toml::de::DeValue::Table(map) = value.get_ref() else {
            self.typed::<BTreeMap<String, String>>("severity", value);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in map {
            let key = format!("severity.{}", k.get_ref());
            let p = self.catalog.find(k.get_ref());
            if p.is_none() {
                self.push(
                    Some(k.span()),
                    format!("`severity`: unknown policy `{}`", k.get_ref()),
                );
            }
            let Some(v) = self.typed::<Spanned<String>>(&key, v) else {
                continue;
            };
            let s = parse_severity(v.get_ref()).flatten();
            if s.is_none() {
                let msg = format!(
                    "`{key}`: `{}` is not one of low, medium, high, critical",
                    v.get_ref()
                );
                self.push(Some(v.span()), msg);
            }
            if let (Some(p), Some(s)) = (p, s) {
                out.push((p, s, self.line(k.span())));
            }
        }
        out
    }

    fn exclude(&mut self, value: &Value) -> Option<At<Vec<String>>> {
        self.strings("exclude", value, |c, g| match globset::Glob::new(g.get_ref()) {
            Ok(_) => true,
            Err(e) => {
                c.push(
                    Some(g.span()),
                    format!("`exclude`: invalid glob `{}`: {e}", g.get_ref()),
                );
                false
            }
        })
    }

    fn var_files(&mut self, value: &Value, path: &Path) -> Option<At<Vec<PathBuf>>> {
        let base = path.parent().unwrap_or(Path::new("."));
        let (files, line) = self.strings("var-files", value, |c, f| c.var_file_inside(f))?;
        Some((files.iter().map(|f| base.join(f)).collect(), line))
    }

    fn policy_dirs(&mut self, value: &Value, path: &Path) -> Option<At<Vec<PathBuf>>> {
        let base = path.parent().unwrap_or(Path::new("."));
        let (dirs, line) = self.strings("policy-dirs", value, |c, d| c.policy_dir_inside(d))?;
        Some((dirs.iter().map(|d| base.join(d)).collect(), line))
    }

    /// A policy directory the repository's config names must be a directory inside the scanned
    /// tree: its policies run on the scan.
    fn policy_dir_inside(&mut self, d: &Spanned<String>) -> bool {
        let Some((real, tree)) = self.tree else {
            return true;
        };
        let full = real.parent().unwrap_or(Path::new(".")).join(d.get_ref());
        let why = match tree.resolve(&full, true) {
            Err(_) => "is outside the scanned tree (the working directory and the paths scanned)",
            Ok(p) if !p.is_dir() => "is not a directory",
            Ok(_) => return true,
        };
        self.push(Some(d.span()), format!("`policy-dirs`: `{}` {why}", d.get_ref()));
        false
    }

    /// A var file the repository's config names is read only when it is a regular file inside
    /// the scanned tree (symlinks followed): its values reach reports that leave the machine.
    fn var_file_inside(&mut self, f: &Spanned<String>) -> bool {
        let Some((real, tree)) = self.tree else {
            return true;
        };
        let full = real.parent().unwrap_or(Path::new(".")).join(f.get_ref());
        let why = match tree.resolve(&full, true) {
            Err(_) => "is outside the scanned tree (the working directory and the paths scanned)".to_string(),
            Ok(p) => match std::fs::metadata(&p) {
                Ok(m) if !m.is_file() => format!("is {}, not a regular file", crate::safe_io::kind(&m)),
                _ => return true,
            },
        };
        self.push(
            Some(f.span()),
            format!("`var-files`: `{}` {why}: not read", f.get_ref()),
        );
        false
    }

    fn trusted_accounts(&mut self, value: &Value) -> Option<At<Vec<String>>> {
        self.strings("trusted-accounts", value, |c, a| {
            let s = a.get_ref();
            let ok = s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit());
            if !ok {
                c.push(
                    Some(a.span()),
                    format!("`trusted-accounts`: `{s}` is not a 12-digit AWS account id"),
                );
            }
            ok
        })
    }

    fn enable(&mut self, value: &Value) -> Option<At<Vec<String>>> {
        self.strings("enable", value, |c, g| {
            let key = g.get_ref().trim();
            let ok = c.catalog.enabled(key).is_some();
            if !ok {
                c.push(
                    Some(g.span()),
                    format!("`enable`: unknown policy or group `{key}` (see `bucketguard rules`)"),
                );
            }
            ok
        })
    }

    /// `[[suppress]]` entries; an entry with a problem is left out (the file is refused anyway).
    fn suppressions(&mut self, value: &Value) -> Vec<ConfigSuppression> {
        let toml::de::DeValue::Array(entries) = value.get_ref() else {
            self.typed::<Vec<RawSuppress>>("suppress", value);
            return Vec::new();
        };
        entries.into_iter().filter_map(|e| self.suppression(e)).collect()
    }

    fn suppression(&mut self, entry: &Value) -> Option<ConfigSuppression> {
        if let toml::de::DeValue::Table(t) = entry.get_ref() {
            for k in t
                .keys()
                .filter(|k| !SUPPRESS_KEYS.contains(&k.get_ref().as_ref()))
            {
                self.push(Some(k.span()), unknown_field(k.get_ref(), SUPPRESS_KEYS));
            }
        }
        let r: RawSuppress = self.typed("suppress", entry)?;
        let before = self.problems.len();
        if r.address.get_ref().trim().is_empty() {
            self.push(Some(r.address.span()), "`suppress.address`: empty pattern".into());
        }
        if r.reason.get_ref().trim().is_empty() {
            self.push(
                Some(r.reason.span()),
                "`suppress.reason`: a reason is required".into(),
            );
        }
        let expires = r.expires.as_ref().and_then(|e| {
            let d = Date::parse(e.get_ref());
            if d.is_none() {
                let msg = format!("`suppress.expires`: `{}` is not a date (YYYY-MM-DD)", e.get_ref());
                self.push(Some(e.span()), msg);
            }
            d
        });
        let policies = self.policies("suppress.policies", &r.policies);
        (self.problems.len() == before).then(|| ConfigSuppression {
            address: r.address.get_ref().clone(),
            policies: policies.unwrap_or_default(),
            reason: r.reason.get_ref().trim().to_string(),
            expires,
            file: self.display.to_string(),
            line: self.line(entry.span()),
        })
    }
}

/// serde's wording for a key the file does not know.
fn unknown_field(key: &str, expected: &[&str]) -> String {
    let list: Vec<String> = expected.iter().map(|k| format!("`{k}`")).collect();
    format!("unknown field `{key}`, expected one of {}", list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<FileConfig, String> {
        parse(text, Path::new("cfg/.bucketguard.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn full_file() {
        let c = p(r#"
select = ["BG103", "acl-public-write"]
ignore = ["BG401"]
fail-on = "medium"
exclude = ["vendor/**"]
var-files = ["prod.tfvars"]
trusted-accounts = ["123456789012"]
enable = ["account-monitoring", "BG403"]

[severity]
BG103 = "critical"

[[suppress]]
address = "module.web.*"
policies = ["BG103"]
reason = "public website"
expires = "2027-03-31"
"#)
        .unwrap();
        assert_eq!(c.select.as_ref().unwrap().0.len(), 2);
        assert_eq!(c.select.as_ref().unwrap().1, 2);
        assert_eq!(c.fail_on, Some((Some(Severity::Medium), 4)));
        assert_eq!(c.severity[0].1, Severity::Critical);
        assert_eq!(c.var_files.unwrap().0, vec![PathBuf::from("cfg/prod.tfvars")]);
        assert_eq!(c.suppress[0].expires, Date::parse("2027-03-31"));
        assert_eq!(c.suppress[0].line, 13);
    }

    #[test]
    fn typo_names_key_file_line_column() {
        let e = p("select = [\"BG103\"]\nfail_on = \"high\"\n").unwrap_err();
        assert!(e.starts_with("cfg/.bucketguard.toml:2:1: "), "{e}");
        assert!(e.contains("fail_on"), "{e}");
        let e = p("[[suppress]]\naddress = \"x\"\nreason = \"r\"\nexpiry = \"2027-01-01\"\n").unwrap_err();
        assert!(
            e.starts_with("cfg/.bucketguard.toml:4:1: ") && e.contains("expiry"),
            "{e}"
        );
    }

    #[test]
    fn invalid_values() {
        let e = p("select = [\"BG103\", \"BG999\"]").unwrap_err();
        assert!(
            e.starts_with("cfg/.bucketguard.toml:1:20: ") && e.contains("BG999"),
            "{e}"
        );
        let e = p("fail-on = \"severe\"").unwrap_err();
        assert!(e.contains(":1:11: `fail-on`"), "{e}");
        let e = p("[severity]\nBG103 = \"huge\"").unwrap_err();
        assert!(e.contains(":2:9: `severity.BG103`"), "{e}");
        let e = p("trusted-accounts = [\"12345\"]").unwrap_err();
        assert!(e.contains("trusted-accounts"), "{e}");
        let e = p("[[suppress]]\naddress = \"x\"\nreason = \" \"").unwrap_err();
        assert!(e.contains(":3:10: `suppress.reason`"), "{e}");
        let e = p("[[suppress]]\naddress = \"x\"\nreason = \"r\"\nexpires = \"2027-02-30\"").unwrap_err();
        assert!(e.contains(":4:11: `suppress.expires`"), "{e}");
        let e = p("exclude = [\"a/[\"]").unwrap_err();
        assert!(e.contains("`exclude`"), "{e}");
        let e = p("select = \"BG103\"").unwrap_err();
        assert!(e.contains(":1:10: `select`: invalid type"), "{e}");
        let e = p("enable = [\"BG403\", \"cross-account\"]").unwrap_err();
        assert!(
            e.contains(":1:20: `enable`: unknown policy or group `cross-account`"),
            "{e}"
        );
        let e = p("[severity]\nBG103 = 5").unwrap_err();
        assert!(e.contains(":2:9: `severity.BG103`: invalid type"), "{e}");
        let e = p("[[suppress]]\naddress = \"x\"\n").unwrap_err();
        assert!(e.contains(":1:1: `suppress`: missing field `reason`"), "{e}");
        let e = p("select = [\"BG103\"\n").unwrap_err();
        assert!(e.starts_with("cfg/.bucketguard.toml:1:"), "{e}");
    }

    // One run shows every mistake of the file, each at its own line and column, in file order.
    #[test]
    fn every_problem_at_once() {
        let e = parse(
            "fail-on = \"severe\"\nselect = [\"BG999\", \"BG103\", \"nope\"]\ncolour = 1\n\
                 [severity]\nBG103 = \"huge\"\nBG998 = \"low\"\n\
             [[suppress]]\naddress = \"\"\nreason = \"r\"\nexpiry = \"x\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        let lines: Vec<String> = e.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "c.toml:1:11: `fail-on`: `severe` is not one of low, medium, high, critical, never",
                "c.toml:2:11: `select`: unknown policy `BG999`",
                "c.toml:2:29: `select`: unknown policy `nope`",
                "c.toml:3:1: unknown field `colour`, expected one of `select`, `ignore`, `fail-on`, \
                 `severity`, `exclude`, `var-files`, `trusted-accounts`, `enable`, `policy-dirs`, `suppress`",
                "c.toml:5:9: `severity.BG103`: `huge` is not one of low, medium, high, critical",
                "c.toml:6:1: `severity`: unknown policy `BG998`",
                "c.toml:8:11: `suppress.address`: empty pattern",
                "c.toml:10:1: unknown field `expiry`, expected one of `address`, `policies`, `reason`, `expires`",
            ]
        );
        assert_eq!(e.to_string(), lines.join("\n"));
        // Each problem is labelled in the file's text, for miette's rendering.
        let first = e.problems[0].span.unwrap();
        assert_eq!((first.offset(), first.len()), (10, 8));
        // Columns count characters (UTF-16 code units), not bytes.
        let e = parse("select = [\"é\", \"BG999\"]", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.problems[1].at, Some((1, 16)), "{e}");
    }
}
