//! The custom policies bucketguard ships, written in Rego like a user's: the opt-in
//! `resilience` group (`policies/resilience/`).

use std::path::PathBuf;
use std::sync::OnceLock;

use super::load::{LoadError, SHIPPED, load, read_dirs};
use crate::policy::Policy;

/// (path as shown, text), embedded at build time.
const RESILIENCE: &[(&str, &str)] = &[
    (
        "bucketguard:policies/resilience/BG701-replication-disabled.rego",
        include_str!("../../../policies/resilience/BG701-replication-disabled.rego"),
    ),
    (
        "bucketguard:policies/resilience/BG702-object-lock-disabled.rego",
        include_str!("../../../policies/resilience/BG702-object-lock-disabled.rego"),
    ),
    (
        "bucketguard:policies/resilience/BG703-lifecycle-abort-multipart-missing.rego",
        include_str!("../../../policies/resilience/BG703-lifecycle-abort-multipart-missing.rego"),
    ),
    (
        "bucketguard:policies/resilience/BG704-event-notifications-missing.rego",
        include_str!("../../../policies/resilience/BG704-event-notifications-missing.rego"),
    ),
    (
        "bucketguard:policies/resilience/BG705-object-not-kms.rego",
        include_str!("../../../policies/resilience/BG705-object-not-kms.rego"),
    ),
];

/// The policies of `dirs`. They are loaded with the shipped packs (so their ids are checked
/// against the packs', and they may import a pack's package); the packs' own entries are
/// [`shipped`]'s, which `policy::Catalog` finds.
pub fn catalog(dirs: &[PathBuf]) -> Result<Vec<&'static Policy>, LoadError> {
    if dirs.is_empty() {
        return Ok(Vec::new());
    }
    let mut policies = load(with_pack(dirs, false)?)?;
    policies.retain(|p| p.rego.as_ref().is_some_and(|r| !r.file.starts_with(SHIPPED)));
    Ok(policies)
}

/// The shipped packs' files, then those of `dirs` (with OPA test files when `tests`).
pub(super) fn with_pack(dirs: &[PathBuf], tests: bool) -> Result<Vec<(String, String)>, LoadError> {
    let mut files = pack_files();
    files.extend(read_dirs(dirs, tests)?);
    Ok(files)
}

/// The shipped packs' policies, loaded once.
pub fn shipped() -> &'static [&'static Policy] {
    static SHIPPED: OnceLock<Vec<&'static Policy>> = OnceLock::new();
    // Embedded and checked by the test suite: failing here is a build defect.
    SHIPPED.get_or_init(|| load(pack_files()).unwrap_or_else(|e| panic!("invalid shipped policy: {e}")))
}

fn pack_files() -> Vec<(String, String)> {
    RESILIENCE
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}
