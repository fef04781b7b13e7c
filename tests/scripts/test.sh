#!/usr/bin/env bash
# `make test`: install and start what the suites need, run formatting, lints and every test,
# then stop what was started (also on failure or interruption). Ends with one total line.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
services=tests/scripts/services.sh

export RUST_BACKTRACE=${RUST_BACKTRACE:-0}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
# Incremental caches pay off only when the same crates are rebuilt after small edits; a run of
# `make test` on a new machine never reuses them, and they would hold gigabytes of the disk
# beside the debug build (docs/development.md, "Disk").
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

# What the run has to work with, in the log: a full disk otherwise shows up only as a compiler
# error halfway through.
disk() { df -Pm "$root" | awk 'NR == 2 { printf "%.1f GiB free", $4 / 1024 }'; }
echo "== disk: $(disk) at the start (a run from nothing needs about 12 GiB)"

"$services" install
"$services" start postgres docker sshd llm chroma
summary=""
finish() {
  "$services" stop postgres docker sshd llm chroma
  echo "== disk: $(disk) at the end"
  # The total goes last, after everything else this script prints.
  if [ -n "$summary" ]; then printf '\n%s\n' "$summary"; fi
}
trap finish EXIT
eval "$("$services" env)"

echo "== the two commands from a fresh clone (WARDEN_FRESH_CLONE=web: the web app only)"
tests/scripts/fresh-clone.sh "${WARDEN_FRESH_CLONE:-all}"
echo "== web app (from the committed lockfile, type check, build; embedded by the server's build)"
tests/scripts/web.sh
echo "== formatting"
cargo fmt --all -- --check
echo "== lints"
cargo clippy --all-targets --locked -- -D warnings
echo "== tests"
log=$(mktemp)
status=0
cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$log" || status=$?
# Sum the per-binary results into the closing line.
summary=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1); if ($(i) ~ /^ignored;?$/) s += $(i-1) } }
     END { printf "tests: %d passed, %d failed, %d skipped", p, f, s }' "$log")
rm -f "$log"
exit "$status"
