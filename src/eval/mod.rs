//! Terraform semantics for sources: variables, locals, expressions and functions.
