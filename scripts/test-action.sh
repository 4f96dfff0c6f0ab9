#!/usr/bin/env bash
# Runs action.yml's steps locally (scripts/run-action.py) and asserts outputs, log, step summary
# and SARIF: on testdata/demo, a plan and a broken file; the baseline, diff-base and args inputs
# (args that a shell would run are not run); installing from a fake release (a directory of
# tarballs and checksums, as release.yml publishes them: downloaded, verified, cached, a wrong
# checksum refused, a version without a release refused); building from source when there is no
# release (a stand-in cargo) and the cache that spares the next build; the SARIF upload, skipped
# on a fork's pull request and not failing the job when it fails. Offline.
#   scripts/test-action.sh     (BUCKETGUARD_BIN=path/to/bucketguard to choose the binary)
# SARIF is checked by ../shared/tools/check-sarif (BUCKETGUARD_SARIF_CHECKER, or
# BUCKETGUARD_SHARED/tools/check-sarif), else against tests/schemas with python's jsonschema;
# without either, CI=true fails, elsewhere only the SARIF's shape is checked and it says so.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bin=${BUCKETGUARD_BIN:-}
if [ -z "$bin" ]; then
  # The newer of the two builds.
  for b in target/release/bucketguard target/debug/bucketguard; do
    if [ -x "$b" ] && { [ -z "$bin" ] || [ "$b" -nt "$bin" ]; }; then bin=$repo/$b; fi
  done
fi
[ -n "$bin" ] && [ -x "$bin" ] || { echo "test-action: build bucketguard first (cargo build)" >&2; exit 1; }
python3 -c "import yaml" 2>/dev/null || { echo "test-action: needs python3 with PyYAML" >&2; exit 1; }
version=$("$bin" --version | cut -d ' ' -f 2)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() { # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok   - $1"; else echo "FAIL - $1"; failures=$((failures + 1)); fi
}
# A helper that fails (a traceback, a closed pipe) is a failed run, even when its check passed.
helper_errors=$tmp/helper-errors
field() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[int(k)] if isinstance(d,list) else d[k]
print(d if not isinstance(d,(dict,list)) else json.dumps(d))' "$1" "$2" 2>>"$helper_errors"
}
# has PATTERN TEXT: grep on a string, not a pipe (no writer is cut short by grep -q).
has() { grep -q -e "$1" <<<"$2"; }
outcome() { # outcome RESULT STEP-NAME-PREFIX
  python3 -c 'import json,sys; print(" ".join(s["outcome"] for s in json.load(open(sys.argv[1]))["steps"] if s["step"].startswith(sys.argv[2])))' "$1" "$2" 2>>"$helper_errors"
}

checker=${BUCKETGUARD_SARIF_CHECKER:-${BUCKETGUARD_SHARED:-$repo/../shared}/tools/check-sarif}
if [ -x "$checker" ]; then
  echo "test-action: SARIF checked by $checker"
  valid_sarif() { "$checker" "$1" >/dev/null; }
elif python3 -c "import jsonschema" 2>/dev/null; then
  echo "test-action: $checker is missing: SARIF checked against tests/schemas/sarif-schema-2.1.0.json"
  valid_sarif() {
    python3 - "$repo/tests/schemas/sarif-schema-2.1.0.json" "$1" 2>>"$helper_errors" <<'EOF'
import json, sys, jsonschema
schema, doc = (json.load(open(p)) for p in sys.argv[1:3])
problems = [e.message[:200] for e in jsonschema.Draft4Validator(schema).iter_errors(doc)]
run = doc["runs"][0]
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
for r in run["results"]:
    uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    if r["ruleId"] not in ids or uri.startswith(("/", "file:")) or ".." in uri.split("/"):
        problems.append(f"result {r['ruleId']} at {uri}")
    if not r.get("partialFingerprints"):
        problems.append(f"result {r['ruleId']}: no partialFingerprints")
if problems:
    sys.exit("\n".join(problems))
EOF
  }
elif [ "${CI:-}" = true ]; then
  echo "test-action: no SARIF checker ($checker, or python3's jsonschema with tests/schemas) and CI=true" >&2
  exit 1
