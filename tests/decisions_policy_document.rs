//! `aws_iam_policy_document` decisions pinned one by one (issue 20): each test scans a small
//! Terraform configuration through the public API and checks what the rendered document makes of
//! the bucket, against what AWS provider v5 renders (or refuses to render) for the same input.

use std::collections::BTreeSet;

use bucketguard::scan::ScanResult;

mod support;
use support::scan::{findings, reasons, scan_tf, verdict};

/// (policy id, bucket address, reason) of every undecided check.
fn undecided(r: &ScanResult) -> BTreeSet<(String, String, String)> {
    r.undecided
        .iter()
        .map(|u| {
            (
                u.policy.meta.id.clone(),
                u.bucket.to_string(),
                u.reason.to_string(),
            )
        })
        .collect()
}

const B: &str = "aws_s3_bucket.b";

/// A bucket whose policy is `data.aws_iam_policy_document.d.json`, the document merging one
/// source document with this `Condition` on an Allow of reads to everyone.
fn source_condition(condition: &str) -> String {
    format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"dec-b\"\n}}\n\
         data \"aws_iam_policy_document\" \"d\" {{\n  source_policy_documents = [jsonencode({{\n    \
         Version = \"2012-10-17\"\n    Statement = [{{ Effect = \"Allow\", Principal = \"*\", \
         Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::dec-b/*\",\n      \
         Condition = {condition} }}]\n  }})]\n}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
         policy = data.aws_iam_policy_document.d.json\n}}\n"
    )
}

/// The reason every check the document could decide gives when the source document's Condition
/// is one the provider cannot render.
const UNSUPPORTED: &str = "the bucket policy in aws_s3_bucket_policy.b is not known: policy document \
    source_policy_documents[0] Statement[0]: unsupported Condition";

fn assert_not_rendered(r: &ScanResult) {
    assert_eq!(verdict(r, B), "unknown", "{:?}", reasons(r, B));
    assert_eq!(bg122_open(r, ""), UNSUPPORTED);
}

/// A source document whose `Condition`, or a condition operator in it, is a plain string fails
/// the plan ("json: cannot unmarshal string into Go struct field ... Condition of type
/// map[string]..."): the document is not known (the reason says why); it is not a known
/// statement with an unknown condition, which only a string holding an unknown value is.
#[test]
fn a_string_condition_in_a_source_document_is_not_known() {
    assert_not_rendered(&scan_tf(&source_condition("\"x\"")));
    assert_not_rendered(&scan_tf(&source_condition("{ StringEquals = \"x\" }")));
}

/// The provider reads a list of condition values with `v.(string)`: a boolean in the list
/// crashes it ("interface conversion: interface {} is bool, not string", AWS provider v5.100.0),
/// so the document is never rendered and the bucket is not proven public-read (a lone boolean,
/// not in a list, renders as "true").
#[test]
fn a_boolean_in_a_condition_value_list_is_not_rendered() {
    assert_not_rendered(&scan_tf(&source_condition(
        "{ Bool = { \"aws:SecureTransport\" = [true] } }",
    )));
    let r = scan_tf(&source_condition("{ Bool = { \"aws:SecureTransport\" = true } }"));
    assert_eq!(verdict(&r, B), "public-read", "{:?}", reasons(&r, B));
}

/// Go decodes a null condition operator (`"StringLike": null`) into a nil map: the provider
/// renders the statement without a Condition (a real plan), so the Allow to everyone is
/// unconditional and the bucket public-read, not unknown.
#[test]
fn a_null_condition_operator_is_no_condition() {
    let r = scan_tf(&source_condition("{ StringLike = null }"));
    assert_eq!(verdict(&r, B), "public-read", "{:?}", reasons(&r, B));
    assert!(
        findings(&r).contains(&("BG122".into(), B.into())),
        "{:?}",
        undecided(&r)
    );
}

