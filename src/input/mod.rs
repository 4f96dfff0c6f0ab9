//! Front ends: find the inputs, then turn each into evaluated resources.

pub mod discover;
pub mod hcl;
pub mod plan;
pub mod prune;
pub mod source_map;
pub mod tfjson;

pub use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{FileId, Resource};

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

/// An input that could not be read or parsed (the rest of the scan goes on), or a note about
/// one: see [`Diagnostic`].
pub type InputError = Diagnostic;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_error_offset_is_the_byte_of_serde_jsons_line_and_column() {
        // serde_json counts lines from 1 and columns in bytes; the error here is the `x` on line 3.
        let text = "{\n  \"é\": 1,\n  x\n}";
        let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let off = json_error_offset(text, &e);
        assert_eq!(&text[off..off + 1], "x", "{e}");
        // An unexpected end points at the last byte read (serde_json's column 3 here).
        let e = serde_json::from_str::<serde_json::Value>("[1,").unwrap_err();
        assert_eq!((e.column(), json_error_offset("[1,", &e)), (3, 2));
    }
}
