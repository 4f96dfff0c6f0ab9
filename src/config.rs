//! `.bucketguard.toml`: found by walking up from the scan root (or given with `--config`). Every
//! key and value is validated; errors name the key, the file, the line and the column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::policy::{self, Policy, Severity};
use crate::suppress::{ConfigSuppression, Date};

pub const FILE_NAME: &str = ".bucketguard.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    select: Option<Spanned<Vec<Spanned<String>>>>,
    ignore: Option<Spanned<Vec<Spanned<String>>>>,
    fail_on: Option<Spanned<String>>,
    severity: Option<Spanned<BTreeMap<Spanned<String>, Spanned<String>>>>,
    exclude: Option<Spanned<Vec<Spanned<String>>>>,
    var_files: Option<Spanned<Vec<Spanned<String>>>>,
    trusted_accounts: Option<Spanned<Vec<Spanned<String>>>>,
    enable: Option<Spanned<Vec<Spanned<String>>>>,
    suppress: Option<Vec<Spanned<RawSuppress>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub suppress: Vec<ConfigSuppression>,
}

fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = text.get(..at.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
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

pub fn load(path: &Path) -> Result<FileConfig, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // Shown relative to the current directory when under it (find() returns canonical paths).
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let mut cfg = parse(&text, &shown)?;
    cfg.path = path.to_path_buf();
    Ok(cfg)
}

pub fn parse(text: &str, path: &Path) -> Result<FileConfig, String> {
    let display = path.display().to_string();
    let err = |span: Range<usize>, msg: String| {
        let (line, col) = line_col(text, span.start);
        format!("{display}:{line}:{col}: {msg}")
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let msg = e.message().trim().to_string();
        match e.span() {
            Some(span) => {
                // Type errors do not name the key: take it from the `key = value` the span is in.
                let line_start = text
                    .get(..span.start.min(text.len()))
                    .and_then(|t| t.rfind('\n'))
                    .map_or(0, |i| i + 1);
                let key = text[line_start..]
                    .split_once('=')
                    .map(|(k, _)| k.trim().trim_matches('"'))
                    .filter(|k| {
                        !k.is_empty() && !k.contains(['\n', '[']) && !msg.contains(&format!("`{k}`"))
                    });
                match key {
                    Some(k) if span.start > line_start => err(span, format!("`{k}`: {msg}")),
                    _ => err(span, msg),
                }
            }
            None => format!("{display}: {msg}"),
        }
    })?;
    let line = |span: Range<usize>| line_col(text, span.start).0;
    let policies = |key: &str, list: &[Spanned<String>]| -> Result<Vec<&'static Policy>, String> {
        list.iter()
            .map(|k| {
                policy::find(k.get_ref().trim())
                    .ok_or_else(|| err(k.span(), format!("`{key}`: unknown policy `{}`", k.get_ref())))
            })
            .collect()
    };
    let strings = |v: &Spanned<Vec<Spanned<String>>>| -> Vec<String> {
        v.get_ref().iter().map(|s| s.get_ref().clone()).collect()
    };
    let mut cfg = FileConfig {
        path: path.to_path_buf(),
        display: display.clone(),
        ..FileConfig::default()
    };
    if let Some(v) = &raw.select {
        cfg.select = Some((policies("select", v.get_ref())?, line(v.span())));
    }
    if let Some(v) = &raw.ignore {
        cfg.ignore = Some((policies("ignore", v.get_ref())?, line(v.span())));
    }
    if let Some(v) = &raw.fail_on {
        let s = parse_severity(v.get_ref()).ok_or_else(|| {
            err(
                v.span(),
                format!(
                    "`fail-on`: `{}` is not one of low, medium, high, critical, never",
                    v.get_ref()
                ),
            )
        })?;
        cfg.fail_on = Some((s, line(v.span())));
    }
    if let Some(map) = &raw.severity {
        for (k, v) in map.get_ref() {
            let p = policy::find(k.get_ref())
                .ok_or_else(|| err(k.span(), format!("`severity`: unknown policy `{}`", k.get_ref())))?;
            let s = parse_severity(v.get_ref()).flatten().ok_or_else(|| {
                err(
                    v.span(),
                    format!(
                        "`severity.{}`: `{}` is not one of low, medium, high, critical",
                        k.get_ref(),
                        v.get_ref()
                    ),
                )
            })?;
            cfg.severity.push((p, s, line(k.span())));
        }
    }
    if let Some(v) = &raw.exclude {
        for g in v.get_ref() {
            globset::Glob::new(g.get_ref()).map_err(|e| {
                err(
                    g.span(),
                    format!("`exclude`: invalid glob `{}`: {e}", g.get_ref()),
                )
            })?;
        }
        cfg.exclude = Some((strings(v), line(v.span())));
    }
    if let Some(v) = &raw.var_files {
        let base = path.parent().unwrap_or(Path::new("."));
        cfg.var_files = Some((
            v.get_ref().iter().map(|f| base.join(f.get_ref())).collect(),
            line(v.span()),
        ));
    }
    if let Some(v) = &raw.trusted_accounts {
        for a in v.get_ref() {
            let s = a.get_ref();
            if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(
                    a.span(),
                    format!("`trusted-accounts`: `{s}` is not a 12-digit AWS account id"),
                ));
            }
        }
        cfg.trusted_accounts = Some((strings(v), line(v.span())));
    }
    if let Some(v) = &raw.enable {
        for g in v.get_ref() {
            if g.get_ref().trim().is_empty() {
                return Err(err(g.span(), "`enable`: empty group name".into()));
            }
        }
        cfg.enable = Some((strings(v), line(v.span())));
    }
    for s in raw.suppress.iter().flatten() {
        let r = s.get_ref();
        if r.address.get_ref().trim().is_empty() {
            return Err(err(r.address.span(), "`suppress.address`: empty pattern".into()));
        }
        if r.reason.get_ref().trim().is_empty() {
            return Err(err(
                r.reason.span(),
                "`suppress.reason`: a reason is required".into(),
            ));
        }
        let expires = match &r.expires {
            Some(e) => Some(Date::parse(e.get_ref()).ok_or_else(|| {
                err(
                    e.span(),
                    format!("`suppress.expires`: `{}` is not a date (YYYY-MM-DD)", e.get_ref()),
                )
            })?),
            None => None,
        };
        cfg.suppress.push(ConfigSuppression {
            address: r.address.get_ref().clone(),
            policies: policies("suppress.policies", &r.policies)?,
            reason: r.reason.get_ref().trim().to_string(),
            expires,
            file: display.clone(),
            line: line(s.span()),
        });
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<FileConfig, String> {
        parse(text, Path::new("cfg/.bucketguard.toml"))
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
enable = ["cross-account"]

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
        let e = p("[severity]\nBG103 = 5").unwrap_err();
        assert!(e.contains(":2:9: `BG103`: invalid type"), "{e}");
        let e = p("[[suppress]]\naddress = \"x\"\n").unwrap_err();
        assert!(e.contains(":1:1: missing field `reason`"), "{e}");
    }
}
