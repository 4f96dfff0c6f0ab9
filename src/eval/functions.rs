//! Terraform's built-in functions, over evaluated nodes. An Unknown argument gives an Unknown
//! result unless the known arguments decide it (try/can/coalesce and `decided`); an
//! unsupported function is Unknown, naming it. Families live in the submodules.

mod collection;
mod decided;
mod encoding;
mod format;
mod fs;
mod hash;
mod net;
mod numeric;
mod string;
mod time;
mod types;

use hcl_edit::expr::Expression;

use super::policy_document::go_quote;
use super::{Evaluator, Scope, deep_refs, to_str, type_name};
use crate::model::node::Map;
use crate::model::{Node, Origin, Val};

type R = Result<Val, String>;

pub fn call(
    ev: &Evaluator,
    name: &str,
    args: Vec<&Expression>,
    expand_final: bool,
    sc: &Scope,
    at: Origin,
) -> Node {
    match name {
        "try" => {
            let mut last = Node::unknown("try() has no arguments", at);
            for a in args {
                let v = ev.eval(a, sc, at);
                // An error falls through to the next argument; a value not known yet stays
                // unknown, since Terraform would not fall back on it.
                match v.find_unknown().map(|u| &u.val) {
                    None => return v,
                    Some(Val::Unknown(r)) if !is_error(r) => return v,
                    Some(_) => last = v,
                }
            }
            return last;
        }
        "can" => {
            let Some(a) = args.first() else {
                return Node::unknown("can() needs an argument", at);
            };
            let v = ev.eval(a, sc, at);
            return match v.find_unknown() {
                None => Node::new(Val::Bool(true), at),
                Some(Node {
                    val: Val::Unknown(r), ..
                }) if is_error(r) => Node::new(Val::Bool(false), at),
                Some(u) => u.clone(),
            };
        }
        _ => {}
    }
    let mut vals: Vec<Node> = args.iter().map(|a| ev.eval(a, sc, at)).collect();
    if expand_final && let Some(last) = vals.pop() {
        match last.val {
            Val::List(l) => vals.extend(l),
            Val::Unknown(_) => return last,
            _ => return Node::unknown(format!("{name}(): the last argument cannot be expanded"), at),
        }
    }
    // Only scalar results and unknowns carry the arguments' refs: gathered when one is made.
    let refs = |vals: &[Node]| {
        let mut refs = Vec::new();
        for v in vals {
            deep_refs(v, &mut refs);
        }
        refs
    };
    if name == "coalesce" {
        for v in vals {
            match &v.val {
                Val::Null => continue,
                Val::Str(s) if s.is_empty() => continue,
                _ => return v,
            }
        }
        return Node::unknown("coalesce(): no non-null argument", at);
    }
    if let Some(u) = vals.iter().find(|v| v.is_unknown()) {
        if let Some(v) = decided::call(name, &vals) {
            return match v {
                Val::List(_) | Val::Map(_) => Node::new(v, at),
                v => Node::new(v, at).with_refs(refs(&vals)),
            };
        }
        return Node::unknown(
            match &u.val {
                Val::Unknown(r) => r.clone(),
                _ => unreachable!(),
            },
            at,
        )
        .with_refs(refs(&vals));
    }
    // merge() of maps moves their entries rather than copying them.
    if name == "merge" && vals.iter().all(|v| v.is_null() || matches!(v.val, Val::Map(_))) {
        let mut m = Map::new();
        for v in vals {
            if let Val::Map(vm) = v.val {
                m.extend(vm);
            }
        }
        return Node::new(Val::Map(m), at);
    }
    match dispatch(ev, name, &vals, at) {
        Ok(Val::List(l)) => Node::new(Val::List(l), at),
        Ok(Val::Map(m)) => Node::new(Val::Map(m), at),
        Ok(v) => Node::new(v, at).with_refs(refs(&vals)),
        Err(e) => Node::unknown(e, at).with_refs(refs(&vals)),
    }
}

