//! Suppressions: inline `bucketguard:ignore[...]` comments and `[[suppress]]` entries of the
//! config file. Both key on the bucket (root + address), never on a line, so a suppression written
//! in the sources applies equally when the same code is scanned as a plan (whose resources carry
//! source origins when the `.tf` files are next to it).
//!
//! Syntax: `# bucketguard:ignore[BG103,acl-public-read] reason: approved in SEC-123 exp: 2027-03-31`
//! (`//` and `/* */` too; in `.tf.json` the value of a `"//"` key inside the resource object).
//! An own-line comment targets the next code line, a trailing comment its own line; the target
//! line is resolved to the resource (or `module`) block containing it. Other scanners' skip
//! comments count too where the check maps to a policy (`foreign`).

mod foreign;

/// Other scanners' check ids and the policies their skip comments suppress.
pub use foreign::MAPPING as MIGRATED_CHECKS;

use std::collections::BTreeSet;
use std::fmt;

use crate::blocks::{Anchor, BucketKey, Headers, anchors, in_module, module_blocks};
use crate::finding::Finding;
use crate::input::InputError;
use crate::input::discover::is_config_file;
use crate::model::{FileId, Model, Origin, Sources};
use crate::policy::{Catalog, Policy};

/// A calendar date (proleptic Gregorian), enough for expiry checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, validated (month length and leap years).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
        let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The civil date of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A suppression from the config file: bucket addresses matching `address` (`*` matches any run
/// of characters, everything else is literal).
#[derive(Clone, Debug)]
pub struct ConfigSuppression {
    pub address: String,
    /// Policy ids; empty means every policy.
    pub policies: Vec<&'static Policy>,
    pub reason: String,
    pub expires: Option<Date>,
    /// Where it is written (`.bucketguard.toml`), for reports.
    pub file: String,
    pub line: u32,
}

/// Where a suppression is written, as shown in reports.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SuppressionLocation {
    pub file: String,
    pub line: u32,
}

/// A finding a suppression accepted; it stays in JSON/SARIF output but never fails the run.
#[derive(Clone, Debug)]
pub struct Suppressed {
    pub finding: Finding,
    pub reason: String,
    pub expires: Option<Date>,
    pub location: SuppressionLocation,
    /// An inline comment (SARIF `inSource`) rather than a config-file entry (`external`).
    pub in_source: bool,
}

/// One parsed inline suppression.
#[derive(Clone, Debug)]
struct Inline {
    file: FileId,
    /// The comment, for warnings.
    at: Origin,
    /// The byte offset whose enclosing block is suppressed.
    target: usize,
    policies: Vec<&'static Policy>,
    reason: String,
    expires: Option<Date>,
    /// Another scanner's skip comment: never reported as unused.
    migrated: bool,
    /// Only findings that start in this byte range (KICS `ignore-line`).
    span: Option<std::ops::Range<usize>>,
}

const MARKER: &str = "bucketguard:ignore[";

/// Where the first suppression marker of a line is, and which.
fn find_marker(line: &str) -> Option<(usize, &'static str)> {
    std::iter::once(MARKER)
        .chain(foreign::MARKERS.iter().copied())
        .filter_map(|m| line.find(m).map(|at| (at, m)))
        .min()
}

/// Why an inline suppression's text cannot be used (shown after "invalid suppression: ").
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
enum BodyError {
    #[error("missing `]` after the policy ids")]
    NoClosingBracket,
    #[error("unknown policy `{0}`")]
    UnknownPolicy(String),
    #[error("no policy ids between `[` and `]`")]
    NoPolicies,
    #[error("a reason is required: `reason: why this is accepted`")]
    NoReason,
    #[error("`exp: {0}` is not a date (YYYY-MM-DD)")]
    BadDate(String),
}

