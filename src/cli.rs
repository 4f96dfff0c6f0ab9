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
pub fn render_explain(args: &ExplainArgs) -> Result<String, String> {
    let p = policy::find(args.policy.trim())
        .ok_or_else(|| format!("unknown policy `{}` (see `bucketguard rules`)", args.policy))?;
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

fn parse_format(s: &str) -> Result<(FormatArg, Option<PathBuf>), String> {
    let (name, file) = match s.split_once('=') {
        Some((name, "")) => return Err(format!("`{name}=`: the file name is missing")),
        Some((name, file)) => (name, Some(PathBuf::from(file))),
        None => (s, None),
    };
    let format = FormatArg::from_str(name.trim(), true)
        .map_err(|_| format!("unknown format `{name}` (text, json, sarif, github, markdown)"))?;
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

impl ScanArgs {
    /// Validate and resolve into settings; the error is a usage message.
    pub fn resolve(self, stdout_is_terminal: bool) -> Result<Settings, String> {
        self.resolve_with_provenance(stdout_is_terminal).map(|(s, _)| s)
    }

    /// Resolve, and say where each configurable value came from. CLI flags override the file.
    pub fn resolve_with_provenance(self, stdout_is_terminal: bool) -> Result<(Settings, Provenance), String> {
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths.clone()
        };
        let config_path = match &self.config {
            Some(p) => Some(p.clone()),
            None => {
                let first = &paths[0];
                let dir = if first.is_dir() {
                    first.clone()
                } else {
                    first.parent().map(|p| p.to_path_buf()).unwrap_or_default()
                };
                let dir = if dir.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    dir
                };
                crate::config::find(&dir)
            }
        };
        let file = match &config_path {
            Some(p) => Some(crate::config::load(p).map_err(|e| e.to_string())?),
            None => None,
        };
        let at = |line: u32| format!("{}:{line}", file.as_ref().map_or("", |f| f.display.as_str()));
        let mut prov: Provenance = Vec::new();
        let mut settings = Settings::new(paths);
        prov.push((
            "config",
            file.as_ref().map_or("(none)".into(), |f| f.display.clone()),
            if self.config.is_some() {
                "CLI".into()
            } else {
                "discovered".into()
            },
        ));
        // Severity overrides: the policies carry the overridden severity everywhere downstream.
        // Leaked once per override per run, which is bounded and keeps `&'static Policy`.
        if let Some(f) = &file {
            for (p, sev, line) in &f.severity {
                let mut meta = p.meta.clone();
                meta.severity = *sev;
                let overridden: &'static Policy = Box::leak(Box::new(Policy {
                    meta,
                    check: p.check,
                    scan_check: p.scan_check,
                }));
                for slot in settings.policies.iter_mut().filter(|s| s.meta.id == p.meta.id) {
                    *slot = overridden;
                }
                prov.push(("severity", format!("{} = {}", p.meta.id, sev.as_str()), at(*line)));
            }
        }
        let lookup = |keys: &[String]| -> Result<Vec<&'static Policy>, String> {
            keys.iter()
                .filter(|k| !k.trim().is_empty())
                .map(|k| {
                    policy::find(k.trim())
                        .ok_or_else(|| format!("unknown policy `{k}` (see `bucketguard rules`)"))
                })
                .collect()
        };
        let file_select = file.as_ref().and_then(|f| f.select.clone());
        let file_ignore = file.as_ref().and_then(|f| f.ignore.clone());
        let (selected, src) = match (lookup(&self.select)?, file_select) {
            (cli, _) if !cli.is_empty() => (cli, "CLI".to_string()),
            (_, Some((v, line))) => (v, at(line)),
            _ => (Vec::new(), "default".to_string()),
        };
        prov.push((
            "select",
            if selected.is_empty() {
                "(all)".into()
            } else {
                ids(&selected)
            },
            src,
        ));
        let (ignored, src) = match (lookup(&self.ignore)?, file_ignore) {
            (cli, _) if !cli.is_empty() => (cli, "CLI".to_string()),
            (_, Some((v, line))) => (v, at(line)),
            _ => (Vec::new(), "default".to_string()),
        };
        prov.push(("ignore", ids(&ignored), src));
        // Opt-in policies join when enabled (by id, slug or group) or selected explicitly.
        let file_enable = file
            .as_ref()
            .and_then(|f| f.enable.clone())
            .map(|(v, _)| v)
            .unwrap_or_default();
        for key in self
            .enable
            .iter()
            .chain(&file_enable)
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
        {
            let group: Vec<&'static Policy> = policy::all()
                .iter()
                .filter(|p| {
                    p.meta
                        .opt_in_group
                        .as_deref()
                        .is_some_and(|g| g.eq_ignore_ascii_case(key))
                })
                .collect();
            let found = if group.is_empty() {
                vec![policy::find(key).ok_or_else(|| {
                    format!("unknown policy or group `{key}` for --enable (see `bucketguard rules`)")
                })?]
            } else {
                group
            };
            settings.policies.extend(found);
        }
        settings.policies.extend(selected.iter().copied());
        settings.policies.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
        settings.policies.dedup_by(|a, b| a.meta.id == b.meta.id);
        settings.policies.retain(|p| {
            (selected.is_empty() || selected.iter().any(|s| s.meta.id == p.meta.id))
                && !ignored.iter().any(|i| i.meta.id == p.meta.id)
        });
        let (fail_on, src) = match (self.fail_on, file.as_ref().and_then(|f| f.fail_on)) {
            (Some(cli), _) => (
                match cli {
                    FailOn::Low => Some(Severity::Low),
                    FailOn::Medium => Some(Severity::Medium),
                    FailOn::High => Some(Severity::High),
                    FailOn::Critical => Some(Severity::Critical),
                    FailOn::Never => None,
                },
                "CLI".to_string(),
            ),
            (None, Some((v, line))) => (v, at(line)),
            (None, None) => (Some(Severity::High), "default".to_string()),
        };
        settings.fail_on = fail_on;
        prov.push((
            "fail-on",
            fail_on.map_or("never", Severity::as_str).to_string(),
            src,
        ));
        let mut outputs: Vec<(Format, Option<PathBuf>)> = if self.format.is_empty() {
            vec![(Format::Text, None)]
        } else {
            self.format
                .iter()
                .map(|(f, file)| (Format::from(*f), file.clone()))
                .collect()
        };
        if let Some(file) = &self.output {
            // `--output` names the file of the one report that has none.
            match outputs
                .iter_mut()
                .filter(|(_, f)| f.is_none())
                .collect::<Vec<_>>()[..]
            {
                [ref mut only] => only.1 = Some(file.clone()),
                [] => return Err("--output: every --format already names its file".into()),
                _ => return Err("--output: several --format values without a file".into()),
            }
        }
        if outputs.iter().filter(|(_, f)| f.is_none()).count() > 1 {
            return Err(
                "only one --format can go to standard output; give the others a file: \
                        --format sarif=FILE"
                    .into(),
            );
        }
        let stdout_text = outputs
            .iter()
            .any(|(f, file)| *f == Format::Text && file.is_none());
        settings.outputs = outputs;
        settings.category = self.category;
        // The config's var files first, so `--var-file` values win.
        let mut var_src = Vec::new();
        if let Some((v, line)) = file.as_ref().and_then(|f| f.var_files.clone()) {
            settings.var_files.extend(v);
            var_src.push(at(line));
        }
        if !self.var_files.is_empty() {
            var_src.push("CLI".into());
        }
        settings.var_files.extend(self.var_files.iter().cloned());
        prov.push((
            "var-files",
            settings
                .var_files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            if var_src.is_empty() {
                "default".into()
            } else {
                var_src.join(" + ")
            },
        ));
        let mut list = |key: &'static str, v: Option<(Vec<String>, u32)>| -> Vec<String> {
            match v {
                Some((v, line)) => {
                    prov.push((key, v.join(", "), at(line)));
                    v
                }
                None => {
                    prov.push((key, String::new(), "default".into()));
                    Vec::new()
                }
            }
        };
        settings.excludes = list("exclude", file.as_ref().and_then(|f| f.exclude.clone()));
        settings.exclude_base = file
            .as_ref()
            .and_then(|f| f.path.parent().map(|p| p.to_path_buf()));
        settings.trusted_accounts = list(
            "trusted-accounts",
            file.as_ref().and_then(|f| f.trusted_accounts.clone()),
        );
        settings.enable = list("enable", file.as_ref().and_then(|f| f.enable.clone()));
        if let Some(f) = &file {
            for s in &f.suppress {
                let exp = s.expires.map(|d| format!(" until {d}")).unwrap_or_default();
                prov.push((
                    "suppress",
                    format!("{} [{}]{exp}: {}", s.address, ids(&s.policies), s.reason),
                    at(s.line),
                ));
            }
            settings.suppressions = f.suppress.clone();
        }
        settings.today = Some(match &self.today {
            Some(d) => crate::suppress::Date::parse(d)
                .ok_or_else(|| format!("--today `{d}`: expected YYYY-MM-DD"))?,
            None => today_utc(),
        });
        if let Some(b) = &self.baseline {
            let text = std::fs::read_to_string(b).map_err(|e| format!("--baseline {}: {e}", b.display()))?;
            settings.baseline = Some(
                crate::baseline::Baseline::parse(&text)
                    .map_err(|e| format!("--baseline {}: {e}", b.display()))?,
            );
            prov.push(("baseline", b.display().to_string(), "CLI".into()));
        }
        if let Some(r) = &self.diff_base {
            settings.diff_base = Some(r.clone());
            prov.push(("diff-base", r.clone(), "CLI".into()));
        }
        settings.vars = self
            .vars
            .iter()
            .map(|v| {
                v.split_once('=')
                    .map(|(n, val)| (n.trim().to_string(), val.to_string()))
                    .ok_or_else(|| format!("--var `{v}`: expected NAME=VALUE"))
            })
            .collect::<Result<_, _>>()?;
        settings.color = match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => stdout_is_terminal && stdout_text && std::env::var_os("NO_COLOR").is_none(),
        };
        settings.verbose = self.verbose;
        settings.explain = self.explain;
        for id in &self.trusted_accounts {
            let id = id.trim();
            if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "--trusted-account `{id}`: expected a 12-digit AWS account id"
                ));
            }
            settings.trusted_accounts.push(id.to_string());
        }
        settings.source = self.source;
        settings.unknown_fail = matches!(self.unknown, UnknownArg::Fail);
        Ok((settings, prov))
    }
}

