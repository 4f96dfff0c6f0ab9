//! The normalized S3 model the policies read. Adapters never build it directly: `model::build`
//! folds evaluated resources (inline v3 arguments and separate v4+ resources alike) into it.

use std::sync::Arc;

use super::source::Origin;
use super::value::Value;

/// What configures a bucket, whichever resource it was written in.
#[derive(Clone, Debug)]
pub struct Bucket {
    /// Terraform address, `module.a.aws_s3_bucket.b["k"]`.
    pub address: String,
    /// The root module (directory or plan) it belongs to.
    pub root: String,
    /// The bucket name; `Default(placeholder_name(address))` when Terraform generates one.
    pub name: Value<String>,
    /// The `resource "aws_s3_bucket"` block header.
    pub origin: Origin,
    pub acls: Vec<Acl>,
    // Boxed: each is absent from many buckets, and a bucket would otherwise be 816 bytes.
    pub public_access_block: Option<Box<PublicAccessBlock>>,
    pub ownership: Option<Box<Ownership>>,
    pub encryption: Option<Box<Encryption>>,
    pub logging: Option<Box<Logging>>,
    pub versioning: Option<Box<Versioning>>,
    pub policies: Vec<BucketPolicy>,
    pub objects: Vec<S3Object>,
    /// `tags` of the bucket resource: Set(map, origin of the `tags` argument); a tag whose value
    /// is not known maps to None. Default(empty map, bucket origin) when not written; Unknown
    /// when the whole map is not known. The provider's `default_tags` are not seen: a plan's
    /// `tags_all` is left out, and sources do not merge provider blocks into resources.
    pub tags: Value<std::collections::BTreeMap<String, Option<String>>>,
    pub replication: Option<Box<Replication>>,
    pub object_lock: Option<Box<ObjectLock>>,
    /// One per resource that declares rules: the inline `lifecycle_rule` blocks (as one) and
    /// each `aws_s3_bucket_lifecycle_configuration`.
    pub lifecycle: Vec<Lifecycle>,
    /// Each `aws_s3_bucket_notification` naming the bucket.
    pub notifications: Vec<Notification>,
    /// Addresses of the buckets whose server access logs are delivered here.
    pub receives_logs_from: Vec<String>,
    /// Load balancers whose access logs name this bucket (`access_logs { bucket }`).
    pub receives_lb_logs_from: Vec<LbLogs>,
    /// The module calls around the bucket, outermost first (see `Resource::module_calls`).
    pub module_calls: Vec<(String, Origin)>,
    /// Where a plan lists the bucket, when its origin was mapped to the source.
    pub planned: Option<Origin>,
    /// Defined outside the scan: only configuration resources of the scan name it (its address
    /// is `external:...`, its origin the first of them). A setting absent here is not known,
    /// never missing.
    pub external: bool,
    /// A directory bucket (`aws_s3_directory_bucket`, S3 Express One Zone): its public access
    /// block is always on, ACLs are always disabled, and it has no versioning, MFA delete or
    /// server access logging to configure.
    pub directory: bool,
}

impl Bucket {
    /// A bucket with nothing configured yet.
    pub fn new(address: String, root: String, name: Value<String>, origin: Origin) -> Self {
        Bucket {
            address,
            root,
            name,
            origin,
            acls: Vec::new(),
            public_access_block: None,
            ownership: None,
            encryption: None,
            logging: None,
            versioning: None,
            policies: Vec::new(),
            objects: Vec::new(),
            tags: Value::Default(std::collections::BTreeMap::new(), origin),
            replication: None,
            object_lock: None,
            lifecycle: Vec::new(),
            notifications: Vec::new(),
            receives_logs_from: Vec::new(),
            receives_lb_logs_from: Vec::new(),
            module_calls: Vec::new(),
            planned: None,
            external: false,
            directory: false,
        }
    }

    /// The name to use in ARNs: the real name when known, else the placeholder the evaluator
    /// also uses for `aws_s3_bucket.x.arn`, so policy resources still match. An empty name is
    /// no name: the provider generates one, as when `bucket` is not set.
    pub fn arn_name(&self) -> String {
        match &self.name {
            Value::Set(n, _) | Value::Default(n, _) if !n.is_empty() => n.clone(),
            _ => super::resource::placeholder_name(&self.address),
        }
    }

    /// `arn:aws:s3:::NAME`.
    pub fn arn(&self) -> super::BucketArn {
        super::BucketArn::new(&self.arn_name())
    }
}

