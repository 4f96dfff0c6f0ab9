//! One scan, end to end: discover → load (in parallel) → build the model → run the policies.

use std::sync::Arc;

use rayon::iter::Either;
use rayon::prelude::*;

use crate::finding::{Finding, Undecided};
use crate::input::{self, Input, InputError, Loaded};
use crate::model::{self, Model, Sources};
use crate::policy::{Policy, Related, Verdict, custom};
use crate::settings::Settings;

pub struct ScanResult {
    pub sources: Sources,
    /// The inputs scanned: module directories and plan files, as displayed.
    pub inputs: Vec<String>,
    /// Every bucket, sorted by root and address.
    pub buckets: Vec<ScannedBucket>,
    /// Resources that configure a bucket the scan could not find.
    pub unlinked: Vec<model::Unlinked>,
    /// Sorted by file, position, policy id and bucket.
    pub findings: Vec<Finding>,
    pub undecided: Vec<Undecided>,
    pub errors: Vec<InputError>,
    /// Informational: parts of the configuration the scan could not see (remote modules that
    /// are not installed). Not errors: they do not change the exit code.
    pub notes: Vec<InputError>,
    /// Findings a suppression accepted (never fail the run), in finding order.
    pub suppressed: Vec<crate::suppress::Suppressed>,
    /// Invalid, expired and unused suppressions (never fail the run).
    pub warnings: Vec<InputError>,
    /// Findings the baseline holds: not reported (only counted), but kept by a baseline written
    /// in the same run.
    pub baselined: Vec<Finding>,
    /// Findings dropped by `--diff-base` (on buckets the diff does not touch).
    pub outside_diff: usize,
    /// One per bucket, in the order of `buckets`.
    pub exposures: Vec<std::sync::Arc<crate::exposure::Exposure>>,
}

/// What the reports say of a bucket, from the model.
#[derive(Clone, Debug)]
pub struct ScannedBucket {
    /// Terraform address, `module.a.aws_s3_bucket.b["k"]`.
    pub address: String,
    /// The root module (directory or plan) it belongs to.
    pub root: String,
    /// See [`model::Bucket::name`].
    pub name: model::Value<String>,
    /// The `resource "aws_s3_bucket"` block header.
    pub origin: model::Origin,
    /// See [`model::Bucket::external`].
    pub external: bool,
}

/// Scan on the pool with large stacks ([`crate::pool`]): deeply nested input is read or
/// refused with an error, never a stack overflow.
pub fn scan(settings: &Settings) -> ScanResult {
    crate::pool::install(|| scan_here(settings))
}

/// [`scan`] of inputs already read, as discovery returns them: nothing is looked up on disk but
/// what evaluation reads (`file()`, ...). The fuzz targets' in-memory entry point.
pub fn scan_discovered(settings: &Settings, found: input::discover::Discovered) -> ScanResult {
    crate::pool::install(|| scan_found(settings, found, Timings::from_env()))
}

fn scan_here(settings: &Settings) -> ScanResult {
    let mut timer = Timings::from_env();
    let found = discover(settings);
    timer.phase("discover+read");
    scan_found(settings, found, timer)
}

fn discover(settings: &Settings) -> input::discover::Discovered {
    input::discover::discover_with(
        &settings.paths,
        &settings.var_files,
        &settings.root,
        settings.source.as_deref(),
        settings.terraform.as_deref(),
    )
}

/// The input documents custom policies see (`bucketguard input`) for the buckets whose address
/// matches `pattern` (`*` matches anything), in the report's bucket order, with the scan's
/// input errors.
pub fn input_documents(settings: &Settings, pattern: &str) -> (Vec<serde_json::Value>, Vec<InputError>) {
    crate::pool::install(|| {
        let (mut loaded, prepared) = load(settings, discover(settings));
        let model = link(settings, &mut loaded, prepared);
        let exposures = expose(&model);
        let cx = crate::policy::Context::new(&model, &exposures);
        let documents = model
            .buckets
            .iter()
            .filter(|b| model::wildcard::star_match(pattern, &b.address))
            .map(|b| custom::input::Document::of(&cx, b, &loaded.sources).json)
            .collect();
        (documents, loaded.errors)
    })
}

