//! Rules and linking decisions pinned one by one (the BG1xx–BG6xx checks, their scope, and the
//! linking of separate `aws_s3_bucket_*` resources to their bucket): each test scans a small
//! Terraform configuration through the public API and names the AWS or Terraform behaviour it
//! pins. Written to kill the mutants cargo-mutants left alive (bench/MUTANTS.md).

use bucketguard::scan::ScanResult;

mod support;
use support::scan::{findings, has, scan_tf};

/// Every bucket of the report, outside the scan too, with its exposure verdict.
fn buckets(r: &ScanResult) -> Vec<(String, &str)> {
    r.exposures
        .iter()
        .map(|e| (e.bucket.to_string(), e.verdict.as_str()))
        .collect()
}

/// A public access block (all four settings on) on the bucket `bucket` names.
fn block(bucket: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_public_access_block\" \"a\" {{\n  bucket = {bucket}\n  \
         block_public_acls = true\n  block_public_policy = true\n  ignore_public_acls = true\n  \
         restrict_public_buckets = true\n}}\n"
    )
}

const B: &str = "aws_s3_bucket.b";

/// A configuration resource of `b`, to refer to `b` through.
const OWNERSHIP: &str = "resource \"aws_s3_bucket_ownership_controls\" \"b\" {\n  \
    bucket = aws_s3_bucket.b.id\n  rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}\n";

/// `bucket = "${aws_s3_bucket.b.id}-logs"` refers to `b` but passes another name, `dec-b-logs`:
/// the public access block is on that bucket (outside the scan), and `b` has none (BG111), the
/// same through a configuration resource (`"${aws_s3_bucket_ownership_controls.b.id}-logs"`).
#[test]
fn a_name_built_from_a_bucket_name_names_another_bucket() {
    let bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"dec-b\"\n}\n";
    for arg in [
        "\"${aws_s3_bucket.b.id}-logs\"",
        "\"${aws_s3_bucket_ownership_controls.b.id}-logs\"",
    ] {
        let r = scan_tf(&format!("{bucket}{OWNERSHIP}{}", block(arg)));
        assert_eq!(
            buckets(&r),
            [
                (B.to_string(), "private"),
                ("external:dec-b-logs".to_string(), "unknown")
            ],
            "{arg}"
        );
        assert!(has(&r, "BG111", B), "{arg}: {:?}", findings(&r));
    }
}

/// The same for a bucket outside the scan: `"${aws_s3_bucket_ownership_controls.o.id}-logs"`
/// with `o` on `dec-x` names `dec-x-logs`, another bucket outside the scan.
#[test]
fn a_name_built_from_an_outside_bucket_name_names_another_bucket() {
    let ownership = "resource \"aws_s3_bucket_ownership_controls\" \"o\" {\n  bucket = \"dec-x\"\n  \
        rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}\n";
    let r = scan_tf(&format!(
        "{ownership}{}",
        block("\"${aws_s3_bucket_ownership_controls.o.id}-logs\"")
    ));
    assert_eq!(
        buckets(&r),
        [
            ("external:dec-x".to_string(), "unknown"),
            ("external:dec-x-logs".to_string(), "unknown")
        ]
    );
}

/// A generated name with more text (`"${aws_s3_bucket.b.id}-logs"`, `b` with `bucket_prefix`)
/// is a name not known, of a bucket outside the scan addressed by the expression, the same
/// through a configuration resource; `b` has no public access block (BG111).
#[test]
fn a_name_built_from_a_generated_bucket_name_is_not_known() {
    let bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket_prefix = \"dec-b\"\n}\n";
    for via in ["aws_s3_bucket", "aws_s3_bucket_ownership_controls"] {
        let expr = format!("${{{via}.b.id}}-logs");
        let config = format!("{bucket}{OWNERSHIP}{}", block(&format!("\"{expr}\"")));
        let r = scan_tf(&config);
        assert_eq!(
            buckets(&r),
            [
                (B.to_string(), "private"),
                (format!("external:{{{expr}}}"), "unknown")
            ]
        );
        assert!(has(&r, "BG111", B), "{:?}", findings(&r));
    }
    // The generated name alone is the bucket's: linked.
    let r = scan_tf(&format!("{bucket}{}", block("aws_s3_bucket.b.id")));
    assert_eq!(buckets(&r), [(B.to_string(), "private")]);
    assert!(!has(&r, "BG111", B), "{:?}", findings(&r));
}

