//! Terraform JSON syntax (`.tf.json`, `.tfvars.json`) → the evaluator's configuration view.
//!
//! Without provider schemas, an object (or array of objects) under a resource is taken as a
//! nested block, except for known map-typed arguments such as `tags`. Origins are found by
//! locating each key's text after its parent's, which gives the right line in practice.

use crate::eval::config::{Attr, Block, Body, Expr};
use crate::input::InputError;
use crate::model::{FileId, Origin, Sources};

/// Map-typed arguments that must not be read as nested blocks.
const MAP_ATTRS: &[&str] = &[
    "tags",
    "tags_all",
    "variables",
    "environment",
    "triggers",
    "labels",
    "metadata",
    "parameters",
    "default_tags",
];

/// Read a JSON file as Terraform does: a key repeated in an object is read every time (see
/// [`Merging`]); a repeated argument, which Terraform rejects, is an error in `errors`.
pub fn parse(
    sources: &Sources,
    id: FileId,
    errors: &mut Vec<InputError>,
) -> Result<serde_json::Value, InputError> {
    use serde::de::DeserializeSeed;
    let text = &sources.get(id).text;
    let repeated = std::cell::RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let read = Merging { repeated: &repeated }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    let value = read.map_err(|e| {
        let off = super::json_error_offset(text, &e);
        let msg = e.to_string();
        // serde_json appends " at line L column C"; the position is reported separately.
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        InputError::at(sources, Origin::new(id, off..off), msg)
    })?;
    let mut from = 0;
    for key in repeated.into_inner() {
        // Its second occurrence, found in the text after the first (near enough for a line).
        let first = find_key(text, from, &key).map_or(from, |(_, e)| e);
        let (s, e) = find_key(text, first, &key).unwrap_or((first, first));
        from = s;
        let msg =
            format!("the argument \"{key}\" is repeated (Terraform rejects this); the last one is read");
        errors.push(InputError::at(sources, Origin::new(id, s..e), msg));
    }
    Ok(value)
}

/// A JSON value in which a key repeated in an object is kept, as Terraform's JSON syntax keeps
/// it (serde_json's `Value` keeps the last): repeated objects (blocks, such as two
/// `"resource"` keys) are read as an array of them, which means the same; any other repeated
/// key is recorded in `repeated` and its last value kept.
struct Merging<'r> {
    repeated: &'r std::cell::RefCell<Vec<String>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Merging<'_> {
    type Value = serde_json::Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Merging<'_> {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Merging {
            repeated: self.repeated,
        })? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Merging {
                repeated: self.repeated,
            })?;
            match out.get_mut(&key) {
                Some(slot) => {
                    // `"//"` is a comment: Terraform ignores it, repeated or not.
                    if !append_blocks(slot, value) && key != "//" {
                        self.repeated.borrow_mut().push(key);
                    }
                }
                None => {
                    out.insert(key, value);
                }
            }
        }
        Ok(serde_json::Value::Object(out))
    }
}

/// `value` appended to `slot` when both are objects or arrays of objects (repeated blocks);
/// else `slot` takes it, and `false` says an argument was repeated.
fn append_blocks(slot: &mut serde_json::Value, value: serde_json::Value) -> bool {
    use serde_json::Value;
    let blocks = |v: &Value| match v {
        Value::Object(_) => true,
        Value::Array(a) => !a.is_empty() && a.iter().all(Value::is_object),
        _ => false,
    };
    if !(blocks(slot) && blocks(&value)) {
        *slot = value;
        return false;
    }
    crate::model::json::append(slot, value);
    true
}

/// Where `"key"` first appears at or after `from`; the parent's position when not found.
fn find_key(text: &str, from: usize, key: &str) -> Option<(usize, usize)> {
    let quoted = serde_json::Value::from(key).to_string();
    let start = text.get(from..)?.find(&quoted)? + from;
    Some((start, start + quoted.len()))
}

/// The end of the JSON value after the key ending at `pos` (past `:`), so an origin spans
/// `"key": value`; `pos` itself when the text is not as expected.
fn value_end(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    let mut i = pos;
    while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b':') {
        i += 1;
    }
    let mut depth = 0usize;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => {
                    in_str = false;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return i,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b',' if depth == 0 => return i,
                c if c.is_ascii_whitespace() && depth == 0 => return i,
                _ => {}
            }
        }
        i += 1;
    }
    pos.min(b.len())
}

/// The origin of a top-level key of a `.tfvars.json` file.
pub fn key_origin(sources: &Sources, id: FileId, key: &str) -> Origin {
    let text = &sources.get(id).text;
    let (s, e) = find_key(text, 0, key).unwrap_or((0, 0));
    Origin::new(id, s..e)
}