/// Parse `ids] reason: ... exp: ...` (the text after the marker).
fn parse_body(
    catalog: Catalog,
    rest: &str,
) -> Result<(Vec<&'static Policy>, String, Option<Date>), BodyError> {
    let close = rest.find(']').ok_or(BodyError::NoClosingBracket)?;
    let mut policies = Vec::new();
    for key in rest[..close].split(',').map(str::trim).filter(|k| !k.is_empty()) {
        policies.push(
            catalog
                .find(key)
                .ok_or_else(|| BodyError::UnknownPolicy(key.to_string()))?,
        );
    }
    if policies.is_empty() {
        return Err(BodyError::NoPolicies);
    }
    let mut tail = rest[close + 1..].trim();
    for end in ["*/"] {
        if let Some(i) = tail.find(end) {
            tail = tail[..i].trim();
        }
    }
    let (before_exp, exp) = match tail.find("exp:") {
        Some(i) => (&tail[..i], Some(tail[i + 4..].trim())),
        None => (tail, None),
    };
    let reason = before_exp
        .trim()
        .strip_prefix("reason:")
        .map(str::trim)
        .unwrap_or("");
    if reason.is_empty() {
        return Err(BodyError::NoReason);
    }
    let expires = match exp {
        Some(e) => Some(Date::parse(e).ok_or_else(|| BodyError::BadDate(e.to_string()))?),
        None => None,
    };
    Ok((policies, reason.to_string(), expires))
}

/// Whether any scanned configuration file holds an inline suppression marker (well formed or not).
pub fn any_inline(sources: &Sources) -> bool {
    use rayon::prelude::*;
    (0..sources.len() as u32)
        .into_par_iter()
        .any(|i| has_marker(sources.get(FileId(i))))
}

/// Whether `file` is a configuration file holding an inline suppression marker.
pub fn has_marker(file: &crate::model::SourceFile) -> bool {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    // Two searches, not one per marker: every marker but checkov's is `...ignore`, and the
    // `ignore` of `ignore_public_acls` is rejected by what precedes it.
    static IGNORE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("ignore"));
    static CHECKOV: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("checkov:skip="));
    let text = file.text.as_bytes();
    let ignore_marker = |at: usize| {
        let before = &text[..at];
        ["bucketguard:", "trivy:", "tfsec:", "kics-scan "]
            .iter()
            .any(|p| before.ends_with(p.as_bytes()))
    };
    is_config_file(&file.display)
        && (IGNORE.find_iter(text).any(ignore_marker) || CHECKOV.find(text).is_some())
}

/// Every inline suppression in the scanned configuration files; malformed ones become warnings.
fn collect(sources: &Sources, catalog: Catalog, warnings: &mut Vec<InputError>) -> Vec<Inline> {
    let mut out = Vec::new();
    for (id, file) in sources.iter() {
        // The scan evicts only texts without a marker; most files have none, and one fast search
        // skips them before any line is split.
        if file.text.is_evicted() || !has_marker(file) {
            continue;
        }
        let lines = Lines::of(&file.text);
        let json = file.kind() == crate::model::FileKind::Json;
        // Only real comments suppress: text like a marker in a string or a heredoc is data.
        let comments = if json {
            Comments::Json
        } else {
            crate::input::prune::comments(&file.text).map_or(Comments::NotFollowed, Comments::Native)
        };
        for i in 0..lines.lines.len() {
            match inline_on(sources, catalog, id, &lines, i, &comments) {
                Some(Ok(s)) => out.push(s),
                Some(Err(w)) => warnings.push(w),
                None => {}
            }
        }
    }
    out
}

