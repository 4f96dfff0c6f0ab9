//! One scan, end to end: discover → load (in parallel) → build the model → run the policies.

use rayon::prelude::*;

use crate::finding::{Finding, Undecided};
use crate::input::{self, Input, InputError, Loaded};
use crate::model::{self, Model, Sources};
use crate::policy::{Related, Verdict};
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
    /// Informational: parts of the configuration the scan could not see (remote modules that
    /// are not installed). Not errors: they do not change the exit code.
    pub notes: Vec<InputError>,
}

pub fn scan(settings: &Settings) -> ScanResult {
    let found = input::discover::discover_with(
        &settings.paths,
        &settings.var_files,
        &settings.root,
        settings.source.as_deref(),
    );
    let sources = found.sources;
    let vars = input::hcl::VarInputs {
        var_files: &found.var_files,
        vars: &settings.vars,
    };
    let loaded: Vec<Loaded> = found
        .inputs
        .par_iter()
        .map(|input| match input {
            Input::Module(m) => input::hcl::load_module(&sources, &m.dir, &m.files, &m.tfvars, &vars),
            Input::Plan { file, config } => {
                let mut plan = input::plan::load(&sources, *file);
                if let Some(m) = config {
                    // Errors in the configuration only cost the source lines, not the scan.
                    let config = input::hcl::load_module(&sources, &m.dir, &m.files, &m.tfvars, &vars);
                    input::source_map::overlay(&mut plan.resources, &config.resources);
                }
                plan
            }
        })
        .collect();

    let mut errors = found.errors;
    let mut notes = Vec::new();
    let mut resources = Vec::new();
    for l in loaded {
        errors.extend(l.errors);
        notes.extend(l.notes);
        resources.extend(l.resources);
    }
    let model = model::build::build(resources);

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
                related: with_context(f.related, bucket, &sources),
            }),
            Verdict::Undecided { reason, origin } if settings.unknown_fail => findings.push(Finding {
                policy,
                bucket: bucket.address.clone(),
                root: bucket.root.clone(),
                message: format!(
                    "`{}`: {} could not be decided because a value could not be resolved: {reason}",
                    bucket.address, policy.meta.id
                ),
                origin,
                related: with_context(Vec::new(), bucket, &sources),
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
    notes.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
    notes.dedup_by(|a, b| (&a.path, a.line, &a.message) == (&b.path, b.line, &b.message));
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
        notes,
    }
}

/// A finding's related locations, then where its bucket sits: the chain of module calls and,
/// for a plan mapped to source, the plan.
fn with_context(mut related: Vec<Related>, bucket: &model::Bucket, sources: &Sources) -> Vec<Related> {
    for (call, origin) in &bucket.module_calls {
        related.push(Related {
            origin: *origin,
            message: format!("in module call `{call}`"),
        });
    }
    if let Some(p) = bucket.planned {
        related.push(Related {
            origin: p,
            message: format!("planned in {}", sources.display(p)),
        });
    }
    related
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
