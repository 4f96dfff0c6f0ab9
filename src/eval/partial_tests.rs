//! Partial knowledge in the evaluator: templates keep their known text around holes, jsonencode
//! keeps its known document, well-known data sources are symbols, and nothing hands a partly
//! known string to a consumer that wants a plain value.

use crate::input::Module;
use crate::input::hcl::{VarInputs, load_module};
use crate::model::partial::{self, Sym};
use crate::model::{Node, SourceFile, Sources, Val};

/// The argument `v` of `resource "t" "r"`, with `extra` configuration around it.
fn eval(expr: &str, extra: &str) -> Node {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("resource \"t\" \"r\" {{\n  v = {expr}\n}}\n{extra}");
    let path = dir.path().join("main.tf");
    std::fs::write(&path, &text).unwrap();
    let mut sources = Sources::default();
    let id = sources.add(SourceFile::new(path, "m/main.tf".into(), text.as_str()));
    crate::input::hcl::index_dirs(&mut sources);
    let module = Module {
        dir: "m".into(),
        files: vec![id],
        tfvars: Vec::new(),
        manifest: crate::input::discover::module_manifest(dir.path()),
    };
    let loaded = load_module(
        &sources,
        &module,
        &VarInputs {
            var_files: &[],
            vars: &[],
            ..VarInputs::default()
        },
    );
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let r = loaded.resources.iter().find(|r| r.address == "t.r").expect("t.r");
    r.body.get("v").cloned().expect("v")
}

fn text(n: &Node) -> String {
    match &n.val {
        Val::Partial(p) => p.text.clone(),
        v => panic!("expected a partly known value, got {v:?}"),
    }
}

fn h(s: Sym) -> String {
    s.hole().to_string()
}

const DATA: &str = r#"
variable "x" {}
data "aws_partition" "p" {}
data "aws_caller_identity" "me" {}
data "aws_region" "r" {}
data "aws_canonical_user_id" "c" {}
data "aws_organizations_organization" "o" {}
data "aws_elb_service_account" "elb" {}
data "aws_cloudfront_log_delivery_canonical_user_id" "cf" {}
resource "aws_kms_key" "k" {}
"#;

