//! Linking decisions pinned one by one: which bucket a separate `aws_s3_bucket_*` resource
//! configures (`src/model/link.rs`), and what a bucket outside the scan it names carries. Each
//! test scans a small Terraform configuration through the public API and names the Terraform
//! behaviour it pins. Written to kill the mutants cargo-mutants left alive (bench/MUTANTS.md).

use bucketguard::scan::ScanResult;

mod support;
use support::scan::scan_tf;

/// Every bucket of the report, outside the scan too, with its exposure verdict.
fn buckets(r: &ScanResult) -> Vec<(String, &str)> {
    r.exposures
        .iter()
        .map(|e| (e.bucket.to_string(), e.verdict.as_str()))
        .collect()
}

/// Where each resource that no bucket takes is, and why: (address, reason).
fn unlinked(r: &ScanResult) -> Vec<(String, String)> {
    r.unlinked
        .iter()
        .map(|u| (u.address.clone(), u.reason.clone()))
        .collect()
}

/// A versioning resource `v` and a bucket policy `p` (a Deny of plain HTTP) on `bucket`.
fn two_on(bucket: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_versioning\" \"v\" {{\n  bucket = \"{bucket}\"\n  \
         versioning_configuration {{\n    status = \"Enabled\"\n  }}\n}}\n\
         resource \"aws_s3_bucket_policy\" \"p\" {{\n  bucket = \"{bucket}\"\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Deny\", \"Principal\": \"*\", \
         \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::{bucket}/*\", \
         \"Condition\": {{\"Bool\": {{\"aws:SecureTransport\": \"false\"}}}}}}]}}\nEOF\n}}\n"
    )
}

/// `bucket = element([aws_s3_bucket_versioning.v.id, aws_s3_bucket_policy.p.id], 0)` with both
/// on the bucket `ext-a` outside the scan names that one bucket: the private ACL is linked to it,
/// and with its policy written too it is decided private (an ACL left over as naming several
/// buckets would leave `ext-a`'s ACL unseen: unknown).
#[test]
fn two_chains_to_the_same_bucket_outside_the_scan_name_that_bucket() {
    let acl = "resource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = element([aws_s3_bucket_versioning.v.id, \
        aws_s3_bucket_policy.p.id], 0)\n  acl    = \"private\"\n}\n";
    let r = scan_tf(&format!("{}{acl}", two_on("ext-a")));
    assert_eq!(unlinked(&r), []);
    assert_eq!(buckets(&r), [("external:ext-a".to_string(), "private")]);
}
