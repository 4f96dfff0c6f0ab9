//! What the bucket's policies give, read at their widest and narrowest where parts are not known.

use super::flags::{Flag, Flags, flags_on};
use super::rules;
use super::statements::*;
use super::{Effectiveness, Level, Reason};
use crate::model::iam::{Access, Condition, Document, Effect, Statement};
use crate::model::{Bucket, BucketPolicy, Readings, Unreadable};

/// Why a policy cannot be read, for the user.
pub(super) fn why_unreadable(p: &BucketPolicy, e: Unreadable) -> String {
    e.describe(&format!("the policy in {}", p.address))
}

/// What each bucket policy gives: read, its readings compared, the proven part kept and what its
/// unknown parts could add marked undecided.
pub(super) fn policy_reasons(bucket: &Bucket, flags: &Flags, trusted: &[String], reasons: &mut Vec<Reason>) {
    let name = bucket.arn_name();
    for p in &bucket.policies {
        let readings = match p.readings() {
            Ok(r) => r,
            Err(e) => {
                reasons.push(unreadable(p, e, flags));
                continue;
            }
        };
        let narrow = doc_reasons(p, readings.narrowest, flags, trusted, &name, false);
        let Some(why) = readings.holes else {
            reasons.extend(narrow);
            continue;
        };
        // Rule: a bucket whose name is not known may be the one a Resource with holes names.
        let reach_any = rules::unknown_name_may_be_named(&bucket.name);
        let mut all = vec![narrow];
        all.extend(other_readings(p, &readings, flags, trusted, &name, reach_any));
        settle(p, all, why, reasons);
    }
}

/// A policy that cannot be read: unknown, at most what the public access block lets through.
fn unreadable(p: &BucketPolicy, e: Unreadable, flags: &Flags) -> Reason {
    let mut r = Reason::unknown(why_unreadable(p, e), p.document.origin());
    // Rule: with either flag on, no policy can make the bucket public.
    r.level = rules::unknown_policy_cap(flags_on(&flags.block_policy), flags_on(&flags.restrict));
    r
}

/// The reasons of the readings other than the narrowest. Both public and non-public readings
/// count, since the public access block treats a public policy differently. Readings that came
/// out the same document give the same reasons: each is read once.
fn other_readings(
    p: &BucketPolicy,
    readings: &Readings,
    flags: &Flags,
    trusted: &[String],
    name: &str,
    reach_any: bool,
) -> Vec<Vec<Reason>> {
    let mut read = vec![(readings.narrowest, false)];
    let mut all = Vec::new();
    for (d, any) in [
        (readings.narrowest_public, false),
        (readings.widest, reach_any),
        (readings.widest_private, reach_any),
    ] {
        if !read.iter().any(|(r, a)| std::ptr::eq(*r, d) && *a == any) {
            read.push((d, any));
            all.push(doc_reasons(p, d, flags, trusted, name, any));
        }
    }
    all
}

/// What every reading gives: the least of them is proven (its reasons are kept), the levels
/// only others reach are undecided, for the reason `why` of the policy's holes.
fn settle(p: &BucketPolicy, mut all: Vec<Vec<Reason>>, why: &str, reasons: &mut Vec<Reason>) {
    let possible: Vec<Level> = all.iter().flat_map(|r| possible_levels(r)).collect();
    // Which statement could give a level (as a reading that gives it says it).
    let example = |level: Level| {
        all.iter()
            .flatten()
            .find(|r| r.level == Some(level) && matches!(r.effect, Effectiveness::Effective))
            .map(|r| r.message.clone())
    };
    let proven_at = (0..all.len())
        .min_by_key(|&i| max_effective(&all[i]))
        .unwrap_or(0);
    let undecided: Vec<(Level, Option<String>)> =
        rules::undecided_levels(max_effective(&all[proven_at]), &possible)
            .into_iter()
            .map(|l| (l, example(l)))
            .collect();
    reasons.extend(all.swap_remove(proven_at));
    for (level, example) in undecided {
        let example = example
            .map(|e| format!(" (read at its widest, {e})"))
            .unwrap_or_default();
        reasons.push(Reason {
            message: format!(
                "the policy in {} has parts that are not known, which could allow {} access{example}: {why}",
                p.address,
                level.as_str()
            ),
            origin: p.document.origin(),
            level: Some(level),
            effect: Effectiveness::Unknown(why.to_string()),
        });
    }
}

