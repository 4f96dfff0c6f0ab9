//! bucketguard: scan Terraform sources and plans for S3 hardening gaps.
//!
//! The flow: `input` (HCL, .tf.json, plan JSON) → `eval` (Terraform semantics for sources) →
//! `model` (one normalized bucket model, every value with its origin) → `policy` (one check per
//! module) → `finding` → `report` (text, JSON, SARIF).

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
pub mod input;
pub mod model;
pub mod policy;
pub mod pool;
pub mod report;
pub mod scan;
pub mod settings;
pub mod suppress;

pub use scan::{ScanResult, exit_code, scan};
pub use settings::{Format, Settings};
