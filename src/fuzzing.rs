//! Harnesses of the fuzz targets (`fuzz/`, run with cargo-fuzz) and of their smoke run on
//! stable (`tests/fuzz_smoke.rs`). Each takes arbitrary bytes through the public entry points,
//! in memory, and panics only on a bug: a panic of the crate or a report that is not valid JSON.
//! Not part of the crate's API.

use std::path::{Path, PathBuf};

use serde_json::Value as J;

use crate::input::discover::Discovered;
use crate::input::{Input, Module};
use crate::model::iam::{Document, Views};
use crate::model::{SourceFile, Sources};
use crate::settings::{Format, Settings};

/// Where the inputs claim to live: a directory that does not exist, so that evaluation
/// (`file()`, `fileset()`, `templatefile()`, module sources) reads nothing from disk.
const DIR: &str = "/nonexistent/bucketguard-fuzz";

/// A configuration file (`main.tf`) of a root module.
pub fn hcl(data: &[u8]) {
    scan_module("main.tf", &text(data));
}

/// A `.tf.json` file of a root module.
pub fn tf_json(data: &[u8]) {
    scan_module("main.tf.json", &text(data));
}

/// A `terraform show -json` plan.
pub fn plan_json(data: &[u8]) {
    scan_plan(&text(data));
}

/// An IAM policy document: parsed, asked what the checks ask, and then the policy of a bucket
/// (literal in a plan; a template, through `source_policy_documents` too, in a `.tf.json`).
pub fn policy(data: &[u8]) {
    let text = text(data);
    if let Ok(doc) = serde_json::from_str::<J>(&text) {
        if let Ok(doc) = Document::parse(&doc) {
            ask(&doc);
        }
        let _ = Views::parse(&doc, "fuzz".into());
    }
    let _ = Views::of_text(&text, "fuzz".into());
    scan_plan(&policy_plan(&text));
    // The reports are most of a run's cost, and the plan's scan wrote them all.
    let (sources, file) = one_file("main.tf.json", &policy_tf_json(&text));
    let result = crate::scan::scan_discovered(&settings(), discovered(sources, vec![module(file)]));
    json_report(&result, &settings(), Format::Json);
}

/// `.bucketguard.toml`: parsed and validated; its problems rendered as the CLI and miette show
/// them, or, when valid, resolved into settings for a scan of a small public bucket.
pub fn config(data: &[u8]) {
    let text = text(data);
    let cfg = match crate::config::parse(&text, Path::new(crate::config::FILE_NAME)) {
        Ok(cfg) => cfg,
        Err(problems) => {
            let _ = problems.to_string();
            let mut out = String::new();
            let _ = miette::GraphicalReportHandler::new().render_report(&mut out, &problems);
            return;
        }
    };
    let Some(args) = scan_args() else { return };
    let base = Settings::new(vec![PathBuf::from(DIR)], PathBuf::from(DIR));
    let Ok((mut settings, prov)) = args.resolve_with_config(base, Some(cfg), false) else {
        return;
    };
    let _ = crate::cli::render_provenance(&prov);
    settings.explain = true;
    let (sources, file) = one_file("main.tf", CONFIG_SCANNED);
    scan_and_report(&settings, discovered(sources, vec![module(file)]));
}

/// What the config target scans: a public bucket with an inline suppression.
const CONFIG_SCANNED: &str = r#"resource "aws_s3_bucket" "b" {
  bucket = "b"
  acl    = "public-read" # bucketguard:ignore[BG101] reason: fuzz
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:*", Resource = "*" }] })
}
"#;

/// `bucketguard scan DIR` as parsed by the CLI, with a fixed date (suppressions expire).
fn scan_args() -> Option<crate::cli::ScanArgs> {
    use clap::Parser;
    let argv = ["bucketguard", "scan", DIR, "--today", "2026-01-01"];
    match crate::cli::Cli::try_parse_from(argv).ok()?.command {
        crate::cli::Command::Scan(args) => Some(args),
        _ => None,
    }
}

/// Invalid UTF-8 is refused when a file is read; the fuzzers' inputs are made text instead, so
/// that their mutations still reach the parsers.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The questions the exposure engine and the checks ask of a document.
fn ask(doc: &Document) {
    for (i, st) in doc.statements.iter().enumerate() {
        let _ = (st.has_public_principal(), st.is_public_allow(), st.access());
        let _ = (
            st.covers_action("s3:GetObject"),
            st.covers_action("s3:PutBucketAcl"),
        );
        let bucket = crate::model::arn::BucketArn::new("b");
        let _ = (
            st.covers_resource(bucket.as_str()),
            st.covers_resource(&format!("{}k", bucket.objects_prefix())),
        );
        let _ = (st.non_public_condition(), st.covers_all_s3_actions());
        let _ = (
            st.covers_all_objects("b"),
            st.covers_all_objects_excluded("b"),
            st.label(i),
        );
    }
}

