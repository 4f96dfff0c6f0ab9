//! The fuzz targets' smoke run, on stable and without cargo-fuzz (CI): each target's harness
//! (`bucketguard::fuzzing`, shared with `fuzz/fuzz_targets/`) over every file of its committed
//! seed corpus (`fuzz/seeds/<target>/`, made by `fuzz/seed.sh`) and over a few hundred seeded
//! mutations of them: byte flips, truncations, splices, insertions of tokens. None may panic.
//! The regression tests below are the fuzzers' findings, minimized.

use std::path::{Path, PathBuf};

use bucketguard::fuzzing;

/// Mutations per target: a few seconds in a debug build.
const MUTATIONS: usize = 300;

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (run fuzz/seed.sh)", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no seeds", dir.display());
    files
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(p).unwrap()))
        .collect()
}

/// xorshift64*: the same mutations on every run and platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens the parsers give meaning to, inserted whole (a byte flip rarely makes one).
const TOKENS: &[&[u8]] = &[
    b"${",
    b"%{",
    b"}",
    b"{",
    b"[",
    b"]",
    b"\"",
    b"<<EOT\n",
    b"\nEOT\n",
    b"\\",
    b"\\u0000",
    b"*",
    b"\n",
    b"#",
    b"//",
    b"/*",
    b"null",
    b"1e400",
    b"-1",
    b"for x in",
    b"...",
    b"=",
    b"\xff",
    b"\xe2\x80\xae",
    b"bucketguard:ignore[BG101] reason: x",
];

/// One mutation of `input`, spliced with `other` at times.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.truncate(at),
            2 => {
                let from = rng.below(other.len() + 1);
                let len = rng.below(other.len() - from + 1).min(256);
                out.splice(at..at, other[from..from + len].iter().copied());
            }
            3 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            4 if !out.is_empty() => {
                // Repeat a slice: nesting and long runs.
                let end = (at + rng.below(32)).min(out.len());
                let piece = out[at..end].to_vec();
                for _ in 0..rng.below(8) {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
        }
    }
    out
}

/// Run `harness` over the seeds of `target`, then over [`MUTATIONS`] mutations of them; a
/// panic names the input (the seed, or the mutation's number to reproduce it).
fn smoke(target: &str, seed: u64, harness: fn(&[u8])) {
    let seeds = seeds(target);
    for (path, data) in &seeds {
        run(harness, data, &format!("seed {}", path.display()));
    }
    let mut rng = Rng(seed);
    for i in 0..MUTATIONS {
        let input = &seeds[rng.below(seeds.len())].1;
        let other = &seeds[rng.below(seeds.len())].1;
        let data = mutate(&mut rng, input, other);
        run(harness, &data, &format!("mutation {i} of {target}"));
    }
}

fn run(harness: fn(&[u8]), data: &[u8], what: &str) {
    if std::panic::catch_unwind(|| harness(data)).is_err() {
        panic!("{what} panicked; input:\n{}", String::from_utf8_lossy(data));
    }
}

#[test]
fn hcl_seeds_and_mutations() {
    smoke("hcl", 0x5eed_0001, fuzzing::hcl);
}

#[test]
fn tf_json_seeds_and_mutations() {
    smoke("tf_json", 0x5eed_0002, fuzzing::tf_json);
}

#[test]
fn plan_json_seeds_and_mutations() {
    smoke("plan_json", 0x5eed_0003, fuzzing::plan_json);
}

#[test]
fn policy_seeds_and_mutations() {
    smoke("policy", 0x5eed_0004, fuzzing::policy);
}

#[test]
fn config_seeds_and_mutations() {
    smoke("config", 0x5eed_0005, fuzzing::config);
}

#[test]
fn the_mutations_are_deterministic() {
    let (mut a, mut b) = (Rng(7), Rng(7));
    let x: Vec<_> = (0..50).map(|_| mutate(&mut a, b"resource {}", b"${x}")).collect();
    let y: Vec<_> = (0..50).map(|_| mutate(&mut b, b"resource {}", b"${x}")).collect();
    assert_eq!(x, y);
}
