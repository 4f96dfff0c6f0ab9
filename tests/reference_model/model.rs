//! A reference model of S3's decision, written from the Amazon S3 User Guide, independently of the
//! engine (`src/exposure.rs`, `src/policy/`): only the engine's vocabulary (verdict names, finding
//! ids and their neutralization kinds, from README.md and policies/*.toml) is shared. Small and
//! direct rather than fast: every access is a (who, operation, objects) triple, computed for each
//! grant and removed by each Deny that covers it.
//!
//! Guide sections cited below:
//! - [ACL]: "Access control list (ACL) overview" (grantees, permissions, canned ACLs).
//! - [PUBLIC]: "Blocking public access to your Amazon S3 storage", "The meaning of 'public'".
//! - [BPA]: same page, "Block public access settings" (the four settings, most restrictive
//!   combination of access point, bucket and account).
//! - [OWN]: "Controlling ownership of objects and disabling ACLs for your bucket".
//! - [EVAL]: IAM "Policy evaluation logic" and S3 "How Amazon S3 authorizes a request": an
//!   explicit Deny in any applicable policy overrides every Allow, including ACL grants.
//! - [AP]: "Managing public access to access points" and "Delegating access control to access
//!   points".

use std::collections::BTreeSet;

use super::config::*;

/// The engine's verdict names, ordered by harm (README "Effective exposure").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
            Level::Private => "private",
            Level::CrossAccount => "cross-account",
            Level::AuthenticatedUsers => "authenticated-users",
            Level::PublicRead => "public-read",
            Level::PublicWrite => "public-write",
        }
    }
}

/// What becomes of a finding's grant (README "Findings carry the verdict").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Effective,
    Ineffective,
    RejectedAtApply,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Effective => "effective",
            Kind::Ineffective => "ineffective",
            Kind::RejectedAtApply => "rejected-at-apply",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Level,
    /// (finding id, kind), one entry however many statements or grants raise it.
    pub findings: BTreeSet<(&'static str, Kind)>,
}

/// Who a grant reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    /// Anyone on the internet, anonymous requests included.
    Anyone,
    /// Any AWS account (the AuthenticatedUsers group) [ACL].
    AnyAccount,
    Account(&'static str),
    /// Another account's canonical user (ACL grant).
    Canonical,
    /// The accounts of an organization (`aws:PrincipalOrgID`).
    Org,
    Owner,
    Service,
    /// Anyone, but only from a fixed network or source (`aws:SourceVpce`, `aws:SourceIp`, ...):
    /// not public [PUBLIC], and no named account either.
    Restricted,
    /// Anyone, through the owner's access points (the bucket policy's delegation) [AP].
    ViaAccessPoint,
}

/// The S3 operations the model tracks: (name, on objects, writes). "Writes" is the engine's
/// public-write: write, delete or re-permission.
const OPS: [(&str, bool, bool); 14] = [
    ("s3:GetObject", true, false),
    ("s3:GetObjectVersion", true, false),
    ("s3:GetObjectAcl", true, false),
    ("s3:PutObject", true, true),
    ("s3:DeleteObject", true, true),
    ("s3:DeleteObjectVersion", true, true),
    ("s3:PutObjectAcl", true, true),
    ("s3:ListBucket", false, false),
    ("s3:ListBucketVersions", false, false),
    ("s3:ListBucketMultipartUploads", false, false),
    ("s3:GetBucketAcl", false, false),
    ("s3:GetBucketPolicy", false, false),
    ("s3:PutBucketAcl", false, true),
    ("s3:PutBucketPolicy", false, true),
];

/// Which objects an access reaches: every object, those under `logs/`, or the one
/// `aws_s3_object` (`index.html`, not under `logs/`). Bucket operations use `All`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Objects {
    All,
    Logs,
    Index,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Access {
    who: Who,
    op: usize,
    objects: Objects,
}

