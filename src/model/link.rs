//! Attach separate `aws_s3_bucket_*` resources to their bucket: references first, names last.
//! A resource is never attached to a bucket on a guess; when neither a reference nor a unique
//! literal name match says which bucket it configures, it stays unlinked, with the reason.
//!
//! A resource whose bucket is not defined in the scan (a name no bucket of the scan has, a data
//! source, a variable without a value) configures a *bucket outside the scan*, addressed by what
//! names it (see [`Target::External`]).

use rustc_hash::FxHashMap;

use super::bucket::Bucket;
use super::node::{Node, Val};
use super::resource::{
    BUCKET_TYPES, CONFIGURES_BUCKET, after_modules, names_its_bucket, placeholder_name, resource_type,
};
use super::source::Origin;
use super::value::Value;

pub enum Link {
    Bucket(usize),
    /// A bucket defined outside the scan.
    External(External),
    None(String),
}

/// A bucket defined outside the scan, as one resource names it.
#[derive(Clone, Debug)]
pub struct External {
    /// Stable and readable, the same for every resource that names the same bucket:
    /// `external:NAME` for a known name; `external:{EXPR}` for a name that is not known, EXPR
    /// being the expression's source text (in a plan without sources, the resources it
    /// references), after the module instance it is written in: `module.m.external:{var.name}`.
    pub address: String,
    /// The name when known, else why not.
    pub name: Value<String>,
}

/// Buckets by root and address, and by known name; configuration resources by root and address,
/// for the references that name a bucket through them.
pub struct BucketIndex {
    /// Root → address → position: looked up with borrowed strings.
    by_address: FxHashMap<String, FxHashMap<String, usize>>,
    by_name: FxHashMap<String, Vec<usize>>,
    /// Position → the known name.
    names: Vec<Option<String>>,
    addresses: Vec<String>,
    /// Root → address of a configuration resource → its `bucket` argument.
    configures: FxHashMap<String, FxHashMap<String, BucketArg>>,
}

/// How many configuration resources a chain of `bucket = aws_s3_bucket_x.y.id` may pass.
const MAX_VIA: usize = 8;

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
            names: buckets
                .iter()
                .map(|b| match &b.name {
                    Value::Set(name, _) => Some(name.clone()),
                    _ => None,
                })
                .collect(),
            addresses: buckets.iter().map(|b| b.address.clone()).collect(),
            configures: FxHashMap::default(),
        }
    }

    /// Record a configuration resource's `bucket` argument, for references through it.
    pub fn add_configures(&mut self, root: &str, address: &str, arg: &BucketArg) {
        self.configures
            .entry(root.to_string())
            .or_default()
            .insert(address.to_string(), arg.clone());
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
        self.resolve_from(arg, root, 0)
    }

    fn resolve_from(&self, arg: &BucketArg, root: &str, depth: usize) -> Link {
        let mut found: Vec<Link> = Vec::new();
        let mut missing = None;
        for r in &arg.refs {
            match self.position(r, root) {
                Some(i) if self.names_another(&Link::Bucket(i), arg) => {}
                Some(i) => found.push(Link::Bucket(i)),
                None => missing = missing.or(Some(r)),
            }
        }
        // `aws_s3_bucket_policy.p.id`: the bucket the policy configures.
        for v in &arg.via {
            let Some(through) = self.configures.get(root).and_then(|m| m.get(v)) else {
                continue;
            };
            if depth < MAX_VIA {
                match self.resolve_from(through, root, depth + 1) {
                    Link::None(_) => {}
                    l if self.names_another(&l, arg) => {}
                    l => found.push(l),
                }
            }
        }
        // A reference and a chain that name the same bucket are one answer.
        let mut unique: Vec<Link> = Vec::with_capacity(found.len());
        for l in found {
            if !unique.iter().any(|u| same(u, &l)) {
                unique.push(l);
            }
        }
        let mut found = unique;
        match found.len() {
            1 => return found.pop().unwrap_or(Link::None(String::new())),
            0 => {
                if let Some(r) = missing {
                    return Link::None(format!("it refers to {r}, which is not in the scan"));
                }
            }
            _ => {
                let all: Vec<&str> = arg.refs.iter().chain(&arg.via).map(String::as_str).collect();
                return Link::None(format!(
                    "its bucket argument refers to several buckets ({})",
                    all.join(", ")
                ));
            }
        }
        match &arg.value {
            ArgValue::Name(name) => match self.by_name.get(name).map(Vec::as_slice) {
                Some([i]) => Link::Bucket(*i),
                // Entries are made by a push: never empty.
                Some(_) => Link::None(format!("several buckets in the scan are named `{name}`")),
                None => Link::External(External {
                    address: format!("external:{name}"),
                    name: Value::Set(name.clone(), arg.origin),
                }),
            },
            ArgValue::Unknown {
                reason,
                key: Some(key),
            } => Link::External(External {
                address: key.clone(),
                name: Value::Unknown(reason.clone(), arg.origin),
            }),
            ArgValue::Unknown { reason, key: None } => {
                Link::None(format!("its bucket is not known: {reason}"))
            }
            ArgValue::Other => Link::None("its bucket argument is not a name".into()),
        }
    }

    /// Whether `link` is a bucket whose known name is not the argument's known name: `bucket =
    /// "${aws_s3_bucket.b.id}-logs"` refers to `b` but names another bucket, `dec-b-logs`.
    fn names_another(&self, link: &Link, arg: &BucketArg) -> bool {
        let ArgValue::Name(name) = &arg.value else {
            return false;
        };
        let known = match link {
            Link::Bucket(i) => self.names[*i].as_ref(),
            Link::External(e) => match &e.name {
                Value::Set(n, _) => Some(n),
                _ => None,
            },
            Link::None(_) => None,
        };
        known.is_some_and(|n| n != name)
    }
}

