#!/usr/bin/env bash
# Fuzz the targets named (default: all five) one after another, FUZZ_SECONDS each (default 600),
# on one core: libFuzzer in fork mode with one child, going on past crashes, timeouts and
# out-of-memory inputs (each is saved under artifacts/<target>/). New inputs go to corpus/<target>/
# (not committed); seeds/<target>/ is read only; dicts/ holds the tokens mutations insert.
# Logs: $FUZZ_LOGS/<target>.log (default /tmp/bucketguard-fuzz-logs).
set -euo pipefail
cd "$(dirname "$0")"
secs=${FUZZ_SECONDS:-600}
logs=${FUZZ_LOGS:-/tmp/bucketguard-fuzz-logs}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(hcl tf_json plan_json policy config)
export RUSTC_BOOTSTRAP=1 RAYON_NUM_THREADS=1
mkdir -p "$logs"
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    max_len=16384 dict=json
    [ "$t" = plan_json ] && max_len=65536
    [ "$t" = hcl ] && dict=hcl
    [ "$t" = config ] && dict=toml
    echo "== $t: ${secs}s, log $logs/$t.log"
    cargo fuzz run -s none ${FUZZ_TARGET_DIR:+--target-dir "$FUZZ_TARGET_DIR"} "$t" "corpus/$t" "seeds/$t" -- \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" \
        -dict="dicts/$dict.dict" -artifact_prefix="artifacts/$t/" >"$logs/$t.log" 2>&1 || echo "$t: exit $?"
    grep -E '^#[0-9]+.*DONE|crash|timeout|oom' "$logs/$t.log" | tail -3 || true
done
