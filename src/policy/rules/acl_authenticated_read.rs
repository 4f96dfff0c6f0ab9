//! BG104 acl-authenticated-read: canned `authenticated-read`, or READ / READ_ACP granted to
//! AuthenticatedUsers (any AWS account).
//!
//! Points at: the `acl` argument or the `grant` / `grantee` block. Related: the bucket, for a
//! separate `aws_s3_bucket_acl`.

use super::acl_check;
use crate::model::{Bucket, Grantee};
use crate::policy::{Context, Verdict};

pub fn check(_cx: &Context, bucket: &Bucket) -> Verdict {
    acl_check(
        bucket,
        &["authenticated-read"],
        Grantee::AuthenticatedUsers,
        &["READ", "READ_ACP"],
        "lets anyone with any AWS account list the bucket (or read its ACL)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::test_support::*;

    #[test]
    fn canned_and_grant_fail() {
        let mut b = bucket();
        b.acls.push(canned_acl(set("authenticated-read".into(), 3)));
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(3));
        let mut b = bucket();
        b.acls.push(grant_acl(vec![(
            set(Grantee::AuthenticatedUsers, 6),
            set("READ".into(), 7),
            8,
        )]));
        assert_eq!(fail_origin(&check(&Context::of(&model()), &b)), o(8));
    }

    #[test]
    fn public_read_is_not_this_policy() {
        let mut b = bucket();
        b.acls.push(canned_acl(set("public-read".into(), 3)));
        b.acls.push(grant_acl(vec![(
            set(Grantee::AllUsers, 6),
            set("READ".into(), 7),
            8,
        )]));
        assert!(is_pass(&check(&Context::of(&model()), &b)));
    }

    #[test]
    fn unknown_permission_is_undecided() {
        let mut b = bucket();
        b.acls.push(grant_acl(vec![(
            set(Grantee::AuthenticatedUsers, 6),
            unknown(7),
            8,
        )]));
        assert_eq!(undecided_origin(&check(&Context::of(&model()), &b)), o(7));
    }
}