/// Whether two links name the same bucket.
fn same(a: &Link, b: &Link) -> bool {
    match (a, b) {
        (Link::Bucket(x), Link::Bucket(y)) => x == y,
        (Link::External(x), Link::External(y)) => x.address == y.address,
        _ => false,
    }
}

/// What linking needs of a `bucket` (or `target_bucket`) argument, taken from its evaluated
/// value, so that the resources can be freed before every bucket of the scan is known.
#[derive(Clone, Debug)]
pub struct BucketArg {
    /// The buckets it refers to (instance addresses).
    refs: Vec<String>,
    /// The configuration resources it refers to, whose bucket it names (`aws_s3_bucket_policy.p.id`).
    via: Vec<String>,
    value: ArgValue,
    origin: Origin,
}

#[derive(Clone, Debug)]
enum ArgValue {
    Name(String),
    /// With the address of the bucket outside the scan it names, when something names it.
    Unknown {
        reason: String,
        key: Option<String>,
    },
    Other,
}

impl BucketArg {
    /// The configuration resources it refers to, whose bucket it names.
    pub fn via(&self) -> &[String] {
        &self.via
    }

    /// `expr`: the argument's source text, when the front end has it; `module`: the module
    /// instance the argument is written in.
    pub fn of(arg: &Node, expr: Option<&str>, module: &str) -> Self {
        let mut refs: Vec<String> = arg
            .refs
            .iter()
            .filter(|r| is_bucket_address(r))
            .cloned()
            .collect();
        let mut via: Vec<String> = arg
            .refs
            .iter()
            .filter(|r| resource_type(r).is_some_and(names_its_bucket))
            .cloned()
            .collect();
        // A generated name is a bucket's name only alone: `"${aws_s3_bucket.b.id}-logs"` names
        // another bucket (a known name is compared in `BucketIndex::names_another`).
        if let Val::Str(name) = &arg.val
            && name.contains("${")
        {
            refs.retain(|r| **name == *placeholder_name(r));
            if refs.is_empty() {
                via.clear();
            }
        }
        let value = match &arg.val {
            // A placeholder for a generated name is no name: the references say which bucket.
            Val::Str(name) if !name.contains("${") || arg.refs.is_empty() => ArgValue::Name(name.to_string()),
            Val::Str(_) | Val::Unknown(_) | Val::Partial(_) => {
                let reason = match &arg.val {
                    Val::Unknown(r) => r.to_string(),
                    Val::Partial(p) => p.reason.to_string(),
                    _ => "the bucket name is generated".into(),
                };
                // A reference to a bucket says which bucket: no bucket outside is named then.
                let key = if refs.is_empty() {
                    unknown_key(arg, expr, module)
                } else {
                    None
                };
                ArgValue::Unknown { reason, key }
            }
            _ => ArgValue::Other,
        };
        BucketArg {
            refs,
            via,
            value,
            origin: arg.origin,
        }
    }
}

