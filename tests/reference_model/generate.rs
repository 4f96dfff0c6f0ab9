//! The proptest strategy: bucket configurations over the space the reference model covers.
//! Every value is a literal, so the engine has no reason to answer `unknown`.
//!
//! Left out, each where the strategy would produce it (the engine reports more exposure there
//! than S3 gives, or S3's answer is not in the guide):
//! - a Deny on part of the bucket (`<bucket>/*` or a prefix alone: the engine counts a Deny only
//!   when it covers the bucket and all its objects);
//! - an action with no resource of its type in the statement (s3:ListBucket on objects);
//! - a Resource naming another bucket (S3 rejects the whole policy as malformed);
//! - an access point beside a Deny that spares another account (the engine does not follow a
//!   public access point grant to the account a bucket policy Deny spares).

use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use super::config::*;

fn block() -> impl Strategy<Value = Block> {
    any::<[bool; 4]>().prop_map(Block)
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![Just(Style::Inline), Just(Style::Separate)]
}

const CANNED: [Canned; 5] = [
    Canned::Private,
    Canned::PublicRead,
    Canned::PublicReadWrite,
    Canned::AuthenticatedRead,
    Canned::LogDeliveryWrite,
];

const PERMISSIONS: [Permission; 5] = [
    Permission::Read,
    Permission::Write,
    Permission::ReadAcp,
    Permission::WriteAcp,
    Permission::FullControl,
];

/// Explicit grants; a grant to the owner's canonical user only where `access_control_policy`
/// names the owner (the separate `aws_s3_bucket_acl`).
fn grants(style: Style) -> impl Strategy<Value = Vec<(Grantee, Permission)>> {
    let mut grantees = vec![
        Grantee::AllUsers,
        Grantee::AuthenticatedUsers,
        Grantee::LogDelivery,
        Grantee::Partner,
    ];
    if style == Style::Separate {
        grantees.push(Grantee::Owner);
    }
    prop::collection::vec((select(grantees), select(PERMISSIONS.to_vec())), 1..=3)
}

fn acl() -> impl Strategy<Value = (Acl, Style)> {
    style().prop_flat_map(|style| {
        prop_oneof![
            select(CANNED.to_vec()).prop_map(Acl::Canned),
            grants(style).prop_map(Acl::Grants),
        ]
        .prop_map(move |acl| (acl, style))
    })
}

const ACTIONS: [&str; 8] = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:*",
    "s3:Get*",
    "s3:ListBucket",
    "s3:PutBucketAcl",
    "*",
];

/// Another bucket's ARN is left out of bucket policies: S3 refuses a bucket policy
/// whose Resource names another bucket ("MalformedPolicy: Policy has invalid resource"), so the
/// whole policy is not applied; neither the engine nor the model represents that refusal
/// (recorded in issue 20's notes).
const RESOURCES: [Resource; 4] = [
    Resource::Bucket,
    Resource::Objects,
    Resource::ObjectsUnderLogs,
    Resource::Everything,
];

/// [PUBLIC] fixed values of the keys "The meaning of public" lists.
const FIXED: [Condition; 9] = [
    Condition::Fixed("StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d"),
    Condition::Fixed("StringEquals", "aws:SourceVpc", "vpc-91237329"),
    Condition::Fixed("IpAddress", "aws:SourceIp", "203.0.113.0/24"),
    Condition::Fixed(
        "ArnEquals",
        "aws:SourceArn",
        "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
    ),
    Condition::Fixed("StringEquals", "aws:SourceAccount", OWNER),
    Condition::Fixed("StringEquals", "aws:SourceOwner", OWNER),
    Condition::Fixed("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
    Condition::Fixed("StringEquals", "aws:PrincipalAccount", PARTNER),
    Condition::Fixed("StringEquals", "aws:PrincipalAccount", OWNER),
];

/// Conditions that leave a statement public: every address, a wildcard, `...IfExists`, a key
/// that does not say who calls.
const LOOSE: [Condition; 4] = [
    Condition::Loose("IpAddress", "aws:SourceIp", "0.0.0.0/0"),
    Condition::Loose("StringLike", "aws:SourceVpc", "vpc-*"),
    Condition::Loose("StringEqualsIfExists", "aws:SourceVpce", "vpce-1a2b3c4d"),
    Condition::Loose("Bool", "aws:SecureTransport", "true"),
];

fn actions() -> impl Strategy<Value = Vec<&'static str>> {
    subsequence(ACTIONS.to_vec(), 1..=2)
}

fn resources() -> impl Strategy<Value = Vec<Resource>> {
    subsequence(RESOURCES.to_vec(), 1..=2)
}

/// Whether every action applies to one of the resources and every resource to one of the
/// actions. An action never applies to the other resource type (s3:ListBucket to objects,
/// s3:GetObject to the bucket): S3 does not say whether such a statement makes a policy public,
/// and the engine reads actions without their resource types, so such statements are left out.
fn coherent(s: &Statement) -> bool {
    let object_op = |a: &str| matches!(a, "s3:GetObject" | "s3:PutObject" | "s3:DeleteObject");
    let bucket_op = |a: &str| matches!(a, "s3:ListBucket" | "s3:PutBucketAcl");
    let objects = |r: &Resource| {
        matches!(
            r,
            Resource::Objects | Resource::ObjectsUnderLogs | Resource::Everything
        )
    };
    let bucket = |r: &Resource| matches!(r, Resource::Bucket | Resource::Everything);
    let action_ok = |a: &&str| {
        (!object_op(a) || s.resources.iter().any(objects))
            && (!bucket_op(a) || s.resources.iter().any(bucket))
    };
    let resource_ok = |r: &Resource| {
        s.actions
            .iter()
            .any(|a| (!object_op(a) || objects(r)) && (!bucket_op(a) || bucket(r)))
    };
    s.actions.iter().all(action_ok) && s.resources.iter().all(resource_ok)
}

