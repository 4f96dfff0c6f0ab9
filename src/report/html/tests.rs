use super::*;
use crate::exposure::{Effectiveness, Exposure, ExposureVerdict, Level, Reason};
use crate::report::testutil::{Builder, sample, settings};
use std::sync::Arc;

/// Every `src="…"` and `href="…"` value in `html`.
fn urls(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            out.push(&rest[..rest.find('"').unwrap_or(rest.len())]);
        }
    }
    out
}

const HOSTILE: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>\u{202e}evil\u{1b}[2J'";

fn hostile() -> ScanResult {
    let mut b = Builder::new();
    let text = format!("resource \"aws_s3_bucket\" \"x\" {{\n  bucket = \"{HOSTILE}\"\n}}\n");
    let f = b.file(&format!("dir{HOSTILE}.tf"), &text);
    let o = b.at(f, "bucket =");
    let address = format!("aws_s3_bucket.x[\"{HOSTILE}\"]");
    b.bucket(&address, HOSTILE, Some(HOSTILE), o);
    b.finding(
        &address,
        HOSTILE,
        &format!("{address}: value {HOSTILE}"),
        o,
        Vec::new(),
    );
    let finding = b.result.findings[0].clone();
    b.result.suppressed.push(crate::suppress::Suppressed {
        finding,
        reason: format!("accepted {HOSTILE}"),
        expires: Some(crate::suppress::Date {
            year: 2027,
            month: 1,
            day: 31,
        }),
        location: crate::suppress::SuppressionLocation {
            file: HOSTILE.into(),
            line: 1,
        },
        in_source: false,
    });
    b.result.exposures.push(Arc::new(Exposure {
        bucket: address.clone(),
        root: HOSTILE.into(),
        verdict: ExposureVerdict::Known(Level::PublicRead),
        reasons: vec![
            Reason {
                message: format!("grant {HOSTILE}"),
                origin: o,
                level: Some(Level::PublicRead),
                effect: Effectiveness::Effective,
            },
            Reason {
                message: "statement".into(),
                origin: o,
                level: Some(Level::PublicWrite),
                effect: Effectiveness::Neutralized(HOSTILE.into()),
            },
        ],
    }));
    b.result
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let html = render(&hostile(), &settings());
    assert_eq!(html.matches("<script").count(), 1, "only our script");
    assert!(!html.contains("<img"), "an element from the input");
    assert!(
        !html.contains("\"><img"),
        "an attribute value closed by the input"
    );
    assert!(
        !html.contains('\u{202e}') && !html.contains('\u{1b}'),
        "bidi or ESC survived"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"),
        "shown as text"
    );
    assert!(html.contains("\\u{202e}evil"));
    assert!(
        html.contains("(expires 2027-01-31): accepted &lt;script&gt;"),
        "suppressed with reason and expiry"
    );
    assert_eq!(escape("a\"b'<c>&"), "a&quot;b&#39;&lt;c&gt;&amp;");
}

#[test]
fn csp_allows_only_the_inline_script_by_hash() {
    let html = render(&sample(), &settings());
    let csp = csp();
    assert!(html.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"
    )));
    assert!(csp.starts_with("default-src 'none';"));
    assert!(csp.contains("script-src 'sha256-") && csp.contains("img-src data:"));
    assert!(
        html.contains(&format!("<script>{}</script>", assets::SCRIPT)),
        "the hashed text is the script as written"
    );
}

#[test]
fn no_url_but_rule_docs_and_anchors() {
    let html = render(&hostile(), &settings());
    let docs = crate::report::rule_doc_url(&crate::policy::all()[0].meta);
    let prefix = &docs[..docs.rfind('/').unwrap_or(0)];
    assert!(!html.contains(" src=\""), "nothing is loaded");
    for url in urls(&html) {
        // In-page links go to an element of the page: the rules' entries.
        if let Some(id) = url.strip_prefix('#') {
            assert!(html.contains(&format!(" id=\"{id}\"")), "no target for {url}");
            continue;
        }
        assert!(url.starts_with(prefix), "external URL {url}");
    }
    assert!(!html.contains("@import") && !html.contains("url("));
}

#[test]
fn one_section_per_bucket_with_its_findings() {
    let r = sample();
    let html = render(&r, &settings());
    assert_eq!(html.matches("<section class=\"bucket\"").count(), r.buckets.len());
    assert_eq!(
        html.matches("<article class=\"finding\"").count(),
        r.findings.len()
    );
    assert!(
        html.contains("<span class=\"badge fail\" id=\"result\">fail</span>"),
        "sample fails"
    );
    assert!(html.contains("Input errors"));
    assert!(
        html.contains("<form id=\"filters\" hidden"),
        "filters only with the script"
    );
}

// Each rule is described once, after the buckets; a finding links there and repeats the rule's
// common message only when it says something else.
#[test]
fn rules_are_described_once_and_findings_link_to_them() {
    let r = sample();
    let html = render(&r, &settings());
    let rules = &html[html.find("<section id=\"rules\"").expect("a rules section")..];
    for f in &r.findings {
        let id = &f.policy.meta.id;
        assert_eq!(
            rules.matches(&format!("<dt id=\"rule-{id}\">")).count(),
            1,
            "{id}"
        );
        assert!(html.contains(&format!("<a href=\"#rule-{id}\">")), "{id}");
    }
    assert!(rules.contains(&crate::report::rule_doc_url(&r.findings[0].policy.meta)));
}

#[test]
fn diagram_draws_neutralized_reasons_as_blocked() {
    let html = render(&hostile(), &settings());
    assert_eq!(html.matches("<svg class=\"diagram\"").count(), 1);
    assert!(html.contains(">blocked</text>"));
    assert!(html.contains("<li class=\"neutralized\">statement — neutralized: "));
}

#[test]
fn main_of_the_sample() {
    let html = render(&sample(), &settings());
    let start = html.find("<main>").unwrap_or(0);
    let end = html.find("</main>").map_or(html.len(), |e| e + 7);
    insta::assert_snapshot!(&html[start..end]);
}

// Between tags quotes are text; in attributes they would end the value.
#[test]
fn text_keeps_quotes_attributes_escape_them() {
    let s = r#"<b a="1">'x' & y</b>"#;
    assert_eq!(super::escape_text(s), r#"&lt;b a="1"&gt;'x' &amp; y&lt;/b&gt;"#);
    assert_eq!(
        super::escape(s),
        "&lt;b a=&quot;1&quot;&gt;&#39;x&#39; &amp; y&lt;/b&gt;"
    );
}
