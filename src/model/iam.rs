//! IAM policy documents: statements, principals, actions, conditions, and what they cover.
//! In the model (the lowest layer) because the front ends read bucket policies into it and both
//! `exposure` and `policy` ask it questions.
//!
//! A small typed view of a bucket policy (`serde_json::Value` → [`Document`]) and the questions
//! the checks ask of it: is a statement public ("The meaning of public" in the S3 user guide),
//! what kind of access do its actions grant, which resources does it cover.

use std::sync::Arc;

use serde_json::Value as J;

use crate::model::wildcard::{may_match_prefix, wildcard_match};
use crate::model::{BucketArn, partial};

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub statements: Vec<Statement>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement. `Action`/`NotAction` etc. are kept as written (patterns).
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<Principal>,
    pub not_principal: Option<Principal>,
    pub action: Option<Vec<String>>,
    pub not_action: Option<Vec<String>>,
    pub resource: Option<Vec<String>>,
    pub not_resource: Option<Vec<String>>,
    pub conditions: Vec<Condition>,
}

/// Whether a statement's principal is everyone: see [`Statement::has_public_principal`].
pub fn is_public_principal(st: &Statement) -> bool {
    st.has_public_principal()
}

/// `"*"` or a map of principal type (`AWS`, `Service`, `CanonicalUser`, `Federated`) to values.
#[derive(Clone, Debug, PartialEq)]
pub enum Principal {
    /// `"Principal": "*"`.
    Anyone,
    /// `(type, value)` pairs, e.g. `("AWS", "*")`, `("AWS", "123456789012")`.
    Typed(Vec<(String, String)>),
}

impl Principal {
    /// `"*"` or an `AWS` entry of `"*"`: anyone, including anonymous requests.
    pub fn is_public(&self) -> bool {
        match self {
            Principal::Anyone => true,
            Principal::Typed(entries) => entries
                .iter()
                .any(|(t, v)| t.eq_ignore_ascii_case("AWS") && v == "*"),
        }
    }
}

/// The condition set operator prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOp {
    ForAnyValue,
    ForAllValues,
}

/// One `operator → key → values` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The operator without prefix and `IfExists` suffix, as written (`StringEquals`).
    pub operator: String,
    pub if_exists: bool,
    pub set_op: Option<SetOp>,
    /// The condition key, lower-cased (keys are case-insensitive).
    pub key: String,
    /// Values as strings (booleans and numbers are stringified as IAM does).
    pub values: Vec<String>,
}

impl Condition {
    pub fn op_is(&self, name: &str) -> bool {
        self.operator.eq_ignore_ascii_case(name)
    }
}

impl Document {
    /// Parse a policy document. Errors describe what is malformed, for the user.
    pub fn parse(doc: &J) -> Result<Document, String> {
        let obj = doc
            .as_object()
            .ok_or("the policy document is not a JSON object")?;
        let stmts = get_ci(obj, "Statement").ok_or("the policy document has no Statement")?;
        let statements = match stmts {
            J::Array(a) => a.iter().map(Statement::parse).collect::<Result<Vec<_>, _>>()?,
            J::Object(_) => vec![Statement::parse(stmts)?],
            _ => return Err("Statement must be an object or a list of objects".into()),
        };
        Ok(Document { statements })
    }
}