/// The model's decision for one configuration.
pub fn decide(c: &Config) -> Decision {
    let flags = combined_block(c);
    let mut findings = BTreeSet::new();
    let denies = denies_in_force(c, flags);
    let mut accesses = acl_accesses(c, flags, &mut findings);
    accesses.extend(object_acl_accesses(c, flags, &mut findings));
    let policy = policy_accesses(c, flags, &mut findings);
    accesses.extend(policy.iter().copied());
    accesses.extend(access_point_accesses(c, flags, &policy));
    let accesses: Vec<Access> = accesses
        .into_iter()
        .flat_map(|a| after_denies(a, &denies))
        .collect();
    findings.extend(block_findings(c, flags));
    let verdict = accesses.iter().map(level).max().unwrap_or(Level::Private);
    Decision { verdict, findings }
}

/// [EVAL] An explicit Deny in the bucket policy overrides ACL grants as well as Allows; a
/// policy S3 rejected at apply has no Deny in force either.
fn denies_in_force(c: &Config, flags: Block) -> Vec<&Statement> {
    let in_force = !(flags.block_public_policy() && policy_is_public(c));
    c.policy
        .iter()
        .filter(|s| in_force && s.effect == Effect::Deny)
        .collect()
}

/// Whether the Denies in force take back every access of these grants (and they give some), from
/// their grantees: what they leave to an account a Deny spares is that account's access.
/// Engine vocabulary: an ACL grant so taken back is reported as not taking effect, like a policy
/// statement a Deny covers.
fn taken_back(c: &Config, flags: Block, grants: &[(Grantee, Permission)], on_object: bool) -> bool {
    let denies = denies_in_force(c, flags);
    let accesses: Vec<Access> = grants
        .iter()
        .flat_map(|&(g, p)| grant_accesses(g, p, on_object))
        .collect();
    !accesses.is_empty() && accesses.iter().all(|a| !after_denies(*a, &denies).contains(a))
}

/// What one grant allows, before any block or Deny.
fn grant_accesses(grantee: Grantee, permission: Permission, on_object: bool) -> Vec<Access> {
    let who = match grantee {
        Grantee::AllUsers => Who::Anyone,
        Grantee::AuthenticatedUsers => Who::AnyAccount,
        Grantee::Partner => Who::Canonical,
        // [ACL] The LogDelivery group only writes server access logs: not exposure (README).
        Grantee::LogDelivery | Grantee::Owner => return vec![],
    };
    let (ops, objects) = if on_object {
        (object_permission_ops(permission), Objects::Index)
    } else {
        (bucket_permission_ops(permission), Objects::All)
    };
    ops.into_iter()
        .map(|op| Access {
            who,
            op: op_index(op),
            objects,
        })
        .collect()
}

/// [BPA] "Amazon S3 applies the most restrictive combination of the access point, bucket, and
/// account settings": a flag is on when either level turns it on. An absent block is all off.
fn combined_block(c: &Config) -> Block {
    let b = c.bucket_block.unwrap_or_default().0;
    let a = c.account_block.unwrap_or_default().0;
    Block([b[0] || a[0], b[1] || a[1], b[2] || a[2], b[3] || a[3]])
}

fn level(a: &Access) -> Level {
    let writes = OPS[a.op].2;
    match a.who {
        Who::Anyone if writes => Level::PublicWrite,
        Who::Anyone => Level::PublicRead,
        Who::AnyAccount => Level::AuthenticatedUsers,
        Who::Account(id) if id != OWNER => Level::CrossAccount,
        Who::Canonical | Who::Org => Level::CrossAccount,
        _ => Level::Private,
    }
}

/// [ACL] "Canned ACL": the grants each canned ACL stands for (the owner's FULL_CONTROL left out).
fn canned_grants(canned: Canned) -> Vec<(Grantee, Permission)> {
    match canned {
        Canned::Private => vec![],
        Canned::PublicRead => vec![(Grantee::AllUsers, Permission::Read)],
        Canned::PublicReadWrite => vec![
            (Grantee::AllUsers, Permission::Read),
            (Grantee::AllUsers, Permission::Write),
        ],
        Canned::AuthenticatedRead => vec![(Grantee::AuthenticatedUsers, Permission::Read)],
        Canned::LogDeliveryWrite => vec![
            (Grantee::LogDelivery, Permission::Write),
            (Grantee::LogDelivery, Permission::ReadAcp),
        ],
    }
}

