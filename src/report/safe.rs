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

/// The bidi control whose UTF-8 encoding continues a `0xE2` lead byte with `b1 b2`, if any.
fn bidi_after_e2(b1: u8, b2: u8) -> Option<u32> {
    matches!((b1, b2), (0x80, 0xAA..=0xAE) | (0x81, 0xA6..=0xA9))
        .then(|| 0x2000 | ((b1 as u32 & 0x3F) << 6) | (b2 as u32 & 0x3F))
}

/// How many bidi controls a (UTF-8) buffer holds: each grows 3 bytes when [`JsonBidi`] escapes it.
pub fn bidi_count(buf: &[u8]) -> usize {
    memchr::memchr_iter(0xE2, buf)
        .filter(|&i| i + 2 < buf.len() && bidi_after_e2(buf[i + 1], buf[i + 2]).is_some())
        .count()
}

/// Writes JSON with each bidi control (U+202A–U+202E, U+2066–U+2069) as a `\uXXXX` escape, so a
/// viewer of the JSON or SARIF file does not reorder it (Trojan Source). JSON has non-ASCII text
/// only inside strings, where the escape means the same character: the document is unchanged.
pub struct JsonBidi<W: std::io::Write> {
    inner: W,
    /// The start of a character split across two writes.
    pending: Vec<u8>,
}

impl<W: std::io::Write> JsonBidi<W> {
    pub fn new(inner: W) -> Self {
        JsonBidi {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for JsonBidi<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let joined: Cow<[u8]> = if self.pending.is_empty() {
            Cow::Borrowed(buf)
        } else {
            let mut v = std::mem::take(&mut self.pending);
            v.extend_from_slice(buf);
            Cow::Owned(v)
        };
        let n = joined.len();
        let held = match joined.as_ref() {
            [.., 0xE2] => 1,
            [.., 0xE2, 0x80 | 0x81] => 2,
            _ => 0,
        };
        let (body, tail) = joined.split_at(n - held);
        let mut start = 0;
        for i in memchr::memchr_iter(0xE2, body) {
            if let Some(c) = body.get(i + 1..i + 3).and_then(|b| bidi_after_e2(b[0], b[1])) {
                self.inner.write_all(&body[start..i])?;
                write!(self.inner, "\\u{c:04x}")?;
                start = i + 3;
            }
        }
        self.inner.write_all(&body[start..])?;
        self.pending.extend_from_slice(tail);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        self.inner.write_all(&pending)?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bidi_controls_are_escaped_across_writes() {
        let s = "{\"a\":\"x\u{202a}\u{202e}y\u{2066}\u{2069}é\u{2067}日\"}";
        let want = "{\"a\":\"x\\u202a\\u202ey\\u2066\\u2069é\\u2067日\"}";
        for split in 0..=s.len() {
            let mut out = Vec::new();
            let mut w = JsonBidi::new(&mut out);
            std::io::Write::write_all(&mut w, &s.as_bytes()[..split]).unwrap();
            std::io::Write::write_all(&mut w, &s.as_bytes()[split..]).unwrap();
            std::io::Write::flush(&mut w).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want, "split at {split}");
        }
        assert_eq!(bidi_count(s.as_bytes()), 5);
        let parsed: serde_json::Value = serde_json::from_str(want).unwrap();
        assert_eq!(parsed["a"], "x\u{202a}\u{202e}y\u{2066}\u{2069}é\u{2067}日");
    }

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