/// A plan of bucket `b` whose policy is `policy`, literally.
fn policy_plan(policy: &str) -> String {
    let resource = |rtype: &str, values: J| {
        serde_json::json!({
            "address": format!("{rtype}.x"), "mode": "managed", "type": rtype, "name": "x",
            "provider_name": "registry.terraform.io/hashicorp/aws", "values": values,
        })
    };
    serde_json::json!({
        "format_version": "1.2",
        "planned_values": { "root_module": { "resources": [
            resource("aws_s3_bucket", serde_json::json!({ "bucket": "b" })),
            resource("aws_s3_bucket_policy", serde_json::json!({ "bucket": "b", "policy": policy })),
        ]}},
    })
    .to_string()
}

/// A `.tf.json` module whose bucket `a` has `policy` as its policy (a template: `${...}` in it is
/// evaluated) and whose bucket `b` has a policy document with `policy` as a source document.
fn policy_tf_json(policy: &str) -> String {
    serde_json::json!({
        "variable": { "unknown": {} },
        "data": { "aws_iam_policy_document": { "d": {
            "source_policy_documents": [policy],
            "statement": [{ "effect": "Deny", "actions": ["s3:*"], "resources": ["*"],
                "principals": [{ "type": "*", "identifiers": ["*"] }] }],
        }}},
        "resource": {
            "aws_s3_bucket": { "a": { "bucket": "a" }, "b": { "bucket": "b" } },
            "aws_s3_bucket_policy": {
                "a": { "bucket": "${aws_s3_bucket.a.id}", "policy": policy },
                "b": { "bucket": "${aws_s3_bucket.b.id}",
                    "policy": "${data.aws_iam_policy_document.d.json}" },
            },
        },
    })
    .to_string()
}

/// Scan `text` as the only file (`name`) of a root module.
fn scan_module(name: &str, text: &str) {
    let (sources, file) = one_file(name, text);
    scan_and_report(&settings(), discovered(sources, vec![module(file)]));
}

/// Scan `text` as a plan without its configuration.
fn scan_plan(text: &str) {
    let (sources, file) = one_file("plan.json", text);
    let inputs = vec![Input::Plan { file, config: None }];
    scan_and_report(&settings(), discovered(sources, inputs));
}

fn one_file(name: &str, text: &str) -> (Sources, crate::model::FileId) {
    let mut sources = Sources::default();
    let path = Path::new(DIR).join(name);
    let file = sources.add(SourceFile::new(path, format!("fuzz/{name}"), text));
    if name != "plan.json" {
        sources.index_dir(PathBuf::from(DIR), vec![file]);
    }
    (sources, file)
}

fn module(file: crate::model::FileId) -> Input {
    Input::Module(Module {
        dir: "fuzz".into(),
        files: vec![file],
        tfvars: Vec::new(),
        manifest: Default::default(),
    })
}

fn discovered(sources: Sources, inputs: Vec<Input>) -> Discovered {
    Discovered {
        sources,
        inputs,
        var_files: Vec::new(),
        errors: Vec::new(),
        // Empty: nothing on disk is read (the fuzz inputs are in memory).
        tree: Default::default(),
    }
}

/// Every policy, opt-in ones too; everything the reports can say; a fixed date.
fn settings() -> Settings {
    let mut s = Settings::new(vec![PathBuf::from(DIR)], PathBuf::from(DIR));
    s.policies = crate::policy::all().iter().collect();
    s.today = crate::suppress::Date::parse("2026-01-01");
    s.verbose = true;
    s.explain = true;
    s
}

/// Scan, and write every report; the JSON and SARIF ones must be JSON.
fn scan_and_report(settings: &Settings, found: Discovered) {
    let result = crate::scan::scan_discovered(settings, found);
    let _ = crate::scan::exit_code(&result, settings);
    for format in [Format::Text, Format::Github, Format::Markdown] {
        let _ = crate::report::write_as(&result, settings, format, &mut std::io::sink());
    }
    // SARIF describes the selected policies: only those of the findings here, the rest is the
    // same on every run (and most of its cost).
    let mut few = settings.clone();
    few.policies.clear();
    json_report(&result, settings, Format::Json);
    json_report(&result, &few, Format::Sarif);
}

/// Render a JSON or SARIF report, which must be JSON.
fn json_report(result: &crate::ScanResult, settings: &Settings, format: Format) {
    let out = crate::report::render_as(result, settings, format);
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&out) {
        panic!("the {format:?} report is not JSON: {e}");
    }
}
