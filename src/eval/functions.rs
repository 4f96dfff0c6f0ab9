//! Terraform's built-in functions, over evaluated nodes. An Unknown argument gives an Unknown
//! result (try/can/coalesce aside); an unsupported function is Unknown, naming it.

use hcl_edit::expr::Expression;

use super::policy_document::go_quote;
use super::{Evaluator, Scope, deep_refs, fmt_number, to_str, type_name, val_eq};
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
        _ => {}
    }
    let mut vals: Vec<Node> = args.iter().map(|a| ev.eval(a, sc, at)).collect();
    if expand_final && let Some(last) = vals.pop() {
        match last.val {
            Val::List(l) => vals.extend(l),
            Val::Unknown(_) => return last,
            Val::Partial(p) => return Node::unknown(p.reason, at).with_refs(last.refs),
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
    let from = from
        .as_str()
        .filter(|f| !(f.len() > 1 && f.starts_with('/') && f.ends_with('/')))?;
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
    let out = format(&partial::sanitize(spec), &args).ok()?;
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
        "is not known",
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

fn num(v: &Node) -> Result<f64, String> {
    match &v.val {
        Val::Number(n) => Ok(*n),
        Val::Str(s) => s.trim().parse().map_err(|_| format!("\"{s}\" is not a number")),
        v => Err(format!("a {} is not a number", type_name(v))),
    }
}

fn list(v: &Node) -> Result<&[Node], String> {
    match &v.val {
        Val::List(l) => Ok(l),
        v => Err(format!("a {} is not a list", type_name(v))),
    }
}

fn map(v: &Node) -> Result<&Map, String> {
    match &v.val {
        Val::Map(m) => Ok(m),
        v => Err(format!("a {} is not a map", type_name(v))),
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
        "merge" => {
            let mut m = Map::new();
            for x in a {
                if x.is_null() {
                    continue;
                }
                m.extend(map(x)?.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            Val::Map(m)
        }
        "concat" => Val::List(a.iter().map(list).collect::<Result<Vec<_>, _>>()?.concat()),
        "lookup" => {
            need(2)?;
            let k = s(&a[1])?;
            match map(&a[0])?.get(&k) {
                Some(v) => v.val.clone(),
                None => match a.get(2) {
                    Some(d) => d.val.clone(),
                    None => return Err(format!("lookup(): no key \"{k}\"")),
                },
            }
        }
        "format" => {
            need(1)?;
            Val::Str(format(&s(&a[0])?, &a[1..])?)
        }
        "formatlist" => return Err("formatlist() is not supported".into()),
        "join" => {
            need(2)?;
            let sep = s(&a[0])?;
            let mut parts = Vec::new();
            for l in &a[1..] {
                for x in list(l)? {
                    parts.push(s(x)?);
                }
            }
            Val::Str(parts.join(&sep))
        }
        "split" => {
            need(2)?;
            let (sep, x) = (s(&a[0])?, s(&a[1])?);
            let parts: Vec<Node> = if x.is_empty() {
                vec![strv(String::new(), at)]
            } else {
                x.split(sep.as_str()).map(|p| strv(p.to_string(), at)).collect()
            };
            Val::List(parts)
        }
        "replace" => {
            need(3)?;
            let (x, from, to) = (s(&a[0])?, s(&a[1])?, s(&a[2])?);
            if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                return Err("replace() with a regular expression is not supported".into());
            }
            Val::Str(x.replace(&from, &to))
        }
        "lower" => Val::Str(s(a.first().ok_or("lower() needs 1 argument")?)?.to_lowercase()),
        "upper" => Val::Str(s(a.first().ok_or("upper() needs 1 argument")?)?.to_uppercase()),
        "length" => {
            need(1)?;
            Val::Number(match &a[0].val {
                Val::List(l) => l.len(),
                Val::Map(m) => m.len(),
                Val::Str(x) => x.chars().count(),
                v => return Err(format!("length() of a {}", type_name(v))),
            } as f64)
        }
        "element" => {
            need(2)?;
            let l = list(&a[0])?;
            if l.is_empty() {
                return Err("element() of an empty list".into());
            }
            let i = num(&a[1])?;
            if i < 0.0 {
                return Err("element() with a negative index".into());
            }
            l[i as usize % l.len()].val.clone()
        }
        "flatten" => {
            need(1)?;
            fn flat(l: &[Node], out: &mut Vec<Node>) {
                for x in l {
                    match &x.val {
                        Val::List(i) => flat(i, out),
                        _ => out.push(x.clone()),
                    }
                }
            }
            let mut out = Vec::new();
            flat(list(&a[0])?, &mut out);
            Val::List(out)
        }
        "distinct" => {
            need(1)?;
            let mut out: Vec<Node> = Vec::new();
            for x in list(&a[0])? {
                if !out.iter().any(|o| val_eq(&o.val, &x.val)) {
                    out.push(x.clone());
                }
            }
            Val::List(out)
        }
        "keys" => {
            need(1)?;
            Val::List(map(&a[0])?.keys().map(|k| strv(k.clone(), at)).collect())
        }
        "values" => {
            need(1)?;
            Val::List(map(&a[0])?.values().cloned().collect())
        }
        "toset" => {
            need(1)?;
            let mut out: Vec<Node> = Vec::new();
            for x in list(&a[0])? {
                if !out.iter().any(|o| val_eq(&o.val, &x.val)) {
                    out.push(x.clone());
                }
            }
            // Sets of strings iterate in lexical order.
            if out.iter().all(|x| matches!(x.val, Val::Str(_))) {
                out.sort_by(|p, q| p.as_str().cmp(&q.as_str()));
            }
            Val::List(out)
        }
        "tolist" => {
            need(1)?;
            Val::List(list(&a[0])?.to_vec())
        }
        "tomap" => {
            need(1)?;
            Val::Map(map(&a[0])?.clone())
        }
        "tostring" => {
            need(1)?;
            if a[0].is_null() {
                Val::Null
            } else {
                Val::Str(s(&a[0])?)
            }
        }
        "tonumber" => {
            need(1)?;
            if a[0].is_null() {
                Val::Null
            } else {
                Val::Number(num(&a[0])?)
            }
        }
        "tobool" => {
            need(1)?;
            if a[0].is_null() {
                Val::Null
            } else {
                Val::Bool(a[0].as_bool().ok_or("tobool(): not a bool")?)
            }
        }
        "contains" => {
            need(2)?;
            Val::Bool(list(&a[0])?.iter().any(|x| val_eq(&x.val, &a[1].val)))
        }
        "compact" => {
            need(1)?;
            let mut out = Vec::new();
            for x in list(&a[0])? {
                if !x.is_null() && x.as_str() != Some("") {
                    out.push(x.clone());
                }
            }
            Val::List(out)
        }
        "file" => {
            need(1)?;
            Val::Str(read_file(ev, &s(&a[0])?)?)
        }
        "templatefile" => {
            need(2)?;
            let text = read_file(ev, &s(&a[0])?)?;
            let vars = map(&a[1])?;
            let t = hcl_edit::parser::parse_template(&text)
                .map_err(|e| format!("templatefile(): {}", e.message()))?;
            let names = vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            let root = Scope::root();
            let inner = root.child(names);
            let v = ev.eval_template(&t, &inner, at);
            match v.val {
                Val::Str(x) => Val::Str(x),
                Val::Unknown(r) => return Err(r),
                Val::Partial(p) => Val::Partial(p),
                other => Val::Str(to_str(&Node::new(other, at))?),
            }
        }
        "trimspace" => Val::Str(
            s(a.first().ok_or("trimspace() needs 1 argument")?)?
                .trim()
                .to_string(),
        ),
        "trim" => {
            need(2)?;
            let cut = s(&a[1])?;
            Val::Str(s(&a[0])?.trim_matches(|c| cut.contains(c)).to_string())
        }
        "trimprefix" => {
            need(2)?;
            let x = s(&a[0])?;
            let p = s(&a[1])?;
            Val::Str(x.strip_prefix(p.as_str()).unwrap_or(&x).to_string())
        }
        "trimsuffix" => {
            need(2)?;
            let x = s(&a[0])?;
            let p = s(&a[1])?;
            Val::Str(x.strip_suffix(p.as_str()).unwrap_or(&x).to_string())
        }
        "startswith" => {
            need(2)?;
            Val::Bool(s(&a[0])?.starts_with(&s(&a[1])?))
        }
        "endswith" => {
            need(2)?;
            Val::Bool(s(&a[0])?.ends_with(&s(&a[1])?))
        }
        "min" | "max" => {
            let ns: Vec<f64> = a.iter().map(num).collect::<Result<_, _>>()?;
            if ns.is_empty() {
                return Err(format!("{name}() needs an argument"));
            }
            let f = if name == "min" { f64::min } else { f64::max };
            Val::Number(ns.into_iter().reduce(f).unwrap_or(0.0))
        }
        "range" => {
            let ns: Vec<f64> = a.iter().map(num).collect::<Result<_, _>>()?;
            let (start, end, step) = match ns.as_slice() {
                [e] => (0.0, *e, 1.0),
                [s, e] => (*s, *e, if s <= e { 1.0 } else { -1.0 }),
                [s, e, st] => (*s, *e, *st),
                _ => return Err("range() needs 1 to 3 arguments".into()),
            };
            if step == 0.0 {
                return Err("range() step must not be zero".into());
            }
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                out.push(Node::new(Val::Number(x), at));
                x += step;
                if out.len() > 1024 {
                    return Err("range() is too long".into());
                }
            }
            Val::List(out)
        }
        "zipmap" => {
            need(2)?;
            let (k, v) = (list(&a[0])?, list(&a[1])?);
            if k.len() != v.len() {
                return Err("zipmap(): lists differ in length".into());
            }
            Val::Map(
                k.iter()
                    .map(s)
                    .zip(v.iter().cloned())
                    .map(|(k, v)| Ok((k?, v)))
                    .collect::<Result<_, String>>()?,
            )
        }
        "slice" => {
            need(3)?;
            let l = list(&a[0])?;
            let (i, j) = (num(&a[1])? as usize, num(&a[2])? as usize);
            if i > j || j > l.len() {
                return Err("slice(): index out of range".into());
            }
            Val::List(l[i..j].to_vec())
        }
        "one" => {
            need(1)?;
            match list(&a[0])? {
                [] => Val::Null,
                [x] => x.val.clone(),
                _ => return Err("one(): more than one element".into()),
            }
        }
        "sort" => {
            need(1)?;
            let mut v: Vec<String> = list(&a[0])?.iter().map(s).collect::<Result<_, _>>()?;
            v.sort();
            Val::List(v.into_iter().map(|x| strv(x, at)).collect())
        }
        "reverse" => {
            need(1)?;
            Val::List(list(&a[0])?.iter().rev().cloned().collect())
        }
        "abs" => Val::Number(num(a.first().ok_or("abs() needs 1 argument")?)?.abs()),
        "ceil" => Val::Number(num(a.first().ok_or("ceil() needs 1 argument")?)?.ceil()),
        "floor" => Val::Number(num(a.first().ok_or("floor() needs 1 argument")?)?.floor()),
        "substr" => {
            need(3)?;
            let x: Vec<char> = s(&a[0])?.chars().collect();
            let off = num(&a[1])?;
            let len = num(&a[2])?;
            let start = if off < 0.0 {
                (x.len() as f64 + off).max(0.0)
            } else {
                off
            } as usize;
            let start = start.min(x.len());
            let end = if len < 0.0 {
                x.len()
            } else {
                start.saturating_add(len as usize).min(x.len())
            };
            Val::Str(x[start..end].iter().collect())
        }
        "chomp" => Val::Str(
            s(a.first().ok_or("chomp() needs 1 argument")?)?
                .trim_end_matches(['\n', '\r'])
                .to_string(),
        ),
        "indent" => {
            need(2)?;
            let n = num(&a[0])?;
            if !(0.0..=1024.0).contains(&n) {
                return Err("indent(): unreasonable width".into());
            }
            let pad = " ".repeat(n as usize);
            let x = s(&a[1])?;
            let mut out = String::new();
            for (i, line) in x.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(&pad);
                }
                out.push_str(line);
            }
            Val::Str(out)
        }
        "coalescelist" => {
            for x in a {
                if !list(x)?.is_empty() {
                    return Ok(x.val.clone());
                }
            }
            return Err("coalescelist(): all lists are empty".into());
        }
        "title" => {
            // Upper-cases the first letter of each word, as Go's strings.Title.
            let mut out = String::new();
            let mut start = true;
            for c in s(a.first().ok_or("title() needs 1 argument")?)?.chars() {
                if start {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                start = !c.is_alphanumeric() && c != '\'';
            }
            Val::Str(out)
        }
        "alltrue" | "anytrue" => {
            let all = name == "alltrue";
            let mut acc = all;
            for x in list(a.first().ok_or("alltrue()/anytrue() needs 1 argument")?)? {
                let b = match &x.val {
                    Val::Bool(b) => *b,
                    Val::Str(t) if t == "true" || t == "false" => t == "true",
                    v => return Err(format!("a {} is not a bool", type_name(v))),
                };
                acc = if all { acc && b } else { acc || b };
            }
            Val::Bool(acc)
        }
        "tuple" | "list" | "map" => return Err(format!("{name}() is a type constraint, not a function")),
        other => return Err(format!("function {other}() is not supported")),
    })
}