fn scan_found(settings: &Settings, found: input::discover::Discovered, mut timer: Timings) -> ScanResult {
    let (mut loaded, prepared) = load(settings, found);
    timer.phase("parse+evaluate");
    let model = link(settings, &mut loaded, prepared);
    timer.phase("link model");
    let exposures = expose(&model);
    timer.phase("exposures");
    let (mut findings, mut undecided) = check(settings, &model, &exposures, &loaded.sources);
    mark_neutralized(&model, &exposures, &mut findings);
    timer.phase("policies");
    sort(&mut findings, &mut undecided, &mut loaded.notes);
    let filtered = living_with_findings(findings, &mut undecided, &mut loaded, &model, settings);
    loaded.errors.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
    let mut result = finish(loaded, model, undecided, filtered, exposures);
    if result.inputs.is_empty() && result.errors.is_empty() {
        result.warnings.push(nothing_to_scan(&settings.paths));
    }
    result
}

/// The warning of a scan that found no Terraform: a wrong path must not pass as a clean scan.
fn nothing_to_scan(paths: &[std::path::PathBuf]) -> InputError {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    InputError::file(
        shown.join(", "),
        "no Terraform configuration (.tf, .tf.json) or plan found: nothing was scanned",
    )
}

/// The inputs read and evaluated: what every later phase takes from them.
struct LoadedInputs {
    sources: Sources,
    inputs: Vec<Input>,
    errors: Vec<InputError>,
    notes: Vec<InputError>,
    /// Block headers by resource (see [`want_headers`]); empty when not wanted.
    headers: crate::blocks::Headers,
    /// Whether a configuration file holds an inline suppression marker.
    inline: bool,
}

/// Inline suppressions are read after the policies: the files that hold them keep their text.
fn keeps_text(inline: bool, f: &model::SourceFile) -> bool {
    inline && crate::suppress::has_marker(f)
}

/// Block headers by resource, for inline suppressions and --diff-base (the model keeps attribute
/// origins); most scans have neither, and the map costs a copy of every address.
fn want_headers(settings: &Settings, inline: bool) -> bool {
    settings.diff_base.is_some() || inline
}

/// Parse and evaluate every input (in parallel) into what the model takes of its resources.
fn load(
    settings: &Settings,
    found: input::discover::Discovered,
) -> (LoadedInputs, Vec<model::build::Prepared>) {
    let mut sources = found.sources;
    let vars = input::hcl::VarInputs {
        var_files: &found.var_files,
        vars: &settings.vars,
        env: &settings.env_vars,
        tree: Some(&found.tree),
        budgets: settings.budgets,
    };
    let inline = crate::suppress::any_inline(&sources);
    let want_headers = want_headers(settings, inline);
    let texts = take_texts(&found.inputs, &mut sources, inline);
    // Only what the model uses is evaluated (plus what it references, on demand).
    let modules = input::hcl::ParseCache::default();
    let cx = LoadContext {
        sources: &sources,
        vars: &vars,
        modules: &modules,
        want_headers,
    };
    let parts: Vec<(model::build::Prepared, Loaded, crate::blocks::Headers)> = found
        .inputs
        .par_iter()
        .zip(texts)
        .map(|(input, texts)| cx.load_one(input, texts))
        .collect();
    drop(modules);
    let mut out = LoadedInputs {
        sources,
        inputs: found.inputs,
        errors: found.errors,
        notes: Vec::new(),
        headers: crate::blocks::Headers::new(),
        inline,
    };
    let mut prepared = Vec::with_capacity(parts.len());
    for (part, loaded, h) in parts {
        out.errors.extend(loaded.errors);
        out.notes.extend(loaded.notes);
        out.headers.extend(h);
        prepared.push(part);
    }
    (out, prepared)
}

