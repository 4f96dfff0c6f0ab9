//! Fold evaluated resources into the normalized model: each `aws_s3_bucket` gathers what its
//! inline (provider v3) arguments and the separate (v4+) `aws_s3_bucket_*` resources say.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::iam::{Document, Malformed};
use super::link::{BucketArg, BucketIndex, External, Link};
use super::node::{Node, Str, Val};
use super::provider;
use super::resource::{BUCKET_TYPES, Mode, Resource, names_its_bucket, placeholder_name};
use super::value::Value;
use super::*;

mod resilience;

/// The model of `resources`.
pub fn build(resources: Vec<Resource>) -> Model {
    link(vec![prepare(resources)])
}

/// What the model takes from one input's resources (a root module or a plan), before it is
/// linked with the other inputs: a separate resource may name a bucket of another root. The
/// resources are freed here, so a scan never holds every input's evaluated resources at once.
pub struct Prepared {
    /// With the `target_bucket` of their inline logging, linked last.
    buckets: Vec<(Bucket, Option<BucketArg>)>,
    /// In resource order.
    parts: Vec<Part>,
    /// Values and missing arguments the provider rejects (see `provider::validate`).
    rejected: Vec<provider::Rejected>,
}

pub fn prepare(resources: Vec<Resource>) -> Prepared {
    let (mut bucket_resources, rest): (Vec<&Resource>, Vec<&Resource>) = resources
        .iter()
        .filter(|r| r.mode == Mode::Managed || r.rtype == "aws_caller_identity")
        .partition(|r| r.mode == Mode::Managed && BUCKET_TYPES.contains(&r.rtype.as_str()));
    // A bucket's root and address are its resource's (stable sort, as before).
    bucket_resources.sort_by(|a, b| (&a.root, &a.address).cmp(&(&b.root, &b.address)));
    // Resources are independent until they are linked: worked out in parallel.
    let docs = Documents::default();
    let buckets = bucket_resources
        .par_iter()
        .map(|r| {
            if r.rtype == "aws_s3_directory_bucket" {
                return (directory_bucket(r), None);
            }
            let mut b = inline_bucket(r, &docs);
            // Inline logging targets are linked the same way separate resources are.
            let target = r.body.blocks("logging").first().map(|logging| {
                let (l, target) = logging_from(&r.address, logging, &r.module);
                b.logging = Some(Box::new(l));
                target
            });
            (b, target.flatten())
        })
        .collect();
    let parts = rest
        .par_iter()
        .map(|r| part(r, &docs))
        .filter(|p| !matches!(p, Part::Nothing))
        .collect();
    let rejected = resources
        .par_iter()
        .filter(|r| r.mode == Mode::Managed)
        .flat_map_iter(provider::validate)
        .collect();
    drop(bucket_resources);
    drop(rest);
    // Freed now, in parallel, while the scan still loads: the next inputs reuse this memory.
    resources.into_par_iter().for_each(drop);
    Prepared {
        buckets,
        parts,
        rejected,
    }
}

/// The model of every input's prepared parts, in input order: the same model as of all their
/// resources at once.
pub fn link(mut inputs: Vec<Prepared>) -> Model {
    let mut model = Model::default();
    let (mut buckets, targets) = gather_buckets(&mut inputs);
    let mut index = BucketIndex::new(&buckets);
    register_configures(&mut index, &inputs);
    for (b, target) in buckets.iter_mut().zip(targets) {
        if let Some(logging) = &mut b.logging {
            logging.target_address = linked_address(&index, target.as_ref(), &b.root);
        }
    }
    // One error per place, however many module instances share it.
    model.rejected = inputs
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.rejected))
        .collect();
    model.rejected.sort();
    model.rejected.dedup();
    let mut linker = Linker {
        index: &index,
        buckets: &mut buckets,
        externals: Externals::default(),
        mraps: Vec::new(),
        mrap_policies: Vec::new(),
    };
    for p in inputs.into_iter().flat_map(|p| p.parts) {
        linker.add(&mut model, p);
    }
    let Linker {
        externals,
        mraps,
        mrap_policies,
        ..
    } = linker;
    multi_region_access_points(&mut model, mraps, &mrap_policies, &index);
    link_log_receivers(&mut buckets, &index);
    // Buckets outside the scan were added as found: in order with the others.
    if externals.any {
        buckets.sort_by(|a, b| bucket_key(a).cmp(&bucket_key(b)));
    }
    model.buckets = buckets;
    sort_lists(&mut model);
    model
}

/// The order of the model's buckets.
fn bucket_key(b: &Bucket) -> (&str, &str) {
    (&b.root, &b.address)
}

/// Every input's buckets with their logging targets, in [`bucket_key`] order.
fn gather_buckets(inputs: &mut [Prepared]) -> (Vec<Bucket>, Vec<Option<BucketArg>>) {
    let count = inputs.iter().map(|p| p.buckets.len()).sum();
    let (mut buckets, mut targets) = (Vec::with_capacity(count), Vec::with_capacity(count));
    for p in inputs {
        for (b, target) in std::mem::take(&mut p.buckets) {
            buckets.push(b);
            targets.push(target);
        }
    }
    // Each input's buckets are sorted already, and an input is one root: the inputs need sorting
    // only when they do not come in root order.
    if !buckets.is_sorted_by(|a, b| bucket_key(a) <= bucket_key(b)) {
        let mut pairs: Vec<_> = buckets.into_iter().zip(targets).collect();
        pairs.sort_by(|(a, _), (b, _)| bucket_key(a).cmp(&bucket_key(b)));
        (buckets, targets) = pairs.into_iter().unzip();
    }
    (buckets, targets)
}

/// Parts being linked onto the buckets, and what is kept for after them.
struct Linker<'a> {
    index: &'a BucketIndex,
    buckets: &'a mut Vec<Bucket>,
    externals: Externals,
    mraps: Vec<Mrap>,
    mrap_policies: Vec<MrapPolicy>,
}

impl Linker<'_> {
    fn add(&mut self, model: &mut Model, p: Part) {
        match p {
            Part::Mrap(r) => self.mraps.push(*r),
            Part::MrapPolicy(r) => self.mrap_policies.push(*r),
            Part::AccountBlock(b) => model.account_public_access_blocks.push(*b),
            Part::Trail(t) => model.trails.push(*t),
            Part::Iam(policies) => model.iam_policies.extend(policies),
            Part::Monitoring(m) => model.monitoring.push(*m),
            Part::LbLogs(l) => {
                let (logs, bucket, root) = *l;
                // Not a setting of the bucket: when it names no bucket in the scan, nothing to say.
                if let Link::Bucket(i) = self.index.resolve(bucket.as_ref(), &root) {
                    self.buckets[i].receives_lb_logs_from.push(logs);
                }
            }
            Part::OwnAccount(root, account) => model.own_accounts.push((root, account)),
            Part::Configures(c) => self.configures(model, *c),
            Part::Alias(_) | Part::Nothing => {}
        }
    }

    /// A separate resource's setting onto its bucket (one outside the scan, if it names one),
    /// or the reason it links to none.
    fn configures(&mut self, model: &mut Model, c: Configures) {
        let Configures {
            address,
            rtype,
            root,
            origin,
            bucket,
            setting,
            module_calls,
        } = c;
        let i = match self.index.resolve(bucket.as_ref(), &root) {
            Link::Bucket(i) => i,
            Link::External(x) => {
                self.externals
                    .bucket(self.buckets, x, (&root, &address, origin, module_calls))
            }
            Link::None(reason) => {
                model.unlinked.push(Unlinked {
                    address,
                    resource_type: rtype,
                    origin,
                    reason,
                });
                return;
            }
        };
        let index = self.index;
        let linked = |t: Option<&BucketArg>| linked_address(index, t, &root);
        if let Some(ap) = apply_setting(&mut self.buckets[i], setting, linked) {
            model.access_points.push(ap);
        }
    }
}

