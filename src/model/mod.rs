//! The normalized model: what both front ends produce and what policies read.

pub mod address;
pub mod arn;
pub mod bucket;
pub mod build;
pub mod iam;
pub mod json;
mod lines;
pub mod link;
pub mod node;
pub mod partial;
pub mod provider;
pub mod resource;
pub mod source;
#[cfg(test)]
mod test_nodes;
pub mod value;
pub mod wildcard;

pub use arn::BucketArn;
pub use bucket::*;
pub use node::{Node, Reason, Refs, Str, Val};
pub use resource::{Mode, Resource, placeholder_name};
pub use source::{FileId, FileKind, LineCol, Origin, SourceFile, Sources};
pub use value::Value;