/// What every input's load shares.
struct LoadContext<'a> {
    sources: &'a Sources,
    vars: &'a input::hcl::VarInputs<'a>,
    modules: &'a input::hcl::ParseCache,
    want_headers: bool,
}

impl LoadContext<'_> {
    fn load_config(&self, m: &input::Module, texts: input::hcl::Texts) -> Loaded {
        input::hcl::load_module_for(
            self.sources,
            m,
            self.vars,
            model::build::wanted,
            self.modules,
            texts,
        )
    }

    /// One input's resources, read into what the model takes of them in the same task, and
    /// freed there: the resources of every input (the largest thing a scan holds) are never all
    /// in memory at once.
    fn load_one(
        &self,
        input: &Input,
        texts: input::hcl::Texts,
    ) -> (model::build::Prepared, Loaded, crate::blocks::Headers) {
        let mut loaded = match input {
            Input::Module(m) => self.load_config(m, texts),
            Input::Plan { file, config } => {
                let mut plan = input::plan::load(self.sources, *file);
                if let Some(m) = config {
                    // Errors in the configuration only cost the source lines, not the scan.
                    input::source_map::overlay(&mut plan.resources, &self.load_config(m, texts).resources);
                }
                plan
            }
        };
        let headers = if self.want_headers {
            loaded
                .resources
                .iter()
                .map(|r| ((r.root.clone(), r.address.clone()), r.origin))
                .collect()
        } else {
            crate::blocks::Headers::new()
        };
        let part = model::build::prepare(std::mem::take(&mut loaded.resources));
        crate::alloc::collect_here();
        (part, loaded, headers)
    }
}

/// A root module's own files are parsed by its load alone, which takes their texts and frees
/// them when it is done (files with inline suppressions keep theirs for after the policies).
fn take_texts(inputs: &[Input], sources: &mut Sources, inline: bool) -> Vec<input::hcl::Texts> {
    inputs
        .iter()
        .map(|input| match input {
            Input::Module(m) => m
                .files
                .iter()
                .filter_map(|&id| {
                    let f = sources.get(id);
                    if f.kind() == model::FileKind::Json || keeps_text(inline, f) {
                        return None;
                    }
                    Some((id, sources.take_text(id)?))
                })
                .collect(),
            Input::Plan { .. } => Vec::new(),
        })
        .collect()
}

/// Fold the prepared inputs into one model, while the configuration texts are given back.
fn link(settings: &Settings, loaded: &mut LoadedInputs, prepared: Vec<model::build::Prepared>) -> Model {
    let inline = loaded.inline;
    let (_, mut model) = rayon::join(
        || loaded.sources.evict_config_texts(|f| !keeps_text(inline, f)),
        || model::build::link(prepared),
    );
    // The sources' texts, parse trees, evaluated resources and prepared parts are gone: their
    // memory goes back. (Each release costs up to a millisecond; this one and the one after the
    // model is freed are those that lower the peak.)
    crate::alloc::release_freed();
    model.trusted_accounts = settings.trusted_accounts.clone();
    // What the provider rejects is invalid configuration, as a parse error is (exit 2).
    let rejected = std::mem::take(&mut model.rejected);
    let sources = &loaded.sources;
    loaded.errors.extend(
        rejected
            .into_iter()
            .map(|r| InputError::at(sources, r.origin, r.message)),
    );
    model
}

/// Every bucket's exposure verdict, shared with the checks (through their context) and the report.
fn expose(model: &Model) -> Vec<Arc<crate::exposure::Exposure>> {
    crate::exposure::compute_all(model)
        .into_iter()
        .map(std::sync::Arc::new)
        .collect()
}

