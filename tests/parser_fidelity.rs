//! Parser fidelity: every file `terraform validate` accepts is read, and what it rejects is an
//! error at its line and column.
//!
//! - hcl-edit's parser (vendored with patches, see vendor/hcl-edit/PATCHES.md) on each construct
//!   it used to reject, then bucketguard scanning it;
//! - a differential corpus (testdata/syntax, one root module per case) whose Terraform verdicts
//!   are recorded in testdata/syntax/EXPECTED.tsv: bucketguard must agree with every one, and,
//!   where terraform and an offline AWS provider mirror are present, the recorded verdicts are
//!   checked again against `terraform validate`.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use bucketguard::model::Value;
use bucketguard::scan::ScanResult;
use bucketguard::{Settings, scan};
use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::parser::parse_body;
use hcl_edit::structure::Structure;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn syntax_dir() -> PathBuf {
    manifest().join("testdata/syntax")
}

fn scan_dir(dir: &Path) -> ScanResult {
    let mut settings = Settings::new(vec![dir.to_path_buf()], env!("CARGO_MANIFEST_DIR").into());
    settings.root = dir.to_path_buf();
    scan(&settings)
}

/// Scan `files` written to a temporary directory.
fn scan_files(files: &[(&str, &[u8])]) -> ScanResult {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    scan_dir(dir.path())
}

