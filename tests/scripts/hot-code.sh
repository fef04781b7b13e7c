#!/usr/bin/env bash
# `make hot-code`: regenerates backend/server/link/hot-code.PROFILE.txt, the lists of functions the
# linker places first in the executable (docs/benchmarks.md, "Hot code first"), one per optimised
# profile: `release` (`make build`) and `dist` (`make dist`, the Docker image), because the two
# inline differently. For each, builds that profile's `warden`, runs `warden-bench chats` on it
# under valgrind's callgrind (which names every function it runs: start, logins, REST and
# WebSocket chats with a tool step), and turns those names into the list. Rerun after changes
# that move what a server runs at start or per chat; a stale list costs memory, never correctness.
#
#   tests/scripts/hot-code.sh                  both lists
#   tests/scripts/hot-code.sh release          one profile's list (`dist` takes the longer build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(release dist)
for profile in "${profiles[@]}"; do
  case "$profile" in
    release | dist) ;;
    *) echo "hot-code: no profile '$profile' (release or dist)" >&2; exit 2 ;;
  esac
done
if ! command -v valgrind >/dev/null; then
  apt-get install -y --no-install-recommends valgrind >/dev/null
fi
# The driver's own speed does not matter: it is the release build whatever the profile measured.
cargo build --release --locked -p warden-e2e --bin warden-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp target/release/warden-bench "$work/"
for profile in "${profiles[@]}"; do
  cargo build --profile "$profile" --locked -p warden-server --bin warden
  binary="$root/target/$profile/warden"
  rm -f "$work"/callgrind.*
  # The bench measures the `warden` beside it: here a wrapper that starts the real one under
  # callgrind, with symbol names left mangled so that they can be matched against the binary's.
  cat > "$work/warden" <<WRAPPER
#!/bin/sh
GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072 exec valgrind -q --tool=callgrind \
  --demangle=no --callgrind-out-file="$work/callgrind.%p" "$binary" "\$@"
WRAPPER
  chmod +x "$work/warden"
  (cd "$work" && WARDEN_BENCH_CALLGRIND=1 ./warden-bench chats >/dev/null)
  list="backend/server/link/hot-code.$profile.txt"
  python3 tests/scripts/hot_code.py "$binary" "$work"/callgrind.* > "$list.new"
  mv "$list.new" "$list"
  echo "hot-code: $list written; rebuild to link with it"
done
