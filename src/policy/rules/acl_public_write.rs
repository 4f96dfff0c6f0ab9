//! BG101 acl-public-write: the bucket ACL lets Everyone (AllUsers) write — canned
//! `public-read-write`, or WRITE / WRITE_ACP / FULL_CONTROL granted to AllUsers.
//!
//! Points at: the `acl` argument holding the canned ACL, or the `grant` / `grantee` block.
//! Related: the bucket, when the ACL is a separate `aws_s3_bucket_acl`.

use super::acl_check;
use crate::model::{Bucket, Grantee};
use crate::policy::{Context, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    acl_check(
        bucket,
        &["public-read-write"],
        Grantee::AllUsers,
        &["WRITE", "WRITE_ACP", "FULL_CONTROL"],
        "lets anyone on the internet upload, overwrite or delete objects (or rewrite the ACL)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::test_support::*;

    #[test]
    fn canned_public_read_write_fails_on_the_acl() {
        let mut b = bucket();
        b.acls.push(canned_acl(set("public-read-write".into(), 3)));
        let v = check(&Context::of(&model()), &b);
        assert_eq!(fail_origin(&v), o(3));
        assert!(fail_message(&v).contains("aws_s3_bucket.b: ACL `public-read-write`"));
        let Verdict::Fail(f) = v else { unreachable!() };
        assert_eq!(f.related[0].origin, o(0), "the bucket is related");
    }

    #[test]
    fn grants_to_all_users() {
        for perm in ["WRITE", "WRITE_ACP", "FULL_CONTROL"] {
            let mut b = bucket();
            b.acls.push(grant_acl(vec![(
                set(Grantee::AllUsers, 6),
                set(perm.into(), 7),
                8,
            )]));
            assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(8), "{perm}");
        }
    }

    #[test]
    fn reads_log_delivery_and_private_pass() {
        let mut b = bucket();
        b.acls.push(canned_acl(set("log-delivery-write".into(), 3)));
        b.acls.push(grant_acl(vec![
            (set(Grantee::AllUsers, 6), set("READ".into(), 7), 8),
            (set(Grantee::LogDelivery, 6), set("WRITE".into(), 7), 9),
            (set(Grantee::AuthenticatedUsers, 6), set("WRITE".into(), 7), 9),
        ]));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
        assert!(is_pass(&check(&Context::of(&model()), &bucket())));
    }

    #[test]
    fn unknown_acl_is_undecided_but_a_known_public_grant_wins() {
        let mut b = bucket();
        b.acls.push(canned_acl(unknown(3)));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(3));
        b.acls.push(grant_acl(vec![
            (unknown(6), set("WRITE".into(), 7), 8),
            (set(Grantee::AllUsers, 6), set("FULL_CONTROL".into(), 7), 9),
        ]));
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(9));
    }

    #[test]
    fn unknown_permission_for_all_users_is_undecided() {
        let mut b = bucket();
        b.acls
            .push(grant_acl(vec![(set(Grantee::AllUsers, 6), unknown(7), 8)]));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(7));
    }
}
