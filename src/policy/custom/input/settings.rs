//! `settings` of the input document: every setting of the model's bucket.

use serde_json::{Map, Value as Json, json};

use super::Builder;
use crate::model::{Bucket, Grantee, Value};

impl Builder<'_> {
    pub(super) fn settings(&mut self, b: &Bucket) -> Json {
        json!({
            "acls": self.acls(b),
            "public_access_block": self.public_access_block(b),
            "object_ownership": self.optional(
                "object_ownership",
                b.ownership.as_ref().map(|o| &o.object_ownership),
                None,
            ),
            "versioning": self.versioning(b),
            "encryption": self.encryption(b),
            "logging": self.logging(b),
            "policies": self.policies(b),
            "objects": self.objects(b),
            "replication": self.replication(b),
            "object_lock": self.object_lock(b),
            "lifecycle": self.lifecycle(b),
            "notifications": self.notifications(b),
        })
    }

    fn acls(&mut self, b: &Bucket) -> Json {
        let mut out = Vec::new();
        for (i, acl) in b.acls.iter().enumerate() {
            let path = format!("acls.{i}");
            let mut m = self.block(&path, &acl.address, acl.origin);
            m.insert(
                "canned".into(),
                self.optional(&format!("{path}.canned"), acl.canned.as_ref(), Some(acl.origin)),
            );
            let grants: Vec<Json> = acl
                .grants
                .iter()
                .enumerate()
                .map(|(j, g)| {
                    let at = format!("{path}.grants.{j}");
                    self.origins.insert(at.clone(), g.origin);
                    json!({
                        "grantee": self.leaf(&format!("{at}.grantee"), &g.grantee.clone().map(|x| grantee(&x))),
                        "permission": self.leaf(&format!("{at}.permission"), &g.permission),
                        "origin": self.place(g.origin),
                    })
                })
                .collect();
            m.insert("grants".into(), Json::Array(grants));
            out.push(Json::Object(m));
        }
        Json::Array(out)
    }

    fn public_access_block(&mut self, b: &Bucket) -> Json {
        let path = "public_access_block";
        let block = b.public_access_block.as_deref();
        let mut m = self.optional_block(path, block.map(|x| (x.address.as_str(), x.origin)));
        let names = [
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets",
        ];
        for (i, name) in names.into_iter().enumerate() {
            let v = block.map(|x| x.settings()[i].1);
            m.insert(name.into(), self.optional(&format!("{path}.{name}"), v, None));
        }
        Json::Object(m)
    }

    fn versioning(&mut self, b: &Bucket) -> Json {
        let v = b.versioning.as_deref();
        let mut m = self.optional_block("versioning", v.map(|x| (x.address.as_str(), x.origin)));
        m.insert(
            "status".into(),
            self.optional("versioning.status", v.map(|x| &x.status), None),
        );
        m.insert(
            "mfa_delete".into(),
            self.optional("versioning.mfa_delete", v.map(|x| &x.mfa_delete), None),
        );
        Json::Object(m)
    }

    /// `state` tells whether a default encryption is declared: `unknown` when dynamic blocks
    /// over an unknown collection may add one.
    fn encryption(&mut self, b: &Bucket) -> Json {
        let Some(e) = b.encryption.as_deref() else {
            return json!({"state": "unset", "rules": []});
        };
        let mut m = self.block("encryption", &e.address, e.origin);
        let rules: Vec<Json> = e
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let at = format!("encryption.rules.{i}");
                self.origins.insert(at.clone(), r.origin);
                json!({
                    "algorithm": self.leaf(&format!("{at}.algorithm"), &r.algorithm),
                    "kms_key": self.optional(&format!("{at}.kms_key"), r.kms_key.as_ref(), Some(r.origin)),
                })
            })
            .collect();
        m.insert("rules".into(), Json::Array(rules));
        state(&mut m, e.unknown.as_ref());
        Json::Object(m)
    }

    fn logging(&mut self, b: &Bucket) -> Json {
        let l = b.logging.as_deref();
        let mut m = self.optional_block("logging", l.map(|x| (x.address.as_str(), x.origin)));
        m.insert(
            "target_bucket".into(),
            self.optional("logging.target_bucket", l.map(|x| &x.target_bucket), None),
        );
        m.insert(
            "target_address".into(),
            json!(l.and_then(|x| x.target_address.as_deref())),
        );
        m.insert("receives_logs_from".into(), json!(b.receives_logs_from));
        Json::Object(m)
    }

    fn policies(&mut self, b: &Bucket) -> Json {
        let mut out = Vec::new();
        for (i, p) in b.policies.iter().enumerate() {
            let mut m = self.block(&format!("policies.{i}"), &p.address, p.origin);
            let (state, reason) = match &p.document {
                Value::Set(Ok(_), _) | Value::Default(Ok(_), _) => ("known", None),
                Value::Set(Err(e), _) | Value::Default(Err(e), _) => ("malformed", Some(e.to_string())),
                Value::Unknown(why, _) => ("unknown", Some(why.clone())),
            };
            m.insert("state".into(), json!(state));
            if let Some(r) = reason {
                m.insert("reason".into(), json!(r));
            }
            m.insert("size".into(), json!(p.size));
            out.push(Json::Object(m));
        }
        Json::Array(out)
    }

    fn objects(&mut self, b: &Bucket) -> Json {
        let mut out = Vec::new();
        for (i, o) in b.objects.iter().enumerate() {
            let at = format!("objects.{i}");
            let mut m = self.block(&at, &o.address, o.origin);
            m.insert("type".into(), json!(o.rtype));
            m.insert("key".into(), self.leaf(&format!("{at}.key"), &o.key));
            m.insert("acl".into(), self.leaf(&format!("{at}.acl"), &o.acl));
            m.insert(
                "kms_key".into(),
                self.optional(&format!("{at}.kms_key"), o.kms_key.as_ref(), Some(o.origin)),
            );
            m.insert(
                "sse".into(),
                self.optional(&format!("{at}.sse"), o.sse.as_ref(), Some(o.origin)),
            );
            out.push(Json::Object(m));
        }
        Json::Array(out)
    }
}

