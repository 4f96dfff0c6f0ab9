#!/bin/sh
# pre-commit entry: scan the module directories of the changed files, once each.
# pre-commit passes the hook's `args:` first (they go to `bucketguard scan`, e.g. --fail-on medium)
# and the changed files last. POSIX sh: macOS has no bash 4.
set -eu

# `bucketguard scan` options whose value is the next argument, so that a value naming an existing
# file (`--config bg.toml`) is not taken for a changed file. tests/cli.rs keeps it in step.
takes_value=' --format --output -o --category --fail-on --select --ignore --enable --var-file --var --color --source --unknown --config --baseline --write-baseline --diff-base --trusted-account --today --terraform --policy-dir '

# The options are the first $n arguments; the first argument after them that exists is a file.
n=0 value_next=
for a in "$@"; do
  if [ -n "$value_next" ]; then
    value_next=
  else
    case "$a" in
      --*=*) ;;
      -*) case "$takes_value" in *" $a "*) value_next=1 ;; esac ;;
      *) [ -e "$a" ] && break ;;
    esac
  fi
  n=$((n + 1))
done

dirs=$(shift "$n"; for f in "$@"; do dirname -- "$f"; done | LC_ALL=C sort -u)
[ -z "$dirs" ] && exit 0

# Keep the options, then add the directories (one per line; names with newlines are not supported).
i=0
for a in "$@"; do
  shift
  [ "$i" -lt "$n" ] && set -- "$@" "$a"
  i=$((i + 1))
done
old_ifs=$IFS
IFS='
'
set -f
set -- "$@" $dirs
set +f
IFS=$old_ifs
exec "${BUCKETGUARD:-bucketguard}" scan "$@"
