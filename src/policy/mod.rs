//! The policy catalog: metadata from `policies/` joined with one check module per policy.

pub mod custom;
pub mod meta;
pub mod rules;
pub mod scope;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

pub use meta::{PolicyMeta, Severity};

use crate::exposure::{self, Exposure};
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

/// What a check reads besides its bucket: the model, and the exposures the scan computed.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub model: &'a Model,
    /// One per bucket, in `model.buckets` order; empty when not computed (then computed on demand).
    exposures: &'a [Arc<Exposure>],
}

impl<'a> Context<'a> {
    /// `exposures`: `exposure::compute_all(model)`, one per bucket in order.
    pub fn new(model: &'a Model, exposures: &'a [Arc<Exposure>]) -> Self {
        Context { model, exposures }
    }

    /// A context without precomputed exposures: each is computed when a check asks.
    pub fn of(model: &'a Model) -> Self {
        Context {
            model,
            exposures: &[],
        }
    }

    /// The bucket's exposure: the precomputed one when `bucket` is one of the model's, else
    /// computed now.
    pub fn exposure(&self, bucket: &Bucket) -> Cow<'a, Exposure> {
        // The bucket's index from its place in `model.buckets` (a lookup per check, so O(1)).
        let range = self.model.buckets.as_ptr_range();
        let at = bucket as *const Bucket;
        let index = range
            .contains(&at)
            .then(|| (at as usize - range.start as usize) / std::mem::size_of::<Bucket>());
        match index.and_then(|i| self.exposures.get(i)) {
            Some(e) => Cow::Borrowed(&**e),
            None => Cow::Owned(exposure::compute(self.model, bucket)),
        }
    }
}

pub type CheckFn = fn(&Context, &Bucket) -> Verdict;

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
    /// A public access block can neutralize its findings (see `rules::Rule`).
    pub neutralizable: bool,
    /// What it does on buckets seen in part.
    pub scope: scope::Scope,
    /// A custom policy's Rego (its `check` then passes: `custom::verdicts` runs it).
    pub rego: Option<custom::Rego>,
}

impl Policy {
    /// A custom policy: it runs on every bucket, and the input document says which are
    /// external or directory buckets.
    pub fn custom(meta: PolicyMeta, rego: custom::Rego) -> Policy {
        Policy {
            meta,
            check: pass,
            scan_check: None,
            neutralizable: false,
            scope: scope::Scope::EVERY_BUCKET,
            rego: Some(rego),
        }
    }
}

/// The per-bucket check of scan-level policies.
pub(crate) fn pass(_: &Context, _: &Bucket) -> Verdict {
    Verdict::Pass
}

/// Every policy, sorted by id.
pub fn all() -> &'static [Policy] {
    static ALL: OnceLock<Vec<Policy>> = OnceLock::new();
    ALL.get_or_init(|| {
        // The metadata is embedded and validated by the test suite, so failing here is a build defect.
        let metas = meta::load_all().unwrap_or_else(|e| panic!("invalid policy metadata: {e}"));
        // Both sorted by id, with the same ids (checked when the crate builds).
        metas
            .into_iter()
            .zip(rules::RULES)
            .map(|(meta, rule)| {
                debug_assert_eq!(meta.id, rule.id);
                let (check, scan_check) = match rule.check {
                    rules::Check::Bucket(check) => (check, None),
                    rules::Check::Scan(scan) => (pass as CheckFn, Some(scan)),
                };
                Policy {
                    meta,
                    check,
                    scan_check,
                    neutralizable: rule.neutralizable,
                    scope: rule.scope,
                    rego: None,
                }
            })
            .collect()
    })
}

/// The policies a run can name: the built-in ones, the custom ones it loaded, and the shipped
/// Rego packs (parsed only when a key is not found among the others, or all are listed: most
/// scans never need them).
#[derive(Clone, Copy, Debug, Default)]
pub struct Catalog<'a> {
    /// A user's custom policies (`--policy-dir`, `policy-dirs`).
    pub custom: &'a [&'static Policy],
}

impl Catalog<'_> {
    /// Every policy: the built-in ones by id, the custom ones in load order, the shipped packs.
    pub fn all(&self) -> impl Iterator<Item = &'static Policy> + '_ {
        self.loaded().chain(custom::shipped().iter().copied())
    }

    fn loaded(&self) -> impl Iterator<Item = &'static Policy> + '_ {
        all().iter().chain(self.custom.iter().copied())
    }

    /// A policy by id (`BG103`) or slug (`acl-public-read`), case-insensitively.
    pub fn find(&self, key: &str) -> Option<&'static Policy> {
        let named = |p: &&'static Policy| {
            p.meta.id.eq_ignore_ascii_case(key) || p.meta.slug.eq_ignore_ascii_case(key)
        };
        self.loaded()
            .find(named)
            .or_else(|| custom::shipped().iter().copied().find(named))
    }

    /// The policies an `enable` key turns on: an opt-in group, or one policy by id or slug.
    pub fn enabled(&self, key: &str) -> Option<Vec<&'static Policy>> {
        let group: Vec<&'static Policy> = self
            .all()
            .filter(|p| {
                p.meta
                    .opt_in_group
                    .as_deref()
                    .is_some_and(|g| g.eq_ignore_ascii_case(key))
            })
            .collect();
        if group.is_empty() {
            self.find(key).map(|p| vec![p])
        } else {
            Some(group)
        }
    }
}

/// Every policy bucketguard ships: the built-in ones, then the shipped Rego packs.
pub fn shipped() -> Vec<&'static Policy> {
    all().iter().chain(custom::shipped().iter().copied()).collect()
}

/// A policy bucketguard ships (built-in or in a shipped pack) by id or slug (see
/// [`Catalog::find`]).
pub fn find(key: &str) -> Option<&'static Policy> {
    Catalog::default().find(key)
}

/// A built-in (Rust) policy by id or slug: what loading the packs checks their ids against.
pub fn builtin(key: &str) -> Option<&'static Policy> {
    all()
        .iter()
        .find(|p| p.meta.id.eq_ignore_ascii_case(key) || p.meta.slug.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod context_tests {
    use super::*;
    use crate::exposure::{ExposureVerdict as Exposed, Level};
    use crate::policy::rules::test_support::bucket;

    // A check reads the exposure the scan computed for its bucket (not a recomputation), and one
    // computed on demand for a bucket outside the model (unit tests build such buckets).
    #[test]
    fn exposure_is_the_precomputed_one_for_model_buckets() {
        let model = Model {
            buckets: vec![bucket(), bucket()],
            ..Model::default()
        };
        let marked = |b: &Bucket| {
            let mut e = exposure::compute(&model, b);
            e.verdict = Exposed::Known(Level::PublicWrite);
            Arc::new(e)
        };
        let exposures: Vec<_> = model.buckets.iter().map(marked).collect();
        let cx = Context::new(&model, &exposures);
        for (b, e) in model.buckets.iter().zip(&exposures) {
            let got = cx.exposure(b);
            assert!(matches!(got, Cow::Borrowed(x) if std::ptr::eq(x, &**e)));
        }
        let outside = bucket();
        let got = cx.exposure(&outside);
        assert!(matches!(got, Cow::Owned(_)));
        assert_ne!(got.verdict, Exposed::Known(Level::PublicWrite));
        assert!(matches!(
            Context::of(&model).exposure(&model.buckets[0]),
            Cow::Owned(_)
        ));
    }
}
