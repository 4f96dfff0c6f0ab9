//! What the bucket's ACLs give, as far as ownership controls and the public access block let them.

use super::flags::{Flag, Flags};
use super::rules;
use super::statements::{Who, spared_accounts, undenied};
use super::{Effectiveness, Level, Reason};
use crate::model::iam::Statement;
use crate::model::{Acl, Bucket, Grant, Grantee, Origin, Value};

/// The bucket policy's Denies in force (`bucket_policy::denies_in_force`): an explicit Deny
/// overrides any grant, ACL grants included.
pub(super) struct PolicyDenies<'a> {
    pub denies: Vec<&'a Statement>,
    pub name: String,
    pub trusted: &'a [String],
}

impl PolicyDenies<'_> {
    /// The level a grant of `level` still gives once the Denies are subtracted; None when they
    /// cover every action it allows.
    fn left(&self, grantee: &Grantee, perm: &str, on_object: bool, level: Level) -> Option<Level> {
        let actions = permission_actions(perm, on_object);
        if self.denies.is_empty() || actions.is_empty() {
            return Some(level);
        }
        let left = undenied(
            &actions,
            &self.denies,
            &grantee_who(grantee),
            &self.name,
            self.trusted,
        );
        match left.iter().any(|(_, writes)| *writes) {
            _ if left.is_empty() => None,
            false if level == Level::PublicWrite => Some(Level::PublicRead),
            _ => Some(level),
        }
    }

    /// The accounts a public grant still reaches with some action the Denies take back from the
    /// public: those the Denies spare (`statements::spared_accounts`).
    fn spared(&self, grantee: &Grantee, perm: &str, on_object: bool) -> Vec<String> {
        if self.denies.is_empty() || grantee_who(grantee) != Who::Public {
            return Vec::new();
        }
        let actions = permission_actions(perm, on_object);
        let public = undenied(&actions, &self.denies, &Who::Public, &self.name, self.trusted);
        let lost: Vec<(&'static str, bool)> = actions.into_iter().filter(|a| !public.contains(a)).collect();
        if lost.is_empty() {
            return Vec::new();
        }
        let keeps = |account: &String| {
            let who = Who::Accounts(vec![account.clone()]);
            !undenied(&lost, &self.denies, &who, &self.name, self.trusted).is_empty()
        };
        spared_accounts(&self.denies, &self.name, self.trusted)
            .into_iter()
            .filter(keeps)
            .collect()
    }
}

/// Whom a grantee stands for, as the policy's Denies see it: a group is everyone.
fn grantee_who(grantee: &Grantee) -> Who {
    match grantee {
        Grantee::CanonicalUser(id) | Grantee::Email(id) | Grantee::UnknownCanonicalUser(id) => {
            Who::Accounts(vec![id.clone()])
        }
        _ => Who::Public,
    }
}

