//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding, so
//! findings show as annotations on the pull-request diff even without code scanning.
//! Escaping follows the Actions toolkit (`@actions/core` command.ts): the message escapes `%`,
//! `\r`, `\n`; property values also `:` and `,`.

use std::fmt::Write as _;

use super::{FindingLevel, Location, RepoPaths, safe};
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

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let paths = RepoPaths::new(settings);
    let file = |display: &str| paths.of(display).into_owned();
    let mut out = String::new();
    for e in &result.errors {
        let loc = e.line.map(|line| Location {
            file: &e.path,
            line,
            column: e.column.unwrap_or(1),
            end_line: line,
            end_column: e.column.unwrap_or(1),
        });
        annotation(
            &mut out,
            "error",
            loc.as_ref(),
            &file(&e.path),
            "bucketguard: input error",
            &e.message,
        );
    }
    for f in &result.findings {
        let m = &f.policy.meta;
        let loc = Location::of(&result.sources, f.origin);
        let title = format!("{} {}: {}", m.id, m.slug, m.title);
        let message = format!("{} ({}): {}", f.bucket, m.severity.as_str(), f.message());
        annotation(
            &mut out,
            command(FindingLevel::of_finding(f)),
            Some(&loc),
            &file(loc.file),
            &title,
            &message,
        );
    }
    if settings.verbose {
        for u in &result.unlinked {
            let loc = Location::of(&result.sources, u.origin);
            let message = format!("{} configures no bucket in the scan: {}", u.address, u.reason);
            annotation(
                &mut out,
                "notice",
                Some(&loc),
                &file(loc.file),
                "bucketguard: unlinked resource",
                &message,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
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
