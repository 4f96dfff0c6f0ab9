//! The file system and programs, with the repository treated as hostile (SECURITY.md): the
//! scanned files, their symlinks and `.git/config` are written by whoever opens a pull request.
//! Only the command line and the environment are trusted.
//!
//! - Files are read only when they are regular files (a FIFO would block the scan forever, a
//!   device read gigabytes), and at most [`MAX_FILE_BYTES`] of each.
//! - The scanned tree ([`Tree`]) is the working directory and the paths given on the command
//!   line; what the repository names (config `var-files`, module sources, `modules.json`
//!   directories) must resolve, symlinks followed, inside it.
//! - Programs (terraform, git) are found on `PATH` before any directory change, absolute entries
//!   only: a relative entry (`.`, empty, `bin`) would run a program the repository committed.
//! - Reports are not written through a symlink planted in the working directory.
//!
//! No domain knowledge: a leaf, like `pool`.

use std::ffi::OsStr;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The most read of one file the repository controls (sources, tfvars, var files, `file()`,
/// `modules.json`).
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// The most read of one plan given on the command line: positions in a file are 32-bit.
pub const MAX_PLAN_BYTES: u64 = u32::MAX as u64;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    /// A FIFO, device, socket or directory: reading it could block forever or never end.
    #[error("not a regular file ({0}): not read")]
    NotRegular(&'static str),
    #[error("larger than {} MiB: not read", .0 >> 20)]
    TooLarge(u64),
    #[error("not UTF-8 text")]
    NotUtf8,
}

/// What kind of file `meta` describes, for messages.
pub fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_file() {
        "a regular file"
    } else {
        "not a file"
    }
}

/// Open `path` (symlinks followed) for reading when it is a regular file. Opened non-blocking,
/// so a FIFO without a writer is refused at once instead of blocking the open; the kind is
/// checked on the open file, so nothing swapped in after a check is read.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(&meta)));
    }
    Ok(file)
}

/// The bytes of an open file, at most `limit` of them (else [`ReadError::TooLarge`]).
pub fn read_limited(file: &File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // One byte past the limit tells a file that grew while read.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// A regular file's bytes, at most [`MAX_FILE_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_limited(&open_regular(path)?, MAX_FILE_BYTES)
}

/// A regular file's text, at most [`MAX_FILE_BYTES`].
pub fn read_to_string(path: &Path) -> Result<String, ReadError> {
    String::from_utf8(read(path)?).map_err(|_| ReadError::NotUtf8)
}

/// Lexical normalization (no symlinks resolved): `a/./b/../c` → `a/c`; `.` for an empty result.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// The scanned tree: the working directory and the paths given on the command line (a file's
/// directory), each widened to the git work tree holding it, as real paths. What the repository
/// names must resolve inside it. Widened, so that a root module scanned from its own directory
/// reaches the repository's `../../modules`; a repository cannot name anything above its checkout.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    roots: Vec<PathBuf>,
}

/// A path that resolves outside the scanned tree: why, for messages.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Outside(pub String);

/// The work tree of the git repository holding the real directory `dir`: its nearest ancestor
/// with a `.git` entry (a directory, or the file of a worktree or submodule); `dir` outside git.
/// No git command runs: the repository's configuration is not trusted.
fn git_work_tree(dir: PathBuf) -> PathBuf {
    match dir
        .ancestors()
        .find(|a| a.join(".git").symlink_metadata().is_ok())
    {
        Some(top) => top.to_path_buf(),
        None => dir,
    }
}

