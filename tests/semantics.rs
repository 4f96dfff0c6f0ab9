//! Terraform semantics end to end: modules (nested, count/for_each, outputs, remote), wrapper
//! modules, variables, unsupported constructs, `--source` and `--unknown fail`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use bucketguard::scan::ScanResult;
use bucketguard::{Settings, scan};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(paths: &[&str], tweak: impl FnOnce(&mut Settings)) -> ScanResult {
    let mut settings = Settings::new(
        paths.iter().map(|p| manifest().join(p)).collect(),
        env!("CARGO_MANIFEST_DIR").into(),
    );
    settings.root = manifest();
    tweak(&mut settings);
    let result = scan(&settings);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
}

/// bucket → sorted policy ids.
fn by_bucket(r: &ScanResult) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &r.findings {
        out.entry(f.bucket.to_string())
            .or_default()
            .insert(f.policy.meta.id.clone());
    }
    out
}

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// (message, file, line) of each related location of the finding.
fn related(r: &ScanResult, policy: &str, bucket: &str) -> Vec<(String, String, u32)> {
    let f = r
        .findings
        .iter()
        .find(|f| f.policy.meta.id == policy && *f.bucket == *bucket)
        .unwrap_or_else(|| panic!("no {policy} finding for {bucket}"));
    f.related
        .iter()
        .map(|x| {
            (
                x.message.clone(),
                r.sources.display(x.origin).to_string(),
                r.sources.start(x.origin).line,
            )
        })
        .collect()
}

fn location(r: &ScanResult, policy: &str, bucket: &str) -> (String, u32) {
    let f = r
        .findings
        .iter()
        .find(|f| f.policy.meta.id == policy && *f.bucket == *bucket)
        .unwrap_or_else(|| panic!("no {policy} finding for {bucket}"));
    (
        r.sources.display(f.origin).to_string(),
        r.sources.start(f.origin).line,
    )
}

const ALPHA: &str = "module.team[\"alpha\"].aws_s3_bucket.this";
const BETA: &str = "module.team[\"beta\"].aws_s3_bucket.this";
const BETA_AUDIT: &str = "module.team[\"beta\"].module.hardening.aws_s3_bucket.audit[0]";

#[test]
fn modules_give_per_instance_findings() {
    for input in ["testdata/modules", "testdata/modules/plan.json"] {
        let r = run(&[input], |_| {});
        let b = by_bucket(&r);
        let buckets: Vec<&str> = b.keys().map(String::as_str).collect();
        assert_eq!(
            buckets,
            [
                "module.archive[0].aws_s3_bucket.this",
                "module.archive[1].aws_s3_bucket.this",
                "module.archive[1].module.hardening.aws_s3_bucket.audit[0]",
                ALPHA,
                BETA,
                BETA_AUDIT,
            ],
            "{input}"
        );
        // Only the for_each instance with public = true has a public ACL.
        assert!(
            b[ALPHA].contains("BG103") && !b[BETA].contains("BG103"),
            "{input}"
        );
        // Versioning: enabled by the nested module (alpha, archive[0]), by the root through a
        // module output (archive[1]), not at all for beta.
        assert!(
            b[BETA].contains("BG401") && !b[ALPHA].contains("BG401"),
            "{input}"
        );
        assert!(
            !b["module.archive[1].aws_s3_bucket.this"].contains("BG401"),
            "{input}"
        );
        // The root's policy is linked through `module.archive[1].bucket_id`.
        assert!(
            b["module.archive[1].aws_s3_bucket.this"].contains("BG122"),
            "{input}"
        );
        assert!(
            !b["module.archive[0].aws_s3_bucket.this"].contains("BG122"),
            "{input}"
        );
        // The nested bucket has its public access block, set inside the nested module.
        assert!(
            !b[BETA_AUDIT].contains("BG111") && !b[BETA_AUDIT].contains("BG112"),
            "{input}"
        );
        assert_eq!(
            location(&r, "BG103", ALPHA),
            ("testdata/modules/modules/store/main.tf".into(), 21),
            "{input}"
        );
    }
}