/// [PUBLIC] "Amazon S3 considers a bucket or object ACL public if it grants any permissions to
/// members of the predefined AllUsers or AuthenticatedUsers groups."
fn public_grantee(g: Grantee) -> bool {
    matches!(g, Grantee::AllUsers | Grantee::AuthenticatedUsers)
}

/// [ACL] "Permissions you can grant", bucket column: READ lists the bucket, WRITE creates,
/// overwrites and deletes objects, READ_ACP reads and WRITE_ACP writes the bucket ACL,
/// FULL_CONTROL is all four; "Mapping of ACL permissions and access policy permissions" names
/// the actions (READ: s3:ListBucket, s3:ListBucketVersions, s3:ListBucketMultipartUploads).
fn bucket_permission_ops(p: Permission) -> Vec<&'static str> {
    match p {
        Permission::Read => vec![
            "s3:ListBucket",
            "s3:ListBucketVersions",
            "s3:ListBucketMultipartUploads",
        ],
        Permission::Write => vec!["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"],
        Permission::ReadAcp => vec!["s3:GetBucketAcl"],
        Permission::WriteAcp => vec!["s3:PutBucketAcl"],
        Permission::FullControl => [
            Permission::Read,
            Permission::Write,
            Permission::ReadAcp,
            Permission::WriteAcp,
        ]
        .into_iter()
        .flat_map(bucket_permission_ops)
        .collect(),
    }
}

/// [ACL] Object column, as far as canned object ACLs go: READ reads the object (s3:GetObject,
/// s3:GetObjectVersion); WRITE is "not applicable" to objects.
fn object_permission_ops(p: Permission) -> Vec<&'static str> {
    match p {
        Permission::Read => vec!["s3:GetObject", "s3:GetObjectVersion"],
        _ => vec![],
    }
}

fn op_index(name: &str) -> usize {
    OPS.iter().position(|o| o.0 == name).expect("a tracked operation")
}

/// What S3 does with an ACL put on the bucket or an object.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AclFate {
    Applied,
    Rejected,
}

/// [OWN] With BucketOwnerEnforced, ACLs are disabled and a request that sets an ACL other than
/// one granting the owner full control fails (AccessControlListNotSupported). [BPA]
/// BlockPublicAcls: "PUT Bucket acl and PUT Object acl calls fail if the specified ACL is public"
/// (and so do PUT Bucket and PUT Object with a public ACL).
fn acl_fate(c: &Config, flags: Block, grants: &[(Grantee, Permission)]) -> AclFate {
    let owner_only = grants.iter().all(|g| g.0 == Grantee::Owner);
    let public = grants.iter().any(|g| public_grantee(g.0));
    let enforced = c.ownership == Some(Ownership::BucketOwnerEnforced);
    if (enforced && !owner_only) || (flags.block_public_acls() && public) {
        AclFate::Rejected
    } else {
        AclFate::Applied
    }
}

/// The finding kind of a public ACL grant: rejected at apply, or ignored by IgnorePublicAcls
/// ([BPA] "causes Amazon S3 to ignore all public ACLs on a bucket and any objects that it
/// contains"), or in effect.
fn public_acl_kind(fate: AclFate, flags: Block) -> Kind {
    match fate {
        AclFate::Rejected => Kind::RejectedAtApply,
        AclFate::Applied if flags.ignore_public_acls() => Kind::Ineffective,
        AclFate::Applied => Kind::Effective,
    }
}

fn bucket_acl_grants(c: &Config) -> Vec<(Grantee, Permission)> {
    match &c.acl {
        None => vec![],
        Some((Acl::Canned(canned), _)) => canned_grants(*canned),
        Some((Acl::Grants(grants), _)) => grants.clone(),
    }
}

