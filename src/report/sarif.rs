//! SARIF 2.1.0, as GitHub code scanning ingests it: one rule per policy with generated help,
//! results with repo-relative locations and stable partial fingerprints, input errors and
//! unlinked resources as tool execution notifications.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location as SarifLocation, LogicalLocation, Message,
    MultiformatMessageString, Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::{Location, docs};
use crate::model::{Origin, Sources};
use crate::policy::{Policy, Severity};
use crate::scan::ScanResult;
use crate::settings::Settings;

pub const SRCROOT: &str = "%SRCROOT%";
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn result_level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low => ResultLevel::Note,
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
        .help_uri(super::rule_doc_url(&m.id, &m.slug))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(m.severity)))
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

fn physical(sources: &Sources, origin: Origin) -> PhysicalLocation {
    let l = Location::of(sources, origin);
    PhysicalLocation::builder()
        .artifact_location(artifact(&l.file))
        .region(region(&l))
        .build()
}

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let sources = &result.sources;
    let policies = super::described_policies(result, settings);
    let rules: Vec<ReportingDescriptor> = policies.iter().map(|p| rule(p)).collect();

    let results: Vec<SarifResult> = result
        .findings
        .iter()
        .map(|f| {
            let m = &f.policy.meta;
            let index = policies.iter().position(|p| p.meta.id == m.id).unwrap_or(0);
            let location = SarifLocation::builder()
                .physical_location(physical(sources, f.origin))
                .logical_locations(vec![
                    LogicalLocation::builder()
                        .fully_qualified_name(f.bucket.clone())
                        .kind("resource")
                        .build(),
                ])
                .build();
            let mut fingerprints = BTreeMap::new();
            fingerprints.insert("bucketguard/v1".to_string(), f.fingerprint());
            let builder = SarifResult::builder()
                .rule_id(m.id.clone())
                .rule_index(index as i64)
                .level(match f.level_override() {
                    Some(_) => ResultLevel::Note,
                    None => result_level(m.severity),
                })
                .message(text(match &f.neutralized_by {
                    Some(n) => format!("{} ({})", f.message, n.describe()),
                    None => f.message.clone(),
                }))
                .locations(vec![location])
                .partial_fingerprints(fingerprints);
            if f.related.is_empty() {
                builder.build()
            } else {
                let related = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        SarifLocation::builder()
                            .id(i as i64 + 1)
                            .physical_location(physical(sources, r.origin))
                            .message(text(r.message.clone()))
                            .build()
                    })
                    .collect::<Vec<_>>();
                builder.related_locations(related).build()
            }
        })
        .collect();

    let mut notifications: Vec<Notification> = result
        .errors
        .iter()
        .map(|e| {
            let mut region = Region::builder().build();
            if let Some(line) = e.line {
                region.start_line = Some(i64::from(line));
                region.start_column = e.column.map(i64::from);
            }
            let mut physical = PhysicalLocation::builder()
                .artifact_location(artifact(&e.path))
                .build();
            if e.line.is_some() {
                physical.region = Some(region);
            }
            Notification::builder()
                .level(json!("error"))
                .message(text(e.message.clone()))
                .locations(vec![SarifLocation::builder().physical_location(physical).build()])
                .build()
        })
        .collect();
    notifications.extend(result.model.unlinked.iter().map(|u| {
        Notification::builder()
            .level(json!("warning"))
            .message(text(format!(
                "{} ({}) configures no bucket in the scan: {}",
                u.address, u.resource_type, u.reason
            )))
            .locations(vec![
                SarifLocation::builder()
                    .physical_location(physical(sources, u.origin))
                    .logical_locations(vec![
                        LogicalLocation::builder()
                            .fully_qualified_name(u.address.clone())
                            .kind("resource")
                            .build(),
                    ])
                    .build(),
            ])
            .build()
    }));

    let mut invocation = Invocation::builder()
        .execution_successful(result.errors.is_empty())
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }

    let mut root = ArtifactLocation::builder()
        .description(text("The directory scanned paths are shown relative to."))
        .build();
    if settings.root.is_absolute() {
        root.uri = Some(file_uri(&settings.root.to_string_lossy(), true));
    }
    let mut base_ids = BTreeMap::new();
    base_ids.insert(SRCROOT.to_string(), root);

    let version = env!("CARGO_PKG_VERSION");
    let driver = ToolComponent::builder()
        .name("bucketguard")
        .version(version)
        .semantic_version(version)
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .original_uri_base_ids(base_ids)
        .column_kind(json!("utf16CodeUnits"))
        .invocations(vec![invocation])
        .results(results)
        .build();
    let sarif = Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    // Plain data: serialization cannot fail.
    serde_json::to_string_pretty(&sarif).expect("SARIF serializes") + "\n"
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
}