struct Ctx<'t> {
    id: FileId,
    text: &'t str,
}

impl Ctx<'_> {
    /// An attribute's origin: its key's extended through the value.
    fn attr(&self, key: Origin) -> Origin {
        Origin::new(
            self.id,
            key.start as usize..value_end(self.text, key.end as usize),
        )
    }

    /// The origin of `key` searched after `from`, and where to search its children from.
    fn at(&self, from: usize, key: &str) -> (Origin, usize) {
        match find_key(self.text, from, key) {
            Some((s, e)) => (Origin::new(self.id, s..e), s),
            None => (Origin::new(self.id, from..from), from),
        }
    }
}

/// Objects or arrays of objects, as JSON syntax allows for repeated blocks.
fn objects(v: &serde_json::Value) -> Vec<&serde_json::Map<String, serde_json::Value>> {
    match v {
        serde_json::Value::Object(o) => vec![o],
        serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_object()).collect(),
        _ => Vec::new(),
    }
}

pub fn top_blocks<'a>(sources: &'a Sources, id: FileId, v: &'a serde_json::Value) -> Vec<Block<'a>> {
    let cx = Ctx {
        id,
        text: &sources.get(id).text,
    };
    let mut out = Vec::new();
    for top in objects(v) {
        for (kind, inner) in top {
            let (_, kpos) = cx.at(0, kind);
            match kind.as_str() {
                "resource" | "data" => {
                    for types in objects(inner) {
                        for (t, named) in types {
                            let (_, tpos) = cx.at(kpos, t);
                            for names in objects(named) {
                                for (n, body) in names {
                                    let (origin, npos) = cx.at(tpos, n);
                                    for b in objects(body) {
                                        out.push(Block {
                                            kind: kind.as_str(),
                                            labels: vec![t.as_str(), n.as_str()],
                                            body: json_body(&cx, b, npos, true),
                                            origin,
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
                "variable" => {
                    for vars in objects(inner) {
                        for (n, body) in vars {
                            let (origin, npos) = cx.at(kpos, n);
                            for b in objects(body) {
                                out.push(Block {
                                    kind: kind.as_str(),
                                    labels: vec![n.as_str()],
                                    body: json_body(&cx, b, npos, false),
                                    origin,
                                });
                            }
                        }
                    }
                }
                "locals" => {
                    let (origin, _) = cx.at(0, kind);
                    for b in objects(inner) {
                        out.push(Block {
                            kind: kind.as_str(),
                            labels: Vec::new(),
                            body: json_body(&cx, b, kpos, false),
                            origin,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn is_block(key: &str, v: &serde_json::Value) -> bool {
    if MAP_ATTRS.contains(&key) {
        return false;
    }
    match v {
        serde_json::Value::Object(_) => true,
        serde_json::Value::Array(a) => !a.is_empty() && a.iter().all(|x| x.is_object()),
        _ => false,
    }
}

fn json_body<'a>(
    cx: &Ctx,
    o: &'a serde_json::Map<String, serde_json::Value>,
    from: usize,
    blocks: bool,
) -> Body<'a> {
    let mut body = Body::default();
    for (k, v) in o {
        if k == "//" {
            continue;
        }
        let (origin, pos) = cx.at(from, k);
        if blocks && k == "dynamic" {
            for d in objects(v) {
                for (label, spec) in d {
                    let (dorigin, dpos) = cx.at(pos, label);
                    for s in objects(spec) {
                        let mut inner = Body::default();
                        for (sk, sv) in s {
                            let (sorigin, spos) = cx.at(dpos, sk);
                            if sk == "content" {
                                for c in objects(sv) {
                                    inner.blocks.push(Block {
                                        kind: "content",
                                        labels: Vec::new(),
                                        body: json_body(cx, c, spos, true),
                                        origin: sorigin,
                                    });
                                }
                            } else {
                                inner.attrs.push(Attr {
                                    name: sk.as_str(),
                                    expr: Expr::Json(sv),
                                    origin: cx.attr(sorigin),
                                });
                            }
                        }
                        body.blocks.push(Block {
                            kind: "dynamic",
                            labels: vec![label.as_str()],
                            body: inner,
                            origin: dorigin,
                        });
                    }
                }
            }
        } else if blocks && is_block(k, v) {
            for b in objects(v) {
                body.blocks.push(Block {
                    kind: k.as_str(),
                    labels: Vec::new(),
                    body: json_body(cx, b, pos, true),
                    origin,
                });
            }
        } else {
            body.attrs.push(Attr {
                name: k.as_str(),
                expr: Expr::Json(v),
                origin: cx.attr(origin),
            });
        }
    }
    body
}
