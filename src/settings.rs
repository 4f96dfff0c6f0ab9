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
    /// JUnit XML (CI test tabs: GitLab, Jenkins, Azure DevOps).
    Junit,
    /// GitLab code quality (Code Climate issues).
    Codequality,
    /// A self-contained HTML report.
    Html,
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
    /// The repository checkout (the CLI passes `GITHUB_WORKSPACE`): SARIF URIs and GitHub
    /// annotations name files relative to it, as GitHub resolves them, whatever the scan root.
    pub workspace: Option<PathBuf>,
    /// `--var-file`, applied after the module's own tfvars.
    pub var_files: Vec<PathBuf>,
    /// `--var name=value`.
    pub vars: Vec<(String, String)>,
    /// `TF_VAR_name=value` from the environment, by name without the prefix: the command line
    /// reads the environment, the library does not.
    pub env_vars: Vec<(String, String)>,
    /// The policies to run, sorted by id (opt-in policies only when enabled).
    pub policies: Vec<&'static Policy>,
    /// Every custom policy loaded (the embedded packs and `--policy-dir`), selected or not:
    /// with the built-in ones, what keys may name (see [`Settings::catalog`]).
    pub custom: Vec<&'static Policy>,
    /// Exit 1 when a finding is at or above this severity; `None` never fails.
    pub fail_on: Option<Severity>,
    /// The reports of the scan: (format, file or standard output), at least one.
    pub outputs: Vec<(Format, Option<PathBuf>)>,
    /// `--category`: SARIF `automationDetails.id`, one analysis per category in code scanning.
    pub category: Option<String>,
    pub sarif_limits: SarifLimits,
    /// Also report undecided policies and resources linked to no bucket.
    pub verbose: bool,
    /// Text output: no findings or exposure table, only errors, warnings and the summary.
    pub quiet: bool,
    /// Text output: the column width it wraps to (the CLI passes the terminal's, else 80).
    pub width: usize,
    /// Text output with colors.
    pub color: bool,
    /// `--source DIR`: the configuration that produced the plans given, when it is not the
    /// plan's own directory.
    pub source: Option<PathBuf>,
    /// `--unknown fail`: a policy that cannot be decided is reported as a finding.
    pub unknown_fail: bool,
    /// The date suppression expiries are compared with; `None` never expires one. The CLI sets
    /// today's date; the library never reads the clock.
    pub today: Option<crate::suppress::Date>,
    /// `[[suppress]]` entries of the config file.
    pub suppressions: Vec<crate::suppress::ConfigSuppression>,
    /// Findings, undecided checks and errors in files matching these globs (displayed paths) are dropped.
    pub excludes: Vec<String>,
    /// Exclude globs match paths relative to this directory (the config file's), else the
    /// displayed paths.
    pub exclude_base: Option<PathBuf>,
    /// AWS account ids trusted by cross-account policies (`trusted-accounts`).
    pub trusted_accounts: Vec<String>,
    /// Opt-in policy groups (`enable`).
    pub enable: Vec<String>,
    /// `--baseline`: report only findings not in it.
    pub baseline: Option<(crate::baseline::Place, crate::baseline::Baseline)>,
    /// `--diff-base REF`: report only findings on buckets the git diff against REF touches.
    pub diff_base: Option<String>,
    /// `--explain`: text output lists each bucket's exposure verdict with its reasons.
    pub explain: bool,
    /// The terraform program that turns binary plans into JSON, as an absolute path: `--terraform`,
    /// else found on `PATH` by the command line (absolute entries only, see
    /// [`crate::safe_io::find_program`]). `None`: binary plans cannot be read.
    pub terraform: Option<PathBuf>,
    /// What evaluating one root module may build (see `eval::budget`): the defaults, or smaller
    /// ones for tests.
    pub budgets: crate::eval::budget::Budgets,
}

impl Settings {
    /// Scan `paths` with every policy and the default threshold; paths in output are shown
    /// relative to `root` (the command line passes the current directory).
    pub fn new(paths: Vec<PathBuf>, root: PathBuf) -> Self {
        Settings {
            paths,
            root,
            workspace: None,
            var_files: Vec::new(),
            vars: Vec::new(),
            env_vars: Vec::new(),
            policies: crate::policy::all()
                .iter()
                .filter(|p| p.meta.default_enabled)
                .collect(),
            custom: Vec::new(),
            fail_on: Some(Severity::High),
            outputs: vec![(Format::Text, None)],
            category: None,
            sarif_limits: SarifLimits::default(),
            verbose: false,
            quiet: false,
            width: 80,
            color: false,
            explain: false,
            source: None,
            unknown_fail: false,
            today: None,
            suppressions: Vec::new(),
            excludes: Vec::new(),
            exclude_base: None,
            trusted_accounts: Vec::new(),
            enable: Vec::new(),
            baseline: None,
            diff_base: None,
            terraform: None,
            budgets: Default::default(),
        }
    }

    /// Custom policies join the catalog; those enabled by default run.
    pub fn add_custom(&mut self, custom: &[&'static Policy]) {
        self.custom.extend_from_slice(custom);
        self.policies
            .extend(custom.iter().copied().filter(|p| p.meta.default_enabled));
        self.policies.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    }

    /// The policies this scan's keys may name.
    pub fn catalog(&self) -> crate::policy::Catalog<'_> {
        crate::policy::Catalog { custom: &self.custom }
    }

    /// The first path's directory (the path itself when a directory, `.` for a bare file
    /// name): where the config file is looked for and `git diff` runs.
    pub fn first_dir(&self) -> PathBuf {
        self.paths
            .first()
            .map(|p| {
                if p.is_dir() {
                    p.clone()
                } else {
                    p.parent().map(|d| d.to_path_buf()).unwrap_or_default()
                }
            })
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."))
    }
}
