//! BG107 acl-cross-account: a bucket ACL grant to a canonical user or email address that is
//! not the owner (`access_control_policy { owner { id } }`) nor the CloudFront log delivery
//! account, and that takes effect (the exposure model decides).
//!
//! Points at: the grant. Related: the bucket.

use super::{Outcome, bucket_related};
use crate::exposure::{Effectiveness, Level};
use crate::model::{Bucket, Grantee, Value};
use crate::policy::{Context, Verdict};

/// The `awslogsdelivery` account that writes CloudFront standard logs.
const AWSLOGSDELIVERY: &str = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0";

pub fn check(cx: &Context, bucket: &Bucket) -> Verdict {
    let e = cx.exposure(bucket);
    let mut out = Outcome::default();
    for acl in &bucket.acls {
        for g in &acl.grants {
            match &g.grantee {
                Value::Set(Grantee::CanonicalUser(id), _) if id == AWSLOGSDELIVERY => continue,
                // A group grant reaches another account only as what a Deny spares of a public
                // grant: the group's own findings (BG101-BG104) report it.
                Value::Set(Grantee::AllUsers | Grantee::AuthenticatedUsers | Grantee::LogDelivery, _)
                | Value::Set(Grantee::OtherGroup(_), _) => continue,
                Value::Unknown(r, o) => {
                    out.undecided(format!("a grantee in {} is not known: {r}", acl.address), *o);
                    continue;
                }
                _ => {}
            }
            for r in e.reasons.iter().filter(|r| r.origin == g.origin) {
                match (&r.effect, r.level) {
                    (Effectiveness::Effective, Some(Level::CrossAccount)) => out.fail(
                        format!(
                            "{}: {}; remove the grant and give access with a bucket policy, or disable ACLs \
                             (BucketOwnerEnforced)",
                            bucket.address, r.message
                        ),
                        g.origin,
                        bucket_related(bucket, &acl.address),
                    ),
                    (Effectiveness::Unknown(why), None | Some(Level::CrossAccount)) => {
                        out.undecided(why.clone(), g.origin)
                    }
                    _ => {}
                }
            }
        }
    }
    out.verdict()
}
