//! Findings: a policy that failed, or could not be decided, for one bucket.

use crate::model::Origin;
use crate::policy::{Policy, Related};

#[derive(Clone, Debug)]
pub struct Finding {
    pub policy: &'static Policy,
    /// Terraform address of the bucket.
    pub bucket: String,
    /// The root module (directory or plan file) the bucket belongs to.
    pub root: String,
    pub message: String,
    pub origin: Origin,
    pub related: Vec<Related>,
    /// Set when the exposure model shows the grant this finding reports does not take effect:
    /// the finding stays (a latent risk) at SARIF level `note`.
    pub neutralized_by: Option<Neutralized>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Neutralized {
    /// A public access block or ownership controls make it ineffective.
    Ineffective(String),
    /// S3 rejects it, so `terraform apply` fails.
    RejectedAtApply(String),
}

impl Neutralized {
    pub fn kind(&self) -> &'static str {
        match self {
            Neutralized::Ineffective(_) => "ineffective",
            Neutralized::RejectedAtApply(_) => "rejected-at-apply",
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            Neutralized::Ineffective(r) | Neutralized::RejectedAtApply(r) => r,
        }
    }

    /// A sentence for reports.
    pub fn describe(&self) -> String {
        match self {
            Neutralized::Ineffective(r) => format!("not in effect: {r}"),
            Neutralized::RejectedAtApply(r) => format!("terraform apply will fail: {r}"),
        }
    }
}

impl Finding {
    /// `note` when neutralized; reports otherwise use the severity's level.
    pub fn level_override(&self) -> Option<&'static str> {
        self.neutralized_by.as_ref().map(|_| "note")
    }

    /// Stable across line moves and runs: policy id + root + bucket address, never a line.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.policy.meta.id, &self.root, &self.bucket)
    }
}

/// A policy the scanner could not decide for a bucket, and why.
#[derive(Clone, Debug)]
pub struct Undecided {
    pub policy: &'static Policy,
    pub bucket: String,
    pub root: String,
    pub reason: String,
    pub origin: Origin,
}

/// FNV-1a 64, so fingerprints do not change with the Rust version (std's hasher may).
pub fn fingerprint(policy: &str, root: &str, subject: &str) -> String {
    Fingerprint::of(policy, root, subject).to_string()
}

/// A fingerprint before it is written out (16 hex digits).
pub struct Fingerprint(u64);

impl Fingerprint {
    pub fn of(policy: &str, root: &str, subject: &str) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in policy
            .bytes()
            .chain([0])
            .chain(root.bytes())
            .chain([0])
            .chain(subject.bytes())
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Fingerprint(h)
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
