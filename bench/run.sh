#!/usr/bin/env bash
# bench/run.sh [--sizes small,medium,large] [--plans 1000,10000,150000] [--runs N] [--with-checkov]
# Builds the release binaries, generates the corpora and plans (cached under target/bench-corpus/),
# and prints a markdown table of bucketguard vs the parse-only baseline. See bench/README.md.
# `bench/run.sh --full` is shorthand for all sizes: --sizes small,medium,large --plans 1000,10000,150000.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
for a in "$@"; do
  if [ "$a" = "--full" ]; then
    args+=(--sizes small,medium,large --plans 1000,10000,150000)
  else
    args+=("$a")
  fi
done
cargo build --release --quiet --bin bucketguard --example parse_only
exec python3 bench/bench.py "${args[@]}"