/// A JSON object's member by key, compared ignoring ASCII case when no key matches exactly: IAM
/// reads policy element names so, and Go's json.Unmarshal matches struct fields so (the
/// `aws_iam_policy_document` source documents).
pub fn get_ci<'a>(obj: &'a serde_json::Map<String, J>, key: &str) -> Option<&'a J> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn scalar_string(v: &J) -> Option<String> {
    match v {
        J::String(s) => Some(s.clone()),
        J::Bool(b) => Some(b.to_string()),
        J::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A string or a list of strings.
fn string_list(v: &J, what: &str) -> Result<Vec<String>, String> {
    match v {
        J::Array(a) => a
            .iter()
            .map(|x| scalar_string(x).ok_or_else(|| format!("{what} must hold strings")))
            .collect(),
        other => scalar_string(other)
            .map(|s| vec![s])
            .ok_or_else(|| format!("{what} must be a string or a list of strings")),
    }
}

fn parse_principal(v: &J, what: &str) -> Result<Principal, String> {
    match v {
        J::String(s) if s == "*" => Ok(Principal::Anyone),
        J::String(s) => Err(format!("{what} must be \"*\" or an object, not {s:?}")),
        J::Object(m) => {
            let mut entries = Vec::new();
            for (t, vals) in m {
                for val in string_list(vals, what)? {
                    entries.push((t.clone(), val));
                }
            }
            Ok(Principal::Typed(entries))
        }
        _ => Err(format!("{what} must be \"*\" or an object")),
    }
}

impl Statement {
    fn parse(v: &J) -> Result<Statement, String> {
        let obj = v.as_object().ok_or("each Statement must be an object")?;
        let effect = match get_ci(obj, "Effect").and_then(J::as_str) {
            Some(e) if e.eq_ignore_ascii_case("Allow") => Effect::Allow,
            Some(e) if e.eq_ignore_ascii_case("Deny") => Effect::Deny,
            Some(e) => return Err(format!("unknown Effect {e:?}")),
            None => return Err("a Statement has no Effect".into()),
        };
        let list = |key: &str| get_ci(obj, key).map(|v| string_list(v, key)).transpose();
        let principal = get_ci(obj, "Principal")
            .map(|v| parse_principal(v, "Principal"))
            .transpose()?;
        let not_principal = get_ci(obj, "NotPrincipal")
            .map(|v| parse_principal(v, "NotPrincipal"))
            .transpose()?;
        let mut conditions = Vec::new();
        if let Some(c) = get_ci(obj, "Condition") {
            let ops = c.as_object().ok_or("Condition must be an object")?;
            for (op, keys) in ops {
                let keys = keys
                    .as_object()
                    .ok_or_else(|| format!("Condition operator {op} must map keys to values"))?;
                let (set_op, rest) = if let Some(r) = strip_prefix_ci(op, "ForAnyValue:") {
                    (Some(SetOp::ForAnyValue), r)
                } else if let Some(r) = strip_prefix_ci(op, "ForAllValues:") {
                    (Some(SetOp::ForAllValues), r)
                } else {
                    (None, op.as_str())
                };
                let (operator, if_exists) = match rest.len().checked_sub(8) {
                    Some(i) if rest.is_char_boundary(i) && rest[i..].eq_ignore_ascii_case("IfExists") => {
                        (&rest[..i], true)
                    }
                    _ => (rest, false),
                };
                for (key, vals) in keys {
                    conditions.push(Condition {
                        operator: operator.to_string(),
                        if_exists,
                        set_op,
                        key: key.to_ascii_lowercase(),
                        values: string_list(vals, "a Condition value")?,
                    });
                }
            }
        }
        Ok(Statement {
            sid: get_ci(obj, "Sid").and_then(scalar_string),
            effect,
            principal,
            not_principal,
            action: list("Action")?,
            not_action: list("NotAction")?,
            resource: list("Resource")?,
            not_resource: list("NotResource")?,
            conditions,
        })
    }

    /// The statement applies to anyone: `Principal` `"*"` / `{"AWS":"*"}`, or a `NotPrincipal`
    /// (everyone except the listed principals).
    pub fn has_public_principal(&self) -> bool {
        self.principal.as_ref().is_some_and(Principal::is_public) || self.not_principal.is_some()
    }

    /// An Allow to anyone with no condition that makes it non-public: a public grant, as "The
    /// meaning of public" counts it.
    pub fn is_public_allow(&self) -> bool {
        self.effect == Effect::Allow && self.has_public_principal() && self.non_public_condition().is_none()
    }

    /// Whether the statement's Action/NotAction covers `action` (`s3:GetObject`).
    pub fn covers_action(&self, action: &str) -> bool {
        match (&self.action, &self.not_action) {
            (Some(a), _) => a.iter().any(|p| wildcard_match(p, action, true)),
            (None, Some(na)) => !na.iter().any(|p| wildcard_match(p, action, true)),
            (None, None) => false,
        }
    }

    /// The access the statement's actions grant on S3.
    pub fn access(&self) -> Access {
        if self.covers_all_s3_actions() {
            return Access::Write;
        }
        if let (Some(actions), None) = (&self.action, &self.not_action)
            && !actions.iter().any(|a| a.contains(['*', '?']))
        {
            // Exact names only (the common case): look each up instead of matching every known
            // S3 action against the list.
            return actions
                .iter()
                .map(|a| exact_access(a))
                .max()
                .unwrap_or(Access::None);
        }
        let mut access = Access::None;
        let mut action = String::with_capacity(48);
        for (name, class) in S3_ACTIONS {
            let grants = class.access();
            // Only an action that would raise the access is worth matching.
            if grants > access && self.covers_action(s3_action(&mut action, name)) {
                access = grants;
            }
        }
        // Exact S3 actions this list does not know yet: judge by the verb.
        for a in self.action.iter().flatten() {
            if let Some(name) = strip_prefix_ci(a, "s3:")
                && !name.contains(['*', '?'])
                && !S3_ACTIONS.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                access = access.max(classify_by_verb(name));
            }
        }
        access
    }

    /// Whether Resource/NotResource covers `arn`.
    pub fn covers_resource(&self, arn: &str) -> bool {
        match (&self.resource, &self.not_resource) {
            (Some(r), _) => r.iter().any(|p| wildcard_match(p, arn, false)),
            (None, Some(nr)) => !nr.iter().any(|p| wildcard_match(p, arn, false)),
            (None, None) => false,
        }
    }

    /// A condition that limits the statement to fixed, non-public requesters, per "The meaning of
    /// public": a restricting operator on one of the listed keys with values free of wildcards and
    /// policy variables. `IfExists` and `ForAllValues:` do not restrict (they pass when the key is
    /// absent, as it is for anonymous requests).
    pub fn non_public_condition(&self) -> Option<&Condition> {
        self.conditions.iter().find(|c| is_restricting(c))
    }
}

