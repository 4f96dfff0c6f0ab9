//! S3 actions and the access they grant, by IAM access level.

/// `s3:NAME` in a reused buffer: this runs for every S3 action of every statement.
pub fn s3_action<'a>(buf: &'a mut String, name: &str) -> &'a str {
    buf.clear();
    buf.push_str("s3:");
    buf.push_str(name);
    buf
}

pub(super) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix))
    .then(|| &s[prefix.len()..])
}

/// Whether an S3 action (`s3:Name`) acts on objects rather than on the bucket: its resource type
/// in the S3 "Actions, resources, and condition keys" list is `object`.
pub fn acts_on_objects(action: &str) -> bool {
    let name = strip_prefix_ci(action, "s3:").unwrap_or(action);
    (name.contains("Object") && !name.contains("Bucket"))
        || matches!(
            name,
            "AbortMultipartUpload"
                | "BypassGovernanceRetention"
                | "ListMultipartUploadParts"
                | "ObjectOwnerOverrideToBucketOwner"
                | "ReplicateDelete"
                | "ReplicateTags"
        )
}

/// What a set of actions allows on S3, ordered by harm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    None,
    /// Only reads and lists.
    Read,
    /// Writes, deletes, ACL/policy changes (anything that is not a read or list).
    Write,
}

/// IAM access level of an S3 action (from the S3 "Actions, resources, and condition keys" list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Read,
    List,
    Write,
    Permissions,
}

impl Class {
    /// The access an action of this class grants: reads and lists read, the rest write.
    pub fn access(self) -> Access {
        match self {
            Class::Read | Class::List => Access::Read,
            Class::Write | Class::Permissions => Access::Write,
        }
    }
}

pub(super) fn classify_by_verb(name: &str) -> Access {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("get") || lower.starts_with("list") || lower.starts_with("describe") {
        Access::Read
    } else {
        Access::Write
    }
}

use Class::{List as L, Permissions as P, Read as R, Write as W};

/// The access one exact action name (no wildcard) grants on S3: its class when the list knows
/// it, else judged by its verb; nothing for another service's action.
pub(super) fn exact_access(action: &str) -> Access {
    let Some(name) = strip_prefix_ci(action, "s3:") else {
        return Access::None;
    };
    match S3_ACTIONS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        Some((_, class)) => class.access(),
        None => classify_by_verb(name),
    }
}

/// The S3 bucket and object actions a bucket policy can grant.
pub const S3_ACTIONS: &[(&str, Class)] = &[
    ("AbortMultipartUpload", W),
    ("BypassGovernanceRetention", P),
    ("CreateBucket", W),
    ("DeleteBucket", W),
    ("DeleteBucketOwnershipControls", P),
    ("DeleteBucketPolicy", P),
    ("DeleteBucketWebsite", W),
    ("DeleteObject", W),
    ("DeleteObjectTagging", W),
    ("DeleteObjectVersion", W),
    ("DeleteObjectVersionTagging", W),
    ("GetAccelerateConfiguration", R),
    ("GetAnalyticsConfiguration", R),
    ("GetBucketAcl", R),
    ("GetBucketCORS", R),
    ("GetBucketLocation", R),
    ("GetBucketLogging", R),
    ("GetBucketNotification", R),
    ("GetBucketObjectLockConfiguration", R),
    ("GetBucketOwnershipControls", R),
    ("GetBucketPolicy", R),
    ("GetBucketPolicyStatus", R),
    ("GetBucketPublicAccessBlock", R),
    ("GetBucketRequestPayment", R),
    ("GetBucketTagging", R),
    ("GetBucketVersioning", R),
    ("GetBucketWebsite", R),
    ("GetEncryptionConfiguration", R),
    ("GetIntelligentTieringConfiguration", R),
    ("GetInventoryConfiguration", R),
    ("GetLifecycleConfiguration", R),
    ("GetMetricsConfiguration", R),
    ("GetObject", R),
    ("GetObjectAcl", R),
    ("GetObjectAttributes", R),
    ("GetObjectLegalHold", R),
    ("GetObjectRetention", R),
    ("GetObjectTagging", R),
    ("GetObjectTorrent", R),
    ("GetObjectVersion", R),
    ("GetObjectVersionAcl", R),
    ("GetObjectVersionAttributes", R),
    ("GetObjectVersionForReplication", R),
    ("GetObjectVersionTagging", R),
    ("GetObjectVersionTorrent", R),
    ("GetReplicationConfiguration", R),
    ("ListBucket", L),
    ("ListBucketMultipartUploads", L),
    ("ListBucketVersions", L),
    ("ListMultipartUploadParts", L),
    ("ObjectOwnerOverrideToBucketOwner", P),
    ("PutAccelerateConfiguration", W),
    ("PutAnalyticsConfiguration", W),
    ("PutBucketAcl", P),
    ("PutBucketCORS", W),
    ("PutBucketLogging", W),
    ("PutBucketNotification", W),
    ("PutBucketObjectLockConfiguration", W),
    ("PutBucketOwnershipControls", P),
    ("PutBucketPolicy", P),
    ("PutBucketPublicAccessBlock", P),
    ("PutBucketRequestPayment", W),
    ("PutBucketTagging", W),
    ("PutBucketVersioning", W),
    ("PutBucketWebsite", W),
    ("PutEncryptionConfiguration", W),
    ("PutIntelligentTieringConfiguration", W),
    ("PutInventoryConfiguration", W),
    ("PutLifecycleConfiguration", W),
    ("PutMetricsConfiguration", W),
    ("PutObject", W),
    ("PutObjectAcl", P),
    ("PutObjectLegalHold", W),
    ("PutObjectRetention", W),
    ("PutObjectTagging", W),
    ("PutObjectVersionAcl", P),
    ("PutObjectVersionTagging", W),
    ("PutReplicationConfiguration", W),
    ("ReplicateDelete", W),
    ("ReplicateObject", W),
    ("ReplicateTags", W),
    ("RestoreObject", W),
];
