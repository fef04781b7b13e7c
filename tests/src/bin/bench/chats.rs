//! Chat figures of release binaries measured from outside, side by side in one run: a REST chat
//! with one tool step and without, the server's CPU per chat, 100 WebSocket chats at once, 1,000
//! WebSocket runs of three steps at once, and idle RSS after start and after logins.
//!
//! The binary built beside this benchmark is always measured; `WARDEN_BENCH_COMPARE` adds others,
//! `LABEL=PATH` pairs separated by commas (an older build of `warden`, say), each on the same
//! scripted zero-latency model, one after the other in this process.
//!
//! `WARDEN_BENCH_CALLGRIND=1`, with each binary started under `valgrind --tool=callgrind` (a
//! wrapper script as its `PATH`), counts instructions instead of
//! timing: the counters are dumped (which zeroes them) before each kind of REST chat and after it
//! (`callgrind_control`; the measured dumps are named `tool-chats` and `plain-chats`, the others
//! `start` and `plain-warmup`), a round of four WebSocket chats is dumped as `websocket-chats`,
//! and the large WebSocket rounds, far too slow under valgrind, are skipped. Instruction counts do
//! not move with the machine's load, unlike CPU time. Every dump is kept, so together they name
//! every function the server ran: `tests/scripts/hot-code.sh` builds the linker's hot-code list
//! from them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use warden_test_llm::ScriptedLlm;

use crate::engine::{WebSocketRound, login, percentile, stepping_model, websocket_round};
use crate::foundation::{
    Server, binary, context_switches, cpu_seconds, median, ms, rss_kib, spawn_binary,
};

/// Sequential REST chats measured per kind, after `WARMUP_CHATS` unmeasured ones.
const CHATS: usize = 200;
const WARMUP_CHATS: usize = 20;
/// Direct calls to the scripted model timed to subtract the model's own share.
const MODEL_CALLS: usize = 200;
/// How long RSS is left to settle before it is read.
const SETTLE: Duration = Duration::from_secs(2);
const LOGINS: usize = 3;
/// WebSocket chats run under `WARDEN_BENCH_CALLGRIND` in place of the large rounds.
const COUNTED_WEBSOCKET_CHATS: usize = 4;

/// One binary's figures.
struct Figures {
    label: String,
    rss_started_kib: u64,
    rss_after_logins_kib: u64,
    model_round_trip: Duration,
    tool_chat: Vec<Duration>,
    tool_chat_cpu: f64,
    tool_chat_switches: f64,
    plain_chat: Vec<Duration>,
    plain_chat_cpu: f64,
    plain_chat_switches: f64,
    hundred_wall: Duration,
    hundred_completed: usize,
    thousand_wall: Duration,
    thousand_completed: usize,
    thousand_peak_rss_kib: u64,
}

/// The binaries to measure: this build first, then `WARDEN_BENCH_COMPARE`'s.
fn binaries() -> Result<Vec<(String, PathBuf)>> {
    let mut all = vec![("this build".to_owned(), binary())];
    if let Ok(list) = std::env::var("WARDEN_BENCH_COMPARE") {
        for pair in list.split(',').filter(|p| !p.trim().is_empty()) {
            let (label, path) = pair
                .split_once('=')
                .with_context(|| format!("WARDEN_BENCH_COMPARE: {pair:?} is not LABEL=PATH"))?;
            let path = PathBuf::from(path.trim());
            if !path.is_file() {
                bail!("WARDEN_BENCH_COMPARE: {} is not a file", path.display());
            }
            all.push((label.trim().to_owned(), path));
        }
    }
    Ok(all)
}

/// The section's report: one column per binary.
pub async fn report() -> Result<String> {
    let mut measured = Vec::new();
    for (label, path) in binaries()? {
        measured.push(measure(label, &path).await?);
    }
    Ok(table(&measured))
}

