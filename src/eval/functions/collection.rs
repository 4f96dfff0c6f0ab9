//! Collection functions whose answer depends on element values: an Unknown element makes the
//! answer Unknown only where it could change it (`contains(["a", x], "a")` is true whatever x
//! is). Sets are lists without duplicates, strings sorted lexically and numbers ascending, as
//! Terraform iterates them.

use super::{R, list, map, num, reason, s, strv};
use crate::eval::type_name;
use crate::eval::val_eq;
use crate::model::Reason;
use crate::model::node::Map;
use crate::model::{Node, Origin, Val, partial};

pub fn call(name: &str, a: &[Node], at: Origin) -> Option<R> {
    if BASIC.contains(&name) {
        return Some(basic(name, a, at));
    }
    let arg = |i: usize| {
        a.get(i)
            .ok_or(Reason::from(format!("{name}() needs {} argument(s)", i + 1)))
    };
    Some(match name {
        "contains" => arg(1).and_then(|v| contains(list(arg(0)?)?, v)).map(Val::Bool),
        "index" => arg(1).and_then(|v| index(list(arg(0)?)?, v)),
        "alltrue" | "anytrue" => arg(0).and_then(|l| all_any(name == "alltrue", list(l)?)),
        "distinct" => arg(0).and_then(|l| distinct(list(l)?)).map(Val::List),
        "toset" => arg(0).and_then(|l| to_set(list(l)?.to_vec())),
        "compact" => arg(0).and_then(|l| compact(list(l)?)),
        "flatten" => arg(0).and_then(|l| {
            let mut out = Vec::new();
            flatten(list(l)?, &mut out)?;
            Ok(Val::List(out))
        }),
        "chunklist" => arg(1).and_then(|n| chunklist(list(arg(0)?)?, num(n)?, at)),
        "setunion" => sets(a).and_then(|l| to_set(l.concat())),
        "setintersection" => sets(a).and_then(|l| set_filter(l, true)),
        "setsubtract" => sets(a).and_then(|l| match l.as_slice() {
            [x, y] => set_filter(vec![x.clone(), y.clone()], false),
            _ => Err("setsubtract() needs 2 arguments".into()),
        }),
        "setproduct" => setproduct(a, at),
        "matchkeys" => matchkeys(a),
        "transpose" => arg(0).and_then(|m| transpose(map(m)?, at)),
        _ => return None,
    })
}

/// Some known element equals `v`: true; else an unknown element might: Unknown.
fn contains(l: &[Node], v: &Node) -> Result<bool, Reason> {
    if let Some(r) = reason(&v.val).filter(|_| !l.is_empty()) {
        return Err(r);
    }
    let mut unknown = None;
    for x in l {
        match x.find_unknown() {
            Some(u) if unknown.is_none() => unknown = reason(&u.val),
            Some(_) => {}
            None if val_eq(&x.val, &v.val) => return Ok(true),
            None => {}
        }
    }
    unknown.map_or(Ok(false), Err)
}

/// The first index of `v`; an unknown element before it might be equal.
fn index(l: &[Node], v: &Node) -> R {
    for (i, x) in l.iter().enumerate() {
        if let Some(u) = x.find_unknown().or(v.find_unknown()) {
            return Err(reason(&u.val).unwrap_or_default());
        }
        if val_eq(&x.val, &v.val) {
            return Ok(Val::Number(i as f64));
        }
    }
    Err("index(): the value is not in the list".into())
}

/// alltrue: a known false decides; anytrue: a known true decides.
fn all_any(all: bool, l: &[Node]) -> R {
    let mut unknown = None;
    for x in l {
        match (&x.val, x.as_bool()) {
            (_, Some(b)) if b != all => return Ok(Val::Bool(b)),
            (_, Some(_)) => {}
            (Val::Unknown(r), _) => unknown = unknown.or(Some(r.clone())),
            (Val::Partial(p), _) => unknown = unknown.or(Some(p.reason.clone())),
            (v, _) => return Err(format!("a {} is not a bool", crate::eval::type_name(v)).into()),
        }
    }
    unknown.map_or(Ok(Val::Bool(all)), Err)
}

/// An unknown element could equal any other: the result's length is not known.
fn known_elements(l: &[Node]) -> Result<(), Reason> {
    match l.iter().find_map(Node::find_unknown) {
        Some(u) => Err(reason(&u.val).unwrap_or_default()),
        None => Ok(()),
    }
}

