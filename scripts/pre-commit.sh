#!/usr/bin/env bash
# pre-commit entry: scan the module directories of the changed files, once each.
# Extra arguments before the files (hook `args:`) go to `bucketguard scan`, e.g. --fail-on medium.
set -euo pipefail
opts=() dirs=()
for a in "$@"; do
  case "$a" in
    -*|*=*) opts+=("$a") ;;
    *) if [ -e "$a" ]; then dirs+=("$(dirname "$a")"); else opts+=("$a"); fi ;;
  esac
done
[ ${#dirs[@]} -eq 0 ] && exit 0
mapfile -t unique < <(printf '%s\n' "${dirs[@]}" | LC_ALL=C sort -u)
exec bucketguard scan "${opts[@]}" "${unique[@]}"
