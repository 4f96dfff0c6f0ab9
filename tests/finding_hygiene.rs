//! testdata/log-targets, as sources and as its real plan: BG202 spares buckets that receive ALB or
//! classic ELB access logs (those deliveries only support SSE-S3) but not NLB log buckets nor
//! buckets an `aws_lb` names with logging left disabled; BG402 only where versioning is enabled.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bucketguard::{Settings, scan};

fn findings(path: PathBuf) -> BTreeSet<(String, String)> {
    let mut settings = Settings::new(vec![path.clone()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let result = scan(&settings);
    assert!(
        result.errors.is_empty(),
        "{}: {:?}",
        path.display(),
        result.errors
    );
    let undecided: Vec<_> = result
        .undecided
        .iter()
        .filter(|u| matches!(u.policy.meta.id.as_str(), "BG202" | "BG402"))
        .map(|u| (&u.bucket, &u.reason))
        .collect();
    assert!(undecided.is_empty(), "{}: {undecided:?}", path.display());
    result
        .findings
        .iter()
        .map(|f| (f.policy.meta.id.clone(), f.bucket.to_string()))
        .collect()
}

#[test]
fn log_targets_and_versioning_in_sources_and_plan() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/log-targets");
    for input in [dir.clone(), dir.join("plan.json")] {
        let got = findings(input.clone());
        let has = |policy: &str, bucket: &str| {
            got.contains(&(policy.to_string(), format!("aws_s3_bucket.{bucket}")))
        };
        let at = input.display();
        // ALB (by reference) and classic ELB (by name) log buckets: SSE-S3 is all they support.
        assert!(!has("BG202", "alb_logs"), "{at}: {got:?}");
        assert!(!has("BG202", "elb_logs"), "{at}: {got:?}");
        // aws_lb access logs default to disabled; NLB logs support SSE-KMS.
        assert!(has("BG202", "disabled_logs"), "{at}: {got:?}");
        assert!(has("BG202", "nlb_logs"), "{at}: {got:?}");
        // MFA delete needs versioning enabled: a suspended bucket is BG401's.
        assert!(!has("BG402", "suspended"), "{at}: {got:?}");
        assert!(has("BG401", "suspended"), "{at}: {got:?}");
        assert!(has("BG402", "versioned"), "{at}: {got:?}");
    }
}
