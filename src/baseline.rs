//! Baselines: the findings accepted when a team adopts bucketguard, by fingerprint, so later
//! scans report only new ones. The fingerprint is policy + root + bucket address + a hash of the
//! finding's source text with all whitespace removed: moving code or reformatting keeps it,
//! changing the offending setting (the ACL value) does not. The root is recorded relative to the
//! baseline file's directory, so a baseline matches whatever directory the scan runs from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, fingerprint};
use crate::model::Sources;
use crate::safe_io::normalize;

pub const VERSION: u32 = 1;

/// Why a baseline file cannot be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum BaselineError {
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("baseline version {0} is not supported (expected {VERSION})")]
    Version(u32),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    /// The rest is for humans reading the file; only the fingerprint is compared.
    pub policy_id: String,
    pub root: String,
    pub bucket: String,
}

/// Where a baseline file is, as given on the command line, and the scan's root (the directory
/// finding roots are relative to).
#[derive(Clone, Debug)]
pub struct Place {
    pub file: PathBuf,
    scan_root: PathBuf,
    dir: PathBuf,
}

impl Place {
    pub fn new(scan_root: &Path, file: &Path) -> Place {
        let scan_root = normalize(scan_root);
        let dir = normalize(&scan_root.join(file).join(".."));
        Place {
            file: file.to_path_buf(),
            scan_root,
            dir,
        }
    }

    /// A finding's root (relative to the scan root) relative to the baseline's directory.
    fn root(&self, root: &str) -> String {
        if self.dir == self.scan_root {
            return root.to_string();
        }
        match pathdiff::diff_paths(normalize(&self.scan_root.join(root)), &self.dir) {
            Some(p) if p.as_os_str().is_empty() => ".".into(),
            Some(p) => p.to_string_lossy().into_owned(),
            None => root.to_string(),
        }
    }
}

/// The baseline fingerprint of a finding.
pub fn finding_fingerprint(sources: &Sources, place: &Place, f: &Finding) -> String {
    let file = sources.get(f.origin.file);
    let start = (f.origin.start as usize).min(file.text.len());
    let end = (f.origin.end as usize).clamp(start, file.text.len());
    let setting: String = file
        .text
        .get(start..end)
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let root = place.root(&f.root);
    fingerprint(&f.policy.meta.id, &root, &format!("{}\0{setting}", f.bucket))
}

impl Baseline {
    /// The baseline of `findings`, to be written at `place`.
    pub fn of<'a>(
        sources: &Sources,
        place: &Place,
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> Baseline {
        let mut findings: Vec<Entry> = findings
            .into_iter()
            .map(|f| Entry {
                fingerprint: finding_fingerprint(sources, place, f),
                policy_id: f.policy.meta.id.clone(),
                root: place.root(&f.root),
                bucket: f.bucket.to_string(),
            })
            .collect();
        findings.sort();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    pub fn to_json(&self) -> String {
        // Strings and numbers only: cannot fail.
        serde_json::to_string_pretty(self).expect("baseline serializes") + "\n"
    }

    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        let b: Baseline = serde_json::from_str(text)?;
        if b.version != VERSION {
            return Err(BaselineError::Version(b.version));
        }
        Ok(b)
    }

    /// Take out the findings the baseline, read from `place`, holds (each entry absorbs one).
    pub fn filter(&self, sources: &Sources, place: &Place, findings: &mut Vec<Finding>) -> Vec<Finding> {
        let mut budget: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &self.findings {
            *budget.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        findings
            .extract_if(.., |f| {
                let fp = finding_fingerprint(sources, place, f);
                match budget.get_mut(fp.as_str()) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        true
                    }
                    _ => false,
                }
            })
            .collect()
    }
}
