//! Pull-request integration as users run it: several reports from one scan, `explain`, the
//! GitHub Action run locally by scripts/test-action.sh.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use support::bucketguard;

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
    // GitHub shows 10 of each level per step: the demo's 14 low findings are cut to 9, and the
    // last notice says how many are left out.
    let notices = text.lines().filter(|l| l.starts_with("::notice")).count();
    assert_eq!(notices, 10, "{text}");
    assert!(
        text.ends_with("::notice::5 more findings: see the job summary (GitHub shows 10 annotations of each level per step)\n"),
        "{text}"
    );
    let first_warning = text.find("::warning ").expect("medium findings are warnings");
    assert!(
        text.rfind("::error ").is_some_and(|e| e < first_warning),
        "{text}"
    );
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

/// A section of scripts/test-action.sh (the Action's steps run locally with this build,
/// offline, a few seconds each). Needs bash and python3 with PyYAML, and `also` (skip policy:
/// tests/support, a failure under `CI=true`).
fn test_action(test: &str, section: &str, also: &[(&str, &[&str])]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let has_yaml = support::runs("python3", &["-c", "import yaml"]);
    if !support::available(has_yaml, test, "python3 with PyYAML") {
        return;
    }
    for (program, args) in also {
        if !support::available(support::runs(program, args), test, program) {
            return;
        }
    }
    let out = Command::new("bash")
        .arg(root.join("scripts/test-action.sh"))
        .arg(section)
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
    // A helper's traceback (a reader cut short, a missing module) is never a pass.
    assert!(
        !log.contains("Traceback") && !log.contains("BrokenPipeError"),
        "{log}"
    );
}

/// The demo, a plan and a broken file: outputs, log (annotations capped, most severe first),
/// step summary and SARIF.
#[test]
fn github_action_runs_locally() {
    test_action("github_action_runs_locally", "scan", &[]);
}

/// `baseline`, `diff-base` (a ref not fetched names `fetch-depth: 0`) and `args` (`;`, `$(...)`
/// and backquotes passed on as written, an unmatched quote refused).
#[test]
fn github_action_inputs() {
    test_action("github_action_inputs", "inputs", &[("git", &["--version"])]);
}

/// A fake release made from this build (directory and `file://`): downloaded, verified, cached
/// and used from the cache; a wrong checksum and an unreleased version refused; without a
/// release, the action's source built (a stand-in cargo) and restored from actions/cache.
#[test]
fn github_action_installs_a_release() {
    let tools: &[(&str, &[&str])] = &[("curl", &["--version"]), ("tar", &["--version"])];
    test_action("github_action_installs_a_release", "install", tools);
}

/// The SARIF upload: skipped with a notice on a fork's pull request; a failed upload (no code
/// scanning) is a notice, not a failed job.
#[test]
fn github_action_sarif_upload() {
    test_action("github_action_sarif_upload", "upload", &[]);
}

/// `uses: bucketguard/bucketguard@vN` in the README and examples names the major tag that
/// release.yml moves for this version; release.yml runs on live images and ships the stripped
/// `dist` build with checksums.
#[test]
fn release_workflow_and_major_tag() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let major = format!("@v{}", env!("CARGO_PKG_VERSION_MAJOR"));
    for file in ["README.md", "examples/github-pr.yml", "examples/github-plan.yml"] {
        let text = read(file);
        let uses: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split("uses: bucketguard/bucketguard").nth(1))
            .collect();
        assert!(!uses.is_empty(), "{file} shows the action");
        for u in uses {
            assert!(u.trim_end().ends_with(&major), "{file}: `{u}` is not {major}");
        }
    }
    let release = read(".github/workflows/release.yml");
    for line in release.lines().filter(|l| l.trim_start().starts_with("os: ")) {
        let os = line.trim_start().trim_start_matches("os: ");
        assert!(
            ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-14", "macos-15"].contains(&os),
            "release.yml: {os} is not a live runner image we build on"
        );
    }
    assert!(
        release.contains("cargo build --profile dist --locked"),
        "stripped build"
    );
    assert!(release.contains("shasum -a 256"), "checksums");
    assert!(
        release.contains("git push -f origin \"refs/tags/$major\""),
        "major tag"
    );
    let cargo = read("Cargo.toml");
    let dist = cargo.split("[profile.dist]").nth(1).expect("a dist profile");
    let dist = dist.split("\n[").next().unwrap_or("");
    for setting in ["inherits = \"release\"", "debug = false", "strip = true"] {
        assert!(dist.contains(setting), "[profile.dist] {setting}");
    }
}
