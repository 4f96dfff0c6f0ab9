//! Go's `encoding/json` text conventions, which both Terraform's `jsonencode` and the AWS
//! provider's policy rendering follow: the functions and the policy document renderer share them.

/// Go's `encoding/json` string escaping (HTML-safe), which both Terraform's `jsonencode` and the
/// AWS provider's policy rendering use.
pub fn go_quote(s: &str, out: &mut String) {
    out.push('"');
    let mut rest = s;
    let escaped = |c: char| c < ' ' || matches!(c, '"' | '\\' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}');
    // What needs no escape is copied a run at a time.
    while let Some(i) = rest.find(escaped) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or_default();
        rest = &rest[i + c.len_utf8()..];
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str(rest);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_quote_escapes_as_go() {
        let mut out = String::new();
        go_quote("a\"b\\c\n\u{1}<é>&\u{2028}x\u{2029}", &mut out);
        assert_eq!(out, r#""a\"b\\c\n\u0001\u003cé\u003e\u0026\u2028x\u2029""#);
        out.clear();
        go_quote("", &mut out);
        assert_eq!(out, "\"\"");
    }
}
