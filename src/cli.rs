//! Command-line arguments (the raw layer) and their resolution into [`Settings`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::policy::{self, Policy, Severity};
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
}

/// `bucketguard explain`: the rule's documentation, or a usage error.
pub fn render_explain(args: &ExplainArgs) -> Result<String, CliError> {
    let p = policy::find(args.policy.trim()).ok_or_else(|| {
        usage(format!(
            "unknown policy `{}` (see `bucketguard rules`)",
            args.policy
        ))
    })?;
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
            crate::report::docs::rule_text(m),
            crate::report::rule_doc_url(&m.id, &m.slug)
        )
    })
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Directories, .tf / .tf.json files, plan JSON or binary plan files.
    pub paths: Vec<PathBuf>,
    /// Output format: text, json, sarif, github (workflow annotations) or markdown (a summary).
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
    #[arg(long, short)]
    pub verbose: bool,
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
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum UnknownArg {
    Ignore,
    Fail,
}

/// Where an effective setting came from: `default`, `FILE:LINE` or `CLI`.
pub type Provenance = Vec<(&'static str, String, String)>;

/// Today's date in UTC: the only place the wall clock is read.
pub fn today_utc() -> crate::suppress::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    crate::suppress::Date::from_unix_days(secs.div_euclid(86_400))
}

fn ids(ps: &[&'static Policy]) -> String {
    ps.iter()
        .map(|p| p.meta.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
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
}

fn parse_format(s: &str) -> Result<(FormatArg, Option<PathBuf>), CliError> {
    let (name, file) = match s.split_once('=') {
        Some((name, "")) => return Err(usage(format!("`{name}=`: the file name is missing"))),
        Some((name, file)) => (name, Some(PathBuf::from(file))),
        None => (s, None),
    };
    let format = FormatArg::from_str(name.trim(), true).map_err(|_| {
        usage(format!(
            "unknown format `{name}` (text, json, sarif, github, markdown)"
        ))
    })?;
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
    /// A value given on the command line that cannot be used; the message names the flag.
    #[error("{0}")]
    Usage(String),
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

fn usage(message: impl Into<String>) -> CliError {
    CliError::Usage(message.into())
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
        settings.env_vars = tf_var_env();
        let file = match self
            .config
            .clone()
            .or_else(|| crate::config::find(&settings.first_dir()))
        {
            Some(p) => Some(crate::config::load(&p, &settings.root)?),
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
        r.file_lists();
        r.suppressions();
        r.settings.today = Some(match &self.today {
            Some(d) => crate::suppress::Date::parse(d)
                .ok_or_else(|| usage(format!("--today `{d}`: expected YYYY-MM-DD")))?,
            None => today_utc(),
        });
        r.baseline(self.baseline.as_deref())?;
        if let Some(base) = &self.diff_base {
            r.settings.diff_base = Some(base.clone());
            r.prov.push(("diff-base", base.clone(), "CLI".into()));
        }
        let mut settings = r.settings;
        settings.vars = parse_vars(&self.vars)?;
        settings.color = match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => stdout_is_terminal && stdout_text && std::env::var_os("NO_COLOR").is_none(),
        };
        settings.verbose = self.verbose;
        settings.explain = self.explain;
        for id in &self.trusted_accounts {
            settings.trusted_accounts.push(account_id(id)?);
        }
        settings.source = self.source;
        settings.unknown_fail = matches!(self.unknown, UnknownArg::Fail);
        Ok((settings, r.prov))
    }
}

/// `--var NAME=VALUE` flags.
fn parse_vars(vars: &[String]) -> Result<Vec<(String, String)>, CliError> {
    vars.iter()
        .map(|v| {
            v.split_once('=')
                .map(|(n, val)| (n.trim().to_string(), val.to_string()))
                .ok_or_else(|| usage(format!("--var `{v}`: expected NAME=VALUE")))
        })
        .collect()
}

/// A `--trusted-account`: twelve digits.
fn account_id(id: &str) -> Result<String, CliError> {
    let id = id.trim();
    if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(usage(format!(
            "--trusted-account `{id}`: expected a 12-digit AWS account id"
        )));
    }
    Ok(id.to_string())
}

/// Policies named on the command line (ids or slugs; blanks skipped).
fn lookup(keys: &[String]) -> Result<Vec<&'static Policy>, CliError> {
    keys.iter()
        .filter(|k| !k.trim().is_empty())
        .map(|k| {
            policy::find(k.trim())
                .ok_or_else(|| usage(format!("unknown policy `{k}` (see `bucketguard rules`)")))
        })
        .collect()
}

