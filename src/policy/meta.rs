//! Policy metadata, read from `policies/*.toml` (embedded at build time, as JSON). It is the
//! single source for `bucketguard rules`, SARIF rule help and the docs.

use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/policy_files.rs"));

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// GitHub code scanning's `security-severity` score for this level.
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Low => "2.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyMeta {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub severity: Severity,
    /// restrict-access, monitor, encrypt or data-protection.
    pub group: String,
    /// One sentence: what the policy finds.
    pub summary: String,
    pub rationale: String,
    pub remediation: String,
    pub references: Vec<Reference>,
    pub compliance: Compliance,
    #[serde(default)]
    pub tags: Vec<String>,
    pub examples: Vec<Example>,
    /// Opt-in policies (false) run only when selected or enabled (`--enable ID|SLUG|GROUP`).
    #[serde(default = "enabled_by_default")]
    pub default_enabled: bool,
    /// The opt-in group `--enable` turns on as a whole (`account-monitoring`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_in_group: Option<String>,
    /// Where its documentation is, for a user's custom policy; None: the generated rule page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_url: Option<String>,
}

fn enabled_by_default() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    /// AWS Foundational Security Best Practices controls, `S3.2`.
    #[serde(default)]
    pub fsbp: Vec<String>,
    /// CIS AWS Foundations Benchmark v3.0.0 recommendations, `2.1.4` (numbering differs between versions).
    #[serde(default)]
    pub cis: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleKind {
    Good,
    Bad,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleStyle {
    /// Provider v3 arguments inside `aws_s3_bucket`.
    Inline,
    /// Provider v4+ `aws_s3_bucket_*` resources.
    Separate,
}

/// A Terraform snippet. In bad examples, the line the finding must point at ends with the
/// comment `# <- finding`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub name: String,
    pub kind: ExampleKind,
    pub style: ExampleStyle,
    pub code: String,
}

pub const FINDING_MARKER: &str = "# <- finding";

/// Parse every embedded policy file, sorted by id.
pub fn load_all() -> Result<Vec<PolicyMeta>, String> {
    let mut metas = POLICY_FILES
        .iter()
        .map(|(name, text)| {
            let meta: PolicyMeta = serde_json::from_str(text).map_err(|e| format!("policies/{name}: {e}"))?;
            let expected = format!("{}-{}.toml", meta.id, meta.slug);
            if *name != expected {
                return Err(format!("policies/{name}: file must be named {expected}"));
            }
            Ok(meta)
        })
        .collect::<Result<Vec<_>, _>>()?;
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(metas)
}
