//! Pull-request integration as users run it: several reports from one scan, `explain`, the
//! GitHub Action run locally by scripts/test-action.sh.

mod support;

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

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn several_reports_from_one_scan() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let json = dir.path().join("out.json");
    let md = dir.path().join("summary.md");
    let out = bucketguard(&[
        "scan",
        "testdata/demo",
        "--format",
        "text",
        "--format",
        &format!("sarif={}", sarif.display()),
        "--format",
        &format!("json={}", json.display()),
        "--format",
        &format!("markdown={}", md.display()),
        "--category",
        "demo",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("BG103"), "text report on stdout:\n{text}");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let total = json["summary"]["findings"]["total"].as_u64().unwrap();
    assert!(total > 0);
    let sarif: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len() as u64, total);
    assert_eq!(run["automationDetails"]["id"], "demo/");
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(md.contains(&format!("**{total}** findings")), "{md}");
}

#[test]
fn output_flag_still_names_the_single_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.sarif");
    let out = bucketguard(&[
        "scan",
        "testdata/demo",
        "--format",
        "sarif",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["version"], "2.1.0");
}

#[test]
fn two_reports_cannot_share_stdout() {
    let out = bucketguard(&["scan", "testdata/demo", "--format", "text", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("only one --format can go to standard output"),
        "{}",
        stderr(&out)
    );
    let out = bucketguard(&["scan", "testdata/demo", "--format", "yaml=x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown format `yaml`"), "{}", stderr(&out));
}

#[test]
fn github_format_annotates_findings() {
    let out = bucketguard(&["scan", "testdata/demo", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let error = text
        .lines()
        .find(|l| l.starts_with("::error "))
        .expect("high findings are errors");
    assert!(
        error.starts_with("::error file=testdata/demo/")
            && error.contains(",line=")
            && error.contains(",title=BG"),
        "{error}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("::notice ")),
        "low findings are notices"
    );
    assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
}

#[test]
fn explain_prints_the_rule_docs() {
    let out = bucketguard(&["explain", "BG103"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("BG103 acl-public-read (high): "), "{text}");
    assert!(
        text.to_lowercase().contains("example"),
        "examples are part of the text:\n{text}"
    );
    let by_slug = bucketguard(&["explain", "acl-public-read"]);
    assert_eq!(by_slug.stdout, text.as_bytes());
    let md = bucketguard(&["explain", "BG103", "--markdown"]);
    let md = String::from_utf8(md.stdout).unwrap();
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules/BG103-acl-public-read.md"),
    )
    .unwrap();
    assert!(page.ends_with(&md), "--markdown is the generated page");
    let unknown = bucketguard(&["explain", "BG000"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown policy `BG000`"));
}

/// The Action, run locally with this build (offline, ~10 s). Needs bash and python3 with PyYAML
/// (skip policy: tests/support, a failure under `CI=true`).
#[test]
fn github_action_runs_locally() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let has_yaml = support::runs("python3", &["-c", "import yaml"]);
    if !support::available(has_yaml, "github_action_runs_locally", "python3 with PyYAML") {
        return;
    }
    let out = Command::new("bash")
        .arg(root.join("scripts/test-action.sh"))
        .current_dir(root)
        .env("BUCKETGUARD_BIN", env!("CARGO_BIN_EXE_bucketguard"))
        .output()
        .expect("run scripts/test-action.sh");
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{log}");
    assert!(log.contains("test-action: all checks passed"), "{log}");
}
