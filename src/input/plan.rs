//! `terraform show -json` plan output → evaluated resources.
//!
//! The plan is parsed into typed structs that borrow from the text: each resource's `values`,
//! `after_unknown` and configuration `expressions` stay raw JSON slices until the resource turns
//! out to be one bucketguard reads (S3, CloudTrail, policy documents, and what those reference),
//! so a large plan never becomes one big `serde_json::Value`.
//!
//! Unknown vs unset: `after_unknown` also marks provider-computed attributes the user never
//! wrote. An attribute counts as written only when `configuration` holds an expression for it;
//! unknown and written → `Val::Unknown`, unknown and not written → absent.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value as J;
use serde_json::value::RawValue;

use crate::eval::policy_document::policy_document_json;
use crate::input::{InputError, Loaded, json_error_offset};
use crate::model::address::{Address, strip_keys, unquoted};
use crate::model::node::Map;
use crate::model::{FileId, Mode, Node, Origin, Resource, Sources, Val};

mod json;
use json::{Js, Str};

#[derive(Deserialize)]
struct Plan<'a> {
    format_version: Option<String>,
    #[serde(borrow)]
    planned_values: Option<StateValues<'a>>,
    #[serde(borrow, default)]
    resource_changes: Vec<Change<'a>>,
    #[serde(borrow)]
    prior_state: Option<PriorState<'a>>,
    #[serde(borrow)]
    configuration: Option<Configuration<'a>>,
}

#[derive(Deserialize)]
struct PriorState<'a> {
    #[serde(borrow)]
    values: Option<StateValues<'a>>,
}

#[derive(Deserialize)]
struct StateValues<'a> {
    #[serde(borrow)]
    root_module: Option<StateModule<'a>>,
}

#[derive(Deserialize)]
struct StateModule<'a> {
    /// Module instance address; absent for the root module.
    #[serde(default)]
    address: Option<String>,
    #[serde(borrow, default)]
    resources: Vec<StateResource<'a>>,
    #[serde(borrow, default)]
    child_modules: Vec<StateModule<'a>>,
}

// Strings borrow from the plan text where they can: a plan holds hundreds of thousands of them.
#[derive(Deserialize)]
struct StateResource<'a> {
    /// Raw, so its byte position in the plan text is the resource's origin.
    #[serde(borrow)]
    address: &'a RawValue,
    #[serde(borrow)]
    mode: Str<'a>,
    #[serde(rename = "type", borrow)]
    rtype: Str<'a>,
    #[serde(borrow)]
    name: Str<'a>,
    /// Only its presence matters (the key itself is the address's tail).
    #[serde(borrow, default)]
    index: Option<&'a RawValue>,
    #[serde(borrow, default)]
    values: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Change<'a> {
    #[serde(borrow)]
    address: Str<'a>,
    #[serde(borrow)]
    change: ChangeBody<'a>,
}

#[derive(Deserialize)]
struct ChangeBody<'a> {
    #[serde(borrow, default)]
    actions: Vec<Str<'a>>,
    #[serde(borrow, default)]
    after_unknown: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Configuration<'a> {
    #[serde(borrow)]
    root_module: Option<ConfigModule<'a>>,
}

#[derive(Deserialize)]
struct ConfigModule<'a> {
    #[serde(borrow, default)]
    resources: Vec<ConfigResource<'a>>,
    #[serde(borrow, default)]
    module_calls: BTreeMap<String, ModuleCall<'a>>,
}

#[derive(Deserialize)]
struct ModuleCall<'a> {
    /// Raw: only their `references` are read (the constant values can be large).
    #[serde(borrow, default)]
    expressions: BTreeMap<String, &'a RawValue>,
    #[serde(borrow)]
    module: Option<ConfigModule<'a>>,
}

/// Module config path (`module.a.module.b`) → input variable → the references of its argument
/// in the calling module, so `bucket = var.bucket_id` inside a module links to the caller's bucket.
type ModuleArgs = FxMap<String, BTreeMap<String, Vec<String>>>;

// FxHash: the loader's maps hold hundreds of thousands of addresses, and SipHash's flooding
// resistance buys nothing for keys read from a local file.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;
type FxSet<K> = rustc_hash::FxHashSet<K>;

/// Instances evaluated in parallel at a time.
const CHUNK: usize = 16 * 1024;

/// Provider-computed attributes that configuration cannot write and the model never reads, left
/// out of plan resources: `tags_all` (the resource's tags merged with the provider's
/// default_tags) is the largest part of most resources of a real estate's plan. The source
/// front end never has them either.
const COMPUTED_UNREAD: &[&str] = &["tags_all"];

