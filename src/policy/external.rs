//! Buckets defined outside the scan: a setting the scan does not configure may well be set where
//! the bucket is defined, so a check that would fail for its absence is undecided instead. The
//! settings the scan does configure are checked as for any bucket.

use crate::model::{Bucket, Model};

use super::Verdict;

/// What a check needs to find in the scan to decide, for the checks that fail when a setting is
/// absent: `None` for checks that only judge settings that are present.
fn needs(id: &str) -> Option<(&'static str, fn(&Model, &Bucket) -> bool)> {
    Some(match id {
        "BG106" => ("ownership controls", |_, b| b.ownership.is_some()),
        "BG111" => ("public access block", |m, b| {
            b.public_access_block.is_some() || !m.account_public_access_blocks.is_empty()
        }),
        "BG201" => ("default encryption", |_, b| b.encryption.is_some()),
        "BG203" | "BG403" => ("bucket policy", |_, b| !b.policies.is_empty()),
        "BG301" => ("access logging", |_, b| {
            b.logging.is_some() || !b.receives_logs_from.is_empty()
        }),
        "BG401" => ("versioning", |_, b| b.versioning.is_some()),
        _ => return None,
    })
}

/// The verdict of check `id` on `bucket`: `check`'s, except that on a bucket outside the scan
/// the absence of what the check needs is not a failure.
pub fn verdict(id: &str, check: super::CheckFn, model: &Model, bucket: &Bucket) -> Verdict {
    if bucket.external
        && let Some((what, present)) = needs(id)
        && !present(model, bucket)
    {
        return Verdict::Undecided {
            reason: format!(
                "{} is defined outside the scan, and the scan does not configure its {what}",
                bucket.address
            ),
            origin: bucket.origin,
        };
    }
    check(model, bucket)
}
