//! Find the inputs under the paths given on the command line and read them into [`Sources`].

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use rayon::prelude::*;

use super::{Input, InputError, Module};
use crate::model::source::{self, Text};
use crate::model::{FileId, SourceFile, Sources};
use crate::safe_io::{self, Tree, normalize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Config,
    Tfvars,
    Plan,
}

/// What discovery found and read.
pub struct Discovered {
    pub sources: Sources,
    pub inputs: Vec<Input>,
    /// The `--var-file` files, in the order given.
    pub var_files: Vec<FileId>,
    pub errors: Vec<InputError>,
    /// The scanned tree (see [`safe_io::Tree`]): what the repository names must stay inside it.
    pub tree: Tree,
}

/// A directory's files, read.
struct Dir {
    /// Read (and line-indexed) in parallel.
    files: Vec<(Kind, PathBuf, Result<SourceFile, ReadError>)>,
    /// The directories its configuration calls as local modules (`./x`, `../x`), normalized.
    calls: Vec<PathBuf>,
    /// The directory as displayed.
    display: String,
    /// Scanned as a root module (not only called as a child module of another one).
    root: bool,
    /// Its `terraform init` manifest (see [`module_manifest`]), looked up in the parallel read.
    manifest: BTreeMap<String, (String, String)>,
    /// Why the manifest could not be read (a FIFO, too large...), if it is there.
    manifest_error: Option<(PathBuf, String)>,
}

/// Discover, read and classify every input. Inputs come out in path order, whatever the walk
/// order. Directories that another scanned module calls as a local module (`source = "./x"`) are
/// read, also from outside the given paths (but only inside the scanned tree, see
/// [`safe_io::Tree`]), and evaluated only through that call, not as roots.
pub fn discover(paths: &[PathBuf], var_files: &[PathBuf], root: &Path) -> Discovered {
    discover_with(paths, var_files, root, None, None)
}

/// [`discover`], with `source` (`--source DIR`) naming the configuration of the plans given
/// instead of each plan's own directory, and `terraform` the program (an absolute path the
/// command line found, see [`safe_io::find_program`]) that turns binary plans into JSON (`None`:
/// they cannot be read).
pub fn discover_with(
    paths: &[PathBuf],
    var_files: &[PathBuf],
    root: &Path,
    source: Option<&Path>,
    terraform: Option<&Path>,
) -> Discovered {
    let tree = Tree::of_scan(root, paths.iter().map(PathBuf::as_path).chain(source));
    let mut errors = Vec::new();
    if let Some(dir) = source.filter(|d| !d.is_dir()) {
        errors.push(InputError::file(display(dir, root), "--source: not a directory"));
    }
    let Walked {
        mut dirs,
        listed,
        plans,
    } = walk_paths(paths, root, &mut errors);
    for (dir, d) in read_dirs(listed, true, root) {
        add_dir(&mut dirs, dir, d);
    }
    let plan_dirs = read_plan_configs(&plans, source, &mut dirs, root, &tree);
    let mut called: HashSet<PathBuf> = HashSet::new();
    read_installed_modules(&mut dirs, &mut called, root, &tree);
    read_local_calls(&mut dirs, &mut called, root, &tree);

    let var_texts: Vec<_> = var_files
        .par_iter()
        .map(|p| read_text(p).map(|t| SourceFile::new(p.clone(), display(p, root), t)))
        .collect();
    let plan_texts: Vec<_> = plans.par_iter().map(|p| read_plan(p, terraform)).collect();

    let mut out = Assembly {
        sources: Sources::default(),
        errors,
        root,
    };
    let var_file_ids: Vec<FileId> = var_files
        .iter()
        .zip(var_texts)
        .filter_map(|(p, f)| out.add(p, f))
        .collect();
    let (mut inputs, modules) = out.modules(dirs, &called, !plans.is_empty());
    for ((plan, text), dir) in plans.iter().zip(plan_texts).zip(plan_dirs) {
        let text = text.map(|t| SourceFile::from_text(plan.to_path_buf(), display(plan, root), t));
        if let Some(file) = out.add(plan, text) {
            inputs.push(Input::Plan {
                file,
                config: modules.get(&dir).cloned(),
            });
        }
    }
    Discovered {
        sources: out.sources,
        inputs,
        var_files: var_file_ids,
        errors: out.errors,
        tree,
    }
}

