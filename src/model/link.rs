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

/// Buckets by root and address, and by known name.
pub struct BucketIndex {
    /// Root → address → position: looked up with borrowed strings.
    by_address: FxHashMap<String, FxHashMap<String, usize>>,
    by_name: FxHashMap<String, Vec<usize>>,
    addresses: Vec<String>,
}

impl BucketIndex {
    pub fn new(buckets: &[Bucket]) -> Self {
        let mut by_address: FxHashMap<String, FxHashMap<String, usize>> = FxHashMap::default();
        let mut by_name: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, b) in buckets.iter().enumerate() {
            let in_root = match by_address.get_mut(&b.root) {
                Some(m) => m,
                None => by_address.entry(b.root.clone()).or_default(),
            };
            in_root.insert(b.address.clone(), i);
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
        self.by_address.get(root)?.get(address).copied()
    }

    /// Which bucket a `bucket` (or `target_bucket`) argument names, within `root` for references.
    pub fn resolve(&self, arg: Option<&BucketArg>, root: &str) -> Link {
        let Some(arg) = arg else {
            return Link::None("it has no `bucket` argument".into());
        };
        if !arg.refs.is_empty() {
            let found: Vec<usize> = arg.refs.iter().filter_map(|r| self.position(r, root)).collect();
            return match found.as_slice() {
                [i] => Link::Bucket(*i),
                [] => Link::None(format!("it refers to {}, which is not in the scan", arg.refs[0])),
                _ => Link::None(format!(
                    "its bucket argument refers to several buckets ({})",
                    arg.refs.join(", ")
                )),
            };
        }
        match &arg.value {
            ArgValue::Name(name) => match self.by_name.get(name).map(Vec::as_slice) {
                Some([i]) => Link::Bucket(*i),
                Some(many) if many.len() > 1 => {
                    Link::None(format!("several buckets in the scan are named `{name}`"))
                }
                _ => Link::None(format!("no bucket in the scan is named `{name}`")),
            },
            ArgValue::Unknown(reason) => Link::None(format!("its bucket is not known: {reason}")),
            ArgValue::Other => Link::None("its bucket argument is not a name".into()),
        }
    }
}

/// What linking needs of a `bucket` (or `target_bucket`) argument, taken from its evaluated
/// value, so that the resources can be freed before every bucket of the scan is known.
#[derive(Clone, Debug)]
pub struct BucketArg {
    /// The buckets it refers to (instance addresses).
    refs: Vec<String>,
    value: ArgValue,
}

#[derive(Clone, Debug)]
enum ArgValue {
    Name(String),
    Unknown(String),
    Other,
}

impl BucketArg {
    pub fn of(arg: &Node) -> Self {
        let refs: Vec<String> = arg
            .refs
            .iter()
            .filter(|r| is_bucket_address(r))
            .cloned()
            .collect();
        // A name is looked at only when no reference says which bucket.
        let value = match &arg.val {
            _ if !refs.is_empty() => ArgValue::Other,
            Val::Str(name) => ArgValue::Name(name.clone()),
            Val::Unknown(reason) => ArgValue::Unknown(reason.clone()),
            Val::Partial(p) => ArgValue::Unknown(p.reason.clone()),
            _ => ArgValue::Other,
        };
        BucketArg { refs, value }
    }
}

/// `aws_s3_bucket.x`, `aws_s3_bucket.x[0]`, `module.m.aws_s3_bucket.x["k"]`.
fn is_bucket_address(address: &str) -> bool {
    address.starts_with("aws_s3_bucket.") || address.contains(".aws_s3_bucket.")
}
