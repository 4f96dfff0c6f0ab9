//! BG106 acls-enabled: no `aws_s3_bucket_ownership_controls` with `object_ownership =
//! "BucketOwnerEnforced"`, so ACLs stay in force.
//!
//! Points at: the `object_ownership` argument when it names another setting; the bucket header
//! when there are no ownership controls.

use crate::model::{Bucket, Value};
use crate::policy::{Context, Failure, Related, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    let Some(own) = &bucket.ownership else {
        return Verdict::Fail(Failure {
            message: format!(
                "{}: no aws_s3_bucket_ownership_controls disables ACLs; S3 defaults new buckets to \
                 BucketOwnerEnforced since April 2023, but Terraform does not enforce it and older buckets keep \
                 ACLs; add aws_s3_bucket_ownership_controls with `object_ownership = \"BucketOwnerEnforced\"`",
                bucket.address
            ),
            origin: bucket.origin,
            related: Vec::new(),
        });
    };
    match &own.object_ownership {
        Value::Unknown(r, o) => Verdict::Undecided {
            reason: format!("object_ownership of {} is not known: {r}", own.address),
            origin: *o,
        },
        Value::Set(v, _) | Value::Default(v, _) if v == "BucketOwnerEnforced" => Verdict::Pass,
        Value::Set(v, o) | Value::Default(v, o) => Verdict::Fail(Failure {
            message: format!(
                "{}: object_ownership `{v}` keeps ACLs enabled, so ACL grants still give access; set \
                 `object_ownership = \"BucketOwnerEnforced\"` in {}",
                bucket.address, own.address
            ),
            origin: *o,
            related: vec![Related {
                origin: bucket.origin,
                message: format!("the bucket {}", bucket.address),
            }],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ownership;
    use crate::policy::rules::test_support::*;

    fn with(v: Value<String>) -> Bucket {
        let mut b = bucket();
        b.ownership = Some(Box::new(Ownership {
            address: "aws_s3_bucket_ownership_controls.b".into(),
            origin: o(20),
            object_ownership: v,
        }));
        b
    }

    #[test]
    fn missing_controls_fail_on_the_bucket() {
        let v = check(&Context::of(&model()), &bucket());
        assert_eq!(fail_origin(&v), o(0));
        assert!(fail_message(&v).contains("BucketOwnerEnforced"));
    }

    #[test]
    fn other_ownership_fails_on_the_argument() {
        assert_eq!(
            fail_origin(&check(
                &Context::of(&model()),
                &with(set("ObjectWriter".into(), 21))
            )),
            o(21)
        );
        assert_eq!(
            fail_origin(&check(
                &Context::of(&model()),
                &with(set("BucketOwnerPreferred".into(), 21))
            )),
            o(21)
        );
    }

    #[test]
    fn enforced_passes_unknown_undecided() {
        assert!(is_pass(&check(
            &Context::of(&model()),
            &with(set("BucketOwnerEnforced".into(), 21))
        )));
        assert_eq!(
            undecided_origin(&check(&Context::of(&model()), &with(unknown(21)))),
            o(21)
        );
    }
}
