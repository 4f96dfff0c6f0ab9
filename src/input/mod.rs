//! Front ends: find the inputs, then turn each into evaluated resources.

pub mod discover;
pub mod hcl;
pub mod plan;
pub mod prune;
pub mod source_map;
pub mod tfjson;

use serde::Serialize;

use crate::model::{FileId, Origin, Resource, Sources};

/// One unit of input.
#[derive(Clone, Debug)]
pub enum Input {
    /// A directory's configuration, evaluated as a root module.
    Module(Module),
    /// `terraform show -json` output (read from a JSON file, or produced from a binary plan), with
    /// the configuration found next to it, if any.
    Plan { file: FileId, config: Option<Module> },
}

/// A directory's `.tf` / `.tf.json` files (one Terraform module) with its `*.tfvars`.
#[derive(Clone, Debug)]
pub struct Module {
    pub dir: String,
    pub files: Vec<FileId>,
    pub tfvars: Vec<FileId>,
    /// Its `terraform init` manifest (see [`discover::module_manifest`]).
    pub manifest: std::collections::BTreeMap<String, (String, String)>,
}

/// An input that could not be read or parsed. The rest of the scan goes on.
#[derive(Clone, Debug, Serialize)]
pub struct InputError {
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    #[serde(skip)]
    pub origin: Option<Origin>,
}

impl InputError {
    /// An error without a position (unreadable file, missing terraform...).
    pub fn file(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            origin: None,
        }
    }

    /// An error at `origin`, with line and column filled in from `sources`.
    pub fn at(sources: &Sources, origin: Origin, message: impl Into<String>) -> Self {
        let lc = sources.start(origin);
        InputError {
            path: sources.display(origin).to_string(),
            line: Some(lc.line),
            column: Some(lc.column),
            message: message.into(),
            origin: Some(origin),
        }
    }
}

/// Where a JSON parse error is in `text`: serde_json's 1-based line and column (which counts
/// bytes) as a byte offset, on a character boundary.
pub(crate) fn json_error_offset(text: &str, e: &serde_json::Error) -> usize {
    let (line, column) = (e.line(), e.column());
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let mut off = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    off
}

/// What a front end produced from one input.
#[derive(Debug, Default)]
pub struct Loaded {
    pub resources: Vec<Resource>,
    pub errors: Vec<InputError>,
    /// Informational: what the scan could not see (a remote module that is not installed).
    pub notes: Vec<InputError>,
}
