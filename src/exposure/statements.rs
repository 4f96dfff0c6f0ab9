//! Bucket policy statements as exposure reads them: whom they cover, whether they reach the
//! bucket, and what a Deny takes away from an Allow.

use super::rules;
use crate::model::iam::{Access, Principal, S3_ACTIONS, Statement, account_of, acts_on_objects};
use crate::model::wildcard::may_match_prefix;

/// Who a statement's principal is, as far as exposure goes.
#[derive(Debug, PartialEq)]
pub(super) enum Who {
    /// Anyone, anonymous included.
    Public,
    /// Named accounts (ids) or principals of other accounts.
    Accounts(Vec<String>),
    /// AWS services or trusted accounts only.
    Trusted,
}

pub(super) fn principal_who(p: &Principal, trusted: &[String]) -> Who {
    if p.is_public() {
        return Who::Public;
    }
    let Principal::Typed(entries) = p else {
        return Who::Public;
    };
    let mut others = Vec::new();
    for (t, v) in entries {
        if t.eq_ignore_ascii_case("Service")
            || rules::log_delivery_principal(t, v)
            || rules::own_canonical_user(t, v)
        {
            continue;
        }
        let account = if t.eq_ignore_ascii_case("AWS") {
            account_of(v)
        } else {
            None
        };
        match account {
            Some(a) if rules::is_trusted(a, trusted) => {}
            Some(a) => others.push(a.to_string()),
            None => others.push(v.clone()),
        }
    }
    others.sort();
    others.dedup();
    if others.is_empty() {
        Who::Trusted
    } else {
        Who::Accounts(others)
    }
}

/// Which principals a statement covers: NotPrincipal covers everyone else (public).
pub(super) fn statement_who(st: &Statement, trusted: &[String]) -> Who {
    if st.not_principal.is_some() {
        return Who::Public;
    }
    match &st.principal {
        Some(p) => principal_who(p, trusted),
        // A bucket policy statement without a principal is invalid; nothing is granted.
        None => Who::Trusted,
    }
}

/// Whether the statement's Resource/NotResource reaches the bucket or any of its objects.
pub(super) fn reaches_bucket(st: &Statement, name: &str) -> bool {
    let arn = crate::model::BucketArn::new(name);
    let objects = arn.objects_prefix();
    let prefix: Vec<char> = objects.chars().collect();
    let may = |p: &String| {
        crate::model::wildcard::wildcard_match(p, &arn, false)
            || may_match_prefix(&p.chars().collect::<Vec<_>>(), &prefix)
    };
    match (&st.resource, &st.not_resource) {
        // Only patterns whose text before a wildcard agrees with the ARN can match.
        (Some(_), _) => st.resources_near(&[&arn, &objects]).any(may),
        (None, Some(_)) => st.covers_resource(&arn) || !st.covers_all_objects_excluded(name),
        (None, None) => false,
    }
}

/// A Deny that holds for every request of `who` on the bucket and its objects: no condition, or
/// only negated conditions on the caller's identity/network that `who` cannot satisfy.
pub(super) fn deny_applies(deny: &Statement, who: &Who, name: &str, trusted: &[String]) -> bool {
    let covers_all =
        deny.covers_resource(&crate::model::BucketArn::new(name)) && deny.covers_all_objects(name);
    if !covers_all {
        return false;
    }
    let principal_ok = match (&deny.principal, &deny.not_principal) {
        (Some(p), _) if p.is_public() => true,
        (Some(p), _) => match (principal_who(p, trusted), who) {
            (Who::Accounts(denied), Who::Accounts(granted)) => granted.iter().all(|g| denied.contains(g)),
            _ => false,
        },
        (None, Some(np)) => match who {
            Who::Public => true,
            Who::Accounts(granted) => match principal_who(np, trusted) {
                Who::Accounts(excepted) => !granted.iter().any(|g| excepted.contains(g)),
                _ => true,
            },
            Who::Trusted => false,
        },
        (None, None) => false,
    };
    if !principal_ok {
        return false;
    }
    deny.conditions.iter().all(|c| {
        // `StringNotEquals aws:PrincipalAccount [ours]`: denies everyone outside; a missing key
        // (anonymous callers) also satisfies a negated operator.
        let negated = [
            "StringNotEquals",
            "StringNotLike",
            "ArnNotEquals",
            "ArnNotLike",
            "NotIpAddress",
        ]
        .iter()
        .any(|op| c.op_is(op));
        let identity = [
            "aws:principalaccount",
            "aws:principalorgid",
            "aws:sourcevpce",
            "aws:sourcevpc",
            "aws:sourceip",
            "aws:principalarn",
        ]
        .contains(&c.key.as_str());
        negated
            && identity
            && !c.if_exists
            && c.set_op.is_none()
            && match who {
                Who::Public => true,
                Who::Accounts(granted) => {
                    c.key == "aws:principalaccount" && !granted.iter().any(|g| c.values.contains(g))
                }
                Who::Trusted => false,
            }
    })
}