#[derive(Deserialize)]
struct ConfigResource<'a> {
    #[serde(borrow)]
    address: Str<'a>,
    #[serde(rename = "type", borrow)]
    rtype: Str<'a>,
    #[serde(borrow, default)]
    expressions: Option<&'a RawValue>,
    #[serde(default)]
    for_each_expression: Option<J>,
}

/// One resource block of the configuration, by its module-relative-to-root config address.
struct ConfigBlock<'a> {
    expressions: Option<&'a RawValue>,
    /// `expressions` parsed, for the block types read (parsed once for all their instances).
    parsed: Option<Js<'a>>,
    /// `for_each = aws_s3_bucket.team` → `aws_s3_bucket.team`: what `each.value` stands for.
    for_each_resource: Option<String>,
}

impl<'a> ConfigBlock<'a> {
    fn expressions(&self) -> Option<Cow<'_, Js<'a>>> {
        match &self.parsed {
            Some(e) => Some(Cow::Borrowed(e)),
            None => self.expressions.and_then(Js::parse).map(Cow::Owned),
        }
    }
}

/// What the model uses (the same list the source front end evaluates), plus policy documents.
fn interesting_type(t: &str) -> bool {
    crate::model::build::wanted(Mode::Managed, t)
        || t == "aws_iam_policy_document"
        || t == "aws_caller_identity"
}

/// What the whole plan tells about each instance: shared by the per-instance work.
struct PlanIndex<'a> {
    configs: FxMap<String, ConfigBlock<'a>>,
    /// Config addresses of the blocks the interesting blocks reference.
    referenced: FxSet<String>,
    module_args: ModuleArgs,
    changes: FxMap<&'a str, &'a ChangeBody<'a>>,
    instances: FxSet<&'a str>,
}

/// One instance found in planned values or prior state.
struct Found<'a> {
    address: Cow<'a, str>,
    module: &'a StateModule<'a>,
    resource: &'a StateResource<'a>,
}

pub fn load(sources: &Sources, file: FileId) -> Loaded {
    let mut loaded = Loaded::default();
    let plan = match parse_plan(sources, file) {
        Ok(p) => p,
        Err(e) => {
            loaded.errors.push(*e);
            return loaded;
        }
    };
    let mut index = plan_index(&plan);
    let found = found_instances(&plan);
    index.instances = found.iter().map(|f| f.address.as_ref()).collect();
    let mut resources = Vec::new();
    // Policies to rebuild from a policy document: (resource index, data source address).
    let mut pending: Vec<(usize, String)> = Vec::new();
    // Instances are independent of each other: evaluate them in parallel, keep the plan's order.
    // By chunks, so the results of a huge plan are not all collected twice.
    for chunk in found.chunks(CHUNK) {
        let done: Vec<Option<Read>> = chunk
            .par_iter()
            .map(|f| instance(f, &index, sources, file))
            .collect();
        for (r, doc, errors) in done.into_iter().flatten() {
            loaded.errors.extend(errors);
            if let Some(doc) = doc {
                pending.push((resources.len(), doc));
            }
            resources.push(r);
        }
    }
    rebuild_policies(&mut resources, pending);
    loaded.resources = resources;
    loaded
}

/// The plan's JSON, or why it is not a plan.
fn parse_plan(sources: &Sources, file: FileId) -> Result<Plan<'_>, Box<InputError>> {
    let src = sources.get(file);
    let text: &str = &src.text;
    let plan: Plan = serde_json::from_str(text).map_err(|e| {
        let offset = json_error_offset(text, &e);
        let origin = Origin::new(file, offset..offset);
        let msg = if e.is_syntax() || e.is_eof() {
            format!("invalid JSON: {e}")
        } else {
            format!("not a Terraform plan: {e}")
        };
        Box::new(InputError::at(sources, origin, msg))
    })?;
    if plan.format_version.is_none() || (plan.planned_values.is_none() && plan.resource_changes.is_empty()) {
        return Err(Box::new(InputError::file(
            src.display.clone(),
            "not a Terraform plan (expected `terraform show -json` output with format_version and \
             planned_values)",
        )));
    }
    Ok(plan)
}

