//! The exposure model, case by case: small Terraform configurations scanned as sources, each with
//! the verdict S3 would reach (ACL × policy × bucket block × account block × ownership, principal
//! forms, NotPrincipal, Deny overrides, wildcard actions, restricting and non-restricting
//! condition keys, access points), and which findings are neutralized and how.

use std::collections::BTreeSet;
use std::path::PathBuf;

use bucketguard::exposure::ExposureVerdict;
use bucketguard::finding::Neutralized;
use bucketguard::{Settings, scan};

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"expo-b\"\n}\n";

fn acl(canned: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_acl\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  acl    = \"{canned}\"\n}}\n"
    )
}

fn grant(kind: &str, who: &str, permission: &str) -> String {
    let key = if kind == "Group" { "uri" } else { "id" };
    format!(
        r#"resource "aws_s3_bucket_acl" "g" {{
  bucket = aws_s3_bucket.b.id
  access_control_policy {{
    owner {{
      id = "ownerid"
    }}
    grant {{
      permission = "{permission}"
      grantee {{
        type = "{kind}"
        {key} = "{who}"
      }}
    }}
  }}
}}
"#
    )
}

/// An AllUsers READ grant and another account's canonical user READ grant in one ACL.
fn grants_public_and_canonical() -> String {
    r#"resource "aws_s3_bucket_acl" "g" {
  bucket = aws_s3_bucket.b.id
  access_control_policy {
    owner {
      id = "ownerid"
    }
    grant {
      permission = "READ"
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
    }
    grant {
      permission = "READ"
      grantee {
        type = "CanonicalUser"
        id   = "abc123"
      }
    }
  }
}
"#
    .to_string()
}

fn flags(kind: &str, name: &str, f: [bool; 4], bucket: bool) -> String {
    let target = if bucket {
        "  bucket = aws_s3_bucket.b.id\n"
    } else {
        ""
    };
    format!(
        "resource \"{kind}\" \"{name}\" {{\n{target}  block_public_acls       = {}\n  block_public_policy     = {}\n  \
         ignore_public_acls      = {}\n  restrict_public_buckets = {}\n}}\n",
        f[0], f[1], f[2], f[3]
    )
}

/// Bucket-level block: [block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets].
fn pab(f: [bool; 4]) -> String {
    flags("aws_s3_bucket_public_access_block", "b", f, true)
}

fn account(f: [bool; 4]) -> String {
    flags("aws_s3_account_public_access_block", "a", f, false)
}

fn own(x: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_ownership_controls\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  rule {{\n    \
         object_ownership = \"{x}\"\n  }}\n}}\n"
    )
}

/// A bucket policy with these statements (JSON objects, comma-separated).
fn policy(statements: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}\nEOF\n}}\n"
    )
}

/// An Allow statement on the bucket's objects.
fn allow(principal: &str, action: &str) -> String {
    format!(
        r#"{{"Effect": "Allow", "Principal": {principal}, "Action": {action}, "Resource": "arn:aws:s3:::expo-b/*"}}"#
    )
}

fn allow_if(principal: &str, action: &str, condition: &str) -> String {
    format!(
        r#"{{"Effect": "Allow", "Principal": {principal}, "Action": {action}, "Resource": "arn:aws:s3:::expo-b/*", "Condition": {condition}}}"#
    )
}

