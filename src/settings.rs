//! Resolved, validated settings. The library never sees clap: `cli` turns arguments into these.

use std::path::PathBuf;

use crate::policy::{Policy, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// Files and directories to scan.
    pub paths: Vec<PathBuf>,
    /// Paths in output are shown relative to this directory.
    pub root: PathBuf,
    /// `--var-file`, applied after the module's own tfvars.
    pub var_files: Vec<PathBuf>,
    /// `--var name=value`.
    pub vars: Vec<(String, String)>,
    /// The policies to run, sorted by id (opt-in policies only when enabled).
    pub policies: Vec<&'static Policy>,
    /// Exit 1 when a finding is at or above this severity; `None` never fails.
    pub fail_on: Option<Severity>,
    pub format: Format,
    pub output: Option<PathBuf>,
    /// Also report undecided policies and resources linked to no bucket.
    pub verbose: bool,
    /// Text output with colors.
    pub color: bool,
    /// `--explain`: text output lists each bucket's exposure verdict with its reasons.
    pub explain: bool,
    /// `--trusted-account`: account ids whose access is not cross-account exposure.
    pub trusted_accounts: Vec<String>,
}

impl Settings {
    /// Scan `paths` with every policy and the default threshold.
    pub fn new(paths: Vec<PathBuf>) -> Self {
        Settings {
            paths,
            root: std::env::current_dir().unwrap_or_default(),
            var_files: Vec::new(),
            vars: Vec::new(),
            policies: crate::policy::all()
                .iter()
                .filter(|p| p.meta.default_enabled)
                .collect(),
            fail_on: Some(Severity::High),
            format: Format::Text,
            output: None,
            verbose: false,
            color: false,
            explain: false,
            trusted_accounts: Vec::new(),
        }
    }
}