/// BG113: an access point's block settings bound its own bucket only: an access point of `c`
/// with `block_public_policy = false` fails BG113 on `c`, not on `b` beside it.
#[test]
fn an_access_point_block_is_judged_on_its_own_bucket_only() {
    let two = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"dec-b\"\n}\n\
        resource \"aws_s3_bucket\" \"c\" {\n  bucket = \"dec-c\"\n}\n";
    let ap = "resource \"aws_s3_access_point\" \"ap\" {\n  bucket = aws_s3_bucket.c.id\n  name   = \"ap\"\n  \
        public_access_block_configuration {\n    block_public_policy = false\n  }\n}\n";
    let r = scan_tf(&format!("{two}{ap}"));
    let bg113: Vec<(String, String)> = findings(&r).into_iter().filter(|(id, _)| id == "BG113").collect();
    assert_eq!(bg113, [("BG113".to_string(), "aws_s3_bucket.c".to_string())]);
}

/// BG501: `NotResource` grants every resource it does not match: `s3:*` with `NotResource =
/// "arn:aws:s3:::*/*"` leaves out the objects only, so bucket actions (PutBucketPolicy,
/// DeleteBucket) stay granted on every bucket.
#[test]
fn a_not_resource_of_objects_only_still_grants_every_bucket() {
    let config = "resource \"aws_iam_user_policy\" \"admin\" {\n  user   = \"ci\"\n  \
        policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", \
        Action = \"s3:*\", NotResource = \"arn:aws:s3:::*/*\" }] })\n}\n";
    let r = scan_tf(config);
    assert_eq!(
        findings(&r).into_iter().collect::<Vec<_>>(),
        [("BG501".to_string(), "aws_iam_user_policy.admin".to_string())]
    );
}

/// `data.aws_s3_bucket.d` read by `bucket = aws_s3_bucket.b.id` is bucket `b`: its `id` is
/// `b`'s name, generated or not, so a public access block on `data.aws_s3_bucket.d.id` is
/// `b`'s (no BG111, no bucket outside the scan).
#[test]
fn a_data_source_read_by_a_bucket_reference_is_that_bucket() {
    let data = "data \"aws_s3_bucket\" \"d\" {\n  bucket = aws_s3_bucket.b.id\n}\n";
    for name in ["bucket = \"dec-b\"", "bucket_prefix = \"dec-b\""] {
        let bucket = format!("resource \"aws_s3_bucket\" \"b\" {{\n  {name}\n}}\n");
        let r = scan_tf(&format!("{bucket}{data}{}", block("data.aws_s3_bucket.d.id")));
        assert_eq!(buckets(&r), [(B.to_string(), "private")], "{name}");
        assert!(!has(&r, "BG111", B), "{name}: {:?}", findings(&r));
    }
}

/// BG302: an advanced event selector's `resources.ARN` `starts_with` is a plain string prefix:
/// `arn:aws:s3:::dec-` records the data events of every bucket whose name starts with `dec-`,
/// `dec-b` included (no BG302); `arn:aws:s3:::other-` records none of `dec-b`'s (BG302).
#[test]
fn a_data_event_arn_prefix_ending_inside_a_bucket_name_covers_that_bucket() {
    let trail = |prefix: &str| {
        format!(
            "resource \"aws_cloudtrail\" \"t\" {{\n  name           = \"t\"\n  s3_bucket_name = \"trail-logs\"\n  \
             advanced_event_selector {{\n    name = \"s3\"\n    \
             field_selector {{\n      field  = \"eventCategory\"\n      equals = [\"Data\"]\n    }}\n    \
             field_selector {{\n      field  = \"resources.type\"\n      equals = [\"AWS::S3::Object\"]\n    }}\n    \
             field_selector {{\n      field       = \"resources.ARN\"\n      starts_with = [\"{prefix}\"]\n    }}\n  \
             }}\n}}\n"
        )
    };
    let bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"dec-b\"\n}\n";
    let r = scan_tf(&format!("{bucket}{}", trail("arn:aws:s3:::dec-")));
    assert!(!has(&r, "BG302", B), "{:?}", findings(&r));
    let r = scan_tf(&format!("{bucket}{}", trail("arn:aws:s3:::other-")));
    assert!(has(&r, "BG302", B), "{:?}", findings(&r));
}

