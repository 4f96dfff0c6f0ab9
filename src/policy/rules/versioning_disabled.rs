//! BG401 versioning-disabled: versioning is not enabled — no versioning configuration, status
//! `Suspended` / `Disabled`, or inline `versioning { enabled = false }`.
//!
//! Points at: the `status` (or inline `enabled`) argument; the bucket header when versioning is
//! not configured at all.

use crate::model::{Bucket, Value};
use crate::policy::{Context, Failure, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    let fix = "set versioning_configuration { status = \"Enabled\" } in aws_s3_bucket_versioning";
    let Some(v) = &bucket.versioning else {
        return Verdict::Fail(Failure {
            message: format!(
                "{}: versioning is not enabled, so overwritten or deleted objects cannot be recovered; {fix}",
                bucket.address
            ),
            origin: bucket.origin,
            related: Vec::new(),
        });
    };
    match &v.status {
        Value::Unknown(r, o) => Verdict::Undecided {
            reason: format!("the versioning status in {} is not known: {r}", v.address),
            origin: *o,
        },
        Value::Set(s, _) | Value::Default(s, _) if s == "Enabled" => Verdict::Pass,
        Value::Set(s, o) | Value::Default(s, o) => Verdict::Fail(Failure {
            message: format!(
                "{}: versioning is `{s}` in {}, so overwritten or deleted objects cannot be recovered; {fix}",
                bucket.address, v.address
            ),
            origin: *o,
            related: super::bucket_related(bucket, &v.address),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Versioning;
    use crate::policy::rules::test_support::*;

    fn with(status: Value<String>, mfa: Value<bool>) -> Bucket {
        let mut b = bucket();
        b.versioning = Some(Box::new(Versioning {
            address: "aws_s3_bucket_versioning.b".into(),
            origin: o(80),
            status,
            mfa_delete: mfa,
        }));
        b
    }

    #[test]
    fn missing_suspended_disabled_fail() {
        assert_eq!(fail_origin(&check(&Context::of(&model()), &bucket())), o(0));
        assert_eq!(
            fail_origin(&check(
                &Context::of(&model()),
                &with(set("Suspended".into(), 81), set(false, 82))
            )),
            o(81)
        );
        assert_eq!(
            fail_origin(&check(
                &Context::of(&model()),
                &with(set("Disabled".into(), 81), set(false, 82))
            )),
            o(81)
        );
    }

    #[test]
    fn enabled_passes_unknown_undecided() {
        assert!(is_pass(&check(
            &Context::of(&model()),
            &with(set("Enabled".into(), 81), set(false, 82))
        )));
        assert_eq!(
            undecided_origin(&check(&Context::of(&model()), &with(unknown(81), set(false, 82)))),
            o(81)
        );
    }
}
