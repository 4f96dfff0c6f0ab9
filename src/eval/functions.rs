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
mod yaml;

use hcl_edit::expr::Expression;

use super::policy_document::go_quote;
use super::{Evaluator, Scope, deep_refs, to_str, type_name};
use crate::model::node::Map;
use crate::model::{Node, Origin, Val, partial};

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
                    Some(Val::Partial(_)) => return v,
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
                Some(u) => {
                    Node::unknown(u.val.unknown_reason().unwrap_or_default(), at).with_refs(u.refs.clone())
                }
            };
        }
        // Decided by the argument's form, not its value: see types::issensitive.
        "issensitive" if !expand_final => return types::issensitive(ev, &args, sc, at),
        _ => {}
    }
    let mut vals: Vec<Node> = args.iter().map(|a| ev.eval(a, sc, at)).collect();
    if expand_final && let Some(last) = vals.pop() {
        match last.val {
            Val::List(l) => vals.extend(l),
            Val::Unknown(_) | Val::Partial(_) => return last.into_unknown(at),
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
    if name == "replace"
        && let Some(v) = replace_partial(&vals, at)
    {
        return v.with_refs(refs(&vals));
    }
    if name == "format"
        && let Some(v) = format_partial(&vals, at)
    {
        return v.with_refs(refs(&vals));
    }
    if name == "jsondecode"
        && let [
            Node {
                val: Val::Partial(p), ..
            },
        ] = vals.as_slice()
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(&p.text)
    {
        return decode_holes(&v, &p.reason, at).with_refs(refs(&vals));
    }
    if let Some(u) = vals.iter().find(|v| v.is_unknown()) {
        if let Some(v) = decided::call(name, &vals) {
            return match v {
                Val::List(_) | Val::Map(_) => Node::new(v, at),
                v => Node::new(v, at).with_refs(refs(&vals)),
            };
        }
        return Node::unknown(u.val.unknown_reason().unwrap_or_default(), at).with_refs(refs(&vals));
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

/// `replace()` of a partly known string, or with a partly known replacement: the known text is
/// replaced (see `partial::replace`). None when that does not decide it.
fn replace_partial(vals: &[Node], at: Origin) -> Option<Node> {
    let [x, from, to] = vals else { return None };
    if !matches!(x.val, Val::Partial(_)) && !matches!(to.val, Val::Partial(_)) {
        return None;
    }
    let original = x.as_str();
    let text = |n: &Node| match &n.val {
        Val::Partial(p) => Some((p.text.clone(), Some(p.reason.clone()))),
        Val::Str(s) => Some((partial::sanitize(s).into_owned(), None)),
        _ => None,
    };
    let ((x, rx), (to, rt)) = (text(x)?, text(to)?);
    let reason = rx.or(rt)?;
    // A pattern is matched against the whole text, holes included: not decided here.
    let from = from.as_str().filter(|f| string::replace_pattern(f).is_none())?;
    let out = partial::replace(&x, from, &to)?;
    if !partial::has_holes(&out) {
        // The search text is not in a known string: it is unchanged.
        return original.map(|s| Node::new(Val::Str(s.to_string()), at));
    }
    Some(Node::new(Val::partial(out, reason), at))
}

/// `format()` whose verbs are all `%s`/`%v` with a partly known or unknown string argument: the
/// known text with the arguments' holes (`format("arn:%s:s3:::%s", partition, name)`). None when
/// that does not decide it (another verb, a format string that is not known).
fn format_partial(vals: &[Node], at: Origin) -> Option<Node> {
    let (spec, args) = vals.split_first()?;
    if !args
        .iter()
        .any(|a| matches!(a.val, Val::Partial(_) | Val::Unknown(_)))
    {
        return None;
    }
    let spec = spec.as_str()?;
    let verbs = spec.replace("%%", "");
    let mut parts = verbs.split('%').skip(1);
    if !parts.all(|p| p.starts_with('s') || p.starts_with('v')) {
        return None;
    }
    let mut reason = None;
    let args: Vec<Node> = args
        .iter()
        .map(|a| {
            let text = match &a.val {
                Val::Partial(p) => {
                    reason.get_or_insert_with(|| p.reason.clone());
                    p.text.clone()
                }
                Val::Unknown(r) => {
                    reason.get_or_insert_with(|| r.clone());
                    partial::hole_text(partial::Sym::Opaque)
                }
                Val::Str(s) => partial::sanitize(s).into_owned(),
                _ => return Some(a.clone()),
            };
            Some(Node::new(Val::Str(text), a.origin))
        })
        .collect::<Option<_>>()?;
    let reason = reason?;
    let out = format::format(&partial::sanitize(spec), &args).ok()?;
    Some(Node::new(Val::partial(out, reason), at))
}

/// A JSON value decoded from a text with holes: strings with holes are partly known strings, and
/// a string that is only an unknown hole was any value (jsonencode writes an unknown so).
fn decode_holes(v: &serde_json::Value, reason: &str, at: Origin) -> Node {
    use serde_json::Value as J;
    let val = match v {
        J::String(s) if s.chars().count() == 1 && s.starts_with(partial::Sym::Opaque.hole()) => {
            Val::Unknown(reason.to_string())
        }
        J::String(s) if partial::has_holes(s) => Val::partial(s.clone(), reason.to_string()),
        J::Array(a) => Val::List(a.iter().map(|x| decode_holes(x, reason, at)).collect()),
        J::Object(o) if o.keys().any(|k| partial::has_holes(k)) => Val::Unknown(reason.to_string()),
        J::Object(o) => Val::Map(
            o.iter()
                .map(|(k, x)| (k.clone(), decode_holes(x, reason, at)))
                .collect(),
        ),
        other => return Node::from_json(other, at),
    };
    Node::new(val, at)
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

/// Why a value is not known, if it is Unknown or partly known.
fn reason(v: &Val) -> Option<String> {
    v.unknown_reason().map(str::to_owned)
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
            let mut out = String::new();
            // Unknown leaves are holes in the text: the rest of the document stays known.
            match a[0].hole_reason() {
                Some(reason) => {
                    json_encode_with(&a[0], true, &mut out);
                    Val::partial(out, reason.to_string())
                }
                None => {
                    json_encode(&a[0], &mut out);
                    Val::Str(out)
                }
            }
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
        .or_else(|| yaml::call(name, a, at))
        .unwrap_or_else(|| Err(format!("function {name}() is not supported")))
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

#[cfg(test)]
mod tests;
