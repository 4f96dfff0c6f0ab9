//! Snapshots of real scans: the binary run on the demo and on fixtures, from sources and from
//! their real plans, in text, JSON and SARIF. The formatting snapshots (src/report/snapshots)
//! render a hand-built result; these pin the decisions themselves, so every snapshot here was
//! read against its `.tf` before it was accepted — a snapshot of a wrong decision is a defect.
//!
//! Stable across machines and releases: paths are relative to the repository (the binary runs in
//! it), the one absolute path (SARIF's `%SRCROOT%`) and the crate version are redacted, and the
//! SARIF rule metadata (generated from policies/*.toml, pinned by the formatting snapshot and
//! docs/rules) is reduced to the rule ids.

use std::path::Path;
use std::process::Command;

/// `bucketguard scan INPUT --format FORMAT`, run from the repository root with a clean
/// environment (no TF_VAR_*, no colour), redacted.
fn scan(input: &str, format: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_bucketguard"))
        .args(["scan", input, "--format", format])
        .current_dir(root)
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .expect("run bucketguard");
    // Every input here has findings at the default threshold: exit code 1, nothing on stderr.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{input} {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let text = match format {
        "sarif" => without_rule_metadata(&text),
        _ => text,
    };
    let root_uri = format!("file://{}/", root.display());
    text.replace(&root_uri, "file://[root]/")
        .replace(&format!("\"{}\"", env!("CARGO_PKG_VERSION")), "\"[version]\"")
}

fn without_rule_metadata(sarif: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(sarif).unwrap();
    let driver = &mut doc["runs"][0]["tool"]["driver"];
    let ids: Vec<serde_json::Value> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    driver["rules"] = ids.into();
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

macro_rules! snapshot {
    ($name:literal, $input:literal, $format:literal) => {
        insta::assert_snapshot!($name, scan($input, $format));
    };
}

/// testdata/demo: the website is private because the account block rejects its public ACL and
/// policy at apply; the public object on the legacy bucket likewise; BG112 for the account
/// block's `restrict_public_buckets = false` on each bucket without a complete block of its own.
#[test]
fn demo_sources() {
    snapshot!("demo_sources_text", "testdata/demo", "text");
    snapshot!("demo_sources_json", "testdata/demo", "json");
    snapshot!("demo_sources_sarif", "testdata/demo", "sarif");
}

/// The demo's real plan: the same decisions, located at the `.tf` lines, with the plan as a
/// related location.
#[test]
fn demo_plan() {
    snapshot!("demo_plan_text", "testdata/demo/plan.json", "text");
    snapshot!("demo_plan_json", "testdata/demo/plan.json", "json");
    snapshot!("demo_plan_sarif", "testdata/demo/plan.json", "sarif");
}

/// testdata/separate: AllUsers READ and a public policy (public-read), AuthenticatedUsers
/// READ_ACP (BG104), the LogDelivery group and the owner's own grant not exposure.
#[test]
fn separate_sources_and_plan() {
    snapshot!("separate_sources_text", "testdata/separate", "text");
    snapshot!("separate_plan_json", "testdata/separate/plan.json", "json");
}

/// testdata/exposure: one bucket per verdict, neutralized findings at note level in SARIF.
#[test]
fn exposure_sources_and_plan() {
    snapshot!("exposure_sources_sarif", "testdata/exposure", "sarif");
    snapshot!("exposure_plan_json", "testdata/exposure/plan.json", "json");
}