/// The bucket ACL's accesses, and its findings (BG101-BG104, BG107; policies/*.toml summaries).
fn acl_accesses(c: &Config, flags: Block, findings: &mut BTreeSet<(&'static str, Kind)>) -> Vec<Access> {
    let grants = bucket_acl_grants(c);
    let fate = acl_fate(c, flags, &grants);
    let mut out = Vec::new();
    // Engine vocabulary (policies/BG10[1-4] summaries): the canned `public-read-write` is BG101
    // alone; an explicit grant is reported by its own permission (WRITE, WRITE_ACP,
    // FULL_CONTROL: BG101/BG102; READ, READ_ACP: BG103/BG104). The grants of one finding id are
    // one finding, in effect when any of them is.
    let mut kinds: std::collections::BTreeMap<&'static str, Kind> = Default::default();
    let reported: Vec<(Grantee, Permission)> = match &c.acl {
        Some((Acl::Canned(Canned::PublicReadWrite), _)) => vec![(Grantee::AllUsers, Permission::Write)],
        _ => grants.clone(),
    };
    for &(grantee, permission) in &reported {
        let writes = matches!(
            permission,
            Permission::Write | Permission::WriteAcp | Permission::FullControl
        );
        let id = match (grantee, writes) {
            (Grantee::AllUsers, true) => "BG101",
            (Grantee::AuthenticatedUsers, true) => "BG102",
            (Grantee::AllUsers, false) => "BG103",
            (Grantee::AuthenticatedUsers, false) => "BG104",
            _ => continue,
        };
        // A canned ACL is one finding for all its grants; an explicit grant is its own.
        let group = match &c.acl {
            Some((Acl::Canned(_), _)) => grants.clone(),
            _ => vec![(grantee, permission)],
        };
        let kind = match public_acl_kind(fate, flags) {
            Kind::Effective if taken_back(c, flags, &group, false) => Kind::Ineffective,
            k => k,
        };
        kinds
            .entry(id)
            .and_modify(|k| *k = (*k).min(kind))
            .or_insert(kind);
    }
    findings.extend(kinds);
    for &(grantee, permission) in &grants {
        // BG107: a grant to another account's canonical user, reported only where it takes
        // effect (its summary), a Deny not taking it back.
        if grantee == Grantee::Partner
            && fate == AclFate::Applied
            && !taken_back(c, flags, &[(grantee, permission)], false)
        {
            findings.insert(("BG107", Kind::Effective));
        }
        let ignored = public_grantee(grantee) && flags.ignore_public_acls();
        if fate == AclFate::Applied && !ignored {
            out.extend(grant_accesses(grantee, permission, false));
        }
    }
    out
}

/// The object ACL (`aws_s3_object.acl`) and BG105. [ACL] Object permissions: READ reads the
/// object; WRITE is "not applicable" to objects, so public-read-write grants reads only.
fn object_acl_accesses(
    c: &Config,
    flags: Block,
    findings: &mut BTreeSet<(&'static str, Kind)>,
) -> Vec<Access> {
    let Some(canned) = c.object_acl else { return vec![] };
    let grants = canned_grants(canned);
    let fate = acl_fate(c, flags, &grants);
    let mut out = Vec::new();
    let public: Vec<Grantee> = grants
        .iter()
        .map(|g| g.0)
        .filter(|g| public_grantee(*g))
        .collect();
    if !public.is_empty() {
        let kind = match public_acl_kind(fate, flags) {
            Kind::Effective if taken_back(c, flags, &grants, true) => Kind::Ineffective,
            k => k,
        };
        findings.insert(("BG105", kind));
    }
    if fate == AclFate::Applied && !flags.ignore_public_acls() {
        for g in public {
            out.extend(grant_accesses(g, Permission::Read, true));
        }
    }
    out
}

/// IAM action matching: `*` matches any run of characters, case-insensitively.
fn glob(pattern: &str, name: &str) -> bool {
    fn go(p: &[u8], n: &[u8]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some((b'*', rest)) => (0..=n.len()).any(|i| go(rest, &n[i..])),
            Some((c, rest)) => n.first().is_some_and(|m| m.eq_ignore_ascii_case(c)) && go(rest, &n[1..]),
        }
    }
    go(pattern.as_bytes(), name.as_bytes())
}

/// The objects a statement's resource reaches for an operation, if any. An object operation
/// applies to object ARNs, a bucket operation to the bucket ARN; `*` is both.
fn reach(r: Resource, on_objects: bool) -> Option<Objects> {
    match (r, on_objects) {
        (Resource::Everything, _) => Some(Objects::All),
        (Resource::Bucket, false) => Some(Objects::All),
        (Resource::Objects, true) => Some(Objects::All),
        (Resource::ObjectsUnderLogs, true) => Some(Objects::Logs),
        _ => None,
    }
}

/// (operation, objects) pairs a statement's Action and Resource cover.
fn covered(s: &Statement) -> Vec<(usize, Objects)> {
    let mut out = Vec::new();
    for (i, &(name, on_objects, _)) in OPS.iter().enumerate() {
        // [EVAL] NotAction: every action but those listed.
        if s.actions.iter().any(|a| glob(a, name)) == s.not_action {
            continue;
        }
        let mut reached: Vec<Objects> = s.resources.iter().filter_map(|r| reach(*r, on_objects)).collect();
        if reached.contains(&Objects::All) {
            reached = vec![Objects::All];
        }
        reached.dedup();
        out.extend(reached.into_iter().map(|o| (i, o)));
    }
    out
}

/// Who an Allow statement reaches. [PUBLIC] A statement is public unless it grants access only
/// to fixed values of the listed keys ("An AWS principal, user, role, or service principal (e.g.
/// aws:PrincipalOrgID)", aws:SourceIp CIDRs, aws:SourceArn, aws:SourceVpc, aws:SourceVpce,
/// aws:SourceOwner, aws:SourceAccount, ...); a condition with a wildcard, an `...IfExists`
/// operator or an unrelated key (aws:SecureTransport) does not make it non-public.
/// `NotPrincipal` in an Allow is everyone but the principals it names; a list of principals is
/// each of them.
fn allow_who(s: &Statement) -> Vec<Who> {
    vec![match s.principal {
        Principal::Account(id) if id == OWNER => Who::Owner,
        Principal::Account(id) => Who::Account(id),
        Principal::TwoAccounts => return vec![Who::Account(PARTNER), Who::Account(STRANGER)],
        Principal::Service => Who::Service,
        _ => match s.condition {
            Some(Condition::Fixed(_, "aws:PrincipalOrgID", _)) => Who::Org,
            Some(Condition::Fixed(_, "aws:PrincipalAccount", id)) if id == OWNER => Who::Owner,
            Some(Condition::Fixed(_, "aws:PrincipalAccount", id)) => Who::Account(id),
            Some(Condition::Fixed(..)) => Who::Restricted,
            _ => Who::Anyone,
        },
    }]
}

/// The account `id` as a grant's `Who`.
fn account(id: &'static str) -> Who {
    if id == OWNER { Who::Owner } else { Who::Account(id) }
}

/// [EVAL] Whether a Deny statement certainly denies this access. A Deny whose condition holds
/// only for some requests (aws:SecureTransport...) leaves the others allowed; the
/// `StringNotEquals aws:PrincipalAccount <id>` Deny covers every caller outside that account,
/// anonymous ones included (the key is absent, so the negated operator matches). [IAM]
/// "NotPrincipal with Deny": the Deny holds for every principal but the one named.
fn denies_access(d: &Statement, a: &Access) -> bool {
    let who = match (d.principal, d.condition) {
        (Principal::Star | Principal::AwsStar, None) => true,
        (Principal::Star | Principal::AwsStar, Some(Condition::Outside(id))) => {
            a.who != Who::Service && a.who != account(id)
        }
        (Principal::Account(id), None) => a.who == account(id),
        (Principal::NotAccount(id), None) => a.who != account(id),
        _ => false,
    };
    who && covered(d)
        .iter()
        .any(|&(op, objects)| op == a.op && (objects == Objects::All || objects == a.objects))
}

/// The account a Deny spares: the one its `NotPrincipal` names, or the one its negated
/// `aws:PrincipalAccount` condition lets through.
fn spared(d: &Statement) -> Option<&'static str> {
    match (d.principal, d.condition) {
        (Principal::NotAccount(id), _) | (_, Some(Condition::Outside(id))) => Some(id),
        _ => None,
    }
}

