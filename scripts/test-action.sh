#!/usr/bin/env bash
# Runs action.yml's steps locally (scripts/run-action.py) on testdata/demo and on a plan, and
# asserts the outputs, the step summary and the SARIF. `uses:` steps (cache, upload-sarif) are
# recorded, not run. Offline: uses BUCKETGUARD_BIN, or target/{release,debug}/bucketguard.
#   scripts/test-action.sh            (BUCKETGUARD_BIN=path/to/bucketguard to choose the binary)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bin=${BUCKETGUARD_BIN:-}
if [ -z "$bin" ]; then
  # The newest build.
  b=$(ls -t target/release/bucketguard target/debug/bucketguard 2>/dev/null | head -n 1 || true)
  [ -n "$b" ] && bin="$repo/$b"
fi
[ -x "$bin" ] || { echo "test-action: build bucketguard first (cargo build)" >&2; exit 1; }
export BUCKETGUARD_BIN=$bin
python3 -c "import yaml" 2>/dev/null || { echo "test-action: needs python3 with PyYAML" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() { # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok   - $1"; else echo "FAIL - $1"; failures=$((failures + 1)); fi
}
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[int(k)] if isinstance(d,list) else d[k]
print(d if not isinstance(d,(dict,list)) else json.dumps(d))' "$1" "$2"; }
# The shared SARIF checker when this machine has it (the repository's ../shared, or
# $BUCKETGUARD_SHARED), else a structural check.
check_sarif=${BUCKETGUARD_SHARED:-$repo/../shared}/tools/check-sarif
valid_sarif() {
  if [ -x "$check_sarif" ]; then
    "$check_sarif" "$1" >/dev/null
  else
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]=="2.1.0" and d["runs"][0]["tool"]["driver"]["rules"]' "$1"
  fi
}

python3 scripts/run-action.py action.yml --check

# 1. Sources: findings at the default threshold fail the action, after the SARIF upload step.
expected=$("$bin" scan testdata/demo --format json --fail-on never | grep -o '"total": *[0-9]*' | tail -n 1 | grep -o '[0-9]*$')
r=$tmp/demo.json
python3 scripts/run-action.py action.yml --workspace "$repo" --result "$r" \
  --input path=testdata/demo --input "sarif-file=$tmp/demo.sarif" --input category=infra >"$tmp/demo.log" 2>&1 || true
check "demo: exit-code 1" test "$(field "$r" outputs.exit-code)" = 1
check "demo: findings = $expected" test "$(field "$r" outputs.findings)" = "$expected"
check "demo: findings > 0" test "$expected" -gt 0
check "demo: sarif-file output" test "$(field "$r" outputs.sarif-file)" = "$tmp/demo.sarif"
check "demo: the action fails" test "$(field "$r" conclusion)" = failure
check "demo: the SARIF is valid" valid_sarif "$tmp/demo.sarif"
check "demo: automationDetails.id = category/" test "$(field "$tmp/demo.sarif" runs.0.automationDetails.id)" = "infra/"
check "demo: SARIF results = findings" test "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$tmp/demo.sarif")" = "$expected"
check "demo: upload-sarif gets the file and category" \
  grep -q "\"sarif_file\": \"$tmp/demo.sarif\"" "$r"
check "demo: upload-sarif category" grep -q '"category": "infra"' "$r"
check "demo: build step skipped" python3 -c 'import json,sys; s=[x for x in json.load(open(sys.argv[1]))["steps"] if x["step"].startswith("Build")]; assert s[0]["outcome"]=="skipped"' "$r"
check "demo: summary heading and counts" grep -q "Scanned 4 buckets in 1 input: \*\*$expected\*\* findings" <(field "$r" summary)
check "demo: summary table rows" test "$(field "$r" summary | grep -c '^| [a-z][a-z ()]* | .* | \[BG[0-9]* ')" = "$expected"
check "demo: annotations in the log" grep -q '^::error file=testdata/demo/' "$tmp/demo.log"
check "demo: text report in the log" grep -q 'BG103' "$tmp/demo.log"

# 2. A plan, never failing: exit-code 0 and success, the same findings as the sources.
r=$tmp/plan.json
python3 scripts/run-action.py action.yml --workspace "$repo" --result "$r" \
  --input plan=testdata/demo/plan.json --input fail-on=never --input upload-sarif=false \
  --input "sarif-file=$tmp/plan.sarif" --input format=json >"$tmp/plan.log" 2>&1 || true
check "plan: exit-code 0" test "$(field "$r" outputs.exit-code)" = 0
check "plan: findings = $expected" test "$(field "$r" outputs.findings)" = "$expected"
check "plan: the action succeeds" test "$(field "$r" conclusion)" = success
check "plan: the SARIF is valid" valid_sarif "$tmp/plan.sarif"
check "plan: upload skipped" test "$(field "$r" uses)" = '[]'

# 3. An input that cannot be read: exit-code 2, the summary says so.
mkdir -p "$tmp/bad"
printf 'resource "aws_s3_bucket" {\n  bucket = \n' >"$tmp/bad/main.tf"
r=$tmp/bad.json
python3 scripts/run-action.py action.yml --workspace "$tmp" --result "$r" \
  --input path=bad --input "sarif-file=$tmp/bad.sarif" >"$tmp/bad.log" 2>&1 || true
check "bad input: exit-code 2" test "$(field "$r" outputs.exit-code)" = 2
check "bad input: summary lists the error" grep -q "Input errors" <(field "$r" summary)
check "bad input: SARIF says the execution failed" test "$(field "$tmp/bad.sarif" runs.0.invocations.0.executionSuccessful)" = False

if [ "$failures" -ne 0 ]; then
  echo "test-action: $failures check(s) failed; logs:" >&2
  cat "$tmp"/*.log >&2
  exit 1
fi
echo "test-action: all checks passed"
