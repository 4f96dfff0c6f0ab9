//! Security decisions of the IAM policy reader (`model::iam`: documents, readings of partly known
//! documents, actions, ARN and wildcard matching) pinned one by one: each test scans a small
//! Terraform configuration through the public API and checks the finding, the undecided verdict or
//! the exposure S3 would give. Written to kill the mutants cargo-mutants left alive
//! (bench/MUTANTS.md), so each test names the AWS or Terraform behaviour it pins.

mod support;
use support::scan::{findings, has, is_undecided, reasons, scan_tf, scan_with, undecided, verdict};

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"iam-b\"\n}\n";
const B: &str = "aws_s3_bucket.b";

/// A bucket policy on `aws_s3_bucket.b` with these statements (JSON objects, comma-separated) in a
/// heredoc, and a string variable `x` with no value that they may use (`${var.x}`).
fn policy(statements: &str) -> String {
    format!(
        "variable \"x\" {{\n  type = string\n}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}\nEOF\n}}\n"
    )
}

/// A public access block with BlockPublicPolicy (and the ACL flags) on, RestrictPublicBuckets off.
const BLOCK_PUBLIC_POLICY: &str = "resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  \
    bucket = aws_s3_bucket.b.id\n  block_public_acls       = true\n  block_public_policy     = true\n  \
    ignore_public_acls      = true\n  restrict_public_buckets = false\n}\n";

/// The reason an unknown part of the policy may let another account in.
const COULD_BE_CROSS_ACCOUNT: &str = "the policy in aws_s3_bucket_policy.b has parts that are not known, \
    which could allow cross-account access (read at its widest, bucket policy statement #1 in \
    aws_s3_bucket_policy.b allows read access to (value known after apply)): var.x has no value";

/// A condition operator that is not known may be a negated one (`StringNotEquals`: the Allow is
/// public) or a restricting one (`StringEquals` on a VPC endpoint: it is not), so the public
/// Allow is neither proven public nor proven private: the verdict is unknown, BG122 undecided.
#[test]
fn an_unknown_condition_operator_leaves_a_public_allow_undecided() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*", "Condition": {"${var.x}": {"aws:SourceVpce": "vpce-1"}}}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(allow)));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    assert!(is_undecided(&r, "BG122", B), "{:?}", undecided(&r));
    assert!(!has(&r, "BG122", B), "{:?}", findings(&r));
}

/// With BlockPublicPolicy on, the policy of `statement` may be rejected (public) or accepted and
/// let another account in: unknown, for that one reason, with BG124 undecided.
fn assert_may_be_cross_account_under_block_public_policy(statement: &str, context: &str) {
    let r = scan_tf(&format!("{BUCKET}{BLOCK_PUBLIC_POLICY}{}", policy(statement)));
    assert_eq!(verdict(&r, B), "unknown", "{context}: {:?}", reasons(&r, B));
    assert_eq!(reasons(&r, B), [COULD_BE_CROSS_ACCOUNT], "{context}");
    assert!(is_undecided(&r, "BG124", B), "{context}: {:?}", undecided(&r));
}

/// Under BlockPublicPolicy S3 rejects the policy if an unknown condition operator or key makes the
/// Allow public, and accepts it if it restricts it (`StringEquals` on `aws:SourceVpce`), which then
/// lets in whoever the condition names, maybe another account: unknown, BG124 undecided.
#[test]
fn an_unknown_condition_operator_may_restrict_a_public_allow_to_another_account() {
    for condition in [
        r#"{"${var.x}": {"aws:SourceVpce": "vpce-1"}}"#,
        r#"{"StringEquals": {"${var.x}": "vpce-1"}}"#,
        r#"{"${var.x}": {"${var.x}": "vpce-1"}}"#,
    ] {
        let allow = format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*", "Condition": {condition}}}"#
        );
        assert_may_be_cross_account_under_block_public_policy(&allow, condition);
    }
}

/// A principal list with one value that is not known at all may hold `"*"` (IAM principals take
/// no other wildcard): the Allow to a known account and that value may be public, so the verdict
/// is unknown and BG122 undecided, not cross-account.
#[test]
fn a_wholly_unknown_value_in_a_principal_list_may_be_everyone() {
    let allow = r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "${var.x}"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*"}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(allow)));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    assert!(is_undecided(&r, "BG122", B), "{:?}", undecided(&r));
}