#[test]
fn findings_in_modules_list_the_module_calls() {
    let r = run(&["testdata/modules"], |_| {});
    assert_eq!(
        related(&r, "BG106", BETA_AUDIT),
        [
            (
                "in module call `module.team[\"beta\"]`".to_string(),
                "testdata/modules/main.tf".to_string(),
                11
            ),
            (
                "in module call `module.team[\"beta\"].module.hardening`".to_string(),
                "testdata/modules/modules/store/main.tf".to_string(),
                24
            ),
        ]
    );
    // Root-module buckets have no module context.
    let r = run(&["testdata/demo"], |_| {});
    assert!(
        r.findings
            .iter()
            .all(|f| f.related.iter().all(|x| !x.message.starts_with("in module call")))
    );
}

#[test]
fn plan_findings_point_at_source_with_the_plan_related() {
    let r = run(&["testdata/modules/plan.json"], |_| {});
    let rel = related(&r, "BG106", BETA_AUDIT);
    assert_eq!(rel.len(), 3, "{rel:?}");
    assert_eq!(rel[0].1, "testdata/modules/main.tf");
    assert_eq!(rel[1].1, "testdata/modules/modules/store/main.tf");
    assert_eq!(
        (rel[2].0.as_str(), rel[2].1.as_str()),
        (
            "planned in testdata/modules/plan.json",
            "testdata/modules/plan.json"
        )
    );
    assert_eq!(
        location(&r, "BG106", BETA_AUDIT).0,
        "testdata/modules/modules/hardening/main.tf"
    );
}

#[test]
fn source_flag_names_the_configuration_of_a_plan_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan.json");
    std::fs::copy(manifest().join("testdata/modules/plan.json"), &plan).unwrap();
    let scan_it = |source: Option<PathBuf>| {
        let mut settings = Settings::new(vec![plan.clone()], env!("CARGO_MANIFEST_DIR").into());
        settings.root = manifest();
        settings.source = source;
        scan(&settings)
    };
    // Without --source the findings stay on the plan.
    let r = scan_it(None);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(
        r.findings
            .iter()
            .all(|f| r.sources.get(f.origin.file).path == plan)
    );
    // With it they point at the .tf lines, exactly as for the plan next to its sources.
    let r = scan_it(Some(manifest().join("testdata/modules")));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        location(&r, "BG103", ALPHA),
        ("testdata/modules/modules/store/main.tf".into(), 21)
    );
    assert!(
        related(&r, "BG103", ALPHA)
            .iter()
            .any(|x| x.0.starts_with("planned in"))
    );
    // A --source that does not exist is an error.
    let r = scan_it(Some(tmp.path().join("missing")));
    assert_eq!(r.errors.len(), 1);
    assert!(r.errors[0].message.contains("--source"));
}

#[test]
fn wrapper_module_instances() {
    for input in ["testdata/wrapper-module", "testdata/wrapper-module/plan.json"] {
        let r = run(&[input], |_| {});
        let b = by_bucket(&r);
        let buckets: Vec<&str> = b.keys().map(String::as_str).collect();
        // module.disabled creates nothing.
        assert_eq!(
            buckets,
            [
                "module.env[\"dev\"].aws_s3_bucket.this[0]",
                "module.env[\"prod\"].aws_s3_bucket.this[0]",
                "module.grants.aws_s3_bucket.this[0]",
                "module.private.aws_s3_bucket.this[0]",
                "module.website.aws_s3_bucket.this[0]",
            ],
            "{input}"
        );
        assert_eq!(
            b["module.private.aws_s3_bucket.this[0]"],
            ids(&["BG106", "BG203", "BG301", "BG402"]),
            "{input}"
        );
        assert_eq!(
            b["module.website.aws_s3_bucket.this[0]"],
            ids(&["BG103", "BG106", "BG112", "BG202", "BG203", "BG301", "BG401"]),
            "{input}"
        );
        // dynamic grant blocks: AuthenticatedUsers WRITE found, LogDelivery READ_ACP is not public.
        // Versioning disabled is BG401's alone: S3 allows MFA delete only with versioning enabled.
        assert_eq!(
            b["module.grants.aws_s3_bucket.this[0]"],
            ids(&["BG102", "BG106", "BG111", "BG201", "BG203", "BG301", "BG401"]),
            "{input}"
        );
        assert_eq!(
            b["module.env[\"dev\"].aws_s3_bucket.this[0]"],
            ids(&["BG106", "BG112", "BG201", "BG203", "BG301", "BG401"]),
            "{input}"
        );
        assert_eq!(
            b["module.env[\"prod\"].aws_s3_bucket.this[0]"],
            ids(&["BG106", "BG201", "BG203", "BG301", "BG402"]),
            "{input}"
        );
        assert!(r.undecided.is_empty(), "{input}: {:?}", r.undecided);
    }
}

