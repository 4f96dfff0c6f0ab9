//! One evaluated resource instance, as both front ends produce it.

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
}
