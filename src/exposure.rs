//! Effective exposure: who can really reach each bucket once S3 combines its ACLs, bucket policy,
//! public access blocks (bucket, account and access point level) and object ownership.
//!
//! Absent settings are what the configuration guarantees, not what AWS happens to default to for
//! new buckets: no public access block in the configuration means none is relied upon. Except on
//! a bucket defined outside the scan, where an absent block or ownership control is not known.

use std::fmt;

use crate::model::{Acl, Bucket, BucketPolicy, Grantee, Model, Origin, PublicAccessBlock, Unreadable, Value};
use crate::policy::iam::{
    Access, Document, Effect, Principal, S3_ACTIONS, Statement, account_of, may_match_prefix,
};

pub mod rules;

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
pub enum Verdict {
    Known(Level),
    /// A value the scanner cannot resolve decides it (the reasons say which).
    Unknown,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Known(l) => l.as_str(),
            Verdict::Unknown => "unknown",
        }
    }

    /// Every verdict, worst first: the order of summary tables.
    pub const ALL: [Verdict; 6] = [
        Verdict::Known(Level::PublicWrite),
        Verdict::Known(Level::PublicRead),
        Verdict::Known(Level::AuthenticatedUsers),
        Verdict::Known(Level::CrossAccount),
        Verdict::Unknown,
        Verdict::Known(Level::Private),
    ];
}

impl fmt::Display for Verdict {
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
    pub verdict: Verdict,
    /// Every grant, statement and setting that decided the verdict, in evaluation order.
    pub reasons: Vec<Reason>,
}

impl Exposure {
    /// How a finding on `origin` (an ACL grant or policy statement) fared, when a reason there
    /// was not effective.
    /// Only public and authenticated-users reasons count: those are what the ACL and policy
    /// findings report. None when any of them there takes effect (or none is there).
    pub fn effect_at(&self, origin: Origin) -> Option<&Effectiveness> {
        let here: Vec<&Reason> = self
            .reasons
            .iter()
            .filter(|r| r.origin == origin && r.level.is_some_and(|l| l > Level::CrossAccount))
            .collect();
        if here.iter().any(|r| r.effect == Effectiveness::Effective) {
            return None;
        }
        here.first().map(|r| &r.effect)
    }
}

/// A public access block flag combined over every block in force: on when any level turns it on.
#[derive(Clone, Debug)]
enum Flag {
    On(String),
    Off,
    Unknown(String),
}

fn combine(blocks: &[&PublicAccessBlock], pick: fn(&PublicAccessBlock) -> &Value<bool>, name: &str) -> Flag {
    let mut unknown = None;
    for b in blocks {
        match pick(b) {
            Value::Set(true, _) | Value::Default(true, _) => {
                return Flag::On(format!("{name} in {}", b.address));
            }
            Value::Unknown(r, _) => {
                unknown.get_or_insert_with(|| format!("{name} of {} is not known: {r}", b.address));
            }
            _ => {}
        }
    }
    match unknown {
        Some(r) => Flag::Unknown(r),
        None => Flag::Off,
    }
}

struct Flags {
    block_acls: Flag,
    ignore_acls: Flag,
    block_policy: Flag,
    restrict: Flag,
}

impl Flags {
    fn of(blocks: &[&PublicAccessBlock]) -> Flags {
        Flags {
            block_acls: combine(blocks, |b| &b.block_public_acls, "block_public_acls"),
            ignore_acls: combine(blocks, |b| &b.ignore_public_acls, "ignore_public_acls"),
            block_policy: combine(blocks, |b| &b.block_public_policy, "block_public_policy"),
            restrict: combine(blocks, |b| &b.restrict_public_buckets, "restrict_public_buckets"),
        }
    }

    /// A bucket outside the scan may have its own block: a flag no block here turns on is not
    /// known to be off.
    fn not_known_when_off(&mut self, bucket: &str) {
        for (flag, name) in [
            (&mut self.block_acls, "block_public_acls"),
            (&mut self.ignore_acls, "ignore_public_acls"),
            (&mut self.block_policy, "block_public_policy"),
            (&mut self.restrict, "restrict_public_buckets"),
        ] {
            if matches!(flag, Flag::Off) {
                *flag = Flag::Unknown(format!(
                    "{bucket} is defined outside the scan: its {name} is not known"
                ));
            }
        }
    }
}

