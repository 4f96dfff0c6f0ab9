//! Snapshot, determinism, safety and schema tests of the three reports.

use std::path::Path;

use super::testutil::{self, Builder};
use super::{json, sarif, text};
use crate::policy::Related;

/// The crate version changes; snapshots should not.
fn unversioned(s: &str) -> String {
    s.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn text_snapshot() {
    let out = text::render(&testutil::sample(), &testutil::settings());
    insta::assert_snapshot!(out);
}

/// `--quiet`: the errors and the summary, no findings or exposure table.
#[test]
fn text_quiet_keeps_errors_and_the_summary() {
    let mut settings = testutil::settings();
    settings.quiet = true;
    let quiet = text::render(&testutil::sample(), &settings);
    let full = text::render(&testutil::sample(), &testutil::settings());
    assert!(full.contains("BG999") && !quiet.contains("BG999"), "{quiet}");
    assert!(quiet.contains("expected an expression"), "{quiet}");
    let summary = |s: &str| s.lines().rfind(|l| l.starts_with("Scanned ")).map(str::to_string);
    assert!(summary(&quiet).is_some());
    assert_eq!(summary(&quiet), summary(&full));
}

#[test]
fn junit_snapshot() {
    let settings = testutil::settings();
    insta::assert_snapshot!(super::junit::render(&testutil::sample(), &settings));
}

#[test]
fn codequality_snapshot() {
    let settings = testutil::settings();
    insta::assert_snapshot!(super::codequality::render(&testutil::sample(), &settings));
}

#[test]
fn text_verbose_snapshot() {
    let mut settings = testutil::settings();
    settings.verbose = true;
    let out = text::render(&testutil::sample(), &settings);
    assert!(out.contains("Undecided (1):"));
    assert!(out.contains("Unlinked resources (1):"));
    insta::assert_snapshot!(out);
}

#[test]
fn text_parts() {
    let out = text::render(&testutil::sample(), &testutil::settings());
    for part in [
        "BG999 acl-public-write",
        "critical: Bucket ACL lets anyone write",
        "bucket: aws_s3_bucket.logs (in infra)",
        "[infra/main.tf:7:3]",
        "acl    = \"public-read-write\"",
        "anyone on the",
        "the ACL is set by aws_s3_bucket_acl.logs",
        "[infra/broken.tf:2:3]",
        "expected an expression",
        "infra/secret.tf: cannot read: permission denied",
        "1 check undecided",
        "Scanned 1 input, 2 buckets: 1 finding (1 critical, 0 high, 0 medium, 0 low), 2 errors.",
    ] {
        assert!(out.contains(part), "{part:?} missing from:\n{out}");
    }
    assert!(!out.contains("No findings."));
    assert!(!out.contains('\u{1b}'), "no colors unless asked");
}

#[test]
fn text_without_findings() {
    let mut b = Builder::new();
    let f = b.file("main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n");
    b.result.inputs.push(".".into());
    let o = b.at(f, "resource");
    b.bucket("aws_s3_bucket.b", ".", Some("b"), o);
    let out = text::render(&b.result, &testutil::settings());
    assert_eq!(
        out,
        "No findings.\nScanned 1 input, 1 bucket: 0 findings (0 critical, 0 high, 0 medium, 0 low), 0 errors.\n"
    );
}

#[test]
fn text_with_color() {
    let mut settings = testutil::settings();
    settings.color = true;
    let out = text::render(&testutil::sample(), &settings);
    assert!(out.contains("\u{1b}["), "colors when asked");
}

/// Escape sequences and bidi overrides from a scanned file never reach the terminal, and the
/// snippet still underlines the right bytes.
#[test]
fn text_is_safe_with_hostile_input() {
    let hostile = "resource \"aws_s3_bucket\" \"x\" {\n  acl = \"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}etirw-cilbup\u{9b}31m\"\n}\n";
    let mut b = Builder::new();
    let f = b.file("evil\u{1b}[31m.tf", hostile);
    b.result.inputs.push(".".into());
    let header = b.at(f, "resource");
    let acl = b.at(f, "acl = ");
    let acl = crate::model::Origin {
        end: acl.end + 30,
        ..acl
    };
    b.bucket("aws_s3_bucket.x\u{202e}", ".", None, header);
    b.finding(
        "aws_s3_bucket.x\u{202e}",
        ".",
        "acl is \u{1b}[2J\u{202e}\u{2066}",
        acl,
        vec![Related {
            origin: header,
            message: "in \u{1b}[1m".into(),
        }],
    );
    b.result.errors.push(crate::input::InputError::at(
        &b.result.sources,
        acl,
        "bad \u{1b}c",
    ));
    let mut settings = testutil::settings();
    settings.verbose = true;
    let out = text::render(&b.result, &settings);
    for (i, c) in out.char_indices() {
        assert!(
            !super::safe::is_unsafe(c) || c == '\r',
            "unsafe {:?} at {i} in:\n{}",
            c,
            out.escape_debug()
        );
    }
    assert!(
        out.contains("aws_s3_bucket.x\\u{202e}"),
        "addresses escaped:\n{out}"
    );
    assert!(
        out.contains("evil\\u{1b}[31m.tf:2:3"),
        "file names escaped:\n{out}"
    );
    // Same-length replacements: the underline still spans the 30 bytes after `acl = `.
    assert!(
        out.contains("acl = \"?]0;pwned??[2J\u{fffd}etirw-cilbup\u{bf}31m\""),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

/// Minified plan JSON is one long line: show a window around the span, not the whole line.
#[test]
fn text_windows_long_lines() {
    let mut line = String::from("{\"format_version\":\"1.2\",\"resource_changes\":[");
    for i in 0..200 {
        line.push_str(&format!(
            "{{\"address\":\"aws_s3_bucket.b{i}\",\"type\":\"aws_s3_bucket\"}},"
        ));
    }
    line.push_str("{}]}");
    let mut b = Builder::new();
    let f = b.file("plan.json", &line);
    b.result.inputs.push("plan.json".into());
    let o = b.at(f, "\"aws_s3_bucket.b150\"");
    b.bucket("aws_s3_bucket.b150", "plan.json", Some("b"), o);
    b.finding("aws_s3_bucket.b150", "plan.json", "public", o, vec![]);
    let out = text::render(&b.result, &testutil::settings());
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 200, "a {longest}-char line in:\n{out}");
    assert!(out.contains("…"));
    assert!(out.contains("\"aws_s3_bucket.b150\""));
    let col = line.find("\"aws_s3_bucket.b150\"").unwrap() + 1;
    assert!(
        out.contains(&format!("[plan.json:1:{col}]")),
        "real column {col}:\n{out}"
    );
    insta::assert_snapshot!(out);
}

/// Spans at the end of a file, empty spans and spans over many lines render without error.
#[test]
fn text_edge_spans() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  policy = <<EOF\n{\n\"a\": 1,\n\"b\": 2,\n\"c\": 3,\n\"d\": 4\n}\nEOF\n}";
    let mut b = Builder::new();
    let f = b.file("main.tf", text);
    b.result.inputs.push(".".into());
    let all = crate::model::Origin::new(f, 0..text.len());
    let end = crate::model::Origin::new(f, text.len()..text.len());
    let past = crate::model::Origin::new(f, text.len() + 5..text.len() + 9);
    b.bucket("aws_s3_bucket.b", ".", Some("b"), all);
    b.finding("aws_s3_bucket.b", ".", "whole block", all, vec![]);
    b.finding("aws_s3_bucket.b", ".", "at the end", end, vec![]);
    b.finding("aws_s3_bucket.b", ".", "past the end", past, vec![]);
    let mut empty = Builder::new();
    let e = empty.file("empty.tf", "");
    let o = crate::model::Origin::new(e, 0..0);
    empty.finding("aws_s3_bucket.e", ".", "empty file", o, vec![]);
    for result in [&b.result, &empty.result] {
        let out = text::render(result, &testutil::settings());
        assert!(!out.contains("Failed to read"), "{out}");
        assert!(out.contains("Scanned"));
    }
    let out = text::render(&b.result, &testutil::settings());
    assert!(
        !out.contains("\"d\": 4"),
        "long spans show their first lines only:\n{out}"
    );
}

#[test]
fn json_snapshot() {
    let out = json::render(&testutil::sample(), &testutil::settings());
    insta::assert_snapshot!(unversioned(&out));
}

#[test]
fn json_fields() {
    let out = json::render(&testutil::sample(), &testutil::settings());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "bucketguard");
    // Sorted by root and address.
    assert_eq!(v["buckets"][0]["address"], "aws_s3_bucket.data");
    assert_eq!(v["buckets"][0]["name"], serde_json::Value::Null);
    assert_eq!(v["buckets"][1]["name"], "acme-logs");
    let f = &v["findings"][0];
    assert_eq!(f["policy_id"], "BG999");
    assert_eq!(f["severity"], "critical");
    assert_eq!(
        f["location"],
        serde_json::json!({"file": "infra/main.tf", "line": 7, "column": 3, "end_line": 7, "end_column": 31})
    );
    assert_eq!(f["related"][0]["location"]["line"], 5);
    assert_eq!(f["fingerprint"].as_str().unwrap().len(), 16);
    assert_eq!(v["undecided"][0]["reason"], "var.acl has no value");
    assert_eq!(v["unlinked"][0]["location"]["line"], 15);
    assert_eq!(v["errors"][1]["line"], serde_json::Value::Null);
    assert_eq!(v["summary"]["findings"]["critical"], 1);
    assert_eq!(v["summary"]["errors"], 2);
    assert_eq!(v["summary"]["buckets"], 2);
}

#[test]
fn sarif_snapshot() {
    let out = sarif::render(&testutil::sample(), &testutil::settings());
    insta::assert_snapshot!(unversioned(&out));
}

/// A scan run in a subdirectory of the checkout (a workflow's `working-directory:`) names files
/// from the checkout, as GitHub's upload resolves them, with %SRCROOT% the checkout.
#[test]
fn sarif_uris_are_relative_to_the_workspace() {
    let mut settings = testutil::settings();
    settings.workspace = Some("/work".into());
    let out = sarif::render(&testutil::sample(), &settings);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &v["runs"][0];
    let artifact = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "project/infra/main.tf");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    assert_eq!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///work/");
    let notes = run["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(notes.contains("\"uri\":\"project/infra/"), "{notes}");
    // The fingerprint does not depend on where the scan ran from.
    assert_eq!(
        run["results"][0]["partialFingerprints"]["bucketguard/v1"],
        "d57154b486f39ffb"
    );
}