#[test]
fn variables_feed_settings() {
    for input in ["testdata/variables", "testdata/variables/plan.json"] {
        let r = run(&[input], |_| {});
        let b = by_bucket(&r);
        // web.auto.tfvars overrides terraform.tfvars: three buckets, web_site public.
        assert_eq!(
            b["aws_s3_bucket.b[\"web_site\"]"],
            ids(&["BG103", "BG106", "BG111", "BG202", "BG203", "BG401"]),
            "{input}"
        );
        // templatefile() policy with "*" among the readers (strict = false).
        assert_eq!(
            b["aws_s3_bucket.b[\"data\"]"],
            ids(&["BG106", "BG111", "BG122", "BG203", "BG402"]),
            "{input}"
        );
        assert_eq!(
            b["aws_s3_bucket.b[\"logs\"]"],
            ids(&["BG106", "BG111", "BG203", "BG401"]),
            "{input}"
        );
        assert!(r.undecided.is_empty(), "{input}: {:?}", r.undecided);
        let names: BTreeSet<String> = r
            .buckets
            .iter()
            .map(|b| format!("{:?}", b.name))
            .filter(|n| n.contains("bg-vars-prod-web-site"))
            .collect();
        assert_eq!(names.len(), 1, "{input}: format/lower/replace name");
    }
    // --var overrides the tfvars files: strict adds public access blocks and drops "*".
    let r = run(&["testdata/variables"], |s| {
        s.vars = vec![("strict".into(), "true".into())]
    });
    let b = by_bucket(&r);
    assert!(!b["aws_s3_bucket.b[\"data\"]"].contains("BG122"));
    assert!(b.values().all(|p| !p.contains("BG111")));
}

#[test]
fn unsupported_constructs_are_undecided_not_lost() {
    let r = run(&["testdata/unsupported"], |_| {});
    let undecided: BTreeSet<(String, String)> = r
        .undecided
        .iter()
        .map(|u| (u.policy.meta.id.clone(), u.bucket.to_string()))
        .collect();
    for p in ["BG101", "BG102", "BG103", "BG104"] {
        assert!(
            undecided.contains(&(p.into(), "aws_s3_bucket.novalue".into())),
            "{p}"
        );
    }
    assert!(undecided.contains(&("BG401".into(), "aws_s3_bucket.clock".into())));
    let reason = |p: &str, b: &str| {
        r.undecided
            .iter()
            .find(|u| u.policy.meta.id == p && &*u.bucket == b)
            .map(|u| u.reason.clone())
            .unwrap()
    };
    assert!(reason("BG101", "aws_s3_bucket.novalue").contains("var.acl has no value"));
    assert!(reason("BG401", "aws_s3_bucket.clock").contains("timestamp() is the time of apply"));
    // Unaffected policies still report; the literal `restrict_public_buckets = false` is found
    // next to the flags an unknown and a provider function hide.
    let b = by_bucket(&r);
    assert!(b["aws_s3_bucket.funcs"].contains("BG112"));
    assert!(b["aws_s3_bucket.novalue"].contains("BG111"));
    // MFA delete matters only with versioning enabled, which timestamp() hides: undecided too.
    assert!(undecided.contains(&("BG402".into(), "aws_s3_bucket.clock".into())));
    // The remote module that is not installed is a note, and what uses its outputs configures a
    // bucket outside the scan, named by the expression.
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    assert!(r.notes[0].message.contains("not installed") && r.notes[0].line == Some(10));
    assert!(r.unlinked.is_empty(), "{:?}", r.unlinked);
    assert!(
        r.buckets
            .iter()
            .any(|b| b.external && b.address == "external:{module.remote.s3_bucket_id}")
    );
}

