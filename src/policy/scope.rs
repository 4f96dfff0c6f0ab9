//! Buckets the checks see only in part.
//!
//! - Defined outside the scan: a setting the scan does not configure may well be set where the
//!   bucket is defined, so a check that would fail for its absence is undecided instead. The
//!   settings the scan does configure are checked as for any bucket.
//! - Directory buckets (S3 Express One Zone): they have no versioning, MFA delete or server
//!   access logging to configure, so those checks do not apply; their policies speak
//!   `s3express` actions and ARNs, which the policy checks do not read.

use crate::model::{Bucket, Model};

use super::{Context, Verdict};

/// Whether the scan configures a setting of the bucket.
type Configured = fn(&Model, &Bucket) -> bool;

/// What a check needs to find in the scan to decide, for the checks that fail when a setting is
/// absent: `None` for checks that only judge settings that are present.
fn needs(id: &str) -> Option<(&'static str, Configured)> {
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

/// Checks of settings a directory bucket does not have: versioning, MFA delete (by versioning or
/// by policy), server access logging, and CloudTrail data events of type AWS::S3::Object
/// (directory buckets log AWS::S3Express::Object events).
const NOT_FOR_DIRECTORY: &[&str] = &["BG301", "BG302", "BG401", "BG402", "BG403"];

/// Checks that would read a directory bucket's policy as a general purpose bucket's: whether
/// it is cross-account (when it has one), whether it enforces TLS.
fn reads_directory_policy(id: &str, bucket: &Bucket) -> bool {
    id == "BG203" || (id == "BG124" && !bucket.policies.is_empty())
}

/// The verdict of check `id` on `bucket`: `check`'s, except where the bucket is seen in part.
pub fn verdict(id: &str, check: super::CheckFn, cx: &Context, bucket: &Bucket) -> Verdict {
    if bucket.directory {
        if NOT_FOR_DIRECTORY.contains(&id) {
            return Verdict::Pass;
        }
        if reads_directory_policy(id, bucket) {
            return Verdict::Undecided {
                reason: format!(
                    "{} is a directory bucket: its policy (s3express actions and ARNs) is not read",
                    bucket.address
                ),
                origin: bucket.policies.first().map_or(bucket.origin, |p| p.origin),
            };
        }
    }
    if bucket.external
        && let Some((what, present)) = needs(id)
        && !present(cx.model, bucket)
    {
        return Verdict::Undecided {
            reason: format!(
                "{} is defined outside the scan, and the scan does not configure its {what}",
                bucket.address
            ),
            origin: bucket.origin,
        };
    }
    check(cx, bucket)
}
