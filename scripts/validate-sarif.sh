#!/usr/bin/env bash
# Validate SARIF with an independent consumer: Microsoft's SARIF multitool (npm package
# @microsoft/sarif-multitool), with its SARIF and GitHub (Gh) rule sets. Fails on any error or
# warning; notes (style advice such as PascalCase rule names) are counted, not fatal.
#   scripts/validate-sarif.sh [FILE.sarif...]   (default: a scan of testdata/demo)
# Needs node/npm and network access on first use (installs into $XDG_CACHE_HOME/bucketguard-sarif-multitool).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/bucketguard-sarif-multitool
version=${SARIF_MULTITOOL_VERSION:-5.7.0}
tool="$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
case "$(uname -s)" in
  Darwin) tool="$cache/node_modules/@microsoft/sarif-multitool-darwin/Sarif.Multitool" ;;
esac
if [ ! -e "$tool" ]; then
  mkdir -p "$cache"
  npm install --silent --prefix "$cache" "@microsoft/sarif-multitool@$version" >&2
fi
chmod u+x "$tool"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  bin=${BUCKETGUARD_BIN:-}
  if [ -z "$bin" ]; then
    (cd "$repo" && cargo build --quiet --locked)
    bin="$repo/target/debug/bucketguard"
  fi
  (cd "$repo" && "$bin" scan testdata/demo --format sarif --output "$tmp/demo.sarif" --fail-on never)
  (cd "$repo" && "$bin" scan testdata/demo/plan.json --format sarif --output "$tmp/plan.sarif" --fail-on never --category plan)
  files=("$tmp/demo.sarif" "$tmp/plan.sarif")
fi

status=0
for f in "${files[@]}"; do
  log="$tmp/$(basename "$f").validation.sarif"
  "$tool" validate "$f" --rule-kind "Sarif;Gh" --level "Error;Warning;Note" --log ForceOverwrite \
    --output "$log" >"$log.txt" 2>&1 || { cat "$log.txt" >&2; echo "FAIL $f: the multitool could not validate it" >&2; status=1; continue; }
  summary=$(python3 - "$log" <<'PY'
import collections, json, sys
results = json.load(open(sys.argv[1]))["runs"][0].get("results", [])
levels = collections.Counter(r.get("level", "warning") for r in results)
bad = [r for r in results if r.get("level", "warning") in ("error", "warning")]
for r in bad:
    print(f"  {r['level'] if 'level' in r else 'warning'} {r['ruleId']}: {r['message'].get('arguments')}")
notes = collections.Counter(r["ruleId"] for r in results if r.get("level") == "note")
print(f"errors={levels['error']} warnings={levels['warning']} notes={levels['note']} {dict(sorted(notes.items()))}")
sys.exit(1 if bad else 0)
PY
  ) && echo "ok   $f: $summary" || { echo "FAIL $f: $summary"; status=1; }
done
exit $status
