//! Command-line arguments (the raw layer) and their resolution into [`Settings`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::policy::{self, Policy, Severity, custom};
use crate::settings::{Format, Settings};

#[derive(Debug, Parser)]
#[command(
    name = "bucketguard",
    version,
    about = "Scan Terraform sources and plans for S3 bucket hardening gaps"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan Terraform directories, files and plans (default: the current directory).
    Scan(ScanArgs),
    /// List the policy catalog.
    Rules(RulesArgs),
    /// Show the effective configuration (`--print`) and where each value comes from.
    Config(ConfigArgs),
    /// Show a policy's full documentation: why, how to fix, examples.
    Explain(ExplainArgs),
    /// Print the input document custom policies see for the buckets whose address matches
    /// ADDRESS (`*` matches anything), as a JSON array.
    Input(InputArgs),
    /// Print a shell completion script: `bucketguard completions bash > /etc/bash_completion.d/bucketguard`.
    Completions(CompletionsArgs),
    /// Print the man page (roff): `bucketguard man > bucketguard.1`.
    Man,
    /// Run the OPA unit tests (`test_*` rules of `*_test.rego` files) of custom policies.
    TestPolicies(TestPoliciesArgs),
}

#[derive(Debug, clap::Args)]
pub struct TestPoliciesArgs {
    /// Directories of policies and their `*_test.rego` files.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Print the effective configuration: each value with its source (default, file:line, CLI).
    #[arg(long)]
    pub print: bool,
    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A policy id (BG103) or slug (acl-public-read).
    pub policy: String,
    /// Markdown (the generated doc page) instead of plain text.
    #[arg(long)]
    pub markdown: bool,
    /// Custom policies to look the policy up in, besides the built-in ones (repeatable).
    #[arg(long = "policy-dir", value_name = "DIR")]
    pub policy_dirs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// A bucket address (`module.logs.aws_s3_bucket.this`), `*` matching anything.
    pub address: String,
    #[command(flatten)]
    pub scan: ScanArgs,
}

/// `bucketguard explain`: the rule's documentation, or a usage error.
pub fn render_explain(args: &ExplainArgs, width: usize) -> Result<String, CliError> {
    let custom = custom::catalog(&args.policy_dirs)?;
    let catalog = policy::Catalog { custom: &custom };
    let p = catalog
        .find(args.policy.trim())
        .ok_or_else(|| UsageError::UnknownPolicy(args.policy.clone()))?;
    Ok(if args.markdown {
        crate::report::docs::rule_markdown(&p.meta)
    } else {
        let m = &p.meta;
        format!(
            "{} {} ({}): {}\n\n{}\n\nDocs: {}\n",
            m.id,
            m.slug,
            m.severity.as_str(),
            m.title,
            wrap_prose(&crate::report::docs::rule_text(m), width),
            crate::report::rule_doc_url(m)
        )
    })
}