/// Whether an Unknown's reason is an evaluation error (which try/can catch) rather than a value
/// that is not known before apply (variables without value, computed attributes, unsupported
/// features — which Terraform might know and the scanner must not guess).
fn is_error(reason: &str) -> bool {
    const NOT_KNOWN: &[&str] = &[
        "has no value",
        "computed by the provider",
        "not known",
        "not evaluated",
        "not supported",
        "not a local directory",
        "is not installed",
        "no configuration files",
        "depends on itself",
        "refers to itself",
        "outside the scanned tree",
    ];
    !NOT_KNOWN.iter().any(|m| reason.contains(m))
}

fn s(v: &Node) -> Result<String, String> {
    to_str(v)
}

// An Unknown met inside an argument gives its own reason, never a type error (which try()
// and can() would take for a failure).

fn num(v: &Node) -> Result<f64, String> {
    match &v.val {
        Val::Number(n) => Ok(*n),
        Val::Str(s) => s.trim().parse().map_err(|_| format!("\"{s}\" is not a number")),
        v => Err(reason(v).unwrap_or_else(|| format!("a {} is not a number", type_name(v)))),
    }
}

fn list(v: &Node) -> Result<&[Node], String> {
    match &v.val {
        Val::List(l) => Ok(l),
        v => Err(reason(v).unwrap_or_else(|| format!("a {} is not a list", type_name(v)))),
    }
}

fn map(v: &Node) -> Result<&Map, String> {
    match &v.val {
        Val::Map(m) => Ok(m),
        v => Err(reason(v).unwrap_or_else(|| format!("a {} is not a map", type_name(v)))),
    }
}

/// Why a value is not known, if it is Unknown.
fn reason(v: &Val) -> Option<String> {
    match v {
        Val::Unknown(r) => Some(r.clone()),
        _ => None,
    }
}

fn argn(name: &str, a: &[Node], n: usize) -> Result<(), String> {
    if a.len() < n {
        Err(format!("{name}() needs {n} argument(s)"))
    } else {
        Ok(())
    }
}

fn strv(x: String, at: Origin) -> Node {
    Node::new(Val::Str(x), at)
}

fn dispatch(ev: &Evaluator, name: &str, a: &[Node], at: Origin) -> R {
    let need = |n| argn(name, a, n);
    Ok(match name {
        "jsonencode" => {
            need(1)?;
            if let Some(Val::Unknown(r)) = a[0].find_unknown().map(|u| &u.val) {
                return Err(r.clone());
            }
            let mut out = String::new();
            json_encode(&a[0], &mut out);
            Val::Str(out)
        }
        "jsondecode" => {
            need(1)?;
            let v: serde_json::Value =
                serde_json::from_str(&s(&a[0])?).map_err(|e| format!("jsondecode(): {e}"))?;
            Node::from_json(&v, at).val
        }
        "tuple" | "list" | "map" => return Err(format!("{name}() is a type constraint, not a function")),
        other => return family(ev, other, a, at),
    })
}

/// The functions of the family modules.
fn family(ev: &Evaluator, name: &str, a: &[Node], at: Origin) -> R {
    numeric::call(name, a)
        .or_else(|| string::call(ev, name, a, at))
        .or_else(|| collection::call(name, a, at))
        .or_else(|| encoding::call(name, a, at))
        .or_else(|| hash::call(ev, name, a))
        .or_else(|| fs::call(ev, name, a, at))
        .or_else(|| net::call(name, a, at))
        .or_else(|| time::call(name, a))
        .or_else(|| types::call(name, a))
        .unwrap_or_else(|| Err(format!("function {name}() is not supported")))
}

/// Terraform's jsonencode: compact, keys sorted, `<`, `>`, `&` and U+2028/9 escaped.
pub fn json_encode(n: &Node, out: &mut String) {
    match &n.val {
        Val::Null | Val::Unknown(_) => out.push_str("null"),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Number(x) if x.fract() == 0.0 && x.abs() < 1e21 => out.push_str(&format!("{x:.0}")),
        Val::Number(x) => out.push_str(&crate::model::node::number_to_json(*x).to_string()),
        Val::Str(s) => go_quote(s, out),
        Val::List(l) => {
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_encode(x, out);
            }
            out.push(']');
        }
        Val::Map(m) => {
            out.push('{');
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                go_quote(k, out);
                out.push(':');
                json_encode(v, out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests;
