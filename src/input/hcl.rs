//! Terraform sources (`.tf` native syntax and `.tf.json`) → evaluated resources.

use crate::input::Loaded;
use crate::model::{FileId, Sources};

/// Variable values from outside the module: `--var-file` files and `--var name=value`.
pub struct VarInputs<'a> {
    pub var_files: &'a [FileId],
    pub vars: &'a [(String, String)],
}

/// Evaluate one module directory as a root module.
pub fn load_module(
    sources: &Sources,
    dir: &str,
    files: &[FileId],
    tfvars: &[FileId],
    vars: &VarInputs,
) -> Loaded {
    let _ = (sources, dir, files, tfvars, vars);
    Loaded::default()
}
