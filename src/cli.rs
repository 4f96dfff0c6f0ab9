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
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Directories, .tf / .tf.json files, plan JSON or binary plan files.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::High)]
    pub fail_on: FailOn,
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
    /// Text output: each bucket's exposure verdict with the chain of reasons behind it.
    #[arg(long)]
    pub explain: bool,
    /// An AWS account id (12 digits) whose access is not cross-account exposure (repeatable):
    /// the owner account and accounts you trust.
    #[arg(long = "trusted-account", value_name = "ID")]
    pub trusted_accounts: Vec<String>,
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
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths
        };
        let mut settings = Settings::new(paths);
        let lookup = |keys: &[String]| -> Result<Vec<&'static Policy>, String> {
            keys.iter()
                .filter(|k| !k.trim().is_empty())
                .map(|k| {
                    policy::find(k.trim())
                        .ok_or_else(|| format!("unknown policy `{k}` (see `bucketguard rules`)"))
                })
                .collect()
        };
        let selected = lookup(&self.select)?;
        let ignored = lookup(&self.ignore)?;
        // Opt-in policies join when enabled (by id, slug or group) or selected explicitly.
        for key in self.enable.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
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
        settings.fail_on = match self.fail_on {
            FailOn::Low => Some(Severity::Low),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::High => Some(Severity::High),
            FailOn::Critical => Some(Severity::Critical),
            FailOn::Never => None,
        };
        settings.format = match self.format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
        };
        settings.var_files = self.var_files;
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
            ColorArg::Auto => {
                stdout_is_terminal && self.output.is_none() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        settings.output = self.output;
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
        Ok(settings)
    }
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