/// The settings in force on the bucket: its own block and every account-level block of its root.
fn bucket_blocks<'a>(model: &'a Model, bucket: &'a Bucket) -> Vec<&'a PublicAccessBlock> {
    bucket
        .public_access_block
        .as_deref()
        .into_iter()
        .chain(model.account_public_access_blocks.iter())
        .collect()
}

/// One per bucket, in bucket order (computed in parallel).
pub fn compute_all(model: &Model) -> Vec<Exposure> {
    use rayon::prelude::*;
    model.buckets.par_iter().map(|b| compute(model, b)).collect()
}

/// The bucket's exposure: the one the scan stored on it, else computed now.
pub fn of<'a>(model: &Model, bucket: &'a Bucket) -> std::borrow::Cow<'a, Exposure> {
    match &bucket.exposure {
        Some(e) => std::borrow::Cow::Borrowed(&**e),
        None => std::borrow::Cow::Owned(compute(model, bucket)),
    }
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
    acl_reasons(bucket, &flags, &mut reasons);
    if bucket.directory {
        // Its policy speaks s3express actions and ARNs, which the statements here do not read.
        for p in &bucket.policies {
            let why = format!("{} is a directory bucket policy, which is not read", p.address);
            reasons.push(Reason::unknown(why, p.origin));
        }
    } else {
        let trusted = rules::trusted_for(model, bucket);
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
        Verdict::Unknown
    } else {
        Verdict::Known(worst)
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
    if bucket.acls.is_empty() && !matches!(acls_disabled(bucket), Ok(Some(_))) {
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

/// ACLs are disabled by BucketOwnerEnforced: Some(reason) when so, Err when not known.
fn acls_disabled(bucket: &Bucket) -> Result<Option<String>, String> {
    match &bucket.ownership {
        None if bucket.external => Err(format!(
            "{} is defined outside the scan: its object ownership is not known",
            bucket.address
        )),
        None => Ok(None),
        Some(o) => match &o.object_ownership {
            Value::Set(v, _) | Value::Default(v, _) if v == "BucketOwnerEnforced" => Ok(Some(format!(
                "object ownership BucketOwnerEnforced in {} disables ACLs",
                o.address
            ))),
            Value::Unknown(r, _) => Err(format!("object ownership of {} is not known: {r}", o.address)),
            _ => Ok(None),
        },
    }
}

/// The access a grant gives, and to whom (None: no exposure, e.g. the S3 log delivery group).
fn grant_level(grantee: &Grantee, permission: &str) -> Option<(Level, bool)> {
    let write = matches!(permission, "WRITE" | "WRITE_ACP" | "FULL_CONTROL");
    match grantee {
        Grantee::AllUsers if write => Some((Level::PublicWrite, true)),
        Grantee::AllUsers => Some((Level::PublicRead, true)),
        Grantee::AuthenticatedUsers => Some((Level::AuthenticatedUsers, true)),
        Grantee::CanonicalUser(id) if rules::own_canonical_user("CanonicalUser", id) => None,
        Grantee::CanonicalUser(id) if rules::log_delivery_principal("CanonicalUser", id) => None,
        Grantee::CanonicalUser(_) | Grantee::Email(_) => Some((Level::CrossAccount, false)),
        Grantee::UnknownCanonicalUser(_) => Some((rules::canonical_user_grant_level(), false)),
        Grantee::LogDelivery | Grantee::OtherGroup(_) => None,
    }
}

/// Canned ACLs as the grants S3 expands them to.
fn canned_grants(canned: &str) -> Vec<(Grantee, &'static str)> {
    match canned {
        "public-read" => vec![(Grantee::AllUsers, "READ")],
        "public-read-write" => vec![(Grantee::AllUsers, "READ"), (Grantee::AllUsers, "WRITE")],
        "authenticated-read" => vec![(Grantee::AuthenticatedUsers, "READ")],
        _ => Vec::new(),
    }
}

fn acl_effect(public: bool, disabled: &Result<Option<String>, String>, flags: &Flags) -> Effectiveness {
    // S3 rejects any ACL but bucket-owner-full-control / private once ACLs are disabled.
    if let Ok(Some(why)) = disabled {
        return Effectiveness::Rejected(format!("{why}; S3 rejects the ACL at apply"));
    }
    // A block that is on decides a public grant whatever the (unknown) ownership is.
    match (&flags.block_acls, &flags.ignore_acls) {
        (Flag::On(why), _) if public => {
            return Effectiveness::Rejected(format!("{why} makes S3 reject a public ACL at apply"));
        }
        (_, Flag::On(why)) if public => {
            return Effectiveness::Neutralized(format!("{why} makes public ACL grants ineffective"));
        }
        _ => {}
    }
    if let Err(r) = disabled {
        return Effectiveness::Unknown(r.clone());
    }
    match (&flags.block_acls, &flags.ignore_acls) {
        _ if !public => Effectiveness::Effective,
        (Flag::Unknown(r), _) | (_, Flag::Unknown(r)) => Effectiveness::Unknown(r.clone()),
        _ => Effectiveness::Effective,
    }
}

fn acl_reasons(bucket: &Bucket, flags: &Flags, reasons: &mut Vec<Reason>) {
    let disabled = acls_disabled(bucket);
    for acl in &bucket.acls {
        one_acl(acl, &disabled, flags, reasons);
    }
    for obj in &bucket.objects {
        let (acl, o) = match &obj.acl {
            Value::Unknown(r, o) => {
                reasons.push(Reason {
                    message: format!("the ACL of object {} is not known: {r}", obj.address),
                    origin: *o,
                    level: None,
                    effect: Effectiveness::Unknown(r.clone()),
                });
                continue;
            }
            Value::Set(a, o) | Value::Default(a, o) => (a, *o),
        };
        for (grantee, perm) in canned_grants(acl) {
            // An object WRITE grant means nothing: objects are overwritten through the bucket.
            if perm == "WRITE" {
                continue;
            }
            let Some((level, public)) = grant_level(&grantee, perm) else {
                continue;
            };
            // With ACLs disabled, objects may be uploaded with bucket-owner-full-control only.
            let effect = acl_effect(public, &disabled, flags);
            reasons.push(Reason {
                message: format!(
                    "object {} has ACL `{acl}`: {} can read that object",
                    obj.address,
                    who(level)
                ),
                origin: o,
                level: Some(level),
                effect,
            });
        }
    }
}

fn who(level: Level) -> &'static str {
    match level {
        Level::PublicWrite | Level::PublicRead => "anyone on the internet",
        Level::AuthenticatedUsers => "anyone with an AWS account",
        Level::CrossAccount => "another AWS account",
        Level::Private => "the owner",
    }
}

fn one_acl(acl: &Acl, disabled: &Result<Option<String>, String>, flags: &Flags, reasons: &mut Vec<Reason>) {
    match &acl.canned {
        Some(Value::Unknown(r, o)) => reasons.push(Reason {
            message: format!("the ACL of {} is not known: {r}", acl.address),
            origin: *o,
            level: None,
            effect: match disabled {
                Ok(Some(why)) => Effectiveness::Rejected(why.clone()),
                _ => Effectiveness::Unknown(r.clone()),
            },
        }),
        Some(Value::Set(c, o) | Value::Default(c, o)) => {
            let grants = canned_grants(c);
            let worst = grants
                .iter()
                .filter_map(|(g, p)| grant_level(g, p))
                .max_by_key(|(l, _)| *l);
            if let Some((level, public)) = worst {
                let what = if level == Level::PublicWrite {
                    "read and write"
                } else {
                    "read"
                };
                reasons.push(Reason {
                    message: format!(
                        "ACL `{c}` in {} lets {} {what} the bucket",
                        acl.address,
                        who(level)
                    ),
                    origin: *o,
                    level: Some(level),
                    effect: acl_effect(public, disabled, flags),
                });
            } else if !matches!(c.as_str(), "private" | "bucket-owner-full-control")
                && let Ok(Some(why)) = disabled
            {
                reasons.push(Reason {
                    message: format!("ACL `{c}` in {}", acl.address),
                    origin: *o,
                    level: None,
                    effect: Effectiveness::Rejected(format!("{why}; S3 rejects the ACL at apply")),
                });
            }
        }
        None => {}
    }
    // S3 rejects the whole ACL when it has a public grant and BlockPublicAcls is on, so its
    // non-public grants (another account's canonical user) do not take effect either.
    let public_acl = acl.grants.iter().any(|g| match (&g.grantee, &g.permission) {
        (Value::Set(x, _) | Value::Default(x, _), Value::Set(p, _) | Value::Default(p, _)) => {
            grant_level(x, p).is_some_and(|(_, public)| public)
        }
        _ => false,
    });
    for g in &acl.grants {
        let grantee = match &g.grantee {
            Value::Unknown(r, o) => {
                reasons.push(Reason {
                    message: format!("a grantee in {} is not known: {r}", acl.address),
                    origin: *o,
                    level: None,
                    effect: match disabled {
                        Ok(Some(why)) => Effectiveness::Neutralized(why.clone()),
                        _ => Effectiveness::Unknown(r.clone()),
                    },
                });
                continue;
            }
            Value::Set(x, _) | Value::Default(x, _) => x,
        };
        let perm = match &g.permission {
            Value::Unknown(r, o) => {
                if grant_level(grantee, "FULL_CONTROL").is_some() {
                    reasons.push(Reason {
                        message: format!("a grant permission in {} is not known: {r}", acl.address),
                        origin: *o,
                        level: None,
                        effect: Effectiveness::Unknown(r.clone()),
                    });
                }
                continue;
            }
            Value::Set(p, _) | Value::Default(p, _) => p,
        };
        if matches!(grantee, Grantee::CanonicalUser(id) if acl.owner_id.as_ref() == Some(id)) {
            continue; // The owner's own grant.
        }
        let Some((level, public)) = grant_level(grantee, perm) else {
            continue;
        };
        let to = match grantee {
            Grantee::CanonicalUser(id) => {
                format!("canonical user {id} (another account unless it is the owner's)")
            }
            Grantee::Email(e) => format!("the account of {e}"),
            Grantee::UnknownCanonicalUser(why) => format!("a canonical user whose id is not known ({why})"),
            _ => super::policy::rules::grantee_label(grantee).to_string(),
        };
        let effect = match (grantee, acl_effect(public, disabled, flags)) {
            (_, Effectiveness::Effective) if public_acl && let Flag::On(why) = &flags.block_acls => {
                Effectiveness::Rejected(format!(
                    "{why} makes S3 reject this ACL, which has a public grant, at apply"
                ))
            }
            // Some canonical user: the owner's own (no exposure) or another account's.
            (Grantee::UnknownCanonicalUser(why), Effectiveness::Effective) => {
                Effectiveness::Unknown(why.clone())
            }
            (_, e) => e,
        };
        reasons.push(Reason {
            message: format!("grant of {perm} to {to} in {}", acl.address),
            origin: g.origin,
            level: Some(level),
            effect,
        });
    }
}

/// Who a statement's principal is, as far as exposure goes.
#[derive(Debug, PartialEq)]
enum Who {
    /// Anyone, anonymous included.
    Public,
    /// Named accounts (ids) or principals of other accounts.
    Accounts(Vec<String>),
    /// AWS services or trusted accounts only.
    Trusted,
}

fn principal_who(p: &Principal, trusted: &[String]) -> Who {
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
fn statement_who(st: &Statement, trusted: &[String]) -> Who {
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
fn reaches_bucket(st: &Statement, name: &str) -> bool {
    let arn = format!("arn:aws:s3:::{name}");
    let prefix: Vec<char> = format!("{arn}/").chars().collect();
    let may = |p: &String| {
        crate::policy::iam::wildcard_match(p, &arn, false)
            || may_match_prefix(&p.chars().collect::<Vec<_>>(), &prefix)
    };
    match (&st.resource, &st.not_resource) {
        (Some(r), _) => r.iter().any(may),
        (None, Some(_)) => st.covers_resource(&arn) || !st.covers_all_objects_excluded(name),
        (None, None) => false,
    }
}

impl Statement {
    /// NotResource excludes every object of the bucket.
    fn covers_all_objects_excluded(&self, name: &str) -> bool {
        let prefix = format!("arn:aws:s3:::{name}/");
        self.not_resource
            .iter()
            .flatten()
            .any(|p| p.ends_with('*') && crate::policy::iam::wildcard_match(p, &prefix, false))
    }
}

/// A Deny that holds for every request of `who` on the bucket and its objects: no condition, or
/// only negated conditions on the caller's identity/network that `who` cannot satisfy.
fn deny_applies(deny: &Statement, who: &Who, name: &str, trusted: &[String]) -> bool {
    let covers_all = deny.covers_resource(&format!("arn:aws:s3:::{name}")) && deny.covers_all_objects(name);
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
fn effective_access(
    st: &Statement,
    raw: Access,
    denies: &[&Statement],
    who: &Who,
    name: &str,
    trusted: &[String],
) -> Access {
    let applying: Vec<&&Statement> = denies
        .iter()
        .filter(|d| deny_applies(d, who, name, trusted))
        .collect();
    if applying.is_empty() {
        return raw;
    }
    let mut access = Access::None;
    let mut buf = String::with_capacity(48);
    for (action, class) in S3_ACTIONS {
        let grants = match class {
            crate::policy::iam::Class::Read | crate::policy::iam::Class::List => Access::Read,
            _ => Access::Write,
        };
        // Only an action that would raise the access is worth matching.
        if grants <= access {
            continue;
        }
        let a = crate::policy::iam::s3_action(&mut buf, action);
        if st.covers_action(a) && !applying.iter().any(|d| d.covers_action(a)) {
            access = grants;
        }
    }
    access
}

fn parse(p: &BucketPolicy) -> Result<&Document, String> {
    p.parsed().map_err(|e| match e {
        Unreadable::Malformed(e) => format!("the policy in {} cannot be read: {e}", p.address),
        Unreadable::Unknown(r) => format!("the policy in {} is not known: {r}", p.address),
    })
}

fn label(st: &Statement, i: usize) -> String {
    match &st.sid {
        Some(s) => format!("statement `{s}`"),
        None => format!("statement #{}", i + 1),
    }
}

fn policy_reasons(bucket: &Bucket, flags: &Flags, trusted: &[String], reasons: &mut Vec<Reason>) {
    let name = bucket.arn_name();
    for p in &bucket.policies {
        let origin = p.document.origin();
        let readings = match p.readings() {
            Ok(r) => r,
            Err(_) => {
                let why = parse(p).err().unwrap_or_default();
                let mut r = Reason::unknown(why, origin);
                // Rule: with either flag on, no policy can make the bucket public.
                r.level = rules::unknown_policy_cap(flags_on(&flags.block_policy), flags_on(&flags.restrict));
                reasons.push(r);
                continue;
            }
        };
        let narrow = doc_reasons(p, readings.narrowest, flags, trusted, &name, false);
        let Some(why) = readings.holes else {
            reasons.extend(narrow);
            continue;
        };
        // What every reading gives: the least of them is proven, the most is possible. Both
        // public and non-public readings count, since the public access block treats a public
        // policy differently.
        // Rule: a bucket whose name is not known may be the one a Resource with holes names.
        let reach_any = rules::unknown_name_may_be_named(&bucket.name);
        let mut all = vec![narrow];
        // Readings that came out the same document give the same reasons: read once.
        let mut read = vec![(readings.narrowest, false)];
        for (d, any) in [
            (readings.narrowest_public, false),
            (readings.widest, reach_any),
            (readings.widest_private, reach_any),
        ] {
            if !read.iter().any(|(r, a)| std::ptr::eq(*r, d) && *a == any) {
                read.push((d, any));
                all.push(doc_reasons(p, d, flags, trusted, &name, any));
            }
        }
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
                origin,
                level: Some(level),
                effect: Effectiveness::Unknown(why.to_string()),
            });
        }
    }
}

fn flags_on(f: &Flag) -> bool {
    matches!(f, Flag::On(_))
}

/// The worst level among reasons that take effect.
fn max_effective(reasons: &[Reason]) -> Level {
    reasons
        .iter()
        .filter(|r| r.effect == Effectiveness::Effective)
        .filter_map(|r| r.level)
        .max()
        .unwrap_or(Level::Private)
}

/// Levels that take effect or might.
fn possible_levels(reasons: &[Reason]) -> Vec<Level> {
    reasons
        .iter()
        .filter(|r| matches!(r.effect, Effectiveness::Effective | Effectiveness::Unknown(_)))
        .filter_map(|r| r.level)
        .collect()
}

/// What one (fully known, or read) policy document gives.
/// `reach_any`: every Allow statement may reach the bucket, whatever its Resource.
fn doc_reasons(
    p: &BucketPolicy,
    doc: &Document,
    flags: &Flags,
    trusted: &[String],
    name: &str,
    reach_any: bool,
) -> Vec<Reason> {
    let origin = p.document.origin();
    let mut reasons = Vec::new();
    let denies: Vec<&Statement> = doc
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Deny)
        .collect();
    // First pass: what each Allow grants, before the public access block.
    let mut grants = Vec::new();
    for (i, st) in doc.statements.iter().enumerate() {
        if st.effect != Effect::Allow || !(reach_any || reaches_bucket(st, name)) {
            continue;
        }
        let mut who = statement_who(st, trusted);
        if who == Who::Public
            && let Some(c) = st.non_public_condition()
        {
            // Limited to fixed accounts, organizations or networks: not public.
            let accounts: Vec<String> =
                if matches!(c.key.as_str(), "aws:principalaccount" | "aws:sourceaccount") {
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
            who = if accounts.is_empty() {
                Who::Trusted
            } else {
                Who::Accounts(accounts)
            };
        }
        // Matching a statement's actions is the costliest step of a check: once each.
        let raw = st.access();
        if raw == Access::None || who == Who::Trusted {
            continue;
        }
        let access = effective_access(st, raw, &denies, &who, name, trusted);
        grants.push((i, st, who, access, raw));
    }
    // Public as S3 counts it: some access by anyone that no Deny of the policy takes back.
    let public_policy = grants
        .iter()
        .any(|(_, _, w, access, _)| *w == Who::Public && *access > Access::None);
    for (i, st, who, access, raw) in grants {
        let verb = if raw == Access::Write { "write" } else { "read" };
        let (level, to) = match &who {
            Who::Public => (
                if access == Access::Write {
                    Level::PublicWrite
                } else {
                    Level::PublicRead
                },
                "anyone".to_string(),
            ),
            Who::Accounts(a) => (Level::CrossAccount, a.join(", ")),
            Who::Trusted => continue,
        };
        let mut message = format!(
            "bucket policy {} in {} allows {verb} access to {to}",
            label(st, i),
            p.address
        );
        if access == Access::None {
            reasons.push(Reason {
                message: message + ", but a Deny statement in the policy covers every action it allows",
                origin,
                level: Some(level),
                effect: Effectiveness::Neutralized("an explicit Deny".into()),
            });
            continue;
        }
        if access < raw {
            message.push_str(" (a Deny statement removes its write actions)");
        }
        let effect = if public_policy {
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
        } else {
            Effectiveness::Effective
        };
        reasons.push(Reason {
            message,
            origin,
            level: Some(level),
            effect,
        });
    }
    reasons
}

/// A bucket policy that delegates access control to its access points (the documented pattern:
/// an Allow to `"*"` conditioned on `s3:DataAccessPointAccount` / `s3:DataAccessPointArn`).
/// Multi-region access points are delegated to the same way (their ARN in `s3:DataAccessPointArn`).
/// `(certainly, possibly)`: a policy that is not known, or known only in part, may delegate.
fn delegates_to_access_points(bucket: &Bucket) -> (bool, bool) {
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
                possibly |= delegates(r.widest) || delegates(r.widest_private) || r.holes.is_some();
            }
            Err(Unreadable::Unknown(_)) => possibly = true,
            Err(Unreadable::Malformed(_)) => {}
        }
    }
    (certainly, possibly || certainly)
}

