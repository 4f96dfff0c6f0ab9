//! Partial documents: a document with holes (see `model::partial`) is read several ways, each a
//! plain document that the questions in `iam` answer as usual. A question is decided when the
//! readings that bound its answer agree; otherwise it stays undecided, with the reason of the holes.

use std::sync::Arc;

use serde_json::Value as J;

use super::{Document, Malformed, account_of, get_ci};
use crate::model::partial;

/// How holes are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// Allow statements match whatever their holes could match and Deny statements only what
    /// they certainly match (the most access); false: the reverse (the least access).
    pub wide: bool,
    /// Holes that could make an Allow public do (`"*"` principals, conditions that may not
    /// restrict); false: they are read as some other account or a restricting condition. Both
    /// are needed because a public policy may be rejected or restricted by the public access
    /// block, which a non-public one is not.
    pub public: bool,
    /// Every hole read as what would make a statement the TLS-enforcing Deny (BG203).
    pub tls: bool,
}

impl Reading {
    pub const WIDEST: Reading = Reading {
        wide: true,
        public: true,
        tls: false,
    };
    pub const WIDEST_PRIVATE: Reading = Reading {
        wide: true,
        public: false,
        tls: false,
    };
    pub const NARROWEST: Reading = Reading {
        wide: false,
        public: false,
        tls: false,
    };
    pub const NARROWEST_PUBLIC: Reading = Reading {
        wide: false,
        public: true,
        tls: false,
    };
    pub const TLS_COULD: Reading = Reading {
        wide: false,
        public: true,
        tls: true,
    };
}

/// The readings of a partial document (readings that come out the same share one document:
/// usually only a few holes, in one kind of place, differ between readings).
#[derive(Clone, Debug, PartialEq)]
pub struct Views {
    pub widest: Arc<Document>,
    pub widest_private: Arc<Document>,
    pub narrowest: Arc<Document>,
    pub narrowest_public: Arc<Document>,
    pub tls_could: Arc<Document>,
    /// Why the holes are not known (the first of them).
    pub reason: String,
}

impl Views {
    /// The readings of a policy text with holes; None when it is not a JSON policy. Module
    /// instances whose policies differ only where values are unknown have the same text: a small
    /// cache per thread reads each text once (emptied when full; the result is the same either
    /// way, so output does not depend on it). Small: instances of one module come one after
    /// another, and the texts it keeps count in peak memory.
    pub fn of_text(text: &str, reason: String) -> Option<Views> {
        thread_local! {
            static SEEN: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Option<Views>>> =
                Default::default();
        }
        const MAX: usize = 32;
        let views = match SEEN.with(|s| s.borrow().get(text).cloned()) {
            Some(v) => v,
            None => {
                let v = serde_json::from_str::<J>(text)
                    .ok()
                    .and_then(|d| Views::parse(&d, String::new()).ok());
                SEEN.with(|s| {
                    let mut s = s.borrow_mut();
                    if s.len() >= MAX {
                        s.clear();
                    }
                    s.insert(text.into(), v.clone());
                });
                v
            }
        };
        views.map(|v| Views { reason, ..v })
    }

    /// Read a document with holes; Err when a reading is not a valid policy.
    pub fn parse(doc: &J, reason: String) -> Result<Views, Malformed> {
        if only_pattern_holes(doc) {
            // Holes in Action/Resource only (a resource ARN not known until apply, most often):
            // the public and TLS readings are the widest and narrowest ones.
            let (wide, narrow) = (
                resolve_doc(doc, Reading::WIDEST),
                resolve_doc(doc, Reading::NARROWEST),
            );
            let widest = Arc::new(Document::parse(&wide)?);
            // One document when the holes do not change it (exposure reads it once).
            let narrowest = if wide == narrow {
                widest.clone()
            } else {
                Arc::new(Document::parse(&narrow)?)
            };
            return Ok(Views {
                widest_private: widest.clone(),
                widest,
                narrowest_public: narrowest.clone(),
                tls_could: narrowest.clone(),
                narrowest,
                reason,
            });
        }
        let mut seen: Vec<(J, Arc<Document>)> = Vec::new();
        let mut read = |r| -> Result<Arc<Document>, Malformed> {
            let j = resolve_doc(doc, r);
            if let Some((_, d)) = seen.iter().find(|(k, _)| *k == j) {
                return Ok(d.clone());
            }
            let d = Arc::new(Document::parse(&j)?);
            seen.push((j, d.clone()));
            Ok(d)
        };
        Ok(Views {
            widest: read(Reading::WIDEST)?,
            widest_private: read(Reading::WIDEST_PRIVATE)?,
            narrowest: read(Reading::NARROWEST)?,
            narrowest_public: read(Reading::NARROWEST_PUBLIC)?,
            tls_could: read(Reading::TLS_COULD)?,
            reason,
        })
    }
}