/// A file's lines (with their line breaks) and the byte offset each starts at.
struct Lines<'a> {
    lines: Vec<&'a str>,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn of(text: &'a str) -> Self {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut starts = Vec::with_capacity(lines.len());
        let mut line_start = 0;
        for l in &lines {
            starts.push(line_start);
            line_start += l.len();
        }
        Lines { lines, starts }
    }

    /// Where the code of the first line after `i` with code on it starts (blank lines and
    /// further comments skipped).
    fn next_code(&self, i: usize) -> Option<usize> {
        let j = (i + 1..self.lines.len()).find(|&j| {
            let t = self.lines[j].trim_start();
            !(t.is_empty() || t.starts_with('#') || t.starts_with("//") || t.starts_with("/*"))
        })?;
        Some(self.starts[j] + (self.lines[j].len() - self.lines[j].trim_start().len()))
    }

    /// From byte `at` to the end of its line.
    fn line_from(&self, at: usize) -> std::ops::Range<usize> {
        let j = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        at..self.starts[j] + self.lines[j].len()
    }
}

/// Where a file's real comments are.
enum Comments {
    /// `.tf.json`: `"//"` keys, found line by line (JSON strings hold no line break).
    Json,
    /// Native syntax: the extents of its comments, in order.
    Native(Vec<std::ops::Range<usize>>),
    /// Native syntax the lexer does not follow (unbalanced, unterminated).
    NotFollowed,
}

/// In a `.tf.json` line, where the `"//"` key starts whose string value holds the byte `m`;
/// `None` when `m` is in no such value (another key's value, or a key).
fn json_comment_key(line: &str, m: usize) -> Option<usize> {
    let b = line.as_bytes();
    // The line's strings, outside-in: (start of the opening quote, just past the closing one).
    let mut strings: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() && i <= m {
        if b[i] == b'"' {
            let s = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            strings.push((s, (i + 1).min(b.len())));
        }
        i += 1;
    }
    let (&(vs, _), keys) = strings.split_last()?;
    let &(ks, ke) = keys.last()?;
    let between = line.get(ke..vs)?.trim();
    (vs < m && line.get(ks..ke) == Some("\"//\"") && between == ":").then_some(ks)
}

/// The suppression comment on line `i`, if there is one: parsed, or a warning saying why it is
/// invalid. An own-line comment targets the next code line, a trailing one its own line.
fn inline_on(
    sources: &Sources,
    catalog: Catalog,
    id: FileId,
    lines: &Lines,
    i: usize,
    comments: &Comments,
) -> Option<Result<Inline, InputError>> {
    let (line, start) = (lines.lines[i], lines.starts[i]);
    let (m, marker) = find_marker(line)?;
    let json = matches!(comments, Comments::Json);
    let comment_at = match comments {
        // `"//": "bucketguard:ignore[...] ..."`: the key sits inside the object it suppresses.
        Comments::Json => json_comment_key(line, m)?,
        Comments::Native(ranges) => {
            // The comment holding the marker, from where it starts on this line.
            let at = ranges.partition_point(|r| r.end <= start + m);
            let r = ranges.get(at).filter(|r| r.start <= start + m)?;
            r.start.saturating_sub(start)
        }
        Comments::NotFollowed => {
            let at = Origin::new(id, start + m..start + line.trim_end().len());
            let msg = "suppression not read: the file's strings, heredocs and comments could not be told apart (a syntax error?)";
            return Some(Err(InputError::at(sources, at, msg)));
        }
    };
    let own_line = json || line[..comment_at].trim().is_empty();
    let mut rest = &line[m + marker.len()..];
    if json {
        rest = rest.split('"').next().unwrap_or("");
    }
    let at = Origin::new(id, start + comment_at..start + line.trim_end().len());
    let target = if json {
        start + comment_at
    } else if own_line {
        match lines.next_code(i) {
            Some(t) => t,
            None => {
                let msg = "invalid suppression: no code follows the comment";
                return Some(Err(InputError::at(sources, at, msg)));
            }
        }
    } else {
        start
    };
    let inline = |policies, reason, expires, span| Inline {
        file: id,
        at,
        target,
        policies,
        reason,
        expires,
        migrated: marker != MARKER,
        span,
    };
    if marker != MARKER {
        return Some(Ok(match foreign::parse(marker, rest)? {
            foreign::Skip::Policies {
                policies,
                reason,
                expires,
            } => inline(policies, reason, expires, None),
            foreign::Skip::NextLine { reason } => {
                inline(Vec::new(), reason, None, Some(lines.line_from(target)))
            }
        }));
    }
    Some(match parse_body(catalog, rest) {
        Ok((policies, reason, expires)) => Ok(inline(policies, reason, expires, None)),
        Err(e) => Err(InputError::at(sources, at, format!("invalid suppression: {e}"))),
    })
}