/// A source document whose Condition is not known (`Condition = var.c` in its `jsonencode`, or
/// one operator of it: `{ StringEquals = var.c }`) leaves only that statement open: the fully
/// known Allow of reads to everyone merged beside it is still proven public (BG122 fails rather
/// than being undecided), and the write the open statement may give leaves BG121 and the verdict
/// undecided.
#[test]
fn an_unknown_condition_in_a_source_document_leaves_its_known_statements_decided() {
    for condition in ["var.c", "{ StringEquals = var.c }"] {
        unknown_condition_leaves_known_statements_decided(condition);
    }
}

fn unknown_condition_leaves_known_statements_decided(condition: &str) {
    let config = format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"dec-b\"\n}}\n\
        variable \"c\" {{\n  type = any\n}}\n\
        data \"aws_iam_policy_document\" \"d\" {{\n  source_policy_documents = [jsonencode({{\n    \
        Version = \"2012-10-17\"\n    Statement = [\n      \
        {{ Effect = \"Allow\", Principal = \"*\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::dec-b/*\" }},\n      \
        {{ Effect = \"Allow\", Principal = \"*\", Action = \"s3:PutObject\", Resource = \"arn:aws:s3:::dec-b/*\", Condition = {condition} }},\n    \
        ]\n  }})]\n}}\n\
        resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
        policy = data.aws_iam_policy_document.d.json\n}}\n"
    );
    let r = scan_tf(&config);
    assert!(
        findings(&r).contains(&("BG122".into(), B.into())),
        "{:?}",
        undecided(&r)
    );
    let open: Vec<String> = undecided(&r)
        .into_iter()
        .filter(|(id, _, _)| id == "BG121")
        .map(|(_, _, why)| why)
        .collect();
    assert_eq!(open.len(), 1, "{:?}", undecided(&r));
    assert!(open[0].contains("var.c"), "{open:?}");
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
}

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"dec-b\"\n}\n";

/// `BUCKET`, a variable `x` with no value, the document `d` (its body) and a bucket policy that
/// is `d`'s json.
fn with_doc(body: &str) -> String {
    format!(
        "{BUCKET}variable \"x\" {{\n  type = any\n}}\n\
         data \"aws_iam_policy_document\" \"d\" {{\n{body}}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
         policy = data.aws_iam_policy_document.d.json\n}}\n"
    )
}

/// The reason BG122 is undecided for the bucket, if it is.
fn open_reason(r: &ScanResult, id: &str) -> Option<String> {
    undecided(r)
        .into_iter()
        .find(|(i, b, _)| i == id && b == B)
        .map(|(_, _, why)| why)
}

/// Why BG122 is undecided for the bucket, after checking it is neither failed nor decided
/// (`context` goes in the panic messages).
fn bg122_open(r: &ScanResult, context: &str) -> String {
    assert!(
        !findings(r).contains(&("BG122".into(), B.into())),
        "{context}\n{:?}",
        findings(r)
    );
    open_reason(r, "BG122").unwrap_or_else(|| panic!("{context}\n{:?}", undecided(r)))
}

const PUBLIC_READ: &str = "  statement {\n    principals {\n      type        = \"*\"\n      \
    identifiers = [\"*\"]\n    }\n    actions   = [\"s3:GetObject\"]\n    \
    resources = [\"arn:aws:s3:::dec-b/*\"]\n  }\n";

/// A source document whose Principal is a string not known (`Principal = var.x`) is a principal
/// not known: only a known string is everyone (`"*"`, which the provider writes for any string),
/// so the Allow of reads is not proven public.
#[test]
fn an_unknown_string_principal_in_a_source_document_is_not_everyone() {
    let r = scan_tf(&with_doc(
        "  source_policy_documents = [jsonencode({\n    Version = \"2012-10-17\"\n    \
         Statement = [{ Effect = \"Allow\", Principal = var.x, Action = \"s3:GetObject\", \
         Resource = \"arn:aws:s3:::dec-b/*\" }]\n  })]\n",
    ));
    let why = bg122_open(&r, "");
    assert!(why.contains("var.x"), "{why}");
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
}

