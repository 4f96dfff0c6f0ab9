//! A bucket's reasons as an SVG: one box per grant, statement, access point or setting, an arrow
//! to the bucket. An effective arrow is solid red; a neutralized or rejected one is cut by a bar
//! labelled with what stops it; an unknown one is dotted.

use std::fmt::Write as _;

use super::escape;
use crate::exposure::{Effectiveness, Exposure};

/// Boxes drawn at most (the list under the diagram has every reason).
const MAX_BOXES: usize = 12;
/// Characters of a label shown in its box (the full text is its tooltip and in the list).
const LABEL_CHARS: usize = 70;
const ROW: usize = 34;

pub(super) fn svg(out: &mut String, e: &Exposure) {
    let shown = &e.reasons[..e.reasons.len().min(MAX_BOXES)];
    let height = ROW * shown.len().max(1) + 8;
    let _ = writeln!(
        out,
        "<svg class=\"diagram\" viewBox=\"0 0 900 {height}\" width=\"900\" height=\"{height}\" role=\"img\" aria-label=\"{} reason{} for this verdict, listed below\">",
        e.reasons.len(),
        if e.reasons.len() == 1 { "" } else { "s" }
    );
    let mid = height / 2;
    let _ = writeln!(
        out,
        "<rect x=\"720\" y=\"{}\" width=\"170\" height=\"28\" rx=\"4\" fill=\"#fff\" stroke=\"#1b1f23\"/><text x=\"805\" y=\"{}\" text-anchor=\"middle\">bucket: {}</text>",
        mid - 14,
        mid + 4,
        escape(e.verdict.as_str())
    );
    for (i, r) in shown.iter().enumerate() {
        let y = 4 + i * ROW;
        let text = crate::exposure::describe(r);
        let label: String = text.chars().take(LABEL_CHARS).collect();
        let more = if label.len() < text.len() { "…" } else { "" };
        let (stroke, dash, block) = match &r.effect {
            Effectiveness::Effective => ("#a4161a", "", None),
            Effectiveness::Neutralized(why) => ("#4a5560", "6 4", Some(("blocked", why))),
            Effectiveness::Rejected(why) => ("#4a5560", "6 4", Some(("rejected", why))),
            Effectiveness::Unknown(_) => ("#5a3e8e", "2 3", None),
        };
        let _ = writeln!(
            out,
            "<g><title>{}</title><rect x=\"4\" y=\"{y}\" width=\"560\" height=\"26\" rx=\"4\" fill=\"#f4f6f8\" stroke=\"{stroke}\"/><text x=\"10\" y=\"{}\">{}{more}</text>\
             <line x1=\"564\" y1=\"{}\" x2=\"716\" y2=\"{mid}\" stroke=\"{stroke}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\"/></g>",
            escape(&text),
            y + 17,
            escape(&label),
            y + 13
        );
        if let Some((word, why)) = block {
            let by = (y + 13 + mid) / 2;
            let _ = writeln!(
                out,
                "<g><title>{word}: {}</title><rect x=\"630\" y=\"{}\" width=\"8\" height=\"24\" fill=\"#1a6b34\"/><text x=\"642\" y=\"{}\" stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\">{word}</text></g>",
                escape(why),
                by.saturating_sub(12),
                by + 4
            );
        }
    }
    out.push_str("</svg>\n");
}
