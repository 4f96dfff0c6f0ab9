//! `format` and `formatlist`: Go's fmt verbs as Terraform documents them — `%v %#v %t %s %q
//! %d %b %o %x %X %e %E %f %g %G %%`, flags `+ - # 0 space`, width, precision and explicit
//! argument indexes `%[n]d`.

use super::{R, json_encode, num, reason};
use crate::eval::{fmt_number, to_str, type_name};
use crate::model::Reason;
use crate::model::{Node, Origin, Val};

/// The largest precision of `%e %f %g`: Rust's formatter takes up to `u16::MAX` (more panics),
/// and `%g` may ask it for 3 decimals more than its precision.
const MAX_PRECISION: usize = u16::MAX as usize - 3;

pub fn format(spec: &str, args: &[Node]) -> Result<String, Reason> {
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    let mut next = 0;
    // With explicit indexes, arguments may be left unused (as in Go).
    let mut reordered = false;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut v = Verb::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => v.minus = true,
                '+' => v.plus = true,
                '#' => v.sharp = true,
                '0' => v.zero = true,
                ' ' => v.space = true,
                _ => break,
            }
            chars.next();
        }
        if let Some(i) = arg_index(&mut chars)? {
            (next, reordered) = (i, true);
        }
        v.width = digits(&mut chars);
        if chars.peek() == Some(&'.') {
            chars.next();
            v.prec = Some(digits(&mut chars).unwrap_or(0));
        }
        if let Some(i) = arg_index(&mut chars)? {
            (next, reordered) = (i, true);
        }
        let verb = chars.next().ok_or("format(): the spec ends with %")?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let a = args
            .get(next)
            .ok_or_else(|| Reason::from(format!("format(): not enough arguments for %{verb}")))?;
        next += 1;
        out.push_str(&v.apply(verb, a)?);
    }
    if next < args.len() && !reordered {
        return Err(format!("format(): too many arguments; only {next} used by the spec").into());
    }
    Ok(out)
}

/// `formatlist(spec, args...)`: list arguments (all of one length) are taken element by
/// element, others are repeated.
pub fn formatlist(a: &[Node], at: Origin) -> R {
    let (spec, args) = a.split_first().ok_or("formatlist() needs a format")?;
    let spec = to_str(spec)?;
    let mut len: Option<usize> = None;
    for x in args {
        if let Val::List(l) = &x.val {
            match len {
                Some(n) if n != l.len() => {
                    return Err("formatlist(): all list arguments must have the same length".into());
                }
                _ => len = Some(l.len()),
            }
        }
    }
    let mut out = Vec::new();
    for i in 0..len.unwrap_or(1) {
        let row: Vec<Node> = args
            .iter()
            .map(|x| match &x.val {
                Val::List(l) => l[i].clone(),
                _ => x.clone(),
            })
            .collect();
        out.push(Node::new(Val::Str(format(&spec, &row)?.into()), at));
    }
    Ok(Val::List(out))
}

fn digits(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        n = Some(
            n.unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(d as usize)
                .min(1 << 16),
        );
        chars.next();
    }
    n
}

/// `[n]`: the 1-based index of the argument the verb formats.
fn arg_index(chars: &mut std::iter::Peekable<std::str::Chars>) -> Result<Option<usize>, Reason> {
    if chars.peek() != Some(&'[') {
        return Ok(None);
    }
    chars.next();
    let n = digits(chars);
    match (n, chars.next()) {
        (Some(n), Some(']')) if n > 0 => Ok(Some(n - 1)),
        _ => Err("format(): invalid argument index".into()),
    }
}

#[derive(Default)]
struct Verb {
    minus: bool,
    plus: bool,
    sharp: bool,
    zero: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

impl Verb {
    fn apply(&self, verb: char, a: &Node) -> Result<String, Reason> {
        if let Some(r) = reason(&a.val) {
            return Err(r);
        }
        let body = match verb {
            'v' if self.sharp => return Ok(self.pad(json(a), false)),
            'v' => match &a.val {
                Val::List(_) | Val::Map(_) => json(a),
                Val::Null => "null".into(),
                _ => to_str(a)?,
            },
            's' => self.truncate(to_str(a)?),
            'q' => percent_q(&self.truncate(to_str(a)?)),
            't' => match a.as_bool() {
                Some(b) => b.to_string(),
                None => return Err(format!("format(): %t needs a bool, not a {}", type_name(&a.val)).into()),
            },
            'd' | 'b' | 'o' | 'x' | 'X' => return self.integer(verb, num(a)?),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' if self.prec.is_some_and(|p| p > MAX_PRECISION) => {
                return Err(format!("format(): %{verb} with a precision over {MAX_PRECISION}").into());
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => return Ok(self.float(verb, num(a)?)),
            c => return Err(format!("format(): unsupported verb %{c}").into()),
        };
        Ok(self.pad(body, false))
    }