impl Builder<'_> {
    /// `state`: `unset` without a replication configuration, `unknown` when dynamic blocks over
    /// an unknown collection may add rules.
    fn replication(&mut self, b: &Bucket) -> Json {
        let Some(r) = b.replication.as_deref() else {
            return json!({"state": "unset", "rules": []});
        };
        let mut m = self.block("replication", &r.address, r.origin);
        let rules: Vec<Json> = r
            .rules
            .iter()
            .enumerate()
            .map(|(i, rule)| {
                let at = format!("replication.rules.{i}");
                self.origins.insert(at.clone(), rule.origin);
                json!({
                    "status": self.leaf(&format!("{at}.status"), &rule.status),
                    "destination": self.leaf(&format!("{at}.destination"), &rule.destination),
                })
            })
            .collect();
        m.insert("rules".into(), Json::Array(rules));
        state(&mut m, r.unknown.as_ref());
        Json::Object(m)
    }

    fn object_lock(&mut self, b: &Bucket) -> Json {
        let l = b.object_lock.as_deref();
        let mut m = self.optional_block("object_lock", l.map(|x| (x.address.as_str(), x.origin)));
        m.insert(
            "enabled".into(),
            self.optional("object_lock.enabled", l.map(|x| &x.enabled), None),
        );
        let mode = l.and_then(|x| x.retention_mode.as_ref());
        m.insert(
            "retention_mode".into(),
            self.optional("object_lock.retention_mode", mode, l.map(|x| x.origin)),
        );
        Json::Object(m)
    }

    /// One entry per resource that declares rules (the inline `lifecycle_rule` blocks are one).
    fn lifecycle(&mut self, b: &Bucket) -> Json {
        let mut out = Vec::new();
        for (i, l) in b.lifecycle.iter().enumerate() {
            let path = format!("lifecycle.{i}");
            let mut m = self.block(&path, &l.address, l.origin);
            let rules: Vec<Json> = l
                .rules
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    let at = format!("{path}.rules.{j}");
                    self.origins.insert(at.clone(), r.origin);
                    let days = r.abort_multipart_days.as_ref();
                    json!({
                        "status": self.leaf(&format!("{at}.status"), &r.status),
                        "abort_multipart_days": self.optional(&format!("{at}.abort_multipart_days"), days, Some(r.origin)),
                    })
                })
                .collect();
            m.insert("rules".into(), Json::Array(rules));
            state(&mut m, l.unknown.as_ref());
            out.push(Json::Object(m));
        }
        Json::Array(out)
    }

    fn notifications(&mut self, b: &Bucket) -> Json {
        let mut out = Vec::new();
        for (i, n) in b.notifications.iter().enumerate() {
            let path = format!("notifications.{i}");
            let mut m = self.block(&path, &n.address, n.origin);
            let destinations: Vec<Json> = n
                .destinations
                .iter()
                .enumerate()
                .map(|(j, (kind, arn))| json!({"kind": kind, "arn": self.leaf(&format!("{path}.destinations.{j}"), arn)}))
                .collect();
            m.insert("destinations".into(), Json::Array(destinations));
            m.insert(
                "eventbridge".into(),
                self.leaf(&format!("{path}.eventbridge"), &n.eventbridge),
            );
            out.push(Json::Object(m));
        }
        Json::Array(out)
    }
}

/// A block's `state` (and `reason`): `unknown` when dynamic blocks may add to what it lists.
fn state(m: &mut Map<String, Json>, unknown: Option<&(String, crate::model::Origin)>) {
    match unknown {
        Some((why, _)) => {
            m.insert("state".into(), json!("unknown"));
            m.insert("reason".into(), json!(why));
        }
        None => {
            m.insert("state".into(), json!("known"));
        }
    }
}

/// A grantee as the ACL XML names it: the group URI's last part, or `canonical:ID` / `email:…`.
fn grantee(g: &Grantee) -> String {
    match g {
        Grantee::AllUsers => "AllUsers".into(),
        Grantee::AuthenticatedUsers => "AuthenticatedUsers".into(),
        Grantee::LogDelivery => "LogDelivery".into(),
        Grantee::OtherGroup(uri) => format!("group:{uri}"),
        Grantee::CanonicalUser(id) => format!("canonical:{id}"),
        Grantee::UnknownCanonicalUser(why) => format!("canonical:unknown ({why})"),
        Grantee::Email(e) => format!("email:{e}"),
    }
}