/// A separate resource's setting, onto its bucket; an access point is returned for the model's
/// own list. `linked` resolves a logging target to its bucket's address.
fn apply_setting(
    b: &mut Bucket,
    setting: Setting,
    linked: impl Fn(Option<&BucketArg>) -> Option<String>,
) -> Option<AccessPoint> {
    match setting {
        Setting::Acl(a) => b.acls.push(a),
        Setting::Block(x) => b.public_access_block = Some(Box::new(x)),
        Setting::Ownership(x) => b.ownership = Some(Box::new(x)),
        Setting::Encryption(x) => b.encryption = Some(Box::new(x)),
        Setting::Logging(mut x, target) => {
            x.target_address = linked(target.as_ref());
            b.logging = Some(Box::new(x))
        }
        Setting::Versioning(x) => b.versioning = Some(Box::new(x)),
        Setting::Policy(x) => b.policies.push(x),
        Setting::Object(x) => b.objects.push(x),
        Setting::Replication(x) => b.replication = Some(Box::new(x)),
        Setting::ObjectLock(x) => b.object_lock = Some(Box::new(x)),
        Setting::Lifecycle(x) => b.lifecycle.push(x),
        Setting::Notification(x) => b.notifications.push(x),
        Setting::AccessPoint(mut a) => {
            a.bucket = b.address.clone();
            return Some(*a);
        }
    }
    None
}

/// Who receives whose logs: the exemption for log buckets needs the reverse edge.
fn link_log_receivers(buckets: &mut [Bucket], index: &BucketIndex) {
    let edges: Vec<(usize, String)> = buckets
        .iter()
        .filter_map(|b| {
            let target = b.logging.as_ref()?.target_address.as_ref()?;
            Some((index.position(target, &b.root)?, b.address.clone()))
        })
        .collect();
    for (target, source) in edges {
        buckets[target].receives_logs_from.push(source);
    }
}

/// The model's lists in a stable order, whatever order the inputs came in.
fn sort_lists(model: &mut Model) {
    model.unlinked.sort_by(|a, b| a.address.cmp(&b.address));
    model
        .access_points
        .sort_by(|a, b| (&a.root, &a.address).cmp(&(&b.root, &b.address)));
    model
        .iam_policies
        .sort_by(|a, b| (&a.root, &a.policy.address).cmp(&(&b.root, &b.policy.address)));
}

/// The configuration resources that other resources' `bucket` arguments refer to, so that
/// linking can follow `bucket = aws_s3_bucket_policy.p.id` to the policy's bucket.
fn register_configures(index: &mut BucketIndex, inputs: &[Prepared]) {
    let args = || {
        inputs.iter().flat_map(|p| &p.parts).filter_map(|p| match p {
            Part::Configures(c) => Some((&c.root, &c.address, c.bucket.as_ref()?)),
            Part::Alias(a) => Some((&a.0, &a.1, &a.2)),
            _ => None,
        })
    };
    // Most scans have no such reference: then nothing is copied.
    if args().all(|(_, _, arg)| arg.via().is_empty()) {
        return;
    }
    for (root, address, arg) in args() {
        index.add_configures(root, address, arg);
    }
}

/// The resource that names a bucket outside the scan: root, address, origin, module calls.
type NamedBy<'a> = (&'a str, &'a str, Origin, Vec<(String, Origin)>);

/// The buckets outside the scan, created as configuration resources name them: one per root
/// and address.
#[derive(Default)]
struct Externals {
    /// Its position, and the address of the resource its origin is taken from.
    by_key: rustc_hash::FxHashMap<(String, String), (usize, String)>,
    any: bool,
}

impl Externals {
    /// The position of the bucket outside the scan `x` names, added to `buckets` when new. Its
    /// origin (and module calls) are those of the resource with the least address that names
    /// it: the same whatever the order the inputs list resources in.
    fn bucket(&mut self, buckets: &mut Vec<Bucket>, x: External, by: NamedBy) -> usize {
        let (root, address, origin, module_calls) = by;
        let key = (root.to_string(), x.address);
        if let Some((i, first)) = self.by_key.get_mut(&key) {
            if address < first.as_str() {
                *first = address.to_string();
                let b = &mut buckets[*i];
                (b.origin, b.name, b.module_calls) = (origin, x.name, module_calls);
            }
            return *i;
        }
        self.any = true;
        let mut b = Bucket::new(key.1.clone(), root.to_string(), x.name, origin);
        b.external = true;
        b.module_calls = module_calls;
        buckets.push(b);
        self.by_key.insert(key, (buckets.len() - 1, address.to_string()));
        buckets.len() - 1
    }
}

/// The address of the bucket `target` names, when it can be linked.
fn linked_address(index: &BucketIndex, target: Option<&BucketArg>, root: &str) -> Option<String> {
    match index.resolve(target, root) {
        Link::Bucket(i) => Some(index.address(i).to_string()),
        Link::External(_) | Link::None(_) => None,
    }
}

/// What one resource (other than a bucket) contributes to the model (boxed: there are many).
enum Part {
    /// Multi-region access points and their policies are linked once all are known.
    Mrap(Box<Mrap>),
    MrapPolicy(Box<MrapPolicy>),
    AccountBlock(Box<PublicAccessBlock>),
    Trail(Box<Trail>),
    Iam(Vec<IamPolicy>),
    Monitoring(Box<MonitoringResource>),
    /// A load balancer's `access_logs`, with the bucket they name.
    LbLogs(Box<(LbLogs, Option<BucketArg>, String)>),
    /// A setting of the bucket its `bucket` argument names.
    Configures(Box<Configures>),
    /// A configuration resource the model does not read, whose id or bucket still names its
    /// bucket: (root, address, `bucket` argument).
    Alias(Box<(String, String, BucketArg)>),
    /// The account a root's `data.aws_caller_identity` reads (plans, where it is known).
    OwnAccount(String, String),
    Nothing,
}

/// A separate `aws_s3_bucket_*` resource, read; which bucket it configures is linked later.
struct Configures {
    address: String,
    rtype: String,
    root: String,
    origin: Origin,
    bucket: Option<BucketArg>,
    setting: Setting,
    /// The module calls around it, for a bucket outside the scan it may name (shown in them). A
    /// reference to a bucket does not rule that out: `"${aws_s3_bucket.b.id}-logs"` names another.
    module_calls: Vec<(String, Origin)>,
}

enum Setting {
    Acl(Acl),
    Block(PublicAccessBlock),
    Ownership(Ownership),
    Encryption(Encryption),
    /// With its `target_bucket`.
    Logging(Logging, Option<BucketArg>),
    Versioning(Versioning),
    Policy(BucketPolicy),
    Object(S3Object),
    Replication(Replication),
    /// Replaces the bucket's own `object_lock_enabled`: it enables object lock itself.
    ObjectLock(ObjectLock),
    Lifecycle(Lifecycle),
    Notification(Notification),
    /// Its `bucket` is filled in when linked.
    AccessPoint(Box<AccessPoint>),
}

/// How the model reads a resource type other than a bucket.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reads {
    /// A setting of the bucket its `bucket` argument names (provider v4+ separate resources).
    Setting(SettingKind),
    Mrap,
    MrapPolicy,
    AccountBlock,
    Trail,
    /// A policy document of its own (`aws_iam_policy`, `aws_iam_*_policy`).
    IamPolicy,
    /// A role's `inline_policy` blocks.
    IamRole,
    Monitoring,
    LbLogs,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SettingKind {
    Acl,
    Block,
    Ownership,
    Encryption,
    Logging,
    Versioning,
    Policy,
    Object,
    Replication,
    ObjectLock,
    Lifecycle,
    Notification,
    AccessPoint,
}

/// The resource types the model reads, in one table (a `match`: front ends ask it for every
/// block): it decides which resources front ends evaluate ([`wanted`]) and what [`part`] makes
/// of each. The other `aws_s3_*` types are evaluated too: those of
/// [`super::resource::CONFIGURES_BUCKET`] name their bucket (see `Part::Alias`).
fn reads(rtype: &str) -> Option<Reads> {
    Some(match rtype {
        "aws_s3_bucket_acl" => Reads::Setting(SettingKind::Acl),
        "aws_s3_bucket_public_access_block" => Reads::Setting(SettingKind::Block),
        "aws_s3_bucket_ownership_controls" => Reads::Setting(SettingKind::Ownership),
        "aws_s3_bucket_server_side_encryption_configuration" => Reads::Setting(SettingKind::Encryption),
        "aws_s3_bucket_logging" => Reads::Setting(SettingKind::Logging),
        "aws_s3_bucket_versioning" => Reads::Setting(SettingKind::Versioning),
        "aws_s3_bucket_policy" => Reads::Setting(SettingKind::Policy),
        "aws_s3_object" => Reads::Setting(SettingKind::Object),
        "aws_s3_bucket_object" => Reads::Setting(SettingKind::Object),
        "aws_s3_object_copy" => Reads::Setting(SettingKind::Object),
        "aws_s3_bucket_replication_configuration" => Reads::Setting(SettingKind::Replication),
        "aws_s3_bucket_object_lock_configuration" => Reads::Setting(SettingKind::ObjectLock),
        "aws_s3_bucket_lifecycle_configuration" => Reads::Setting(SettingKind::Lifecycle),
        "aws_s3_bucket_notification" => Reads::Setting(SettingKind::Notification),
        "aws_s3_access_point" => Reads::Setting(SettingKind::AccessPoint),
        MRAP => Reads::Mrap,
        MRAP_POLICY => Reads::MrapPolicy,
        "aws_s3_account_public_access_block" => Reads::AccountBlock,
        "aws_cloudtrail" => Reads::Trail,
        "aws_iam_policy" => Reads::IamPolicy,
        "aws_iam_role_policy" => Reads::IamPolicy,
        "aws_iam_user_policy" => Reads::IamPolicy,
        "aws_iam_group_policy" => Reads::IamPolicy,
        "aws_iam_role" => Reads::IamRole,
        "aws_config_config_rule" => Reads::Monitoring,
        "aws_accessanalyzer_analyzer" => Reads::Monitoring,
        "aws_macie2_account" => Reads::Monitoring,
        "aws_macie2_classification_job" => Reads::Monitoring,
        "aws_lb" => Reads::LbLogs,
        "aws_alb" => Reads::LbLogs,
        "aws_elb" => Reads::LbLogs,
        _ => return None,
    })
}

