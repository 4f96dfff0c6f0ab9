//! Custom policies in Rego (`--policy-dir`, `policy-dirs`): house rules over one resolved bucket
//! at a time.
//!
//! A policy is a `.rego` file whose package is under `bucketguard.`, with an OPA `# METADATA`
//! block (`metadata.rs`) and a `deny` set (and optionally an `undecided` set). It reads the
//! bucket's input document (`input/`), regorus evaluates it (`run.rs`), and it becomes a
//! [`Policy`] like the built-in ones, so selection, severity overrides, suppressions, baselines
//! and every report treat both alike.

pub mod input;
mod load;
mod metadata;
mod pack;
mod run;
pub mod testing;

use std::sync::Arc;

pub use load::{LoadError, Problem, load, read_dirs};
pub use pack::{catalog, shipped};
pub use run::verdicts;

use super::Policy;

/// The helper package every policy may import: `data.bucketguard.lib`.
pub const LIB: (&str, &str) = ("bucketguard:lib.rego", include_str!("lib.rego"));

/// The Rego side of a custom policy.
#[derive(Clone, Debug)]
pub struct Rego {
    /// `data.bucketguard.NAME`: the package whose `deny` and `undecided` sets are read.
    pub package: String,
    /// The file that declares it, as shown in messages.
    pub file: String,
    /// Whether it declares an `undecided` rule.
    pub has_undecided: bool,
    /// Every module of its load: a policy may import another's package.
    modules: Arc<run::Modules>,
}

/// Text on one line, its runs of white space single blanks: regorus errors and values are
/// printed over several lines, reports want one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A regorus value as JSON on one line.
fn json_line(v: &regorus::Value) -> String {
    one_line(&v.to_json_str().unwrap_or_default())
}

/// Whether a policy is one of these (custom ones are leaked, so compared by address).
pub fn is_custom(policy: &Policy) -> bool {
    policy.rego.is_some()
}
