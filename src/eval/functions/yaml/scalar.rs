//! yamldecode's typing of scalars, as go-cty-yaml resolves them: a quoted or block scalar is a
//! string; a plain one is a YAML 1.1 bool (`yes`, `on`, ...), a null, a YAML 1.2 core number
//! (decimal, `0x`, `0o`) or a timestamp (as an RFC 3339 string), else a string. Tags `!!str`,
//! `!!int`, ... ask for a type.

use crate::model::Reason;
use std::sync::LazyLock;

use regex::Regex;
use saphyr_parser::ScalarStyle;

use crate::model::Val;

/// What a scalar stands for: a value, or the merge key `<<`.
pub enum Scalar {
    Val(Val),
    Merge,
}

static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$").expect("valid regex")
});

/// The values a plain scalar may spell by name.
fn named(src: &str) -> Option<Val> {
    Some(match src {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Val::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Val::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Val::Null,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Val::Number(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Val::Number(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// `tag`: the core schema tag's name (`int`, `str`...), "" for none.
pub fn resolve(tag: &str, src: &str, style: ScalarStyle) -> Result<Scalar, Reason> {
    let v = |v| Ok(Scalar::Val(v));
    let bad = || Err(format!("cannot parse \"{src}\" as !!{tag}").into());
    // The first character hints whether the scalar may be other than a string.
    let hinted = src.is_empty() || src.starts_with(|c: char| "+-0123456789yYnNtTfFoO~.".contains(c));
    if hinted && tag != "str" && tag != "binary" {
        if style != ScalarStyle::Plain {
            return v(Val::Str(src.into()));
        }
        if let Some(x) = named(src) {
            return match x {
                // cty holds infinities; the scan's numbers would not carry them faithfully.
                Val::Number(n) if n.is_infinite() => {
                    Err(Reason::not_known("an infinite number is not evaluated"))
                }
                x => v(x),
            };
        }
        if tag.is_empty() && matches!(src, ".nan" | ".NaN" | ".NAN") {
            return Err("floating point NaN cannot be a value".into());
        }
        if src.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-') {
            if (tag.is_empty() || tag == "timestamp")
                && let Some(t) = super::time::parse(src)
            {
                return v(Val::Str(t.into()));
            }
            if tag.is_empty()
                && let Some(n) = core_number(src)
            {
                return n.map(|n| Scalar::Val(Val::Number(n)));
            }
        } else if src.starts_with('.') && tag.is_empty() && FLOAT.is_match(src) {
            return decimal(src).map(|n| Scalar::Val(Val::Number(n)));
        }
    }
    if tag.is_empty() && src == "<<" {
        return Ok(Scalar::Merge);
    }
    match tag {
        "" | "str" => v(Val::Str(src.into())),
        "binary" if super::super::encoding::is_base64(src) => v(Val::Str(src.into())),
        "bool" => match named(src) {
            Some(b @ Val::Bool(_)) => v(b),
            _ => bad(),
        },
        "int" | "float" => match tagged_number(&src.replace('_', "")) {
            Some(n) => n.map(|n| Scalar::Val(Val::Number(n))),
            None => bad(),
        },
        "timestamp" => match super::time::parse(src) {
            Some(t) => v(Val::Str(t.into())),
            None => bad(),
        },
        "null" => v(Val::Null),
        _ => bad(),
    }
}

/// A YAML 1.2 core schema number: decimal (with a sign), `0x` hexadecimal, `0o` octal.
fn core_number(src: &str) -> Option<Result<f64, Reason>> {
    if FLOAT.is_match(src) {
        return Some(decimal(src));
    }
    let (digits, radix) = match src.get(..2) {
        Some("0x") => (&src[2..], 16),
        Some("0o") => (&src[2..], 8),
        _ => return None,
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(big_int(u128::from_str_radix(digits, radix).ok()))
}

/// A number tagged `!!int` or `!!float`: decimal, or Go's integer syntax (sign, `0x`, `0o`,
/// `0b`, a leading `0` for octal) within 64 bits.
fn tagged_number(src: &str) -> Option<Result<f64, Reason>> {
    if FLOAT.is_match(src) {
        return Some(decimal(src));
    }
    let (neg, body) = match src.as_bytes().first() {
        Some(b'-') => (true, &src[1..]),
        Some(b'+') => (false, &src[1..]),
        _ => (false, src),
    };
    let lower = body.to_ascii_lowercase();
    let (digits, radix) = match lower.get(..2) {
        Some("0x") => (&body[2..], 16),
        Some("0o") => (&body[2..], 8),
        Some("0b") => (&body[2..], 2),
        _ if body.len() > 1 && body.starts_with('0') => (&body[1..], 8),
        _ => return None,
    };
    let n = u64::from_str_radix(digits, radix).ok()?;
    if neg && n > 1 << 63 {
        return None;
    }
    let x = big_int(Some(u128::from(n)));
    Some(x.map(|x| if neg { -x } else { x }))
}

fn big_int(n: Option<u128>) -> Result<f64, Reason> {
    match n {
        Some(n) if n < 1 << 53 => Ok(n as f64),
        _ => Err(too_big()),
    }
}

fn too_big() -> Reason {
    Reason::not_known("a number beyond f64's exact range is not evaluated")
}

/// A decimal that matched FLOAT; Rust wants a digit after the point.
fn decimal(src: &str) -> Result<f64, Reason> {
    let fixed = match src.find('.') {
        Some(i) if !src[i + 1..].starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{}0{}", &src[..=i], &src[i + 1..])
        }
        _ => src.to_string(),
    };
    let mantissa = fixed.split(['e', 'E']).next().unwrap_or("");
    let digits = mantissa.chars().filter(char::is_ascii_digit).count();
    match fixed.parse::<f64>() {
        // Terraform keeps every digit: beyond f64, the value would be a guess.
        Ok(x) if x.is_finite() && (digits <= 15 || x.fract() != 0.0 || x.abs() < 9e15) => Ok(x),
        _ => Err(too_big()),
    }
}
