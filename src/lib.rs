//! bucketguard: scan Terraform sources and plans for S3 hardening gaps.
//!
//! The layers and the flow are in ARCHITECTURE.md. In short, `scan` runs: `input::discover` →
//! `input::hcl` (.tf and .tf.json, evaluated by `eval`) or `input::plan` → `model` (one normalized
//! bucket model, every value with its origin) → `exposure` (each bucket's effective exposure) →
//! `policy` (one check per policy) → `finding` → suppressions, baseline, diff → `report` (text,
//! JSON, SARIF, GitHub annotations, Markdown).

pub mod alloc;
pub mod baseline;
pub mod blocks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod eval;
pub mod exposure;
pub mod finding;
/// Fuzz harnesses (fuzz/, tests/fuzz_smoke.rs); not API.
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod model;
pub mod policy;
pub mod pool;
pub mod report;
pub mod safe_io;
pub mod scan;
pub mod settings;
pub mod suppress;

pub use scan::{ScanResult, exit_code, scan};
pub use settings::{Format, Settings};