/// What the whole plan tells about each instance (but the list of instances).
fn plan_index<'p>(plan: &'p Plan<'p>) -> PlanIndex<'p> {
    let mut modules = Vec::new();
    let mut module_args: ModuleArgs = HashMap::default();
    if let Some(root) = plan.configuration.as_ref().and_then(|c| c.root_module.as_ref()) {
        config_modules(root, String::new(), &mut modules, &mut module_args);
    }
    let indexed: Vec<_> = modules
        .par_iter()
        .map(|(prefix, m)| index_module(prefix, m))
        .collect();
    let mut configs: FxMap<String, ConfigBlock> = HashMap::default();
    let mut referenced: FxSet<String> = HashSet::default();
    for (blocks, refs) in indexed {
        configs.extend(blocks);
        referenced.extend(refs);
    }
    let changes: FxMap<&str, &ChangeBody> = plan
        .resource_changes
        .iter()
        .map(|c| (c.address.as_ref(), &c.change))
        .collect();
    PlanIndex {
        instances: HashSet::default(),
        configs,
        referenced,
        module_args,
        changes,
    }
}

/// The instances: planned values, then data sources read at plan time (only in prior_state).
fn found_instances<'p>(plan: &'p Plan<'p>) -> Vec<Found<'p>> {
    let mut found: Vec<Found> = Vec::new();
    let mut seen: FxSet<Cow<str>> = HashSet::default();
    if let Some(root) = plan.planned_values.as_ref().and_then(|v| v.root_module.as_ref()) {
        collect(root, &mut found, &mut seen, false);
    }
    if let Some(root) = plan
        .prior_state
        .as_ref()
        .and_then(|p| p.values.as_ref())
        .and_then(|v| v.root_module.as_ref())
    {
        collect(root, &mut found, &mut seen, true);
    }
    drop(seen);
    found
}

/// Each `policy` read from a policy document (`pending`: resource index, data source address)
/// rebuilt from that document's values, with the refs of both.
fn rebuild_policies(resources: &mut [Resource], pending: Vec<(usize, String)>) {
    let by_address: HashMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.address.as_str(), i))
        .collect();
    let rebuilt: Vec<(usize, String, Node)> = pending
        .into_par_iter()
        .filter_map(|(i, doc)| {
            let data = &resources[*by_address.get(doc.as_str())?];
            Some((i, doc, policy_document_json(&data.body)))
        })
        .collect();
    for (i, doc, mut json) in rebuilt {
        json.origin = resources[i].origin;
        if let Val::Map(m) = &mut resources[i].body.val
            && let Some(policy) = m.get_mut("policy")
        {
            let mut refs = std::mem::take(&mut policy.refs).into_vec();
            refs.extend(std::mem::take(&mut json.refs).into_vec());
            refs.push(doc.clone());
            refs.sort();
            refs.dedup();
            json.refs = refs.into();
            *policy = json;
        }
    }
}

/// One instance → its resource (and the policy document its `policy` must be rebuilt from), or
/// `None` when the model has no use for it or it is being deleted.
/// An instance read: the resource, the policy document to rebuild its policy from, and the
/// values in it that could not be read (each an Unknown in the resource, and an error).
type Read = (Resource, Option<String>, Vec<InputError>);

