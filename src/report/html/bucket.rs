//! One bucket's section: verdict, reasons (diagram and list), findings with the source quoted,
//! undecided checks and suppressed findings. Everything from the scan is written between tags
//! (`escape_text`), never into an attribute.

use std::fmt::Write as _;

use super::rules::{self, Rules};
use super::{Subject, diagram, escape_text};
use crate::exposure::Effectiveness;
use crate::finding::Finding;
use crate::model::Origin;
use crate::report::Location;
use crate::scan::ScanResult;

/// Lines quoted per finding at most, and bytes per quoted line (a plan is one long line).
const MAX_LINES: u32 = 6;
const MAX_LINE_BYTES: usize = 400;

/// What a section's parts read: the scan, the rules, and the bucket's root module (positions
/// under it are shown relative to it: the section's header names it once).
struct Here<'a> {
    result: &'a ScanResult,
    rules: &'a Rules<'a>,
    root: &'a str,
}

pub(super) fn section(
    out: &mut String,
    result: &ScanResult,
    rules: &Rules,
    i: usize,
    key: &(&str, &str),
    s: &Subject,
) {
    let (root, address) = *key;
    let here = Here { result, rules, root };
    let verdict = s.exposure.map_or("none", |e| e.verdict.as_str());
    let _ = writeln!(
        out,
        "<section class=\"bucket\" id=\"bucket-{i}\" data-verdict=\"{verdict}\" aria-labelledby=\"bucket-{i}-h\">\n<h2 id=\"bucket-{i}-h\">{}</h2>",
        escape_text(address)
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
        escape_text(root)
    );
    if let Some(e) = s.exposure {
        reasons(out, &here, e);
    }
    if !s.findings.is_empty() {
        let _ = writeln!(out, "<h3>Findings ({})</h3>", s.findings.len());
        for f in &s.findings {
            finding(out, &here, f);
        }
    }
    undecided(out, &here, s);
    suppressed(out, s);
    out.push_str("</section>\n");
}

fn reasons(out: &mut String, here: &Here, e: &crate::exposure::Exposure) {
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
            escape_text(&crate::exposure::describe(r)),
            position(here, r.origin)
        );
    }
    out.push_str("</ul>\n");
}

fn finding(out: &mut String, here: &Here, f: &Finding) {
    let m = &f.policy.meta;
    let severity = m.severity.as_str();
    let neutralized = if f.neutralized_by.is_some() {
        " <span class=\"badge s-note\">neutralized</span>"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<article class=\"finding\" data-severity=\"{severity}\">\n<p><span class=\"badge s-{severity}\">{severity}</span>{neutralized} {}</p>",
        rules::link(m)
    );
    let message = f.message();
    if here.rules.common(&m.id) != Some(message.detail()) {
        let _ = writeln!(out, "<p>{}</p>", escape_text(message.detail()));
    }
    quote(out, here, f.origin);
    out.push_str("</article>\n");
}

/// `file:line:column`, escaped.
fn position(here: &Here, origin: Origin) -> String {
    let loc = Location::of(&here.result.sources, origin);
    let file = loc
        .file
        .strip_prefix(here.root)
        .and_then(|f| f.strip_prefix('/'))
        .filter(|_| !here.root.is_empty() && here.root != ".")
        .unwrap_or(loc.file);
    escape_text(&format!("{}:{}:{}", file, loc.line, loc.column))
}

/// The source lines of `origin`, numbered, with the position above them.
fn quote(out: &mut String, here: &Here, origin: Origin) {
    let loc = Location::of(&here.result.sources, origin);
    let _ = writeln!(out, "<p class=\"loc\">{}</p>", position(here, origin));
    let file = here.result.sources.get(origin.file);
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
        let _ = writeln!(
            out,
            "{n:>5} | {}",
            escape_text(&crate::report::safe::source(text))
        );
    }
    out.push_str("</code></pre>\n");
}

fn undecided(out: &mut String, here: &Here, s: &Subject) {
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
            "<li>{}: {} <span class=\"loc\">({})</span></li>",
            rules::link(m),
            escape_text(&u.reason),
            position(here, u.origin)
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
            "<li>{} ({}): {} — {}</li>",
            rules::link(m),
            escape_text(&expires),
            escape_text(&x.reason),
            escape_text(&x.finding.message().to_string())
        );
    }
    out.push_str("</ul>\n");
}
