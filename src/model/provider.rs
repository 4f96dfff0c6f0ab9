//! What the AWS provider accepts for the S3 settings the model reads, and what it rejects.
//!
//! Observed with `terraform validate`/`plan` (Terraform 1.11, hashicorp/aws 5.100): every value
//! outside these lists, and every missing required argument, is an error before any API call, so
//! such a configuration never applies and never appears in a plan. The model reads such a
//! setting as Unknown with the reason ("terraform will reject this: ..."), never as a valid
//! value, and [`validate`] reports it as an input error at the value (or the block missing it).

use super::node::{Node, Val};
use super::resource::Resource;
use super::source::Origin;
use super::value::Value;

/// An argument's allowed values (case-sensitive, as the provider checks them).
pub struct Enum {
    pub arg: &'static str,
    pub values: &'static [&'static str],
}

pub const SSE_ALGORITHM: Enum = Enum {
    arg: "sse_algorithm",
    values: &["AES256", "aws:kms", "aws:kms:dsse"],
};
/// `acl` of `aws_s3_bucket` and `aws_s3_bucket_acl` (bucket-owner-* are object-only).
pub const BUCKET_ACL: Enum = Enum {
    arg: "acl",
    values: &[
        "private",
        "public-read",
        "public-read-write",
        "authenticated-read",
        "aws-exec-read",
        "log-delivery-write",
    ],
};
/// `acl` of `aws_s3_object` and `aws_s3_bucket_object` (log-delivery-write is bucket-only).
pub const OBJECT_ACL: Enum = Enum {
    arg: "acl",
    values: &[
        "private",
        "public-read",
        "public-read-write",
        "authenticated-read",
        "aws-exec-read",
        "bucket-owner-read",
        "bucket-owner-full-control",
    ],
};
pub const OBJECT_OWNERSHIP: Enum = Enum {
    arg: "object_ownership",
    values: &["BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"],
};
pub const VERSIONING_STATUS: Enum = Enum {
    arg: "status",
    values: &["Enabled", "Suspended", "Disabled"],
};
pub const MFA_DELETE: Enum = Enum {
    arg: "mfa_delete",
    values: &["Enabled", "Disabled"],
};
/// `permission` of an `aws_s3_bucket_acl` grant.
pub const PERMISSION: Enum = Enum {
    arg: "permission",
    values: &["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"],
};
/// `permissions` of an inline `aws_s3_bucket` grant: the same values, one per list element.
pub const PERMISSIONS: Enum = Enum {
    arg: "permissions",
    values: PERMISSION.values,
};
/// `type` of an `aws_s3_bucket_acl` grantee.
pub const GRANTEE_TYPE: Enum = Enum {
    arg: "type",
    values: &["CanonicalUser", "AmazonCustomerByEmail", "Group"],
};
/// `type` of an inline `aws_s3_bucket` grant: no e-mail grantees.
pub const INLINE_GRANTEE_TYPE: Enum = Enum {
    arg: "type",
    values: &["CanonicalUser", "Group"],
};

/// What every reason and input error about a rejected configuration starts with.
pub const REJECTED: &str = "terraform will reject this";

/// `block.arg` checked against `allowed`: a known value outside it is Unknown with the reason;
/// `None` when the argument is absent (or the block itself is not known).
pub fn optional(block: &Node, allowed: &Enum) -> Option<Value<String>> {
    block.get(allowed.arg).map(|n| checked(n, allowed))
}

/// A required `block.arg` checked against `allowed`; absent from a known block, it is Unknown
/// (at the block) with the reason.
pub fn required(block: &Node, allowed: &Enum) -> Value<String> {
    match block.get(allowed.arg) {
        Some(n) => checked(n, allowed),
        None => missing(block, allowed.arg),
    }
}

/// The Unknown for a required argument `arg` that `block` does not set: rejected when the block
/// is known, else the block's own reason.
pub fn missing<T>(block: &Node, arg: &str) -> Value<T> {
    match &block.val {
        Val::Unknown(reason) => Value::Unknown(reason.to_string(), block.origin),
        _ => Value::Unknown(missing_reason(arg), block.origin),
    }
}

