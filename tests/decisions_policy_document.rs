//! `aws_iam_policy_document` decisions pinned one by one (issue 20): each test scans a small
//! Terraform configuration through the public API and checks what the rendered document makes of
//! the bucket, against what AWS provider v5 renders (or refuses to render) for the same input.

use std::collections::BTreeSet;

use bucketguard::scan::ScanResult;

mod support;
use support::scan::{scan_tf, verdict};

/// (policy id, bucket address) of every finding.
fn findings(r: &ScanResult) -> BTreeSet<(String, String)> {
    r.findings
        .iter()
        .map(|f| (f.policy.meta.id.clone(), f.bucket.to_string()))
        .collect()
}

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

fn reasons(r: &ScanResult, bucket: &str) -> Vec<String> {
    r.exposures
        .iter()
        .find(|e| e.bucket == bucket)
        .unwrap_or_else(|| panic!("no exposure for {bucket}"))
        .reasons
        .iter()
        .map(bucketguard::exposure::describe)
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
    assert!(
        !findings(r).contains(&("BG122".into(), B.into())),
        "{:?}",
        findings(r)
    );
    assert!(
        undecided(r).contains(&("BG122".into(), B.into(), UNSUPPORTED.into())),
        "{:?}",
        undecided(r)
    );
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
