//! The custom policies bucketguard ships, written in Rego like a user's: the opt-in
//! `resilience` group (`policies/resilience/`).

use std::path::PathBuf;

use super::load::{LoadError, load, read_dirs};
use crate::policy::Policy;

/// (path as shown, text), embedded at build time.
const RESILIENCE: &[(&str, &str)] = &[];

/// The shipped packs and the policies of `dirs`, loaded together (so a user's ids are checked
/// against the pack's, and a user's policy may import a pack's package).
pub fn catalog(dirs: &[PathBuf]) -> Result<Vec<&'static Policy>, LoadError> {
    let mut files: Vec<(String, String)> = RESILIENCE
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    files.extend(read_dirs(dirs, false)?);
    load(files)
}
