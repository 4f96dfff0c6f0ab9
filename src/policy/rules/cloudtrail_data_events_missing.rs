//! BG302 cloudtrail-data-events-missing: the scan declares CloudTrail trails, but none records S3
//! object-level data events for this bucket (basic `event_selector.data_resource` or
//! `advanced_event_selector`; `arn:aws:s3` / `arn:aws:s3:::` covers every bucket). Scans without
//! trails pass: the trail may live in another configuration.
//!
//! Points at: the bucket header. Related: each trail.

use super::Outcome;
use crate::model::{Bucket, S3DataSelector, Value};
use crate::policy::{Context, Related, Verdict};

fn covers(prefix: &str, arn: &str) -> bool {
    let with_slash = format!("{arn}/");
    prefix == arn || with_slash.starts_with(prefix) || prefix.starts_with(&with_slash)
}

pub fn check(cx: &Context, bucket: &Bucket) -> Verdict {
    let model = cx.model;
    if model.trails.is_empty() {
        return Verdict::Pass;
    }
    let arn = bucket.arn();
    let mut out = Outcome::default();
    for trail in &model.trails {
        for sel in &trail.s3_data_events {
            match sel {
                S3DataSelector::AllBuckets(_) => return Verdict::Pass,
                S3DataSelector::Prefix(Value::Set(p, _) | Value::Default(p, _)) if covers(p, &arn) => {
                    return Verdict::Pass;
                }
                S3DataSelector::Prefix(Value::Unknown(r, o)) => out.undecided(
                    format!("a data event ARN of {} is not known: {r}", trail.address),
                    *o,
                ),
                S3DataSelector::Prefix(_) => {}
            }
        }
    }
    // An unknown selector might cover the bucket: Undecided rather than Fail.
    if model
        .trails
        .iter()
        .flat_map(|t| &t.s3_data_events)
        .any(is_unknown)
    {
        return out.verdict();
    }
    let related = model
        .trails
        .iter()
        .map(|t| Related {
            origin: t.origin,
            message: format!("trail {} records no S3 data events for this bucket", t.address),
        })
        .collect();
    out.fail(
        format!(
            "{}: no CloudTrail trail in the scan records S3 object-level data events for this bucket, so object \
             reads and writes leave no audit trail; add an event_selector with data_resource {{ type = \
             \"AWS::S3::Object\", values = [\"{arn}/\"] }} (or an advanced_event_selector on resources.type \
             AWS::S3::Object) to a trail",
            bucket.address
        ),
        bucket.origin,
        related,
    );
    out.verdict()
}

fn is_unknown(s: &S3DataSelector) -> bool {
    matches!(s, S3DataSelector::Prefix(Value::Unknown(..)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Model, Trail};
    use crate::policy::rules::test_support::*;

    fn model_with(sels: Vec<S3DataSelector>) -> Model {
        let mut m = model();
        m.trails.push(Trail {
            address: "aws_cloudtrail.t".into(),
            origin: o(70),
            s3_data_events: sels,
        });
        m
    }

    #[test]
    fn no_trails_pass() {
        assert!(is_pass(&check(&Context::of(&model()), &bucket())));
    }

    #[test]
    fn trail_without_selectors_fails_on_the_bucket() {
        let v = check(&Context::of(&model_with(vec![])), &bucket());
        assert_eq!(fail_origin(&v), o(0));
        let Verdict::Fail(f) = v else { unreachable!() };
        assert_eq!(f.related[0].origin, o(70));
    }

    #[test]
    fn selectors_for_this_bucket_or_all_pass() {
        assert!(is_pass(&check(
            &Context::of(&model_with(vec![S3DataSelector::AllBuckets(o(71))])),
            &bucket()
        )));
        for p in [
            "arn:aws:s3:::my-bucket/",
            "arn:aws:s3:::my-bucket",
            "arn:aws:s3:::my-bucket/logs/",
        ] {
            let m = model_with(vec![S3DataSelector::Prefix(set(p.into(), 71))]);
            assert!(is_pass(&check(&Context::of(&m), &bucket())), "{p}");
        }
        let other = model_with(vec![S3DataSelector::Prefix(set(
            "arn:aws:s3:::my-bucket-2/".into(),
            71,
        ))]);
        assert!(!is_pass(&check(&Context::of(&other), &bucket())));
    }

    #[test]
    fn unknown_selector_is_undecided() {
        let m = model_with(vec![S3DataSelector::Prefix(unknown(72))]);
        assert_eq!(undecided_origin(&check(&Context::of(&m), &bucket())), o(72));
    }
}