fn read_file(ev: &Evaluator, path: &str) -> Result<String, String> {
    let dir = ev
        .fs_dir
        .as_ref()
        .ok_or("file(): the module directory is not known")?;
    // `path.module` evaluates to the displayed directory; map it back to the one on disk.
    let rel = if path == ev.dir {
        ""
    } else if let Some(r) = path.strip_prefix(&format!("{}/", ev.dir)) {
        r
    } else {
        path
    };
    if std::path::Path::new(rel).is_absolute() {
        return Err(format!("file(\"{path}\"): absolute paths are not read"));
    }
    let full = dir.join(rel);
    // Only files inside the directory tree being scanned (the current directory).
    let canon = full
        .canonicalize()
        .map_err(|e| format!("file(\"{path}\"): {e}"))?;
    let cwd = std::env::current_dir().and_then(|c| c.canonicalize()).ok();
    let mdir = dir.canonicalize().ok();
    let inside = cwd.iter().chain(mdir.iter()).any(|d| canon.starts_with(d));
    if !inside {
        return Err(format!("file(\"{path}\") is outside the scanned tree"));
    }
    std::fs::read_to_string(&canon).map_err(|e| format!("file(\"{path}\"): {e}"))
}

/// `format`: %s %d %q %v %% (flags and widths are not supported).
fn format(f: &str, args: &[Node]) -> Result<String, String> {
    let mut out = String::new();
    let mut it = f.chars().peekable();
    let mut i = 0;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let verb = it.next().ok_or("format(): trailing %")?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let a = args.get(i).ok_or("format(): not enough arguments")?;
        i += 1;
        match verb {
            's' => out.push_str(&to_str(a)?),
            'd' => {
                let n = num(a)?;
                out.push_str(&fmt_number(n.trunc()));
            }
            'v' => match &a.val {
                Val::List(_) | Val::Map(_) => json_encode(a, &mut out),
                _ => out.push_str(&to_str(a)?),
            },
            'q' => {
                let x = to_str(a)?;
                out.push_str(&serde_json::Value::from(x).to_string());
            }
            c => return Err(format!("format(): verb %{c} is not supported")),
        }
    }
    Ok(out)
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