async fn measure(label: String, binary: &Path) -> Result<Figures> {
    let llm = ScriptedLlm::start().await;
    let root = tempfile::tempdir()?;
    for f in 0..3 {
        std::fs::write(root.path().join(format!("f{f}.txt")), "x")?;
    }
    let server = spawn_binary(
        binary,
        &root.path().join("data"),
        &[
            ("WARDEN_LLM_URL", llm.base_url.as_str()),
            ("WARDEN_LLM_MODEL", "bench"),
            ("WARDEN_FILE_ROOTS", &root.path().display().to_string()),
        ],
    )
    .await?;
    tokio::time::sleep(SETTLE).await;
    let rss_started_kib = rss_kib(server.pid())?;
    let mut token = String::new();
    for _ in 0..LOGINS {
        token = login(&server.base).await?;
    }
    tokio::time::sleep(SETTLE).await;
    let rss_after_logins_kib = rss_kib(server.pid())?;

    let counting = std::env::var_os("WARDEN_BENCH_CALLGRIND").is_some();
    stepping_model(&llm, 1);
    let model_round_trip = model_round_trip(&llm.base_url).await?;
    rest_chats(&server, &token, WARMUP_CHATS, 2).await?;
    callgrind(counting, server.pid(), "start")?;
    let (tool_chat, tool_chat_cpu, tool_chat_switches) =
        rest_chats(&server, &token, CHATS, 2).await?;
    callgrind(counting, server.pid(), "tool-chats")?;
    stepping_model(&llm, 0);
    rest_chats(&server, &token, WARMUP_CHATS, 1).await?;
    callgrind(counting, server.pid(), "plain-warmup")?;
    let (plain_chat, plain_chat_cpu, plain_chat_switches) =
        rest_chats(&server, &token, CHATS, 1).await?;
    callgrind(counting, server.pid(), "plain-chats")?;

    let (hundred, thousand) = if counting {
        // A few WebSocket chats, so that the dumps name the functions of that path too.
        stepping_model(&llm, 1);
        websocket_round(&server, COUNTED_WEBSOCKET_CHATS).await?;
        callgrind(counting, server.pid(), "websocket-chats")?;
        (WebSocketRound::default(), WebSocketRound::default())
    } else {
        stepping_model(&llm, 1);
        let hundred = websocket_round(&server, 100).await?;
        stepping_model(&llm, 2);
        (hundred, websocket_round(&server, 1000).await?)
    };
    // A chat that did not complete is counted out of the figures above; why is said here, so a
    // short count can be told apart from a server fault.
    for (round, failures) in [
        ("100 chats", &hundred.failures),
        ("1,000 runs", &thousand.failures),
    ] {
        for (reason, count) in failures {
            eprintln!("{label}, {round}: {count} did not complete: {reason}");
        }
    }
    Ok(Figures {
        label,
        rss_started_kib,
        rss_after_logins_kib,
        model_round_trip,
        tool_chat,
        tool_chat_cpu,
        tool_chat_switches,
        plain_chat,
        plain_chat_cpu,
        plain_chat_switches,
        hundred_wall: hundred.wall,
        hundred_completed: hundred.latencies.len(),
        thousand_wall: thousand.wall,
        thousand_completed: thousand.latencies.len(),
        thousand_peak_rss_kib: thousand.peak_rss_kib,
    })
}

/// Under `WARDEN_BENCH_CALLGRIND`: dumps the server's instruction counters under the name
/// `dump`, which zeroes them. Does nothing otherwise.
fn callgrind(counting: bool, pid: u32, dump: &str) -> Result<()> {
    if !counting {
        return Ok(());
    }
    let status = std::process::Command::new("callgrind_control")
        .arg(format!("--dump={dump}"))
        .arg(pid.to_string())
        .stdout(std::process::Stdio::null())
        .status()
        .context("callgrind_control (valgrind's)")?;
    if !status.success() {
        bail!("callgrind_control failed for {pid}: {status}");
    }
    Ok(())
}

/// The median time of one non-streamed call straight to the scripted model, as the engine's own
/// calls would take without Warden around them.
async fn model_round_trip(base: &str) -> Result<Duration> {
    let client = warden_http::client();
    let body = json!({
        "model": "bench",
        "stream": false,
        "messages": [{"role": "user", "content": "check the files"}],
    });
    let mut times = Vec::with_capacity(MODEL_CALLS);
    for _ in 0..MODEL_CALLS {
        let started = Instant::now();
        let response = client
            .post(format!("{base}/api/chat"))
            .json(&body)
            .send()
            .await?;
        if !response.status().is_success() {
            bail!("the scripted model answered {}", response.status());
        }
        response.bytes().await?;
        times.push(started.elapsed());
    }
    Ok(median(times))
}

