//! yamldecode: one YAML document as go-cty-yaml reads it. A mapping is an object (keys are
//! scalars, typed then written as strings; `<<` merges a mapping in, in order), a sequence a
//! tuple; anchors and aliases are followed. The parser is saphyr-parser (YAML 1.2); the few
//! places where Terraform's YAML 1.1 parser reads otherwise are errors or not evaluated.

use crate::model::Reason;
use rustc_hash::{FxHashMap, FxHashSet};
use saphyr_parser::{Event, Parser, Span, StrInput, Tag};

use super::scalar::{Scalar, resolve};
use crate::model::node::Map;
use crate::model::{Node, Origin, Val};

/// Values an alias may copy in all: beyond it (an alias bomb) the result is not evaluated.
const MAX_VALUES: usize = 1_000_000;

struct Decoder<'a> {
    p: Parser<'a, StrInput<'a>>,
    anchors: FxHashMap<usize, Node>,
    pending: FxHashSet<usize>,
    values: usize,
    at: Origin,
}

pub fn decode(src: &str, at: Origin) -> Result<Val, Reason> {
    // go-yaml reads YAML 1.1 only, and knows no `\/` escape.
    if src
        .lines()
        .any(|l| l.starts_with("%YAML") && l.split_whitespace().nth(1) != Some("1.1"))
    {
        return Err("yamldecode(): found incompatible YAML document".into());
    }
    if src.contains("\\/") || src.contains("\\'") {
        return Err(Reason::not_known(
            "yamldecode(): a `\\/` or `\\'` escape is not evaluated (YAML 1.1 and 1.2 differ)",
        ));
    }
    let mut d = Decoder {
        p: Parser::new_from_str(src),
        anchors: FxHashMap::default(),
        pending: FxHashSet::default(),
        values: 0,
        at,
    };
    d.expect(|e| matches!(e, Event::StreamStart), "missing stream start")?;
    d.expect(
        |e| matches!(e, Event::DocumentStart(_)),
        "missing start of document",
    )?;
    let (first, span) = d.next()?;
    let v = d.node(first, span)?;
    d.expect(
        |e| matches!(e, Event::DocumentEnd),
        "unexpected extra content after value",
    )?;
    d.expect(
        |e| matches!(e, Event::StreamEnd),
        "only a single document is allowed",
    )?;
    Ok(v.val)
}

fn err(span: Span, msg: impl std::fmt::Display) -> Reason {
    Reason::from(format!(
        "yamldecode(): on line {}, column {}: {msg}",
        span.start.line(),
        span.start.col() + 1
    ))
}

/// The name of a core schema tag (`!!int` → `int`), "" without a tag.
fn tag_name(tag: Option<&Tag>, span: Span) -> Result<&str, Reason> {
    match tag {
        None => Ok(""),
        Some(t) if t.is_yaml_core_schema() => Ok(&t.suffix),
        Some(t) => Err(err(span, format!("unsupported tag \"{t}\""))),
    }
}

