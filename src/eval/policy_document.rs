//! `data "aws_iam_policy_document"`: its statement blocks → the policy JSON text the AWS provider
//! renders as `.json`. Shared by both front ends, since sources and plans hold the same blocks.
//!
//! The output is byte-for-byte what AWS provider v5 renders (checked against real plans), because
//! policies compare and display the text. The provider's quirks reproduced here:
//! - `actions`, `resources`, principal `identifiers` (sets) are deduplicated and sorted in
//!   reverse; a single value renders as a string.
//! - `principals` and `condition` blocks (sets) are ordered by the plugin SDK's set hash: the
//!   decimal CRC-32 of the block's serialization, compared as strings. Principals of one type are
//!   merged into one list in that order; conditions on the same test and variable likewise.
//! - A lone `principals { type = "*", identifiers = ["*"] }` renders as `"Principal": "*"`.
//! - `&{var}` becomes `${var}` in resources, identifiers and condition values.
//! - Source and override documents are merged by `Sid` (overrides replace, new ones append);
//!   `source_json` and `override_json` (removed in v5) must be empty.
//! - Go's JSON encoding: two-space indent, `<`, `>`, `&` escaped as `\u003c` etc.

use std::collections::BTreeMap;

use serde_json::Value as J;

use super::go_json::go_quote;
use crate::model::partial::{self, Sym};
use crate::model::{Node, Reason, Val};

/// The `json` attribute for a data source whose body is `body`: a string node holding the JSON
/// text; a Partial one when some parts are unknown (they are holes: an unknown value, an unknown
/// principal or condition block, an unknown statement or source document); Unknown when the
/// document as a whole cannot be told (a malformed source document; a version or Sid not known
/// where the provider compares it).
pub fn policy_document_json(body: &Node) -> Node {
    let mut refs = Vec::new();
    collect_refs(body, &mut refs);
    refs.sort();
    refs.dedup();
    let node = match body.hole_reason() {
        None => match render(body) {
            Ok(text) => Node::new(Val::Str(text.into()), body.origin),
            Err(reason) => Node::unknown(reason, body.origin),
        },
        Some(reason) => match render(&sanitized(body)) {
            Ok(text) if partial::has_holes(&text) => Node::new(Val::partial(text, reason), body.origin),
            Ok(text) => Node::new(Val::Str(text.into()), body.origin),
            Err(reason) => Node::unknown(reason, body.origin),
        },
    };
    node.with_refs(refs)
}

/// `body`, or a copy whose known strings cannot be read as holes when some could.
fn sanitized(body: &Node) -> std::borrow::Cow<'_, Node> {
    fn forged(n: &Node) -> bool {
        match &n.val {
            Val::Str(s) => partial::has_holes(s),
            Val::List(l) => l.iter().any(forged),
            Val::Map(m) => m.values().any(forged),
            _ => false,
        }
    }
    if !forged(body) {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = body.clone();
    fn walk(n: &mut Node) {
        match &mut n.val {
            Val::Str(s) if partial::has_holes(s) => *s = partial::sanitize(s).into_owned().into(),
            Val::List(l) => l.iter_mut().for_each(walk),
            Val::Map(m) => m.iter_mut().for_each(|(_, c)| walk(c)),
            _ => {}
        }
    }
    walk(&mut out);
    std::borrow::Cow::Owned(out)
}

fn hole(sym: Sym) -> String {
    partial::hole_text(sym)
}

fn collect_refs(node: &Node, out: &mut Vec<String>) {
    out.extend(node.refs.iter().cloned());
    match &node.val {
        Val::List(l) => l.iter().for_each(|n| collect_refs(n, out)),
        Val::Map(m) => m.values().for_each(|n| collect_refs(n, out)),
        _ => {}
    }
}

/// A Go `interface{}` holding a string or a `[]string`.
#[derive(Clone, Debug, PartialEq)]
enum Ids {
    One(String),
    Many(Vec<String>),
}

#[derive(Clone, Debug)]
struct Principal {
    ptype: String,
    ids: Ids,
}

#[derive(Clone, Debug)]
struct Condition {
    test: String,
    variable: String,
    values: Vec<String>,
}

