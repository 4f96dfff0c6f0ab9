//! One module per policy, named by its slug (`BG103 acl-public-read` → `acl_public_read.rs`);
//! BG601–BG604 share `account_monitoring.rs`.
//! Shared helpers for the checks live here.

mod access_logging_disabled;
mod access_point_public_access_block;
mod account_monitoring;
mod acl_authenticated_read;
mod acl_authenticated_write;
mod acl_cross_account;
mod acl_public_read;
mod acl_public_write;
mod acls_enabled;
mod cloudtrail_data_events_missing;
mod encryption_not_declared;
mod encryption_not_kms;
mod iam_s3_all_buckets;
mod mfa_delete_disabled;
mod mfa_delete_policy;
mod object_acl_public;
mod policy_cross_account;
mod policy_public_read;
mod policy_public_write;
mod policy_too_large;
mod public_access_block_incomplete;
mod public_access_block_missing;
#[cfg(test)]
pub(crate) mod test_support;
mod tls_not_enforced;
mod versioning_disabled;

use super::scope::{Needs, OnDirectory, Scope};
use super::{CheckFn, Failure, Related, ScanCheckFn, Verdict};
use crate::model::{Bucket, BucketPolicy, Grantee, Model, Origin, Unreadable, Value};

/// What a rule runs: per bucket, or once per scan for policies whose subject is not a bucket.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    Bucket(CheckFn),
    Scan(ScanCheckFn),
}

/// One policy's code: its id (the key of `policies/ID-SLUG.toml`), its check, whether a public
/// access block can neutralize what it finds (the ACL and policy grants the exposure model shows
/// do not take effect), and what it does on buckets seen in part (`scope`).
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub id: &'static str,
    pub check: Check,
    pub neutralizable: bool,
    pub scope: Scope,
}

const fn bucket(id: &'static str, check: CheckFn, neutralizable: bool) -> Rule {
    Rule {
        id,
        check: Check::Bucket(check),
        neutralizable,
        scope: Scope::EVERY_BUCKET,
    }
}

const fn scan(id: &'static str, check: ScanCheckFn) -> Rule {
    Rule {
        check: Check::Scan(check),
        ..bucket(id, super::pass, false)
    }
}

impl Rule {
    /// The check fails when `setting` is absent; `configured` tells whether the scan sets it.
    const fn needs(mut self, setting: &'static str, configured: fn(&Model, &Bucket) -> bool) -> Rule {
        self.scope.needs = Some(Needs { setting, configured });
        self
    }

    const fn on_directory(mut self, on_directory: OnDirectory) -> Rule {
        self.scope.on_directory = on_directory;
        self
    }
}

/// Every rule, sorted by id: exactly the ids of `policies/*.toml` (checked when the crate builds).
pub const RULES: &[Rule] = &[
    bucket("BG101", acl_public_write::check, true),
    bucket("BG102", acl_authenticated_write::check, true),
    bucket("BG103", acl_public_read::check, true),
    bucket("BG104", acl_authenticated_read::check, true),
    bucket("BG105", object_acl_public::check, true),
    bucket("BG106", acls_enabled::check, false).needs("ownership controls", |_, b| b.ownership.is_some()),
    bucket("BG107", acl_cross_account::check, false),
    bucket("BG111", public_access_block_missing::check, false).needs("public access block", |m, b| {
        b.public_access_block.is_some() || !m.account_public_access_blocks.is_empty()
    }),
    bucket("BG112", public_access_block_incomplete::check, false),
    bucket("BG113", access_point_public_access_block::check, false),
    bucket("BG121", policy_public_write::check, true),
    bucket("BG122", policy_public_read::check, true),
    bucket("BG123", policy_too_large::check, false),
    bucket("BG124", policy_cross_account::check, false),
    bucket("BG201", encryption_not_declared::check, false)
        .needs("default encryption", |_, b| b.encryption.is_some()),
    bucket("BG202", encryption_not_kms::check, false),
    bucket("BG203", tls_not_enforced::check, false)
        .needs("bucket policy", HAS_POLICY)
        .on_directory(OnDirectory::ReadsPolicy),
    bucket("BG301", access_logging_disabled::check, false)
        .needs("access logging", |_, b| {
            b.logging.is_some() || !b.receives_logs_from.is_empty()
        })
        .on_directory(OnDirectory::NotApplicable),
    // AWS::S3::Object data events: directory buckets log AWS::S3Express::Object events.
    bucket("BG302", cloudtrail_data_events_missing::check, false).on_directory(OnDirectory::NotApplicable),
    bucket("BG401", versioning_disabled::check, false)
        .needs("versioning", |_, b| b.versioning.is_some())
        .on_directory(OnDirectory::NotApplicable),
    bucket("BG402", mfa_delete_disabled::check, false).on_directory(OnDirectory::NotApplicable),
    bucket("BG403", mfa_delete_policy::check, false)
        .needs("bucket policy", HAS_POLICY)
        .on_directory(OnDirectory::NotApplicable),
    scan("BG501", iam_s3_all_buckets::check),
    scan("BG601", account_monitoring::config_rules),
    scan("BG602", account_monitoring::access_analyzer),
    scan("BG603", account_monitoring::macie),
    scan("BG604", account_monitoring::trail_all_buckets),
];

