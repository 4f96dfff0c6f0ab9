//! Security decisions pinned one by one: each test scans a small Terraform configuration through
//! the public API and checks the finding, the undecided verdict or the exposure S3 would give.
//! Written to kill the mutants cargo-mutants left alive (bench/MUTANTS.md), so each test names
//! the AWS or Terraform behaviour it pins.

use std::collections::BTreeSet;

use bucketguard::scan::ScanResult;

mod support;
use support::scan::{
    acl, acl_grant, findings, has, is_undecided, policy, reasons, scan_tf, scan_with, undecided, verdict,
};

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"dec-b\"\n}\n";
const B: &str = "aws_s3_bucket.b";

/// A bucket policy whose document is a variable with no value: not known to the scan.
const UNKNOWN_POLICY: &str = "variable \"p\" {\n  type = string\n}\n\
    resource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  policy = var.p\n}\n";

const TLS_DENY: &str = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::dec-b", "arn:aws:s3:::dec-b/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#;

/// A proven public-write ACL is the worst access there is: an unknown bucket policy cannot make
/// the bucket any worse (and an Allow cannot take the ACL's grant away), so it stays public-write.
#[test]
fn proven_public_write_is_not_hidden_by_an_unknown_policy() {
    let r = scan_tf(&format!("{BUCKET}{}{UNKNOWN_POLICY}", acl("public-read-write")));
    assert_eq!(verdict(&r, B), "public-write");
    // A lesser proven level is not the worst: the unknown policy may grant more.
    let r = scan_tf(&format!("{BUCKET}{}{UNKNOWN_POLICY}", acl("public-read")));
    assert_eq!(verdict(&r, B), "unknown");
}

const EXT: &str = "external:ext-b";

fn versioning(bucket: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_versioning\" \"e\" {{\n  bucket = {bucket}\n  versioning_configuration {{\n    \
         status = \"Enabled\"\n  }}\n}}\n"
    )
}

/// A bucket created elsewhere may have any setting the scan does not write: the checks that
/// fail on an absent setting are undecided for it, the settings written are checked.
#[test]
fn an_external_bucket_is_undecided_only_for_what_the_scan_does_not_configure() {
    let r = scan_tf(&versioning("\"ext-b\""));
    for id in ["BG106", "BG111", "BG201", "BG203", "BG301"] {
        assert!(is_undecided(&r, id, EXT), "{id}: {:?}", undecided(&r));
        assert!(!has(&r, id, EXT), "{id}: {:?}", findings(&r));
    }
    // Versioning is written (Enabled): decided, and it passes.
    assert!(!is_undecided(&r, "BG401", EXT) && !has(&r, "BG401", EXT));
    // Configured by its logging alone, its versioning is what is not known.
    let logging = "resource \"aws_s3_bucket_logging\" \"e\" {\n  bucket        = \"ext-b\"\n  \
        target_bucket = \"logs\"\n  target_prefix = \"ext/\"\n}\n";
    let r = scan_tf(logging);
    assert!(is_undecided(&r, "BG401", EXT), "{:?}", undecided(&r));
    assert!(!has(&r, "BG401", EXT) && !is_undecided(&r, "BG301", EXT));
}

/// The same checks decide once the scan writes the setting: a bucket block, or an account-level
/// block (which covers every bucket of the account), server access logging, default encryption.
#[test]
fn an_external_bucket_is_checked_for_what_the_scan_configures() {
    let pab = "resource \"aws_s3_bucket_public_access_block\" \"e\" {\n  bucket = \"ext-b\"\n  \
        block_public_acls       = true\n  block_public_policy     = true\n  \
        ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n";
    let account = "resource \"aws_s3_account_public_access_block\" \"a\" {\n  \
        block_public_acls       = true\n  block_public_policy     = true\n  \
        ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n";
    let logging = "resource \"aws_s3_bucket_logging\" \"e\" {\n  bucket        = \"ext-b\"\n  \
        target_bucket = \"logs\"\n  target_prefix = \"ext/\"\n}\n";
    let sse = "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"e\" {\n  \
        bucket = \"ext-b\"\n  rule {\n    apply_server_side_encryption_by_default {\n      \
        sse_algorithm = \"aws:kms\"\n    }\n  }\n}\n";
    let base = versioning("\"ext-b\"");
    for (what, extra, id) in [
        ("bucket block", pab, "BG111"),
        ("account block", account, "BG111"),
        ("logging", logging, "BG301"),
        ("encryption", sse, "BG201"),
    ] {
        let r = scan_tf(&format!("{base}{extra}"));
        assert!(!is_undecided(&r, id, EXT), "{what}: {:?}", undecided(&r));
        assert!(!has(&r, id, EXT), "{what}: {:?}", findings(&r));
    }
}

/// A bucket policy given as an HCL string whose JSON text is exactly `size` bytes long.
fn policy_of_size(size: usize) -> String {
    let head = r#"{"Version":"2012-10-17","Statement":[{"Sid":""#;
    let tail =
        r#"","Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::dec-b"}]}"#;
    let json = format!("{head}{}{tail}", "P".repeat(size - head.len() - tail.len()));
    assert_eq!(json.len(), size);
    format!(
        "resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = \"{}\"\n}}\n",
        json.replace('"', "\\\"")
    )
}

/// S3 accepts a bucket policy of up to 20 KB (20,480 bytes) and rejects a longer one
/// (PolicyTooLarge): the limit itself still applies (BG123).
#[test]
fn a_policy_of_exactly_20_kb_is_within_the_limit() {
    let r = scan_tf(&format!("{BUCKET}{}", policy_of_size(20 * 1024)));
    assert!(!has(&r, "BG123", B), "{:?}", findings(&r));
    let r = scan_tf(&format!("{BUCKET}{}", policy_of_size(20 * 1024 + 1)));
    assert!(has(&r, "BG123", B), "{:?}", findings(&r));
}

/// Every policy, the opt-in ones included.
fn scan_all_policies(config: &str) -> ScanResult {
    scan_with(config, |s| {
        s.policies = bucketguard::policy::all().iter().collect()
    })
}

