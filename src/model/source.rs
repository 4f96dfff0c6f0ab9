//! Scanned files and locations inside them. Every value in the model points back here.

use std::path::PathBuf;

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in a scanned file. For plan input it is the range of the resource's address
/// inside the plan JSON; for sources, the attribute or block that holds the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Origin {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Origin {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Self {
        Origin {
            file,
            start: range.start as u32,
            end: range.end as u32,
        }
    }
}

/// 1-based line and column; the column counts UTF-16 code units (SARIF's default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// The syntax of a scanned file, told by its name as Terraform tells it: `.tf.json` and
/// `.tfvars.json` (and plans) are JSON, `.tf` and `.tfvars` native syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Native,
    Json,
}

impl FileKind {
    pub fn of(name: &str) -> FileKind {
        if name.ends_with(".json") {
            FileKind::Json
        } else {
            FileKind::Native
        }
    }
}

pub struct SourceFile {
    /// The path as opened.
    pub path: PathBuf,
    /// The path shown to users: relative to the scan root, `/`-separated.
    pub display: String,
    pub text: Text,
    line_starts: super::lines::LineStarts,
    /// For each non-ASCII character: the byte offset where it ends and the running total of
    /// (UTF-8 bytes - UTF-16 units) up to there, so a column costs a binary search, not a scan
    /// of the line (a plan is one line of hundreds of MB).
    wide: Vec<(u32, u32)>,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: impl Into<Box<str>>) -> Self {
        // A String becomes a Box<str> without copying: plans can be hundreds of MB.
        Self::from_text(path, display, Text::from(text.into()))
    }

    pub fn from_text(path: PathBuf, display: String, text: Text) -> Self {
        let line_starts = super::lines::LineStarts::of(text.as_bytes());
        let mut wide = Vec::new();
        if !text.is_ascii() {
            // Byte by byte (a UTF-8 lead byte gives the length): much faster than char_indices
            // on hundreds of MB of mostly ASCII.
            let mut excess = 0u32;
            for (i, &b) in text.as_bytes().iter().enumerate().filter(|&(_, &b)| b >= 0xC0) {
                let (utf8, utf16) = match b {
                    0xF0.. => (4, 2),
                    0xE0.. => (3, 1),
                    _ => (2, 1),
                };
                excess += utf8 - utf16;
                wide.push((i as u32 + utf8, excess));
            }
        }
        SourceFile {
            path,
            display,
            text,
            line_starts,
            wide,
        }
    }

    /// Its syntax (see [`FileKind`]).
    pub fn kind(&self) -> FileKind {
        FileKind::of(&self.display)
    }

    /// (UTF-8 bytes - UTF-16 units) of the text before byte `offset` (a char boundary).
    fn excess_before(&self, offset: u32) -> u32 {
        match self.wide.partition_point(|&(end, _)| end <= offset) {
            0 => 0,
            n => self.wide[n - 1].1,
        }
    }

    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.text.len() as u32);
        let (line, start) = self.line_starts.line_of(offset);
        let start = start as usize;
        let mut end = offset as usize;
        // An ASCII file (no `wide` entries) has a boundary at every byte.
        while !self.wide.is_empty() && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column =
            (end - start) as u32 - (self.excess_before(end as u32) - self.excess_before(start as u32)) + 1;
        LineCol {
            line: line as u32 + 1,
            column,
        }
    }

    /// `end` moved back over the line break(s) just before it, down to `start`: a span that
    /// swallows its line break ends on that line.
    pub fn before_line_break(&self, start: u32, end: u32) -> u32 {
        let len = self.text.len() as u32;
        let start = start.min(len);
        let mut end = end.clamp(start, len);
        if let Repr::Evicted { .. } = &self.text.0 {
            // Evicted texts are ASCII with `\n` line breaks only: one ends where a line starts.
            while end > start && self.line_starts.is_start(end) {
                end -= 1;
            }
            return end;
        }
        let text = self.text.as_bytes();
        while end > start && matches!(text[end as usize - 1], b'\n' | b'\r') {
            end -= 1;
        }
        end
    }

    /// Give the text back once loading is done, when its positions can be worked out without
    /// it (ASCII, `\n` line breaks): it is read again only if a report quotes it. Large
    /// scans hold no copy of their sources while the policies run and the report is written.
    pub fn evict(&mut self) {
        self.take_text();
    }

    /// The text, for the caller to parse and drop, when it can be evicted (see [`Self::evict`]).
    pub fn take_text(&mut self) -> Option<Box<str>> {
        let evictable = matches!(self.text.0, Repr::Owned(_))
            && self.wide.is_empty()
            && memchr::memchr(b'\r', self.text.as_bytes()).is_none();
        if !evictable {
            return None;
        }
        let evicted = Text(Repr::Evicted {
            path: self.path.clone(),
            len: self.text.len(),
            reread: std::sync::OnceLock::new(),
        });
        match std::mem::replace(&mut self.text, evicted).0 {
            Repr::Owned(text) => Some(text),
            _ => None,
        }
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let i = (line as usize).saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts.start(i).unwrap_or(0) as usize;
        let end = self
            .line_starts
            .start(i + 1)
            .map_or(self.text.len(), |e| e as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Why a file's text could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not UTF-8 text")]
    NotUtf8,
}

/// The text of a scanned file. Always a copy, plans included: a memory map of a file another
/// process can write would let the text change under the `&str`s borrowed from it (the plan parser
/// keeps thousands), which no check made when mapping can rule out. The copy costs the plan's size
/// in resident memory (the 150,000-resource benchmark plan: 487 MB of text, peak 0.9 GiB).
pub struct Text(Repr);

/// Files this large are read into anonymous memory (see [`Text::read_anonymous`]).
const ANONYMOUS_FROM: usize = 1 << 20;

enum Repr {
    Owned(Box<str>),
    /// A large file's text in private anonymous memory (see [`Text::read_anonymous`]).
    #[cfg(unix)]
    Anonymous(memmap2::Mmap),
    /// Given back after loading (see [`SourceFile::evict`]); read again from `path` if a report
    /// needs the text.
    Evicted {
        path: PathBuf,
        len: usize,
        reread: std::sync::OnceLock<Box<str>>,
    },
}

impl From<Box<str>> for Text {
    fn from(text: Box<str>) -> Self {
        Text(Repr::Owned(text))
    }
}

impl Text {
    /// The whole text of `file`, from its start whatever the read position.
    pub fn read(file: &std::fs::File) -> Result<Text, ReadError> {
        use std::io::{Read, Seek};
        let mut file = file;
        let meta = file.metadata()?;
        // Pipes, /dev/stdin, /proc files...: not seekable, and of no size known up front.
        let size = if meta.is_file() {
            file.seek(std::io::SeekFrom::Start(0))?;
            usize::try_from(meta.len()).unwrap_or(0)
        } else {
            0
        };
        #[cfg(unix)]
        if size >= ANONYMOUS_FROM {
            if let Some(text) = Self::read_anonymous(file, size)? {
                return Ok(text);
            }
            file.seek(std::io::SeekFrom::Start(0))?;
        }
        let mut bytes = Vec::with_capacity(size);
        file.read_to_end(&mut bytes)?;
        let text = String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?;
        Ok(Text::from(text.into_boxed_str()))
    }

    /// A large file read into a private anonymous mapping of huge pages, each half by its own
    /// thread: the copy out of the page cache (and the kernel zeroing the pages first) is what a
    /// map of the file avoided; read one 4 KiB heap page at a time, it made the 10k-resource
    /// plan's scan 12% slower, this way 0-3%. `None` when the file no longer has `size` bytes
    /// (the caller then reads it as it is now).
    #[cfg(unix)]
    fn read_anonymous(file: &std::fs::File, size: usize) -> Result<Option<Text>, ReadError> {
        use std::os::unix::fs::FileExt;
        let mut map = memmap2::MmapOptions::new().len(size).map_anon()?;
        // Only a hint: without it (or without transparent huge pages) the read is merely slower.
        #[cfg(target_os = "linux")]
        let _ = map.advise(memmap2::Advice::HugePage);
        let (low, high) = map.split_at_mut(size / 2);
        let (a, b) = rayon::join(
            || file.read_exact_at(low, 0),
            || file.read_exact_at(high, (size / 2) as u64),
        );
        // A file that shrank or grew since its size was taken is read again as a whole.
        if a.is_err() || b.is_err() || file.read_at(&mut [0], size as u64)? != 0 {
            return Ok(None);
        }
        std::str::from_utf8(&map).map_err(|_| ReadError::NotUtf8)?;
        Ok(Some(Text(Repr::Anonymous(map.make_read_only()?))))
    }

    /// The length in bytes, without reading an evicted text back.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Evicted { len, .. } => *len,
            _ => self.as_str().len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the text was given back (see [`SourceFile::evict`]).
    pub fn is_evicted(&self) -> bool {
        matches!(self.0, Repr::Evicted { .. })
    }

    fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            // SAFETY: the mapping is private and anonymous, so only this process can write it,
            // and it has been read-only since `read_anonymous` checked these very bytes were
            // UTF-8 (unlike a map of the file, which another process could change).
            #[cfg(unix)]
            Repr::Anonymous(map) => unsafe { std::str::from_utf8_unchecked(map) },
            Repr::Evicted { path, len, reread } => reread.get_or_init(|| {
                // Still a regular file of the size read, or blank.
                match crate::safe_io::read_to_string(path) {
                    Ok(text) if text.len() == *len => text.into_boxed_str(),
                    // Changed or gone since the scan read it: blank, so every offset into it
                    // stays valid (only report snippets read an evicted text).
                    _ => " ".repeat(*len).into_boxed_str(),
                }
            }),
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// Every file the scan read, in a fixed order so output is deterministic.
#[derive(Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// Configuration files (`.tf`, `.tf.json`) by directory, for local module calls.
    config_by_dir: std::collections::HashMap<PathBuf, Vec<FileId>>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// The configuration files of `dir` (lexically normalized) are `files`, in path order.
    pub fn index_dir(&mut self, dir: PathBuf, files: Vec<FileId>) {
        self.config_by_dir.insert(dir, files);
    }

    /// [`SourceFile::evict`] the configuration files (`.tf`, `.tf.json`) `evict` selects, once
    /// loading is done.
    pub fn evict_config_texts(&mut self, evict: impl Fn(&SourceFile) -> bool) {
        for files in self.config_by_dir.values() {
            for id in files {
                let file = &mut self.files[id.0 as usize];
                if evict(file) {
                    file.evict();
                }
            }
        }
    }

    /// [`SourceFile::take_text`] of file `id`.
    pub fn take_text(&mut self, id: FileId) -> Option<Box<str>> {
        self.files[id.0 as usize].take_text()
    }

    /// The configuration files of `dir` (lexically normalized), in path order.
    pub fn config_files_in(&self, dir: &std::path::Path) -> &[FileId] {
        self.config_by_dir.get(dir).map_or(&[], Vec::as_slice)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn start(&self, origin: Origin) -> LineCol {
        self.get(origin.file).line_col(origin.start)
    }

    pub fn end(&self, origin: Origin) -> LineCol {
        self.get(origin.file).line_col(origin.end)
    }

    pub fn display(&self, origin: Origin) -> &str {
        &self.get(origin.file).display
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_text_is_the_whole_file_and_must_be_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        // Small files are read onto the heap, large ones (over ANONYMOUS_FROM) in two halves
        // into anonymous memory: 11 bytes a line puts the middle inside an "é".
        for lines in [5_000, 100_001] {
            let body = "{\"a\": \"é\"}\n".repeat(lines);
            std::fs::write(&path, &body).unwrap();
            let mut file = std::fs::File::open(&path).unwrap();
            // From the start, even after a caller read the first bytes (discover sniffs for "PK").
            std::io::Read::read(&mut file, &mut [0u8; 2]).unwrap();
            let text = Text::read(&file).unwrap();
            assert_eq!(text.len(), body.len());
            assert_eq!(matches!(text.0, Repr::Anonymous(_)), body.len() >= ANONYMOUS_FROM);
            assert_eq!(&*text, body);
            // A copy: a change to the file afterwards does not reach the text.
            std::fs::write(&path, "changed").unwrap();
            assert_eq!(&*text, body);
            let mut bad = body.into_bytes();
            bad[lines * 11 / 2] = 0xff;
            std::fs::write(&path, &bad).unwrap();
            assert!(matches!(
                Text::read(&std::fs::File::open(&path).unwrap()),
                Err(ReadError::NotUtf8)
            ));
        }
        std::fs::write(&path, b"").unwrap();
        assert_eq!(&*Text::read(&std::fs::File::open(&path).unwrap()).unwrap(), "");
    }

    #[test]
    fn file_kind_follows_terraform_naming() {
        // Terraform reads `.tf.json` / `.tfvars.json` as JSON syntax, `.tf` / `.tfvars` as native.
        for (name, kind) in [
            ("main.tf", FileKind::Native),
            ("terraform.tfvars", FileKind::Native),
            ("main.tf.json", FileKind::Json),
            ("x.auto.tfvars.json", FileKind::Json),
            ("plan.json", FileKind::Json),
        ] {
            assert_eq!(FileKind::of(name), kind, "{name}");
        }
        let f = SourceFile::new(PathBuf::from("m/a.tf.json"), "m/a.tf.json".into(), "{}");
        assert_eq!(f.kind(), FileKind::Json);
    }

    #[test]
    fn columns_count_utf16_units() {
        let text = "a = \"é\"\nb = \"日本語 😀 x\"\n\nplain\r\nz😀😀é\n";
        let f = SourceFile::new(PathBuf::from("t.tf"), "t.tf".into(), text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let want = LineCol {
                line: text[..offset].matches('\n').count() as u32 + 1,
                column: text[line_start..offset].encode_utf16().count() as u32 + 1,
            };
            assert_eq!(f.line_col(offset as u32), want, "offset {offset}");
        }
        // An offset inside a character counts from the character's start.
        assert_eq!(f.line_col(6), LineCol { line: 1, column: 6 });
    }

    #[test]
    fn evicted_text_gives_the_same_positions_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("main.tf");
        let body = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n\n\nlocals {}\n";
        std::fs::write(&path, body).unwrap();
        let resident = SourceFile::new(path.clone(), "main.tf".into(), body);
        let mut evicted = SourceFile::new(path.clone(), "main.tf".into(), body);
        evicted.evict();
        assert!(evicted.text.is_evicted());
        assert_eq!(evicted.text.len(), body.len());
        // Every span, including those that end after one or more line breaks, ends at the same
        // place without the text.
        for start in 0..=body.len() as u32 {
            for end in start..=body.len() as u32 + 2 {
                assert_eq!(
                    evicted.before_line_break(start, end),
                    resident.before_line_break(start, end),
                    "{start}..{end}"
                );
            }
            assert_eq!(evicted.line_col(start), resident.line_col(start));
        }
        assert!(evicted.text.is_evicted(), "positions never read the text back");
        // A report quoting it reads it again.
        assert_eq!(evicted.line_text(2), "  bucket = \"x\"");
        assert_eq!(&*evicted.text, body);
    }

    #[test]
    fn only_plain_ascii_texts_are_evicted_and_a_changed_file_reads_back_blank() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("main.tf");
        for keeps in ["a = \"é\"\n", "a = 1\r\nb = 2\r\n"] {
            let mut f = SourceFile::new(path.clone(), "main.tf".into(), keeps);
            f.evict();
            assert!(!f.text.is_evicted(), "{keeps:?}");
        }
        std::fs::write(&path, "a = 1\n").unwrap();
        let mut f = SourceFile::new(path.clone(), "main.tf".into(), "a = 1\n");
        f.evict();
        std::fs::write(&path, "a = 12\n").unwrap();
        assert_eq!(&*f.text, "      ", "same length, so every offset stays valid");
    }
}
