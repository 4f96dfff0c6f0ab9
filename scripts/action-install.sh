#!/usr/bin/env bash
# The action's install step: use a bucketguard that is already there (BUCKETGUARD_BIN, or one on
# PATH of the wanted version), else a release binary for this runner (sha256-checked), else ask
# the next steps to build it from the action's source (outputs build=true, root, source-hash).
set -euo pipefail
out=${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}
action=${ACTION_PATH:?}
version=${INPUT_VERSION:-}
version=${version#v}
if [ -z "$version" ]; then
  version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$action/Cargo.toml" | head -n 1)
fi
echo "version=$version" >>"$out"

use() { echo "build=false" >>"$out"; echo "bin=$1" >>"$out"; echo "bucketguard: using $1"; exit 0; }

if [ -n "${BUCKETGUARD_BIN:-}" ] && [ -x "$BUCKETGUARD_BIN" ]; then
  use "$BUCKETGUARD_BIN"
fi
if found=$(command -v bucketguard 2>/dev/null) && [ "$("$found" --version 2>/dev/null)" = "bucketguard $version" ]; then
  use "$found"
fi

case "${RUNNER_OS_NAME:-}/${RUNNER_ARCH_NAME:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  *) target="" ;;
esac
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
if [ -n "$target" ] && [ -n "${ACTION_REPOSITORY:-}" ] && command -v curl >/dev/null; then
  asset="bucketguard-$version-$target.tar.gz"
  base="https://github.com/$ACTION_REPOSITORY/releases/download/v$version"
  dir="$tmp/bucketguard-$version"
  mkdir -p "$dir"
  if curl -fsSL --retry 2 -o "$dir/$asset" "$base/$asset" &&
    curl -fsSL --retry 2 -o "$dir/$asset.sha256" "$base/$asset.sha256"; then
    want=$(cut -d ' ' -f 1 <"$dir/$asset.sha256")
    if command -v sha256sum >/dev/null; then
      got=$(sha256sum "$dir/$asset" | cut -d ' ' -f 1)
    else
      got=$(shasum -a 256 "$dir/$asset" | cut -d ' ' -f 1)
    fi
    if [ -n "$want" ] && [ "$want" = "$got" ]; then
      tar -xzf "$dir/$asset" -C "$dir"
      use "$dir/bucketguard"
    fi
    echo "::warning title=bucketguard::checksum mismatch for $asset; building from source"
  else
    echo "bucketguard: no release $version for $target; building from source"
  fi
fi

# Build from source: the cache key covers everything the binary is built from.
root="$HOME/.bucketguard/$version"
hash=$(cd "$action" && find Cargo.toml Cargo.lock build.rs src policies -type f 2>/dev/null | LC_ALL=C sort |
  xargs cat | { command -v sha256sum >/dev/null && sha256sum || shasum -a 256; } | cut -d ' ' -f 1)
{
  echo "build=true"
  echo "root=$root"
  echo "bin=$root/bin/bucketguard"
  echo "source-hash=$hash"
} >>"$out"
