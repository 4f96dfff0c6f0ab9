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
}
