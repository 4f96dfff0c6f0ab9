//! Buckets the checks see only in part, and each rule's columns for them (`rules::RULES`).
//!
//! - Defined outside the scan: a setting the scan does not configure may well be set where the
//!   bucket is defined, so a check that would fail for its absence is undecided instead. The
//!   settings the scan does configure are checked as for any bucket.
//! - Directory buckets (S3 Express One Zone): they have no versioning, MFA delete or server
//!   access logging to configure, so those checks do not apply; their policies speak
//!   `s3express` actions and ARNs, which the policy checks do not read.

use crate::model::{Bucket, Model};

use super::{Context, Policy, Verdict};

/// A setting whose absence fails a check, and whether the scan configures it for a bucket.
#[derive(Clone, Copy, Debug)]
pub struct Needs {
    pub setting: &'static str,
    pub configured: fn(&Model, &Bucket) -> bool,
}

/// What a check does on a directory bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDirectory {
    /// Applies as to a general purpose bucket.
    Check,
    /// Judges a setting directory buckets do not have (versioning, MFA delete, server access
    /// logging, AWS::S3::Object data events): passes.
    NotApplicable,
    /// Would read the bucket's policy as a general purpose bucket's: undecided. (Checks that
    /// read a policy only when there is one, BG124, need no column: a directory bucket's policy
    /// is unreadable in the model, and they say undecided themselves.)
    ReadsPolicy,
}

/// A rule's columns for buckets seen in part.
#[derive(Clone, Copy, Debug)]
pub struct Scope {
    /// For checks that fail when a setting is absent: that setting.
    pub needs: Option<Needs>,
    pub on_directory: OnDirectory,
}

impl Scope {
    pub const EVERY_BUCKET: Scope = Scope {
        needs: None,
        on_directory: OnDirectory::Check,
    };
}

/// The verdict of `policy` on `bucket`: its check's, except where the bucket is seen in part.
pub fn verdict(policy: &Policy, cx: &Context, bucket: &Bucket) -> Verdict {
    let scope = policy.scope;
    if bucket.directory {
        match scope.on_directory {
            OnDirectory::NotApplicable => return Verdict::Pass,
            OnDirectory::ReadsPolicy => return directory_policy(bucket),
            OnDirectory::Check => {}
        }
    }
    if bucket.external
        && let Some(needs) = scope.needs
        && !(needs.configured)(cx.model, bucket)
    {
        return Verdict::Undecided {
            reason: format!(
                "{} is defined outside the scan, and the scan does not configure its {}",
                bucket.address, needs.setting
            ),
            origin: bucket.origin,
        };
    }
    (policy.check)(cx, bucket)
}

fn directory_policy(bucket: &Bucket) -> Verdict {
    Verdict::Undecided {
        reason: format!(
            "{} is a directory bucket: its policy (s3express actions and ARNs) is not read",
            bucket.address
        ),
        origin: bucket.policies.first().map_or(bucket.origin, |p| p.origin),
    }
}
