//! Exposure decisions pinned one by one (the mutants cargo-mutants left alive in
//! `src/exposure/`, bench/MUTANTS.md): each test scans a small Terraform configuration through
//! the public API and checks the verdict and the reasons S3's decision gives.

mod support;
use support::scan::{acl, acl_grant, policy, reasons, scan_tf, scan_with, verdict};

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"exp-b\"\n}\n";
const B: &str = "aws_s3_bucket.b";

/// [ACL] "Mapping of ACL permissions and access policy permissions": WRITE on a bucket allows
/// s3:PutObject, s3:DeleteObject and s3:DeleteObjectVersion. A Deny of all three for everyone
/// takes the write out of a `public-read-write` ACL while its READ (the listing) stands: the
/// bucket is public-read, and the ACL's reason says the Deny removed its writes. A Deny of
/// s3:PutObject alone leaves s3:DeleteObject: public-write, and the reason says nothing removed.
#[test]
fn a_deny_of_every_acl_write_action_leaves_a_public_read_write_acl_public_read() {
    let deny = r#"{"Effect": "Deny", "Principal": "*", "Action": ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"], "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}"#;
    let r = scan_tf(&format!("{BUCKET}{}{}", acl("public-read-write"), policy(deny)));
    assert_eq!(verdict(&r, B), "public-read", "{:?}", reasons(&r, B));
    let expected = "ACL `public-read-write` in aws_s3_bucket_acl.b lets anyone on the internet read and \
        write the bucket (a Deny statement in the bucket policy removes its write actions)";
    assert!(
        reasons(&r, B).iter().any(|m| m == expected),
        "{:?}",
        reasons(&r, B)
    );
    // A Deny of s3:PutObject alone leaves the deletes: still public-write, and the reason does
    // not say the writes were removed.
    let deny_put = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}"#;
    let r = scan_tf(&format!(
        "{BUCKET}{}{}",
        acl("public-read-write"),
        policy(deny_put)
    ));
    assert_eq!(verdict(&r, B), "public-write");
    let unchanged = "ACL `public-read-write` in aws_s3_bucket_acl.b lets anyone on the internet read \
        and write the bucket";
    assert!(
        reasons(&r, B).iter().any(|m| m == unchanged),
        "{:?}",
        reasons(&r, B)
    );
}