/// What the paths given name: directories (read as they are walked), files given one by one
/// (grouped by directory, read next) and plans.
struct Walked {
    dirs: BTreeMap<PathBuf, Dir>,
    listed: BTreeMap<PathBuf, Vec<(Kind, PathBuf)>>,
    /// Sorted, without duplicates.
    plans: Vec<PathBuf>,
}

fn walk_paths(paths: &[PathBuf], root: &Path, errors: &mut Vec<InputError>) -> Walked {
    let mut walked = Walked {
        dirs: BTreeMap::new(),
        listed: BTreeMap::new(),
        plans: Vec::new(),
    };
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(InputError::file(display(path, root), format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_dir() {
            let read = |dir: &Path, files| read_dir_files(dir, files, true, root);
            let walk = walk_dir(path, &read);
            for (dir, d) in walk.dirs {
                add_dir(&mut walked.dirs, dir, d);
            }
            for (dir, e) in walk.unreadable {
                errors.push(InputError::file(
                    display(&dir, root),
                    format!("cannot read directory: {e}"),
                ));
            }
        } else {
            match classify(path) {
                Some(kind @ (Kind::Config | Kind::Tfvars)) => {
                    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    walked
                        .listed
                        .entry(normalize(&dir))
                        .or_default()
                        .push((kind, path.clone()));
                }
                _ => walked.plans.push(path.clone()),
            }
        }
    }
    walked.plans.sort();
    walked.plans.dedup();
    walked
}

/// The configuration next to each plan (or `--source`), which maps its findings back to source
/// lines: read when not read yet; the directory of each plan, in plan order.
fn read_plan_configs(
    plans: &[PathBuf],
    source: Option<&Path>,
    dirs: &mut BTreeMap<PathBuf, Dir>,
    root: &Path,
    tree: &Tree,
) -> Vec<PathBuf> {
    let plan_dirs: Vec<PathBuf> = plans
        .iter()
        .map(|p| source.map_or_else(|| parent_dir(p), normalize))
        .collect();
    let missing: BTreeMap<_, _> = plan_dirs
        .iter()
        .filter(|d| !dirs.contains_key(*d))
        .map(|d| (d.clone(), list_dir(d, tree)))
        .collect();
    dirs.extend(read_dirs(missing, false, root));
    plan_dirs
}

/// Remote modules that `terraform init` fetched are read from where its manifest says, when that
/// is a relative directory inside the scanned tree (the module call is refused with a warning
/// otherwise, see `input::hcl`).
fn read_installed_modules(
    dirs: &mut BTreeMap<PathBuf, Dir>,
    called: &mut HashSet<PathBuf>,
    root: &Path,
    tree: &Tree,
) {
    let installed: BTreeMap<PathBuf, Vec<(Kind, PathBuf)>> = dirs
        .iter()
        .flat_map(|(d, dir)| {
            dir.manifest
                .values()
                .filter(|(_, sub)| Path::new(sub).is_relative())
                .map(|(_, sub)| normalize(&d.join(sub)))
                .collect::<Vec<_>>()
        })
        .filter(|child| tree.resolve(child, false).is_ok())
        .filter(|child| !dirs.contains_key(child) && called.insert(child.clone()))
        .map(|child| {
            let files = list_dir(&child, tree);
            (child, files)
        })
        .collect();
    dirs.extend(read_dirs(installed, false, root));
}

/// Follow local module calls until every called directory is read (64 levels at most); a
/// directory outside the scanned tree (symlinks followed) is not read.
fn read_local_calls(
    dirs: &mut BTreeMap<PathBuf, Dir>,
    called: &mut HashSet<PathBuf>,
    root: &Path,
    tree: &Tree,
) {
    let mut scanned: HashSet<PathBuf> = HashSet::new();
    for _ in 0..64 {
        let mut next: BTreeMap<PathBuf, Vec<(Kind, PathBuf)>> = BTreeMap::new();
        for (dir, d) in dirs.iter() {
            if !scanned.insert(dir.clone()) {
                continue;
            }
            for child in &d.calls {
                if child != dir
                    && tree.resolve(child, false).is_ok()
                    && called.insert(child.clone())
                    && !dirs.contains_key(child)
                {
                    next.insert(child.clone(), list_dir(child, tree));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        dirs.extend(read_dirs(next, false, root));
    }
}

/// The files read, added to the sources in a fixed order; what could not be read, as errors.
struct Assembly<'a> {
    sources: Sources,
    errors: Vec<InputError>,
    root: &'a Path,
}

impl Assembly<'_> {
    fn add(&mut self, path: &Path, file: Result<SourceFile, ReadError>) -> Option<FileId> {
        match file {
            Ok(f) => Some(self.sources.add(f)),
            Err(e) => {
                self.errors
                    .push(InputError::file(display(path, self.root), e.to_string()));
                None
            }
        }
    }

    /// Every directory's files as a module: the root modules as inputs, and (when there are
    /// plans, which look their configuration up by directory) every module by directory.
    fn modules(
        &mut self,
        dirs: BTreeMap<PathBuf, Dir>,
        called: &HashSet<PathBuf>,
        plans: bool,
    ) -> (Vec<Input>, BTreeMap<PathBuf, Module>) {
        let mut modules: BTreeMap<PathBuf, Module> = BTreeMap::new();
        let mut inputs = Vec::new();
        for (dir, d) in dirs {
            if let Some((path, why)) = &d.manifest_error {
                self.errors
                    .push(InputError::file(display(path, self.root), why.clone()));
            }
            let mut module = Module {
                dir: d.display,
                files: Vec::new(),
                tfvars: Vec::new(),
                manifest: d.manifest,
            };
            for (kind, path, file) in d.files {
                if let Some(id) = self.add(&path, file) {
                    if kind == Kind::Config {
                        module.files.push(id)
                    } else {
                        module.tfvars.push(id)
                    }
                }
            }
            if module.files.is_empty() {
                continue; // a directory holding only tfvars is not a module
            }
            self.sources.index_dir(dir.clone(), module.files.clone());
            let is_input = d.root && !called.contains(&dir);
            if plans {
                modules.insert(dir, module.clone());
            }
            if is_input {
                inputs.push(Input::Module(module));
            }
        }
        (inputs, modules)
    }
}

/// `.terraform/modules/modules.json` under a root module directory, as `terraform init` writes
/// it: module key (`a`, `a.b` for module b called inside a) → (source, directory relative to the
/// root module). Empty when there is none or it cannot be read.
pub fn module_manifest(root_dir: &Path) -> BTreeMap<String, (String, String)> {
    read_manifest(root_dir).unwrap_or_default()
}

/// [`module_manifest`]; `Err` when it is there but is no regular file or too large to read.
fn read_manifest(root_dir: &Path) -> Result<BTreeMap<String, (String, String)>, safe_io::ReadError> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(rename = "Modules", default)]
        modules: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "Key", default)]
        key: String,
        #[serde(rename = "Source", default)]
        source: String,
        #[serde(rename = "Dir", default)]
        dir: String,
    }
    let path = manifest_path(root_dir);
    let text = match safe_io::read_to_string(&path) {
        Ok(t) => t,
        Err(e @ (safe_io::ReadError::NotRegular(_) | safe_io::ReadError::TooLarge(_))) => return Err(e),
        Err(_) => return Ok(BTreeMap::new()),
    };
    let Ok(m) = serde_json::from_str::<Manifest>(&text) else {
        return Ok(BTreeMap::new());
    };
    Ok(m.modules
        .into_iter()
        .filter(|e| !e.key.is_empty() && !e.dir.is_empty())
        .map(|e| (e.key, (e.source, e.dir.replace('\\', "/"))))
        .collect())
}