fn part(r: &Resource, docs: &Documents) -> Part {
    if r.mode == Mode::Data {
        return match r.body.get("account_id").and_then(Node::as_str) {
            Some(a) => Part::OwnAccount(r.root.clone(), a.to_string()),
            None => Part::Nothing,
        };
    }
    match reads(&r.rtype) {
        Some(Reads::Setting(kind)) => configures(r, kind, docs),
        Some(kind) => other_part(r, kind, docs),
        None => match r.body.get("bucket") {
            Some(arg) if names_its_bucket(&r.rtype) => Part::Alias(Box::new((
                r.root.clone(),
                r.address.clone(),
                BucketArg::of(arg, r.bucket_expr.as_deref(), &r.module),
            ))),
            _ => Part::Nothing,
        },
    }
}

/// What a resource that is not a bucket setting adds to the model.
fn other_part(r: &Resource, kind: Reads, docs: &Documents) -> Part {
    match kind {
        Reads::Mrap => Part::Mrap(Box::new(Mrap::of(r))),
        Reads::MrapPolicy => Part::MrapPolicy(Box::new(MrapPolicy::of(r, docs))),
        Reads::AccountBlock => Part::AccountBlock(Box::new(public_access_block(r))),
        Reads::Trail => Part::Trail(Box::new(trail(r))),
        Reads::IamPolicy => {
            let policies = r.body.get("policy").map(|p| IamPolicy {
                root: r.root.clone(),
                policy: policy(&r.address, p, r.origin, docs),
            });
            Part::Iam(policies.into_iter().collect())
        }
        Reads::IamRole => {
            let policies = r
                .body
                .blocks("inline_policy")
                .into_iter()
                .filter_map(|inline| {
                    inline.get("policy").map(|p| IamPolicy {
                        root: r.root.clone(),
                        policy: policy(&r.address, p, inline.origin, docs),
                    })
                })
                .collect();
            Part::Iam(policies)
        }
        Reads::Monitoring => Part::Monitoring(Box::new(monitoring(r))),
        Reads::LbLogs => lb_logs(r).map_or(Part::Nothing, |l| Part::LbLogs(Box::new(l))),
        Reads::Setting(kind) => configures(r, kind, docs),
    }
}

fn monitoring(r: &Resource) -> MonitoringResource {
    let detail = match r.rtype.as_str() {
        "aws_config_config_rule" => r
            .body
            .blocks("source")
            .first()
            .and_then(|s| s.get("source_identifier"))
            .map(str_value),
        "aws_macie2_account" => r.body.get("status").map(str_value),
        _ => None,
    };
    MonitoringResource {
        address: r.address.clone(),
        root: r.root.clone(),
        rtype: r.rtype.clone(),
        origin: r.origin,
        detail,
    }
}

/// A separate resource's setting, with the bucket it names.
fn configures(r: &Resource, kind: SettingKind, docs: &Documents) -> Part {
    let setting = match kind {
        SettingKind::Acl => Setting::Acl(separate_acl(r)),
        SettingKind::Block => Setting::Block(public_access_block(r)),
        SettingKind::Ownership => Setting::Ownership(ownership(r)),
        SettingKind::Encryption => Setting::Encryption(encryption(&r.address, &r.body, r.origin)),
        SettingKind::Logging => {
            let (logging, target) = logging_from(&r.address, &r.body, &r.module);
            Setting::Logging(logging, target)
        }
        SettingKind::Versioning => Setting::Versioning(separate_versioning(r)),
        SettingKind::Policy => {
            Setting::Policy(required_policy(&r.address, r.body.get("policy"), r.origin, docs))
        }
        SettingKind::Object => Setting::Object(object(r)),
        SettingKind::Replication => Setting::Replication(resilience::separate_replication(r)),
        SettingKind::ObjectLock => Setting::ObjectLock(resilience::separate_object_lock(r)),
        SettingKind::Lifecycle => Setting::Lifecycle(resilience::separate_lifecycle(r)),
        SettingKind::Notification => Setting::Notification(resilience::notification(r)),
        SettingKind::AccessPoint => Setting::AccessPoint(Box::new(access_point(r, docs))),
    };
    let bucket = r
        .body
        .get("bucket")
        .map(|b| BucketArg::of(b, r.bucket_expr.as_deref(), &r.module));
    Part::Configures(Box::new(Configures {
        address: r.address.clone(),
        rtype: r.rtype.clone(),
        root: r.root.clone(),
        origin: r.origin,
        bucket,
        setting,
        module_calls: r.module_calls.clone(),
    }))
}

/// Whether `build` can use a resource of this kind: front ends may skip evaluating the others
/// (most of a real configuration; what these reference is still evaluated on demand).
pub fn wanted(mode: Mode, rtype: &str) -> bool {
    mode == Mode::Managed && (rtype.starts_with("aws_s3_") || reads(rtype).is_some())
}

/// Whether a block of a [`wanted`] type can add to the model, judged from its text: an
/// `aws_iam_role` does only through `inline_policy` blocks (most roles have none, and their
/// trust policies cost as much to parse as the buckets). Such a block is still read when a
/// block that is read refers to it.
pub fn contributes(rtype: &str, text: &str) -> bool {
    match reads(rtype) {
        Some(Reads::IamRole) => text.contains("inline_policy"),
        // Only their access logs say anything about a bucket.
        Some(Reads::LbLogs) => text.contains("access_logs"),
        _ => true,
    }
}

/// A bucket with what its own block says (provider v3 inline arguments).
fn inline_bucket(r: &Resource, docs: &Documents) -> Bucket {
    let body = &r.body;
    let name = bucket_name(body.get("bucket"), r);
    let mut acls = Vec::new();
    let canned = provider::optional(body, &provider::BUCKET_ACL);
    let grants: Vec<Grant> = body.blocks("grant").into_iter().flat_map(inline_grants).collect();
    if canned.is_some() || !grants.is_empty() {
        let origin = body.get("acl").map_or(r.origin, |n| n.origin);
        acls.push(Acl {
            address: r.address.clone(),
            origin,
            canned,
            grants,
            owner_id: None,
        });
    }
    let versioning = body.blocks("versioning").first().map(|v| {
        let (status, mfa_delete) = match unknown_block(v) {
            Some((why, o)) => (Value::Unknown(why.clone(), o), Value::Unknown(why, o)),
            None => (
                v.get("enabled")
                    .map_or(Value::Default("Disabled".into(), v.origin), |n| {
                        bool_of(n).map(|on| if on { "Enabled" } else { "Disabled" }.to_string())
                    }),
                v.get("mfa_delete")
                    .map_or(Value::Default(false, v.origin), bool_of),
            ),
        };
        Versioning {
            address: r.address.clone(),
            origin: v.origin,
            status,
            mfa_delete,
        }
    });
    let encryption = body
        .blocks("server_side_encryption_configuration")
        .first()
        .map(|e| encryption(&r.address, e, e.origin));
    let policies = body
        .get("policy")
        .map(|p| policy(&r.address, p, p.origin, docs))
        .into_iter()
        .collect();
    Bucket {
        acls,
        encryption: encryption.map(Box::new),
        versioning: versioning.map(Box::new),
        policies,
        tags: resilience::tags(body.get("tags"), r.origin),
        replication: resilience::inline_replication(r).map(Box::new),
        object_lock: resilience::inline_object_lock(r).map(Box::new),
        lifecycle: resilience::inline_lifecycle(r).into_iter().collect(),
        module_calls: r.module_calls.clone(),
        planned: r.planned,
        ..Bucket::new(r.address.clone(), r.root.clone(), name, r.origin)
    }
}

