//! Tool benchmarks, each next to the command an operator would otherwise run, in one run.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{RegistryBuilder, ToolContext};

use crate::foundation::{median, ms};

const RUNS: usize = 20;

fn time_command(program: &str, args: &[&str]) -> Result<Duration> {
    let started = Instant::now();
    let output = Command::new(program)
        .args(args)
        .output()
        .with_context(|| format!("run {program}"))?;
    if !output.status.success() {
        bail!(
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(started.elapsed())
}

/// `docker_ps` over 100 containers, next to `docker ps -a --filter label=...`.
pub async fn docker_ps() -> Result<String> {
    let image = std::env::var("WARDEN_TEST_DOCKER_IMAGE")
        .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned());
    let label = format!("warden.test=bench-{}", std::process::id());
    let mut handles = Vec::new();
    for i in 0..100 {
        let (image, label) = (image.clone(), label.clone());
        handles.push(tokio::task::spawn_blocking(move || {
            Command::new("docker")
                .args([
                    "create",
                    "--label",
                    &label,
                    "--name",
                    &format!("bench-{}-{i:03}", std::process::id()),
                    &image,
                    "true",
                ])
                .output()
        }));
    }
    for handle in handles {
        let output = handle.await??;
        if !output.status.success() {
            bail!(
                "docker create failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }

    let mut builder = RegistryBuilder::default();
    warden_tool_docker::register(&mut builder, &warden_tool_docker::DockerConfig::default());
    let registry = builder.build()?;
    let tool = registry.get("docker_ps").context("docker_ps")?;
    let context = ToolContext::user("bench", [Scope::Admin]);
    let args = json!({"all": true, "label": label, "limit": 1000});
    let first = tool
        .call(args.clone(), &context)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if first.data["total"] != json!(100) {
        bail!(
            "docker_ps saw {} containers, expected 100",
            first.data["total"]
        );
    }
    let (mut tool_times, mut cli_times) = (Vec::new(), Vec::new());
    // Interleaved, so both see the same machine conditions.
    for _ in 0..RUNS {
        let started = Instant::now();
        tool.call(args.clone(), &context)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        tool_times.push(started.elapsed());
        cli_times.push(time_command(
            "docker",
            &[
                "ps",
                "-a",
                "--filter",
                &format!("label={label}"),
                "--format",
                "{{.Names}} {{.State}} {{.Status}} {{.Image}}",
            ],
        )?);
    }
    let _ = Command::new("sh")
        .args([
            "-c",
            &format!("docker ps -aq --filter label={label} | xargs -r docker rm -f"),
        ])
        .output();
    let (tool_median, cli_median) = (median(tool_times), median(cli_times));
    Ok(format!(
        "### docker_ps with 100 containers (median of {RUNS}, interleaved)\n\n| | median ms |\n|---|---|\n| `docker_ps` tool (Engine API, warm client) | {} |\n| `docker ps -a --filter label=...` CLI | {} |\n\nTool / CLI time ratio: {:.2}\n\n",
        ms(tool_median),
        ms(cli_median),
        tool_median.as_secs_f64() / cli_median.as_secs_f64().max(1e-9)
    ))
}

/// `file_search` over 100 files of 1,000 lines, next to `grep -rn`.
pub async fn file_search() -> Result<String> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("tree");
    for f in 0..100 {
        let sub = root.join(format!("dir{:02}", f % 10));
        std::fs::create_dir_all(&sub)?;
        let mut text = String::with_capacity(60_000);
        for line in 0..1000 {
            // One line in a thousand carries the needle: 100 matches in all, under the limit,
            // so every line is read.
            let needle = if line == 500 {
                " ERROR disk quota exceeded"
            } else {
                ""
            };
            text.push_str(&format!(
                "{f:03}:{line:04} request served in {} ms by worker {}{needle}\n",
                line % 97,
                line % 13
            ));
        }
        std::fs::write(sub.join(format!("app{f:03}.log")), text)?;
    }
    let mut builder = RegistryBuilder::default();
    warden_tool_files::register(
        &mut builder,
        &warden_tool_files::FilesConfig::new(vec![root.clone()], Vec::new()),
    );
    let registry = builder.build()?;
    let tool = registry.get("file_search").context("file_search")?;
    let context = ToolContext::user("bench", [Scope::Admin]);
    let args =
        json!({"path": root.display().to_string(), "query": "ERROR disk quota", "limit": 500});
    let first = tool
        .call(args.clone(), &context)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let found = first.data["matches"].as_array().map_or(0, Vec::len);
    if found != 100 {
        bail!("file_search found {found} lines, expected 100");
    }
    let (mut tool_times, mut grep_times) = (Vec::new(), Vec::new());
    let root_text = root.display().to_string();
    for _ in 0..RUNS {
        let started = Instant::now();
        tool.call(args.clone(), &context)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        tool_times.push(started.elapsed());
        grep_times.push(time_command(
            "grep",
            &["-rn", "ERROR disk quota", &root_text],
        )?);
    }
    let (tool_median, grep_median) = (median(tool_times), median(grep_times));
    Ok(format!(
        "### file_search over 100,000 lines in 100 files (median of {RUNS}, interleaved)\n\n| | median ms |\n|---|---|\n| `file_search` tool (regex, 100 matches) | {} |\n| `grep -rn` | {} |\n\nTool / grep time ratio: {:.2}\n\n",
        ms(tool_median),
        ms(grep_median),
        tool_median.as_secs_f64() / grep_median.as_secs_f64().max(1e-9)
    ))
}