/// The account id a principal value names: a bare 12-digit id or the account segment of an ARN
/// (`arn:aws:iam::123456789012:root`, `arn:aws:sts::123456789012:assumed-role/...`).
pub fn account_of(value: &str) -> Option<&str> {
    if (value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())) || value == partial::OWN_ACCOUNT {
        return Some(value);
    }
    let mut parts = value.splitn(6, ':');
    let (arn, _, _, _, account) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    (arn == "arn" && !account.is_empty()).then_some(account)
}

// ---- Partial documents ----
//
// A document with holes (see `model::partial`) is read several ways, each a plain document that
// the questions above answer as usual. A question is decided when the readings that bound its
// answer agree; otherwise it stays undecided, with the reason of the holes.

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
    pub fn parse(doc: &J, reason: String) -> Result<Views, String> {
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
        let mut read = |r| -> Result<Arc<Document>, String> {
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
    let alike = |t: &str, s: &str| !has_holes(s) || (!whole_hole(s) && names_one_principal(t, s));
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

/// One statement read as `r`. A statement the reading drops becomes one that matches nothing,
/// so that statements keep their places in every reading.
fn resolve_statement(st: &J, r: Reading) -> J {
    let effect = match st {
        J::Object(o) => get_ci(o, "Effect").and_then(J::as_str).unwrap_or("Allow"),
        _ => "Allow",
    };
    let effect = if has_holes(effect) { "Allow" } else { effect };
    resolve_statement_or_drop(st, r)
        .unwrap_or_else(|| serde_json::json!({"Effect": effect, "Action": [], "Resource": []}))
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
            "notprincipal" if has_holes(&v.to_string()) => {
                if !widen {
                    return None;
                }
                map_strings(v, |s| (!has_holes(s)).then(|| s.to_string()))
            }
            "condition" => resolve_conditions(v, allow, r)?,
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
                        Some(J::Object(o)) => out.extend(o),
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
                match out.get_mut(t) {
                    Some(J::Array(prev)) => {
                        if let J::Array(more) = vals {
                            prev.extend(more);
                        }
                    }
                    _ => {
                        out.insert(t.clone(), vals);
                    }
                }
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

/// `s3:NAME` in a reused buffer: this runs for every S3 action of every statement.
pub(crate) fn s3_action<'a>(buf: &'a mut String, name: &str) -> &'a str {
    buf.clear();
    buf.push_str("s3:");
    buf.push_str(name);
    buf
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix))
    .then(|| &s[prefix.len()..])
}

/// Condition keys whose fixed values make a statement non-public (S3 user guide, "The meaning of
/// public"), lower-cased.
pub const NON_PUBLIC_KEYS: &[&str] = &[
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:sourceip",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalservicename",
    "aws:principalservicenameslist",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:userid",
    "s3:dataaccesspointarn",
    "s3:dataaccesspointaccount",
];