/// Whether every hole is in a statement's Action/NotAction/Resource/NotResource (or Sid, or the
/// document's Version/Id), where readings differ only in how wide patterns are.
fn only_pattern_holes(doc: &J) -> bool {
    fn none(v: &J) -> bool {
        match v {
            J::String(s) => !has_holes(s),
            J::Array(a) => a.iter().all(none),
            J::Object(o) => o.iter().all(|(k, v)| !has_holes(k) && none(v)),
            _ => true,
        }
    }
    let J::Object(obj) = doc else { return false };
    obj.iter().all(|(k, v)| {
        if !k.eq_ignore_ascii_case("Statement") {
            return !has_holes(k);
        }
        let stmts: Vec<&J> = match v {
            J::Array(a) => a.iter().collect(),
            one => vec![one],
        };
        stmts.iter().all(|st| match st {
            J::Object(o) => o.iter().all(|(k, v)| match k.to_ascii_lowercase().as_str() {
                "action" | "notaction" | "resource" | "notresource" | "sid" => true,
                "principal" => principal_reads_alike(v),
                _ => none(v),
            }),
            other => none(other),
        })
    })
}

/// Whether every reading resolves this Principal the same way: its holes are only in values
/// that name one principal of a known account, or symbols (see `resolve_principal`).
fn principal_reads_alike(v: &J) -> bool {
    let alike = |t: &str, s: &str| !has_holes(s) || names_one_principal(t, s);
    match v {
        J::String(s) => !has_holes(s),
        J::Object(m) => m.iter().all(|(t, vals)| {
            !has_holes(t)
                && match vals {
                    J::String(s) => alike(t, s),
                    J::Array(a) => a.iter().all(|x| x.as_str().is_none_or(|s| alike(t, s))),
                    _ => true,
                }
        }),
        _ => true,
    }
}

fn resolve_doc(doc: &J, r: Reading) -> J {
    let J::Object(obj) = doc else {
        return doc.clone();
    };
    let mut out = obj.clone();
    for (k, v) in out.iter_mut() {
        if k.eq_ignore_ascii_case("Statement") {
            let items: Vec<J> = match &*v {
                J::Array(a) => a.iter().map(|s| resolve_statement(s, r)).collect(),
                one => vec![resolve_statement(one, r)],
            };
            *v = J::Array(items);
        }
    }
    J::Object(out)
}

/// Some account other than the owner's, as a principal.
fn other_account() -> J {
    serde_json::json!({ "AWS": partial::FIXED })
}

fn tls_condition() -> J {
    serde_json::json!({"Bool": {"aws:SecureTransport": "false"}})
}

/// A statement that is not known at all (an unknown dynamic block or source document).
fn unknown_statement(r: Reading) -> J {
    let (effect, principal) = match (r.wide, r.public) {
        (true, true) => ("Allow", J::String("*".into())),
        (true, false) => ("Allow", other_account()),
        (false, _) => ("Deny", J::String("*".into())),
    };
    let mut st =
        serde_json::json!({"Effect": effect, "Principal": principal, "Action": "*", "Resource": "*"});
    if r.tls {
        st["Condition"] = tls_condition();
    }
    st
}

/// One statement read as `r`. A statement the reading drops becomes one that matches nothing, so
/// that statements keep their places in every reading. Its Effect is immaterial: every question
/// asked of a statement needs an action, a principal or a condition, and it has none. (A statement
/// whose Effect is neither Allow nor Deny is kept in the widest or narrowest reading, which then
/// fails to parse, so the document has no readings at all.)
fn resolve_statement(st: &J, r: Reading) -> J {
    resolve_statement_or_drop(st, r)
        .unwrap_or_else(|| serde_json::json!({"Effect": "Allow", "Action": [], "Resource": []}))
}