#[test]
fn sarif_fields() {
    let out = sarif::render(&testutil::sample(), &testutil::settings());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "bucketguard");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    let rule = &driver["rules"][0];
    assert_eq!(rule["id"], "BG999");
    assert_eq!(rule["name"], "acl-public-write");
    assert_eq!(rule["properties"]["security-severity"], "9.5");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert!(
        rule["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&"security".into())
    );
    assert!(
        rule["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("/docs/rules/BG999-acl-public-write.md")
    );
    let r = &run["results"][0];
    assert_eq!(r["ruleIndex"], 0);
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uri"],
        "infra/main.tf"
    );
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "%SRCROOT%"
    );
    assert_eq!(loc["physicalLocation"]["region"]["startLine"], 7);
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        "aws_s3_bucket.logs"
    );
    // FNV-1a 64 of "BG999\0infra\0aws_s3_bucket.logs", computed outside the crate (Python):
    // code scanning matches alerts across runs by this value, so it must never change.
    assert_eq!(r["partialFingerprints"]["bucketguard/v1"], "d57154b486f39ffb");
    assert_eq!(
        r["relatedLocations"][0]["message"]["text"],
        "the ACL is set by aws_s3_bucket_acl.logs"
    );
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        "file:///work/project/"
    );
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert!(
        notes[1]["locations"][0]["physicalLocation"]
            .get("region")
            .is_none()
    );
    assert_eq!(notes[2]["level"], "warning");
}