/// [EVAL] What is left of an access once the Denies act: all of it when none covers it. A grant
/// to anyone (or to any account) reaches every account, so of it a covering Deny leaves the
/// account it spares, unless some Deny covers that account too.
fn after_denies(a: Access, denies: &[&Statement]) -> Vec<Access> {
    let covering: Vec<&&Statement> = denies.iter().filter(|d| denies_access(d, &a)).collect();
    if covering.is_empty() {
        return vec![a];
    }
    if !matches!(a.who, Who::Anyone | Who::AnyAccount) {
        return vec![];
    }
    let mut left: Vec<Access> = Vec::new();
    for id in covering.iter().filter_map(|d| spared(d)) {
        let kept = Access {
            who: account(id),
            ..a
        };
        if !left.contains(&kept) && !denies.iter().any(|d| denies_access(d, &kept)) {
            left.push(kept);
        }
    }
    left
}

/// The bucket policy's Allow accesses before Denies and blocks.
fn allowed(statements: &[Statement]) -> Vec<(usize, Access)> {
    let mut out = Vec::new();
    for (n, s) in statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.effect == Effect::Allow)
    {
        for who in allow_who(s) {
            out.extend(
                covered(s)
                    .into_iter()
                    .map(|(op, objects)| (n, Access { who, op, objects })),
            );
        }
    }
    out
}