#[derive(Clone, Debug, Default)]
struct Statement {
    /// Not known at all: any statements, or none (rendered as a hole).
    unknown: bool,
    sid: String,
    effect: String,
    action: Option<J>,
    not_action: Option<J>,
    resource: Option<J>,
    not_resource: Option<J>,
    principals: Vec<Principal>,
    not_principals: Vec<Principal>,
    conditions: Vec<Condition>,
}

#[derive(Clone, Debug, Default)]
struct Doc {
    version: String,
    id: String,
    statements: Vec<Statement>,
}

impl Statement {
    fn unknown() -> Statement {
        Statement {
            unknown: true,
            ..Statement::default()
        }
    }
}

impl Doc {
    /// A source or override document that is not known: unknown statements, which may also
    /// replace any statement with a Sid.
    fn merge_unknown(&mut self) {
        for st in &mut self.statements {
            if !st.sid.is_empty() {
                *st = Statement::unknown();
            }
        }
        self.statements.push(Statement::unknown());
    }

    /// The provider's `IAMPolicyDoc.Merge`.
    fn merge(&mut self, new: Doc) {
        if !new.id.is_empty() {
            self.id = new.id;
        }
        if new.version > self.version {
            self.version = new.version;
        }
        for st in new.statements {
            if st.sid.is_empty() {
                self.statements.push(st);
            } else if let Some(slot) = self.statements.iter_mut().find(|s| s.sid == st.sid) {
                *slot = st;
            } else {
                self.statements.push(st);
            }
        }
    }
}

type R<T> = Result<T, Reason>;

fn unknown_at(path: &str, reason: &str) -> Reason {
    Reason::not_known(format!("policy document {path}: {reason}"))
}

/// A scalar as the string Terraform would convert it to; `None` for null.
fn scalar(node: &Node, path: &str) -> R<Option<String>> {
    match &node.val {
        Val::Null => Ok(None),
        Val::Str(s) => Ok(Some(s.to_string())),
        Val::Bool(b) => Ok(Some(b.to_string())),
        Val::Number(n) => Ok(Some(crate::model::node::number_to_json(*n).to_string())),
        // Unknown: a hole (the caller decides whether a hole is acceptable there).
        Val::Unknown(_) => Ok(Some(hole(Sym::Opaque))),
        Val::Partial(p) => Ok(Some(p.text.clone())),
        Val::List(_) | Val::Map(_) => Err(format!("policy document {path} is not a string").into()),
    }
}

// Paths name a part of the document only in errors: they are written out only then.

fn attr_str(map: &Node, key: &str, path: &str) -> R<Option<String>> {
    match attr(map, key) {
        Some(Node { val: Val::Str(s), .. }) => Ok(Some(s.to_string())),
        Some(n) => scalar(n, &format!("{path}{key}")),
        None => Ok(None),
    }
}

/// An attribute, `None` when absent or null (Unknown is returned).
fn attr<'a>(map: &'a Node, key: &str) -> Option<&'a Node> {
    match &map.val {
        Val::Map(m) => m.get(key).filter(|n| !n.is_null()),
        _ => None,
    }
}

/// A list of strings; nulls inside read as "" as the SDK does.
fn str_list(map: &Node, key: &str, path: &str) -> R<Vec<String>> {
    let Some(node) = attr(map, key) else {
        return Ok(Vec::new());
    };
    match &node.val {
        Val::List(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| Ok(scalar(n, &format!("{path}{key}[{i}]"))?.unwrap_or_default()))
            .collect(),
        // A single value; for an unknown list, one hole (`scalar`'s) stands for its values.
        _ => Ok(vec![scalar(node, &format!("{path}{key}"))?.unwrap_or_default()]),
    }
}

/// A set of strings: deduplicated (order is the caller's business).
fn str_set(map: &Node, key: &str, path: &str) -> R<Vec<String>> {
    let mut v = str_list(map, key, path)?;
    v.sort();
    v.dedup();
    Ok(v)
}

