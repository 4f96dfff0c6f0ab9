//! Files of the module (only inside the scanned tree) and path functions. abspath and
//! pathexpand of `~` depend on the machine Terraform runs on: not known to a scan.

use crate::model::Reason;
use std::path::{Path, PathBuf};

use super::{R, Scope, map, s, strv, to_str};
use crate::eval::Evaluator;
use crate::model::{Node, Origin, Val};

pub fn call(ev: &Evaluator, name: &str, a: &[Node], at: Origin) -> Option<R> {
    if BASIC.contains(&name) {
        return Some(basic(ev, name, a, at));
    }
    let arg = |i: usize| {
        s(a.get(i)
            .ok_or(Reason::from(format!("{name}() needs {} argument(s)", i + 1)))?)
    };
    Some(match name {
        "file" => arg(0).and_then(|p| read_file(ev, &p)).map(|s| Val::Str(s.into())),
        "fileexists" => arg(0).and_then(|p| {
            let full = inside_scan(ev, &module_path(ev, &p)?, &p, true)?;
            match std::fs::metadata(&full) {
                Ok(m) if m.is_dir() => Err(format!("fileexists(\"{p}\"): it is a directory").into()),
                Ok(_) => Ok(Val::Bool(true)),
                Err(_) => Ok(Val::Bool(false)),
            }
        }),
        "fileset" => arg(1).and_then(|pattern| fileset(ev, &arg(0)?, &pattern, at)),
        "basename" => arg(0).map(|p| Val::Str(basename(&p).into())),
        "dirname" => arg(0).map(|p| Val::Str(dirname(&p).into())),
        "abspath" => Err(Reason::not_known(
            "abspath() depends on where Terraform runs: not known to the scan",
        )),
        "pathexpand" => arg(0).and_then(|p| match p.strip_prefix('~') {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => Err(Reason::not_known(
                "pathexpand() of ~ is the home directory of whoever runs Terraform: not known to the scan",
            )),
            _ => Ok(Val::Str(p.into())),
        }),
        _ => return None,
    })
}

/// `path` relative to the module directory on disk (`path.module` mapped back to it).
fn module_path(ev: &Evaluator, path: &str) -> Result<PathBuf, Reason> {
    let dir = ev
        .fs_dir
        .as_ref()
        .ok_or_else(|| Reason::not_known("the module directory is not known"))?;
    let rel = if path == ev.dir {
        ""
    } else if let Some(r) = path.strip_prefix(&format!("{}/", ev.dir)) {
        r
    } else {
        path
    };
    if Path::new(rel).is_absolute() {
        return Err(Reason::not_known(format!(
            "\"{path}\" is an absolute path, outside the scanned tree"
        )));
    }
    Ok(dir.join(rel))
}

/// The path, if it is inside the directory tree being scanned (`Evaluator::tree`) or the
/// module's. `missing_ok`: a path that does not exist is checked by its nearest existing parent.
fn inside_scan(ev: &Evaluator, full: &Path, shown: &str, missing_ok: bool) -> Result<PathBuf, Reason> {
    let mut probe = full.to_path_buf();
    let canon = loop {
        match probe.canonicalize() {
            Ok(c) => break c,
            Err(e) if !missing_ok || !probe.pop() => return Err(format!("\"{shown}\": {e}").into()),
            Err(_) => {}
        }
    };
    let mdir = ev.fs_dir.as_ref().and_then(|d| d.canonicalize().ok());
    if !ev.tree.is_some_and(|t| t.contains(&canon)) && !mdir.is_some_and(|d| canon.starts_with(d)) {
        return Err(Reason::not_known(format!(
            "\"{shown}\" is outside the scanned tree"
        )));
    }
    Ok(if probe == full { canon } else { full.to_path_buf() })
}

pub fn read_bytes(ev: &Evaluator, path: &str) -> Result<Vec<u8>, Reason> {
    let full = inside_scan(ev, &module_path(ev, path)?, path, false)?;
    // A regular file only, at most `safe_io::MAX_FILE_BYTES`: a FIFO would block the scan.
    crate::safe_io::read(&full).map_err(|e| match e {
        crate::safe_io::ReadError::Io(e) => Reason::from(format!("file(\"{path}\"): {e}")),
        e => Reason::from(format!("file(\"{path}\"): {e}")),
    })
}

pub fn read_file(ev: &Evaluator, path: &str) -> Result<String, Reason> {
    String::from_utf8(read_bytes(ev, path)?)
        .map_err(|_| Reason::from(format!("file(\"{path}\"): not valid UTF-8")))
}

/// `fileset(path, pattern)`: the files under `path` matching the pattern, relative to it,
/// sorted.
fn fileset(ev: &Evaluator, path: &str, pattern: &str, at: Origin) -> R {
    let base = inside_scan(ev, &module_path(ev, path)?, path, false)?;
    let glob = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| Reason::from(format!("fileset(): invalid pattern \"{pattern}\": {e}")))?
        .compile_matcher();
    let mut found = Vec::new();
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(kind) = e.file_type() else { continue };
            let p = e.path();
            if kind.is_dir() {
                stack.push(p);
            } else if kind.is_file()
                && let Ok(rel) = p.strip_prefix(&base)
            {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if glob.is_match(&rel) {
                    found.push(rel);
                }
            }
        }
        if found.len() > 10_000 {
            return Err("fileset(): too many files".into());
        }
    }
    found.sort();
    Ok(Val::List(found.into_iter().map(|f| strv(f, at)).collect()))
}

/// Go's filepath.Base.
fn basename(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// Go's filepath.Dir: everything before the last element, cleaned.
fn dirname(p: &str) -> String {
    let dir = match p.rfind('/') {
        Some(i) => &p[..=i],
        None => "",
    };
    clean(dir)
}

/// Go's filepath.Clean: no `.` elements, `..` resolved where possible, no repeated slashes.
fn clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

/// The functions of this family that need no more than a few lines each.
const BASIC: &[&str] = &["templatefile"];

fn basic(ev: &Evaluator, name: &str, a: &[Node], at: Origin) -> R {
    let need = |n| super::argn(name, a, n);
    Ok(match name {
        "templatefile" => {
            need(2)?;
            if ev.rendering.get() {
                // As Terraform: else a template naming itself recurses without end.
                let why =
                    "templatefile() cannot be called from a template it renders (Terraform rejects this)";
                ev.problem(crate::eval::Problem::TemplateRecursion, at, why.to_string());
                return Err(Reason::from(why));
            }
            let text = read_file(ev, &s(&a[0])?)?;
            let vars = map(&a[1])?;
            let t = hcl_edit::parser::parse_template(&text)
                .map_err(|e| Reason::from(format!("templatefile(): {}", e.message())))?;
            let names = vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            let root = Scope::root();
            let inner = root.child(names);
            ev.rendering.set(true);
            let v = ev.eval_template(&t, &inner, at);
            ev.rendering.set(false);
            match v.val {
                Val::Str(x) => Val::Str(x),
                Val::Unknown(r) => return Err(r),
                Val::Partial(p) => Val::Partial(p),
                other => Val::Str(to_str(&Node::new(other, at))?.into()),
            }
        }
        other => return Err(Reason::not_known(format!("function {other}() is not supported"))),
    })
}
