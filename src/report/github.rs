//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding, so
//! findings show as annotations on the pull-request diff even without code scanning.
//! Escaping follows the Actions toolkit (`@actions/core` command.ts): the message escapes `%`,
//! `\r`, `\n`; property values also `:` and `,`.

use std::fmt::Write as _;

use super::{FindingLevel, Location, RepoPaths, safe};
use crate::policy::Severity;
use crate::scan::ScanResult;
use crate::settings::Settings;

fn command(level: FindingLevel) -> &'static str {
    match level {
        FindingLevel::Error => "error",
        FindingLevel::Warning => "warning",
        FindingLevel::Note => "notice",
    }
}

/// The message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    // Other control characters would reach the log as they are: make them visible.
    safe::escape(&s).into_owned()
}

/// A property value (`file=`, `title=`...).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The `file=` property: escaped like [`escape_property`] but never shortened (GitHub places
/// the annotation by it).
fn escape_file(s: &str) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    safe::escape_path(&s).replace(':', "%3A").replace(',', "%2C")
}

fn annotation(out: &mut String, cmd: &str, loc: Option<&Location>, file: &str, title: &str, message: &str) {
    let _ = write!(out, "::{cmd} file={}", escape_file(file));
    if let Some(l) = loc {
        let _ = write!(
            out,
            ",line={},endLine={},col={},endColumn={}",
            l.line, l.end_line, l.column, l.end_column
        );
    }
    let _ = writeln!(out, ",title={}::{}", escape_property(title), escape_data(message));
}

/// GitHub shows at most this many annotations of each level per step (and 50 per job); the
/// rest are dropped silently, so the most severe go first and the cut is said.
pub const MAX_PER_LEVEL: usize = 10;

/// One annotation, with what orders it: level, then input errors before findings, findings
/// in effect before neutralized ones, then severity (highest first); ties keep scan order.
struct Line {
    level: FindingLevel,
    key: (u8, bool, std::cmp::Reverse<Severity>),
    text: String,
}

fn level_rank(level: FindingLevel) -> usize {
    match level {
        FindingLevel::Error => 0,
        FindingLevel::Warning => 1,
        FindingLevel::Note => 2,
    }
}

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let paths = RepoPaths::new(settings);
    let file = |display: &str| paths.of(display).into_owned();
    let mut lines = Vec::new();
    for e in &result.errors {
        let loc = e.line.map(|line| Location {
            file: &e.path,
            line,
            column: e.column.unwrap_or(1),
            end_line: line,
            end_column: e.column.unwrap_or(1),
        });
        let mut text = String::new();
        let title = "bucketguard: input error";
        annotation(
            &mut text,
            "error",
            loc.as_ref(),
            &file(&e.path),
            title,
            &e.message,
        );
        let key = (0, false, std::cmp::Reverse(Severity::Critical));
        lines.push(Line {
            level: FindingLevel::Error,
            key,
            text,
        });
    }
    for f in &result.findings {
        let m = &f.policy.meta;
        let loc = Location::of(&result.sources, f.origin);
        let title = format!("{} {}: {}", m.id, m.slug, m.title);
        let message = format!("{} ({}): {}", f.bucket, m.severity.as_str(), f.message());
        let level = FindingLevel::of_finding(f);
        let mut text = String::new();
        annotation(
            &mut text,
            command(level),
            Some(&loc),
            &file(loc.file),
            &title,
            &message,
        );
        let (neutralized, severity) = super::weight(f);
        let key = (1, neutralized, severity);
        lines.push(Line { level, key, text });
    }
    if settings.verbose {
        for u in &result.unlinked {
            let loc = Location::of(&result.sources, u.origin);
            let message = format!("{} configures no bucket in the scan: {}", u.address, u.reason);
            let mut text = String::new();
            let title = "bucketguard: unlinked resource";
            annotation(&mut text, "notice", Some(&loc), &file(loc.file), title, &message);
            let key = (2, false, std::cmp::Reverse(Severity::Low));
            lines.push(Line {
                level: FindingLevel::Note,
                key,
                text,
            });
        }
    }
    capped(lines)
}

