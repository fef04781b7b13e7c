//! Fleet benchmark: 200 edge agents, simulated by this process (each with its own NATS
//! connection, heartbeats, readings and durable consumer, answering calls at once), on a real
//! `nats-server -js` on loopback, against the release `warden serve` hub. Measured from outside:
//! the hub's CPU and RSS idle and with the fleet, how long until every agent is listed, the host
//! list's latency, a monitor sweep across the fleet, and one call to every agent at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow, bail};
use futures_util::future::BoxFuture;
use serde_json::{Value, json};
use tokio::sync::watch;
use warden_fleet::agent::{self, AgentSettings};
use warden_fleet::testing::NatsServer;
use warden_fleet::{AgentName, CallRequest, CallRunner, RunOutcome};

use crate::foundation::{ADMIN_PASSWORD, cpu_seconds, median, rss_kib, spawn_with};

fn ms(d: Duration) -> String {
    format!("{} ms", crate::foundation::ms(d))
}

const AGENTS: usize = 200;
const IDLE_WINDOW: Duration = Duration::from_secs(20);
const ROUNDS: usize = 5;

/// Answers every call at once: the benchmark measures the fleet's path, not a tool.
struct Echo;

impl CallRunner for Echo {
    fn run<'a>(&'a self, call: &'a CallRequest) -> BoxFuture<'a, RunOutcome> {
        Box::pin(async move {
            RunOutcome {
                ok: true,
                output: format!("{} on {}", call.tool, call.host),
                data: json!({"host": call.host}),
                truncated: false,
                error_code: None,
            }
        })
    }
}

async fn cpu_percent_over(pid: u32, window: Duration) -> Result<f64> {
    let before = cpu_seconds(pid)?;
    tokio::time::sleep(window).await;
    Ok((cpu_seconds(pid)? - before) / window.as_secs_f64() * 100.0)
}

async fn login(client: &reqwest::Client, base: &str) -> Result<String> {
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
        .ok_or_else(|| anyhow!("login: {body}"))
}

async fn hosts(client: &reqwest::Client, base: &str, token: &str) -> Result<(Value, usize)> {
    let text = client
        .get(format!("{base}/api/v1/hosts"))
        .bearer_auth(token)
        .send()
        .await?
        .text()
        .await?;
    Ok((serde_json::from_str(&text)?, text.len()))
}

fn online(list: &Value) -> usize {
    list["hosts"]
        .as_array()
        .map_or(0, |h| h.iter().filter(|h| h["state"] == "online").count())
}

