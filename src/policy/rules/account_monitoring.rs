//! The account-monitoring group (opt-in, `--enable account-monitoring`): BG601–BG604. Each is
//! reported at most once per scan, not per bucket: the resource may live in any root module of
//! the scan. The finding's subject is `account`; it points at the first bucket of the scan
//! (what is left unmonitored). A scan without buckets has nothing to report.

use crate::model::{Model, S3DataSelector, Value};
use crate::policy::{Failure, ScanFailure};

const READ_RULE: &str = "S3_BUCKET_PUBLIC_READ_PROHIBITED";
const WRITE_RULE: &str = "S3_BUCKET_PUBLIC_WRITE_PROHIBITED";

fn once(model: &Model, message: String) -> Vec<ScanFailure> {
    let Some(first) = model
        .buckets
        .iter()
        .min_by(|a, b| (&a.root, &a.address).cmp(&(&b.root, &b.address)))
    else {
        return Vec::new();
    };
    vec![ScanFailure {
        subject: "account".into(),
        root: first.root.clone(),
        failure: Failure {
            message: format!("{message} (first bucket of the scan: {})", first.address),
            origin: first.origin,
            related: Vec::new(),
        },
    }]
}

fn of_type<'a>(
    model: &'a Model,
    rtype: &'a str,
) -> impl Iterator<Item = &'a crate::model::MonitoringResource> {
    model.monitoring.iter().filter(move |m| m.rtype == rtype)
}

/// BG601: AWS Config managed rules for public read and public write.
pub fn config_rules(model: &Model) -> Vec<ScanFailure> {
    let rules: Vec<_> = of_type(model, "aws_config_config_rule").collect();
    // An identifier the scanner cannot read may be either rule.
    if rules.iter().any(|r| matches!(r.detail, Some(Value::Unknown(..)))) {
        return Vec::new();
    }
    let has = |id: &str| {
        rules
            .iter()
            .any(|r| r.detail.as_ref().and_then(Value::known).is_some_and(|d| d == id))
    };
    let missing: Vec<&str> = [READ_RULE, WRITE_RULE]
        .into_iter()
        .filter(|id| !has(id))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    once(
        model,
        format!(
            "no aws_config_config_rule with the managed rule {} in the scan, so a bucket made public outside \
             Terraform goes unnoticed",
            missing.join(" or ")
        ),
    )
}

/// BG602: an IAM Access Analyzer.
pub fn access_analyzer(model: &Model) -> Vec<ScanFailure> {
    if of_type(model, "aws_accessanalyzer_analyzer").next().is_some() {
        return Vec::new();
    }
    once(
        model,
        "no aws_accessanalyzer_analyzer in the scan, so buckets shared outside the account or organization \
         are not reported"
            .into(),
    )
}

/// BG603: Amazon Macie enabled (`status` defaults to ENABLED).
pub fn macie(model: &Model) -> Vec<ScanFailure> {
    let accounts: Vec<_> = of_type(model, "aws_macie2_account").collect();
    let enabled = accounts.iter().any(|a| match &a.detail {
        None => true,
        Some(Value::Unknown(..)) => true, // Not known: not reported.
        Some(v) => v.known().is_some_and(|s| s != "PAUSED"),
    });
    if enabled {
        return Vec::new();
    }
    once(
        model,
        "no enabled aws_macie2_account in the scan, so sensitive data in the buckets is not discovered"
            .into(),
    )
}

/// BG604: a CloudTrail trail recording S3 data events for all buckets.
pub fn trail_all_buckets(model: &Model) -> Vec<ScanFailure> {
    let all = model.trails.iter().any(|t| {
        t.s3_data_events
            .iter()
            .any(|s| matches!(s, S3DataSelector::AllBuckets(_)))
    });
    if all {
        return Vec::new();
    }
    once(
        model,
        "no aws_cloudtrail in the scan records S3 data events for all buckets, so object-level access to \
         buckets added later is not logged"
            .into(),
    )
}
