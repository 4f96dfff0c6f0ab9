//! Terraform sources (`.tf` native syntax and `.tf.json`) → evaluated resources.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body as HclBody, Structure};

use crate::eval::budget::Work;
use crate::eval::config::{Attr, Block, Body, Expr};
use crate::eval::{ChildResult, Evaluator, ModuleCall, ResKey, Scope, reorigin};
use crate::input::{InputError, Loaded, Module, Severity, prune, tfjson};
use crate::model::Reason;
use crate::model::node::Map;
use crate::model::{FileId, FileKind, Mode, Node, Origin, Resource, Sources, Val};
use crate::safe_io::normalize;

/// What the command line and the environment give a root module: variable values
/// (`--var-file` files, `--var name=value`, `TF_VAR_name`) and the scanned tree.
#[derive(Default)]
pub struct VarInputs<'a> {
    pub var_files: &'a [FileId],
    pub vars: &'a [(String, String)],
    /// `TF_VAR_name` values from the environment, by name (without the prefix).
    pub env: &'a [(String, String)],
    /// The directory tree being scanned (see [`crate::safe_io::Tree`]): `file()` reads inside it
    /// or inside the module's own directory, nowhere else, and module directories outside it are
    /// refused. None: only the module's, and module directories are not checked.
    pub tree: Option<&'a crate::safe_io::Tree>,
    /// The evaluation budgets of each root module.
    pub budgets: crate::eval::budget::Budgets,
}

enum Parsed {
    /// A native-syntax body parsed from the file's text at this byte offset.
    Hcl(FileId, usize, HclBody),
    Json(FileId, serde_json::Value),
}

/// A module's files, pruned and parsed, and the parse errors of those that did not parse.
struct ParsedFiles {
    parsed: Vec<Parsed>,
    errors: Vec<InputError>,
}

/// Child modules parsed once and shared by every call of them: a module called from each root
/// of a monorepo, or with `count`/`for_each`, is parsed once, not once per instance.
#[derive(Default)]
pub struct ParseCache(std::sync::Mutex<rustc_hash::FxHashMap<FileId, Arc<OnceLock<ParsedFiles>>>>);

impl ParseCache {
    /// The slot of the module whose first file is `first`; it is filled (parsed) outside the
    /// lock, so other modules need not wait.
    fn slot(&self, first: FileId) -> Arc<OnceLock<ParsedFiles>> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(first).or_default().clone()
    }
}

fn is_json(sources: &Sources, id: FileId) -> bool {
    sources.get(id).kind() == FileKind::Json
}

/// Parse one file; errors carry the file position. Errors that leave the file readable (a
/// repeated argument in JSON) go to `errors`.
fn parse(sources: &Sources, id: FileId, errors: &mut Vec<InputError>) -> Result<Parsed, InputError> {
    parse_from(sources, id, &sources.get(id).text, errors)
}

/// [`parse`], the file's text being `text`.
fn parse_from(
    sources: &Sources,
    id: FileId,
    text: &str,
    errors: &mut Vec<InputError>,
) -> Result<Parsed, InputError> {
    if is_json(sources, id) {
        tfjson::parse(sources, id, errors).map(|v| Parsed::Json(id, v))
    } else {
        parse_hcl(sources, id, text, 0..text.len())
    }
}

/// Parse the part `range` of a native-syntax file's `text` (whole top-level blocks).
fn parse_hcl(
    sources: &Sources,
    id: FileId,
    text: &str,
    range: std::ops::Range<usize>,
) -> Result<Parsed, InputError> {
    let offset = range.start;
    hcl_edit::parser::parse_body(&text[range])
        .map(|b| Parsed::Hcl(id, offset, b))
        .map_err(|e| {
            let off = offset + e.location().offset();
            InputError::at(sources, Origin::new(id, off..off), e.message().to_string())
        })
}

/// The configuration view of a native-syntax body parsed from its file at byte `offset`.
pub fn hcl_body(file: FileId, offset: usize, body: &HclBody) -> Body<'_> {
    let at = |span: std::ops::Range<usize>| span.start + offset..span.end + offset;
    let mut out = Body::default();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => out.attrs.push(Attr {
                name: a.key.as_str(),
                expr: Expr::Hcl(&a.value),
                origin: Origin::new(file, at(a.span().unwrap_or(0..0))),
            }),
            Structure::Block(b) => {
                let span = b.span().unwrap_or(0..0);
                let head_end = b
                    .labels
                    .last()
                    .and_then(|l| l.span())
                    .or_else(|| b.ident.span())
                    .map_or(span.start, |r| r.end);
                out.blocks.push(Block {
                    kind: b.ident.as_str(),
                    labels: b.labels.iter().map(|l| l.as_str()).collect(),
                    body: hcl_body(file, offset, &b.body),
                    origin: Origin::new(file, at(span.start..head_end.max(span.start))),
                })
            }
        }
    }
    out
}

/// Index every configuration file of `sources` by directory, as discovery does as it lists
/// them (tests, which add files by hand).
#[cfg(test)]
pub(crate) fn index_dirs(sources: &mut Sources) {
    let mut by_dir: BTreeMap<PathBuf, Vec<FileId>> = BTreeMap::new();
    for (id, f) in sources.iter() {
        let name = f.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if crate::input::discover::is_config_file(name) {
            let dir = normalize(f.path.parent().unwrap_or(Path::new(".")));
            by_dir.entry(dir).or_default().push(id);
        }
    }
    for (dir, files) in by_dir {
        sources.index_dir(dir, files);
    }
}

/// Texts taken out of [`Sources`] for one load (see [`Sources::take_text`]): freed once that
/// module is loaded rather than at the end of the scan.
pub type Texts = Vec<(FileId, Box<str>)>;

/// Evaluate one module directory as a root module.
pub fn load_module(sources: &Sources, module: &Module, vars: &VarInputs) -> Loaded {
    load_module_for(
        sources,
        module,
        vars,
        |_, _| true,
        &ParseCache::default(),
        Texts::new(),
    )
}

/// [`load_module`] returning only the resources `keep(mode, type)` selects: the others are
/// evaluated only when a kept one refers to them (most of a scan's time otherwise). `texts`
/// holds the texts of files of the module that `sources` gave up.
pub fn load_module_for(
    sources: &Sources,
    module: &Module,
    vars: &VarInputs,
    keep: fn(Mode, &str) -> bool,
    shared: &ParseCache,
    texts: Texts,
) -> Loaded {
    let Module {
        dir,
        files,
        tfvars,
        manifest,
    } = module;
    let fs_dir = files
        .first()
        .and_then(|&id| sources.get(id).path.parent().map(normalize));
    let local = ParseCache::default();
    let unit = Unit {
        sources,
        texts: &texts,
        caches: [&local, shared],
        dir: dir.to_string(),
        root_fs: fs_dir.clone(),
        fs_dir,
        files: files.to_vec(),
        root: dir.to_string(),
        module: String::new(),
        key: String::new(),
        calls: Vec::new(),
        manifest,
        depth: 0,
        keep,
        tree: vars.tree,
        work: Rc::new(Work::new(vars.budgets)),
    };
    let r = load_unit(&unit, VarSource::Root { tfvars, vars });
    Loaded {
        resources: r.resources,
        errors: r.errors,
        notes: r.notes,
    }
}

/// One module instance to evaluate.
struct Unit<'s> {
    sources: &'s Sources,
    /// Texts of its files that `sources` no longer holds.
    texts: &'s [(FileId, Box<str>)],
    /// Child modules parsed for this root, and those outside its directory, for every root.
    caches: [&'s ParseCache; 2],
    /// As displayed (`path.module`).
    dir: String,
    fs_dir: Option<PathBuf>,
    files: Vec<FileId>,
    /// The root module's directory, identifying the root.
    root: String,
    /// Module address prefix, "" for the root.
    module: String,
    /// The module's key in `.terraform/modules/modules.json` (`a.b`), "" for the root.
    key: String,
    /// The module calls leading here, outermost first.
    calls: Vec<(String, Origin)>,
    /// The root module's directory on disk and its `terraform init` manifest.
    root_fs: Option<PathBuf>,
    manifest: &'s BTreeMap<String, (String, String)>,
    depth: u32,
    /// Which resources to return (see [`load_module_for`]).
    keep: fn(Mode, &str) -> bool,
    /// See [`VarInputs::tree`].
    tree: Option<&'s crate::safe_io::Tree>,
    /// The root module's budgets and work used, shared by its child modules.
    work: Rc<Work>,
}

impl Unit<'_> {
    fn text(&self, id: FileId) -> &str {
        match self.texts.iter().find(|(t, _)| *t == id) {
            Some((_, text)) => text,
            None => &self.sources.get(id).text,
        }
    }
}

enum VarSource<'v> {
    Root {
        tfvars: &'v [FileId],
        vars: &'v VarInputs<'v>,
    },
    /// A child module's arguments.
    Child(Map),
}

/// How deep modules may call modules (a cycle never ends). Each level is a full evaluation of
/// its module, and instances multiply along the chain. A call beyond it is an input error at
/// its `module` block (see README, "Limits on hostile input").
pub const MAX_DEPTH: u32 = 16;