else
  echo "test-action: WARNING: no SARIF checker ($checker) and no python3 jsonschema: SARIF shape only" >&2
  valid_sarif() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]=="2.1.0" and d["runs"][0]["tool"]["driver"]["rules"]' "$1" 2>>"$helper_errors"
  }
fi

# run-action RESULT LOG ARGS...: the action with BUCKETGUARD_BIN (the binary under test).
action() {
  local r=$1 log=$2
  shift 2
  BUCKETGUARD_BIN=$bin python3 scripts/run-action.py action.yml --workspace "$repo" --result "$r" "$@" >"$log" 2>&1 || true
}
# bare-action RESULT LOG ARGS...: no BUCKETGUARD_BIN, and no bucketguard on PATH, so the action
# installs one.
clean_path=$(tr ':' '\n' <<<"$PATH" | while IFS= read -r d; do [ -x "$d/bucketguard" ] || printf '%s:' "$d"; done)
bare_action() {
  local r=$1 log=$2
  shift 2
  env -u BUCKETGUARD_BIN PATH="${extra_path:-}$clean_path" \
    python3 scripts/run-action.py action.yml --workspace "$repo" --result "$r" "$@" >"$log" 2>&1 || true
}

python3 scripts/run-action.py action.yml --check
expected=$("$bin" scan testdata/demo --format json --fail-on never | grep -o '"total": *[0-9]*' | tail -n 1 | grep -o '[0-9]*$')

section_scan() {
  # 1. Sources: findings at the default threshold fail the action, after the SARIF upload step.
  r=$tmp/demo.json
  action "$r" "$tmp/demo.log" --upload-sarif ok \
    --input path=testdata/demo --input "sarif-file=$tmp/demo.sarif" --input category=infra \
    --input "html-report=$tmp/demo.html"
  log=$(cat "$tmp/demo.log")
  summary=$(field "$r" summary)
  check "demo: exit-code 1" test "$(field "$r" outputs.exit-code)" = 1
  check "demo: findings = $expected" test "$(field "$r" outputs.findings)" = "$expected"
  check "demo: findings > 0" test "$expected" -gt 0
  check "demo: sarif-file output" test "$(field "$r" outputs.sarif-file)" = "$tmp/demo.sarif"
  check "demo: the action fails" test "$(field "$r" conclusion)" = failure
  check "demo: the SARIF is valid" valid_sarif "$tmp/demo.sarif"
  check "demo: automationDetails.id = category/" test "$(field "$tmp/demo.sarif" runs.0.automationDetails.id)" = "infra/"
  check "demo: SARIF results = findings" test "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$tmp/demo.sarif")" = "$expected"
  check "demo: upload-sarif gets the file and category" grep -q "\"sarif_file\": \"$tmp/demo.sarif\"" "$r"
  check "demo: upload-sarif category" grep -q '"category": "infra"' "$r"
  check "demo: the upload succeeds" test "$(outcome "$r" Upload)" = success
  check "demo: no upload notice" test "$(outcome "$r" "Say why")" = skipped
  check "demo: html-report output" test "$(field "$r" outputs.html-report)" = "$tmp/demo.html"
  check "demo: the HTML report is written" grep -q '<section class="bucket"' "$tmp/demo.html"
  check "demo: the HTML report is uploaded" grep -q "\"path\": \"$tmp/demo.html\"" "$r"
  check "demo: build step skipped" test "$(outcome "$r" Build)" = skipped
  check "demo: summary heading and counts" has "Scanned 4 buckets in 1 input: \*\*$expected\*\* findings" "$summary"
  check "demo: summary table rows" test "$(grep -c '^| [a-z][a-z ()]* | .* | \[BG[0-9]* ' <<<"$summary")" = "$expected"
  check "demo: annotations in the log" has '^::error file=testdata/demo/' "$log"
  check "demo: at most 10 notices" test "$(grep -c '^::notice' <<<"$log")" -le 10
  check "demo: the cut is said" has '^::notice::[0-9]* more findings: see the job summary' "$log"
  check "demo: errors first" test "$(sed -n '/^::/{s/^::\([a-z]*\).*/\1/p;q;}' <<<"$log")" = error
  check "demo: text report in the log" has 'BG103' "$log"

  # 2. A plan, never failing: exit-code 0 and success, the same findings as the sources.
  r=$tmp/plan.json
  action "$r" "$tmp/plan.log" \
    --input plan=testdata/demo/plan.json --input fail-on=never --input upload-sarif=false \
    --input "sarif-file=$tmp/plan.sarif" --input format=json
  check "plan: exit-code 0" test "$(field "$r" outputs.exit-code)" = 0
  check "plan: findings = $expected" test "$(field "$r" outputs.findings)" = "$expected"
  check "plan: the action succeeds" test "$(field "$r" conclusion)" = success
  check "plan: the SARIF is valid" valid_sarif "$tmp/plan.sarif"
  check "plan: upload skipped" test "$(field "$r" uses)" = '[]'

  # 3. An input that cannot be read: exit-code 2, the summary says so.
  mkdir -p "$tmp/bad"
  printf 'resource "aws_s3_bucket" {\n  bucket = \n' >"$tmp/bad/main.tf"
  r=$tmp/bad.json
  BUCKETGUARD_BIN=$bin python3 scripts/run-action.py action.yml --workspace "$tmp" --result "$r" \
    --input path=bad --input "sarif-file=$tmp/bad.sarif" >"$tmp/bad.log" 2>&1 || true
  check "bad input: exit-code 2" test "$(field "$r" outputs.exit-code)" = 2
  check "bad input: summary lists the error" has "Input errors" "$(field "$r" summary)"
  check "bad input: SARIF says the execution failed" test "$(field "$tmp/bad.sarif" runs.0.invocations.0.executionSuccessful)" = False
}

