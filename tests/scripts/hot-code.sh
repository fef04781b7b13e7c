#!/usr/bin/env bash
# `make hot-code`: regenerates backend/server/link/hot-code.PROFILE.txt, the lists of functions the
# linker places first in the executable (docs/benchmarks.md, "Hot code first"), one per optimised
# profile: `release` (`make build`) and `dist` (`make dist`, the Docker image), because the two
# inline differently. For each, builds that profile's `warden`, runs `warden-bench chats` on it
# under valgrind's callgrind (which names every function it runs: start, logins, REST and
# WebSocket chats with a tool step, then a server started as an operator starts it, idle after
# three logins), and turns those names into the list. Rerun after changes
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
# The bench quiets the server's log and never asks what a first visit asks, so what a server runs
# idle, as an operator starts it, is traced too: `warden serve` with its default log level, until
# `/healthz`, then `/readyz`, the web app, three logins, and a dump before it is stopped (what
# shutdown runs is not idle code).
idle_phase() {
  local port pid
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  rm -rf "$work/idle-data"
  env -u WARDEN_LOG GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072 \
    WARDEN_LISTEN="127.0.0.1:$port" WARDEN_DATA_DIR="$work/idle-data" \
    WARDEN_ADMIN_PASSWORD=hot-code-idle-password \
    valgrind -q --tool=callgrind --demangle=no --callgrind-out-file="$work/callgrind.idle.%p" \
    "$1" serve >"$work/idle.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/idle.log" >&2; echo "hot-code: warden serve exited" >&2; exit 1; }
    sleep 0.2
  done
  sleep 3
  curl -sS -o /dev/null "http://127.0.0.1:$port/readyz" || true
  curl -sS -o /dev/null "http://127.0.0.1:$port/" || true
  for _ in 1 2 3; do
    curl -fsS -o /dev/null -H 'content-type: application/json' \
      -d '{"username":"admin","password":"hot-code-idle-password"}' \
      "http://127.0.0.1:$port/api/v1/auth/login"
  done
  sleep 3
  callgrind_control -d "$pid" >/dev/null
  sleep 2
  kill -INT "$pid"
  wait "$pid" 2>/dev/null || true
  # Only the dump taken while idle: the final file holds the shutdown.
  rm -f "$work/callgrind.idle.$pid"
}

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
  idle_phase "$binary"
  list="backend/server/link/hot-code.$profile.txt"
  python3 tests/scripts/hot_code.py "$binary" "$work"/callgrind.* > "$list.new"
  mv "$list.new" "$list"
  echo "hot-code: $list written; rebuild to link with it"
done
