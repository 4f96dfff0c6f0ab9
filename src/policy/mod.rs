//! The policy catalog: metadata from `policies/` joined with one check module per policy.

pub mod meta;
pub mod rules;
pub mod scope;

use std::sync::OnceLock;

pub use meta::{PolicyMeta, Severity};

use crate::model::{Bucket, Model, Origin};

/// What a check concluded about one bucket.
#[derive(Clone, Debug)]
pub enum Verdict {
    Pass,
    Fail(Failure),
    /// The answer depends on a value the scanner could not resolve.
    Undecided {
        reason: String,
        origin: Origin,
    },
}

#[derive(Clone, Debug)]
pub struct Failure {
    /// Names the bucket and what to change.
    pub message: String,
    /// The most specific place: the wrong attribute, or the block missing the setting.
    pub origin: Origin,
    pub related: Vec<Related>,
}

#[derive(Clone, Debug)]
pub struct Related {
    pub origin: Origin,
    pub message: String,
}

pub type CheckFn = fn(&Model, &Bucket) -> Verdict;

/// A check about the whole scan rather than one bucket (IAM policies): each failure names the
/// resource it is about.
pub type ScanCheckFn = fn(&Model) -> Vec<ScanFailure>;

#[derive(Clone, Debug)]
pub struct ScanFailure {
    /// The resource's address, reported where findings name a bucket.
    pub subject: String,
    pub root: String,
    pub failure: Failure,
}

#[derive(Debug)]
pub struct Policy {
    pub meta: PolicyMeta,
    /// Per bucket; passes for scan-level policies.
    pub check: CheckFn,
    /// Once per scan, for policies whose subject is not a bucket.
    pub scan_check: Option<ScanCheckFn>,
}

/// Every policy, sorted by id.
pub fn all() -> &'static [Policy] {
    static ALL: OnceLock<Vec<Policy>> = OnceLock::new();
    ALL.get_or_init(|| {
        // The metadata is embedded and validated by the test suite, so failing here is a build defect.
        let metas = meta::load_all().unwrap_or_else(|e| panic!("invalid policy metadata: {e}"));
        metas
            .into_iter()
            .map(|meta| {
                let scan_check = rules::scan_check_for(&meta.id);
                let check = rules::check_for(&meta.id)
                    .or(scan_check.map(|_| (|_: &Model, _: &Bucket| Verdict::Pass) as CheckFn))
                    .unwrap_or_else(|| panic!("policy {} has no check in src/policy/rules", meta.id));
                Policy {
                    meta,
                    check,
                    scan_check,
                }
            })
            .collect()
    })
}

/// Look a policy up by id (`BG103`) or slug (`acl-public-read`), case-insensitively.
pub fn find(key: &str) -> Option<&'static Policy> {
    all()
        .iter()
        .find(|p| p.meta.id.eq_ignore_ascii_case(key) || p.meta.slug.eq_ignore_ascii_case(key))
}
