//! Redaction benchmarks: what the one redaction costs on the text every tool result passes
//! through (ordinary logs with nothing to hide, and command lines full of secrets), and what a
//! 64 KiB `file_read` by handle costs next to `cat`, in one run.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{RegistryBuilder, ToolContext};

use crate::engine::percentile;
use crate::foundation::ms;

const ROUNDS: usize = 200;

/// 64 KiB of ordinary log lines: what most tool output looks like.
fn ordinary_log() -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 64 * 1024 {
        text.push_str(&format!(
            "2026-11-21T10:{:02}:{:02}Z INFO app::http request served path=/api/items/{i} status=200 duration_ms={} user=alice\n",
            i % 60,
            i % 60,
            i % 97
        ));
        i += 1;
    }
    text
}

/// 64 KiB of command lines with secrets in them: the worst case (process lists, audit rows).
fn secret_lines() -> String {
    let lines = [
        "mysql -uroot -pS3cret db -e 'select 1'",
        "PGPASSWORD=hunter2 psql -h db -U app shop",
        "curl -H 'Authorization: Bearer abc.def.ghi' https://ops:pw@example.com/",
        "sshpass -p pw2 ssh admin@db1 uptime",
        "docker run -e MYSQL_ROOT_PASSWORD=rootpw mysql:8",
        "token: ghp_0123456789abcdefghijABCDEFGHIJ012345",
    ];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 64 * 1024 {
        text.push_str(lines[i % lines.len()]);
        text.push('\n');
        i += 1;
    }
    text
}

fn time_redaction(text: &str) -> Vec<Duration> {
    std::hint::black_box(warden_secrets::redact_text(text));
    (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(warden_secrets::redact_text(std::hint::black_box(text)));
            started.elapsed()
        })
        .collect()
}

/// `redact_text` over 64 KiB of each kind of text, and `file_read` of a 64 KiB file next to
/// `cat`, interleaved.
pub async fn redaction() -> Result<String> {
    let mut report = String::from(
        "### Redaction of 64 KiB of text (single thread)\n\n| text | p50 | p99 | MiB/s at p50 |\n|---|---|---|---|\n",
    );
    for (name, text) in [
        ("ordinary log lines, nothing to hide", ordinary_log()),
        ("command lines, a secret in each", secret_lines()),
    ] {
        let mut times = time_redaction(&text);
        times.sort();
        let p50 = percentile(&times, 0.5);
        report += &format!(
            "| {name} | {} | {} | {:.1} |\n",
            ms(p50),
            ms(percentile(&times, 0.99)),
            text.len() as f64 / (1024.0 * 1024.0) / p50.as_secs_f64().max(1e-9)
        );
    }

    let dir = tempfile::tempdir()?;
    let root = dir.path().canonicalize()?;
    let file = root.join("app.log");
    std::fs::write(&file, ordinary_log())?;
    let mut builder = RegistryBuilder::default();
    warden_tool_files::register(
        &mut builder,
        &warden_tool_files::FilesConfig::new(vec![root.clone()], Vec::new()),
    );
    let registry = builder.build()?;
    let tool = registry.get("file_read").context("file_read")?;
    let context = ToolContext::user("bench", [Scope::Admin]);
    let args = json!({"path": file.display().to_string()});
    let first = tool
        .call(args.clone(), &context)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if first.output.len() < 64 * 1024 {
        bail!("file_read returned {} bytes", first.output.len());
    }
    let (mut tool_times, mut cat_times) = (Vec::new(), Vec::new());
    let path = file.display().to_string();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        tool.call(args.clone(), &context)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        tool_times.push(started.elapsed());
        let started = Instant::now();
        let status = std::process::Command::new("cat")
            .arg(&path)
            .stdout(std::process::Stdio::null())
            .status()?;
        if !status.success() {
            bail!("cat failed");
        }
        cat_times.push(started.elapsed());
    }
    tool_times.sort();
    cat_times.sort();
    let (tool_p50, cat_p50) = (percentile(&tool_times, 0.5), percentile(&cat_times, 0.5));
    report += &format!(
        "\n### file_read of a 64 KiB log by handle (openat2, key check, redaction), {ROUNDS} runs interleaved\n\n| | p50 | p99 |\n|---|---|---|\n| `file_read` tool | {} | {} |\n| `cat` (a process start) | {} | {} |\n\nTool / cat time ratio: {:.2}\n\n",
        ms(tool_p50),
        ms(percentile(&tool_times, 0.99)),
        ms(cat_p50),
        ms(percentile(&cat_times, 0.99)),
        tool_p50.as_secs_f64() / cat_p50.as_secs_f64().max(1e-9)
    );
    Ok(report)
}