/// Prune and parse a module's files.
fn parse_files(u: &Unit) -> ParsedFiles {
    let sources = u.sources;
    let files: Vec<prune::File> = u
        .files
        .iter()
        .map(|&id| prune::File {
            text: u.text(id),
            native: !is_json(sources, id),
        })
        .collect();
    let kept = prune::prune(&files, u.keep, u.depth == 0);
    let mut out = ParsedFiles {
        parsed: Vec::new(),
        errors: Vec::new(),
    };
    for ((&id, file), kept) in u.files.iter().zip(&files).zip(kept) {
        // What was pruned is not parsed at all, rather than parsed as blank space.
        let parts = match kept {
            Some(ranges) => ranges
                .into_iter()
                .map(|r| parse_hcl(sources, id, file.text, r))
                .collect(),
            None => vec![parse_from(sources, id, file.text, &mut out.errors)],
        };
        for p in parts {
            match p {
                Ok(p) => out.parsed.push(p),
                Err(e) => out.errors.push(e),
            }
        }
    }
    out
}

fn load_unit(u: &Unit, var_source: VarSource) -> ChildResult {
    let mut own = None;
    let (files, fresh) = parsed_files(u, &mut own);
    // Parse errors are reported by the call that parsed the files: once per file, not once per
    // instance of the module.
    let mut errors = if fresh { files.errors.clone() } else { Vec::new() };
    let top = top_blocks(u.sources, &files.parsed);
    let notes = std::cell::RefCell::new(Vec::new());
    let loader =
        |parent: &Evaluator, call: &ModuleCall, inputs: Map| load_child(u, &notes, parent, call, inputs);
    let mut ev = Evaluator::new(&u.dir, u.fs_dir.clone(), &u.module, &top);
    ev.loader = Some(&loader);
    ev.tree = u.tree;
    ev.work = u.work.clone();
    ev.vars = variable_values(u, &ev, &top, var_source, &mut errors);
    let mut resources = kept_resources(u, &ev);
    let names: Vec<String> = ev.module_calls.iter().map(|(n, _)| n.clone()).collect();
    for name in names {
        let _ = ev.module_call(&name);
    }
    // A root module's outputs have no reader (and were left unparsed).
    let outputs = if u.depth == 0 {
        Map::new()
    } else {
        outputs(&ev, &top)
    };
    resources.append(&mut ev.child_resources.borrow_mut());
    let problems = ev.problems.take().into_iter();
    errors.extend(problems.map(|(_, at, why)| InputError::at(u.sources, at, why)));
    errors.append(&mut ev.child_errors.borrow_mut());
    let mut notes = notes.take();
    let own_notes = ev.notes.take().into_iter();
    notes.extend(own_notes.map(|(at, why)| InputError::at(u.sources, at, why)));
    notes.append(&mut ev.child_notes.borrow_mut());
    ChildResult {
        resources,
        errors,
        notes,
        outputs: Node::new(Val::Map(outputs), default_origin(&top)),
    }
}

/// The unit's files parsed, and whether this call parsed them. A root is parsed once (into
/// `own`); a child module on its first call (in the cache of its root when it sits under the
/// root's directory, else in the one every root shares).
fn parsed_files<'u>(u: &Unit, own: &'u mut Option<ParsedFiles>) -> (ParsedRef<'u>, bool) {
    let (false, Some(&first)) = (u.depth == 0, u.files.first()) else {
        return (ParsedRef::Own(own.insert(parse_files(u))), true);
    };
    let inside = match (&u.fs_dir, &u.root_fs) {
        (Some(dir), Some(root)) => dir.starts_with(root),
        _ => true,
    };
    let cached = u.caches[usize::from(!inside)].slot(first);
    let mut fresh = false;
    cached.get_or_init(|| {
        fresh = true;
        parse_files(u)
    });
    (ParsedRef::Cached(cached), fresh)
}

/// Parsed files owned by this call or shared through a [`ParseCache`] slot.
enum ParsedRef<'u> {
    Own(&'u ParsedFiles),
    Cached(Arc<OnceLock<ParsedFiles>>),
}

impl std::ops::Deref for ParsedRef<'_> {
    type Target = ParsedFiles;
    fn deref(&self) -> &ParsedFiles {
        match self {
            ParsedRef::Own(p) => p,
            ParsedRef::Cached(slot) => slot.get().expect("filled by parsed_files"),
        }
    }
}

/// The top-level blocks of every parsed file, in file order.
fn top_blocks<'p>(sources: &'p Sources, parsed: &'p [Parsed]) -> Vec<Block<'p>> {
    let mut top: Vec<Block> = Vec::new();
    for p in parsed {
        match p {
            Parsed::Hcl(id, offset, b) => top.extend(hcl_body(*id, *offset, b).blocks),
            Parsed::Json(id, v) => top.extend(tfjson::top_blocks(sources, *id, v)),
        }
    }
    top
}

/// A call past [`MAX_DEPTH`]: not read, an error at its `module` block, its outputs unknown.
fn too_deep(u: &Unit, call: &ModuleCall) -> ChildResult {
    let msg = format!(
        "{}: modules are nested more than {MAX_DEPTH} levels deep (a cycle?); this call and what it calls are not read",
        call.prefix
    );
    ChildResult {
        resources: Vec::new(),
        errors: vec![InputError::at(u.sources, call.origin, msg.clone())],
        notes: Vec::new(),
        outputs: Node::not_known(msg, call.origin),
    }
}

/// One instance of a child module, for [`Evaluator`]'s loader. Local child modules are read from
/// the scanned files under their directory; remote ones from where `terraform init` put them,
/// when it did (else a note, unless the call is provisional).
fn load_child(
    u: &Unit,
    notes: &std::cell::RefCell<Vec<InputError>>,
    parent: &Evaluator,
    call: &ModuleCall,
    inputs: Map,
) -> Result<ChildResult, Reason> {
    let (src, prefix) = (call.source, call.prefix);
    if u.depth >= MAX_DEPTH {
        return Ok(too_deep(u, call));
    }
    let key = if u.key.is_empty() {
        call.name.to_string()
    } else {
        format!("{}.{}", u.key, call.name)
    };
    let (child_fs, child_dir) = child_location(u, notes, parent, call, &key)?;
    let files: Vec<FileId> = u.sources.config_files_in(&child_fs).to_vec();
    if files.is_empty() {
        return Err(Reason::not_known(format!(
            "module source \"{src}\" has no configuration files in the scan"
        )));
    }
    let mut calls = u.calls.clone();
    calls.push((prefix.to_string(), call.origin));
    let child = Unit {
        sources: u.sources,
        texts: &[],
        caches: u.caches,
        dir: normalize(Path::new(&child_dir))
            .to_string_lossy()
            .replace('\\', "/"),
        fs_dir: Some(child_fs),
        files,
        root: u.root.clone(),
        module: prefix.to_string(),
        key,
        calls,
        root_fs: u.root_fs.clone(),
        manifest: u.manifest,
        depth: u.depth + 1,
        keep: u.keep,
        tree: u.tree,
        work: u.work.clone(),
    };
    Ok(load_unit(&child, VarSource::Child(inputs)))
}

/// Where a child module's files are, on disk and as displayed: under the calling module's
/// directory for a local source, where `terraform init` put it for a remote one (else a note,
/// unless the call is provisional, and no files).
fn child_location(
    u: &Unit,
    notes: &std::cell::RefCell<Vec<InputError>>,
    parent: &Evaluator,
    call: &ModuleCall,
    key: &str,
) -> Result<(PathBuf, String), Reason> {
    let (src, prefix) = (call.source, call.prefix);
    if src.starts_with("./") || src.starts_with("../") {
        let fs = parent
            .fs_dir
            .as_ref()
            .ok_or_else(|| Reason::not_known("the module directory is not known"))?;
        let child = normalize(&fs.join(src));
        inside_tree(u, notes, call, &child, || format!("module source \"{src}\""))?;
        Ok((child, format!("{}/{src}", u.dir)))
    } else {
        match (u.manifest.get(key), &u.root_fs) {
            (Some((_, dir)), Some(root_fs)) => {
                let child = normalize(&root_fs.join(dir));
                let what = || format!("the directory \"{dir}\" that .terraform/modules/modules.json gives");
                if Path::new(dir).is_absolute() {
                    return Err(refuse_module(u, notes, call, &what(), "an absolute path"));
                }
                inside_tree(u, notes, call, &child, what)?;
                Ok((child, format!("{}/{dir}", u.root)))
            }
            _ => {
                let why = format!(
                    "{prefix}: module source \"{src}\" is not installed (run `terraform init`); \
                     its resources are not scanned and its outputs are unknown"
                );
                if !call.provisional {
                    notes.borrow_mut().push(
                        InputError::at(u.sources, call.origin, why.clone()).with_severity(Severity::Note),
                    );
                }
                Err(Reason::not_known(why))
            }
        }
    }
}

/// A module directory the repository names must resolve (symlinks followed) inside the scanned
/// tree ([`crate::safe_io::Tree`]); discovery does not read one outside it, so a directory with
/// files read is inside (checked without a system call, once per instance). A directory that
/// does not exist is left to the "no configuration files" answer.
fn inside_tree(
    u: &Unit,
    notes: &std::cell::RefCell<Vec<InputError>>,
    call: &ModuleCall,
    dir: &Path,
    what: impl Fn() -> String,
) -> Result<(), Reason> {
    match u.tree {
        Some(_) if !u.sources.config_files_in(dir).is_empty() => Ok(()),
        Some(tree) if dir.exists() && tree.resolve(dir, false).is_err() => Err(refuse_module(
            u,
            notes,
            call,
            &what(),
            "outside the scanned tree (symlinks followed)",
        )),
        _ => Ok(()),
    }
}

