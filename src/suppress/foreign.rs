//! Other scanners' skip comments, honoured where the skipped check maps to a bucketguard policy,
//! so that a team moving from checkov, trivy/tfsec or KICS keeps its accepted exceptions:
//!
//! - checkov: `#checkov:skip=CKV_AWS_20:the reason` (in or above the resource block);
//! - trivy and tfsec: `#trivy:ignore:AVD-AWS-0086`, `#tfsec:ignore:aws-s3-block-public-acls`,
//!   optionally `:exp:2027-03-31`;
//! - KICS: `# kics-scan ignore-block` (every check on the block) and `# kics-scan ignore-line`
//!   (every finding on the next line).
//!
//! A skip of a check bucketguard has no counterpart for is ignored, and a migrated skip that
//! matches no finding is not reported as unused: the other scanner may still run.

use super::Date;
use crate::policy::{self, Policy};

/// The markers, as they start a comment's text.
pub const MARKERS: &[&str] = &[
    "checkov:skip=",
    "trivy:ignore:",
    "tfsec:ignore:",
    "kics-scan ignore-block",
    "kics-scan ignore-line",
];

/// Their check ids (checkov ids, trivy AVD ids and trivy/tfsec names) → bucketguard policies.
pub const MAPPING: &[(&str, &[&str])] = &[
    ("CKV_AWS_18", &["BG301"]),
    ("CKV_AWS_19", &["BG201"]),
    ("CKV_AWS_20", &["BG103", "BG104"]),
    ("CKV_AWS_21", &["BG401"]),
    ("CKV_AWS_52", &["BG402"]),
    ("CKV_AWS_53", &["BG112"]),
    ("CKV_AWS_54", &["BG112"]),
    ("CKV_AWS_55", &["BG112"]),
    ("CKV_AWS_56", &["BG112"]),
    ("CKV_AWS_57", &["BG101", "BG102"]),
    ("CKV_AWS_70", &["BG121", "BG122"]),
    ("CKV_AWS_143", &["BG702"]),
    ("CKV_AWS_144", &["BG701"]),
    ("CKV_AWS_145", &["BG202"]),
    ("CKV_AWS_186", &["BG705"]),
    ("CKV_AWS_300", &["BG703"]),
    ("CKV2_AWS_6", &["BG111"]),
    ("CKV2_AWS_62", &["BG704"]),
    ("CKV2_AWS_65", &["BG106"]),
    ("AVD-AWS-0086", &["BG112"]),
    ("AVD-AWS-0087", &["BG112"]),
    ("AVD-AWS-0088", &["BG201"]),
    ("AVD-AWS-0089", &["BG301"]),
    ("AVD-AWS-0090", &["BG401"]),
    ("AVD-AWS-0091", &["BG112"]),
    ("AVD-AWS-0092", &["BG101", "BG102", "BG103", "BG104"]),
    ("AVD-AWS-0093", &["BG112"]),
    ("AVD-AWS-0094", &["BG111"]),
    ("AVD-AWS-0132", &["BG202"]),
    ("aws-s3-block-public-acls", &["BG112"]),
    ("aws-s3-block-public-policy", &["BG112"]),
    ("aws-s3-enable-bucket-encryption", &["BG201"]),
    ("aws-s3-enable-bucket-logging", &["BG301"]),
    ("aws-s3-enable-versioning", &["BG401"]),
    ("aws-s3-ignore-public-acls", &["BG112"]),
    (
        "aws-s3-no-public-access-with-acl",
        &["BG101", "BG102", "BG103", "BG104"],
    ),
    ("aws-s3-no-public-buckets", &["BG112"]),
    ("aws-s3-specify-public-access-block", &["BG111"]),
    ("aws-s3-encryption-customer-key", &["BG202"]),
];

/// What a foreign skip comment asks for.
#[derive(Debug)]
pub enum Skip {
    /// These policies on the block (empty: every policy, KICS `ignore-block`).
    Policies {
        policies: Vec<&'static Policy>,
        reason: String,
        expires: Option<Date>,
    },
    /// Every finding located on the next code line (KICS `ignore-line`).
    NextLine { reason: String },
}

