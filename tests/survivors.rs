//! Security decisions a one-token change in a check or in the exposure engine used to get past the
//! whole suite (issue 20's hand-made survivors). Each test scans Terraform text through the public
//! API and names the S3 behaviour it pins; the expected values are written out here, never read
//! from the code under test.

use std::collections::BTreeSet;

use bucketguard::ScanResult;

mod support;
use support::scan::{scan_tf, verdict};

/// The policy ids of the findings on `bucket` (neutralized ones included).
fn ids(result: &ScanResult, bucket: &str) -> BTreeSet<String> {
    result
        .findings
        .iter()
        .filter(|f| &*f.bucket == bucket)
        .map(|f| f.policy.meta.id.clone())
        .collect()
}

fn bucket_with_policy(name: &str, statements: &str) -> String {
    format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"{name}\"\n}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}\nEOF\n}}\n"
    )
}

const TLS: &str = r#""Condition": {"Bool": {"aws:SecureTransport": "false"}}"#;

/// S3 matches a statement's Resource against the ARN of the request's target: object requests
/// (GetObject, PutObject) target `arn:aws:s3:::NAME/KEY`, so a TLS Deny on `arn:aws:s3:::NAME`
/// alone leaves every object reachable over plain HTTP. BG203 must still fail.
#[test]
fn tls_deny_on_the_bucket_arn_alone_does_not_enforce_tls() {
    let bucket_only = format!(
        r#"{{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::tls-b", {TLS}}}"#
    );
    let r = scan_tf(&bucket_with_policy("tls-b", &bucket_only));
    assert!(
        ids(&r, "aws_s3_bucket.b").contains("BG203"),
        "{:?}",
        ids(&r, "aws_s3_bucket.b")
    );
    // Objects alone leave bucket-level requests (ListBucket, GetBucketPolicy) over HTTP.
    let objects_only = format!(
        r#"{{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::tls-b/*", {TLS}}}"#
    );
    let r = scan_tf(&bucket_with_policy("tls-b", &objects_only));
    assert!(ids(&r, "aws_s3_bucket.b").contains("BG203"));
    // A Deny on a prefix of the objects leaves the other keys over HTTP.
    let some_objects = format!(
        r#"{{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::tls-b", "arn:aws:s3:::tls-b/logs/*"], {TLS}}}"#
    );
    let r = scan_tf(&bucket_with_policy("tls-b", &some_objects));
    assert!(ids(&r, "aws_s3_bucket.b").contains("BG203"));
    // Both ARNs: every request over HTTP is denied.
    let both = format!(
        r#"{{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::tls-b", "arn:aws:s3:::tls-b/*"], {TLS}}}"#
    );
    let r = scan_tf(&bucket_with_policy("tls-b", &both));
    assert!(
        !ids(&r, "aws_s3_bucket.b").contains("BG203"),
        "{:?}",
        ids(&r, "aws_s3_bucket.b")
    );
}

/// Canned object ACLs (S3 user guide, "Canned ACL"): `public-read` and `public-read-write` grant
/// AllUsers READ, `authenticated-read` grants AuthenticatedUsers (any AWS account) READ; the
/// others grant only the owner, EC2 (`aws-exec-read`) or the bucket owner. BG105 fails on
/// exactly the first three.
#[test]
fn object_acl_public_fails_on_exactly_the_public_canned_acls() {
    for (acl, public) in [
        ("private", false),
        ("public-read", true),
        ("public-read-write", true),
        ("aws-exec-read", false),
        ("authenticated-read", true),
        ("bucket-owner-read", false),
        ("bucket-owner-full-control", false),
    ] {
        let r = scan_tf(&format!(
            "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"obj-b\"\n}}\n\
             resource \"aws_s3_object\" \"o\" {{\n  bucket  = aws_s3_bucket.b.id\n  key     = \"index.html\"\n  \
             content = \"hi\"\n  acl     = \"{acl}\"\n}}\n"
        ));
        assert_eq!(
            ids(&r, "aws_s3_bucket.b").contains("BG105"),
            public,
            "object acl {acl}"
        );
    }
}

