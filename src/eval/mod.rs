//! Terraform semantics for sources: variables, locals, expressions and functions.
pub mod policy_document;