fn missing_reason(arg: &str) -> String {
    format!("{REJECTED}: the argument {arg} is required")
}

/// A value node checked against `allowed` (numbers and booleans as Terraform converts them).
pub fn checked(n: &Node, allowed: &Enum) -> Value<String> {
    let s = match &n.val {
        Val::Str(s) => s.clone(),
        Val::Bool(b) => b.to_string().into(),
        Val::Number(x) => super::node::number_to_json(*x).to_string().into(),
        Val::Unknown(reason) => return Value::Unknown(reason.to_string(), n.origin),
        Val::Partial(p) => return Value::Unknown(p.reason.to_string(), n.origin),
        // A known list or object where a string is required: Terraform cannot convert it.
        Val::List(_) | Val::Map(_) => {
            let what = if matches!(n.val, Val::List(_)) {
                "list"
            } else {
                "object"
            };
            return Value::Unknown(
                format!("{REJECTED}: {} must be a string, not a {what}", allowed.arg),
                n.origin,
            );
        }
        _ => return Value::Unknown("not a string".into(), n.origin),
    };
    if allowed.values.contains(&s.as_str()) {
        Value::Set(s.to_string(), n.origin)
    } else {
        Value::Unknown(invalid_reason(allowed, &s), n.origin)
    }
}

fn invalid_reason(allowed: &Enum, got: &str) -> String {
    format!(
        "{REJECTED}: {} must be one of {}, not {got:?}",
        allowed.arg,
        allowed.values.join(", ")
    )
}

/// A configuration Terraform rejects, at the value or the block that lacks a required argument.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rejected {
    pub origin: Origin,
    pub message: String,
}

/// What a rule checks: `path` descends through nested blocks from the resource body.
struct Rule {
    path: &'static [&'static str],
    check: Check,
}

