//! The binary as users run it: exit codes, usage errors, bad input, plans.

use std::path::Path;
use std::process::{Command, Output};

mod support;
use support::{bucketguard, bucketguard_in};

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

/// `scripts/pre-commit.sh` with `bucketguard` replaced by a script that prints its arguments.
fn pre_commit(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in ["a/main.tf", "a/y.tf", "b/x.tf", "bg.toml", "prod.tfvars"] {
        std::fs::create_dir_all(d.join(f).parent().unwrap()).unwrap();
        std::fs::write(d.join(f), "").unwrap();
    }
    let fake = d.join("fake-bucketguard");
    std::fs::write(&fake, "#!/bin/sh\nprintf '%s|' \"$@\"\n").unwrap();
    std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pre-commit.sh");
    // `sh`, not bash: macOS ships bash 3; Debian's sh is dash, which has no bash extensions.
    let out = Command::new("sh")
        .arg(script)
        .args(args)
        .current_dir(d)
        .env("BUCKETGUARD", &fake)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn pre_commit_scans_the_changed_files_directories_and_keeps_option_values() {
    // A value that names an existing file stays the option's value, not a changed file.
    assert_eq!(
        pre_commit(&["--config", "bg.toml", "a/main.tf"]),
        "scan|--config|bg.toml|a|"
    );
    assert_eq!(
        pre_commit(&["--var-file", "prod.tfvars", "a/main.tf", "b/x.tf", "a/y.tf"]),
        "scan|--var-file|prod.tfvars|a|b|"
    );
    assert_eq!(
        pre_commit(&["-o", "bg.toml", "--format=sarif", "b/x.tf"]),
        "scan|-o|bg.toml|--format=sarif|b|"
    );
    // No changed file: nothing to scan, and bucketguard is not run.
    assert_eq!(pre_commit(&["--fail-on", "medium"]), "");
}

/// The script's list of options that take a value is `scan`'s.
#[test]
fn pre_commit_knows_every_option_that_takes_a_value() {
    let script =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/pre-commit.sh")).unwrap();
    let listed = script
        .split("takes_value='")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap();
    let mut listed: Vec<&str> = listed.split_whitespace().collect();
    let cmd = <bucketguard::cli::Cli as clap::CommandFactory>::command();
    let scan = cmd.find_subcommand("scan").unwrap();
    let mut expected = vec![];
    for arg in scan
        .get_arguments()
        .filter(|a| !a.is_positional() && a.get_action().takes_values())
    {
        expected.extend(arg.get_long().map(|l| format!("--{l}")));
        expected.extend(arg.get_short().map(|s| format!("-{s}")));
    }
    listed.sort_unstable();
    expected.sort_unstable();
    assert_eq!(listed, expected);
}

/// A baseline records roots relative to its own directory: written from inside `infra/`, it
/// matches a scan run from the parent, and the other way round.
#[test]
fn a_baseline_matches_whatever_directory_the_scan_runs_from() {
    let dir = tempfile::tempdir().unwrap();
    let infra = dir.path().join("infra");
    std::fs::create_dir(&infra).unwrap();
    std::fs::write(
        infra.join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  acl    = \"public-read\"\n}\n",
    )
    .unwrap();
    let as_json = ["--format", "json"];
    let out = bucketguard_in(
        &infra,
        &[&["scan", ".", "--write-baseline", "b.json"][..], &as_json].concat(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(infra.join("b.json")).unwrap();
    assert!(written.contains("\"root\": \".\""), "{written}");

    for (cwd, args) in [
        (dir.path(), ["scan", "infra", "--baseline", "infra/b.json"]),
        (infra.as_path(), ["scan", ".", "--baseline", "b.json"]),
    ] {
        let out = bucketguard_in(cwd, &[&args[..], &as_json].concat());
        let doc = json(&out);
        assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "{doc}");
        assert!(doc["summary"]["baselined"].as_u64().unwrap() > 0, "{doc}");
        assert_eq!(out.status.code(), Some(0));
    }

    // Written from the parent, used from inside.
    let out = bucketguard_in(
        dir.path(),
        &[&["scan", "infra", "--write-baseline", "p.json"][..], &as_json].concat(),
    );
    assert_eq!(out.status.code(), Some(1));
    let out = bucketguard_in(
        &infra,
        &[&["scan", ".", "--baseline", "../p.json"][..], &as_json].concat(),
    );
    assert_eq!(json(&out)["findings"].as_array().unwrap().len(), 0);
}

/// A baseline none of whose entries matches is most likely the wrong one: said, not silent.
#[test]
fn a_baseline_that_matches_nothing_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  acl    = \"public-read\"\n}\n",
    )
    .unwrap();
    let other = r#"{"version": 1, "findings": [{"fingerprint": "0123456789abcdef", "policy_id": "BG103", "root": "elsewhere", "bucket": "aws_s3_bucket.b"}]}"#;
    std::fs::write(dir.path().join("b.json"), other).unwrap();
    let out = bucketguard_in(
        dir.path(),
        &["scan", ".", "--baseline", "b.json", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let warnings = doc["warnings"].to_string();
    assert!(
        warnings.contains("none of the baseline's 1 entries matches"),
        "{doc}"
    );
}

/// Scanning a directory without Terraform (a wrong path) is said, not passed off as a clean scan.
#[test]
fn a_scan_that_finds_no_terraform_warns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "no terraform here\n").unwrap();
    let out = bucketguard_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let warnings = json(&out)["warnings"].to_string();
    assert!(warnings.contains("nothing was scanned"), "{warnings}");
    let text = bucketguard_in(dir.path(), &["scan", "."]);
    let shown = String::from_utf8_lossy(&text.stdout) + String::from_utf8_lossy(&text.stderr);
    assert!(shown.contains("nothing was scanned"), "{shown}");
}