/// BG112 points at the first setting written false and lists each other one as a related
/// location (each is a line to change); the bucket is related when the block is elsewhere.
#[test]
fn an_incomplete_block_points_at_every_setting_written_false() {
    let bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"dec-b\"\n}\n";
    let pab = "resource \"aws_s3_bucket_public_access_block\" \"a\" {\n  bucket = aws_s3_bucket.b.id\n  \
        block_public_acls = false\n  block_public_policy = true\n  ignore_public_acls = false\n  \
        restrict_public_buckets = true\n}\n";
    let r = scan_tf(&format!("{bucket}{pab}"));
    let f = r
        .findings
        .iter()
        .find(|f| f.policy.meta.id == "BG112")
        .expect("BG112");
    let related: Vec<&str> = f.related.iter().map(|r| r.message.as_str()).collect();
    assert_eq!(
        related,
        ["ignore_public_acls = false", "the bucket aws_s3_bucket.b"]
    );
}

/// BG123: a fully known policy's size is exact (the heredoc's text with its final newline:
/// 49 + 20,858 + 92 + 1 = 21,000 bytes), not a lower bound: the message says "is 21000 bytes".
#[test]
fn a_known_policy_over_the_limit_is_reported_with_its_exact_size() {
    let sid = "a".repeat(20_858);
    let text = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Sid\": \"{sid}\", \"Effect\": \"Deny\", \
         \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::dec-b\"}}]}}"
    );
    let config = format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"dec-b\"\n}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = <<EOF\n{text}\nEOF\n}}\n"
    );
    let r = scan_tf(&config);
    let f = r
        .findings
        .iter()
        .find(|f| f.policy.meta.id == "BG123")
        .expect("BG123");
    let message = f.message().to_string();
    assert!(
        message.starts_with(
            "aws_s3_bucket.b: the bucket policy in aws_s3_bucket_policy.b is 21000 bytes, over the 20 KB"
        ),
        "{message}"
    );
}

/// BG107: an ACL grant whose grantee is not known (`type = var.t`) may be to another account:
/// the check is undecided, and the reason names the ACL and what is not known.
#[test]
fn an_acl_grant_to_a_grantee_not_known_leaves_bg107_undecided() {
    let config = "variable \"t\" {\n  type = string\n}\n\
        resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"dec-b\"\n}\n\
        resource \"aws_s3_bucket_acl\" \"g\" {\n  bucket = aws_s3_bucket.b.id\n  \
        access_control_policy {\n    owner {\n      id = \"ownerid\"\n    }\n    grant {\n      \
        permission = \"READ\"\n      grantee {\n        type = var.t\n        id   = \"othercanonicalid\"\n      \
        }\n    }\n  }\n}\n";
    let r = scan_tf(config);
    let bg107: Vec<(&str, &str)> = r
        .undecided
        .iter()
        .filter(|u| u.policy.meta.id == "BG107")
        .map(|u| (&*u.bucket, &*u.reason))
        .collect();
    assert_eq!(
        bg107,
        [(
            B,
            "a grantee in aws_s3_bucket_acl.g is not known: var.t has no value"
        )]
    );
}

/// A public-read bucket policy (BG122) points at its `policy` argument, which is where the
/// policy resource writes it: the bucket is its one related location, with no second location
/// for the policy resource at the same place.
#[test]
fn a_public_policy_finding_relates_only_the_bucket() {
    let statement = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::rules-b/*"}"#;
    let config = format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"rules-b\"\n}}\n{}",
        support::scan::policy(statement)
    );
    let r = scan_tf(&config);
    let bg122: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.policy.meta.id == "BG122")
        .collect();
    assert_eq!(bg122.len(), 1, "{:?}", findings(&r));
    let related: Vec<&str> = bg122[0].related.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(related, ["the bucket aws_s3_bucket.b"]);
}
