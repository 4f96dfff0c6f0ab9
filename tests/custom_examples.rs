//! The example house rules of `examples/policies/` (ORG001-ORG003): their OPA unit tests through
//! `bucketguard test-policies`, and their fixtures through `scan --policy-dir`: the bad fixture
//! (sources and its real plan) yields exactly the findings its `# <- ORG00N` markers name, the
//! good one none.

use std::path::Path;
use std::process::Output;

mod support;
use support::bucketguard;

const POLICIES: &str = "examples/policies";
const BAD: &str = "examples/policies/fixtures/bad";

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_example_test_passes() {
    let out = bucketguard(&["test-policies", POLICIES]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    let passed = |file: &str| {
        text.lines()
            .filter(|l| l.starts_with(&format!("PASS {POLICIES}/{file}:test_")))
            .count()
    };
    assert_eq!(passed("required_tags_test.rego"), 7, "{text}");
    assert_eq!(passed("approved_kms_keys_test.rego"), 10, "{text}");
    assert_eq!(passed("public_only_if_classified_test.rego"), 9, "{text}");
    assert!(!text.contains("FAIL"), "{text}");
    assert_eq!(text.lines().last(), Some("26 tests: 26 passed, 0 failed"));
    // By file, then by rule name.
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "PASS examples/policies/approved_kms_keys_test.rego:test_aes256_is_not_this_rules_business"
    );
}

/// A copy of ORG001 with `tests` as its test file, in a temporary directory.
fn with_tests(tests: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let policy = std::fs::read_to_string(Path::new(POLICIES).join("required_tags.rego")).unwrap();
    std::fs::write(dir.path().join("required_tags.rego"), policy).unwrap();
    std::fs::write(dir.path().join("mine_test.rego"), tests).unwrap();
    dir
}

#[test]
fn a_failing_test_exits_1_naming_its_rule() {
    let dir = with_tests(
        "package bucketguard.mine_test\n\n\
         import data.bucketguard.org.required_tags\n\n\
         untagged := {\"external\": false, \"tags\": {\"value\": {}, \"state\": \"unset\"}}\n\n\
         test_untagged_fails_twice if {\n\
         \tcount(required_tags.deny) == 2 with input as untagged\n}\n\n\
         test_wrongly_expects_no_finding if {\n\
         \tcount(required_tags.deny) == 0 with input as untagged\n}\n\n\
         test_errs if {\n\tcount(5) == 1\n}\n",
    );
    let shown = dir.path().display().to_string();
    let out = bucketguard(&["test-policies", &shown]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(
        text.contains(&format!(
            "PASS {shown}/mine_test.rego:test_untagged_fails_twice\n"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "FAIL {shown}/mine_test.rego:test_wrongly_expects_no_finding (undefined"
        )),
        "{text}"
    );
    // An evaluation error names where it happened.
    assert!(
        text.contains(&format!(
            "FAIL {shown}/mine_test.rego:test_errs ({shown}/mine_test.rego:16:"
        )),
        "{text}"
    );
    assert_eq!(text.lines().last(), Some("3 tests: 1 passed, 2 failed"));
}

#[test]
fn a_syntax_error_exits_2_naming_file_line_and_column() {
    let dir = with_tests("package bucketguard.mine_test\n\ntest_broken if {\n\tcount(input.x) ==\n}\n");
    let shown = dir.path().display().to_string();
    let out = bucketguard(&["test-policies", &shown]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("{shown}/mine_test.rego:5:1: ")), "{err}");
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
}

/// (policy id, line) of each `# <- ORG00N ...` marker of the fixture: one per id it names.
fn marked(fixture: &str) -> Vec<(String, u64)> {
    let text = std::fs::read_to_string(Path::new(fixture).join("main.tf")).unwrap();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some((_, ids)) = line.split_once("# <- ") {
            let ids = ids.split_whitespace().filter(|id| is_org_id(id));
            out.extend(ids.map(|id| (id.to_string(), i as u64 + 1)));
        }
    }
    out.sort();
    out
}

/// `ORG` and three digits (the header's `ORG00N` describes the markers).
fn is_org_id(id: &str) -> bool {
    id.len() == 6 && id.starts_with("ORG") && id[3..].chars().all(|c| c.is_ascii_digit())
}

