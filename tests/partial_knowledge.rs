//! Partial knowledge: a value that is not known stays where it is (one field of one statement,
//! one grant), well-known data sources are symbols, and every check decides whenever the known
//! part decides it. Each case is a small configuration scanned as sources, with the verdict and
//! the outcome (fail / pass / undecided) of the policy checks it is about.

use std::path::PathBuf;

use bucketguard::{Settings, scan};

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"pk-b\"\n}\n";

/// A bucket policy whose `policy` is this HCL expression.
fn policy(expr: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = {expr}\n}}\n"
    )
}

/// `jsonencode` of a policy with these statements (HCL objects).
fn json(statements: &[&str]) -> String {
    policy(&format!(
        "jsonencode({{Version = \"2012-10-17\", Statement = [{}]}})",
        statements.join(", ")
    ))
}

const PARTITION: &str = "data \"aws_partition\" \"p\" {}\n";
const CALLER: &str = "data \"aws_caller_identity\" \"me\" {}\n";
const VAR_X: &str = "variable \"x\" {}\n";
const KMS: &str = "resource \"aws_kms_key\" \"k\" {}\n";

const PUBLIC_PUT: &str =
    r#"{Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "arn:aws:s3:::pk-b/*"}"#;
const PUBLIC_GET: &str =
    r#"{Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::pk-b/*"}"#;
const TLS_DENY: &str = r#"{Effect = "Deny", Principal = "*", Action = "s3:*", Resource = ["arn:aws:s3:::pk-b", "arn:aws:s3:::pk-b/*"], Condition = {Bool = {"aws:SecureTransport" = "false"}}}"#;

fn block(f: [bool; 4]) -> String {
    format!(
        "resource \"aws_s3_bucket_public_access_block\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
         block_public_acls = {}\n  block_public_policy = {}\n  ignore_public_acls = {}\n  restrict_public_buckets = {}\n}}\n",
        f[0], f[1], f[2], f[3]
    )
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum O {
    Fail,
    Pass,
    Undecided,
}

