//! What the bucket's access points give, when its policy delegates access control to them.

use super::bucket_policy::*;
use super::flags::*;
use super::statements::{Who, effective_access};
use super::{Effectiveness, Level, Reason};
use crate::model::iam::{Access, Document, Effect, Statement};
use crate::model::{AccessPoint, Bucket, Model, PublicAccessBlock, Unreadable};

/// A bucket policy that delegates access control to its access points (the documented pattern:
/// an Allow to `"*"` conditioned on `s3:DataAccessPointAccount` / `s3:DataAccessPointArn`).
/// Multi-region access points are delegated to the same way (their ARN in `s3:DataAccessPointArn`).
/// `(certainly, possibly)`: a policy that is not known, or known only in part, may delegate.
pub(super) fn delegates_to_access_points(bucket: &Bucket) -> (bool, bool) {
    let delegates = |d: &Document| {
        d.statements.iter().any(|s| {
            s.effect == Effect::Allow
                && s.conditions
                    .iter()
                    .any(|c| c.key == "s3:dataaccesspointaccount" || c.key == "s3:dataaccesspointarn")
        })
    };
    let (mut certainly, mut possibly) = (false, false);
    for p in &bucket.policies {
        match p.readings() {
            Ok(r) => {
                certainly |= delegates(r.narrowest);
                // A policy with no holes reads the same in every reading, so only holes leave
                // room for a delegation the narrowest reading does not make.
                possibly |= r.holes.is_some();
            }
            Err(Unreadable::Unknown(_)) => possibly = true,
            Err(Unreadable::Malformed(_)) => {}
        }
    }
    (certainly, possibly || certainly)
}

pub(super) fn access_point_reasons(
    model: &Model,
    bucket: &Bucket,
    blocks: &[&PublicAccessBlock],
    reasons: &mut Vec<Reason>,
) {
    let name = bucket.arn_name();
    // The bucket policy's Denies where they match least (a hole never widens a Deny).
    let bucket_denies: Vec<&Statement> = bucket
        .policies
        .iter()
        .filter_map(|p| p.readings().ok())
        .flat_map(|r| r.widest.statements.iter().filter(|s| s.effect == Effect::Deny))
        .collect();
    for ap in model
        .access_points
        .iter()
        .filter(|a| a.bucket == bucket.address && a.root == bucket.root)
    {
        let Some(p) = &ap.policy else { continue };
        let origin = p.document.origin();
        let readings = match p.readings() {
            Ok(r) => r,
            Err(e) => {
                reasons.push(Reason::unknown(why_unreadable(p, e), origin));
                continue;
            }
        };
        // Proven at the narrowest reading; what only the widest gives is unknown.
        let (narrow, wide) = (
            public_access(readings.narrowest, &bucket_denies, &name),
            public_access(readings.widest, &bucket_denies, &name),
        );
        if wide == Access::None {
            continue;
        }
        let level = level_of(wide);
        let effect = access_point_effect(ap, bucket, blocks);
        let kind = if ap.multi_region {
            "multi-region access point"
        } else {
            "access point"
        };
        let message = |l: Level| {
            format!(
                "{kind} policy in {} allows {} access to anyone",
                ap.address,
                level_verb(l)
            )
        };
        if narrow != wide {
            if narrow != Access::None {
                let l = level_of(narrow);
                reasons.push(Reason {
                    message: message(l),
                    origin,
                    level: Some(l),
                    effect: effect.clone(),
                });
            }
            // Only what could take effect is left open.
            if let (Effectiveness::Effective, Some(why)) = (&effect, readings.holes) {
                reasons.push(Reason {
                    message: format!(
                        "{} if its parts that are not known allow it: {why}",
                        message(level)
                    ),
                    origin,
                    level: Some(level),
                    effect: Effectiveness::Unknown(why.to_string()),
                });
                continue;
            }
        }
        reasons.push(Reason {
            message: message(level),
            origin,
            level: Some(level),
            effect,
        });
    }
}

pub(super) fn level_verb(l: Level) -> &'static str {
    if l == Level::PublicWrite { "write" } else { "read" }
}

/// How the public access blocks in force treat a public access point policy: the access point's
/// own block (all on when absent) and the bucket's and account's; and, when they let it through,
/// whether the bucket policy delegates access to access points.
fn access_point_effect(ap: &AccessPoint, bucket: &Bucket, blocks: &[&PublicAccessBlock]) -> Effectiveness {
    // The access point's own block (all on when absent) and the bucket's and account's apply.
    let mut all: Vec<&PublicAccessBlock> = blocks.to_vec();
    all.extend(ap.public_access_block.iter());
    let flags = Flags::of(&all);
    if ap.public_access_block.is_none() {
        Effectiveness::Rejected(format!(
            "{} has no public_access_block_configuration, so all four flags are on and S3 rejects the public policy",
            ap.address
        ))
    } else {
        match (&flags.block_policy, &flags.restrict) {
            (Flag::On(why), _) => {
                Effectiveness::Rejected(format!("{why} makes S3 reject this public policy at apply"))
            }
            (_, Flag::On(why)) => {
                Effectiveness::Neutralized(format!("{why} limits the public access point policy"))
            }
            (Flag::Unknown(r), _) | (_, Flag::Unknown(r)) => Effectiveness::Unknown(r.clone()),
            _ => match delegates_to_access_points(bucket) {
                (true, _) => Effectiveness::Effective,
                (false, true) => Effectiveness::Unknown(
                    "whether the bucket policy delegates access to access points is not known".into(),
                ),
                (false, false) => Effectiveness::Neutralized(
                    "the bucket policy does not delegate access to access points".into(),
                ),
            },
        }
    }
}

/// The most a public Allow of the document grants. A bucket policy Deny (`bucket_denies`) holds
/// for requests through access points too: what it certainly denies anyone is not granted by the
/// access point policy.
fn public_access(doc: &Document, bucket_denies: &[&Statement], name: &str) -> Access {
    doc.statements
        .iter()
        .filter(|s| s.is_public_allow())
        .map(|s| effective_access(s, s.access(), bucket_denies, &Who::Public, name, &[]))
        .max()
        .unwrap_or(Access::None)
}

fn level_of(a: Access) -> Level {
    if a == Access::Write {
        Level::PublicWrite
    } else {
        Level::PublicRead
    }
}
