//! One evaluated resource instance, as both front ends produce it.
//!
//! The contract every front end keeps, so `model::build` never knows which input it reads:
//! - `body` is a map of the provider schema's attribute names (the names in plan `values`).
//! - Nested blocks are lists of maps, one map per block, each with the block header as origin.
//! - An argument the configuration does not write is absent (a plan's computed-but-unset
//!   attributes too); a written argument whose value cannot be known is `Val::Unknown`.
//! - `refs` on a node lists the resource instances the value was derived from, as full instance
//!   addresses (`module.m.aws_s3_bucket.b[0]`, `data.aws_iam_policy_document.p`), for linking.
//! - A bucket's `id`/`bucket`/`arn` whose name is not known evaluates to a string built from
//!   [`placeholder_name`], so policy `Resource` entries still match the bucket they name.
//! - Policy arguments (`policy`) are JSON text, as Terraform would send them.

/// The stand-in for a bucket name the scanner cannot know (generated, or from an unknown value):
/// `${aws_s3_bucket.b}`. It never matches a real name, and `model::build` uses the same string.
pub fn placeholder_name(address: &str) -> String {
    format!("${{{address}}}")
}

use super::node::Node;
use super::source::Origin;

/// The resource types that create a bucket: a general purpose bucket, and a directory bucket
/// (S3 Express One Zone), whose `id` and `bucket` are its name too.
pub const BUCKET_TYPES: &[&str] = &["aws_s3_bucket", "aws_s3_directory_bucket"];

/// Provider knowledge in one table: the resource types that take a `bucket` argument naming the
/// bucket they configure (AWS provider v4+ separate resources). For every one of them the
/// `bucket` attribute is that bucket's name.
pub const CONFIGURES_BUCKET: &[&str] = &[
    "aws_s3_bucket_accelerate_configuration",
    "aws_s3_bucket_acl",
    "aws_s3_bucket_analytics_configuration",
    "aws_s3_bucket_cors_configuration",
    "aws_s3_bucket_intelligent_tiering_configuration",
    "aws_s3_bucket_inventory",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_logging",
    "aws_s3_bucket_metric",
    "aws_s3_bucket_notification",
    "aws_s3_bucket_object_lock_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_replication_configuration",
    "aws_s3_bucket_request_payment_configuration",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_website_configuration",
    "aws_s3_object",
    "aws_s3_bucket_object",
    "aws_s3_object_copy",
    "aws_s3_access_point",
];

pub use super::address::{after_modules, resource_type};

/// Whether `TYPE.x.id` of a resource in [`CONFIGURES_BUCKET`] is its bucket's name, given which
/// arguments its configuration writes. The provider's id is the bucket name, joined with
/// `,expected_bucket_owner` when that is set (and `,acl` for an ACL); analytics, inventory,
/// metrics and intelligent tiering ids add `:name`; objects and access points have ids of their
/// own.
pub fn id_is_bucket(rtype: &str, written: impl Fn(&str) -> bool) -> bool {
    match rtype {
        "aws_s3_directory_bucket"
        | "aws_s3_bucket_policy"
        | "aws_s3_bucket_public_access_block"
        | "aws_s3_bucket_ownership_controls"
        | "aws_s3_bucket_notification"
        | "aws_s3_bucket_replication_configuration" => true,
        "aws_s3_bucket_acl" => !written("expected_bucket_owner") && !written("acl"),
        "aws_s3_bucket_accelerate_configuration"
        | "aws_s3_bucket_cors_configuration"
        | "aws_s3_bucket_lifecycle_configuration"
        | "aws_s3_bucket_logging"
        | "aws_s3_bucket_object_lock_configuration"
        | "aws_s3_bucket_request_payment_configuration"
        | "aws_s3_bucket_server_side_encryption_configuration"
        | "aws_s3_bucket_versioning"
        | "aws_s3_bucket_website_configuration" => !written("expected_bucket_owner"),
        _ => false,
    }
}

/// Whether a reference to a resource of this type, in another resource's `bucket` argument,
/// names the bucket it configures. Plans drop the attribute a reference reads, so linking
/// follows such references whatever attribute they read: `bucket` is the name, and an `id`
/// that is not (it adds `,owner`, `,acl` or `:name`) is no valid bucket name, so Terraform could
/// not apply it.
/// Objects and access points are left out: their ids are keys and names of their own.
pub fn names_its_bucket(rtype: &str) -> bool {
    CONFIGURES_BUCKET.contains(&rtype)
        && !matches!(
            rtype,
            "aws_s3_object" | "aws_s3_bucket_object" | "aws_s3_object_copy" | "aws_s3_access_point"
        )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Managed,
    Data,
}

#[derive(Clone, Debug)]
pub struct Resource {
    /// Full instance address: `module.a["x"].aws_s3_bucket.b["k"]`, `data.aws_iam_policy_document.p`.
    pub address: String,
    /// Module instance path (`module.a["x"]`), empty for the root module.
    pub module: String,
    pub mode: Mode,
    /// Resource type, `aws_s3_bucket`.
    pub rtype: String,
    /// Resource name, `b`.
    pub name: String,
    /// The attributes: a map node (nested blocks are lists of maps).
    pub body: Node,
    /// The block header (`resource "aws_s3_bucket" "b"`) or, for plans, the address in the plan.
    pub origin: Origin,
    /// Identifies the root module this came from (a directory or a plan file), so that buckets
    /// in different roots with the same address stay apart.
    pub root: String,
    /// The module calls this instance sits in, outermost first: (`module.a["x"]`, the
    /// `module "a"` block header). Empty in the root module and for plans without sources.
    pub module_calls: Vec<(String, Origin)>,
    /// For a plan resource mapped to its source: where the plan lists it (its origin is the
    /// source then). None otherwise.
    pub planned: Option<Origin>,
    /// The text of the `bucket` argument's expression, when it configures a bucket whose name
    /// is not known and the front end has the text (sources): the key of the bucket outside
    /// the scan it configures.
    pub bucket_expr: Option<Box<str>>,
}
