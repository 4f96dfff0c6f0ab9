//! GitLab code quality (the Code Climate issue format, `artifacts:reports:codequality`): a JSON
//! array of issues shown in merge request widgets and diffs. One issue per finding that is
//! reported; its fingerprint is the finding's (policy, root, subject), which GitLab uses to tell
//! new issues from old, made unique within the report.

use std::collections::HashMap;

use serde::Serialize;

use super::{Location, RepoPaths};
use crate::finding::Finding;
use crate::policy::Severity;
use crate::scan::ScanResult;
use crate::settings::Settings;

#[derive(Serialize)]
struct Issue {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: String,
    description: String,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: String,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// Code Climate's severity: a neutralized finding is `info`, as it is a note everywhere.
fn severity(f: &Finding) -> &'static str {
    if f.neutralized_by.is_some() {
        return "info";
    }
    match f.policy.meta.severity {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
    }
}

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let paths = RepoPaths::new(settings);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue> = result
        .findings
        .iter()
        .map(|f| {
            let loc = Location::of(&result.sources, f.origin);
            let m = &f.policy.meta;
            let base = f.fingerprint().to_string();
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let fingerprint = if *n == 1 { base } else { format!("{base}-{n}") };
            Issue {
                kind: "issue",
                check_name: format!("{} {}", m.id, m.slug),
                description: format!("{}: {}", m.title, f.message()),
                categories: ["Security"],
                severity: severity(f),
                fingerprint,
                location: IssueLocation {
                    path: paths.of(loc.file).into_owned(),
                    lines: Lines {
                        begin: loc.line,
                        end: loc.end_line,
                    },
                },
            }
        })
        .collect();
    let mut out = Vec::new();
    // Strings and numbers into a Vec: cannot fail. Bidi controls escaped, as in every JSON report.
    serde_json::to_writer_pretty(super::safe::JsonBidi::new(&mut out), &issues)
        .expect("code quality issues serialize");
    out.push(b'\n');
    String::from_utf8(out).expect("JSON is UTF-8")
}
