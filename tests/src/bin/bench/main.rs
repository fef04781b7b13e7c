//! `make bench`: Warden's benchmarks, printed as a Markdown report. `warden-bench SECTION` runs one
//! of foundation, engine, chats, tools, guard, redaction, memory, monitor, prompts, integrations,
//! recall, fleet.
//!
//! - foundation: start-up, memory, and authenticated request throughput of the release binary;
//! - chats: REST chats with and without a tool step (time, server CPU per chat), 100 and 1,000
//!   WebSocket chats at once, idle RSS after logins; other builds side by side through
//!   `WARDEN_BENCH_COMPARE=LABEL=PATH,...`;
//! - tools: `docker_ps` on 100 containers next to the `docker ps` CLI, and `file_search` over a
//!   100,000-line tree next to `grep -rn`, each pair in one run;
//! - guard: command classification throughput, gVisor sandbox cold start next to a host spawn,
//!   and the cost of containing a low-risk host command next to starting it bare;
//! - redaction: the one redaction over 64 KiB of ordinary and of secret-laden text, and a 64 KiB
//!   `file_read` by handle next to `cat`;
//! - memory: RSS over rounds of WebSocket sessions and chats, and what holds it;
//! - monitor: a crash to its restart next to `docker restart`, CPU time per sweep over 100
//!   containers, one Alertmanager delivery of 1,200 alerts;
//! - prompts: the tool tokens thirty typical requests are offered, before and after selection.
//! - integrations: a guarded call through REST and through MCP, an approval with a notification
//!   channel that never answers, and the metrics scrape.
//! - recall: the memory service's embedding time per text, recall latency at 1,000 / 10,000 /
//!   100,000 memories for the embedded backend (SQLite, PostgreSQL) and ChromaDB, the index's load
//!   time and memory.
//! - fleet: 200 agents on a loopback NATS server: the hub's CPU and RSS, listing, a monitor sweep
//!   across the fleet and one call to every agent at once.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod chats;
mod containment;
mod engine;
mod fleet;
mod foundation;
mod guard;
mod integrations;
mod memory;
mod monitor;
mod prompts;
mod recall;
mod redaction;
mod tools;

use anyhow::Result;

#[tokio::main]
async fn main() -> Result<()> {
    warden_http::install_tls_provider();
    // `warden-bench [foundation|engine|chats|tools|guard|redaction|memory|monitor|prompts|integrations|recall|fleet]`;
    // no argument runs everything.
    let only = std::env::args().nth(1);
    let wants = |section: &str| only.as_deref().is_none_or(|o| o == section);
    let mut report = String::new();
    if wants("foundation") {
        report += "## Foundation benchmarks\n\n";
        report += &foundation::bench_backend("SQLite (default)", None).await?;
        match std::env::var("WARDEN_TEST_POSTGRES_URL") {
            Ok(url) => report += &foundation::bench_backend("PostgreSQL", Some(&url)).await?,
            Err(_) => {
                report += "PostgreSQL: skipped, WARDEN_TEST_POSTGRES_URL is not set (run through `make bench`).\n"
            }
        }
    }
    if wants("engine") {
        report += "\n## Engine benchmarks\n\n";
        report += &engine::per_step().await?;
        report += &engine::websocket_sessions(1000).await?;
    }
    if wants("chats") {
        report += "\n## Chat benchmarks\n\n";
        report += &chats::report().await?;
    }
    if wants("tools") {
        report += "\n## Tool benchmarks\n\n";
        report += &tools::docker_ps().await?;
        report += &tools::file_search().await?;
    }
    if wants("guard") {
        report += "\n## Guard benchmarks\n\n";
        report += &guard::classification();
        report += &guard::sandbox_cold_start().await?;
        report += &containment::cost().await?;
    }
    if wants("redaction") {
        report += "\n## Redaction benchmarks\n\n";
        report += &redaction::redaction().await?;
    }
    if wants("memory") {
        report += "\n## Memory benchmarks\n\n";
        report += &memory::rounds_of_load().await?;
    }
    if wants("prompts") {
        report += "\n## Prompt sizes\n\n";
        report += &prompts::tool_tokens().await?;
    }
    if wants("monitor") {
        report += "\n## Monitor benchmarks\n\n";
        report += &monitor::crash_to_restart().await?;
        report += &monitor::sweep_cpu().await?;
        report += &monitor::alert_intake().await?;
    }
    if wants("integrations") {
        report += "\n## Integration benchmarks\n\n";
        report += &integrations::report().await?;
    }
    if wants("recall") {
        report += "\n## Recall benchmarks (the memory service)\n\n";
        report += &recall::embedding().await?;
        report += &recall::recall("Embedded backend on SQLite", "sqlite").await?;
        report += &recall::recall("Embedded backend on PostgreSQL", "postgres").await?;
        report += &recall::recall("ChromaDB backend", "chroma").await?;
    }
    if wants("fleet") {
        report += "\n## Fleet benchmarks\n\n";
        report += &fleet::report().await?;
    }
    println!("{report}");
    Ok(())
}