fn instance(f: &Found, index: &PlanIndex, sources: &Sources, file: FileId) -> Option<Read> {
    let src = sources.get(file);
    let r = f.resource;
    let address: &str = &f.address;
    let module_path = f.module.address.as_deref().unwrap_or_default();
    let mode = if &*r.mode == "data" {
        Mode::Data
    } else {
        Mode::Managed
    };
    let rel = if mode == Mode::Data {
        format!("data.{}.{}", &*r.rtype, &*r.name)
    } else {
        format!("{}.{}", &*r.rtype, &*r.name)
    };
    let config_address = join(&strip_keys(module_path), &rel);
    if !interesting_type(&r.rtype) && !index.referenced.contains(&config_address) {
        return None;
    }
    let change = index.changes.get(address);
    if change.is_some_and(|c| c.actions.len() == 1 && &*c.actions[0] == "delete") {
        return None;
    }
    let text: &str = &src.text;
    let start = r.address.get().as_ptr() as usize - text.as_ptr() as usize;
    let origin = Origin::new(file, start..start + r.address.get().len());
    let mut bad = Vec::new();
    let values: Js = r.values.map_or(Js::Null, |v| Js::parse_members(v, &mut bad));
    let unknown: Option<Js> = change
        .and_then(|c| c.after_unknown)
        .map(|u| Js::parse_members(u, &mut bad));
    let errors = bad
        .into_iter()
        .map(|(raw, why)| {
            let at = raw.as_ptr() as usize - text.as_ptr() as usize;
            let msg = format!("{address}: a value cannot be read ({why}); it is taken as unknown");
            InputError::at(sources, Origin::new(file, at..at + raw.len().min(1)), msg)
        })
        .collect();
    let config = index.configs.get(&config_address);
    let exprs: Option<Cow<Js>> = config.and_then(ConfigBlock::expressions);
    let ctx = Ctx {
        address,
        module: module_path,
        key: instance_key(address, &r.rtype, &r.name, r.index.is_some()),
        for_each_resource: config.and_then(|c| c.for_each_resource.as_deref()),
        instances: &index.instances,
        module_args: &index.module_args,
        origin,
    };
    let expr = match (&exprs, config) {
        (Some(e), _) => Expr::Block(e),
        // No configuration at all: we cannot tell written from computed, so keep unknowns.
        (None, None) => Expr::Whole(&[]),
        (None, Some(_)) => Expr::Block(&Js::Null),
    };
    let mut body = overlay(&values, unknown.as_ref(), &expr, &ctx, &Path::Root)
        .filter(|b| matches!(b.val, Val::Map(_)))
        .unwrap_or_else(|| Node::new(Val::Map(Map::new()), origin));
    let mut doc = None;
    if let Val::Map(m) = &mut body.val
        && let Some(policy) = m.get_mut("policy")
        && policy.is_unknown()
    {
        doc = policy_document_ref(exprs.as_deref(), &ctx);
    }
    let resource = Resource {
        address: address.to_string(),
        module: module_path.to_string(),
        mode,
        rtype: r.rtype.to_string(),
        name: r.name.to_string(),
        body,
        origin,
        root: src.display.clone(),
        module_calls: Vec::new(),
        planned: None,
        bucket_expr: None,
    };
    Some((resource, doc, errors))
}

fn join(module: &str, rel: &str) -> String {
    if module.is_empty() {
        rel.to_string()
    } else {
        [module, ".", rel].concat()
    }
}

fn collect<'p>(
    m: &'p StateModule<'p>,
    out: &mut Vec<Found<'p>>,
    seen: &mut FxSet<Cow<'p, str>>,
    data_only: bool,
) {
    for r in &m.resources {
        if data_only && &*r.mode != "data" {
            continue;
        }
        let Ok(Str(address)) = serde_json::from_str::<Str>(r.address.get()) else {
            continue;
        };
        if seen.insert(address.clone()) {
            out.push(Found {
                address,
                module: m,
                resource: r,
            });
        }
    }
    for c in &m.child_modules {
        collect(c, out, seen, data_only);
    }
}

/// Every module of the configuration with its config path (`module.a.module.b`, "" for the
/// root), and what each module call passes to its variables.
fn config_modules<'a>(
    m: &'a ConfigModule<'a>,
    prefix: String,
    out: &mut Vec<(String, &'a ConfigModule<'a>)>,
    module_args: &mut ModuleArgs,
) {
    for (name, call) in &m.module_calls {
        let path = join(&prefix, &format!("module.{name}"));
        let args = call
            .expressions
            .iter()
            .filter_map(|(var, e)| Some((var.clone(), references(e)?)))
            .collect();
        module_args.insert(path.clone(), args);
        if let Some(child) = &call.module {
            config_modules(child, path, out, module_args);
        }
    }
    out.push((prefix, m));
}

/// One module's configuration blocks by config address, and what its S3-related blocks
/// reference (their expressions are parsed here, once for all their instances).
fn index_module<'a>(prefix: &str, m: &'a ConfigModule<'a>) -> (Vec<(String, ConfigBlock<'a>)>, Vec<String>) {
    let mut blocks = Vec::with_capacity(m.resources.len());
    let mut referenced = Vec::new();
    for r in &m.resources {
        let for_each_resource = r
            .for_each_expression
            .as_ref()
            .and_then(|e| e.get("references"))
            .and_then(J::as_array)
            .and_then(|refs| refs.iter().filter_map(J::as_str).find_map(resource_base))
            .map(|(base, _)| join(prefix, &base));
        let mut parsed = None;
        if interesting_type(&r.rtype)
            && let Some(e) = r.expressions.and_then(Js::parse)
        {
            // Each reference once (most are repeated), then its base.
            let mut refs = Vec::new();
            all_references(&e, &mut refs);
            refs.sort_unstable();
            refs.dedup();
            referenced.extend(
                refs.into_iter()
                    .filter_map(resource_base)
                    .map(|(base, _)| join(prefix, &base)),
            );
            parsed = Some(e);
        }
        blocks.push((
            join(prefix, &r.address),
            ConfigBlock {
                expressions: r.expressions,
                parsed,
                for_each_resource,
            },
        ));
    }
    referenced.sort_unstable();
    referenced.dedup();
    (blocks, referenced)
}