fn resolve_statement_or_drop(st: &J, r: Reading) -> Option<J> {
    let obj = match st {
        J::String(s) if has_holes(s) => return Some(unknown_statement(r)),
        J::Object(o) => o,
        other => return Some(other.clone()),
    };
    let effect = match get_ci(obj, "Effect") {
        Some(J::String(e)) if has_holes(e) => if r.wide { "Allow" } else { "Deny" }.to_string(),
        Some(J::String(e)) => e.clone(),
        _ => String::new(),
    };
    let allow = effect.eq_ignore_ascii_case("Allow");
    // Whether holes widen what this statement matches in this reading.
    let widen = r.wide == allow;
    let mut out = serde_json::Map::new();
    for (k, v) in obj {
        let value = match k.to_ascii_lowercase().as_str() {
            "effect" => J::String(effect.clone()),
            "sid" => match v {
                J::String(s) if has_holes(s) => continue,
                v => v.clone(),
            },
            "action" | "resource" => map_strings(v, |s| pattern(s, widen)),
            "notaction" | "notresource" => map_strings(v, |s| pattern(s, !widen)),
            "principal" => resolve_principal(v, allow, widen, r)?,
            // A NotPrincipal with holes may except anyone: where holes narrow the statement it is
            // dropped; where they widen it, it stays as written (its `{"TYPE": ...}` form, the only
            // valid one, then excepts a principal with holes, which is no known one).
            "notprincipal" if !widen && has_holes(&v.to_string()) => return None,
            "condition" => resolve_conditions(v, allow, r)?,
            // An element whose name is not known may be a Condition or any other element that
            // narrows the statement: left out where holes widen it, dropping it where they narrow.
            _ if has_holes(k) => {
                if widen {
                    continue;
                }
                return None;
            }
            _ => v.clone(),
        };
        out.insert(k.clone(), value);
    }
    Some(J::Object(out))
}

fn has_holes(s: &str) -> bool {
    partial::has_holes(s)
}