/// Run every policy: each (bucket, policy) check, then the scan-level checks.
fn check(
    settings: &Settings,
    model: &Model,
    exposures: &[Arc<crate::exposure::Exposure>],
    sources: &Sources,
) -> (Vec<Finding>, Vec<Undecided>) {
    let strings = &crate::finding::Strings::default();
    let cx = &crate::policy::Context::new(model, exposures);
    let (mut findings, undecided) = check_buckets(settings, cx, sources, strings);
    // Scan-level policies: the subject is the resource they are about (an IAM policy).
    for policy in settings.policies.iter().filter(|p| p.scan_check.is_some()) {
        for f in policy.scan_check.map(|c| c(model)).unwrap_or_default() {
            findings.push(Finding {
                policy,
                message: crate::finding::Message::new(&f.failure.message, &f.subject, strings),
                bucket: f.subject.into(),
                root: strings.get(&f.root),
                origin: f.failure.origin,
                related: f.failure.related,
                neutralized_by: None,
            });
        }
    }
    (findings, undecided)
}

/// Every (bucket, policy) check, and the finding or undecided entry it makes, in parallel;
/// collected in bucket then policy order. Passes are not collected: most checks pass, and
/// a slot each would cost more memory than the findings.
fn check_buckets(
    settings: &Settings,
    cx: &crate::policy::Context,
    sources: &Sources,
    strings: &crate::finding::Strings,
) -> (Vec<Finding>, Vec<Undecided>) {
    // A window of buckets at a time: rayon collects each into pieces before appending them,
    // so the findings of all buckets would be held twice. The vectors are reserved for every
    // check failing: what is never written is never made resident, and none is regrown (copied).
    let model = cx.model;
    let checks = model.buckets.len() * settings.policies.len();
    let (mut findings, mut undecided) = (Vec::with_capacity(checks), Vec::with_capacity(checks));
    let (custom, builtin): (Vec<&'static Policy>, Vec<&'static Policy>) = settings
        .policies
        .iter()
        .copied()
        .partition(|p| custom::is_custom(p));
    for window in model.buckets.chunks(256) {
        let (f, u): (Vec<Finding>, Vec<Undecided>) = window
            .par_iter()
            .flat_map_iter(|bucket| {
                let mut names = None;
                let builtin = builtin
                    .iter()
                    .map(|&p| (p, crate::policy::scope::verdict(p, cx, bucket)));
                // A custom policy may fail a bucket several times (one per `deny` member).
                let custom = custom::verdicts(&custom, cx, bucket, sources);
                builtin.chain(custom).filter_map(move |(p, verdict)| {
                    let names = names.get_or_insert_with(|| {
                        (Arc::from(bucket.address.as_str()), strings.get(&bucket.root))
                    });
                    outcome(p, bucket, names, verdict, settings.unknown_fail, sources, strings)
                })
            })
            .partition_map(|o| o);
        findings.extend(f);
        undecided.extend(u);
    }
    (findings, undecided)
}

/// The report order: findings by place, undecided entries by bucket, notes by place (once each).
fn sort(findings: &mut [Finding], undecided: &mut [Undecided], notes: &mut Vec<InputError>) {
    // In place (a stable sort would copy thousands of findings aside); ties, as when a scan-level
    // check reports one resource twice, go by message.
    findings.par_sort_unstable_by(|a, b| {
        (a.origin, &a.policy.meta.id, &a.root, &a.bucket, a.message()).cmp(&(
            b.origin,
            &b.policy.meta.id,
            &b.root,
            &b.bucket,
            b.message(),
        ))
    });
    undecided.par_sort_unstable_by(|a, b| {
        (&a.root, &a.bucket, &a.policy.meta.id, &a.reason).cmp(&(
            &b.root,
            &b.bucket,
            &b.policy.meta.id,
            &b.reason,
        ))
    });
    notes.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
    notes.dedup_by(|a, b| (&a.path, a.line, &a.message) == (&b.path, b.line, &b.message));
}