/// The worst level among reasons that take effect.
pub(super) fn max_effective(reasons: &[Reason]) -> Level {
    reasons
        .iter()
        .filter(|r| r.effect == Effectiveness::Effective)
        .filter_map(|r| r.level)
        .max()
        .unwrap_or(Level::Private)
}

/// Levels that take effect or might.
pub(super) fn possible_levels(reasons: &[Reason]) -> Vec<Level> {
    reasons
        .iter()
        .filter(|r| matches!(r.effect, Effectiveness::Effective | Effectiveness::Unknown(_)))
        .filter_map(|r| r.level)
        .collect()
}

/// What one (fully known, or read) policy document gives.
/// `reach_any`: every Allow statement may reach the bucket, whatever its Resource.
pub(super) fn doc_reasons(
    p: &BucketPolicy,
    doc: &Document,
    flags: &Flags,
    trusted: &[String],
    name: &str,
    reach_any: bool,
) -> Vec<Reason> {
    let grants = allow_grants(doc, trusted, name, reach_any);
    // Public as S3 counts it: some access by anyone that no Deny of the policy takes back.
    let public_policy = grants
        .iter()
        .any(|g| g.who == Who::Public && g.access > Access::None);
    let effect = if public_policy {
        public_policy_effect(flags)
    } else {
        Effectiveness::Effective
    };
    grants
        .into_iter()
        .filter_map(|g| grant_reason(p, g, &effect))
        .collect()
}

/// What one Allow statement grants, and to whom.
struct PolicyGrant<'a> {
    /// Its position in the document (for its label).
    i: usize,
    st: &'a Statement,
    who: Who,
    /// After the policy's unconditional Denies.
    access: Access,
    /// Before them.
    raw: Access,
    /// A public grant's rest: what reaches the accounts the Denies that take it back spare.
    spared: bool,
}

/// What each Allow that reaches the bucket grants to others, before the public access block.
/// `reach_any`: every Allow statement may reach the bucket, whatever its Resource.
fn allow_grants<'a>(
    doc: &'a Document,
    trusted: &[String],
    name: &str,
    reach_any: bool,
) -> Vec<PolicyGrant<'a>> {
    let denies: Vec<&Statement> = doc
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Deny)
        .collect();
    let mut grants = Vec::new();
    for (i, st) in doc.statements.iter().enumerate() {
        if st.effect != Effect::Allow || !(reach_any || reaches_bucket(st, name)) {
            continue;
        }
        let mut who = statement_who(st, trusted);
        if who == Who::Public
            && let Some(c) = st.non_public_condition()
        {
            who = condition_who(c, trusted);
        }
        // Matching a statement's actions is the costliest step of a check: once each.
        let raw = st.access();
        if raw == Access::None || who == Who::Trusted {
            continue;
        }
        let grant = |who, access, spared| PolicyGrant {
            i,
            st,
            who,
            access,
            raw: if spared { access } else { raw },
            spared,
        };
        match who {
            // A Deny may hold for some of the accounts and not others: each on its own.
            Who::Accounts(accounts) => {
                let access = |a: &Who| effective_access(st, raw, &denies, a, name, trusted);
                for (access, group) in by_access(accounts, access) {
                    grants.push(grant(Who::Accounts(group), access, false));
                }
            }
            Who::Public => {
                let access = effective_access(st, raw, &denies, &Who::Public, name, trusted);
                grants.push(grant(Who::Public, access, false));
                // What the Denies that take it back from the public leave the accounts they spare.
                let spared = spared_accounts(&denies, name, trusted);
                let access = |a: &Who| spared_access(st, &denies, a, name, trusted);
                for (access, group) in by_access(spared, access) {
                    if access > Access::None {
                        grants.push(grant(Who::Accounts(group), access, true));
                    }
                }
            }
            Who::Trusted => {}
        }
    }
    grants
}

