//! Custom policies in Rego (issue 17): the input document each policy sees, field by field, from
//! sources and from a real plan; what a policy's findings and undecided answers become in the
//! scan (locations, every output format, selection, severity, suppressions, baselines); broken
//! policies; and the shipped `resilience` pack on its fixture.
//!
//! Fixtures: `testdata/custom` (three buckets, one in a module; `plan.json` made by
//! `tf-plan-json`) with its policies `testdata/custom/policies`
//! (ORG100 owner tag, ORG101 versioning), and `testdata/resilience`. The plan was made with
//! `TF_VAR_tags`, which the sources leave without a value.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

mod support;
use support::{bucketguard, bucketguard_in};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const POLICIES: &str = "testdata/custom/policies";

/// The input documents of every bucket of `path`, by address.
fn inputs(path: &str) -> std::collections::BTreeMap<String, Value> {
    let out = bucketguard(&["input", "*", path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    docs.into_iter()
        .map(|d| (d["address"].as_str().unwrap().to_string(), d))
        .collect()
}

fn at(file: &str, line: u64) -> Value {
    json!({"file": file, "line": line})
}

const MAIN: &str = "testdata/custom/main.tf";
const STORE: &str = "testdata/custom/modules/store/main.tf";

// Each field of the input document, against what testdata/custom/main.tf writes.
#[test]
fn the_input_document_holds_every_setting_from_sources() {
    let docs = inputs("testdata/custom");
    assert_eq!(
        docs.keys().collect::<Vec<_>>(),
        [
            "aws_s3_bucket.draft",
            "aws_s3_bucket.web",
            "module.store.aws_s3_bucket.this"
        ]
    );
    let web = &docs["aws_s3_bucket.web"];
    assert_eq!(web["root"], "testdata/custom");
    assert_eq!(web["module"], "");
    assert_eq!(web["external"], false);
    assert_eq!(web["directory"], false);
    assert_eq!(web["origin"], at(MAIN, 13));
    assert_eq!(
        web["name"],
        json!({"value": "custom-web", "state": "known", "origin": at(MAIN, 14)})
    );
    assert_eq!(
        web["tags"],
        json!({"value": {"owner": "web-team", "env": "prod"}, "state": "known", "origin": at(MAIN, 15)})
    );
    // A public-read canned ACL with ACLs enabled and no public access block: public.
    assert_eq!(web["exposure"]["verdict"], "public-read");
    let s = &web["settings"];
    assert_eq!(s["acls"][0]["address"], "aws_s3_bucket_acl.web");
    assert_eq!(
        s["acls"][0]["canned"],
        json!({"value": "public-read", "state": "known", "origin": at(MAIN, 23)})
    );
    assert_eq!(s["object_ownership"]["value"], "BucketOwnerPreferred");
    assert_eq!(s["object_ownership"]["origin"], at(MAIN, 29));
    assert_eq!(
        s["versioning"]["status"],
        json!({"value": "Enabled", "state": "known", "origin": at(MAIN, 36)})
    );
    assert_eq!(s["encryption"]["state"], "known");
    assert_eq!(s["encryption"]["rules"][0]["algorithm"]["value"], "aws:kms");
    assert_eq!(
        s["encryption"]["rules"][0]["kms_key"],
        json!({"value": "arn:aws:kms:eu-west-1:111122223333:key/web", "state": "known", "origin": at(MAIN, 45)})
    );
    assert_eq!(s["logging"]["target_bucket"]["value"], "custom-store");
    assert_eq!(s["logging"]["target_address"], "module.store.aws_s3_bucket.this");
    // Nothing writes a public access block: every flag is unset, at the bucket's block.
    let unset_at_bucket = json!({"value": null, "state": "unset", "origin": at(MAIN, 13)});
    assert_eq!(s["public_access_block"]["block_public_acls"], unset_at_bucket);
    assert_eq!(s["replication"], json!({"state": "unset", "rules": []}));
    assert_eq!(s["lifecycle"], json!([]));

    let store = &docs["module.store.aws_s3_bucket.this"];
    assert_eq!(store["module"], "module.store");
    assert_eq!(store["origin"], at(STORE, 5));
    assert_eq!(store["exposure"]["verdict"], "private");
    assert_eq!(
        store["settings"]["public_access_block"]["restrict_public_buckets"],
        json!({"value": true, "state": "known", "origin": at(STORE, 17)})
    );
    assert_eq!(
        store["settings"]["logging"]["receives_logs_from"],
        json!(["aws_s3_bucket.web"])
    );
    assert_eq!(
        store["settings"]["versioning"]["status"],
        json!({"value": null, "state": "unset", "origin": at(STORE, 5)})
    );

    // A variable without a value: unknown, with the reason, never a guess.
    let draft = &docs["aws_s3_bucket.draft"];
    assert_eq!(
        draft["tags"],
        json!({"value": null, "state": "unknown", "reason": "var.tags has no value", "origin": at(MAIN, 58)})
    );
    assert_eq!(
        draft["settings"]["versioning"]["status"],
        json!({"value": "Suspended", "state": "known", "origin": at(MAIN, 64)})
    );
}

// The plan gives the same document, at the same source lines, with the plan's values.
#[test]
fn the_input_document_from_a_plan_points_at_the_sources() {
    let docs = inputs("testdata/custom/plan.json");
    let web = &docs["aws_s3_bucket.web"];
    assert_eq!(web["name"]["value"], "custom-web");
    assert_eq!(web["tags"]["value"], json!({"owner": "web-team", "env": "prod"}));
    assert_eq!(web["exposure"]["verdict"], "public-read");
    assert_eq!(web["settings"]["versioning"]["status"]["origin"], at(MAIN, 36));
    assert_eq!(docs["module.store.aws_s3_bucket.this"]["module"], "module.store");
    // TF_VAR_tags when the plan was made.
    assert_eq!(
        docs["aws_s3_bucket.draft"]["tags"],
        json!({"value": {"team": "drafts"}, "state": "known", "origin": at(MAIN, 58)})
    );
}

// docs/input.schema.json describes every document of the fixtures, sources and plans.
#[test]
fn every_input_document_matches_the_schema() {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("docs/input.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let fixtures = [
        "testdata/custom",
        "testdata/custom/plan.json",
        "testdata/resilience",
        "testdata/resilience/plan.json",
    ];
    let mut seen = 0;
    for fixture in fixtures {
        for (address, doc) in inputs(fixture) {
            let errors: Vec<String> = validator
                .iter_errors(&doc)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{fixture} {address}: {errors:#?}");
            seen += 1;
        }
    }
    assert_eq!(seen, 16, "3 + 3 + 5 + 5 buckets");
}

/// The (policy, bucket, file:line) of findings and undecided entries of a JSON report.
fn outcomes(report: &Value) -> (Vec<String>, Vec<String>) {
    let row = |f: &Value| {
        format!(
            "{} {} {}:{}",
            f["policy_id"].as_str().unwrap(),
            f["bucket"].as_str().unwrap(),
            f["location"]["file"].as_str().unwrap(),
            f["location"]["line"]
        )
    };
    let list = |k: &str| report[k].as_array().unwrap().iter().map(row).collect();
    (list("findings"), list("undecided"))
}

fn scan_json(args: &[&str]) -> Value {
    let mut all = vec!["scan", "--format", "json", "--fail-on", "never"];
    all.extend_from_slice(args);
    let out = bucketguard(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

// A `deny` with a path points at that setting; without a setting, at the bucket; an unknown
// setting makes the policy undecided there.
#[test]
fn findings_point_at_the_setting_they_name() {
    let only = ["--policy-dir", POLICIES, "--select", "ORG100,ORG101"];
    let report = scan_json(&[&["testdata/custom"][..], &only].concat());
    let (findings, undecided) = outcomes(&report);
    assert_eq!(
        findings,
        [
            "ORG101 aws_s3_bucket.draft testdata/custom/main.tf:64",
            "ORG101 module.store.aws_s3_bucket.this testdata/custom/modules/store/main.tf:5",
        ]
    );
    assert_eq!(
        undecided,
        ["ORG100 aws_s3_bucket.draft testdata/custom/main.tf:58"]
    );
    assert_eq!(
        report["undecided"][0]["reason"],
        "tags is not known: var.tags has no value"
    );
    assert_eq!(
        report["findings"][0]["message"],
        "aws_s3_bucket.draft: versioning is not enabled"
    );
    assert_eq!(report["findings"][0]["severity"], "medium");

    // The plan knows the tags: a finding at the tags' source line.
    let report = scan_json(&[&["testdata/custom/plan.json"][..], &only].concat());
    let (findings, undecided) = outcomes(&report);
    assert_eq!(
        findings,
        [
            "ORG100 aws_s3_bucket.draft testdata/custom/main.tf:58",
            "ORG101 aws_s3_bucket.draft testdata/custom/main.tf:64",
            "ORG101 module.store.aws_s3_bucket.this testdata/custom/modules/store/main.tf:5",
        ]
    );
    assert!(undecided.is_empty(), "{undecided:?}");
}

// Custom findings in every format, with their metadata.
#[test]
fn every_format_carries_custom_findings() {
    let dir = tempfile::tempdir().unwrap();
    let file = |f: &str| dir.path().join(f).display().to_string();
    let formats = [
        "json",
        "sarif",
        "github",
        "markdown",
        "junit",
        "codequality",
        "html",
    ];
    let mut args = vec![
        "scan".to_string(),
        "testdata/custom/plan.json".into(),
        "--policy-dir".into(),
        POLICIES.into(),
    ];
    for f in formats {
        args.push("--format".into());
        args.push(format!("{f}={}", file(f)));
    }
    args.extend([
        "--format".into(),
        "text".into(),
        "--fail-on".into(),
        "never".into(),
    ]);
    let out = bucketguard(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("ORG100 owner-tag"), "{}", stdout(&out));
    for f in formats {
        let text = std::fs::read_to_string(file(f)).unwrap();
        assert!(text.contains("ORG100"), "{f} lacks ORG100");
    }
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(file("sarif")).unwrap()).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap().clone();
    let org100 = rule("ORG100");
    assert_eq!(org100["name"], "owner-tag");
    assert_eq!(org100["shortDescription"]["text"], "Buckets name their owner");
    assert_eq!(org100["properties"]["security-severity"], "8.0");
    assert_eq!(
        org100["helpUri"],
        "https://github.com/bucketguard/bucketguard#writing-your-own-policy"
    );
    assert_eq!(
        rule("ORG101")["helpUri"],
        "https://example.com/house-rules#versioning"
    );
    assert_eq!(rule("ORG101")["properties"]["security-severity"], "5.5");
    // The JSON report with custom findings still matches its schema.
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("docs/json-output.schema.json")).unwrap())
            .unwrap();
    let report: Value = serde_json::from_str(&std::fs::read_to_string(file("json")).unwrap()).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let github = std::fs::read_to_string(file("github")).unwrap();
    assert!(
        github.contains("::error file=testdata/custom/main.tf,line=58"),
        "{github}"
    );
}

// Selection, severity overrides and the exit status treat custom policies as built-in ones.
#[test]
fn custom_policies_are_selected_overridden_and_fail_like_built_in_ones() {
    let base = [
        "scan",
        "testdata/custom/plan.json",
        "--policy-dir",
        POLICIES,
        "--format",
        "json",
    ];
    // ORG100 is high: the default threshold fails the scan on it...
    let out = bucketguard(&[&base[..], &["--select", "ORG100"]].concat());
    assert_eq!(out.status.code(), Some(1));
    // ... and not once it is ignored (by slug).
    let out = bucketguard(&[&base[..], &["--select", "ORG100,ORG101", "--ignore", "owner-tag"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["policy_id"] == "ORG101")
    );

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bg.toml");
    std::fs::write(&config, "select = [\"ORG100\"]\n[severity]\nORG100 = \"low\"\n").unwrap();
    let out = bucketguard(&[&base[..], &["--config", config.to_str().unwrap()]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["findings"][0]["severity"], "low");
}

/// testdata/custom copied into a temporary directory, with `edit` applied to main.tf.
fn copy_fixture(edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in [
        "main.tf",
        "versions.tf",
        "modules/store/main.tf",
        "policies/owner_tag.rego",
        "policies/versioning.rego",
    ] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo("testdata/custom").join(rel), &to).unwrap();
    }
    let main = dir.path().join("main.tf");
    std::fs::write(&main, edit(std::fs::read_to_string(&main).unwrap())).unwrap();
    dir
}

fn scan_in(dir: &Path, args: &[&str]) -> Value {
    let out = bucketguard_in(
        dir,
        &[&["scan", ".", "--format", "json", "--fail-on", "never"][..], args].concat(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// The findings of a JSON report (suppressed ones, which it lists with a `suppressed` field, or
/// the others) as "ID bucket".
fn ids(report: &Value, suppressed: bool) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"].is_null() != suppressed)
        .map(|f| {
            format!(
                "{} {}",
                f["policy_id"].as_str().unwrap(),
                f["bucket"].as_str().unwrap()
            )
        })
        .collect()
}

// Inline and config suppressions name custom policies; a config's `policy-dirs` is relative to it.
#[test]
fn custom_findings_are_suppressed_inline_and_by_config() {
    let dir = copy_fixture(|main| {
        main.replace(
            "resource \"aws_s3_bucket_versioning\" \"draft\" {",
            "# bucketguard:ignore[ORG101] reason: drafts need no versions\nresource \"aws_s3_bucket_versioning\" \"draft\" {",
        )
    });
    std::fs::write(
        dir.path().join(".bucketguard.toml"),
        "policy-dirs = [\"policies\"]\nselect = [\"ORG100\", \"ORG101\"]\n\
         [[suppress]]\naddress = \"module.store.*\"\npolicies = [\"house-versioning\"]\nreason = \"archive\"\n",
    )
    .unwrap();
    let report = scan_in(dir.path(), &[]);
    assert!(ids(&report, false).is_empty(), "{:?}", ids(&report, false));
    let mut suppressed = ids(&report, true);
    suppressed.sort();
    assert_eq!(
        suppressed,
        [
            "ORG101 aws_s3_bucket.draft",
            "ORG101 module.store.aws_s3_bucket.this"
        ]
    );
}

// A baseline records custom findings like any other and holds them back on the next scan.
#[test]
fn custom_findings_go_into_baselines() {
    let dir = copy_fixture(|main| main);
    let base = ["--policy-dir", "policies", "--select", "ORG100,ORG101"];
    let report = scan_in(
        dir.path(),
        &[&base[..], &["--write-baseline", "baseline.json"]].concat(),
    );
    assert_eq!(ids(&report, false).len(), 2);
    let report = scan_in(
        dir.path(),
        &[&base[..], &["--baseline", "baseline.json"]].concat(),
    );
    assert!(ids(&report, false).is_empty());
    // A new finding is still reported.
    std::fs::write(
        dir.path().join("main.tf"),
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap()
            + "resource \"aws_s3_bucket\" \"late\" {\n  bucket = \"custom-late\"\n}\n",
    )
    .unwrap();
    let report = scan_in(
        dir.path(),
        &[&base[..], &["--baseline", "baseline.json"]].concat(),
    );
    assert_eq!(
        ids(&report, false),
        ["ORG100 aws_s3_bucket.late", "ORG101 aws_s3_bucket.late"]
    );
}

/// Scan testdata/custom with the single policy `text` (as `p.rego` in a temporary directory).
fn with_policy(files: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = bucketguard(&[
        "scan",
        "testdata/custom",
        "--policy-dir",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    drop(dir);
    out
}

const META: &str = "# METADATA\n# title: T\n# custom:\n#   id: ORG9\n#   severity: low\n";

// Broken policies: exit 2, each problem at its file, line and column; nothing is scanned.
#[test]
fn broken_policies_are_input_errors_at_their_place() {
    let policy =
        |meta: &str, package: &str| format!("{meta}package {package}\ndeny contains \"x\" if false\n");
    let no_id = "# METADATA\n# title: T\n# custom:\n#   severity: low\n";
    let cases: Vec<(Vec<(&str, String)>, &str)> = vec![
        (
            vec![(
                "p.rego",
                "package bucketguard.p\ndeny contains x if {\n  x := input.\n}\n".into(),
            )],
            "p.rego:3:",
        ),
        (
            vec![("p.rego", policy(no_id, "bucketguard.p"))],
            "p.rego:1:1: `custom.id` is missing",
        ),
        (
            vec![("p.rego", policy("", "bucketguard.p"))],
            "p.rego:1:1: no `# METADATA` block",
        ),
        (
            vec![("p.rego", policy(META, "other.p"))],
            "p.rego:6:1: package other.p: a custom policy's package is under `bucketguard.`",
        ),
        (
            vec![("p.rego", policy(&META.replace("ORG9", "BG103"), "bucketguard.p"))],
            "p.rego:4:1: BG103 (p) names the built-in policy BG103",
        ),
        (
            vec![
                ("a.rego", policy(META, "bucketguard.a")),
                ("b.rego", policy(META, "bucketguard.b")),
            ],
            "b.rego:4:1: ORG9 (b): the id or slug is already used by",
        ),
    ];
    for (files, expected) in cases {
        let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let out = with_policy(&borrowed);
        assert_eq!(out.status.code(), Some(2), "{expected}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "expected `{expected}` in {}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
}

// A policy that fails at run time on a bucket: undecided there, with the error; the scan and
// the other policies go on.
#[test]
fn a_policy_that_errors_is_undecided_and_the_scan_goes_on() {
    let failing = format!(
        "{}package bucketguard.p\n# Adding a number to a string is a run-time type error.\ndeny contains x if {{\n  x := 1 + input.address\n}}\n",
        META
    );
    let out = with_policy(&[("p.rego", &failing)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let undecided: Vec<&Value> = report["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["policy_id"] == "ORG9")
        .collect();
    assert_eq!(undecided.len(), 3, "one per bucket");
    let reason = undecided[0]["reason"].as_str().unwrap();
    assert!(reason.contains("p.rego failed on this bucket"), "{reason}");
    assert!(reason.contains("`add` expects numeric argument"), "{reason}");
    assert!(!reason.contains('\n'));
    // The built-in policies still ran.
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["policy_id"] == "BG103")
    );
}

// `rules` and `explain` know custom policies.
#[test]
fn rules_and_explain_show_custom_policies() {
    let out = bucketguard(&["rules", "--policy-dir", POLICIES]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("ORG100  high      owner-tag"), "{text}");
    assert!(text.contains("BG701   low       replication-disabled"), "{text}");
    let out = bucketguard(&["explain", "house-versioning", "--policy-dir", POLICIES]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("ORG101 house-versioning (medium): Versioning is enabled"),
        "{text}"
    );
    assert!(
        text.contains("Docs: https://example.com/house-rules#versioning"),
        "{text}"
    );
    // Without the directory, the id is unknown.
    assert_eq!(bucketguard(&["explain", "ORG101"]).status.code(), Some(2));
}

// The resilience pack: opt-in, and on its fixture the findings below, from sources and from the
// real plan (where the variables have values).
#[test]
fn the_resilience_pack_on_its_fixture() {
    let expected_both = [
        "BG701 aws_s3_bucket.replica testdata/resilience/main.tf:42",
        "BG702 aws_s3_bucket.replica testdata/resilience/main.tf:42",
        "BG703 aws_s3_bucket.replica testdata/resilience/main.tf:42",
        "BG704 aws_s3_bucket.replica testdata/resilience/main.tf:42",
        "BG704 aws_s3_bucket.inline testdata/resilience/main.tf:127",
        "BG701 aws_s3_bucket.none testdata/resilience/main.tf:166",
        "BG702 aws_s3_bucket.none testdata/resilience/main.tf:166",
        "BG703 aws_s3_bucket.none testdata/resilience/main.tf:166",
        "BG704 aws_s3_bucket.none testdata/resilience/main.tf:166",
        "BG705 aws_s3_bucket.none testdata/resilience/main.tf:170",
        "BG701 aws_s3_bucket.unknown testdata/resilience/main.tf:176",
        "BG702 aws_s3_bucket.unknown testdata/resilience/main.tf:176",
        "BG704 aws_s3_bucket.unknown testdata/resilience/main.tf:176",
    ];
    let pack = |path: &str| {
        let report = scan_json(&[path, "--enable", "resilience"]);
        let (findings, undecided) = outcomes(&report);
        let keep = |v: Vec<String>| v.into_iter().filter(|f| f.starts_with("BG7")).collect::<Vec<_>>();
        (keep(findings), keep(undecided))
    };
    let (findings, undecided) = pack("testdata/resilience");
    assert_eq!(findings, expected_both);
    // `days_after_initiation = var.abort_days`: whether the rule aborts uploads is not known.
    assert_eq!(
        undecided,
        ["BG703 aws_s3_bucket.unknown testdata/resilience/main.tf:181"]
    );
    let (findings, undecided) = pack("testdata/resilience/plan.json");
    assert_eq!(findings, expected_both);
    assert!(undecided.is_empty(), "{undecided:?}");
    // Off by default.
    let (findings, _) = outcomes(&scan_json(&["testdata/resilience"]));
    assert!(findings.iter().all(|f| !f.starts_with("BG7")), "{findings:?}");
}

// A repository's config may name policy directories only inside the scanned tree.
#[test]
fn config_policy_dirs_stay_inside_the_tree() {
    let dir = copy_fixture(|main| main);
    std::fs::write(
        dir.path().join(".bucketguard.toml"),
        "policy-dirs = [\"../..\"]\n",
    )
    .unwrap();
    let out = bucketguard_in(dir.path(), &["scan", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(".bucketguard.toml:1:16: `policy-dirs`: `../..` is outside the scanned tree"),
        "{}",
        stderr(&out)
    );
}

// `config --print` says where the custom policies come from.
#[test]
fn config_print_shows_the_policy_dirs() {
    let dir = copy_fixture(|main| main);
    std::fs::write(
        dir.path().join(".bucketguard.toml"),
        "policy-dirs = [\"policies\"]\n",
    )
    .unwrap();
    let out = bucketguard_in(dir.path(), &["config", "--print", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("policy-dirs = [\"policies\"]") && l.ends_with("# .bucketguard.toml:1")),
        "{text}"
    );
}

const RES: &str = "testdata/resilience/main.tf";

// The resilience settings of testdata/resilience's `full` bucket, as its main.tf writes them.
#[test]
fn the_input_document_holds_the_resilience_settings() {
    let src = inputs("testdata/resilience");
    let full = &src["aws_s3_bucket.full"];
    let s = &full["settings"];
    let known = |v: Value, line: u64| json!({"value": v, "state": "known", "origin": at(RES, line)});
    // `owner = aws_kms_key.objects.key_id`: a tag whose value is not known is null.
    assert_eq!(full["tags"], known(json!({"team": "storage", "owner": null}), 29));
    assert_eq!(s["replication"]["state"], "known");
    assert_eq!(
        s["replication"]["address"],
        "aws_s3_bucket_replication_configuration.full"
    );
    let rules = &s["replication"]["rules"];
    assert_eq!(rules[0]["status"], known(json!("Enabled"), 51));
    assert_eq!(
        rules[0]["destination"],
        known(json!("arn:aws:s3:::resilience-replica"), 53)
    );
    assert_eq!(rules[1]["status"], known(json!("Disabled"), 59));
    // A separate object lock configuration's `object_lock_enabled` defaults to Enabled.
    assert_eq!(
        s["object_lock"]["enabled"],
        json!({"value": true, "state": "unset", "origin": at(RES, 66)})
    );
    assert_eq!(s["object_lock"]["retention_mode"], known(json!("COMPLIANCE"), 70));
    let lifecycle = &s["lifecycle"][0]["rules"];
    assert_eq!(lifecycle[0]["status"], known(json!("Enabled"), 80));
    assert_eq!(lifecycle[0]["abort_multipart_days"], known(json!(7.0), 83));
    assert_eq!(lifecycle[1]["abort_multipart_days"]["state"], "unset");
    let n = &s["notifications"][0];
    assert_eq!(n["eventbridge"], known(json!(true), 100));
    assert_eq!(n["destinations"][0]["kind"], "topic");
    assert_eq!(
        n["destinations"][0]["arn"],
        json!({"value": null, "state": "unknown", "reason": "aws_sns_topic.events.arn is computed by the provider", "origin": at(RES, 102)})
    );
    assert_eq!(
        n["destinations"][1],
        json!({"kind": "queue", "arn": known(json!("arn:aws:sqs:us-east-1:123456789012:resilience"), 106)})
    );
    let objects = s["objects"].as_array().unwrap();
    assert_eq!(objects[0]["type"], "aws_s3_object");
    assert_eq!(objects[0]["sse"], known(json!("aws:kms"), 115));
    assert_eq!(objects[0]["kms_key"]["state"], "unknown");
    assert_eq!(objects[1]["type"], "aws_s3_object_copy");
    assert_eq!(
        objects[1]["kms_key"],
        known(
            json!("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            124
        )
    );

    // The plan: the same settings at the same lines; what it knows more (the object lock
    // default it holds) is known, what apply computes stays unknown.
    let plan = inputs("testdata/resilience/plan.json");
    let p = &plan["aws_s3_bucket.full"]["settings"];
    for key in ["replication", "lifecycle", "versioning", "public_access_block"] {
        assert_eq!(p[key], s[key], "{key}");
    }
    assert_eq!(p["object_lock"]["enabled"], known(json!(true), 66));
    assert_eq!(p["notifications"][0]["eventbridge"], known(json!(true), 100));
    assert_eq!(
        p["notifications"][0]["destinations"][0]["arn"]["state"],
        "unknown"
    );
    assert_eq!(p["objects"][1]["kms_key"], objects[1]["kms_key"]);
}

// A `deny` member that is neither a message nor an object with `msg` is shown as its JSON, on
// one line, not dropped.
#[test]
fn odd_deny_members_are_shown_as_json() {
    let policy = format!(
        "{META}package bucketguard.p\ndeny contains 42 if input.address == \"aws_s3_bucket.web\"\n\
         deny contains {{\"code\": \"T1\", \"path\": \"tags\"}} if input.address == \"aws_s3_bucket.web\"\n"
    );
    let out = with_policy(&[("p.rego", &policy)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut messages: Vec<(&str, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["policy_id"] == "ORG9")
        .map(|f| {
            (
                f["message"].as_str().unwrap(),
                f["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    messages.sort();
    assert_eq!(
        messages,
        [
            ("aws_s3_bucket.web: 42", 13),
            ("aws_s3_bucket.web: { \"code\": \"T1\", \"path\": \"tags\" }", 15),
        ]
    );
}

// ACL grants reach the document with the grantee as the ACL names it.
#[test]
fn grants_name_their_grantee() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"resource "aws_s3_bucket" "g" {
  bucket = "grants"
}

resource "aws_s3_bucket_acl" "g" {
  bucket = aws_s3_bucket.g.id
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }
    grant {
      grantee {
        type = "CanonicalUser"
        id   = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
      }
      permission = "FULL_CONTROL"
    }
    owner {
      id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }
  }
}
"#,
    )
    .unwrap();
    let out = bucketguard_in(dir.path(), &["input", "aws_s3_bucket.g", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let grants = &docs[0]["settings"]["acls"][0]["grants"];
    let shown: Vec<(&str, &str, u64)> = grants
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["grantee"]["value"].as_str().unwrap(),
                g["permission"]["value"].as_str().unwrap(),
                g["origin"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("AllUsers", "READ", 8),
            (
                "canonical:79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
                "FULL_CONTROL",
                15
            ),
        ]
    );
}

// `deny` written as a complete rule holding an array reads like the usual set.
#[test]
fn a_deny_array_reads_like_a_set() {
    let policy = format!(
        "{META}package bucketguard.p\ndeny := [\"web is flagged\"] if input.address == \"aws_s3_bucket.web\"\n"
    );
    let out = with_policy(&[("p.rego", &policy)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["policy_id"] == "ORG9")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["aws_s3_bucket.web: web is flagged"]);
}