/// A warning at the module block (unless the call is provisional) and the reason its outputs
/// are unknown: `what` (the directory) is `why`, so its files are not read.
fn refuse_module(
    u: &Unit,
    notes: &std::cell::RefCell<Vec<InputError>>,
    call: &ModuleCall,
    what: &str,
    why: &str,
) -> Reason {
    let msg = format!(
        "{}: {what} is {why}: not read; its resources are not scanned and its outputs are unknown",
        call.prefix
    );
    if !call.provisional {
        notes
            .borrow_mut()
            .push(InputError::at(u.sources, call.origin, msg.clone()).with_severity(Severity::Warning));
    }
    Reason::not_known(msg)
}

/// Variable values in Terraform's precedence, lowest first: defaults, then the root's inputs
/// or a child's arguments; object types fill their optional attributes' defaults; a variable
/// without any value is unknown.
fn variable_values(
    u: &Unit,
    ev: &Evaluator,
    top: &[Block],
    var_source: VarSource,
    errors: &mut Vec<InputError>,
) -> Map {
    let root = Scope::root();
    let mut values: Map = Map::new();
    let mut types: BTreeMap<String, Option<String>> = BTreeMap::new();
    for b in top.iter().filter(|b| b.kind == "variable") {
        let Some(name) = b.labels.first() else { continue };
        types.insert(name.to_string(), var_type(b));
        if let Some(d) = b.body.attr("default") {
            values.insert(name.to_string(), ev.eval_expr(d.expr, &root, d.origin));
        }
    }
    match var_source {
        VarSource::Root { tfvars, vars } => {
            root_var_values(u.sources, ev, top, &types, tfvars, vars, &mut values, errors);
        }
        VarSource::Child(inputs) => {
            for (k, v) in inputs {
                if types.contains_key(&k) {
                    values.insert(k, v);
                }
            }
        }
    }
    for b in top.iter().filter(|b| b.kind == "variable") {
        if let (Some(name), Some(ty)) = (b.labels.first(), b.body.attr("type"))
            && let Some(v) = values.get_mut(*name)
        {
            match ty.expr {
                Expr::Hcl(e) => apply_type(ev, e, v),
                Expr::Json(serde_json::Value::String(t)) => {
                    if let Ok(e) = hcl_edit::parser::parse_expr(t) {
                        apply_type(ev, &e, v)
                    }
                }
                Expr::Json(_) => {}
            }
        }
    }
    for name in types.keys() {
        values
            .entry(name.clone())
            .or_insert_with(|| Node::not_known(format!("var.{name} has no value"), default_origin(top)));
    }
    values
}

/// The resources the unit's `keep` selects, every instance of them. All are evaluated before
/// any is taken out of the memo: one read after it was taken would be evaluated again.
fn kept_resources(u: &Unit, ev: &Evaluator) -> Vec<Resource> {
    let mut resources = Vec::new();
    let kept: Vec<ResKey> = ev.order.iter().filter(|k| (u.keep)(k.0, &k.1)).cloned().collect();
    for key in &kept {
        ev.evaluate(key);
    }
    for key in kept {
        let Some(block) = ev.block(&key) else { continue };
        let Some(evaluated) = ev.take(&key) else { continue };
        for inst in evaluated.instances {
            let bucket_expr = bucket_expr(&key.1, block, &inst.object);
            resources.push(Resource {
                address: inst.address.clone(),
                module: u.module.clone(),
                mode: key.0,
                rtype: key.1.clone(),
                name: key.2.clone(),
                body: inst.into_body(),
                origin: block.origin,
                root: u.root.clone(),
                module_calls: u.calls.clone(),
                planned: None,
                bucket_expr,
            });
        }
    }
    resources
}

/// A child module's outputs, by name.
fn outputs(ev: &Evaluator, top: &[Block]) -> Map {
    let root = Scope::root();
    let mut outputs = Map::new();
    for b in top.iter().filter(|b| b.kind == "output") {
        if let (Some(name), Some(v)) = (b.labels.first(), b.body.attr("value")) {
            outputs.insert(name.to_string(), ev.eval_expr(v.expr, &root, v.origin));
        }
    }
    outputs
}

/// Root module variables: TF_VAR_ environment, tfvars files, --var-file, --var.
#[allow(clippy::too_many_arguments)]
fn root_var_values(
    sources: &Sources,
    ev: &Evaluator,
    top: &[Block],
    types: &BTreeMap<String, Option<String>>,
    tfvars: &[FileId],
    vars: &VarInputs,
    values: &mut Map,
    errors: &mut Vec<InputError>,
) {
    let root = Scope::root();
    for (name, ty) in types {
        if let Some((_, raw)) = vars.env.iter().find(|(n, _)| n == name) {
            values.insert(
                name.clone(),
                raw_var(ev, raw, ty.as_deref(), &root, default_origin(top)),
            );
        }
    }
    let mut auto: Vec<FileId> = tfvars.to_vec();
    auto.sort_by_key(|&id| tfvars_rank(&sources.get(id).display));
    let mut var_parsed = Vec::new();
    for id in auto.into_iter().chain(vars.var_files.iter().copied()) {
        match parse(sources, id, errors) {
            Ok(p) => var_parsed.push(p),
            Err(e) => errors.push(e),
        }
    }
    for p in &var_parsed {
        match p {
            Parsed::Hcl(id, offset, b) => {
                for a in hcl_body(*id, *offset, b).attrs {
                    if types.contains_key(a.name) {
                        let mut v = ev.eval_expr(a.expr, &root, a.origin);
                        reorigin(&mut v, a.origin);
                        values.insert(a.name.to_string(), v);
                    }
                }
            }
            Parsed::Json(id, serde_json::Value::Object(o)) => {
                for (k, x) in o {
                    if types.contains_key(k) {
                        values.insert(k.clone(), Node::from_json(x, tfjson::key_origin(sources, *id, k)));
                    }
                }
            }
            Parsed::Json(id, _) => errors.push(InputError::at(
                sources,
                Origin::new(*id, 0..0),
                "a variables file must hold a JSON object",
            )),
        }
    }
    for (name, raw) in vars.vars {
        if let Some(ty) = types.get(name) {
            values.insert(
                name.clone(),
                raw_var(ev, raw, ty.as_deref(), &root, default_origin(top)),
            );
        }
    }
}

/// The text of a configuration resource's `bucket` expression when its value is not known: what
/// names a bucket outside the scan.
fn bucket_expr(rtype: &str, block: &Block, object: &Node) -> Option<Box<str>> {
    let bucket = object.get("bucket")?;
    // A generated name's placeholder is a name not known too (`"${aws_s3_bucket.b.id}-logs"`).
    let generated = matches!(&bucket.val, Val::Str(s) if s.contains("${"));
    if !crate::model::resource::CONFIGURES_BUCKET.contains(&rtype) || !(bucket.is_unknown() || generated) {
        return None;
    }
    let text = match block.body.attr("bucket")?.expr {
        Expr::Hcl(e) => e.to_string(),
        Expr::Json(serde_json::Value::String(s)) => s.clone(),
        Expr::Json(v) => v.to_string(),
    };
    Some(plain_expr(&text).into())
}

/// An expression's text as both syntaxes can spell it: `"${var.x}-logs"` (HCL) and
/// `${var.x}-logs` (JSON) are `${var.x}-logs`; a template that is one interpolation is what it
/// interpolates (`"${var.x}"` is `var.x`).
fn plain_expr(text: &str) -> &str {
    let t = text.trim();
    let t = match t.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner,
        _ => t,
    };
    match t.strip_prefix("${").and_then(|t| t.strip_suffix('}')) {
        Some(inner) if !inner.contains("${") && !inner.contains('}') => inner.trim(),
        _ => t,
    }
}

fn default_origin(top: &[Block]) -> Origin {
    top.first().map_or_else(Origin::default, |b| b.origin)
}

/// terraform.tfvars, then terraform.tfvars.json, then *.auto.tfvars(.json) by name.
fn tfvars_rank(display: &str) -> (u8, String) {
    let name = display.rsplit('/').next().unwrap_or(display);
    match name {
        "terraform.tfvars" => (0, String::new()),
        "terraform.tfvars.json" => (1, String::new()),
        n => (2, n.to_string()),
    }
}

