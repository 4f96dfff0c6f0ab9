//! A self-contained HTML report: a summary (pass or fail, counts by severity, the exposure
//! table), then one section per bucket with its verdict, a diagram of the reasons, its findings
//! with the source quoted, undecided checks and suppressed findings. No network: inline CSS and
//! one inline script, allowed by its hash in a strict Content-Security-Policy. Every string from
//! a scanned file goes through [`escape`].

mod assets;
mod bucket;
mod diagram;
mod rules;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{safe, severity_counts};
use crate::exposure::{Exposure, ExposureVerdict};
use crate::finding::{Finding, Undecided};
use crate::scan::ScanResult;
use crate::settings::Settings;
use crate::suppress::Suppressed;

/// Text as a quoted attribute value (or character data): control and bidi characters made
/// visible (`safe::escape`, which also shortens huge runs), then markup and quotes escaped.
pub fn escape(s: &str) -> String {
    escape_markup(s, true)
}

/// Text between tags: there only `&`, `<` and `>` need escaping (quotes matter in attributes,
/// and Terraform's many quotes as `&quot;` made source quotes six bytes each).
pub fn escape_text(s: &str) -> String {
    escape_markup(s, false)
}

fn escape_markup(s: &str, quotes: bool) -> String {
    let s = safe::escape(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The Content-Security-Policy of the page: nothing but its inline style and its one script.
pub fn csp() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src {}; img-src data:; \
         base-uri 'none'; form-action 'none'",
        assets::script_hash()
    )
}

/// What one bucket section shows: its exposure, findings, undecided and suppressed checks.
#[derive(Default)]
struct Subject<'a> {
    exposure: Option<&'a Exposure>,
    findings: Vec<&'a Finding>,
    undecided: Vec<&'a Undecided>,
    suppressed: Vec<&'a Suppressed>,
}

type Subjects<'a> = BTreeMap<(&'a str, &'a str), Subject<'a>>;

/// Everything the scan said, by (root, bucket); subjects that are not scanned buckets (scan-level
/// checks, buckets outside the scan) get a section of their own after the buckets.
fn subjects(result: &ScanResult) -> (Vec<(&str, &str)>, Subjects<'_>) {
    let mut by: Subjects = BTreeMap::new();
    let mut order: Vec<(&str, &str)> = Vec::new();
    for (i, b) in result.buckets.iter().enumerate() {
        let key = (b.root.as_str(), b.address.as_str());
        order.push(key);
        by.entry(key).or_default().exposure = result.exposures.get(i).map(|e| &**e);
    }
    for f in &result.findings {
        by.entry((&f.root, &f.bucket)).or_default().findings.push(f);
    }
    for u in &result.undecided {
        by.entry((&u.root, &u.bucket)).or_default().undecided.push(u);
    }
    for s in &result.suppressed {
        let f = &s.finding;
        by.entry((&f.root, &f.bucket)).or_default().suppressed.push(s);
    }
    let known: std::collections::HashSet<_> = order.iter().copied().collect();
    let extra: Vec<_> = by.keys().filter(|k| !known.contains(*k)).copied().collect();
    order.extend(extra);
    (order, by)
}

pub fn render(result: &ScanResult, settings: &Settings) -> String {
    let mut out = String::with_capacity(64 * 1024);
    head(&mut out);
    out.push_str("<body>\n<header>\n<h1>bucketguard report</h1>\n");
    summary(&mut out, result, settings);
    out.push_str("</header>\n");
    filters(&mut out);
    out.push_str("<main>\n");
    let (order, mut by) = subjects(result);
    let rules = rules::Rules::of(result);
    for (i, key) in order.iter().enumerate() {
        if let Some(s) = by.remove(key) {
            bucket::section(&mut out, result, &rules, i, key, &s);
        }
    }
    if !result.errors.is_empty() {
        input_errors(&mut out, result);
    }
    rules.section(&mut out);
    out.push_str("</main>\n");
    let _ = writeln!(
        out,
        "<footer class=\"muted\"><p>bucketguard {}</p></footer>\n<script>{}</script>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        assets::SCRIPT
    );
    out
}