/// `count` REST chats one after the other, each a new conversation whose run makes
/// `model_calls` model calls; each chat's time, and the server's CPU seconds and context
/// switches per chat.
async fn rest_chats(
    server: &Server,
    token: &str,
    count: usize,
    model_calls: usize,
) -> Result<(Vec<Duration>, f64, f64)> {
    let client = warden_http::client();
    let url = format!("{}/api/v1/chat", server.base);
    let cpu_before = cpu_seconds(server.pid())?;
    let switches_before = context_switches(server.pid())?;
    let mut times = Vec::with_capacity(count);
    for _ in 0..count {
        let started = Instant::now();
        let response = client
            .post(&url)
            .bearer_auth(token)
            .json(&json!({"message": "check the files"}))
            .send()
            .await?;
        let status = response.status();
        let reply: Value = response.json().await?;
        times.push(started.elapsed());
        if status != 200 || reply["answer"] != json!("done") {
            bail!("a benchmark chat did not complete: {status} {reply}");
        }
        let calls = reply["usage"]["model_calls"].as_u64().unwrap_or(0);
        if calls != model_calls as u64 {
            bail!("a benchmark chat made {calls} model calls, not {model_calls}: {reply}");
        }
    }
    let cpu = (cpu_seconds(server.pid())? - cpu_before) / count as f64;
    let switches =
        context_switches(server.pid())?.saturating_sub(switches_before) as f64 / count as f64;
    times.sort();
    Ok((times, cpu, switches))
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn row(name: &str, figures: &[Figures], cell: impl Fn(&Figures) -> String) -> String {
    let cells: Vec<String> = figures.iter().map(cell).collect();
    format!("| {name} | {} |\n", cells.join(" | "))
}

fn table(figures: &[Figures]) -> String {
    let labels: Vec<&str> = figures.iter().map(|f| f.label.as_str()).collect();
    let mut out = format!(
        "### Chats side by side (release binaries, SQLite, scripted zero-latency model)\n\n| figure | {} |\n|---|{}\n",
        labels.join(" | "),
        "---|".repeat(figures.len())
    );
    out += &row("REST chat with one tool step, p50 / p99", figures, |f| {
        format!(
            "{} / {} ms",
            ms(percentile(&f.tool_chat, 0.5)),
            ms(percentile(&f.tool_chat, 0.99))
        )
    });
    out += &row(
        "the same beyond the model's own time (p50 less 2 model round trips)",
        figures,
        |f| ms(percentile(&f.tool_chat, 0.5).saturating_sub(f.model_round_trip * 2)) + " ms",
    );
    out += &row("server CPU per such chat", figures, |f| {
        format!("{:.2} ms", f.tool_chat_cpu * 1000.0)
    });
    out += &row(
        "server context switches per such chat (all threads)",
        figures,
        |f| format!("{:.1}", f.tool_chat_switches),
    );
    out += &row("REST chat without a tool, p50", figures, |f| {
        ms(percentile(&f.plain_chat, 0.5)) + " ms"
    });
    out += &row("server CPU per chat without a tool", figures, |f| {
        format!("{:.2} ms", f.plain_chat_cpu * 1000.0)
    });
    out += &row(
        "server context switches per chat without a tool",
        figures,
        |f| format!("{:.1}", f.plain_chat_switches),
    );
    out += &row("one direct call to the scripted model, p50", figures, |f| {
        ms(f.model_round_trip) + " ms"
    });
    out += &row(
        "100 concurrent WebSocket chats (one tool step), all complete",
        figures,
        |f| {
            format!(
                "{:.2} s ({}/100)",
                f.hundred_wall.as_secs_f64(),
                f.hundred_completed
            )
        },
    );
    out += &row(
        "1,000 concurrent WebSocket runs (three steps), all complete",
        figures,
        |f| {
            format!(
                "{:.2} s ({}/1000)",
                f.thousand_wall.as_secs_f64(),
                f.thousand_completed
            )
        },
    );
    out += &row("server RSS peak during the 1,000 runs", figures, |f| {
        mib(f.thousand_peak_rss_kib)
    });
    out += &row("idle RSS after start", figures, |f| mib(f.rss_started_kib));
    out += &row(&format!("idle RSS after {LOGINS} logins"), figures, |f| {
        mib(f.rss_after_logins_kib)
    });
    out += &format!(
        "\nEach binary in turn on a fresh data directory: {WARMUP_CHATS} unmeasured chats, then {CHATS} REST chats one after the other (`POST /api/v1/chat`, each a new conversation, with a `file_info` step and without); the server's CPU is read from `/proc/PID/stat` before and after (10 ms ticks), its context switches (every thread's, voluntary and not) from `/proc/PID/task/*/status`. RSS is read {} s after start and after the logins.\n\n",
        SETTLE.as_secs()
    );
    out
}
