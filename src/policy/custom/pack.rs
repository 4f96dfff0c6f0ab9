//! The custom policies bucketguard ships, written in Rego like a user's: the opt-in
//! `resilience` group (`policies/resilience/`).

use std::path::PathBuf;

use super::load::{LoadError, load, read_dirs};
use crate::policy::Policy;

/// (path as shown, text), embedded at build time.
const RESILIENCE: &[(&str, &str)] = &[
    (
        "policies/resilience/BG701-replication-disabled.rego",
        include_str!("../../../policies/resilience/BG701-replication-disabled.rego"),
    ),
    (
        "policies/resilience/BG702-object-lock-disabled.rego",
        include_str!("../../../policies/resilience/BG702-object-lock-disabled.rego"),
    ),
    (
        "policies/resilience/BG703-lifecycle-abort-multipart-missing.rego",
        include_str!("../../../policies/resilience/BG703-lifecycle-abort-multipart-missing.rego"),
    ),
    (
        "policies/resilience/BG704-event-notifications-missing.rego",
        include_str!("../../../policies/resilience/BG704-event-notifications-missing.rego"),
    ),
    (
        "policies/resilience/BG705-object-not-kms.rego",
        include_str!("../../../policies/resilience/BG705-object-not-kms.rego"),
    ),
];

/// The shipped packs and the policies of `dirs`, loaded together (so a user's ids are checked
/// against the pack's, and a user's policy may import a pack's package).
pub fn catalog(dirs: &[PathBuf]) -> Result<Vec<&'static Policy>, LoadError> {
    load(with_pack(dirs, false)?)
}

/// The shipped packs' files, then those of `dirs` (with OPA test files when `tests`).
pub(super) fn with_pack(dirs: &[PathBuf], tests: bool) -> Result<Vec<(String, String)>, LoadError> {
    let mut files: Vec<(String, String)> = RESILIENCE
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    files.extend(read_dirs(dirs, tests)?);
    Ok(files)
}
