//! The generated bucket configuration: what the reference model decides on and what `render`
//! writes as Terraform. Only the pieces the model covers; every value is known (no variables).

/// The scanned bucket and its owner (listed with `--trusted-account`, so access by the owner's
/// account is not cross-account exposure).
pub const BUCKET: &str = "refmodel-b";
pub const OWNER: &str = "111122223333";
/// Two other accounts, so that a Deny for one of them leaves the other's access.
pub const PARTNER: &str = "444455556666";
pub const STRANGER: &str = "555566667777";
/// Canonical user ids: the owner's (named in `access_control_policy { owner }`) and another
/// account's.
pub const OWNER_CANONICAL: &str = "0wner0canonical0id0000000000000000000000000000000000000000000000";
pub const PARTNER_CANONICAL: &str = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

/// Canned ACLs a bucket or object can be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Canned {
    Private,
    PublicRead,
    PublicReadWrite,
    AuthenticatedRead,
    LogDeliveryWrite,
}

impl Canned {
    pub fn as_str(self) -> &'static str {
        match self {
            Canned::Private => "private",
            Canned::PublicRead => "public-read",
            Canned::PublicReadWrite => "public-read-write",
            Canned::AuthenticatedRead => "authenticated-read",
            Canned::LogDeliveryWrite => "log-delivery-write",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grantee {
    AllUsers,
    AuthenticatedUsers,
    LogDelivery,
    /// Another account's canonical user.
    Partner,
    /// The owner's canonical user (only where `access_control_policy { owner }` names it).
    Owner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    Read,
    Write,
    ReadAcp,
    WriteAcp,
    FullControl,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "READ",
            Permission::Write => "WRITE",
            Permission::ReadAcp => "READ_ACP",
            Permission::WriteAcp => "WRITE_ACP",
            Permission::FullControl => "FULL_CONTROL",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Acl {
    Canned(Canned),
    Grants(Vec<(Grantee, Permission)>),
}

/// Where a setting is written: on `aws_s3_bucket` itself (provider v3 style) or in its own
/// `aws_s3_bucket_*` resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Inline,
    Separate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Principal {
    /// `"*"`
    Star,
    /// `{"AWS": "*"}`
    AwsStar,
    /// `{"AWS": [<owner root>, "*"]}`: a list holding `*` is everyone.
    ListWithStar,
    /// `NotPrincipal: {"AWS": "arn:aws:iam::<id>:root"}`: everyone but that account.
    NotAccount(&'static str),
    /// `{"AWS": "arn:aws:iam::<id>:root"}`
    Account(&'static str),
    /// `{"AWS": [<partner root>, <stranger root>]}`: two other accounts.
    TwoAccounts,
    /// `{"Service": "cloudtrail.amazonaws.com"}`
    Service,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Bucket,
    /// `<bucket>/*`
    Objects,
    /// `<bucket>/logs/*`: some objects.
    ObjectsUnderLogs,
    Everything,
}

/// A statement's `Condition`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Operator, key, value: a fixed value of a key "The meaning of public" lists.
    Fixed(&'static str, &'static str, &'static str),
    /// Operator, key, value: a condition that does not pin the caller to fixed values.
    Loose(&'static str, &'static str, &'static str),
    /// `StringNotEquals aws:PrincipalAccount <id>` (a Deny for everyone outside that account).
    Outside(&'static str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub effect: Effect,
    pub principal: Principal,
    pub actions: Vec<&'static str>,
    /// `NotAction` instead of `Action`: every action but those listed.
    pub not_action: bool,
    pub resources: Vec<Resource>,
    pub condition: Option<Condition>,
}

/// [block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Block(pub [bool; 4]);

impl Block {
    pub fn block_public_acls(self) -> bool {
        self.0[0]
    }
    pub fn block_public_policy(self) -> bool {
        self.0[1]
    }
    pub fn ignore_public_acls(self) -> bool {
        self.0[2]
    }
    pub fn restrict_public_buckets(self) -> bool {
        self.0[3]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ownership {
    BucketOwnerEnforced,
    BucketOwnerPreferred,
    ObjectWriter,
}

impl Ownership {
    pub fn as_str(self) -> &'static str {
        match self {
            Ownership::BucketOwnerEnforced => "BucketOwnerEnforced",
            Ownership::BucketOwnerPreferred => "BucketOwnerPreferred",
            Ownership::ObjectWriter => "ObjectWriter",
        }
    }
}

/// An `aws_s3_access_point` of the bucket: its block (`None`: not written, all four default to
/// on) and its policy's statements (Allow, on the access point's objects).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessPoint {
    pub block: Option<Block>,
    pub statements: Vec<Statement>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub acl: Option<(Acl, Style)>,
    pub object_acl: Option<Canned>,
    pub policy: Vec<Statement>,
    pub policy_style: Style,
    /// The bucket policy also delegates access control to the owner's access points
    /// (`StringEquals s3:DataAccessPointAccount <owner>`).
    pub delegate: bool,
    pub bucket_block: Option<Block>,
    pub account_block: Option<Block>,
    pub ownership: Option<Ownership>,
    pub access_point: Option<AccessPoint>,
}