/// A canned ACL and/or explicit grants, from the bucket's inline `acl`/`grant` or an
/// `aws_s3_bucket_acl`.
#[derive(Clone, Debug)]
pub struct Acl {
    /// The resource that declares it.
    pub address: String,
    pub origin: Origin,
    pub canned: Option<Value<String>>,
    pub grants: Vec<Grant>,
    /// `access_control_policy { owner { id } }` when known: grants to it are the owner's own.
    pub owner_id: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Grant {
    pub grantee: Value<Grantee>,
    /// READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL.
    pub permission: Value<String>,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grantee {
    /// `http://acs.amazonaws.com/groups/global/AllUsers`: anyone on the internet.
    AllUsers,
    /// `http://acs.amazonaws.com/groups/global/AuthenticatedUsers`: any AWS account.
    AuthenticatedUsers,
    /// `http://acs.amazonaws.com/groups/s3/LogDelivery`: S3 server access log delivery.
    LogDelivery,
    OtherGroup(String),
    /// A canonical user id; the owner's own (`data.aws_canonical_user_id`) and CloudFront's log
    /// delivery user (`data.aws_cloudfront_log_delivery_canonical_user_id`) are the stand-ins
    /// `partial::OWN_CANONICAL` and `partial::CLOUDFRONT_LOGS`.
    CanonicalUser(String),
    /// A canonical user whose id is not known (why): some account, never a public group.
    UnknownCanonicalUser(String),
    Email(String),
}

impl Grantee {
    /// The grantee as the S3 console names it (the two public groups; anything else is "a grantee").
    pub fn label(&self) -> &'static str {
        match self {
            Grantee::AllUsers => "Everyone (AllUsers)",
            Grantee::AuthenticatedUsers => "Authenticated users (AuthenticatedUsers, any AWS account)",
            _ => "a grantee",
        }
    }
}

#[derive(Clone, Debug)]
pub struct PublicAccessBlock {
    pub address: String,
    pub origin: Origin,
    pub block_public_acls: Value<bool>,
    pub block_public_policy: Value<bool>,
    pub ignore_public_acls: Value<bool>,
    pub restrict_public_buckets: Value<bool>,
}

impl PublicAccessBlock {
    /// The four settings with their Terraform argument names.
    pub fn settings(&self) -> [(&'static str, &Value<bool>); 4] {
        [
            ("block_public_acls", &self.block_public_acls),
            ("block_public_policy", &self.block_public_policy),
            ("ignore_public_acls", &self.ignore_public_acls),
            ("restrict_public_buckets", &self.restrict_public_buckets),
        ]
    }
}

#[derive(Clone, Debug)]
pub struct Ownership {
    pub address: String,
    pub origin: Origin,
    /// BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter.
    pub object_ownership: Value<String>,
}

#[derive(Clone, Debug)]
pub struct Encryption {
    pub address: String,
    pub origin: Origin,
    pub rules: Vec<EncryptionRule>,
    /// Set when `dynamic` blocks over an unknown collection may add rules (or defaults) or
    /// not: the reason and where. Whether a default is declared is then not known.
    pub unknown: Option<(String, Origin)>,
}

#[derive(Clone, Debug)]
pub struct EncryptionRule {
    /// AES256, aws:kms or aws:kms:dsse.
    pub algorithm: Value<String>,
    pub kms_key: Option<Value<String>>,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct Logging {
    pub address: String,
    pub origin: Origin,
    /// The target bucket's name when known.
    pub target_bucket: Value<String>,
    /// The bucket in the scan that receives the logs, when it could be linked.
    pub target_address: Option<String>,
}

/// An `aws_lb`/`aws_alb`/`aws_elb` whose `access_logs` block names a bucket.
#[derive(Clone, Debug)]
pub struct LbLogs {
    pub address: String,
    /// The `access_logs` block.
    pub origin: Origin,
    /// `application`, `network` or `gateway` (`load_balancer_type`), or `classic` (`aws_elb`).
    pub kind: Value<String>,
    /// `enabled`: `aws_lb` defaults it to false, `aws_elb` to true.
    pub enabled: Value<bool>,
}

impl LbLogs {
    /// ALB and classic ELB access logs can only be delivered to an SSE-S3 bucket; NLB logs can
    /// go to SSE-KMS. `Ok(true)` when this load balancer delivers such logs, `Err` (the reason
    /// and where) when that is not known.
    pub fn needs_sse_s3(&self) -> Result<bool, (String, Origin)> {
        let enabled = match &self.enabled {
            Value::Set(e, _) | Value::Default(e, _) => *e,
            Value::Unknown(r, o) => {
                return Err((format!("whether {} logs is not known: {r}", self.address), *o));
            }
        };
        match &self.kind {
            _ if !enabled => Ok(false),
            Value::Set(k, _) | Value::Default(k, _) => Ok(k == "application" || k == "classic"),
            Value::Unknown(r, o) => Err((format!("the type of {} is not known: {r}", self.address), *o)),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Versioning {
    pub address: String,
    pub origin: Origin,
    /// Enabled, Suspended or Disabled.
    pub status: Value<String>,
    pub mfa_delete: Value<bool>,
}

/// A policy document read as IAM statements (shared by the policies of the same text), or why
/// it is not a valid IAM policy.
pub type Parsed = Result<Arc<super::iam::Document>, super::iam::Malformed>;

#[derive(Clone, Debug)]
pub struct BucketPolicy {
    pub address: String,
    pub origin: Origin,
    /// The policy document read as IAM statements, or why it is not a valid IAM policy. Only the
    /// statements are kept: the JSON tree would cost several times the text.
    pub document: Value<Parsed>,
    /// Length in bytes of the policy text (of the compact JSON when the front end had no text:
    /// a lower bound); `None` when the document is not known.
    pub size: Option<usize>,
    /// An upper bound of the size (`size` itself when the document is known); None when there
    /// is none (a partly known document with an unbounded hole).
    pub size_max: Option<usize>,
    /// A partly known document (`document` is then Unknown): its statements read with their
    /// holes widest and narrowest. Checks that know partial documents decide on these.
    pub partial: Option<Box<super::iam::Views>>,
}

/// A policy's statements read with their unknown parts at their widest and narrowest.
#[derive(Clone, Copy)]
pub struct Readings<'a> {
    pub widest: &'a super::iam::Document,
    /// The most access while the policy stays non-public (see `iam::Reading::public`).
    pub widest_private: &'a super::iam::Document,
    pub narrowest: &'a super::iam::Document,
    /// The least access while every hole that could make the policy public does.
    pub narrowest_public: &'a super::iam::Document,
    pub tls_could: &'a super::iam::Document,
    /// Why parts are unknown; None when the document is fully known.
    pub holes: Option<&'a str>,
}

/// Why a bucket policy's statements cannot be read.
pub enum Unreadable<'a> {
    /// The document is not known (the reason).
    Unknown(&'a str),
    /// The document is not a valid IAM policy (what is wrong).
    Malformed(&'a super::iam::Malformed),
}

impl Unreadable<'_> {
    /// Why, for the user; `policy` names the document and where it is ("the policy in ADDRESS").
    pub fn describe(&self, policy: &str) -> String {
        match self {
            Unreadable::Malformed(e) => format!("{policy} cannot be read: {e}"),
            Unreadable::Unknown(r) => format!("{policy} is not known: {r}"),
        }
    }
}

impl BucketPolicy {
    pub fn new(
        address: String,
        origin: Origin,
        document: Value<serde_json::Value>,
        size: Option<usize>,
    ) -> Self {
        let size = match &document {
            Value::Set(d, _) | Value::Default(d, _) => size.or_else(|| Some(d.to_string().len())),
            Value::Unknown(..) => None,
        };
        let document = document.map(|d| super::iam::Document::parse(&d).map(Arc::new));
        Self::from_document(address, origin, document, size)
    }

    /// A policy whose document is read already; `size` is its text's length.
    pub fn from_document(
        address: String,
        origin: Origin,
        document: Value<Parsed>,
        size: Option<usize>,
    ) -> Self {
        let size = if matches!(document, Value::Unknown(..)) {
            None
        } else {
            size
        };
        BucketPolicy {
            address,
            origin,
            document,
            size,
            size_max: size,
            partial: None,
        }
    }

    /// A policy whose JSON `text` has holes (see `model::partial`) where values are not known.
    pub fn with_holes(address: String, origin: Origin, at: Origin, text: &str, reason: String) -> Self {
        use crate::model::partial;
        // Each hole stands for at least nothing; an unknown statement may be no statement at
        // all, which also removes its quotes and separator.
        let holes = partial::holes(text).count();
        let size = partial::known_len(text).saturating_sub(16 * holes);
        let views = super::iam::Views::of_text(text, reason.clone());
        BucketPolicy {
            address,
            origin,
            document: Value::Unknown(reason, at),
            size: Some(size),
            size_max: partial::max_len(text),
            partial: views.map(Box::new),
        }
    }

    /// The statements as a check that knows partial documents reads them: `(widest, narrowest)`
    /// (the same document twice when it is fully known), with the reason of the holes.
    pub fn readings(&self) -> Result<Readings<'_>, Unreadable<'_>> {
        match (&self.partial, self.parsed()) {
            (_, Ok(d)) => Ok(Readings {
                widest: d,
                widest_private: d,
                narrowest: d,
                narrowest_public: d,
                tls_could: d,
                holes: None,
            }),
            (Some(v), Err(_)) => Ok(Readings {
                widest: &v.widest,
                widest_private: &v.widest_private,
                narrowest: &v.narrowest,
                narrowest_public: &v.narrowest_public,
                tls_could: &v.tls_could,
                holes: Some(&v.reason),
            }),
            (None, Err(e)) => Err(e),
        }
    }

    /// The document as IAM statements.
    pub fn parsed(&self) -> Result<&super::iam::Document, Unreadable<'_>> {
        match &self.document {
            Value::Set(d, _) | Value::Default(d, _) => d.as_deref().map_err(Unreadable::Malformed),
            Value::Unknown(r, _) => Err(Unreadable::Unknown(r)),
        }
    }
}

#[derive(Clone, Debug)]
pub struct S3Object {
    pub address: String,
    /// aws_s3_object, aws_s3_bucket_object or aws_s3_object_copy
    pub rtype: String,
    pub origin: Origin,
    pub key: Value<String>,
    /// The canned ACL; Default("private") when unset.
    pub acl: Value<String>,
    /// `kms_key_id` when written
    pub kms_key: Option<Value<String>>,
    /// `server_side_encryption` when written (AES256, aws:kms, aws:kms:dsse)
    pub sse: Option<Value<String>>,
}

/// Cross-region (or same-region) replication: the bucket's inline `replication_configuration`
/// or an `aws_s3_bucket_replication_configuration`.
#[derive(Clone, Debug)]
pub struct Replication {
    pub address: String,
    pub origin: Origin,
    pub rules: Vec<ReplicationRule>,
    /// As [`Encryption::unknown`]: `dynamic` blocks over an unknown collection may add rules
    /// or not (the reason and where).
    pub unknown: Option<(String, Origin)>,
}

#[derive(Clone, Debug)]
pub struct ReplicationRule {
    /// The rule block.
    pub origin: Origin,
    /// Enabled or Disabled
    pub status: Value<String>,
    /// destination bucket ARN
    pub destination: Value<String>,
}

/// Object lock: the bucket's `object_lock_enabled` (v4+) or inline `object_lock_configuration`
/// (v3), or an `aws_s3_bucket_object_lock_configuration` (which replaces them in the model).
#[derive(Clone, Debug)]
pub struct ObjectLock {
    pub address: String,
    pub origin: Origin,
    pub enabled: Value<bool>,
    /// default retention mode (GOVERNANCE/COMPLIANCE) when a default retention is written
    pub retention_mode: Option<Value<String>>,
}

/// Lifecycle rules of one resource.
#[derive(Clone, Debug)]
pub struct Lifecycle {
    pub address: String,
    /// The first inline `lifecycle_rule` block, or the separate resource's block header.
    pub origin: Origin,
    pub rules: Vec<LifecycleRule>,
    /// As [`Encryption::unknown`]: `dynamic` rules over an unknown collection.
    pub unknown: Option<(String, Origin)>,
}

#[derive(Clone, Debug)]
pub struct LifecycleRule {
    /// The rule block.
    pub origin: Origin,
    /// Enabled or Disabled (v3 `enabled` bool mapped)
    pub status: Value<String>,
    /// days after initiation, when the rule aborts incomplete multipart uploads
    pub abort_multipart_days: Option<Value<f64>>,
}

/// An `aws_s3_bucket_notification`.
#[derive(Clone, Debug)]
pub struct Notification {
    pub address: String,
    pub origin: Origin,
    /// one per `topic`/`queue`/`lambda_function` block: ("topic"|"queue"|"lambda_function", ARN),
    /// topics first, then queues, then functions (each in block order)
    pub destinations: Vec<(&'static str, Value<String>)>,
    /// `eventbridge`: Default(false, the resource) when not written.
    pub eventbridge: Value<bool>,
}

/// A CloudTrail trail and which S3 object-level data events it records.
#[derive(Clone, Debug)]
pub struct Trail {
    pub address: String,
    pub origin: Origin,
    pub s3_data_events: Vec<S3DataSelector>,
}

#[derive(Clone, Debug)]
pub enum S3DataSelector {
    /// Every bucket (`arn:aws:s3` / `arn:aws:s3:::`, or advanced selectors without an ARN filter).
    AllBuckets(Origin),
    /// ARN prefixes, `arn:aws:s3:::bucket/` or `arn:aws:s3:::bucket/prefix`.
    Prefix(Value<String>),
}

/// A resource that configures a bucket but could not be linked to any bucket in the scan.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Unlinked {
    pub address: String,
    pub resource_type: String,
    #[serde(skip)]
    pub origin: Origin,
    pub reason: String,
}

/// Everything one scan knows, across all its inputs.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub buckets: Vec<Bucket>,
    pub account_public_access_blocks: Vec<PublicAccessBlock>,
    pub trails: Vec<Trail>,
    pub unlinked: Vec<Unlinked>,
    /// `aws_s3_access_point`s linked to a bucket in the scan.
    pub access_points: Vec<AccessPoint>,
    /// Account ids whose access is not cross-account exposure (`--trusted-account`); set by the
    /// scan from its settings, not by `build`.
    pub trusted_accounts: Vec<String>,
    /// `(root, account id)`: the account a root's `data.aws_caller_identity` reads, when known (in
    /// plans). Its own access is not cross-account exposure.
    pub own_accounts: Vec<(String, String)>,
    /// IAM identity policies: `aws_iam_policy`, `aws_iam_{role,user,group}_policy` and the
    /// `inline_policy` blocks of `aws_iam_role`.
    pub iam_policies: Vec<IamPolicy>,
    /// Account-level monitoring resources: AWS Config rules, IAM Access Analyzer, Macie.
    pub monitoring: Vec<MonitoringResource>,
    /// Values and missing arguments `terraform validate` rejects: input errors of the scan.
    pub rejected: Vec<super::provider::Rejected>,
}

/// `aws_config_config_rule` (with its managed rule identifier), `aws_accessanalyzer_analyzer`,
/// `aws_macie2_account` (with its status), `aws_macie2_classification_job`.
#[derive(Clone, Debug)]
pub struct MonitoringResource {
    pub address: String,
    pub root: String,
    pub rtype: String,
    pub origin: Origin,
    /// The Config rule's `source.source_identifier`, or the Macie account's `status`.
    pub detail: Option<Value<String>>,
}

/// An IAM identity policy document and the root module of the resource that holds it.
#[derive(Clone, Debug)]
pub struct IamPolicy {
    pub root: String,
    /// `address` is the IAM resource; `origin` its block (or the `inline_policy` block).
    pub policy: BucketPolicy,
}

/// An `aws_s3_access_point`: its own public access block (every flag defaults to true) and policy.
/// A multi-region access point (`aws_s3control_multi_region_access_point`) is one entry per bucket
/// of its `region` blocks, with the policy of its `aws_s3control_multi_region_access_point_policy`.
#[derive(Clone, Debug)]
pub struct AccessPoint {
    pub address: String,
    /// An `aws_s3control_multi_region_access_point` rather than an `aws_s3_access_point`.
    pub multi_region: bool,
    pub origin: Origin,
    pub root: String,
    /// The address of the bucket it serves.
    pub bucket: String,
    /// `public_access_block_configuration`; `None` when the block is absent (all four on).
    pub public_access_block: Option<PublicAccessBlock>,
    pub policy: Option<BucketPolicy>,
}

#[cfg(test)]
mod tests {
    // One message for a policy that cannot be read, whoever names the document.
    #[test]
    fn unreadable_policies_say_why() {
        use super::Unreadable;
        assert_eq!(
            Unreadable::Malformed(&crate::model::iam::Malformed::NoStatement).describe("the policy in p"),
            "the policy in p cannot be read: the policy document has no Statement"
        );
        assert_eq!(
            Unreadable::Unknown("var.x has no value").describe("the bucket policy in p"),
            "the bucket policy in p is not known: var.x has no value"
        );
    }
}