fn head(out: &mut String) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>bucketguard report</title>\n<style>{}</style>\n</head>\n",
        csp(),
        assets::STYLE
    );
}

/// Pass or fail against `--fail-on`, counts by severity and the exposure table.
fn summary(out: &mut String, result: &ScanResult, settings: &Settings) {
    let failing = settings.fail_on.map(|t| {
        let n = result
            .findings
            .iter()
            .filter(|f| crate::scan::fails(f, t))
            .count();
        (t, n)
    });
    let verdict = match failing {
        Some((t, 0)) => format!(
            "<span class=\"badge pass\" id=\"result\">pass</span> no finding at or above {}",
            t.as_str()
        ),
        Some((t, n)) => format!(
            "<span class=\"badge fail\" id=\"result\">fail</span> {n} finding{} at or above {}",
            plural(n),
            t.as_str()
        ),
        None => "<span class=\"badge\" id=\"result\">no threshold</span> (--fail-on never)".into(),
    };
    let _ = writeln!(
        out,
        "<p>{verdict}. Scanned {} bucket{} in {} input{}: <strong id=\"total\">{}</strong> finding{}, {} undecided, {} suppressed.</p>",
        result.buckets.len(),
        plural(result.buckets.len()),
        result.inputs.len(),
        plural(result.inputs.len()),
        result.findings.len(),
        plural(result.findings.len()),
        result.undecided.len(),
        result.suppressed.len()
    );
    out.push_str("<table id=\"severities\"><caption>Findings by severity</caption>\n<tr><th scope=\"col\">Severity</th><th scope=\"col\">Findings</th></tr>\n");
    for (s, n) in severity_counts(result) {
        let _ = writeln!(
            out,
            "<tr><td><span class=\"badge s-{0}\">{0}</span></td><td class=\"n\">{n}</td></tr>",
            s.as_str()
        );
    }
    out.push_str("</table>\n");
    if result.exposures.is_empty() {
        return;
    }
    out.push_str("<table id=\"exposure\"><caption>Buckets by exposure</caption>\n<tr><th scope=\"col\">Exposure</th><th scope=\"col\">Buckets</th></tr>\n");
    for (v, n) in crate::exposure::summary(&result.exposures) {
        let _ = writeln!(
            out,
            "<tr><td><span class=\"badge v-{0}\">{0}</span></td><td class=\"n\">{n}</td></tr>",
            v.as_str()
        );
    }
    out.push_str("</table>\n");
}

/// The filter form: hidden until the script shows it.
fn filters(out: &mut String) {
    out.push_str("<form id=\"filters\" hidden role=\"search\" aria-label=\"Filter buckets\">\n<fieldset><legend>Severity</legend>");
    for s in ["critical", "high", "medium", "low"] {
        let _ = write!(
            out,
            " <label><input type=\"checkbox\" name=\"severity\" value=\"{s}\" checked> {s}</label>"
        );
    }
    out.push_str("</fieldset>\n<fieldset><legend>Exposure</legend>");
    for v in ExposureVerdict::ALL.iter().map(|v| v.as_str()).chain(["none"]) {
        let _ = write!(
            out,
            " <label><input type=\"checkbox\" name=\"verdict\" value=\"{v}\" checked> {v}</label>"
        );
    }
    out.push_str("</fieldset>\n<label>Search <input type=\"search\" id=\"q\"></label>\n</form>\n");
}

fn input_errors(out: &mut String, result: &ScanResult) {
    let _ = writeln!(
        out,
        "<section id=\"input-errors\" aria-labelledby=\"input-errors-h\">\n<h2 id=\"input-errors-h\">Input errors</h2>\n<p>{} input error{}: the scan is incomplete.</p>\n<ul>",
        result.errors.len(),
        plural(result.errors.len())
    );
    for e in &result.errors {
        let at = format!("{}{}", e.path, e.line_col());
        let _ = writeln!(
            out,
            "<li><code>{}</code>: {}</li>",
            escape(&at),
            escape(&e.message)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
