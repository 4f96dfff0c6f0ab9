//! `data "aws_iam_policy_document"`: its statement blocks → the policy JSON text the AWS provider
//! renders as `.json`. Shared by both front ends, since sources and plans hold the same blocks.

use crate::model::Node;

/// The `json` attribute for a data source whose body is `body`: a string node holding the JSON
/// text, or Unknown when a statement part is unknown.
pub fn policy_document_json(body: &Node) -> Node {
    Node::unknown("aws_iam_policy_document is not evaluated yet", body.origin)
}