impl Tree {
    /// The tree of a scan of `paths` (and `--source DIR`) run in `cwd`.
    pub fn of_scan<'p>(cwd: &'p Path, paths: impl IntoIterator<Item = &'p Path>) -> Tree {
        let mut roots: Vec<PathBuf> = Vec::new();
        for p in std::iter::once(cwd).chain(paths) {
            let p = if p.is_absolute() {
                p.to_path_buf()
            } else {
                cwd.join(p)
            };
            let dir = if p.is_dir() {
                p
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or(p)
            };
            if let Ok(real) = dir.canonicalize().map(git_work_tree)
                && !roots.iter().any(|r| real.starts_with(r))
            {
                roots.retain(|r| !r.starts_with(&real));
                roots.push(real);
            }
        }
        roots.sort();
        Tree { roots }
    }

    /// Whether a real (canonical) path is inside the tree.
    pub fn contains(&self, real: &Path) -> bool {
        self.roots.iter().any(|r| real.starts_with(r))
    }

    /// The real path of `path` when it is inside the tree, symlinks followed. `missing_ok`: a
    /// path that does not exist is judged by its nearest existing ancestor (with the rest of the
    /// path normalized lexically, so `missing/../../x` cannot climb out).
    pub fn resolve(&self, path: &Path, missing_ok: bool) -> Result<PathBuf, Outside> {
        let mut probe = normalize(path);
        let mut rest: Vec<std::ffi::OsString> = Vec::new();
        let real = loop {
            match probe.canonicalize() {
                Ok(c) => break c,
                Err(e) if !missing_ok => return Err(Outside(e.to_string())),
                Err(e) => match (probe.file_name().map(OsStr::to_os_string), probe.pop()) {
                    (Some(name), true) => rest.push(name),
                    _ => return Err(Outside(e.to_string())),
                },
            }
        };
        let full = rest.iter().rev().fold(real, |p, n| p.join(n));
        if full.components().any(|c| c == Component::ParentDir) || !self.contains(&full) {
            return Err(Outside("outside the scanned tree".into()));
        }
        Ok(full)
    }
}

/// `name` on `PATH` (`path_var`), absolute entries only, as an absolute path: found before any
/// directory change, and never a program the repository committed under a relative entry.
pub fn find_program(name: &str, path_var: Option<&OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path_var?)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    meta.is_file()
}

/// Create (or truncate) a report file. A path inside the working directory `cwd` (where the
/// repository could have planted a symlink) is refused when it is a symlink or resolves, through
/// a symlinked directory, outside `cwd`, and must be a regular file if it exists; a path the
/// command line places outside `cwd` (`../x`, `/tmp/x`, `/dev/stdout`) is opened as given.
pub fn create_output(path: &Path, cwd: &Path) -> io::Result<File> {
    let full = normalize(&cwd.join(path));
    let cwd = normalize(cwd);
    if !full.starts_with(&cwd) {
        return File::create(path);
    }
    let refuse = |why: String| io::Error::new(io::ErrorKind::PermissionDenied, why);
    if std::fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse(
            "is a symbolic link: not followed (remove it, or name a path outside the working directory)"
                .into(),
        ));
    }
    let parent = full.parent().unwrap_or(&cwd);
    if let (Ok(real), Ok(real_cwd)) = (parent.canonicalize(), cwd.canonicalize())
        && !real.starts_with(&real_cwd)
    {
        return Err(refuse(format!(
            "resolves to {} through a symbolic link, outside the working directory: not written",
            real.display()
        )));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(&full)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(refuse(format!(
            "is {}, not a regular file: not written",
            kind(&meta)
        )));
    }
    // Truncated only once known to be a regular file of ours.
    file.set_len(0)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_path_entries_are_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let bin = tmp.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let tool = bin.join("tool");
        std::fs::write(&tool, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path = std::env::join_paths([Path::new("."), Path::new(""), Path::new("bin")]).unwrap();
        assert_eq!(find_program("tool", Some(&path)), None);
        let path = std::env::join_paths([Path::new("bin"), &bin]).unwrap();
        assert_eq!(find_program("tool", Some(&path)), Some(tool));
    }

    #[test]
    fn tree_resolves_missing_paths_by_their_parent() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("repo");
        std::fs::create_dir_all(root.join("a")).unwrap();
        let tree = Tree::of_scan(&root, []);
        assert!(tree.resolve(&root.join("a/x.tfvars"), true).is_ok());
        assert!(tree.resolve(&root.join("a/../x.tfvars"), true).is_ok());
        assert!(tree.resolve(&root.join("../x.tfvars"), true).is_err());
        assert!(tree.resolve(&root.join("missing/../../x"), true).is_err());
        assert!(
            tree.resolve(&root.join("a/x.tfvars"), false).is_err(),
            "must exist"
        );
    }

    #[test]
    fn regular_files_only_and_capped() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(tmp.path()),
            Err(ReadError::NotRegular("a directory"))
        ));
        let f = tmp.path().join("f");
        std::fs::write(&f, "12345").unwrap();
        let file = open_regular(&f).unwrap();
        assert!(matches!(read_limited(&file, 4), Err(ReadError::TooLarge(4))));
        assert_eq!(read(&f).unwrap(), b"12345");
    }
}
