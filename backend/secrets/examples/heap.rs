//! Memory the redaction holds once it has run: its compiled patterns and their search caches.
//! First one short line of the kind the monitor's readings hold (what a server holds when idle,
//! after its first checks), then the text of the corpus (every secret spelling and ordinary line,
//! in chunks of 20 lines) six times; after each, how much the process's resident memory grew.
//!
//! `cargo run --release -p warden-secrets --example heap`; `WARDEN_HEAP_FIRST_ONLY=1` stops
//! after the first line (to run under `heaptrack`, which then shows the heap alone).

use std::io::Write;
use std::time::Instant;

const CORPUS: &str = include_str!("../tests/corpus.rs");
const CHUNK_LINES: usize = 20;
const READING: &str = "filesystem /dev/vda1 mounted on / 45% used, load 0.52 0.61 0.70, \
                       memory total_bytes 25000000000 available 20000000000, nginx Up 3 hours";

/// `VmRSS` of this process in KiB, 0 when /proc cannot tell.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmRSS:")
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

fn say(line: String) {
    std::io::stdout().write_all(line.as_bytes()).ok();
}

fn main() {
    let lines: Vec<&str> = CORPUS.lines().collect();
    let chunks: Vec<String> = lines.chunks(CHUNK_LINES).map(|c| c.join("\n")).collect();
    let before = rss_kib();
    let started = Instant::now();
    let first = warden_secrets::redact_text(READING);
    say(format!(
        "one reading ({} bytes out, {:.2?}): RSS +{} KiB\n",
        first.len(),
        started.elapsed(),
        rss_kib().saturating_sub(before)
    ));
    if std::env::var_os("WARDEN_HEAP_FIRST_ONLY").is_some() {
        return;
    }
    let mut out = 0usize;
    let started = Instant::now();
    for chunk in &chunks {
        out += warden_secrets::redact_text(chunk).len();
    }
    let first_pass = started.elapsed();
    let after_first = rss_kib();
    let started = Instant::now();
    for _ in 0..5 {
        for chunk in &chunks {
            out += warden_secrets::redact_text(chunk).len();
        }
    }
    let again = started.elapsed() / 5;
    say(format!(
        "corpus, {} chunks ({out} bytes out): RSS +{} KiB after the first pass ({first_pass:.2?}), +{} KiB after five more ({again:.2?} a pass)\n",
        chunks.len(),
        after_first.saturating_sub(before),
        rss_kib().saturating_sub(before),
    ));
}