/// The 1-based line of the fixture's line that contains `needle`.
fn line_of(fixture: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(Path::new(fixture).join("main.tf")).unwrap();
    let at = text.lines().position(|l| l.contains(needle));
    at.map(|i| i as u64 + 1)
        .unwrap_or_else(|| panic!("{needle} is not in {fixture}"))
}

/// The scan's JSON report with the example policies.
fn scan(path: &str) -> serde_json::Value {
    let out = bucketguard(&["scan", path, "--policy-dir", POLICIES, "--format", "json"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

/// (policy id, bucket, file, line) of the report's `key` list (findings or undecided), ORG only.
fn org(report: &serde_json::Value, key: &str) -> Vec<(String, String, String, u64)> {
    support::report_rows(&report[key], |f| {
        f["policy_id"].as_str().is_some_and(|id| id.starts_with("ORG"))
    })
}

/// The findings' (id, bucket), as the fixture's comments describe its buckets.
const BAD_FINDINGS: [(&str, &str); 5] = [
    ("ORG001", "aws_s3_bucket.no_owner"),
    ("ORG001", "aws_s3_bucket.untagged"),
    ("ORG001", "aws_s3_bucket.untagged"),
    ("ORG002", "aws_s3_bucket.foreign_key"),
    ("ORG003", "aws_s3_bucket.public"),
];

fn assert_bad_findings(report: &serde_json::Value) {
    let findings = org(report, "findings");
    let buckets: Vec<(&str, &str)> = findings
        .iter()
        .map(|(id, b, ..)| (id.as_str(), b.as_str()))
        .collect();
    assert_eq!(buckets, BAD_FINDINGS);
    let file = format!("{BAD}/main.tf");
    assert!(findings.iter().all(|f| f.2 == file), "{findings:?}");
    let mut lines: Vec<(String, u64)> = findings.into_iter().map(|(id, _, _, line)| (id, line)).collect();
    lines.sort();
    assert_eq!(lines, marked(BAD));
}

#[test]
fn the_bad_fixture_has_exactly_the_marked_findings() {
    let report = scan(BAD);
    assert_bad_findings(&report);
    // The markers are not empty by mistake: five findings, on four lines.
    assert_eq!(marked(BAD).len(), 5);
}

#[test]
fn variables_without_a_value_leave_the_rules_undecided() {
    let report = scan(BAD);
    let file = format!("{BAD}/main.tf");
    let bucket = "aws_s3_bucket.open_questions".to_string();
    assert_eq!(
        org(&report, "undecided"),
        [
            // ORG002 at the key, ORG003 at the tags (the tag is present for ORG001).
            (
                "ORG002".to_string(),
                bucket.clone(),
                file.clone(),
                line_of(BAD, "kms_master_key_id = var.kms_key_arn")
            ),
            (
                "ORG003".to_string(),
                bucket.clone(),
                file.clone(),
                line_of(BAD, "bucket = \"org-example-open-questions\"") + 1
            ),
        ]
    );
    let reasons: Vec<&str> = report["undecided"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| u["bucket"] == "aws_s3_bucket.open_questions")
        .filter_map(|u| u["reason"].as_str())
        .collect();
    assert!(
        reasons.contains(&"encryption.rules.0.kms_key is not known: var.kms_key_arn has no value"),
        "{reasons:?}"
    );
}

#[test]
fn the_plan_of_the_bad_fixture_has_the_same_findings() {
    // The plan was made with the variables set (an approved key, classification "public"):
    // nothing is undecided, and the findings are those of the sources, mapped to their lines.
    let report = scan(&format!("{BAD}/plan.json"));
    assert_eq!(report["inputs"], serde_json::json!([format!("{BAD}/plan.json")]));
    assert_bad_findings(&report);
    assert_eq!(org(&report, "undecided"), []);
}

#[test]
fn the_good_fixture_has_no_finding_and_nothing_undecided() {
    let report = scan("examples/policies/fixtures/good");
    assert_eq!(org(&report, "findings"), []);
    assert_eq!(org(&report, "undecided"), []);
    // ORG003 had something to check: the public bucket is public (and classified so).
    let verdicts: Vec<&str> = report["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["exposure"]["verdict"].as_str())
        .collect();
    assert_eq!(verdicts, ["private", "private", "public-read"]);
}