const DENY_ALL: &str = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::expo-b", "arn:aws:s3:::expo-b/*"]}"#;
const DENY_PUT: &str = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": ["arn:aws:s3:::expo-b", "arn:aws:s3:::expo-b/*"]}"#;
const DENY_OUTSIDE: &str = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::expo-b", "arn:aws:s3:::expo-b/*"], "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}}"#;
const ANY: &str = r#""*""#;
const OTHER: &str = r#"{"AWS": "arn:aws:iam::444455556666:root"}"#;
const GET: &str = r#""s3:GetObject""#;
const PUT: &str = r#""s3:PutObject""#;

fn object(acl: &str) -> String {
    format!(
        "resource \"aws_s3_object\" \"o\" {{\n  bucket  = aws_s3_bucket.b.id\n  key     = \"index.html\"\n  \
         content = \"hi\"\n  acl     = \"{acl}\"\n}}\n"
    )
}

fn access_point(policy: &str, block: Option<[bool; 4]>) -> String {
    let block = block.map_or(String::new(), |f| {
        format!(
            "  public_access_block_configuration {{\n    block_public_acls       = {}\n    block_public_policy     = {}\n    \
             ignore_public_acls      = {}\n    restrict_public_buckets = {}\n  }}\n",
            f[0], f[1], f[2], f[3]
        )
    });
    format!(
        "resource \"aws_s3_access_point\" \"ap\" {{\n  bucket = aws_s3_bucket.b.id\n  name   = \"ap\"\n{block}  \
         policy = <<EOF\n{{\"Version\": \"2012-10-17\", \"Statement\": [{policy}]}}\nEOF\n}}\n"
    )
}

/// A multi-region access point over the bucket, and its policy (`policy` is an HCL expression).
fn mrap(policy: &str, block: Option<[bool; 4]>) -> String {
    let block = block.map_or(String::new(), |f| {
        format!(
            "    public_access_block {{\n      block_public_acls       = {}\n      block_public_policy     = {}\n      \
             ignore_public_acls      = {}\n      restrict_public_buckets = {}\n    }}\n",
            f[0], f[1], f[2], f[3]
        )
    });
    format!(
        "resource \"aws_s3control_multi_region_access_point\" \"m\" {{\n  details {{\n    name = \"mrap\"\n{block}    \
         region {{\n      bucket = aws_s3_bucket.b.id\n    }}\n  }}\n}}\n\
         resource \"aws_s3control_multi_region_access_point_policy\" \"m\" {{\n  details {{\n    \
         name   = aws_s3control_multi_region_access_point.m.details[0].name\n    policy = {policy}\n  }}\n}}\n"
    )
}

fn mrap_policy(statement: &str) -> String {
    format!("jsonencode({{Version = \"2012-10-17\", Statement = [{statement}]}})")
}

const MRAP_PUT: &str = r#"{Effect = "Allow", Principal = "*", Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3::111122223333:accesspoint/mrap.mrap/object/*"}"#;

const DELEGATE: &str = r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": ["arn:aws:s3:::expo-b", "arn:aws:s3:::expo-b/*"], "Condition": {"StringEquals": {"s3:DataAccessPointAccount": "111122223333"}}}"#;
const AP_GET: &str = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"}"#;

const ALL_ON: [bool; 4] = [true, true, true, true];
const ALL_OFF: [bool; 4] = [false, false, false, false];
const IGNORE_ONLY: [bool; 4] = [false, false, true, false];
const BLOCK_POLICY_ONLY: [bool; 4] = [false, true, false, false];
const RESTRICT_ONLY: [bool; 4] = [false, false, false, true];

struct Case {
    name: &'static str,
    config: String,
    verdict: &'static str,
    trusted: &'static [&'static str],
    /// A finding and how it is neutralized (`ineffective` / `rejected-at-apply`), or `effective`.
    finding: Option<(&'static str, &'static str)>,
}

fn case(name: &'static str, parts: &[String], verdict: &'static str) -> Case {
    Case {
        name,
        config: std::iter::once(BUCKET.to_string())
            .chain(parts.iter().cloned())
            .collect(),
        verdict,
        trusted: &[],
        finding: None,
    }
}

impl Case {
    fn finding(mut self, policy: &'static str, kind: &'static str) -> Case {
        self.finding = Some((policy, kind));
        self
    }
    fn trusted(mut self, ids: &'static [&'static str]) -> Case {
        self.trusted = ids;
        self
    }
}

fn cases() -> Vec<Case> {
    let s = |x: &str| x.to_string();
    vec![
        case("bare bucket", &[], "private"),
        case("private ACL", &[acl("private")], "private"),
        case("public-read ACL", &[acl("public-read")], "public-read").finding("BG103", "effective"),
        case(
            "public-read-write ACL",
            &[acl("public-read-write")],
            "public-write",
        )
        .finding("BG101", "effective"),
        case(
            "authenticated-read ACL",
            &[acl("authenticated-read")],
            "authenticated-users",
        ),
        case(
            "public ACL, bucket block all on",
            &[acl("public-read"), pab(ALL_ON)],
            "private",
        )
        .finding("BG103", "rejected-at-apply"),
        case(
            "public ACL, ignore_public_acls only",
            &[acl("public-read"), pab(IGNORE_ONLY)],
            "private",
        )
        .finding("BG103", "ineffective"),
        case(
            "public ACL, account ignore_public_acls",
            &[acl("public-read"), account(IGNORE_ONLY)],
            "private",
        )
        .finding("BG103", "ineffective"),
        case(
            "public ACL, bucket block off but account block on",
            &[acl("public-read-write"), pab(ALL_OFF), account(ALL_ON)],
            "private",
        )
        .finding("BG101", "rejected-at-apply"),
        case(
            "public ACL, block_public_policy only",
            &[acl("public-read"), pab(BLOCK_POLICY_ONLY)],
            "public-read",
        )
        .finding("BG103", "effective"),
        case(
            "public ACL, BucketOwnerEnforced",
            &[acl("public-read"), own("BucketOwnerEnforced")],
            "private",
        )
        .finding("BG103", "rejected-at-apply"),
        case(
            "public ACL, BucketOwnerPreferred",
            &[acl("public-read"), own("BucketOwnerPreferred")],
            "public-read",
        ),
        case(
            "explicit AllUsers READ grant",
            &[grant(
                "Group",
                "http://acs.amazonaws.com/groups/global/AllUsers",
                "READ",
            )],
            "public-read",
        ),
        case(
            "explicit AllUsers WRITE_ACP grant",
            &[grant(
                "Group",
                "http://acs.amazonaws.com/groups/global/AllUsers",
                "WRITE_ACP",
            )],
            "public-write",
        ),
        case(
            "canonical user grant",
            &[grant("CanonicalUser", "abc123", "READ")],
            "cross-account",
        ),
        // S3 rejects an ACL with a public grant under BlockPublicAcls as a whole: its grant to
        // another account never takes effect either (and BG107 does not report it).
        case(
            "public and cross-account grants in one ACL, block_public_acls",
            &[grants_public_and_canonical(), pab([true, false, false, false])],
            "private",
        )
        .finding("BG107", "no finding"),
        case(
            "LogDelivery group grant",
            &[grant(
                "Group",
                "http://acs.amazonaws.com/groups/s3/LogDelivery",
                "WRITE",
            )],
            "private",
        ),
        case("public object ACL", &[object("public-read")], "public-read").finding("BG105", "effective"),
        case(
            "public object ACL, ignore_public_acls",
            &[object("public-read"), pab(IGNORE_ONLY)],
            "private",
        )
        .finding("BG105", "ineffective"),
        case("policy Principal *", &[policy(&allow(ANY, GET))], "public-read").finding("BG122", "effective"),
        case(
            "policy AWS *, PutObject",
            &[policy(&allow(r#"{"AWS": "*"}"#, PUT))],
            "public-write",
        )
        .finding("BG121", "effective"),
        case(
            "policy AWS list with *",
            &[policy(&allow(
                r#"{"AWS": ["arn:aws:iam::111122223333:root", "*"]}"#,
                GET,
            ))],
            "public-read",
        ),
        case(
            "policy other account",
            &[policy(&allow(OTHER, GET))],
            "cross-account",
        ),
        case(
            "policy other account, trusted",
            &[policy(&allow(OTHER, GET))],
            "private",
        )
        .trusted(&["444455556666"]),
        case(
            "policy bare account id",
            &[policy(&allow(r#"{"AWS": "444455556666"}"#, GET))],
            "cross-account",
        ),
        case(
            "policy service principal",
            &[policy(&allow(r#"{"Service": "logging.s3.amazonaws.com"}"#, PUT))],
            "private",
        ),
        case(
            "policy NotPrincipal",
            &[policy(
                r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::expo-b/*"}"#,
            )],
            "public-read",
        ),
        case("policy s3:*", &[policy(&allow(ANY, r#""s3:*""#))], "public-write"),
        case(
            "policy s3:Get*",
            &[policy(&allow(ANY, r#""s3:Get*""#))],
            "public-read",
        ),
        case(
            "policy NotAction",
            &[policy(
                r#"{"Effect": "Allow", "Principal": "*", "NotAction": "s3:DeleteObject", "Resource": "arn:aws:s3:::expo-b/*"}"#,
            )],
            "public-write",
        ),
        case(
            "Deny everything overrides",
            &[policy(&format!("{}, {DENY_ALL}", allow(ANY, GET)))],
            "private",
        ),
        case(
            "Deny PutObject leaves reads",
            &[policy(&format!(
                "{}, {DENY_PUT}",
                allow(ANY, r#"["s3:GetObject", "s3:PutObject"]"#)
            ))],
            "public-read",
        ),
        // S3 policy evaluation: an explicit Deny in the bucket policy overrides ACL grants too;
        // the ACL finding stays, as not in effect.
        case(
            "Deny everything takes back a public-read ACL",
            &[acl("public-read"), policy(DENY_ALL)],
            "private",
        )
        .finding("BG103", "ineffective"),
        // A Deny of s3:PutObject alone leaves WRITE's deletes and READ's listing in effect.
        case(
            "Deny PutObject leaves a public-read-write ACL writable",
            &[acl("public-read-write"), policy(DENY_PUT)],
            "public-write",
        )
        .finding("BG101", "effective"),
        // The Deny for every caller outside the owner's account (trusted) covers
        // AuthenticatedUsers; outside an account not known as the owner's, that account keeps
        // the listing.
        case(
            "Deny outside the account takes back an authenticated-read ACL",
            &[acl("authenticated-read"), policy(DENY_OUTSIDE)],
            "private",
        )
        .trusted(&["111122223333"])
        .finding("BG104", "ineffective"),
        case(
            "Deny outside another account leaves it an authenticated-read ACL",
            &[acl("authenticated-read"), policy(DENY_OUTSIDE)],
            "cross-account",
        )
        .finding("BG104", "ineffective"),
        // A conditional Deny (TLS) holds for some requests only: the ACL grant stays.
        case(
            "conditional Deny does not take back a public-read ACL",
            &[
                acl("public-read"),
                policy(r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::expo-b", "arn:aws:s3:::expo-b/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#),
            ],
            "public-read",
        )
        .finding("BG103", "effective"),
        case(
            "Deny outside the account overrides a public Allow",
            &[policy(&format!("{}, {DENY_OUTSIDE}", allow(ANY, GET)))],
            "private",
        )
        .trusted(&["111122223333"]),
        case(
            "Deny outside another account leaves it a public Allow",
            &[policy(&format!("{}, {DENY_OUTSIDE}", allow(ANY, GET)))],
            "cross-account",
        )
        .finding("BG122", "ineffective")
        .finding("BG124", "effective"),
        case(
            "conditional Deny (TLS) does not override",
            &[policy(&format!(
                r#"{}, {{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::expo-b", "arn:aws:s3:::expo-b/*"], "Condition": {{"Bool": {{"aws:SecureTransport": "false"}}}}}}"#,
                allow(ANY, GET)
            ))],
            "public-read",
        ),
        case(
            "SourceVpce restricts",
            &[policy(&allow_if(
                ANY,
                GET,
                r#"{"StringEquals": {"aws:SourceVpce": "vpce-1a2b"}}"#,
            ))],
            "private",
        ),
        case(
            "SourceIp 0.0.0.0/0 does not restrict",
            &[policy(&allow_if(
                ANY,
                GET,
                r#"{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}"#,
            ))],
            "public-read",
        ),
        case(
            "IfExists does not restrict",
            &[policy(&allow_if(
                ANY,
                GET,
                r#"{"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b"}}"#,
            ))],
            "public-read",
        ),
        case(
            "SecureTransport does not restrict",
            &[policy(&allow_if(
                ANY,
                GET,
                r#"{"Bool": {"aws:SecureTransport": "true"}}"#,
            ))],
            "public-read",
        ),
        case(
            "PrincipalOrgID: other accounts of the organization",
            &[policy(&allow_if(
                ANY,
                GET,
                r#"{"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}"#,
            ))],
            "cross-account",
        ),
        case(
            "PrincipalAccount of a trusted account",
            &[policy(&allow_if(
                ANY,
                GET,
                r#"{"StringEquals": {"aws:PrincipalAccount": "111122223333"}}"#,
            ))],
            "private",
        )
        .trusted(&["111122223333"]),
        case(
            "public policy, block_public_policy",
            &[policy(&allow(ANY, GET)), pab(BLOCK_POLICY_ONLY)],
            "private",
        )
        .finding("BG122", "rejected-at-apply"),
        case(
            "public policy, account restrict_public_buckets",
            &[policy(&allow(ANY, PUT)), account(RESTRICT_ONLY)],
            "private",
        )
        .finding("BG121", "ineffective"),
        case(
            "public policy with a cross-account statement, restrict_public_buckets",
            &[
                policy(&format!("{}, {}", allow(ANY, GET), allow(OTHER, GET))),
                pab(RESTRICT_ONLY),
            ],
            "private",
        ),
        // "The meaning of public": a policy is public when it grants anyone access, and a
        // public Allow its own Deny takes back grants nothing: RestrictPublicBuckets leaves the
        // cross-account statements of such a policy in effect, BlockPublicPolicy accepts it.
        case(
            "public Allow taken back by a Deny, cross-account statement, restrict_public_buckets",
            &[
                policy(&format!(
                    r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::expo-b"}}, {}, {{"Effect": "Deny", "Principal": "*", "Action": "s3:ListBucket", "Resource": ["arn:aws:s3:::expo-b", "arn:aws:s3:::expo-b/*"]}}"#,
                    allow(OTHER, GET)
                )),
                pab(RESTRICT_ONLY),
            ],
            "cross-account",
        ),
        case(
            "public Allow taken back by a Deny, block_public_policy",
            &[
                policy(&format!("{}, {DENY_OUTSIDE}", allow(ANY, GET))),
                pab(BLOCK_POLICY_ONLY),
            ],
            "private",
        )
        .trusted(&["111122223333"])
        .finding("BG122", "ineffective"),
        case(
            "cross-account only, restrict_public_buckets",
            &[policy(&allow(OTHER, GET)), pab(RESTRICT_ONLY)],
            "cross-account",
        ),
        case(
            "public policy, ignore_public_acls does not help",
            &[policy(&allow(ANY, GET)), pab(IGNORE_ONLY)],
            "public-read",
        ),
        case(
            "Resource of another bucket",
            &[policy(
                r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"}"#,
            )],
            "private",
        ),
        case(
            "NotResource of another bucket",
            &[policy(
                r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::other/*"}"#,
            )],
            "public-read",
        ),
        case(
            "public ACL and cross-account policy: the worst wins",
            &[acl("public-read"), policy(&allow(OTHER, GET))],
            "public-read",
        ),
        case(
            "unknown ACL",
            &[
                s("variable \"acl\" {\n  type = string\n}\n"),
                s(
                    "resource \"aws_s3_bucket_acl\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  acl    = var.acl\n}\n",
                ),
            ],
            "unknown",
        ),
        case(
            "unknown ACL, ignore_public_acls on",
            &[
                s("variable \"acl\" {\n  type = string\n}\n"),
                s(
                    "resource \"aws_s3_bucket_acl\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  acl    = var.acl\n}\n",
                ),
                pab(IGNORE_ONLY),
            ],
            "unknown",
        ),
        case("inline v3 ACL", &[], "public-read"),
        case(
            "access point public policy, bucket delegates, blocks off",
            &[policy(DELEGATE), access_point(AP_GET, Some(ALL_OFF))],
            "public-read",
        )
        .finding("BG113", "effective"),
        // A bucket policy Deny holds for requests through an access point too (explicit Deny
        // in any applicable policy wins).
        case(
            "access point public policy, bucket policy denies it",
            &[
                policy(&format!(
                    r#"{DELEGATE}, {{"Effect": "Deny", "Principal": "*", "Action": "s3:Get*", "Resource": ["arn:aws:s3:::expo-b", "arn:aws:s3:::expo-b/*"]}}"#
                )),
                access_point(AP_GET, Some(ALL_OFF)),
            ],
            "private",
        ),
        case(
            "access point without its block: all on by default",
            &[policy(DELEGATE), access_point(AP_GET, None)],
            "private",
        ),
        case(
            "access point public policy, bucket does not delegate",
            &[access_point(AP_GET, Some(ALL_OFF))],
            "private",
        ),
        case(
            "access point public policy, account restrict_public_buckets",
            &[
                policy(DELEGATE),
                access_point(AP_GET, Some(ALL_OFF)),
                account(RESTRICT_ONLY),
            ],
            "private",
        ),
        case(
            "MRAP public policy, bucket delegates, MRAP block off",
            &[policy(DELEGATE), mrap(&mrap_policy(MRAP_PUT), Some(ALL_OFF))],
            "public-write",
        )
        .finding("BG113", "effective"),
        case(
            "MRAP without its block: all on by default",
            &[policy(DELEGATE), mrap(&mrap_policy(MRAP_PUT), None)],
            "private",
        ),
        case(
            "MRAP public policy, MRAP block written all on",
            &[policy(DELEGATE), mrap(&mrap_policy(MRAP_PUT), Some(ALL_ON))],
            "private",
        ),
        case(
            "MRAP public policy, bucket does not delegate",
            &[mrap(&mrap_policy(MRAP_PUT), Some(ALL_OFF))],
            "private",
        ),
        case(
            "MRAP policy not known",
            &[
                s("variable \"p\" {\n  type = string\n}\n"),
                policy(DELEGATE),
                mrap("var.p", Some(ALL_OFF)),
            ],
            "unknown",
        ),
    ]
}

fn scan_case(dir: &std::path::Path, c: &Case) -> bucketguard::ScanResult {
    let config = if c.name == "inline v3 ACL" {
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"expo-b\"\n  acl    = \"public-read\"\n}\n"
            .to_string()
    } else {
        c.config.clone()
    };
    std::fs::write(dir.join("main.tf"), config).unwrap();
    let mut settings = Settings::new(vec![dir.to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = PathBuf::from(dir);
    settings.trusted_accounts = c.trusted.iter().map(|s| s.to_string()).collect();
    scan(&settings)
}

#[test]
fn verdicts_follow_s3_semantics() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let tmp = tempfile::tempdir().unwrap();
        let result = scan_case(tmp.path(), c);
        assert!(result.errors.is_empty(), "{}: {:?}", c.name, result.errors);
        let e = result
            .exposures
            .iter()
            .find(|e| e.bucket == "aws_s3_bucket.b")
            .unwrap_or_else(|| panic!("{}: no exposure for the bucket", c.name));
        if e.verdict.as_str() != c.verdict {
            let reasons: Vec<String> = e.reasons.iter().map(bucketguard::exposure::describe).collect();
            failures.push(format!(
                "{}: {} (want {})\n    {}",
                c.name,
                e.verdict,
                c.verdict,
                reasons.join("\n    ")
            ));
        }
        if let Some((policy, kind)) = c.finding {
            let f = result.findings.iter().find(|f| f.policy.meta.id == policy);
            let got = match f.map(|f| f.neutralized_by.as_deref()) {
                None => "no finding",
                Some(None) => "effective",
                Some(Some(Neutralized::Ineffective(_))) => "ineffective",
                Some(Some(Neutralized::RejectedAtApply(_))) => "rejected-at-apply",
            };
            if got != kind {
                failures.push(format!("{}: {policy} is {got} (want {kind})", c.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The scanner reaches every verdict on some case of the table, so the table exercises the whole
/// model; the verdicts are listed here, not taken from `ExposureVerdict::ALL`, which must match them.
#[test]
fn the_table_covers_every_verdict() {
    let want: BTreeSet<&str> = [
        "public-write",
        "public-read",
        "authenticated-users",
        "cross-account",
        "private",
        "unknown",
    ]
    .into();
    let all: BTreeSet<&str> = ExposureVerdict::ALL.iter().map(|v| v.as_str()).collect();
    assert_eq!(all, want, "ExposureVerdict::ALL");
    let tmp = tempfile::tempdir().unwrap();
    let reached: BTreeSet<&str> = cases()
        .iter()
        .map(|c| {
            let result = scan_case(tmp.path(), c);
            let e = result.exposures.iter().find(|e| e.bucket == "aws_s3_bucket.b");
            e.map_or("none", |e| e.verdict.as_str())
        })
        .collect();
    assert_eq!(reached, want, "verdicts the scanner reached on the table");
}

/// No double counting: an account-level block that is complete covers a bucket without its own.
#[test]
fn complete_account_block_means_no_bucket_block_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let c = case("account block", &[account(ALL_ON)], "private");
    let result = scan_case(tmp.path(), &c);
    let ids: Vec<&str> = result
        .findings
        .iter()
        .map(|f| f.policy.meta.id.as_str())
        .collect();
    assert!(!ids.contains(&"BG111") && !ids.contains(&"BG112"), "{ids:?}");
    let c = case("incomplete account block", &[account(IGNORE_ONLY)], "private");
    let result = scan_case(tmp.path(), &c);
    assert!(result.findings.iter().any(|f| f.policy.meta.id == "BG112"));
}

/// BG501 is scan-level: reported once per IAM resource, whose address stands where a bucket's
/// would, and text output calls it a resource.
#[test]
fn iam_policies_are_reported_on_the_iam_resource() {
    let tmp = tempfile::tempdir().unwrap();
    let config = r#"
data "aws_iam_policy_document" "cleanup" {
  statement {
    actions   = ["s3:DeleteObject"]
    resources = ["arn:aws:s3:::*/*"]
  }
}

