//! Text report, for a terminal or a CI log: one miette diagnostic per finding and input error,
//! then (verbose) undecided checks and unlinked resources, then a summary line.
//!
//! Everything taken from scanned files goes through [`safe`] first: snippets keep their byte
//! length so spans stay valid, other text is escaped.

use std::fmt::{self, Display, Write as _};

use rayon::prelude::*;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::safe;
use crate::finding::Finding;
use crate::input::InputError;
use crate::model::{Origin, SourceFile, Sources};
use crate::scan::ScanResult;
use crate::settings::Settings;

/// Longer lines (minified plan JSON is one line) are cut to a window around the span.
const MAX_LINE: usize = 240;
const WINDOW: usize = 40;
const MAX_WINDOW_SPAN: usize = 160;
/// Spans over more lines (a whole block, a heredoc) are shown by their first line.
const MAX_SPAN_LINES: usize = 6;

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(result, settings, &mut out);
    // Every part written is a `String`.
    String::from_utf8(out).unwrap_or_default()
}

/// The report, written to `out` as it is rendered.
pub fn write(result: &ScanResult, settings: &Settings, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let theme = if settings.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(settings.width)
        .with_urls(false);
    let render_one = |d: &Diag| {
        let mut s = String::new();
        // Writing to a String only fails if a Display impl does; ours do not.
        if handler.render_report(&mut s, d).is_err() {
            s = format!("  × {}\n", d.display);
        }
        // miette leaves trailing spaces (after "Advice:", after empty source lines).
        let mut out = String::with_capacity(s.len() + 1);
        for line in s.trim_end().lines() {
            out.push_str(line.trim_end_matches(' '));
            out.push('\n');
        }
        out.push('\n');
        out
    };
    // Each diagnostic renders on its own (miette's layout is the cost), in parallel; they are
    // written in their order, a window at a time as the other reports are.
    let shown = if settings.quiet {
        Vec::new()
    } else {
        grouped(&result.findings)
    };
    for window in shown.chunks(super::stream::WINDOW) {
        let rendered: Vec<String> = window
            .par_iter()
            .map(|group| render_one(&finding_diag(&result.sources, group, settings.width)))
            .collect();
        for f in rendered {
            out.write_all(f.as_bytes())?;
        }
    }
    out.write_all(rest(result, settings, render_one).as_bytes())
}

/// Everything after the findings: input errors, warnings, (verbose) undecided checks, notes,
/// suppressed findings and unlinked resources, the exposure summary and the summary line.
fn rest(result: &ScanResult, settings: &Settings, render_one: impl Fn(&Diag) -> String) -> String {
    let mut out = String::new();
    for e in &result.errors {
        out.push_str(&render_one(&error_diag(&result.sources, e)));
    }
    for w in &result.warnings {
        let _ = writeln!(
            out,
            "warning: {}: {}",
            safe::escape_path(&error_position(w)),
            safe::escape_line(&w.message)
        );
    }
    if !result.warnings.is_empty() {
        out.push('\n');
    }
    if settings.verbose {
        verbose_lists(&mut out, result);
    }
    if settings.explain && !result.exposures.is_empty() {
        explain(&mut out, result, settings.width);
    }
    if !result.exposures.is_empty() && !settings.quiet {
        let _ = writeln!(out, "{:<22} {:>7}", "Exposure", "Buckets");
        for (verdict, n) in crate::exposure::summary(&result.exposures) {
            let _ = writeln!(out, "{:<22} {n:>7}", verdict.as_str());
        }
        out.push('\n');
    }
    summary(&mut out, result, settings);
    out
}

/// `path:line:col` of an input error or warning, or its path alone.
fn error_position(e: &InputError) -> String {
    match (e.line, e.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", e.path),
        _ => e.path.clone(),
    }
}

/// `--verbose`: undecided checks, notes, suppressed findings and unlinked resources.
fn verbose_lists(out: &mut String, result: &ScanResult) {
    if !result.undecided.is_empty() {
        undecided_list(out, result);
    }
    if !result.notes.is_empty() {
        let _ = writeln!(out, "Notes ({}):", result.notes.len());
        for n in &result.notes {
            let _ = writeln!(
                out,
                "  {}: {}",
                safe::escape_path(&error_position(n)),
                safe::escape_line(&n.message)
            );
        }
        out.push('\n');
    }
    if !result.suppressed.is_empty() {
        suppressed_list(out, result);
    }
    if !result.unlinked.is_empty() {
        unlinked_list(out, result);
    }
}