/// The lines, most severe first, at most [`MAX_PER_LEVEL`] of each level; when some are left
/// out, a last notice says how many (it is a notice too, so one fewer finding notice is shown).
fn capped(mut lines: Vec<Line>) -> String {
    lines.sort_by_key(|l| (level_rank(l.level), l.key));
    let mut count = [0usize; 3];
    for l in &lines {
        count[level_rank(l.level)] += 1;
    }
    let over = count.iter().any(|&n| n > MAX_PER_LEVEL);
    let budget = |rank: usize| {
        if over && rank == 2 {
            MAX_PER_LEVEL - 1
        } else {
            MAX_PER_LEVEL
        }
    };
    let (mut shown, mut left, mut out) = ([0usize; 3], 0usize, String::new());
    for l in lines {
        let rank = level_rank(l.level);
        if shown[rank] < budget(rank) {
            shown[rank] += 1;
            out.push_str(&l.text);
        } else {
            left += 1;
        }
    }
    if left > 0 {
        let _ = writeln!(
            out,
            "::notice::{left} more findings: see the job summary \
             (GitHub shows {MAX_PER_LEVEL} annotations of each level per step)"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::InputError;
    use crate::report::testutil::{sample, settings};

    #[test]
    fn escapes_per_the_toolkit() {
        assert_eq!(escape_data("50% a\r\nb: c,d"), "50%25 a%0D%0Ab: c,d");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        // An injected command cannot start a line of its own.
        let hostile = "x\n::error file=evil.tf::pwned";
        assert!(!escape_data(hostile).contains('\n'));
        assert_eq!(escape_data("\u{1b}[31m"), "\\u{1b}[31m");
    }

    #[test]
    fn one_command_per_finding_and_error() {
        let result = sample();
        let out = render(&result, &settings());
        let lines: Vec<&str> = out.lines().collect();
        // Two input errors, one finding; unlinked only with --verbose.
        assert_eq!(lines.len(), 3, "{out}");
        assert_eq!(
            lines[0],
            "::error file=infra/broken.tf,line=2,endLine=2,col=3,endColumn=3,\
             title=bucketguard%3A input error::expected an expression"
        );
        assert_eq!(
            lines[1],
            "::error file=infra/secret.tf,title=bucketguard%3A input error::cannot read: permission denied"
        );
        assert!(
            lines[2].starts_with(
                "::error file=infra/main.tf,line=7,endLine=7,col=3,endColumn=31,\
                 title=BG999 acl-public-write%3A Bucket ACL lets anyone write::aws_s3_bucket.logs (critical): "
            ),
            "{}",
            lines[2]
        );
        let mut verbose = settings();
        verbose.verbose = true;
        let out = render(&result, &verbose);
        assert!(
            out.lines()
                .any(|l| l.starts_with("::notice file=infra/main.tf,line=15")),
            "{out}"
        );
    }

    /// A result with `n` findings of each given severity, in that order (scan order).
    fn findings_of(severities: &[(Severity, usize)]) -> ScanResult {
        use crate::report::testutil::{Builder, MAIN_TF};
        let mut b = Builder::new();
        let main = b.file("infra/main.tf", MAIN_TF);
        let origin = b.at(main, "bucket = var.name");
        for &(severity, n) in severities {
            let policy = crate::policy::all()
                .iter()
                .find(|p| p.meta.severity == severity)
                .expect("the catalog has a policy of each severity");
            for i in 0..n {
                let bucket = format!("aws_s3_bucket.{}{i}", severity.as_str());
                b.result.findings.push(crate::finding::Finding {
                    policy,
                    bucket: bucket.as_str().into(),
                    root: "infra".into(),
                    message: crate::finding::Message::new("m", &bucket, &Default::default()),
                    origin,
                    related: Vec::new(),
                    neutralized_by: None,
                });
            }
        }
        b.result
    }

    fn levels(out: &str) -> Vec<(&str, &str)> {
        out.lines()
            .map(|l| {
                let cmd = l.split([' ', ':']).nth(2).unwrap_or("");
                let sev = l
                    .split(" (")
                    .nth(1)
                    .and_then(|r| r.split(')').next())
                    .unwrap_or("");
                (cmd, sev)
            })
            .collect()
    }

    #[test]
    fn most_severe_first() {
        use Severity::*;
        let result = findings_of(&[(Low, 1), (Medium, 1), (High, 1), (Critical, 1)]);
        let out = render(&result, &settings());
        assert_eq!(
            levels(&out),
            [
                ("error", "critical"),
                ("error", "high"),
                ("warning", "medium"),
                ("notice", "low")
            ],
            "{out}"
        );
    }

    #[test]
    fn at_most_ten_of_each_level_then_how_many_more() {
        use Severity::*;
        let mut result = findings_of(&[(Low, 12), (Medium, 12), (High, 1), (Critical, 12)]);
        result.errors.push(InputError::file("infra/a.tf", "cannot read"));
        let out = render(&result, &settings());
        let lines: Vec<&str> = out.lines().collect();
        let count = |cmd: &str| {
            lines
                .iter()
                .filter(|l| l.starts_with(&format!("::{cmd} ")))
                .count()
        };
        // The input error first, then 9 of the 12 critical (the high one is left out).
        assert!(lines[0].contains("input error"), "{out}");
        assert!(lines[1..10].iter().all(|l| l.contains("(critical)")), "{out}");
        assert_eq!(
            (count("error"), count("warning"), count("notice")),
            (10, 10, 9),
            "{out}"
        );
        // 14 errors, 12 warnings, 12 notices: 4 + 2 + 3 left out; the last notice says so.
        assert_eq!(
            lines.last().copied(),
            Some(
                "::notice::9 more findings: see the job summary \
                 (GitHub shows 10 annotations of each level per step)"
            )
        );
        assert_eq!(lines.len(), 30, "{out}");
        // Within the cap nothing is said; one over and the notice takes a notice's place.
        let ten = render(&findings_of(&[(Low, 10)]), &settings());
        assert_eq!(ten.lines().count(), 10, "{ten}");
        assert!(!ten.contains("more findings"), "{ten}");
        let eleven = render(&findings_of(&[(Low, 11)]), &settings());
        assert_eq!(eleven.lines().count(), 10, "{eleven}");
        assert!(eleven.ends_with("::notice::2 more findings: see the job summary (GitHub shows 10 annotations of each level per step)\n"), "{eleven}");
    }

    /// Annotations name files from the repository root, whatever the scan root.
    #[test]
    fn files_are_relative_to_the_workspace() {
        let result = sample();
        let in_checkout = |workspace: &str| {
            let mut s = settings();
            s.workspace = Some(workspace.into());
            render(&result, &s)
        };
        // The sample's paths are relative to /work/project; the checkout is one level up.
        let inside = in_checkout("/work");
        assert!(
            inside.contains("::error file=project/infra/main.tf,line=7"),
            "{inside}"
        );
        assert!(
            inside.contains("::error file=project/infra/secret.tf,title="),
            "{inside}"
        );
        assert_eq!(in_checkout("/work/project"), render(&result, &settings()));
        // Outside the checkout, or a relative workspace (no checkout to resolve against): as displayed.
        for workspace in ["/elsewhere", "work"] {
            let shown = in_checkout(workspace);
            assert!(shown.contains("::error file=infra/main.tf,line=7"), "{shown}");
        }
        let mut s = settings();
        s.workspace = Some("/abs".into());
        assert_eq!(RepoPaths::new(&s).of("/abs/x.tf"), "x.tf");
    }
}
