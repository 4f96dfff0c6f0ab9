#!/usr/bin/env bash
# Compare two bucketguard binaries' outputs byte for byte: every testdata fixture (each
# directory and each plan JSON on its own), the demo, and the cached benchmark corpora, in
# text, json and sarif, with --explain. Used to prove a refactor changes no output.
#   scripts/compare-outputs.sh OLD_BIN NEW_BIN       (FORMATS="json sarif" to compare only those)
set -uo pipefail
old=$1 new=$2
cd "$(dirname "$0")/.."
out=$(mktemp -d)
inputs=()
for d in testdata/*/; do inputs+=("$d"); done
while IFS= read -r f; do inputs+=("$f"); done < <(find testdata -name '*.json' -path '*plan*' | sort)
for c in small medium plan-1000.json; do
  [ -e "target/bench-corpus/$c" ] && inputs+=("target/bench-corpus/$c")
done
n=0 diffs=0
for input in "${inputs[@]}"; do
  for fmt in ${FORMATS:-text json sarif}; do
    for bin in old new; do
      exe=$old; [ $bin = new ] && exe=$new
      "$exe" scan --format "$fmt" --explain "$input" >"$out/$bin.out" 2>"$out/$bin.err"
      echo "exit $?" >>"$out/$bin.err"
    done
    n=$((n + 1))
    if ! cmp -s "$out/old.out" "$out/new.out" || ! cmp -s "$out/old.err" "$out/new.err"; then
      diffs=$((diffs + 1))
      echo "DIFFERS: $input ($fmt)"
      diff "$out/old.out" "$out/new.out" | head -5
      diff "$out/old.err" "$out/new.err" | head -5
    fi
  done
done
rm -rf "$out"
echo "$n comparisons, $diffs differ"
[ "$diffs" = 0 ]