/// [PUBLIC] Whether the bucket policy is public: some access by anyone survives its Denies
/// ([EVAL]; a public Allow every part of which an unconditional Deny removes grants nothing).
fn policy_is_public(c: &Config) -> bool {
    let denies: Vec<&Statement> = c.policy.iter().filter(|s| s.effect == Effect::Deny).collect();
    allowed(&c.policy)
        .iter()
        .any(|(_, a)| a.who == Who::Anyone && !denies.iter().any(|d| denies_access(d, a)))
}

/// The bucket policy's accesses once the public access block has acted, and its findings
/// (BG121, BG122, BG124).
fn policy_accesses(c: &Config, flags: Block, findings: &mut BTreeSet<(&'static str, Kind)>) -> Vec<Access> {
    let public = policy_is_public(c);
    // [BPA] BlockPublicPolicy: "reject calls to PUT Bucket policy if the specified bucket policy
    // allows public access": the whole policy is not applied.
    let rejected = public && flags.block_public_policy();
    // [BPA] RestrictPublicBuckets: a bucket with a public policy is reachable "to only AWS
    // services and authorized users within the bucket owner's account"; [PUBLIC] Example: this
    // also disables the policy's non-public cross-account statements.
    let restricted = public && flags.restrict_public_buckets();
    let denies: Vec<&Statement> = c.policy.iter().filter(|s| s.effect == Effect::Deny).collect();
    let mut out = Vec::new();
    for s in c.policy.iter().filter(|s| s.effect == Effect::Allow) {
        let accesses: Vec<Access> = allowed(std::slice::from_ref(s))
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        let surviving: Vec<Access> = accesses.iter().flat_map(|a| after_denies(*a, &denies)).collect();
        statement_findings(s, &accesses, &surviving, rejected, restricted, findings);
        if rejected {
            continue;
        }
        out.extend(
            surviving
                .into_iter()
                .filter(|a| !restricted || matches!(a.who, Who::Owner | Who::Service | Who::ViaAccessPoint)),
        );
    }
    if c.delegate && !rejected {
        out.extend(delegation());
    }
    out
}

/// [AP] "Delegating access control to access points": the bucket policy allows every action to
/// any principal when the request comes through an access point of the owner's account
/// (`s3:DataAccessPointAccount`, a fixed value: not public [PUBLIC]).
fn delegation() -> Vec<Access> {
    let s = Statement {
        effect: Effect::Allow,
        principal: Principal::AwsStar,
        actions: vec!["*"],
        not_action: false,
        resources: vec![Resource::Bucket, Resource::Objects],
        condition: None,
    };
    covered(&s)
        .into_iter()
        .map(|(op, objects)| Access {
            who: Who::ViaAccessPoint,
            op,
            objects,
        })
        .collect()
}

/// BG121 (public statement that writes), BG122 (public statement that only reads), BG124
/// (statement for an account or organization other than the trusted owner).
fn statement_findings(
    s: &Statement,
    accesses: &[Access],
    surviving: &[Access],
    rejected: bool,
    restricted: bool,
    findings: &mut BTreeSet<(&'static str, Kind)>,
) {
    if allow_who(s).contains(&Who::Anyone) && !accesses.is_empty() {
        let id = if accesses.iter().any(|a| OPS[a.op].2) {
            "BG121"
        } else {
            "BG122"
        };
        // Engine vocabulary: a statement every access of which a Deny removes is "neutralized
        // by an explicit Deny" (even in a policy S3 rejects for its other statements), like one
        // RestrictPublicBuckets makes ineffective.
        let public_left = surviving.iter().any(|a| a.who == Who::Anyone);
        let kind = if !public_left || (restricted && !rejected) {
            Kind::Ineffective
        } else if rejected {
            Kind::RejectedAtApply
        } else {
            Kind::Effective
        };
        findings.insert((id, kind));
    }
    let cross = |w: Who| matches!(w, Who::Org) || matches!(w, Who::Account(id) if id != OWNER);
    if surviving.iter().any(|a| cross(a.who)) && !rejected && !restricted {
        findings.insert(("BG124", Kind::Effective));
    }
}

/// [AP] Requests through an access point: its policy grants access only if the bucket policy
/// delegates it and no Deny of the bucket policy removes it. [BPA] The access point's own block
/// (every setting on when not written), the bucket's and the account's all apply: with
/// BlockPublicPolicy or RestrictPublicBuckets at any of the three, a public access point policy
/// gives no public access.
fn access_point_accesses(c: &Config, flags: Block, policy: &[Access]) -> Vec<Access> {
    let Some(ap) = &c.access_point else { return vec![] };
    let ap_block = ap.block.unwrap_or(Block([true; 4]));
    if ap_block.block_public_policy()
        || ap_block.restrict_public_buckets()
        || flags.block_public_policy()
        || flags.restrict_public_buckets()
    {
        return vec![];
    }
    let delegated: Vec<&Access> = policy.iter().filter(|a| a.who == Who::ViaAccessPoint).collect();
    allowed(&ap.statements)
        .into_iter()
        .map(|(_, a)| a)
        .filter(|a| a.who == Who::Anyone)
        .filter(|a| {
            delegated
                .iter()
                .any(|d| d.op == a.op && d.objects == Objects::All)
        })
        // Anyone, through the access point: the bucket policy's Denies still apply [EVAL].
        .map(|a| Access {
            who: Who::Anyone,
            ..a
        })
        .collect()
}

/// BG106 (ACLs not disabled), BG111 (no block at all), BG112 (a combined setting off), BG113
/// (an access point setting written false).
fn block_findings(c: &Config, flags: Block) -> Vec<(&'static str, Kind)> {
    let mut out = Vec::new();
    if c.ownership != Some(Ownership::BucketOwnerEnforced) {
        out.push(("BG106", Kind::Effective));
    }
    if c.bucket_block.is_none() && c.account_block.is_none() {
        out.push(("BG111", Kind::Effective));
    } else if flags.0.contains(&false) {
        out.push(("BG112", Kind::Effective));
    }
    if c.access_point
        .as_ref()
        .and_then(|ap| ap.block)
        .is_some_and(|b| b.0.contains(&false))
    {
        out.push(("BG113", Kind::Effective));
    }
    out
}

/// How many Allow statements of the bucket policy give anyone access to the bucket (before
/// Denies and blocks): the statements BG121/BG122 report.
pub fn public_statements(c: &Config) -> usize {
    c.policy
        .iter()
        .filter(|s| {
            s.effect == Effect::Allow && allow_who(s).contains(&Who::Anyone) && !covered(s).is_empty()
        })
        .count()
}
