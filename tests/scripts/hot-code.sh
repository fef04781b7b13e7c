#!/usr/bin/env bash
# `make hot-code`: regenerates backend/server/link/hot-code.txt, the list of functions the linker
# places first in the executable (docs/benchmarks.md, "Hot code first"). Builds the release
# binaries, runs `warden-bench chats` on the server under valgrind's callgrind (which names every
# function it runs: start, logins, REST and WebSocket chats with a tool step), and turns those
# names into that list. Rerun after changes that move what a server runs at start or
# per chat; a stale list costs memory, never correctness.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if ! command -v valgrind >/dev/null; then
  apt-get install -y --no-install-recommends valgrind >/dev/null
fi
cargo build --release --locked -p warden-server -p warden-e2e --bin warden --bin warden-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The bench measures the `warden` beside it: here a wrapper that starts the real one under
# callgrind, with symbol names left mangled so that they can be matched against the binary's.
cp target/release/warden-bench "$work/"
cat > "$work/warden" <<WRAPPER
#!/bin/sh
GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072 exec valgrind -q --tool=callgrind \
  --demangle=no --callgrind-out-file="$work/callgrind.%p" "$root/target/release/warden" "\$@"
WRAPPER
chmod +x "$work/warden"
(cd "$work" && WARDEN_BENCH_CALLGRIND=1 ./warden-bench chats >/dev/null)
python3 tests/scripts/hot_code.py target/release/warden "$work"/callgrind.* \
  > backend/server/link/hot-code.txt.new
mv backend/server/link/hot-code.txt.new backend/server/link/hot-code.txt
echo "hot-code: backend/server/link/hot-code.txt written; rebuild to link with it"
