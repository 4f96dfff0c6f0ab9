//! Find the inputs under the paths given on the command line and read them into [`Sources`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{Input, InputError, Module};
use crate::model::{FileId, SourceFile, Sources};

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
}

/// Discover, read and classify every input. Inputs come out in path order, whatever the walk order.
pub fn discover(paths: &[PathBuf], var_files: &[PathBuf], root: &Path) -> Discovered {
    let mut errors = Vec::new();
    // Module directory -> files, so a directory given twice is read once.
    let mut modules: BTreeMap<PathBuf, Vec<(Kind, PathBuf)>> = BTreeMap::new();
    let mut plans: Vec<PathBuf> = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(InputError::file(display(path, root), format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_dir() {
            walk(path, &mut modules);
        } else {
            match classify(path) {
                Some(kind @ (Kind::Config | Kind::Tfvars)) => {
                    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    modules.entry(dir).or_default().push((kind, path.clone()));
                }
                _ => plans.push(path.clone()),
            }
        }
    }

    let mut jobs: Vec<(Option<PathBuf>, Kind, PathBuf)> = Vec::new();
    // Var files go first, flagged by having neither a directory nor the plan kind.
    jobs.extend(var_files.iter().map(|p| (None, Kind::Tfvars, p.clone())));
    for (dir, mut files) in modules {
        files.sort();
        files.dedup();
        // A directory holding only tfvars is not a module.
        if files.iter().any(|(k, _)| *k == Kind::Config) {
            jobs.extend(files.into_iter().map(|(k, p)| (Some(dir.clone()), k, p)));
        }
    }
    plans.sort();
    plans.dedup();
    for plan in plans {
        // The configuration next to a plan maps its findings back to source lines.
        let dir = plan
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut config: Vec<(Kind, PathBuf)> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter_map(|p| Some((classify(&p).filter(|k| *k != Kind::Plan)?, p)))
            .collect();
        config.sort();
        let dir = dir.to_path_buf();
        jobs.push((None, Kind::Plan, plan));
        if config.iter().any(|(k, _)| *k == Kind::Config) {
            jobs.extend(config.into_iter().map(|(k, p)| (Some(dir.clone()), k, p)));
        }
    }

    let read: Vec<_> = jobs
        .par_iter()
        .map(|(_, kind, path)| match kind {
            Kind::Plan => read_plan(path),
            _ => std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}")),
        })
        .collect();

    let mut sources = Sources::default();
    let mut inputs: Vec<Input> = Vec::new();
    let mut var_file_ids = Vec::new();
    let mut current: Option<PathBuf> = None;
    for ((dir, kind, path), text) in jobs.into_iter().zip(read) {
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                errors.push(InputError::file(display(&path, root), e));
                continue;
            }
        };
        let id = sources.add(SourceFile::new(
            path.clone(),
            display(&path, root),
            Arc::from(text),
        ));
        match (kind, dir) {
            (Kind::Plan, _) => {
                current = None;
                inputs.push(Input::Plan {
                    file: id,
                    config: None,
                });
            }
            (kind, Some(dir)) => {
                if current.as_ref() != Some(&dir) {
                    current = Some(dir.clone());
                    let module = Module {
                        dir: display(&dir, root),
                        files: Vec::new(),
                        tfvars: Vec::new(),
                    };
                    match inputs.last_mut() {
                        // Configuration read right after a plan is that plan's.
                        Some(Input::Plan { config: c @ None, .. }) => *c = Some(module),
                        _ => inputs.push(Input::Module(module)),
                    }
                }
                let module = match inputs.last_mut() {
                    Some(Input::Module(m)) | Some(Input::Plan { config: Some(m), .. }) => Some(m),
                    _ => None,
                };
                if let Some(Module { files, tfvars, .. }) = module {
                    if kind == Kind::Config {
                        files.push(id)
                    } else {
                        tfvars.push(id)
                    }
                }
            }
            (_, None) => var_file_ids.push(id),
        }
    }
    Discovered {
        sources,
        inputs,
        var_files: var_file_ids,
        errors,
    }
}

/// `.tf` and `.tf.json` are configuration; terraform.tfvars(.json) and *.auto.tfvars(.json) are
/// variable values Terraform loads automatically. Anything else given explicitly is a plan.
fn classify(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    if name.ends_with(".tf") || name.ends_with(".tf.json") {
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

fn walk(dir: &Path, modules: &mut BTreeMap<PathBuf, Vec<(Kind, PathBuf)>>) {
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    // Skip hidden directories (.terraform, .git, ...) below the starting point.
    let walker = walker.filter_entry(|e| {
        e.depth() == 0 || !(e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.'))
    });
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some(kind @ (Kind::Config | Kind::Tfvars)) = classify(entry.path()) {
            let parent = entry.path().parent().map(Path::to_path_buf).unwrap_or_default();
            modules.entry(parent).or_default().push((kind, entry.into_path()));
        }
    }
}

/// A JSON plan is read as is; a binary plan (a zip file) is turned into JSON by
/// `terraform show -json`.
fn read_plan(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    if !bytes.starts_with(b"PK") {
        return String::from_utf8(bytes)
            .map_err(|_| "not UTF-8 text, and not a Terraform plan file".to_string());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = path.file_name().unwrap_or_default();
    let out = Command::new("terraform")
        .arg("show")
        .arg("-json")
        .arg(file)
        .current_dir(dir)
        .output()
        .map_err(|e| {
            format!(
                "is a binary Terraform plan; reading it needs `terraform show -json`, but terraform could not be run ({e}). \
                 Install terraform or pass the output of `terraform show -json {}`",
                path.display()
            )
        })?;
    if !out.status.success() {
        return Err(format!(
            "`terraform show -json` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|_| "`terraform show -json` printed non-UTF-8 output".to_string())
}

/// The path relative to `root` with `/` separators, or as given when outside it.
pub fn display(path: &Path, root: &Path) -> String {
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
            std::path::Component::ParentDir if out.last().is_some_and(|l| l != "..") => {
                out.pop();
            }
            c => out.push(c.as_os_str().to_string_lossy().into_owned()),
        }
    }
    if out.is_empty() {
        ".".to_string()
    } else {
        out.join("/")
    }
}
