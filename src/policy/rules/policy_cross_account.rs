//! BG124 policy-cross-account: a bucket policy statement that takes effect for principals of an
//! account not listed with `--trusted-account` (the exposure model decides: Deny statements and
//! `restrict_public_buckets` are taken into account).
//!
//! Points at: the policy argument. Related: the bucket.

use super::{Outcome, bucket_related};
use crate::exposure::{Effectiveness, Level};
use crate::model::Bucket;
use crate::policy::{Context, Verdict};

pub fn check(cx: &Context, bucket: &Bucket) -> Verdict {
    let e = cx.exposure(bucket);
    let mut out = Outcome::default();
    // The reasons by origin, in order: one pass, not one per policy.
    let mut at: rustc_hash::FxHashMap<_, Vec<&crate::exposure::Reason>> = Default::default();
    for r in &e.reasons {
        at.entry(r.origin).or_default().push(r);
    }
    for p in &bucket.policies {
        let origin = p.document.origin();
        for r in at.get(&origin).into_iter().flatten() {
            match (&r.effect, r.level) {
                (Effectiveness::Effective, Some(Level::CrossAccount)) => out.fail(
                    format!(
                        "{}: {}; remove the statement or, when the account is trusted, list it with \
                         --trusted-account",
                        bucket.address, r.message
                    ),
                    origin,
                    bucket_related(bucket, &p.address),
                ),
                (Effectiveness::Unknown(why), None | Some(Level::CrossAccount)) => {
                    out.undecided(why.clone(), origin)
                }
                _ => {}
            }
        }
    }
    out.verdict()
}