fn undecided_list(out: &mut String, result: &ScanResult) {
    let _ = writeln!(out, "Undecided ({}):", result.undecided.len());
    for u in &result.undecided {
        let _ = writeln!(
            out,
            "  {} {}  {} (in {}) at {}: {}",
            u.policy.meta.id,
            u.policy.meta.slug,
            safe::escape_line(&u.bucket),
            safe::escape_line(&u.root),
            position(&result.sources, u.origin),
            safe::escape_line(&u.reason),
        );
    }
    out.push('\n');
}

fn suppressed_list(out: &mut String, result: &ScanResult) {
    let _ = writeln!(out, "Suppressed ({}):", result.suppressed.len());
    for s in &result.suppressed {
        let f = &s.finding;
        let until = s.expires.map(|d| format!(" until {d}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}  {} at {} by {}:{}{until}: {}",
            f.policy.meta.id,
            f.policy.meta.slug,
            safe::escape_line(&f.bucket),
            position(&result.sources, f.origin),
            safe::escape_path(&s.location.file),
            s.location.line,
            safe::escape_line(&s.reason),
        );
    }
    out.push('\n');
}

fn unlinked_list(out: &mut String, result: &ScanResult) {
    let _ = writeln!(out, "Unlinked resources ({}):", result.unlinked.len());
    for r in &result.unlinked {
        let _ = writeln!(
            out,
            "  {} ({}) at {}: {}",
            safe::escape_line(&r.address),
            safe::escape_line(&r.resource_type),
            position(&result.sources, r.origin),
            safe::escape_line(&r.reason),
        );
    }
    out.push('\n');
}

/// The closing lines: no findings, undecided checks, the counts, what was not reported.
fn summary(out: &mut String, result: &ScanResult, settings: &Settings) {
    if result.findings.is_empty() {
        out.push_str("No findings.\n");
    }
    if !settings.verbose && !result.undecided.is_empty() {
        let _ = writeln!(
            out,
            "{} undecided (a value the scanner could not resolve); --verbose lists them.",
            plural(result.undecided.len(), "check", "checks")
        );
    }
    let counts = super::severity_counts(result)
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .join(", ");
    let line = format!(
        "Scanned {}, {}: {} ({counts}), {}.",
        plural(result.inputs.len(), "input", "inputs"),
        plural(result.buckets.len(), "bucket", "buckets"),
        plural(result.findings.len(), "finding", "findings"),
        plural(result.errors.len(), "error", "errors"),
    );
    // One line, whatever the width: scripts and people look for it.
    out.push_str(&line);
    out.push('\n');
    let mut accepted = Vec::new();
    if !result.suppressed.is_empty() {
        accepted.push(format!("{} suppressed", result.suppressed.len()));
    }
    if !result.baselined.is_empty() {
        accepted.push(format!("{} in the baseline", result.baselined.len()));
    }
    if result.outside_diff > 0 {
        accepted.push(format!(
            "{} on buckets the diff does not touch",
            result.outside_diff
        ));
    }
    if !accepted.is_empty() {
        let _ = writeln!(out, "Not reported: {}.", accepted.join(", "));
    }
}

/// `--explain`: every bucket's verdict and the grants, statements and settings behind it.
fn explain(out: &mut String, result: &ScanResult, width: usize) {
    let _ = writeln!(out, "Exposure by bucket:");
    for e in &result.exposures {
        let outside = if crate::model::link::is_external(&e.bucket) {
            ", defined outside the scan"
        } else {
            ""
        };
        let head = format!(
            "{} (in {}{outside}): {}",
            safe::escape_line(&e.bucket),
            safe::escape_line(&e.root),
            e.verdict
        );
        hanging(out, "  ", "    ", &head, width);
        if e.reasons.is_empty() {
            let _ = writeln!(
                out,
                "    - no ACL grant, policy statement or access point gives access"
            );
        }
        for r in &e.reasons {
            let reason = format!(
                "{} ({})",
                safe::escape_line(&crate::exposure::describe(r)),
                position(&result.sources, r.origin)
            );
            hanging(out, "    - ", "      ", &reason, width);
        }
    }
    out.push('\n');
}

/// `text` wrapped to `width`: its first line after `first`, the others after `rest`.
fn hanging(out: &mut String, first: &str, rest: &str, text: &str, width: usize) {
    let wrapped = wrap(text, width.saturating_sub(rest.len()).max(20));
    for (i, line) in wrapped.lines().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `file:line:col`, escaped.
fn position(sources: &Sources, origin: Origin) -> String {
    let lc = sources.start(origin);
    format!(
        "{}:{}:{}",
        safe::escape_path(sources.display(origin)),
        lc.line,
        lc.column
    )
}

/// The findings as the text report shows them: those that take effect first, by severity
/// (critical first; file order within one), and the findings of one policy at one place with one
/// message (an account-level block every bucket sees) as one.
fn grouped(findings: &[Finding]) -> Vec<Vec<&Finding>> {
    let mut order: Vec<&Finding> = findings.iter().collect();
    // Stable: the scan's place order stays within one weight.
    order.sort_by_key(|f| super::weight(f));
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    let mut index: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for f in order {
        let key = (
            f.policy.meta.id.as_str(),
            f.origin,
            f.message().detail(),
            f.neutralized_by.as_ref().map(|n| n.describe()),
        );
        match index.get(&key) {
            Some(&i) => groups[i].push(f),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![f]);
            }
        }
    }
    groups
}

