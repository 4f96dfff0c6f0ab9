//! Hand-built buckets and models for the check unit tests.

use crate::model::*;
use crate::policy::Verdict;

pub const BUCKET: &str = "aws_s3_bucket.b";

/// A distinct origin per number, so tests can tell which location a finding points at.
pub fn o(n: u32) -> Origin {
    Origin {
        file: FileId(0),
        start: n * 10,
        end: n * 10 + 5,
    }
}

pub fn set<T>(v: T, n: u32) -> Value<T> {
    Value::Set(v, o(n))
}

pub fn unknown<T>(n: u32) -> Value<T> {
    Value::Unknown("var.x has no value".into(), o(n))
}

/// `aws_s3_bucket.b` named "my-bucket" at origin o(0), with nothing configured.
pub fn bucket() -> Bucket {
    Bucket::new(BUCKET.into(), ".".into(), set("my-bucket".into(), 1), o(0))
}

pub fn canned_acl(value: Value<String>) -> Acl {
    Acl {
        owner_id: None,
        address: "aws_s3_bucket_acl.b".into(),
        origin: o(2),
        canned: Some(value),
        grants: Vec::new(),
    }
}

pub fn grant_acl(grants: Vec<(Value<Grantee>, Value<String>, u32)>) -> Acl {
    Acl {
        owner_id: None,
        address: "aws_s3_bucket_acl.b".into(),
        origin: o(2),
        canned: None,
        grants: grants
            .into_iter()
            .map(|(grantee, permission, n)| Grant {
                grantee,
                permission,
                origin: o(n),
            })
            .collect(),
    }
}

pub fn pab(flags: [Value<bool>; 4], address: &str, n: u32) -> PublicAccessBlock {
    let [a, b, c, d] = flags;
    PublicAccessBlock {
        address: address.into(),
        origin: o(n),
        block_public_acls: a,
        block_public_policy: b,
        ignore_public_acls: c,
        restrict_public_buckets: d,
    }
}

/// A bucket policy from JSON, `policy` argument at o(5).
pub fn policy(doc: serde_json::Value) -> BucketPolicy {
    let size = doc.to_string().len();
    BucketPolicy::new("aws_s3_bucket_policy.b".into(), o(4), set(doc, 5), Some(size))
}

pub fn unknown_policy() -> BucketPolicy {
    BucketPolicy::new("aws_s3_bucket_policy.b".into(), o(4), unknown(5), None)
}

pub fn model() -> Model {
    Model::default()
}

pub fn fail_origin(v: &Verdict) -> Origin {
    match v {
        Verdict::Fail(f) => f.origin,
        other => panic!("expected Fail, got {other:?}"),
    }
}

pub fn fail_message(v: &Verdict) -> String {
    match v {
        Verdict::Fail(f) => f.message.clone(),
        other => panic!("expected Fail, got {other:?}"),
    }
}

pub fn is_pass(v: &Verdict) -> bool {
    matches!(v, Verdict::Pass)
}

pub fn undecided_origin(v: &Verdict) -> Origin {
    match v {
        Verdict::Undecided { origin, .. } => *origin,
        other => panic!("expected Undecided, got {other:?}"),
    }
}