/// An override document that is not known may replace any statement that has a Sid (the provider
/// merges overrides by Sid), never one without: the TLS Deny with a Sid is open (BG203
/// undecided), the Allow of reads to everyone without one stands (BG122 fails).
#[test]
fn an_unknown_override_document_replaces_only_statements_with_a_sid() {
    let tls = "  statement {\n    sid     = \"TLS\"\n    effect  = \"Deny\"\n    principals {\n      \
        type        = \"*\"\n      identifiers = [\"*\"]\n    }\n    actions   = [\"s3:*\"]\n    \
        resources = [\"arn:aws:s3:::dec-b\", \"arn:aws:s3:::dec-b/*\"]\n    condition {\n      \
        test     = \"Bool\"\n      variable = \"aws:SecureTransport\"\n      values   = [\"false\"]\n    }\n  }\n";
    let r = scan_tf(&with_doc(&format!(
        "  override_policy_documents = [var.x]\n{PUBLIC_READ}{tls}"
    )));
    assert!(
        findings(&r).contains(&("BG122".into(), B.into())),
        "{:?}",
        undecided(&r)
    );
    assert!(
        open_reason(&r, "BG203").is_some(),
        "{:?} {:?}",
        findings(&r),
        undecided(&r)
    );
}

/// A statement's `sid` that is not known decides which statement an override document with a
/// Sid replaces (here "Keep": if `var.x` is "Keep", the Allow of reads to everyone is gone), so
/// the document as a whole is not known: the bucket is not proven public-read.
#[test]
fn an_unknown_sid_leaves_the_merged_document_unknown() {
    let r = scan_tf(&with_doc(&format!(
        "  override_policy_documents = [jsonencode({{\n    Version = \"2012-10-17\"\n    \
         Statement = [{{ Sid = \"Keep\", Effect = \"Deny\", Principal = \"*\", Action = \"s3:DeleteObject\", \
         Resource = \"arn:aws:s3:::dec-b/*\" }}]\n  }})]\n{}",
        PUBLIC_READ.replace("  statement {\n", "  statement {\n    sid = var.x\n")
    )));
    assert_eq!(
        bg122_open(&r, ""),
        "the bucket policy in aws_s3_bucket_policy.b is not known: policy document statement[0].sid: not known"
    );
}

/// An override document replaces a statement by Sid: the unknown Resource of the config's
/// statement "A" is gone from the document, whose json is then a known string like any other
/// (a function of it, here `trimspace`, is known too), and the override's Allow of reads to
/// everyone is proven public (BG122 fails, not undecided).
#[test]
fn an_overridden_unknown_statement_leaves_a_known_document() {
    let config = with_doc(
        "  override_policy_documents = [jsonencode({\n    Version = \"2012-10-17\"\n    \
         Statement = [{ Sid = \"A\", Effect = \"Allow\", Principal = \"*\", Action = \"s3:GetObject\", \
         Resource = \"arn:aws:s3:::dec-b/*\" }]\n  })]\n  \
         statement {\n    sid       = \"A\"\n    actions   = [\"s3:PutObject\"]\n    resources = [var.x]\n  }\n",
    );
    let through_a_function = config.replace(
        "policy = data.aws_iam_policy_document.d.json",
        "policy = trimspace(data.aws_iam_policy_document.d.json)",
    );
    for config in [config, through_a_function] {
        let r = scan_tf(&config);
        assert!(
            findings(&r).contains(&("BG122".into(), B.into())),
            "{:?}",
            undecided(&r)
        );
        assert_eq!(verdict(&r, B), "public-read", "{:?}", reasons(&r, B));
        assert!(undecided(&r).is_empty(), "{:?}", undecided(&r));
    }
}

