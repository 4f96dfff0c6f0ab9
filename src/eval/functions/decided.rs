//! Calls with an Unknown argument whose result the known arguments decide anyway:
//! `replace("a-b", "/", var.x)` is "a-b" whatever x is, `contains([], var.x)` is false,
//! `join(var.sep, ["only"])` is "only". Everything else with an Unknown argument is Unknown.

use super::string::replace_is_identity;
use super::{list, map, to_str};
use crate::model::{Node, Val};

pub fn call(name: &str, a: &[Node]) -> Option<Val> {
    let known = |i: usize| a.get(i).filter(|x| !x.is_unknown());
    let text = |i: usize| known(i).and_then(|x| to_str(x).ok());
    match name {
        // The substring does not occur: the replacement is never used.
        "replace" => {
            let (x, from) = (text(0)?, text(1)?);
            replace_is_identity(&x, &from).ok()?.then_some(Val::Str(x.into()))
        }
        // Every string starts and ends with "" and contains it.
        "startswith" | "endswith" | "strcontains" => text(1)?.is_empty().then_some(Val::Bool(true)),
        "contains" => list(known(0)?).ok()?.is_empty().then_some(Val::Bool(false)),
        // The separator is not used between fewer than two elements.
        "join" => {
            let mut parts = Vec::new();
            for l in a.get(1..)? {
                parts.extend(list(l).ok()?);
            }
            match parts.as_slice() {
                [] => Some(Val::Str(String::new().into())),
                [x] => to_str(x).ok().map(|s| Val::Str(s.into())),
                _ => None,
            }
        }
        "lookup" => {
            let m = map(known(0)?).ok()?;
            m.get(&text(1)?).map(|v| v.val.clone())
        }
        // The first non-empty list before any Unknown one.
        "coalescelist" => {
            for x in a {
                match list(x) {
                    Ok([]) => continue,
                    Ok(_) => return Some(x.val.clone()),
                    Err(_) => return None,
                }
            }
            None
        }
        // An empty set intersected or multiplied with anything is empty.
        "setintersection" | "setproduct" => a
            .iter()
            .any(|x| matches!(&x.val, Val::List(l) if l.is_empty()))
            .then_some(Val::List(Vec::new())),
        _ => None,
    }
}
