//! BG103 acl-public-read: canned `public-read`, or READ / READ_ACP granted to Everyone
//! (AllUsers). `public-read-write` and write grants are BG101's. `aws-exec-read` (EC2 reads AMI
//! bundles) and `log-delivery-write` are not public.
//!
//! Points at: the `acl` argument or the `grant` / `grantee` block. Related: the bucket, for a
//! separate `aws_s3_bucket_acl`.

use super::acl_check;
use crate::model::{Bucket, Grantee};
use crate::policy::{Context, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    acl_check(
        bucket,
        &["public-read"],
        Grantee::AllUsers,
        &["READ", "READ_ACP"],
        "lets anyone on the internet list the bucket (or read its ACL)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::test_support::*;

    #[test]
    fn canned_public_read_fails() {
        let mut b = bucket();
        b.acls.push(canned_acl(set("public-read".into(), 3)));
        let v = check(&Context::of(&model()), &b);
        assert_eq!(fail_origin(&v), o(3));
        assert!(fail_message(&v).contains("set the ACL to `private`"));
    }

    #[test]
    fn read_grants_to_all_users_fail() {
        let mut b = bucket();
        b.acls.push(grant_acl(vec![(
            set(Grantee::AllUsers, 6),
            set("READ_ACP".into(), 7),
            8,
        )]));
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(8));
    }

    #[test]
    fn not_public_canned_acls_pass() {
        for c in [
            "private",
            "aws-exec-read",
            "log-delivery-write",
            "bucket-owner-full-control",
            "authenticated-read",
        ] {
            let mut b = bucket();
            b.acls.push(canned_acl(set(c.into(), 3)));
            assert!(is_pass(&check(&Context::of(&model()), &b)), "{c}");
        }
        let mut b = bucket();
        b.acls.push(grant_acl(vec![(
            set(Grantee::LogDelivery, 6),
            set("READ_ACP".into(), 7),
            8,
        )]));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    #[test]
    fn unknown_canned_acl_is_undecided() {
        let mut b = bucket();
        b.acls.push(canned_acl(unknown(3)));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(3));
    }
}
