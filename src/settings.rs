//! Resolved, validated settings. The library never sees clap: `cli` turns arguments into these.

use std::path::PathBuf;

use crate::policy::{Policy, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A Markdown summary (the Actions step summary).
    Markdown,
}

/// GitHub code scanning's published limits for one SARIF run; results beyond them are dropped
/// (highest severity kept) and a notification says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SarifLimits {
    pub max_results: usize,
    /// The file size, in bytes.
    pub max_bytes: usize,
}

impl Default for SarifLimits {
    fn default() -> Self {
        // 25,000 results per run and 10 MB per (gzip-compressed) upload; we cap the
        // uncompressed size, which is stricter.
        SarifLimits {
            max_results: 25_000,
            max_bytes: 10_000_000,
        }
    }
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
    /// The policies to run, sorted by id.
    pub policies: Vec<&'static Policy>,
    /// Exit 1 when a finding is at or above this severity; `None` never fails.
    pub fail_on: Option<Severity>,
    pub format: Format,
    pub output: Option<PathBuf>,
    /// Further reports of the same scan: (format, file or standard output). When empty, the one
    /// report is `format` to `output`.
    pub outputs: Vec<(Format, Option<PathBuf>)>,
    /// `--category`: SARIF `automationDetails.id`, one analysis per category in code scanning.
    pub category: Option<String>,
    pub sarif_limits: SarifLimits,
    /// Also report undecided policies and resources linked to no bucket.
    pub verbose: bool,
    /// Text output with colors.
    pub color: bool,
}

impl Settings {
    /// Scan `paths` with every policy and the default threshold.
    pub fn new(paths: Vec<PathBuf>) -> Self {
        Settings {
            paths,
            root: std::env::current_dir().unwrap_or_default(),
            var_files: Vec::new(),
            vars: Vec::new(),
            policies: crate::policy::all().iter().collect(),
            fail_on: Some(Severity::High),
            format: Format::Text,
            output: None,
            outputs: Vec::new(),
            category: None,
            sarif_limits: SarifLimits::default(),
            verbose: false,
            color: false,
        }
    }

    /// Every report to write: `outputs`, or the single `format` → `output`.
    pub fn destinations(&self) -> Vec<(Format, Option<PathBuf>)> {
        if self.outputs.is_empty() {
            vec![(self.format, self.output.clone())]
        } else {
            self.outputs.clone()
        }
    }
}