/// The result: the reports need only the buckets' names, so the rest of the model (the largest
/// thing left) is freed before they are written.
fn finish(
    loaded: LoadedInputs,
    mut model: Model,
    undecided: Vec<Undecided>,
    filtered: Filtered,
    exposures: Vec<Arc<crate::exposure::Exposure>>,
) -> ScanResult {
    let unlinked = std::mem::take(&mut model.unlinked);
    let buckets = std::mem::take(&mut model.buckets);
    drop(model);
    let buckets = buckets
        .into_par_iter()
        .map(|b| ScannedBucket {
            address: b.address,
            root: b.root,
            name: b.name,
            origin: b.origin,
            external: b.external,
        })
        .collect();
    let LoadedInputs {
        sources,
        inputs,
        errors,
        notes,
        headers,
        ..
    } = loaded;
    drop(headers);
    crate::alloc::release_freed();
    let inputs = inputs
        .iter()
        .map(|i| match i {
            Input::Module(m) => m.dir.clone(),
            Input::Plan { file, .. } => sources.get(*file).display.clone(),
        })
        .collect();
    // Warnings about the inputs (a module directory refused as outside the scanned tree) show
    // with the suppression warnings, not only in --verbose's notes.
    let (input_warnings, notes): (Vec<_>, Vec<_>) = notes
        .into_iter()
        .partition(|n| n.severity == crate::diagnostic::Severity::Warning);
    let mut warnings = filtered.warnings;
    if !input_warnings.is_empty() {
        warnings.extend(input_warnings);
        warnings.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
    }
    ScanResult {
        sources,
        inputs,
        buckets,
        unlinked,
        findings: filtered.findings,
        undecided,
        errors,
        notes,
        suppressed: filtered.suppressed,
        warnings,
        baselined: filtered.baselined,
        outside_diff: filtered.outside_diff,
        exposures,
    }
}

/// What one check of one bucket adds to the report: nothing, a finding or an undecided entry.
fn outcome(
    policy: &'static crate::policy::Policy,
    bucket: &model::Bucket,
    (address, root): &(Arc<str>, Arc<str>),
    verdict: Verdict,
    unknown_fail: bool,
    sources: &Sources,
    strings: &crate::finding::Strings,
) -> Option<Either<Finding, Undecided>> {
    // Messages and reasons are held until the report is written: shared, not copied.
    Some(match verdict {
        Verdict::Pass => return None,
        Verdict::Fail(f) => Either::Left(Finding {
            policy,
            bucket: address.clone(),
            root: root.clone(),
            message: crate::finding::Message::new(&f.message, address, strings),
            origin: f.origin,
            related: with_context(f.related, bucket, sources),
            neutralized_by: None,
        }),
        Verdict::Undecided { reason, origin } if unknown_fail => Either::Left(Finding {
            policy,
            bucket: address.clone(),
            root: root.clone(),
            message: crate::finding::Message::new(
                &format!(
                    "`{address}`: {} could not be decided because a value could not be resolved: {reason}",
                    policy.meta.id
                ),
                address,
                strings,
            ),
            origin,
            related: with_context(Vec::new(), bucket, sources),
            neutralized_by: None,
        }),
        Verdict::Undecided { reason, origin } => Either::Right(Undecided {
            policy,
            bucket: address.clone(),
            root: root.clone(),
            reason: strings.get(&reason),
            origin,
        }),
    })
}

