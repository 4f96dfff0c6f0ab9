//! The thread pool a scan runs on. Parsing and evaluation recurse once per nesting level and
//! per chained operator of an expression; the scanned files are untrusted, and a stack overflow
//! aborts the whole process. The parser's limits (vendor/hcl-edit `parser/nesting.rs`: 1,024
//! levels, 10,000 operators) and the evaluator's depth limit (set against [`STACK_SIZE`]) are
//! measured to fit in this stack in a debug build (tests/parser_fidelity.rs
//! `limits_fit_in_the_stack`). A leaf: the layers that recurse size their limits to it.

use std::sync::OnceLock;

/// Stack of each pool thread: address space, only touched pages take memory. Measured in a debug
/// build: 24 MiB parse and evaluate 1,023 nested levels holding 10,000 operators; 32 MiB
/// evaluate to the evaluator's depth limit through chains of locals.
pub const STACK_SIZE: usize = 256 << 20;

/// The scan's pool: rayon's defaults (`RAYON_NUM_THREADS` or one thread per core) with
/// [`STACK_SIZE`] stacks. `None` if its threads could not be started.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(STACK_SIZE)
            .thread_name(|i| format!("bucketguard-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Run `f` on the scan's pool (directly when already on it), so that it and the parallel work
/// it starts have [`STACK_SIZE`] stacks. If no thread can be started, `f` runs here.
pub fn install<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(p) if p.current_thread_index().is_none() => p.install(f),
        _ => f(),
    }
}