/// BG403: deletes need MFA only when a Deny on s3:DeleteObject applies to requests without it —
/// `Bool aws:MultiFactorAuthPresent = false` or `Null aws:MultiFactorAuthAge = true`. An Allow
/// with the same condition denies nothing, a Deny on other actions leaves deletes alone, and
/// `MultiFactorAuthPresent = true` denies the requests that do use MFA.
#[test]
fn mfa_delete_is_required_only_by_a_deny_on_deletes_without_mfa() {
    let st = |effect: &str, action: &str, cond: &str| {
        format!(
            r#"{{"Effect": "{effect}", "Principal": "*", "Action": "{action}", "Resource": "arn:aws:s3:::dec-b/*", "Condition": {cond}}}"#
        )
    };
    let no_mfa = r#"{"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#;
    let no_age = r#"{"Null": {"aws:MultiFactorAuthAge": "true"}}"#;
    for (what, statement, required) in [
        ("deny without MFA", st("Deny", "s3:DeleteObject", no_mfa), true),
        (
            "deny without MFA age",
            st("Deny", "s3:DeleteObject", no_age),
            true,
        ),
        ("deny s3:Delete*", st("Deny", "s3:Delete*", no_mfa), true),
        ("allow without MFA", st("Allow", "s3:DeleteObject", no_mfa), false),
        ("deny reads", st("Deny", "s3:GetObject", no_mfa), false),
        (
            "deny with MFA",
            st(
                "Deny",
                "s3:DeleteObject",
                r#"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
            ),
            false,
        ),
        (
            "deny with an MFA age",
            st(
                "Deny",
                "s3:DeleteObject",
                r#"{"Null": {"aws:MultiFactorAuthAge": "false"}}"#,
            ),
            false,
        ),
    ] {
        let r = scan_all_policies(&format!("{BUCKET}{}", policy(&statement)));
        assert_eq!(!has(&r, "BG403", B), required, "{what}: {:?}", findings(&r));
    }
}

/// The finding and its related locations' messages.
fn finding<'a>(r: &'a ScanResult, id: &str, bucket: &str) -> &'a bucketguard::finding::Finding {
    r.findings
        .iter()
        .find(|f| f.policy.meta.id == id && *f.bucket == *bucket)
        .unwrap_or_else(|| panic!("no {id} on {bucket}: {:?}", findings(r)))
}

/// An ACL written in a separate aws_s3_bucket_acl points back at the bucket it configures; an
/// ACL written in the bucket block itself needs no such pointer. The grantee is named as the S3
/// console names it.
#[test]
fn acl_findings_point_at_the_bucket_of_a_separate_acl_resource() {
    let grantee = "type = \"Group\"\n        \
        uri  = \"http://acs.amazonaws.com/groups/global/AuthenticatedUsers\"";
    let r = scan_tf(&format!("{BUCKET}{}", acl_grant("WRITE", grantee)));
    let f = finding(&r, "BG102", B);
    let related: Vec<&str> = f.related.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(related, ["the bucket aws_s3_bucket.b"]);
    let message = f.message().to_string();
    assert!(
        message.contains("grant of WRITE to Authenticated users (AuthenticatedUsers, any AWS account)"),
        "{message}"
    );
    let inline = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"dec-b\"\n  acl    = \"public-read\"\n}\n";
    let r = scan_tf(inline);
    assert!(finding(&r, "BG103", B).related.is_empty());
}

/// A bucket defined elsewhere whose ACL and policy are both written in the scan has nothing
/// unseen left that could expose it: the written (private) ACL and policy decide. Leave one of
/// them out and what the bucket may have there is not known.
#[test]
fn an_external_bucket_with_acl_and_policy_written_is_decided_by_them() {
    let acl = "resource \"aws_s3_bucket_acl\" \"e\" {\n  bucket = \"ext-b\"\n  acl    = \"private\"\n}\n";
    let pol = format!(
        "resource \"aws_s3_bucket_policy\" \"e\" {{\n  bucket = \"ext-b\"\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{TLS_DENY}]}}\nEOF\n}}\n"
    );
    let r = scan_tf(&format!("{acl}{pol}"));
    assert_eq!(verdict(&r, EXT), "private");
    assert_eq!(verdict(&scan_tf(acl), EXT), "unknown");
    assert_eq!(verdict(&scan_tf(&pol), EXT), "unknown");
}

/// NotResource applies a statement to every resource but the ones listed: an Allow of
/// s3:GetObject to everyone with NotResource naming only the bucket ARN still covers every
/// object, so the bucket is public-read.
#[test]
fn not_resource_excluding_the_bucket_arn_still_reaches_the_objects() {
    let st = |not_resource: &str| {
        format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": "{not_resource}"}}"#
        )
    };
    let r = scan_tf(&format!("{BUCKET}{}", policy(&st("arn:aws:s3:::dec-b"))));
    assert_eq!(verdict(&r, B), "public-read");
}