/// `bucket a (in root)`, or `buckets a, b (in root)` for a group.
fn subjects(group: &[&Finding]) -> String {
    let f = group[0];
    // BG5xx (IAM, scan-level) report on a resource that is not a bucket. Keyed on the id, not on
    // `scan_check`: the scan-level BG601–BG604 print "bucket account".
    let kind = if f.policy.meta.id.starts_with("BG5") {
        "resource"
    } else {
        "bucket"
    };
    let one_root = group.iter().all(|g| g.root == f.root);
    let names: Vec<String> = group
        .iter()
        .map(|g| {
            let name = safe::escape_line(&g.bucket).into_owned();
            match one_root {
                true => name,
                false => format!("{name} (in {})", safe::escape_line(&g.root)),
            }
        })
        .collect();
    let plural = if group.len() > 1 { "s" } else { "" };
    let root = match one_root {
        true => format!(" (in {})", safe::escape_line(&f.root)),
        false => String::new(),
    };
    let external = match group.iter().any(|g| crate::model::link::is_external(&g.bucket)) {
        true => ", defined outside the scan",
        false => "",
    };
    format!("{kind}{plural}: {}{root}{external}", names.join(", "))
}

/// The related locations every finding of a group shares (per-bucket ones are named above).
fn related<'f>(group: &[&'f Finding]) -> Vec<&'f crate::policy::Related> {
    let shared = |r: &crate::policy::Related| {
        group[1..].iter().all(|g| {
            g.related
                .iter()
                .any(|o| o.origin == r.origin && o.message == r.message)
        })
    };
    group[0].related.iter().filter(|r| shared(r)).collect()
}

fn finding_diag<'a>(sources: &'a Sources, group: &[&Finding], width: usize) -> Diag<'a> {
    let f = group[0];
    let meta = &f.policy.meta;
    let severity = match super::FindingLevel::of_finding(f) {
        super::FindingLevel::Error => miette::Severity::Error,
        super::FindingLevel::Warning => miette::Severity::Warning,
        super::FindingLevel::Note => miette::Severity::Advice,
    };
    let (source, span, anchor) = excerpt(sources, f.origin);
    // The message states the fix; the line above names the buckets it begins with.
    let message = f.message().detail();
    // Keep the label inside the width, wherever the span sits on its line.
    let label = wrap(&safe::escape(message), width.saturating_sub(anchor + 12).max(40));
    Diag {
        code: Some(format!("{} {}", meta.id, meta.slug)),
        display: format!(
            "{}: {}\n{}",
            meta.severity.as_str(),
            safe::escape(&meta.title),
            subjects(group)
        ) + &f
            .neutralized_by
            .as_ref()
            .map(|n| format!("\n[{}] {}", n.kind(), safe::escape_line(&n.describe())))
            .unwrap_or_default(),
        severity,
        help: Some(format!("why, and examples: bucketguard explain {}", meta.id)),
        source: Some(source),
        label: Some(LabeledSpan::new_primary_with_span(Some(label), span)),
        related: related(group)
            .into_iter()
            .map(|r| {
                let (source, span, _) = excerpt(sources, r.origin);
                Diag {
                    code: None,
                    display: safe::escape(&r.message).into_owned(),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: Some(source),
                    label: Some(LabeledSpan::new_primary_with_span(None, span)),
                    related: Vec::new(),
                }
            })
            .collect(),
    }
}

fn error_diag<'a>(sources: &'a Sources, e: &InputError) -> Diag<'a> {
    let message = safe::escape(&e.message).into_owned();
    let mut d = Diag {
        code: Some("input error".to_string()),
        display: message.clone(),
        severity: miette::Severity::Error,
        help: None,
        source: None,
        label: None,
        related: Vec::new(),
    };
    match e.origin {
        Some(origin) => {
            let (source, span, _) = excerpt(sources, origin);
            d.source = Some(source);
            d.label = Some(LabeledSpan::new_primary_with_span(None, span));
        }
        None => {
            d.display = format!("{}{}: {message}", safe::escape_path(&e.path), e.line_col());
        }
    }
    d
}