/// An Allow of s3:GetObject to account 111122223333.
const ALLOW_ACCOUNT_READ: &str = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::exp-b/*"}"#;

/// [IAM] NotPrincipal with Deny: the Deny holds for every principal except those NotPrincipal
/// names. A Deny of s3:* that excepts the granted account does not take its Allow back (the
/// bucket stays cross-account); one that excepts another account does (private).
#[test]
fn a_not_principal_deny_spares_the_account_it_excepts() {
    let deny_but = |account: &str| {
        format!(
            r#"{{"Effect": "Deny", "NotPrincipal": {{"AWS": "arn:aws:iam::{account}:root"}}, "Action": "s3:*", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}}"#
        )
    };
    for (excepted, level) in [("111122223333", "cross-account"), ("444455556666", "private")] {
        let statements = format!("{ALLOW_ACCOUNT_READ}, {}", deny_but(excepted));
        let r = scan_tf(&format!("{BUCKET}{}", policy(&statements)));
        assert_eq!(verdict(&r, B), level, "{excepted}: {:?}", reasons(&r, B));
    }
}

/// A Deny of s3:* on the bucket and its objects for everyone but account `account`
/// (`NotPrincipal`), or for every caller outside it (`StringNotEquals aws:PrincipalAccount`).
fn deny_all_but(account: &str, form: &str) -> String {
    let resources = r#""Action": "s3:*", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]"#;
    match form {
        "NotPrincipal" => format!(
            r#"{{"Effect": "Deny", "NotPrincipal": {{"AWS": "arn:aws:iam::{account}:root"}}, {resources}}}"#
        ),
        _ => format!(
            r#"{{"Effect": "Deny", "Principal": "*", {resources}, "Condition": {{"StringNotEquals": {{"aws:PrincipalAccount": "{account}"}}}}}}"#
        ),
    }
}

/// A public Allow of s3:GetObject on every object.
const ALLOW_PUBLIC_READ: &str =
    r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::exp-b/*"}"#;

/// [IAM] NotPrincipal with Deny, and [EVAL] explicit Deny: a Deny that holds for everyone but
/// account 111122223333 takes a public Allow back from everyone else, so that account still
/// reads (cross-account, not private). A second Deny naming that account takes the rest back.
/// The owner's own account spared is no exposure: private.
#[test]
fn a_public_allow_still_reaches_the_account_a_deny_spares() {
    for form in ["NotPrincipal", "PrincipalAccount"] {
        let spare = deny_all_but("111122223333", form);
        let r = scan_tf(&format!(
            "{BUCKET}{}",
            policy(&format!("{ALLOW_PUBLIC_READ}, {spare}"))
        ));
        assert_eq!(verdict(&r, B), "cross-account", "{form}: {:?}", reasons(&r, B));
        let expected = "bucket policy statement #1 in aws_s3_bucket_policy.b allows read access to \
            111122223333 (its principal is anyone, and the policy's Deny statements take it back \
            from everyone else)";
        assert!(
            reasons(&r, B).iter().any(|m| m == expected),
            "{form}: {:?}",
            reasons(&r, B)
        );

        let deny_it = r#"{"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}"#;
        let statements = format!("{ALLOW_PUBLIC_READ}, {spare}, {deny_it}");
        let r = scan_tf(&format!("{BUCKET}{}", policy(&statements)));
        assert_eq!(verdict(&r, B), "private", "{form}: {:?}", reasons(&r, B));

        let r = scan_with(
            &format!("{BUCKET}{}", policy(&format!("{ALLOW_PUBLIC_READ}, {spare}"))),
            |s| s.trusted_accounts = vec!["111122223333".into()],
        );
        assert_eq!(verdict(&r, B), "private", "{form}, trusted: {:?}", reasons(&r, B));
    }
}

/// [ACL] An AllUsers READ grant covers every caller, other accounts included; [EVAL] an explicit
/// Deny overrides it. A Deny for everyone but account 111122223333 leaves that account the
/// listing the `public-read` ACL grants: cross-account, with a reason of its own that names the
/// account, while the public grant itself no longer takes effect.
#[test]
fn a_public_acl_still_reaches_the_account_a_deny_spares() {
    for form in ["NotPrincipal", "PrincipalAccount"] {
        let r = scan_tf(&format!(
            "{BUCKET}{}{}",
            acl("public-read"),
            policy(&deny_all_but("111122223333", form))
        ));
        assert_eq!(verdict(&r, B), "cross-account", "{form}: {:?}", reasons(&r, B));
        let acl = "ACL `public-read` in aws_s3_bucket_acl.b lets anyone on the internet read the bucket";
        let expected = [
            format!(
                "{acl}, but a Deny statement in the bucket policy covers every action it allows \
                 — neutralized: an explicit Deny in the bucket policy"
            ),
            format!(
                "{acl}, and the Deny statements of the bucket policy that take it back from everyone \
                 else spare 111122223333"
            ),
        ];
        for e in &expected {
            assert!(reasons(&r, B).contains(e), "{form}: {:?}", reasons(&r, B));
        }
    }
}

/// [EVAL] A Deny holds for each caller it matches: of an Allow to two accounts, a Deny for
/// everyone outside 444455556666 takes back 555566667777's access and a Deny for 444455556666
/// takes back the rest (private); without the second, 444455556666 still reads and the reason
/// names it alone.
#[test]
fn denies_take_back_an_allow_to_several_accounts_account_by_account() {
    let allow = r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::555566667777:root"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::exp-b/*"}"#;
    let outside = deny_all_but("444455556666", "PrincipalAccount");
    let deny_it = r#"{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:*", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}"#;
    let r = scan_tf(&format!(
        "{BUCKET}{}",
        policy(&format!("{allow}, {outside}, {deny_it}"))
    ));
    assert_eq!(verdict(&r, B), "private", "{:?}", reasons(&r, B));
    let r = scan_tf(&format!("{BUCKET}{}", policy(&format!("{allow}, {outside}"))));
    assert_eq!(verdict(&r, B), "cross-account", "{:?}", reasons(&r, B));
    let expected = "bucket policy statement #1 in aws_s3_bucket_policy.b allows read access to 444455556666";
    assert!(
        reasons(&r, B).iter().any(|m| m == expected),
        "{:?}",
        reasons(&r, B)
    );
}

/// A public access block on `aws_s3_bucket.b`: each flag is `true`, `false` or an expression.
fn block(acls: &str, ignore: &str, policy: &str, restrict: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_public_access_block\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
         block_public_acls       = {acls}\n  ignore_public_acls      = {ignore}\n  \
         block_public_policy     = {policy}\n  restrict_public_buckets = {restrict}\n}}\n"
    )
}

/// A boolean variable with no value: not known to the scan.
const FLAG_VAR: &str = "variable \"flag\" {\n  type = bool\n}\n";

/// [Block Public Access] BlockPublicAcls rejects a public ACL, IgnorePublicAcls ignores its
/// grants: with either flag not known (and the other off) a public-read ACL may or may not take
/// effect, so the verdict is unknown, and the reason names the flag. Another account's grant is
/// not public: neither flag touches it, and it is decided.
#[test]
fn a_public_acl_under_an_unknown_acl_flag_is_undecided() {
    for (acls, ignore, flag) in [
        ("var.flag", "false", "block_public_acls"),
        ("false", "var.flag", "ignore_public_acls"),
    ] {
        let pab = block(acls, ignore, "false", "false");
        let r = scan_tf(&format!("{BUCKET}{FLAG_VAR}{}{pab}", acl("public-read")));
        let expected = format!(
            "ACL `public-read` in aws_s3_bucket_acl.b lets anyone on the internet read the bucket — \
             unknown: {flag} of aws_s3_bucket_public_access_block.b is not known: var.flag has no value"
        );
        assert_eq!(reasons(&r, B), [expected], "{flag}");
        assert_eq!(verdict(&r, B), "unknown", "{flag}");
    }
    // The flags govern public grants only: another account's grant is decided.
    let other = "type = \"CanonicalUser\"\n        id   = \"othercanonicalid\"";
    let pab = block("var.flag", "var.flag", "false", "false");
    let r = scan_tf(&format!("{BUCKET}{FLAG_VAR}{}{pab}", acl_grant("READ", other)));
    assert_eq!(verdict(&r, B), "cross-account", "{:?}", reasons(&r, B));
}

/// [Object Ownership] BucketOwnerEnforced disables ACLs (S3 rejects any ACL granting more than
/// the owner): with the ownership setting not known, a public-read ACL may or may not take
/// effect, so the verdict is unknown and the reason names the ownership control.
#[test]
fn a_public_acl_under_an_unknown_object_ownership_is_undecided() {
    let ownership = "variable \"own\" {\n  type = string\n}\n\
        resource \"aws_s3_bucket_ownership_controls\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  \
        rule {\n    object_ownership = var.own\n  }\n}\n";
    let r = scan_tf(&format!("{BUCKET}{ownership}{}", acl("public-read")));
    let expected = "ACL `public-read` in aws_s3_bucket_acl.b lets anyone on the internet read the bucket — \
        unknown: object ownership of aws_s3_bucket_ownership_controls.b is not known: var.own has no value";
    assert!(
        reasons(&r, B).iter().any(|m| m == expected),
        "{:?}",
        reasons(&r, B)
    );
    assert_eq!(verdict(&r, B), "unknown");
}

/// A bucket policy that delegates access control to access points (the documented pattern).
const DELEGATE: &str = r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"], "Condition": {"StringEquals": {"s3:DataAccessPointAccount": "111122223333"}}}"#;

/// An access point over `aws_s3_bucket.b` whose policy lets anyone read objects, with its own
/// block's BlockPublicPolicy and RestrictPublicBuckets as given (the ACL flags off).
fn public_access_point(block_policy: &str, restrict: &str) -> String {
    format!(
        "resource \"aws_s3_access_point\" \"ap\" {{\n  bucket = aws_s3_bucket.b.id\n  name   = \"ap\"\n  \
         public_access_block_configuration {{\n    block_public_acls       = false\n    \
         block_public_policy     = {block_policy}\n    ignore_public_acls      = false\n    \
         restrict_public_buckets = {restrict}\n  }}\n  policy = <<EOF\n\
         {{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Principal\": \"*\", \
         \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*\"}}]}}\n\
         EOF\n}}\n"
    )
}

/// [Block Public Access] An access point's BlockPublicPolicy rejects a public access point policy
/// and RestrictPublicBuckets limits it: with either not known (the other off) the public read it
/// gives a delegating bucket is undecided, and the reason names the flag.
#[test]
fn a_public_access_point_policy_under_an_unknown_flag_is_undecided() {
    for (block_policy, restrict, flag) in [
        ("var.flag", "false", "block_public_policy"),
        ("false", "var.flag", "restrict_public_buckets"),
    ] {
        let ap = public_access_point(block_policy, restrict);
        let r = scan_tf(&format!("{BUCKET}{FLAG_VAR}{}{ap}", policy(DELEGATE)));
        let expected = format!(
            "access point policy in aws_s3_access_point.ap allows read access to anyone — unknown: \
             {flag} of aws_s3_access_point.ap is not known: var.flag has no value"
        );
        assert!(reasons(&r, B).contains(&expected), "{flag}: {:?}", reasons(&r, B));
        assert_eq!(verdict(&r, B), "unknown", "{flag}");
    }
    // Both flags off: the access point policy takes effect.
    let r = scan_tf(&format!(
        "{BUCKET}{}{}",
        policy(DELEGATE),
        public_access_point("false", "false")
    ));
    assert_eq!(verdict(&r, B), "public-read", "{:?}", reasons(&r, B));
}

/// [Access points] A bucket delegates access control to its access points with an Allow
/// conditioned on `s3:DataAccessPointAccount` or `s3:DataAccessPointArn`: the ARN form delegates
/// too (a public access point policy makes the bucket public-read). An Allow conditioned on
/// anything else does not delegate: the access point policy is neutralized and the bucket is only
/// what its own policy gives (cross-account).
#[test]
fn only_a_data_access_point_condition_delegates_to_access_points() {
    let by_arn = r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"], "Condition": {"StringEquals": {"s3:DataAccessPointArn": "arn:aws:s3:us-east-1:111122223333:accesspoint/ap"}}}"#;
    let tls_only = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::exp-b/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#;
    let ap = public_access_point("false", "false");
    let read = "access point policy in aws_s3_access_point.ap allows read access to anyone";
    let neutralized =
        format!("{read} — neutralized: the bucket policy does not delegate access to access points");
    for (statement, level, ap_reason) in [
        (by_arn, "public-read", read.to_string()),
        (tls_only, "cross-account", neutralized),
    ] {
        let r = scan_tf(&format!("{BUCKET}{}{ap}", policy(statement)));
        assert!(reasons(&r, B).contains(&ap_reason), "{:?}", reasons(&r, B));
        assert_eq!(verdict(&r, B), level);
    }
}

/// Absent settings are what the configuration guarantees: a bucket with no public access block,
/// its own or its account's, is explained as relying on none; an account-level block is one; a
/// bucket defined outside the scan may have one the scan does not see.
#[test]
fn a_bucket_without_any_public_access_block_is_explained_as_such() {
    let none = "no public access block (bucket or account) in the configuration";
    let r = scan_tf(&format!("{BUCKET}{}", acl("public-read")));
    assert_eq!(
        reasons(&r, B),
        [
            none,
            "ACL `public-read` in aws_s3_bucket_acl.b lets anyone on the internet read the bucket"
        ]
    );
    let account = "resource \"aws_s3_account_public_access_block\" \"a\" {\n  \
        block_public_acls       = false\n  block_public_policy     = false\n  \
        ignore_public_acls      = false\n  restrict_public_buckets = false\n}\n";
    let r = scan_tf(&format!("{BUCKET}{account}{}", acl("public-read")));
    assert!(!reasons(&r, B).iter().any(|m| m == none), "{:?}", reasons(&r, B));
    assert_eq!(verdict(&r, B), "public-read");
    // A bucket defined outside the scan may have a block of its own: not said to have none.
    let versioning = "resource \"aws_s3_bucket_versioning\" \"e\" {\n  bucket = \"ext-b\"\n  \
        versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n";
    let r = scan_tf(versioning);
    let ext = reasons(&r, "external:ext-b");
    assert!(!ext.is_empty() && !ext.iter().any(|m| m == none), "{ext:?}");
}

/// [ACL] A grant to a canonical user or to an e-mail address (AmazonCustomerByEmail) gives that
/// AWS account access: cross-account, and the reason names the grantee as the ACL does.
#[test]
fn an_acl_grant_to_an_account_names_its_grantee() {
    for (grantee, to) in [
        (
            "type = \"CanonicalUser\"\n        id   = \"othercanonicalid\"",
            "canonical user othercanonicalid (another account unless it is the owner's)",
        ),
        (
            "type          = \"AmazonCustomerByEmail\"\n        email_address = \"ops@example.com\"",
            "the account of ops@example.com",
        ),
    ] {
        let r = scan_tf(&format!("{BUCKET}{}", acl_grant("READ", grantee)));
        let expected = format!("grant of READ to {to} in aws_s3_bucket_acl.g");
        assert!(reasons(&r, B).contains(&expected), "{:?}", reasons(&r, B));
        assert_eq!(verdict(&r, B), "cross-account");
    }
}

/// [Block Public Access] With BlockPublicAcls, "PUT Bucket acl ... calls fail if the specified
/// ACL is public": the whole ACL is rejected, so another account's grant in an ACL that also
/// grants AllUsers does not take effect either (private). Without the flag both take effect
/// (public-read). An ACL granting only another account is not public: BlockPublicAcls and
/// IgnorePublicAcls leave it in effect (cross-account).
#[test]
fn acl_blocks_reject_a_public_acl_whole_and_leave_an_account_only_acl() {
    let two_grants = "resource \"aws_s3_bucket_acl\" \"g\" {\n  bucket = aws_s3_bucket.b.id\n  \
        access_control_policy {\n    owner {\n      id = \"ownerid\"\n    }\n    \
        grant {\n      permission = \"READ\"\n      grantee {\n        type = \"Group\"\n        \
        uri  = \"http://acs.amazonaws.com/groups/global/AllUsers\"\n      }\n    }\n    \
        grant {\n      permission = \"READ\"\n      grantee {\n        type = \"CanonicalUser\"\n        \
        id   = \"othercanonicalid\"\n      }\n    }\n  }\n}\n";
    for (block_acls, level) in [("true", "private"), ("false", "public-read")] {
        let pab = block(block_acls, "false", "false", "false");
        let r = scan_tf(&format!("{BUCKET}{two_grants}{pab}"));
        assert_eq!(verdict(&r, B), level, "{:?}", reasons(&r, B));
    }
    let r = scan_tf(&format!(
        "{BUCKET}{two_grants}{}",
        block("true", "false", "false", "false")
    ));
    let rejected = "grant of READ to canonical user othercanonicalid (another account unless it is the \
        owner's) in aws_s3_bucket_acl.g — rejected at apply: block_public_acls in \
        aws_s3_bucket_public_access_block.b makes S3 reject this ACL, which has a public grant, at apply";
    assert!(
        reasons(&r, B).iter().any(|m| m == rejected),
        "{:?}",
        reasons(&r, B)
    );
    // An ACL with no public grant is not public: neither flag rejects or ignores it.
    let other = "type = \"CanonicalUser\"\n        id   = \"othercanonicalid\"";
    for (acls, ignore) in [("true", "false"), ("false", "true")] {
        let pab = block(acls, ignore, "false", "false");
        let r = scan_tf(&format!("{BUCKET}{}{pab}", acl_grant("READ", other)));
        assert_eq!(
            verdict(&r, B),
            "cross-account",
            "{acls} {ignore}: {:?}",
            reasons(&r, B)
        );
    }
}

/// [ACL] FULL_CONTROL on a bucket is READ, WRITE, READ_ACP and WRITE_ACP together. A public Deny
/// of every write among them (s3:PutObject, s3:DeleteObject, s3:DeleteObjectVersion,
/// s3:PutBucketAcl) leaves its listing and s3:GetBucketAcl: a FULL_CONTROL grant to AllUsers then
/// makes the bucket public-read, and the reason says the writes were removed. Leave
/// s3:PutBucketAcl out of the Deny and anyone can still rewrite the ACL: public-write.
#[test]
fn a_deny_of_every_write_leaves_a_public_full_control_grant_public_read() {
    let everyone = "type = \"Group\"\n        uri  = \"http://acs.amazonaws.com/groups/global/AllUsers\"";
    let deny = |actions: &str| {
        format!(
            r#"{{"Effect": "Deny", "Principal": "*", "Action": [{actions}], "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}}"#
        )
    };
    let objects = r#""s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion""#;
    let grant = "grant of FULL_CONTROL to Everyone (AllUsers) in aws_s3_bucket_acl.g";
    for (actions, level, reason) in [
        (
            format!(r#"{objects}, "s3:PutBucketAcl""#),
            "public-read",
            format!("{grant} (a Deny statement in the bucket policy removes its write actions)"),
        ),
        (objects.to_string(), "public-write", grant.to_string()),
    ] {
        let config = format!(
            "{BUCKET}{}{}",
            acl_grant("FULL_CONTROL", everyone),
            policy(&deny(&actions))
        );
        let r = scan_tf(&config);
        assert!(reasons(&r, B).contains(&reason), "{:?}", reasons(&r, B));
        assert_eq!(verdict(&r, B), level);
    }
}

/// Unknown is not false: a bucket policy known only in part may delegate access control to access
/// points through the parts that are not known, so a public access point policy (its block off)
/// may take effect: the verdict is unknown, and the reason says why. The policy's known part (an
/// account's read) is proven either way; a fully known policy without the delegation neutralizes
/// the access point policy (cross-account).
#[test]
fn a_partly_known_bucket_policy_may_delegate_to_access_points() {
    let name = "variable \"name\" {\n  type = string\n}\n";
    let deny_put = |resource: &str| {
        format!(
            r#"{{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::{resource}/*"}}"#
        )
    };
    let ap = public_access_point("false", "false");
    let read = "access point policy in aws_s3_access_point.ap allows read access to anyone";
    for (resource, level, why) in [
        (
            "${var.name}",
            "unknown",
            "unknown: whether the bucket policy delegates access to access points is not known",
        ),
        (
            "other-b",
            "cross-account",
            "neutralized: the bucket policy does not delegate access to access points",
        ),
    ] {
        let statements = format!("{ALLOW_ACCOUNT_READ}, {}", deny_put(resource));
        let r = scan_tf(&format!("{BUCKET}{name}{}{ap}", policy(&statements)));
        let expected = format!("{read} — {why}");
        assert!(reasons(&r, B).contains(&expected), "{:?}", reasons(&r, B));
        assert_eq!(verdict(&r, B), level);
    }
}

/// A policy with a part not known: what every reading gives is proven, and the level only its
/// widest reading reaches is undecided, with the statement that would give it as the example (not
/// another statement the policy proves). Here an account's read is proven, and the statement whose
/// principal is not known (it may be `"*"`) could make the bucket public-read.
#[test]
fn an_undecided_policy_level_names_the_statement_that_would_give_it() {
    let p = "variable \"p\" {\n  type = string\n}\n";
    let unknown_principal = r#"{"Effect": "Allow", "Principal": "${var.p}", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::exp-b/*"}"#;
    let statements = format!("{ALLOW_ACCOUNT_READ}, {unknown_principal}");
    let r = scan_tf(&format!("{BUCKET}{p}{}", policy(&statements)));
    let expected = [
        "no public access block (bucket or account) in the configuration",
        "bucket policy statement #1 in aws_s3_bucket_policy.b allows read access to 111122223333",
        "the policy in aws_s3_bucket_policy.b has parts that are not known, which could allow \
         public-read access (read at its widest, bucket policy statement #2 in \
         aws_s3_bucket_policy.b allows read access to anyone): var.p has no value",
    ];
    assert_eq!(reasons(&r, B), expected);
    assert_eq!(verdict(&r, B), "unknown");
}

/// A bucket whose name is not known (`bucket_prefix`: S3 names it at apply) may be the bucket a
/// Resource with an unknown part names, so a public Allow on `arn:aws:s3:::${var.n}/*` may reach
/// it: the policy may make it public-read (undecided). A Resource whose known part already differs
/// from a known bucket name (`other-${var.n}` against `exp-b`) cannot name it: private.
#[test]
fn a_resource_with_an_unknown_part_may_name_a_bucket_of_unknown_name() {
    let config = |bucket: &str, resource: &str| {
        format!(
            "variable \"n\" {{\n  type = string\n}}\n\
             resource \"aws_s3_bucket\" \"b\" {{\n  {bucket}\n}}\n\
             resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({{\n\
             Version = \"2012-10-17\"\n    Statement = [{{ Effect = \"Allow\", Principal = \"*\", \
             Action = \"s3:GetObject\", Resource = \"{resource}\" }}]\n  }})\n}}\n"
        )
    };
    let prefix = scan_tf(&config("bucket_prefix = \"exp-\"", "arn:aws:s3:::${var.n}/*"));
    assert_eq!(verdict(&prefix, B), "unknown", "{:?}", reasons(&prefix, B));
    let other = scan_tf(&config("bucket = \"exp-b\"", "arn:aws:s3:::other-${var.n}/*"));
    assert_eq!(verdict(&other, B), "private", "{:?}", reasons(&other, B));
}

/// A bucket named by a variable with no value may have any name, `exp-other` too: in a policy
/// with a part not known (here its `Id`), a public Allow on `arn:aws:s3:::exp-other/*` may be
/// on this bucket, so the bucket may be public-read (undecided), read at its widest. The
/// unknown part is not in the statement: its readings are one document, read both ways.
#[test]
fn a_policy_with_an_unknown_id_may_name_a_bucket_of_unknown_name() {
    let config = "variable \"name\" {\n  type = string\n}\n\
        variable \"id\" {\n  type = string\n}\n\
        resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n\
        resource \"aws_s3_bucket_policy\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({\n\
        Version = \"2012-10-17\"\n    Id = var.id\n    Statement = [{ Effect = \"Allow\", Principal = \"*\", \
        Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::exp-other/*\" }]\n  })\n}\n";
    let r = scan_tf(config);
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    let expected = [
        "no public access block (bucket or account) in the configuration",
        "the policy in aws_s3_bucket_policy.b has parts that are not known, which could allow \
         public-read access (read at its widest, bucket policy statement #1 in \
         aws_s3_bucket_policy.b allows read access to anyone): var.id has no value",
    ];
    assert_eq!(reasons(&r, B), expected);
}

/// A bucket whose policy is the public Allow `allow`, a Deny for everyone but 111122223333, then
/// `more`: cross-account, that account keeping `verb` access through the Allow.
fn assert_spared_account_keeps(allow: &str, more: &[&str], verb: &str) {
    let spare = deny_all_but("111122223333", "NotPrincipal");
    let statements = [allow, spare.as_str()]
        .iter()
        .chain(more)
        .copied()
        .collect::<Vec<_>>();
    let r = scan_tf(&format!("{BUCKET}{}", policy(&statements.join(", "))));
    assert_eq!(verdict(&r, B), "cross-account", "{:?}", reasons(&r, B));
    assert!(
        reasons(&r, B).contains(&spared_reason(verb)),
        "{:?}",
        reasons(&r, B)
    );
}

/// The reason a public Allow gives account 111122223333, which the Denies spare.
fn spared_reason(verb: &str) -> String {
    format!(
        "bucket policy statement #1 in aws_s3_bucket_policy.b allows {verb} access to 111122223333 \
         (its principal is anyone, and the policy's Deny statements take it back from everyone else)"
    )
}

/// [S3 actions] An action is allowed only on a resource of its type: a public Allow of
/// s3:ListBucket and s3:PutObject on the bucket ARN alone allows the listing, not the upload
/// (objects are `exp-b/*`). What a Deny for everyone but 111122223333 leaves that account is
/// then read access, not write.
#[test]
fn an_account_a_deny_spares_keeps_only_actions_on_resources_of_their_type() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": ["s3:ListBucket", "s3:PutObject"], "Resource": "arn:aws:s3:::exp-b"}"#;
    assert_spared_account_keeps(allow, &[], "read");
}

/// [S3 actions] s3:PutLifecycleConfiguration acts on the bucket, though its name says neither
/// "Bucket" nor "Object": a public Allow of it on the bucket ARN leaves the account a Deny for
/// everyone else spares write access (cross-account), not nothing.
#[test]
fn a_bucket_action_named_without_bucket_acts_on_the_bucket() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:PutLifecycleConfiguration", "Resource": "arn:aws:s3:::exp-b"}"#;
    assert_spared_account_keeps(allow, &[], "write");
}

/// [IAM] NotResource: an Allow of s3:GetObject on every resource but `exp-b/private/*` reaches
/// the bucket's other objects, so the account a Deny for everyone else spares still reads them.
#[test]
fn an_account_a_deny_spares_reads_through_a_not_resource_allow() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::exp-b/private/*"}"#;
    assert_spared_account_keeps(allow, &[], "read");
}

/// What the Denies leave the spared account is what its reason says: a public Allow of
/// s3:GetObject and s3:PutObject, a Deny for everyone but 111122223333, and a Deny of
/// s3:PutObject for that account leave it read access (the public Allow itself wrote).
#[test]
fn an_account_a_deny_spares_is_named_with_the_access_it_keeps() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::exp-b/*"}"#;
    let no_put = r#"{"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "s3:PutObject", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}"#;
    assert_spared_account_keeps(allow, &[no_put], "read");
}

/// [EVAL] An explicit Deny overrides any Allow: a Deny for everyone but 111122223333 and a Deny
/// naming that account take a public read back from everyone. Only the public grant, taken
/// back, is a reason; the spared account, left nothing, is not named.
#[test]
fn an_account_left_nothing_by_the_denies_is_not_named() {
    let spare = deny_all_but("111122223333", "NotPrincipal");
    let deny_it = r#"{"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}"#;
    let r = scan_tf(&format!(
        "{BUCKET}{}",
        policy(&format!("{ALLOW_PUBLIC_READ}, {spare}, {deny_it}"))
    ));
    assert_eq!(verdict(&r, B), "private");
    let expected = [
        "no public access block (bucket or account) in the configuration",
        "bucket policy statement #1 in aws_s3_bucket_policy.b allows read access to anyone, but a \
         Deny statement in the policy covers every action it allows — neutralized: an explicit Deny",
    ];
    assert_eq!(reasons(&r, B), expected);
}

/// [EVAL] Each principal is judged on its own: an Allow to accounts 444455556666 and
/// 777788889999 with one Deny statement per account denies both: private.
#[test]
fn a_deny_per_granted_account_takes_the_grant_back_from_each() {
    let allow = r#"{"Effect": "Allow", "Principal": {"AWS": ["444455556666", "777788889999"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::exp-b/*"}"#;
    let deny = |account: &str| {
        format!(
            r#"{{"Effect": "Deny", "Principal": {{"AWS": "{account}"}}, "Action": "s3:*", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}}"#
        )
    };
    let statements = format!("{allow}, {}, {}", deny("444455556666"), deny("777788889999"));
    let r = scan_tf(&format!("{BUCKET}{}", policy(&statements)));
    assert_eq!(verdict(&r, B), "private", "{:?}", reasons(&r, B));
}

/// A Deny for everyone but the accounts `NotPrincipal` lists (`accounts`: JSON strings).
fn deny_all_but_these(action: &str, accounts: &str) -> String {
    format!(
        r#"{{"Effect": "Deny", "NotPrincipal": {{"AWS": [{accounts}]}}, "Action": "{action}", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}}"#
    )
}

/// Two Denies that each spare accounts 444455556666 and 111122223333 name each once, in order:
/// the public Allow still reaches both. A canned ACL with two public grants (READ and WRITE to
/// AllUsers) names them once too.
#[test]
fn accounts_two_denies_spare_are_named_once() {
    let accounts = r#""444455556666", "111122223333""#;
    let (spare, spare_get) = (
        deny_all_but_these("s3:*", accounts),
        deny_all_but_these("s3:GetObject", accounts),
    );
    let r = scan_tf(&format!(
        "{BUCKET}{}",
        policy(&format!("{ALLOW_PUBLIC_READ}, {spare}, {spare_get}"))
    ));
    let expected = "bucket policy statement #1 in aws_s3_bucket_policy.b allows read access to \
        111122223333, 444455556666 (its principal is anyone, and the policy's Deny statements take \
        it back from everyone else)";
    assert!(
        reasons(&r, B).iter().any(|m| m == expected),
        "{:?}",
        reasons(&r, B)
    );
    let r = scan_tf(&format!("{BUCKET}{}{}", acl("public-read-write"), policy(&spare)));
    let expected = "ACL `public-read-write` in aws_s3_bucket_acl.b lets anyone on the internet read \
        and write the bucket, and the Deny statements of the bucket policy that take it back from \
        everyone else spare 111122223333, 444455556666";
    assert!(
        reasons(&r, B).iter().any(|m| m == expected),
        "{:?}",
        reasons(&r, B)
    );
}

/// [IAM] `StringNotEquals aws:SourceVpc` denies every request from outside the VPC: anonymous
/// callers on the internet, but not another account, which may call from inside it. An ACL grant
/// to another account (by e-mail address, or by a canonical user id not known) stays, with no
/// account named as spared.
#[test]
fn a_deny_outside_a_vpc_leaves_an_acl_grant_to_another_account() {
    let deny = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"], "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1"}}}"#;
    let var = "variable \"cid\" {\n  type = string\n}\n";
    for (grantee, to, level) in [
        (
            "type          = \"AmazonCustomerByEmail\"\n        email_address = \"ops@example.com\"",
            "the account of ops@example.com",
            "cross-account",
        ),
        // Not known: perhaps the owner's own id, so unknown rather than cross-account.
        (
            "type = \"CanonicalUser\"\n        id   = var.cid",
            "a canonical user whose id is not known (var.cid has no value)",
            "unknown",
        ),
    ] {
        let r = scan_tf(&format!(
            "{BUCKET}{var}{}{}",
            acl_grant("READ", grantee),
            policy(deny)
        ));
        assert_eq!(verdict(&r, B), level, "{:?}", reasons(&r, B));
        let expected = [
            "no public access block (bucket or account) in the configuration".to_string(),
            format!("grant of READ to {to} in aws_s3_bucket_acl.g"),
        ];
        assert_eq!(reasons(&r, B), expected);
    }
}

/// [Access points] An access point serves only its own bucket: a public access point of
/// `exp-c` does not reach `exp-b`, though `exp-b`'s policy delegates to access points and both
/// are in one configuration. `exp-c` has no delegating policy: private too.
#[test]
fn an_access_point_of_another_bucket_does_not_expose_a_delegating_bucket() {
    let delegate = r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"], "Condition": {"StringEquals": {"s3:DataAccessPointAccount": "111122223333"}}}"#;
    let other = "resource \"aws_s3_bucket\" \"c\" {\n  bucket = \"exp-c\"\n}\n\
        resource \"aws_s3_access_point\" \"ap\" {\n  bucket = aws_s3_bucket.c.id\n  name   = \"ap\"\n  \
        public_access_block_configuration {\n    block_public_acls       = false\n    \
        block_public_policy     = false\n    ignore_public_acls      = false\n    \
        restrict_public_buckets = false\n  }\n  policy = jsonencode({ Version = \"2012-10-17\", \
        Statement = [{ Effect = \"Allow\", Principal = \"*\", Action = \"s3:GetObject\", \
        Resource = \"arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*\" }] })\n}\n";
    let r = scan_tf(&format!("{BUCKET}{}{other}", policy(delegate)));
    assert_eq!(verdict(&r, B), "private", "{:?}", reasons(&r, B));
    assert_eq!(
        verdict(&r, "aws_s3_bucket.c"),
        "private",
        "{:?}",
        reasons(&r, "aws_s3_bucket.c")
    );
}

/// [Object Ownership] With BucketOwnerEnforced, ACLs are disabled: S3 rejects any ACL but
/// `private` and `bucket-owner-full-control`, so a canned ACL not known (`acl = var.acl`) gives
/// nothing, whatever it is: private, the ACL's reason saying it is rejected, not unknown.
#[test]
fn an_unknown_canned_acl_with_acls_disabled_gives_nothing() {
    let ownership = "resource \"aws_s3_bucket_ownership_controls\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  \
        rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}\n";
    let unknown_acl = "variable \"acl\" {\n  type = string\n}\n\
        resource \"aws_s3_bucket_acl\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  acl    = var.acl\n}\n";
    let r = scan_tf(&format!("{BUCKET}{ownership}{unknown_acl}"));
    assert_eq!(verdict(&r, B), "private", "{:?}", reasons(&r, B));
    let expected = [
        "no public access block (bucket or account) in the configuration",
        "the ACL of aws_s3_bucket_acl.b is not known: var.acl has no value — rejected at apply: object \
         ownership BucketOwnerEnforced in aws_s3_bucket_ownership_controls.b disables ACLs",
    ];
    assert_eq!(reasons(&r, B), expected);
}

/// [Block Public Access] BlockPublicPolicy rejects a public policy, RestrictPublicBuckets limits
/// it to AWS services and the owner's account: with either flag not known (the other off) a
/// public Allow may or may not take effect, so the bucket is unknown, and the reason names the
/// flag.
#[test]
fn a_public_policy_under_an_unknown_policy_flag_is_undecided() {
    for (policy_flag, restrict, name) in [
        ("var.flag", "false", "block_public_policy"),
        ("false", "var.flag", "restrict_public_buckets"),
    ] {
        let pab = block("false", "false", policy_flag, restrict);
        let r = scan_tf(&format!("{BUCKET}{FLAG_VAR}{pab}{}", policy(ALLOW_PUBLIC_READ)));
        assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
        let expected = format!(
            "bucket policy statement #1 in aws_s3_bucket_policy.b allows read access to anyone — \
             unknown: {name} of aws_s3_bucket_public_access_block.b is not known: var.flag has no value"
        );
        assert_eq!(reasons(&r, B), [expected]);
    }
}

/// [Object Ownership] With BucketOwnerEnforced, ACLs are disabled and grant nothing: an explicit
/// grant whose grantee is not known (`uri = var.uri`) cannot expose the bucket: private, the
/// reason saying the grant is neutralized, not unknown.
#[test]
fn an_unknown_grantee_with_acls_disabled_gives_nothing() {
    let ownership = "resource \"aws_s3_bucket_ownership_controls\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  \
        rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}\n";
    let var = "variable \"uri\" {\n  type = string\n}\n";
    let grant = acl_grant("READ", "type = \"Group\"\n        uri  = var.uri");
    let r = scan_tf(&format!("{BUCKET}{ownership}{var}{grant}"));
    assert_eq!(verdict(&r, B), "private", "{:?}", reasons(&r, B));
    let expected = [
        "no public access block (bucket or account) in the configuration",
        "a grantee in aws_s3_bucket_acl.g is not known: var.uri has no value — neutralized: object \
         ownership BucketOwnerEnforced in aws_s3_bucket_ownership_controls.b disables ACLs",
    ];
    assert_eq!(reasons(&r, B), expected);
}

/// [IAM] NotAction with Allow grants every action but those listed: a public Allow with
/// `NotAction = "s3:*"` grants no S3 action, so it gives nothing and the explanation does not
/// mention it (no Deny covers it: there is nothing to cover).
#[test]
fn a_public_allow_of_no_s3_action_is_not_a_reason() {
    let allow = r#"{"Effect": "Allow", "Principal": "*", "NotAction": "s3:*", "Resource": ["arn:aws:s3:::exp-b", "arn:aws:s3:::exp-b/*"]}"#;
    let r = scan_tf(&format!("{BUCKET}{}", policy(allow)));
    assert_eq!(verdict(&r, B), "private", "{:?}", reasons(&r, B));
    assert_eq!(
        reasons(&r, B),
        ["no public access block (bucket or account) in the configuration"]
    );
}

/// [Block Public Access] A bucket defined outside the scan may have a public access block of its
/// own that the scan cannot see: with its ownership (ACLs enabled) and policy written here, a
/// `public-read` ACL may still be rejected or ignored by that block, so the bucket is unknown,
/// not public-read, and the reason names the flag.
#[test]
fn a_public_acl_on_a_bucket_outside_may_be_blocked_by_its_unseen_block() {
    let config = "resource \"aws_s3_bucket_acl\" \"e\" {\n  bucket = \"ext-b\"\n  acl    = \"public-read\"\n}\n\
        resource \"aws_s3_bucket_ownership_controls\" \"e\" {\n  bucket = \"ext-b\"\n  \
        rule {\n    object_ownership = \"ObjectWriter\"\n  }\n}\n\
        resource \"aws_s3_bucket_policy\" \"e\" {\n  bucket = \"ext-b\"\n  policy = jsonencode({ \
        Version = \"2012-10-17\", Statement = [{ Effect = \"Deny\", Principal = \"*\", Action = \"s3:*\", \
        Resource = \"arn:aws:s3:::ext-b/*\", Condition = { Bool = { \"aws:SecureTransport\" = \"false\" } } }] })\n}\n";
    let r = scan_tf(config);
    let ext = "external:ext-b";
    assert_eq!(verdict(&r, ext), "unknown", "{:?}", reasons(&r, ext));
    let expected = "ACL `public-read` in aws_s3_bucket_acl.e lets anyone on the internet read the \
        bucket — unknown: external:ext-b is defined outside the scan: its block_public_acls is not known";
    assert_eq!(reasons(&r, ext), [expected]);
}