resource "aws_iam_role" "cleaner" {
  name               = "cleaner"
  assume_role_policy = "{}"
  inline_policy {
    name   = "cleanup"
    policy = data.aws_iam_policy_document.cleanup.json
  }
}

resource "aws_iam_role_policy" "reader" {
  role   = aws_iam_role.cleaner.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:Get*", Resource = "*" }] })
}

resource "aws_iam_user_policy" "writer" {
  user   = "ci"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:PutBucketPolicy", Resource = "arn:aws:s3:::*" }] })
}
"#;
    std::fs::write(tmp.path().join("main.tf"), config).unwrap();
    let mut settings = Settings::new(vec![tmp.path().to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = tmp.path().to_path_buf();
    let result = scan(&settings);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let mut got: Vec<&str> = result
        .findings
        .iter()
        .filter(|f| f.policy.meta.id == "BG501")
        .map(|f| &*f.bucket)
        .collect();
    got.sort();
    assert_eq!(got, ["aws_iam_role.cleaner", "aws_iam_user_policy.writer"]);
    let text = bucketguard::report::text::render(&result, &settings);
    assert!(text.contains("resource: aws_iam_role.cleaner"), "{text}");
    settings.policies.retain(|p| p.meta.id != "BG501");
    assert!(
        scan(&settings)
            .findings
            .iter()
            .all(|f| f.policy.meta.id != "BG501")
    );
}

/// Opt-in policies stay off by default; `--enable account-monitoring` turns the group on, and each
/// of its findings is reported once per scan, not per bucket.
#[test]
fn account_monitoring_is_opt_in_and_reported_once() {
    use bucketguard::cli::{Cli, Command};
    use clap::Parser;
    let tmp = tempfile::tempdir().unwrap();
    let config = format!("{BUCKET}resource \"aws_s3_bucket\" \"c\" {{\n  bucket = \"expo-c\"\n}}\n");
    std::fs::write(tmp.path().join("main.tf"), config).unwrap();
    let dir = tmp.path().to_str().unwrap();
    let resolve = |args: &[&str]| {
        let Command::Scan(scan_args) = Cli::try_parse_from(args).unwrap().command else {
            panic!("not a scan")
        };
        scan_args.resolve(false).unwrap()
    };
    let ids = |settings: &Settings| {
        let mut ids: Vec<String> = scan(settings)
            .findings
            .iter()
            .map(|f| f.policy.meta.id.clone())
            .filter(|id| id.starts_with("BG6") || id == "BG403")
            .collect();
        ids.sort();
        ids
    };
    assert!(ids(&resolve(&["bucketguard", "scan", dir])).is_empty());
    let enabled = resolve(&["bucketguard", "scan", dir, "--enable", "account-monitoring"]);
    assert_eq!(ids(&enabled), ["BG601", "BG602", "BG603", "BG604"]);
    let mfa = resolve(&["bucketguard", "scan", dir, "--enable", "mfa-delete-policy"]);
    assert_eq!(ids(&mfa), ["BG403", "BG403"]);
    let selected = resolve(&["bucketguard", "scan", dir, "--select", "BG602"]);
    assert_eq!(ids(&selected), ["BG602"]);
    assert_eq!(selected.policies.len(), 1);
    let Command::Scan(bad) = Cli::try_parse_from(["bucketguard", "scan", "--enable", "nope"])
        .unwrap()
        .command
    else {
        panic!()
    };
    assert!(bad.resolve(false).is_err());
}