/// Nested blocks; `None` for a block (or blocks) that is not known (a `dynamic` block whose
/// `for_each` is unknown): it stands for any number of unknown blocks. Blocks are always a list
/// here (HCL, JSON syntax and plan configuration alike); Terraform rejects `statement = {...}`.
fn blocks<'a>(map: &'a Node, key: &str) -> Vec<Option<&'a Node>> {
    let Some(node) = attr(map, key) else {
        return Vec::new();
    };
    match &node.val {
        Val::List(items) => items
            .iter()
            .filter(|b| !b.is_null())
            .map(|b| (!b.is_unknown()).then_some(b))
            .collect(),
        Val::Unknown(_) | Val::Partial(_) => vec![None],
        _ => Vec::new(),
    }
}

/// `policyDecodeConfigStringList`: one value → a string, more → reverse-sorted list.
fn decode_list(mut v: Vec<String>) -> Ids {
    if v.len() == 1 {
        return Ids::One(v.pop().unwrap_or_default());
    }
    v.sort_by(|a, b| b.cmp(a));
    Ids::Many(v)
}

fn ids_json(ids: Ids) -> J {
    match ids {
        Ids::One(s) => J::String(s),
        Ids::Many(v) => J::Array(v.into_iter().map(J::String).collect()),
    }
}

fn replace_vars(s: String, version: &str, path: impl FnOnce() -> String) -> R<String> {
    if !s.contains("&{") {
        return Ok(s);
    }
    if version == "2008-10-17" {
        let path = path();
        return Err(Reason::not_known(format!(
            "policy document {path}: found &{{ sequence in ({s}), which is not supported in document \
             version 2008-10-17"
        )));
    }
    if partial::has_holes(version) {
        let path = path();
        return Err(unknown_at(
            "version",
            &format!("not known, and {path} uses &{{, which version 2008-10-17 rejects"),
        ));
    }
    Ok(s.replace("&{", "${"))
}

fn replace_ids(ids: Ids, version: &str, path: impl Fn() -> String) -> R<Ids> {
    Ok(match ids {
        Ids::One(s) => Ids::One(replace_vars(s, version, path)?),
        Ids::Many(v) => Ids::Many(
            v.into_iter()
                .map(|s| replace_vars(s, version, &path))
                .collect::<R<_>>()?,
        ),
    })
}