/// Greedy word wrap; words longer than `width` stay whole.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for (i, para) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for word in para.split_whitespace() {
            let w = word.chars().count();
            if col > 0 && col + 1 + w > width {
                out.push('\n');
                col = 0;
            } else if col > 0 {
                out.push(' ');
                col += 1;
            }
            out.push_str(word);
            col += w;
        }
    }
    out
}

/// A diagnostic built from report data; miette renders it.
struct Diag<'a> {
    code: Option<String>,
    display: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<Excerpt<'a>>,
    label: Option<LabeledSpan>,
    related: Vec<Diag<'a>>,
}

impl Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}

/// The lines around a span, sanitized, reporting the real file name, line and column (UTF-16,
/// like the other formats) to miette.
struct Excerpt<'a> {
    file: &'a SourceFile,
    name: String,
    text: String,
    /// Offset in the file of `text[prefix..]`.
    base: usize,
    /// Length of the "…" that marks a cut line start.
    prefix: usize,
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let c = self.text.read_span(span, before, after)?;
        let real = self.base + c.span().offset().saturating_sub(self.prefix);
        let lc = self.file.line_col(real as u32);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            lc.line as usize - 1,
            lc.column as usize - 1,
            c.line_count(),
        )))
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line holding `at`, before its `\n` or `\r\n`.
fn line_end(text: &str, at: usize) -> usize {
    match text[at..].find('\n') {
        Some(i) if i > 0 && text.as_bytes()[at + i - 1] == b'\r' => at + i - 1,
        Some(i) => at + i,
        None => text.len(),
    }
}

/// The excerpt for `origin` (one line of context each side), the span inside it, and the
/// display column where the label hangs.
fn excerpt(sources: &Sources, origin: Origin) -> (Excerpt<'_>, SourceSpan, usize) {
    let file = sources.get(origin.file);
    let text: &str = &file.text;
    let s = floor(text, (origin.start as usize).min(text.len()));
    let mut e = ceil(text, (origin.end as usize).clamp(s, text.len()));
    while e > s && matches!(text.as_bytes()[e - 1], b'\n' | b'\r') {
        e -= 1;
    }
    let ls = line_start(text, s);
    let first_end = line_end(text, s);
    if text[s..e].matches('\n').count() >= MAX_SPAN_LINES {
        e = first_end;
    }
    let le = line_end(text, e);
    let lo = if ls == 0 { 0 } else { line_start(text, ls - 1) };
    let hi = match text[le..].find('\n') {
        Some(i) => line_end(text, le + i + 1),
        None => le,
    };
    let name = safe::escape_path(&file.display).into_owned();
    let long = hi - lo > 8 * MAX_LINE || text[lo..hi].split('\n').any(|l| l.len() > MAX_LINE);
    if !long {
        let single = !text[s..e].contains('\n');
        let col = text[ls..s].chars().count();
        let anchor = if single {
            col + text[s..e].chars().count() / 2
        } else {
            4
        };
        let excerpt = Excerpt {
            file,
            name,
            text: safe::source(&text[lo..hi]).into_owned(),
            base: lo,
            prefix: 0,
        };
        return (excerpt, SourceSpan::new((s - lo).into(), e - s), anchor);
    }
    // One long line: a window around the span start.
    let e = e
        .min(first_end)
        .min(floor(text, (s + MAX_WINDOW_SPAN).min(text.len())));
    let lo = ceil(text, s.saturating_sub(WINDOW).max(ls));
    let hi = floor(text, (e + WINDOW).min(first_end)).max(e);
    let prefix = if lo > ls { "…" } else { "" };
    let suffix = if hi < first_end { "…" } else { "" };
    let excerpt = Excerpt {
        file,
        name,
        text: format!("{prefix}{}{suffix}", safe::source(&text[lo..hi])),
        base: lo,
        prefix: prefix.len(),
    };
    let start = s - lo + prefix.len();
    let anchor = text[lo..s].chars().count() + 1 + text[s..e].chars().count() / 2;
    (excerpt, SourceSpan::new(start.into(), e - s), anchor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_width() {
        assert_eq!(wrap("aaa bbb ccc\ndd", 7), "aaa bbb\nccc\ndd");
        assert_eq!(wrap("averyveryverylongword x", 5), "averyveryverylongword\nx");
    }
}