const HAS_POLICY: fn(&Model, &Bucket) -> bool = |_, b| !b.policies.is_empty();

// A policy in `policies/` without a rule here, or a rule without a policy, fails the build.
const _: () = assert!(
    same_ids(RULES, super::meta::POLICY_IDS),
    "policy::rules::RULES must list exactly the ids of policies/*.toml, sorted"
);

/// Whether `rules` has exactly the ids `ids`, in order (a `const fn`: compared at compile time).
const fn same_ids(rules: &[Rule], ids: &[&str]) -> bool {
    if rules.len() != ids.len() {
        return false;
    }
    let mut i = 0;
    while i < rules.len() {
        let (a, b) = (rules[i].id.as_bytes(), ids[i].as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut k = 0;
        while k < a.len() {
            if a[k] != b[k] {
                return false;
            }
            k += 1;
        }
        i += 1;
    }
    true
}

/// Collects what a check found across several sources: a Fail wins over an Undecided (a proven
/// problem does not depend on the unknown part), and the first Undecided is kept as the reason.
#[derive(Default)]
pub(crate) struct Outcome {
    failure: Option<Failure>,
    undecided: Option<(String, Origin)>,
    /// The failure's location and related locations: a bucket with 200,000 policies must not
    /// search them for each new one.
    at: rustc_hash::FxHashSet<Origin>,
}

impl Outcome {
    /// Record a failure; later ones at other locations become related locations of the first.
    pub fn fail(&mut self, message: String, origin: Origin, related: Vec<Related>) {
        match &mut self.failure {
            None => {
                self.at.insert(origin);
                self.at.extend(related.iter().map(|r| r.origin));
                self.failure = Some(Failure {
                    message,
                    origin,
                    related,
                })
            }
            // One location is enough: an inline grant of several permissions shares one block.
            Some(_) if self.at.contains(&origin) => {}
            Some(f) => {
                self.at.insert(origin);
                f.related.push(Related { origin, message })
            }
        }
    }

    pub fn undecided(&mut self, reason: impl Into<String>, origin: Origin) {
        if self.undecided.is_none() {
            self.undecided = Some((reason.into(), origin));
        }
    }

    pub fn verdict(self) -> Verdict {
        match (self.failure, self.undecided) {
            (Some(f), _) => Verdict::Fail(f),
            (None, Some((reason, origin))) => Verdict::Undecided { reason, origin },
            (None, None) => Verdict::Pass,
        }
    }
}

/// A related location pointing at the bucket, when the finding is on another resource.
pub(crate) fn bucket_related(bucket: &Bucket, resource_address: &str) -> Vec<Related> {
    // A bucket outside the scan has no block of its own to point at.
    if resource_address == bucket.address || bucket.external {
        Vec::new()
    } else {
        vec![Related {
            origin: bucket.origin,
            message: format!("the bucket {}", bucket.address),
        }]
    }
}

/// Why a policy's statements cannot be read, for the user.
pub(crate) fn unreadable(p: &BucketPolicy, e: Unreadable) -> String {
    e.describe(&format!("the bucket policy in {}", p.address))
}

/// Why a partly known policy leaves a check undecided (`why`: the reason of its holes).
pub(crate) fn partly_known(p: &BucketPolicy, why: &str) -> String {
    format!(
        "the bucket policy in {} has parts that are not known: {why}",
        p.address
    )
}

/// Shared by the four bucket-ACL policies: canned ACLs in `canned`, or grants to `group` with
/// one of `permissions`. `risk` finishes the sentence "... lets/gives ...".
pub(crate) fn acl_check(
    bucket: &Bucket,
    canned: &[&str],
    group: Grantee,
    permissions: &[&str],
    risk: &str,
) -> Verdict {
    let mut out = Outcome::default();
    for acl in &bucket.acls {
        let related = bucket_related(bucket, &acl.address);
        match &acl.canned {
            Some(Value::Unknown(r, o)) => {
                out.undecided(format!("the ACL of {} is not known: {r}", acl.address), *o)
            }
            Some(Value::Set(c, o) | Value::Default(c, o)) if canned.contains(&c.as_str()) => out.fail(
                format!(
                    "{}: ACL `{c}` {risk}; set the ACL to `private` (in {}) and grant access with a bucket \
                     policy to specific principals",
                    bucket.address, acl.address
                ),
                *o,
                related.clone(),
            ),
            _ => {}
        }
        for grant in &acl.grants {
            let grantee = match &grant.grantee {
                Value::Unknown(r, o) => {
                    out.undecided(format!("a grantee in {} is not known: {r}", acl.address), *o);
                    continue;
                }
                Value::Set(g, _) | Value::Default(g, _) => g,
            };
            if *grantee != group {
                continue;
            }
            match &grant.permission {
                Value::Unknown(r, o) => out.undecided(
                    format!("a grant permission in {} is not known: {r}", acl.address),
                    *o,
                ),
                Value::Set(p, _) | Value::Default(p, _) if permissions.contains(&p.as_str()) => out.fail(
                    format!(
                        "{}: grant of {p} to {} {risk}; remove this grant from {}",
                        bucket.address,
                        grantee.label(),
                        acl.address
                    ),
                    grant.origin,
                    related.clone(),
                ),
                _ => {}
            }
        }
    }
    out.verdict()
}

/// Shared by BG121/BG122: Allow statements to anyone (`"*"`, `{"AWS":"*"}`, or a NotPrincipal)
/// whose actions grant exactly `level` of access, with no condition that makes them non-public.
/// A partly known statement fails when it does so read at its narrowest, and is undecided when
/// only its widest reading does.
/// Explicit Deny statements are not subtracted (a partial Deny rarely cancels a public Allow).
pub(crate) fn public_policy_check(
    bucket: &Bucket,
    level: crate::model::iam::Access,
    what: &str,
    fix: &str,
) -> Verdict {
    let mut out = Outcome::default();
    for policy in &bucket.policies {
        let origin = policy.document.origin();
        let readings = match policy.readings() {
            Ok(r) => r,
            Err(e) => {
                out.undecided(unreadable(policy, e), origin);
                continue;
            }
        };
        // A partly known statement fails when its narrowest reading does; it is undecided when
        // only its widest reading could.
        let statements = readings
            .narrowest
            .statements
            .iter()
            .zip(&readings.widest.statements);
        for (i, (st, wide)) in statements.enumerate() {
            let (narrow_access, wide_access) = (
                st.is_public_allow().then(|| st.access()),
                wide.is_public_allow().then(|| wide.access()),
            );
            if narrow_access != Some(level) || wide_access != Some(level) {
                if let (Some(why), Some(w)) = (readings.holes, wide_access)
                    && w >= level
                    && narrow_access.is_none_or(|n| n <= level)
                {
                    out.undecided(partly_known(policy, why), origin);
                }
                continue;
            }
            let label = st.label(i);
            let actions = st.action.as_ref().map(|a| a.join(", ")).unwrap_or_else(|| {
                format!(
                    "everything but {}",
                    st.not_action.clone().unwrap_or_default().join(", ")
                )
            });
            let principal = if st.not_principal.is_some() {
                "NotPrincipal (everyone else)"
            } else {
                "Principal \"*\""
            };
            let mut related = bucket_related(bucket, &policy.address);
            if policy.origin != origin {
                related.push(Related {
                    origin: policy.origin,
                    message: format!("the policy resource {}", policy.address),
                });
            }
            out.fail(
                format!(
                    "{}: bucket policy {label} in {} allows {actions} to anyone ({principal}) with no condition that \
                     limits it to fixed accounts, VPCs or networks, so {what}; {fix}",
                    bucket.address, policy.address
                ),
                origin,
                related,
            );
        }
    }
    out.verdict()
}

#[cfg(test)]
mod outcome_tests {
    use super::*;
    use crate::policy::rules::test_support::o;

    #[test]
    fn fail_wins_and_related_locations_are_unique() {
        let mut out = Outcome::default();
        out.undecided("unknown", o(1));
        out.fail("first".into(), o(2), Vec::new());
        out.fail("same place".into(), o(2), Vec::new());
        out.fail("elsewhere".into(), o(3), Vec::new());
        out.fail("elsewhere again".into(), o(3), Vec::new());
        let Verdict::Fail(f) = out.verdict() else {
            panic!("expected Fail")
        };
        assert_eq!(f.message, "first");
        assert_eq!(f.related.iter().map(|r| r.origin).collect::<Vec<_>>(), [o(3)]);
    }
}

#[cfg(test)]
mod rule_table_tests {
    use super::*;

    // The build-time comparison: a missing, extra, misspelt or misordered id is a mismatch.
    #[test]
    fn same_ids_needs_every_id_in_order() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        assert!(same_ids(RULES, &ids));
        assert!(same_ids(RULES, crate::policy::meta::POLICY_IDS));
        assert!(!same_ids(RULES, &ids[1..]));
        assert!(!same_ids(&RULES[1..], &ids));
        let mut swapped = ids.clone();
        swapped.swap(0, 1);
        assert!(!same_ids(RULES, &swapped));
        let mut misspelt = ids.clone();
        misspelt[3] = "BG10";
        assert!(!same_ids(RULES, &misspelt));
    }

    // Only grants the exposure model can show do not take effect (public ACL grants, public
    // policy statements) may be marked neutralized by a public access block.
    #[test]
    fn neutralizable_rules_are_the_public_acl_and_policy_grants() {
        let ids: Vec<&str> = RULES.iter().filter(|r| r.neutralizable).map(|r| r.id).collect();
        assert_eq!(
            ids,
            ["BG101", "BG102", "BG103", "BG104", "BG105", "BG121", "BG122"]
        );
        assert!(
            crate::policy::all()
                .iter()
                .all(|p| p.neutralizable == ids.contains(&p.meta.id.as_str()))
        );
    }
}

