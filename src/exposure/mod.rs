//! Effective exposure: who can really reach each bucket once S3 combines its ACLs, bucket policy,
//! public access blocks (bucket, account and access point level) and object ownership.
//!
//! Absent settings are what the configuration guarantees, not what AWS happens to default to for
//! new buckets: no public access block in the configuration means none is relied upon. Except on
//! a bucket defined outside the scan, where an absent block or ownership control is not known.

use std::fmt;

use crate::model::{Bucket, Model, Origin};

use access_points::access_point_reasons;
use acl::{PolicyDenies, acl_reasons, acls_disabled};
use bucket_policy::{denies_in_force, policy_reasons};
use flags::{Flag, Flags, bucket_blocks, flags_on};

mod access_points;
mod acl;
mod bucket_policy;
mod flags;
pub mod rules;
mod statements;

/// Ordered by harm: a bucket's verdict is the worst access that takes effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Private,
    CrossAccount,
    AuthenticatedUsers,
    PublicRead,
    PublicWrite,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::PublicWrite => "public-write",
            Level::PublicRead => "public-read",
            Level::AuthenticatedUsers => "authenticated-users",
            Level::CrossAccount => "cross-account",
            Level::Private => "private",
        }
    }
}

/// The verdict for one bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExposureVerdict {
    Known(Level),
    /// A value the scanner cannot resolve decides it (the reasons say which).
    Unknown,
}

impl ExposureVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            ExposureVerdict::Known(l) => l.as_str(),
            ExposureVerdict::Unknown => "unknown",
        }
    }

    /// Every verdict, worst first: the order of summary tables.
    pub const ALL: [ExposureVerdict; 6] = [
        ExposureVerdict::Known(Level::PublicWrite),
        ExposureVerdict::Known(Level::PublicRead),
        ExposureVerdict::Known(Level::AuthenticatedUsers),
        ExposureVerdict::Known(Level::CrossAccount),
        ExposureVerdict::Unknown,
        ExposureVerdict::Known(Level::Private),
    ];
}

impl fmt::Display for ExposureVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What became of a grant or statement that would give access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effectiveness {
    /// It takes effect.
    Effective,
    /// A public access block or ownership controls make it ineffective (latent risk).
    Neutralized(String),
    /// S3 refuses the request that would apply it, so `terraform apply` fails.
    Rejected(String),
    /// Whether it takes effect depends on a value the scanner cannot resolve.
    Unknown(String),
}