/// Access an Allow statement gives once unconditional Denies are subtracted, action by action;
/// `raw` is what it gives before (`st.access()`).
pub(super) fn effective_access(
    st: &Statement,
    raw: Access,
    denies: &[&Statement],
    who: &Who,
    name: &str,
    trusted: &[String],
) -> Access {
    let applying = applying_denies(denies, who, name, trusted);
    if applying.is_empty() {
        return raw;
    }
    most_access(st, |a| !applying.iter().any(|d| d.covers_action(a)))
}

/// What an Allow of anyone still grants account `who` of the actions the Denies take back from
/// the public: those of the Denies that spare it (`spared_accounts`). Only the actions the Allow
/// grants on a resource of their type count (s3:ListBucket on the bucket, s3:GetObject on objects).
pub(super) fn spared_access(
    st: &Statement,
    denies: &[&Statement],
    who: &Who,
    name: &str,
    trusted: &[String],
) -> Access {
    let public = applying_denies(denies, &Who::Public, name, trusted);
    let own = applying_denies(denies, who, name, trusted);
    let on_bucket = st.covers_resource(&crate::model::BucketArn::new(name));
    let on_objects = reaches_objects(st, name);
    most_access(st, |a| {
        (if acts_on_objects(a) { on_objects } else { on_bucket })
            && public.iter().any(|d| d.covers_action(a))
            && !own.iter().any(|d| d.covers_action(a))
    })
}

/// Whether the statement's Resource/NotResource may reach some object of the bucket.
fn reaches_objects(st: &Statement, name: &str) -> bool {
    let objects = crate::model::BucketArn::new(name).objects_prefix();
    let prefix: Vec<char> = objects.chars().collect();
    match (&st.resource, &st.not_resource) {
        (Some(_), _) => st
            .resources_near(&[&objects])
            .any(|p| may_match_prefix(&p.chars().collect::<Vec<_>>(), &prefix)),
        (None, Some(_)) => !st.covers_all_objects_excluded(name),
        (None, None) => false,
    }
}

/// The most access among the S3 actions `st` allows and `keep` keeps.
fn most_access(st: &Statement, keep: impl Fn(&str) -> bool) -> Access {
    let mut access = Access::None;
    let mut buf = String::with_capacity(48);
    for (action, class) in S3_ACTIONS {
        let grants = class.access();
        // Only an action that would raise the access is worth matching.
        if grants <= access {
            continue;
        }
        let a = crate::model::iam::s3_action(&mut buf, action);
        if st.covers_action(a) && keep(a) {
            access = grants;
        }
    }
    access
}

/// The accounts that the Denies taking back a public grant spare, so the grant still reaches
/// them: those a Deny's `NotPrincipal` names ([IAM] "NotPrincipal with Deny": the Deny holds for
/// every principal but those) and those its negated `aws:PrincipalAccount` condition lets
/// through. Trusted accounts are left out: their access is no exposure.
pub(super) fn spared_accounts(denies: &[&Statement], name: &str, trusted: &[String]) -> Vec<String> {
    let mut spared = Vec::new();
    for d in applying_denies(denies, &Who::Public, name, trusted) {
        if let Some(np) = &d.not_principal
            && let Who::Accounts(accounts) = principal_who(np, trusted)
        {
            spared.extend(accounts);
        }
        let excepted = d.conditions.iter().filter(|c| c.key == "aws:principalaccount");
        spared.extend(
            excepted
                .flat_map(|c| &c.values)
                .filter(|v| !rules::is_trusted(v, trusted))
                .cloned(),
        );
    }
    spared.sort();
    spared.dedup();
    spared
}

/// The Denies that hold for every request of `who` on the bucket and its objects.
fn applying_denies<'a>(
    denies: &[&'a Statement],
    who: &Who,
    name: &str,
    trusted: &[String],
) -> Vec<&'a Statement> {
    denies
        .iter()
        .copied()
        .filter(|d| deny_applies(d, who, name, trusted))
        .collect()
}

/// Which of `actions` (an ACL grant's, with whether each writes) the Denies that hold for every
/// request of `who` leave allowed: an explicit Deny overrides ACL grants too.
pub(super) fn undenied(
    actions: &[(&'static str, bool)],
    denies: &[&Statement],
    who: &Who,
    name: &str,
    trusted: &[String],
) -> Vec<(&'static str, bool)> {
    let applying = applying_denies(denies, who, name, trusted);
    actions
        .iter()
        .copied()
        .filter(|(a, _)| !applying.iter().any(|d| d.covers_action(a)))
        .collect()
}
