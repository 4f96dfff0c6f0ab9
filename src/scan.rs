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
    /// One per bucket, in the order of `model.buckets`.
    pub exposures: Vec<crate::exposure::Exposure>,
}

pub fn scan(settings: &Settings) -> ScanResult {
    let found = input::discover::discover(&settings.paths, &settings.var_files, &settings.root);
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
    let mut resources = Vec::new();
    for l in loaded {
        errors.extend(l.errors);
        resources.extend(l.resources);
    }
    let mut model = model::build::build(resources);
    model.trusted_accounts = settings.trusted_accounts.clone();
    let exposures = crate::exposure::compute_all(
        &model,
        &crate::exposure::Options {
            trusted_accounts: settings.trusted_accounts.clone(),
        },
    );

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
                neutralized_by: None,
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
    // Scan-level policies: the subject is the resource they are about (an IAM policy).
    for policy in settings.policies.iter().filter(|p| p.scan_check.is_some()) {
        for f in policy.scan_check.map(|c| c(&model)).unwrap_or_default() {
            findings.push(Finding {
                policy,
                bucket: f.subject,
                root: f.root,
                message: f.failure.message,
                origin: f.failure.origin,
                related: f.failure.related,
                neutralized_by: None,
            });
        }
    }
    mark_neutralized(&model, &exposures, &mut findings);
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
        exposures,
    }
}

/// The ACL and policy findings whose grant the exposure model shows does not take effect.
const NEUTRALIZABLE: &[&str] = &["BG101", "BG102", "BG103", "BG104", "BG105", "BG121", "BG122"];

fn mark_neutralized(model: &Model, exposures: &[crate::exposure::Exposure], findings: &mut [Finding]) {
    use crate::exposure::Effectiveness;
    use crate::finding::Neutralized;
    for f in findings.iter_mut() {
        if !NEUTRALIZABLE.contains(&f.policy.meta.id.as_str()) {
            continue;
        }
        let Some(i) = model
            .buckets
            .iter()
            .position(|b| b.address == f.bucket && b.root == f.root)
        else {
            continue;
        };
        // Every location of the finding must be neutralized, not just the first.
        let origins = std::iter::once(f.origin).chain(f.related.iter().map(|r| r.origin));
        let effects: Vec<_> = origins
            .filter(|o| {
                exposures[i]
                    .reasons
                    .iter()
                    .any(|r| r.origin == *o && r.level.is_some())
            })
            .map(|o| exposures[i].effect_at(o))
            .collect();
        if effects.is_empty() || effects.iter().any(Option::is_none) {
            continue;
        }
        f.neutralized_by = match effects[0] {
            Some(Effectiveness::Rejected(r)) => Some(Neutralized::RejectedAtApply(r.clone())),
            Some(Effectiveness::Neutralized(r)) => Some(Neutralized::Ineffective(r.clone())),
            _ => None,
        };
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
