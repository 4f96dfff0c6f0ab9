//! `bucketguard scan tf.plan` on a real binary plan: it runs `terraform show -json` and maps the
//! findings to the `.tf` lines next to the plan. Needs terraform and a local provider mirror
//! (`TF_PROVIDER_MIRROR`, or /opt/tf-plugins); skipped, saying why, when they are missing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn mirror() -> Option<PathBuf> {
    let m = std::env::var_os("TF_PROVIDER_MIRROR")
        .map_or_else(|| PathBuf::from("/opt/tf-plugins"), PathBuf::from);
    m.join("registry.terraform.io/hashicorp/aws")
        .is_dir()
        .then_some(m)
}

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
    let (Some(mirror), Ok(_)) = (mirror(), Command::new("terraform").arg("version").output()) else {
        eprintln!("skipped: terraform or the provider mirror is not available");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("demo");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/demo"),
        &work,
    );
    std::fs::write(
        dir.path().join("tfrc"),
        format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path = \"{}\"\n    include = [\"registry.terraform.io/*/*\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/*/*\"]\n  }}\n}}\n",
            mirror.display()
        ),
    )
    .unwrap();
    std::fs::write(
        work.join("zz_offline.tf"),
        "provider \"aws\" {\n  region = \"us-east-1\"\n  access_key = \"AKIAEXAMPLE\"\n  secret_key = \"example\"\n  skip_credentials_validation = true\n  skip_requesting_account_id = true\n  skip_metadata_api_check = true\n  skip_region_validation = true\n}\n",
    )
    .unwrap();
    let terraform = |args: &[&str]| {
        let out = Command::new("terraform")
            .args(args)
            .current_dir(&work)
            .env("TF_CLI_CONFIG_FILE", dir.path().join("tfrc"))
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
        .env("TF_CLI_CONFIG_FILE", dir.path().join("tfrc"))
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
