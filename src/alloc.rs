//! The allocator's settings for a scan. mimalloc (installed in main.rs) keeps freed memory per
//! thread for a while before giving it back to the OS; a scan frees most of what it builds
//! (sources, parse trees, evaluated resources) phase by phase, and would otherwise carry that
//! memory into its peak. Without mimalloc (the `system-alloc` feature) these do nothing.

// Links mimalloc into every binary of the crate (main.rs installs it as the allocator; tests and
// examples do not, but call these functions too).
#[cfg(not(feature = "system-alloc"))]
extern crate mimalloc as _;

#[cfg(not(feature = "system-alloc"))]
unsafe extern "C" {
    // mimalloc's own API, linked in with it (mimalloc.h).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    fn mi_collect(force: bool);
}

/// Give freed memory back after 10 ms, not this version's default 1,000 ms (which on the
/// 20,005-file monorepo holds 2 MB more at the peak, 28 MB more without [`release_freed`]; same
/// time), unless `MIMALLOC_PURGE_DELAY` says otherwise. Call once, before any thread allocates
/// much.
pub fn configure() {
    #[cfg(not(feature = "system-alloc"))]
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        /// `mi_option_purge_delay`.
        const PURGE_DELAY: std::ffi::c_int = 15;
        // SAFETY: sets a plain integer option; mimalloc reads options atomically.
        unsafe { mi_option_set(PURGE_DELAY, 10) };
    }
}

/// Give the memory a phase freed back to the OS now, on every thread of the pool (each has its
/// own heap): the next phases then start from what is live, not from the last phase's peak.
pub fn release_freed() {
    #[cfg(not(feature = "system-alloc"))]
    // SAFETY: mi_collect only frees what no allocation uses.
    rayon::broadcast(|_| unsafe { mi_collect(true) });
}

/// Take in what other threads freed of this thread's memory (and empty pages), without handing
/// anything back to the OS: cheap enough to run after each input's load. A source text is read
/// on whichever thread listed its directory and freed by its root's load, often on the other
/// thread; until its owner collects, the page it sat on stays in use (0.7 MiB at the peak on
/// the medium corpus).
pub fn collect_here() {
    #[cfg(not(feature = "system-alloc"))]
    // SAFETY: as in `release_freed`.
    unsafe {
        mi_collect(false)
    };
}