fn manifest_path(root_dir: &Path) -> PathBuf {
    root_dir.join(".terraform").join("modules").join("modules.json")
}

/// Why an input file cannot be read; shown after the file's name.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ReadError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not UTF-8 text, and not a Terraform plan file")]
    NotPlanText,
    #[error(
        "is a binary Terraform plan; reading it needs `terraform show -json`, but terraform could not be run ({source}). \
         Install terraform or pass the output of `terraform show -json {}`",
        path.display()
    )]
    NoTerraform {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "is a binary Terraform plan; reading it needs `terraform show -json`, but terraform was not \
         found (on PATH, whose relative entries are ignored; or name it with --terraform PATH). \
         Install terraform or pass the output of `terraform show -json {}`",
        path.display()
    )]
    TerraformNotFound { path: PathBuf },
    #[error(transparent)]
    Unsafe(#[from] safe_io::ReadError),
    /// What `terraform show -json` said on standard error.
    #[error("`terraform show -json` failed: {0}")]
    ShowFailed(String),
    #[error("`terraform show -json` printed non-UTF-8 output")]
    ShowNotUtf8,
}

impl From<source::ReadError> for ReadError {
    fn from(e: source::ReadError) -> Self {
        match e {
            source::ReadError::Io(e) => ReadError::Io(e),
            source::ReadError::NotUtf8 => ReadError::NotPlanText,
        }
    }
}

