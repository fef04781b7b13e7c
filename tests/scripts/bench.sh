#!/usr/bin/env bash
# `make bench`: build release binaries, start PostgreSQL, run the benchmark driver, stop what was
# started. The report is printed and kept in .tmp/bench-report.md; copy the figures into
# docs/benchmarks.md with the machine they ran on.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
services=tests/scripts/services.sh
"$services" install
"$services" start postgres docker chroma
trap '"$services" stop postgres docker chroma' EXIT
WARDEN_MODELS_REQUIRED=1 tests/scripts/models.sh
eval "$("$services" env)"
cargo build --release --locked -p warden-server -p warden-e2e --bin warden --bin warden-bench
# A thousand WebSocket sessions need more descriptors than the usual 1024.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 8192 ]; then
  ulimit -n "$(ulimit -Hn)" || echo "bench: only $(ulimit -n) file descriptors; the WebSocket benchmark may fail" >&2
fi
mkdir -p .tmp
{
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm), $(date -u +%Y-%m-%d)"
  echo
  ./target/release/warden-bench
} | tee .tmp/bench-report.md