/// The value of attribute `name` at the top of `body`.
fn attr(body: &hcl_edit::structure::Body, name: &str) -> Expression {
    body.iter()
        .find_map(|s| match s {
            Structure::Attribute(a) if a.key.as_str() == name => Some(a.value.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no attribute {name}"))
}

/// The bucket name of the only bucket of a scan, which must have no errors.
fn bucket_name(r: &ScanResult) -> &Value<String> {
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.buckets.len(), 1);
    &r.buckets[0].name
}

fn known(v: &Value<String>) -> &str {
    match v {
        Value::Set(s, _) | Value::Default(s, _) => s,
        Value::Unknown(why, _) => panic!("unknown: {why}"),
    }
}

// HCL: a key defined again in an object constructor is valid and the last definition wins.
#[test]
fn duplicate_object_keys_last_wins() {
    let body = parse_body("a = { port = 80, port = 81, b = 1 }\n").unwrap();
    let Expression::Object(o) = attr(&body, "a") else {
        panic!("not an object")
    };
    let keys: Vec<&str> = o
        .iter()
        .filter_map(|(k, _)| k.as_ident().map(|i| i.as_str()))
        .collect();
    assert_eq!(keys, ["port", "b"]);
    let port = o.get(&ObjectKey::from(hcl_edit::Ident::new("port"))).unwrap();
    assert_eq!(port.expr().as_number().and_then(|n| n.as_u64()), Some(81));

    let r = scan_files(&[(
        "main.tf",
        b"locals {\n  o = { port = 80, \"port\" = 81 }\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b-${local.o.port}\"\n}\n",
    )]);
    assert_eq!(known(bucket_name(&r)), "b-81");
}

// HCL ignores newlines from `for` to the closing bracket (cloudposse/label/null main.tf:82).
#[test]
fn for_expression_values_span_lines() {
    let src = "m = { for k in l : k => c == \"none\" ? a[k] :\n    c == \"title\" ? title(a[k]) : lower(a[k]) }\n\
               n = { for k in\n  l :\n  k\n  =>\n  k\n  ...\n  if k != \"\" }\n";
    let body = parse_body(src).unwrap();
    assert!(matches!(attr(&body, "m"), Expression::ForExpr(_)));
    assert_eq!(body.to_string(), src, "encodes back to its input");

    let r = scan_files(&[(
        "main.tf",
        b"locals {\n  c = \"title\"\n  l = { for k in [\"x\"] : k => local.c == \"none\" ? k :\n    local.c == \"title\" ? title(k) : k }\n}\n\
          resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b-${local.l.x}\"\n}\n",
    )]);
    assert_eq!(known(bucket_name(&r)), "b-X");
}

// Terraform skips a UTF-8 byte order mark at the start of a .tf file; positions still count it.
#[test]
fn byte_order_mark_is_skipped() {
    let src = "\u{feff}a = 1\nb {\n}\n";
    let body = parse_body(src).unwrap();
    assert_eq!(body.len(), 2);
    assert_eq!(body.to_string(), src, "the BOM is kept in the decor");
    let Some(Structure::Attribute(a)) = body.iter().next() else {
        panic!()
    };
    assert_eq!(
        a.span(),
        Some(3..8),
        "spans are offsets into the input, BOM included"
    );
    assert!(parse_body("\u{feff}").unwrap().is_empty());
    // Only at the very start: elsewhere it is an invalid character, as for Terraform.
    assert!(parse_body("a = 1\n\u{feff}b = 2\n").is_err());
    assert!(parse_body("b {\n\u{feff}}\n").is_err());

    let r = scan_files(&[(
        "main.tf",
        "\u{feff}resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"bom\"\n}\n".as_bytes(),
    )]);
    assert_eq!(known(bucket_name(&r)), "bom");
    assert_eq!(r.sources.start(r.buckets[0].origin).line, 1);
}

// Terraform has no limit on chained binary operators; the patched parser reads 10,000 of them
// (was 128) and the scan's threads have the stack to evaluate them; beyond, a located error.
#[test]
fn long_operator_chains() {
    let chain = |n: usize| vec!["local.one"; n + 1].join(" + ");
    for n in [129, 2000] {
        assert!(
            parse_body(&format!("a = {}\n", chain(n))).is_ok(),
            "{n} operators"
        );
        let mixed: Vec<&str> = ["1 + ", "2 * ", "3 - ", "x == ", "y && "]
            .into_iter()
            .cycle()
            .take(n)
            .collect();
        assert!(
            parse_body(&format!("a = {}z\n", mixed.concat())).is_ok(),
            "{n} mixed operators"
        );
        assert_eq!(known(bucket_name(&scan_local(&chain(n)))), format!("b-{}", n + 1));
    }
    let err = parse_body(&format!("a = {}\n", chain(10_001))).unwrap_err();
    assert_eq!(
        err.message(),
        "invalid binary operation; expected at most 10000 chained binary operators"
    );
}

/// Scan a bucket named `b-${local.sum}`, with `sum = {expr}` and `one = 1`.
fn scan_local(expr: &str) -> ScanResult {
    let src = format!(
        "locals {{\n  one = 1\n  sum = {expr}\n}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"b-${{local.sum}}\"\n}}\n"
    );
    scan_files(&[("main.tf", src.as_bytes())])
}

/// `expr` wrapped in `n` levels of `open` ... `close`.
fn nest(n: usize, open: &str, expr: &str, close: &str) -> String {
    format!("{}{expr}{}", open.repeat(n), close.repeat(n))
}

// Terraform has no nesting limit; bucketguard reads 1,024 levels (the `locals` block takes one):
// parsed and evaluated at the limit, in a debug build too, in the scan's stack (the test thread's
// own stack is 2 MiB: the scan runs on its pool). Beyond, an error at the first level too many.
#[test]
fn limits_fit_in_the_stack() {
    let deepest = 1023;
    let sum = vec!["local.one"; 10_001].join(" + ");
    for (open, close) in [("(", ")"), ("[", "]"), ("{a = ", "}"), ("abs(", ")")] {
        // The deepest expression holds the longest chain: both limits at once.
        let inner = format!("({sum})");
        let expr = nest(deepest - 3, open, &inner, close);
        let expr = format!("length(jsonencode({expr}))");
        let r = scan_local(&expr);
        assert!(known(bucket_name(&r)).starts_with("b-"), "{open}");
        let r = scan_local(&nest(deepest + 1, open, "1", close));
        assert_eq!(r.errors.len(), 1, "{open}");
        let e = &r.errors[0];
        assert!(e.message.contains("expected at most 1024 nested levels"), "{e:?}");
        // Just inside the 1,024th opening bracket: `  sum = ` takes 8 columns.
        let bracket = open.find(['(', '[', '{']).unwrap() + 1;
        let column = 9 + deepest * open.len() + bracket;
        assert_eq!((e.line, e.column), (Some(3), Some(column as u32)), "{open}");
    }
}

// References deepen evaluation as nesting does (each local naming the next): a chain of locals is
// evaluated first with an explicit stack once evaluation is deep, so it is read to its end at
// any length (past the evaluator's depth it once was unknown). Where the depth limit still
// applies, it is an input error: tests/hostile_input.rs.
#[test]
fn reference_chains_are_followed_to_their_end() {
    let n = 5_000;
    let mut src = String::from("locals {\n  l0 = 1\n");
    for i in 1..=n {
        src.push_str(&format!("  l{i} = local.l{}\n", i - 1));
    }
    src.push_str(&format!(
        "}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"b-${{local.l{n}}}\"\n}}\n"
    ));
    let r = scan_files(&[("main.tf", src.as_bytes())]);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(known(bucket_name(&r)), "b-1");
    let short = src.replace(&format!("local.l{n}}}"), "local.l1000}");
    assert_eq!(
        known(bucket_name(&scan_files(&[("main.tf", short.as_bytes())]))),
        "b-1"
    );
}

// HCL numbers have arbitrary precision: `1e400` is valid; bucketguard cannot evaluate it exactly,
// so it is unknown (with the reason), never an error or a wrong value (nor is `1e-400` zero).
#[test]
fn numbers_beyond_f64() {
    for (lit, value) in [
        ("1e400", f64::MAX),
        ("-1e400", -f64::MAX),
        (&"9".repeat(400), f64::MAX),
    ] {
        let body = parse_body(&format!("a = {lit}\n")).unwrap();
        let Expression::Number(n) = attr(&body, "a") else {
            panic!("{lit}: not a number")
        };
        assert_eq!(n.as_f64(), Some(value), "{lit} saturates");
        assert_eq!(
            n.as_repr().map(|r| r.to_string()),
            Some(lit.to_string()),
            "{lit} keeps its text"
        );
    }

    for lit in ["1e400", "-1e400", "1e-400"] {
        let src = format!(
            "locals {{\n  n = {lit}\n}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"b-${{local.n}}\"\n}}\n"
        );
        let r = scan_files(&[("main.tf", src.as_bytes())]);
        match bucket_name(&r) {
            Value::Unknown(why, _) => assert!(
                why.contains(&format!("number {lit} is out of the range")),
                "{why}"
            ),
            other => panic!("{lit}: expected unknown, got {other:?}"),
        }
    }
    // Literals within range keep their value, zero included.
    let r = scan_files(&[(
        "main.tf",
        b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b-${0e-400 + 0.0 + 1.5e3}\"\n}\n",
    )]);
    assert_eq!(known(bucket_name(&r)), "b-1500");
}

// A module called several times has one parse error per file, not one per instance.
#[test]
fn parse_error_reported_once_per_file() {
    let r = scan_dir(&syntax_dir().join("invalid-module-error-once"));
    assert_eq!(r.errors.len(), 1, "{:#?}", r.errors);
    let e = &r.errors[0];
    assert!(e.path.ends_with("modules/broken/main.tf"), "{}", e.path);
    assert_eq!((e.line, e.column), (Some(2), Some(22)), "after the dangling `+`");
}

/// The verdicts of `terraform validate` recorded in EXPECTED.tsv: case → valid.
fn expected() -> BTreeMap<String, bool> {
    let text = std::fs::read_to_string(syntax_dir().join("EXPECTED.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (case, verdict) = l.split_once('\t').unwrap_or_else(|| panic!("bad line {l:?}"));
            let valid = match verdict.trim() {
                "valid" => true,
                "invalid" => false,
                v => panic!("bad verdict {v:?} for {case}"),
            };
            (case.to_string(), valid)
        })
        .collect()
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(syntax_dir())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

/// Valid Terraform beyond bucketguard's parser limits (Terraform has none): a parse error at the
/// level too many, with the limit in its message. Case, message, line, column.
const LIMIT_DIVERGENCES: &[(&str, &str, u32, u32)] = &[(
    "beyond-limit-nesting-1025",
    "invalid nesting depth; expected at most 1024 nested levels",
    5,
    // `  lists = ` takes 10 columns; the 1,024th `[` opens the level too many.
    10 + 1024 + 1,
)];

// bucketguard accepts what `terraform validate` accepts and rejects what it rejects, except
// beyond its limits (LIMIT_DIVERGENCES).
#[test]
fn bucketguard_agrees_with_terraform_on_syntax_cases() {
    let expected = expected();
    assert_eq!(
        cases(),
        expected.keys().cloned().collect::<Vec<_>>(),
        "EXPECTED.tsv lists every case"
    );
    let mut disagree = Vec::new();
    for (case, valid) in &expected {
        let r = scan_dir(&syntax_dir().join(case));
        if let Some((_, message, line, column)) = LIMIT_DIVERGENCES.iter().find(|d| d.0 == case) {
            assert!(*valid, "{case}: a divergence is valid Terraform");
            let e = r.errors.iter().map(|e| (e.message.as_str(), e.line, e.column));
            assert_eq!(
                e.collect::<Vec<_>>(),
                [(*message, Some(*line), Some(*column))],
                "{case}"
            );
            continue;
        }
        if r.errors.is_empty() != *valid {
            disagree.push(format!(
                "{case}: terraform says {valid}, bucketguard errors {:?}",
                r.errors
            ));
        }
        for e in &r.errors {
            assert!(
                e.line.is_some() && e.column.is_some(),
                "{case}: error without position: {e:?}"
            );
        }
    }
    assert!(disagree.is_empty(), "{disagree:#?}");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// `terraform validate` on a copy of `case` (after an offline `terraform init`): valid, and its
/// diagnostics.
fn terraform_validate(case: &str, work: &Path, cli_config: &Path) -> (bool, String) {
    let dir = work.join(case);
    copy_tree(&syntax_dir().join(case), &dir);
    let tf = |args: &[&str]| {
        Command::new("terraform")
            .args(args)
            .current_dir(&dir)
            .env("TF_CLI_CONFIG_FILE", cli_config)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .output()
            .unwrap()
    };
    // A configuration with a syntax error fails init too; validate still says why.
    let _ = tf(&["init", "-backend=false", "-input=false", "-no-color"]);
    let out = tf(&["validate", "-json", "-no-color"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{case}: validate output is not JSON ({e}): {out:?}"));
    (json["valid"] == true, json["diagnostics"].to_string())
}

// The recorded verdicts are those of `terraform validate` (re-run where terraform is installed).
#[test]
fn recorded_verdicts_are_terraforms() {
    let test = "recorded_verdicts_are_terraforms";
    if !support::available(support::runs("terraform", &["version"]), test, "terraform") {
        return;
    }
    let Some(mirror) = support::provider_mirror(test) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let cli_config = work.path().join("terraformrc");
    std::fs::write(&cli_config, support::mirror_config(&mirror)).unwrap();
    let expected: Vec<(String, bool)> = expected().into_iter().collect();
    // Two at a time: each case starts terraform (and the AWS provider, where it is used).
    let results: Vec<(String, bool, bool, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = expected
            .chunks(expected.len().div_ceil(2))
            .map(|chunk| {
                let (work, cli_config) = (work.path(), cli_config.as_path());
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(case, want)| {
                            let (valid, diags) = terraform_validate(case, work, cli_config);
                            (case.clone(), *want, valid, diags)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let wrong: Vec<String> = results
        .iter()
        .filter(|(_, want, valid, _)| want != valid)
        .map(|(case, want, valid, diags)| format!("{case}: recorded {want}, terraform {valid}: {diags}"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}