/// The bucketguard policies a foreign check id maps to (ids compared case-insensitively).
fn mapped(check: &str) -> Vec<&'static Policy> {
    MAPPING
        .iter()
        .filter(|(theirs, _)| theirs.eq_ignore_ascii_case(check))
        .flat_map(|(_, ours)| ours.iter().filter_map(|id| policy::find(id)))
        .collect()
}

/// Parse the comment text from a marker on (`marker` is one of [`MARKERS`]); `None` when the
/// skipped check has no bucketguard counterpart.
pub fn parse(marker: &str, rest: &str) -> Option<Skip> {
    let rest = rest.trim_end().trim_end_matches("*/").trim_end();
    let tool = marker.split([':', ' ']).next().unwrap_or(marker);
    match marker {
        "kics-scan ignore-block" => Some(Skip::Policies {
            policies: Vec::new(),
            reason: "kics-scan ignore-block (migrated from KICS)".into(),
            expires: None,
        }),
        "kics-scan ignore-line" => Some(Skip::NextLine {
            reason: "kics-scan ignore-line (migrated from KICS)".into(),
        }),
        "checkov:skip=" => {
            // `CKV_AWS_20:reason`, or `CKV_AWS_20` alone.
            let (check, reason) = rest.split_once(':').unwrap_or((rest, ""));
            let check = check.trim();
            let policies = mapped(check);
            let reason = match reason.trim() {
                "" => format!("checkov:skip={check} (migrated from checkov)"),
                r => r.to_string(),
            };
            (!policies.is_empty()).then_some(Skip::Policies {
                policies,
                reason,
                expires: None,
            })
        }
        _ => {
            // `ID` or `ID:exp:YYYY-MM-DD`, up to the first blank.
            let word = rest.split_whitespace().next().unwrap_or("");
            let (check, exp) = match word.split_once(":exp:") {
                Some((c, e)) => (c, Date::parse(e)),
                None => (word, None),
            };
            let policies = mapped(check);
            (!policies.is_empty()).then(|| Skip::Policies {
                policies,
                reason: format!("{tool}:ignore:{check} (migrated from {tool})"),
                expires: exp,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: Option<Skip>) -> Vec<String> {
        match s {
            Some(Skip::Policies { policies, .. }) => policies.iter().map(|p| p.meta.id.clone()).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_mapping_names_real_policies() {
        for (theirs, ours) in MAPPING {
            for id in *ours {
                assert!(policy::find(id).is_some(), "{theirs} → {id}");
            }
        }
    }

    #[test]
    fn checkov_trivy_tfsec_and_kics() {
        let s = parse("checkov:skip=", "CKV_AWS_20:public dataset, SEC-7");
        assert!(matches!(&s, Some(Skip::Policies { reason, .. }) if reason == "public dataset, SEC-7"));
        assert_eq!(ids(s), ["BG103", "BG104"]);
        assert_eq!(ids(parse("checkov:skip=", "ckv_aws_21")), ["BG401"]);
        // checkov's resilience checks map to the opt-in Rego pack; a check without a
        // counterpart here is not a suppression.
        assert_eq!(
            ids(parse("checkov:skip=", "CKV_AWS_144:replication not needed")),
            ["BG701"]
        );
        assert_eq!(ids(parse("checkov:skip=", "CKV2_AWS_62")), ["BG704"]);
        assert!(parse("checkov:skip=", "CKV_AWS_999:no counterpart").is_none());
        let t = parse("trivy:ignore:", "AVD-AWS-0086:exp:2027-03-31 */");
        assert!(matches!(&t, Some(Skip::Policies { expires: Some(d), .. }) if d.to_string() == "2027-03-31"));
        assert_eq!(ids(t), ["BG112"]);
        assert_eq!(ids(parse("tfsec:ignore:", "aws-s3-enable-versioning")), ["BG401"]);
        assert!(parse("tfsec:ignore:", "aws-ec2-no-public-ip").is_none());
        assert_eq!(ids(parse("kics-scan ignore-block", "")), Vec::<String>::new());
        assert!(matches!(
            parse("kics-scan ignore-line", ""),
            Some(Skip::NextLine { .. })
        ));
    }
}
