//! Integration benchmarks, against the release `warden serve`:
//! - the same low-risk call (`system_info`) through `POST /api/v1/tools/{name}/invoke` and through
//!   `POST /mcp` (`tools/call`, stateless JSON), side by side: what MCP adds to a guarded call;
//! - a high-risk call held for approval, with and without a notification channel that never
//!   answers: the notifier must not hold up the guard;
//! - `GET /metrics` after that load (the scrape reads the database for approvals and incidents).

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::foundation::{ADMIN_PASSWORD, median, ms, spawn_with};

const CALLS: usize = 300;

/// A TCP listener that accepts and never answers: every delivery to it waits out its timeout.
async fn black_hole() -> Result<(String, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hook", listener.local_addr()?);
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    Ok((url, task))
}

async fn token(client: &reqwest::Client, base: &str) -> Result<String> {
    let body: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .context("login")
}

async fn timed(request: reqwest::RequestBuilder, expect: u16) -> Result<Duration> {
    let started = Instant::now();
    let response = request.send().await?;
    let status = response.status().as_u16();
    let body = response.bytes().await?;
    if status != expect {
        bail!(
            "expected {expect}, got {status}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    Ok(started.elapsed())
}

pub async fn report() -> Result<String> {
    let client = warden_http::client();
    let data = tempfile::tempdir()?;
    let plain = spawn_with(&data.path().join("plain"), &[]).await?;
    let (hole, hole_task) = black_hole().await?;
    let notified = spawn_with(
        &data.path().join("notified"),
        &[("WARDEN_APPROVAL_WEBHOOK", hole.as_str())],
    )
    .await?;
    let plain_token = token(&client, &plain.base).await?;
    let notified_token = token(&client, &notified.base).await?;

    let (mut rest, mut mcp) = (Vec::new(), Vec::new());
    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                      "params": {"name": "system_info", "arguments": {}}});
    for _ in 0..CALLS {
        rest.push(
            timed(
                client
                    .post(format!("{}/api/v1/tools/system_info/invoke", plain.base))
                    .bearer_auth(&plain_token)
                    .json(&json!({"args": {}})),
                200,
            )
            .await?,
        );
        mcp.push(
            timed(
                client
                    .post(format!("{}/mcp", plain.base))
                    .bearer_auth(&plain_token)
                    .header("accept", "application/json, text/event-stream")
                    .json(&call),
                200,
            )
            .await?,
        );
    }
    let (mut quiet, mut noisy) = (Vec::new(), Vec::new());
    let held = |base: &str, token: &str, n: usize| {
        client
            .post(format!("{base}/api/v1/tools/docker_restart/invoke"))
            .bearer_auth(token)
            .json(&json!({"args": {"container": format!("bench-{n}")}}))
    };
    for n in 0..CALLS {
        quiet.push(timed(held(&plain.base, &plain_token, n), 202).await?);
        noisy.push(timed(held(&notified.base, &notified_token, n), 202).await?);
    }
    let mut scrapes = Vec::new();
    for _ in 0..50 {
        scrapes.push(timed(client.get(format!("{}/metrics", notified.base)), 200).await?);
    }
    let dropped = client
        .get(format!("{}/metrics", notified.base))
        .send()
        .await?
        .text()
        .await?
        .lines()
        .filter(|l| {
            l.starts_with("warden_notifications_total") && l.contains("outcome=\"dropped\"")
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum::<f64>();
    hole_task.abort();
    Ok(format!(
        "Sequential calls over loopback, {CALLS} each, interleaved (median):\n\n\
         | call | median |\n| --- | --- |\n\
         | `system_info` through `POST /api/v1/tools/system_info/invoke` | {} ms |\n\
         | `system_info` through `POST /mcp` `tools/call` | {} ms |\n\
         | `docker_restart` held for approval (202), no notification channel | {} ms |\n\
         | `docker_restart` held for approval (202), a JSON channel that never answers | {} ms |\n\
         | `GET /metrics` after that load ({} scrapes) | {} ms |\n\n\
         Notifications dropped because the unanswering channel's queue filled: {dropped}.\n",
        ms(median(rest)),
        ms(median(mcp)),
        ms(median(quiet)),
        ms(median(noisy)),
        scrapes.len(),
        ms(median(scrapes)),
    ))
}
