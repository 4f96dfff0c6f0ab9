//! `bucketguard scan tf.plan` on a real binary plan: it runs `terraform show -json` and maps the
//! findings to the `.tf` lines next to the plan. Needs terraform and the AWS provider: from a
//! local mirror (offline, as on the development machine) or the registry under `CI=true`
//! (`support::provider_mirror`). Skip policy: tests/support (a failure under `CI=true`).

mod support;

use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() && e.file_name() != "plan.json" {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn binary_plan_is_shown_and_mapped_to_sources() {
    let test = "binary_plan_is_shown_and_mapped_to_sources";
    if !support::available(support::runs("terraform", &["version"]), test, "terraform") {
        return;
    }
    let Some(mirror) = support::provider_mirror(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("demo");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/demo"),
        &work,
    );
    let tfrc = dir.path().join("tfrc");
    std::fs::write(&tfrc, support::mirror_config(&mirror)).unwrap();
    std::fs::write(
        work.join("zz_offline.tf"),
        "provider \"aws\" {\n  region = \"us-east-1\"\n  access_key = \"AKIAEXAMPLE\"\n  secret_key = \"example\"\n  skip_credentials_validation = true\n  skip_requesting_account_id = true\n  skip_metadata_api_check = true\n  skip_region_validation = true\n}\n",
    )
    .unwrap();
    let terraform = |args: &[&str]| {
        let out = Command::new("terraform")
            .args(args)
            .current_dir(&work)
            .env("TF_CLI_CONFIG_FILE", &tfrc)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "terraform {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    terraform(&["init", "-input=false", "-no-color"]);
    terraform(&[
        "plan",
        "-input=false",
        "-refresh=false",
        "-no-color",
        "-out=tf.plan",
    ]);

    let out = Command::new(env!("CARGO_BIN_EXE_bucketguard"))
        .args(["scan", "demo/tf.plan", "--format", "json"])
        .current_dir(dir.path())
        .env("TF_CLI_CONFIG_FILE", &tfrc)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["errors"].as_array().unwrap().is_empty(), "{}", doc["errors"]);
    let findings = doc["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["policy_id"] == "BG103"));
    assert!(
        findings.iter().all(|f| f["location"]["file"] == "demo/main.tf"),
        "plan findings must point at the sources"
    );
}