impl<'a> Decoder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), Reason> {
        match self.p.next_event() {
            Some(Ok(e)) => Ok(e),
            // saphyr-parser stops at a nesting depth go-yaml may accept: not an error, then.
            Some(Err(e)) if e.to_string().contains("recursion limit") => {
                Err(Reason::not_known(format!("yamldecode(): {e}; not evaluated")))
            }
            Some(Err(e)) => Err(format!("yamldecode(): {e}").into()),
            None => Err("yamldecode(): unexpected end of stream".into()),
        }
    }

    fn expect(&mut self, want: impl Fn(&Event) -> bool, msg: &str) -> Result<(), Reason> {
        let (e, span) = self.next()?;
        if want(&e) { Ok(()) } else { Err(err(span, msg)) }
    }

    fn count(&mut self, n: usize) -> Result<(), Reason> {
        self.values += n;
        if self.values > MAX_VALUES {
            return Err(Reason::not_known(
                "yamldecode(): the document expands to too many values; not evaluated",
            ));
        }
        Ok(())
    }

    fn node(&mut self, e: Event<'a>, span: Span) -> Result<Node, Reason> {
        self.count(1)?;
        let (anchor, n) = match e {
            Event::Scalar(src, style, anchor, tag) => {
                let tag = tag_name(tag.as_deref(), span)?;
                match resolve(tag, &src, style).map_err(|e| err(span, e))? {
                    Scalar::Val(v) => (anchor, Node::new(v, self.at)),
                    Scalar::Merge => {
                        let e = err(span, "a merge key `<<` outside a mapping key is not evaluated");
                        return Err(Reason::not_known(e.as_str()));
                    }
                }
            }
            Event::Alias(id) => return self.alias(id, span),
            Event::SequenceStart(anchor, tag) => {
                let tag = tag_name(tag.as_deref(), span)?;
                if !tag.is_empty() && tag != "seq" {
                    return Err(err(span, format!("can't interpret sequence as !!{tag}")));
                }
                self.pending.insert(anchor);
                (anchor, self.sequence()?)
            }
            Event::MappingStart(anchor, tag) => {
                let tag = tag_name(tag.as_deref(), span)?;
                if !tag.is_empty() && tag != "map" {
                    return Err(err(span, format!("can't interpret mapping as !!{tag}")));
                }
                self.pending.insert(anchor);
                (anchor, self.mapping()?)
            }
            _ => return Err(err(span, "unexpected event")),
        };
        if anchor != 0 {
            self.pending.remove(&anchor);
            self.anchors.insert(anchor, n.clone());
        }
        Ok(n)
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<Node, Reason> {
        if self.pending.contains(&id) {
            return Err(err(
                span,
                "cannot refer to an anchor from inside its own definition",
            ));
        }
        let n = self
            .anchors
            .get(&id)
            .cloned()
            .ok_or_else(|| err(span, "reference to undefined anchor"))?;
        self.count(size(&n))?;
        Ok(n)
    }

    fn sequence(&mut self) -> Result<Node, Reason> {
        let mut items = Vec::new();
        loop {
            match self.next()? {
                (Event::SequenceEnd, _) => return Ok(Node::new(Val::List(items), self.at)),
                (e, span) => items.push(self.node(e, span)?),
            }
        }
    }

    fn mapping(&mut self) -> Result<Node, Reason> {
        let mut m = Map::new();
        loop {
            let (e, span) = self.next()?;
            let key = match e {
                Event::MappingEnd => return Ok(Node::new(Val::Map(m), self.at)),
                // An anchor on a key is not recorded (an alias to it is undefined in Terraform).
                Event::Scalar(src, style, _, tag) => {
                    let name = tag_name(tag.as_deref(), span)?;
                    resolve(name, &src, style).map_err(|e| err(span, e))?
                }
                _ => return Err(err(span, "only strings are allowed as mapping keys")),
            };
            let (e, vspan) = self.next()?;
            let value = self.node(e, vspan)?;
            match key {
                Scalar::Merge => match value.val {
                    Val::Map(vm) => m.extend(vm),
                    v => {
                        let what = if matches!(v, Val::List(_)) {
                            "tuple"
                        } else {
                            "a non-mapping"
                        };
                        return Err(err(vspan, format!("cannot merge {what} into mapping")));
                    }
                },
                Scalar::Val(k) => {
                    let k = key_string(k).map_err(|e| err(span, e))?;
                    m.insert(k, value);
                }
            }
        }
    }
}

/// A key as cty converts it to a string.
fn key_string(k: Val) -> Result<String, &'static str> {
    match k {
        Val::Str(s) => Ok(s.to_string()),
        Val::Bool(b) => Ok(b.to_string()),
        Val::Number(x) if x.is_finite() => Ok(format!("{x}")),
        Val::Null => Err("mapping key cannot be null"),
        _ => Err("only strings are allowed as mapping keys"),
    }
}

/// How many values a node holds, itself included.
fn size(n: &Node) -> usize {
    1 + match &n.val {
        Val::List(l) => l.iter().map(size).sum(),
        Val::Map(m) => m.values().map(size).sum(),
        _ => 0,
    }
}