#[test]
fn completions_and_man_page() {
    for (shell, marker) in [
        ("bash", "_bucketguard()"),
        ("zsh", "#compdef bucketguard"),
        ("fish", "complete -c bucketguard"),
    ] {
        let out = bucketguard(&["completions", shell]);
        assert!(out.status.success());
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(
            script.contains(marker) && script.contains("fail-on"),
            "{shell}:\n{script}"
        );
    }
    let man = bucketguard(&["man"]);
    assert!(man.status.success());
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH bucketguard"),
        "{page}"
    );
    assert!(page.contains("scan") && page.contains("completions"), "{page}");
    let unknown = bucketguard(&["completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// `config --print` writes TOML that the config file accepts, giving the same configuration.
#[test]
fn config_print_is_a_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = "select = [\"BG103\", \"acl-public-write\"]\nfail-on = \"medium\"\n\
                  trusted-accounts = [\"123456789012\"]\nenable = [\"account-monitoring\"]\n\
                  exclude = [\"vendor/**\"]\n\n[severity]\nBG103 = \"critical\"\n\n\
                  [[suppress]]\naddress = \"module.web.*\"\npolicies = [\"BG103\"]\n\
                  reason = \"public \\\"site\\\" \\u001b[2J\"\nexpires = \"2027-03-31\"\n";
    std::fs::write(dir.path().join("a.toml"), config).unwrap();
    let print = |file: &str| {
        let out = bucketguard_in(
            dir.path(),
            &["config", "--print", "--config", file, "--diff-base", "main"],
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let printed = print("a.toml");
    assert!(!printed.contains('\u{1b}'), "{printed}");
    let table: toml::Table = toml::from_str(&printed).unwrap_or_else(|e| panic!("{e}\n{printed}"));
    assert_eq!(table["select"], toml::Value::from(vec!["BG103", "BG101"]));
    assert_eq!(table["severity"]["BG103"].as_str(), Some("critical"));
    assert_eq!(
        table["suppress"][0]["reason"].as_str(),
        Some("public \"site\" \u{1b}[2J")
    );
    // Read back as the config file: the same values (only the sources differ).
    std::fs::write(dir.path().join("b.toml"), &printed).unwrap();
    let values = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split("  #").next().unwrap().trim_end().to_string())
            .collect()
    };
    assert_eq!(values(&print("b.toml")), values(&printed));
}

#[test]
fn every_unusable_command_line_says_which_flag_and_exits_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["explain", "BG999"],
            "unknown policy `BG999` (see `bucketguard rules`)",
        ),
        (
            &["scan", "--select", "no-such"],
            "unknown policy `no-such` (see `bucketguard rules`)",
        ),
        (
            &["scan", "--enable", "nope"],
            "unknown policy or group `nope` for --enable (see `bucketguard rules`)",
        ),
        (
            &["scan", "--format", "yaml"],
            "unknown format `yaml` (text, json, sarif, github, markdown, junit, codequality, html)",
        ),
        (
            &["scan", "--format", "sarif="],
            "`sarif=`: the file name is missing",
        ),
        (
            &["scan", "--today", "2026-13-01"],
            "--today `2026-13-01`: expected YYYY-MM-DD",
        ),
        (
            &["scan", "--var", "region"],
            "--var `region`: expected NAME=VALUE",
        ),
        (
            &["scan", "--trusted-account", "12345"],
            "--trusted-account `12345`: expected a 12-digit AWS account id",
        ),
        (
            &["scan", "--format", "json=a.json", "--output", "b.json"],
            "--output: every --format already names its file",
        ),
        (
            &["scan", "--format", "json", "--format", "sarif", "--output", "b"],
            "--output: several --format values without a file",
        ),
        (
            &["scan", "--format", "json", "--format", "sarif"],
            "only one --format can go to standard output; give the others a file: --format sarif=FILE",
        ),
        (&["config"], "nothing to do (use `bucketguard config --print`)"),
        (
            &["input", "aws_s3_bucket.nothing_here", "testdata/demo"],
            "no bucket matches `aws_s3_bucket.nothing_here`",
        ),
    ];
    for (args, message) in cases {
        let out = bucketguard(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        // Values clap parses (--format) get its wording around ours.
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains(&format!("{message}\n")),
            "{args:?}: {stderr}"
        );
    }
}