struct Case {
    name: &'static str,
    config: String,
    verdict: &'static str,
    checks: Vec<(&'static str, O)>,
}

fn case(name: &'static str, parts: &[&str], verdict: &'static str, checks: &[(&'static str, O)]) -> Case {
    Case {
        name,
        config: std::iter::once(BUCKET).chain(parts.iter().copied()).collect(),
        verdict,
        checks: checks.to_vec(),
    }
}

fn outcome(result: &bucketguard::ScanResult, id: &str) -> O {
    let bucket = |b: &str| b == "aws_s3_bucket.b";
    if result
        .findings
        .iter()
        .any(|f| f.policy.meta.id == id && bucket(&f.bucket))
    {
        O::Fail
    } else if result
        .undecided
        .iter()
        .any(|u| u.policy.meta.id == id && bucket(&u.bucket))
    {
        O::Undecided
    } else {
        O::Pass
    }
}

fn cases() -> Vec<Case> {
    use O::*;
    let partition_put = r#"{Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "arn:${data.aws_partition.p.partition}:s3:::pk-b/*"}"#;
    let tls_deny_partition = r#"{Effect = "Deny", Principal = "*", Action = "s3:*", Resource = ["arn:${data.aws_partition.p.partition}:s3:::pk-b", "arn:${data.aws_partition.p.partition}:s3:::pk-b/*"], Condition = {Bool = {"aws:SecureTransport" = "false"}}}"#;
    let unknown_resource_put = r#"{Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "arn:aws:s3:::${var.x}/*"}"#;
    let source_account = r#"{Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "arn:aws:s3:::pk-b/*", Condition = {StringEquals = {"aws:SourceAccount" = data.aws_caller_identity.me.account_id}}}"#;
    let source_arn_kms = r#"{Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "arn:aws:s3:::pk-b/*", Condition = {ArnEquals = {"aws:SourceArn" = aws_kms_key.k.arn}}}"#;
    let source_vpce_var = r#"{Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "arn:aws:s3:::pk-b/*", Condition = {StringEquals = {"aws:SourceVpce" = var.x}}}"#;
    let own_root = r#"{Effect = "Allow", Principal = {AWS = "arn:aws:iam::${data.aws_caller_identity.me.account_id}:root"}, Action = "s3:*", Resource = "arn:aws:s3:::pk-b/*"}"#;
    let var_account = r#"{Effect = "Allow", Principal = {AWS = "arn:aws:iam::${var.x}:root"}, Action = "s3:*", Resource = "arn:aws:s3:::pk-b/*"}"#;
    let var_principal = r#"{Effect = "Allow", Principal = {AWS = var.x}, Action = "s3:PutObject", Resource = "arn:aws:s3:::pk-b/*"}"#;
    let kms_deny = r#"{Effect = "Deny", Principal = "*", Action = "s3:PutObject", Resource = "arn:aws:s3:::pk-b/*", Condition = {StringNotEquals = {"s3:x-amz-server-side-encryption-aws-kms-key-id" = aws_kms_key.k.arn}}}"#;
    let unknown_effect = r#"{Effect = var.x, Principal = "*", Action = "s3:*", Resource = ["arn:aws:s3:::pk-b", "arn:aws:s3:::pk-b/*"], Condition = {Bool = {"aws:SecureTransport" = "false"}}}"#;
    let own_role = r#"{Effect = "Allow", Principal = {AWS = aws_iam_role.r.arn}, Action = "s3:*", Resource = "arn:aws:s3:::pk-b/*"}"#;
    let role = "resource \"aws_iam_role\" \"r\" {\n  name = \"reader\"\n}\n";
    vec![
        // A role this configuration creates (default provider) is the scanned account's own.
        case(
            "role created here",
            &[role, &json(&[own_role])],
            "private",
            &[("BG124", Pass)],
        ),
        // The note's reproduction: a partition symbol in one statement spoils nothing.
        case(
            "partition ARN in another statement",
            &[PARTITION, &json(&[PUBLIC_PUT, partition_put])],
            "public-write",
            &[("BG121", Fail), ("BG122", Pass), ("BG123", Pass), ("BG203", Fail)],
        ),
        // arn:${partition}:s3:::b names bucket b: it is the bucket's own partition.
        case(
            "partition ARN names the bucket",
            &[PARTITION, &json(&[partition_put])],
            "public-write",
            &[("BG121", Fail), ("BG203", Fail)],
        ),
        // A known Deny on aws:SecureTransport enforces TLS whatever else the document holds.
        // (BG121 judges a public statement whatever its Resource; exposure needs the Resource.)
        case(
            "TLS deny beside an unknown resource",
            &[
                VAR_X,
                PARTITION,
                &json(&[tls_deny_partition, unknown_resource_put]),
            ],
            "unknown",
            &[("BG203", Pass), ("BG121", Fail), ("BG122", Pass)],
        ),
        // An unknown resource cannot make a public read statement into a write one.
        case(
            "proven public-write stays public-write",
            &[VAR_X, &json(&[PUBLIC_PUT, unknown_resource_put])],
            "public-write",
            &[("BG121", Fail), ("BG203", Fail)],
        ),
        // A statement whose Effect is not known could be the TLS Deny: undecided, not fail.
        case(
            "unknown effect",
            &[VAR_X, &json(&[PUBLIC_GET, unknown_effect])],
            "unknown",
            &[("BG203", Undecided), ("BG122", Fail), ("BG121", Undecided)],
        ),
        // aws:SourceAccount of the scanned account: not public, not cross-account.
        case(
            "SourceAccount is the caller's account",
            &[CALLER, &json(&[source_account])],
            "private",
            &[("BG121", Pass), ("BG124", Pass)],
        ),
        // A provider-computed ARN is a fixed value: the condition restricts (S3 "fixed values"),
        // as a known aws:SourceArn does.
        case(
            "SourceArn is a computed ARN",
            &[KMS, &json(&[source_arn_kms])],
            "private",
            &[("BG121", Pass), ("BG122", Pass), ("BG124", Pass)],
        ),
        // The same with a source account computed by the provider: which account is unknown.
        case(
            "SourceAccount is a computed value",
            &[
                KMS,
                &json(&[&source_arn_kms
                    .replace("ArnEquals", "StringEquals")
                    .replace("aws:SourceArn", "aws:SourceAccount")]),
            ],
            "unknown",
            &[("BG121", Pass), ("BG124", Undecided)],
        ),
        // A variable could be "*": the condition may not restrict.
        case(
            "SourceVpce from a variable",
            &[VAR_X, &json(&[source_vpce_var])],
            "unknown",
            &[("BG121", Undecided)],
        ),
        // The owner account's root is not cross-account.
        case(
            "principal is the caller's account",
            &[CALLER, &json(&[own_root])],
            "private",
            &[("BG124", Pass), ("BG121", Pass)],
        ),
        // arn:aws:iam::${var.x}:root is some account, never everyone.
        case(
            "principal account from a variable",
            &[VAR_X, &json(&[var_account])],
            "unknown",
            &[("BG121", Pass), ("BG122", Pass), ("BG124", Undecided)],
        ),
        // A wholly unknown principal could be "*".
        case(
            "principal from a variable",
            &[VAR_X, &json(&[var_principal])],
            "unknown",
            &[("BG121", Undecided)],
        ),
        // A Deny on a KMS key condition is known as far as exposure goes.
        case(
            "KMS key ARN in a Deny condition",
            &[KMS, &json(&[PUBLIC_GET, kms_deny, TLS_DENY])],
            "public-read",
            &[("BG122", Fail), ("BG121", Pass), ("BG203", Pass)],
        ),
        // With block_public_policy and restrict_public_buckets no policy is public: an unknown
        // policy can only be cross-account.
        case(
            "unknown policy behind a full block",
            &[VAR_X, &policy("var.x"), &block([true, true, true, true])],
            "unknown",
            &[("BG124", Undecided)],
        ),
        case(
            "unknown policy behind a full block, cross-account proven elsewhere",
            &[
                VAR_X,
                &policy("var.x"),
                &block([true, true, true, true]),
                "resource \"aws_s3_bucket_acl\" \"g\" {\n  bucket = aws_s3_bucket.b.id\n  access_control_policy {\n    owner {\n      id = \"ownerid\"\n    }\n    grant {\n      permission = \"READ\"\n      grantee {\n        type = \"CanonicalUser\"\n        id = \"otherid\"\n      }\n    }\n  }\n}\n",
            ],
            "cross-account",
            &[],
        ),
        // A dynamic statement whose for_each is unknown is an unknown statement; the known Deny
        // stands.
        case(
            "dynamic statement with unknown for_each",
            &[
                VAR_X,
                &policy("data.aws_iam_policy_document.d.json"),
                &doc_with_dynamic(),
            ],
            "unknown",
            &[("BG203", Pass), ("BG121", Undecided)],
        ),
        // An unknown source document adds unknown statements; the document's own stay known.
        case(
            "unknown source_policy_documents entry",
            &[VAR_X, &policy("data.aws_iam_policy_document.s.json"), SOURCE_DOC],
            "unknown",
            &[("BG203", Pass), ("BG122", Fail)],
        ),
        // A heredoc JSON template: holes inside JSON strings keep the rest of the document.
        case(
            "heredoc template with a partition",
            &[PARTITION, &policy(HEREDOC)],
            "public-read",
            &[("BG122", Fail), ("BG203", Pass)],
        ),
        // Grants: a canonical user is never a public group, whatever its id.
        case(
            "grant to a canonical user from a variable",
            &[VAR_X, &grant("var.x")],
            "unknown",
            &[
                ("BG101", Pass),
                ("BG103", Pass),
                ("BG104", Pass),
                ("BG105", Pass),
                ("BG107", Undecided),
            ],
        ),
        // data.aws_canonical_user_id is the owner's own canonical user.
        case(
            "grant to the owner's canonical user",
            &[
                "data \"aws_canonical_user_id\" \"me\" {}\n",
                &grant("data.aws_canonical_user_id.me.id"),
            ],
            "private",
            &[("BG107", Pass)],
        ),
        // CloudFront's log delivery canonical user writes logs: not exposure.
        case(
            "grant to CloudFront log delivery",
            &[
                "data \"aws_cloudfront_log_delivery_canonical_user_id\" \"cf\" {}\n",
                &grant("data.aws_cloudfront_log_delivery_canonical_user_id.cf.id"),
            ],
            "private",
            &[("BG107", Pass)],
        ),
        // The ELB log delivery account is an AWS principal that writes logs: not exposure.
        case(
            "ELB service account principal",
            &[
                "data \"aws_elb_service_account\" \"elb\" {}\n",
                &json(&[
                    r#"{Effect = "Allow", Principal = {AWS = data.aws_elb_service_account.elb.arn}, Action = "s3:PutObject", Resource = "arn:aws:s3:::pk-b/*"}"#,
                ]),
            ],
            "private",
            &[("BG124", Pass), ("BG121", Pass)],
        ),
        // The owner's organization: other accounts of it are let in (cross-account), never everyone.
        case(
            "PrincipalOrgID of the owner's organization",
            &[
                "data \"aws_organizations_organization\" \"o\" {}\n",
                &json(&[
                    r#"{Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::pk-b/*", Condition = {StringEquals = {"aws:PrincipalOrgID" = data.aws_organizations_organization.o.id}}}"#,
                ]),
            ],
            "cross-account",
            &[("BG122", Pass), ("BG124", Fail)],
        ),
        // A region symbol in a fixed aws:SourceArn: the condition restricts.
        case(
            "SourceArn with region and account symbols",
            &[
                CALLER,
                "data \"aws_region\" \"r\" {}\n",
                &json(&[
                    r#"{Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = "arn:aws:s3:::pk-b/*", Condition = {ArnEquals = {"aws:SourceArn" = "arn:aws:logs:${data.aws_region.r.name}:${data.aws_caller_identity.me.account_id}:log-group:x"}}}"#,
                ]),
            ],
            "private",
            &[("BG121", Pass)],
        ),
        // Access point policies keep their known parts too (region and account symbols).
        case(
            "access point policy with symbols",
            &[
                CALLER,
                "data \"aws_region\" \"r\" {}\n",
                &access_point(AP_GET),
                &json(&[DELEGATE]),
            ],
            "public-read",
            &[],
        ),
        case(
            "access point policy with an unknown principal",
            &[
                VAR_X,
                &access_point(&AP_GET.replace(r#"Principal = "*""#, "Principal = var.x")),
                &json(&[DELEGATE]),
            ],
            "unknown",
            &[],
        ),
        // Size is a lower bound: a known part over 20 KB fails whatever the holes hold.
        case(
            "too large whatever the holes",
            &[VAR_X, &json(&[&big_statements(), unknown_resource_put])],
            "unknown",
            &[("BG123", Fail)],
        ),
        // Symbol holes have a bounded length: a small document with them is small.
        case(
            "small with symbols",
            &[CALLER, PARTITION, &json(&[own_root, partition_put])],
            "public-write",
            &[("BG123", Pass)],
        ),
    ]
}

const SOURCE_DOC: &str = r#"data "aws_iam_policy_document" "s" {
  source_policy_documents = [var.x]
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::pk-b/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::pk-b", "arn:aws:s3:::pk-b/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
"#;

const HEREDOC: &str = r#"<<EOF
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:${data.aws_partition.p.partition}:s3:::pk-b/*"},
  {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:${data.aws_partition.p.partition}:s3:::pk-b", "arn:${data.aws_partition.p.partition}:s3:::pk-b/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
]}
EOF"#;

fn doc_with_dynamic() -> String {
    SOURCE_DOC
        .replace("\"s\"", "\"d\"")
        .replace("  source_policy_documents = [var.x]\n", "")
        .replacen(
            "  statement {\n    effect    = \"Allow\"",
            "  dynamic \"statement\" {\n    for_each = var.x\n    content {\n      effect = \"Allow\"\n    }\n  }\n  statement {\n    effect    = \"Allow\"",
            1,
        )
        .replace("s3:GetObject", "s3:ListBucket")
}

/// An ACL granting READ to the canonical user `id` (an HCL expression).
fn grant(id: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_acl\" \"g\" {{\n  bucket = aws_s3_bucket.b.id\n  access_control_policy {{\n    \
         owner {{\n      id = \"ownerid\"\n    }}\n    grant {{\n      permission = \"READ\"\n      grantee {{\n        \
         type = \"CanonicalUser\"\n        id = {id}\n      }}\n    }}\n  }}\n}}\n"
    )
}

const AP_GET: &str = r#"{Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:${data.aws_region.r.name}:${data.aws_caller_identity.me.account_id}:accesspoint/ap/object/*"}"#;
const DELEGATE: &str = r#"{Effect = "Allow", Principal = {AWS = "*"}, Action = "*", Resource = ["arn:aws:s3:::pk-b", "arn:aws:s3:::pk-b/*"], Condition = {StringEquals = {"s3:DataAccessPointAccount" = "111122223333"}}}"#;

/// An access point on the bucket with every public access block flag off and this statement.
fn access_point(statement: &str) -> String {
    format!(
        "resource \"aws_s3_access_point\" \"ap\" {{\n  bucket = aws_s3_bucket.b.id\n  name   = \"ap\"\n  \
         public_access_block_configuration {{\n    block_public_acls = false\n    block_public_policy = false\n    \
         ignore_public_acls = false\n    restrict_public_buckets = false\n  }}\n  \
         policy = jsonencode({{Version = \"2012-10-17\", Statement = [{statement}]}})\n}}\n"
    )
}

/// Known statements that take more than 20 KB.
fn big_statements() -> String {
    (0..120)
        .map(|i| {
            format!(
                r#"{{Sid = "S{i}", Effect = "Deny", Principal = "*", Action = "s3:DeleteObject", Resource = "arn:aws:s3:::pk-b/some/rather/long/prefix/number/{i}/*", Condition = {{StringNotEquals = {{"aws:PrincipalArn" = "arn:aws:iam::111122223333:role/role-{i}"}}}}}}"#
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn scan_config(dir: &std::path::Path, config: &str) -> bucketguard::ScanResult {
    std::fs::write(dir.join("main.tf"), config).unwrap();
    let mut settings = Settings::new(vec![dir.to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = PathBuf::from(dir);
    scan(&settings)
}

#[test]
fn known_parts_decide() {
    let mut failures = Vec::new();
    for c in cases() {
        let tmp = tempfile::tempdir().unwrap();
        let result = scan_config(tmp.path(), &c.config);
        assert!(result.errors.is_empty(), "{}: {:?}", c.name, result.errors);
        let e = result
            .exposures
            .iter()
            .find(|e| e.bucket == "aws_s3_bucket.b")
            .unwrap_or_else(|| panic!("{}: no exposure", c.name));
        if e.verdict.as_str() != c.verdict {
            let reasons: Vec<String> = e.reasons.iter().map(bucketguard::exposure::describe).collect();
            failures.push(format!(
                "{}: verdict {} (want {})\n    {}",
                c.name,
                e.verdict,
                c.verdict,
                reasons.join("\n    ")
            ));
        }
        for (id, want) in &c.checks {
            let got = outcome(&result, id);
            if got != *want {
                let why: Vec<&str> = result
                    .undecided
                    .iter()
                    .filter(|u| u.policy.meta.id == *id)
                    .map(|u| &*u.reason)
                    .collect();
                failures.push(format!("{}: {id} {got:?} (want {want:?}) {why:?}", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A partly known string never reaches a consumer that wants a plain value: a bucket name or an
/// encryption algorithm with a symbol or hole in it is unknown, not the known text.
#[test]
fn partial_strings_do_not_leak_into_plain_values() {
    let config = format!(
        "{CALLER}{VAR_X}resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"logs-${{data.aws_caller_identity.me.account_id}}\"\n}}\n\
         resource \"aws_s3_bucket_server_side_encryption_configuration\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
         rule {{\n    apply_server_side_encryption_by_default {{\n      sse_algorithm = \"aws:${{var.x}}\"\n    }}\n  }}\n}}\n"
    );
    let tmp = tempfile::tempdir().unwrap();
    let result = scan_config(tmp.path(), &config);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let b = result
        .buckets
        .iter()
        .find(|b| b.address == "aws_s3_bucket.b")
        .unwrap();
    assert!(
        matches!(&b.name, bucketguard::model::Value::Unknown(r, _) if r.contains("aws_caller_identity")),
        "{:?}",
        b.name
    );
    // BG201 (no default encryption) and BG202 (not KMS) must not read "aws:<hole>" as a value.
    for id in ["BG201", "BG202"] {
        assert_ne!(outcome(&result, id), O::Fail, "{id}");
    }
}

/// A real plan (`tools/tf-plan-json`, Terraform 1.11, AWS provider 5.100): `data.aws_partition`
/// is read at plan time, the bucket ARN in the public statement is not known until apply. The
/// rebuilt policy document keeps its known statements, so the checks decide; the sources decide
/// the verdict too (there the ARN is known and the partition is a symbol).
#[test]
fn a_plan_with_an_unknown_arn_keeps_its_known_statements() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/partial-knowledge");
    for (input, verdict) in [
        (dir.join("plan.partial.json"), "unknown"),
        (dir.join("main.tf"), "public-read"),
    ] {
        let mut settings = Settings::new(vec![input.clone()], env!("CARGO_MANIFEST_DIR").into());
        settings.root = dir.clone();
        let result = scan(&settings);
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        for (id, want) in [("BG121", O::Pass), ("BG122", O::Fail), ("BG203", O::Pass)] {
            assert_eq!(outcome(&result, id), want, "{} {id}", input.display());
        }
        assert_eq!(
            result.exposures[0].verdict.as_str(),
            verdict,
            "{}",
            input.display()
        );
    }
}
