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
    /// Show a policy's full documentation: why, how to fix, examples.
    Explain(ExplainArgs),
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
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::High)]
    pub fail_on: FailOn,
    /// Run only these policies (ids or slugs, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "POLICY")]
    pub select: Vec<String>,
    /// Skip these policies (ids or slugs).
    #[arg(long, value_delimiter = ',', value_name = "POLICY")]
    pub ignore: Vec<String>,
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
        (settings.format, settings.output) = outputs[0].clone();
        if outputs.len() > 1 {
            settings.outputs = std::mem::take(&mut outputs);
        }
        settings.category = self.category;
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
            ColorArg::Auto => stdout_is_terminal && stdout_text && std::env::var_os("NO_COLOR").is_none(),
        };
        settings.verbose = self.verbose;
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
                    m.title
                ));
            }
            out
        }
    }
}
