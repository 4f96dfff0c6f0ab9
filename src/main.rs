use std::process::ExitCode;

use clap::Parser;

// Parsing and evaluation allocate many small nodes from two threads: mimalloc is markedly faster
// than glibc malloc there (see bench/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match bucketguard::cli::run(bucketguard::cli::Cli::parse()) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