/// A Sid that is not known cannot name its statement: the finding names the statement by its
/// position, and the statement (otherwise fully known) is decided as usual.
#[test]
fn a_statement_with_an_unknown_sid_is_named_by_its_position() {
    let allow = r#"{"Sid": "Pub${var.x}", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*"}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(allow)));
    assert_eq!(verdict(&r, B), "public-read");
    let f = r.findings.iter().find(|f| f.policy.meta.id == "BG122");
    let message = f.map(|f| f.message().to_string()).unwrap_or_default();
    assert!(
        message.starts_with("aws_s3_bucket.b: bucket policy statement #1 in aws_s3_bucket_policy.b allows s3:GetObject to anyone"),
        "{message}"
    );
}

/// BlockPublicPolicy makes S3 reject a public bucket policy and only a public one. A principal
/// that is not known at all may be `"*"` (the policy is rejected) or another account (it is
/// accepted, and that account may read): however it is written, the bucket may be cross-account,
/// so the verdict is unknown and BG124 (policy-cross-account) undecided, never private.
#[test]
fn an_unknown_principal_may_be_another_account_under_block_public_policy() {
    for who in [
        r#""${var.x}""#,
        r#"{"AWS": "${var.x}"}"#,
        r#"{"AWS": ["${var.x}"]}"#,
        r#"{"${var.x}": "111122223333"}"#,
    ] {
        let allow = format!(
            r#"{{"Effect": "Allow", "Principal": {who}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*"}}"#
        );
        assert_may_be_cross_account_under_block_public_policy(&allow, who);
    }
}