fn access_point_reasons(
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
            Err(_) => {
                reasons.push(Reason::unknown(parse(p).err().unwrap_or_default(), origin));
                continue;
            }
        };
        // A bucket policy Deny holds for requests through access points too: what it certainly
        // denies anyone is not granted by the access point policy.
        let public_access = |doc: &Document| {
            doc.statements
                .iter()
                .filter(|s| s.is_public_allow())
                .map(|s| effective_access(s, s.access(), &bucket_denies, &Who::Public, &name, &[]))
                .max()
                .unwrap_or(Access::None)
        };
        // Proven at the narrowest reading; what only the widest gives is unknown.
        let (narrow, wide) = (public_access(readings.narrowest), public_access(readings.widest));
        if wide == Access::None {
            continue;
        }
        let level_of = |a: Access| {
            if a == Access::Write {
                Level::PublicWrite
            } else {
                Level::PublicRead
            }
        };
        let level = level_of(wide);
        // The access point's own block (all on when absent) and the bucket's and account's apply.
        let mut all: Vec<&PublicAccessBlock> = blocks.to_vec();
        all.extend(ap.public_access_block.iter());
        let flags = Flags::of(&all);
        let effect = if ap.public_access_block.is_none() {
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
        };
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

fn level_verb(l: Level) -> &'static str {
    if l == Level::PublicWrite { "write" } else { "read" }
}

/// Counts of buckets per verdict, worst first, every verdict listed.
pub fn summary(exposures: &[std::sync::Arc<Exposure>]) -> Vec<(Verdict, usize)> {
    Verdict::ALL
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
