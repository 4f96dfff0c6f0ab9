//! String functions beyond the simple ones in the dispatcher: regular expressions (RE2 syntax,
//! through the `regex` crate, whose syntax RE2 patterns share), replace with a pattern,
//! strcontains, strrev, templatestring.

use regex::Regex;

use super::{R, Scope, map, s, strv};
use crate::eval::Evaluator;
use crate::model::node::Map;
use crate::model::{Node, Origin, Val};

pub fn call(ev: &Evaluator, name: &str, a: &[Node], at: Origin) -> Option<R> {
    Some(match name {
        "regex" => two(name, a).and_then(|(p, x)| {
            let re = compile(&p)?;
            let shape = Shape::of(&re)?;
            match re.captures(&x) {
                Some(c) => Ok(shape.value(&re, &c, at)),
                None => Err(format!("regex(): pattern \"{p}\" does not match \"{x}\"")),
            }
        }),
        "regexall" => two(name, a).and_then(|(p, x)| {
            let re = compile(&p)?;
            let shape = Shape::of(&re)?;
            let all = re
                .captures_iter(&x)
                .map(|c| Node::new(shape.value(&re, &c, at), at));
            Ok(Val::List(all.collect()))
        }),
        "strcontains" => two(name, a).map(|(x, sub)| Val::Bool(x.contains(&sub))),
        "strrev" => match a {
            [x] => s(x).map(|x| Val::Str(x.chars().rev().collect())),
            _ => Err("strrev() needs 1 argument".into()),
        },
        "templatestring" => templatestring(ev, a, at),
        _ => return None,
    })
}

fn two(name: &str, a: &[Node]) -> Result<(String, String), String> {
    match a {
        [x, y] => Ok((s(x)?, s(y)?)),
        _ => Err(format!("{name}() needs 2 arguments")),
    }
}

fn compile(p: &str) -> Result<Regex, String> {
    Regex::new(p).map_err(|e| format!("invalid regular expression \"{p}\": {e}"))
}

/// What one match gives, by the pattern's capture groups.
enum Shape {
    /// No groups: the matched text.
    Whole,
    /// Unnamed groups: a list of them.
    List,
    /// Named groups: a map by name.
    Map,
}

impl Shape {
    fn of(re: &Regex) -> Result<Shape, String> {
        let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
        let named = names.iter().filter(|n| n.is_some()).count();
        match (names.len(), named) {
            (0, _) => Ok(Shape::Whole),
            (_, 0) => Ok(Shape::List),
            (n, k) if n == k => Ok(Shape::Map),
            _ => Err("invalid regular expression: can't mix both named and unnamed capture groups".into()),
        }
    }

    /// A group that took no part in the match is null.
    fn value(&self, re: &Regex, c: &regex::Captures, at: Origin) -> Val {
        let group = |m: Option<regex::Match>| match m {
            Some(m) => strv(m.as_str().to_string(), at),
            None => Node::new(Val::Null, at),
        };
        match self {
            Shape::Whole => Val::Str(c[0].to_string()),
            Shape::List => Val::List(c.iter().skip(1).map(group).collect()),
            Shape::Map => Val::Map(
                re.capture_names()
                    .flatten()
                    .map(|n| (n.to_string(), group(c.name(n))))
                    .collect::<Map>(),
            ),
        }
    }
}

/// `replace(string, substring, replacement)`: a substring in slashes is a pattern, and
/// `$1` / `${name}` in the replacement insert its groups.
pub fn replace(x: &str, from: &str, to: &str) -> Result<String, String> {
    match from.strip_prefix('/').and_then(|f| f.strip_suffix('/')) {
        Some(p) if from.len() > 1 => Ok(compile(p)?.replace_all(x, to).into_owned()),
        _ => Ok(x.replace(from, to)),
    }
}

/// Whether `replace(x, from, _)` leaves `x` as it is whatever the replacement: the substring
/// (or pattern) does not occur in it.
pub fn replace_is_identity(x: &str, from: &str) -> Result<bool, String> {
    match from.strip_prefix('/').and_then(|f| f.strip_suffix('/')) {
        Some(p) if from.len() > 1 => Ok(!compile(p)?.is_match(x)),
        _ => Ok(!from.is_empty() && !x.contains(from)),
    }
}

/// `templatestring(ref, vars)`: the string is rendered as a template with only `vars` in scope.
fn templatestring(ev: &Evaluator, a: &[Node], at: Origin) -> R {
    let [t, vars] = a else {
        return Err("templatestring() needs 2 arguments".into());
    };
    let text = s(t)?;
    let vars = map(vars)?;
    let t =
        hcl_edit::parser::parse_template(&text).map_err(|e| format!("templatestring(): {}", e.message()))?;
    let names = vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let root = Scope::root();
    let v = ev.eval_template(&t, &root.child(names), at);
    match v.val {
        Val::Unknown(r) => Err(r),
        Val::Str(x) => Ok(Val::Str(x)),
        other => Ok(Val::Str(super::to_str(&Node::new(other, at))?)),
    }
}