section_inputs() {
  # 4. baseline, diff-base, args.
  "$bin" scan testdata/demo --write-baseline "$tmp/baseline.json" >/dev/null || true
  r=$tmp/baseline.json.result
  action "$r" "$tmp/baseline.log" --input path=testdata/demo --input upload-sarif=false \
    --input "sarif-file=$tmp/baseline.sarif" --input "baseline=$tmp/baseline.json"
  check "baseline: every finding is in it" test "$(field "$r" outputs.findings)" = 0
  check "baseline: exit-code 0" test "$(field "$r" outputs.exit-code)" = 0
  mkdir -p "$tmp/git"
  cp -R testdata/demo "$tmp/git/demo"
  git -C "$tmp/git" init -q && git -C "$tmp/git" add -A &&
    git -C "$tmp/git" -c user.name=t -c user.email=t@example.com commit -qm demo
  r=$tmp/diff.json
  BUCKETGUARD_BIN=$bin python3 scripts/run-action.py action.yml --workspace "$tmp/git" --result "$r" \
    --input path=demo --input upload-sarif=false --input "sarif-file=$tmp/diff.sarif" \
    --input diff-base=HEAD >"$tmp/diff.log" 2>&1 || true
  check "diff-base: nothing changed, nothing reported" test "$(field "$r" outputs.findings)" = 0
  check "diff-base: exit-code 0" test "$(field "$r" outputs.exit-code)" = 0
  r=$tmp/shallow.json
  BUCKETGUARD_BIN=$bin python3 scripts/run-action.py action.yml --workspace "$tmp/git" --result "$r" \
    --input path=demo --input upload-sarif=false --input "sarif-file=$tmp/shallow.sarif" \
    --input diff-base=origin/main >"$tmp/shallow.log" 2>&1 || true
  check "diff-base: a ref not fetched names fetch-depth" grep -q '^::warning title=bucketguard::diff-base `origin/main` is not in this checkout.*fetch-depth: 0' "$tmp/shallow.log"
  check "diff-base: a ref not fetched is exit-code 2" test "$(field "$r" outputs.exit-code)" = 2
  # What a shell would run is passed on as written: a category holding `;`, `$(...)` and a quote.
  r=$tmp/args.json
  hostile="a;b \$(touch $tmp/pwned) \`touch $tmp/pwned2\` it's"
  action "$r" "$tmp/args.log" --input path=testdata/demo --input upload-sarif=false \
    --input "sarif-file=$tmp/args.sarif" --input category= --input fail-on=never \
    --input "args=--category \"$hostile\"
  --trusted-account 111122223333"
  check "args: the quoted value is one argument, as written" \
    test "$(field "$tmp/args.sarif" runs.0.automationDetails.id)" = "$hostile/"
  check "args: nothing was run" test ! -e "$tmp/pwned" -a ! -e "$tmp/pwned2"
  check "args: exit-code 0" test "$(field "$r" outputs.exit-code)" = 0
  r=$tmp/args-bad.json
  action "$r" "$tmp/args-bad.log" --input path=testdata/demo --input upload-sarif=false \
    --input "sarif-file=$tmp/args-bad.sarif" --input "args=--category 'unclosed"
  check "args: an unmatched quote is an error" grep -q '^::error title=bucketguard::the `args` input cannot be split' "$tmp/args-bad.log"
  check "args: ... and exit-code 2" test "$(field "$r" outputs.exit-code)" = 2
}