fn mark_neutralized(
    model: &Model,
    exposures: &[std::sync::Arc<crate::exposure::Exposure>],
    findings: &mut [Finding],
) {
    use crate::exposure::Effectiveness;
    use crate::finding::Neutralized;
    let position: std::collections::HashMap<(&str, &str), usize> = model
        .buckets
        .iter()
        .enumerate()
        .rev() // the first of duplicates wins
        .map(|(i, b)| ((b.root.as_str(), b.address.as_str()), i))
        .collect();
    let mut indexes: rustc_hash::FxHashMap<usize, ReasonsAt> = Default::default();
    for f in findings.iter_mut() {
        if !f.policy.neutralizable {
            continue;
        }
        let Some(&i) = position.get(&(&*f.root, &*f.bucket)) else {
            continue;
        };
        // Every location of the finding must be neutralized, not just the first.
        let origins = std::iter::once(f.origin).chain(f.related.iter().map(|r| r.origin));
        let at = indexes.entry(i).or_insert_with(|| At::of(&exposures[i]));
        let effects: Vec<_> = origins.filter_map(|o| at.get(&o)).map(|r| r.effect()).collect();
        if effects.is_empty() || effects.iter().any(Option::is_none) {
            continue;
        }
        f.neutralized_by = match effects[0] {
            Some(Effectiveness::Rejected(r)) => Some(Box::new(Neutralized::RejectedAtApply(r.clone()))),
            Some(Effectiveness::Neutralized(r)) => Some(Box::new(Neutralized::Ineffective(r.clone()))),
            _ => None,
        };
    }
}

/// An exposure's reasons by origin (with a level), read once for every origin: reading them per
/// finding would be quadratic for one bucket with 200,000 policies.
type ReasonsAt<'e> = rustc_hash::FxHashMap<model::Origin, At<'e>>;

#[derive(Default)]
struct At<'e> {
    /// Some public or authenticated-users reason there takes effect.
    effective: bool,
    /// The first public or authenticated-users reason's effect.
    first: Option<&'e crate::exposure::Effectiveness>,
}

impl<'e> At<'e> {
    fn of(e: &'e crate::exposure::Exposure) -> ReasonsAt<'e> {
        use crate::exposure::Effectiveness;
        let mut out = ReasonsAt::default();
        for r in e.reasons.iter().filter(|r| r.level.is_some()) {
            let at: &mut At = out.entry(r.origin).or_default();
            if r.is_reported() {
                at.effective |= r.effect == Effectiveness::Effective;
                at.first.get_or_insert(&r.effect);
            }
        }
        out
    }

    fn effect(&self) -> Option<&'e crate::exposure::Effectiveness> {
        if self.effective { None } else { self.first }
    }
}