/// The `references` of an expression, as strings; `None` when it has none (a constant).
fn references(e: &RawValue) -> Option<Vec<String>> {
    // Most arguments are constants: parse only what can have references (a key spelled with
    // escapes is still found).
    let raw = e.get();
    if !raw.contains("\"references\"") && !raw.contains('\\') {
        return None;
    }
    match Js::parse(e)?.get("references")? {
        Js::Arr(refs) => Some(refs.iter().filter_map(Js::as_str).map(str::to_string).collect()),
        _ => None,
    }
}

fn all_references<'j>(e: &'j Js, out: &mut Vec<&'j str>) {
    match e {
        Js::Obj(_) => {
            if let Some(Js::Arr(refs)) = e.get("references") {
                out.extend(refs.iter().filter_map(Js::as_str));
            }
            e.values().for_each(|v| all_references(v, out));
        }
        Js::Arr(a) => a.iter().for_each(|v| all_references(v, out)),
        _ => {}
    }
}

/// The instance key as Terraform writes it (`[0]`, `["alpha"]`): the tail of the address, so its
/// quoting is Terraform's own.
fn instance_key(address: &str, rtype: &str, name: &str, indexed: bool) -> Option<String> {
    if !indexed {
        return None;
    }
    let a = Address::parse(address).filter(|a| a.rtype == rtype && a.name == name && !a.key.is_empty())?;
    Some(a.key.to_string())
}

/// A reference's resource: `aws_s3_bucket.b[0].id` → (`aws_s3_bucket.b`, Some(`[0]`)),
/// `data.T.N.json` → (`data.T.N`, None). `None` for variables, locals, `each`, modules...
/// The key is kept only when it is a literal (`[0]`, `["k"]`), not `[*]` or an expression.
fn resource_base(r: &str) -> Option<(String, Option<String>)> {
    // Most references are to variables and locals: told by their first word, before parsing.
    let first = &r[..r.find(['.', '[']).unwrap_or(r.len())];
    let pseudo = [
        "var",
        "local",
        "each",
        "count",
        "path",
        "terraform",
        "self",
        "module",
    ];
    if pseudo.contains(&first) {
        return None;
    }
    let a = Address::parse(r)?;
    let prefix = if a.mode == Mode::Data { "data." } else { "" };
    let literal = |k: &&str| {
        k.starts_with("[\"")
            || k.get(1..k.len().saturating_sub(1))
                .is_some_and(|n| n.parse::<i64>().is_ok())
    };
    let key = Some(a.key).filter(literal).map(str::to_string);
    Some(([prefix, a.rtype, ".", a.name].concat(), key))
}

struct Ctx<'a> {
    address: &'a str,
    module: &'a str,
    /// This instance's key (`[0]`, `["alpha"]`), for `each.key` / `count.index` references.
    key: Option<String>,
    for_each_resource: Option<&'a str>,
    instances: &'a FxSet<&'a str>,
    module_args: &'a ModuleArgs,
    origin: Origin,
}

impl Ctx<'_> {
    /// Full instance addresses of the resources a configuration expression references.
    fn resolve<'r>(&self, refs: impl Iterator<Item = &'r str>) -> Vec<String> {
        let refs: Vec<&str> = refs.collect();
        if refs.is_empty() {
            return Vec::new();
        }
        let by_key = refs.iter().any(|r| *r == "each.key" || *r == "count.index");
        let mut bases: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut via_vars = Vec::new();
        for r in &refs {
            if let Some(var) = r.strip_prefix("var.") {
                via_vars.extend(self.through_module_call(var.split(['.', '[']).next().unwrap_or(var)));
                continue;
            }
            if r.starts_with("each.value") {
                if let (Some(res), Some(key)) = (self.for_each_resource, &self.key) {
                    bases.insert(format!("{res}{key}"), None);
                }
                continue;
            }
            if let Some((base, key)) = resource_base(r) {
                let full = join(self.module, &base);
                let slot = bases.entry(full).or_default();
                if key.is_some() {
                    *slot = key;
                }
            }
        }
        let mut out: Vec<String> = bases
            .into_iter()
            .map(|(base, key)| match key {
                Some(k) => format!("{base}{k}"),
                None if self.instances.contains(base.as_str()) => base,
                None => match (&self.key, by_key) {
                    (Some(k), true) => format!("{base}{k}"),
                    _ => base,
                },
            })
            .collect();
        out.extend(via_vars);
        out.sort();
        out.dedup();
        out
    }

    /// What module input `var` was given by the caller, resolved in the caller's module.
    fn through_module_call(&self, var: &str) -> Vec<String> {
        if self.module.is_empty() {
            return Vec::new();
        }
        let Some(refs) = self
            .module_args
            .get(&strip_keys(self.module))
            .and_then(|args| args.get(var))
        else {
            return Vec::new();
        };
        let (parent, key) = split_last_module(self.module);
        let caller = Ctx {
            address: self.address,
            module: parent,
            key: key.map(str::to_string),
            for_each_resource: None,
            instances: self.instances,
            module_args: self.module_args,
            origin: self.origin,
        };
        caller.resolve(refs.iter().map(String::as_str))
    }
}