/// The address of a bucket outside the scan whose name is not known: by the expression's text,
/// else by the resources the value was derived from (full addresses already).
fn unknown_key(arg: &Node, expr: Option<&str>, module: &str) -> Option<String> {
    if let Some(text) = expr {
        let module = if module.is_empty() {
            String::new()
        } else {
            format!("{module}.")
        };
        return Some(format!("{module}external:{{{text}}}"));
    }
    let mut from: Vec<&str> = arg
        .refs
        .iter()
        .map(String::as_str)
        // Buckets and configuration resources say which bucket, not what names one outside.
        .filter(|r| {
            !is_bucket_address(r) && !resource_type(r).is_some_and(|t| CONFIGURES_BUCKET.contains(&t))
        })
        .collect();
    from.sort_unstable();
    from.dedup();
    (!from.is_empty()).then(|| format!("external:{{{}}}", from.join(", ")))
}

/// Whether a bucket address names a bucket outside the scan (see [`External::address`]).
pub fn is_external(address: &str) -> bool {
    after_modules(address).is_some_and(|rest| rest.starts_with("external:"))
}

/// `aws_s3_bucket.x`, `aws_s3_bucket.x[0]`, `module.m.aws_s3_directory_bucket.x["k"]`.
fn is_bucket_address(address: &str) -> bool {
    resource_type(address).is_some_and(|t| BUCKET_TYPES.contains(&t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_nodes::o;

    #[test]
    fn addresses_outside_the_scan_are_recognized() {
        assert!(is_external("external:logs"));
        assert!(is_external("module.m[\"a.b\"].external:{var.x}"));
        assert!(!is_external("aws_s3_bucket.external"));
        assert!(!is_external("module.external.aws_s3_bucket.b"));
    }

    #[test]
    fn resource_types_skip_module_paths() {
        assert_eq!(
            resource_type("module.a[\"x.y\"].module.b[0].aws_s3_bucket_policy.p"),
            Some("aws_s3_bucket_policy")
        );
        assert_eq!(
            resource_type("aws_s3_directory_bucket.d[0]"),
            Some("aws_s3_directory_bucket")
        );
        assert_eq!(resource_type("module.m.data.aws_s3_bucket.x"), None);
        assert!(is_bucket_address("module.m.aws_s3_directory_bucket.d"));
        assert!(!is_bucket_address("aws_s3_bucket_policy.p"));
    }

    /// A `bucket` argument not known at plan time whose references are `refs` (a plan lists the
    /// resources an expression names, not what they refer to in turn).
    fn unknown_arg(refs: &[String]) -> BucketArg {
        let mut node = Node::not_known("known after apply", o(1));
        node.refs = refs.to_vec().into();
        BucketArg::of(&node, None, "")
    }

    /// In a plan, `bucket = aws_s3_bucket_versioning.c1.id` names only `c1`: linking follows
    /// such a chain of configuration resources to `aws_s3_bucket.b` (a generated name, so no
    /// name decides) through up to 8 of them; a 9th is not followed (the bound keeps a cycle,
    /// which Terraform rejects but hostile input may hold, from going on), and the resource is
    /// left unlinked: its bucket is not known.
    #[test]
    fn a_chain_of_configuration_resources_is_followed_eight_deep() {
        let bucket = Bucket::new(
            "aws_s3_bucket.b".into(),
            "r".into(),
            Value::Unknown("generated".into(), o(0)),
            o(0),
        );
        let mut index = BucketIndex::new(&[bucket]);
        let mut prev = "aws_s3_bucket.b".to_string();
        for i in 1..=9 {
            let address = format!("aws_s3_bucket_versioning.c{i}");
            index.add_configures("r", &address, &unknown_arg(&[prev]));
            prev = address;
        }
        let via = |n: usize| unknown_arg(&[format!("aws_s3_bucket_versioning.c{n}")]);
        assert!(matches!(index.resolve(Some(&via(8)), "r"), Link::Bucket(0)));
        let Link::None(reason) = index.resolve(Some(&via(9)), "r") else {
            panic!("a chain through nine configuration resources is linked");
        };
        assert_eq!(reason, "its bucket is not known: known after apply");
    }
}