/// Two `source_policy_documents` with the same Sid fail the plan ("duplicate Sid (A) in
/// source_policy_documents"): the document is not known, although the second would replace the
/// first if they were merged.
#[test]
fn a_sid_repeated_across_source_documents_is_rejected() {
    let doc = |effect: &str| {
        format!(
            "jsonencode({{ Version = \"2012-10-17\", Statement = [{{ Sid = \"A\", Effect = \"{effect}\", \
             Principal = \"*\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::dec-b/*\" }}] }})"
        )
    };
    let r = scan_tf(&with_doc(&format!(
        "  source_policy_documents = [\n    {},\n    {},\n  ]\n",
        doc("Allow"),
        doc("Deny")
    )));
    assert_eq!(
        open_reason(&r, "BG122").as_deref(),
        Some(
            "the bucket policy in aws_s3_bucket_policy.b is not known: policy document \
             source_policy_documents[1] has a duplicate Sid (A); the provider rejects it"
        ),
        "{:?} {:?}",
        findings(&r),
        undecided(&r)
    );
}

/// A `dynamic` block whose `for_each` is not known stands for any number of blocks: dynamic
/// `condition` blocks may restrict the Allow of reads to everyone, and dynamic `principals` may
/// name anyone, so neither statement is proven public or private (BG122 undecided), rather
/// than the blocks being none.
#[test]
fn dynamic_nested_blocks_with_an_unknown_for_each_are_open() {
    let condition = "    dynamic \"condition\" {\n      for_each = var.x\n      content {\n        \
        test     = \"StringEquals\"\n        variable = \"aws:SourceVpce\"\n        values   = [\"vpce-1\"]\n      }\n    }\n";
    let principals = "    dynamic \"principals\" {\n      for_each = var.x\n      content {\n        \
        type        = \"*\"\n        identifiers = [\"*\"]\n      }\n    }\n";
    let public = PUBLIC_READ.replace("  statement {\n", &format!("  statement {{\n{condition}"));
    let anyone =
        "  statement {\n    actions   = [\"s3:GetObject\"]\n    resources = [\"arn:aws:s3:::dec-b/*\"]\n"
            .to_string()
            + principals
            + "  }\n";
    for body in [public, anyone] {
        let r = scan_tf(&with_doc(&body));
        let why = bg122_open(&r, &body);
        assert!(why.contains("var.x"), "{why}");
    }
}

/// AWS provider v5 removed `source_json` and `override_json`: any value but "" fails the plan
/// (`expected "source_json" to be an empty string`, a real plan with 5.100.0), so a document
/// with one is never rendered and the bucket's policy is not known (it is not merged as v4
/// did); an empty one is accepted and changes nothing.
#[test]
fn source_json_and_override_json_are_rejected_unless_empty() {
    let json = "jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", \
        Principal = \"*\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::dec-b/*\" }] })";
    let rejected = "the AWS provider (v5) rejects it unless it is empty (use \
        source_policy_documents / override_policy_documents)";
    for key in ["source_json", "override_json"] {
        let r = scan_tf(&with_doc(&format!("  {key} = {json}\n")));
        assert_eq!(
            open_reason(&r, "BG122"),
            Some(format!(
                "the bucket policy in aws_s3_bucket_policy.b is not known: policy document {key}: {rejected}"
            )),
            "{:?} {:?}",
            findings(&r),
            undecided(&r)
        );
        let r = scan_tf(&with_doc(&format!("  {key} = var.x\n{PUBLIC_READ}")));
        let why = open_reason(&r, "BG122").unwrap_or_else(|| panic!("{:?}", undecided(&r)));
        assert!(
            why.ends_with(&format!("{key}: not known, and {rejected}")),
            "{why}"
        );
        let r = scan_tf(&with_doc(&format!("  {key} = \"\"\n{PUBLIC_READ}")));
        assert_eq!(verdict(&r, B), "public-read", "{:?}", reasons(&r, B));
    }
}

