//! Functions about values rather than their content. The scan does not track sensitive or
//! ephemeral marks: sensitive() and nonsensitive() return their argument, issensitive() is not
//! known.

use super::{R, list, map, num, s};
use crate::model::{Node, Val};

pub fn call(name: &str, a: &[Node]) -> Option<R> {
    if BASIC.contains(&name) {
        return Some(basic(name, a));
    }
    let arg = || {
        a.first()
            .map(|x| x.val.clone())
            .ok_or(format!("{name}() needs 1 argument"))
    };
    Some(match name {
        "sensitive" | "nonsensitive" | "ephemeralasnull" => arg(),
        "issensitive" => {
            Err("issensitive() is not supported: the scan does not track sensitive values".into())
        }
        "type" => Err("type() is only available in terraform console".into()),
        "yamldecode" | "yamlencode" => Err(format!("{name}() is not supported")),
        _ => return None,
    })
}

/// The functions of this family that need no more than a few lines each.
const BASIC: &[&str] = &["tolist", "tomap", "tostring", "tonumber", "tobool"];

fn basic(name: &str, a: &[Node]) -> R {
    let need = |n| super::argn(name, a, n);
    Ok(match name {
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
        other => return Err(format!("function {other}() is not supported")),
    })
}