/// A resolved suppression: which buckets and policies it covers.
struct Rule {
    buckets: BTreeSet<BucketKey>,
    /// Config suppressions match by pattern instead.
    pattern: Option<String>,
    policies: Vec<&'static Policy>,
    reason: String,
    expires: Option<Date>,
    location: SuppressionLocation,
    /// For the unused warning.
    warn_at: Option<Origin>,
    used: bool,
    /// Another scanner's skip comment: never reported as unused.
    migrated: bool,
    /// Only findings that start in this part of a file.
    span: Option<(FileId, std::ops::Range<usize>)>,
}

impl Rule {
    fn from_config(c: &ConfigSuppression) -> Rule {
        Rule {
            buckets: BTreeSet::new(),
            pattern: Some(c.address.clone()),
            policies: c.policies.clone(),
            reason: c.reason.clone(),
            expires: c.expires,
            location: SuppressionLocation {
                file: c.file.clone(),
                line: c.line,
            },
            warn_at: None,
            used: false,
            migrated: false,
            span: None,
        }
    }

    fn covers(&self, f: &Finding) -> bool {
        let policy_ok =
            self.policies.is_empty() || self.policies.iter().any(|p| p.meta.id == f.policy.meta.id);
        let bucket_ok = match &self.pattern {
            Some(p) => crate::model::wildcard::star_match(p, &f.bucket),
            None => self.buckets.contains(&(f.root.to_string(), f.bucket.to_string())),
        };
        let span_ok = self
            .span
            .as_ref()
            .is_none_or(|(file, range)| f.origin.file == *file && range.contains(&(f.origin.start as usize)));
        policy_ok && bucket_ok && span_ok
    }
}

/// What suppressions are applied with: the scan's model and sources, the config file's entries,
/// the policies that ran, and the date expiries are compared with.
pub struct Context<'a> {
    pub model: &'a Model,
    pub sources: &'a Sources,
    /// Resource block headers (see [`Headers`]), to place inline suppressions.
    pub headers: &'a Headers,
    pub config: &'a [ConfigSuppression],
    /// The policies that ran: a suppression of others cannot be judged unused.
    pub selected: &'a [&'static Policy],
    /// The policies suppressions may name.
    pub catalog: Catalog<'a>,
    /// `None` applies every suppression regardless of its expiry.
    pub today: Option<Date>,
}

