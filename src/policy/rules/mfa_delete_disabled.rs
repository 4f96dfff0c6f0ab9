//! BG402 mfa-delete-disabled: versioning is enabled but MFA delete is not. S3 accepts MFA delete
//! only on a versioning-enabled bucket, so buckets whose versioning is absent, disabled or
//! suspended are left to BG401.
//!
//! Points at: the `mfa_delete` argument; the versioning block when it is unset.

use crate::model::{Bucket, Value};
use crate::policy::{Context, Failure, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    let Some(v) = &bucket.versioning else {
        return Verdict::Pass;
    };
    let enabled = match &v.status {
        Value::Set(s, _) | Value::Default(s, _) => s == "Enabled",
        // Only a bucket without MFA delete depends on it.
        Value::Unknown(r, o) if !matches!(v.mfa_delete.known(), Some(true)) => {
            return Verdict::Undecided {
                reason: format!("whether versioning is enabled in {} is not known: {r}", v.address),
                origin: *o,
            };
        }
        Value::Unknown(..) => true,
    };
    if !enabled {
        return Verdict::Pass;
    }
    match &v.mfa_delete {
        Value::Unknown(r, o) => Verdict::Undecided {
            reason: format!("mfa_delete in {} is not known: {r}", v.address),
            origin: *o,
        },
        Value::Set(true, _) | Value::Default(true, _) => Verdict::Pass,
        Value::Set(false, o) | Value::Default(false, o) => Verdict::Fail(Failure {
            message: format!(
                "{}: versioning in {} has no MFA delete, so one set of stolen credentials can delete object \
                 versions or suspend versioning; set mfa_delete = \"Enabled\" (with the root user's MFA in `mfa`)",
                bucket.address, v.address
            ),
            origin: if v.mfa_delete.is_set() { *o } else { v.origin },
            related: super::bucket_related(bucket, &v.address),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Versioning;
    use crate::policy::rules::test_support::*;

    fn with(mfa: Value<bool>) -> Bucket {
        with_status(set("Enabled".into(), 81), mfa)
    }

    fn with_status(status: Value<String>, mfa: Value<bool>) -> Bucket {
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
    fn only_enabled_versioning_needs_mfa_delete() {
        // S3 allows MFA delete only on versioning-enabled buckets; BG401 reports the others.
        for status in ["Suspended", "Disabled"] {
            assert!(is_pass(&check(
                &Context::of(&model()),
                &with_status(set(status.into(), 81), set(false, 82))
            )));
        }
        let v3_disabled = with_status(
            Value::Default("Disabled".into(), o(81)),
            Value::Default(false, o(80)),
        );
        assert!(is_pass(&check(&Context::of(&model()), &v3_disabled)));
        // Unknown status: undecided without MFA delete, decided with it.
        assert_eq!(
            undecided_origin(&check(
                &Context::of(&model()),
                &with_status(unknown(81), set(false, 82))
            )),
            o(81)
        );
        assert!(is_pass(&check(
            &Context::of(&model()),
            &with_status(unknown(81), set(true, 82))
        )));
    }

    #[test]
    fn without_mfa_delete_fails() {
        assert_eq!(
            fail_origin(&check(&Context::of(&model()), &with(set(false, 82)))),
            o(82)
        );
        assert_eq!(
            fail_origin(&check(
                &Context::of(&model()),
                &with(Value::Default(false, o(83)))
            )),
            o(80)
        );
    }

    #[test]
    fn enabled_passes_no_versioning_is_bg401s_unknown_undecided() {
        assert!(is_pass(&check(&Context::of(&model()), &with(set(true, 82)))));
        assert!(is_pass(&check(&Context::of(&model()), &bucket())));
        assert_eq!(
            undecided_origin(&check(&Context::of(&model()), &with(unknown(82)))),
            o(82)
        );
    }
}
