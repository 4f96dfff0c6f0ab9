//! The same fixture scanned as Terraform sources and as its real plan gives the same
//! (policy, bucket) pairs at the same source lines (plan findings point at the `.tf` line, not
//! the plan), and the same undecided ones.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bucketguard::{Settings, scan};

type Pairs = BTreeSet<(String, String, String, u32)>;

fn pairs(path: PathBuf) -> (Pairs, Pairs) {
    let mut settings = Settings::new(vec![path.clone()]);
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
            (f.policy.meta.id.clone(), f.bucket.clone(), file, line)
        })
        .collect();
    let undecided = result
        .undecided
        .iter()
        .map(|u| {
            let (file, line) = at(u.origin);
            (u.policy.meta.id.clone(), u.bucket.clone(), file, line)
        })
        .collect();
    (found, undecided)
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
        let (plan_found, plan_undecided) = pairs(plan);
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
        assert_eq!(
            src_undecided,
            plan_undecided,
            "{}: undecided differ",
            dir.display()
        );
    }
    assert!(cases >= 4, "only {cases} fixtures with a plan");
}
