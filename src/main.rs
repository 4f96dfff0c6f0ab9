use std::process::ExitCode;

use clap::Parser;

// Parsing and evaluation allocate many small nodes from two threads: mimalloc is markedly faster
// than glibc malloc there (see bench/RESULTS.md).
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's own API (linked in with it): this version keeps freed memory for a second before
// giving it back, which on a scan that frees its sources and parse trees as it goes only adds to
// the peak. 10 ms (its earlier default) cuts peak memory by a fifth on large scans at no
// measurable cost in time (bench/RESULTS.md).
#[cfg(not(feature = "system-alloc"))]
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}
/// `mi_option_purge_delay` in mimalloc.h.
#[cfg(not(feature = "system-alloc"))]
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() -> ExitCode {
    // Unless the environment says otherwise (MIMALLOC_PURGE_DELAY, as mimalloc reads it).
    #[cfg(not(feature = "system-alloc"))]
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option; mimalloc reads options atomically.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
    let cli = bucketguard::cli::Cli::parse();
    // Run on the thread pool: the main thread would only wait through the parallel phases and
    // add a third allocator heap (mimalloc's are per thread) for the sequential ones.
    match rayon::join(|| bucketguard::cli::run(cli), || ()).0 {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
