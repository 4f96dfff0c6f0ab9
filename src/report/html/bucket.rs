//! One bucket's section: verdict, reasons (diagram and list), findings with the source quoted,
//! undecided checks and suppressed findings.

use std::fmt::Write as _;

use super::{Subject, diagram, escape};
use crate::exposure::Effectiveness;
use crate::finding::Finding;
use crate::model::Origin;
use crate::report::{Location, rule_doc_url};
use crate::scan::ScanResult;

/// Lines quoted per finding at most, and bytes per quoted line (a plan is one long line).
const MAX_LINES: u32 = 6;
const MAX_LINE_BYTES: usize = 400;

pub(super) fn section(out: &mut String, result: &ScanResult, i: usize, key: &(&str, &str), s: &Subject) {
    let (root, address) = *key;
    let verdict = s.exposure.map_or("none", |e| e.verdict.as_str());
    let _ = writeln!(
        out,
        "<section class=\"bucket\" id=\"bucket-{i}\" data-verdict=\"{verdict}\" aria-labelledby=\"bucket-{i}-h\">\n<h2 id=\"bucket-{i}-h\">{}</h2>",
        escape(address)
    );
    let outside = if crate::model::link::is_external(address) {
        ", defined outside the scan"
    } else {
        ""
    };
    let shown = if s.exposure.is_some() {
        verdict
    } else {
        "not a scanned bucket"
    };
    let _ = writeln!(
        out,
        "<p>In <code>{}</code>{outside}. Exposure: <span class=\"badge verdict v-{verdict}\">{shown}</span></p>",
        escape(root)
    );
    if let Some(e) = s.exposure {
        reasons(out, result, e);
    }
    if !s.findings.is_empty() {
        let _ = writeln!(out, "<h3>Findings ({})</h3>", s.findings.len());
        for f in &s.findings {
            finding(out, result, f);
        }
    }
    undecided(out, result, s);
    suppressed(out, s);
    out.push_str("</section>\n");
}

fn reasons(out: &mut String, result: &ScanResult, e: &crate::exposure::Exposure) {
    if e.reasons.is_empty() {
        out.push_str("<p class=\"muted\">No ACL grant, policy statement or access point gives access.</p>\n");
        return;
    }
    diagram::svg(out, e);
    out.push_str("<ul class=\"reasons\">\n");
    for r in &e.reasons {
        let class = match r.effect {
            Effectiveness::Effective => "effective",
            Effectiveness::Neutralized(_) => "neutralized",
            Effectiveness::Rejected(_) => "rejected",
            Effectiveness::Unknown(_) => "unknown",
        };
        let _ = writeln!(
            out,
            "<li class=\"{class}\">{} <span class=\"loc\">({})</span></li>",
            escape(&crate::exposure::describe(r)),
            position(result, r.origin)
        );
    }
    out.push_str("</ul>\n");
}

fn finding(out: &mut String, result: &ScanResult, f: &Finding) {
    let m = &f.policy.meta;
    let severity = m.severity.as_str();
    let neutralized = if f.neutralized_by.is_some() {
        " <span class=\"badge s-note\">neutralized</span>"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<article class=\"finding\" data-severity=\"{severity}\">\n<p><span class=\"badge s-{severity}\">{severity}</span>{neutralized} <a href=\"{}\">{} {}</a>: {}</p>\n<p>{}</p>",
        escape(&rule_doc_url(m)),
        escape(&m.id),
        escape(&m.slug),
        escape(&m.title),
        escape(without_address(&f.message().to_string(), &f.bucket))
    );
    quote(out, result, f.origin);
    out.push_str("</article>\n");
}

/// A message without the `{bucket}: ` it starts with: the section's heading names the bucket.
fn without_address<'a>(message: &'a str, bucket: &str) -> &'a str {
    message
        .strip_prefix(bucket)
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(message)
}

/// `file:line:column`, escaped.
fn position(result: &ScanResult, origin: Origin) -> String {
    let loc = Location::of(&result.sources, origin);
    escape(&format!("{}:{}:{}", loc.file, loc.line, loc.column))
}

/// The source lines of `origin`, numbered, with the position above them.
fn quote(out: &mut String, result: &ScanResult, origin: Origin) {
    let loc = Location::of(&result.sources, origin);
    let _ = writeln!(out, "<p class=\"loc\">{}</p>", position(result, origin));
    let file = result.sources.get(origin.file);
    let last = loc.end_line.max(loc.line).min(loc.line + MAX_LINES - 1);
    out.push_str("<pre><code>");
    for n in loc.line..=last {
        let mut text = file.line_text(n);
        if text.len() > MAX_LINE_BYTES {
            let mut cut = MAX_LINE_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text = &text[..cut];
        }
        let _ = writeln!(out, "{n:>5} | {}", escape(&crate::report::safe::source(text)));
    }
    out.push_str("</code></pre>\n");
}

fn undecided(out: &mut String, result: &ScanResult, s: &Subject) {
    if s.undecided.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h3>Undecided ({})</h3>\n<ul class=\"undecided\">",
        s.undecided.len()
    );
    for u in &s.undecided {
        let m = &u.policy.meta;
        let _ = writeln!(
            out,
            "<li><a href=\"{}\">{} {}</a>: {} <span class=\"loc\">({})</span></li>",
            escape(&rule_doc_url(m)),
            escape(&m.id),
            escape(&m.slug),
            escape(&u.reason),
            position(result, u.origin)
        );
    }
    out.push_str("</ul>\n");
}

fn suppressed(out: &mut String, s: &Subject) {
    if s.suppressed.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h3>Suppressed ({})</h3>\n<ul class=\"suppressed\">",
        s.suppressed.len()
    );
    for x in &s.suppressed {
        let m = &x.finding.policy.meta;
        let expires = x
            .expires
            .map_or_else(|| "no expiry".to_string(), |d| format!("expires {d}"));
        let _ = writeln!(
            out,
            "<li><a href=\"{}\">{} {}</a> ({}): {} — {}</li>",
            escape(&rule_doc_url(m)),
            escape(&m.id),
            escape(&m.slug),
            escape(&expires),
            escape(&x.reason),
            escape(&x.finding.message().to_string())
        );
    }
    out.push_str("</ul>\n");
}
