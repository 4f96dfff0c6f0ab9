//! Attach separate `aws_s3_bucket_*` resources to their bucket: references first, names last.
//! A resource is never attached to a bucket on a guess; when neither a reference nor a unique
//! literal name match says which bucket it configures, it stays unlinked, with the reason.

use rustc_hash::FxHashMap;

use super::bucket::Bucket;
use super::node::{Node, Val};
use super::value::Value;

pub enum Link {
    Bucket(usize),
    None(String),
}

/// Buckets by (root, address) and by known name.
pub struct BucketIndex {
    by_address: FxHashMap<(String, String), usize>,
    by_name: FxHashMap<String, Vec<usize>>,
    addresses: Vec<String>,
}

impl BucketIndex {
    pub fn new(buckets: &[Bucket]) -> Self {
        let mut by_address = FxHashMap::with_capacity_and_hasher(buckets.len(), Default::default());
        let mut by_name: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, b) in buckets.iter().enumerate() {
            by_address.insert((b.root.clone(), b.address.clone()), i);
            if let Value::Set(name, _) = &b.name {
                by_name.entry(name.clone()).or_default().push(i);
            }
        }
        BucketIndex {
            by_address,
            by_name,
            addresses: buckets.iter().map(|b| b.address.clone()).collect(),
        }
    }

    pub fn address(&self, i: usize) -> &str {
        &self.addresses[i]
    }

    pub fn position(&self, address: &str, root: &str) -> Option<usize> {
        self.by_address
            .get(&(root.to_string(), address.to_string()))
            .copied()
    }

    /// Which bucket a `bucket` (or `target_bucket`) argument names, within `root` for references.
    pub fn resolve(&self, arg: Option<&Node>, root: &str) -> Link {
        let Some(arg) = arg else {
            return Link::None("it has no `bucket` argument".into());
        };
        let bucket_refs: Vec<&String> = arg.refs.iter().filter(|r| is_bucket_address(r)).collect();
        if !bucket_refs.is_empty() {
            let found: Vec<usize> = bucket_refs
                .iter()
                .filter_map(|r| self.position(r, root))
                .collect();
            return match found.as_slice() {
                [i] => Link::Bucket(*i),
                [] => Link::None(format!(
                    "it refers to {}, which is not in the scan",
                    bucket_refs[0]
                )),
                _ => Link::None(format!(
                    "its bucket argument refers to several buckets ({})",
                    bucket_refs
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
        }
        match &arg.val {
            Val::Str(name) => match self.by_name.get(name).map(Vec::as_slice) {
                Some([i]) => Link::Bucket(*i),
                Some(many) if many.len() > 1 => {
                    Link::None(format!("several buckets in the scan are named `{name}`"))
                }
                _ => Link::None(format!("no bucket in the scan is named `{name}`")),
            },
            Val::Unknown(reason) => Link::None(format!("its bucket is not known: {reason}")),
            _ => Link::None("its bucket argument is not a name".into()),
        }
    }
}

/// `aws_s3_bucket.x`, `aws_s3_bucket.x[0]`, `module.m.aws_s3_bucket.x["k"]`.
fn is_bucket_address(address: &str) -> bool {
    address.starts_with("aws_s3_bucket.") || address.contains(".aws_s3_bucket.")
}