/// SARIF columns are UTF-16 code units.
#[test]
fn sarif_columns_are_utf16() {
    let mut b = Builder::new();
    let f = b.file("main.tf", "# 😀 é\nx = 1 # 😀é acl = \"public\"\n");
    let o = b.at(f, "acl");
    b.finding("aws_s3_bucket.b", ".", "m", o, vec![]);
    let v: serde_json::Value =
        serde_json::from_str(&sarif::render(&b.result, &testutil::settings())).unwrap();
    let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2);
    // "x = 1 # " is 8 units, the emoji 2, "é " 2: acl starts at unit 12, column 13.
    assert_eq!(region["startColumn"], 13);
    assert_eq!(region["endColumn"], 16);
}

fn validate_against_schema(sarif: &str) {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let instance: serde_json::Value = serde_json::from_str(sarif).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF fails the schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_is_valid() {
    let out = sarif::render(&testutil::sample(), &testutil::settings());
    validate_against_schema(&out);
    // An empty scan too: empty arrays and no notifications.
    let empty = sarif::render(&Builder::new().result, &testutil::settings());
    validate_against_schema(&empty);
    let v: serde_json::Value = serde_json::from_str(&empty).unwrap();
    assert_eq!(v["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], true);
    assert!(!empty.contains("null"), "no nulls:\n{empty}");
    assert!(!out.contains("null"), "no nulls:\n{out}");
}

#[test]
fn sarif_with_category_and_cap_is_valid() {
    let mut settings = testutil::settings();
    settings.category = Some("infra".into());
    settings.sarif_limits.max_results = 0;
    let out = sarif::render(&testutil::sample(), &settings);
    validate_against_schema(&out);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(v["runs"][0]["automationDetails"]["id"], "infra/");
}

/// GitHub's ingestion rules, checked by the shared tool (the repository's ../shared, or
/// `$BUCKETGUARD_SHARED`), which exists only on the development machine: run by `.ci/run` when
/// it is there; run without it, the test fails rather than passing unchecked.
#[test]
#[ignore = "needs ../shared/tools/check-sarif (this machine only): run by .ci/run when present"]
fn sarif_passes_check_sarif() {
    let shared = std::env::var_os("BUCKETGUARD_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        std::path::PathBuf::from,
    );
    let tool = shared.join("tools/check-sarif");
    assert!(
        tool.is_file(),
        "{} is missing: set BUCKETGUARD_SHARED",
        tool.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.sarif");
    std::fs::write(&file, sarif::render(&testutil::sample(), &testutil::settings())).unwrap();
    let out = std::process::Command::new(&tool)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Its last line counts the problems; without it the tool did not run (python3, jsonschema).
    assert!(
        stdout.contains("problems="),
        "check-sarif did not run:\n{stdout}{stderr}"
    );
    assert!(
        out.status.success(),
        "check-sarif found problems:\n{stdout}{stderr}"
    );
}

#[test]
fn reports_are_deterministic() {
    let settings = testutil::settings();
    for render in [text::render, json::render, sarif::render] {
        let a = render(&testutil::sample(), &settings);
        let b = render(&testutil::sample(), &settings);
        assert!(!a.is_empty());
        assert_eq!(a, b);
    }
}

/// Every field the JSON report emits is documented in docs/json-output.md.
#[test]
fn json_fields_are_documented() {
    fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    out.push(k.clone());
                    keys(v, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json-output.md")).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&json::render(&testutil::sample(), &testutil::settings())).unwrap();
    let mut all = Vec::new();
    keys(&v, &mut all);
    all.sort();
    all.dedup();
    let missing: Vec<_> = all.iter().filter(|k| !doc.contains(&format!("`{k}`"))).collect();
    assert!(missing.is_empty(), "undocumented JSON fields: {missing:?}");
}

/// The JSON report matches the JSON Schema shipped in docs/.
#[test]
fn json_matches_its_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json-output.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("the JSON report schema compiles");
    for result in [testutil::sample(), Builder::new().result] {
        let out = json::render(&result, &testutil::settings());
        let instance: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "JSON report fails its schema:\n{}",
            errors.join("\n")
        );
        let mut undocumented = instance.clone();
        undocumented["summary"]["extra"] = serde_json::json!(1);
        assert!(!validator.is_valid(&undocumented), "the schema is strict");
    }
}

/// A neutralized finding: SARIF `note`, JSON `neutralized_by` (documented, in the schema), text label.
#[test]
fn neutralized_findings_drop_to_note() {
    let mut result = testutil::sample();
    result.findings[0].neutralized_by = Some(Box::new(crate::finding::Neutralized::Ineffective(
        "ignore_public_acls in aws_s3_account_public_access_block.a makes public ACL grants ineffective"
            .into(),
    )));
    let settings = testutil::settings();
    let sarif: serde_json::Value = serde_json::from_str(&sarif::render(&result, &settings)).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "note");
    let out = json::render(&result, &settings);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["level_override"], "note");
    assert_eq!(v["findings"][0]["neutralized_by"]["kind"], "ineffective");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json-output.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(jsonschema::draft7::new(&schema).unwrap().is_valid(&v));
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json-output.md")).unwrap();
    for key in [
        "level_override",
        "neutralized_by",
        "kind",
        "reason",
        "verdict",
        "reasons",
        "effect",
        "access",
    ] {
        assert!(doc.contains(&format!("`{key}`")), "{key} undocumented");
    }
    let text = text::render(&result, &settings);
    assert!(
        text.contains("[ineffective] not in effect: ignore_public_acls"),
        "{text}"
    );
    let mut explained = settings.clone();
    explained.explain = true;
    let text = text::render(&result, &explained);
    assert!(text.contains("aws_s3_bucket.data (in infra): unknown"), "{text}");
    assert!(text.contains("public-write                 1"), "{text}");
}

/// One severity → level mapping for every format: critical and high are errors, medium a
/// warning, low a note; a neutralized finding (S3 would not apply its grant) is a note.
#[test]
fn finding_levels() {
    use super::FindingLevel;
    use crate::policy::Severity;
    let of = |s| FindingLevel::of(s).as_str();
    assert_eq!(
        [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low
        ]
        .map(of),
        ["error", "error", "warning", "note"]
    );
    let mut result = testutil::sample();
    let f = &mut result.findings[0];
    assert_eq!(f.policy.meta.severity, Severity::Critical);
    assert_eq!(FindingLevel::of_finding(f), FindingLevel::Error);
    f.neutralized_by = Some(Box::new(crate::finding::Neutralized::RejectedAtApply("r".into())));
    assert_eq!(FindingLevel::of_finding(f), FindingLevel::Note);
}