/// An `aws_s3_directory_bucket`: what S3 fixes for every directory bucket, at its block. Its
/// public access block is always on and cannot be changed, ACLs are always disabled
/// (BucketOwnerEnforced), and objects are encrypted with SSE-S3 unless a separate
/// `aws_s3_bucket_server_side_encryption_configuration` says otherwise.
fn directory_bucket(r: &Resource) -> Bucket {
    let name = bucket_name(r.body.get("bucket"), r);
    let at = r.origin;
    let mut b = Bucket {
        public_access_block: Some(Box::new(block_flags(&r.address, at, None, true))),
        ownership: Some(Box::new(Ownership {
            address: r.address.clone(),
            origin: at,
            object_ownership: Value::Default("BucketOwnerEnforced".into(), at),
        })),
        encryption: Some(Box::new(Encryption {
            address: r.address.clone(),
            origin: at,
            rules: vec![EncryptionRule {
                algorithm: Value::Default("AES256".into(), at),
                kms_key: None,
                origin: at,
            }],
            unknown: None,
        })),
        module_calls: r.module_calls.clone(),
        planned: r.planned,
        ..Bucket::new(r.address.clone(), r.root.clone(), name, at)
    };
    b.directory = true;
    b
}

/// A bucket's name from its `bucket` argument; the placeholder when Terraform generates it.
fn bucket_name(arg: Option<&Node>, r: &Resource) -> Value<String> {
    match arg {
        Some(n) => match &n.val {
            Val::Str(s) if n.refs.is_empty() || !s.contains("${") => Value::Set(s.to_string(), n.origin),
            Val::Unknown(reason) => Value::Unknown(reason.to_string(), n.origin),
            Val::Partial(p) => Value::Unknown(p.reason.to_string(), n.origin),
            _ => Value::Unknown("the bucket name is derived from other resources".into(), n.origin),
        },
        None => Value::Default(placeholder_name(&r.address), r.origin),
    }
}

fn str_value(n: &Node) -> Value<String> {
    match &n.val {
        Val::Str(s) => Value::Set(s.to_string(), n.origin),
        Val::Bool(b) => Value::Set(b.to_string(), n.origin),
        Val::Number(x) => Value::Set(x.to_string(), n.origin),
        Val::Unknown(reason) => Value::Unknown(reason.to_string(), n.origin),
        Val::Partial(p) => Value::Unknown(p.reason.to_string(), n.origin),
        _ => Value::Unknown("not a string".into(), n.origin),
    }
}

fn bool_of(n: &Node) -> Value<bool> {
    match (&n.val, n.as_bool()) {
        (_, Some(b)) => Value::Set(b, n.origin),
        (Val::Unknown(reason), _) => Value::Unknown(reason.to_string(), n.origin),
        (Val::Partial(p), _) => Value::Unknown(p.reason.to_string(), n.origin),
        _ => Value::Unknown("not a boolean".into(), n.origin),
    }
}

/// The grantee a grant block (`block`: the inline grant or the `grantee` block) names; `types`
/// are the grantee types the provider accepts there.
fn grantee(block: &Node, types: &provider::Enum) -> Value<Grantee> {
    let (uri, id, email, at) = (
        block.get("uri"),
        block.get("id"),
        block.get("email_address"),
        block.origin,
    );
    let kind = match provider::required(block, types) {
        Value::Set(k, _) | Value::Default(k, _) => k,
        Value::Unknown(r, o) => return Value::Unknown(r, o),
    };
    let pick = |n: Option<&Node>, what: &str| match n.map(str_value) {
        Some(Value::Set(s, o)) => Ok((s, o)),
        Some(Value::Unknown(r, o)) => Err(Value::Unknown(r, o)),
        _ => Err(Value::Unknown(format!("grantee {what} is not set"), at)),
    };
    let result = match kind.as_str() {
        "Group" => pick(uri, "uri").map(|(u, o)| {
            let g = match u.trim_end_matches('/') {
                "http://acs.amazonaws.com/groups/global/AllUsers" => Grantee::AllUsers,
                "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" => Grantee::AuthenticatedUsers,
                "http://acs.amazonaws.com/groups/s3/LogDelivery" => Grantee::LogDelivery,
                _ => Grantee::OtherGroup(u),
            };
            Value::Set(g, o)
        }),
        "CanonicalUser" => match canonical_symbol(id) {
            Some(g) => Ok(g),
            None => pick(id, "id").map(|(s, o)| Value::Set(Grantee::CanonicalUser(s), o)),
        },
        "AmazonCustomerByEmail" => {
            pick(email, "email_address").map(|(s, o)| Value::Set(Grantee::Email(s), o))
        }
        other => Err(Value::Unknown(format!("unknown grantee type `{other}`"), at)),
    };
    result.unwrap_or_else(|v| v)
}

/// A canonical user grantee whose id is a symbol or not known: still a canonical user.
fn canonical_symbol(id: Option<&Node>) -> Option<Value<Grantee>> {
    use super::partial::{self, Sym};
    let n = id?;
    let reason = n.val.unknown_reason()?;
    let g = match &n.val {
        Val::Partial(p) if p.text == partial::hole_text(Sym::OwnCanonical) => {
            Grantee::CanonicalUser(partial::OWN_CANONICAL.into())
        }
        Val::Partial(p) if p.text == partial::hole_text(Sym::CloudFrontLogs) => {
            Grantee::CanonicalUser(partial::CLOUDFRONT_LOGS.into())
        }
        _ => Grantee::UnknownCanonicalUser(reason.to_string()),
    };
    Some(Value::Set(g, n.origin))
}

/// v3 `grant { type, uri, id, permissions = [...] }`: one grant per permission.
fn inline_grants(g: &Node) -> Vec<Grant> {
    if let Some((why, o)) = unknown_block(g) {
        return vec![Grant {
            grantee: Value::Unknown(why.clone(), o),
            permission: Value::Unknown(why, o),
            origin: o,
        }];
    }
    let who = grantee(g, &provider::INLINE_GRANTEE_TYPE);
    match g.get("permissions") {
        Some(p) if p.is_unknown() => {
            vec![Grant {
                grantee: who,
                permission: str_value(p),
                origin: g.origin,
            }]
        }
        Some(p) => p
            .as_list()
            .iter()
            .map(|perm| Grant {
                grantee: who.clone(),
                permission: provider::checked(perm, &provider::PERMISSIONS),
                origin: g.origin,
            })
            .collect(),
        // Required: a grant the provider rejects grants nothing known.
        None => vec![Grant {
            grantee: who,
            permission: provider::missing(g, "permissions"),
            origin: g.origin,
        }],
    }
}

/// `aws_s3_bucket_acl`: a canned `acl` and/or `access_control_policy { grant { grantee {..} permission } }`.
fn separate_acl(r: &Resource) -> Acl {
    let body = &r.body;
    let canned = provider::optional(body, &provider::BUCKET_ACL);
    let mut grants = Vec::new();
    for acp in body.blocks("access_control_policy") {
        for g in acp.blocks("grant") {
            let who = match g.blocks("grantee").first() {
                Some(e) => grantee(e, &provider::GRANTEE_TYPE),
                None => Value::Unknown("grant without grantee".into(), g.origin),
            };
            let permission = provider::required(g, &provider::PERMISSION);
            grants.push(Grant {
                grantee: who,
                permission,
                origin: g.origin,
            });
        }
    }
    let origin = body.get("acl").map_or(r.origin, |n| n.origin);
    let owner_id = body
        .blocks("access_control_policy")
        .first()
        .and_then(|acp| {
            acp.blocks("owner")
                .first()
                .and_then(|o| o.get("id"))
                .map(str_value)
        })
        .and_then(|v| match v {
            Value::Set(id, _) => Some(id),
            _ => None,
        });
    Acl {
        address: r.address.clone(),
        origin,
        canned,
        grants,
        owner_id,
    }
}

fn public_access_block(r: &Resource) -> PublicAccessBlock {
    // The provider defaults every flag to false; Default carries the block's origin.
    block_flags(&r.address, r.origin, Some(&r.body), false)
}

