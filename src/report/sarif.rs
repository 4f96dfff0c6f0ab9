//! SARIF 2.1.0, as GitHub code scanning ingests it: one rule per policy with generated help,
//! results with repo-relative locations and stable partial fingerprints, input errors and
//! unlinked resources as tool execution notifications.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location as SarifLocation, LogicalLocation, Message,
    MultiformatMessageString, Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, RunAutomationDetails, Sarif, Suppression,
    Tool, ToolComponent,
};

use super::{FindingLevel, Location, RepoPaths, docs, stream};
use crate::finding::Finding;
use crate::input::InputError;
use crate::model::{Origin, Sources};
use crate::policy::Policy;
use crate::scan::ScanResult;
use crate::settings::{SarifLimits, Settings};
use crate::suppress::Suppressed;

pub const SRCROOT: &str = "%SRCROOT%";
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn result_level(level: FindingLevel) -> ResultLevel {
    match level {
        FindingLevel::Error => ResultLevel::Error,
        FindingLevel::Warning => ResultLevel::Warning,
        FindingLevel::Note => ResultLevel::Note,
    }
}

fn text(s: impl Into<String>) -> Message {
    Message::builder().text(s.into()).build()
}

fn rule(p: &Policy) -> ReportingDescriptor {
    let m = &p.meta;
    let mut tags = vec!["security".to_string(), m.group.clone()];
    for t in &m.tags {
        if !tags.contains(t) {
            tags.push(t.clone());
        }
    }
    let mut extra = BTreeMap::new();
    extra.insert(
        "security-severity".to_string(),
        json!(m.severity.security_severity()),
    );
    extra.insert("precision".to_string(), json!("high"));
    ReportingDescriptor::builder()
        .id(m.id.clone())
        .name(m.slug.clone())
        .short_description(MultiformatMessageString::builder().text(m.title.clone()).build())
        .full_description(
            MultiformatMessageString::builder()
                .text(m.summary.clone())
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(docs::rule_text(m))
                .markdown(docs::rule_markdown(m))
                .build(),
        )
        .help_uri(super::rule_doc_url(m))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(FindingLevel::of(m.severity).as_str()))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(tags)
                .additional_properties(extra)
                .build(),
        )
        .build()
}

/// A file's display path as a SARIF URI: relative ones against %SRCROOT%, absolute ones as
/// `file:` URIs.
fn artifact(display: &str) -> ArtifactLocation {
    let path = display.replace('\\', "/");
    if Path::new(display).is_absolute() || path.starts_with('/') {
        ArtifactLocation::builder().uri(file_uri(&path, false)).build()
    } else {
        ArtifactLocation::builder()
            .uri(percent_encode(&path))
            .uri_base_id(SRCROOT)
            .build()
    }
}

/// Percent-encode everything but RFC 3986 unreserved characters and `/`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `file:///abs/path`, with a trailing slash for directories. Windows drive letters keep their colon.
fn file_uri(abs: &str, dir: bool) -> String {
    let mut path = abs.replace('\\', "/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if dir && !path.ends_with('/') {
        path.push('/');
    }
    let encoded = match path.get(1..3) {
        Some(drive) if drive.ends_with(':') && drive.as_bytes()[0].is_ascii_alphabetic() => {
            format!("/{drive}{}", percent_encode(&path[3..]))
        }
        _ => percent_encode(&path),
    };
    format!("file://{encoded}")
}

fn region(l: &Location) -> Region {
    Region::builder()
        .start_line(i64::from(l.line))
        .start_column(i64::from(l.column))
        .end_line(i64::from(l.end_line))
        .end_column(i64::from(l.end_column))
        .build()
}

/// The scanned files, and their paths as the repository sees them.
struct Files<'a> {
    sources: &'a Sources,
    paths: RepoPaths,
}

fn physical(files: &Files, origin: Origin) -> PhysicalLocation {
    let l = Location::of(files.sources, origin);
    PhysicalLocation::builder()
        .artifact_location(artifact(&files.paths.of(l.file)))
        .region(region(&l))
        .build()
}

/// Where a Terraform resource is: its place in the file and its address.
fn resource_location(files: &Files, origin: Origin, address: &str) -> SarifLocation {
    SarifLocation::builder()
        .physical_location(physical(files, origin))
        .logical_locations(vec![
            LogicalLocation::builder()
                .fully_qualified_name(address.to_string())
                .kind("resource")
                .build(),
        ])
        .build()
}

/// The findings to report when only `keep` fit: the highest severities, in report order.
fn kept(result: &ScanResult, keep: usize) -> Vec<bool> {
    let mut order: Vec<usize> = (0..result.findings.len()).collect();
    // Stable: equal severities keep their file order.
    order.sort_by_key(|&i| std::cmp::Reverse(result.findings[i].policy.meta.severity));
    let mut kept = vec![false; result.findings.len()];
    for &i in order.iter().take(keep) {
        kept[i] = true;
    }
    kept
}

