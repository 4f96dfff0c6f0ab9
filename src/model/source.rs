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

pub struct SourceFile {
    /// The path as opened.
    pub path: PathBuf,
    /// The path shown to users: relative to the scan root, `/`-separated.
    pub display: String,
    pub text: Box<str>,
    line_starts: Vec<u32>,
    /// For each non-ASCII character: the byte offset where it ends and the running total of
    /// (UTF-8 bytes - UTF-16 units) up to there, so a column costs a binary search, not a scan
    /// of the line (a plan is one line of hundreds of MB).
    wide: Vec<(u32, u32)>,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: impl Into<Box<str>>) -> Self {
        // A String becomes a Box<str> without copying: plans can be hundreds of MB.
        let text: Box<str> = text.into();
        // Counted first, so the index of a large file is not a doubled vector.
        let mut line_starts = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        line_starts.push(0u32);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut excess = 0u32;
            for (i, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
                excess += (c.len_utf8() - c.len_utf16()) as u32;
                wide.push(((i + c.len_utf8()) as u32, excess));
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

    /// (UTF-8 bytes - UTF-16 units) of the text before byte `offset` (a char boundary).
    fn excess_before(&self, offset: u32) -> u32 {
        match self.wide.partition_point(|&(end, _)| end <= offset) {
            0 => 0,
            n => self.wide[n - 1].1,
        }
    }

    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.text.len() as u32);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column =
            (end - start) as u32 - (self.excess_before(end as u32) - self.excess_before(start as u32)) + 1;
        LineCol {
            line: line as u32 + 1,
            column,
        }
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let i = (line as usize).saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[i] as usize;
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
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

    /// Index the configuration files by directory; call once every file is added.
    pub fn index_dirs(&mut self) {
        self.config_by_dir.clear();
        for (i, f) in self.files.iter().enumerate() {
            let name = f.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.ends_with(".tf") || name.ends_with(".tf.json") {
                let dir =
                    crate::input::discover::normalize(f.path.parent().unwrap_or(std::path::Path::new(".")));
                self.config_by_dir.entry(dir).or_default().push(FileId(i as u32));
            }
        }
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
}
