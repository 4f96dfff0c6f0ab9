//! AWS provider knowledge: the attributes the provider computes (a bucket's `id` / `arn`, a
//! policy document's `json`) and the well-known data sources that are symbols, not unknowns.

use super::*;

/// Keys added to an object that the configuration did not write, with the written value each
/// replaced, if any (see [`Instance::injected`]).
type Injected = Vec<(String, Option<Node>)>;

impl<'a> Evaluator<'a> {
    /// Add what references read but the configuration does not write: a bucket's id/arn, a
    /// policy document's json. The object carries the instance address as its ref.
    pub(super) fn with_computed(&self, key: &ResKey, mut body: Node, address: &str) -> (Node, Injected) {
        let mut injected = Vec::new();
        let at = body.origin;
        let json = if key.0 == Mode::Data && key.1 == "aws_iam_policy_document" {
            let mut j = policy_document::policy_document_json(&body);
            let mut refs = vec![address.to_string()];
            deep_refs(&body, &mut refs);
            j.refs = refs.into();
            Some(j)
        } else {
            None
        };
        if let Val::Map(m) = &mut body.val {
            bucket_identity(key, m, address, at, &mut injected);
            // A configuration resource's id is its bucket's name (see `id_is_bucket`).
            if key.0 == Mode::Managed
                && !m.contains_key("id")
                && id_is_bucket(&key.1, |a| m.contains_key(a))
                && let Some(bucket) = m.get("bucket").cloned()
            {
                m.insert("id".into(), bucket);
                injected.push(("id".into(), None));
            }
            if let Some(j) = json {
                let prev = m.insert("json".into(), j);
                injected.push(("json".into(), prev));
            }
            self.account_symbols(key, m, address, at, &mut injected);
        }
        body.refs = vec![address.to_string()].into();
        (body, injected)
    }

    /// Attributes that are the scanned account's own values: symbols, not unknowns.
    fn account_symbols(&self, key: &ResKey, m: &mut Map, address: &str, at: Origin, injected: &mut Injected) {
        let own = own_account_arn(key, self.block(key))
            .map(|(k, text)| (k, text, "is computed by the provider (in the scanned account)"));
        let data = if key.0 == Mode::Data {
            well_known(&key.1)
        } else {
            Vec::new()
        };
        let data = data.into_iter().map(|(k, text)| {
            (
                k,
                text,
                "is a value of the scanned account, not known to the scan",
            )
        });
        for (k, text, what) in own.into_iter().chain(data) {
            if m.contains_key(k) {
                continue;
            }
            let reason = Reason::not_known(format!("{address}.{k} {what}"));
            let v = node(Val::partial(text, reason), at).with_refs(vec![address.to_string()]);
            m.insert(k.to_string(), v);
            injected.push((k.to_string(), None));
        }
    }
}

/// A bucket's `id`, `bucket` and `arn`: its name, written or a placeholder. A data source's name
/// is the argument it is read by: known, or left unknown.
fn bucket_identity(key: &ResKey, m: &mut Map, address: &str, at: Origin, injected: &mut Injected) {
    let data_name = match m.get("bucket").map(|b| &b.val) {
        Some(Val::Str(s)) if key.0 == Mode::Data => Some(s.clone()),
        _ => None,
    };
    if key.1 != "aws_s3_bucket" || (key.0 != Mode::Managed && data_name.is_none()) {
        return;
    }
    let name = match m.get("bucket").map(|b| &b.val) {
        // An empty name is no name: the provider generates one (`Bucket::arn_name`).
        Some(Val::Str(s)) if !s.is_empty() => s.clone(),
        _ => placeholder_name(address).into(),
    };
    let mut refs: crate::model::Refs = vec![address.to_string()].into();
    // A data source's name is its argument's: a bucket that refers to, the name refers to too.
    if key.0 == Mode::Data
        && let Some(b) = m.get("bucket")
    {
        refs.add(&b.refs);
    }
    let s = |v: String| node(Val::Str(v.into()), at).with_refs(refs.clone());
    for (k, v) in [
        ("id", s(name.to_string())),
        ("bucket", s(name.to_string())),
        ("arn", s(format!("{}{name}", crate::model::arn::S3_PREFIX))),
    ] {
        // A written name stays as written; references still get the address.
        if k == "bucket" && matches!(m.get(k).map(|p| &p.val), Some(Val::Str(_))) {
            continue;
        }
        let prev = m.insert(k.to_string(), v);
        injected.push((k.to_string(), prev));
    }
}

/// Attributes of well-known data sources that are symbols rather than unknowns: values of the
/// scanned account itself (its partition, account, region, organization, canonical user) or of
/// the AWS accounts that deliver logs to it. See [`partial::Sym`].
fn well_known(rtype: &str) -> Vec<(&'static str, String)> {
    use partial::Sym::*;
    let h = |s: partial::Sym| s.hole().to_string();
    let arn = |service: &str, account: partial::Sym, rest: String| {
        format!("arn:{}:{service}::{}:{rest}", h(Partition), h(account))
    };
    match rtype {
        "aws_partition" => vec![("partition", h(Partition)), ("id", h(Partition))],
        "aws_caller_identity" => vec![
            ("account_id", h(Account)),
            ("id", h(Account)),
            // A user or role of the account: `arn:PARTITION:iam|sts::ACCOUNT:...`.
            (
                "arn",
                format!("arn:{}:{}::{}:{}", h(Partition), h(Opaque), h(Account), h(Opaque)),
            ),
        ],
        "aws_canonical_user_id" => vec![("id", h(OwnCanonical))],
        "aws_region" => vec![("name", h(Region)), ("region", h(Region)), ("id", h(Region))],
        "aws_organizations_organization" => vec![("id", h(Org))],
        "aws_elb_service_account" => vec![
            ("id", h(ElbAccount)),
            ("arn", arn("iam", ElbAccount, "root".into())),
        ],
        "aws_cloudfront_log_delivery_canonical_user_id" => vec![("id", h(CloudFrontLogs))],
        _ => Vec::new(),
    }
}

/// The ARN of an IAM role or user this configuration creates with the default provider: a
/// principal of the scanned account, whatever its name (`arn:PARTITION:iam::ACCOUNT:role/...`).
/// A resource with its own `provider` may live in another account: its ARN stays a Fixed hole.
fn own_account_arn(key: &ResKey, block: Option<&Block>) -> Option<(&'static str, String)> {
    use partial::Sym::*;
    let kind = match key.1.as_str() {
        "aws_iam_role" => "role",
        "aws_iam_user" => "user",
        _ => return None,
    };
    if key.0 != Mode::Managed || block?.body.attr("provider").is_some() {
        return None;
    }
    let (p, a, f) = (Partition.hole(), Account.hole(), Fixed.hole());
    Some(("arn", format!("arn:{p}:iam::{a}:{kind}/{f}")))
}

/// Whether attribute `k` the provider computes for the resources `refs` is an identifier (an
/// ARN or an id) AWS assigns: never an IAM wildcard or policy variable. Other computed values
/// (a secret, an HTTP body, a random string) may be anything.
pub(super) fn is_identifier(k: &str, refs: &[String]) -> bool {
    let random = refs
        .iter()
        .any(|r| resource_type(r).is_some_and(|t| t.starts_with("random_")));
    !random && (k == "arn" || k == "id" || k.ends_with("_arn") || k.ends_with("_id"))
}
