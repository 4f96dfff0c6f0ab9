//! Reports: text (miette), JSON and SARIF, plus the generated rule docs.

pub mod codequality;
pub mod docs;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod safe;
pub mod sarif;
mod stream;
pub mod text;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod testutil;

use serde::Serialize;

use crate::model::{Origin, Sources};
use crate::policy::{Policy, Severity};
use crate::scan::ScanResult;
use crate::settings::{Format, Settings};

/// One report of the scan in `format` (a run may write several).
pub fn render_as(result: &ScanResult, settings: &Settings, format: Format) -> String {
    match format {
        Format::Text => text::render(result, settings),
        Format::Json => json::render(result, settings),
        Format::Sarif => sarif::render(result, settings),
        Format::Github => github::render(result, settings),
        Format::Markdown => markdown::render(result, settings),
        Format::Junit => junit::render(result, settings),
        Format::Codequality => codequality::render(result, settings),
        Format::Html => html::render(result, settings),
    }
}

/// [`render_as`], written to `out`; JSON, SARIF and text are written as they are made.
pub fn write_as(
    result: &ScanResult,
    settings: &Settings,
    format: Format,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(result, settings, out),
        Format::Sarif => sarif::write(result, settings, out),
        Format::Text => text::write(result, settings, out),
        _ => out.write_all(render_as(result, settings, format).as_bytes()),
    }
}

/// A region of a scanned file: 1-based lines, 1-based UTF-16 columns, the end exclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location<'a> {
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Location<'_> {
    pub fn of(sources: &Sources, origin: Origin) -> Location<'_> {
        let file = sources.get(origin.file);
        let start = origin.start.min(file.text.len() as u32);
        // A span that swallows its line break ends on that line, not at column 1 of the next.
        let end = file.before_line_break(start, origin.end);
        let s = file.line_col(start);
        let e = file.line_col(end);
        Location {
            file: &file.display,
            line: s.line,
            column: s.column,
            end_line: e.line,
            end_column: e.column,
        }
    }
}

/// How loudly a report flags a finding; SARIF, GitHub annotations and the text report each
/// spell it their own way. Critical and high are errors, medium a warning, low a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingLevel {
    Error,
    Warning,
    Note,
}

impl FindingLevel {
    pub fn of(severity: Severity) -> FindingLevel {
        match severity {
            Severity::Critical | Severity::High => FindingLevel::Error,
            Severity::Medium => FindingLevel::Warning,
            Severity::Low => FindingLevel::Note,
        }
    }

    /// A finding's level: a neutralized one (its grant does not take effect, or S3 would reject
    /// it at apply) is a note whatever its severity.
    pub fn of_finding(f: &crate::finding::Finding) -> FindingLevel {
        if f.neutralized_by.is_some() {
            FindingLevel::Note
        } else {
            FindingLevel::of(f.policy.meta.severity)
        }
    }

    /// SARIF's name for it: `error`, `warning` or `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingLevel::Error => "error",
            FindingLevel::Warning => "warning",
            FindingLevel::Note => "note",
        }
    }
}

/// Findings per severity, highest first.
/// The order the human-readable reports show findings in (sort stably by it): those that take
/// effect first, then by severity, critical first; neutralized findings (notes) last.
pub(crate) fn weight(f: &crate::finding::Finding) -> (bool, std::cmp::Reverse<Severity>) {
    (
        f.neutralized_by.is_some(),
        std::cmp::Reverse(f.policy.meta.severity),
    )
}

/// File paths as the repository sees them, for the formats GitHub resolves against its checkout
/// (SARIF, workflow commands): relative to `Settings::workspace` when the file is inside it (the
/// scan may run from a subdirectory), else as displayed (relative to the scan root).
pub(crate) struct RepoPaths {
    root: std::path::PathBuf,
    /// Absolute and normalized; a relative workspace is no checkout to resolve against.
    workspace: Option<std::path::PathBuf>,
}

impl RepoPaths {
    pub fn new(settings: &Settings) -> RepoPaths {
        let workspace = settings.workspace.as_deref().filter(|w| w.is_absolute());
        RepoPaths {
            root: settings.root.clone(),
            workspace: workspace.map(crate::safe_io::normalize),
        }
    }

    /// A displayed path (relative to the scan root, or absolute) relative to the checkout.
    pub fn of<'a>(&self, display: &'a str) -> std::borrow::Cow<'a, str> {
        let Some(workspace) = &self.workspace else {
            return display.into();
        };
        let file = crate::safe_io::normalize(&self.root.join(display));
        match file.strip_prefix(workspace) {
            Ok(rel) => rel.to_string_lossy().replace('\\', "/").into(),
            Err(_) => display.into(),
        }
    }

    /// The directory relative paths are relative to.
    pub fn base(&self) -> &std::path::Path {
        self.workspace.as_deref().unwrap_or(&self.root)
    }
}

pub fn severity_counts(result: &ScanResult) -> [(Severity, usize); 4] {
    [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ]
    .map(|s| {
        (
            s,
            result
                .findings
                .iter()
                .filter(|f| f.policy.meta.severity == s)
                .count(),
        )
    })
}

/// The policies a report describes: the selected ones plus any a finding or undecided entry
/// names, sorted by id, without duplicates.
pub fn described_policies(result: &ScanResult, settings: &Settings) -> Vec<&'static Policy> {
    let mut all: Vec<&'static Policy> = settings
        .policies
        .iter()
        .copied()
        .chain(result.findings.iter().map(|f| f.policy))
        .chain(result.suppressed.iter().map(|s| s.finding.policy))
        .chain(result.undecided.iter().map(|u| u.policy))
        .collect();
    all.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    all.dedup_by(|a, b| a.meta.id == b.meta.id);
    all
}

/// Link to a policy's documentation: its generated doc page in the repository, or what a
/// custom policy names.
pub fn rule_doc_url(m: &crate::policy::PolicyMeta) -> String {
    match &m.help_url {
        Some(url) => url.clone(),
        None => format!(
            "{}/blob/main/docs/rules/{}-{}.md",
            env!("CARGO_PKG_REPOSITORY").trim_end_matches('/'),
            m.id,
            m.slug
        ),
    }
}
