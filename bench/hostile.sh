#!/usr/bin/env bash
# The pathological shapes of issue 15 at 2-3 sizes each: wall time and peak RSS of one
# `bucketguard scan --format json` each, under a 60 s / 4 GiB limit (a run over it prints
# "timeout"/"killed"). Inputs are generated in a temporary directory and deleted after each run.
#   bench/hostile.sh [BIN] [SHAPE...]     (BIN: target/release/bucketguard)
# Prints a Markdown table: shape | N | wall s | peak RSS MiB | exit.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/bucketguard}
shift || true
declare -A sizes=(
  [policydoc]="1000 2000 4000 8000 16000" [toset]="20000 80000 1000000" [distinct]="20000 80000 1000000" [partial-set]="5000 20000 80000" [setsubtract]="20000 80000"
  [merge]="20000 80000 200000" [dynamic]="20000 200000" [plan-policies]="2000 20000 200000"
  [suppress]="10000 40000" [object]="10000 40000 100000" [bigfile]="5 20"
  [strdouble]="20 40" [listdouble]="20 40" [objdouble]="20 40" [triplefor]="100 1000"
  [countdynamic]="1000 100000"
)
order=(policydoc toset distinct partial-set setsubtract merge dynamic plan-policies suppress object bigfile
  strdouble listdouble objdouble triplefor countdynamic)
[ $# -gt 0 ] && order=("$@")
echo "| shape | N | wall s | peak RSS MiB | exit |"
echo "|---|--:|--:|--:|---|"
for shape in "${order[@]}"; do
  for n in ${sizes[$shape]}; do
    dir=$(mktemp -d)
    path=$(python3 bench/gen_hostile.py "$shape" "$n" "$dir/in")
    cfg=()
    [ -e "$dir/in/.bucketguard.toml" ] && cfg=(--config "$dir/in/.bucketguard.toml")
    ( ulimit -v 4194304; timeout 60 /usr/bin/time -f '%e %M' -o "$dir/time" \
        "$bin" scan --format json "${cfg[@]}" "$path" >/dev/null 2>"$dir/err" )
    rc=$?
    read -r wall rss < <(tail -1 "$dir/time" 2>/dev/null || echo "- 0")
    status=$rc
    [ $rc = 124 ] && status=timeout wall=">60"
    [ $rc -ge 128 ] && [ $rc != 124 ] && status="killed ($rc)"
    grep -q "memory allocation" "$dir/err" && status="out of memory"
    echo "| $shape | $n | $wall | $(( ${rss:-0} / 1024 )) | $status |"
    rm -rf "$dir"
  done
done