/// A public access block's four flags from `block` (absent block or flag: `default`, at
/// `origin`).
fn block_flags(address: &str, origin: Origin, block: Option<&Node>, default: bool) -> PublicAccessBlock {
    let flag = |attr| {
        block
            .and_then(|b| b.get(attr))
            .map_or(Value::Default(default, origin), bool_of)
    };
    PublicAccessBlock {
        address: address.to_string(),
        origin,
        block_public_acls: flag("block_public_acls"),
        block_public_policy: flag("block_public_policy"),
        ignore_public_acls: flag("ignore_public_acls"),
        restrict_public_buckets: flag("restrict_public_buckets"),
    }
}

/// The access point's block defaults every flag to true (AWS and the provider alike).
fn access_point(r: &Resource, docs: &Documents) -> AccessPoint {
    let public_access_block = r
        .body
        .blocks("public_access_block_configuration")
        .first()
        .map(|b| block_flags(&r.address, b.origin, Some(b), true));
    AccessPoint {
        address: r.address.clone(),
        multi_region: false,
        origin: r.origin,
        root: r.root.clone(),
        // Linked later.
        bucket: String::new(),
        public_access_block,
        policy: r
            .body
            .get("policy")
            .map(|p| policy(&r.address, p, p.origin, docs)),
    }
}

/// The `details` block of an MRAP or MRAP policy resource.
fn details(r: &Resource) -> Option<&Node> {
    r.body.blocks("details").first().copied()
}

const MRAP: &str = "aws_s3control_multi_region_access_point";
const MRAP_POLICY: &str = "aws_s3control_multi_region_access_point_policy";

/// A multi-region access point, read; linked once every bucket and MRAP policy is known.
struct Mrap {
    address: String,
    root: String,
    origin: Origin,
    /// `details.name`, when a literal.
    name: Option<String>,
    /// From its `details` block, when it has one: the public access block and the `bucket` of
    /// each `region`.
    details: Option<(PublicAccessBlock, Vec<Option<BucketArg>>)>,
}

impl Mrap {
    fn of(r: &Resource) -> Self {
        let d = details(r);
        Mrap {
            address: r.address.clone(),
            root: r.root.clone(),
            origin: r.origin,
            name: d
                .and_then(|d| d.get("name"))
                .and_then(Node::as_str)
                .map(str::to_string),
            details: d.map(|d| {
                // Absent block or setting: on (AWS and the provider alike).
                let block = d.blocks("public_access_block").first().copied();
                let origin = block.map_or(d.origin, |b| b.origin);
                let public_access_block = block_flags(&r.address, origin, block, true);
                let regions = d
                    .blocks("region")
                    .into_iter()
                    .map(|region| region.get("bucket").map(|b| BucketArg::of(b, None, &r.module)))
                    .collect();
                (public_access_block, regions)
            }),
        }
    }
}

/// An MRAP policy resource, read.
struct MrapPolicy {
    address: String,
    root: String,
    origin: Origin,
    /// `details.name`: what it refers to, its literal value, or why it is not known.
    name_refs: Vec<String>,
    name: Option<String>,
    name_unknown: Option<String>,
    policy: BucketPolicy,
}

impl MrapPolicy {
    fn of(p: &Resource, docs: &Documents) -> Self {
        let d = details(p);
        let name = d.and_then(|d| d.get("name"));
        let policy = required_policy(&p.address, d.and_then(|d| d.get("policy")), p.origin, docs);
        MrapPolicy {
            address: p.address.clone(),
            root: p.root.clone(),
            origin: p.origin,
            name_refs: name.map(|n| n.refs.to_vec()).unwrap_or_default(),
            name: name.and_then(Node::as_str).map(str::to_string),
            name_unknown: match name.map(|n| &n.val) {
                Some(Val::Unknown(why)) => Some(why.to_string()),
                Some(Val::Partial(p)) => Some(p.reason.to_string()),
                _ => None,
            },
            policy,
        }
    }
}

/// Each MRAP becomes one access point per linked `region` bucket; its policy resource is linked by
/// a reference to the MRAP in `details.name` first, else by a unique literal name in the same root.
fn multi_region_access_points(
    model: &mut Model,
    mraps: Vec<Mrap>,
    policies: &[MrapPolicy],
    index: &BucketIndex,
) {
    let unlinked = |address: &str, rtype: &str, origin: Origin, reason: String| Unlinked {
        address: address.to_string(),
        resource_type: rtype.to_string(),
        origin,
        reason,
    };
    let mut policy_of: Vec<Option<BucketPolicy>> = vec![None; mraps.len()];
    for p in policies {
        let by_ref: Vec<usize> = (0..mraps.len())
            .filter(|&i| mraps[i].root == p.root && p.name_refs.contains(&mraps[i].address))
            .collect();
        let found: Vec<usize> = if !by_ref.is_empty() {
            by_ref
        } else {
            match &p.name {
                Some(n) => (0..mraps.len())
                    .filter(|&i| mraps[i].root == p.root && mraps[i].name.as_ref() == Some(n))
                    .collect(),
                None => Vec::new(),
            }
        };
        let [i] = found.as_slice() else {
            let reason = if let Some(why) = &p.name_unknown {
                format!("its multi-region access point name is not known: {why}")
            } else if found.is_empty() {
                "it names no multi-region access point in the scan".to_string()
            } else {
                "its name matches several multi-region access points".to_string()
            };
            model
                .unlinked
                .push(unlinked(&p.address, MRAP_POLICY, p.origin, reason));
            continue;
        };
        policy_of[*i] = Some(p.policy.clone());
    }
    for (r, policy) in mraps.into_iter().zip(policy_of) {
        let Some((public_access_block, regions)) = r.details else {
            model.unlinked.push(unlinked(
                &r.address,
                MRAP,
                r.origin,
                "it has no `details` block".into(),
            ));
            continue;
        };
        for bucket in regions {
            match index.resolve(bucket.as_ref(), &r.root) {
                Link::Bucket(i) => model.access_points.push(AccessPoint {
                    address: r.address.clone(),
                    multi_region: true,
                    origin: r.origin,
                    root: r.root.clone(),
                    bucket: index.address(i).to_string(),
                    public_access_block: Some(public_access_block.clone()),
                    policy: policy.clone(),
                }),
                Link::External(x) => model.unlinked.push(unlinked(
                    &r.address,
                    MRAP,
                    r.origin,
                    format!("its bucket {} is defined outside the scan", x.address),
                )),
                Link::None(reason) => model.unlinked.push(unlinked(&r.address, MRAP, r.origin, reason)),
            }
        }
    }
}

fn ownership(r: &Resource) -> Ownership {
    let rule = r.body.blocks("rule");
    let object_ownership = match rule.first() {
        Some(rule) => provider::required(rule, &provider::OBJECT_OWNERSHIP),
        None => Value::Unknown("ownership controls without a rule".into(), r.origin),
    };
    Ownership {
        address: r.address.clone(),
        origin: r.origin,
        object_ownership,
    }
}

/// Both the inline `server_side_encryption_configuration` block and the separate resource hold
/// `rule { apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } }`.
fn encryption(address: &str, body: &Node, origin: Origin) -> Encryption {
    let mut unknown = unknown_block(body);
    let mut rules = Vec::new();
    for rule in body.blocks("rule") {
        for d in rule.blocks("apply_server_side_encryption_by_default") {
            if let Some(u) = unknown_block(d) {
                unknown = unknown.or(Some(u));
                continue;
            }
            rules.push(EncryptionRule {
                algorithm: provider::required(d, &provider::SSE_ALGORITHM),
                kms_key: d.get("kms_master_key_id").map(str_value),
                origin: d.origin,
            });
        }
        unknown = unknown.or(unknown_block(rule));
    }
    Encryption {
        address: address.to_string(),
        origin,
        rules,
        unknown,
    }
}

/// A nested block that is Unknown (a `dynamic` block over an unknown collection): it may be
/// there or not, so what it would set is unknown rather than absent.
fn unknown_block(n: &Node) -> Option<(String, Origin)> {
    match &n.val {
        Val::Unknown(r) => Some((r.to_string(), n.origin)),
        _ => None,
    }
}

/// A logging configuration, with its `target_bucket` to link once every bucket is known.
fn logging_from(address: &str, body: &Node, module: &str) -> (Logging, Option<BucketArg>) {
    let target = body.get("target_bucket");
    let logging = Logging {
        address: address.to_string(),
        origin: body.origin,
        target_bucket: match (target, unknown_block(body)) {
            (_, Some((why, o))) => Value::Unknown(why, o),
            (Some(t), None) => str_value(t),
            (None, None) => Value::Unknown("target_bucket is not set".into(), body.origin),
        },
        target_address: None,
    };
    (logging, target.map(|t| BucketArg::of(t, None, module)))
}

