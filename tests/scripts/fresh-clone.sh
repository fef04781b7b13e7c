#!/usr/bin/env bash
# The two commands from a fresh clone, the way a new machine sees the repository: the committed
# tree cloned into a temporary directory, the web app installed with an empty npm cache, then
# `make build` and the built binary started on the embedded defaults until `/readyz` and the web
# app answer. A file the build needs that nobody committed, a lockfile that does not install, or
# an install step that only worked on this machine fails here.
#
#   tests/scripts/fresh-clone.sh          everything above
#   tests/scripts/fresh-clone.sh web      the web app only (quick, while iterating)
#
# Only commits are cloned: uncommitted changes are not part of what lands, so they are not checked.
# Cargo shares the checkout's target directory, so dependencies already built are not built again
# and `make run` afterwards starts at once. With WARDEN_FRESH_CLONE_TARGET=clone (what `.ci/run`
# sets) the release build goes into the clone and is removed with it: the steps after this one
# build in debug, and a machine with little disk need not hold both builds at once.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
what=${1:-all}
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
say() { printf 'fresh-clone: %s\n' "$*"; }

if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
  say "note: uncommitted changes are not in the clone (it checks HEAD)"
fi
git clone --quiet --no-local --no-hardlinks "$root" "$work/warden"
cd "$work/warden"
say "$(git log -1 --format='%h %s' | cut -c1-72)"

# An empty npm cache: every package comes from the registry, as on a machine that never ran npm.
export npm_config_cache="$work/npm-cache"
tests/scripts/web.sh
test -f frontend/dist/index.html || { say "the web app built no index.html" >&2; exit 1; }
[ "$what" = web ] && { say "web app ok"; exit 0; }

case "${WARDEN_FRESH_CLONE_TARGET:-shared}" in
  shared) export CARGO_TARGET_DIR="$root/target" ;;
  clone) export CARGO_TARGET_DIR="$work/warden/target" ;;
  *) say "WARDEN_FRESH_CLONE_TARGET must be shared or clone, not '$WARDEN_FRESH_CLONE_TARGET'" >&2; exit 2 ;;
esac
make --no-print-directory build
# The linker options the server's build script gives optimised builds (docs/benchmarks.md): the
# functions it runs placed first, and relocations packed where this glibc can load them.
binary="$CARGO_TARGET_DIR/release/warden"
if command -v readelf >/dev/null; then
  readelf -SW "$binary" | grep -q '\.text\.hot' || { say "no .text.hot section in $binary" >&2; exit 1; }
  libc=$(cc -print-file-name=libc.so.6)
  if grep -q GLIBC_ABI_DT_RELR "$libc" 2>/dev/null; then
    readelf -dW "$binary" | grep -q '(RELR)' || { say "relocations not packed in $binary" >&2; exit 1; }
  fi
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WARDEN_DATA_DIR="$work/data" WARDEN_LISTEN="127.0.0.1:$port" \
  WARDEN_ADMIN_PASSWORD="fresh-clone-$(date +%s%N)" \
  "$CARGO_TARGET_DIR/release/warden" serve >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; say "warden serve exited" >&2; exit 1; }
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log" >&2; say "no answer on /healthz" >&2; exit 1; }
ready=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")
page=$(curl -fsS "http://127.0.0.1:$port/")
grep -q '<div id="app"' <<<"$page" || { say "the web app is not served at /" >&2; exit 1; }
say "make build ok; warden serve answered /healthz, /readyz ($ready) and the web app"