/// The SDK's `hashcode.String`: CRC-32 (IEEE); sets sort by its decimal text.
fn set_hash(s: &str) -> String {
    crc32(s.as_bytes()).to_string()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Order items as the SDK's `schema.Set.List()` does, dropping items with the same hash key.
fn sdk_set_order<T>(items: Vec<T>, serialize: impl Fn(&T) -> String) -> Vec<T> {
    let mut keyed: BTreeMap<String, T> = BTreeMap::new();
    for item in items {
        keyed.entry(set_hash(&serialize(&item))).or_insert(item);
    }
    keyed.into_values().collect()
}

fn principals(stmt: &Node, key: &str, path: &str, version: &str) -> R<Vec<Principal>> {
    let mut raw = Vec::new();
    for (i, b) in blocks(stmt, key).into_iter().enumerate() {
        let bpath = format!("{path}{key}[{i}].");
        let Some(b) = b else {
            let p = unknown_principal();
            raw.push((p.ptype, vec![hole(Sym::Opaque)], bpath));
            continue;
        };
        let ptype = attr_str(b, "type", &bpath)?.unwrap_or_default();
        let ids = str_set(b, "identifiers", &bpath)?;
        raw.push((ptype, ids, bpath));
    }
    let ordered = sdk_set_order(raw, |(t, ids, _)| {
        let ids = sdk_set_order(ids.clone(), |s| s.clone());
        let ids: String = ids.iter().map(|s| format!("{s};")).collect();
        format!("identifiers:{{{ids}}};type:{t};")
    });
    ordered
        .into_iter()
        .map(|(ptype, ids, bpath)| {
            Ok(Principal {
                ptype,
                ids: replace_ids(decode_list(ids), version, || format!("{bpath}identifiers"))?,
            })
        })
        .collect()
}

fn conditions(stmt: &Node, path: &str, version: &str) -> R<Vec<Condition>> {
    let mut raw = Vec::new();
    for (i, b) in blocks(stmt, "condition").into_iter().enumerate() {
        let bpath = format!("{path}condition[{i}].");
        let Some(b) = b else {
            raw.push(unknown_condition());
            continue;
        };
        raw.push(Condition {
            test: attr_str(b, "test", &bpath)?.unwrap_or_default(),
            variable: attr_str(b, "variable", &bpath)?.unwrap_or_default(),
            // `values` is a list: order and duplicates are kept.
            values: str_list(b, "values", &bpath)?
                .into_iter()
                .map(|v| replace_vars(v, version, || format!("{bpath}values")))
                .collect::<R<_>>()?,
        });
    }
    // Hashes use the values as written, before `&{` replacement; the replacement does not
    // change equality between blocks in practice.
    Ok(sdk_set_order(raw, |c| {
        let vals: String = c.values.iter().map(|v| format!("{v};")).collect();
        format!("test:{};values:({vals});variable:{};", c.test, c.variable)
    }))
}

fn config_doc(body: &Node) -> R<Doc> {
    let merges =
        attr(body, "source_policy_documents").is_some() || attr(body, "override_policy_documents").is_some();
    // The provider takes only versions 2008-10-17 and 2012-10-17, which render alike but where a
    // statement uses `&{` (see `replace_vars`) or documents merge (the later version wins): one
    // not known is a hole in "Version" only, which no check reads.
    let version = match attr_str(body, "version", "")? {
        Some(v) if partial::has_holes(&v) && merges => return Err(unknown_at("version", "not known")),
        v => v.unwrap_or_else(|| "2012-10-17".to_string()),
    };
    let id = attr_str(body, "policy_id", "")?.unwrap_or_default();
    let mut statements = Vec::new();
    let mut sids = Vec::new();
    // A Sid not known only names its statement, unless it could repeat another Sid (which the
    // provider rejects) or decide which statements a merged document replaces.
    let mut unknown_sid: Option<String> = None;
    for (i, st) in blocks(body, "statement").into_iter().enumerate() {
        let path = format!("statement[{i}].");
        let Some(st) = st else {
            statements.push(Statement::unknown());
            continue;
        };
        let sid = attr_str(st, "sid", &path)?.unwrap_or_default();
        if partial::has_holes(&sid) {
            if merges || unknown_sid.is_some() || !sids.is_empty() {
                return Err(unknown_at(&format!("{path}sid"), "not known"));
            }
            unknown_sid = Some(format!("{path}sid"));
        } else if !sid.is_empty() {
            if let Some(at) = &unknown_sid {
                return Err(unknown_at(at, "not known"));
            }
            if sids.contains(&sid) {
                return Err(
                    format!("policy document has a duplicate Sid ({sid}); the provider rejects it").into(),
                );
            }
            sids.push(sid.clone());
        }
        let list = |key: &str, replace: bool| -> R<Option<J>> {
            let v = str_set(st, key, &path)?;
            if v.is_empty() {
                return Ok(None);
            }
            let ids = decode_list(v);
            let ids = if replace {
                replace_ids(ids, &version, || format!("{path}{key}"))?
            } else {
                ids
            };
            Ok(Some(ids_json(ids)))
        };
        statements.push(Statement {
            unknown: false,
            sid,
            effect: attr_str(st, "effect", &path)?.unwrap_or_else(|| "Allow".to_string()),
            action: list("actions", false)?,
            not_action: list("not_actions", false)?,
            resource: list("resources", true)?,
            not_resource: list("not_resources", true)?,
            principals: principals(st, "principals", &path, &version)?,
            not_principals: principals(st, "not_principals", &path, &version)?,
            conditions: conditions(st, &path, &version)?,
        });
    }
    Ok(Doc {
        version,
        id,
        statements,
    })
}

/// The JSON strings of `source_policy_documents` / `override_policy_documents`, nulls skipped.
fn doc_list(body: &Node, key: &str) -> R<Vec<(String, String)>> {
    let Some(node) = attr(body, key) else {
        return Ok(Vec::new());
    };
    let items: Vec<&Node> = match &node.val {
        Val::List(l) => l.iter().collect(),
        // Unknown documents: one hole stands for them.
        _ => vec![node],
    };
    let mut out = Vec::new();
    for (i, n) in items.into_iter().enumerate() {
        let path = format!("{key}[{i}]");
        // The provider skips empty documents as it skips nulls.
        if let Some(s) = scalar(n, &path)?.filter(|s| !s.is_empty()) {
            out.push((s, path));
        }
    }
    Ok(out)
}

/// `source_json` and `override_json` were removed in AWS provider v5, which rejects any value
/// but "" (`expected "source_json" to be an empty string`): a document with one never renders.
fn removed_in_v5(body: &Node, key: &str) -> R<()> {
    let Some(text) = attr(body, key).map(|n| scalar(n, key)).transpose()?.flatten() else {
        return Ok(());
    };
    let rejected = "the AWS provider (v5) rejects it unless it is empty (use \
        source_policy_documents / override_policy_documents)";
    if partial::has_holes(&text) {
        Err(unknown_at(key, &format!("not known, and {rejected}")))
    } else if text.is_empty() {
        Ok(())
    } else {
        Err(format!("policy document {key}: {rejected}").into())
    }
}

/// A source or override document; None when what it holds is not known (it is unknown, has
/// holes outside JSON strings, or a Sid with a hole).
fn source_doc(text: &str, path: &str) -> R<Option<Doc>> {
    if !partial::has_holes(text) {
        return parse_doc(text, path).map(Some);
    }
    Ok(parse_doc(text, path)
        .ok()
        .filter(|d| !d.statements.iter().any(|s| partial::has_holes(&s.sid))))
}

fn merge_source(merged: &mut Doc, doc: Option<Doc>) {
    match doc {
        Some(d) => merged.merge(d),
        None => merged.merge_unknown(),
    }
}

fn render(body: &Node) -> R<String> {
    if let Some(r) = body.val.unknown_reason() {
        return Err(r.clone());
    }
    removed_in_v5(body, "source_json")?;
    removed_in_v5(body, "override_json")?;
    let doc = config_doc(body)?;
    let mut merged = Doc::default();
    let mut sids: Vec<String> = Vec::new();
    for (text, path) in doc_list(body, "source_policy_documents")? {
        let Some(src) = source_doc(&text, &path)? else {
            merged.merge_unknown();
            continue;
        };
        for st in &src.statements {
            if !st.sid.is_empty() {
                if sids.contains(&st.sid) {
                    return Err(format!(
                        "policy document {path} has a duplicate Sid ({}); the provider rejects it",
                        st.sid
                    )
                    .into());
                }
                sids.push(st.sid.clone());
            }
        }
        merged.merge(src);
    }
    merged.merge(doc);
    for (text, path) in doc_list(body, "override_policy_documents")? {
        merge_source(&mut merged, source_doc(&text, &path)?);
    }
    let mut out = String::new();
    write_indented(&doc_out(merged), 0, &mut out);
    Ok(out)
}

// ---- Source documents: Go's json.Unmarshal into the provider's policy types ----

// Go matches struct fields case-insensitively.
use crate::model::iam::get_ci as field;

fn go_string(v: Option<&J>, what: &str, path: &str) -> R<String> {
    match v {
        None | Some(J::Null) => Ok(String::new()),
        Some(J::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("policy document {path}: {what} is not a string").into()),
    }
}

fn parse_doc(text: &str, path: &str) -> R<Doc> {
    let value: J =
        serde_json::from_str(text).map_err(|e| format!("policy document {path} is not valid JSON: {e}"))?;
    let J::Object(obj) = value else {
        return Err(format!("policy document {path} is not a JSON object").into());
    };
    let mut doc = Doc {
        version: go_string(field(&obj, "Version"), "Version", path)?,
        id: go_string(field(&obj, "Id"), "Id", path)?,
        statements: Vec::new(),
    };
    match field(&obj, "Statement") {
        None | Some(J::Null) => {}
        Some(J::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                doc.statements
                    .push(parse_statement(item, &format!("{path} Statement[{i}]"))?);
            }
        }
        Some(_) => {
            return Err(format!(
                "policy document {path}: Statement must be a list (the provider rejects a single object)"
            )
            .into());
        }
    }
    Ok(doc)
}

