//! Encoding functions: base64 (of UTF-8 and of a few other text encodings), URL query
//! escaping, CSV decoding.

use super::{R, s, strv};
use crate::eval::go_json::go_quote;
use crate::model::Reason;
use crate::model::node::Map;
use crate::model::{Node, Origin, Val, partial};

pub fn call(name: &str, a: &[Node], at: Origin) -> Option<R> {
    let arg = |i: usize| -> Result<String, Reason> {
        s(a.get(i)
            .ok_or(Reason::from(format!("{name}() needs {} argument(s)", i + 1)))?)
    };
    Some(match name {
        "jsonencode" => a
            .first()
            .map(jsonencode)
            .ok_or_else(|| Reason::from(format!("{name}() needs 1 argument(s)"))),
        "jsondecode" => arg(0).and_then(|x| {
            let v: serde_json::Value =
                serde_json::from_str(&x).map_err(|e| Reason::from(format!("jsondecode(): {e}")))?;
            Ok(Node::from_json(&v, at).val)
        }),
        "base64encode" => arg(0).map(|x| Val::Str(base64(x.as_bytes()).into())),
        "base64decode" => arg(0).and_then(|x| {
            let bytes = unbase64(&x)?;
            String::from_utf8(bytes)
                .map(|s| Val::Str(s.into()))
                .map_err(|_| "base64decode(): the result is not valid UTF-8".into())
        }),
        "textencodebase64" => {
            arg(1).and_then(|enc| Ok(Val::Str(base64(&encode_text(&arg(0)?, &enc)?).into())))
        }
        "textdecodebase64" => {
            arg(1).and_then(|enc| Ok(Val::Str(decode_text(&unbase64(&arg(0)?)?, &enc)?.into())))
        }
        "urlencode" => arg(0).map(|x| Val::Str(urlencode(&x).into())),
        "csvdecode" => arg(0).and_then(|x| csvdecode(&x, at)),
        // The bytes are those of Go's compress/flate at its default level (with a sync flush),
        // which no Rust deflate reproduces: a different but valid gzip would be a wrong value.
        "base64gzip" => Err(Reason::not_known(
            "base64gzip() is not supported: its value is the exact gzip bytes of Go's compressor",
        )),
        _ => return None,
    })
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Whether Go's base64.StdEncoding decodes it (line breaks are skipped).
pub fn is_base64(x: &str) -> bool {
    unbase64(&x.replace(['\r', '\n'], "")).is_ok()
}

fn unbase64(x: &str) -> Result<Vec<u8>, Reason> {
    let bad = || format!("base64decode(): \"{x}\" is not valid base64");
    let body = x.trim_end_matches('=');
    if !x.len().is_multiple_of(4) || x.len() - body.len() > 2 {
        return Err(bad().into());
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in body.bytes() {
        let v = B64.iter().position(|&b| b == c).ok_or_else(bad)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

fn encode_text(x: &str, enc: &str) -> Result<Vec<u8>, Reason> {
    let utf16 = |be: bool| -> Vec<u8> {
        x.encode_utf16()
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    };
    Ok(match enc.to_ascii_uppercase().as_str() {
        "UTF-8" | "UTF8" => x.as_bytes().to_vec(),
        "UTF-16LE" => utf16(false),
        "UTF-16BE" => utf16(true),
        // With a byte order mark, big-endian.
        "UTF-16" => [vec![0xfe, 0xff], utf16(true)].concat(),
        "ISO-8859-1" | "LATIN1" => x
            .chars()
            .map(|c| {
                u8::try_from(u32::from(c)).map_err(|_| Reason::from(format!("\"{c}\" is not in ISO-8859-1")))
            })
            .collect::<Result<_, _>>()?,
        other => {
            return Err(Reason::not_known(format!(
                "textencodebase64(): encoding \"{other}\" is not supported"
            )));
        }
    })
}

fn decode_text(b: &[u8], enc: &str) -> Result<String, Reason> {
    let utf16 = |b: &[u8], be: bool| -> Result<String, Reason> {
        let units = b.chunks(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])
            } else {
                u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.map_err(|_| Reason::from("textdecodebase64(): invalid UTF-16")))
            .collect()
    };
    match enc.to_ascii_uppercase().as_str() {
        "UTF-8" | "UTF8" => {
            String::from_utf8(b.to_vec()).map_err(|_| "textdecodebase64(): invalid UTF-8".into())
        }
        "UTF-16LE" => utf16(b, false),
        "UTF-16BE" => utf16(b, true),
        "UTF-16" => match b {
            [0xff, 0xfe, rest @ ..] => utf16(rest, false),
            [0xfe, 0xff, rest @ ..] => utf16(rest, true),
            _ => utf16(b, true),
        },
        "ISO-8859-1" | "LATIN1" => Ok(b.iter().map(|&c| char::from(c)).collect()),
        other => Err(Reason::not_known(format!(
            "textdecodebase64(): encoding \"{other}\" is not supported"
        ))),
    }
}

/// Go's url.QueryEscape: space as `+`, unreserved characters kept, the rest `%XX`.
fn urlencode(x: &str) -> String {
    let mut out = String::new();
    for b in x.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// CSV (RFC 4180) with a header row: a list of maps from header to field, all strings.
fn csvdecode(x: &str, at: Origin) -> R {
    let rows = csv_rows(x)?;
    let Some((header, rest)) = rows.split_first() else {
        return Ok(Val::List(Vec::new()));
    };
    let mut out = Vec::new();
    for (i, row) in rest.iter().enumerate() {
        if row.len() != header.len() {
            return Err(format!(
                "csvdecode(): record {} has {} fields, not {}",
                i + 2,
                row.len(),
                header.len()
            )
            .into());
        }
        let m: Map = header
            .iter()
            .cloned()
            .zip(row.iter().map(|f| strv(f.clone(), at)))
            .collect();
        out.push(Node::new(Val::Map(m), at));
    }
    Ok(Val::List(out))
}

fn csv_rows(x: &str) -> Result<Vec<Vec<String>>, Reason> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let (mut quoted, mut was_quoted) = (false, false);
    let mut chars = x.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() && !was_quoted => (quoted, was_quoted) = (true, true),
            (false, '"') => return Err("csvdecode(): a bare \" in a non-quoted field".into()),
            (false, ',') => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
                // Empty lines are skipped.
                if row.len() > 1 || !row[0].is_empty() {
                    rows.push(std::mem::take(&mut row));
                } else {
                    row.clear();
                }
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("csvdecode(): a quoted field is not closed".into());
    }
    if !field.is_empty() || !row.is_empty() || was_quoted {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// `jsonencode()`: unknown leaves are holes in the text, the rest of the document stays known.
fn jsonencode(v: &Node) -> Val {
    let mut out = String::new();
    match v.hole_reason() {
        Some(reason) => {
            json_encode_with(v, true, &mut out);
            Val::partial(out, reason)
        }
        None => {
            json_encode(v, &mut out);
            Val::Str(out.into())
        }
    }
}

/// Terraform's jsonencode: compact, keys sorted, `<`, `>`, `&` and U+2028/9 escaped.
pub fn json_encode(n: &Node, out: &mut String) {
    json_encode_with(n, false, out)
}

/// `holes`: the text is partial, so known strings are sanitized (they must not forge holes).
fn json_encode_with(n: &Node, holes: bool, out: &mut String) {
    let quote = |s: &str, out: &mut String| {
        if holes {
            go_quote(&partial::sanitize(s), out)
        } else {
            go_quote(s, out)
        }
    };
    match &n.val {
        Val::Null => out.push_str("null"),
        // A hole for an unknown; a partly known string keeps its known text (as a string: an
        // unknown that is not a string still reads as a hole).
        Val::Unknown(_) => go_quote(&partial::hole_text(partial::Sym::Opaque), out),
        Val::Partial(p) => go_quote(&p.text, out),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Number(x) if x.fract() == 0.0 && x.abs() < 1e21 => out.push_str(&format!("{x:.0}")),
        Val::Number(x) => out.push_str(&crate::model::node::number_to_json(*x).to_string()),
        Val::Str(s) => quote(s, out),
        Val::List(l) => {
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_encode_with(x, holes, out);
            }
            out.push(']');
        }
        Val::Map(m) => {
            out.push('{');
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quote(k, out);
                out.push(':');
                json_encode_with(v, holes, out);
            }
            out.push('}');
        }
    }
}

/// A JSON value decoded from a text with holes: strings with holes are partly known strings, and
/// a string that is only an unknown hole was any value (jsonencode writes an unknown so).
pub(super) fn decode_holes(v: &serde_json::Value, reason: &Reason, at: Origin) -> Node {
    use serde_json::Value as J;
    let val = match v {
        J::String(s) if s.chars().count() == 1 && s.starts_with(partial::Sym::Opaque.hole()) => {
            Val::Unknown(reason.clone())
        }
        J::String(s) if partial::has_holes(s) => Val::partial(s.clone(), reason),
        J::Array(a) => Val::List(a.iter().map(|x| decode_holes(x, reason, at)).collect()),
        J::Object(o) if o.keys().any(|k| partial::has_holes(k)) => Val::Unknown(reason.clone()),
        J::Object(o) => Val::Map(
            o.iter()
                .map(|(k, x)| (k.clone(), decode_holes(x, reason, at)))
                .collect(),
        ),
        other => return Node::from_json(other, at),
    };
    Node::new(val, at)
}
