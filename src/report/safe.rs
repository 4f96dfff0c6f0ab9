//! Making text from scanned files safe to print: a terminal must not execute escape sequences
//! and bidi overrides must not reorder what a reviewer reads (Trojan Source).

use std::borrow::Cow;

/// C0 controls except `\n` and `\t`, DEL, C1 controls, and the bidi embeddings, overrides and
/// isolates.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Escape unsafe characters as `\u{1b}`; keeps line breaks and tabs (for messages).
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_if(s, is_unsafe)
}

/// Like [`escape`], and also escapes `\n` and `\t`: for values that must stay on one line
/// (addresses, paths, names).
pub fn escape_line(s: &str) -> Cow<'_, str> {
    escape_if(s, |c| is_unsafe(c) || c == '\n' || c == '\t')
}

/// A run of text without whitespace (or of whitespace) longer than this many bytes, from a
/// scanned file, is shortened in human-readable reports: a 200 MB bucket name must not become a
/// 200 MB terminal line, annotation or step summary (which GitHub caps at 1 MiB).
pub const MAX_RUN: usize = 256;

/// `s` with each run longer than [`MAX_RUN`] bytes cut to its first `MAX_RUN` bytes (at a
/// character boundary) followed by `…(N bytes)`, N the run's whole length.
pub fn shorten(s: &str) -> Cow<'_, str> {
    let runs = || {
        s.split(char::is_whitespace)
            .chain(s.split(|c: char| !c.is_whitespace()))
    };
    if s.len() <= MAX_RUN || runs().all(|r| r.len() <= MAX_RUN) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(8 * MAX_RUN));
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let space = c.is_whitespace();
        let end = rest
            .find(|c: char| c.is_whitespace() != space)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        if run.len() <= MAX_RUN {
            out.push_str(run);
        } else {
            let mut cut = MAX_RUN;
            while !run.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&run[..cut]);
            out.push_str(&format!("…({} bytes)", run.len()));
        }
        rest = tail;
    }
    Cow::Owned(out)
}

/// [`shorten`], then `bad` characters escaped.
/// [`escape_line`] without shortening: for file paths, which a reader (or GitHub placing an
/// annotation) needs whole, and which the file system bounds.
pub fn escape_path(s: &str) -> Cow<'_, str> {
    escape_chars(s, |c| is_unsafe(c) || c == '\n' || c == '\t')
}

fn escape_if(s: &str, bad: impl Fn(char) -> bool) -> Cow<'_, str> {
    match shorten(s) {
        Cow::Borrowed(b) => escape_chars(b, bad),
        Cow::Owned(o) => Cow::Owned(escape_chars(&o, bad).into_owned()),
    }
}

fn escape_chars(s: &str, bad: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Source text for snippets: each unsafe character becomes a visible replacement of the same
/// UTF-8 length, so byte spans into the original stay valid. A `\r` of a `\r\n` line break stays.
pub fn source(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if is_unsafe(c) {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '\u{bf}',   // ¿
                _ => '\u{fffd}', // 3 bytes, like every unsafe character above U+07FF
            });
        } else {
            out.push(c);
        }
    }
    debug_assert_eq!(out.len(), s.len());
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(escape("a\u{1b}[31mb\u{202e}c\n"), "a\\u{1b}[31mb\\u{202e}c\n");
        assert_eq!(escape_line("a\nb\tc\u{85}"), "a\\u{a}b\\u{9}c\\u{85}");
        assert!(matches!(escape("plain – text ü"), Cow::Borrowed(_)));
    }

    #[test]
    fn long_runs_are_shortened_with_their_length() {
        let long = "é".repeat(300);
        let s = format!("bucket {long} is public");
        let out = escape(&s);
        assert!(out.starts_with("bucket é"));
        assert!(out.ends_with("…(600 bytes) is public"), "{out}");
        assert!(out.len() < 300, "{}", out.len());
        assert!(matches!(shorten("short words only"), Cow::Borrowed(_)));
    }

    #[test]
    fn source_keeps_byte_offsets() {
        let s = "x\u{1b}[2J\u{9b}y\u{202e}z\u{2066}\r\nnext\rline\u{7f}\t";
        let out = source(s);
        assert_eq!(out.len(), s.len());
        assert_eq!(out, "x?[2J\u{bf}y\u{fffd}z\u{fffd}\r\nnext?line?\t");
        assert_eq!(out.chars().filter(|&c| is_unsafe(c)).collect::<String>(), "\r");
        for (i, _) in s.char_indices() {
            assert!(out.is_char_boundary(i), "offset {i} no longer a boundary");
        }
    }
}
