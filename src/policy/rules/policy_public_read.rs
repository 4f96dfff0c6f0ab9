//! BG122 policy-public-read: like BG121, for public Allow statements whose actions only read or
//! list (`s3:GetObject`, `s3:List*`, ...). A statement that also writes is BG121's.
//!
//! Points at: the `policy` argument. Related: the bucket and the policy resource.

use super::public_policy_check;
use crate::model::Bucket;
use crate::model::iam::Access;
use crate::policy::{Context, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    public_policy_check(
        bucket,
        Access::Read,
        "anyone on the internet can read or list it",
        "name specific principals in Principal (for a website, serve through CloudFront with origin access \
         control and a fixed aws:SourceArn condition)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::test_support::*;
    use serde_json::json;

    fn with(stmt: serde_json::Value) -> Bucket {
        let mut b = bucket();
        b.policies.push(policy(json!({"Statement": stmt})));
        b
    }

    #[test]
    fn public_get_fails() {
        let b = with(
            json!({"Sid": "PublicRead", "Effect": "Allow", "Principal": {"AWS": ["*"]},
            "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}),
        );
        let v = check(&Context::of(&model()), &b);
        assert_eq!(fail_origin(&v), o(5));
        assert!(fail_message(&v).contains("statement `PublicRead`"));
    }

    #[test]
    fn writes_vpce_and_service_principals_are_not_this_policy() {
        assert!(is_pass(&check(
            &Context::of(&model()),
            &with(json!({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}))
        )));
        let vpce = json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}});
        assert!(is_pass(&check(&Context::of(&model()), &with(vpce))));
        let svc = json!({"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": "s3:GetObject", "Resource": "*"});
        assert!(is_pass(&check(&Context::of(&model()), &with(svc))));
    }

    #[test]
    fn unknown_policy_undecided_but_known_public_one_fails() {
        let mut b =
            with(json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}));
        b.policies.insert(0, unknown_policy());
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(5));
        let mut u = bucket();
        u.policies.push(unknown_policy());
        assert!(matches!(
            check(&Context::of(&model()), &u),
            Verdict::Undecided { .. }
        ));
    }
}