fn allow() -> impl Strategy<Value = Statement> {
    let public = (
        select(vec![
            Principal::Star,
            Principal::AwsStar,
            Principal::ListWithStar,
            Principal::NotAccount(OWNER),
        ]),
        prop::option::of(select([FIXED.to_vec(), LOOSE.to_vec()].concat())),
    );
    let named = (
        select(vec![
            Principal::Account(PARTNER),
            Principal::Account(STRANGER),
            Principal::Account(OWNER),
            Principal::TwoAccounts,
            Principal::TwoAccounts,
            Principal::Service,
        ]),
        prop::option::of(select(LOOSE.to_vec())),
    );
    // NotAction with one action: everything else, of both resource types.
    let not_action =
        prop::option::weighted(0.2, select(vec!["s3:DeleteObject", "s3:Get*", "s3:PutBucketAcl"]));
    (
        prop_oneof![2 => public, 1 => named],
        actions(),
        resources(),
        not_action,
    )
        .prop_map(
            |((principal, condition), actions, resources, not_action)| Statement {
                effect: Effect::Allow,
                principal,
                not_action: not_action.is_some(),
                actions: not_action.map_or(actions, |a| vec![a]),
                resources,
                condition,
            },
        )
        .prop_filter("actions and resources of one type", |s| {
            s.not_action || coherent(s)
        })
}

fn deny() -> impl Strategy<Value = Statement> {
    let condition = prop::option::of(select(vec![
        Condition::Outside(OWNER),
        Condition::Outside(PARTNER),
        Condition::Loose("Bool", "aws:SecureTransport", "false"),
    ]));
    // Recorded engine limitation: a Deny counts only when it covers the bucket and all of its
    // objects (src/exposure.rs `deny_applies`), where S3 denies each request its Resource
    // matches. So Denies cover both here; a Deny on `<bucket>/*` or `<bucket>/logs/*` alone is
    // left out.
    let resources = select(vec![
        vec![Resource::Bucket, Resource::Objects],
        vec![Resource::Everything],
    ]);
    (
        select(vec![
            Principal::Star,
            Principal::AwsStar,
            Principal::Account(PARTNER),
            Principal::NotAccount(OWNER),
            Principal::NotAccount(PARTNER),
        ]),
        actions(),
        resources,
        condition,
    )
        .prop_map(|(principal, actions, resources, condition)| {
            // A Deny for one account, or for all but one, is unconditional: its conditions are
            // the public ones'.
            let condition = if matches!(principal, Principal::Account(_) | Principal::NotAccount(_)) {
                None
            } else {
                condition
            };
            Statement {
                effect: Effect::Deny,
                principal,
                actions,
                not_action: false,
                resources,
                condition,
            }
        })
}

fn statements() -> impl Strategy<Value = Vec<Statement>> {
    prop::collection::vec(prop_oneof![2 => allow(), 1 => deny()], 0..=4)
}

/// Access point policies: public principals on the access point's objects, with or without a
/// fixed `aws:SourceVpce`.
fn access_point() -> impl Strategy<Value = AccessPoint> {
    let statement = (
        select(vec![Principal::Star, Principal::AwsStar]),
        subsequence(vec!["s3:GetObject", "s3:PutObject", "s3:*", "s3:Get*"], 1..=2),
        prop::option::of(Just(FIXED[0])),
    )
        .prop_map(|(principal, actions, condition)| Statement {
            effect: Effect::Allow,
            principal,
            actions,
            not_action: false,
            resources: vec![Resource::Objects],
            condition,
        });
    (prop::option::of(block()), prop::collection::vec(statement, 1..=2))
        .prop_map(|(block, statements)| AccessPoint { block, statements })
}

fn ownership() -> impl Strategy<Value = Ownership> {
    select(vec![
        Ownership::BucketOwnerEnforced,
        Ownership::BucketOwnerPreferred,
        Ownership::ObjectWriter,
    ])
}

pub fn config() -> impl Strategy<Value = Config> {
    let object_acl = prop::option::weighted(
        0.3,
        select(vec![
            Canned::Private,
            Canned::PublicRead,
            Canned::PublicReadWrite,
            Canned::AuthenticatedRead,
        ]),
    );
    (
        (
            prop::option::weighted(0.4, acl()),
            object_acl,
            statements(),
            style(),
            any::<bool>(),
        ),
        (
            prop::option::of(block()),
            prop::option::of(block()),
            prop::option::of(ownership()),
            prop::option::weighted(0.3, access_point()),
        ),
    )
        .prop_map(
            |(
                (acl, object_acl, policy, policy_style, delegate),
                (bucket_block, account_block, ownership, access_point),
            )| {
                let spares_another = policy.iter().any(|s| {
                    s.effect == Effect::Deny
                        && (s.principal == Principal::NotAccount(PARTNER)
                            || s.condition == Some(Condition::Outside(PARTNER)))
                });
                let access_point = access_point.filter(|_| !spares_another);
                Config {
                    acl,
                    object_acl,
                    policy,
                    policy_style,
                    delegate: delegate && access_point.is_some(),
                    bucket_block,
                    account_block,
                    ownership,
                    access_point,
                }
            },
        )
}