/// Comparisons [`distinct`] makes between elements with unknown parts and the others before it
/// gives up, the result's length then unknown: comparing each with every kept element is
/// quadratic (20,000 partly known strings took 11 s), and a configuration needs a few.
const MAX_COMPARISONS: usize = 1_000_000;

fn distinct(l: &[Node]) -> Result<Vec<Node>, Reason> {
    if l.iter().all(|x| x.find_unknown().is_none()) {
        return Ok(distinct_known(l));
    }
    let mut out: Vec<Node> = Vec::new();
    // Kept known elements by canonical text; kept elements with unknown parts, by index in out.
    let mut seen = rustc_hash::FxHashSet::default();
    let mut with_unknowns: Vec<usize> = Vec::new();
    let mut budget = MAX_COMPARISONS;
    for x in l {
        let key = x.find_unknown().is_none().then(|| known_key(x));
        if let Some(Some(k)) = &key
            && seen.contains(k)
        {
            continue;
        }
        // A known element can only equal a kept one with unknown parts (else it was seen).
        let others: Vec<&Node> = match key {
            Some(_) => with_unknowns.iter().map(|&i| &out[i]).collect(),
            None => out.iter().collect(),
        };
        budget = budget.checked_sub(others.len()).ok_or_else(|| {
            Reason::not_known(format!(
                "{} elements with unknown parts are too many to tell apart (over {MAX_COMPARISONS} comparisons)",
                l.iter().filter(|x| x.find_unknown().is_some()).count()
            ))
        })?;
        if others.iter().any(|o| val_eq(&o.val, &x.val)) {
            continue;
        }
        // A partly known string that could equal a kept element: the length is not known.
        if let Some(o) = others.iter().find(|o| may_equal(o, x)) {
            let u = [o, x].into_iter().find_map(|n| n.find_unknown());
            return Err(u.and_then(|u| reason(&u.val)).unwrap_or_default());
        }
        match key {
            Some(Some(k)) => {
                seen.insert(k);
            }
            Some(None) => {}
            None => with_unknowns.push(out.len()),
        }
        out.push(x.clone());
    }
    Ok(out)
}

/// The canonical text of a known element, `None` for NaN (equal to nothing, not even itself).
fn known_key(x: &Node) -> Option<String> {
    if matches!(x.val, Val::Number(n) if n.is_nan()) {
        return None;
    }
    let mut key = String::new();
    canonical(&x.val, &mut key);
    Some(key)
}

/// [`distinct`] of fully known elements, by a hash of each element's canonical text: linear,
/// where comparing each element with every kept one is quadratic (80,000 items took 17 s).
fn distinct_known(l: &[Node]) -> Vec<Node> {
    let mut seen = rustc_hash::FxHashSet::default();
    l.iter()
        .filter(|x| known_key(x).is_none_or(|k| seen.insert(k)))
        .cloned()
        .collect()
}

/// Text equal for two known values exactly when [`val_eq`] holds (but for NaN inside a
/// collection): type-tagged, strings length-prefixed so no two values share a text.
fn canonical(v: &Val, out: &mut String) {
    use std::fmt::Write;
    match v {
        Val::Null => out.push('n'),
        Val::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        // -0 == 0 for val_eq: one text for both.
        Val::Number(n) => {
            let _ = write!(out, "#{};", if *n == 0.0 { 0.0 } else { *n });
        }
        Val::Str(s) => {
            let _ = write!(out, "s{}:{s}", s.len());
        }
        Val::List(l) => {
            let _ = write!(out, "[{}", l.len());
            l.iter().for_each(|x| canonical(&x.val, out));
        }
        Val::Map(m) => {
            let _ = write!(out, "{{{}", m.len());
            for (k, x) in m.iter() {
                let _ = write!(out, "{}:{k}", k.len());
                canonical(&x.val, out);
            }
        }
        // Not reached: only known values are given.
        Val::Unknown(_) | Val::Partial(_) => out.push('?'),
    }
}

/// Whether two elements could turn out equal: only strings with holes are compared by their
/// known text; any other unknown could equal anything.
fn may_equal(a: &Node, b: &Node) -> bool {
    fn text(n: &Node) -> Option<&str> {
        match &n.val {
            Val::Str(s) => Some(s),
            Val::Partial(p) => Some(&p.text),
            _ => None,
        }
    }
    match (text(a), text(b)) {
        (Some(x), Some(y)) => partial::may_equal(x, y),
        _ => a.find_unknown().is_some() || b.find_unknown().is_some(),
    }
}