async fn sweep(client: &reqwest::Client, base: &str, token: &str) -> Result<(Duration, Value)> {
    let started = Instant::now();
    let body: Value = client
        .post(format!("{base}/api/v1/monitor/run"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    Ok((started.elapsed(), body))
}

fn percentile(mut values: Vec<Duration>, p: f64) -> Duration {
    values.sort();
    let index = ((values.len() as f64 - 1.0) * p).round() as usize;
    values.get(index).copied().unwrap_or_default()
}

pub async fn report() -> Result<String> {
    let nats = NatsServer::start().map_err(|e| anyhow!(e))?;
    let dir = tempfile::tempdir()?;
    let url = nats.url();
    let hub = spawn_with(
        &dir.path().join("hub"),
        &[
            ("WARDEN_FLEET_NATS_URL", url.as_str()),
            ("WARDEN_FLEET_CALL_TIMEOUT_SECS", "120"),
            ("WARDEN_MONITOR_INTERVAL", "86400"),
        ],
    )
    .await?;
    let client = warden_http::client_builder()
        .pool_max_idle_per_host(AGENTS)
        .build()?;
    let token = login(&client, &hub.base).await?;
    // The hub connects in the background: wait until it lists (nothing yet) without error.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle_rss = rss_kib(hub.pid())?;
    let idle_cpu = cpu_percent_over(hub.pid(), IDLE_WINDOW).await?;
    let (empty_sweep, _) = sweep(&client, &hub.base, &token).await?;

    let (stop, stopped) = watch::channel(false);
    let mut agents = Vec::with_capacity(AGENTS);
    let started = Instant::now();
    for i in 0..AGENTS {
        let name = AgentName::parse(&format!("agent-{i:03}")).map_err(|e| anyhow!("{e}"))?;
        let settings = AgentSettings::new(name, url.clone(), dir.path().join(format!("a{i}")));
        let mut stopped = stopped.clone();
        agents.push(tokio::spawn(agent::run(
            settings,
            Arc::new(Echo),
            async move {
                let _ = stopped.wait_for(|s| *s).await;
            },
        )));
    }
    loop {
        let (list, _) = hosts(&client, &hub.base, &token).await?;
        if online(&list) == AGENTS
            && list["hosts"]
                .as_array()
                .is_some_and(|h| h.iter().all(|h| h["readings"].is_object()))
        {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            bail!(
                "only {} of {AGENTS} agents online after 120 s",
                online(&list)
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let all_listed = started.elapsed();

    let fleet_cpu = cpu_percent_over(hub.pid(), IDLE_WINDOW).await?;
    let fleet_rss = rss_kib(hub.pid())?;

    let mut list_times = Vec::new();
    let mut list_bytes = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let (_, bytes) = hosts(&client, &hub.base, &token).await?;
        list_times.push(t.elapsed());
        list_bytes = bytes;
    }

    let mut sweeps = Vec::new();
    let mut remote_seen = 0;
    let mut findings = 0;
    for _ in 0..ROUNDS {
        let (took, body) = sweep(&client, &hub.base, &token).await?;
        remote_seen = body["readings"]["remote"].as_array().map_or(0, Vec::len);
        findings = body["findings"].as_array().map_or(0, Vec::len);
        sweeps.push(took);
    }

    // One call to every agent at once, through the hub's guard and NATS, per round.
    let mut rounds = Vec::new();
    let mut per_call = Vec::new();
    for _ in 0..ROUNDS {
        let round = Instant::now();
        let calls = (0..AGENTS).map(|i| {
            let client = client.clone();
            let url = format!("{}/api/v1/tools/system_info/invoke", hub.base);
            let token = token.clone();
            async move {
                let t = Instant::now();
                let body: Value = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"args": {"host": format!("agent-{i:03}")}}))
                    .send()
                    .await?
                    .json()
                    .await?;
                if body["ok"] != json!(true) {
                    bail!("call to agent-{i:03}: {body}");
                }
                Ok::<Duration, anyhow::Error>(t.elapsed())
            }
        });
        for took in futures_util::future::join_all(calls).await {
            per_call.push(took?);
        }
        rounds.push(round.elapsed());
    }
    let after_rss = rss_kib(hub.pid())?;

    let _ = stop.send(true);
    for agent in agents {
        let _ = tokio::time::timeout(Duration::from_secs(10), agent).await;
    }
    drop(hub);

    Ok(format!(
        "### {AGENTS} agents on one NATS server (agents simulated in the bench process)\n\n\
         | | value |\n|---|---|\n\
         | hub RSS, fleet configured, no agent | {} MiB |\n\
         | hub CPU, no agent (20 s window) | {idle_cpu:.1} % of one core |\n\
         | start of {AGENTS} agents to all listed online with readings | {} |\n\
         | hub RSS with {AGENTS} agents (heartbeat every 5 s) | {} MiB |\n\
         | hub CPU with {AGENTS} agents (20 s window) | {fleet_cpu:.1} % of one core |\n\
         | `GET /api/v1/hosts` ({AGENTS} hosts, {list_bytes} bytes), median of 20 | {} |\n\
         | monitor sweep, no agent (`POST /api/v1/monitor/run`) | {} |\n\
         | monitor sweep across {AGENTS} agents ({remote_seen} hosts judged, {findings} findings), median of {ROUNDS} | {} |\n\
         | one `system_info` call to each of {AGENTS} agents at once: all answered, median of {ROUNDS} rounds | {} |\n\
         | per call in those rounds: p50 / p99 | {} / {} |\n\
         | hub RSS after {} calls | {} MiB |\n",
        idle_rss / 1024,
        ms(all_listed),
        fleet_rss / 1024,
        ms(median(list_times)),
        ms(empty_sweep),
        ms(median(sweeps)),
        ms(median(rounds.clone())),
        ms(percentile(per_call.clone(), 0.5)),
        ms(percentile(per_call, 0.99)),
        AGENTS * ROUNDS,
        after_rss / 1024,
    ))
}
