//! Helpers over evaluated nodes: conversions, equality, refs and origins.

use super::*;
use crate::model::Reason;

pub(super) fn node(val: Val, at: Origin) -> Node {
    Node::new(val, at)
}

/// Every ref inside `n`, added to `out` (in the order met, each once).
pub fn deep_refs(n: &Node, out: &mut Vec<String>) {
    if !matches!(n.val, Val::List(_) | Val::Map(_)) {
        return crate::model::node::extend_unique(out, &n.refs);
    }
    deep_refs_all([n], out);
}

/// [`deep_refs`] of several nodes, with one set for all of them.
pub fn deep_refs_all<'n>(nodes: impl IntoIterator<Item = &'n Node>, out: &mut Vec<String>) {
    let mut seen: FxHashSet<String> = out.iter().cloned().collect();
    for n in nodes {
        deep_refs_into(n, out, &mut seen);
    }
}

fn deep_refs_into(n: &Node, out: &mut Vec<String>, seen: &mut FxHashSet<String>) {
    for r in n.refs.iter() {
        if !seen.contains(r.as_str()) {
            seen.insert(r.clone());
            out.push(r.clone());
        }
    }
    match &n.val {
        Val::List(l) => l.iter().for_each(|c| deep_refs_into(c, out, seen)),
        Val::Map(m) => m.values().for_each(|c| deep_refs_into(c, out, seen)),
        _ => {}
    }
}

/// Give the whole tree one origin: a value read through a reference is reported where it is used.
pub fn reorigin(n: &mut Node, at: Origin) {
    n.origin = at;
    match &mut n.val {
        Val::List(l) => l.iter_mut().for_each(|c| reorigin(c, at)),
        Val::Map(m) => m.iter_mut().for_each(|(_, c)| reorigin(c, at)),
        _ => {}
    }
}

pub fn type_name(v: &Val) -> &'static str {
    match v {
        Val::Null => "null",
        Val::Bool(_) => "bool",
        Val::Number(_) => "number",
        Val::Str(_) => "string",
        Val::List(_) => "list",
        Val::Map(_) => "object",
        Val::Unknown(_) | Val::Partial(_) => "unknown",
    }
}

/// Terraform's number → string conversion.
pub fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A primitive as a string, as string templates and string arguments convert it.
pub fn to_str(n: &Node) -> Result<String, Reason> {
    match &n.val {
        Val::Str(s) => Ok(s.to_string()),
        Val::Number(x) => Ok(fmt_number(*x)),
        Val::Bool(b) => Ok(b.to_string()),
        Val::Null => Err("a null value cannot be used as a string".into()),
        Val::Unknown(r) => Err(r.clone()),
        Val::Partial(p) => Err(p.reason.clone()),
        v => Err(format!("a {} cannot be used as a string", type_name(v)).into()),
    }
}

/// Structural equality, ignoring origins and refs.
pub fn val_eq(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::List(x), Val::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| val_eq(&p.val, &q.val))
        }
        (Val::Map(x), Val::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && val_eq(&v1.val, &v2.val))
        }
        (Val::Number(x), Val::Number(y)) => x == y,
        _ => a == b,
    }
}

pub fn obj<const N: usize>(items: [(&str, Node); N], at: Origin) -> Node {
    node(
        Val::Map(items.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
        at,
    )
}
