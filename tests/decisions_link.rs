//! Linking decisions pinned one by one: which bucket a separate `aws_s3_bucket_*` resource
//! configures (`src/model/link.rs`), and what a bucket outside the scan it names carries. Each
//! test scans a small Terraform configuration through the public API and names the Terraform
//! behaviour it pins. Written to kill the mutants cargo-mutants left alive (bench/MUTANTS.md).

use bucketguard::scan::ScanResult;
use bucketguard::{Settings, scan};

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

/// A bucket outside the scan named in a module shows the module call, also when its name is
/// built from a bucket's (`bucket = "${aws_s3_bucket.b.id}-logs"` in module `m`, `b` on
/// `dec-b`): the public-write ACL's finding on `external:dec-b-logs` is related to the call.
#[test]
fn a_bucket_outside_named_from_a_bucket_name_in_a_module_shows_the_module_call() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("m")).unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        "module \"m\" {\n  source = \"./m\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("m/main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"dec-b\"\n}\n\
         resource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = \"${aws_s3_bucket.b.id}-logs\"\n  \
         acl    = \"public-read-write\"\n}\n",
    )
    .unwrap();
    let settings = Settings::new(vec![tmp.path().to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    let r = scan(&settings);
    let f = r
        .findings
        .iter()
        .find(|f| f.policy.meta.id == "BG101")
        .expect("a public-write ACL finding");
    assert_eq!(&*f.bucket, "external:dec-b-logs");
    let related: Vec<&str> = f.related.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(related, ["in module call `module.m`"]);
}

/// A bucket outside the scan named by a partly known string (`"${var.p}-logs"`, `var.p` with no
/// value) has a name that is not known for the reason its unknown part gives, as custom
/// policies see it: `var.p has no value`.
#[test]
fn a_partly_known_name_of_a_bucket_outside_is_not_known_for_its_unknown_part() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        "variable \"p\" {\n  type = string\n}\n\
         resource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = \"${var.p}-logs\"\n  acl    = \"private\"\n}\n",
    )
    .unwrap();
    let settings = Settings::new(vec![tmp.path().to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    let (docs, errors) = bucketguard::scan::input_documents(&settings, "*");
    assert!(errors.is_empty(), "{errors:?}");
    let names: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|d| {
            let name = &d["name"];
            (
                d["address"].as_str().unwrap_or(""),
                name["state"].as_str().unwrap_or(""),
                name["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        names,
        [("external:{${var.p}-logs}", "unknown", "var.p has no value")]
    );
}