fn is_restricting(c: &Condition) -> bool {
    if c.if_exists || c.set_op == Some(SetOp::ForAllValues) || c.values.is_empty() {
        return false;
    }
    if !NON_PUBLIC_KEYS.contains(&c.key.as_str()) {
        return false;
    }
    let positive = [
        "StringEquals",
        "StringEqualsIgnoreCase",
        "StringLike",
        "ArnEquals",
        "ArnLike",
        "IpAddress",
    ];
    if !positive.iter().any(|p| c.op_is(p)) {
        return false;
    }
    c.values.iter().all(|v| {
        let fixed = !v.contains(['*', '?']) && !v.contains("${");
        if c.key == "aws:sourceip" {
            // A CIDR covering the whole address space is public (0.0.0.0/0, ::/0).
            fixed && !v.trim().ends_with("/0")
        } else {
            fixed && !v.is_empty()
        }
    })
}

/// What a set of actions allows on S3, ordered by harm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    None,
    /// Only reads and lists.
    Read,
    /// Writes, deletes, ACL/policy changes (anything that is not a read or list).
    Write,
}

/// IAM access level of an S3 action (from the S3 "Actions, resources, and condition keys" list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Read,
    List,
    Write,
    Permissions,
}

impl Class {
    /// The access an action of this class grants: reads and lists read, the rest write.
    pub fn access(self) -> Access {
        match self {
            Class::Read | Class::List => Access::Read,
            Class::Write | Class::Permissions => Access::Write,
        }
    }
}

fn classify_by_verb(name: &str) -> Access {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("get") || lower.starts_with("list") || lower.starts_with("describe") {
        Access::Read
    } else {
        Access::Write
    }
}

use Class::{List as L, Permissions as P, Read as R, Write as W};

/// The access one exact action name (no wildcard) grants on S3: its class when the list knows
/// it, else judged by its verb; nothing for another service's action.
fn exact_access(action: &str) -> Access {
    let Some(name) = strip_prefix_ci(action, "s3:") else {
        return Access::None;
    };
    match S3_ACTIONS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        Some((_, class)) => class.access(),
        None => classify_by_verb(name),
    }
}

/// The S3 bucket and object actions a bucket policy can grant.
pub const S3_ACTIONS: &[(&str, Class)] = &[
    ("AbortMultipartUpload", W),
    ("BypassGovernanceRetention", P),
    ("CreateBucket", W),
    ("DeleteBucket", W),
    ("DeleteBucketOwnershipControls", P),
    ("DeleteBucketPolicy", P),
    ("DeleteBucketWebsite", W),
    ("DeleteObject", W),
    ("DeleteObjectTagging", W),
    ("DeleteObjectVersion", W),
    ("DeleteObjectVersionTagging", W),
    ("GetAccelerateConfiguration", R),
    ("GetAnalyticsConfiguration", R),
    ("GetBucketAcl", R),
    ("GetBucketCORS", R),
    ("GetBucketLocation", R),
    ("GetBucketLogging", R),
    ("GetBucketNotification", R),
    ("GetBucketObjectLockConfiguration", R),
    ("GetBucketOwnershipControls", R),
    ("GetBucketPolicy", R),
    ("GetBucketPolicyStatus", R),
    ("GetBucketPublicAccessBlock", R),
    ("GetBucketRequestPayment", R),
    ("GetBucketTagging", R),
    ("GetBucketVersioning", R),
    ("GetBucketWebsite", R),
    ("GetEncryptionConfiguration", R),
    ("GetIntelligentTieringConfiguration", R),
    ("GetInventoryConfiguration", R),
    ("GetLifecycleConfiguration", R),
    ("GetMetricsConfiguration", R),
    ("GetObject", R),
    ("GetObjectAcl", R),
    ("GetObjectAttributes", R),
    ("GetObjectLegalHold", R),
    ("GetObjectRetention", R),
    ("GetObjectTagging", R),
    ("GetObjectTorrent", R),
    ("GetObjectVersion", R),
    ("GetObjectVersionAcl", R),
    ("GetObjectVersionAttributes", R),
    ("GetObjectVersionForReplication", R),
    ("GetObjectVersionTagging", R),
    ("GetObjectVersionTorrent", R),
    ("GetReplicationConfiguration", R),
    ("ListBucket", L),
    ("ListBucketMultipartUploads", L),
    ("ListBucketVersions", L),
    ("ListMultipartUploadParts", L),
    ("ObjectOwnerOverrideToBucketOwner", P),
    ("PutAccelerateConfiguration", W),
    ("PutAnalyticsConfiguration", W),
    ("PutBucketAcl", P),
    ("PutBucketCORS", W),
    ("PutBucketLogging", W),
    ("PutBucketNotification", W),
    ("PutBucketObjectLockConfiguration", W),
    ("PutBucketOwnershipControls", P),
    ("PutBucketPolicy", P),
    ("PutBucketPublicAccessBlock", P),
    ("PutBucketRequestPayment", W),
    ("PutBucketTagging", W),
    ("PutBucketVersioning", W),
    ("PutBucketWebsite", W),
    ("PutEncryptionConfiguration", W),
    ("PutIntelligentTieringConfiguration", W),
    ("PutInventoryConfiguration", W),
    ("PutLifecycleConfiguration", W),
    ("PutMetricsConfiguration", W),
    ("PutObject", W),
    ("PutObjectAcl", P),
    ("PutObjectLegalHold", W),
    ("PutObjectRetention", W),
    ("PutObjectTagging", W),
    ("PutObjectVersionAcl", P),
    ("PutObjectVersionTagging", W),
    ("PutReplicationConfiguration", W),
    ("ReplicateDelete", W),
    ("ReplicateObject", W),
    ("ReplicateTags", W),
    ("RestoreObject", W),
];

