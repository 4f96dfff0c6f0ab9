#!/usr/bin/env bash
# The action's scan step: one scan, several reports (log, annotations, SARIF, step summary,
# JSON for the count, and the HTML report when asked); outputs exit-code, findings, sarif-file,
# html-report. Never fails itself: the action's last step does, after the SARIF upload.
set -uo pipefail
out=${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}
bg=${BUCKETGUARD:?BUCKETGUARD is not set}
format=${INPUT_FORMAT:-text}
sarif=${INPUT_SARIF_FILE:-bucketguard.sarif}

args=(scan)
if [ -n "${INPUT_PLAN:-}" ]; then
  args+=("$INPUT_PLAN")
else
  while IFS= read -r p; do
    [ -n "$p" ] && args+=("$p")
  done <<<"${INPUT_PATH:-.}"
fi
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_TERRAFORM:-}" ] && args+=(--terraform "$INPUT_TERRAFORM")
while IFS= read -r f; do
  [ -n "$f" ] && args+=(--var-file "$f")
done <<<"${INPUT_VAR_FILES:-}"
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_CATEGORY:-}" ] && args+=(--category "$INPUT_CATEGORY")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
if [ -n "${INPUT_DIFF_BASE:-}" ]; then
  args+=(--diff-base "$INPUT_DIFF_BASE")
  # actions/checkout fetches one commit unless told otherwise: say so before the scan fails.
  if command -v git >/dev/null && ! git rev-parse --verify --quiet "$INPUT_DIFF_BASE^{commit}" >/dev/null 2>&1; then
    echo "::warning title=bucketguard::diff-base \`${INPUT_DIFF_BASE//[$'\r\n%']/?}\` is not in this checkout; actions/checkout needs \`fetch-depth: 0\` (or a fetch of that ref) for it"
  fi
fi
# `args`: split as xargs does (blanks and newlines; quotes and backslashes group), never run
# by a shell, so `$(...)`, `;` or `*` reach bucketguard as written.
if [ -n "${INPUT_ARGS//[[:space:]]/}" ]; then
  split=$(mktemp)
  if ! printf '%s\n' "$INPUT_ARGS" | xargs printf '%s\0' >"$split"; then
    echo "::error title=bucketguard::the \`args\` input cannot be split (an unmatched quote?)"
    rm -f "$split"
    printf 'exit-code=2\nfindings=\nsarif-file=\nhtml-report=\n' >>"$out"
    exit 0
  fi
  while IFS= read -r -d '' a; do args+=("$a"); done <"$split"
  rm -f "$split"
fi

tmp=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/bucketguard.XXXXXX")
args+=(--format "$format" --format "sarif=$sarif" --format "github=$tmp/annotations"
  --format "markdown=$tmp/summary.md" --format "json=$tmp/report.json")
html=${INPUT_HTML_REPORT:-}
[ -n "$html" ] && args+=(--format "html=$html")

printf 'bucketguard'; printf ' %q' "${args[@]}"; echo
"$bg" "${args[@]}"
code=$?

# Annotations (workflow commands) go to the log, unless the log report already is them.
if [ "$format" != github ] && [ -f "$tmp/annotations" ]; then
  cat "$tmp/annotations"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$tmp/summary.md" ]; then
  cat "$tmp/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
findings=""
if [ -f "$tmp/report.json" ]; then
  # The summary's `"total": N` (keys are never inside strings: quotes there are escaped).
  findings=$(grep -o '"total": *[0-9]*' "$tmp/report.json" | tail -n 1 | grep -o '[0-9]*$')
fi
{
  echo "exit-code=$code"
  echo "findings=$findings"
  if [ -f "$sarif" ]; then echo "sarif-file=$sarif"; else echo "sarif-file="; fi
  if [ -n "$html" ] && [ -f "$html" ]; then echo "html-report=$html"; else echo "html-report="; fi
} >>"$out"
exit 0