#[cfg(test)]
mod catalog_tests {
    use crate::policy::meta::{ExampleKind, FINDING_MARKER, load_all};
    use crate::policy::{Severity, all};

    /// The fixed catalog: ids, slugs and severities never change.
    const CATALOG: &[(&str, &str, Severity)] = &[
        ("BG101", "acl-public-write", Severity::Critical),
        ("BG102", "acl-authenticated-write", Severity::Critical),
        ("BG103", "acl-public-read", Severity::High),
        ("BG104", "acl-authenticated-read", Severity::High),
        ("BG105", "object-acl-public", Severity::High),
        ("BG106", "acls-enabled", Severity::Low),
        ("BG107", "acl-cross-account", Severity::Medium),
        ("BG111", "public-access-block-missing", Severity::High),
        ("BG112", "public-access-block-incomplete", Severity::High),
        ("BG113", "access-point-public-access-block", Severity::High),
        ("BG121", "policy-public-write", Severity::Critical),
        ("BG122", "policy-public-read", Severity::High),
        ("BG123", "policy-too-large", Severity::High),
        ("BG124", "policy-cross-account", Severity::Medium),
        ("BG201", "encryption-not-declared", Severity::Low),
        ("BG202", "encryption-not-kms", Severity::Low),
        ("BG203", "tls-not-enforced", Severity::Medium),
        ("BG301", "access-logging-disabled", Severity::Medium),
        ("BG302", "cloudtrail-data-events-missing", Severity::Low),
        ("BG401", "versioning-disabled", Severity::Medium),
        ("BG402", "mfa-delete-disabled", Severity::Low),
        ("BG403", "mfa-delete-policy", Severity::Low),
        ("BG501", "iam-s3-all-buckets", Severity::High),
        ("BG601", "config-public-bucket-rules", Severity::Medium),
        ("BG602", "access-analyzer-missing", Severity::Medium),
        ("BG603", "macie-disabled", Severity::Low),
        ("BG604", "trail-all-buckets-data-events", Severity::Low),
    ];