/// The exposure's reasons as `--explain` words them.
/// An unconditional Deny of s3:PutObject takes the write out of a public Allow of reads and
/// writes (the bucket is public-read, not public-write), and the reason says so; an Allow the
/// Deny does not touch is explained without it.
#[test]
fn a_deny_that_removes_writes_is_named_in_the_reason() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::dec-b/*"}"#;
    let deny_put = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": ["arn:aws:s3:::dec-b", "arn:aws:s3:::dec-b/*"]}"#;
    let removed = "(a Deny statement removes its write actions)";
    let r = scan_tf(&format!("{BUCKET}{}", policy(&format!("{allow}, {deny_put}"))));
    assert_eq!(verdict(&r, B), "public-read");
    assert!(
        reasons(&r, B).iter().any(|m| m.contains(removed)),
        "{:?}",
        reasons(&r, B)
    );
    let r = scan_tf(&format!("{BUCKET}{}", policy(allow)));
    assert_eq!(verdict(&r, B), "public-write");
    assert!(
        reasons(&r, B).iter().all(|m| !m.contains(removed)),
        "{:?}",
        reasons(&r, B)
    );
}

/// An access point over `aws_s3_bucket.b` with this policy statement and its own block all off.
fn open_access_point(statement: &str) -> String {
    format!(
        "resource \"aws_s3_access_point\" \"ap\" {{\n  bucket = aws_s3_bucket.b.id\n  name   = \"ap\"\n  \
         public_access_block_configuration {{\n    block_public_acls       = false\n    \
         block_public_policy     = false\n    ignore_public_acls      = false\n    \
         restrict_public_buckets = false\n  }}\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{statement}]}}\nEOF\n}}\n"
    )
}

/// An access point's public policy takes effect when the bucket policy delegates access control
/// to access points (`s3:DataAccessPointAccount`) and no block limits it: reads make the bucket
/// public-read, writes public-write, and the reason says which.
#[test]
fn a_public_access_point_policy_exposes_a_delegating_bucket() {
    let delegate = r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": ["arn:aws:s3:::dec-b", "arn:aws:s3:::dec-b/*"], "Condition": {"StringEquals": {"s3:DataAccessPointAccount": "111122223333"}}}"#;
    for (action, level, verb) in [
        ("s3:GetObject", "public-read", "read"),
        ("s3:PutObject", "public-write", "write"),
    ] {
        let ap = open_access_point(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "{action}", "Resource": "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"}}"#
        ));
        let r = scan_tf(&format!("{BUCKET}{}{ap}", policy(delegate)));
        assert_eq!(verdict(&r, B), level, "{action}");
        let want = format!("access point policy in aws_s3_access_point.ap allows {verb} access to anyone");
        assert!(
            reasons(&r, B).iter().any(|m| m.starts_with(&want)),
            "{:?}",
            reasons(&r, B)
        );
    }
}

/// NotAction and NotResource in a Deny: the statement applies to every action or resource but
/// the listed ones. A Deny of everything but s3:GetObject covers s3:DeleteObject (BG403); a TLS
/// Deny with NotResource naming another bucket covers this bucket and all its objects (BG203),
/// one that excludes this bucket's objects does not.
#[test]
fn not_action_and_not_resource_denies_cover_what_they_do_not_list() {
    let no_mfa = r#"{"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#;
    for (not_action, required) in [("s3:GetObject", true), ("s3:DeleteObject", false)] {
        let st = format!(
            r#"{{"Effect": "Deny", "Principal": "*", "NotAction": "{not_action}", "Resource": "arn:aws:s3:::dec-b/*", "Condition": {no_mfa}}}"#
        );
        let r = scan_all_policies(&format!("{BUCKET}{}", policy(&st)));
        assert_eq!(
            !has(&r, "BG403", B),
            required,
            "NotAction {not_action}: {:?}",
            findings(&r)
        );
    }
    for (not_resource, enforced) in [
        ("arn:aws:s3:::other-bucket", true),
        ("arn:aws:s3:::other-bucket/*", true),
        ("arn:aws:s3:::dec-b/*", false),
        ("arn:aws:s3:::dec-b/private/*", false),
    ] {
        let st = format!(
            r#"{{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "NotResource": "{not_resource}", "Condition": {{"Bool": {{"aws:SecureTransport": "false"}}}}}}"#
        );
        let r = scan_tf(&format!("{BUCKET}{}", policy(&st)));
        assert_eq!(
            !has(&r, "BG203", B),
            enforced,
            "NotResource {not_resource}: {:?}",
            findings(&r)
        );
    }
}

fn ids(r: &ScanResult) -> BTreeSet<String> {
    r.findings.iter().map(|f| f.policy.meta.id.clone()).collect()
}

/// BG601 needs both AWS Config managed rules (public read and public write prohibited); BG603
/// counts a Macie account as enabled unless its status is PAUSED (ENABLED is the default).
#[test]
fn account_monitoring_reads_config_rules_and_macie_status() {
    let rule = |name: &str, id: &str| {
        format!(
            "resource \"aws_config_config_rule\" \"{name}\" {{\n  name = \"{name}\"\n  source {{\n    \
             owner             = \"AWS\"\n    source_identifier = \"{id}\"\n  }}\n}}\n"
        )
    };
    let read = rule("r", "S3_BUCKET_PUBLIC_READ_PROHIBITED");
    let write = rule("w", "S3_BUCKET_PUBLIC_WRITE_PROHIBITED");
    let macie = |status: &str| format!("resource \"aws_macie2_account\" \"m\" {{\n{status}}}\n");
    let both = "S3_BUCKET_PUBLIC_READ_PROHIBITED or S3_BUCKET_PUBLIC_WRITE_PROHIBITED";
    for (what, config, bg601, bg603) in [
        ("both rules", format!("{read}{write}"), None, true),
        (
            "read rule only",
            read.clone(),
            Some("S3_BUCKET_PUBLIC_WRITE_PROHIBITED"),
            true,
        ),
        (
            "write rule only",
            write.clone(),
            Some("S3_BUCKET_PUBLIC_READ_PROHIBITED"),
            true,
        ),
        ("macie default", macie(""), Some(both), false),
        (
            "macie enabled",
            macie("  status = \"ENABLED\"\n"),
            Some(both),
            false,
        ),
        ("macie paused", macie("  status = \"PAUSED\"\n"), Some(both), true),
    ] {
        let r = scan_all_policies(&format!("{BUCKET}{config}"));
        // The finding names the rules that are missing, and only those.
        let bg601_message = r
            .findings
            .iter()
            .find(|f| f.policy.meta.id == "BG601")
            .map(|f| f.message().to_string());
        let expected = bg601.map(|missing| {
            format!(
                "no aws_config_config_rule with the managed rule {missing} in the scan, so a bucket made \
                 public outside Terraform goes unnoticed (first bucket of the scan: aws_s3_bucket.b)"
            )
        });
        assert_eq!(bg601_message, expected, "{what}");
        assert_eq!(ids(&r).contains("BG603"), bg603, "{what}: BG603 {:?}", ids(&r));
    }
}

/// BG302: a trail records S3 data events for the bucket when a data resource ARN is the bucket's
/// (`arn:aws:s3:::dec-b/`, or a prefix inside it) or covers every bucket (`arn:aws:s3:::`); a
/// trail for another bucket does not.
#[test]
fn cloudtrail_data_events_cover_the_bucket_by_its_arn() {
    let trail = |value: &str| {
        format!(
            "resource \"aws_cloudtrail\" \"t\" {{\n  name           = \"t\"\n  s3_bucket_name = \"trail-logs\"\n  \
             event_selector {{\n    data_resource {{\n      type   = \"AWS::S3::Object\"\n      \
             values = [\"{value}\"]\n    }}\n  }}\n}}\n"
        )
    };
    for (value, recorded) in [
        ("arn:aws:s3:::dec-b/", true),
        ("arn:aws:s3:::dec-b/logs/", true),
        ("arn:aws:s3:::", true),
        ("arn:aws:s3:::other-bucket/", false),
        ("arn:aws:s3:::dec-bb/", false),
    ] {
        let r = scan_tf(&format!("{BUCKET}{}", trail(value)));
        assert_eq!(!has(&r, "BG302", B), recorded, "{value}: {:?}", findings(&r));
    }
}

/// How a finding fares: `effective`, `ineffective` or `rejected-at-apply`.
fn neutralization(r: &ScanResult, id: &str, bucket: &str) -> &'static str {
    use bucketguard::finding::Neutralized;
    match finding(r, id, bucket).neutralized_by.as_deref() {
        None => "effective",
        Some(Neutralized::Ineffective(_)) => "ineffective",
        Some(Neutralized::RejectedAtApply(_)) => "rejected-at-apply",
    }
}

/// A Deny for everyone outside account 444455556666 takes the public Allow away (BG122 is
/// ineffective, neutralized by the Deny), and leaves that account's own Allow in force: the
/// bucket is cross-account, and the account's Allow at the same place does not make the public
/// finding effective.
#[test]
fn a_deny_outside_one_account_neutralizes_the_public_allow_beside_its_own() {
    let public = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::dec-b/*"}"#;
    let other = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::dec-b/*"}"#;
    let outside = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::dec-b", "arn:aws:s3:::dec-b/*"], "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "444455556666"}}}"#;
    let r = scan_tf(&format!(
        "{BUCKET}{}",
        policy(&format!("{public}, {other}, {outside}"))
    ));
    assert_eq!(verdict(&r, B), "cross-account");
    assert_eq!(neutralization(&r, "BG122", B), "ineffective");
}

/// A bucket defined outside the scan may have BucketOwnerEnforced, which disables ACLs: a public
/// ACL written for it is of unknown effect until the scan writes its ownership (and its public
/// access block and its policy, which are otherwise not known either).
#[test]
fn an_external_buckets_acl_depends_on_its_unseen_ownership() {
    let acl = "resource \"aws_s3_bucket_acl\" \"e\" {\n  bucket = \"ext-b\"\n  acl    = \"public-read\"\n}\n";
    let own = |x: &str| {
        format!(
            "resource \"aws_s3_bucket_ownership_controls\" \"e\" {{\n  bucket = \"ext-b\"\n  rule {{\n    \
             object_ownership = \"{x}\"\n  }}\n}}\n"
        )
    };
    let pab = "resource \"aws_s3_bucket_public_access_block\" \"e\" {\n  bucket = \"ext-b\"\n  \
        block_public_acls       = false\n  block_public_policy     = false\n  \
        ignore_public_acls      = false\n  restrict_public_buckets = false\n}\n";
    let pol = format!(
        "resource \"aws_s3_bucket_policy\" \"e\" {{\n  bucket = \"ext-b\"\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{TLS_DENY}]}}\nEOF\n}}\n"
    );
    assert_eq!(verdict(&scan_tf(&format!("{acl}{pab}{pol}")), EXT), "unknown");
    let r = scan_tf(&format!("{acl}{pab}{pol}{}", own("ObjectWriter")));
    assert_eq!(verdict(&r, EXT), "public-read");
}

/// A bucket ACL grant to one canonical user: another account's is cross-account access (BG107);
/// the owner's own canonical user (`data.aws_canonical_user_id`) and CloudFront's log delivery
/// user (`data.aws_cloudfront_log_delivery_canonical_user_id`) are not exposure.
#[test]
fn canonical_user_grants_are_cross_account_unless_owner_or_log_delivery() {
    let data = "data \"aws_canonical_user_id\" \"me\" {}\n\
        data \"aws_cloudfront_log_delivery_canonical_user_id\" \"cf\" {}\n";
    let grant = |id: &str| {
        format!(
            "resource \"aws_s3_bucket_acl\" \"g\" {{\n  bucket = aws_s3_bucket.b.id\n  \
             access_control_policy {{\n    owner {{\n      id = data.aws_canonical_user_id.me.id\n    }}\n    \
             grant {{\n      permission = \"FULL_CONTROL\"\n      grantee {{\n        \
             type = \"CanonicalUser\"\n        id   = {id}\n      }}\n    }}\n  }}\n}}\n"
        )
    };
    let other = "\"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\"";
    for (what, id, level) in [
        ("another account", other, "cross-account"),
        ("the owner", "data.aws_canonical_user_id.me.id", "private"),
        (
            "CloudFront logs",
            "data.aws_cloudfront_log_delivery_canonical_user_id.cf.id",
            "private",
        ),
    ] {
        let r = scan_tf(&format!("{BUCKET}{data}{}", grant(id)));
        assert_eq!(verdict(&r, B), level, "{what}: {:?}", reasons(&r, B));
        assert_eq!(
            has(&r, "BG107", B),
            level == "cross-account",
            "{what}: {:?}",
            findings(&r)
        );
    }
}

/// A statement reaches this bucket only through a Resource that matches it or its objects: an
/// Allow to everyone on another bucket's objects gives nothing here.
#[test]
fn an_allow_on_another_buckets_objects_gives_nothing_here() {
    let st = |resource: &str| {
        format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "{resource}"}}"#
        )
    };
    for (resource, level) in [
        ("arn:aws:s3:::other-bucket/*", "private"),
        ("arn:aws:s3:::dec-bb/*", "private"),
        ("arn:aws:s3:::dec-*/*", "public-read"),
        ("arn:aws:s3:::dec-b/public/*", "public-read"),
    ] {
        let r = scan_tf(&format!("{BUCKET}{}", policy(&st(resource))));
        assert_eq!(verdict(&r, B), level, "{resource}");
    }
}

