//! The same fixture scanned as Terraform sources and as its real plan gives the same
//! (policy, bucket) pairs at the same source lines (plan findings point at the `.tf` line, not
//! the plan), and the same undecided ones.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bucketguard::{Settings, scan};

type Pairs = BTreeSet<(String, String, String, u32)>;

fn pairs(path: PathBuf) -> (Pairs, Pairs) {
    let mut settings = Settings::new(vec![path.clone()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let result = scan(&settings);
    assert!(
        result.errors.is_empty(),
        "{}: {:?}",
        path.display(),
        result.errors
    );
    let at = |o| {
        (
            result.sources.display(o).to_string(),
            result.sources.start(o).line,
        )
    };
    let found = result
        .findings
        .iter()
        .map(|f| {
            let (file, line) = at(f.origin);
            (f.policy.meta.id.clone(), f.bucket.to_string(), file, line)
        })
        .collect();
    let undecided = result
        .undecided
        .iter()
        .map(|u| {
            let (file, line) = at(u.origin);
            (u.policy.meta.id.clone(), u.bucket.to_string(), file, line)
        })
        .collect();
    (found, undecided)
}

/// Each bucket's exposure verdict, and which findings the exposure model neutralized and how.
fn exposures(path: PathBuf) -> BTreeSet<(String, String)> {
    let mut settings = Settings::new(vec![path], env!("CARGO_MANIFEST_DIR").into());
    settings.root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let result = scan(&settings);
    let verdicts = result
        .exposures
        .iter()
        .map(|e| (e.bucket.clone(), e.verdict.as_str().to_string()));
    let neutralized = result.findings.iter().filter_map(|f| {
        let n = f.neutralized_by.as_ref()?;
        Some((format!("{} {}", f.policy.meta.id, f.bucket), n.kind().to_string()))
    });
    verdicts.chain(neutralized).collect()
}

/// The findings both sides must give, written out by reading the fixture (not by running the
/// checks), so a wrong decision made on both sides still fails.
fn expected(dir: &Path) -> Option<Pairs> {
    let (file, list): (&str, &[(&str, &str, u32)]) = match dir.file_name()?.to_str()? {
        // Account block: block_public_acls/block_public_policy reject the website's public ACL
        // and policy at apply (still reported, neutralized), restrict_public_buckets = false
        // (BG112 at line 142 for each bucket without a complete block of its own).
        "demo" => (
            "testdata/demo/main.tf",
            &[
                ("BG106", "website", 4),
                ("BG201", "website", 4),
                ("BG301", "website", 4),
                ("BG302", "website", 4),
                ("BG401", "website", 4),
                ("BG103", "website", 10),
                ("BG122", "website", 15),
                ("BG203", "website", 15),
                ("BG402", "data", 70),
                ("BG201", "logs", 92),
                ("BG203", "logs", 92),
                ("BG302", "logs", 92),
                ("BG401", "logs", 92),
                ("BG106", "logs", 99),
                ("BG106", "legacy", 109),
                ("BG203", "legacy", 109),
                ("BG302", "legacy", 109),
                ("BG402", "legacy", 113),
                ("BG202", "legacy", 125),
                ("BG105", "legacy", 135),
                ("BG112", "legacy", 142),
                ("BG112", "logs", 142),
                ("BG112", "website", 142),
            ],
        ),
        // app: ignore_public_acls = false (BG112), ObjectWriter (BG106), AES256 (BG202), TLS
        // enforced, MFA delete on. shared: AllUsers READ (BG103), AuthenticatedUsers READ_ACP
        // (BG104), public policy (BG122), no block. logs: public policy statement, no block.
        "separate" => (
            "testdata/separate/main.tf",
            &[
                ("BG112", "app", 22),
                ("BG106", "app", 29),
                ("BG202", "app", 37),
                ("BG106", "shared", 73),
                ("BG111", "shared", 73),
                ("BG201", "shared", 73),
                ("BG301", "shared", 73),
                ("BG401", "shared", 73),
                ("BG103", "shared", 84),
                ("BG104", "shared", 91),
                ("BG122", "shared", 117),
                ("BG203", "shared", 117),
                ("BG106", "logs", 136),
                ("BG111", "logs", 136),
                ("BG201", "logs", 136),
                ("BG401", "logs", 136),
                ("BG122", "logs", 158),
                ("BG203", "logs", 158),
            ],
        ),
        _ => return None,
    };
    Some(
        list.iter()
            .map(|(id, bucket, line)| {
                (
                    id.to_string(),
                    format!("aws_s3_bucket.{bucket}"),
                    file.to_string(),
                    *line,
                )
            })
            .collect(),
    )
}

#[test]
fn sources_and_plans_agree() {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut cases = 0;
    for entry in std::fs::read_dir(&testdata).unwrap() {
        let dir = entry.unwrap().path();
        let plan = dir.join("plan.json");
        if !plan.exists() {
            continue;
        }
        cases += 1;
        let (src_found, src_undecided) = pairs(dir.clone());
        let (plan_found, plan_undecided) = pairs(plan.clone());
        assert!(
            !src_found.is_empty() || dir.ends_with("policy-documents"),
            "{}: no findings at all",
            dir.display()
        );
        assert_eq!(
            src_found,
            plan_found,
            "{}: findings differ (sources left, plan right)",
            dir.display()
        );
        if let Some(want) = expected(&dir) {
            assert_eq!(
                src_found,
                want,
                "{}: findings (left) differ from the literal list",
                dir.display()
            );
        }
        assert_eq!(
            src_undecided,
            plan_undecided,
            "{}: undecided differ",
            dir.display()
        );
        assert_eq!(
            exposures(dir.clone()),
            exposures(plan.clone()),
            "{}: exposure verdicts differ (sources left, plan right)",
            dir.display()
        );
    }
    assert!(cases >= 4, "only {cases} fixtures with a plan");
    assert!(expected(&testdata.join("demo")).is_some() && expected(&testdata.join("separate")).is_some());
}

/// The exposure fixture reaches the verdicts its comments promise, from its plan.
#[test]
fn exposure_fixture_verdicts() {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/exposure/plan.json");
    let got = exposures(plan);
    for want in [
        ("aws_s3_bucket.public_acl", "public-read"),
        ("aws_s3_bucket.ignored_acl", "private"),
        ("aws_s3_bucket.enforced", "private"),
        ("aws_s3_bucket.policy_public", "public-write"),
        ("aws_s3_bucket.cross", "cross-account"),
        // Private were 111122223333 listed with --trusted-account (tests/exposure.rs).
        ("aws_s3_bucket.denied", "cross-account"),
        ("aws_s3_bucket.via_ap", "public-read"),
        ("BG101 aws_s3_bucket.ignored_acl", "ineffective"),
        ("BG103 aws_s3_bucket.enforced", "rejected-at-apply"),
    ] {
        assert!(
            got.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not in {got:?}"
        );
    }
}
