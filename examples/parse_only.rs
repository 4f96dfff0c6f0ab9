//! The parse-only baseline for `bench/run.sh`: read and parse every input the scanner would read,
//! with the scanner's parsers, and nothing else.
//!
//! `cargo run --release --example parse_only -- PATH...`
//!
//! Directories are walked like `bucketguard scan` walks them (hidden directories skipped):
//! `.tf`, `terraform.tfvars` and `*.auto.tfvars` are parsed with `hcl_edit::parser::parse_body`,
//! `.tf.json` / `.tfvars.json` into a `serde_json::Value`. A file given explicitly that is not HCL
//! is a plan: validated with serde_json into `IgnoredAny` (the floor of any JSON reader). Files are read and parsed in parallel with rayon, one
//! task per file. Prints one line: files, bytes, parse errors, elapsed seconds.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;
use walkdir::WalkDir;

// The scanner's allocator, so the baseline differs from the scan only in the work done.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Clone, Copy)]
enum Kind {
    Hcl,
    Json,
    Plan,
}

fn classify(name: &str) -> Option<Kind> {
    if name.ends_with(".tf") || name == "terraform.tfvars" || name.ends_with(".auto.tfvars") {
        Some(Kind::Hcl)
    } else if name.ends_with(".tf.json")
        || name == "terraform.tfvars.json"
        || name.ends_with(".auto.tfvars.json")
    {
        Some(Kind::Json)
    } else {
        None
    }
}

fn collect(path: &Path, out: &mut Vec<(Kind, PathBuf)>) {
    if path.is_file() {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        // An explicit non-HCL file is a plan.
        out.push((classify(name).unwrap_or(Kind::Plan), path.to_path_buf()));
        return;
    }
    let walker = WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !(e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.'))
        });
    for entry in walker.flatten() {
        if entry.file_type().is_file()
            && let Some(kind) = entry.file_name().to_str().and_then(classify)
        {
            out.push((kind, entry.into_path()));
        }
    }
}

fn main() -> ExitCode {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: parse_only PATH...");
        return ExitCode::from(2);
    }
    let start = Instant::now();
    let mut files = Vec::new();
    for p in &paths {
        collect(p, &mut files);
    }
    // (bytes, parse errors) per file; the parsed trees are dropped inside the task, as a scanner
    // that keeps them would pay for that memory, not for the parse.
    let (bytes, errors) = files
        .par_iter()
        .map(|(kind, path)| {
            let Ok(text) = std::fs::read_to_string(path) else {
                return (0usize, 1usize);
            };
            let ok = match kind {
                Kind::Hcl => hcl_edit::parser::parse_body(&text).is_ok(),
                Kind::Json => serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                // The floor for a plan: tokenize and validate all of it, build nothing (a DOM
                // would cost more than a scanner that deserializes only what it needs).
                Kind::Plan => serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok(),
            };
            (text.len(), usize::from(!ok))
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "parse_only: files={} bytes={} errors={} elapsed={:.4}s",
        files.len(),
        bytes,
        errors,
        elapsed
    );
    ExitCode::SUCCESS
}