    #[test]
    fn every_policy_has_metadata_and_a_check() {
        let metas = load_all().unwrap();
        let got: Vec<_> = metas
            .iter()
            .map(|m| (m.id.as_str(), m.slug.as_str(), m.severity))
            .collect();
        assert_eq!(got, CATALOG);
        assert_eq!(all().len(), CATALOG.len());
    }

    #[test]
    fn metadata_is_complete() {
        for m in load_all().unwrap() {
            assert!(
                ["restrict-access", "monitor", "encrypt", "data-protection"].contains(&m.group.as_str()),
                "{}",
                m.id
            );
            assert!(
                !m.rationale.trim().is_empty() && !m.remediation.trim().is_empty(),
                "{}",
                m.id
            );
            assert!(!m.references.is_empty(), "{}", m.id);
            assert!(
                m.references.iter().all(|r| r.url.starts_with("https://")),
                "{}",
                m.id
            );
            assert!(
                m.summary.trim_end().ends_with('.'),
                "{} summary is one sentence",
                m.id
            );
            for kind in [ExampleKind::Bad, ExampleKind::Good] {
                assert!(
                    m.examples.iter().any(|e| e.kind == kind),
                    "{} lacks a {kind:?} example",
                    m.id
                );
            }
            for e in &m.examples {
                let marks = e
                    .code
                    .lines()
                    .filter(|l| l.trim_end().ends_with(FINDING_MARKER))
                    .count();
                match e.kind {
                    ExampleKind::Bad => assert_eq!(marks, 1, "{} {:?}: one marked line", m.id, e.name),
                    ExampleKind::Good => assert_eq!(marks, 0, "{} {:?}: no marked line", m.id, e.name),
                }
                assert!(
                    !e.code.contains("variable \""),
                    "{} {:?}: no variables",
                    m.id,
                    e.name
                );
            }
        }
    }
}
