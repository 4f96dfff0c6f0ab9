//! Skip comments of checkov, trivy/tfsec and KICS are honoured where the skipped check maps to a
//! bucketguard policy (README, "Migrating from other scanners").

use std::process::Command;

/// (bucket, policy, the reason when suppressed) of every finding of a scan of `tf`, and its warnings.
type Found = Vec<(String, String, Option<String>)>;

fn scan(tf: &str) -> (Found, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), tf).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bucketguard"))
        .args(["scan", ".", "--format", "json", "--today", "2027-01-01"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let reason = f["suppressed"]["reason"].as_str().map(str::to_string);
            let bucket = f["bucket"].as_str().unwrap().to_string();
            (bucket, f["policy_id"].as_str().unwrap().to_string(), reason)
        })
        .collect();
    (findings, doc["warnings"].to_string())
}

/// The finding of policy `id` (on the only or first bucket): `Some(None)` reported,
/// `Some(Some(reason))` suppressed, `None` absent.
fn reason(findings: &Found, id: &str) -> Option<Option<String>> {
    findings
        .iter()
        .find(|(_, p, _)| p == id)
        .map(|(_, _, r)| r.clone())
}

#[test]
fn checkov_skip_keeps_its_reason_and_skips_only_mapped_checks() {
    let (f, warnings) = scan(
        r#"resource "aws_s3_bucket" "b" {
  #checkov:skip=CKV_AWS_20:public dataset, approved in SEC-7
  #checkov:skip=CKV_AWS_144:no replication for this one
  bucket = "b"
  acl    = "public-read"
}
"#,
    );
    assert_eq!(
        reason(&f, "BG103"),
        Some(Some("public dataset, approved in SEC-7".into()))
    );
    // Not skipped: reported as usual.
    assert_eq!(reason(&f, "BG111"), Some(None));
    // A skip with no counterpart (replication) is neither applied nor a warning.
    assert!(
        !warnings.contains("CKV_AWS_144") && !warnings.contains("unused"),
        "{warnings}"
    );
}

#[test]
fn trivy_and_tfsec_ignores_with_expiry() {
    let (f, warnings) = scan(
        r#"#trivy:ignore:AVD-AWS-0094
#tfsec:ignore:aws-s3-no-public-access-with-acl:exp:2026-06-30
resource "aws_s3_bucket" "b" {
  bucket = "b"
  acl    = "public-read"
}
"#,
    );
    assert_eq!(
        reason(&f, "BG111"),
        Some(Some("trivy:ignore:AVD-AWS-0094 (migrated from trivy)".into()))
    );
    // Expired before --today: reported, with a warning.
    assert_eq!(reason(&f, "BG103"), Some(None));
    assert!(
        warnings.contains("suppression expired on 2026-06-30"),
        "{warnings}"
    );
}

#[test]
fn kics_ignore_line_skips_the_next_line_and_ignore_block_the_block() {
    let (f, _) = scan(
        r#"resource "aws_s3_bucket" "b" {
  bucket = "b"
  # kics-scan ignore-line
  acl    = "public-read"
}

# kics-scan ignore-block
resource "aws_s3_bucket" "c" {
  bucket = "c"
  acl    = "public-read"
}
"#,
    );
    let on = |bucket: &str, id: &str| {
        f.iter()
            .find(|(b, p, _)| b == bucket && p == id)
            .map(|(_, _, r)| r.clone())
    };
    // Bucket b: the finding on the ACL line is skipped, the one at the block header is not.
    let line = "kics-scan ignore-line (migrated from KICS)";
    assert_eq!(on("aws_s3_bucket.b", "BG103"), Some(Some(line.into())), "{f:?}");
    assert_eq!(on("aws_s3_bucket.b", "BG111"), Some(None), "{f:?}");
    // Bucket c: every finding skipped.
    let block = Some("kics-scan ignore-block (migrated from KICS)".to_string());
    let c: Vec<_> = f.iter().filter(|(b, _, _)| b == "aws_s3_bucket.c").collect();
    assert!(c.len() > 2 && c.iter().all(|(_, _, r)| *r == block), "{c:?}");
}

#[test]
fn a_marker_in_a_string_is_not_a_skip() {
    let (f, _) = scan(
        r##"resource "aws_s3_bucket" "b" {
  bucket = "b"
  acl    = "public-read"
  tags   = { note = "#checkov:skip=CKV_AWS_20:not a comment" }
}
"##,
    );
    assert_eq!(reason(&f, "BG103"), Some(None));
}
