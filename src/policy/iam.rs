//! Reading IAM policy documents: statements, principals, actions, conditions.