/// [ACL] "Mapping of ACL permissions and access policy permissions": the actions a permission
/// allows on the bucket or on an object, and whether each writes (s3:GetObjectTorrent left out:
/// S3 no longer serves torrents). Empty for a permission S3 does not define.
fn permission_actions(perm: &str, on_object: bool) -> Vec<(&'static str, bool)> {
    type Table = [(&'static str, &'static [(&'static str, bool)]); 4];
    const BUCKET: Table = [
        (
            "READ",
            &[
                ("s3:ListBucket", false),
                ("s3:ListBucketVersions", false),
                ("s3:ListBucketMultipartUploads", false),
            ],
        ),
        (
            "WRITE",
            &[
                ("s3:PutObject", true),
                ("s3:DeleteObject", true),
                ("s3:DeleteObjectVersion", true),
            ],
        ),
        ("READ_ACP", &[("s3:GetBucketAcl", false)]),
        ("WRITE_ACP", &[("s3:PutBucketAcl", true)]),
    ];
    const OBJECT: Table = [
        ("READ", &[("s3:GetObject", false), ("s3:GetObjectVersion", false)]),
        ("WRITE", &[]),
        (
            "READ_ACP",
            &[("s3:GetObjectAcl", false), ("s3:GetObjectVersionAcl", false)],
        ),
        (
            "WRITE_ACP",
            &[("s3:PutObjectAcl", true), ("s3:PutObjectVersionAcl", true)],
        ),
    ];
    let table = if on_object { &OBJECT } else { &BUCKET };
    table
        .iter()
        .filter(|(p, _)| perm == "FULL_CONTROL" || *p == perm)
        .flat_map(|(_, actions)| actions.iter().copied())
        .collect()
}

/// A grant's reasons once the policy's Denies are subtracted (`left`: the level they leave). A
/// grant they take back entirely is kept, as not taking effect, like a policy statement a Deny
/// covers: the ACL is still there to fix. What a public grant still gives the accounts the
/// Denies spare (`spared`) is a reason of its own, cross-account.
fn after_denies(
    message: String,
    origin: Origin,
    level: Level,
    (left, spared): (Option<Level>, Vec<String>),
    effect: Effectiveness,
) -> Vec<Reason> {
    let spared = (!spared.is_empty()).then(|| Reason {
        message: format!(
            "{message}, and the Deny statements of the bucket policy that take it back from everyone else \
             spare {}",
            spared.join(", ")
        ),
        origin,
        level: Some(Level::CrossAccount),
        effect: effect.clone(),
    });
    let (message, level, effect) = match (left, effect) {
        (None, Effectiveness::Effective | Effectiveness::Unknown(_)) => (
            message + ", but a Deny statement in the bucket policy covers every action it allows",
            level,
            Effectiveness::Neutralized("an explicit Deny in the bucket policy".into()),
        ),
        (Some(l), effect) if l < level => (
            message + " (a Deny statement in the bucket policy removes its write actions)",
            l,
            effect,
        ),
        (_, effect) => (message, level, effect),
    };
    let grant = Reason {
        message,
        origin,
        level: Some(level),
        effect,
    };
    std::iter::once(grant).chain(spared).collect()
}

/// Whether BucketOwnerEnforced disables ACLs, with the reason either way it is known or not.
pub(super) fn acls_disabled(bucket: &Bucket) -> Flag {
    match &bucket.ownership {
        None if bucket.external => Flag::Unknown(format!(
            "{} is defined outside the scan: its object ownership is not known",
            bucket.address
        )),
        None => Flag::Off,
        Some(o) => match &o.object_ownership {
            Value::Set(v, _) | Value::Default(v, _) if v == "BucketOwnerEnforced" => Flag::On(format!(
                "object ownership BucketOwnerEnforced in {} disables ACLs",
                o.address
            )),
            Value::Unknown(r, _) => {
                Flag::Unknown(format!("object ownership of {} is not known: {r}", o.address))
            }
            _ => Flag::Off,
        },
    }
}

/// The access a grant gives, and to whom (None: no exposure, e.g. the S3 log delivery group).
pub(super) fn grant_level(grantee: &Grantee, permission: &str) -> Option<(Level, bool)> {
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
pub(super) fn canned_grants(canned: &str) -> Vec<(Grantee, &'static str)> {
    match canned {
        "public-read" => vec![(Grantee::AllUsers, "READ")],
        "public-read-write" => vec![(Grantee::AllUsers, "READ"), (Grantee::AllUsers, "WRITE")],
        "authenticated-read" => vec![(Grantee::AuthenticatedUsers, "READ")],
        _ => Vec::new(),
    }
}

pub(super) fn acl_effect(public: bool, disabled: &Flag, flags: &Flags) -> Effectiveness {
    // S3 rejects any ACL but bucket-owner-full-control / private once ACLs are disabled.
    if let Flag::On(why) = disabled {
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
    if let Flag::Unknown(r) = disabled {
        return Effectiveness::Unknown(r.clone());
    }
    match (&flags.block_acls, &flags.ignore_acls) {
        _ if !public => Effectiveness::Effective,
        (Flag::Unknown(r), _) | (_, Flag::Unknown(r)) => Effectiveness::Unknown(r.clone()),
        _ => Effectiveness::Effective,
    }
}

pub(super) fn acl_reasons(bucket: &Bucket, flags: &Flags, denies: &PolicyDenies, reasons: &mut Vec<Reason>) {
    let disabled = acls_disabled(bucket);
    for acl in &bucket.acls {
        one_acl(acl, &disabled, flags, denies, reasons);
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
            let message = format!(
                "object {} has ACL `{acl}`: {} can read that object",
                obj.address,
                who(level)
            );
            let left = (
                denies.left(&grantee, perm, true, level),
                denies.spared(&grantee, perm, true),
            );
            reasons.extend(after_denies(message, o, level, left, effect));
        }
    }
}

pub(super) fn who(level: Level) -> &'static str {
    match level {
        Level::PublicWrite | Level::PublicRead => "anyone on the internet",
        Level::AuthenticatedUsers => "anyone with an AWS account",
        Level::CrossAccount => "another AWS account",
        Level::Private => "the owner",
    }
}

pub(super) fn one_acl(
    acl: &Acl,
    disabled: &Flag,
    flags: &Flags,
    denies: &PolicyDenies,
    reasons: &mut Vec<Reason>,
) {
    reasons.extend(canned_reasons(acl, disabled, flags, denies));
    // S3 rejects the whole ACL when it has a public grant and BlockPublicAcls is on, so its
    // non-public grants (another account's canonical user) do not take effect either.
    let public_acl = acl.grants.iter().any(|g| match (&g.grantee, &g.permission) {
        (Value::Set(x, _) | Value::Default(x, _), Value::Set(p, _) | Value::Default(p, _)) => {
            grant_level(x, p).is_some_and(|(_, public)| public)
        }
        _ => false,
    });
    reasons.extend(
        acl.grants
            .iter()
            .flat_map(|g| grant_reasons(acl, g, public_acl, disabled, flags, denies)),
    );
}

/// What the ACL's canned ACL gives, if anything.
fn canned_reasons(acl: &Acl, disabled: &Flag, flags: &Flags, denies: &PolicyDenies) -> Vec<Reason> {
    let Some(canned) = &acl.canned else {
        return Vec::new();
    };
    match canned {
        Value::Unknown(r, o) => vec![Reason {
            message: format!("the ACL of {} is not known: {r}", acl.address),
            origin: *o,
            level: None,
            effect: match disabled {
                Flag::On(why) => Effectiveness::Rejected(why.clone()),
                _ => Effectiveness::Unknown(r.clone()),
            },
        }],
        Value::Set(c, o) | Value::Default(c, o) => {
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
                let message = format!(
                    "ACL `{c}` in {} lets {} {what} the bucket",
                    acl.address,
                    who(level)
                );
                let left = grants
                    .iter()
                    .filter_map(|(g, p)| denies.left(g, p, false, grant_level(g, p)?.0))
                    .max();
                let mut spared: Vec<String> = grants
                    .iter()
                    .flat_map(|(g, p)| denies.spared(g, p, false))
                    .collect();
                spared.sort();
                spared.dedup();
                let effect = acl_effect(public, disabled, flags);
                after_denies(message, *o, level, (left, spared), effect)
            } else if !matches!(c.as_str(), "private" | "bucket-owner-full-control")
                && let Flag::On(why) = disabled
            {
                vec![Reason {
                    message: format!("ACL `{c}` in {}", acl.address),
                    origin: *o,
                    level: None,
                    effect: Effectiveness::Rejected(format!("{why}; S3 rejects the ACL at apply")),
                }]
            } else {
                Vec::new()
            }
        }
    }
}

/// What one explicit grant gives, if anything; `public_acl`: the ACL has a public grant.
fn grant_reasons(
    acl: &Acl,
    g: &Grant,
    public_acl: bool,
    disabled: &Flag,
    flags: &Flags,
    denies: &PolicyDenies,
) -> Vec<Reason> {
    let grantee = match &g.grantee {
        Value::Unknown(r, o) => {
            return vec![Reason {
                message: format!("a grantee in {} is not known: {r}", acl.address),
                origin: *o,
                level: None,
                effect: match disabled {
                    Flag::On(why) => Effectiveness::Neutralized(why.clone()),
                    _ => Effectiveness::Unknown(r.clone()),
                },
            }];
        }
        Value::Set(x, _) | Value::Default(x, _) => x,
    };
    let perm = match &g.permission {
        Value::Unknown(r, o) => {
            // Only a grantee that some permission would expose matters.
            return grant_level(grantee, "FULL_CONTROL")
                .map(|_| Reason {
                    message: format!("a grant permission in {} is not known: {r}", acl.address),
                    origin: *o,
                    level: None,
                    effect: Effectiveness::Unknown(r.clone()),
                })
                .into_iter()
                .collect();
        }
        Value::Set(p, _) | Value::Default(p, _) => p,
    };
    if matches!(grantee, Grantee::CanonicalUser(id) if acl.owner_id.as_ref() == Some(id)) {
        return Vec::new(); // The owner's own grant.
    }
    let Some((level, public)) = grant_level(grantee, perm) else {
        return Vec::new();
    };
    let to = describe_grantee(grantee);
    let effect = match (grantee, acl_effect(public, disabled, flags)) {
        (_, Effectiveness::Effective) if public_acl && let Flag::On(why) = &flags.block_acls => {
            Effectiveness::Rejected(format!(
                "{why} makes S3 reject this ACL, which has a public grant, at apply"
            ))
        }
        // Some canonical user: the owner's own (no exposure) or another account's.
        (Grantee::UnknownCanonicalUser(why), Effectiveness::Effective) => Effectiveness::Unknown(why.clone()),
        (_, e) => e,
    };
    let message = format!("grant of {perm} to {to} in {}", acl.address);
    let left = (
        denies.left(grantee, perm, false, level),
        denies.spared(grantee, perm, false),
    );
    after_denies(message, g.origin, level, left, effect)
}

/// A grantee as exposure reasons name it.
fn describe_grantee(grantee: &Grantee) -> String {
    match grantee {
        Grantee::CanonicalUser(id) => {
            format!("canonical user {id} (another account unless it is the owner's)")
        }
        Grantee::Email(e) => format!("the account of {e}"),
        Grantee::UnknownCanonicalUser(why) => format!("a canonical user whose id is not known ({why})"),
        _ => grantee.label().to_string(),
    }
}
