//! The rules the report names, once each, after the buckets: severity, title, the link to the
//! rule's documentation, and the message most of its findings share. A finding links here
//! and does not repeat that message (findings are mostly the same few messages: on the medium
//! benchmark corpus this halves the report).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::escape;
use crate::policy::PolicyMeta;
use crate::report::rule_doc_url;
use crate::scan::ScanResult;

pub(super) struct Rules<'a> {
    /// By id: the metadata and the message two or more findings share most (ties: the first
    /// in text order), if any.
    by_id: BTreeMap<&'a str, (&'a PolicyMeta, Option<&'a str>)>,
}

impl<'a> Rules<'a> {
    pub fn of(result: &'a ScanResult) -> Rules<'a> {
        let mut counts: BTreeMap<&str, (&PolicyMeta, BTreeMap<&str, usize>)> = BTreeMap::new();
        let named = result
            .undecided
            .iter()
            .map(|u| u.policy)
            .chain(result.suppressed.iter().map(|s| s.finding.policy));
        for p in named {
            counts.entry(&p.meta.id).or_insert((&p.meta, BTreeMap::new()));
        }
        for f in &result.findings {
            let entry = counts
                .entry(&f.policy.meta.id)
                .or_insert((&f.policy.meta, BTreeMap::new()));
            *entry.1.entry(f.message().detail()).or_default() += 1;
        }
        let by_id = counts
            .into_iter()
            .map(|(id, (meta, messages))| {
                let common = messages
                    .into_iter()
                    .filter(|(_, n)| *n >= 2)
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                    .map(|(m, _)| m);
                (id, (meta, common))
            })
            .collect();
        Rules { by_id }
    }

    /// The message a finding of `id` need not repeat.
    pub fn common(&self, id: &str) -> Option<&'a str> {
        self.by_id.get(id).and_then(|(_, m)| *m)
    }

    pub fn section(&self, out: &mut String) {
        if self.by_id.is_empty() {
            return;
        }
        out.push_str(
            "<section id=\"rules\" aria-labelledby=\"rules-h\">\n<h2 id=\"rules-h\">Rules</h2>\n<dl>\n",
        );
        for (id, (m, common)) in &self.by_id {
            let severity = m.severity.as_str();
            let _ = writeln!(
                out,
                "<dt id=\"rule-{}\"><span class=\"badge s-{severity}\">{severity}</span> <a href=\"{}\">{} {}</a>: {}</dt>",
                escape(id),
                escape(&rule_doc_url(m)),
                escape(id),
                escape(&m.slug),
                escape(&m.title)
            );
            if let Some(message) = common {
                let _ = writeln!(
                    out,
                    "<dd><p>Its findings say, unless they say otherwise: {}</p></dd>",
                    escape(message)
                );
            }
        }
        out.push_str("</dl>\n</section>\n");
    }
}

/// A link to the rule's entry: `ID slug`.
pub(super) fn link(m: &PolicyMeta) -> String {
    format!(
        "<a href=\"#rule-{}\">{} {}</a>",
        escape(&m.id),
        escape(&m.id),
        escape(&m.slug)
    )
}