/// A bucket whose policy is `data.aws_iam_policy_document.d.json` with these statement blocks
/// (and `extra` arguments), `var.sid` a string with no value.
fn document(statements: &str, extra: &str) -> String {
    format!(
        "variable \"sid\" {{\n  type = string\n}}\n\
         resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"dec-b\"\n}}\n\
         data \"aws_iam_policy_document\" \"d\" {{\n{extra}{statements}}}\n\
         resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
         policy = data.aws_iam_policy_document.d.json\n}}\n"
    )
}

/// A `statement` block allowing s3:PutObject to everyone, with `sid`.
fn public_put(sid: &str) -> String {
    format!(
        "  statement {{\n    sid = {sid}\n    actions = [\"s3:PutObject\"]\n    \
         resources = [\"arn:aws:s3:::dec-b/*\"]\n    principals {{\n      type = \"*\"\n      \
         identifiers = [\"*\"]\n    }}\n  }}\n"
    )
}

/// A Sid only names its statement: one not known leaves a public Allow public (public-write,
/// BG121 fails). It stays unknown where it could matter to the provider: beside another Sid it
/// may repeat (a duplicate Sid fails the plan), and with override documents, whose statements
/// replace those of the same Sid.
#[test]
fn a_sid_not_known_decides_nothing_unless_the_provider_compares_it() {
    let r = scan_tf(&document(&public_put("var.sid"), ""));
    assert_eq!(verdict(&r, B), "public-write", "{:?}", reasons(&r, B));
    assert!(findings(&r).contains(&("BG121".into(), B.into())));

    let open = "the bucket policy in aws_s3_bucket_policy.b is not known: policy document \
        statement[1].sid: not known";
    let beside = format!("{}{}", public_put("\"Known\""), public_put("var.sid"));
    let r = scan_tf(&document(&beside, ""));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    assert_eq!(bg121_open(&r), open);

    let overrides = "  override_policy_documents = [\"{}\"]\n";
    let r = scan_tf(&document(
        &format!("{}{}", public_put("\"\""), public_put("var.sid")),
        overrides,
    ));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    assert_eq!(bg121_open(&r), open);
}

/// The reason BG121 is undecided for the bucket, when it is.
fn bg121_open(r: &ScanResult) -> String {
    undecided(r)
        .into_iter()
        .find(|(id, b, _)| id == "BG121" && b == B)
        .map(|(_, _, why)| why)
        .unwrap_or_default()
}

/// The provider takes only `version` "2008-10-17" or "2012-10-17", and they render a document
/// alike unless a statement uses a policy variable `&{...}` (which 2008-10-17 rejects: the plan
/// fails) or documents merge (the later version wins). One not known decides nothing else: the
/// public Allow of writes is proven (public-write, BG121 fails). With a `&{` variable or an
/// override document the document is not known.
#[test]
fn a_version_not_known_decides_nothing_unless_the_provider_compares_it() {
    let version = "  version = var.sid\n";
    let r = scan_tf(&document(&public_put("\"\""), version));
    assert_eq!(verdict(&r, B), "public-write", "{:?}", reasons(&r, B));
    assert!(findings(&r).contains(&("BG121".into(), B.into())));

    let variable = public_put("\"\"").replace("dec-b/*", "dec-b/&{aws:username}/*");
    let r = scan_tf(&document(&variable, version));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    assert_eq!(
        bg121_open(&r),
        "the bucket policy in aws_s3_bucket_policy.b is not known: policy document version: not \
         known, and statement[0].resources uses &{, which version 2008-10-17 rejects"
    );

    let merged = format!("{version}  override_policy_documents = [\"{{}}\"]\n");
    let r = scan_tf(&document(&public_put("\"\""), &merged));
    assert_eq!(verdict(&r, B), "unknown", "{:?}", reasons(&r, B));
    assert_eq!(
        bg121_open(&r),
        "the bucket policy in aws_s3_bucket_policy.b is not known: policy document version: not known"
    );
}