/// Every string of a string or list of strings through `f`; None drops the string.
fn map_strings(v: &J, f: impl Fn(&str) -> Option<String>) -> J {
    match v {
        J::String(s) => J::Array(f(s).into_iter().map(J::String).collect()),
        J::Array(a) => J::Array(
            a.iter()
                .filter_map(|x| match x {
                    J::String(s) => f(s).map(J::String),
                    other => Some(other.clone()),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// An Action/Resource pattern: symbols are themselves; unknown parts match anything when they
/// widen, nothing when they narrow.
fn pattern(s: &str, widen: bool) -> Option<String> {
    if !has_holes(s) {
        return Some(s.to_string());
    }
    Some(partial::fill(s, |_| if widen { "*" } else { partial::NOTHING }))
}

/// A principal that is not known at all: `"*"`, some other account, or no one. None: the
/// statement is dropped.
fn unknown_principal(allow: bool, widen: bool, r: Reading) -> Option<J> {
    match (allow, widen) {
        (true, _) if r.public => Some(J::String("*".into())),
        (true, true) => Some(other_account()),
        (true, false) => None,
        (false, true) => Some(J::String("*".into())),
        (false, false) => None,
    }
}

/// A value that is one unknown and nothing else: it may even be `"*"`.
fn whole_hole(s: &str) -> bool {
    s.chars().count() == 1 && partial::holes(s).all(|h| h == partial::Sym::Opaque)
}

/// A partly known principal value that names one principal whatever its holes are: its holes are
/// all symbols, or it is an `AWS` value whose account is known.
fn names_one_principal(t: &str, s: &str) -> bool {
    let symbols_only = !partial::holes(s).any(|h| h.stand_in().is_none());
    let account_known = t.eq_ignore_ascii_case("AWS")
        && account_of(&partial::fill(s, |_| partial::FIXED)).is_some_and(|a| !a.contains(partial::FIXED));
    symbols_only || account_known
}

/// Only a wholly unknown value can be `"*"`: IAM principals have no wildcards but `*` itself,
/// so a value with known text (or only computed parts) names one principal.
fn resolve_principal(v: &J, allow: bool, widen: bool, r: Reading) -> Option<J> {
    match v {
        J::String(s) if has_holes(s) => unknown_principal(allow, widen, r),
        J::Object(m) => {
            let mut out = serde_json::Map::new();
            let mut star = false;
            for (t, vals) in m {
                let unknown_values = match vals {
                    J::String(s) => whole_hole(s),
                    J::Array(a) => a.iter().any(|x| x.as_str().is_some_and(whole_hole)),
                    _ => false,
                };
                if has_holes(t) || unknown_values {
                    match unknown_principal(allow, widen, r) {
                        Some(J::String(_)) => star = true,
                        Some(J::Object(o)) => {
                            for (t, v) in o {
                                add_principals(&mut out, &t, v);
                            }
                        }
                        _ => {}
                    }
                    if has_holes(t) {
                        continue;
                    }
                }
                let vals = map_strings(vals, |s| {
                    if !has_holes(s) {
                        return Some(s.to_string());
                    }
                    if whole_hole(s) {
                        return None;
                    }
                    (widen || names_one_principal(t, s)).then(|| partial::fill(s, |_| partial::FIXED))
                });
                add_principals(&mut out, t, vals);
            }
            Some(if star {
                J::String("*".into())
            } else {
                J::Object(out)
            })
        }
        other => Some(other.clone()),
    }
}

/// Add principal values `vals` of type `t` after those `out` already has for it: an unknown
/// value's stand-in (some other account) stays beside the known values of its type.
fn add_principals(out: &mut serde_json::Map<String, J>, t: &str, vals: J) {
    match out.get_mut(t) {
        Some(prev) => crate::model::json::append(prev, vals),
        None => {
            out.insert(t.to_string(), vals);
        }
    }
}

/// How a condition that is not known (operator, key or value) is read. An Allow's conditions
/// only narrow it, a Deny's only narrow the Deny. A value that is only computed (Fixed) is a
/// fixed value as S3 counts it ("The meaning of public"), but which one stays unknown.
enum CondRead {
    /// Drop the condition (the statement applies more).
    Drop,
    /// Drop the statement (the condition never holds).
    DropStatement,
    /// Keep it as a restricting condition on a fixed value.
    Restrict,
    /// Read it as `aws:SecureTransport = false`.
    Tls,
}

fn cond_read(allow: bool, fixed: bool, r: Reading) -> CondRead {
    match (allow, r.wide) {
        _ if r.tls => {
            if allow {
                CondRead::DropStatement
            } else {
                CondRead::Tls
            }
        }
        // A fixed value restricts whatever it is; only whether it is the owner's is unknown.
        (true, true) if fixed => CondRead::Restrict,
        (true, true) if r.public => CondRead::Drop,
        (true, true) => CondRead::Restrict,
        (true, false) if r.public && !fixed => CondRead::Drop,
        (true, false) => CondRead::DropStatement,
        (false, true) => CondRead::DropStatement,
        (false, false) => CondRead::Drop,
    }
}

fn resolve_conditions(v: &J, allow: bool, r: Reading) -> Option<J> {
    let mut out: serde_json::Map<String, J> = serde_json::Map::new();
    let apply = |read: CondRead, out: &mut serde_json::Map<String, J>, op: &str, key: &str, vals: J| {
        let (op, key, vals) = match read {
            CondRead::Drop => return Some(()),
            CondRead::DropStatement => return None,
            CondRead::Restrict => (op.to_string(), key.to_string(), vals),
            CondRead::Tls => (
                "Bool".into(),
                "aws:SecureTransport".into(),
                J::String("false".into()),
            ),
        };
        let entry = out.entry(op).or_insert_with(|| J::Object(serde_json::Map::new()));
        if let J::Object(m) = entry {
            m.insert(key, vals);
        }
        Some(())
    };
    let fixed_vals = || J::String(partial::FIXED.into());
    let ops = match v {
        J::Object(ops) => ops,
        J::String(s) if has_holes(s) => {
            apply(
                cond_read(allow, false, r),
                &mut out,
                "StringEquals",
                "aws:SourceAccount",
                fixed_vals(),
            )?;
            return Some(J::Object(out));
        }
        other => return Some(other.clone()),
    };
    for (op, keys) in ops {
        let known_keys = match keys {
            J::Object(k) if !has_holes(op) => k,
            // A known operator on a known value that is no object is malformed whatever the holes
            // are, as in a fully known document: kept as written, for Document::parse to reject.
            _ if !has_holes(op) && !has_holes(&keys.to_string()) => {
                out.insert(op.clone(), keys.clone());
                continue;
            }
            _ => {
                apply(
                    cond_read(allow, false, r),
                    &mut out,
                    "StringEquals",
                    "aws:SourceAccount",
                    fixed_vals(),
                )?;
                continue;
            }
        };
        for (key, vals) in known_keys {
            let text = vals.to_string();
            let opaque = has_holes(key) || partial::holes(&text).any(|h| h == partial::Sym::Opaque);
            let computed = partial::holes(&text).any(|h| h == partial::Sym::Fixed);
            let filled = map_strings(vals, |s| Some(partial::fill(s, |_| partial::FIXED)));
            let read = if opaque || computed {
                cond_read(allow, !opaque, r)
            } else {
                CondRead::Restrict
            };
            if has_holes(key) {
                apply(read, &mut out, "StringEquals", "aws:SourceAccount", fixed_vals())?;
            } else {
                apply(read, &mut out, op, key, filled)?;
            }
        }
    }
    Some(J::Object(out))
}
