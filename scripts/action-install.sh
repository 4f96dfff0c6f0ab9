#!/usr/bin/env bash
# The action's install step; the first of these that applies:
# 1. BUCKETGUARD_BIN (an executable), or a bucketguard on PATH that reports the wanted version;
# 2. the release binary an earlier run cached on this runner (BUCKETGUARD_CACHE, else the
#    runner's tool cache), under VERSION/TARGET;
# 3. the release asset for this runner, bucketguard-VERSION-TARGET.tar.gz, from
#    $BUCKETGUARD_RELEASE_URL/vVERSION/ (default https://github.com/REPO/releases/download; a
#    directory or file:// URL works too), checked against its .sha256, then cached;
# 4. the action's own source, built by the next steps (outputs build=true, root, source-hash),
#    but only when the source is the wanted version.
# A wrong checksum fails the step, and so does a version that is neither downloadable nor the
# action's own: another version is never installed under the wanted one's name.
set -euo pipefail
out=${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}
action=${ACTION_PATH:?}
fail() { echo "::error title=bucketguard install::$*"; exit 1; }

own=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$action/Cargo.toml" | head -n 1)
version=${INPUT_VERSION:-}
version=${version#v}
[ -n "$version" ] || version=$own
# It becomes part of paths and URLs.
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] ||
  fail "version \`$version\` is not a release version (X.Y.Z)"
echo "version=$version" >>"$out"

use() { echo "build=false" >>"$out"; echo "bin=$1" >>"$out"; echo "bucketguard $version: using $1"; exit 0; }

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
cache=${BUCKETGUARD_CACHE:-${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}}/bucketguard}/$version/$target
if [ -n "$target" ] && [ -f "$cache/.complete" ] && [ -x "$cache/bucketguard" ]; then
  use "$cache/bucketguard"
fi

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d ' ' -f 1; }
# fetch URL FILE: https only past redirects (GitHub sends release assets to its object store).
fetch() { curl -fsSL --retry 2 --proto-redir =https -o "$2" "$1"; }

# Downloads, checks and caches the asset; returns 1 (with $why set) when there is none to get.
download() {
  local base=${BUCKETGUARD_RELEASE_URL:-}
  [ -n "$base" ] || [ -z "${ACTION_REPOSITORY:-}" ] || base="https://github.com/$ACTION_REPOSITORY/releases/download"
  case "$base" in /*) base="file://$base" ;; esac
  if [ -z "$target" ]; then
    why="no release binary is built for ${RUNNER_OS_NAME:-?}/${RUNNER_ARCH_NAME:-?}"; return 1
  elif [ -z "$base" ]; then
    why="no release to download from (a local action; BUCKETGUARD_RELEASE_URL names one)"; return 1
  elif ! command -v curl >/dev/null; then
    why="curl is not installed"; return 1
  fi
  local asset="bucketguard-$version-$target.tar.gz"
  local url="${base%/}/v$version/$asset"
  dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/bucketguard-download.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
  if ! fetch "$url" "$dir/$asset" || ! fetch "$url.sha256" "$dir/$asset.sha256"; then
    why="$url (or its .sha256) cannot be downloaded"; return 1
  fi
  local want got
  want=$(head -c 64 "$dir/$asset.sha256" | tr 'A-F' 'a-f')
  got=$(sha256 "$dir/$asset")
  [[ "$want" =~ ^[0-9a-f]{64}$ ]] || fail "$url.sha256 holds no SHA-256 checksum; not installing $asset"
  [ "$want" = "$got" ] || fail "checksum mismatch for $url: $asset.sha256 says $want, the file is $got; not installing it"
  # (set -e does not reach into a function called with ||: each step says when it fails.)
  mkdir "$dir/x" && tar -xzf "$dir/$asset" -C "$dir/x" || fail "$asset cannot be unpacked"
  [ -f "$dir/x/bucketguard" ] && [ ! -L "$dir/x/bucketguard" ] || fail "$asset holds no bucketguard"
  local says
  says=$("$dir/x/bucketguard" --version 2>&1) || true
  [ "$says" = "bucketguard $version" ] || fail "$asset holds \`${says//[$'\r\n%']/ }\`, not bucketguard $version"
  # Into the cache: .complete last, so a run cut short leaves nothing that looks cached.
  { rm -rf "$cache" && mkdir -p "$cache" && cp "$dir/x/bucketguard" "$cache/bucketguard" &&
    touch "$cache/.complete"; } || fail "cannot cache bucketguard in $cache"
  echo "bucketguard: downloaded $url (sha256 $got), cached in $cache"
  use "$cache/bucketguard"
}

why=""
download || true
if [ "$version" != "$own" ]; then
  fail "bucketguard $version cannot be installed: $why. The action's source is version $own, so it does not build $version: request a released version, or leave \`version\` empty for $own"
fi
echo "bucketguard: $why; building $version from the action's source"

# Build from source: the cache key covers everything the binary is built from.
root="$HOME/.bucketguard/$version"
hash=$(cd "$action" && find Cargo.toml Cargo.lock build.rs src policies -type f 2>/dev/null | LC_ALL=C sort |
  xargs cat | { command -v sha256sum >/dev/null && sha256sum || shasum -a 256; } | cut -d ' ' -f 1)
if [ -x "$root/bin/bucketguard" ] && [ "$(cat "$root/.source-hash" 2>/dev/null)" = "$hash" ]; then
  use "$root/bin/bucketguard" # built by an earlier use of the action in this job
fi
{
  echo "build=true"
  echo "root=$root"
  echo "bin=$root/bin/bucketguard"
  echo "source-hash=$hash"
} >>"$out"