section_install() {
  # 5. Installing a release: a fake one made from the binary under test, as release.yml makes it.
  target=x86_64-unknown-linux-musl # run-action.py's runner is Linux/X64
  asset=bucketguard-$version-$target.tar.gz
  mkdir -p "$tmp/release/v$version" "$tmp/stage"
  cp "$bin" "$tmp/stage/bucketguard"
  tar -C "$tmp/stage" -czf "$tmp/release/v$version/$asset" .
  (cd "$tmp/release/v$version" && sha256sum "$asset" >"$asset.sha256")
  install_inputs=(--input path=testdata/demo --input fail-on=never --input upload-sarif=false --input "sarif-file=$tmp/dl.sarif")
  r=$tmp/download.json
  bare_action "$r" "$tmp/download.log" --env "BUCKETGUARD_RELEASE_URL=file://$tmp/release" \
    --env "BUCKETGUARD_CACHE=$tmp/tools" "${install_inputs[@]}"
  check "download: the asset is downloaded and checked" grep -q "^bucketguard: downloaded file://$tmp/release/v$version/$asset (sha256 " "$tmp/download.log"
  check "download: ... cached" test -x "$tmp/tools/$version/$target/bucketguard" -a -f "$tmp/tools/$version/$target/.complete"
  check "download: ... and scans" test "$(field "$r" outputs.findings)" = "$expected"
  check "download: no build" test "$(outcome "$r" Build)" = skipped
  r=$tmp/cached.json
  bare_action "$r" "$tmp/cached.log" --env "BUCKETGUARD_RELEASE_URL=file://$tmp/nowhere" \
    --env "BUCKETGUARD_CACHE=$tmp/tools" "${install_inputs[@]}"
  check "download: the next run uses the cache" grep -q "^bucketguard $version: using $tmp/tools/$version/$target/bucketguard" "$tmp/cached.log"
  check "download: ... and scans" test "$(field "$r" outputs.findings)" = "$expected"
  cp "$tmp/release/v$version/$asset.sha256" "$tmp/good.sha256"
  printf '%064d  %s\n' 0 "$asset" >"$tmp/release/v$version/$asset.sha256"
  r=$tmp/mismatch.json
  bare_action "$r" "$tmp/mismatch.log" --env "BUCKETGUARD_RELEASE_URL=$tmp/release" \
    --env "BUCKETGUARD_CACHE=$tmp/tools2" "${install_inputs[@]}"
  check "download: a wrong checksum is refused" grep -q '^::error title=bucketguard install::checksum mismatch' "$tmp/mismatch.log"
  check "download: ... the action fails, nothing cached or scanned" \
    test "$(field "$r" conclusion) $(outcome "$r" Scan) $(ls "$tmp/tools2" 2>/dev/null | wc -l)" = "failure skipped 0"
  cp "$tmp/good.sha256" "$tmp/release/v$version/$asset.sha256"
  r=$tmp/unreleased.json
  bare_action "$r" "$tmp/unreleased.log" --env "BUCKETGUARD_RELEASE_URL=$tmp/release" \
    --env "BUCKETGUARD_CACHE=$tmp/tools3" "${install_inputs[@]}" --input version=v98.0.0
  check "download: a version without a release is refused" grep -q '^::error title=bucketguard install::bucketguard 98.0.0 cannot be installed' "$tmp/unreleased.log"
  check "download: ... not built from the action's source" \
    test "$(field "$r" conclusion) $(outcome "$r" Build)" = "failure skipped"

  # 6. No release (a local action): built from the action's source, then restored from the cache.
  mkdir -p "$tmp/fake-cargo" "$tmp/actions-cache"
  cat >"$tmp/fake-cargo/cargo" <<EOF
#!/usr/bin/env bash
# Stands in for \`cargo install --locked --path ACTION --root ROOT\`: records it, installs the binary.
echo "\$*" >>"$tmp/cargo-calls"
[ "\$1 \$2 \$3 \$4 \$5" = "install --locked --path $repo --root" ] || exit 1
mkdir -p "\$6/bin" && cp "$bin" "\$6/bin/bucketguard"
EOF
  chmod +x "$tmp/fake-cargo/cargo"
  r=$tmp/build.json
  extra_path=$tmp/fake-cargo: bare_action "$r" "$tmp/build.log" --cache-dir "$tmp/actions-cache" \
    --env "HOME=$tmp/home1" "${install_inputs[@]}"
  check "build: no release, so built from source" test "$(outcome "$r" Build)" = success
  check "build: ... with cargo install --locked --path --root" \
    test "$(cat "$tmp/cargo-calls" 2>/dev/null)" = "install --locked --path $repo --root $tmp/home1/.bucketguard/$version"
  check "build: ... and scans" test "$(field "$r" outputs.findings)" = "$expected"
  r=$tmp/rebuild.json
  extra_path=$tmp/fake-cargo: bare_action "$r" "$tmp/rebuild.log" --cache-dir "$tmp/actions-cache" \
    --env "HOME=$tmp/home2" "${install_inputs[@]}"
  check "build: the next runner restores it from the cache" test "$(outcome "$r" Build)" = skipped
  check "build: ... and scans" test "$(field "$r" outputs.findings)" = "$expected"
  r=$tmp/again.json
  extra_path=$tmp/fake-cargo: bare_action "$r" "$tmp/again.log" --cache-dir "$tmp/actions-cache" \
    --env "HOME=$tmp/home1" "${install_inputs[@]}"
  check "build: a second use in the job takes the build" \
    grep -q "^bucketguard $version: using $tmp/home1/.bucketguard/$version/bin/bucketguard" "$tmp/again.log"
  check "build: ... cargo ran once" test "$(wc -l <"$tmp/cargo-calls")" -eq 1
}

