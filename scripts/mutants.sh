#!/usr/bin/env bash
# Mutation testing of the code that makes security decisions (issue 20): cargo-mutants on the
# files, tests and profile configured in .cargo/mutants.toml; notes and figures in
# bench/MUTANTS.md. Slow (about a minute per mutant and job on two cores): not part of .ci/run;
# .github/workflows/mutants.yml runs it weekly.
#
#   scripts/mutants.sh [--iterate] [--shard K/N] [--jobs N] [--out DIR] [--re REGEX] [-- ARGS...]
#
#   --iterate   re-test only the mutants not caught by the previous run in the same --out
#   --shard K/N run every N-th mutant from the K-th (0-based, round-robin): a systematic sample
#   --jobs N    parallel build directories (default: half the CPUs, at least 1)
#   --out DIR   mutants.out goes in DIR (default: target/mutants)
#   --re REGEX  only mutants whose name matches (e.g. '^src/exposure'); repeatable
#   ARGS        passed to cargo mutants as they are
#
# Needs cargo-mutants (cargo install --locked cargo-mutants). Exit status: cargo-mutants' own
# (0 all caught, 2 some missed, 3 some timed out, 4 baseline failed).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(( $(nproc) / 2 )); [ "$jobs" -ge 1 ] || jobs=1
out=target/mutants
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --iterate) args+=(--iterate) ;;
    --shard) args+=(--sharding round-robin --shard "$2"); shift ;;
    --jobs) jobs=$2; shift ;;
    --out) out=$2; shift ;;
    --re) args+=(-F "$2"); shift ;;
    --) shift; args+=("$@"); break ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "mutants.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done

command -v cargo-mutants >/dev/null || {
  echo "mutants.sh: cargo-mutants is not installed: cargo install --locked cargo-mutants" >&2
  exit 127
}
mkdir -p "$out"
# The first build of each job directory compiles every dependency (a few minutes): allow it.
cargo mutants --jobs "$jobs" --output "$out" --build-timeout 1800 ${args[@]+"${args[@]}"}