    fn truncate(&self, x: String) -> String {
        match self.prec {
            Some(p) => x.chars().take(p).collect(),
            None => x,
        }
    }

    /// Width padding: spaces on the left, on the right with `-`; zeros after the sign with `0`.
    fn pad(&self, body: String, numeric: bool) -> String {
        let w = self.width.unwrap_or(0);
        let n = body.chars().count();
        if n >= w {
            return body;
        }
        let fill = w - n;
        if self.minus {
            format!("{body}{}", " ".repeat(fill))
        } else if self.zero && numeric {
            let sign = body.starts_with(['-', '+', ' ']) as usize;
            format!("{}{}{}", &body[..sign], "0".repeat(fill), &body[sign..])
        } else {
            format!("{}{body}", " ".repeat(fill))
        }
    }

    fn sign(&self, neg: bool) -> &'static str {
        match (neg, self.plus, self.space) {
            (true, _, _) => "-",
            (false, true, _) => "+",
            (false, false, true) => " ",
            _ => "",
        }
    }

    fn integer(&self, verb: char, x: f64) -> Result<String, Reason> {
        if x.fract() != 0.0 || !x.is_finite() {
            return Err(format!("format(): %{verb} needs an integer, not {}", fmt_number(x)).into());
        }
        let m = x.abs() as u128;
        let digits = match verb {
            'b' => format!("{m:b}"),
            'o' if self.sharp => format!("0{m:o}"),
            'o' => format!("{m:o}"),
            'x' if self.sharp => format!("0x{m:x}"),
            'x' => format!("{m:x}"),
            'X' if self.sharp => format!("0X{m:X}"),
            'X' => format!("{m:X}"),
            _ => m.to_string(),
        };
        let digits = match self.prec {
            Some(p) if digits.len() < p => format!("{}{digits}", "0".repeat(p - digits.len())),
            _ => digits,
        };
        Ok(self.pad(format!("{}{digits}", self.sign(x < 0.0)), true))
    }

    fn float(&self, verb: char, x: f64) -> String {
        let m = x.abs();
        let body = match verb {
            'e' | 'E' => exp(m, self.prec.unwrap_or(6)),
            'f' | 'F' => format!("{m:.*}", self.prec.unwrap_or(6)),
            _ => general(m, self.prec),
        };
        let body = if verb.is_ascii_uppercase() {
            body.to_uppercase()
        } else {
            body
        };
        self.pad(
            format!("{}{body}", self.sign(x.is_sign_negative() && x != 0.0)),
            true,
        )
    }
}

/// `%e`: Go writes the exponent with a sign and at least two digits (`1.5e+03`).
fn exp(m: f64, prec: usize) -> String {
    let s = format!("{m:.prec$e}");
    let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{mant}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// `%g`: the shortest form (or `prec` significant digits), in exponent form when the exponent
/// is below -4 or at least the precision (6 for the shortest form, unless it has more digits).
fn general(m: f64, prec: Option<usize>) -> String {
    let sci = match prec {
        Some(p) => format!("{m:.*e}", p.max(1) - 1),
        None => format!("{m:e}"),
    };
    let (mant, e) = sci.split_once('e').unwrap_or((&sci, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let ndigits = mant.chars().filter(char::is_ascii_digit).count() as i32;
    let eprec = match prec {
        Some(p) => p.max(1) as i32,
        None if ndigits > 6 && ndigits > e => ndigits,
        None => 6,
    };
    if e < -4 || e >= eprec {
        let mant = if mant.contains('.') && prec.is_some() {
            mant.trim_end_matches('0').trim_end_matches('.')
        } else {
            mant
        };
        format!("{mant}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
    } else {
        let decimals = (ndigits - 1 - e).max(0) as usize;
        let f = format!("{m:.decimals$}");
        if f.contains('.') {
            f.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            f
        }
    }
}

fn json(a: &Node) -> String {
    let mut out = String::new();
    json_encode(a, &mut out);
    out
}

/// Go's `%q`: a double-quoted string with Go escapes.
fn percent_q(x: &str) -> String {
    let mut out = String::from('"');
    for c in x.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