impl Effectiveness {
    /// As reports name it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Effectiveness::Effective => "effective",
            Effectiveness::Neutralized(_) => "neutralized",
            Effectiveness::Rejected(_) => "rejected-at-apply",
            Effectiveness::Unknown(_) => "unknown",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Reason {
    pub message: String,
    pub origin: Origin,
    /// The access this reason would give, and whether it does.
    pub level: Option<Level>,
    pub effect: Effectiveness,
}

impl Reason {
    /// A part the scanner cannot read (an unknown or unparsable policy): the verdict is unknown.
    fn unknown(why: String, origin: Origin) -> Self {
        Reason {
            message: why.clone(),
            origin,
            level: None,
            effect: Effectiveness::Unknown(why),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Exposure {
    pub bucket: String,
    pub root: String,
    pub verdict: ExposureVerdict,
    /// Every grant, statement and setting that decided the verdict, in evaluation order.
    pub reasons: Vec<Reason>,
}

impl Reason {
    /// A public or authenticated-users reason: what the ACL and policy findings report, so what
    /// decides whether a finding at its origin took effect (a cross-account reason there does not).
    pub fn is_reported(&self) -> bool {
        self.level.is_some_and(|l| l > Level::CrossAccount)
    }
}

/// One per bucket, in bucket order (computed in parallel).
pub fn compute_all(model: &Model) -> Vec<Exposure> {
    use rayon::prelude::*;
    model.buckets.par_iter().map(|b| compute(model, b)).collect()
}

/// The bucket's verdict; accounts in `model.trusted_accounts` are not cross-account exposure.
pub fn compute(model: &Model, bucket: &Bucket) -> Exposure {
    let blocks = bucket_blocks(model, bucket);
    let mut flags = Flags::of(&blocks);
    if bucket.external && bucket.public_access_block.is_none() {
        flags.not_known_when_off(&bucket.address);
    }
    let mut reasons = Vec::new();
    if blocks.is_empty() && !bucket.external {
        reasons.push(Reason {
            message: "no public access block (bucket or account) in the configuration".into(),
            origin: bucket.origin,
            level: None,
            effect: Effectiveness::Effective,
        });
    }
    let trusted = rules::trusted_for(model, bucket);
    let denies = PolicyDenies {
        denies: denies_in_force(bucket, &flags, &trusted),
        name: bucket.arn_name(),
        trusted: &trusted,
    };
    acl_reasons(bucket, &flags, &denies, &mut reasons);
    if bucket.directory {
        // Its policy speaks s3express actions and ARNs, which the statements here do not read.
        for p in &bucket.policies {
            let why = format!("{} is a directory bucket policy, which is not read", p.address);
            reasons.push(Reason::unknown(why, p.origin));
        }
    } else {
        policy_reasons(bucket, &flags, &trusted, &mut reasons);
    }
    access_point_reasons(model, bucket, &blocks, &mut reasons);
    if bucket.external {
        outside_reasons(bucket, &flags, &mut reasons);
    }

    let worst = reasons
        .iter()
        .filter(|r| r.effect == Effectiveness::Effective)
        .filter_map(|r| r.level)
        .max()
        .unwrap_or(Level::Private);
    // An unknown only matters when it could give more than what is proven.
    let unknown_above = reasons
        .iter()
        .any(|r| matches!(r.effect, Effectiveness::Unknown(_)) && r.level.is_none_or(|l| l > worst));
    let verdict = if unknown_above && worst < Level::PublicWrite {
        ExposureVerdict::Unknown
    } else {
        ExposureVerdict::Known(worst)
    };
    Exposure {
        bucket: bucket.address.clone(),
        root: bucket.root.clone(),
        verdict,
        reasons,
    }
}

/// A bucket defined outside the scan may have an ACL or a policy the scan does not see: what
/// they could give, as far as the public access block and ownership written here bound it.
fn outside_reasons(bucket: &Bucket, flags: &Flags, reasons: &mut Vec<Reason>) {
    // At the start of the block that names the bucket, as a place of its own: findings on a grant
    // or statement there (a plan gives them the block's place) do not take these reasons as theirs.
    let at = Origin {
        end: bucket.origin.start,
        ..bucket.origin
    };
    let unseen = |what: &str, level: Option<Level>| {
        let why = format!(
            "{} is defined outside the scan: {what} is not known",
            bucket.address
        );
        let mut r = Reason::unknown(why, at);
        r.level = level;
        r
    };
    if bucket.acls.is_empty() && !matches!(acls_disabled(bucket), Flag::On(_)) {
        reasons.push(unseen(
            "an ACL it may have",
            rules::unknown_acl_cap(flags_on(&flags.ignore_acls)),
        ));
    }
    if bucket.policies.is_empty() && !bucket.directory {
        let cap = rules::unknown_policy_cap(flags_on(&flags.block_policy), flags_on(&flags.restrict));
        reasons.push(unseen("a bucket policy it may have", cap));
    }
}

/// Counts of buckets per verdict, worst first, every verdict listed.
pub fn summary(exposures: &[std::sync::Arc<Exposure>]) -> Vec<(ExposureVerdict, usize)> {
    ExposureVerdict::ALL
        .iter()
        .map(|v| (*v, exposures.iter().filter(|e| e.verdict == *v).count()))
        .collect()
}

/// One line per reason, for `--explain` and JSON.
pub fn describe(r: &Reason) -> String {
    match &r.effect {
        Effectiveness::Effective => r.message.clone(),
        Effectiveness::Neutralized(why) => format!("{} — neutralized: {why}", r.message),
        Effectiveness::Rejected(why) => format!("{} — rejected at apply: {why}", r.message),
        Effectiveness::Unknown(why) if r.message.contains(why.as_str()) => r.message.clone(),
        Effectiveness::Unknown(why) => format!("{} — unknown: {why}", r.message),
    }
}
