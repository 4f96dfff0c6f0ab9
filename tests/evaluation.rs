//! Evaluation against real Terraform: built-in functions give Terraform's own results (from
//! the plan Terraform made of the same configuration); unknown `dynamic` blocks, unknown
//! `count`/`for_each` and module cross-references are undecided or resolved exactly where the
//! plans made with known values say they must be.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use bucketguard::input::hcl::{VarInputs, load_module};
use bucketguard::input::{Input, discover, plan};
use bucketguard::model::{Resource, Val};
use bucketguard::scan::ScanResult;
use bucketguard::{Settings, scan};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A directory inside the repository (the scan shows paths relative to it): under `target/`,
/// which a clean clone built with `CARGO_TARGET_DIR` elsewhere does not have yet.
fn scratch_dir() -> tempfile::TempDir {
    let target = manifest().join("target");
    std::fs::create_dir_all(&target).unwrap();
    tempfile::tempdir_in(target).unwrap()
}

/// The resources of a configuration directory or a plan, by address.
fn resources(path: &str) -> BTreeMap<String, Resource> {
    let d = discover::discover(&[manifest().join(path)], &[], &manifest());
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    let loaded = match &d.inputs[..] {
        [Input::Module(m)] => load_module(
            &d.sources,
            m,
            &VarInputs {
                var_files: &[],
                vars: &[],
                ..VarInputs::default()
            },
        ),
        [Input::Plan { file, .. }] => plan::load(&d.sources, *file),
        other => panic!("{path}: {other:?}"),
    };
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded
        .resources
        .into_iter()
        .map(|r| (r.address.clone(), r))
        .collect()
}

fn run(path: &str, tweak: impl FnOnce(&mut Settings)) -> ScanResult {
    let mut settings = Settings::new(vec![manifest().join(path)], env!("CARGO_MANIFEST_DIR").into());
    settings.root = manifest();
    tweak(&mut settings);
    let r = scan(&settings);
    assert!(r.errors.is_empty(), "{path}: {:?}", r.errors);
    r
}

type Pairs = BTreeSet<(String, String)>;

/// (policy, bucket) of the findings and of the undecided policies.
fn outcome(r: &ScanResult) -> (Pairs, Pairs) {
    let found = r
        .findings
        .iter()
        .map(|f| (f.policy.meta.id.clone(), f.bucket.to_string()));
    let undecided = r
        .undecided
        .iter()
        .map(|u| (u.policy.meta.id.clone(), u.bucket.to_string()));
    (found.collect(), undecided.collect())
}

#[test]
fn functions_give_terraforms_results() {
    let src = resources("testdata/functions");
    let plan = resources("testdata/functions/plan.json");
    assert_eq!(src.keys().collect::<Vec<_>>(), plan.keys().collect::<Vec<_>>());
    let mut compared = 0;
    for (address, p) in &plan {
        let s = &src[address];
        // Bucket names computed with format/substr/sha1 and replace with a pattern.
        assert_eq!(
            s.body.get("bucket").map(|n| &n.val),
            p.body.get("bucket").map(|n| &n.val)
        );
        let (Some(Val::Map(want)), Some(got)) = (p.body.get("tags").map(|n| &n.val), s.body.get("tags"))
        else {
            panic!("{address}: no tags");
        };
        for (k, v) in want.iter() {
            assert_eq!(got.get(k).map(|n| &n.val), Some(&v.val), "{address} tag {k}");
            compared += 1;
        }
    }
    assert!(compared >= 40, "{compared}");
}

#[test]
fn unknown_dynamic_blocks_are_undecided_where_the_plans_differ() {
    // Terraform's plans of the same configuration with the variables true and false.
    let trails = |s: &mut Settings| s.enable = vec!["account-monitoring".into()];
    let (on, _) = outcome(&run("testdata/dynamic-unknown/plan-true.json", trails));
    let (off, _) = outcome(&run("testdata/dynamic-unknown/plan-false.json", trails));
    let (found, undecided) = outcome(&run("testdata/dynamic-unknown", trails));
    // Whatever the values, these findings hold: the scan of the sources reports them.
    let both: Pairs = on.intersection(&off).cloned().collect();
    assert_eq!(found, both);
    // What the values decide is undecided, never reported nor passed.
    for pair in on.symmetric_difference(&off) {
        assert!(undecided.contains(pair), "{pair:?} is not undecided");
    }
    let pair = |p: &str, b: &str| (p.to_string(), b.to_string());
    for p in [
        pair("BG201", "aws_s3_bucket.separate"),
        pair("BG201", "aws_s3_bucket.inline"),
        pair("BG401", "aws_s3_bucket.inline"),
        pair("BG103", "aws_s3_bucket.inline"),
        pair("BG302", "aws_s3_bucket.separate"),
    ] {
        assert!(undecided.contains(&p), "{p:?}");
    }
}

