//! Numeric functions: abs, ceil, floor, min, max (`BASIC`, in `basic`); log, parseint, pow, signum,
//! sum.

use super::{R, list, num, s};
use crate::model::Reason;
use crate::model::{Node, Val};

pub fn call(name: &str, a: &[Node]) -> Option<R> {
    if BASIC.contains(&name) {
        return Some(basic(name, a));
    }
    let one = || {
        a.first()
            .ok_or(Reason::from(format!("{name}() needs an argument")))
    };
    Some(match name {
        "signum" => one().and_then(num).map(|x| {
            Val::Number(if x > 0.0 {
                1.0
            } else if x < 0.0 {
                -1.0
            } else {
                0.0
            })
        }),
        "pow" => two(name, a).map(|(x, y)| Val::Number(x.powf(y))),
        "log" => two(name, a).and_then(|(x, base)| {
            let v = x.ln() / base.ln();
            if v.is_nan() {
                Err(format!("log({x}, {base}) is not a number").into())
            } else {
                Ok(Val::Number(v))
            }
        }),
        "parseint" => parseint(a),
        "sum" => sum(a),
        _ => return None,
    })
}

fn two(name: &str, a: &[Node]) -> Result<(f64, f64), Reason> {
    match a {
        [x, y] => Ok((num(x)?, num(y)?)),
        _ => Err(format!("{name}() needs 2 arguments").into()),
    }
}

/// `parseint(string, base)`: bases 2 to 62, digits 0-9a-zA-Z (case-insensitive up to base 36,
/// then lower case before upper case), as Go's big.Int SetString.
fn parseint(a: &[Node]) -> R {
    let [x, base] = a else {
        return Err("parseint() needs 2 arguments".into());
    };
    let (x, base) = (s(x)?, num(base)?);
    if !(2.0..=62.0).contains(&base) || base.fract() != 0.0 {
        return Err(format!("parseint(): base {base} is not an integer from 2 to 62").into());
    }
    let (neg, digits) = match x.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, x.strip_prefix('+').unwrap_or(&x)),
    };
    if digits.is_empty() {
        return Err(format!("parseint(): cannot parse \"{x}\" as a base {base} integer").into());
    }
    let mut n = 0.0f64;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36.0 => c as u32 - 'A' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            _ => u32::MAX,
        };
        if f64::from(d) >= base {
            return Err(format!("parseint(): cannot parse \"{x}\" as a base {base} integer").into());
        }
        n = n * base + f64::from(d);
    }
    Ok(Val::Number(if neg { -n } else { n }))
}

fn sum(a: &[Node]) -> R {
    let l = list(a.first().ok_or("sum() needs 1 argument")?)?;
    if l.is_empty() {
        return Err("sum(): the list is empty".into());
    }
    l.iter()
        .try_fold(0.0, |acc, x| Ok(acc + num(x)?))
        .map(Val::Number)
}

/// The functions of this family that need no more than a few lines each.
const BASIC: &[&str] = &["min", "max", "abs", "ceil", "floor"];

fn basic(name: &str, a: &[Node]) -> R {
    Ok(match name {
        "min" | "max" => {
            let ns: Vec<f64> = a.iter().map(num).collect::<Result<_, _>>()?;
            if ns.is_empty() {
                return Err(format!("{name}() needs an argument").into());
            }
            let f = if name == "min" { f64::min } else { f64::max };
            Val::Number(ns.into_iter().reduce(f).unwrap_or(0.0))
        }
        "abs" => Val::Number(num(a.first().ok_or("abs() needs 1 argument")?)?.abs()),
        "ceil" => Val::Number(num(a.first().ok_or("ceil() needs 1 argument")?)?.ceil()),
        "floor" => Val::Number(num(a.first().ok_or("floor() needs 1 argument")?)?.floor()),
        other => return Err(Reason::not_known(format!("function {other}() is not supported"))),
    })
}
