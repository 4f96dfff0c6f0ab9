//! BG105 object-acl-public: an `aws_s3_object` / `aws_s3_bucket_object` in the bucket whose
//! canned `acl` is `public-read`, `public-read-write` or `authenticated-read`.
//!
//! Points at: the object's `acl` argument. Related: the bucket.

use super::Outcome;
use crate::model::{Bucket, Value};
use crate::policy::{Context, Related, Verdict};

const PUBLIC: &[&str] = &["public-read", "public-read-write", "authenticated-read"];

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    let mut out = Outcome::default();
    for obj in &bucket.objects {
        match &obj.acl {
            Value::Unknown(r, o) => {
                out.undecided(format!("the ACL of {} is not known: {r}", obj.address), *o)
            }
            Value::Set(acl, o) | Value::Default(acl, o) if PUBLIC.contains(&acl.as_str()) => {
                let who = if acl == "authenticated-read" {
                    "anyone with any AWS account"
                } else {
                    "anyone on the internet"
                };
                out.fail(
                    format!(
                        "{}: object {} has ACL `{acl}`, so {who} can read it; set `acl = \"private\"` (or remove \
                         it) and serve the object through a bucket policy or CloudFront",
                        bucket.address, obj.address
                    ),
                    *o,
                    vec![Related {
                        origin: bucket.origin,
                        message: format!("the bucket {}", bucket.address),
                    }],
                )
            }
            _ => {}
        }
    }
    out.verdict()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::S3Object;
    use crate::policy::rules::test_support::*;

    fn object(acl: Value<String>) -> S3Object {
        S3Object {
            address: "aws_s3_object.o".into(),
            rtype: "aws_s3_object".into(),
            origin: o(10),
            key: set("index.html".into(), 11),
            acl,
            kms_key: None,
            sse: None,
        }
    }

    /// The canned ACLs that grant AllUsers or AuthenticatedUsers READ (S3 user guide, "Canned
    /// ACL"), listed here rather than read from `PUBLIC`, so a shortened constant fails.
    #[test]
    fn public_object_acl_fails() {
        // authenticated-read grants READ to AuthenticatedUsers: any AWS account, not anyone.
        for (acl, who) in [
            ("public-read", "anyone on the internet"),
            ("public-read-write", "anyone on the internet"),
            ("authenticated-read", "anyone with any AWS account"),
        ] {
            let mut b = bucket();
            b.objects.push(object(set(acl.into(), 12)));
            let v = check(&Context::of(&model()), &b);
            assert_eq!(fail_origin(&v), o(12));
            let message = fail_message(&v);
            assert!(message.contains("aws_s3_object.o"), "{message}");
            assert!(message.contains(&format!("so {who} can read it")), "{message}");
        }
    }

    #[test]
    fn private_default_and_exec_read_pass() {
        let mut b = bucket();
        b.objects.push(object(Value::Default("private".into(), o(10))));
        b.objects.push(object(set("aws-exec-read".into(), 12)));
        b.objects
            .push(object(set("bucket-owner-full-control".into(), 12)));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    #[test]
    fn unknown_acl_is_undecided_unless_another_object_fails() {
        let mut b = bucket();
        b.objects.push(object(unknown(12)));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(12));
        b.objects.push(object(set("public-read".into(), 13)));
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(13));
    }
}
