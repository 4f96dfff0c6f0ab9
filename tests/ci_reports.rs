//! The reports other CI systems ingest (`--format junit`, `--format codequality`), checked
//! against the JSON report of the same scan and, for JUnit, parsed as XML.

use std::path::Path;
use std::process::Output;

mod support;

fn bucketguard(dir: &Path, args: &[&str]) -> Output {
    support::command(dir, args)
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .expect("run bucketguard")
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn report(dir: &Path, path: &str, format: &str) -> String {
    let out = bucketguard(dir, &["scan", path, "--format", format, "--fail-on", "never"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_report(dir: &Path, path: &str) -> serde_json::Value {
    serde_json::from_str(&report(dir, path, "json")).unwrap()
}

/// The findings of a JSON report that take effect, as (policy, bucket, file, line).
fn effective(doc: &serde_json::Value) -> Vec<(String, String, String, u64)> {
    support::report_rows(&doc["findings"], |f| f["neutralized_by"].is_null())
}

#[test]
fn junit_has_a_case_per_bucket_and_policy_and_a_failure_per_effective_finding() {
    let doc = json_report(repo(), "testdata/demo");
    let xml = report(repo(), "testdata/demo", "junit");
    let tree = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = tree.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    // The demo's 4 buckets × the 21 bucket policies on by default, and BG501 once for the scan.
    assert_eq!(doc["summary"]["buckets"], 4);
    assert_eq!(cases.len(), 4 * 21 + 1);
    assert_eq!(root.attribute("tests"), Some("85"));
    let mut failed: Vec<_> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| {
            let suite = c.parent().unwrap().attribute("name").unwrap();
            let bucket = suite.split_once(": ").unwrap().1.to_string();
            let policy = c
                .attribute("name")
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_string();
            let file = c.attribute("file").unwrap().to_string();
            (
                policy,
                bucket,
                file,
                c.attribute("line").unwrap().parse().unwrap(),
            )
        })
        .collect();
    failed.sort();
    assert_eq!(failed, effective(&doc));
    assert_eq!(
        root.attribute("failures"),
        Some(failed.len().to_string().as_str())
    );
    // The demo's neutralized findings pass, with a note.
    let notes = xml.matches("<system-out>neutralized: ").count();
    let neutralized = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["neutralized_by"].is_null())
        .count();
    assert!(neutralized > 0);
    assert_eq!(notes, neutralized);
}

const HOSTILE: &str = r#"
variable "name" {
  default = "x]]></failure><script>alert(1)</script>&amp;\u001b[31m\u202e'\""
}

resource "aws_s3_bucket" "b" {
  bucket = var.name
  acl    = "public-read"
}

resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = var.unknown_policy
}

variable "unknown_policy" {
  type = string
}

resource "aws_s3_bucket" "c" {
  bucket = "c"
}

resource "aws_s3_bucket_policy" "c" {
  bucket = aws_s3_bucket.c.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = var.name
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::c/*"
    }]
  })
}

resource "aws_s3_bucket" "quiet" {
  bucket = "quiet" # bucketguard:ignore[BG103] reason: approved in SEC-1
  acl    = "public-read"
}
"#;

/// Text from scanned files cannot break the XML or carry terminal escapes; undecided and
/// suppressed checks are skipped with their reason.
#[test]
fn junit_escapes_hostile_text_and_skips_undecided_and_suppressed_checks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), HOSTILE).unwrap();
    let xml = report(dir.path(), ".", "junit");
    let tree = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    // The hostile Sid is quoted in BG122's message: there as text, escaped.
    let failures: String = tree
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .filter_map(|n| n.text())
        .collect();
    assert!(failures.contains("<script>alert(1)</script>&amp;"), "{failures}");
    assert!(!xml.contains('\u{1b}') && !xml.contains('\u{202e}'), "{xml}");
    assert!(!tree.descendants().any(|n| n.has_tag_name("script")));
    let skipped: Vec<&str> = tree
        .descendants()
        .filter(|n| n.has_tag_name("skipped"))
        .filter_map(|n| n.attribute("message"))
        .collect();
    assert!(
        skipped.iter().any(|m| m.starts_with("undecided: ")),
        "{skipped:?}"
    );
    assert!(skipped.contains(&"suppressed: approved in SEC-1"), "{skipped:?}");
}

#[test]
fn codequality_has_an_issue_per_finding_with_unique_fingerprints() {
    let doc = json_report(repo(), "testdata/demo");
    let text = report(repo(), "testdata/demo", "codequality");
    let issues: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(issues.len(), findings.len());
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints must be unique");
    for (i, f) in issues.iter().zip(findings) {
        assert_eq!(i["type"], "issue");
        assert_eq!(
            i["check_name"],
            format!(
                "{} {}",
                f["policy_id"].as_str().unwrap(),
                f["slug"].as_str().unwrap()
            )
        );
        assert_eq!(i["location"]["path"], f["location"]["file"]);
        assert_eq!(i["location"]["lines"]["begin"], f["location"]["line"]);
        // Code Climate severities: a neutralized finding is info, as it is a note everywhere.
        let expected = match (f["neutralized_by"].is_null(), f["severity"].as_str().unwrap()) {
            (false, _) => "info",
            (true, "critical") => "blocker",
            (true, "high") => "critical",
            (true, "medium") => "major",
            (true, "low") => "minor",
            (_, other) => panic!("severity {other}"),
        };
        assert_eq!(i["severity"], expected, "{i}");
    }
    assert!(issues.iter().any(|i| i["severity"] == "info"));
}
