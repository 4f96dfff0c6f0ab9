//! Values outside the AWS provider's enums and missing required arguments (testdata/provider-invalid,
//! every such line marked `# rejected`): an input error each, at its line, and the setting is
//! read as unknown, never as a valid value. Terraform itself rejects the fixture with as many
//! errors (through ../shared/tools/tf-plan-json: `#[ignore]`d, run by `.ci/run` when present).

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use bucketguard::scan::{ScanResult, exit_code};
use bucketguard::{Settings, scan};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/provider-invalid")
}

fn marked_lines() -> BTreeSet<u32> {
    let text = std::fs::read_to_string(fixture().join("main.tf")).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains("# rejected"))
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

fn scanned() -> (ScanResult, Settings) {
    let mut settings = Settings::new(vec![fixture()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    (scan(&settings), settings)
}

fn has(pairs: &[(String, String)], policy: &str, bucket: &str) -> bool {
    pairs.iter().any(|(p, b)| p == policy && b == bucket)
}

#[test]
fn each_rejected_value_is_an_input_error_at_its_line() {
    let (result, settings) = scanned();
    let lines: BTreeSet<u32> = result.errors.iter().filter_map(|e| e.line).collect();
    assert_eq!(lines, marked_lines(), "{:#?}", result.errors);
    assert_eq!(result.errors.len(), marked_lines().len(), "{:#?}", result.errors);
    for e in &result.errors {
        assert!(e.message.starts_with("terraform will reject this: "), "{e:?}");
        assert!(e.path.ends_with("provider-invalid/main.tf"), "{e:?}");
    }
    let sse = result.errors.iter().find(|e| e.line == Some(14)).unwrap();
    assert_eq!(
        sse.message,
        "terraform will reject this: sse_algorithm must be one of AES256, aws:kms, aws:kms:dsse, not \"metallica\""
    );
    // Invalid configuration, as a parse error is.
    assert_eq!(exit_code(&result, &settings), 2);
}

#[test]
fn rejected_settings_are_unknown_not_valid_values() {
    let (result, _) = scanned();
    let pairs = |v: Vec<(&str, &str)>| -> Vec<(String, String)> {
        v.into_iter()
            .map(|(p, b)| (p.to_string(), b.to_string()))
            .collect()
    };
    let found = pairs(
        result
            .findings
            .iter()
            .map(|f| (f.policy.meta.id.as_str(), &*f.bucket))
            .collect(),
    );
    let undecided = pairs(
        result
            .undecided
            .iter()
            .map(|u| (u.policy.meta.id.as_str(), &*u.bucket))
            .collect(),
    );
    // "metallica" is not SSE-S3 (BG202), and a rule without sse_algorithm is not "no encryption".
    for (policy, bucket) in [
        ("BG202", "aws_s3_bucket.sse"),
        ("BG202", "aws_s3_bucket.sse_missing"),
        // "On" is not a disabled versioning (BG401), nor is a configuration without status.
        ("BG401", "aws_s3_bucket.versioned"),
        ("BG401", "aws_s3_bucket.incomplete"),
    ] {
        assert!(!has(&found, policy, bucket), "{policy} {bucket} found: {found:?}");
        assert!(
            has(&undecided, policy, bucket),
            "{policy} {bucket} not undecided: {undecided:?}"
        );
    }
    let reason = result
        .undecided
        .iter()
        .find(|u| u.policy.meta.id == "BG202" && &*u.bucket == "aws_s3_bucket.sse")
        .unwrap();
    assert!(
        reason.reason.contains("terraform will reject this"),
        "{}",
        reason.reason
    );
    // "website" is not a private ACL: whether the bucket is public is not known.
    let website = result
        .exposures
        .iter()
        .find(|e| e.bucket == "aws_s3_bucket.website")
        .unwrap();
    assert_eq!(website.verdict.as_str(), "unknown");
}

/// The fixture is what its comments say: Terraform rejects it, with one error per marked line.
/// Through ../shared/tools/tf-plan-json, which exists only on the development machine.
#[test]
#[ignore = "needs ../shared/tools/tf-plan-json (this machine only): run by .ci/run when present"]
fn terraform_rejects_the_fixture_as_often() {
    let tool = support::shared().join("tools/tf-plan-json");
    assert!(
        tool.is_file(),
        "{} is missing: set BUCKETGUARD_SHARED",
        tool.display()
    );
    assert!(which("terraform"), "terraform is not on PATH");
    let out = Command::new(tool)
        .arg(fixture())
        .arg("/dev/null")
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "terraform accepted testdata/provider-invalid"
    );
    let log = String::from_utf8_lossy(&out.stderr);
    let errors = log.lines().filter(|l| l.starts_with("Error: ")).count();
    assert_eq!(errors, marked_lines().len(), "{log}");
}

fn which(cmd: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(cmd).is_file()))
}

/// A module instantiated twice holds one rejected value: one error, at the module's line.
#[test]
fn one_error_per_place_however_many_module_instances() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "module \"m\" {\n  for_each = toset([\"a\", \"b\"])\n  source   = \"./m\"\n  name     = each.key\n}\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("m")).unwrap();
    std::fs::write(
        dir.path().join("m/main.tf"),
        "variable \"name\" {}\n\
         resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n\
         resource \"aws_s3_bucket_ownership_controls\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  \
         rule {\n    object_ownership = \"BucketOwnerEnforce\"\n  }\n}\n",
    )
    .unwrap();
    let mut settings = Settings::new(vec![dir.path().to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = dir.path().to_path_buf();
    let result = scan(&settings);
    let errors: Vec<_> = result.errors.iter().map(|e| (e.path.as_str(), e.line)).collect();
    assert_eq!(errors, [("m/main.tf", Some(8))], "{:?}", result.errors);
    // Both instances' BG106 (ACLs not disabled) depend on the rejected value: undecided.
    let undecided = result
        .undecided
        .iter()
        .filter(|u| u.policy.meta.id == "BG106")
        .count();
    assert_eq!(undecided, 2);
}
