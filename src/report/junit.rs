//! JUnit XML, for the test tabs of CI systems (GitLab `artifacts:reports:junit`, Jenkins, Azure
//! DevOps): one test suite per bucket with one test case per policy evaluated on it, a failure
//! per finding that takes effect; scan-level policies in an `account` suite; input errors in an
//! `input errors` suite. Undecided, suppressed and baselined checks are skipped with the reason;
//! a neutralized finding passes with a note, as it fails nothing elsewhere.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Location, RepoPaths};
use crate::finding::Finding;
use crate::policy::Policy;
use crate::scan::ScanResult;
use crate::settings::Settings;

/// How one test case ended.
enum Outcome<'a> {
    Passed,
    Failed(&'a Finding),
    Neutralized(&'a Finding),
    Skipped(String),
}

/// One test case: a policy on one subject.
struct Case<'a> {
    policy: &'static Policy,
    outcome: Outcome<'a>,
}

/// What the scan said about each (root, subject, policy), except passes.
#[derive(Default)]
struct Verdicts<'a> {
    by_subject: BTreeMap<(&'a str, &'a str), BTreeMap<&'a str, Outcome<'a>>>,
}

impl<'a> Verdicts<'a> {
    fn of(result: &'a ScanResult) -> Self {
        let mut v = Verdicts::default();
        for f in &result.findings {
            let outcome = match f.neutralized_by {
                Some(_) => Outcome::Neutralized(f),
                None => Outcome::Failed(f),
            };
            v.set(f, outcome);
        }
        for s in &result.suppressed {
            v.set(&s.finding, Outcome::Skipped(format!("suppressed: {}", s.reason)));
        }
        for f in &result.baselined {
            v.set(f, Outcome::Skipped("in the baseline".into()));
        }
        for u in &result.undecided {
            let slot = v.by_subject.entry((&u.root, &u.bucket)).or_default();
            slot.entry(u.policy.meta.id.as_str())
                .or_insert_with(|| Outcome::Skipped(format!("undecided: {}", u.reason)));
        }
        v
    }

    fn set(&mut self, f: &'a Finding, outcome: Outcome<'a>) {
        let slot = self.by_subject.entry((&f.root, &f.bucket)).or_default();
        slot.insert(f.policy.meta.id.as_str(), outcome);
    }

    /// The cases of `policies` on one subject: what the scan said, else passed.
    fn cases(&mut self, root: &'a str, subject: &'a str, policies: &[&'static Policy]) -> Vec<Case<'a>> {
        let mut said = self.by_subject.remove(&(root, subject)).unwrap_or_default();
        policies
            .iter()
            .map(|&policy| Case {
                policy,
                outcome: said.remove(policy.meta.id.as_str()).unwrap_or(Outcome::Passed),
            })
            .collect()
    }
}

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let (per_bucket, per_scan): (Vec<&'static Policy>, Vec<&'static Policy>) =
        settings.policies.iter().partition(|p| p.scan_check.is_none());
    let mut verdicts = Verdicts::of(result);
    let mut suites: Vec<(String, Vec<Case>)> = result
        .buckets
        .iter()
        .map(|b| {
            let name = format!("{}: {}", b.root, b.address);
            (name, verdicts.cases(&b.root, &b.address, &per_bucket))
        })
        .collect();
    // Scan-level policies: one case per subject with a finding, else one passing case.
    let mut account: Vec<Case> = Vec::new();
    for policy in &per_scan {
        let before = account.len();
        for f in result
            .findings
            .iter()
            .filter(|f| f.policy.meta.id == policy.meta.id)
        {
            account.extend(verdicts.cases(&f.root, &f.bucket, &[*policy]));
        }
        if account.len() == before {
            account.push(Case {
                policy,
                outcome: Outcome::Passed,
            });
        }
    }
    if !account.is_empty() {
        suites.push(("account".into(), account));
    }
    write_xml(result, settings, &suites)
}

fn write_xml(result: &ScanResult, settings: &Settings, suites: &[(String, Vec<Case>)]) -> String {
    let paths = RepoPaths::new(settings);
    let count = |pred: fn(&Outcome) -> bool| -> usize {
        suites
            .iter()
            .flat_map(|(_, c)| c)
            .filter(|c| pred(&c.outcome))
            .count()
    };
    let tests = suites.iter().map(|(_, c)| c.len()).sum::<usize>() + result.errors.len();
    let failures = count(|o| matches!(o, Outcome::Failed(_)));
    let skipped = count(|o| matches!(o, Outcome::Skipped(_)));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"bucketguard\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\" skipped=\"{skipped}\">",
        result.errors.len()
    );
    for (name, cases) in suites {
        suite(&mut out, result, &paths, name, cases);
    }
    if !result.errors.is_empty() {
        input_errors(&mut out, result, &paths);
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite(out: &mut String, result: &ScanResult, paths: &RepoPaths, name: &str, cases: &[Case]) {
    let failures = cases
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Failed(_)))
        .count();
    let skipped = cases
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Skipped(_)))
        .count();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        escape(name),
        cases.len()
    );
    for case in cases {
        let m = &case.policy.meta;
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{} {}\"",
            escape(name),
            m.id,
            escape(&m.slug)
        );
        match &case.outcome {
            Outcome::Passed => out.push_str("/>\n"),
            Outcome::Failed(f) | Outcome::Neutralized(f) => {
                let loc = Location::of(&result.sources, f.origin);
                let file = paths.of(loc.file);
                let _ = writeln!(out, " file=\"{}\" line=\"{}\">", escape(&file), loc.line);
                let body = format!("{}\nat {file}:{}:{}", f.message(), loc.line, loc.column);
                if let Outcome::Failed(_) = case.outcome {
                    let _ = writeln!(
                        out,
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                        m.severity.as_str(),
                        escape(&format!("{} {}: {}", m.id, m.slug, m.title)),
                        escape(&body)
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "      <system-out>neutralized: {}</system-out>",
                        escape(&body)
                    );
                }
                out.push_str("    </testcase>\n");
            }
            Outcome::Skipped(reason) => {
                let _ = writeln!(
                    out,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    escape(reason)
                );
            }
        }
    }
    out.push_str("  </testsuite>\n");
}

fn input_errors(out: &mut String, result: &ScanResult, paths: &RepoPaths) {
    let n = result.errors.len();
    let _ = writeln!(
        out,
        "  <testsuite name=\"input errors\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">"
    );
    for e in &result.errors {
        let at = format!("{}{}", paths.of(&e.path), e.line_col());
        let _ = writeln!(
            out,
            "    <testcase classname=\"input errors\" name=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>",
            escape(&at),
            escape(&e.message)
        );
    }
    out.push_str("  </testsuite>\n");
}

/// Text as XML 1.0 character data or an attribute value: what is unsafe to print escaped as
/// everywhere (`safe::escape`: controls, bidi overrides), then markup, and the two characters XML
/// 1.0 cannot hold that are not controls (U+FFFE, U+FFFF).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in super::safe::escape(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_keeps_xml_well_formed() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(
            escape("x\u{1b}[31m\u{0}y\u{FFFF}\u{202e}"),
            "x\\u{1b}[31m\\u{0}y\\u{ffff}\\u{202e}"
        );
        assert_eq!(escape("line\nnext\ttab"), "line\nnext\ttab");
    }
}
