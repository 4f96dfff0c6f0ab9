//! Scanning a small Terraform configuration through the public API, for the tests that pin one
//! decision at a time.

use std::collections::BTreeSet;
use std::path::PathBuf;

use bucketguard::{ScanResult, Settings, scan};

/// Scan `config` as the only file (main.tf) of a fresh directory, with the default policies.
pub fn scan_tf(config: &str) -> ScanResult {
    scan_with(config, |_| {})
}

/// As [`scan_tf`], with the settings adjusted by `tweak` first. The configuration must load
/// without input errors.
pub fn scan_with(config: &str, tweak: impl FnOnce(&mut Settings)) -> ScanResult {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("main.tf"), config).unwrap();
    let mut settings = Settings::new(vec![tmp.path().to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = PathBuf::from(tmp.path());
    tweak(&mut settings);
    let result = scan(&settings);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
}

/// The exposure verdict of `bucket`.
pub fn verdict(result: &ScanResult, bucket: &str) -> &'static str {
    result
        .exposures
        .iter()
        .find(|e| e.bucket == bucket)
        .unwrap_or_else(|| panic!("no exposure for {bucket}"))
        .verdict
        .as_str()
}

/// (policy id, bucket address) of every finding.
pub fn findings(r: &ScanResult) -> BTreeSet<(String, String)> {
    r.findings
        .iter()
        .map(|f| (f.policy.meta.id.clone(), f.bucket.to_string()))
        .collect()
}

/// (policy id, bucket address) of every undecided check.
pub fn undecided(r: &ScanResult) -> BTreeSet<(String, String)> {
    r.undecided
        .iter()
        .map(|u| (u.policy.meta.id.clone(), u.bucket.to_string()))
        .collect()
}

/// Whether `bucket` has a finding of policy `id`.
pub fn has(r: &ScanResult, id: &str, bucket: &str) -> bool {
    findings(r).contains(&(id.to_string(), bucket.to_string()))
}

/// Whether the check of policy `id` on `bucket` is undecided.
pub fn is_undecided(r: &ScanResult, id: &str, bucket: &str) -> bool {
    undecided(r).contains(&(id.to_string(), bucket.to_string()))
}

/// The exposure's reasons as `--explain` words them.
pub fn reasons(r: &ScanResult, bucket: &str) -> Vec<String> {
    r.exposures
        .iter()
        .find(|e| e.bucket == bucket)
        .unwrap_or_else(|| panic!("no exposure for {bucket}"))
        .reasons
        .iter()
        .map(bucketguard::exposure::describe)
        .collect()
}

/// A bucket policy on `aws_s3_bucket.b` with these statements (JSON objects, comma-separated).
pub fn policy(statements: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}\nEOF\n}}\n"
    )
}

/// A separate canned ACL (`aws_s3_bucket_acl.b`) on `aws_s3_bucket.b`.
pub fn acl(canned: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_acl\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  acl    = \"{canned}\"\n}}\n"
    )
}

/// A separate ACL (`aws_s3_bucket_acl.g`) on `aws_s3_bucket.b` with one grant of `permission`
/// to `grantee` (the body of its `grantee` block).
pub fn acl_grant(permission: &str, grantee: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_acl\" \"g\" {{\n  bucket = aws_s3_bucket.b.id\n  \
         access_control_policy {{\n    owner {{\n      id = \"ownerid\"\n    }}\n    grant {{\n      \
         permission = \"{permission}\"\n      grantee {{\n        {grantee}\n      }}\n    }}\n  }}\n}}\n"
    )
}