/// `bucketguard rules`: the catalog as a table or JSON.
/// One report, streamed through a buffer into its file or standard output.
fn write_report(
    result: &crate::ScanResult,
    settings: &Settings,
    format: Format,
    destination: Option<&std::path::Path>,
) -> Result<(), String> {
    let write = |out: &mut dyn std::io::Write| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        crate::report::write_as(result, settings, format, &mut out)?;
        std::io::Write::flush(&mut out)
    };
    match destination {
        Some(path) => std::fs::File::create(path)
            .and_then(|mut file| write(&mut file))
            .map_err(|e| format!("{}: {e}", path.display())),
        None => write(&mut std::io::stdout().lock()).map_err(|e| e.to_string()),
    }
}

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
pub fn run(cli: Cli) -> Result<u8, String> {
    use std::io::IsTerminal;
    match cli.command {
        Command::Rules(args) => {
            let Some(dir) = args.docs else {
                print!("{}", render_rules(args.format));
                return Ok(0);
            };
            let metas: Vec<_> = policy::all().iter().map(|p| p.meta.clone()).collect();
            let written = crate::report::docs::write(&dir, &metas)
                .map_err(|e| format!("cannot write the docs to {}: {e}", dir.display()))?;
            for path in written {
                println!("{}", path.display());
            }
            Ok(0)
        }
        Command::Config(args) => {
            if !args.print {
                return Err("nothing to do (use `bucketguard config --print`)".into());
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
                    .map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))?;
            }
            let mut timer = crate::scan::Timings::from_env();
            for (format, destination) in &settings.outputs {
                write_report(&result, &settings, *format, destination.as_deref())
                    .map_err(|e| format!("cannot write the report: {e}"))?;
            }
            timer.phase("render+write");
            let code = crate::exit_code(&result, &settings) as u8;
            // The process ends next: freeing the model and sources one node at a time is wasted work.
            std::mem::forget(result);
            Ok(code)
        }
    }
}
