//! yamlencode: Terraform's output (go-cty-yaml over go-yaml's emitter). Block style, keys and
//! strings double-quoted, strings with a line break as literal blocks where the emitter allows
//! them, long strings folded at a space past 80 columns, a plain scalar document closed by
//! `...`. Where go-yaml would use the `? ` form for a key, or a number is beyond f64's exact
//! range, the result is not known rather than guessed.

use crate::model::Reason;
use crate::model::node::Map;
use crate::model::{Node, Val};

/// go-yaml's preferred line width: a double-quoted value folds at a space past it.
const BEST_WIDTH: usize = 80;
/// go-yaml writes a longer key in the `? key` form.
const SIMPLE_KEY_MAX: usize = 128;

pub fn encode(n: &Node) -> Result<String, Reason> {
    let mut out = String::new();
    match &n.val {
        Val::Map(m) if !m.is_empty() => map(m, 0, false, &mut out)?,
        Val::List(l) if !l.is_empty() => seq(l, 0, false, &mut out)?,
        _ => {
            if scalar(n, 0, &mut out)? {
                // An open-ended plain scalar document gets an explicit end.
                out.push_str("\n...");
            }
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

fn not_exact(what: &str) -> Reason {
    Reason::not_known(format!("yamlencode(): {what}; the exact text is not evaluated"))
}

/// Starts an entry of a block at `indent`, unless it goes on the line already begun (`- `).
fn entry(indent: usize, inline: bool, out: &mut String) {
    if inline {
        return;
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.extend(std::iter::repeat_n(' ', indent));
}

fn map(m: &Map, indent: usize, inline: bool, out: &mut String) -> Result<(), Reason> {
    for (i, (k, v)) in m.iter().enumerate() {
        entry(indent, inline && i == 0, out);
        key(k, out)?;
        out.push(':');
        match &v.val {
            Val::Map(vm) if !vm.is_empty() => map(vm, indent + 2, false, out)?,
            // A sequence in a mapping is not indented further.
            Val::List(vl) if !vl.is_empty() => seq(vl, indent, false, out)?,
            _ => {
                out.push(' ');
                scalar(v, indent, out)?;
            }
        }
    }
    Ok(())
}

fn seq(l: &[Node], indent: usize, inline: bool, out: &mut String) -> Result<(), Reason> {
    for (i, v) in l.iter().enumerate() {
        entry(indent, inline && i == 0, out);
        out.push_str("- ");
        match &v.val {
            Val::Map(vm) if !vm.is_empty() => map(vm, indent + 2, true, out)?,
            Val::List(vl) if !vl.is_empty() => seq(vl, indent + 2, true, out)?,
            _ => {
                scalar(v, indent, out)?;
            }
        }
    }
    Ok(())
}

fn key(k: &str, out: &mut String) -> Result<(), Reason> {
    if k.len() > SIMPLE_KEY_MAX || k.chars().any(is_break) {
        return Err(not_exact(
            "a long or multi-line key is written in the `? key` form",
        ));
    }
    quoted(k, None, out);
    Ok(())
}

/// A scalar or empty collection in a block at `indent`; true when written plain.
fn scalar(n: &Node, indent: usize, out: &mut String) -> Result<bool, Reason> {
    match &n.val {
        Val::Null => out.push_str("null"),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Number(x) => out.push_str(&number(*x)?),
        Val::Str(s) if s.contains('\n') && literal_allowed(s)? => {
            literal(s, indent + 2, out);
            return Ok(false);
        }
        Val::Str(s) => {
            quoted(s, Some(indent + 2), out);
            return Ok(false);
        }
        Val::Map(_) => out.push_str("{}"),
        Val::List(_) => out.push_str("[]"),
        Val::Unknown(r) => return Err(r.clone()),
        Val::Partial(p) => return Err(p.reason.clone()),
    }
    Ok(!matches!(n.val, Val::Map(_) | Val::List(_)))
}

/// cty writes a number in full decimal, never with an exponent.
fn number(x: f64) -> Result<String, Reason> {
    if !x.is_finite() || (x.fract() == 0.0 && x.abs() >= 9_007_199_254_740_992.0) {
        return Err(not_exact("a number beyond f64's exact integers"));
    }
    Ok(format!("{x}"))
}

/// go-yaml's printable characters (4-byte UTF-8 is not among them).
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}') && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether the emitter keeps the literal style cty asks for a string with a line break.
fn literal_allowed(s: &str) -> Result<bool, Reason> {
    if s.contains(['\u{2028}', '\u{2029}']) {
        return Err(not_exact("a multi-line string with U+2028 or U+2029"));
    }
    let special = s.chars().any(|c| !printable(c));
    Ok(!special && !s.ends_with(' ') && !s.contains(" \n"))
}

/// A `|` block: an indentation indicator when it starts with a space or a break, `-` without a
/// final break, `+` for more than one.
fn literal(s: &str, indent: usize, out: &mut String) {
    out.push('|');
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    if !s.ends_with('\n') {
        out.push('-');
    } else if s == "\n" || s.ends_with("\n\n") {
        out.push('+');
    }
    out.push('\n');
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// A double-quoted string with go-yaml's escapes. A value (`fold` is the indent of its
/// continuation lines; a key never folds) breaks at a space past the line width, the space
/// dropped, and a `\` keeps a following space.
fn quoted(s: &str, fold: Option<usize>, out: &mut String) {
    let mut column = out[out.rfind('\n').map_or(0, |i| i + 1)..].chars().count();
    out.push('"');
    column += 1;
    let chars: Vec<char> = s.chars().collect();
    let mut after_space = false;
    for (i, &c) in chars.iter().enumerate() {
        let start = out.len();
        if !printable(c) || is_break(c) || c == '"' || c == '\\' {
            escape(c, out);
            after_space = false;
        } else if c == ' ' {
            match fold {
                Some(indent) if !after_space && column > BEST_WIDTH && i != 0 && i + 1 != chars.len() => {
                    out.push('\n');
                    out.extend(std::iter::repeat_n(' ', indent));
                    column = indent;
                    if chars[i + 1] == ' ' {
                        out.push('\\');
                        column += 1;
                    }
                    after_space = true;
                    continue;
                }
                _ => out.push(' '),
            }
            after_space = true;
        } else {
            out.push(c);
            after_space = false;
        }
        column += out[start..].chars().count();
    }
    out.push('"');
}

fn escape(c: char, out: &mut String) {
    let short = match c {
        '\0' => '0',
        '\u{7}' => 'a',
        '\u{8}' => 'b',
        '\t' => 't',
        '\n' => 'n',
        '\u{b}' => 'v',
        '\u{c}' => 'f',
        '\r' => 'r',
        '\u{1b}' => 'e',
        '"' => '"',
        '\\' => '\\',
        '\u{85}' => 'N',
        '\u{2028}' => 'L',
        '\u{2029}' => 'P',
        c => {
            let n = u32::from(c);
            match n {
                0..=0xFF => out.push_str(&format!("\\x{n:02X}")),
                0x100..=0xFFFF => out.push_str(&format!("\\u{n:04X}")),
                _ => out.push_str(&format!("\\U{n:08X}")),
            }
            return;
        }
    };
    out.push('\\');
    out.push(short);
}
