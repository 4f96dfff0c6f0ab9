//! BG301 access-logging-disabled: no server access logging (inline `logging` block or
//! `aws_s3_bucket_logging`). Buckets that are themselves log targets are exempt (logging a log
//! bucket into itself loops; into another bucket only moves the problem).
//!
//! Points at: the bucket header.

use crate::model::Bucket;
use crate::policy::{Context, Failure, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    if bucket.logging.is_some() || !bucket.receives_logs_from.is_empty() {
        return Verdict::Pass;
    }
    Verdict::Fail(Failure {
        message: format!(
            "{}: server access logging is off, so requests to the bucket leave no access record; add \
             aws_s3_bucket_logging with target_bucket (a separate log bucket) and target_prefix",
            bucket.address
        ),
        origin: bucket.origin,
        related: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Logging;
    use crate::policy::rules::test_support::*;

    #[test]
    fn no_logging_fails_logging_or_log_target_passes() {
        assert_eq!(fail_origin(&check(&Context::of(&model()), &bucket())), o(0));
        let mut b = bucket();
        b.logging = Some(Box::new(Logging {
            address: "aws_s3_bucket_logging.b".into(),
            origin: o(60),
            target_bucket: unknown(61),
            target_address: None,
        }));
        assert!(
            is_pass(&check(&Context::of(&model()), &b)),
            "an unknown target still means logging is on"
        );
        let mut t = bucket();
        t.receives_logs_from.push("aws_s3_bucket.app".into());
        assert!(is_pass(&check(&Context::of(&model()), &t)));
    }
}