/// Convert `v` to the type constraint `ty` where it matters for values: an `object({...})`
/// drops attributes it does not declare and fills missing `optional(T, default)` ones (null
/// without a default); collections convert their elements. Unknown values stay as they are.
fn apply_type(ev: &Evaluator, ty: &Expression, v: &mut Node) {
    let Expression::FuncCall(f) = ty else { return };
    let args: Vec<&Expression> = f.args.iter().collect();
    match (f.name.name.as_str(), &mut v.val) {
        ("optional", _) => {
            if let Some(t) = args.first() {
                apply_type(ev, t, v)
            }
        }
        ("map" | "list" | "set", Val::Map(m)) => {
            if let Some(t) = args.first() {
                m.iter_mut().for_each(|(_, x)| apply_type(ev, t, x));
            }
        }
        ("map" | "list" | "set", Val::List(l)) => {
            if let Some(t) = args.first() {
                l.iter_mut().for_each(|x| apply_type(ev, t, x));
            }
        }
        ("object", Val::Map(m)) => {
            let Some(Expression::Object(o)) = args.first() else {
                return;
            };
            let mut declared = std::collections::BTreeSet::new();
            for (k, at) in o.iter() {
                let key = match k {
                    hcl_edit::expr::ObjectKey::Ident(id) => id.as_str().to_string(),
                    hcl_edit::expr::ObjectKey::Expression(Expression::Variable(id)) => {
                        id.as_str().to_string()
                    }
                    hcl_edit::expr::ObjectKey::Expression(_) => return,
                };
                let at_ty = at.expr();
                declared.insert(key.clone());
                match m.get_mut(&key) {
                    Some(x) if !matches!(x.val, Val::Null) => apply_type(ev, at_ty, x),
                    _ => {
                        if let Expression::FuncCall(of) = at_ty
                            && of.name.name.as_str() == "optional"
                        {
                            let oargs: Vec<&Expression> = of.args.iter().collect();
                            let mut d = match oargs.get(1) {
                                Some(d) => ev.eval(d, &Scope::root(), v.origin),
                                None => Node::new(Val::Null, v.origin),
                            };
                            if let Some(t) = oargs.first() {
                                apply_type(ev, t, &mut d);
                            }
                            m.insert(key, d);
                        }
                    }
                }
            }
            m.retain(|k, _| declared.contains(k));
        }
        _ => {}
    }
}

/// The declared type's name when it is a plain keyword (`string`, `number`...).
fn var_type(b: &Block) -> Option<String> {
    match b.body.attr("type")?.expr {
        Expr::Hcl(Expression::Variable(id)) => Some(id.as_str().to_string()),
        Expr::Hcl(_) => Some("complex".into()),
        Expr::Json(serde_json::Value::String(s)) => Some(s.clone()),
        Expr::Json(_) => Some("complex".into()),
    }
}