/// `accounts` grouped by the access `of` each gives, in order of first appearance.
fn by_access(accounts: Vec<String>, of: impl Fn(&Who) -> Access) -> Vec<(Access, Vec<String>)> {
    let mut groups: Vec<(Access, Vec<String>)> = Vec::new();
    for account in accounts {
        let access = of(&Who::Accounts(vec![account.clone()]));
        match groups.iter_mut().find(|(a, _)| *a == access) {
            Some((_, group)) => group.push(account),
            None => groups.push((access, vec![account])),
        }
    }
    groups
}

/// Whom a public statement limited by condition `c` (to fixed accounts, organizations or
/// networks) still covers: not the public.
fn condition_who(c: &Condition, trusted: &[String]) -> Who {
    let accounts: Vec<String> = if matches!(c.key.as_str(), "aws:principalaccount" | "aws:sourceaccount") {
        c.values
            .iter()
            .filter(|v| !rules::is_trusted(v, trusted))
            .cloned()
            .collect()
    } else if c.key == "aws:principalorgid" || c.key == "aws:principalorgpaths" {
        c.values.iter().map(|v| rules::organization_label(v)).collect()
    } else {
        Vec::new()
    };
    if accounts.is_empty() {
        Who::Trusted
    } else {
        Who::Accounts(accounts)
    }
}

/// How the public access block treats a public policy.
fn public_policy_effect(flags: &Flags) -> Effectiveness {
    match (&flags.block_policy, &flags.restrict) {
        (Flag::On(why), _) => {
            Effectiveness::Rejected(format!("{why} makes S3 reject this public policy at apply"))
        }
        (_, Flag::On(why)) => Effectiveness::Neutralized(format!(
            "{why} limits a public policy to AWS services and the owner account"
        )),
        (Flag::Unknown(r), _) | (_, Flag::Unknown(r)) => Effectiveness::Unknown(r.clone()),
        _ => Effectiveness::Effective,
    }
}

/// The reason a grant makes; `effect`: the policy's under the public access block.
fn grant_reason(p: &BucketPolicy, g: PolicyGrant, effect: &Effectiveness) -> Option<Reason> {
    let verb = if g.raw == Access::Write { "write" } else { "read" };
    let (level, to) = match &g.who {
        Who::Public => (
            if g.access == Access::Write {
                Level::PublicWrite
            } else {
                Level::PublicRead
            },
            "anyone".to_string(),
        ),
        Who::Accounts(a) => (Level::CrossAccount, a.join(", ")),
        Who::Trusted => return None,
    };
    let mut message = format!(
        "bucket policy {} in {} allows {verb} access to {to}",
        g.st.label(g.i),
        p.address
    );
    let origin = p.document.origin();
    if g.access == Access::None {
        return Some(Reason {
            message: message + ", but a Deny statement in the policy covers every action it allows",
            origin,
            level: Some(level),
            effect: Effectiveness::Neutralized("an explicit Deny".into()),
        });
    }
    if g.spared {
        message.push_str(
            " (its principal is anyone, and the policy's Deny statements take it back from everyone else)",
        );
    } else if g.access < g.raw {
        message.push_str(" (a Deny statement removes its write actions)");
    }
    Some(Reason {
        message,
        origin,
        level: Some(level),
        effect: effect.clone(),
    })
}

/// The Deny statements certainly in force on the bucket, which also take back ACL grants: those
/// of fully known policies that S3 does not reject at apply (BlockPublicPolicy rejects a public
/// policy, Denies included). A policy with unknown parts, or one that may be rejected, gives none.
pub(super) fn denies_in_force<'a>(
    bucket: &'a Bucket,
    flags: &Flags,
    trusted: &[String],
) -> Vec<&'a Statement> {
    if bucket.directory {
        return Vec::new();
    }
    let name = bucket.arn_name();
    let mut out = Vec::new();
    for p in &bucket.policies {
        let Ok(Readings {
            narrowest: doc,
            holes: None,
            ..
        }) = p.readings()
        else {
            continue;
        };
        let public = allow_grants(doc, trusted, &name, false)
            .iter()
            .any(|g| g.who == Who::Public && g.access > Access::None);
        if public && !matches!(flags.block_policy, Flag::Off) {
            continue;
        }
        out.extend(doc.statements.iter().filter(|s| s.effect == Effect::Deny));
    }
    out
}
