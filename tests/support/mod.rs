//! The skip policy shared by the integration tests that need a program outside Rust (terraform,
//! python3 with PyYAML) or this machine's `../shared` (README, "Development"):
//! - tool present: the test runs;
//! - tool missing and `CI=true`: the test fails, since the workflow installs every tool and a
//!   missing one is a broken setup, not a reason to pass;
//! - tool missing elsewhere: the test says why on the terminal and returns.
//!
//! Tests on `../shared` (which exists only on the development machine) are `#[ignore]`d instead
//! and run by `.ci/run` when it is there; run explicitly, they fail when it is missing.

// Each test crate uses part of this module.
#![allow(dead_code)]

pub mod scan;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `bucketguard ARGS` in `dir`, colours off, for tests that set more (the environment).
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bucketguard"));
    c.args(args).current_dir(dir).env("NO_COLOR", "1");
    c
}

/// `bucketguard ARGS` run in `dir`.
pub fn bucketguard_in(dir: &Path, args: &[&str]) -> std::process::Output {
    command(dir, args).output().expect("run bucketguard")
}

/// `bucketguard ARGS` run in the repository's root.
pub fn bucketguard(args: &[&str]) -> std::process::Output {
    bucketguard_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// The entries of a JSON report's `list` (`findings`, `undecided`) that `keep` selects, as
/// (policy id, bucket, file, line), sorted.
pub fn report_rows(
    list: &serde_json::Value,
    keep: impl Fn(&serde_json::Value) -> bool,
) -> Vec<(String, String, String, u64)> {
    let text = |v: &serde_json::Value| v.as_str().expect("a string").to_string();
    let mut rows: Vec<_> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter(|f| keep(f))
        .map(|f| {
            (
                text(&f["policy_id"]),
                text(&f["bucket"]),
                text(&f["location"]["file"]),
                f["location"]["line"].as_u64().expect("a line"),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// GitHub Actions (and most CI services) set `CI=true`.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether `what` (needed by `test`) is available; see the module comment for what happens when
/// it is not. The skip note goes straight to stderr: the harness's capture would hide it.
pub fn available(ok: bool, test: &str, what: &str) -> bool {
    if ok {
        return true;
    }
    assert!(
        !ci(),
        "{test}: {what} is missing and CI=true: install it (see .github/workflows/ci.yml)"
    );
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: {what} is missing (CI=true makes this a failure)"
    );
    false
}

/// Whether `program args...` starts and exits 0.
pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The repository's `../shared`, or `$BUCKETGUARD_SHARED` (worktrees live elsewhere).
pub fn shared() -> PathBuf {
    std::env::var_os("BUCKETGUARD_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    )
}

/// A filesystem mirror holding hashicorp/aws for `terraform init`: `TF_PROVIDER_MIRROR`, else
/// /opt/tf-plugins or one found near the root (offline, as on the development machine); else,
/// when `CI=true` or `BUCKETGUARD_TF_REGISTRY=1`, one made from the registry with `terraform
/// providers mirror` under target/tmp (GitHub's runners are online), so the tests' many `init`s
/// download the provider once. `None` (skip) when there is neither.
pub fn provider_mirror(test: &str) -> Option<PathBuf> {
    let has_aws = |m: &Path| m.join("registry.terraform.io/hashicorp/aws").is_dir();
    if let Some(m) = std::env::var_os("TF_PROVIDER_MIRROR").map(PathBuf::from) {
        return available(
            has_aws(&m),
            test,
            &format!("hashicorp/aws in TF_PROVIDER_MIRROR={}", m.display()),
        )
        .then_some(m);
    }
    if let Some(m) = local_mirror() {
        return Some(m);
    }
    let online = ci() || std::env::var("BUCKETGUARD_TF_REGISTRY").is_ok_and(|v| v == "1");
    if !available(
        online,
        test,
        "a provider mirror (TF_PROVIDER_MIRROR, /opt/tf-plugins; BUCKETGUARD_TF_REGISTRY=1 downloads one)",
    ) {
        return None;
    }
    let mirror = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tf-provider-mirror");
    if !has_aws(&mirror) {
        let config = tempfile::tempdir().unwrap();
        let versions = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/demo/versions.tf");
        std::fs::copy(versions, config.path().join("versions.tf")).unwrap();
        let out = Command::new("terraform")
            .args(["providers", "mirror"])
            .arg(&mirror)
            .current_dir(config.path())
            .env("CHECKPOINT_DISABLE", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "terraform providers mirror: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Some(mirror)
}

/// /opt/tf-plugins, or a `registry.terraform.io` directory with hashicorp/aws up to four levels
/// below the root.
fn local_mirror() -> Option<PathBuf> {
    let opt = PathBuf::from("/opt/tf-plugins");
    if opt.join("registry.terraform.io/hashicorp/aws").is_dir() {
        return Some(opt);
    }
    let out = Command::new("find")
        .args([
            "/",
            "-maxdepth",
            "4",
            "-type",
            "d",
            "-name",
            "registry.terraform.io",
        ])
        .args(["-not", "-path", "/proc/*"])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(Path::new)
        .find(|p| p.join("hashicorp/aws").is_dir())
        .and_then(|p| p.parent().map(Path::to_path_buf))
}

/// A terraform CLI configuration that installs providers from `mirror` only.
pub fn mirror_config(mirror: &Path) -> String {
    format!(
        "provider_installation {{\n  filesystem_mirror {{\n    path    = {:?}\n    include = [\"registry.terraform.io/*/*\"]\n  }}\n  \
         direct {{\n    exclude = [\"registry.terraform.io/*/*\"]\n  }}\n}}\n",
        mirror.display().to_string()
    )
}