/// `StringNotEquals aws:PrincipalAccount` in a Deny denies every account but the listed ones: an
/// Allow to an account outside the list is denied (private), one to a listed account stands.
#[test]
fn a_deny_outside_listed_accounts_removes_an_allow_to_other_accounts() {
    let allow = |account: &str| {
        format!(
            r#"{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{account}:root"}}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::dec-b/*"}}"#
        )
    };
    let outside = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::dec-b", "arn:aws:s3:::dec-b/*"], "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "444455556666"}}}"#;
    for (account, level) in [("777788889999", "private"), ("444455556666", "cross-account")] {
        let r = scan_tf(&format!(
            "{BUCKET}{}",
            policy(&format!("{}, {outside}", allow(account)))
        ));
        assert_eq!(verdict(&r, B), level, "{account}");
    }
}

/// BG113: an access point's own block defaults to all on; a flag set to false fails, a flag the
/// scan cannot know (a variable without a value) is undecided, not passed.
#[test]
fn access_point_block_flags_false_fail_and_unknown_are_undecided() {
    let ap = |flag: &str| {
        format!(
            "variable \"flag\" {{\n  type = bool\n}}\n\
             resource \"aws_s3_access_point\" \"ap\" {{\n  bucket = aws_s3_bucket.b.id\n  name   = \"ap\"\n  \
             public_access_block_configuration {{\n    block_public_acls       = true\n    \
             block_public_policy     = {flag}\n    ignore_public_acls      = true\n    \
             restrict_public_buckets = true\n  }}\n}}\n"
        )
    };
    let r = scan_tf(&format!("{BUCKET}{}", ap("true")));
    assert!(!has(&r, "BG113", B) && !is_undecided(&r, "BG113", B));
    let r = scan_tf(&format!("{BUCKET}{}", ap("false")));
    assert!(has(&r, "BG113", B), "{:?}", findings(&r));
    let r = scan_tf(&format!("{BUCKET}{}", ap("var.flag")));
    assert!(!has(&r, "BG113", B), "{:?}", findings(&r));
    assert!(is_undecided(&r, "BG113", B), "{:?}", undecided(&r));
}

/// BG301: a bucket that receives another bucket's access logs is the log bucket, not a bucket
/// that needs logging of its own (logging a log bucket into itself loops); a bucket with logging
/// passes; one with neither fails.
#[test]
fn access_logging_passes_for_logged_buckets_and_log_targets() {
    let config = format!(
        "{BUCKET}resource \"aws_s3_bucket\" \"logs\" {{\n  bucket = \"dec-logs\"\n}}\n\
         resource \"aws_s3_bucket\" \"plain\" {{\n  bucket = \"dec-plain\"\n}}\n\
         resource \"aws_s3_bucket_logging\" \"b\" {{\n  bucket        = aws_s3_bucket.b.id\n  \
         target_bucket = aws_s3_bucket.logs.id\n  target_prefix = \"b/\"\n}}\n"
    );
    let r = scan_tf(&config);
    assert!(!has(&r, "BG301", B), "{:?}", findings(&r));
    assert!(!has(&r, "BG301", "aws_s3_bucket.logs"), "{:?}", findings(&r));
    assert!(has(&r, "BG301", "aws_s3_bucket.plain"), "{:?}", findings(&r));
}

/// BG201: `dynamic "rule"` over a collection the scan cannot know may or may not declare a
/// default encryption: undecided, not failed. A declared rule passes.
#[test]
fn encryption_rules_from_an_unknown_collection_are_undecided() {
    let sse = |rule: &str| {
        format!(
            "variable \"rules\" {{\n  type = list(string)\n}}\n\
             resource \"aws_s3_bucket_server_side_encryption_configuration\" \"b\" {{\n  \
             bucket = aws_s3_bucket.b.id\n{rule}}}\n"
        )
    };
    let dynamic = "  dynamic \"rule\" {\n    for_each = var.rules\n    content {\n      \
        apply_server_side_encryption_by_default {\n        sse_algorithm = rule.value\n      }\n    }\n  }\n";
    let r = scan_tf(&format!("{BUCKET}{}", sse(dynamic)));
    assert!(!has(&r, "BG201", B), "{:?}", findings(&r));
    assert!(is_undecided(&r, "BG201", B), "{:?}", undecided(&r));
    let fixed = "  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = \"aws:kms\"\n    }\n  }\n";
    let r = scan_tf(&format!("{BUCKET}{}", sse(fixed)));
    assert!(!has(&r, "BG201", B) && !is_undecided(&r, "BG201", B));
}

/// BG402: with MFA delete enabled, whether versioning is enabled does not matter (MFA delete
/// only exists on a versioned bucket): a status the scan cannot know decides nothing then; with
/// MFA delete disabled it does.
#[test]
fn mfa_delete_enabled_needs_no_known_versioning_status() {
    let versioning = |mfa: &str| {
        format!(
            "variable \"status\" {{\n  type = string\n}}\n\
             resource \"aws_s3_bucket_versioning\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
             versioning_configuration {{\n    status     = var.status\n    mfa_delete = \"{mfa}\"\n  }}\n}}\n"
        )
    };
    let r = scan_tf(&format!("{BUCKET}{}", versioning("Enabled")));
    assert!(
        !has(&r, "BG402", B) && !is_undecided(&r, "BG402", B),
        "{:?}",
        undecided(&r)
    );
    let r = scan_tf(&format!("{BUCKET}{}", versioning("Disabled")));
    assert!(
        is_undecided(&r, "BG402", B),
        "{:?} {:?}",
        findings(&r),
        undecided(&r)
    );
}

/// BG112 on a block that leaves three flags unset: the finding points at the block once (the
/// unset flags share its place) and back at the bucket the separate block configures.
#[test]
fn unset_public_access_block_flags_share_one_location() {
    let pab = "resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  \
        block_public_acls = true\n}\n";
    let r = scan_tf(&format!("{BUCKET}{pab}"));
    let f = finding(&r, "BG112", B);
    let related: Vec<&str> = f.related.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(related, ["the bucket aws_s3_bucket.b"]);
}

/// `aws_iam_policy_document` merges `source_policy_documents` statement by statement, conditions
/// included (a single string value is a one-value condition): a TLS Deny written as JSON and
/// merged that way still enforces TLS (BG203), and the merged Allow to everyone is public.
#[test]
fn source_policy_documents_keep_their_conditions() {
    let config = format!(
        "{BUCKET}data \"aws_iam_policy_document\" \"d\" {{\n  source_policy_documents = [jsonencode({{\n    \
         Version = \"2012-10-17\"\n    Statement = [{{\n      Sid = \"TLS\", Effect = \"Deny\", Principal = \"*\", \
         Action = \"s3:*\",\n      Resource = [\"arn:aws:s3:::dec-b\", \"arn:aws:s3:::dec-b/*\"],\n      \
         Condition = {{ Bool = {{ \"aws:SecureTransport\" = \"false\" }} }}\n    }}]\n  }})]\n  \
         statement {{\n    sid = \"Read\"\n    principals {{\n      type        = \"*\"\n      \
         identifiers = [\"*\"]\n    }}\n    actions   = [\"s3:GetObject\"]\n    \
         resources = [\"arn:aws:s3:::dec-b/*\"]\n  }}\n}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
         policy = data.aws_iam_policy_document.d.json\n}}\n"
    );
    let r = scan_tf(&config);
    assert!(!has(&r, "BG203", B), "{:?}", findings(&r));
    assert!(has(&r, "BG122", B), "{:?}", findings(&r));
    assert_eq!(verdict(&r, B), "public-read");
}

/// A statement whose whole Condition is not known (`Condition = var.c`) leaves only that
/// statement open: a fully known Allow to everyone beside it is still proven public (BG122 fails
/// rather than being undecided); the write the open statement may give leaves BG121 and the
/// verdict undecided.
#[test]
fn an_unknown_condition_leaves_the_known_statements_decided() {
    let config = format!(
        "{BUCKET}variable \"c\" {{\n  type = any\n}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({{\n    \
         Version = \"2012-10-17\"\n    Statement = [\n      \
         {{ Effect = \"Allow\", Principal = \"*\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::dec-b/*\" }},\n      \
         {{ Effect = \"Allow\", Principal = \"*\", Action = \"s3:PutObject\", Resource = \"arn:aws:s3:::dec-b/*\", Condition = var.c }},\n    \
         ]\n  }})\n}}\n"
    );
    let r = scan_tf(&config);
    assert!(has(&r, "BG122", B), "{:?} {:?}", findings(&r), undecided(&r));
    assert!(
        is_undecided(&r, "BG121", B),
        "{:?} {:?}",
        findings(&r),
        undecided(&r)
    );
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
}

/// A policy known only in part leaves the checks it could fail undecided, and says why: the
/// reason names the value that is not known (here a variable without a value), not just that
/// something is. (Here: a Principal that may be `"*"`, so public reads are possible, not proven.)
#[test]
fn a_partly_known_policy_says_which_value_is_not_known() {
    let config = format!(
        "{BUCKET}variable \"who\" {{\n  type = string\n}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({{\n    \
         Version = \"2012-10-17\"\n    Statement = [{{ Effect = \"Allow\", Principal = {{ AWS = var.who }}, \
         Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::dec-b/*\" }}]\n  }})\n}}\n"
    );
    let r = scan_tf(&config);
    let u = r
        .undecided
        .iter()
        .find(|u| u.policy.meta.id == "BG122" && *u.bucket == *B)
        .unwrap_or_else(|| panic!("BG122 not undecided: {:?}", undecided(&r)));
    let why = u
        .reason
        .split_once("has parts that are not known: ")
        .map(|(_, why)| why)
        .unwrap_or_else(|| panic!("{}", u.reason));
    assert!(why.contains("var.who"), "{}", u.reason);
}

/// A bucket whose name is not known may be the one a partly known TLS Deny names, but only a
/// Deny whose Resource could name a bucket ARN (no `/`) and all its objects (ending in `*`) could
/// enforce TLS on it: a Deny on objects alone cannot, whatever its holes are, so BG203 fails
/// rather than being undecided.
#[test]
fn a_tls_deny_on_objects_alone_cannot_cover_a_bucket_of_unknown_name() {
    let config = |resources: &str| {
        format!(
            "variable \"name\" {{\n  type = string\n}}\n\
             resource \"aws_s3_bucket\" \"b\" {{\n  bucket = var.name\n}}\n\
             resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({{\n    \
             Version = \"2012-10-17\"\n    Statement = [{{ Effect = \"Deny\", Principal = \"*\", Action = \"s3:*\", \
             Resource = [{resources}], Condition = {{ Bool = {{ \"aws:SecureTransport\" = \"false\" }} }} }}]\n  }})\n}}\n"
        )
    };
    let r = scan_tf(&config("\"arn:aws:s3:::${var.name}/*\""));
    assert!(has(&r, "BG203", B), "{:?} {:?}", findings(&r), undecided(&r));
    let r = scan_tf(&config(
        "\"arn:aws:s3:::${var.name}\", \"arn:aws:s3:::${var.name}/*\"",
    ));
    assert!(!has(&r, "BG203", B), "{:?} {:?}", findings(&r), undecided(&r));
}

/// Terraform strings are literal text: a character of the configuration is itself, whatever it
/// is. The scan marks values it does not know with private-use characters (U+E000..U+E008), so a
/// `aws_iam_policy_document` that has unknown parts (here the account id of
/// `data.aws_caller_identity`) must not read a literal U+E000 in a condition value, nested in
/// its statement and condition blocks, as one: the public Allow restricted to one VPC endpoint
/// (a fixed value) is not public, so the bucket is private, not undecided.
#[test]
fn a_literal_character_is_never_read_as_an_unknown_value() {
    let config = format!(
        "{BUCKET}data \"aws_caller_identity\" \"c\" {{}}\n\
         data \"aws_iam_policy_document\" \"d\" {{\n  statement {{\n    principals {{\n      type        = \"*\"\n      \
         identifiers = [\"*\"]\n    }}\n    actions   = [\"s3:GetObject\"]\n    resources = [\"arn:aws:s3:::dec-b/*\"]\n    \
         condition {{\n      test     = \"StringEquals\"\n      variable = \"aws:SourceVpce\"\n      \
         values   = [\"vpce-\u{E000}\"]\n    }}\n  }}\n  \
         statement {{\n    principals {{\n      type        = \"AWS\"\n      \
         identifiers = [\"arn:aws:iam::${{data.aws_caller_identity.c.account_id}}:root\"]\n    }}\n    \
         actions   = [\"s3:PutObject\"]\n    resources = [\"arn:aws:s3:::dec-b/*\"]\n  }}\n}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
         policy = data.aws_iam_policy_document.d.json\n}}\n"
    );
    let r = scan_tf(&config);
    assert_eq!(verdict(&r, B), "private", "{:?}", reasons(&r, B));
    assert!(!is_undecided(&r, "BG122", B), "{:?}", undecided(&r));
}

/// An ACL grant to an email address (grantee type `AmazonCustomerByEmail`) gives access to the
/// AWS account that address belongs to: cross-account access, and the reason names the account
/// by its address.
#[test]
fn an_acl_grant_by_email_names_the_account_of_that_address() {
    let grantee = "type          = \"AmazonCustomerByEmail\"\n        \
        email_address = \"someone@example.com\"";
    let r = scan_tf(&format!("{BUCKET}{}", acl_grant("READ", grantee)));
    assert_eq!(verdict(&r, B), "cross-account");
    assert!(
        reasons(&r, B).contains(
            &"grant of READ to the account of someone@example.com in aws_s3_bucket_acl.g".to_string()
        ),
        "{:?}",
        reasons(&r, B)
    );
}

/// A Deny of every listing action (what an ACL's READ on the bucket allows), for everyone, on the
/// bucket and all its objects.
const DENY_LISTING: &str = r#"{"Effect": "Deny", "Principal": "*", "Action": ["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads"], "Resource": ["arn:aws:s3:::dec-b", "arn:aws:s3:::dec-b/*"]}"#;

/// BlockPublicPolicy makes S3 reject a public bucket policy, and only a public one. A policy that
/// only grants another account is accepted, so its Deny takes back the public-read ACL's listing
/// (the bucket is cross-account, not public-read); a policy with an Allow to everyone is rejected
/// whole, its Deny included, so the ACL's public read stands.
#[test]
fn block_public_policy_drops_the_denies_of_a_public_policy_only() {
    let pab = "resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  \
        block_public_acls       = false\n  block_public_policy     = true\n  \
        ignore_public_acls      = false\n  restrict_public_buckets = false\n}\n";
    let allow = |who: &str| {
        format!(
            r#"{{"Effect": "Allow", "Principal": {who}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::dec-b/*"}}"#
        )
    };
    for (who, level) in [
        (r#"{"AWS": "arn:aws:iam::111122223333:root"}"#, "cross-account"),
        (r#""*""#, "public-read"),
    ] {
        let pol = policy(&format!("{}, {DENY_LISTING}", allow(who)));
        let r = scan_tf(&format!("{BUCKET}{}{pab}{pol}", acl("public-read")));
        assert_eq!(verdict(&r, B), level, "{who}: {:?}", reasons(&r, B));
    }
}

/// A Deny holds only for the resources an action is on: s3:GetObject is on objects, so a Deny of
/// it on the bucket ARN alone takes nothing from a public Allow of object reads; s3:ListBucket is
/// on the bucket, so a Deny of it on the objects alone leaves a public listing. Both buckets stay
/// public-read.
#[test]
fn a_deny_on_the_bucket_or_the_objects_alone_leaves_the_other_granted() {
    let st = |effect: &str, action: &str, resource: &str| {
        format!(
            r#"{{"Effect": "{effect}", "Principal": "*", "Action": "{action}", "Resource": "arn:aws:s3:::{resource}"}}"#
        )
    };
    for (action, allowed_on, denied_on) in [
        ("s3:GetObject", "dec-b/*", "dec-b"),
        ("s3:ListBucket", "dec-b", "dec-b/*"),
    ] {
        let statements = format!(
            "{}, {}",
            st("Allow", action, allowed_on),
            st("Deny", action, denied_on)
        );
        let r = scan_tf(&format!("{BUCKET}{}", policy(&statements)));
        assert_eq!(verdict(&r, B), "public-read", "{action}: {:?}", reasons(&r, B));
    }
}

/// IAM's Principal element is `"*"` or an object keyed by principal type (`{"AWS": ...}`); a bare
/// ARN is not a valid principal (S3 rejects the policy). The policy cannot be read, the verdict is
/// undecided, and the reason quotes the text that is wrong.
#[test]
fn a_bare_arn_as_principal_is_named_in_the_reason() {
    let st = r#"{"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::dec-b/*"}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(st)));
    assert_eq!(verdict(&r, B), "unknown");
    let want = "the policy in aws_s3_bucket_policy.b cannot be read: \
        Principal must be \"*\" or an object, not \"arn:aws:iam::111122223333:root\"";
    assert!(reasons(&r, B).iter().any(|m| m == want), "{:?}", reasons(&r, B));
}

/// A `bucket` argument is the name Terraform passes, wherever it was read from: a name read from
/// another resource's argument (an SSM parameter holding `dec-b`) names the bucket `dec-b` of the
/// scan, so the public policy makes it public-read (and no bucket outside the scan is made up).
#[test]
fn a_known_bucket_name_read_from_another_resource_names_that_bucket() {
    let ssm = "resource \"aws_ssm_parameter\" \"n\" {\n  name  = \"/bucket\"\n  type  = \"String\"\n  \
        value = \"dec-b\"\n}\n";
    let pol = "resource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = aws_ssm_parameter.n.value\n  \
        policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Principal = \"*\", \
        Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::dec-b/*\" }] })\n}\n";
    let r = scan_tf(&format!("{BUCKET}{ssm}{pol}"));
    let all: Vec<(String, &str)> = r
        .exposures
        .iter()
        .map(|e| (e.bucket.to_string(), e.verdict.as_str()))
        .collect();
    assert_eq!(all, [(B.to_string(), "public-read")]);
}

/// A bucket policy that delegates to an access point by its ARN (`s3:DataAccessPointArn` =
/// `aws_s3_access_point.ap.arn`, computed at apply) may delegate to that access point or to
/// another: with the access point's own block off, its public policy may take effect, so the
/// verdict is undecided and says why (not private, as for a bucket policy that delegates to none).
#[test]
fn a_delegation_to_an_access_point_arn_not_known_leaves_its_public_policy_undecided() {
    let delegate = "resource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({\n    \
        Version = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", Principal = { AWS = \"*\" }, Action = \"*\", \
        Resource = [\"arn:aws:s3:::dec-b\", \"arn:aws:s3:::dec-b/*\"], \
        Condition = { StringEquals = { \"s3:DataAccessPointArn\" = aws_s3_access_point.ap.arn } } }]\n  })\n}\n";
    let ap = open_access_point(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*"}"#,
    );
    let r = scan_tf(&format!("{BUCKET}{delegate}{ap}"));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    let want = "access point policy in aws_s3_access_point.ap allows read access to anyone — unknown: \
        whether the bucket policy delegates access to access points is not known";
    assert!(reasons(&r, B).iter().any(|m| m == want), "{:?}", reasons(&r, B));
}

/// With object ownership BucketOwnerEnforced, ACLs are disabled and S3 refuses PutBucketAcl with
/// any ACL but one that gives the bucket owner full control alone (of the bucket canned ACLs,
/// `private`): a `log-delivery-write` ACL, which grants nothing public, fails `terraform apply`,
/// and the reasons say so; a `private` ACL is accepted and is no reason at all.
#[test]
fn only_acls_giving_the_owner_full_control_are_accepted_once_acls_are_disabled() {
    let enforced = "resource \"aws_s3_bucket_ownership_controls\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  \
        rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}\n";
    let rejected = "ACL `log-delivery-write` in aws_s3_bucket_acl.b — rejected at apply: object ownership \
        BucketOwnerEnforced in aws_s3_bucket_ownership_controls.b disables ACLs; S3 rejects the ACL at apply";
    let r = scan_tf(&format!("{BUCKET}{enforced}{}", acl("log-delivery-write")));
    assert_eq!(verdict(&r, B), "private");
    assert!(
        reasons(&r, B).iter().any(|m| m == rejected),
        "{:?}",
        reasons(&r, B)
    );
    let r = scan_tf(&format!("{BUCKET}{enforced}{}", acl("private")));
    assert_eq!(verdict(&r, B), "private");
    assert!(
        reasons(&r, B).iter().all(|m| !m.contains("ACL `private`")),
        "{:?}",
        reasons(&r, B)
    );
}

/// Two configuration resources whose `bucket` arguments name each other's bucket
/// (`bucket = aws_s3_bucket_versioning.a.id` and back) form a cycle, which Terraform rejects:
/// the scan must still end (following the chain a bounded number of steps), and the public access
/// block in the cycle configures no bucket of the scan, so `dec-b` is still without one (BG111).
#[test]
fn a_cycle_of_bucket_arguments_through_configuration_resources_ends() {
    let cycle = "resource \"aws_s3_bucket_versioning\" \"a\" {\n  bucket = aws_s3_bucket_public_access_block.p.id\n  \
        versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\
        resource \"aws_s3_bucket_public_access_block\" \"p\" {\n  bucket = aws_s3_bucket_versioning.a.id\n  \
        block_public_acls       = true\n  block_public_policy     = true\n  \
        ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n";
    let r = scan_tf(&format!("{BUCKET}{cycle}"));
    assert!(has(&r, "BG111", B), "{:?}", findings(&r));
}

/// A Deny on everyone but one account (`NotPrincipal`) whose id is a variable with no value: the
/// public Allow is denied to everyone else, and that account keeps it. Whether the bucket is then
/// private (the account is the owner's) or cross-account (another) is not known, so neither is
/// the verdict; it is not private.
#[test]
fn a_deny_on_everyone_but_an_account_not_known_leaves_the_verdict_unknown() {
    let public = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::dec-b/*"}"#;
    let deny = r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::${var.acct}:root"}, "Action": "s3:*", "Resource": ["arn:aws:s3:::dec-b", "arn:aws:s3:::dec-b/*"]}"#;
    let var = "variable \"acct\" {\n  type = string\n}\n";
    let r = scan_tf(&format!("{BUCKET}{var}{}", policy(&format!("{public}, {deny}"))));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
}

/// A bucket policy whose text is `known` bytes and one account id (`aws_caller_identity`), which
/// is always 12 digits long.
fn policy_of_size_with_account(known: usize) -> String {
    let head = r#"{"Version":"2012-10-17","Statement":[{"Sid":""#;
    let tail = r#"","Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::"#;
    let end = r#":root"},"Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::dec-b"}]}"#;
    let pad = "P".repeat(known - head.len() - tail.len() - end.len());
    let json = format!("{head}{pad}{tail}${{data.aws_caller_identity.me.account_id}}{end}");
    format!(
        "data \"aws_caller_identity\" \"me\" {{}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = \"{}\"\n}}\n",
        json.replace('"', "\\\"")
    )
}

/// S3 accepts a policy of up to 20,480 bytes: one whose known text is 20,468 bytes and which
/// holds one account id (12 digits) is at most 20,480 bytes, so accepted (no BG123, not
/// undecided); with one byte more it is not passed.
#[test]
fn a_partly_known_policy_at_most_20_kb_long_is_within_the_limit() {
    let r = scan_tf(&format!("{BUCKET}{}", policy_of_size_with_account(20_468)));
    assert!(!has(&r, "BG123", B), "{:?}", findings(&r));
    assert!(!is_undecided(&r, "BG123", B), "{:?}", undecided(&r));
    let r = scan_tf(&format!("{BUCKET}{}", policy_of_size_with_account(20_469)));
    assert!(
        has(&r, "BG123", B) || is_undecided(&r, "BG123", B),
        "{:?}",
        findings(&r)
    );
}