#[test]
fn unknown_count_keeps_the_index_form() {
    let r = run("testdata/count-unknown", |_| {});
    let buckets: BTreeSet<String> = r.buckets.iter().map(|b| b.address.to_string()).collect();
    // count: the instance that exists whenever any does; for_each: Terraform's `[*]`.
    let want = [
        "aws_s3_bucket.logs[0]",
        "aws_s3_bucket.team[*]",
        "module.box[0].aws_s3_bucket.this",
    ];
    assert_eq!(buckets, want.iter().map(|s| s.to_string()).collect());
    // The settings still link to the bucket: its versioning and public access block count.
    let (found, _) = outcome(&r);
    assert!(!found.contains(&("BG401".into(), "aws_s3_bucket.logs[0]".into())));
    assert!(!found.contains(&("BG111".into(), "aws_s3_bucket.logs[0]".into())));
    assert!(
        r.unlinked.is_empty(),
        "{:?}",
        r.unlinked.iter().map(|u| &u.reason).collect::<Vec<_>>()
    );

    // Terraform's plan with the count known: the same findings at the same addresses.
    let (planned, _) = outcome(&run("testdata/count-unknown/plan-enabled.json", |_| {}));
    let indexed = |p: &Pairs| -> Pairs { p.iter().filter(|(_, b)| !b.contains("team")).cloned().collect() };
    assert_eq!(indexed(&found), indexed(&planned));

    // Once the value is known, each finding keeps its fingerprint.
    let known = run("testdata/count-unknown", |s| {
        s.vars = vec![
            ("enabled".into(), "true".into()),
            ("teams".into(), "[\"red\"]".into()),
        ];
    });
    let prints = |r: &ScanResult| -> BTreeSet<String> {
        r.findings
            .iter()
            .filter(|f| !f.bucket.contains("team"))
            .map(|f| f.fingerprint().to_string())
            .collect()
    };
    assert_eq!(prints(&r), prints(&known));
}

#[test]
fn modules_reading_each_others_outputs_are_not_a_cycle() {
    let r = run("testdata/module-cross", |_| {});
    for u in &r.undecided {
        assert!(
            !u.reason.contains("depends on itself"),
            "{}: {}",
            u.bucket,
            u.reason
        );
    }
    let (found, undecided) = outcome(&r);
    // The policy reads module.app.name and its own module's name: it is known and public.
    assert!(found.contains(&("BG122".into(), "module.logs.aws_s3_bucket.this".into())));
    // A policy document read first by a root policy, reading module.shared, whose input it is.
    assert!(found.contains(&("BG122".into(), "module.shared.aws_s3_bucket.this".into())));
    // The app's logging target is the log bucket's name, from the other module.
    assert!(!found.contains(&("BG301".into(), "module.app.aws_s3_bucket.this".into())));
    assert!(undecided.is_empty(), "{undecided:?}");
    // Terraform plans it with the same findings (tests/parity.rs compares lines too).
    let (planned, _) = outcome(&run("testdata/module-cross/plan.json", |_| {}));
    assert_eq!(found, planned);
}

#[test]
fn a_real_cycle_between_module_values_stays_unknown() {
    let dir = scratch_dir();
    let write = |p: &str, t: &str| {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, t).unwrap();
    };
    // module.a's name comes from module.b's output, which is module.a's name: Terraform
    // rejects this cycle; the scan leaves the names unknown (and terminates).
    write(
        "modules/m/main.tf",
        "variable \"name\" {}\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = var.name\n}\noutput \"name\" {\n  value = var.name\n}\n",
    );
    write(
        "main.tf",
        "module \"a\" {\n  source = \"./modules/m\"\n  name   = module.b.name\n}\nmodule \"b\" {\n  source = \"./modules/m\"\n  name   = module.a.name\n}\n",
    );
    let rel = dir
        .path()
        .strip_prefix(manifest())
        .unwrap()
        .to_string_lossy()
        .to_string();
    let r = run(&rel, |_| {});
    let names: Vec<String> = r.buckets.iter().map(|b| format!("{:?}", b.name)).collect();
    assert_eq!(names.len(), 2);
    assert!(names.iter().all(|n| n.contains("depends on itself")), "{names:?}");
}

#[test]
fn a_splat_of_an_unknown_count_links_to_the_instance_standing_for_all() {
    let dir = scratch_dir();
    // terraform-aws-modules style: `one(aws_s3_bucket.this[*].id)` on a count gated by a variable.
    std::fs::write(
        dir.path().join("main.tf"),
        r#"variable "create" { type = bool }
resource "aws_s3_bucket" "this" {
  count  = var.create ? 1 : 0
  bucket = "bg-splat"
}
resource "aws_s3_bucket_public_access_block" "this" {
  count                   = var.create ? 1 : 0
  bucket                  = one(aws_s3_bucket.this[*].id)
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#,
    )
    .unwrap();
    let rel = dir
        .path()
        .strip_prefix(manifest())
        .unwrap()
        .to_string_lossy()
        .to_string();
    let r = run(&rel, |_| {});
    assert!(
        r.unlinked.is_empty(),
        "{:?}",
        r.unlinked.iter().map(|u| &u.reason).collect::<Vec<_>>()
    );
    let (found, _) = outcome(&r);
    assert!(
        !found.contains(&("BG111".into(), "aws_s3_bucket.this[0]".into())),
        "{found:?}"
    );
}