fn parse_statement(value: &J, path: &str) -> R<Statement> {
    if let J::String(s) = value
        && partial::has_holes(s)
    {
        return Ok(Statement::unknown());
    }
    let J::Object(obj) = value else {
        return Err(format!("policy document {path} is not an object").into());
    };
    let any = |name: &str| field(obj, name).filter(|v| !v.is_null()).cloned();
    Ok(Statement {
        unknown: false,
        sid: go_string(field(obj, "Sid"), "Sid", path)?,
        effect: go_string(field(obj, "Effect"), "Effect", path)?,
        action: any("Action"),
        not_action: any("NotAction"),
        resource: any("Resource"),
        not_resource: any("NotResource"),
        principals: parse_principals(field(obj, "Principal"), path)?,
        not_principals: parse_principals(field(obj, "NotPrincipal"), path)?,
        conditions: parse_conditions(field(obj, "Condition"), path)?,
    })
}

fn parse_principals(value: Option<&J>, path: &str) -> R<Vec<Principal>> {
    match value {
        None | Some(J::Null) => Ok(Vec::new()),
        Some(J::String(s)) if partial::has_holes(s) => Ok(vec![unknown_principal()]),
        Some(J::String(_)) => Ok(vec![Principal {
            ptype: "*".into(),
            ids: Ids::Many(vec!["*".into()]),
        }]),
        Some(J::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                let ids = match v {
                    J::String(s) => Ids::One(s.clone()),
                    J::Array(a) => Ids::Many(
                        a.iter()
                            .map(|x| x.as_str().map(str::to_string))
                            .collect::<Option<_>>()
                            .ok_or_else(|| format!("policy document {path}: unsupported principal"))?,
                    ),
                    _ => return Err(format!("policy document {path}: unsupported principal").into()),
                };
                Ok(Principal {
                    ptype: k.clone(),
                    ids,
                })
            })
            .collect(),
        Some(_) => Err(format!("policy document {path}: unsupported principal").into()),
    }
}