/// A file the repository controls: a regular file, at most [`safe_io::MAX_FILE_BYTES`].
fn read_text(path: &Path) -> Result<String, ReadError> {
    match safe_io::read_to_string(path) {
        Ok(t) => Ok(t),
        // As `std::fs::read_to_string` says it.
        Err(safe_io::ReadError::NotUtf8) => Err(ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))),
        Err(safe_io::ReadError::Io(e)) => Err(ReadError::Io(e)),
        Err(e) => Err(e.into()),
    }
}

/// Read every listed directory's files in parallel.
fn read_dirs(
    listed: BTreeMap<PathBuf, Vec<(Kind, PathBuf)>>,
    root: bool,
    scan_root: &Path,
) -> BTreeMap<PathBuf, Dir> {
    let listed: Vec<_> = listed.into_iter().collect();
    listed
        .into_par_iter()
        .map(|(dir, files)| {
            let d = read_dir_files(&dir, files, root, scan_root);
            (dir, d)
        })
        .collect()
}

/// Read one directory's files (`dir` normalized).
fn read_dir_files(dir: &Path, mut files: Vec<(Kind, PathBuf)>, root: bool, scan_root: &Path) -> Dir {
    files.sort();
    files.dedup();
    let files: Vec<_> = files
        .into_iter()
        .map(|(k, p)| {
            let file = read_text(&p).map(|t| SourceFile::new(p.clone(), display(&p, scan_root), t));
            (k, p, file)
        })
        .collect();
    let calls = files
        .iter()
        .filter(|(k, _, _)| *k == Kind::Config)
        .filter_map(|(_, _, f)| f.as_ref().ok())
        .flat_map(|f| local_module_sources(&f.text))
        .map(|src| normalize(&dir.join(src)))
        .collect();
    let (manifest, manifest_error) = match read_manifest(dir) {
        Ok(m) => (m, None),
        Err(e) => (BTreeMap::new(), Some((manifest_path(dir), e.to_string()))),
    };
    Dir {
        files,
        calls,
        display: display(dir, scan_root),
        root,
        manifest,
        manifest_error,
    }
}

