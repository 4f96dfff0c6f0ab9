//! The binary as users run it: exit codes, usage errors, bad input, plans.

use std::path::Path;
use std::process::{Command, Output};

fn bucketguard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bucketguard"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run bucketguard")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn rules_lists_the_catalog() {
    let out = bucketguard(&["rules"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for id in ["BG101", "BG111", "BG121", "BG203", "BG302", "BG402"] {
        assert!(text.contains(id), "{id} missing from:\n{text}");
    }
    assert!(text.contains("acl-public-read") && text.contains("critical"));
}

#[test]
fn demo_fails_at_the_default_threshold() {
    let out = bucketguard(&["scan", "testdata/demo", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    let findings = doc["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["policy_id"] == "BG103"),
        "no BG103 in the demo"
    );
    assert!(doc["errors"].as_array().unwrap().is_empty());
}

#[test]
fn fail_on_and_select_change_the_exit_code() {
    // Only medium findings selected: not failing at `high`, failing at `medium`.
    let high = bucketguard(&[
        "scan",
        "testdata/demo",
        "--select",
        "versioning-disabled",
        "--format",
        "json",
    ]);
    assert_eq!(high.status.code(), Some(0));
    assert!(!json(&high)["findings"].as_array().unwrap().is_empty());
    let medium = bucketguard(&[
        "scan",
        "testdata/demo",
        "--select",
        "BG401",
        "--fail-on",
        "medium",
    ]);
    assert_eq!(medium.status.code(), Some(1));
    let never = bucketguard(&["scan", "testdata/demo", "--fail-on", "never"]);
    assert_eq!(never.status.code(), Some(0));
    let ignored = bucketguard(&[
        "scan",
        "testdata/demo",
        "--ignore",
        "BG401,acl-public-read",
        "--format",
        "json",
    ]);
    let doc = json(&ignored);
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["policy_id"] != "BG401" && f["policy_id"] != "BG103")
    );
}

#[test]
fn unknown_policy_is_a_usage_error() {
    let out = bucketguard(&["scan", "testdata/demo", "--select", "BG999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("BG999"));
}

#[test]
fn bad_input_names_file_line_column_and_the_rest_is_scanned() {
    let out = bucketguard(&[
        "scan",
        "testdata/bad-input",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["file"], "testdata/bad-input/broken.tf");
    assert_eq!(errors[0]["line"], 3);
    assert!(errors[0]["column"].as_u64().unwrap() >= 1);
    let buckets: Vec<_> = doc["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["address"].clone())
        .collect();
    assert!(buckets.contains(&"aws_s3_bucket.ok".into()), "{buckets:?}");
}

#[test]
fn plan_json_is_scanned() {
    let out = bucketguard(&["scan", "testdata/demo/plan.json", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["policy_id"] == "BG103")
    );
}

#[test]
fn binary_plan_without_terraform_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("tf.plan");
    std::fs::write(&plan, b"PK\x03\x04not really a plan").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bucketguard"))
        .args(["scan", plan.to_str().unwrap(), "--format", "json"])
        .env("PATH", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    let message = doc["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("terraform show -json"), "{message}");
}

#[test]
fn report_goes_to_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.sarif");
    let out = bucketguard(&[
        "scan",
        "testdata/demo",
        "--format",
        "sarif",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(&file)).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}