fn to_set(l: Vec<Node>) -> R {
    let mut out = distinct(&l)?;
    if out.iter().all(|x| matches!(x.val, Val::Str(_))) {
        out.sort_by(|p, q| p.as_str().cmp(&q.as_str()));
    } else if out.iter().all(|x| matches!(x.val, Val::Number(_))) {
        out.sort_by(|p, q| num(p).unwrap_or(0.0).total_cmp(&num(q).unwrap_or(0.0)));
    }
    Ok(Val::List(out))
}

/// Each argument as a set (a list).
fn sets(a: &[Node]) -> Result<Vec<Vec<Node>>, Reason> {
    if a.is_empty() {
        return Err("set functions need at least one argument".into());
    }
    a.iter().map(|x| list(x).map(<[Node]>::to_vec)).collect()
}

/// Elements of the first set that are (`keep`) or are not in every other set, each looked up by
/// its canonical text (see [`canonical`]).
fn set_filter(l: Vec<Vec<Node>>, keep: bool) -> R {
    let Some((first, rest)) = l.split_first() else {
        return Ok(Val::List(Vec::new()));
    };
    for x in &l {
        known_elements(x)?;
    }
    let rest: Vec<rustc_hash::FxHashSet<String>> = rest
        .iter()
        .map(|r| r.iter().filter_map(known_key).collect())
        .collect();
    let kept = first
        .iter()
        .filter(|x| {
            let key = known_key(x);
            rest.iter()
                .all(|r| key.as_ref().is_some_and(|k| r.contains(k)) == keep)
        })
        .cloned()
        .collect();
    to_set(kept)
}

fn compact(l: &[Node]) -> R {
    // A partly known string with known text is not empty; anything else unknown might be.
    let maybe_empty = |x: &&Node| match &x.val {
        Val::Partial(p) => partial::known_len(&p.text) == 0,
        _ => x.find_unknown().is_some(),
    };
    if let Some(u) = l.iter().find(maybe_empty) {
        return Err(reason(&u.val).unwrap_or_default());
    }
    let kept = l.iter().filter(|x| !x.is_null() && x.as_str() != Some(""));
    Ok(Val::List(kept.cloned().collect()))
}

fn flatten(l: &[Node], out: &mut Vec<Node>) -> Result<(), Reason> {
    for x in l {
        match &x.val {
            Val::List(i) => flatten(i, out)?,
            // It could be a list to flatten.
            Val::Unknown(r) => return Err(r.clone()),
            _ => out.push(x.clone()),
        }
    }
    Ok(())
}

fn chunklist(l: &[Node], size: f64, at: Origin) -> R {
    if size < 0.0 || size.fract() != 0.0 {
        return Err("chunklist(): the size must be a whole number, not negative".into());
    }
    if size == 0.0 {
        return Ok(Val::List(vec![Node::new(Val::List(l.to_vec()), at)]));
    }
    let chunks = l
        .chunks(size as usize)
        .map(|c| Node::new(Val::List(c.to_vec()), at));
    Ok(Val::List(chunks.collect()))
}

/// Every combination of one element from each argument, in order.
fn setproduct(a: &[Node], at: Origin) -> R {
    if a.len() < 2 {
        return Err("setproduct() needs at least two arguments".into());
    }
    let mut rows: Vec<Vec<Node>> = vec![Vec::new()];
    for x in a {
        let l = list(x)?;
        rows = rows
            .iter()
            .flat_map(|r| {
                l.iter().map(move |e| {
                    let mut r = r.clone();
                    r.push(e.clone());
                    r
                })
            })
            .collect();
        if rows.len() > 100_000 {
            return Err("setproduct(): the product is too large".into());
        }
    }
    Ok(Val::List(
        rows.into_iter().map(|r| Node::new(Val::List(r), at)).collect(),
    ))
}