/// `module.a["x"].module.b[0]` → (`module.a["x"]`, Some(`[0]`)).
fn split_last_module(path: &str) -> (&str, Option<&str>) {
    let mut last = 0;
    let mut key_start = None;
    for (i, c, depth) in unquoted(path) {
        match c {
            '[' if depth == 0 => key_start = Some(i),
            '.' if depth == 0 && path[i + 1..].starts_with("module.") => {
                last = i + 1;
                key_start = None;
            }
            _ => {}
        }
    }
    let parent = if last == 0 { "" } else { &path[..last - 1] };
    (parent, key_start.map(|k| &path[k..]))
}

/// Where a value sits in a resource (`rule[0].apply`), built only when an Unknown needs it.
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, k) => f.write_str(k),
            Path::Key(parent, k) => write!(f, "{parent}.{k}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// What the configuration says about a value.
enum Expr<'a, 'j> {
    /// A nested block's expressions (a map of attribute expressions), `Null` when not written.
    Block(&'a Js<'j>),
    /// Inside a written attribute: everything below is written; these are its references.
    Whole(&'a [Js<'j>]),
}

impl<'a, 'j> Expr<'a, 'j> {
    fn from_attr(e: Option<&'a Js<'j>>) -> Option<Expr<'a, 'j>> {
        match e? {
            o @ Js::Obj(_) if o.get("references").is_some() || o.get("constant_value").is_some() => {
                Some(Expr::Whole(match o.get("references") {
                    Some(Js::Arr(a)) => a,
                    _ => &[],
                }))
            }
            other => Some(Expr::Block(other)),
        }
    }

    fn child(&self, key: &str) -> Option<Expr<'a, 'j>> {
        match self {
            Expr::Whole(r) => Some(Expr::Whole(r)),
            Expr::Block(o @ Js::Obj(_)) => Expr::from_attr(o.get(key)),
            Expr::Block(_) => None,
        }
    }

    /// Element `i` of `n` of a list: nested blocks pair by position (or all with one block).
    fn element(&self, i: usize, n: usize) -> Option<Expr<'a, 'j>> {
        match self {
            Expr::Whole(r) => Some(Expr::Whole(r)),
            Expr::Block(Js::Arr(a)) if a.len() == n => a.get(i).map(Expr::Block),
            Expr::Block(Js::Arr(a)) if a.len() == 1 => a.first().map(Expr::Block),
            // Blocks we cannot pair (dynamic blocks...): written, references unknown.
            Expr::Block(Js::Arr(_)) => Some(Expr::Whole(&[])),
            Expr::Block(b @ Js::Obj(_)) => Some(Expr::Block(b)),
            Expr::Block(_) => None,
        }
    }

    fn refs(&self) -> &'a [Js<'j>] {
        match self {
            Expr::Whole(r) => r,
            Expr::Block(_) => &[],
        }
    }

    fn written(&self) -> bool {
        !matches!(self, Expr::Block(Js::Null))
    }
}

