//! A Markdown summary for `$GITHUB_STEP_SUMMARY` (or a PR comment): buckets scanned, findings
//! by severity, a table of findings. Everything taken from scanned files (addresses, paths,
//! messages that quote values) is escaped so it cannot inject Markdown or HTML.

use std::fmt::Write as _;

use super::{Location, safe, severity_counts};
use crate::scan::ScanResult;
use crate::settings::Settings;

/// Table rows at most: the step summary is limited to 1 MiB.
const MAX_ROWS: usize = 1000;

/// Text as one table cell: HTML and Markdown syntax neutralized, on one line.
pub fn escape(s: &str) -> String {
    let s = safe::escape(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => out.push_str("&#96;"),
            '|' => out.push_str("&#124;"),
            '\\' | '[' | ']' | '*' | '_' | '~' | '#' | '!' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            // A word joiner after `@`: `@org/team` in a scanned file must not notify anyone
            // where the summary is posted (a PR comment, the step summary).
            '@' => out.push_str("@\u{2060}"),
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let mut out = String::from("## bucketguard\n\n");
    verdict_line(&mut out, result, settings);
    let total = result.findings.len();
    let _ = writeln!(
        out,
        "Scanned {} bucket{} in {} input{}: **{total}** finding{}.\n",
        result.buckets.len(),
        plural(result.buckets.len()),
        result.inputs.len(),
        plural(result.inputs.len()),
        plural(total)
    );
    exposure_table(&mut out, result);
    let _ = writeln!(out, "| Severity | Findings |\n|---|---:|");
    for (severity, n) in severity_counts(result) {
        let _ = writeln!(out, "| {} | {n} |", severity.as_str());
    }
    out.push('\n');
    if !result.errors.is_empty() {
        errors_table(&mut out, result);
    }
    if total > 0 {
        findings_table(&mut out, result);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The first line: whether the check passes, as the exit code decides it.
fn verdict_line(out: &mut String, result: &ScanResult, settings: &Settings) {
    let failing = match settings.fail_on {
        Some(t) => result
            .findings
            .iter()
            .filter(|f| crate::scan::fails(f, t))
            .count(),
        None => 0,
    };
    let _ = if !result.errors.is_empty() {
        let n = result.errors.len();
        writeln!(
            out,
            "**Error**: {n} input error{}, the scan is incomplete.\n",
            plural(n)
        )
    } else if failing > 0 {
        let t = settings.fail_on.map(|t| t.as_str()).unwrap_or_default();
        writeln!(
            out,
            "**Fail**: {failing} finding{} at or above {t}.\n",
            plural(failing)
        )
    } else {
        writeln!(out, "**Pass**: no finding fails this check.\n")
    };
}

/// Buckets by exposure verdict (the ones with none left out).
fn exposure_table(out: &mut String, result: &ScanResult) {
    let rows: Vec<_> = crate::exposure::summary(&result.exposures)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "| Exposure | Buckets |\n|---|---:|");
    for (verdict, n) in rows {
        let _ = writeln!(out, "| {} | {n} |", verdict.as_str());
    }
    out.push('\n');
}

fn errors_table(out: &mut String, result: &ScanResult) {
    let _ = writeln!(
        out,
        "### Input errors\n\n{} input error{}: the scan is incomplete.\n\n| File | Error |\n|---|---|",
        result.errors.len(),
        plural(result.errors.len())
    );
    for e in &result.errors {
        let at = match e.line {
            Some(line) => format!("{}:{line}", e.path),
            None => e.path.clone(),
        };
        let _ = writeln!(out, "| {} | {} |", escape(&at), escape(&e.message));
    }
    out.push('\n');
}

/// The findings, highest severity first (stable: file order within one severity), at most
/// `MAX_ROWS` of them.
fn findings_table(out: &mut String, result: &ScanResult) {
    let total = result.findings.len();
    let _ = writeln!(
        out,
        "### Findings\n\n| Severity | Bucket | Policy | Location | Message |\n|---|---|---|---|---|"
    );
    let mut rows: Vec<_> = result.findings.iter().collect();
    rows.sort_by_key(|f| super::weight(f));
    for f in rows.into_iter().take(MAX_ROWS) {
        let m = &f.policy.meta;
        let loc = Location::of(&result.sources, f.origin);
        // The policy link is ours, not scanned text: it may stay a link.
        let _ = writeln!(
            out,
            "| {} | {} | [{} {}]({}) | {}:{} | {} |",
            severity_cell(f),
            escape(&f.bucket)
                + if crate::model::link::is_external(&f.bucket) {
                    " (outside the scan)"
                } else {
                    ""
                },
            m.id,
            escape(&m.slug),
            super::rule_doc_url(m),
            escape(loc.file),
            loc.line,
            escape(&f.message().to_string())
        );
    }
    if total > MAX_ROWS {
        let _ = writeln!(out, "\n{} more findings are not shown.", total - MAX_ROWS);
    }
    out.push('\n');
}

fn severity_cell(f: &crate::finding::Finding) -> String {
    let severity = f.policy.meta.severity.as_str();
    match f.neutralized_by {
        Some(_) => format!("{severity} (neutralized)"),
        None => severity.to_string(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{Builder, sample, settings};

    #[test]
    fn hostile_text_stays_text() {
        let hostile =
            "<img src=x onerror=alert(1)> | col `code` [link](http://e) *b* _i_ \\| \n# h & ~s~ ![i]";
        let e = escape(hostile);
        for bad in ["<", ">", "`", "\n", "](", "[link]"] {
            assert!(!e.contains(bad), "{bad:?} survived in {e}");
        }
        // Every `|` is an entity: no cell boundary can come from scanned text.
        assert!(!e.contains('|'), "{e}");
        assert!(
            e.contains("&lt;img") && e.contains("&amp;") && e.contains("\\*b\\*") && e.contains("\\_i\\_")
        );
        assert!(e.contains("\\\\"), "a backslash cannot escape our escapes: {e}");
        assert_eq!(escape("\u{1b}[2J"), "\\\\u{1b}\\[2J");
        assert_eq!(
            escape("cc @octocat @org/team"),
            "cc @\u{2060}octocat @\u{2060}org/team"
        );
    }

    #[test]
    fn summary_counts_and_table() {
        let out = render(&sample(), &settings());
        assert!(
            out.contains("\n\nScanned 2 buckets in 1 input: **1** finding.\n"),
            "{out}"
        );
        assert!(out.contains("| critical | 1 |\n| high | 0 |"), "{out}");
        assert!(
            out.contains("| infra/broken.tf:2 | expected an expression |"),
            "{out}"
        );
        assert!(
            out.contains("| critical | aws\\_s3\\_bucket.logs | [BG999 acl-public-write]("),
            "{out}"
        );
        assert!(
            out.contains("| infra/main.tf:7 | The ACL of aws\\_s3\\_bucket.logs"),
            "{out}"
        );
        // The sample has an input error: the first line says the scan is incomplete.
        assert!(
            out.starts_with("## bucketguard\n\n**Error**: 2 input errors, the scan is incomplete.\n"),
            "{out}"
        );
    }

    #[test]
    fn the_first_line_says_pass_or_fail_as_the_exit_code_does() {
        let mut result = sample();
        result.errors.clear();
        let out = render(&result, &settings());
        assert!(out.contains("\n**Fail**: 1 finding at or above high.\n"), "{out}");
        let mut never = settings();
        never.fail_on = None;
        assert!(render(&result, &never).contains("\n**Pass**: no finding fails this check.\n"));
        result.findings.clear();
        assert!(render(&result, &settings()).contains("\n**Pass**: "));
    }

    #[test]
    fn hostile_bucket_addresses_cannot_add_rows() {
        let mut b = Builder::new();
        let f = b.file("evil|<b>.tf", "resource \"aws_s3_bucket\" \"x\" {}\n");
        let o = b.at(f, "resource");
        let bucket = "aws_s3_bucket.x[\"a|b\n| injected | row |\"]";
        b.bucket(bucket, ".", None, o);
        b.finding(bucket, ".", "value `<script>` | x", o, Vec::new());
        let out = render(&b.result, &settings());
        let row = out
            .lines()
            .find(|l| l.starts_with("| critical | aws"))
            .expect("a row");
        // Six cell separators (five cells), whatever the input.
        assert_eq!(row.matches('|').count(), 6, "{row}");
        assert!(!out.contains("<script>") && !out.contains("<b>"), "{out}");
        assert!(!out.lines().any(|l| l.starts_with("| injected")), "{out}");
    }
}
