//! String functions. The short ones (format and formatlist through `format.rs`, join, split,
//! replace, with a pattern or not...) are listed in `BASIC` and written in `basic`; `call` has
//! regular expressions (RE2 syntax, through the `regex` crate, whose syntax RE2 patterns share),
//! strcontains, strrev and templatestring.

use crate::model::Reason;
use regex::Regex;

use super::{R, Scope, list, map, num, s, strv};
use crate::eval::Evaluator;
use crate::model::node::Map;
use crate::model::{Node, Origin, Val};

pub fn call(ev: &Evaluator, name: &str, a: &[Node], at: Origin) -> Option<R> {
    if BASIC.contains(&name) {
        return Some(basic(name, a, at));
    }
    Some(match name {
        "regex" => two(name, a).and_then(|(p, x)| {
            let re = compile(&p)?;
            let shape = Shape::of(&re)?;
            match re.captures(&x) {
                Some(c) => Ok(shape.value(&re, &c, at)),
                None => Err(format!("regex(): pattern \"{p}\" does not match \"{x}\"").into()),
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
            [x] => s(x).map(|x| Val::Str(x.chars().rev().collect::<String>().into())),
            _ => Err("strrev() needs 1 argument".into()),
        },
        "templatestring" => templatestring(ev, a, at),
        _ => return None,
    })
}

fn two(name: &str, a: &[Node]) -> Result<(String, String), Reason> {
    match a {
        [x, y] => Ok((s(x)?, s(y)?)),
        _ => Err(format!("{name}() needs 2 arguments").into()),
    }
}

fn compile(p: &str) -> Result<Regex, Reason> {
    Regex::new(p).map_err(|e| Reason::from(format!("invalid regular expression \"{p}\": {e}")))
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
    fn of(re: &Regex) -> Result<Shape, Reason> {
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
            Shape::Whole => Val::Str(c[0].into()),
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

/// `replace`'s search argument as a regular expression: a substring in slashes (`/a+/`).
pub fn replace_pattern(from: &str) -> Option<&str> {
    from.strip_prefix('/')
        .and_then(|f| f.strip_suffix('/'))
        .filter(|_| from.len() > 1)
}

/// `replace(string, substring, replacement)`: a substring in slashes is a pattern, and
/// `$1` / `${name}` in the replacement insert its groups.
pub fn replace(x: &str, from: &str, to: &str) -> Result<String, Reason> {
    match replace_pattern(from) {
        Some(p) => Ok(compile(p)?.replace_all(x, to).into_owned()),
        None => Ok(x.replace(from, to)),
    }
}

/// Whether `replace(x, from, _)` leaves `x` as it is whatever the replacement: the substring
/// (or pattern) does not occur in it.
pub fn replace_is_identity(x: &str, from: &str) -> Result<bool, Reason> {
    match replace_pattern(from) {
        Some(p) => Ok(!compile(p)?.is_match(x)),
        None => Ok(!from.is_empty() && !x.contains(from)),
    }
}

/// `templatestring(ref, vars)`: the string is rendered as a template with only `vars` in scope.
fn templatestring(ev: &Evaluator, a: &[Node], at: Origin) -> R {
    let [t, vars] = a else {
        return Err("templatestring() needs 2 arguments".into());
    };
    let text = s(t)?;
    let vars = map(vars)?;
    let t = hcl_edit::parser::parse_template(&text)
        .map_err(|e| Reason::from(format!("templatestring(): {}", e.message())))?;
    let names = vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let root = Scope::root();
    let v = ev.eval_template(&t, &root.child(names), at);
    match v.val {
        Val::Unknown(r) => Err(r),
        Val::Str(x) => Ok(Val::Str(x)),
        Val::Partial(p) => Ok(Val::Partial(p)),
        other => Ok(Val::Str(super::to_str(&Node::new(other, at))?.into())),
    }
}

/// The functions of this family that need no more than a few lines each.
const BASIC: &[&str] = &[
    "format",
    "formatlist",
    "join",
    "split",
    "replace",
    "lower",
    "upper",
    "trimspace",
    "trim",
    "trimprefix",
    "trimsuffix",
    "startswith",
    "endswith",
    "substr",
    "chomp",
    "indent",
    "title",
];

fn basic(name: &str, a: &[Node], at: Origin) -> R {
    let need = |n| super::argn(name, a, n);
    Ok(match name {
        "format" => {
            need(1)?;
            Val::Str(super::format::format(&s(&a[0])?, &a[1..])?.into())
        }
        "formatlist" => return super::format::formatlist(a, at),
        "join" => {
            need(2)?;
            join(a)?
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
            Val::Str(replace(&x, &from, &to)?.into())
        }
        "lower" => Val::Str(
            s(a.first().ok_or("lower() needs 1 argument")?)?
                .to_lowercase()
                .into(),
        ),
        "upper" => Val::Str(
            s(a.first().ok_or("upper() needs 1 argument")?)?
                .to_uppercase()
                .into(),
        ),
        "trimspace" => Val::Str(s(a.first().ok_or("trimspace() needs 1 argument")?)?.trim().into()),
        "trim" => {
            need(2)?;
            let cut = s(&a[1])?;
            Val::Str(s(&a[0])?.trim_matches(|c| cut.contains(c)).into())
        }
        "trimprefix" => {
            need(2)?;
            let x = s(&a[0])?;
            let p = s(&a[1])?;
            Val::Str(x.strip_prefix(p.as_str()).unwrap_or(&x).into())
        }
        "trimsuffix" => {
            need(2)?;
            let x = s(&a[0])?;
            let p = s(&a[1])?;
            Val::Str(x.strip_suffix(p.as_str()).unwrap_or(&x).into())
        }
        "startswith" => {
            need(2)?;
            Val::Bool(s(&a[0])?.starts_with(&s(&a[1])?))
        }
        "endswith" => {
            need(2)?;
            Val::Bool(s(&a[0])?.ends_with(&s(&a[1])?))
        }
        "substr" => {
            need(3)?;
            substr(a)?
        }
        "chomp" => Val::Str(
            s(a.first().ok_or("chomp() needs 1 argument")?)?
                .trim_end_matches(['\n', '\r'])
                .into(),
        ),
        "indent" => {
            need(2)?;
            indent(a)?
        }
        "title" => title(a)?,
        other => return Err(Reason::not_known(format!("function {other}() is not supported"))),
    })
}

fn join(a: &[Node]) -> R {
    let sep = s(&a[0])?;
    let mut parts = Vec::new();
    for l in &a[1..] {
        for x in list(l)? {
            parts.push(s(x)?);
        }
    }
    Ok(Val::Str(parts.join(&sep).into()))
}

/// `substr()` counts characters; a negative offset counts from the end, a negative length
/// takes the rest.
fn substr(a: &[Node]) -> R {
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
    Ok(Val::Str(x[start..end].iter().collect::<String>().into()))
}

fn indent(a: &[Node]) -> R {
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
    Ok(Val::Str(out.into()))
}

fn title(a: &[Node]) -> R {
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
    Ok(Val::Str(out.into()))
}
