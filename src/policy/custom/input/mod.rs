//! The input document a custom policy reads: one bucket of the model, resolved — its settings
//! from every resource that configures it, each with its value, its state (`known`, `unknown`
//! or `unset`) and its origin, and the bucket's exposure verdict with its reasons.
//! `docs/custom-policies.md` documents it and `docs/input.schema.json` is its schema.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value as Json, json};

use crate::model::{Bucket, Origin, Sources, Value};
use crate::policy::Context;

mod settings;

/// A bucket's input document, with the origin of each setting by its path (`versioning.status`,
/// `acls.0.grants.1.grantee`) for the `path` of findings.
pub struct Document {
    pub json: Json,
    origins: BTreeMap<String, Origin>,
    bucket: Origin,
}

impl Document {
    pub fn of(cx: &Context, bucket: &Bucket, sources: &Sources) -> Document {
        let mut b = Builder {
            sources,
            origins: BTreeMap::new(),
            fallback: bucket.origin,
        };
        let settings = b.settings(bucket);
        let exposure = b.exposure(&cx.exposure(bucket));
        let json = json!({
            "address": bucket.address,
            "root": bucket.root,
            "module": bucket.module_calls.last().map_or("", |(m, _)| m.as_str()),
            "name": b.leaf("name", &bucket.name),
            "origin": b.place(bucket.origin),
            "tags": b.leaf("tags", &bucket.tags),
            "external": bucket.external,
            "directory": bucket.directory,
            "exposure": exposure,
            "settings": settings,
        });
        Document {
            json,
            origins: b.origins,
            bucket: bucket.origin,
        }
    }

    /// Where a finding about `path` points: that setting (`settings.` optional), else the
    /// nearest enclosing setting recorded, else the bucket's block.
    pub fn origin(&self, path: Option<&str>) -> Origin {
        let Some(path) = path else { return self.bucket };
        let mut path = path.trim().trim_start_matches("input.");
        path = path.strip_prefix("settings.").unwrap_or(path);
        loop {
            if let Some(o) = self.origins.get(path) {
                return *o;
            }
            match path.rfind('.') {
                Some(dot) => path = &path[..dot],
                None => return self.bucket,
            }
        }
    }
}

struct Builder<'s> {
    sources: &'s Sources,
    origins: BTreeMap<String, Origin>,
    /// Where an unset setting points: the bucket's block.
    fallback: Origin,
}

impl Builder<'_> {
    fn place(&self, o: Origin) -> Json {
        json!({"file": self.sources.display(o), "line": self.sources.start(o).line})
    }

    /// A setting: `{"value", "state", "origin"}`, plus `reason` when unknown. A default the
    /// model states is the value of an `unset` setting.
    fn leaf<T: Serialize>(&mut self, path: &str, v: &Value<T>) -> Json {
        self.origins.insert(path.to_string(), v.origin());
        let at = self.place(v.origin());
        match v {
            Value::Set(x, _) => json!({"value": x, "state": "known", "origin": at}),
            Value::Default(x, _) => json!({"value": x, "state": "unset", "origin": at}),
            Value::Unknown(why, _) => {
                json!({"value": null, "state": "unknown", "reason": why, "origin": at})
            }
        }
    }

    /// A setting nothing writes, and whose default the model does not state.
    fn unset(&mut self, path: &str, at: Option<Origin>) -> Json {
        let at = at.unwrap_or(self.fallback);
        self.origins.insert(path.to_string(), at);
        json!({"value": null, "state": "unset", "origin": self.place(at)})
    }

    fn optional<T: Serialize>(&mut self, path: &str, v: Option<&Value<T>>, at: Option<Origin>) -> Json {
        match v {
            Some(v) => self.leaf(path, v),
            None => self.unset(path, at),
        }
    }

    /// A block-like setting (a resource or nested block): its address and origin, recorded.
    fn block(&mut self, path: &str, address: &str, at: Origin) -> serde_json::Map<String, Json> {
        self.origins.insert(path.to_string(), at);
        let mut m = serde_json::Map::new();
        m.insert("address".into(), json!(address));
        m.insert("origin".into(), self.place(at));
        m
    }

    /// [`Self::block`] of a setting that may be absent (then an empty map: its settings are unset).
    fn optional_block(&mut self, path: &str, at: Option<(&str, Origin)>) -> serde_json::Map<String, Json> {
        match at {
            Some((address, origin)) => self.block(path, address, origin),
            None => serde_json::Map::new(),
        }
    }

    fn exposure(&self, e: &crate::exposure::Exposure) -> Json {
        let reasons: Vec<Json> = e
            .reasons
            .iter()
            .map(|r| {
                json!({
                    "message": crate::exposure::describe(r),
                    "access": r.level.map(crate::exposure::Level::as_str),
                    "effect": r.effect.as_str(),
                    "origin": self.place(r.origin),
                })
            })
            .collect();
        json!({"verdict": e.verdict.as_str(), "reasons": reasons})
    }
}
