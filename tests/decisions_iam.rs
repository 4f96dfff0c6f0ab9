//! Security decisions of the IAM policy reader (`model::iam`: documents, readings of partly known
//! documents, actions, ARN and wildcard matching) pinned one by one: each test scans a small
//! Terraform configuration through the public API and checks the finding, the undecided verdict or
//! the exposure S3 would give. Written to kill the mutants cargo-mutants left alive
//! (bench/MUTANTS.md), so each test names the AWS or Terraform behaviour it pins.

use std::collections::BTreeSet;

use bucketguard::scan::ScanResult;

mod support;
use support::scan::{scan_tf, verdict};

/// (policy id, bucket address) of every finding.
fn findings(r: &ScanResult) -> BTreeSet<(String, String)> {
    r.findings
        .iter()
        .map(|f| (f.policy.meta.id.clone(), f.bucket.to_string()))
        .collect()
}

/// (policy id, bucket address) of every undecided check.
fn undecided(r: &ScanResult) -> BTreeSet<(String, String)> {
    r.undecided
        .iter()
        .map(|u| (u.policy.meta.id.clone(), u.bucket.to_string()))
        .collect()
}

fn has(r: &ScanResult, id: &str, bucket: &str) -> bool {
    findings(r).contains(&(id.to_string(), bucket.to_string()))
}

fn is_undecided(r: &ScanResult, id: &str, bucket: &str) -> bool {
    undecided(r).contains(&(id.to_string(), bucket.to_string()))
}

fn reasons(r: &ScanResult, bucket: &str) -> Vec<String> {
    r.exposures
        .iter()
        .find(|e| e.bucket == bucket)
        .unwrap_or_else(|| panic!("no exposure for {bucket}"))
        .reasons
        .iter()
        .map(bucketguard::exposure::describe)
        .collect()
}

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"iam-b\"\n}\n";
const B: &str = "aws_s3_bucket.b";

/// A bucket policy on `aws_s3_bucket.b` with these statements (JSON objects, comma-separated) in a
/// heredoc, and a string variable `x` with no value that they may use (`${var.x}`).
fn policy(statements: &str) -> String {
    format!(
        "variable \"x\" {{\n  type = string\n}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}\nEOF\n}}\n"
    )
}

/// A condition operator that is not known may be a negated one (`StringNotEquals`: the Allow is
/// public) or a restricting one (`StringEquals` on a VPC endpoint: it is not), so the public
/// Allow is neither proven public nor proven private: the verdict is unknown, BG122 undecided.
#[test]
fn an_unknown_condition_operator_leaves_a_public_allow_undecided() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*", "Condition": {"${var.x}": {"aws:SourceVpce": "vpce-1"}}}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(allow)));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    assert!(is_undecided(&r, "BG122", B), "{:?}", undecided(&r));
    assert!(!has(&r, "BG122", B), "{:?}", findings(&r));
}