/// A finding's related locations, then where its bucket sits: the chain of module calls and,
/// for a plan mapped to source, the plan.
fn with_context(mut related: Vec<Related>, bucket: &model::Bucket, sources: &Sources) -> Vec<Related> {
    related.reserve_exact(bucket.module_calls.len() + usize::from(bucket.planned.is_some()));
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

/// The findings left to report, and what the filters took out of them.
struct Filtered {
    findings: Vec<Finding>,
    suppressed: Vec<crate::suppress::Suppressed>,
    /// Invalid, expired and unused suppressions.
    warnings: Vec<InputError>,
    baselined: Vec<Finding>,
    outside_diff: usize,
}

/// Excludes, suppressions, the baseline and `--diff-base`, in that order.
fn living_with_findings(
    mut findings: Vec<Finding>,
    undecided: &mut Vec<Undecided>,
    loaded: &mut LoadedInputs,
    model: &Model,
    settings: &Settings,
) -> Filtered {
    let (sources, headers) = (&loaded.sources, &loaded.headers);
    exclude(settings, sources, &mut findings, undecided, &mut loaded.errors);
    let mut warnings = Vec::new();
    let context = crate::suppress::Context {
        model,
        sources,
        headers,
        config: &settings.suppressions,
        selected: &settings.policies,
        catalog: settings.catalog(),
        today: settings.today,
    };
    let mut suppressed = context.apply(&mut findings, &mut warnings);
    let baselined = match &settings.baseline {
        Some((place, b)) => {
            let taken = b.filter(sources, place, &mut findings);
            if taken.is_empty() && !b.findings.is_empty() && !findings.is_empty() {
                warnings.push(InputError::file(
                    place.file.display().to_string(),
                    format!(
                        "none of the baseline's {} entries matches a finding of this scan, so every \
                         finding is reported: was it written for other code, or from a plan when \
                         this scan reads sources?",
                        b.findings.len()
                    ),
                ));
            }
            taken
        }
        None => Vec::new(),
    };
    let mut outside_diff = 0;
    if let Some(base) = &settings.diff_base {
        match crate::diff::changes(&settings.first_dir(), base) {
            Ok(changes) => {
                let touched = crate::diff::touched(&changes, model, sources, headers);
                let keep = |f: &Finding| touched.contains(&(f.root.to_string(), f.bucket.to_string()));
                let before = findings.len();
                findings.retain(keep);
                suppressed.retain(|s| keep(&s.finding));
                outside_diff = before - findings.len();
            }
            Err(e) => loaded.errors.push(InputError::file("--diff-base", e.to_string())),
        }
    }
    warnings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
    Filtered {
        findings,
        suppressed,
        warnings,
        baselined,
        outside_diff,
    }
}

/// The config's `exclude` globs: findings, undecided entries and errors in matching files go.
fn exclude(
    settings: &Settings,
    sources: &Sources,
    findings: &mut Vec<Finding>,
    undecided: &mut Vec<Undecided>,
    errors: &mut Vec<InputError>,
) {
    if settings.excludes.is_empty() {
        return;
    }
    let mut b = globset::GlobSetBuilder::new();
    for g in &settings.excludes {
        // The config layer validated every glob.
        if let Ok(g) = globset::Glob::new(g) {
            b.add(g);
        }
    }
    let Ok(set) = b.build() else { return };
    let base = settings.exclude_base.as_ref().and_then(|b| b.canonicalize().ok());
    let excluded: std::collections::BTreeSet<_> = sources
        .iter()
        .filter(|(_, f)| {
            let rel = base.as_ref().and_then(|base| {
                let abs = f.path.canonicalize().ok()?;
                Some(abs.strip_prefix(base).ok()?.to_string_lossy().replace('\\', "/"))
            });
            set.is_match(rel.as_deref().unwrap_or(&f.display))
        })
        .map(|(id, f)| (id, f.display.clone()))
        .collect();
    let is_excluded = |o: crate::model::Origin| excluded.iter().any(|(id, _)| *id == o.file);
    findings.retain(|f| !is_excluded(f.origin));
    undecided.retain(|u| !is_excluded(u.origin));
    errors.retain(|e| !excluded.iter().any(|(_, d)| *d == e.path) && !set.is_match(&e.path));
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
            // CPU time of every thread so far (the first field of each schedstat, in ns).
            let cpu_ms: f64 = std::fs::read_dir("/proc/self/task")
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
                .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
                .sum::<f64>()
                / 1e6;
            // Minor page faults so far: field 10 of /proc/self/stat (the 8th after the command name).
            let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
            let faults = stat
                .rsplit(')')
                .next()
                .and_then(|s| s.split_whitespace().nth(7))
                .unwrap_or("?");
            eprintln!(
                "timing: {name:<16} {:8.1} ms  cpu {cpu_ms:6.1} ms  rss {} kB (anon {}, file {})  peak {} kB  faults {faults}",
                t.elapsed().as_secs_f64() * 1e3,
                kb("VmRSS:"),
                kb("RssAnon:"),
                kb("RssFile:"),
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
        Some(threshold) if result.findings.iter().any(|f| fails(f, threshold)) => 1,
        _ => 0,
    }
}

/// Whether a finding fails the run at `--fail-on threshold`: one at or above it that takes effect
/// (a neutralized finding is reported, as a note, but fails nothing).
pub fn fails(f: &Finding, threshold: crate::policy::Severity) -> bool {
    f.neutralized_by.is_none() && f.policy.meta.severity >= threshold
}
