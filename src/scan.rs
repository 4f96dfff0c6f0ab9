//! One scan, end to end: discover → load (in parallel) → build the model → run the policies.

use rayon::prelude::*;

use crate::finding::{Finding, Undecided};
use crate::input::{self, Input, InputError, Loaded};
use crate::model::{self, Model, Sources};
use crate::policy::Verdict;
use crate::settings::Settings;

pub struct ScanResult {
    pub sources: Sources,
    /// The inputs scanned: module directories and plan files, as displayed.
    pub inputs: Vec<String>,
    pub model: Model,
    /// Sorted by file, position, policy id and bucket.
    pub findings: Vec<Finding>,
    pub undecided: Vec<Undecided>,
    pub errors: Vec<InputError>,
}

pub fn scan(settings: &Settings) -> ScanResult {
    let mut timer = Timings::from_env();
    let found = input::discover::discover(&settings.paths, &settings.var_files, &settings.root);
    let sources = found.sources;
    timer.phase("discover+read");
    let vars = input::hcl::VarInputs {
        var_files: &found.var_files,
        vars: &settings.vars,
    };
    let loaded: Vec<Loaded> = found
        .inputs
        .par_iter()
        .map(|input| match input {
            Input::Module(m) => input::hcl::load_module_for(
                &sources,
                &m.dir,
                &m.files,
                &m.tfvars,
                &vars,
                model::build::wanted,
            ),
            Input::Plan { file, config } => {
                let mut plan = input::plan::load(&sources, *file);
                if let Some(m) = config {
                    // Errors in the configuration only cost the source lines, not the scan.
                    let config = input::hcl::load_module_for(
                        &sources,
                        &m.dir,
                        &m.files,
                        &m.tfvars,
                        &vars,
                        model::build::wanted,
                    );
                    input::source_map::overlay(&mut plan.resources, &config.resources);
                }
                plan
            }
        })
        .collect();

    let mut errors = found.errors;
    let mut resources = Vec::new();
    for l in loaded {
        errors.extend(l.errors);
        resources.extend(l.resources);
    }
    timer.phase("parse+evaluate");
    let model = model::build::build(resources);
    timer.phase("build model");

    let model_ref = &model;
    let verdicts: Vec<_> = model
        .buckets
        .par_iter()
        .flat_map_iter(|bucket| {
            settings
                .policies
                .iter()
                .map(move |p| (*p, bucket, (p.check)(model_ref, bucket)))
        })
        .collect();
    let mut findings = Vec::new();
    let mut undecided = Vec::new();
    for (policy, bucket, verdict) in verdicts {
        match verdict {
            Verdict::Pass => {}
            Verdict::Fail(f) => findings.push(Finding {
                policy,
                bucket: bucket.address.clone(),
                root: bucket.root.clone(),
                message: f.message,
                origin: f.origin,
                related: f.related,
            }),
            Verdict::Undecided { reason, origin } => undecided.push(Undecided {
                policy,
                bucket: bucket.address.clone(),
                root: bucket.root.clone(),
                reason,
                origin,
            }),
        }
    }
    timer.phase("policies");
    findings.sort_by(|a, b| {
        (a.origin, &a.policy.meta.id, &a.root, &a.bucket).cmp(&(
            b.origin,
            &b.policy.meta.id,
            &b.root,
            &b.bucket,
        ))
    });
    undecided.sort_by(|a, b| {
        (&a.root, &a.bucket, &a.policy.meta.id).cmp(&(&b.root, &b.bucket, &b.policy.meta.id))
    });
    errors.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });

    let inputs = found
        .inputs
        .iter()
        .map(|i| match i {
            Input::Module(m) => m.dir.clone(),
            Input::Plan { file, .. } => sources.get(*file).display.clone(),
        })
        .collect();
    ScanResult {
        sources,
        inputs,
        model,
        findings,
        undecided,
        errors,
    }
}

/// Phase times on stderr when `BUCKETGUARD_TIMINGS` is set (profiling aid; output unchanged).
pub struct Timings(Option<std::time::Instant>);

impl Timings {
    pub fn from_env() -> Self {
        Timings(std::env::var_os("BUCKETGUARD_TIMINGS").map(|_| std::time::Instant::now()))
    }

    /// Print the time since the previous phase ended.
    pub fn phase(&mut self, name: &str) {
        if let Some(t) = &mut self.0 {
            // Linux: resident and peak resident memory so far.
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let kb = |key: &str| {
                let line = status.lines().find(|l| l.starts_with(key)).unwrap_or("");
                line.split_whitespace().nth(1).unwrap_or("?").to_string()
            };
            eprintln!(
                "timing: {name:<16} {:8.1} ms  rss {} kB  peak {} kB",
                t.elapsed().as_secs_f64() * 1e3,
                kb("VmRSS:"),
                kb("VmHWM:")
            );
            *t = std::time::Instant::now();
        }
    }
}

/// 2 when an input could not be read or parsed, 1 when a finding reaches the threshold, else 0.
pub fn exit_code(result: &ScanResult, settings: &Settings) -> i32 {
    if !result.errors.is_empty() {
        return 2;
    }
    match settings.fail_on {
        Some(threshold)
            if result
                .findings
                .iter()
                .any(|f| f.policy.meta.severity >= threshold) =>
        {
            1
        }
        _ => 0,
    }
}