/// An Allow with a NotPrincipal applies to everyone but the principals it names: public. When it
/// is fully known it stays so in every reading of a policy whose unknown parts are elsewhere (here
/// another statement's Resource), so the bucket is proven public-read, not undecided.
#[test]
fn a_known_not_principal_allow_stays_public_beside_unknown_parts() {
    let not_principal = r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*"}"#;
    let other = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::${var.x}/*"}"#;
    let r = scan_tf(&format!(
        "{BUCKET}{}",
        policy(&format!("{not_principal}, {other}"))
    ));
    assert_eq!(verdict(&r, B), "public-read", "{:?}", reasons(&r, B));
    assert!(has(&r, "BG122", B), "{:?}", undecided(&r));
}

/// BG203 passes when a Deny for everyone of every S3 action on the bucket and its objects holds
/// when `aws:SecureTransport` is false. A value that is not known, written alone or in a list, may
/// be `"false"` or `"true"`: BG203 is undecided, neither passed nor failed.
#[test]
fn a_tls_deny_with_an_unknown_secure_transport_value_is_undecided() {
    for value in [r#""${var.x}""#, r#"["${var.x}"]"#] {
        let deny = format!(
            r#"{{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::iam-b", "arn:aws:s3:::iam-b/*"], "Condition": {{"Bool": {{"aws:SecureTransport": {value}}}}}}}"#
        );
        let r = scan_tf(&format!("{BUCKET}{}", policy(&deny)));
        assert!(is_undecided(&r, "BG203", B), "{value}: {:?}", undecided(&r));
        assert!(!has(&r, "BG203", B), "{value}: {:?}", findings(&r));
    }
}

/// The BG122 finding of `aws_s3_bucket.b` and the verdict, for a policy of these statements.
fn public_read(statements: &str) -> (bool, &'static str) {
    let r = scan_tf(&format!("{BUCKET}{}", policy(statements)));
    (has(&r, "BG122", B), verdict(&r, B))
}

/// IAM condition values may be JSON numbers and booleans as well as strings (`s3:max-keys` is
/// compared with a Numeric operator): the policy is valid, and a condition on a key that does not
/// name who calls leaves the Allow public.
#[test]
fn numeric_condition_values_are_read_and_do_not_restrict() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::iam-b", "Condition": {"NumericLessThanEquals": {"s3:max-keys": 10}}}"#;
    assert_eq!(public_read(allow), (true, "public-read"));
}

/// "The meaning of public": `ForAllValues:` passes when the request has no value for the key (as
/// an anonymous request has none for `aws:SourceVpce`), so it does not make an Allow non-public.
#[test]
fn a_for_all_values_condition_does_not_restrict_a_public_allow() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*", "Condition": {"ForAllValues:StringEquals": {"aws:SourceVpce": ["vpce-1"]}}}"#;
    assert_eq!(public_read(allow), (true, "public-read"));
}

/// A condition value that is a policy variable (`${aws:SourceVpce}`, written `$${...}` in
/// Terraform) is not a fixed value: it matches whatever the request has, so it does not restrict.
#[test]
fn a_policy_variable_condition_value_does_not_restrict_a_public_allow() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*", "Condition": {"StringEquals": {"aws:SourceVpce": "$${aws:SourceVpce}"}}}"#;
    assert_eq!(public_read(allow), (true, "public-read"));
}

/// NotResource covers every resource it does not match: one naming the bucket ARN and another
/// bucket's objects still covers this bucket's objects, so the public Allow of reads holds.
#[test]
fn a_not_resource_of_another_buckets_objects_does_not_exclude_this_ones() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": ["arn:aws:s3:::iam-b", "arn:aws:s3:::other/*"]}"#;
    assert_eq!(public_read(allow), (true, "public-read"));
}

/// A principal that is the bucket owner's own account (`data.aws_caller_identity`'s account id,
/// bare or in an ARN) is the owner: its access is neither cross-account nor public.
#[test]
fn the_owners_own_account_id_is_not_cross_account() {
    let caller = "data \"aws_caller_identity\" \"c\" {}\n";
    for who in [
        "${data.aws_caller_identity.c.account_id}",
        "arn:aws:iam::${data.aws_caller_identity.c.account_id}:root",
    ] {
        let allow = format!(
            r#"{{"Effect": "Allow", "Principal": {{"AWS": "{who}"}}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*"}}"#
        );
        let r = scan_tf(&format!("{BUCKET}{caller}{}", policy(&allow)));
        assert_eq!(verdict(&r, B), "private", "{who}: {:?}", reasons(&r, B));
        assert!(!has(&r, "BG124", B) && !is_undecided(&r, "BG124", B), "{who}");
    }
}

/// The verdict and whether check `id` is undecided, for a policy of these statements.
fn verdict_and_undecided(statements: &str, id: &str) -> (&'static str, bool) {
    let r = scan_tf(&format!("{BUCKET}{}", policy(statements)));
    (verdict(&r, B), is_undecided(&r, id, B))
}

/// NotResource excludes what it names: a pattern naming objects of a bucket that is not known may
/// name this bucket's (an Allow then reaches none of them, a Deny denies none) or another's (the
/// Allow reaches them all, the Deny denies them all): neither proven public nor private.
#[test]
fn a_not_resource_of_an_unknown_bucket_may_exclude_this_buckets_objects() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": ["arn:aws:s3:::iam-b", "arn:aws:s3:::${var.x}/*"]}"#;
    assert_eq!(verdict_and_undecided(allow, "BG122").0, "unknown");
    // An Allow of an unknown bucket's objects and a Deny of all but them: if it is this bucket,
    // its objects are allowed and not denied (public); if another, none is allowed.
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${var.x}/*"}"#;
    let deny = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::${var.x}/*"}"#;
    assert_eq!(
        verdict_and_undecided(&format!("{allow}, {deny}"), "BG122").0,
        "unknown"
    );
}

/// NotPrincipal grants everyone but what it names; a value that is not known may be `"*"`, and
/// then the Allow grants no one: not proven public.
#[test]
fn a_not_principal_that_is_not_known_leaves_the_allow_undecided() {
    let allow = r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "${var.x}"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*"}"#;
    assert_eq!(verdict_and_undecided(allow, "BG122"), ("unknown", true));
}

/// The root of an account that is not known may be the owner's own account (no exposure) or
/// another one (cross-account): BG124 undecided, the verdict unknown.
#[test]
fn an_allow_to_the_root_of_an_unknown_account_may_be_cross_account() {
    let allow = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${var.x}:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*"}"#;
    assert_eq!(verdict_and_undecided(allow, "BG124"), ("unknown", true));
}

/// NotResource naming the bucket and all its objects leaves the Allow nothing of this bucket: a
/// public Allow of reads with it grants nothing here, so the bucket is private.
#[test]
fn a_not_resource_of_the_bucket_and_all_its_objects_reaches_neither() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": ["arn:aws:s3:::iam-b", "arn:aws:s3:::iam-b/*"]}"#;
    assert_eq!(public_read(allow).1, "private");
}

/// IAM principals take no wildcards but `"*"` alone: `arn:aws:iam::111122223333:role/${var.x}` is
/// some role of account 111122223333 whatever `var.x` is, so the Allow is proven cross-account
/// (BG124 fails, not undecided), not possibly private.
#[test]
fn a_principal_of_a_known_account_with_an_unknown_name_is_that_account() {
    let allow = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/${var.x}"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*"}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(allow)));
    assert_eq!(verdict(&r, B), "cross-account", "{:?}", reasons(&r, B));
    assert!(has(&r, "BG124", B), "{:?}", undecided(&r));
    assert!(!is_undecided(&r, "BG124", B), "{:?}", undecided(&r));
}

/// A Resource of `*` matches every ARN, so every object of the bucket: a public Allow of
/// s3:GetObject on `*`, with a Deny of everything for every caller outside account 111122223333,
/// still lets that account read the objects (cross-account, not private).
#[test]
fn a_resource_of_star_reaches_every_object_of_the_bucket() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#;
    let deny = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::iam-b", "arn:aws:s3:::iam-b/*"], "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(&format!("{allow}, {deny}"))));
    assert_eq!(verdict(&r, B), "cross-account", "{:?}", reasons(&r, B));
}

/// A Condition must be an object of operators, and an operator must map to an object of keys: S3
/// rejects `"vpce-1"` or `{"StringEquals": "vpce-1"}` (MalformedPolicy) whatever the policy's
/// unknown parts are, so a partly known policy holding one cannot be read, like the fully known
/// one: unknown under BlockPublicPolicy too, not read as a condition that is not known (whose
/// public reading the block rejects, leaving it private).
#[test]
fn a_malformed_condition_is_malformed_whatever_the_unknown_parts_are() {
    let allow = |resource: &str, condition: &str| {
        format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "{resource}", "Condition": {condition}}}"#
        )
    };
    for condition in [r#"{"StringEquals": "vpce-1"}"#, r#""vpce-1""#] {
        for resource in ["arn:aws:s3:::iam-b/*", "arn:aws:s3:::iam-b/${var.x}"] {
            let r = scan_tf(&format!(
                "{BUCKET}{BLOCK_PUBLIC_POLICY}{}",
                policy(&allow(resource, condition))
            ));
            let why = format!("{condition} on {resource}: {:?}", reasons(&r, B));
            assert_eq!(verdict(&r, B), "unknown", "{why}");
        }
    }
}

/// A known Sid names its statement in a partly known policy as in a fully known one: the public
/// read with unknown parts elsewhere (another Resource) is proven, and its finding says
/// "statement `PublicRead`", not its position.
#[test]
fn a_known_sid_names_its_statement_beside_unknown_parts() {
    let allow = r#"{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::iam-b/*", "arn:aws:s3:::${var.x}/*"]}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(allow)));
    assert_eq!(verdict(&r, B), "public-read", "{:?}", reasons(&r, B));
    let f = r.findings.iter().find(|f| f.policy.meta.id == "BG122");
    let message = f.map(|f| f.message().to_string()).unwrap_or_default();
    assert!(
        message.starts_with("aws_s3_bucket.b: bucket policy statement `PublicRead` in aws_s3_bucket_policy.b allows s3:GetObject to anyone"),
        "{message}"
    );
}

/// A principal may name an account by its bare 12-digit id as well as by an ARN: an Allow to
/// `111122223333`, written either way, is no exposure when that account is trusted
/// (`--trusted-account`), and cross-account when it is not.
#[test]
fn a_trusted_account_named_by_its_bare_id_is_no_exposure() {
    for who in ["111122223333", "arn:aws:iam::111122223333:root"] {
        let allow = format!(
            r#"{{"Effect": "Allow", "Principal": {{"AWS": "{who}"}}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*"}}"#
        );
        let config = format!("{BUCKET}{}", policy(&allow));
        let r = scan_with(&config, |s| s.trusted_accounts = vec!["111122223333".into()]);
        assert_eq!(verdict(&r, B), "private", "{who}: {:?}", reasons(&r, B));
        let r = scan_tf(&config);
        assert_eq!(verdict(&r, B), "cross-account", "{who}: {:?}", reasons(&r, B));
    }
}

/// A statement must be an object: S3 rejects a policy with a string for a statement
/// (MalformedPolicy) whatever its unknown parts are, so a partly known one cannot be read, like
/// the fully known one: unknown under BlockPublicPolicy, not read as a statement that is not
/// known (whose public reading the block rejects, leaving the bucket private).
#[test]
fn a_string_for_a_statement_leaves_a_partly_known_policy_unreadable() {
    let read = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${var.x}/*"}"#;
    let statements = format!("{read}, \"PublicRead\"");
    let r = scan_tf(&format!("{BUCKET}{BLOCK_PUBLIC_POLICY}{}", policy(&statements)));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    assert_eq!(
        reasons(&r, B),
        ["the policy in aws_s3_bucket_policy.b is not known: var.x has no value"]
    );
}

/// A statement element whose name is not known (`"${var.x}": {...}`) may be a `Condition` that
/// restricts the public Allow (to a VPC endpoint: not public) or an element that does not: the
/// Allow is neither proven public nor proven private. The verdict is unknown and BG122 undecided,
/// not failed.
#[test]
fn an_element_whose_name_is_not_known_leaves_a_public_allow_undecided() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::iam-b/*", "${var.x}": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(allow)));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    assert!(is_undecided(&r, "BG122", B) && !has(&r, "BG122", B));
}