#[test]
fn unknown_fail_turns_undecided_into_findings() {
    let r = run(&["testdata/unsupported"], |s| s.unknown_fail = true);
    assert!(r.undecided.is_empty());
    let f = r
        .findings
        .iter()
        .find(|f| f.policy.meta.id == "BG401" && &*f.bucket == "aws_s3_bucket.clock")
        .expect("undecided versioning is a finding");
    let message = f.message().to_string();
    assert!(message.contains("could not be resolved") && message.contains("timestamp()"));
    assert_eq!(r.sources.start(f.origin).line, 34);
    let ignore = run(&["testdata/unsupported"], |_| {});
    assert_eq!(r.findings.len(), ignore.findings.len() + ignore.undecided.len());
}

#[test]
fn remote_modules_are_read_from_the_terraform_init_manifest() {
    let r = run(&["testdata/remote-module"], |_| {});
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let bucket = "module.logs.aws_s3_bucket.this";
    let b = by_bucket(&r);
    // The ACL comes from the remote module's own local submodule; versioning from the root.
    assert!(b[bucket].contains("BG103") && !b[bucket].contains("BG401"));
    assert_eq!(
        location(&r, "BG103", bucket),
        (
            "testdata/remote-module/.terraform/modules/logs/modules/acl/main.tf".into(),
            11
        )
    );
    let rel = related(&r, "BG103", bucket);
    assert!(rel.contains(&(
        "in module call `module.logs`".into(),
        "testdata/remote-module/main.tf".into(),
        4
    )));
}

#[test]
fn cli_flags() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_bucketguard"))
            .args(args)
            .current_dir(manifest())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let out = run(&[
        "scan",
        "testdata/unsupported",
        "--unknown",
        "fail",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["undecided"].as_array().unwrap().len(), 0);
    assert_eq!(doc["notes"].as_array().unwrap().len(), 1);
    validate(&doc, "docs/json-output.schema.json", false);
    let out = run(&["scan", "testdata/unsupported", "--verbose", "--fail-on", "never"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Notes (1):") && text.contains("not installed"),
        "{text}"
    );
    let out = run(&["scan", "--unknown", "maybe"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "scan",
        "testdata/modules/plan.json",
        "--source",
        "testdata/modules",
        "--format",
        "sarif",
        "--fail-on",
        "never",
    ]);
    assert!(out.status.success());
    let sarif = String::from_utf8_lossy(&out.stdout);
    assert!(sarif.contains("planned in testdata/modules/plan.json"));
    assert!(sarif.contains("in module call"));
    validate(
        &serde_json::from_str(&sarif).unwrap(),
        "tests/schemas/sarif-schema-2.1.0.json",
        true,
    );
    assert!(Path::new(&manifest().join("testdata/modules/plan.json")).exists());
}

/// Validate a report against a schema in the repository (draft 4 for SARIF, 7 for ours).
fn validate(doc: &serde_json::Value, schema: &str, draft4: bool) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(manifest().join(schema)).unwrap()).unwrap();
    let validator = if draft4 {
        jsonschema::draft4::new(&schema)
    } else {
        jsonschema::draft7::new(&schema)
    }
    .expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn module_manifest_is_read_leniently() {
    let tmp = tempfile::tempdir().unwrap();
    let read = || bucketguard::input::discover::module_manifest(tmp.path());
    assert!(read().is_empty(), "no .terraform");
    let dir = tmp.path().join(".terraform/modules");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("modules.json"), "{ not json").unwrap();
    assert!(read().is_empty(), "malformed");
    std::fs::write(
        dir.join("modules.json"),
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"a.b","Source":"git::https://x/y.git","Dir":".terraform/modules/a.b"}]}"#,
    )
    .unwrap();
    let m = read();
    assert_eq!(m.len(), 1);
    assert_eq!(
        m["a.b"],
        (
            "git::https://x/y.git".to_string(),
            ".terraform/modules/a.b".to_string()
        )
    );
}

#[test]
fn a_module_added_after_init_is_a_note() {
    // modules.json exists but does not list the module: as if `terraform init` ran before the
    // module block was written.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        "module \"late\" {\n  source = \"hashicorp/x/aws\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n",
    )
    .unwrap();
    let dir = tmp.path().join(".terraform/modules");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("modules.json"),
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."}]}"#,
    )
    .unwrap();
    let mut settings = Settings::new(vec![tmp.path().to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = tmp.path().to_path_buf();
    let r = scan(&settings);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.notes.len(), 1);
    assert!(r.notes[0].message.contains("module.late"));
    assert_eq!(r.buckets.len(), 1, "the rest is still scanned");
}