/// `d` as the files of `dir`, with those already read there when a directory is reached twice
/// (under two of the paths given, or walked and named file by file).
fn add_dir(dirs: &mut BTreeMap<PathBuf, Dir>, dir: PathBuf, d: Dir) {
    match dirs.entry(dir) {
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(d);
        }
        std::collections::btree_map::Entry::Occupied(mut e) => {
            let have = e.get_mut();
            for (kind, path, file) in d.files {
                if !have.files.iter().any(|(_, p, _)| *p == path) {
                    have.files.push((kind, path, file));
                }
            }
            have.files
                .sort_by(|(ka, pa, _), (kb, pb, _)| (ka, pa).cmp(&(kb, pb)));
            have.calls.extend(d.calls);
        }
    }
}

/// A directory's configuration and tfvars files (not its subdirectories); a symlink only when it
/// leads to a file inside the scanned tree.
fn list_dir(dir: &Path, tree: &Tree) -> Vec<(Kind, PathBuf)> {
    let mut files: Vec<(Kind, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_type()
                .is_ok_and(|t| !t.is_symlink() || tree.resolve(&e.path(), false).is_ok())
        })
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter_map(|p| Some((classify(&p).filter(|k| *k != Kind::Plan)?, p)))
        .collect();
    files.sort();
    files
}

fn parent_dir(path: &Path) -> PathBuf {
    normalize(
        path.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    )
}

/// `source = "./x"` / `"../x"` in native syntax and `"source": "./x"` in JSON syntax. A textual
/// look is enough here: it only decides which directories to read; the evaluator reads the calls.
fn local_module_sources(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    let finder = memchr::memmem::Finder::new("source");
    while let Some(i) = finder.find(rest.as_bytes()) {
        let after = &rest[i + 6..];
        rest = after;
        let after = after.trim_start_matches('"').trim_start();
        let Some(after) = after.strip_prefix('=').or_else(|| after.strip_prefix(':')) else {
            continue;
        };
        let after = after.trim_start();
        let Some(after) = after.strip_prefix('"') else {
            continue;
        };
        let Some(end) = after.find('"') else { continue };
        let value = &after[..end];
        if value.starts_with("./") || value.starts_with("../") {
            out.push(value);
        }
    }
    out
}

/// A configuration file name: `.tf` or `.tf.json`.
pub fn is_config_file(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// `.tf` and `.tf.json` are configuration; terraform.tfvars(.json) and *.auto.tfvars(.json) are
/// variable values Terraform loads automatically. Anything else given explicitly is a plan.
fn classify(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    if is_config_file(name) {
        Some(Kind::Config)
    } else if name == "terraform.tfvars"
        || name == "terraform.tfvars.json"
        || name.ends_with(".auto.tfvars")
        || name.ends_with(".auto.tfvars.json")
    {
        Some(Kind::Tfvars)
    } else {
        Some(Kind::Plan)
    }
}

/// What a walk found: each directory's files (as `read` returned them), and the directories it
/// could not list, which are input errors (an unreadable directory, a path too long for the
/// system) rather than passed over in silence.
struct Walk<T> {
    dirs: Vec<(PathBuf, T)>,
    unreadable: Vec<(PathBuf, std::io::Error)>,
}

/// The configuration and tfvars files under `dir` by directory (normalized), each directory's
/// files passed to `read` in the task that listed them (reading overlaps the rest of the walk),
/// subdirectories walked in parallel. Hidden directories (.terraform, .git, ...) below `dir` are
/// skipped, symbolic links are not followed.
fn walk_dir<T: Send>(dir: &Path, read: &(impl Fn(&Path, Vec<(Kind, PathBuf)>) -> T + Sync)) -> Walk<T> {
    let mut unreadable = Vec::new();
    let (mut files, mut subdirs) = (Vec::new(), Vec::new());
    let entries = std::fs::read_dir(dir).map_err(|e| unreadable.push((dir.to_path_buf(), e)));
    for entry in entries.into_iter().flatten() {
        let (entry, file_type) = match entry.and_then(|e| e.file_type().map(|t| (e, t))) {
            Ok(e) => e,
            Err(e) => {
                unreadable.push((dir.to_path_buf(), e));
                continue;
            }
        };
        if file_type.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                subdirs.push(entry.path());
            }
        } else if file_type.is_file() {
            let path = entry.path();
            if let Some(kind @ (Kind::Config | Kind::Tfvars)) = classify(&path) {
                files.push((kind, path));
            }
        }
    }
    let (here, below) = rayon::join(
        || {
            (!files.is_empty()).then(|| {
                let dir = normalize(dir);
                let read = read(&dir, files);
                (dir, read)
            })
        },
        || -> Vec<_> { subdirs.par_iter().map(|d| walk_dir(d, read)).collect() },
    );
    let mut walk = Walk {
        dirs: here.into_iter().collect(),
        unreadable,
    };
    for w in below {
        walk.dirs.extend(w.dirs);
        walk.unreadable.extend(w.unreadable);
    }
    walk
}