// An unknown interpolation is a hole; the literal text around it stays known.
#[test]
fn templates_keep_known_text() {
    let n = eval(r#""arn:aws:s3:::${var.x}/*""#, DATA);
    assert_eq!(text(&n), format!("arn:aws:s3:::{}/*", h(Sym::Opaque)));
    // A value the provider computes is a Fixed hole.
    let n = eval(r#""${aws_kms_key.k.arn}/x""#, DATA);
    assert_eq!(text(&n), format!("{}/x", h(Sym::Fixed)));
}

// Each well-known data source attribute is its symbol (what AWS returns for the scanned account).
#[test]
fn well_known_data_sources_are_symbols() {
    for (expr, sym) in [
        ("data.aws_partition.p.partition", Sym::Partition),
        ("data.aws_caller_identity.me.account_id", Sym::Account),
        ("data.aws_caller_identity.me.id", Sym::Account),
        ("data.aws_region.r.name", Sym::Region),
        ("data.aws_region.r.region", Sym::Region),
        ("data.aws_canonical_user_id.c.id", Sym::OwnCanonical),
        ("data.aws_organizations_organization.o.id", Sym::Org),
        ("data.aws_elb_service_account.elb.id", Sym::ElbAccount),
        (
            "data.aws_cloudfront_log_delivery_canonical_user_id.cf.id",
            Sym::CloudFrontLogs,
        ),
    ] {
        assert_eq!(text(&eval(expr, DATA)), h(sym), "{expr}");
    }
    let arn = text(&eval("data.aws_elb_service_account.elb.arn", DATA));
    assert_eq!(
        arn,
        format!("arn:{}:iam::{}:root", h(Sym::Partition), h(Sym::ElbAccount))
    );
    // Attributes without a symbol stay unknown.
    assert!(matches!(
        eval("data.aws_partition.p.dns_suffix", DATA).val,
        Val::Partial(_) | Val::Unknown(_)
    ));
    // A written argument stays as written.
    let n = eval(
        "data.aws_region.w.name",
        "data \"aws_region\" \"w\" {\n  name = \"eu-west-1\"\n}\n",
    );
    assert_eq!(n.as_str(), Some("eu-west-1"));
}

// jsonencode of a document with unknown leaves keeps the rest of the document.
#[test]
fn jsonencode_keeps_known_parts() {
    let n = eval(
        r#"jsonencode({Resource = "arn:${data.aws_partition.p.partition}:s3:::b", Action = var.x})"#,
        DATA,
    );
    let t = text(&n);
    assert_eq!(
        t,
        format!(
            r#"{{"Action":"{}","Resource":"arn:{}:s3:::b"}}"#,
            h(Sym::Opaque),
            h(Sym::Partition)
        )
    );
    // Fully known: a plain string, as before.
    assert_eq!(
        eval(r#"jsonencode({a = "b"})"#, DATA).as_str(),
        Some(r#"{"a":"b"}"#)
    );
}

// Configuration text cannot forge a hole: literal hole characters are replaced.
#[test]
fn literals_cannot_forge_holes() {
    let forged = format!("\"{}-${{var.x}}\"", h(Sym::Account));
    let t = text(&eval(&forged, DATA));
    assert_eq!(partial::holes(&t).collect::<Vec<_>>(), [Sym::Opaque]);
}

// Partly known strings are unknown to everything else: comparisons, conditions, can().
#[test]
fn partial_values_are_unknown_elsewhere() {
    for expr in [
        r#"data.aws_partition.p.partition == "aws""#,
        r#"data.aws_partition.p.partition != "aws" ? "x" : "y""#,
        "can(data.aws_region.r.name)",
        "upper(data.aws_region.r.name)",
        r#"length("${var.x}-a")"#,
    ] {
        let n = eval(expr, DATA);
        assert!(matches!(n.val, Val::Unknown(_)), "{expr}: {:?}", n.val);
    }
    // try() does not fall back on a value that is only not known yet.
    let n = eval(r#"try("${var.x}-a", "b")"#, DATA);
    assert!(n.is_unknown(), "{:?}", n.val);
}

// replace() on known text around holes (terraform-aws-modules' placeholder policies).
#[test]
fn replace_on_partly_known_text() {
    let n = eval(
        r#"replace("arn:aws:s3:::_B_/${var.x}", "_B_", data.aws_caller_identity.me.account_id)"#,
        DATA,
    );
    assert_eq!(
        text(&n),
        format!("arn:aws:s3:::{}/{}", h(Sym::Account), h(Sym::Opaque))
    );
}

// format() with %s verbs keeps its known text (cloudposse and others build ARNs with it).
#[test]
fn format_on_partly_known_arguments() {
    let n = eval(
        r#"format("arn:%s:s3:::%s/*", data.aws_partition.p.partition, var.x)"#,
        DATA,
    );
    assert_eq!(
        text(&n),
        format!("arn:{}:s3:::{}/*", h(Sym::Partition), h(Sym::Opaque))
    );
    // Another verb: not decided here.
    assert!(matches!(
        eval(r#"format("%d", var.x)"#, DATA).val,
        Val::Unknown(_)
    ));
    assert_eq!(eval(r#"format("%s-x", "a")"#, DATA).as_str(), Some("a-x"));
}

// jsondecode of a partly known text: strings with holes stay partly known (never plain strings),
// and jsonencode gives the same document back.
#[test]
fn jsondecode_of_partly_known_text() {
    let n = eval(
        r#"jsondecode(jsonencode({a = "arn:${data.aws_partition.p.partition}:s3:::b", b = var.x, c = "k"}))"#,
        DATA,
    );
    assert_eq!(
        text(n.get("a").unwrap()),
        format!("arn:{}:s3:::b", h(Sym::Partition))
    );
    assert!(matches!(n.get("b").unwrap().val, Val::Unknown(_)));
    assert_eq!(n.get("c").unwrap().as_str(), Some("k"));
    let back = eval(
        r#"jsonencode(merge(jsondecode(jsonencode({a = "arn:${data.aws_partition.p.partition}:s3:::b"})), {c = "k"}))"#,
        DATA,
    );
    assert_eq!(
        text(&back),
        format!(r#"{{"a":"arn:{}:s3:::b","c":"k"}}"#, h(Sym::Partition))
    );
}

// Only identifiers the provider computes are Fixed (never a wildcard): a random string or any
// other computed attribute may be anything.
#[test]
fn only_computed_identifiers_are_fixed() {
    let extra = format!("{DATA}resource \"random_string\" \"s\" {{\n  length = 8\n}}\n");
    assert_eq!(text(&eval("aws_kms_key.k.key_id", &extra)), h(Sym::Fixed));
    assert!(matches!(
        eval("aws_kms_key.k.policy", &extra).val,
        Val::Unknown(_)
    ));
    assert!(matches!(eval("random_string.s.id", &extra).val, Val::Unknown(_)));
    assert!(matches!(
        eval("random_string.s.result", &extra).val,
        Val::Unknown(_)
    ));
}

// A role or user this configuration creates with the default provider is a principal of the
// scanned account (never cross-account); with a provider of its own it may be in another account.
#[test]
fn iam_principals_created_here_are_the_scanned_accounts() {
    let extra = "resource \"aws_iam_role\" \"r\" {\n  name = \"x\"\n}\n\
                 resource \"aws_iam_user\" \"u\" {\n  name = \"x\"\n}\n\
                 resource \"aws_iam_role\" \"other\" {\n  provider = aws.other\n  name = \"x\"\n}\n";
    let (p, a, f) = (h(Sym::Partition), h(Sym::Account), h(Sym::Fixed));
    assert_eq!(
        text(&eval("aws_iam_role.r.arn", extra)),
        format!("arn:{p}:iam::{a}:role/{f}")
    );
    assert_eq!(
        text(&eval("aws_iam_user.u.arn", extra)),
        format!("arn:{p}:iam::{a}:user/{f}")
    );
    assert_eq!(text(&eval("aws_iam_role.other.arn", extra)), f);
}