/// Access is the union of what ACLs and the policy grant (ACLs can only grant, never deny): a
/// policy Allow of PutObject to `*` makes the bucket public-write whatever an unknown ACL adds,
/// since nothing is worse than public-write. Unknown is not contagious.
#[test]
fn proven_public_write_stays_public_write_beside_an_unknown_acl() {
    let config = format!(
        "variable \"acl\" {{\n  type = string\n}}\n{}\
         resource \"aws_s3_bucket_acl\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  acl    = var.acl\n}}\n",
        bucket_with_policy(
            "pw-b",
            r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::pw-b/*"}"#,
        )
    );
    assert_eq!(verdict(&scan_tf(&config), "aws_s3_bucket.b"), "public-write");
    // Below the top, the same unknown ACL could still be worse: the verdict is unknown.
    let read_only = config.replace("s3:PutObject", "s3:GetObject");
    assert_eq!(verdict(&scan_tf(&read_only), "aws_s3_bucket.b"), "unknown");
}

/// An explicit Deny removes access only for the principals it names (IAM policy evaluation): an
/// Allow to two other accounts with a Deny for one of them still lets the other in, so the bucket
/// is cross-account and BG124 fails; a Deny naming both makes it private.
#[test]
fn deny_for_one_of_two_granted_accounts_leaves_the_other() {
    let allow = r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:root"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::xa-b/*"}"#;
    let deny = |who: &str| {
        format!(
            r#"{{"Effect": "Deny", "Principal": {{"AWS": {who}}}, "Action": "s3:*", "Resource": ["arn:aws:s3:::xa-b", "arn:aws:s3:::xa-b/*"]}}"#
        )
    };
    let one = scan_tf(&bucket_with_policy(
        "xa-b",
        &format!("{allow}, {}", deny(r#""arn:aws:iam::444455556666:root""#)),
    ));
    assert_eq!(verdict(&one, "aws_s3_bucket.b"), "cross-account");
    assert!(ids(&one, "aws_s3_bucket.b").contains("BG124"));
    let both = scan_tf(&bucket_with_policy(
        "xa-b",
        &format!(
            "{allow}, {}",
            deny(r#"["arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:root"]"#)
        ),
    ));
    assert_eq!(verdict(&both, "aws_s3_bucket.b"), "private");
    assert!(!ids(&both, "aws_s3_bucket.b").contains("BG124"));
}

/// S3 user guide, "The meaning of public": a policy is not public when it grants only to fixed
/// values of these condition keys (listed here from the guide, not from `iam::NON_PUBLIC_KEYS`),
/// so a `Principal "*"` Allow under one of them is not public-read and BG122 does not fail.
#[test]
fn fixed_values_of_the_guides_keys_make_a_statement_non_public() {
    for (op, key, value) in [
        ("StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d"),
        ("StringEquals", "aws:SourceVpc", "vpc-111bbb22"),
        ("IpAddress", "aws:SourceIp", "192.0.2.0/24"),
        ("StringEquals", "aws:PrincipalOrgID", "o-abc123"),
        (
            "StringEquals",
            "aws:PrincipalOrgPaths",
            "o-abc123/r-ab12/ou-ab12-11111111/",
        ),
        ("StringEquals", "aws:PrincipalAccount", "444455556666"),
        (
            "ArnEquals",
            "aws:PrincipalArn",
            "arn:aws:iam::444455556666:role/reader",
        ),
        (
            "StringEquals",
            "aws:PrincipalServiceName",
            "cloudfront.amazonaws.com",
        ),
        (
            "StringEquals",
            "aws:PrincipalServiceNamesList",
            "cloudfront.amazonaws.com",
        ),
        ("StringEquals", "aws:SourceAccount", "444455556666"),
        (
            "ArnEquals",
            "aws:SourceArn",
            "arn:aws:cloudfront::444455556666:distribution/E1",
        ),
        ("StringEquals", "aws:SourceOwner", "444455556666"),
        ("StringEquals", "aws:SourceOrgID", "o-abc123"),
        ("StringEquals", "aws:SourceOrgPaths", "o-abc123/r-ab12/"),
        ("StringEquals", "aws:userid", "AIDAEXAMPLE"),
        (
            "StringEquals",
            "s3:DataAccessPointArn",
            "arn:aws:s3:us-east-1:444455556666:accesspoint/ap",
        ),
        ("StringEquals", "s3:DataAccessPointAccount", "444455556666"),
    ] {
        let st = format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::np-b/*", "Condition": {{"{op}": {{"{key}": "{value}"}}}}}}"#
        );
        let r = scan_tf(&bucket_with_policy("np-b", &st));
        let v = verdict(&r, "aws_s3_bucket.b");
        assert!(!v.starts_with("public"), "{key}: {v}");
        assert!(!ids(&r, "aws_s3_bucket.b").contains("BG122"), "{key}");
    }
    // Keys the guide does not list restrict nothing a stranger cannot send: still public.
    for (op, key, value) in [
        ("StringLike", "aws:Referer", "https://example.com/*"),
        ("StringLike", "aws:UserAgent", "curl/*"),
        ("Bool", "aws:SecureTransport", "true"),
        ("StringLike", "s3:prefix", "public/*"),
        ("DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z"),
        ("IpAddress", "aws:SourceIp", "0.0.0.0/0"),
    ] {
        let st = format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::np-b/*", "Condition": {{"{op}": {{"{key}": "{value}"}}}}}}"#
        );
        let r = scan_tf(&bucket_with_policy("np-b", &st));
        assert_eq!(verdict(&r, "aws_s3_bucket.b"), "public-read", "{key}");
        assert!(ids(&r, "aws_s3_bucket.b").contains("BG122"), "{key}");
    }
}