/// `pattern` matches every string that starts with `prefix`.
fn covers_every_extension(pattern: &str, prefix: &str, ignore_case: bool) -> bool {
    // `q*` covers every extension of `prefix` iff `q*` matches `prefix` itself.
    pattern.ends_with('*') && wildcard_match(pattern, prefix, ignore_case)
}

impl Statement {
    /// Action is `*`, `s3:*` (or a pattern equal to them in effect); NotAction never is.
    pub fn covers_all_s3_actions(&self) -> bool {
        self.action
            .iter()
            .flatten()
            .any(|p| covers_every_extension(p, "s3:", true))
    }

    /// Resource/NotResource covers every object of the bucket `name` (`arn:aws:s3:::NAME/*`).
    pub fn covers_all_objects(&self, name: &str) -> bool {
        let prefix = BucketArn::new(name).objects_prefix();
        match (&self.resource, &self.not_resource) {
            (Some(r), _) => r.iter().any(|p| covers_every_extension(p, &prefix, false)),
            (None, Some(nr)) => {
                let pre: Vec<char> = prefix.chars().collect();
                !nr.iter()
                    .any(|p| may_match_prefix(&p.chars().collect::<Vec<_>>(), &pre))
            }
            (None, None) => false,
        }
    }

    /// NotResource excludes every object of the bucket.
    pub fn covers_all_objects_excluded(&self, name: &str) -> bool {
        let prefix = BucketArn::new(name).objects_prefix();
        self.not_resource
            .iter()
            .flatten()
            .any(|p| p.ends_with('*') && wildcard_match(p, &prefix, false))
    }