/// A load balancer's `access_logs` block, unless it has none or is known to be disabled.
fn lb_logs(r: &Resource) -> Option<(LbLogs, Option<BucketArg>, String)> {
    let block = r.body.blocks("access_logs").into_iter().next()?;
    let classic = r.rtype == "aws_elb";
    let enabled = match block.get("enabled") {
        Some(n) => bool_of(n),
        None => Value::Default(classic, block.origin),
    };
    if matches!(enabled, Value::Set(false, _) | Value::Default(false, _)) {
        return None;
    }
    let kind = if classic {
        Value::Default("classic".into(), r.origin)
    } else {
        r.body
            .get("load_balancer_type")
            .map_or_else(|| Value::Default("application".into(), r.origin), str_value)
    };
    let logs = LbLogs {
        address: r.address.clone(),
        origin: block.origin,
        kind,
        enabled,
    };
    Some((
        logs,
        block.get("bucket").map(|b| BucketArg::of(b, None, &r.module)),
        r.root.clone(),
    ))
}

/// `aws_s3_bucket_versioning { versioning_configuration { status, mfa_delete } }`.
fn separate_versioning(r: &Resource) -> Versioning {
    let (status, mfa_delete) = match r.body.blocks("versioning_configuration").first() {
        Some(c) if let Some((why, o)) = unknown_block(c) => {
            (Value::Unknown(why.clone(), o), Value::Unknown(why, o))
        }
        Some(c) => (
            provider::required(c, &provider::VERSIONING_STATUS),
            provider::optional(c, &provider::MFA_DELETE)
                .map_or(Value::Default(false, c.origin), |v| v.map(|s| s == "Enabled")),
        ),
        None => (
            Value::Unknown("no versioning_configuration block".into(), r.origin),
            Value::Default(false, r.origin),
        ),
    };
    Versioning {
        address: r.address.clone(),
        origin: r.origin,
        status,
        mfa_delete,
    }
}

/// A resource's required `policy` argument; unknown, at the resource, when it is not set.
fn required_policy(address: &str, node: Option<&Node>, resource: Origin, docs: &Documents) -> BucketPolicy {
    match node {
        Some(p) => policy(address, p, p.origin, docs),
        None => BucketPolicy::new(
            address.to_string(),
            resource,
            provider::missing(&Node::new(Val::Null, resource), "policy"),
            None,
        ),
    }
}

fn policy(address: &str, node: &Node, origin: Origin, docs: &Documents) -> BucketPolicy {
    let (document, size) = match &node.val {
        Val::Str(text) => {
            let document = match docs.parse(text) {
                Ok(doc) => Value::Set(doc, node.origin),
                Err(e) => Value::Unknown(e, node.origin),
            };
            (document, Some(text.len()))
        }
        Val::Unknown(reason) => (Value::Unknown(reason.to_string(), node.origin), None),
        Val::Partial(p) => {
            return BucketPolicy::with_holes(
                address.to_string(),
                origin,
                node.origin,
                &p.text,
                p.reason.to_string(),
            );
        }
        // jsondecode'd or otherwise structured: serialize as Terraform would.
        _ => match node.to_json() {
            Some(doc) => {
                let size = serde_json::to_string(&doc).map(|s| s.len()).ok();
                (Value::Set(Document::parse(&doc).map(Arc::new), node.origin), size)
            }
            None => (
                Value::Unknown("the policy has unknown parts".into(), node.origin),
                None,
            ),
        },
    };
    BucketPolicy::from_document(address.to_string(), origin, document, size)
}

/// Policy texts read once each for one input: the ordinary pattern of one
/// `aws_iam_policy_document` naming N buckets, used by the N buckets' policies, would otherwise
/// hold N copies of a document of N resources (2,000 buckets: 4 million strings). A text shared
/// by several values is found by its address first, without hashing it again (the input's
/// resources, which hold it, outlive this).
#[derive(Default)]
struct Documents(std::sync::Mutex<DocumentMaps>);

#[derive(Default)]
struct DocumentMaps {
    by_text: FxHashMap<Str, ParsedText>,
    by_address: FxHashMap<usize, ParsedText>,
}

/// A policy text read as a document, or why it is not valid JSON.
type ParsedText = Result<Result<Arc<Document>, Malformed>, String>;