/// `matchkeys(values, keys, searchset)`: the values whose key (same index) is in the set.
fn matchkeys(a: &[Node]) -> R {
    let [values, keys, search] = a else {
        return Err("matchkeys() needs 3 arguments".into());
    };
    let (values, keys, search) = (list(values)?, list(keys)?, list(search)?);
    if values.len() != keys.len() {
        return Err("matchkeys(): values and keys must have the same length".into());
    }
    let mut out = Vec::new();
    for (v, k) in values.iter().zip(keys) {
        if contains(search, k)? {
            out.push(v.clone());
        }
    }
    Ok(Val::List(out))
}

/// `transpose({a = ["1", "2"]})` is `{"1" = ["a"], "2" = ["a"]}`.
fn transpose(m: &Map, at: Origin) -> R {
    let mut out: Map = Map::new();
    for (k, l) in m.iter() {
        for v in list(l)? {
            let e = out
                .entry(s(v)?)
                .or_insert_with(|| Node::new(Val::List(Vec::new()), at));
            if let Val::List(l) = &mut e.val {
                l.push(strv(k.clone(), at));
            }
        }
    }
    Ok(Val::Map(out))
}

/// The functions of this family that need no more than a few lines each.
const BASIC: &[&str] = &[
    "merge",
    "concat",
    "lookup",
    "length",
    "element",
    "keys",
    "values",
    "range",
    "zipmap",
    "slice",
    "one",
    "sort",
    "reverse",
    "coalescelist",
];

fn basic(name: &str, a: &[Node], at: Origin) -> R {
    let need = |n| super::argn(name, a, n);
    Ok(match name {
        "merge" => merge(a)?,
        "concat" => Val::List(a.iter().map(list).collect::<Result<Vec<_>, _>>()?.concat()),
        "lookup" => {
            need(2)?;
            lookup(a)?
        }
        "length" => {
            need(1)?;
            Val::Number(match &a[0].val {
                Val::List(l) => l.len(),
                Val::Map(m) => m.len(),
                Val::Str(x) => x.chars().count(),
                v => return Err(format!("length() of a {}", type_name(v)).into()),
            } as f64)
        }
        "element" => {
            need(2)?;
            element(list(&a[0])?, &a[1])?
        }
        "keys" => {
            need(1)?;
            Val::List(map(&a[0])?.keys().map(|k| strv(k.clone(), at)).collect())
        }
        "values" => {
            need(1)?;
            Val::List(map(&a[0])?.values().cloned().collect())
        }
        "range" => range(a, at)?,
        "zipmap" => {
            need(2)?;
            zipmap(list(&a[0])?, list(&a[1])?)?
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
        "coalescelist" => {
            for x in a {
                if !list(x)?.is_empty() {
                    return Ok(x.val.clone());
                }
            }
            return Err("coalescelist(): all lists are empty".into());
        }
        other => return Err(Reason::not_known(format!("function {other}() is not supported"))),
    })
}

/// `merge()` of maps (null arguments skipped); a map argument is copied (see `super::call` for
/// the moving case).
fn merge(a: &[Node]) -> R {
    let mut pairs = Vec::new();
    for x in a {
        if x.is_null() {
            continue;
        }
        pairs.extend(map(x)?.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    // One sort for all the arguments (a stable one: the last value of a key wins), where
    // extending the map argument by argument sorts it again each time (quadratic).
    Ok(Val::Map(pairs.into_iter().collect()))
}

fn lookup(a: &[Node]) -> R {
    let k = s(&a[1])?;
    match map(&a[0])?.get(&k) {
        Some(v) => Ok(v.val.clone()),
        None => match a.get(2) {
            Some(d) => Ok(d.val.clone()),
            None => Err(format!("lookup(): no key \"{k}\"").into()),
        },
    }
}

/// `element()` wraps around the list's end, as Terraform does.
fn element(l: &[Node], i: &Node) -> R {
    if l.is_empty() {
        return Err("element() of an empty list".into());
    }
    let i = num(i)?;
    if i < 0.0 {
        return Err("element() with a negative index".into());
    }
    Ok(l[i as usize % l.len()].val.clone())
}

fn range(a: &[Node], at: Origin) -> R {
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
    Ok(Val::List(out))
}

fn zipmap(k: &[Node], v: &[Node]) -> R {
    if k.len() != v.len() {
        return Err("zipmap(): lists differ in length".into());
    }
    Ok(Val::Map(
        k.iter()
            .map(s)
            .zip(v.iter().cloned())
            .map(|(k, v)| Ok((k?, v)))
            .collect::<Result<_, Reason>>()?,
    ))
}