/// A rule's text with its prose paragraphs wrapped to `width`; examples and references as written.
fn wrap_prose(text: &str, width: usize) -> String {
    text.split("\n\n")
        .map(|p| {
            let verbatim = ["Bad example", "Good example", "References:"];
            if verbatim.iter().any(|v| p.starts_with(v)) {
                p.to_string()
            } else {
                crate::report::text::wrap(&p.split_whitespace().collect::<Vec<_>>().join(" "), width)
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Directories, .tf / .tf.json files, plan JSON or binary plan files.
    pub paths: Vec<PathBuf>,
    /// Output format: text, json, sarif, github (workflow annotations), markdown (a summary), junit (CI test tabs) codequality (GitLab code quality) or html (a self-contained report).
    /// Repeat for several reports of one scan, each FORMAT=FILE or to standard output (one at
    /// most): `--format text --format sarif=out.sarif`.
    #[arg(long, value_name = "FORMAT[=FILE]", value_parser = parse_format)]
    pub format: Vec<(FormatArg, Option<PathBuf>)>,
    /// Write the report to FILE instead of standard output (the `--format` without a FILE).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// SARIF `automationDetails.id`: separates analyses in code scanning (e.g. per directory).
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,
    /// Exit 1 when a finding is at or above this severity [default: high].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Run only these policies (ids or slugs, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "POLICY")]
    pub select: Vec<String>,
    /// Skip these policies (ids or slugs).
    #[arg(long, value_delimiter = ',', value_name = "POLICY")]
    pub ignore: Vec<String>,
    /// Also run opt-in policies: ids, slugs or an opt-in group (`account-monitoring`).
    #[arg(long, value_delimiter = ',', value_name = "POLICY|GROUP")]
    pub enable: Vec<String>,
    /// A variable definitions file, applied after terraform.tfvars and *.auto.tfvars.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Set a variable: NAME=VALUE.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Also report undecided policies and resources that link to no bucket.
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Text output: only input errors, warnings and the summary line (the findings are counted).
    #[arg(long, short)]
    pub quiet: bool,
    /// Colors in text output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// The Terraform configuration directory that produced the plans given, when it is not the
    /// plan's directory: plan findings then point at its `.tf` lines.
    #[arg(long, value_name = "DIR")]
    pub source: Option<PathBuf>,
    /// A policy whose answer depends on a value that cannot be resolved: `ignore` lists it as
    /// undecided (JSON, --verbose), `fail` reports it as a finding.
    #[arg(long, value_enum, default_value_t = UnknownArg::Ignore)]
    pub unknown: UnknownArg,
    /// The config file (default: .bucketguard.toml in the scan root or an ancestor).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the reported findings (after suppressions and --diff-base) in FILE, with those
    /// --baseline still holds: given both, the baseline is refreshed.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings on buckets whose configuration `git diff REF` touches.
    #[arg(long, value_name = "REF")]
    pub diff_base: Option<String>,
    /// The date suppression expiries are compared with (YYYY-MM-DD) [default: today, UTC].
    #[arg(long, value_name = "DATE", hide = true)]
    pub today: Option<String>,
    /// Text output: each bucket's exposure verdict with the chain of reasons behind it.
    #[arg(long)]
    pub explain: bool,
    /// An AWS account id (12 digits) whose access is not cross-account exposure (repeatable):
    /// the owner account and accounts you trust.
    #[arg(long = "trusted-account", value_name = "ID")]
    pub trusted_accounts: Vec<String>,
    /// A directory of custom policies in Rego (repeatable): `*.rego` files whose packages are
    /// under `bucketguard.` (see "Writing your own policy" in the README).
    #[arg(long = "policy-dir", value_name = "DIR")]
    pub policy_dirs: Vec<PathBuf>,
    /// The terraform program that reads binary plans (`terraform show -json`) [default:
    /// `terraform` on PATH, whose relative entries such as `.` are ignored].
    #[arg(long, value_name = "PATH")]
    pub terraform: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum UnknownArg {
    Ignore,
    Fail,
}

/// Where an effective setting came from: `default`, `FILE:LINE` or `CLI`.
pub type Provenance = Vec<(&'static str, Shown, String)>;

/// A configuration value as `config --print` writes it: TOML the config file accepts.
#[derive(Clone, Debug)]
pub enum Shown {
    Text(String),
    List(Vec<String>),
    /// A `[severity]` entry: policy id, severity.
    Severity(String, String),
    /// A `[[suppress]]` entry.
    Suppress {
        address: String,
        policies: Vec<String>,
        reason: String,
        expires: Option<String>,
    },
    /// Not a key of the config file (the file itself, `--baseline`, `--diff-base`): a comment.
    Note(String),
}

/// Today's date in UTC: the only place the wall clock is read.
pub fn today_utc() -> crate::suppress::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    crate::suppress::Date::from_unix_days(secs.div_euclid(86_400))
}

fn ids(ps: &[&'static Policy]) -> Vec<String> {
    ps.iter().map(|p| p.meta.id.clone()).collect()
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    /// Also list the custom policies of DIR (repeatable).
    #[arg(long = "policy-dir", value_name = "DIR")]
    pub policy_dirs: Vec<PathBuf>,
    /// Write the rule docs (one markdown page per policy and an index) into DIR instead.
    #[arg(long, value_name = "DIR")]
    pub docs: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Sarif,
    Github,
    Markdown,
    Junit,
    Codequality,
    Html,
}

fn parse_format(s: &str) -> Result<(FormatArg, Option<PathBuf>), CliError> {
    let (name, file) = match s.split_once('=') {
        Some((name, "")) => return Err(UsageError::MissingFileName(name.to_string()).into()),
        Some((name, file)) => (name, Some(PathBuf::from(file))),
        None => (s, None),
    };
    let format =
        FormatArg::from_str(name.trim(), true).map_err(|_| UsageError::UnknownFormat(name.to_string()))?;
    Ok((format, file))
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Junit => Format::Junit,
            FormatArg::Codequality => Format::Codequality,
            FormatArg::Html => Format::Html,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOn {
    Low,
    Medium,
    High,
    Critical,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Why a command cannot run, or what failed while it ran (exit status 2). Shown as `error: ...`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CliError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Usage(#[from] UsageError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Policies(#[from] custom::LoadError),
    #[error("--baseline {}: {source}", path.display())]
    ReadBaseline {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("--baseline {}: {source}", path.display())]
    ParseBaseline {
        path: PathBuf,
        #[source]
        source: crate::baseline::BaselineError,
    },
    #[error("cannot write the baseline {}: {source}", path.display())]
    WriteBaseline {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the docs to {}: {source}", dir.display())]
    WriteDocs {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A report's file (`None`: standard output) could not be written.
    #[error("cannot write the report: {}{source}", path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default())]
    WriteReport {
        path: Option<PathBuf>,
        #[source]
        source: std::io::Error,
    },
}

/// A command line that cannot be used: each message names the flag or value at fault.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum UsageError {
    #[error("unknown policy `{0}` (see `bucketguard rules`)")]
    UnknownPolicy(String),
    #[error("unknown policy or group `{0}` for --enable (see `bucketguard rules`)")]
    UnknownGroup(String),
    #[error("unknown format `{0}` (text, json, sarif, github, markdown, junit, codequality, html)")]
    UnknownFormat(String),
    #[error("`{0}=`: the file name is missing")]
    MissingFileName(String),
    #[error("--today `{0}`: expected YYYY-MM-DD")]
    Date(String),
    #[error("--var `{0}`: expected NAME=VALUE")]
    Var(String),
    #[error("--trusted-account `{0}`: expected a 12-digit AWS account id")]
    Account(String),
    #[error("--output: every --format already names its file")]
    OutputUnused,
    #[error("--output: several --format values without a file")]
    OutputAmbiguous,
    #[error("only one --format can go to standard output; give the others a file: --format sarif=FILE")]
    SeveralToStdout,
    #[error("nothing to do (use `bucketguard config --print`)")]
    NothingToDo,
    #[error("no bucket matches `{0}`")]
    NoBucket(String),
}

impl ScanArgs {
    /// Validate and resolve into settings; the error is a usage message.
    pub fn resolve(self, stdout_is_terminal: bool) -> Result<Settings, CliError> {
        self.resolve_with_provenance(stdout_is_terminal).map(|(s, _)| s)
    }

    /// Resolve, and say where each configurable value came from. CLI flags override the file.
    /// The phases run in the order `config --print` lists the values.
    pub fn resolve_with_provenance(
        self,
        stdout_is_terminal: bool,
    ) -> Result<(Settings, Provenance), CliError> {
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths.clone()
        };
        let mut settings = Settings::new(paths, std::env::current_dir().unwrap_or_default());
        settings.workspace = std::env::var_os("GITHUB_WORKSPACE").map(PathBuf::from);
        settings.env_vars = tf_var_env();
        settings.terraform = terraform_program(self.terraform.as_deref(), &settings.root);
        let tree = crate::safe_io::Tree::of_scan(
            &settings.root,
            settings
                .paths
                .iter()
                .map(PathBuf::as_path)
                .chain(self.source.as_deref()),
        );
        let found = match &self.config {
            Some(given) => Some(given.clone()),
            None => crate::config::find(&settings.first_dir())
                .map(|p| crate::config::check_found(&p, &tree).map(|()| p))
                .transpose()?,
        };
        let mut dirs = self.policy_dirs.clone();
        if let Some(p) = &found {
            dirs.extend(crate::config::policy_dirs(p, &tree));
        }
        let custom = custom::catalog(&dirs)?;
        settings.add_custom(&custom);
        let catalog = policy::Catalog { custom: &custom };
        let file = match found {
            Some(p) => Some(crate::config::load(&p, &settings.root, &tree, catalog)?),
            None => None,
        };
        self.resolve_with_config(settings, file, stdout_is_terminal)
    }

    /// [`Self::resolve_with_provenance`] from `settings` (paths, root and environment set) and
    /// a config file already read: the config fuzz target's in-memory entry point.
    pub fn resolve_with_config(
        self,
        settings: Settings,
        file: Option<crate::config::FileConfig>,
        stdout_is_terminal: bool,
    ) -> Result<(Settings, Provenance), CliError> {
        let mut r = Resolver {
            settings,
            prov: Vec::new(),
            file,
        };
        r.config_file(self.config.is_some());
        r.severity_overrides();
        r.policies(&self.select, &self.ignore, &self.enable)?;
        r.fail_on(self.fail_on);
        let stdout_text = r.outputs(&self.format, self.output.as_ref())?;
        r.settings.category = self.category;
        r.var_files(&self.var_files);
        r.policy_dirs(&self.policy_dirs);
        r.file_lists();
        r.suppressions();
        r.settings.today = Some(match &self.today {
            Some(d) => crate::suppress::Date::parse(d).ok_or_else(|| UsageError::Date(d.clone()))?,
            None => today_utc(),
        });
        r.baseline(self.baseline.as_deref())?;
        if let Some(base) = &self.diff_base {
            r.settings.diff_base = Some(base.clone());
            r.prov
                .push(("diff-base", Shown::Note(base.clone()), "CLI".into()));
        }
        let mut settings = r.settings;
        settings.vars = parse_vars(&self.vars)?;
        settings.color = match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => stdout_is_terminal && stdout_text && std::env::var_os("NO_COLOR").is_none(),
        };
        settings.verbose = self.verbose;
        settings.quiet = self.quiet;
        settings.width = text_width(stdout_is_terminal);
        settings.explain = self.explain;
        for id in &self.trusted_accounts {
            settings.trusted_accounts.push(account_id(id)?);
        }
        settings.source = self.source;
        settings.unknown_fail = matches!(self.unknown, UnknownArg::Fail);
        Ok((settings, r.prov))
    }
}

/// The terraform program as an absolute path, resolved before any directory change: `--terraform`
/// (a name without `/` is looked up on PATH), else `terraform` on PATH; absolute PATH entries
/// only, so a `terraform` committed in the repository never runs.
fn terraform_program(given: Option<&std::path::Path>, cwd: &std::path::Path) -> Option<PathBuf> {
    let path = std::env::var_os("PATH");
    match given {
        Some(p) if p.components().count() > 1 || p.is_absolute() => Some(cwd.join(p)),
        Some(name) => crate::safe_io::find_program(&name.to_string_lossy(), path.as_deref()),
        None => crate::safe_io::find_program("terraform", path.as_deref()),
    }
}

/// `--var NAME=VALUE` flags.
fn parse_vars(vars: &[String]) -> Result<Vec<(String, String)>, CliError> {
    vars.iter()
        .map(|v| {
            v.split_once('=')
                .map(|(n, val)| (n.trim().to_string(), val.to_string()))
                .ok_or_else(|| UsageError::Var(v.clone()).into())
        })
        .collect()
}

/// A `--trusted-account`: twelve digits.
fn account_id(id: &str) -> Result<String, CliError> {
    let id = id.trim();
    if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UsageError::Account(id.to_string()).into());
    }
    Ok(id.to_string())
}

/// Policies named on the command line (ids or slugs; blanks skipped).
fn lookup(catalog: policy::Catalog, keys: &[String]) -> Result<Vec<&'static Policy>, CliError> {
    keys.iter()
        .filter(|k| !k.trim().is_empty())
        .map(|k| {
            catalog
                .find(k.trim())
                .ok_or_else(|| UsageError::UnknownPolicy(k.clone()).into())
        })
        .collect()
}

/// The policies `--enable KEY` adds: an opt-in group, or one policy by id or slug.
fn enabled(catalog: policy::Catalog, key: &str) -> Result<Vec<&'static Policy>, CliError> {
    catalog
        .enabled(key)
        .ok_or_else(|| UsageError::UnknownGroup(key.to_string()).into())
}

/// Settings being resolved from the command line and the config file, with where each came from.
struct Resolver {
    settings: Settings,
    prov: Provenance,
    file: Option<crate::config::FileConfig>,
}

impl Resolver {
    /// `FILE:LINE` in the config file.
    fn at(&self, line: u32) -> String {
        format!("{}:{line}", self.file.as_ref().map_or("", |f| f.display.as_str()))
    }

    /// A value the command line gives, else the config file, else the default.
    fn layered<T>(&self, cli: Option<T>, file: Option<(T, u32)>, default: T) -> (T, String) {
        match (cli, file) {
            (Some(v), _) => (v, "CLI".to_string()),
            (None, Some((v, line))) => (v, self.at(line)),
            (None, None) => (default, "default".to_string()),
        }
    }

    fn config_file(&mut self, given: bool) {
        let shown = self.file.as_ref().map_or("(none)".into(), |f| f.display.clone());
        let how = if given { "CLI" } else { "discovered" };
        self.prov.push(("config", Shown::Note(shown), how.into()));
    }

    /// Severity overrides: the policies carry the overridden severity everywhere downstream.
    /// Leaked once per override per run, which is bounded and keeps `&'static Policy`.
    fn severity_overrides(&mut self) {
        let Some(f) = &self.file else { return };
        for (p, sev, line) in &f.severity {
            let mut meta = p.meta.clone();
            meta.severity = *sev;
            let overridden: &'static Policy = Box::leak(Box::new(Policy {
                meta,
                rego: p.rego.clone(),
                ..**p
            }));
            for slot in self
                .settings
                .policies
                .iter_mut()
                .filter(|s| s.meta.id == p.meta.id)
            {
                *slot = overridden;
            }
            let value = Shown::Severity(p.meta.id.clone(), sev.as_str().into());
            self.prov.push(("severity", value, self.at(*line)));
        }
    }

    /// `select`, `ignore` and `enable`: which policies run.
    fn policies(&mut self, select: &[String], ignore: &[String], enable: &[String]) -> Result<(), CliError> {
        let file_select = self.file.as_ref().and_then(|f| f.select.clone());
        let file_ignore = self.file.as_ref().and_then(|f| f.ignore.clone());
        let (selected, mut src) = self.layered(
            non_empty(lookup(self.settings.catalog(), select)?),
            file_select,
            Vec::new(),
        );
        if selected.is_empty() {
            src.push_str(" (empty: every policy on by default)");
        }
        self.prov.push(("select", Shown::List(ids(&selected)), src));
        let (ignored, src) = self.layered(
            non_empty(lookup(self.settings.catalog(), ignore)?),
            file_ignore,
            Vec::new(),
        );
        self.prov.push(("ignore", Shown::List(ids(&ignored)), src));
        // Opt-in policies join when enabled (by id, slug or group) or selected explicitly.
        let file_enable = self
            .file
            .as_ref()
            .and_then(|f| f.enable.clone())
            .map(|(v, _)| v)
            .unwrap_or_default();
        let mut added = Vec::new();
        for key in enable
            .iter()
            .chain(&file_enable)
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
        {
            added.extend(enabled(self.settings.catalog(), key)?);
        }
        let policies = &mut self.settings.policies;
        policies.extend(added);
        policies.extend(selected.iter().copied());
        policies.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
        policies.dedup_by(|a, b| a.meta.id == b.meta.id);
        policies.retain(|p| {
            (selected.is_empty() || selected.iter().any(|s| s.meta.id == p.meta.id))
                && !ignored.iter().any(|i| i.meta.id == p.meta.id)
        });
        Ok(())
    }

    fn fail_on(&mut self, cli: Option<FailOn>) {
        let cli = cli.map(|c| match c {
            FailOn::Low => Some(Severity::Low),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::High => Some(Severity::High),
            FailOn::Critical => Some(Severity::Critical),
            FailOn::Never => None,
        });
        let file = self.file.as_ref().and_then(|f| f.fail_on);
        let (fail_on, src) = self.layered(cli, file, Some(Severity::High));
        self.settings.fail_on = fail_on;
        let shown = fail_on.map_or("never", Severity::as_str).to_string();
        self.prov.push(("fail-on", Shown::Text(shown), src));
    }

    /// The reports and where each goes; whether text goes to standard output.
    fn outputs(
        &mut self,
        formats: &[(FormatArg, Option<PathBuf>)],
        output: Option<&PathBuf>,
    ) -> Result<bool, CliError> {
        let mut outputs: Vec<(Format, Option<PathBuf>)> = if formats.is_empty() {
            vec![(Format::Text, None)]
        } else {
            formats
                .iter()
                .map(|(f, file)| (Format::from(*f), file.clone()))
                .collect()
        };
        if let Some(file) = output {
            // `--output` names the file of the one report that has none.
            match outputs
                .iter_mut()
                .filter(|(_, f)| f.is_none())
                .collect::<Vec<_>>()[..]
            {
                [ref mut only] => only.1 = Some(file.clone()),
                [] => return Err(UsageError::OutputUnused.into()),
                _ => return Err(UsageError::OutputAmbiguous.into()),
            }
        }
        if outputs.iter().filter(|(_, f)| f.is_none()).count() > 1 {
            return Err(UsageError::SeveralToStdout.into());
        }
        let stdout_text = outputs
            .iter()
            .any(|(f, file)| *f == Format::Text && file.is_none());
        self.settings.outputs = outputs;
        Ok(stdout_text)
    }

    /// The config's var files first, so `--var-file` values win.
    fn var_files(&mut self, cli: &[PathBuf]) {
        let mut var_src = Vec::new();
        if let Some((v, line)) = self.file.as_ref().and_then(|f| f.var_files.clone()) {
            self.settings.var_files.extend(v);
            var_src.push(self.at(line));
        }
        if !cli.is_empty() {
            var_src.push("CLI".into());
        }
        self.settings.var_files.extend(cli.iter().cloned());
        let shown = self
            .settings
            .var_files
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>();
        let shown = Shown::List(shown);
        let src = if var_src.is_empty() {
            "default".into()
        } else {
            var_src.join(" + ")
        };
        self.prov.push(("var-files", shown, src));
    }

    /// Where the custom policies came from (loaded before the config file was read).
    fn policy_dirs(&mut self, cli: &[PathBuf]) {
        let mut dirs = Vec::new();
        let mut src = Vec::new();
        if let Some((v, line)) = self.file.as_ref().and_then(|f| f.policy_dirs.clone()) {
            dirs.extend(v);
            src.push(self.at(line));
        }
        if !cli.is_empty() {
            src.push("CLI".into());
        }
        dirs.extend(cli.iter().cloned());
        let shown = Shown::List(dirs.iter().map(|p| p.display().to_string()).collect());
        let src = if src.is_empty() {
            "default".into()
        } else {
            src.join(" + ")
        };
        self.prov.push(("policy-dirs", shown, src));
    }

    /// A list only the config file sets.
    fn file_list(&mut self, key: &'static str, v: Option<(Vec<String>, u32)>) -> Vec<String> {
        match v {
            Some((v, line)) => {
                self.prov.push((key, Shown::List(v.clone()), self.at(line)));
                v
            }
            None => {
                self.prov.push((key, Shown::List(Vec::new()), "default".into()));
                Vec::new()
            }
        }
    }

    fn file_lists(&mut self) {
        let f = self.file.clone().unwrap_or_default();
        self.settings.excludes = self.file_list("exclude", f.exclude);
        self.settings.exclude_base = self
            .file
            .as_ref()
            .and_then(|f| f.path.parent().map(|p| p.to_path_buf()));
        self.settings.trusted_accounts = self.file_list("trusted-accounts", f.trusted_accounts);
        self.settings.enable = self.file_list("enable", f.enable);
    }

    fn suppressions(&mut self) {
        let Some(f) = &self.file else { return };
        for s in &f.suppress {
            let value = Shown::Suppress {
                address: s.address.clone(),
                policies: ids(&s.policies),
                reason: s.reason.clone(),
                expires: s.expires.map(|d| d.to_string()),
            };
            self.prov.push(("suppress", value, self.at(s.line)));
        }
        self.settings.suppressions = f.suppress.clone();
    }

    fn baseline(&mut self, path: Option<&std::path::Path>) -> Result<(), CliError> {
        let Some(path) = path else { return Ok(()) };
        let text = std::fs::read_to_string(path).map_err(|source| CliError::ReadBaseline {
            path: path.to_path_buf(),
            source,
        })?;
        let b = crate::baseline::Baseline::parse(&text).map_err(|source| CliError::ParseBaseline {
            path: path.to_path_buf(),
            source,
        })?;
        let place = crate::baseline::Place::new(&self.settings.root, path);
        self.settings.baseline = Some((place, b));
        self.prov
            .push(("baseline", Shown::Note(path.display().to_string()), "CLI".into()));
        Ok(())
    }
}