section_upload() {
  # 7. SARIF upload: skipped on a fork's pull request, a failed upload does not fail the job.
  echo '{"pull_request": {"head": {"repo": {"fork": true}}}}' >"$tmp/fork-event.json"
  r=$tmp/fork.json
  action "$r" "$tmp/fork.log" --event "$tmp/fork-event.json" --github event_name=pull_request \
    --upload-sarif fail --input path=testdata/demo --input fail-on=never --input "sarif-file=$tmp/fork.sarif"
  check "fork: upload skipped" test "$(outcome "$r" Upload)" = skipped
  check "fork: ... with a notice" grep -q '^::notice title=bucketguard::SARIF upload skipped' "$tmp/fork.log"
  check "fork: the action succeeds" test "$(field "$r" conclusion)" = success
  r=$tmp/noscanning.json
  action "$r" "$tmp/noscanning.log" --upload-sarif fail \
    --input path=testdata/demo --input fail-on=never --input "sarif-file=$tmp/noscanning.sarif"
  check "upload fails: the step fails" test "$(outcome "$r" Upload)" = failure
  check "upload fails: a notice says why" grep -q '^::notice title=bucketguard::SARIF upload failed' "$tmp/noscanning.log"
  check "upload fails: the action succeeds" test "$(field "$r" conclusion)" = success
}

# The sections named on the command line (each is also a test in tests/gha.rs), else all.
sections=("$@")
[ ${#sections[@]} -gt 0 ] || sections=(scan inputs install upload)
for section in "${sections[@]}"; do
  case "$section" in
    scan | inputs | install | upload) "section_$section" ;;
    *) echo "test-action: unknown section $section (scan, inputs, install, upload)" >&2; exit 2 ;;
  esac
done

if [ -s "$helper_errors" ]; then
  echo "FAIL - a helper failed:" >&2
  cat "$helper_errors" >&2
  failures=$((failures + 1))
fi
if [ "$failures" -ne 0 ]; then
  echo "test-action: $failures check(s) failed; logs:" >&2
  for f in "$tmp"/*.log; do echo "== $f" >&2; cat "$f" >&2; done
  exit 1
fi
echo "test-action: all checks passed"
