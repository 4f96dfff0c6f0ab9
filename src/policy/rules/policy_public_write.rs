//! BG121 policy-public-write: a bucket policy Allow statement to anyone (`"*"`, `{"AWS":"*"}`,
//! NotPrincipal) that allows writes, deletes, ACL or policy changes (or `s3:*` / `*`), with no
//! condition AWS counts as non-public (fixed aws:SourceVpce, aws:SourceIp, aws:PrincipalOrgID ...;
//! see `iam::NON_PUBLIC_KEYS`). Neutral conditions such as aws:SecureTransport do not help.
//!
//! Points at: the `policy` argument. Related: the bucket and the policy resource.

use super::public_policy_check;
use crate::model::Bucket;
use crate::model::iam::Access;
use crate::policy::{Context, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    public_policy_check(
        bucket,
        Access::Write,
        "anyone on the internet can change or delete data or permissions",
        "name specific principals in Principal, or add a condition on aws:PrincipalOrgID, aws:SourceVpce or \
         aws:SourceIp with fixed values",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::test_support::*;
    use serde_json::json;

    fn with(stmt: serde_json::Value) -> Bucket {
        let mut b = bucket();
        b.policies
            .push(policy(json!({"Version": "2012-10-17", "Statement": [stmt]})));
        b
    }

    #[test]
    fn public_put_fails_on_the_policy_argument() {
        let b = with(
            json!({"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::my-bucket/*"}),
        );
        let v = check(&Context::of(&model()), &b);
        assert_eq!(fail_origin(&v), o(5));
        assert!(fail_message(&v).contains("s3:PutObject"));
    }

    #[test]
    fn star_actions_and_not_principal_fail() {
        assert!(!is_pass(&check(
            &Context::of(&model()),
            &with(json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": "*"}))
        )));
        let np = json!({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "s3:DeleteObject", "Resource": "*"});
        assert!(!is_pass(&check(&Context::of(&model()), &with(np))));
    }

    #[test]
    fn neutral_or_wildcard_conditions_stay_public() {
        for cond in [
            json!({"Bool": {"aws:SecureTransport": "true"}}),
            json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}),
            json!({"ArnLike": {"aws:SourceArn": "*"}}),
            json!({"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-123"}}),
        ] {
            let b = with(
                json!({"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject",
                "Resource": "*", "Condition": cond}),
            );
            assert!(!is_pass(&check(&Context::of(&model()), &b)), "{cond}");
        }
    }

    #[test]
    fn fixed_conditions_accounts_and_reads_pass() {
        for cond in [
            json!({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c"}}),
            json!({"StringEquals": {"AWS:PrincipalOrgID": "o-123"}}),
            json!({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}),
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/E1"}}),
        ] {
            let b = with(
                json!({"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject",
                "Resource": "*", "Condition": cond}),
            );
            assert!(is_pass(&check(&Context::of(&model()), &b)), "{cond}");
        }
        let acct = with(
            json!({"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}),
        );
        assert!(is_pass(&check(&Context::of(&model()), &acct)));
        let read =
            with(json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}));
        assert!(is_pass(&check(&Context::of(&model()), &read)));
        let deny = with(json!({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}));
        assert!(is_pass(&check(&Context::of(&model()), &deny)));
    }

    #[test]
    fn unknown_or_malformed_policy_is_undecided() {
        let mut b = bucket();
        b.policies.push(unknown_policy());
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(5));
        let bad = with(json!("not a statement"));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &bad)), o(5));
    }
}