/// A `--var` / `TF_VAR_` value: taken literally for string (or untyped) variables, otherwise
/// parsed as an HCL expression.
fn raw_var(ev: &Evaluator, raw: &str, ty: Option<&str>, sc: &Scope, at: Origin) -> Node {
    match ty {
        None | Some("string") => Node::new(Val::Str(raw.into()), at),
        _ => match hcl_edit::parser::parse_expr(raw) {
            Ok(e) => ev.eval(&e, sc, at),
            Err(e) => Node::unknown(format!("invalid variable value: {}", e.message()), at),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mode, SourceFile};

    pub struct Fixture {
        pub sources: Sources,
        pub loaded: Loaded,
        _dir: tempfile::TempDir,
    }

    impl Fixture {
        fn res(&self, addr: &str) -> &Resource {
            self.loaded
                .resources
                .iter()
                .find(|r| r.address == addr)
                .unwrap_or_else(|| panic!("no {addr} in {:?}", self.addrs()))
        }
        fn addrs(&self) -> Vec<&str> {
            self.loaded.resources.iter().map(|r| r.address.as_str()).collect()
        }
        fn attr(&self, addr: &str, key: &str) -> &Node {
            self.res(addr)
                .body
                .get(key)
                .unwrap_or_else(|| panic!("no {key} in {addr}: {:?}", self.res(addr).body))
        }
        fn s(&self, addr: &str, key: &str) -> &str {
            let n = self.attr(addr, key);
            n.as_str()
                .unwrap_or_else(|| panic!("{addr}.{key} is {:?}", n.val))
        }
        fn line(&self, o: Origin) -> u32 {
            self.sources.start(o).line
        }
    }

    fn unknown(n: &Node) -> &str {
        match &n.val {
            Val::Unknown(r) => r,
            Val::Partial(p) => &p.reason,
            v => panic!("expected unknown, got {v:?}"),
        }
    }

    fn load_with(files: &[(&str, &str)], var_files: &[(&str, &str)], vars: &[(&str, &str)]) -> Fixture {
        load_env(files, var_files, vars, &[])
    }

    /// [`load_with`], with `TF_VAR_` values given as the command line reads them.
    fn load_env(
        files: &[(&str, &str)],
        var_files: &[(&str, &str)],
        vars: &[(&str, &str)],
        env: &[(String, String)],
    ) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Sources::default();
        let (mut cfg, mut tfvars, mut vf) = (Vec::new(), Vec::new(), Vec::new());
        for (name, text) in files.iter().chain(var_files) {
            let path = dir.path().join(name);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).unwrap();
            }
            std::fs::write(&path, text).unwrap();
            let is_cfg = crate::input::discover::is_config_file(name);
            if name.contains('/') && !is_cfg {
                continue;
            }
            let id = sources.add(SourceFile::new(path, format!("m/{name}"), *text));
            if name.contains('/') {
                // A child module's file: scanned, but not part of the root module.
                continue;
            } else if var_files.iter().any(|(n, _)| n == name) {
                vf.push(id);
            } else if name.ends_with(".tfvars") || name.ends_with(".tfvars.json") {
                tfvars.push(id);
            } else {
                cfg.push(id);
            }
        }
        index_dirs(&mut sources);
        let vars: Vec<(String, String)> = vars.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let module = Module {
            dir: "m".into(),
            files: cfg,
            tfvars,
            manifest: crate::input::discover::module_manifest(dir.path()),
        };
        let loaded = load_module(
            &sources,
            &module,
            &VarInputs {
                var_files: &vf,
                vars: &vars,
                env,
                tree: None,
                budgets: Default::default(),
            },
        );
        Fixture {
            sources,
            loaded,
            _dir: dir,
        }
    }

    fn load(files: &[(&str, &str)]) -> Fixture {
        load_with(files, &[], &[])
    }

    #[test]
    fn resources_attributes_blocks_and_origins() {
        let f = load(&[(
            "main.tf",
            r#"
resource "aws_s3_bucket" "b" {
  bucket = "logs"
  count_me = 1
  lifecycle {
    prevent_destroy = true
  }
  depends_on = [aws_s3_bucket.c]
}

resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
        )]);
        assert!(f.loaded.errors.is_empty(), "{:?}", f.loaded.errors);
        assert_eq!(f.addrs(), ["aws_s3_bucket.b", "aws_s3_bucket_versioning.v"]);
        let b = f.res("aws_s3_bucket.b");
        assert_eq!(b.mode, Mode::Managed);
        assert_eq!(
            (b.rtype.as_str(), b.name.as_str(), b.root.as_str()),
            ("aws_s3_bucket", "b", "m")
        );
        assert_eq!(f.line(b.origin), 2);
        // The header only: `resource "aws_s3_bucket" "b"`.
        assert_eq!(f.sources.end(b.origin).line, 2);
        assert_eq!(f.s("aws_s3_bucket.b", "bucket"), "logs");
        assert!(b.body.get("lifecycle").is_none() && b.body.get("depends_on").is_none());
        assert!(b.body.get("id").is_none() && b.body.get("arn").is_none());
        let bucket = f.attr("aws_s3_bucket.b", "bucket");
        let text =
            &f.sources.get(bucket.origin.file).text[bucket.origin.start as usize..bucket.origin.end as usize];
        assert_eq!(text, r#"bucket = "logs""#);

        let v = f.attr("aws_s3_bucket_versioning.v", "bucket");
        assert_eq!(v.as_str(), Some("logs"));
        assert_eq!(v.refs, ["aws_s3_bucket.b"]);
        assert_eq!(f.line(v.origin), 12);
        let blocks = f
            .res("aws_s3_bucket_versioning.v")
            .body
            .blocks("versioning_configuration");
        assert_eq!(blocks.len(), 1);
        assert_eq!(f.line(blocks[0].origin), 13);
        assert_eq!(blocks[0].get("status").and_then(Node::as_str), Some("Enabled"));
    }

    #[test]
    fn parse_error_is_located_and_other_files_load() {
        let f = load(&[
            ("a.tf", "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \n}\n"),
            ("b.tf", "resource \"aws_s3_bucket\" \"b\" {}\n"),
        ]);
        assert_eq!(f.addrs(), ["aws_s3_bucket.b"]);
        assert_eq!(f.loaded.errors.len(), 1);
        let e = &f.loaded.errors[0];
        assert_eq!(e.path, "m/a.tf");
        assert!(e.line.is_some_and(|l| l >= 2), "{e:?}");
        assert!(e.column.is_some());
    }

    #[test]
    fn pruned_blocks_leave_lines_and_error_positions_alone() {
        // The `terraform` block and the unread variable are pruned: the blocks after them are
        // parsed on their own, and their positions are still the file's.
        let text = "terraform {\n  required_version = \">= 1.3\"\n}\n\
                    variable \"unused\" {\n  default = 1\n}\n\
                    resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"x\"\n}\n\
                    variable \"also_unused\" {}\n\
                    resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n";
        let f = load(&[("main.tf", text)]);
        assert_eq!(f.addrs(), ["aws_s3_bucket.a"]);
        assert_eq!(f.line(f.res("aws_s3_bucket.a").origin), 7);
        assert_eq!(f.line(f.attr("aws_s3_bucket.a", "bucket").origin), 8);
        let e = &f.loaded.errors[0];
        assert_eq!(
            (e.path.as_str(), e.line, e.column),
            ("m/main.tf", Some(12), Some(12)),
            "{e:?}"
        );
    }

    /// Evaluate `expr` as the argument `v` of a resource, with `extra` configuration around it.
    fn eval(expr: &str, extra: &str) -> Node {
        let f = load(&[(
            "main.tf",
            &format!("resource \"t\" \"r\" {{\n  v = {expr}\n}}\n{extra}"),
        )]);
        assert!(f.loaded.errors.is_empty(), "{:?}", f.loaded.errors);
        f.attr("t.r", "v").clone()
    }

    fn eval_str(expr: &str, extra: &str) -> String {
        let n = eval(expr, extra);
        n.as_str()
            .unwrap_or_else(|| panic!("{expr} gave {:?}", n.val))
            .to_string()
    }

    fn json(n: &Node) -> String {
        n.to_json()
            .map(|j| j.to_string())
            .unwrap_or_else(|| format!("{:?}", n.val))
    }

    #[test]
    fn expressions() {
        assert_eq!(eval_str(r#""a-${"b"}-${1 + 2}-${true}""#, ""), "a-b-3-true");
        assert_eq!(json(&eval("\"${[1, 2]}\"", "")), "[1,2]");
        assert_eq!(
            eval_str(r#""a ${"b"} %{ if true ~} yes %{~ endif } c""#, ""),
            "a b yes c"
        );
        assert_eq!(
            eval_str(r#""%{ for x in ["a", "b"] }${x},%{ endfor }""#, ""),
            "a,b,"
        );
        assert_eq!(eval_str("<<EOF\nline1\n  ${\"x\"}\nEOF\n", ""), "line1\n  x\n");
        assert_eq!(
            eval_str("<<-EOF\n    one\n      two\n    EOF\n", ""),
            "one\n  two\n"
        );
        assert_eq!(
            json(&eval(
                r#"{ a = 1, "b" = [true, null], (local.k) = "x" }"#,
                "locals {\n k = \"kk\"\n}"
            )),
            r#"{"a":1,"b":[true,null],"kk":"x"}"#
        );
        assert_eq!(json(&eval("1 + 2 * 3 - 4 / 2 == 5 && !false", "")), "true");
        assert_eq!(json(&eval("-(3 % 2) < 0 ? \"neg\" : \"pos\"", "")), "\"neg\"");
        assert_eq!(json(&eval("[for x in [1, 2, 3] : x * 2 if x != 2]", "")), "[2,6]");
        assert_eq!(
            json(&eval(r#"{ for k, v in { a = 1, b = 2 } : upper(k) => v }"#, "")),
            r#"{"A":1,"B":2}"#
        );
        assert_eq!(
            json(&eval(r#"{ for x in ["a", "b", "a"] : x => x... }"#, "")),
            r#"{"a":["a","a"],"b":["b"]}"#
        );
        assert_eq!(
            json(&eval("local.l[*].n", "locals {\n l = [{ n = 1 }, { n = 2 }]\n}")),
            "[1,2]"
        );
        assert_eq!(
            json(&eval("local.l.*.n", "locals {\n l = [{ n = 1 }, { n = 2 }]\n}")),
            "[1,2]"
        );
        assert_eq!(
            json(&eval(
                "local.m[\"a\"].b[1]",
                "locals {\n m = { a = { b = [5, 6] } }\n}"
            )),
            "6"
        );
        assert_eq!(json(&eval("local.s[*]", "locals {\n s = \"x\"\n}")), "[\"x\"]");
        assert_eq!(
            eval_str("\"${path.module}/${terraform.workspace}\"", ""),
            "m/default"
        );
    }

    #[test]
    fn unknowns_propagate_with_reasons() {
        let extra = "variable \"acl\" {}\nvariable \"n\" {\n  type = number\n}";
        assert_eq!(unknown(&eval("var.acl", extra)), "var.acl has no value");
        assert_eq!(unknown(&eval("\"x-${var.acl}\"", extra)), "var.acl has no value");
        assert_eq!(unknown(&eval("upper(var.acl)", extra)), "var.acl has no value");
        assert_eq!(unknown(&eval("var.n + 1", extra)), "var.n has no value");
        assert_eq!(
            unknown(&eval("var.acl == \"x\" ? 1 : 2", extra)),
            "var.acl has no value"
        );
        // A known operand decides && / || alone.
        assert_eq!(json(&eval("false && var.acl", extra)), "false");
        assert_eq!(unknown(&eval("var.nope", "")), "var.nope is not declared");
        assert!(unknown(&eval("module.m.out", "")).contains("module.m"));
        assert!(unknown(&eval("nosuchfn(1)", "")).contains("nosuchfn"));
        assert!(unknown(&eval("aws_thing.missing.id", "")).contains("undeclared"));
        // A cycle of locals: unknown, and (Terraform rejects it) an error at the local.
        let f = load(&[(
            "main.tf",
            "resource \"t\" \"r\" {\n  v = local.a\n}\nlocals {\n a = local.b\n b = local.a\n}\n",
        )]);
        assert!(unknown(f.attr("t.r", "v")).contains("itself"));
        let e = &f.loaded.errors[..];
        assert!(
            e.len() == 1 && e[0].line == Some(5) && e[0].message.contains("cycle"),
            "{e:?}"
        );
        // Unknown inside a structure stays inside.
        let n = eval("{ a = var.acl, b = 1 }", extra);
        assert_eq!(unknown(n.get("a").unwrap()), "var.acl has no value");
        assert_eq!(n.get("b").unwrap().val, Val::Number(1.0));
    }

    #[test]
    fn locals_are_order_independent() {
        let extra = "locals {\n a = \"${local.b}-a\"\n}\nlocals {\n b = upper(local.c)\n c = \"c\"\n}";
        assert_eq!(eval_str("local.a", extra), "C-a");
    }

    #[test]
    fn variable_precedence() {
        let main = r#"
variable "a" {
  default = "default"
}
variable "b" {
  default = "default"
}
variable "c" {
  default = "default"
}
variable "d" {
  default = "default"
}
variable "e" {
  default = "default"
}
variable "f" {
  default = "default"
}
variable "g" {
  default = "default"
}
variable "l" {
  type = list(string)
}
resource "t" "r" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  f = var.f
  g = var.g
  l = var.l
}
"#;
        let f = load_with(
            &[
                ("main.tf", main),
                ("b.auto.tfvars", "d = \"b.auto\"\ne = \"b.auto\"\n"),
                (
                    "a.auto.tfvars.json",
                    r#"{"c": "a.auto", "d": "a.auto", "undeclared": 1}"#,
                ),
                (
                    "terraform.tfvars.json",
                    r#"{"b": "tfvars.json", "c": "tfvars.json"}"#,
                ),
                ("terraform.tfvars", "b = \"tfvars\"\na = \"tfvars\"\n"),
            ],
            &[("extra.tfvars", "e = \"var-file\"\nf = \"var-file\"\n")],
            &[("f", "cli"), ("g", "cli"), ("l", "[\"x\", \"y\"]")],
        );
        assert!(f.loaded.errors.is_empty(), "{:?}", f.loaded.errors);
        let got: Vec<&str> = ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .map(|k| f.s("t.r", k))
            .collect();
        assert_eq!(
            got,
            [
                "tfvars",
                "tfvars.json",
                "a.auto",
                "b.auto",
                "var-file",
                "cli",
                "cli"
            ]
        );
        assert_eq!(json(f.attr("t.r", "l")), r#"["x","y"]"#);
        // The value is reported where it is used.
        assert_eq!(f.line(f.attr("t.r", "a").origin), 27);
    }

    #[test]
    fn tfvars_parse_error_is_located() {
        let f = load(&[
            (
                "main.tf",
                "variable \"a\" {}\nresource \"t\" \"r\" {\n  a = var.a\n}\n",
            ),
            ("terraform.tfvars", "a = \n"),
            ("x.auto.tfvars.json", "{\n  \"a\": ,\n}"),
        ]);
        assert_eq!(f.loaded.errors.len(), 2, "{:?}", f.loaded.errors);
        let json_err = f
            .loaded
            .errors
            .iter()
            .find(|e| e.path == "m/x.auto.tfvars.json")
            .unwrap();
        assert_eq!((json_err.line, json_err.column), (Some(2), Some(8)));
        assert!(
            f.loaded
                .errors
                .iter()
                .any(|e| e.path == "m/terraform.tfvars" && e.line.is_some())
        );
        assert_eq!(unknown(f.attr("t.r", "a")), "var.a has no value");
    }

    #[test]
    fn functions() {
        assert_eq!(
            eval_str(
                r#"jsonencode({b = "<a&b>", a = 1, c = [1.5, true, null], e = 1e20})"#,
                ""
            ),
            r#"{"a":1,"b":"\u003ca\u0026b\u003e","c":[1.5,true,null],"e":100000000000000000000}"#
        );
        assert_eq!(
            json(&eval(r#"jsondecode("{\"a\":[1,\"x\"]}")"#, "")),
            r#"{"a":[1,"x"]}"#
        );
        assert_eq!(
            json(&eval("merge({ a = 1, b = 1 }, { b = 2 }, null)", "")),
            r#"{"a":1,"b":2}"#
        );
        assert_eq!(json(&eval("concat([1], [2, 3])", "")), "[1,2,3]");
        assert_eq!(json(&eval("lookup({ a = 1 }, \"b\", 9)", "")), "9");
        assert_eq!(
            eval_str(r#"format("%s-%d-%q-%v", "x", 3, "y\"", [1, "a"])"#, ""),
            r#"x-3-"y\""-[1,"a"]"#
        );
        assert_eq!(eval_str(r#"join(",", split("/", "a/b/c"))"#, ""), "a,b,c");
        assert_eq!(eval_str(r#"replace(lower("A-B"), "-", "_")"#, ""), "a_b");
        assert_eq!(eval_str(r#"title("hello wORLD-x y's")"#, ""), "Hello WORLD-X Y's");
        assert_eq!(
            json(&eval(
                "[alltrue([true, \"true\"]), alltrue([]), anytrue([false])]",
                ""
            )),
            "[true,true,false]"
        );
        assert_eq!(
            json(&eval(r#"length(distinct(flatten([["a"], ["a", "b"]])))"#, "")),
            "2"
        );
        assert_eq!(json(&eval(r#"element(["a", "b"], 3)"#, "")), "\"b\"");
        assert_eq!(json(&eval(r#"toset(["b", "a", "b"])"#, "")), r#"["a","b"]"#);
        assert_eq!(json(&eval(r#"keys({ b = 1, a = 2 })"#, "")), r#"["a","b"]"#);
        assert_eq!(json(&eval(r#"values({ b = 1, a = 2 })"#, "")), "[2,1]");
        assert_eq!(json(&eval(r#"contains(["a"], "a")"#, "")), "true");
        assert_eq!(json(&eval(r#"compact(["a", "", null])"#, "")), r#"["a"]"#);
        assert_eq!(json(&eval(r#"coalesce(null, "", "x")"#, "")), "\"x\"");
        assert_eq!(json(&eval("try(local.nope, \"fallback\")", "")), "\"fallback\"");
        assert_eq!(
            json(&eval("can(local.m.a)", "locals {\n m = { a = 1 }\n}")),
            "true"
        );
        assert_eq!(
            json(&eval("can(local.m.b)", "locals {\n m = { a = 1 }\n}")),
            "false"
        );
        // A value not known is not an error: no fallback is guessed.
        assert_eq!(
            unknown(&eval("try(var.u, \"private\")", "variable \"u\" {}")),
            "var.u has no value"
        );
        assert_eq!(
            unknown(&eval("can(var.u)", "variable \"u\" {}")),
            "var.u has no value"
        );
        assert_eq!(eval_str(r#"trimspace("  x ")"#, ""), "x");
        assert_eq!(
            eval_str(r#"trimprefix(trimsuffix("ab-x-cd", "-cd"), "ab-")"#, ""),
            "x"
        );
        assert_eq!(eval_str(r#"trim("?!x?", "!?")"#, ""), "x");
        assert_eq!(
            json(&eval(r#"[startswith("abc", "a"), endswith("abc", "b")]"#, "")),
            "[true,false]"
        );
        assert_eq!(
            json(&eval(
                "[min(3, 1), max(3, 1), abs(-2), ceil(1.2), floor(1.8)]",
                ""
            )),
            "[1,3,2,2,1]"
        );
        assert_eq!(json(&eval("range(3)", "")), "[0,1,2]");
        assert_eq!(
            json(&eval(r#"zipmap(["a", "b"], [1, 2])"#, "")),
            r#"{"a":1,"b":2}"#
        );
        assert_eq!(json(&eval("slice([1, 2, 3], 1, 3)", "")), "[2,3]");
        assert_eq!(json(&eval("[one([]), one([4])]", "")), "[null,4]");
        assert_eq!(
            json(&eval(r#"reverse(sort(["b", "c", "a"]))"#, "")),
            r#"["c","b","a"]"#
        );
        assert_eq!(eval_str(r#"substr("hello", -3, 2)"#, ""), "ll");
        assert_eq!(eval_str(r#"chomp("x\n")"#, ""), "x");
        assert_eq!(eval_str(r#"indent(2, "a\nb\n\nc")"#, ""), "a\n  b\n  \n  c");
        assert_eq!(
            json(&eval(r#"[tostring(1), tonumber("2"), tobool("true")]"#, "")),
            r#"["1",2,true]"#
        );
        assert_eq!(json(&eval(r#"tomap({ a = 1 })"#, "")), r#"{"a":1}"#);
        assert_eq!(
            json(&eval("concat([1], local.l...)", "locals {\n l = [[2]]\n}")),
            "[1,2]"
        );
        assert_eq!(eval_str(r#"replace("a", "/a/", "b")"#, ""), "b");
    }

    #[test]
    fn file_and_templatefile() {
        let f = load(&[
            (
                "main.tf",
                r#"resource "t" "r" {
  f = file("${path.module}/files/p.json")
  t = templatefile("files/t.tpl", { name = "x", items = ["a", "b"] })
  out = file("/etc/passwd")
}
"#,
            ),
            ("files/p.json", "{\"a\": 1}"),
            ("files/t.tpl", "hi ${name}%{ for i in items }-${i}%{ endfor }"),
        ]);
        assert_eq!(f.s("t.r", "f"), "{\"a\": 1}");
        assert_eq!(f.s("t.r", "t"), "hi x-a-b");
        assert!(unknown(f.attr("t.r", "out")).contains("absolute"));
    }

    #[test]
    fn count_and_for_each() {
        let f = load(&[(
            "main.tf",
            r#"
variable "unknown_n" {
  type = number
}
resource "aws_s3_bucket" "c" {
  count  = 2
  bucket = "c-${count.index}"
}
resource "aws_s3_bucket" "none" {
  count  = 0
  bucket = "never"
}
resource "aws_s3_bucket" "e" {
  for_each = { logs = "L", data = "D" }
  bucket   = "e-${each.key}-${each.value}"
}
resource "aws_s3_bucket" "s" {
  for_each = toset(["x"])
  bucket   = each.value
}
resource "aws_s3_bucket" "u" {
  count  = var.unknown_n
  bucket = "u-${count.index}"
}
resource "aws_s3_bucket_versioning" "v" {
  for_each = aws_s3_bucket.e
  bucket   = each.value.id
  key      = each.key
}
resource "t" "refs" {
  one    = aws_s3_bucket.c[1].id
  all    = aws_s3_bucket.c[*].arn
  logs   = aws_s3_bucket.e["logs"].bucket
  unk    = aws_s3_bucket.u[0].id
  noattr = aws_s3_bucket.c[0].region
}
"#,
        )]);
        assert!(f.loaded.errors.is_empty(), "{:?}", f.loaded.errors);
        assert_eq!(
            f.addrs(),
            [
                "aws_s3_bucket.c[0]",
                "aws_s3_bucket.c[1]",
                "aws_s3_bucket.e[\"data\"]",
                "aws_s3_bucket.e[\"logs\"]",
                "aws_s3_bucket.s[\"x\"]",
                // An unknown count keeps the index form (see Expansion::Unknown).
                "aws_s3_bucket.u[0]",
                "aws_s3_bucket_versioning.v[\"data\"]",
                "aws_s3_bucket_versioning.v[\"logs\"]",
                "t.refs",
            ]
        );
        assert_eq!(f.s("aws_s3_bucket.c[1]", "bucket"), "c-1");
        assert_eq!(f.s("aws_s3_bucket.e[\"logs\"]", "bucket"), "e-logs-L");
        assert_eq!(f.s("aws_s3_bucket.s[\"x\"]", "bucket"), "x");
        assert!(unknown(f.attr("aws_s3_bucket.u[0]", "bucket")).contains("var.unknown_n has no value"));
        let v = f.attr("aws_s3_bucket_versioning.v[\"logs\"]", "bucket");
        assert_eq!(v.as_str(), Some("e-logs-L"));
        assert_eq!(v.refs, ["aws_s3_bucket.e[\"logs\"]"]);
        assert_eq!(f.s("aws_s3_bucket_versioning.v[\"logs\"]", "key"), "logs");

        let one = f.attr("t.refs", "one");
        assert_eq!(
            (one.as_str(), &one.refs[..]),
            (Some("c-1"), &["aws_s3_bucket.c[1]".to_string()][..])
        );
        let all = f.attr("t.refs", "all");
        assert_eq!(json(all), r#"["arn:aws:s3:::c-0","arn:aws:s3:::c-1"]"#);
        assert_eq!(all.as_list()[1].refs, ["aws_s3_bucket.c[1]"]);
        assert_eq!(f.attr("t.refs", "logs").refs, ["aws_s3_bucket.e[\"logs\"]"]);
        // Any instance of an unknown count reads the one that stands for them all.
        let unk = f.attr("t.refs", "unk");
        assert_eq!(unk.refs, ["aws_s3_bucket.u[0]"]);
        let noattr = f.attr("t.refs", "noattr");
        assert_eq!(
            unknown(noattr),
            "aws_s3_bucket.c[0].region is computed by the provider"
        );
        assert_eq!(noattr.refs, ["aws_s3_bucket.c[0]"]);
    }

    #[test]
    fn expression_texts_are_spelled_alike() {
        assert_eq!(plain_expr("var.x"), "var.x");
        assert_eq!(plain_expr(" \"${var.x}\" "), "var.x");
        assert_eq!(plain_expr("${var.x}"), "var.x");
        assert_eq!(plain_expr("\"${var.x}-logs\""), "${var.x}-logs");
        assert_eq!(plain_expr("${var.x}-logs"), "${var.x}-logs");
        assert_eq!(plain_expr("\"${a}-${b}\""), "${a}-${b}");
        assert_eq!(plain_expr("${a}-${b}"), "${a}-${b}");
        assert_eq!(plain_expr("{ a = 1 }"), "{ a = 1 }");
    }

    #[test]
    fn configuration_resource_ids_name_their_bucket() {
        // The provider's id of a bucket policy is its bucket's name; an ACL's id adds `,acl` when
        // a canned ACL is set; an aws_s3_bucket data source's id is the name it reads.
        let f = load(&[(
            "main.tf",
            r#"
variable "nope" {}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = "{}"
}
resource "aws_s3_bucket_acl" "a" {
  bucket = aws_s3_bucket.b.id
  acl    = "private"
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = var.nope
}
data "aws_s3_bucket" "x" {
  bucket = "existing"
}
resource "t" "refs" {
  policy = aws_s3_bucket_policy.p.id
  acl    = aws_s3_bucket_acl.a.id
  data   = data.aws_s3_bucket.x.id
  arn    = data.aws_s3_bucket.x.arn
}
"#,
        )]);
        let policy = f.attr("t.refs", "policy");
        assert_eq!(policy.as_str(), Some("b"));
        assert!(
            policy.refs.contains(&"aws_s3_bucket.b".to_string()),
            "{:?}",
            policy.refs
        );
        assert!(unknown(f.attr("t.refs", "acl")).contains("computed by the provider"));
        assert_eq!(f.s("t.refs", "data"), "existing");
        assert_eq!(f.s("t.refs", "arn"), "arn:aws:s3:::existing");
        // The id is not part of the resource's own body.
        assert!(f.res("aws_s3_bucket_policy.p").body.get("id").is_none());
        // An unknown bucket keeps its expression's text: it names the bucket outside the scan.
        assert_eq!(
            f.res("aws_s3_bucket_versioning.v").bucket_expr.as_deref(),
            Some("var.nope")
        );
        assert_eq!(f.res("aws_s3_bucket_policy.p").bucket_expr, None);
    }

    #[test]
    fn bucket_names_and_placeholders() {
        let f = load(&[(
            "main.tf",
            r#"
variable "name" {}
resource "aws_s3_bucket" "named" {
  bucket = "real"
}
resource "aws_s3_bucket" "generated" {
  bucket_prefix = "x-"
}
resource "aws_s3_bucket" "unknown" {
  bucket = var.name
}
resource "t" "r" {
  a = aws_s3_bucket.named.arn
  b = aws_s3_bucket.generated.id
  c = aws_s3_bucket.unknown.bucket
  d = "${aws_s3_bucket.generated.arn}/*"
  e = aws_s3_bucket.named.tags
}
"#,
        )]);
        assert_eq!(f.s("t.r", "a"), "arn:aws:s3:::real");
        assert_eq!(f.s("t.r", "b"), "${aws_s3_bucket.generated}");
        assert_eq!(f.s("t.r", "c"), "${aws_s3_bucket.unknown}");
        assert_eq!(f.attr("t.r", "c").refs, ["aws_s3_bucket.unknown"]);
        assert_eq!(f.s("t.r", "d"), "arn:aws:s3:::${aws_s3_bucket.generated}/*");
        assert_eq!(f.attr("t.r", "d").refs, ["aws_s3_bucket.generated"]);
        assert!(unknown(f.attr("t.r", "e")).contains("computed by the provider"));
        // The written unknown stays in the bucket's own body.
        assert_eq!(
            unknown(f.attr("aws_s3_bucket.unknown", "bucket")),
            "var.name has no value"
        );
        assert!(f.res("aws_s3_bucket.generated").body.get("bucket").is_none());
    }

    #[test]
    fn resource_cycles_are_unknown() {
        let f = load(&[(
            "main.tf",
            "resource \"t\" \"a\" {\n  x = t.b.y\n}\nresource \"t\" \"b\" {\n  y = t.a.x\n}\n",
        )]);
        assert_eq!(f.addrs(), ["t.a", "t.b"]);
        let all = format!("{:?}{:?}", f.attr("t.a", "x").val, f.attr("t.b", "y").val);
        assert!(all.contains("depends on itself"), "{all}");
    }

    #[test]
    fn dynamic_blocks() {
        let f = load(&[(
            "main.tf",
            r#"
variable "rules" {
  default = [{ days = 30 }, { days = 60 }]
}
variable "unknown" {}
resource "aws_s3_bucket_lifecycle_configuration" "l" {
  bucket = "b"
  dynamic "rule" {
    for_each = var.rules
    iterator = r
    content {
      id = "rule-${r.key}"
      expiration {
        days = r.value.days
      }
    }
  }
  dynamic "other" {
    for_each = { a = "x" }
    content {
      v = "${other.key}=${other.value}"
    }
  }
  dynamic "unk" {
    for_each = var.unknown
    content {
      v = 1
    }
  }
}
"#,
        )]);
        let body = &f.res("aws_s3_bucket_lifecycle_configuration.l").body;
        let rules = body.blocks("rule");
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[1].get("id").and_then(Node::as_str), Some("rule-1"));
        assert_eq!(json(rules[1].get("expiration").unwrap()), r#"[{"days":60}]"#);
        assert_eq!(f.line(rules[0].origin), 8);
        assert_eq!(
            body.blocks("other")[0].get("v").and_then(Node::as_str),
            Some("a=x")
        );
        let unk = body.blocks("unk");
        assert_eq!(unk.len(), 1);
        assert!(unknown(unk[0]).contains("var.unknown has no value"));
    }

    #[test]
    fn policy_document_json_is_propagated() {
        let f = load(&[(
            "main.tf",
            r#"
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
data "aws_iam_policy_document" "p" {
  statement {
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}
"#,
        )]);
        let d = f.res("data.aws_iam_policy_document.p");
        assert_eq!(d.mode, Mode::Data);
        assert!(d.body.get("json").is_none());
        let stmt = d.body.blocks("statement");
        assert_eq!(
            stmt[0].get("resources").unwrap().as_list()[0].as_str(),
            Some("arn:aws:s3:::b/*")
        );
        let policy = f.attr("aws_s3_bucket_policy.p", "policy");
        let expected = crate::eval::policy_document::policy_document_json(&d.body);
        match (&expected.val, &policy.val) {
            (Val::Str(a), Val::Str(b)) => assert_eq!(a, b),
            (Val::Unknown(a), Val::Unknown(b)) => assert_eq!(a, b),
            (a, b) => panic!("{a:?} vs {b:?}"),
        }
        assert!(
            policy
                .refs
                .contains(&"data.aws_iam_policy_document.p".to_string())
        );
        assert!(policy.refs.contains(&"aws_s3_bucket.b".to_string()));
    }

    #[test]
    fn terraform_json_syntax() {
        let f = load(&[
            (
                "main.tf.json",
                r#"{
  "variable": { "env": { "default": "prod" } },
  "locals": { "prefix": "${var.env}-x" },
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "bucket": "${local.prefix}",
        "tags": { "Name": "n" },
        "count": 1
      }
    },
    "aws_s3_bucket_server_side_encryption_configuration": {
      "e": {
        "bucket": "${aws_s3_bucket.b[0].id}",
        "rule": [{
          "apply_server_side_encryption_by_default": { "sse_algorithm": "aws:kms" }
        }],
        "dynamic": {
          "extra": { "for_each": ["a", "b"], "content": { "v": "${extra.value}" } }
        }
      }
    }
  }
}"#,
            ),
            (
                "other.tf",
                "resource \"t\" \"r\" {\n  v = aws_s3_bucket.b[0].arn\n}\n",
            ),
        ]);
        assert!(f.loaded.errors.is_empty(), "{:?}", f.loaded.errors);
        assert_eq!(f.s("aws_s3_bucket.b[0]", "bucket"), "prod-x");
        assert_eq!(json(f.attr("aws_s3_bucket.b[0]", "tags")), r#"{"Name":"n"}"#);
        let b = f.res("aws_s3_bucket.b[0]");
        assert_eq!(f.line(b.origin), 6);
        assert_eq!(
            &f.sources.get(b.origin.file).text[b.origin.start as usize..b.origin.end as usize],
            r#""b""#
        );
        let o = f.attr("aws_s3_bucket.b[0]", "bucket").origin;
        assert_eq!(f.line(o), 7);
        assert_eq!(
            &f.sources.get(o.file).text[o.start as usize..o.end as usize],
            r#""bucket": "${local.prefix}""#
        );
        let o = f.attr("aws_s3_bucket.b[0]", "tags").origin;
        assert_eq!(
            &f.sources.get(o.file).text[o.start as usize..o.end as usize],
            r#""tags": { "Name": "n" }"#
        );
        let e = "aws_s3_bucket_server_side_encryption_configuration.e";
        assert_eq!(f.attr(e, "bucket").refs, ["aws_s3_bucket.b[0]"]);
        let rule = f.res(e).body.blocks("rule");
        assert_eq!(
            json(rule[0].get("apply_server_side_encryption_by_default").unwrap()),
            r#"[{"sse_algorithm":"aws:kms"}]"#
        );
        assert_eq!(f.line(rule[0].origin), 15);
        assert_eq!(json(f.attr(e, "extra")), r#"[{"v":"a"},{"v":"b"}]"#);
        assert_eq!(f.s("t.r", "v"), "arn:aws:s3:::prod-x");
    }

    #[test]
    fn terraform_json_parse_error_is_located() {
        let f = load(&[
            ("bad.tf.json", "{\n  \"resource\": {\n    \"x\": [}\n}"),
            ("ok.tf", "resource \"t\" \"r\" {}\n"),
        ]);
        assert_eq!(f.addrs(), ["t.r"]);
        let e = &f.loaded.errors[0];
        assert_eq!(
            (e.path.as_str(), e.line, e.column),
            ("m/bad.tf.json", Some(3), Some(11))
        );
    }

    /// Timing on a generated tree: `BG_BENCH_DIR=... cargo test --release -- --ignored bench`.
    #[test]
    fn local_modules() {
        let f = load(&[
            (
                "main.tf",
                r#"
module "store" {
  source = "./modules/store"
  name   = "data"
}
module "many" {
  source   = "./modules/store"
  for_each = toset(["a", "b"])
  name     = "many-${each.key}"
}
module "remote" {
  source = "terraform-aws-modules/s3-bucket/aws"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = module.store.id
  policy = module.many["b"].arn
}
resource "t" "r" {
  remote = module.remote.id
}
"#,
            ),
            (
                "modules/store/main.tf",
                r#"
variable "name" {}
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
module "inner" {
  source = "../inner"
  bucket = aws_s3_bucket.this.id
}
output "id" {
  value = aws_s3_bucket.this.id
}
output "arn" {
  value = aws_s3_bucket.this.arn
}
"#,
            ),
            (
                "modules/inner/main.tf",
                "variable \"bucket\" {}\nresource \"aws_s3_bucket_versioning\" \"v\" {\n  bucket = var.bucket\n}\n",
            ),
        ]);
        assert!(f.loaded.errors.is_empty(), "{:?}", f.loaded.errors);
        assert_eq!(
            f.addrs(),
            [
                "aws_s3_bucket_policy.p",
                "t.r",
                "module.store.aws_s3_bucket.this",
                "module.store.module.inner.aws_s3_bucket_versioning.v",
                "module.many[\"a\"].aws_s3_bucket.this",
                "module.many[\"a\"].module.inner.aws_s3_bucket_versioning.v",
                "module.many[\"b\"].aws_s3_bucket.this",
                "module.many[\"b\"].module.inner.aws_s3_bucket_versioning.v",
            ]
        );
        let b = f.res("module.many[\"b\"].aws_s3_bucket.this");
        assert_eq!((b.module.as_str(), b.root.as_str()), ("module.many[\"b\"]", "m"));
        assert_eq!(f.s("module.many[\"b\"].aws_s3_bucket.this", "bucket"), "many-b");
        let v = f.attr("module.store.module.inner.aws_s3_bucket_versioning.v", "bucket");
        assert_eq!(
            (v.as_str(), &v.refs[..]),
            (Some("data"), &["module.store.aws_s3_bucket.this".to_string()][..])
        );
        assert_eq!(f.line(v.origin), 3);
        let p = f.attr("aws_s3_bucket_policy.p", "bucket");
        assert_eq!(
            (p.as_str(), &p.refs[..]),
            (Some("data"), &["module.store.aws_s3_bucket.this".to_string()][..])
        );
        assert_eq!(f.s("aws_s3_bucket_policy.p", "policy"), "arn:aws:s3:::many-b");
        assert!(unknown(f.attr("t.r", "remote")).contains("is not installed"));
        assert_eq!(f.loaded.notes.len(), 1, "{:?}", f.loaded.notes);
        assert!(f.loaded.notes[0].message.contains("module.remote"));
        // Resources carry the chain of module calls that created them.
        let chain: Vec<(&str, &str, u32)> = f
            .res("module.many[\"b\"].module.inner.aws_s3_bucket_versioning.v")
            .module_calls
            .iter()
            .map(|(c, o)| (c.as_str(), f.sources.display(*o), f.line(*o)))
            .collect();
        assert_eq!(
            chain,
            [
                ("module.many[\"b\"]", "m/main.tf", 6),
                ("module.many[\"b\"].module.inner", "m/modules/store/main.tf", 6)
            ]
        );
        assert!(f.res("aws_s3_bucket_policy.p").module_calls.is_empty());
    }

    #[test]
    fn object_types_fill_optional_defaults() {
        let vars = r#"
variable "o" {
  type = map(object({
    public = bool
    kms    = optional(bool, false)
    tags   = optional(map(string))
    rule   = optional(object({ days = optional(number, 30) }), {})
  }))
  default = {
    a = { public = true, extra = "dropped" }
    b = { public = false, kms = true, rule = { days = 7 } }
  }
}
variable "j" {
  type    = list(object({ x = optional(string, "dx") }))
  default = [{}, { x = "given" }]
}
"#;
        assert_eq!(
            json(&eval("var.o", vars)),
            r#"{"a":{"kms":false,"public":true,"rule":{"days":30},"tags":null},"b":{"kms":true,"public":false,"rule":{"days":7},"tags":null}}"#
        );
        assert_eq!(json(&eval("var.j[*].x", vars)), r#"["dx","given"]"#);
        // A value the scanner cannot know stays unknown.
        let unknown_var = "variable \"u\" {\n  type = object({ a = optional(bool, true) })\n}\n";
        assert!(eval("var.u", unknown_var).is_unknown());
    }

    #[test]
    fn env_vars_sit_between_defaults_and_tfvars() {
        // Terraform's precedence: defaults < TF_VAR_ environment < terraform.tfvars. The values
        // come from VarInputs::env (the command line reads the environment, not the library).
        let env =
            [("bg_test_env_a", "env"), ("bg_test_env_b", "env")].map(|(k, v)| (k.to_string(), v.to_string()));
        let f = load_env(
            &[
                (
                    "main.tf",
                    r#"
variable "bg_test_env_a" {
  default = "default"
}
variable "bg_test_env_b" {
  default = "default"
}
resource "t" "r" {
  a = var.bg_test_env_a
  b = var.bg_test_env_b
  n = null
}
"#,
                ),
                ("terraform.tfvars", "bg_test_env_b = \"tfvars\"\n"),
            ],
            &[],
            &[],
            &env,
        );
        assert_eq!((f.s("t.r", "a"), f.s("t.r", "b")), ("env", "tfvars"));
        let Val::Map(m) = &f.res("t.r").body.val else {
            panic!()
        };
        assert!(!m.contains_key("n"));
    }

    #[test]
    fn bad_expressions_are_unknown_not_panics() {
        let exprs = [
            "[for x in 1 : x]",
            "1[0]",
            "null.a",
            "{}[1]",
            "[][0]",
            "element([], 0)",
            "range(1e9)",
            "range(0, 1, 0)",
            "substr(\"abc\", 5, 1e30)",
            "slice([1], 5, 2)",
            "count.index",
            "each.key",
            "self.x",
            "local",
            "var",
            "data.x",
            "jsondecode(\"{\")",
            "format(\"%\")",
            "format(\"%d\", \"x\")",
            "tonumber(\"x\")",
            "lookup({}, \"x\")",
            "zipmap([1], [])",
            "min()",
            "1 / 0",
            "-\"x\"",
            "!1",
            "\"a\" + 1",
            "merge(1)",
            "templatefile(\"nope\", {})",
            "file(\"../../../../../../../../etc/passwd\")",
            "indent(1e30, \"x\")",
            "{ for x in [1, 1] : \"k\" => x }",
            "[for x in [1] : x if x]",
            "(1 == 1 ? var.nope : 2).a",
            "local.l[*][*]",
            "upper([1])",
            "join(\",\", [[1]])",
            "one([1, 2])",
            "tostring([1])",
            "sha1(\"x\")",
            "provider::aws::arn_parse(\"x\")",
        ];
        for e in exprs {
            let n = eval(e, "locals {\n l = [[1]]\n}");
            let has_unknown = n.find_unknown().is_some();
            let ok_known = matches!(e, "local.l[*][*]" | "range(1e9)" | "[for x in 1 : x]");
            assert!(
                has_unknown || ok_known || n.to_json().is_some(),
                "{e}: {:?}",
                n.val
            );
        }
        // The errors that must not be values:
        for e in [
            "1[0]",
            "null.a",
            "1 / 0",
            "merge(1)",
            "base64decode(\"%\")",
            "lookup({}, \"x\")",
        ] {
            assert!(eval(e, "").is_unknown(), "{e}");
        }
    }

    #[test]
    fn policy_text_carries_bucket_refs() {
        let f = load(&[(
            "main.tf",
            r#"
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_s3_bucket" "g" {}
resource "aws_s3_bucket_policy" "heredoc" {
  bucket = aws_s3_bucket.b.id
  policy = <<POLICY
{
  "Statement": [{"Effect": "Deny", "Resource": "${aws_s3_bucket.b.arn}/*"}]
}
POLICY
}
resource "aws_s3_bucket_policy" "encoded" {
  bucket = aws_s3_bucket.g.bucket
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Resource = ["${aws_s3_bucket.g.arn}/*", aws_s3_bucket.b.arn] }]
  })
}
"#,
        )]);
        let h = f.attr("aws_s3_bucket_policy.heredoc", "policy");
        assert_eq!(
            h.as_str(),
            Some("{\n  \"Statement\": [{\"Effect\": \"Deny\", \"Resource\": \"arn:aws:s3:::b/*\"}]\n}\n")
        );
        assert_eq!(h.refs, ["aws_s3_bucket.b"]);
        let e = f.attr("aws_s3_bucket_policy.encoded", "policy");
        assert_eq!(
            e.as_str(),
            Some(
                r#"{"Statement":[{"Effect":"Deny","Resource":["arn:aws:s3:::${aws_s3_bucket.g}/*","arn:aws:s3:::b"]}]}"#
            )
        );
        assert_eq!(e.refs, ["aws_s3_bucket.g", "aws_s3_bucket.b"]);
        assert_eq!(
            f.attr("aws_s3_bucket_policy.encoded", "bucket").refs,
            ["aws_s3_bucket.g"]
        );
    }
}