/// A JSON plan is read as is (see [`Text::read`]); a binary plan (a zip file) is
/// turned into JSON by `terraform show -json`. Plans are named on the command line: a pipe is
/// read too; at most [`safe_io::MAX_PLAN_BYTES`] of either.
fn read_plan(path: &Path, terraform: Option<&Path>) -> Result<Text, ReadError> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if let Ok(meta) = file.metadata()
        && meta.is_file()
    {
        if meta.len() > safe_io::MAX_PLAN_BYTES {
            return Err(safe_io::ReadError::TooLarge(safe_io::MAX_PLAN_BYTES).into());
        }
        let mut magic = [0u8; 2];
        let n = file.read(&mut magic)?;
        if &magic[..n] != b"PK" {
            return Ok(Text::read(&file)?);
        }
    } else {
        // A pipe (`<(terraform show -json ...)`) is read to its end.
        let bytes = safe_io::read_limited(&file, safe_io::MAX_PLAN_BYTES)?;
        if !bytes.starts_with(b"PK") {
            return String::from_utf8(bytes)
                .map(|t| Text::from(t.into_boxed_str()))
                .map_err(|_| ReadError::NotPlanText);
        }
    }
    let terraform = terraform.ok_or_else(|| ReadError::TerraformNotFound {
        path: path.to_path_buf(),
    })?;
    terraform_show(terraform, path)
}

/// A binary plan's JSON, from `terraform show -json` run in the plan's directory. `terraform` is
/// an absolute path, found before the directory changes: a `terraform` committed next to the
/// plan is never what runs.
fn terraform_show(terraform: &Path, path: &Path) -> Result<Text, ReadError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = path.file_name().unwrap_or_default();
    let out = Command::new(terraform)
        .arg("show")
        .arg("-json")
        .arg(file)
        .current_dir(dir)
        .output()
        .map_err(|source| ReadError::NoTerraform {
            path: path.to_path_buf(),
            source,
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(ReadError::ShowFailed(stderr));
    }
    shown_text(out.stdout, safe_io::MAX_PLAN_BYTES)
}

/// `terraform show -json`'s output as the plan's text: at most `limit` bytes, as a plan file
/// (positions in a text are 32-bit).
fn shown_text(stdout: Vec<u8>, limit: u64) -> Result<Text, ReadError> {
    if stdout.len() as u64 > limit {
        return Err(safe_io::ReadError::TooLarge(limit).into());
    }
    String::from_utf8(stdout)
        .map(|t| Text::from(t.into_boxed_str()))
        .map_err(|_| ReadError::ShowNotUtf8)
}

