use std::process::ExitCode;

use clap::Parser;

// Parsing and evaluation allocate many small nodes from two threads: mimalloc is markedly faster
// than glibc malloc there (see bench/RESULTS.md).
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    bucketguard::alloc::configure();
    let cli = bucketguard::cli::Cli::parse();
    // Run on the scan's thread pool (large stacks for deeply nested input): the main thread
    // would only wait through the parallel phases and add a third allocator heap (mimalloc's
    // are per thread) for the sequential ones.
    match bucketguard::pool::install(|| bucketguard::cli::run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // Messages quote the repository's config values: escape what a terminal would run.
            eprintln!("error: {}", bucketguard::report::safe::escape(&e.to_string()));
            ExitCode::from(2)
        }
    }
}