fn unknown_principal() -> Principal {
    Principal {
        ptype: hole(Sym::Opaque),
        ids: Ids::One(hole(Sym::Opaque)),
    }
}

fn unknown_condition() -> Condition {
    Condition {
        test: hole(Sym::Opaque),
        variable: hole(Sym::Opaque),
        values: vec![hole(Sym::Opaque)],
    }
}

fn parse_conditions(value: Option<&J>, path: &str) -> R<Vec<Condition>> {
    let bad = || format!("policy document {path}: unsupported Condition");
    let m = match value {
        None | Some(J::Null) => return Ok(Vec::new()),
        Some(J::Object(m)) => m,
        Some(J::String(s)) if partial::has_holes(s) => return Ok(vec![unknown_condition()]),
        Some(_) => return Err(bad().into()),
    };
    let mut out = Vec::new();
    for (test, vars) in m {
        let vars = match vars {
            J::Object(vars) => vars,
            // Go decodes null into a nil map: no conditions.
            J::Null => continue,
            J::String(s) if partial::has_holes(s) => {
                out.push(unknown_condition());
                continue;
            }
            _ => return Err(bad().into()),
        };
        for (variable, vals) in vars {
            let values: Vec<String> = match vals {
                J::String(s) => vec![s.clone()],
                J::Bool(b) => vec![b.to_string()],
                // An empty list is kept (rendered `[]`). The provider crashes on anything but
                // strings in a list (`v.(string)`, booleans too): it never renders them.
                J::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map(str::to_string).ok_or_else(|| bad().into()))
                    .collect::<R<_>>()?,
                // Observed: the provider silently drops numbers, nulls and objects.
                _ => continue,
            };
            out.push(Condition {
                test: test.clone(),
                variable: variable.clone(),
                values,
            });
        }
    }
    Ok(out)
}

// ---- Output: Go's json.MarshalIndent of the provider's types ----

enum Out {
    Str(String),
    Raw(String),
    Arr(Vec<Out>),
    Obj(Vec<(String, Out)>),
}