enum Check {
    OneOf(&'static Enum),
    RequiredOneOf(&'static Enum),
    /// A required list whose every element is one of the values.
    RequiredEachOf(&'static Enum),
    Required(&'static str),
}

const fn rule(path: &'static [&'static str], check: Check) -> Rule {
    Rule { path, check }
}

const SSE_PATH: &[&str] = &["rule", "apply_server_side_encryption_by_default"];
const INLINE_SSE_PATH: &[&str] = &[
    "server_side_encryption_configuration",
    "rule",
    "apply_server_side_encryption_by_default",
];

use Check::*;
const BUCKET: &[Rule] = &[
    rule(&[], OneOf(&BUCKET_ACL)),
    rule(INLINE_SSE_PATH, RequiredOneOf(&SSE_ALGORITHM)),
    rule(&["grant"], RequiredOneOf(&INLINE_GRANTEE_TYPE)),
    rule(&["grant"], RequiredEachOf(&PERMISSIONS)),
];
const ACL: &[Rule] = &[
    rule(&[], OneOf(&BUCKET_ACL)),
    rule(&["access_control_policy", "grant"], RequiredOneOf(&PERMISSION)),
    rule(
        &["access_control_policy", "grant", "grantee"],
        RequiredOneOf(&GRANTEE_TYPE),
    ),
];
const OWNERSHIP: &[Rule] = &[rule(&["rule"], RequiredOneOf(&OBJECT_OWNERSHIP))];
const ENCRYPTION: &[Rule] = &[rule(SSE_PATH, RequiredOneOf(&SSE_ALGORITHM))];
const VERSIONING: &[Rule] = &[
    rule(&["versioning_configuration"], RequiredOneOf(&VERSIONING_STATUS)),
    rule(&["versioning_configuration"], OneOf(&MFA_DELETE)),
];
const POLICY: &[Rule] = &[rule(&[], Required("policy"))];
const OBJECT: &[Rule] = &[rule(&[], OneOf(&OBJECT_ACL)), rule(&[], Required("key"))];

/// The rules of each resource type the model reads settings from.
fn rules(rtype: &str) -> &'static [Rule] {
    match rtype {
        "aws_s3_bucket" => BUCKET,
        "aws_s3_bucket_acl" => ACL,
        "aws_s3_bucket_ownership_controls" => OWNERSHIP,
        "aws_s3_bucket_server_side_encryption_configuration" => ENCRYPTION,
        "aws_s3_bucket_versioning" => VERSIONING,
        "aws_s3_bucket_policy" => POLICY,
        "aws_s3_object" | "aws_s3_bucket_object" | "aws_s3_object_copy" => OBJECT,
        _ => &[],
    }
}

/// Every value of `r` outside the provider's enums and every required argument it lacks.
/// Unknown values and blocks are not judged.
pub fn validate(r: &Resource) -> Vec<Rejected> {
    let mut out = Vec::new();
    // Every resource that configures a bucket names it (`bucket` is required by each of them).
    if super::resource::CONFIGURES_BUCKET.contains(&r.rtype.as_str())
        && matches!(r.body.val, Val::Map(_))
        && r.body.get("bucket").is_none()
    {
        out.push(Rejected {
            origin: r.origin,
            message: missing_reason("bucket"),
        });
    }
    for rule in rules(&r.rtype) {
        let mut blocks = vec![&r.body];
        for key in rule.path {
            blocks = blocks.into_iter().flat_map(|b| b.blocks(key)).collect();
        }
        for block in blocks.into_iter().filter(|b| matches!(b.val, Val::Map(_))) {
            let values: Vec<Value<String>> = match &rule.check {
                Check::OneOf(e) => optional(block, e).into_iter().collect(),
                Check::RequiredOneOf(e) => vec![required(block, e)],
                Check::RequiredEachOf(e) => match block.get(e.arg) {
                    Some(list) => list.as_list().iter().map(|n| checked(n, e)).collect(),
                    None => vec![missing(block, e.arg)],
                },
                Check::Required(arg) => match block.get(arg) {
                    Some(_) => Vec::new(),
                    None => vec![missing(block, arg)],
                },
            };
            out.extend(values.into_iter().filter_map(|v| match v {
                Value::Unknown(message, origin) if message.starts_with(REJECTED) => {
                    Some(Rejected { origin, message })
                }
                _ => None,
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_nodes::*;

    /// A resource with this body, naming its bucket where the type needs one.
    fn res(rtype: &str, mut body: Node) -> Resource {
        if let Val::Map(m) = &mut body.val
            && !m.contains_key("bucket")
            && rtype != "aws_s3_bucket"
        {
            m.insert("bucket".into(), s("b", 99));
        }
        without_bucket(rtype, body)
    }

    fn without_bucket(rtype: &str, body: Node) -> Resource {
        resource(rtype, "x", body)
    }

    fn messages(r: &Resource) -> Vec<(u32, String)> {
        validate(r)
            .into_iter()
            .map(|x| (x.origin.start, x.message))
            .collect()
    }

    #[test]
    fn values_outside_the_enum_are_rejected_at_the_value() {
        // The provider's StringInSlice checks are case-sensitive: "aes256" is rejected too.
        let sse = |alg: &str| {
            res(
                "aws_s3_bucket_server_side_encryption_configuration",
                map(
                    vec![(
                        "rule",
                        list(
                            vec![map(
                                vec![(
                                    "apply_server_side_encryption_by_default",
                                    list(vec![map(vec![("sse_algorithm", s(alg, 3))], 2)], 2),
                                )],
                                1,
                            )],
                            1,
                        ),
                    )],
                    0,
                ),
            )
        };
        assert_eq!(
            messages(&sse("metallica")),
            [(
                3,
                "terraform will reject this: sse_algorithm must be one of AES256, aws:kms, aws:kms:dsse, \
                 not \"metallica\""
                    .to_string()
            )]
        );
        assert_eq!(messages(&sse("aes256")).len(), 1);
        // A list is no string: Terraform's type conversion rejects it before the enum check.
        let acl = res(
            "aws_s3_bucket_acl",
            map(vec![("acl", list(vec![s("private", 2)], 1))], 0),
        );
        assert_eq!(
            messages(&acl),
            [(
                1,
                "terraform will reject this: acl must be a string, not a list".to_string()
            )]
        );
        assert!(messages(&sse("aws:kms:dsse")).is_empty());
    }

    #[test]
    fn missing_required_arguments_are_rejected_at_their_block() {
        let versioning = res(
            "aws_s3_bucket_versioning",
            map(
                vec![(
                    "versioning_configuration",
                    list(vec![map(vec![("mfa_delete", s("Disabled", 5))], 4)], 4),
                )],
                0,
            ),
        );
        assert_eq!(
            messages(&versioning),
            [(
                4,
                "terraform will reject this: the argument status is required".to_string()
            )]
        );
        let policy = res("aws_s3_bucket_policy", map(vec![("bucket", s("b", 1))], 0));
        assert_eq!(messages(&policy)[0].0, 0);
        let ownership = res(
            "aws_s3_bucket_ownership_controls",
            map(vec![("rule", list(vec![map(vec![], 7)], 7))], 0),
        );
        assert_eq!(messages(&ownership)[0].0, 7);
    }

    // Every resource that configures a bucket must name it (`bucket` is required); an unknown
    // name is a name.
    #[test]
    fn a_configuration_resource_without_its_bucket_is_rejected() {
        let acl = without_bucket("aws_s3_bucket_acl", map(vec![("acl", s("private", 1))], 0));
        assert_eq!(
            messages(&acl),
            [(
                0,
                "terraform will reject this: the argument bucket is required".to_string()
            )]
        );
        let unknown = without_bucket(
            "aws_s3_bucket_acl",
            map(vec![("bucket", Node::unknown("var.b", o(1)))], 0),
        );
        assert!(messages(&unknown).is_empty());
        assert!(messages(&without_bucket("aws_s3_bucket", map(vec![], 0))).is_empty());
    }

    #[test]
    fn unknown_values_and_blocks_are_not_judged() {
        // A variable without a value, or a dynamic block whose for_each is not known.
        let acl = res(
            "aws_s3_bucket_acl",
            map(vec![("acl", Node::unknown("var.acl", o(1)))], 0),
        );
        assert!(messages(&acl).is_empty());
        let ownership = res(
            "aws_s3_bucket_ownership_controls",
            map(vec![("rule", Node::unknown("dynamic rule", o(2)))], 0),
        );
        assert!(messages(&ownership).is_empty());
        assert_eq!(
            required(ownership.body.blocks("rule")[0], &OBJECT_OWNERSHIP),
            Value::Unknown("dynamic rule".into(), o(2))
        );
    }

    #[test]
    fn canned_acls_differ_for_buckets_and_objects() {
        // bucket-owner-full-control is an object ACL; log-delivery-write a bucket ACL.
        let bucket = res(
            "aws_s3_bucket",
            map(vec![("acl", s("bucket-owner-full-control", 1))], 0),
        );
        assert_eq!(messages(&bucket).len(), 1);
        let object = |acl| {
            res(
                "aws_s3_object",
                map(vec![("key", s("k", 1)), ("acl", s(acl, 2))], 0),
            )
        };
        assert!(messages(&object("bucket-owner-full-control")).is_empty());
        assert_eq!(messages(&object("log-delivery-write")).len(), 1);
        assert_eq!(messages(&object("website")).len(), 1);
    }

    #[test]
    fn inline_grants_check_each_permission_and_the_narrower_type_list() {
        let grant = |kind: &str, perms: Vec<Node>| {
            res(
                "aws_s3_bucket",
                map(
                    vec![(
                        "grant",
                        list(
                            vec![map(
                                vec![("type", s(kind, 2)), ("permissions", list(perms, 3))],
                                1,
                            )],
                            1,
                        ),
                    )],
                    0,
                ),
            )
        };
        assert!(messages(&grant("Group", vec![s("READ", 3), s("WRITE", 4)])).is_empty());
        let bad = messages(&grant(
            "AmazonCustomerByEmail",
            vec![s("READ", 3), s("READ_ALL", 4)],
        ));
        let at: Vec<u32> = bad.iter().map(|(at, _)| *at).collect();
        assert_eq!(at, [2, 4]);
    }
}