/// Known `value` + `after_unknown` + configuration → a node; `None` when absent.
fn overlay(value: &Js, unknown: Option<&Js>, expr: &Expr, ctx: &Ctx, path: &Path) -> Option<Node> {
    let refs = ctx.resolve(expr.refs().iter().filter_map(Js::as_str));
    let what = || {
        let path = path.to_string();
        if path.is_empty() {
            ctx.address.to_string()
        } else {
            format!("{}.{path}", ctx.address)
        }
    };
    // Written or not, never dropped: it may be what decides a check.
    if let Some(why) = value.unreadable().or(unknown.and_then(Js::unreadable)) {
        let why = format!("{} cannot be read from the plan: {why}", what());
        return Some(Node::not_known(why, ctx.origin).with_refs(refs));
    }
    if matches!(unknown, Some(Js::Bool(true))) {
        return expr.written().then(|| {
            Node::not_known(format!("{} is not known until apply", what()), ctx.origin).with_refs(refs)
        });
    }
    let val = match value {
        Js::Null => {
            // A block whose children are partly unknown can still be null in `values`.
            match unknown {
                Some(u @ Js::Obj(_)) => {
                    return overlay(&Js::Obj(Vec::new()), Some(u), expr, ctx, path);
                }
                _ => return None,
            }
        }
        // Taken care of above.
        Js::Unreadable(why) => Val::Unknown(crate::model::Reason::not_known(why.clone())),
        Js::Bool(b) => Val::Bool(*b),
        Js::Num(n) => Val::Number(*n),
        Js::Str(s) => Val::Str(crate::model::Str::from(&**s)),
        Js::Arr(items) => {
            let unknown_items = match unknown {
                Some(Js::Arr(u)) => u.as_slice(),
                _ => &[],
            };
            let n = items.len().max(unknown_items.len());
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let v = items.get(i).unwrap_or(&Js::Null);
                let e = expr.element(i, n).unwrap_or(Expr::Whole(&[]));
                let p = Path::Index(path, i);
                // Inside a list an element is never absent: a null stays null.
                out.push(
                    overlay(v, unknown_items.get(i), &e, ctx, &p)
                        .unwrap_or_else(|| Node::new(Val::Null, ctx.origin)),
                );
            }
            Val::List(out)
        }
        Js::Obj(o) => {
            let unknown_keys = match unknown {
                Some(Js::Obj(u)) => u.as_slice(),
                _ => &[],
            };
            let unknown_keys = unknown_keys.iter().filter(|(_, v)| !matches!(v, Js::Bool(false)));
            let mut map = Map::new();
            // Both sides are sorted: their union in order, as the sorted map holds it.
            for k in merge_sorted(o.iter().map(|(k, _)| &**k), unknown_keys.map(|(k, _)| &**k)) {
                let e = expr.child(k).unwrap_or(Expr::Block(&Js::Null));
                if matches!(path, Path::Root) && !e.written() && COMPUTED_UNREAD.contains(&k) {
                    continue;
                }
                let p = Path::Key(path, k);
                let v = value.get(k).unwrap_or(&Js::Null);
                let Some(n) = overlay(v, unknown.and_then(|u| u.get(k)), &e, ctx, &p) else {
                    continue;
                };
                // Not written and empty: the provider's filler for an unset argument or block.
                if !e.written() && is_empty(&n.val) {
                    continue;
                }
                map.insert(k.to_string(), n);
            }
            Val::Map(map)
        }
    };
    Some(Node::new(val, ctx.origin).with_refs(refs))
}

/// The union of two sorted, duplicate-free key sequences, in order.
fn merge_sorted<'k>(
    a: impl Iterator<Item = &'k str>,
    b: impl Iterator<Item = &'k str>,
) -> impl Iterator<Item = &'k str> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if x < y => a.next(),
        (Some(x), Some(y)) if x > y => b.next(),
        (Some(_), Some(_)) => {
            b.next();
            a.next()
        }
        (Some(_), None) => a.next(),
        (None, _) => b.next(),
    })
}

fn is_empty(v: &Val) -> bool {
    match v {
        Val::Null => true,
        Val::Str(s) => s.is_empty(),
        Val::List(l) => l.is_empty(),
        Val::Map(m) => m.is_empty(),
        _ => false,
    }
}