/// `Some` for a non-empty list: policies named on the command line replace the file's.
fn non_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

/// One report, streamed through a buffer into its file or standard output.
fn write_report(
    result: &crate::ScanResult,
    settings: &Settings,
    format: Format,
    destination: Option<&std::path::Path>,
) -> Result<(), CliError> {
    let write = |out: &mut dyn std::io::Write| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        crate::report::write_as(result, settings, format, &mut out)?;
        std::io::Write::flush(&mut out)
    };
    match destination {
        // Not through a symlink the repository planted (see `safe_io::create_output`).
        Some(path) => {
            crate::safe_io::create_output(path, &settings.root).and_then(|mut file| write(&mut file))
        }
        None => write(&mut std::io::stdout().lock()),
    }
    .map_err(|source| CliError::WriteReport {
        path: destination.map(|p| p.to_path_buf()),
        source,
    })
}

/// `bucketguard rules`: the catalog as a table or JSON.
pub fn render_rules(policies: &[&'static Policy], format: RulesFormat, width: usize) -> String {
    match format {
        RulesFormat::Json => {
            let metas: Vec<_> = policies.iter().map(|p| &p.meta).collect();
            // Strings, lists, booleans and unit enums only: cannot fail.
            serde_json::to_string_pretty(&metas).expect("metadata serializes") + "\n"
        }
        RulesFormat::Text => {
            let slug = policies.iter().map(|p| p.meta.slug.len()).max().unwrap_or(4);
            let indent = 6 + 2 + 8 + 2 + slug + 2;
            let row = |id: &str, sev: &str, s: &str| format!("{id:<6}  {sev:<8}  {}  ", pad_right(s, slug));
            let mut out = row("ID", "SEVERITY", "SLUG") + "TITLE\n";
            for p in policies {
                let m = &p.meta;
                let title = match m.default_enabled {
                    true => m.title.clone(),
                    false => format!("{} (opt-in)", m.title),
                };
                // The title wraps under its column.
                let title = crate::report::text::wrap(&title, width.saturating_sub(indent).max(20));
                let title = title.replace('\n', &format!("\n{}", " ".repeat(indent)));
                out.push_str(&(row(&m.id, m.severity.as_str(), &m.slug) + &title + "\n"));
            }
            out
        }
    }
}

/// `bucketguard config --print`: the effective configuration as TOML the config file accepts,
/// each value with where it comes from (`# default`, `# FILE:LINE`, `# CLI`); values that are not
/// config keys as comments. Values come from the repository's config file: nothing unsafe to
/// print is written raw (TOML `\u` escapes, escaped comments).
pub fn render_provenance(prov: &Provenance) -> String {
    let (mut top, mut severity, mut suppress) = (Vec::new(), Vec::new(), String::new());
    for (key, shown, src) in prov {
        let src = crate::report::safe::escape_line(src).into_owned();
        match shown {
            Shown::Note(v) => top.push((format!("# {key}: {}", crate::report::safe::escape_line(v)), src)),
            Shown::Text(v) => top.push((format!("{key} = {}", toml_str(v)), src)),
            Shown::List(v) => top.push((format!("{key} = {}", toml_list(v)), src)),
            Shown::Severity(id, sev) => severity.push((format!("{id} = {}", toml_str(sev)), src)),
            Shown::Suppress {
                address,
                policies,
                reason,
                expires,
            } => {
                suppress.push_str(&format!(
                    "\n[[suppress]]  # {src}\naddress = {}\n",
                    toml_str(address)
                ));
                suppress.push_str(&format!(
                    "policies = {}\nreason = {}\n",
                    toml_list(policies),
                    toml_str(reason)
                ));
                if let Some(e) = expires {
                    suppress.push_str(&format!("expires = {}\n", toml_str(e)));
                }
            }
        }
    }
    let mut out = aligned(&top);
    if !severity.is_empty() {
        out.push_str("\n[severity]\n");
        out.push_str(&aligned(&severity));
    }
    out + &suppress
}

/// `value  # source` lines, the comments aligned.
fn aligned(lines: &[(String, String)]) -> String {
    let width = lines.iter().map(|(v, _)| v.len()).max().unwrap_or(0);
    lines
        .iter()
        .map(|(v, src)| format!("{}  # {src}\n", pad_right(v, width)))
        .collect()
}

/// `s` padded to `width` characters, as `{s:<width$}` but without the formatter's limit of
/// `u16::MAX` (past it, a panic): the repository's config values and policy slugs are as long
/// as it likes.
fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.chars().count())))
}

