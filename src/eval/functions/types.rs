//! Functions about values rather than their content. The scan does not track sensitive or
//! ephemeral marks: sensitive() and nonsensitive() return their argument; issensitive() is
//! known only where the argument's own form decides it.

use crate::model::Reason;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::template::{Element, Template};

use super::{R, list, map, num, s};
use crate::eval::{Evaluator, Scope};
use crate::model::{Node, Origin, Val};

pub fn call(name: &str, a: &[Node]) -> Option<R> {
    if BASIC.contains(&name) {
        return Some(basic(name, a));
    }
    let arg = || {
        a.first()
            .map(|x| x.val.clone())
            .ok_or(Reason::from(format!("{name}() needs 1 argument")))
    };
    Some(match name {
        "sensitive" | "nonsensitive" | "ephemeralasnull" => arg(),
        "issensitive" => Err(Reason::not_known(NOT_TRACKED)),
        "type" => Err("type() is only available in terraform console".into()),
        "tuple" | "list" | "map" => Err(format!("{name}() is a type constraint, not a function").into()),
        _ => return None,
    })
}

const NOT_TRACKED: &str = "issensitive() is not supported here: the scan does not track \
    sensitive values (variables declared sensitive, provider attributes, values derived from them)";

/// issensitive(x): Terraform asks whether x itself (not an element of it) carries the sensitive
/// mark. Decided by x's form: a sensitive() call is marked, a nonsensitive() call, a literal and
/// a tuple or object constructor (marks stay on their elements) are not. Anything else may derive
/// from a sensitive value: not known.
pub fn issensitive(ev: &Evaluator, args: &[&Expression], sc: &Scope, at: Origin) -> Node {
    let [x] = args else {
        return Node::unknown("issensitive() needs exactly 1 argument", at);
    };
    let x = unparen(x);
    if let Expression::FuncCall(f) = x
        && f.name.namespace.is_empty()
        && !f.args.expand_final()
        && let [inner] = f.args.iter().collect::<Vec<_>>().as_slice()
        && matches!(f.name.name.as_str(), "sensitive" | "nonsensitive")
    {
        // The argument's own errors are still errors.
        let v = ev.eval(inner, sc, at);
        if let Some(Val::Unknown(r)) = v.find_unknown().map(|u| &u.val)
            && r.is_error()
        {
            return Node::unknown(r.clone(), at);
        }
        return Node::new(Val::Bool(f.name.name.as_str() == "sensitive"), at);
    }
    let unmarked = match x {
        Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => true,
        Expression::StringTemplate(t) => literal(t),
        Expression::HeredocTemplate(h) => literal(&h.template),
        Expression::Array(_) => true,
        // A key computed from a sensitive value marks the whole object.
        Expression::Object(o) => o.iter().all(|(k, _)| match k {
            ObjectKey::Ident(_) => true,
            // A bare word is the literal name; a parenthesized one is an expression.
            ObjectKey::Expression(e) => match e {
                Expression::Variable(_) | Expression::String(_) | Expression::Number(_) => true,
                Expression::StringTemplate(t) => literal(t),
                _ => false,
            },
        }),
        _ => false,
    };
    if unmarked {
        // Still evaluated, so that an error in it stays an error.
        let v = ev.eval(x, sc, at);
        if let Some(Val::Unknown(r)) = v.find_unknown().map(|u| &u.val)
            && r.is_error()
        {
            return Node::unknown(r.clone(), at);
        }
        return Node::new(Val::Bool(false), at);
    }
    Node::not_known(NOT_TRACKED, at)
}

fn unparen(mut e: &Expression) -> &Expression {
    while let Expression::Parenthesis(p) = e {
        e = p.inner();
    }
    e
}

/// A template without interpolations or directives.
fn literal(t: &Template) -> bool {
    t.iter().all(|e| matches!(e, Element::Literal(_)))
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
                Val::Str(s(&a[0])?.into())
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
        other => return Err(Reason::not_known(format!("function {other}() is not supported"))),
    })
}