/// The policy document whose `.json` a `policy` expression references, as a full address.
fn policy_document_ref(exprs: Option<&Js>, ctx: &Ctx) -> Option<String> {
    let Some(Js::Arr(refs)) = exprs?.get("policy")?.get("references") else {
        return None;
    };
    let docs: BTreeSet<String> = refs
        .iter()
        .filter_map(Js::as_str)
        // `data.X.p.json`, or `data.X.p` alone when an index expression hides the attribute
        // (`data.X.p[count.index].json` → `data.X.p`, `count.index`).
        .filter(|r| {
            r.starts_with("data.aws_iam_policy_document.")
                && (r.ends_with(".json") || r.matches('.').count() == 2)
        })
        .filter_map(resource_base)
        .map(|(base, key)| {
            let full = join(ctx.module, &base);
            match key {
                Some(k) => format!("{full}{k}"),
                None if ctx.instances.contains(full.as_str()) => full,
                None => match &ctx.key {
                    Some(k) => format!("{full}{k}"),
                    None => full,
                },
            }
        })
        .collect();
    // Only a policy that is exactly one document's JSON (not a combination) is rebuilt.
    let other = refs
        .iter()
        .filter_map(Js::as_str)
        .any(|r| !r.starts_with("data.aws_iam_policy_document.") && r != "each.key" && r != "count.index");
    (docs.len() == 1 && !other).then(|| docs.into_iter().next().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_lose_instance_keys_for_configuration() {
        assert_eq!(strip_keys(r#"module.a["x.y]"].module.b[0]"#), "module.a.module.b");
        assert_eq!(strip_keys(""), "");
    }

    #[test]
    fn last_module_call_splits_off() {
        assert_eq!(
            split_last_module(r#"module.a["x"].module.b[0]"#),
            (r#"module.a["x"]"#, Some("[0]"))
        );
        assert_eq!(
            split_last_module(r#"module.a["m.module.z"]"#),
            ("", Some(r#"["m.module.z"]"#))
        );
        assert_eq!(split_last_module("module.a"), ("", None));
    }

    #[test]
    fn sorted_keys_merge_without_repeats() {
        let got: Vec<&str> = merge_sorted(["a", "c", "d"].into_iter(), ["b", "c", "e"].into_iter()).collect();
        assert_eq!(got, ["a", "b", "c", "d", "e"]);
        assert_eq!(
            merge_sorted([].into_iter(), ["x"].into_iter()).collect::<Vec<_>>(),
            ["x"]
        );
    }

    /// A real plan, read as `bucketguard scan` reads it.
    #[test]
    fn read_plan_loads_and_leaves_out_tags_all() {
        let path = std::path::PathBuf::from(format!(
            "{}/testdata/variables/plan.json",
            env!("CARGO_MANIFEST_DIR")
        ));
        let text = crate::model::source::Text::read(&std::fs::File::open(&path).unwrap()).unwrap();
        assert!(text.contains("\"tags_all\":{"), "the fixture has tags_all");
        let mut sources = Sources::default();
        let id = sources.add(crate::model::SourceFile::from_text(
            path,
            "plan.json".into(),
            text,
        ));
        let loaded = load(&sources, id);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let bucket = loaded
            .resources
            .iter()
            .find(|r| r.rtype == "aws_s3_bucket")
            .expect("a bucket");
        assert!(bucket.body.get("bucket").is_some());
        assert!(bucket.body.get("tags").is_some(), "written tags stay");
        assert!(
            bucket.body.get("tags_all").is_none(),
            "computed, unread tags_all is left out"
        );
        let at = bucket.origin.start as usize..bucket.origin.end as usize;
        assert_eq!(
            &sources.get(id).text[at],
            serde_json::to_string(&bucket.address).unwrap()
        );
    }

    #[test]
    fn reference_bases() {
        let b = |r: &str| resource_base(r);
        assert_eq!(b("aws_s3_bucket.b.id"), Some(("aws_s3_bucket.b".into(), None)));
        assert_eq!(
            b("aws_s3_bucket.b[0].id"),
            Some(("aws_s3_bucket.b".into(), Some("[0]".into())))
        );
        assert_eq!(
            b(r#"aws_s3_bucket.t["a]b"]"#),
            Some(("aws_s3_bucket.t".into(), Some(r#"["a]b"]"#.into())))
        );
        assert_eq!(b("aws_s3_bucket.t[*].id"), Some(("aws_s3_bucket.t".into(), None)));
        assert_eq!(
            b("data.aws_iam_policy_document.p.json"),
            Some(("data.aws_iam_policy_document.p".into(), None))
        );
        assert_eq!(
            b("aws_s3_bucket.t[each.key].id"),
            Some(("aws_s3_bucket.t".into(), None))
        );
        assert_eq!(
            b("aws_s3_bucket.t[count.index]"),
            Some(("aws_s3_bucket.t".into(), None))
        );
        assert_eq!(b("var.x"), None);
        assert_eq!(b("count.index"), None);
        assert_eq!(b("path.module"), None);
        assert_eq!(b("each.value.id"), None);
        assert_eq!(b("module.m.out"), None);
    }
}
