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

/// Standard base64 with padding (Terraform's `base64encode`; also the HTML report's CSP hash).
pub use encoding::base64;

use hcl_edit::expr::Expression;

use super::{Evaluator, Scope, deep_refs_all, to_str, type_name};
use crate::model::node::Map;
use crate::model::{Node, Origin, Reason, Val, partial};

pub use encoding::json_encode;

type R = Result<Val, Reason>;

/// The value of the call `name(args...)`; `expand_final`: the last argument is written `x...`.
pub fn call(
    ev: &Evaluator,
    name: &str,
    args: Vec<&Expression>,
    expand_final: bool,
    sc: &Scope,
    at: Origin,
) -> Node {
    match name {
        "try" => return try_(ev, &args, sc, at),
        "can" => return can(ev, &args, sc, at),
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
    let out = call_values(ev, name, vals, at);
    match ev.work.check(&out.val) {
        Ok(()) => out,
        Err(r) => Node::unknown(r, at).with_refs(out.refs),
    }
}

/// `try(a, b, ...)`: the first argument that evaluates without an error. An error falls
/// through to the next argument; a value not known yet stays unknown, since Terraform would not
/// fall back on it.
fn try_(ev: &Evaluator, args: &[&Expression], sc: &Scope, at: Origin) -> Node {
    let mut last = Node::unknown("try() has no arguments", at);
    for a in args {
        let v = ev.eval(a, sc, at);
        match v.find_unknown().map(|u| &u.val) {
            None => return v,
            Some(Val::Unknown(r)) if !r.is_error() => return v,
            Some(Val::Partial(_)) => return v,
            Some(_) => last = v,
        }
    }
    last
}

/// `can(a)`: whether `a` evaluates without an error; unknown while `a` is not known yet.
fn can(ev: &Evaluator, args: &[&Expression], sc: &Scope, at: Origin) -> Node {
    let Some(a) = args.first() else {
        return Node::unknown("can() needs an argument", at);
    };
    let v = ev.eval(a, sc, at);
    match v.find_unknown() {
        None => Node::new(Val::Bool(true), at),
        Some(Node {
            val: Val::Unknown(r), ..
        }) if r.is_error() => Node::new(Val::Bool(false), at),
        Some(u) => {
            Node::unknown(u.val.unknown_reason().cloned().unwrap_or_default(), at).with_refs(u.refs.clone())
        }
    }
}

/// Every ref of the arguments: only scalar results and unknowns carry them, gathered when one
/// is made.
fn refs(vals: &[Node]) -> Vec<String> {
    let mut refs = Vec::new();
    deep_refs_all(vals, &mut refs);
    refs
}

/// A call over evaluated arguments.
fn call_values(ev: &Evaluator, name: &str, vals: Vec<Node>, at: Origin) -> Node {
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
    if let Some(v) = partly_known(name, &vals, at) {
        return v.with_refs(refs(&vals));
    }
    if let Some(u) = vals.iter().find(|v| v.is_unknown()) {
        if let Some(v) = decided::call(name, &vals) {
            return match v {
                Val::List(_) | Val::Map(_) => Node::new(v, at),
                v => Node::new(v, at).with_refs(refs(&vals)),
            };
        }
        return Node::unknown(u.val.unknown_reason().cloned().unwrap_or_default(), at).with_refs(refs(&vals));
    }
    // merge() of maps moves their entries rather than copying them.
    if name == "merge" && vals.iter().all(|v| v.is_null() || matches!(v.val, Val::Map(_))) {
        // Collected first and sorted once (see `collection::merge`).
        let mut pairs = Vec::new();
        for v in vals {
            if let Val::Map(vm) = v.val {
                pairs.extend(vm.into_tuple_vec());
            }
        }
        return Node::new(Val::Map(pairs.into_iter().collect()), at);
    }
    match dispatch(ev, name, &vals, at) {
        Ok(Val::List(l)) => Node::new(Val::List(l), at),
        Ok(Val::Map(m)) => Node::new(Val::Map(m), at),
        Ok(v) => Node::new(v, at).with_refs(refs(&vals)),
        Err(e) => Node::unknown(e, at).with_refs(refs(&vals)),
    }
}

/// The functions that keep the known text of partly known arguments: `replace`, `format` and
/// `jsondecode` of a text with holes. None when that does not decide the call.
fn partly_known(name: &str, vals: &[Node], at: Origin) -> Option<Node> {
    match (name, vals) {
        ("replace", _) => replace_partial(vals, at),
        ("format", _) => format_partial(vals, at),
        (
            "jsondecode",
            [
                Node {
                    val: Val::Partial(p), ..
                },
            ],
        ) => {
            let v = serde_json::from_str::<serde_json::Value>(&p.text).ok()?;
            Some(encoding::decode_holes(&v, &p.reason, at))
        }
        _ => None,
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
        return original.map(|s| Node::new(Val::Str(s.into()), at));
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
            Some(Node::new(Val::Str(text.into()), a.origin))
        })
        .collect::<Option<_>>()?;
    let reason = reason?;
    let out = format::format(&partial::sanitize(spec), &args).ok()?;
    Some(Node::new(Val::partial(out, reason), at))
}

fn s(v: &Node) -> Result<String, Reason> {
    to_str(v)
}

// An Unknown met inside an argument gives its own reason, never a type error (which try()
// and can() would take for a failure).

fn num(v: &Node) -> Result<f64, Reason> {
    match &v.val {
        Val::Number(n) => Ok(*n),
        Val::Str(s) => s
            .trim()
            .parse()
            .map_err(|_| Reason::from(format!("\"{s}\" is not a number"))),
        v => Err(reason(v).unwrap_or_else(|| Reason::from(format!("a {} is not a number", type_name(v))))),
    }
}

fn list(v: &Node) -> Result<&[Node], Reason> {
    match &v.val {
        Val::List(l) => Ok(l),
        v => Err(reason(v).unwrap_or_else(|| Reason::from(format!("a {} is not a list", type_name(v))))),
    }
}

fn map(v: &Node) -> Result<&Map, Reason> {
    match &v.val {
        Val::Map(m) => Ok(m),
        v => Err(reason(v).unwrap_or_else(|| Reason::from(format!("a {} is not a map", type_name(v))))),
    }
}

/// Why a value is not known, if it is Unknown or partly known.
fn reason(v: &Val) -> Option<Reason> {
    v.unknown_reason().cloned()
}

fn argn(name: &str, a: &[Node], n: usize) -> Result<(), Reason> {
    if a.len() < n {
        Err(format!("{name}() needs {n} argument(s)").into())
    } else {
        Ok(())
    }
}

fn strv(x: String, at: Origin) -> Node {
    Node::new(Val::Str(x.into()), at)
}

/// A function of one of the family modules, as Terraform's documentation groups them.
fn dispatch(ev: &Evaluator, name: &str, a: &[Node], at: Origin) -> R {
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
        .unwrap_or_else(|| Err(Reason::not_known(format!("function {name}() is not supported"))))
}

#[cfg(test)]
mod tests;