    /// How findings and reasons name the statement: by its Sid, else by its 1-based position `i + 1`.
    pub fn label(&self, i: usize) -> String {
        match &self.sid {
            Some(s) => format!("statement `{s}`"),
            None => format!("statement #{}", i + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stmt(v: J) -> Statement {
        Document::parse(&json!({ "Statement": v }))
            .unwrap()
            .statements
            .remove(0)
    }

    // Exact action names are looked up, not matched: the same answer as matching every known
    // action (case-insensitive, as IAM compares action names), and the verb for unknown ones.
    #[test]
    fn exact_actions_are_classified_like_matched_ones() {
        let access = |a: J| stmt(json!({"Effect": "Allow", "Action": a})).access();
        for (name, class) in S3_ACTIONS {
            let want = match class {
                Class::Read | Class::List => Access::Read,
                Class::Write | Class::Permissions => Access::Write,
            };
            let upper = format!("S3:{}", name.to_ascii_uppercase());
            assert_eq!(access(json!(upper)), want, "{name}");
            // The matching path (taken when any pattern has a wildcard; `Zz*` matches no action)
            // agrees.
            assert_eq!(access(json!([format!("s3:{name}"), "s3:Zz*"])), want, "{name}");
        }
        assert_eq!(access(json!("s3:GetSomethingNew")), Access::Read);
        assert_eq!(access(json!("s3:FrobnicateBucket")), Access::Write);
        assert_eq!(access(json!("kms:Decrypt")), Access::None);
        assert_eq!(
            access(json!(["kms:Decrypt", "s3:GetObject", "s3:ListBucket"])),
            Access::Read
        );
        assert_eq!(access(json!(["s3:GetObject", "s3:PutObject"])), Access::Write);
    }

    // IAM reads element names ignoring case; an exact match wins when both spellings are present.
    #[test]
    fn element_names_ignore_case() {
        let d =
            Document::parse(&json!({"STATEMENT": {"effect": "Deny", "SID": "x", "action": "s3:*"}})).unwrap();
        assert_eq!(d.statements[0].effect, Effect::Deny);
        assert_eq!(d.statements[0].sid.as_deref(), Some("x"));
        let obj = json!({"effect": "Deny", "Effect": "Allow"});
        assert_eq!(get_ci(obj.as_object().unwrap(), "Effect"), Some(&json!("Allow")));
        let lower = json!({"effect": "Deny"});
        assert_eq!(get_ci(lower.as_object().unwrap(), "EFFECT"), Some(&json!("Deny")));
        assert_eq!(get_ci(obj.as_object().unwrap(), "Sid"), None);
    }

    #[test]
    fn statement_single_or_list() {
        let one =
            Document::parse(&json!({"Statement": {"Effect": "Allow", "Action": "s3:GetObject"}})).unwrap();
        assert_eq!(one.statements.len(), 1);
        let two = Document::parse(&json!({"Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject"},
            {"Effect": "Deny", "Action": ["s3:PutObject"]}
        ]}))
        .unwrap();
        assert_eq!(two.statements[1].effect, Effect::Deny);
        assert!(Document::parse(&json!({"Version": "2012-10-17"})).is_err());
        assert!(Document::parse(&json!({"Statement": [{"Effect": "Maybe"}]})).is_err());
    }

    #[test]
    fn principals_in_every_form() {
        assert!(stmt(json!({"Effect": "Allow", "Principal": "*"})).has_public_principal());
        assert!(stmt(json!({"Effect": "Allow", "Principal": {"AWS": "*"}})).has_public_principal());
        assert!(
            stmt(json!({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}}))
                .has_public_principal()
        );
        assert!(
            !stmt(json!({"Effect": "Allow", "Principal": {"AWS": "111122223333"}})).has_public_principal()
        );
        assert!(
            !stmt(json!({"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}}))
                .has_public_principal()
        );
        assert!(
            !stmt(json!({"Effect": "Allow", "Principal": {"CanonicalUser": "abc"}})).has_public_principal()
        );
        assert!(
            !stmt(json!({"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}}))
                .has_public_principal()
        );
        // Everyone except one account.
        assert!(
            stmt(json!({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}}))
                .has_public_principal()
        );
    }

    #[test]
    fn actions_and_wildcards() {
        let s = stmt(json!({"Effect": "Allow", "Action": "S3:get*"}));
        assert!(s.covers_action("s3:GetObject"));
        assert!(!s.covers_action("s3:PutObject"));
        assert_eq!(s.access(), Access::Read);
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "*"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:*"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:List*"})).access(),
            Access::Read
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:PutBucketAcl"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:Delete*"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:GetObjectV?rsion"})).access(),
            Access::Read
        );
        // NotAction: everything but reads is a write grant.
        assert_eq!(
            stmt(json!({"Effect": "Allow", "NotAction": "s3:Get*"})).access(),
            Access::Write
        );
        // Unknown exact action judged by its verb.
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:GetNewThing"})).access(),
            Access::Read
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "s3:PutNewThing"})).access(),
            Access::Write
        );
        assert_eq!(
            stmt(json!({"Effect": "Allow", "Action": "ec2:*"})).access(),
            Access::None
        );
    }

    #[test]
    fn resource_patterns() {
        assert!(wildcard_match("arn:aws:s3:::b*", "arn:aws:s3:::bucket", false));
        assert!(wildcard_match(
            "arn:aws:s3:::b?cket/*",
            "arn:aws:s3:::bucket/x/y",
            false
        ));
        assert!(!wildcard_match(
            "arn:aws:s3:::Bucket",
            "arn:aws:s3:::bucket",
            false
        ));
        assert!(wildcard_match("a*b*c", "aXXbYYc", false));
        assert!(!wildcard_match("a*b*c", "aXXbYY", false));
        let s = stmt(json!({"Effect": "Deny", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]}));
        assert!(s.covers_resource("arn:aws:s3:::b"));
        assert!(s.covers_all_objects("b"));
        let prefix = stmt(json!({"Effect": "Deny", "Resource": "arn:aws:s3:::b/logs/*"}));
        assert!(!prefix.covers_all_objects("b"));
        assert!(stmt(json!({"Effect": "Deny", "Resource": "arn:aws:s3:::b*"})).covers_all_objects("b"));
        assert!(stmt(json!({"Effect": "Deny", "Action": "s3:*"})).covers_all_s3_actions());
        assert!(stmt(json!({"Effect": "Deny", "Action": "*"})).covers_all_s3_actions());
        assert!(!stmt(json!({"Effect": "Deny", "NotAction": "s3:GetObject"})).covers_all_s3_actions());
        assert!(!stmt(json!({"Effect": "Deny", "Action": "s3:Get*"})).covers_all_s3_actions());
        let nr = stmt(json!({"Effect": "Deny", "NotResource": "arn:aws:s3:::other/*"}));
        assert!(nr.covers_resource("arn:aws:s3:::b"));
        assert!(nr.covers_all_objects("b"));
        let nr_own = stmt(json!({"Effect": "Deny", "NotResource": "arn:aws:s3:::b/public/*"}));
        assert!(!nr_own.covers_all_objects("b"));
        let nr_wild = stmt(json!({"Effect": "Deny", "NotResource": "arn:aws:s3:::*"}));
        assert!(!nr_wild.covers_all_objects("b"));
        let nr_short = stmt(json!({"Effect": "Deny", "NotResource": "arn:aws:s3:::c"}));
        assert!(nr_short.covers_all_objects("b"));
        // Many stars must not explode.
        let hostile = format!("{}x", "a*".repeat(40));
        assert!(!may_match_prefix(
            &hostile.chars().collect::<Vec<_>>(),
            &"b".repeat(200).chars().collect::<Vec<_>>()
        ));
        assert!(may_match_prefix(&['a', '?', 'c'], &['a', 'b']));
        assert!(!may_match_prefix(&['a', 'c'], &['a', 'b']));
    }

    #[test]
    fn conditions_parse_and_restrict() {
        let s = stmt(json!({"Effect": "Allow", "Condition": {
            "ForAnyValue:StringEqualsIfExists": {"AWS:SourceVpce": ["vpce-1"]},
            "Bool": {"aws:SecureTransport": false}
        }}));
        let c = s.conditions.iter().find(|c| c.key == "aws:sourcevpce").unwrap();
        assert_eq!(c.operator, "StringEquals");
        assert!(c.if_exists);
        assert_eq!(c.set_op, Some(SetOp::ForAnyValue));
        assert_eq!(
            s.conditions
                .iter()
                .find(|c| c.key == "aws:securetransport")
                .unwrap()
                .values,
            ["false"]
        );
        // IfExists passes for anonymous callers: still public.
        assert!(s.non_public_condition().is_none());

        let vpce =
            stmt(json!({"Effect": "Allow", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}));
        assert!(vpce.non_public_condition().is_some());
        let wild = stmt(json!({"Effect": "Allow", "Condition": {"ArnLike": {"aws:SourceArn": "*"}}}));
        assert!(wild.non_public_condition().is_none());
        let any_ip =
            stmt(json!({"Effect": "Allow", "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}));
        assert!(any_ip.non_public_condition().is_none());
        let ip =
            stmt(json!({"Effect": "Allow", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}));
        assert!(ip.non_public_condition().is_some());
        let neg = stmt(json!({"Effect": "Allow", "Condition": {"StringNotEquals": {"aws:SourceVpce": "v"}}}));
        assert!(neg.non_public_condition().is_none());
        let tls = stmt(json!({"Effect": "Allow", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}));
        assert!(tls.non_public_condition().is_none());
    }

    /// A partial document from JSON where `?O`, `?F`, `?P`, `?A` stand for Opaque, Fixed,
    /// Partition and Account holes.
    fn views(v: J) -> Views {
        let text = v
            .to_string()
            .replace("?O", &partial::Sym::Opaque.hole().to_string())
            .replace("?F", &partial::Sym::Fixed.hole().to_string())
            .replace("?P", &partial::Sym::Partition.hole().to_string())
            .replace("?A", &partial::Sym::Account.hole().to_string());
        Views::parse(&serde_json::from_str(&text).unwrap(), "why".into()).unwrap()
    }

    fn one(d: &Document) -> &Statement {
        &d.statements[0]
    }

    // A Partition hole is the bucket's own partition: the ARN names the same bucket in every
    // reading.
    #[test]
    fn partition_symbol_names_the_bucket() {
        let v = views(
            json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:?P:s3:::b/*"}]}),
        );
        for d in [&v.widest, &v.narrowest] {
            assert!(one(d).covers_all_objects("b"));
        }
    }

    // An unknown resource matches anything when it widens (an Allow at its widest) and nothing
    // when it narrows.
    #[test]
    fn opaque_resource_is_star_or_nothing() {
        let v = views(json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::?O/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::?O/*"}]}));
        assert!(v.widest.statements[0].covers_all_objects("b"));
        assert!(!v.narrowest.statements[0].covers_all_objects("b"));
        assert!(!v.widest.statements[1].covers_all_objects("b"));
        assert!(v.narrowest.statements[1].covers_all_objects("b"));
    }

    // Principals take no wildcard but `*` itself: only a wholly unknown one can be everyone.
    #[test]
    fn only_a_wholly_unknown_principal_can_be_public() {
        let stmt = |p: J| json!({"Statement": [{"Effect": "Allow", "Principal": p, "Action": "s3:GetObject", "Resource": "*"}]});
        let v = views(stmt(json!({"AWS": "?O"})));
        assert!(one(&v.widest).has_public_principal());
        assert!(!one(&v.widest_private).has_public_principal());
        assert!(!one(&v.narrowest).has_public_principal());
        for p in [json!({"AWS": "arn:aws:iam::?O:root"}), json!({"AWS": "?F"})] {
            let v = views(stmt(p.clone()));
            assert!(!one(&v.widest).has_public_principal(), "{p}");
        }
        // The owner account's root is itself in every reading.
        let own = views(stmt(json!({"AWS": "arn:aws:iam::?A:root"})));
        let Some(Principal::Typed(e)) = &one(&own.narrowest).principal else {
            panic!()
        };
        assert_eq!(account_of(&e[0].1), Some(partial::OWN_ACCOUNT));
    }

    // S3 counts a condition on a listed key with fixed values as restricting; a computed value
    // is fixed, a variable may be "*".
    #[test]
    fn computed_condition_values_restrict_opaque_ones_may_not() {
        let cond = |v: &str| {
            json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": v}}}]})
        };
        let fixed = views(cond("?F"));
        assert!(one(&fixed.widest).non_public_condition().is_some());
        let opaque = views(cond("?O"));
        assert!(one(&opaque.widest).non_public_condition().is_none());
        assert!(one(&opaque.widest_private).non_public_condition().is_some());
        // At its narrowest the condition never holds: the statement grants nothing.
        assert_eq!(one(&opaque.narrowest).access(), Access::None);
    }

    // A statement that is not known: anything at the widest, a Deny of everything at the
    // narrowest, and possibly the TLS Deny.
    #[test]
    fn unknown_statements_and_effects() {
        let v = views(
            json!({"Statement": ["?O", {"Effect": "?O", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}),
        );
        assert_eq!(v.widest.statements[0].effect, Effect::Allow);
        assert!(v.widest.statements[0].has_public_principal());
        assert_eq!(v.narrowest.statements[0].effect, Effect::Deny);
        assert_eq!(v.tls_could.statements[0].conditions[0].key, "aws:securetransport");
        assert_eq!(v.widest.statements[1].effect, Effect::Allow);
        assert_eq!(v.narrowest.statements[1].effect, Effect::Deny);
    }

    // A Deny's unknown condition narrows the Deny: at the widest reading the Deny may not apply.
    #[test]
    fn deny_conditions_with_holes() {
        let v = views(
            json!({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "?F"}}}]}),
        );
        assert_eq!(one(&v.widest).access(), Access::None);
        assert!(one(&v.narrowest).conditions.is_empty());
    }
}
