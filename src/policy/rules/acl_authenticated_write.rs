//! BG102 acl-authenticated-write: WRITE / WRITE_ACP / FULL_CONTROL granted to
//! AuthenticatedUsers (any AWS account, not just yours). No canned ACL grants this.
//!
//! Points at: the `grant` / `grantee` block. Related: the bucket, for a separate
//! `aws_s3_bucket_acl`.

use super::acl_check;
use crate::model::{Bucket, Grantee};
use crate::policy::{Context, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    acl_check(
        bucket,
        &[],
        Grantee::AuthenticatedUsers,
        &["WRITE", "WRITE_ACP", "FULL_CONTROL"],
        "lets anyone with any AWS account upload, overwrite or delete objects (or rewrite the ACL)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::test_support::*;

    #[test]
    fn write_grants_to_authenticated_users_fail() {
        let mut b = bucket();
        b.acls.push(grant_acl(vec![
            (set(Grantee::AuthenticatedUsers, 6), set("READ".into(), 7), 8),
            (set(Grantee::AuthenticatedUsers, 6), set("WRITE_ACP".into(), 7), 9),
        ]));
        let v = check(&Context::of(&model()), &b);
        assert_eq!(fail_origin(&v), o(9));
        assert!(fail_message(&v).contains("AuthenticatedUsers"));
    }

    #[test]
    fn canned_acls_and_other_grantees_pass() {
        let mut b = bucket();
        b.acls.push(canned_acl(set("authenticated-read".into(), 3)));
        b.acls.push(grant_acl(vec![
            (set(Grantee::AllUsers, 6), set("READ".into(), 7), 8),
            (
                set(Grantee::CanonicalUser("abc".into()), 6),
                set("FULL_CONTROL".into(), 7),
                9,
            ),
        ]));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    #[test]
    fn unknown_grantee_is_undecided() {
        let mut b = bucket();
        b.acls
            .push(grant_acl(vec![(unknown(6), set("WRITE".into(), 7), 8)]));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(6));
    }
}