/// A TOML basic string; control and bidi characters as `\uXXXX` escapes.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if crate::report::safe::is_unsafe(c) || c.is_control() => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| toml_str(i)).collect();
    format!("[{}]", items.join(", "))
}

/// Run a parsed command line and return the exit status; `Err` is a message for standard error
/// (exit status 2).
pub fn run(cli: Cli) -> Result<u8, CliError> {
    use std::io::IsTerminal;
    match cli.command {
        Command::Rules(args) => {
            let custom = custom::catalog(&args.policy_dirs)?;
            let policies: Vec<_> = policy::Catalog { custom: &custom }.all().collect();
            let Some(dir) = args.docs else {
                let width = text_width(std::io::stdout().is_terminal());
                print!("{}", render_rules(&policies, args.format, width));
                return Ok(0);
            };
            let metas: Vec<_> = policies.iter().map(|p| p.meta.clone()).collect();
            let written = crate::report::docs::write(&dir, &metas)
                .map_err(|source| CliError::WriteDocs { dir, source })?;
            for path in written {
                println!("{}", path.display());
            }
            Ok(0)
        }
        Command::Config(args) => {
            if !args.print {
                return Err(UsageError::NothingToDo.into());
            }
            let (_, prov) = args.scan.resolve_with_provenance(false)?;
            print!("{}", render_provenance(&prov));
            Ok(0)
        }
        Command::Explain(args) => {
            let width = text_width(std::io::stdout().is_terminal());
            print!("{}", render_explain(&args, width)?);
            Ok(0)
        }
        Command::Input(args) => {
            let settings = args.scan.resolve(false)?;
            let (documents, errors) = crate::scan::input_documents(&settings, &args.address);
            for e in &errors {
                let at = format!("{}{}", e.path, e.line_col());
                let safe = crate::report::safe::escape_line;
                eprintln!("error: {}: {}", safe(&at), safe(&e.message));
            }
            if documents.is_empty() {
                return Err(UsageError::NoBucket(args.address.clone()).into());
            }
            let json = serde_json::to_string_pretty(&documents).unwrap_or_default();
            println!("{json}");
            Ok(0)
        }
        Command::Completions(args) => {
            let mut script = Vec::new();
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut cmd, "bucketguard", &mut script);
            print_bytes(&script)
        }
        Command::Man => {
            let mut page = Vec::new();
            let cmd = <Cli as clap::CommandFactory>::command();
            // Rendering into memory cannot fail.
            let _ = clap_mangen::Man::new(cmd).render(&mut page);
            print_bytes(&page)
        }
        Command::TestPolicies(args) => {
            let outcomes = custom::testing::run(&args.dirs)?;
            print_bytes(custom::testing::render(&outcomes).as_bytes())?;
            Ok(u8::from(outcomes.iter().any(|o| o.failure.is_some())))
        }
        Command::Scan(args) => {
            let write_baseline = args.write_baseline.clone();
            let settings = args.resolve(std::io::stdout().is_terminal())?;
            let result = crate::scan(&settings);
            if let Some(path) = write_baseline {
                // What is reported and what the given baseline still holds: with `--baseline`,
                // the baseline is refreshed (entries whose finding is gone are dropped).
                let current = result.findings.iter().chain(&result.baselined);
                let place = crate::baseline::Place::new(&settings.root, &path);
                let b = crate::baseline::Baseline::of(&result.sources, &place, current);
                crate::safe_io::create_output(&path, &settings.root)
                    .and_then(|mut f| std::io::Write::write_all(&mut f, b.to_json().as_bytes()))
                    .map_err(|source| CliError::WriteBaseline { path, source })?;
            }
            let mut timer = crate::scan::Timings::from_env();
            for (format, destination) in &settings.outputs {
                write_report(&result, &settings, *format, destination.as_deref())?;
            }
            timer.phase("render+write");
            let code = crate::exit_code(&result, &settings) as u8;
            // The process ends next: freeing the model and sources one node at a time is wasted work.
            std::mem::forget(result);
            Ok(code)
        }
    }
}

/// The text report's width: `COLUMNS`, else the terminal's, else 80 (a log, a file, a pipe).
fn text_width(stdout_is_terminal: bool) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    let terminal = stdout_is_terminal
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten();
    // Narrower than 40 columns, nothing is readable; wider than 200, lines are hard to follow.
    columns.or(terminal).unwrap_or(80).clamp(40, 200)
}

/// Standard output, made in memory first: a closed pipe is an error, not a panic.
fn print_bytes(bytes: &[u8]) -> Result<u8, CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|source| CliError::WriteReport { path: None, source })?;
    Ok(0)
}

/// The `TF_VAR_name` variables of the environment, by name (values that are not UTF-8 are left
/// out, as Terraform cannot read them either).
fn tf_var_env() -> Vec<(String, String)> {
    std::env::vars_os()
        .filter_map(|(k, v)| {
            let name = k.to_str()?.strip_prefix("TF_VAR_")?.to_string();
            Some((name, v.into_string().ok()?))
        })
        .collect()
}