/// The policies `--enable KEY` adds: an opt-in group, or one policy by id or slug.
fn enabled(key: &str) -> Result<Vec<&'static Policy>, CliError> {
    let group: Vec<&'static Policy> = policy::all()
        .iter()
        .filter(|p| {
            p.meta
                .opt_in_group
                .as_deref()
                .is_some_and(|g| g.eq_ignore_ascii_case(key))
        })
        .collect();
    if !group.is_empty() {
        return Ok(group);
    }
    let p = policy::find(key).ok_or_else(|| {
        usage(format!(
            "unknown policy or group `{key}` for --enable (see `bucketguard rules`)"
        ))
    })?;
    Ok(vec![p])
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
        self.prov.push(("config", shown, how.into()));
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
                check: p.check,
                scan_check: p.scan_check,
                neutralizable: p.neutralizable,
            }));
            for slot in self
                .settings
                .policies
                .iter_mut()
                .filter(|s| s.meta.id == p.meta.id)
            {
                *slot = overridden;
            }
            let value = format!("{} = {}", p.meta.id, sev.as_str());
            self.prov.push(("severity", value, self.at(*line)));
        }
    }

    /// `select`, `ignore` and `enable`: which policies run.
    fn policies(&mut self, select: &[String], ignore: &[String], enable: &[String]) -> Result<(), CliError> {
        let file_select = self.file.as_ref().and_then(|f| f.select.clone());
        let file_ignore = self.file.as_ref().and_then(|f| f.ignore.clone());
        let (selected, src) = self.layered(non_empty(lookup(select)?), file_select, Vec::new());
        let shown = if selected.is_empty() {
            "(all)".into()
        } else {
            ids(&selected)
        };
        self.prov.push(("select", shown, src));
        let (ignored, src) = self.layered(non_empty(lookup(ignore)?), file_ignore, Vec::new());
        self.prov.push(("ignore", ids(&ignored), src));
        // Opt-in policies join when enabled (by id, slug or group) or selected explicitly.
        let file_enable = self
            .file
            .as_ref()
            .and_then(|f| f.enable.clone())
            .map(|(v, _)| v)
            .unwrap_or_default();
        let policies = &mut self.settings.policies;
        for key in enable
            .iter()
            .chain(&file_enable)
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
        {
            policies.extend(enabled(key)?);
        }
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
        self.prov.push(("fail-on", shown, src));
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
                [] => return Err(usage("--output: every --format already names its file")),
                _ => return Err(usage("--output: several --format values without a file")),
            }
        }
        if outputs.iter().filter(|(_, f)| f.is_none()).count() > 1 {
            return Err(usage(
                "only one --format can go to standard output; give the others a file: \
                        --format sarif=FILE",
            ));
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
            .collect::<Vec<_>>()
            .join(", ");
        let src = if var_src.is_empty() {
            "default".into()
        } else {
            var_src.join(" + ")
        };
        self.prov.push(("var-files", shown, src));
    }

    /// A list only the config file sets.
    fn file_list(&mut self, key: &'static str, v: Option<(Vec<String>, u32)>) -> Vec<String> {
        match v {
            Some((v, line)) => {
                self.prov.push((key, v.join(", "), self.at(line)));
                v
            }
            None => {
                self.prov.push((key, String::new(), "default".into()));
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
            let exp = s.expires.map(|d| format!(" until {d}")).unwrap_or_default();
            let value = format!("{} [{}]{exp}: {}", s.address, ids(&s.policies), s.reason);
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
        self.settings.baseline = Some(b);
        self.prov
            .push(("baseline", path.display().to_string(), "CLI".into()));
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
        Some(path) => std::fs::File::create(path).and_then(|mut file| write(&mut file)),
        None => write(&mut std::io::stdout().lock()),
    }
    .map_err(|source| CliError::WriteReport {
        path: destination.map(|p| p.to_path_buf()),
        source,
    })
}

/// `bucketguard rules`: the catalog as a table or JSON.
pub fn render_rules(format: RulesFormat) -> String {
    let policies = policy::all();
    match format {
        RulesFormat::Json => {
            let metas: Vec<_> = policies.iter().map(|p| &p.meta).collect();
            serde_json::to_string_pretty(&metas).expect("metadata serializes") + "\n"
        }
        RulesFormat::Text => {
            let mut out = format!("{:<6}  {:<32}  {:<8}  {}\n", "ID", "SLUG", "SEVERITY", "TITLE");
            for p in policies {
                let m = &p.meta;
                out.push_str(&format!(
                    "{:<6}  {:<32}  {:<8}  {}\n",
                    m.id,
                    m.slug,
                    m.severity.as_str(),
                    if m.default_enabled {
                        m.title.clone()
                    } else {
                        format!("{} (opt-in)", m.title)
                    }
                ));
            }
            out
        }
    }
}

/// `bucketguard config --print`: one line per value, `key = value  # source`.
pub fn render_provenance(prov: &Provenance) -> String {
    let width = prov
        .iter()
        .map(|(k, v, _)| k.len() + v.len() + 3)
        .max()
        .unwrap_or(0);
    prov.iter()
        .map(|(k, v, src)| format!("{:<width$}  # {src}\n", format!("{k} = {v}")))
        .collect()
}

/// Run a parsed command line and return the exit status; `Err` is a message for standard error
/// (exit status 2).
pub fn run(cli: Cli) -> Result<u8, CliError> {
    use std::io::IsTerminal;
    match cli.command {
        Command::Rules(args) => {
            let Some(dir) = args.docs else {
                print!("{}", render_rules(args.format));
                return Ok(0);
            };
            let metas: Vec<_> = policy::all().iter().map(|p| p.meta.clone()).collect();
            let written = crate::report::docs::write(&dir, &metas)
                .map_err(|source| CliError::WriteDocs { dir, source })?;
            for path in written {
                println!("{}", path.display());
            }
            Ok(0)
        }
        Command::Config(args) => {
            if !args.print {
                return Err(usage("nothing to do (use `bucketguard config --print`)"));
            }
            let (_, prov) = args.scan.resolve_with_provenance(false)?;
            print!("{}", render_provenance(&prov));
            Ok(0)
        }
        Command::Explain(args) => {
            print!("{}", render_explain(&args)?);
            Ok(0)
        }
        Command::Scan(args) => {
            let write_baseline = args.write_baseline.clone();
            let settings = args.resolve(std::io::stdout().is_terminal())?;
            let result = crate::scan(&settings);
            if let Some(path) = write_baseline {
                // What is reported and what the given baseline still holds: with `--baseline`,
                // the baseline is refreshed (entries whose finding is gone are dropped).
                let current = result.findings.iter().chain(&result.baselined);
                let b = crate::baseline::Baseline::of(&result.sources, current);
                std::fs::write(&path, b.to_json())
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