/// `automationDetails.id` for a category. GitHub takes the part before the last `/` as the
/// category, as upload-sarif does with its `category` input.
pub fn automation_id(category: &str) -> String {
    if category.ends_with('/') {
        category.to_string()
    } else {
        format!("{category}/")
    }
}

/// SARIF within `settings.sarif_limits`: results over the count, or over the size, are dropped,
/// lowest severity first, and a notification says how many.
pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    write(result, settings, &mut out).expect("SARIF serializes");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`render`], written to `out` as it is serialized. The results are made and written a window
/// at a time: a report of thousands is never held whole, as a tree or as text. The size limit is
/// checked first from each result's size.
pub fn write(result: &ScanResult, settings: &Settings, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Bidi controls as `\uXXXX` escapes (Trojan Source); the size limit counts them escaped.
    let mut out = super::safe::JsonBidi::new(out);
    let out: &mut dyn std::io::Write = &mut out;
    let policies = super::described_policies(result, settings);
    let reported: Vec<(&Finding, Option<&Suppressed>)> = result
        .findings
        .iter()
        .map(|f| (f, None))
        .chain(result.suppressed.iter().map(|s| (&s.finding, Some(s))))
        .collect();
    let files = Files {
        sources: &result.sources,
        paths: RepoPaths::new(settings),
    };
    let make =
        |&(f, suppressed): &(&Finding, Option<&Suppressed>)| sarif_result(&files, &policies, f, suppressed);
    // Each result's size as written in place, in parallel.
    let sizes: Vec<usize> = reported
        .par_iter()
        .map(|r| stream::serialized_len(RESULT_DEPTH, &make(r)))
        .collect();
    let (text, kept) = within_limits(result, settings, &policies, &sizes)?;
    let reported: Vec<_> = reported
        .into_iter()
        .zip(kept)
        .filter(|(_, k)| *k)
        .map(|(r, _)| r)
        .collect();
    let at = memchr::memmem::find(&text, EMPTY_RESULTS)
        .ok_or_else(|| std::io::Error::other("the SARIF skeleton has no results array"))?
        + EMPTY_RESULTS.len()
        - 2;
    // Buffered here so serde_json's many small writes are inlined, not calls through `dyn`.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(&text[..at])?;
    stream::write_elements(&mut out, RESULT_DEPTH, &reported, make)?;
    out.write_all(&text[at + 2..])?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Results sit at this depth: `{ "runs": [ { "results": [ HERE ] } ] }`.
const RESULT_DEPTH: usize = 4;
/// How an empty results array comes out in the skeleton, and its indentation.
const EMPTY_RESULTS: &[u8] = b"\n      \"results\": []";
/// The SARIF skeleton's text (everything but the results) and which results are kept, within
/// `settings.sarif_limits`; `sizes` are those of every finding's result, then every suppressed
/// one's, as written in place (suppressed ones are always kept).
fn within_limits(
    result: &ScanResult,
    settings: &Settings,
    policies: &[&'static Policy],
    sizes: &[usize],
) -> std::io::Result<(Vec<u8>, Vec<bool>)> {
    let SarifLimits {
        max_results,
        max_bytes,
    } = settings.sarif_limits;
    let total = result.findings.len();
    let mut keep = total.min(max_results);
    loop {
        let reason = (keep < total).then(|| {
            if keep < total.min(max_results) {
                format!("the file size limit of {max_bytes} bytes")
            } else {
                format!("the limit of {max_results} results per run")
            }
        });
        let skeleton = render_skeleton(result, settings, policies, keep, reason.as_deref());
        let text = serde_json::to_vec_pretty(&skeleton)?;
        let mut kept = kept(result, keep);
        kept.resize(sizes.len(), true);
        let results = sizes.iter().zip(&kept).filter(|(_, k)| **k).map(|(n, _)| *n);
        // The skeleton's "[]" replaced by the results, and the final line break.
        let size = text.len() - 2 + stream::elements_len(RESULT_DEPTH, results) + 1;
        if size <= max_bytes || keep == 0 {
            return Ok((text, kept));
        }
        // Shrink in proportion to the excess, by at least one result.
        let scaled = (keep as f64 * max_bytes as f64 / size as f64 * 0.95) as usize;
        keep = scaled.min(keep - 1);
    }
}

/// One finding's result.
fn sarif_result(
    files: &Files,
    policies: &[&'static Policy],
    f: &Finding,
    suppressed: Option<&Suppressed>,
) -> SarifResult {
    let m = &f.policy.meta;
    let index = policies.iter().position(|p| p.meta.id == m.id).unwrap_or(0);
    let location = resource_location(files, f.origin, &f.bucket);
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert("bucketguard/v1".to_string(), f.fingerprint().to_string());
    let builder = SarifResult::builder()
        .rule_id(m.id.clone())
        .rule_index(index as i64)
        .level(result_level(FindingLevel::of_finding(f)))
        .message(text(
            match &f.neutralized_by {
                Some(n) => format!("{} ({})", f.message(), n.describe()),
                None => f.message().to_string(),
            } + if crate::model::link::is_external(&f.bucket) {
                " (the bucket is defined outside the scan)"
            } else {
                ""
            },
        ))
        .locations(vec![location])
        .partial_fingerprints(fingerprints);
    let mut r = if f.related.is_empty() {
        builder.build()
    } else {
        let related = f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                SarifLocation::builder()
                    .id(i as i64 + 1)
                    .physical_location(physical(files, r.origin))
                    .message(text(r.message.clone()))
                    .build()
            })
            .collect::<Vec<_>>();
        builder.related_locations(related).build()
    };
    if let Some(s) = suppressed {
        r.suppressions = Some(vec![
            Suppression::builder()
                .kind(json!(if s.in_source { "inSource" } else { "external" }))
                .justification(s.reason.clone())
                .build(),
        ]);
    }
    r
}

/// Everything but the results (an empty array stands in for them).
fn render_skeleton(
    result: &ScanResult,
    settings: &Settings,
    policies: &[&'static Policy],
    keep: usize,
    capped_by: Option<&str>,
) -> Sarif {
    let rules: Vec<ReportingDescriptor> = policies.iter().map(|p| rule(p)).collect();
    let files = Files {
        sources: &result.sources,
        paths: RepoPaths::new(settings),
    };
    let notifications = notifications(result, &files, keep, capped_by);
    let mut invocation = Invocation::builder()
        .execution_successful(result.errors.is_empty())
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }
    let version = env!("CARGO_PKG_VERSION");
    let driver = ToolComponent::builder()
        .name("bucketguard")
        .version(version)
        .semantic_version(version)
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(rules)
        .build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .original_uri_base_ids(base_ids(&files.paths))
        .column_kind(json!("utf16CodeUnits"))
        .invocations(vec![invocation])
        .results(Vec::new())
        .build();
    if let Some(category) = settings.category.as_deref().filter(|c| !c.is_empty()) {
        run.automation_details = Some(
            RunAutomationDetails::builder()
                .id(automation_id(category))
                .build(),
        );
    }
    Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// `%SRCROOT%`: the directory relative paths are relative to (the checkout, when known).
fn base_ids(paths: &RepoPaths) -> BTreeMap<String, ArtifactLocation> {
    let mut root = ArtifactLocation::builder()
        .description(text("The directory scanned paths are shown relative to."))
        .build();
    if paths.base().is_absolute() {
        root.uri = Some(file_uri(&paths.base().to_string_lossy(), true));
    }
    let mut base_ids = BTreeMap::new();
    base_ids.insert(SRCROOT.to_string(), root);
    base_ids
}

/// Input errors, unlinked resources, suppression warnings and the results cap, as tool
/// execution notifications.
fn notifications(
    result: &ScanResult,
    files: &Files,
    keep: usize,
    capped_by: Option<&str>,
) -> Vec<Notification> {
    let mut notifications: Vec<Notification> = result
        .errors
        .iter()
        .map(|e| input_notification("error", e, &files.paths))
        .collect();
    notifications.extend(result.unlinked.iter().map(|u| {
        Notification::builder()
            .level(json!("warning"))
            .message(text(format!(
                "{} ({}) configures no bucket in the scan: {}",
                u.address, u.resource_type, u.reason
            )))
            .locations(vec![resource_location(files, u.origin, &u.address)])
            .build()
    }));
    notifications.extend(
        result
            .warnings
            .iter()
            .map(|w| input_notification("warning", w, &files.paths)),
    );
    if let Some(limit) = capped_by {
        notifications.push(
            Notification::builder()
                .level(json!("warning"))
                .message(text(format!(
                    "{} of {} results were left out to stay within {limit} (GitHub code scanning); \
                     the highest-severity results are kept. Use the JSON report for all of them.",
                    result.findings.len() - keep,
                    result.findings.len()
                )))
                .build(),
        );
    }
    notifications
}

/// An input error or warning at its file (and line and column, when known).
fn input_notification(level: &str, e: &InputError, paths: &RepoPaths) -> Notification {
    let mut physical = PhysicalLocation::builder()
        .artifact_location(artifact(&paths.of(&e.path)))
        .build();
    if let Some(line) = e.line {
        let mut region = Region::builder().build();
        region.start_line = Some(i64::from(line));
        region.start_column = e.column.map(i64::from);
        physical.region = Some(region);
    }
    Notification::builder()
        .level(json!(level))
        .message(text(e.message.clone()))
        .locations(vec![SarifLocation::builder().physical_location(physical).build()])
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(artifact("infra/main.tf").uri.as_deref(), Some("infra/main.tf"));
        assert_eq!(artifact("infra/main.tf").uri_base_id.as_deref(), Some(SRCROOT));
        assert_eq!(artifact("a b/ü#.tf").uri.as_deref(), Some("a%20b/%C3%BC%23.tf"));
        let abs = artifact("/tmp/x y/main.tf");
        assert_eq!(abs.uri.as_deref(), Some("file:///tmp/x%20y/main.tf"));
        assert_eq!(abs.uri_base_id, None);
        assert_eq!(file_uri("/work/project", true), "file:///work/project/");
        assert_eq!(file_uri("C:\\src\\p", true), "file:///C:/src/p/");
    }

    fn doc(settings: &Settings, result: &ScanResult) -> serde_json::Value {
        serde_json::from_str(&render(result, settings)).expect("SARIF is JSON")
    }

    /// Three findings of one severity, in file order.
    fn three_findings() -> ScanResult {
        use crate::report::testutil::{Builder, MAIN_TF};
        let mut b = Builder::new();
        let main = b.file("infra/main.tf", MAIN_TF);
        let o = b.at(main, "bucket_prefix");
        b.finding("aws_s3_bucket.data", "infra", "first", o, Vec::new());
        b.finding("aws_s3_bucket.data", "infra", "second", o, Vec::new());
        b.finding("aws_s3_bucket.data", "infra", "third", o, Vec::new());
        b.result
    }

    #[test]
    fn category_becomes_automation_details() {
        let result = crate::report::testutil::sample();
        let mut settings = crate::report::testutil::settings();
        assert!(
            doc(&settings, &result)["runs"][0]
                .get("automationDetails")
                .is_none()
        );
        settings.category = Some("terraform/prod".into());
        assert_eq!(
            doc(&settings, &result)["runs"][0]["automationDetails"]["id"],
            "terraform/prod/"
        );
        assert_eq!(automation_id("x/"), "x/");
    }

    #[test]
    fn driver_and_rules_carry_what_code_scanning_reads() {
        let d = doc(
            &crate::report::testutil::settings(),
            &crate::report::testutil::sample(),
        );
        let driver = &d["runs"][0]["tool"]["driver"];
        assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
        let rule = &driver["rules"][0];
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with("/docs/rules/BG999-acl-public-write.md")
        );
        assert!(rule["help"]["markdown"].as_str().unwrap().starts_with("# BG999"));
        assert_eq!(rule["properties"]["security-severity"], "9.5");
        assert_eq!(rule["properties"]["precision"], "high");
        assert!(
            rule["properties"]["tags"]
                .as_array()
                .unwrap()
                .contains(&json!("security"))
        );
    }

    #[test]
    fn capped_at_the_result_limit_with_a_notification() {
        let result = three_findings();
        let mut settings = crate::report::testutil::settings();
        let full = doc(&settings, &result);
        assert_eq!(full["runs"][0]["results"].as_array().unwrap().len(), 3);
        assert!(
            full["runs"][0]["invocations"][0]
                .get("toolExecutionNotifications")
                .is_none()
        );

        settings.sarif_limits.max_results = 2;
        let capped = doc(&settings, &result);
        let run = &capped["runs"][0];
        let messages: Vec<&str> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["message"]["text"].as_str().unwrap())
            .collect();
        assert_eq!(messages, ["first", "second"]);
        let notes = run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap();
        let note = notes.last().unwrap()["message"]["text"].as_str().unwrap();
        assert!(
            note.starts_with("1 of 3 results were left out to stay within the limit of 2 results per run"),
            "{note}"
        );
        // Capping is not an execution failure.
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }

    #[test]
    fn capped_at_the_size_limit() {
        let result = three_findings();
        let mut settings = crate::report::testutil::settings();
        let full = render(&result, &settings).len();
        let one = {
            settings.sarif_limits.max_results = 1;
            render(&result, &settings).len()
        };
        settings.sarif_limits.max_results = 25_000;
        settings.sarif_limits.max_bytes = one;
        let out = render(&result, &settings);
        assert!(out.len() <= one && one < full, "{} {one} {full}", out.len());
        let d: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(d["runs"][0]["results"].as_array().unwrap().len() <= 1);
        let notes = d["runs"][0]["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap();
        let note = notes.last().unwrap()["message"]["text"].as_str().unwrap();
        assert!(
            note.contains(&format!("the file size limit of {one} bytes")),
            "{note}"
        );
    }
}
