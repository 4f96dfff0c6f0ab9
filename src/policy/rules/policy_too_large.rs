//! BG123 policy-too-large: the bucket policy text is over 20 KB (20,480 bytes), the S3 limit, so
//! `terraform apply` fails with PolicyTooLarge / MalformedPolicy. A partly known policy has a
//! size between its known text (a lower bound: over the limit fails) and the known text plus the
//! longest each hole can be (an upper bound: within the limit passes); undecided in between.
//!
//! Points at: the `policy` argument.

use super::Outcome;
use crate::model::Bucket;
use crate::policy::{Context, Verdict};

pub const LIMIT: usize = 20 * 1024;

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    let mut out = Outcome::default();
    for p in &bucket.policies {
        let origin = p.document.origin();
        let size = match (p.size, &p.document) {
            (Some(n), _) => n,
            (None, d) => {
                let why = d.unknown_reason().unwrap_or("its size is not known");
                out.undecided(
                    format!("the bucket policy in {} is not known: {why}", p.address),
                    origin,
                );
                continue;
            }
        };
        let exact = p.size_max == Some(size);
        if size <= LIMIT && p.size_max.is_none_or(|m| m > LIMIT) {
            let why = p.document.unknown_reason().unwrap_or("parts are not known");
            out.undecided(
                format!(
                    "the bucket policy in {} is at least {size} bytes, but not fully known: {why}",
                    p.address
                ),
                origin,
            );
            continue;
        }
        if size > LIMIT {
            out.fail(
                format!(
                    "{}: the bucket policy in {} is {}{size} bytes, over the 20 KB ({LIMIT} bytes) S3 limit, so apply \
                     will fail; merge statements, use wildcards or prefixes in Resource, or move grants to IAM \
                     policies or access points",
                    bucket.address,
                    p.address,
                    if exact { "" } else { "at least " }
                ),
                origin,
                super::bucket_related(bucket, &p.address),
            );
        }
    }
    out.verdict()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BucketPolicy, Value};
    use crate::policy::rules::test_support::*;
    use serde_json::json;

    #[test]
    fn large_policy_fails_small_passes() {
        let mut b = bucket();
        b.policies.push(policy(json!({"Statement": []})));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
        b.policies[0].size = Some(LIMIT + 1);
        let v = check(&Context::of(&model()), &b);
        assert_eq!(fail_origin(&v), o(5));
        assert!(fail_message(&v).contains("20481 bytes"));
        b.policies[0].size = Some(LIMIT);
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    #[test]
    fn size_from_document_and_unknown() {
        let mut b = bucket();
        // Without the text, the size is that of the compact JSON.
        let doc = json!({"Statement": [{"Sid": "x".repeat(LIMIT)}]});
        let p = BucketPolicy::new("aws_s3_bucket_policy.b".into(), o(4), Value::Set(doc, o(5)), None);
        b.policies.push(p);
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(5));
        let mut u = bucket();
        u.policies.push(unknown_policy());
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &u)), o(5));
    }
}