impl Context<'_> {
    /// Move suppressed findings out of `findings`; warn about invalid, expired and unused
    /// suppressions.
    pub fn apply(&self, findings: &mut Vec<Finding>, warnings: &mut Vec<InputError>) -> Vec<Suppressed> {
        let inline = collect(self.sources, self.catalog, warnings);
        let mut rules = self.inline_rules(inline, warnings);
        rules.extend(self.config.iter().map(Rule::from_config));
        let mut active = Vec::new();
        for r in rules {
            match (r.expires, self.today) {
                (Some(exp), Some(today)) if exp < today => warnings
                    .push(self.warning(&r, format!("suppression expired on {exp}; it no longer applies"))),
                _ => active.push(r),
            }
        }
        if active.is_empty() {
            return Vec::new();
        }
        let suppressed = take_suppressed(findings, &mut active);
        self.warn_unused(&active, warnings);
        suppressed
    }

    /// Inline suppressions resolved to the buckets of the block each is on or above.
    fn inline_rules(&self, inline: Vec<Inline>, warnings: &mut Vec<InputError>) -> Vec<Rule> {
        // Block extents are only needed to place inline suppressions.
        if inline.is_empty() {
            return Vec::new();
        }
        // Only the files that hold suppressions: the others' texts were given back after loading.
        let marked: BTreeSet<FileId> = inline.iter().map(|s| s.file).collect();
        let in_file = |id| marked.contains(&id);
        let anchors = anchors(self.model, self.sources, self.headers, in_file);
        let modules = module_blocks(self.sources, in_file);
        let mut rules = Vec::new();
        for s in inline {
            let mut buckets = innermost_buckets(&anchors, &s);
            if buckets.is_empty() {
                buckets = self.module_buckets(&modules, &s);
            }
            if buckets.is_empty() {
                warnings.push(InputError::at(
                    self.sources,
                    s.at,
                    "invalid suppression: it is not on or above a resource or module block that configures a bucket",
                ));
                continue;
            }
            let lc = self.sources.start(s.at);
            rules.push(Rule {
                buckets,
                pattern: None,
                policies: s.policies,
                reason: s.reason,
                expires: s.expires,
                location: SuppressionLocation {
                    file: self.sources.display(s.at).to_string(),
                    line: lc.line,
                },
                warn_at: Some(s.at),
                used: false,
                migrated: s.migrated,
                span: s.span.map(|r| (s.file, r)),
            });
        }
        rules
    }

    /// Every bucket in the module calls whose block holds the suppression's target.
    fn module_buckets(&self, modules: &[(FileId, usize, usize, String)], s: &Inline) -> BTreeSet<BucketKey> {
        let mut buckets = BTreeSet::new();
        for (file, start, end, name) in modules {
            if *file == s.file && *start <= s.target && s.target < *end {
                buckets.extend(
                    self.model
                        .buckets
                        .iter()
                        .filter(|b| in_module(&b.address, name))
                        .map(|b| (b.root.clone(), b.address.clone())),
                );
            }
        }
        buckets
    }

    /// A warning about a suppression, at its comment or its config-file entry.
    fn warning(&self, r: &Rule, message: String) -> InputError {
        match r.warn_at {
            Some(at) => InputError::at(self.sources, at, message),
            None => InputError {
                severity: crate::diagnostic::Severity::Warning,
                path: r.location.file.clone(),
                line: Some(r.location.line),
                column: Some(1),
                message,
                origin: None,
            },
        }
    }

    fn warn_unused(&self, active: &[Rule], warnings: &mut Vec<InputError>) {
        for r in active {
            // A suppression for policies that did not run (`--select`) cannot be judged unused.
            let ran = r.policies.is_empty()
                || r.policies
                    .iter()
                    .any(|p| self.selected.iter().any(|s| s.meta.id == p.meta.id));
            if !r.used && ran && !r.migrated {
                let ids: Vec<&str> = r.policies.iter().map(|p| p.meta.id.as_str()).collect();
                let what = if ids.is_empty() {
                    "any policy".to_string()
                } else {
                    ids.join(",")
                };
                warnings
                    .push(self.warning(r, format!("unused suppression: no finding of {what} matches it")));
            }
        }
    }
}

/// The buckets of the innermost configuration blocks holding the suppression's target.
fn innermost_buckets(anchors: &[Anchor], s: &Inline) -> BTreeSet<BucketKey> {
    let holds = |a: &&Anchor| a.file == s.file && a.start <= s.target && s.target < a.end;
    let innermost = anchors.iter().filter(holds).map(|a| a.end - a.start).min();
    anchors
        .iter()
        .filter(holds)
        .filter(|a| Some(a.end - a.start) == innermost)
        .map(|a| a.bucket.clone())
        .collect()
}

