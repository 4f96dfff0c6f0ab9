//! Evaluating custom policies: one regorus engine per thread and set of modules, one input
//! document per bucket, each policy's `deny` and `undecided` sets read into verdicts.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use regorus::{Engine, Value as Rego};

use super::input::Document;
use super::{json_line, one_line};
use crate::model::{Bucket, Sources};
use crate::policy::{Context, Failure, Policy, Verdict};

/// How long one policy may run on one bucket before it is stopped (undecided, with the error).
const TIME_LIMIT: Duration = Duration::from_secs(2);

/// The Rego modules of one load: the helper library, every custom policy and their imports.
#[derive(Debug)]
pub struct Modules {
    /// Tells apart the engines threads keep for different loads.
    id: u64,
    /// (path as shown in messages, text)
    files: Vec<(String, String)>,
}

impl Modules {
    pub fn new(files: Vec<(String, String)>) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Modules {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            files,
        }
    }

    /// An engine with every module added; the error names file, line and column.
    pub fn engine(&self) -> Result<Engine, String> {
        let mut engine = Engine::new();
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit: TIME_LIMIT,
            check_interval: std::num::NonZeroU32::MIN.saturating_add(63),
        });
        for (path, text) in &self.files {
            engine
                .add_policy(path.clone(), text.clone())
                .map_err(|e| e.to_string())?;
        }
        Ok(engine)
    }
}

thread_local! {
    /// This thread's engines, by `Modules::id`: building one parses every module.
    static ENGINES: RefCell<Vec<(u64, Engine)>> = const { RefCell::new(Vec::new()) };
}

/// Every custom policy's verdicts on `bucket`: none, or one per `deny` member (a failure each),
/// or one undecided entry. `policies` are custom ones (`Policy::rego` set).
pub fn verdicts(
    policies: &[&'static Policy],
    cx: &Context,
    bucket: &Bucket,
    sources: &Sources,
) -> Vec<(&'static Policy, Verdict)> {
    if policies.is_empty() {
        return Vec::new();
    }
    let doc = Document::of(cx, bucket, sources);
    let input = rego_value(&doc.json);
    ENGINES.with_borrow_mut(|engines| {
        let mut out = Vec::new();
        // The engines given this bucket's input (usually one: every policy of a load shares it).
        let mut holding = Vec::new();
        for &policy in policies {
            let Some(rego) = &policy.rego else { continue };
            let engine = match engine_for(engines, &rego.modules) {
                Ok(e) => e,
                Err(e) => {
                    out.push((policy, undecided(policy, bucket, &e)));
                    continue;
                }
            };
            if !holding.contains(&rego.modules.id) {
                engine.set_input(input.clone());
                holding.push(rego.modules.id);
            }
            out.extend(
                evaluate(engine, rego, &doc, bucket)
                    .into_iter()
                    .map(|v| (policy, v)),
            );
        }
        out
    })
}

fn engine_for<'e>(engines: &'e mut Vec<(u64, Engine)>, modules: &Modules) -> Result<&'e mut Engine, String> {
    let at = match engines.iter().position(|(id, _)| *id == modules.id) {
        Some(at) => at,
        None => {
            engines.push((modules.id, modules.engine()?));
            engines.len() - 1
        }
    };
    Ok(&mut engines[at].1)
}

/// One policy on the bucket whose input `engine` holds.
fn evaluate(engine: &mut Engine, rego: &super::Rego, doc: &Document, bucket: &Bucket) -> Vec<Verdict> {
    let deny = match engine.eval_rule(format!("{}.deny", rego.package)) {
        Ok(v) => v,
        Err(e) => return vec![failed(rego, bucket, &e.to_string())],
    };
    let failures: Vec<Verdict> = members(&deny)
        .map(|(msg, path)| {
            Verdict::Fail(Failure {
                message: prefixed(bucket, &msg),
                origin: doc.origin(path.as_deref()),
                related: Vec::new(),
            })
        })
        .collect();
    if !failures.is_empty() || !rego.has_undecided {
        return failures;
    }
    let undecided = match engine.eval_rule(format!("{}.undecided", rego.package)) {
        Ok(v) => v,
        Err(e) => return vec![failed(rego, bucket, &e.to_string())],
    };
    let mut reasons = members(&undecided).peekable();
    let Some((_, path)) = reasons.peek().cloned() else {
        return Vec::new();
    };
    let reason: Vec<String> = reasons.map(|(msg, _)| msg).collect();
    vec![Verdict::Undecided {
        reason: reason.join("; "),
        origin: doc.origin(path.as_deref()),
    }]
}

/// The members of a `deny` or `undecided` set: a message, or `{"msg": ..., "path": ...}`.
/// Anything else is shown as JSON rather than dropped. In set order (deterministic).
fn members(set: &Rego) -> impl Iterator<Item = (String, Option<String>)> + '_ {
    let items: Vec<&Rego> = match set {
        Rego::Set(s) => s.iter().collect(),
        Rego::Array(a) => a.iter().collect(),
        _ => Vec::new(),
    };
    items.into_iter().map(|m| match m {
        Rego::String(s) => (s.to_string(), None),
        Rego::Object(o) => {
            let text = |k: &str| match o.get(&Rego::from(k)) {
                Some(Rego::String(s)) => Some(s.to_string()),
                _ => None,
            };
            (text("msg").unwrap_or_else(|| json_line(m)), text("path"))
        }
        other => (json_line(other), None),
    })
}

/// Messages of checks begin with the bucket's address (findings store the rest once).
fn prefixed(bucket: &Bucket, msg: &str) -> String {
    match msg
        .strip_prefix(bucket.address.as_str())
        .is_some_and(|r| r.starts_with(": "))
    {
        true => msg.to_string(),
        false => format!("{}: {msg}", bucket.address),
    }
}

fn failed(rego: &super::Rego, bucket: &Bucket, error: &str) -> Verdict {
    Verdict::Undecided {
        reason: format!("{} failed on this bucket: {}", rego.file, one_line(error)),
        origin: bucket.origin,
    }
}

fn undecided(policy: &Policy, bucket: &Bucket, why: &str) -> Verdict {
    Verdict::Undecided {
        reason: format!("{} could not run: {}", policy.meta.id, one_line(why)),
        origin: bucket.origin,
    }
}

/// The document as a regorus value, directly (a JSON text round trip costs several times more).
fn rego_value(v: &serde_json::Value) -> Rego {
    use serde_json::Value as Json;
    match v {
        Json::Null => Rego::Null,
        Json::Bool(b) => Rego::from(*b),
        Json::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Rego::from(i),
            (None, Some(f)) => Rego::from(f),
            _ => Rego::Null,
        },
        Json::String(s) => Rego::from(s.as_str()),
        Json::Array(a) => Rego::from(a.iter().map(rego_value).collect::<Vec<_>>()),
        Json::Object(o) => Rego::from(
            o.iter()
                .map(|(k, v)| (Rego::from(k.as_str()), rego_value(v)))
                .collect::<std::collections::BTreeMap<_, _>>(),
        ),
    }
}