impl Documents {
    fn parse(&self, text: &Str) -> ParsedText {
        {
            let maps = self.lock();
            if let Some(done) = maps
                .by_address
                .get(&text.address())
                .or_else(|| maps.by_text.get(text))
            {
                return done.clone();
            }
        }
        let parsed = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(doc) => Ok(Document::parse(&doc).map(Arc::new)),
            Err(e) => Err(format!("the policy is not valid JSON: {e}")),
        };
        let mut maps = self.lock();
        let parsed = maps.by_text.entry(text.clone()).or_insert(parsed).clone();
        maps.by_address.insert(text.address(), parsed.clone());
        parsed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, DocumentMaps> {
        // A panic elsewhere while holding the lock leaves the maps whole.
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn object(r: &Resource) -> S3Object {
    let b = &r.body;
    S3Object {
        address: r.address.clone(),
        rtype: r.rtype.clone(),
        origin: r.origin,
        key: b
            .get("key")
            .map_or_else(|| provider::missing(b, "key"), str_value),
        acl: provider::optional(b, &provider::OBJECT_ACL)
            .unwrap_or_else(|| Value::Default("private".into(), r.origin)),
        kms_key: b.get("kms_key_id").map(str_value),
        sse: b.get("server_side_encryption").map(str_value),
    }
}

fn trail(r: &Resource) -> Trail {
    let mut selectors = Vec::new();
    // A dynamic selector over an unknown collection may select S3 objects or not.
    let unknown = |n: &Node| unknown_block(n).map(|(why, o)| S3DataSelector::Prefix(Value::Unknown(why, o)));
    for sel in r.body.blocks("event_selector") {
        if let Some(u) = unknown(sel) {
            selectors.push(u);
            continue;
        }
        for dr in sel.blocks("data_resource") {
            if let Some(u) = unknown(dr) {
                selectors.push(u);
                continue;
            }
            match dr.get("type").map(str_value) {
                Some(Value::Set(t, _)) if t == "AWS::S3::Object" => {}
                Some(Value::Unknown(reason, o)) => {
                    selectors.push(S3DataSelector::Prefix(Value::Unknown(reason, o)));
                    continue;
                }
                _ => continue,
            }
            match dr.get("values") {
                Some(v) if v.is_unknown() => selectors.push(S3DataSelector::Prefix(str_value(v))),
                Some(v) => selectors.extend(v.as_list().iter().map(|arn| s3_arn_selector(str_value(arn)))),
                None => {}
            }
        }
    }
    for sel in r.body.blocks("advanced_event_selector") {
        if let Some(u) = unknown(sel) {
            selectors.push(u);
        } else if let Some(s) = advanced_selector(sel) {
            selectors.extend(s);
        }
    }
    Trail {
        address: r.address.clone(),
        origin: r.origin,
        s3_data_events: selectors,
    }
}

fn s3_arn_selector(arn: Value<String>) -> S3DataSelector {
    match &arn {
        Value::Set(a, o)
            if a == crate::model::arn::S3_PREFIX.trim_end_matches(':')
                || a == crate::model::arn::S3_PREFIX =>
        {
            S3DataSelector::AllBuckets(*o)
        }
        _ => S3DataSelector::Prefix(arn),
    }
}

/// An advanced selector records S3 data events when it selects `eventCategory = Data` and
/// `resources.type = AWS::S3::Object`; `resources.ARN` filters narrow it to prefixes.
fn advanced_selector(sel: &Node) -> Option<Vec<S3DataSelector>> {
    let fields = sel.blocks("field_selector");
    let equals = |name: &str, want: &str| {
        fields.iter().any(|f| {
            f.get("field").and_then(Node::as_str) == Some(name)
                && f.get("equals")
                    .is_some_and(|e| e.as_list().iter().any(|v| v.as_str() == Some(want)))
        })
    };
    if !equals("eventCategory", "Data") || !equals("resources.type", "AWS::S3::Object") {
        return None;
    }
    let arn_fields: Vec<&&Node> = fields
        .iter()
        .filter(|f| f.get("field").and_then(Node::as_str) == Some("resources.ARN"))
        .collect();
    if arn_fields.is_empty() {
        return Some(vec![S3DataSelector::AllBuckets(sel.origin)]);
    }
    let mut out = Vec::new();
    for f in arn_fields {
        let positive: Vec<&Node> = ["equals", "starts_with"]
            .iter()
            .filter_map(|op| f.get(op))
            .flat_map(|v| {
                if v.is_unknown() {
                    std::slice::from_ref(v)
                } else {
                    v.as_list()
                }
            })
            .collect();
        let negative = ["not_equals", "not_starts_with", "not_ends_with", "ends_with"]
            .iter()
            .any(|op| f.get(op).is_some());
        if negative {
            out.push(S3DataSelector::Prefix(Value::Unknown(
                "advanced event selector filters resources.ARN with exclusions or suffixes".into(),
                f.origin,
            )));
        }
        out.extend(positive.into_iter().map(|arn| s3_arn_selector(str_value(arn))));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_nodes::*;

    fn res(rtype: &str, name: &str, body: Node) -> Resource {
        resource(rtype, name, body)
    }

    #[test]
    fn policies_of_one_text_share_one_document() {
        // N bucket policies of one aws_iam_policy_document naming N buckets: one document,
        // not N copies of N resources.
        let text =
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#;
        let policy = |name: &str, b: &str| {
            res(
                "aws_s3_bucket_policy",
                name,
                map(vec![("bucket", s(b, 1)), ("policy", s(text, 2))], 0),
            )
        };
        let m = build(vec![
            res("aws_s3_bucket", "a", map(vec![("bucket", s("a", 1))], 0)),
            res("aws_s3_bucket", "b", map(vec![("bucket", s("b", 1))], 0)),
            policy("pa", "a"),
            policy("pb", "b"),
        ]);
        let doc = |i: usize| match &m.buckets[i].policies[0].document {
            Value::Set(Ok(d), _) => Arc::clone(d),
            other => panic!("not read: {other:?}"),
        };
        assert_eq!(doc(0).statements.len(), 1);
        assert!(Arc::ptr_eq(&doc(0), &doc(1)));
        assert_eq!(m.buckets[1].policies[0].size, Some(text.len()));
    }

    #[test]
    fn inputs_prepared_apart_link_as_one() {
        // Two roots with the same addresses, listed out of order; names are looked up across
        // the scan: `shared` is in both roots (ambiguous), `only-a` in one (linked from both).
        let input = |root: &str| -> Vec<Resource> {
            let bucket = |name: &str, b: &str| res("aws_s3_bucket", name, map(vec![("bucket", s(b, 1))], 0));
            let acl = |name: &str, b: &str| {
                res(
                    "aws_s3_bucket_acl",
                    name,
                    map(vec![("bucket", s(b, 3)), ("acl", s("public-read", 4))], 0),
                )
            };
            let mut all = vec![bucket("z", "shared"), acl("x", "shared"), acl("y", "only-a")];
            if root == "roots/a" {
                all.push(bucket("a", "only-a"));
            }
            for r in &mut all {
                r.root = root.into();
            }
            all
        };
        let (r2, r1) = (input("roots/b"), input("roots/a"));
        let whole = build(r2.iter().chain(&r1).cloned().collect());
        let linked = link(vec![prepare(r2), prepare(r1)]);
        assert_eq!(format!("{linked:?}"), format!("{whole:?}"));
        let only_a = &linked.buckets[0];
        assert_eq!((only_a.root.as_str(), only_a.acls.len()), ("roots/a", 2));
        assert_eq!(linked.unlinked.len(), 2);
        assert!(
            linked.unlinked[0]
                .reason
                .contains("several buckets in the scan are named `shared`")
        );
    }

    #[test]
    fn links_by_reference_before_name() {
        let a = res("aws_s3_bucket", "a", map(vec![("bucket", s("same", 1))], 0));
        let b = res("aws_s3_bucket", "b", map(vec![("bucket", s("same", 2))], 0));
        let c = res("aws_s3_bucket", "c", map(vec![("bucket", s("other", 2))], 0));
        // Two buckets are named "same", but the reference says aws_s3_bucket.a: the reference wins.
        let bucket_arg = s("same", 3).with_refs(vec!["aws_s3_bucket.a".into()]);
        let acl = |name: &str, arg: Node| {
            res(
                "aws_s3_bucket_acl",
                name,
                map(vec![("bucket", arg), ("acl", s("public-read", 4))], 0),
            )
        };
        // A name built from a's (`"${aws_s3_bucket.a.id}-x"`) is another bucket's: the name wins.
        let other = s("other", 5).with_refs(vec!["aws_s3_bucket.a".into()]);
        let m = build(vec![acl("x", bucket_arg), acl("y", other), a, b, c]);
        let acls = |i: usize| {
            m.buckets[i]
                .acls
                .iter()
                .map(|a| a.address.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(m.buckets[0].address, "aws_s3_bucket.a");
        assert_eq!(acls(0), ["aws_s3_bucket_acl.x"]);
        assert!(acls(1).is_empty());
        assert_eq!(acls(2), ["aws_s3_bucket_acl.y"]);
        assert!(m.unlinked.is_empty());
    }

    #[test]
    fn links_by_unique_name_and_puts_the_rest_outside() {
        let a = res("aws_s3_bucket", "a", map(vec![("bucket", s("logs", 1))], 0));
        let v = res(
            "aws_s3_bucket_versioning",
            "v",
            map(
                vec![
                    ("bucket", s("logs", 2)),
                    (
                        "versioning_configuration",
                        Node::new(Val::List(vec![map(vec![("status", s("Enabled", 5))], 4)]), o(4)),
                    ),
                ],
                0,
            ),
        );
        let orphan = res(
            "aws_s3_bucket_policy",
            "p",
            map(vec![("bucket", s("elsewhere", 6))], 0),
        );
        let m = build(vec![a, v, orphan]);
        assert_eq!(
            m.buckets[0].versioning.as_ref().unwrap().status,
            Value::Set("Enabled".into(), o(5))
        );
        // A name no bucket of the scan has: the policy configures a bucket outside the scan.
        assert!(m.unlinked.is_empty());
        let outside = &m.buckets[1];
        assert_eq!(
            (outside.address.as_str(), outside.external),
            ("external:elsewhere", true)
        );
        assert_eq!(outside.name, Value::Set("elsewhere".into(), o(6)));
        assert_eq!(outside.policies.len(), 1);
    }

    fn with_bucket(rtype: &str, name: &str, bucket: Node) -> Resource {
        res(rtype, name, map(vec![("bucket", bucket)], 0))
    }

    fn unknown_with(reason: &str, at: u32, refs: &[&str]) -> Node {
        Node::unknown(reason, o(at)).with_refs(refs.iter().map(|r| r.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn buckets_outside_the_scan_group_by_what_names_them() {
        // The same literal name twice: one bucket; S3 names are global, whatever the module.
        let acl = with_bucket("aws_s3_bucket_acl", "a", s("existing", 1));
        let mut pab = with_bucket("aws_s3_bucket_public_access_block", "p", s("existing", 2));
        pab.module = "module.m".into();
        pab.address = "module.m.aws_s3_bucket_public_access_block.p".into();
        // An unknown name, by its expression's text: per module instance.
        let mut own = with_bucket(
            "aws_s3_bucket_ownership_controls",
            "o",
            Node::unknown("var.b has no value", o(3)),
        );
        own.bucket_expr = Some("var.b".into());
        let mut own2 = own.clone();
        own2.module = "module.n[0]".into();
        own2.address = "module.n[0].aws_s3_bucket_ownership_controls.o".into();
        // A data source read at apply (a plan): by the resources it references.
        let data = ["data.aws_s3_bucket.x"];
        let ver = with_bucket(
            "aws_s3_bucket_versioning",
            "v",
            unknown_with("not known until apply", 4, &data),
        );
        let m = build(vec![acl, pab, own, own2, ver]);
        let got: Vec<(&str, usize)> = m
            .buckets
            .iter()
            .map(|b| {
                assert!(b.external);
                let settings = b.acls.len()
                    + b.public_access_block.iter().count()
                    + b.ownership.iter().count()
                    + b.versioning.iter().count();
                (b.address.as_str(), settings)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("external:existing", 2),
                ("external:{data.aws_s3_bucket.x}", 1),
                ("external:{var.b}", 1),
                ("module.n[0].external:{var.b}", 1),
            ]
        );
        assert!(m.unlinked.is_empty());
        // The first resource that names it is where it is shown.
        assert_eq!(m.buckets[0].origin, o(0));
    }

    #[test]
    fn unknown_bucket_without_text_or_references_stays_unlinked() {
        let pab = with_bucket(
            "aws_s3_bucket_policy",
            "p",
            Node::unknown("var.b has no value", o(2)),
        );
        let m = build(vec![pab]);
        assert!(m.buckets.is_empty());
        assert!(m.unlinked[0].reason.contains("var.b has no value"));
    }

    #[test]
    fn links_through_configuration_resources() {
        // terraform-aws-modules/s3-bucket: `bucket = aws_s3_bucket_policy.this[0].id`, as a plan
        // gives it (the value unknown, the policy's address as the reference).
        let a = with_bucket("aws_s3_bucket", "a", s("a", 1));
        let policy = with_bucket(
            "aws_s3_bucket_policy",
            "p",
            s("a", 2).with_refs(vec!["aws_s3_bucket.a".into()]),
        );
        let via = |rtype: &str, name: &str, through: &str, at| {
            with_bucket(rtype, name, unknown_with("not known until apply", at, &[through]))
        };
        let own = via(
            "aws_s3_bucket_ownership_controls",
            "o",
            "aws_s3_bucket_policy.p",
            3,
        );
        // Through a resource the model does not read, two steps away.
        let life = via(
            "aws_s3_bucket_lifecycle_configuration",
            "l",
            "aws_s3_bucket_ownership_controls.o",
            4,
        );
        let ver = via(
            "aws_s3_bucket_versioning",
            "v",
            "aws_s3_bucket_lifecycle_configuration.l",
            5,
        );
        // An object's id is its key, not a bucket name: not followed.
        let obj = with_bucket(
            "aws_s3_object",
            "x",
            s("a", 6).with_refs(vec!["aws_s3_bucket.a".into()]),
        );
        let by_obj = via("aws_s3_bucket_logging", "g", "aws_s3_object.x", 7);
        let m = build(vec![a, policy, own, life, ver, obj, by_obj]);
        let a = &m.buckets[0];
        assert_eq!(a.address, "aws_s3_bucket.a");
        assert!(a.ownership.is_some() && a.versioning.is_some() && a.logging.is_none());
        let unlinked: Vec<&str> = m.unlinked.iter().map(|u| u.address.as_str()).collect();
        assert_eq!(unlinked, ["aws_s3_bucket_logging.g"]);
    }

    #[test]
    fn references_to_two_different_buckets_are_not_guessed() {
        let a = with_bucket("aws_s3_bucket", "a", s("a", 1));
        let b = with_bucket("aws_s3_bucket", "b", s("b", 2));
        let p = with_bucket(
            "aws_s3_bucket_policy",
            "p",
            s("b", 3).with_refs(vec!["aws_s3_bucket.b".into()]),
        );
        let own = with_bucket(
            "aws_s3_bucket_ownership_controls",
            "o",
            unknown_with("?", 4, &["aws_s3_bucket.a", "aws_s3_bucket_policy.p"]),
        );
        let m = build(vec![a, b, p, own]);
        assert!(m.buckets.iter().all(|b| b.ownership.is_none()));
        assert!(
            m.unlinked[0].reason.contains("several buckets"),
            "{}",
            m.unlinked[0].reason
        );
    }

    #[test]
    fn directory_buckets_are_buckets_with_fixed_settings() {
        // S3 Express One Zone: public access block always on, ACLs disabled, SSE-S3 by default.
        let d = with_bucket(
            "aws_s3_directory_bucket",
            "d",
            unknown_with("random_pet.p.id is computed", 1, &["random_pet.p"]),
        );
        let sse = with_bucket(
            "aws_s3_bucket_policy",
            "p",
            unknown_with("?", 2, &["random_pet.p", "aws_s3_directory_bucket.d"]),
        );
        let m = build(vec![d, sse]);
        let d = &m.buckets[0];
        assert!(d.directory && !d.external && m.unlinked.is_empty());
        assert_eq!(d.policies.len(), 1);
        let block = d.public_access_block.as_ref().unwrap();
        assert!(block.settings().iter().all(|(_, v)| v.known() == Some(&true)));
        assert_eq!(
            d.ownership
                .as_ref()
                .unwrap()
                .object_ownership
                .known()
                .map(String::as_str),
            Some("BucketOwnerEnforced")
        );
        assert_eq!(
            d.encryption.as_ref().unwrap().rules[0]
                .algorithm
                .known()
                .map(String::as_str),
            Some("AES256")
        );
    }

    #[test]
    fn multi_region_access_points_link_buckets_and_policies() {
        let list = |items: Vec<Node>, at| Node::new(Val::List(items), o(at));
        let a = res("aws_s3_bucket", "a", map(vec![("bucket", s("a", 1))], 0));
        let b = res("aws_s3_bucket", "b", map(vec![("bucket", s("b", 2))], 0));
        let region = |arg: Node, at| map(vec![("bucket", arg)], at);
        let details = map(
            vec![
                ("name", s("global", 10)),
                (
                    "region",
                    list(
                        vec![
                            region(s("a", 12).with_refs(vec!["aws_s3_bucket.a".into()]), 11),
                            region(s("b", 14), 13),
                            region(s("nowhere", 16), 15),
                        ],
                        11,
                    ),
                ),
            ],
            9,
        );
        let mrap = res(
            "aws_s3control_multi_region_access_point",
            "m",
            map(vec![("details", list(vec![details], 9))], 0),
        );
        let pol = |name: &str, at| {
            let d = map(vec![("name", s(name, at)), ("policy", s("{}", at + 1))], at);
            res(
                "aws_s3control_multi_region_access_point_policy",
                name,
                map(vec![("details", list(vec![d], at))], 0),
            )
        };
        // Linked by the literal name; the other names no MRAP in the scan.
        let m = build(vec![a, b, mrap, pol("global", 20), pol("other", 30)]);
        let aps: Vec<(&str, bool, bool)> = m
            .access_points
            .iter()
            .map(|ap| (ap.bucket.as_str(), ap.multi_region, ap.policy.is_some()))
            .collect();
        assert_eq!(
            aps,
            [("aws_s3_bucket.a", true, true), ("aws_s3_bucket.b", true, true)]
        );
        let block = m.access_points[0].public_access_block.as_ref().unwrap();
        assert_eq!(block.block_public_policy, Value::Default(true, o(9)));
        let unlinked: Vec<&str> = m.unlinked.iter().map(|u| u.address.as_str()).collect();
        assert_eq!(
            unlinked,
            [
                "aws_s3control_multi_region_access_point.m",
                "aws_s3control_multi_region_access_point_policy.other"
            ]
        );
    }

    #[test]
    fn unknown_bucket_argument_is_not_guessed() {
        let a = res("aws_s3_bucket", "a", map(vec![("bucket", s("logs", 1))], 0));
        let pab = res(
            "aws_s3_bucket_public_access_block",
            "p",
            map(vec![("bucket", Node::unknown("var.b has no value", o(2)))], 0),
        );
        let m = build(vec![a, pab]);
        assert!(m.buckets[0].public_access_block.is_none());
        assert!(m.unlinked[0].reason.contains("var.b has no value"));
    }

    #[test]
    fn log_targets_know_their_sources() {
        let logs = res("aws_s3_bucket", "logs", map(vec![("bucket", s("logs", 1))], 0));
        let data = res("aws_s3_bucket", "data", map(vec![("bucket", s("data", 2))], 0));
        let target = s("logs", 4).with_refs(vec!["aws_s3_bucket.logs".into()]);
        let logging = res(
            "aws_s3_bucket_logging",
            "l",
            map(
                vec![
                    (
                        "bucket",
                        s("data", 3).with_refs(vec!["aws_s3_bucket.data".into()]),
                    ),
                    ("target_bucket", target),
                ],
                0,
            ),
        );
        let m = build(vec![logs, data, logging]);
        let logs = m
            .buckets
            .iter()
            .find(|b| b.address == "aws_s3_bucket.logs")
            .unwrap();
        assert_eq!(logs.receives_logs_from, vec!["aws_s3_bucket.data".to_string()]);
    }

    #[test]
    fn public_grants_are_classified() {
        let grant = map(
            vec![
                ("type", s("Group", 2)),
                ("uri", s("http://acs.amazonaws.com/groups/global/AllUsers", 3)),
                (
                    "permissions",
                    Node::new(Val::List(vec![s("READ", 4), s("WRITE", 5)]), o(4)),
                ),
            ],
            1,
        );
        let b = res(
            "aws_s3_bucket",
            "a",
            map(vec![("grant", Node::new(Val::List(vec![grant]), o(1)))], 0),
        );
        let m = build(vec![b]);
        let grants = &m.buckets[0].acls[0].grants;
        assert_eq!(grants.len(), 2);
        assert_eq!(grants[0].grantee, Value::Set(Grantee::AllUsers, o(3)));
        assert_eq!(grants[1].permission, Value::Set("WRITE".into(), o(5)));
    }
}