/// Take the findings a rule covers out of `findings`, marking every rule that matches as used.
fn take_suppressed(findings: &mut Vec<Finding>, active: &mut [Rule]) -> Vec<Suppressed> {
    let mut suppressed = Vec::new();
    let mut kept = Vec::new();
    for f in findings.drain(..) {
        // Every matching suppression counts as used, the first one written is reported.
        let mut first: Option<usize> = None;
        for (i, r) in active.iter_mut().enumerate() {
            if r.covers(&f) {
                r.used = true;
                first.get_or_insert(i);
            }
        }
        match first {
            Some(i) => {
                let r = &active[i];
                suppressed.push(Suppressed {
                    finding: f,
                    reason: r.reason.clone(),
                    expires: r.expires,
                    location: r.location.clone(),
                    in_source: r.warn_at.is_some(),
                });
            }
            None => kept.push(f),
        }
    }
    *findings = kept;
    suppressed
}

#[cfg(test)]
mod tests {
    use super::*;

    // The prefilter searches for `ignore` and `checkov:skip=`: every marker must be found by it,
    // and `ignore_public_acls` must not be.
    #[test]
    fn the_prefilter_finds_every_marker() {
        let file = |text: &str| crate::model::SourceFile::new("m.tf".into(), "m.tf".into(), text);
        for m in std::iter::once(MARKER).chain(foreign::MARKERS.iter().copied()) {
            assert!(has_marker(&file(&format!("# {m}x\n"))), "{m}");
        }
        assert!(!has_marker(&file("ignore_public_acls = true # ignore this\n")));
    }

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2027-03-31").unwrap().to_string(), "2027-03-31");
        assert!(Date::parse("2027-02-29").is_none());
        assert!(Date::parse("2028-02-29").is_some());
        assert!(Date::parse("2027-13-01").is_none());
        assert!(Date::parse("27-03-31").is_none());
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_819).to_string(), "2027-01-01");
        assert!(Date::parse("2026-12-31") < Date::parse("2027-01-01"));
    }

    #[test]
    fn body() {
        let (p, r, e) = parse_body(
            Catalog::default(),
            "BG103, acl-public-write] reason: approved SEC-1 exp: 2027-03-31",
        )
        .unwrap();
        assert_eq!(
            p.iter().map(|p| p.meta.id.as_str()).collect::<Vec<_>>(),
            ["BG103", "BG101"]
        );
        assert_eq!(r, "approved SEC-1");
        assert_eq!(e, Date::parse("2027-03-31"));
        let (_, r, e) = parse_body(Catalog::default(), "BG103] reason: in a block */").unwrap();
        assert_eq!((r.as_str(), e), ("in a block", None));
        assert_eq!(
            parse_body(Catalog::default(), "BG103]").unwrap_err(),
            BodyError::NoReason
        );
        assert_eq!(
            parse_body(Catalog::default(), "BG103] reason:   ").unwrap_err(),
            BodyError::NoReason
        );
        assert_eq!(
            parse_body(Catalog::default(), "BG999] reason: x").unwrap_err(),
            BodyError::UnknownPolicy("BG999".into())
        );
        assert_eq!(
            parse_body(Catalog::default(), "BG103] reason: x exp: soon")
                .unwrap_err()
                .to_string(),
            "`exp: soon` is not a date (YYYY-MM-DD)"
        );
        assert_eq!(
            parse_body(Catalog::default(), "BG103 reason: x").unwrap_err(),
            BodyError::NoClosingBracket
        );
        assert_eq!(
            parse_body(Catalog::default(), " , ] reason: x").unwrap_err(),
            BodyError::NoPolicies
        );
    }

    #[test]
    fn wildcards() {
        use crate::model::wildcard::star_match;
        assert!(star_match("module.web.*", "module.web.aws_s3_bucket.b"));
        assert!(star_match(
            "*.aws_s3_bucket.t[\"a\"]",
            "module.x.aws_s3_bucket.t[\"a\"]"
        ));
        assert!(!star_match("module.web.*", "module.webx"));
        assert!(star_match("aws_s3_bucket.b", "aws_s3_bucket.b"));
        assert!(!star_match("aws_s3_bucket.b", "aws_s3_bucket.bc"));
    }
}