/// The path relative to `root` with `/` separators, or as given when outside it.
pub fn display(path: &Path, root: &Path) -> String {
    // Most paths are relative ones the walk built from plain names: already in display form.
    if let Some(s) = path.to_str().filter(|_| cfg!(unix) && path.is_relative())
        && s.split('/').all(|c| !matches!(c, "" | "." | ".."))
    {
        return s.to_string();
    }
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    let rel = abs
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf());
    let mut out: Vec<String> = Vec::new();
    for c in rel.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.last().is_some_and(|l| l != ".." && !l.is_empty()) => {
                out.pop();
            }
            // Joined with `/` below: an absolute path outside the root keeps one leading `/`.
            std::path::Component::RootDir => out.push(String::new()),
            c => out.push(c.as_os_str().to_string_lossy().into_owned()),
        }
    }
    if out.is_empty() {
        ".".to_string()
    } else {
        out.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_shows_output_is_held_to_the_plan_size_limit() {
        assert_eq!(&*shown_text(b"{}".to_vec(), 2 << 20).unwrap(), "{}");
        let err = shown_text(vec![b' '; (2 << 20) + 1], 2 << 20).err().unwrap();
        assert_eq!(err.to_string(), "larger than 2 MiB: not read");
        assert!(matches!(
            shown_text(vec![0xff], 2 << 20),
            Err(ReadError::ShowNotUtf8)
        ));
    }

    #[test]
    fn display_paths_are_relative_to_the_root_with_slashes() {
        let root = Path::new("/work/repo");
        for (path, shown) in [
            ("roots/a/main.tf", "roots/a/main.tf"),
            ("./roots/a/../b/main.tf", "roots/b/main.tf"),
            ("roots//a/", "roots/a"),
            ("../other/main.tf", "../other/main.tf"),
            ("/work/repo/roots/a/main.tf", "roots/a/main.tf"),
            ("/elsewhere/main.tf", "/elsewhere/main.tf"),
        ] {
            assert_eq!(display(Path::new(path), root), shown, "{path}");
        }
    }

    /// A directory reached twice (walked under two paths, or walked and named file by file) is
    /// one module with each file once.
    #[test]
    fn overlapping_paths_read_each_file_once() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for f in ["main.tf", "vars.tf", "sub/x.tf"] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "locals {}\n").unwrap();
        }
        let paths = [
            root.to_path_buf(),
            root.join("sub"),
            root.join("main.tf"),
            root.join("./sub/"),
        ];
        let found = discover(&paths, &[], root);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        assert_eq!(found.sources.len(), 3);
        let modules: Vec<(String, usize)> = found
            .inputs
            .iter()
            .map(|i| match i {
                Input::Module(m) => (m.dir.clone(), m.files.len()),
                Input::Plan { .. } => panic!("no plan here"),
            })
            .collect();
        assert_eq!(modules, [(".".to_string(), 2), ("sub".to_string(), 1)]);
    }

    #[test]
    fn walk_groups_by_directory_skipping_hidden_ones_and_links() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for f in [
            "main.tf",
            "terraform.tfvars",
            "notes.md",
            ".hidden.tf",
            "a/x.tf",
            "a/b/c/y.tf.json",
            "a/b/c/prod.auto.tfvars",
            ".terraform/modules/m/z.tf",
            "a/.git/w.tf",
        ] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a"), root.join("link")).unwrap();
        let found = walk_dir(root, &|_: &Path, files| files).dirs;
        let mut listed: Vec<String> = found
            .iter()
            .flat_map(|(dir, files)| {
                files.iter().map(move |(kind, p)| {
                    assert_eq!(p.parent().map(normalize).as_ref(), Some(dir));
                    format!("{kind:?} {}", display(p, root))
                })
            })
            .collect();
        listed.sort();
        assert_eq!(
            listed,
            [
                "Config .hidden.tf",
                "Config a/b/c/y.tf.json",
                "Config a/x.tf",
                "Config main.tf",
                "Tfvars a/b/c/prod.auto.tfvars",
                "Tfvars terraform.tfvars",
            ]
        );
    }
}