fn json_out(v: J) -> Out {
    match v {
        J::Null => Out::Raw("null".into()),
        J::Bool(b) => Out::Raw(b.to_string()),
        J::Number(n) => Out::Raw(go_number(&n)),
        J::String(s) => Out::Str(s),
        J::Array(a) => Out::Arr(a.into_iter().map(json_out).collect()),
        J::Object(o) => {
            // Go sorts map keys.
            let mut entries: Vec<(String, Out)> = o.into_iter().map(|(k, v)| (k, json_out(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Out::Obj(entries)
        }
    }
}

/// Go's encoding of the float64 every JSON number decodes to (integers too): the shortest text
/// that reads back, with an exponent (`1e+21`, `1e-7`) below 1e-6 and from 1e21.
fn go_number(n: &serde_json::Number) -> String {
    let f = n.as_f64().unwrap_or(0.0);
    if f == 0.0 || (1e-6..1e21).contains(&f.abs()) {
        return format!("{f}");
    }
    let e = format!("{f:e}");
    if e.contains("e-") {
        e
    } else {
        e.replacen('e', "e+", 1)
    }
}

fn principals_out(ps: Vec<Principal>) -> Out {
    if let [p] = ps.as_slice()
        && p.ptype == "*"
        && match &p.ids {
            Ids::One(s) => s == "*",
            Ids::Many(v) => matches!(v.as_slice(), [s] if s == "*"),
        }
    {
        return Out::Str("*".into());
    }
    let mut raw: BTreeMap<String, Ids> = BTreeMap::new();
    for p in ps {
        let merged = match (raw.remove(&p.ptype), p.ids) {
            (None, ids) => ids,
            (Some(Ids::One(a)), Ids::One(b)) => Ids::Many(vec![a, b]),
            (Some(Ids::One(a)), Ids::Many(b)) => Ids::Many(std::iter::once(a).chain(b).collect()),
            (Some(Ids::Many(mut a)), Ids::One(b)) => {
                a.push(b);
                Ids::Many(a)
            }
            (Some(Ids::Many(mut a)), Ids::Many(b)) => {
                a.extend(b);
                Ids::Many(a)
            }
        };
        raw.insert(p.ptype, merged);
    }
    Out::Obj(
        raw.into_iter()
            .map(|(k, ids)| (k, json_out(ids_json(ids))))
            .collect(),
    )
}

fn conditions_out(cs: Vec<Condition>) -> Out {
    let mut raw: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for c in cs {
        raw.entry(c.test)
            .or_default()
            .entry(c.variable)
            .or_default()
            .extend(c.values);
    }
    let vals = |mut v: Vec<String>| {
        if v.len() == 1 {
            Out::Str(v.pop().unwrap_or_default())
        } else {
            Out::Arr(v.into_iter().map(Out::Str).collect())
        }
    };
    Out::Obj(
        raw.into_iter()
            .map(|(t, vars)| (t, Out::Obj(vars.into_iter().map(|(k, v)| (k, vals(v))).collect())))
            .collect(),
    )
}

fn doc_out(doc: Doc) -> Out {
    let mut top = Vec::new();
    if !doc.version.is_empty() {
        top.push(("Version".to_string(), Out::Str(doc.version)));
    }
    if !doc.id.is_empty() {
        top.push(("Id".to_string(), Out::Str(doc.id)));
    }
    if !doc.statements.is_empty() {
        let stmts = doc.statements.into_iter().map(statement_out).collect();
        top.push(("Statement".to_string(), Out::Arr(stmts)));
    }
    Out::Obj(top)
}

fn statement_out(s: Statement) -> Out {
    if s.unknown {
        return Out::Str(hole(Sym::Opaque));
    }
    let mut o = Vec::new();
    let mut put = |k: &str, v: Out| o.push((k.to_string(), v));
    if !s.sid.is_empty() {
        put("Sid", Out::Str(s.sid));
    }
    if !s.effect.is_empty() {
        put("Effect", Out::Str(s.effect));
    }
    for (k, v) in [
        ("Action", s.action),
        ("NotAction", s.not_action),
        ("Resource", s.resource),
        ("NotResource", s.not_resource),
    ] {
        if let Some(v) = v {
            put(k, json_out(v));
        }
    }
    if !s.principals.is_empty() {
        put("Principal", principals_out(s.principals));
    }
    if !s.not_principals.is_empty() {
        put("NotPrincipal", principals_out(s.not_principals));
    }
    if !s.conditions.is_empty() {
        put("Condition", conditions_out(s.conditions));
    }
    Out::Obj(o)
}

fn write_indented(v: &Out, depth: usize, out: &mut String) {
    let pad = |out: &mut String, d: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", d));
    };
    match v {
        Out::Str(s) => go_quote(s, out),
        Out::Raw(r) => out.push_str(r),
        Out::Arr(items) if items.is_empty() => out.push_str("[]"),
        Out::Obj(items) if items.is_empty() => out.push_str("{}"),
        Out::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pad(out, depth + 1);
                write_indented(item, depth + 1, out);
            }
            pad(out, depth);
            out.push(']');
        }
        Out::Obj(items) => {
            out.push('{');
            for (i, (k, item)) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pad(out, depth + 1);
                go_quote(k, out);
                out.push_str(": ");
                write_indented(item, depth + 1, out);
            }
            pad(out, depth);
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileId, Origin};

    fn origin() -> Origin {
        Origin::new(FileId(0), 0..1)
    }

    /// Every data source of a real plan (read at plan time, so its `json` is in `prior_state`)
    /// rendered from its own `values` must equal the provider's text.
    #[test]
    fn matches_the_provider_on_a_real_plan() {
        let plan: J =
            serde_json::from_str(include_str!("../../testdata/policy-documents/plan.json")).unwrap();
        let resources = plan["prior_state"]["values"]["root_module"]["resources"]
            .as_array()
            .unwrap();
        assert_eq!(resources.len(), 14);
        for r in resources {
            let values = &r["values"];
            let expected = values["json"].as_str().unwrap();
            let got = policy_document_json(&Node::from_json(values, origin()));
            assert_eq!(got.as_str(), Some(expected), "{}", r["address"]);
        }
    }

    // The provider skips an empty string in source_policy_documents (terraform-aws-modules
    // builds the list with `cond ? doc : ""`); it is not an error.
    #[test]
    fn empty_source_documents_are_skipped() {
        let src = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
        let body = Node::from_json(
            &serde_json::json!({"source_policy_documents": ["", src, ""]}),
            origin(),
        );
        let got = policy_document_json(&body);
        let text = got.as_str().unwrap_or_else(|| panic!("{got:?}"));
        assert!(text.contains("\"s3:GetObject\""), "{text}");
    }

    #[test]
    fn statement_order_in_input_does_not_matter_for_sets() {
        let body = |ids: [&str; 2]| {
            Node::from_json(
                &serde_json::json!({"statement": [{"actions": ["b", "a"], "principals": [
                    {"type": "AWS", "identifiers": [ids[0]]},
                    {"type": "AWS", "identifiers": [ids[1]]}]}]}),
                origin(),
            )
        };
        let a = policy_document_json(&body(["x", "y"]));
        let b = policy_document_json(&body(["y", "x"]));
        assert!(
            a.as_str()
                .unwrap()
                .contains("\"Action\": [\n        \"b\",\n        \"a\"\n      ]")
        );
        assert_eq!(a.as_str(), b.as_str());
    }

    #[test]
    fn unknown_part_is_a_hole_with_refs() {
        let mut body = Node::from_json(
            &serde_json::json!({"statement": [{"actions": ["s3:GetObject"], "resources": ["x"]}]}),
            origin(),
        );
        let Val::Map(m) = &mut body.val else { panic!() };
        let Val::List(sts) = &mut m.get_mut("statement").unwrap().val else {
            panic!()
        };
        let Val::Map(st) = &mut sts[0].val else { panic!() };
        st.insert(
            "resources".into(),
            Node::unknown("not known until apply", origin()).with_refs(vec!["aws_s3_bucket.b".into()]),
        );
        let got = policy_document_json(&body);
        // Only the unknown part is a hole: the statement and its action stay known.
        let Val::Partial(p) = &got.val else {
            panic!("{got:?}")
        };
        assert_eq!(p.reason, "not known until apply");
        assert!(p.text.contains("\"Action\": \"s3:GetObject\""), "{}", p.text);
        assert!(
            p.text
                .contains(&format!("\"Resource\": \"{}\"", Sym::Opaque.hole())),
            "{}",
            p.text
        );
        assert_eq!(got.refs, ["aws_s3_bucket.b"]);
    }

    #[test]
    fn broken_source_document_is_unknown() {
        let body = Node::from_json(
            &serde_json::json!({"source_policy_documents": ["{nope"]}),
            origin(),
        );
        let got = policy_document_json(&body);
        assert!(
            matches!(&got.val, Val::Unknown(r) if r.contains("source_policy_documents[0] is not valid JSON")),
            "{got:?}"
        );
    }

    #[test]
    fn crc32_is_ieee() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
