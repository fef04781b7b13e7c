//! Engine benchmarks: what the engine adds per tool step, and many WebSocket sessions at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_util::sync::CancellationToken;
use warden_core::{Engine, EngineEvent, Guard, GuardSettings, Limits, RunInput};
use warden_llm::{CatalogModel, OllamaClient, RequestHint, RetryPolicy, Router, Tier, ToolStyle};
use warden_protocol::Scope;
use warden_test_llm::{Reply, ScriptedLlm};
use warden_tool_api::{RegistryBuilder, ToolContext};

use crate::foundation::ms;

/// Tool results already in the conversation the scripted model sees.
fn tool_results(body: &Value) -> usize {
    body["messages"].as_array().map_or(0, |m| {
        m.iter().filter(|m| m["role"] == json!("tool")).count()
    })
}

/// A model that calls `file_info` until `steps` results are in, then answers.
pub fn stepping_model(llm: &ScriptedLlm, steps: usize) {
    llm.respond_with(Arc::new(move |body: &Value| {
        let done = tool_results(body);
        if done < steps {
            Reply::ToolCalls(vec![(
                "file_info".to_owned(),
                json!({"path": format!("f{}.txt", done % 3)}),
            )])
        } else {
            Reply::Text("done".to_owned())
        }
    }));
    llm.stop_recording();
}

pub fn percentile(sorted: &[Duration], q: f64) -> Duration {
    sorted
        .get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

/// Runs of `STEPS` tool steps against a loopback scripted model; per step: run time less the time
/// inside tools, divided by the steps (the model's loopback round trip is part of it).
pub async fn per_step() -> Result<String> {
    const RUNS: usize = 200;
    const STEPS: usize = 5;
    let llm = ScriptedLlm::start().await;
    stepping_model(&llm, STEPS);
    let dir = tempfile::tempdir()?;
    for f in 0..3 {
        std::fs::write(dir.path().join(format!("f{f}.txt")), "x")?;
    }
    let mut builder = RegistryBuilder::default();
    warden_tool_files::register(
        &mut builder,
        &warden_tool_files::FilesConfig::new(vec![dir.path().to_path_buf()], Vec::new()),
    );
    let model = CatalogModel::new(
        "bench",
        "m",
        Tier::Fast,
        ToolStyle::Native,
        Arc::new(OllamaClient::new(&llm.base_url, Duration::from_secs(30))),
    );
    let engine = Engine::new(
        Arc::new(Router::new(vec![model], RetryPolicy::default())),
        Arc::new(Guard::new(
            builder.build()?,
            warden_store::Store::connect(&format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("bench.db").display()
            ))
            .await?,
            GuardSettings {
                policy: Arc::new(warden_policy::Policy::load(None)?),
                sandbox: None,
                containment: Err("not used here".to_owned()),
                approval_ttl: Duration::from_secs(60),
                webhook_url: None,
            },
        )),
        Limits::default(),
    );
    let mut per_step = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let (tx, mut rx) = mpsc::channel(256);
        let input = RunInput {
            history: Vec::new(),
            message: "look at the files".to_owned(),
            model: None,
            hint: RequestHint::default(),
            context: ToolContext::user("bench", [Scope::Read]),
            host_facts: String::new(),
            memories: warden_core::RecalledMemories::default(),
            token_allowance: None,
        };
        let started = Instant::now();
        let outcome = engine.run(input, tx, CancellationToken::new()).await;
        let elapsed = started.elapsed();
        if outcome.answer.as_deref() != Some("done") {
            bail!("a benchmark run did not complete");
        }
        let mut in_tools = Duration::ZERO;
        while let Ok(event) = rx.try_recv() {
            if let EngineEvent::ToolResult { outcome } = event {
                in_tools += Duration::from_millis(outcome.duration_ms);
            }
        }
        per_step.push(elapsed.saturating_sub(in_tools) / STEPS as u32);
    }
    per_step.sort();
    Ok(format!(
        "### Engine time per tool step ({RUNS} runs of {STEPS} steps, loopback scripted model)\n\n| p50 | p99 | max |\n|---|---|---|\n| {} ms | {} ms | {} ms |\n\nEach step: a model call over loopback HTTP (request built, streamed answer decoded), the call classified by the guard, audited (a hash-chained SQLite row before and after) and run, the result framed and added to the conversation. Time inside the tool itself is subtracted.\n\n",
        ms(percentile(&per_step, 0.5)),
        ms(percentile(&per_step, 0.99)),
        ms(*per_step.last().context("no runs")?)
    ))
}

/// `SESSIONS` WebSocket sessions at once against the release binary, each running a three-step run
/// (two tool calls, then the answer) with a scripted model in this process.
pub async fn websocket_sessions(sessions: usize) -> Result<String> {
    let llm = ScriptedLlm::start().await;
    stepping_model(&llm, 2);
    let root = tempfile::tempdir()?;
    for f in 0..3 {
        std::fs::write(root.path().join(format!("f{f}.txt")), "x")?;
    }
    let server = crate::foundation::spawn_with(
        &root.path().join("data"),
        &[
            ("WARDEN_LLM_URL", llm.base_url.as_str()),
            ("WARDEN_LLM_MODEL", "bench"),
            ("WARDEN_FILE_ROOTS", &root.path().display().to_string()),
        ],
    )
    .await?;
    // Idle RSS is read after a login, as before the round logged in itself.
    login(&server.base).await?;
    let idle_rss = crate::foundation::rss_kib(server.pid())?;
    let round = websocket_round(&server, sessions).await?;
    let mut latencies = round.latencies;
    latencies.sort();
    Ok(format!(
        "### {sessions} concurrent WebSocket sessions, each a three-step run (release binary, SQLite)\n\n| completed | p50 | p99 | wall time | RSS idle | RSS peak |\n|---|---|---|---|---|---|\n| {}/{sessions} ({:.1}%) | {} ms | {} ms | {:.1} s | {:.1} MiB | {:.1} MiB |\n\nEach run: two `file_info` tool steps and an answer, from a scripted model answering over loopback; every event of every run is stored in SQLite as it happens.\n\n{}",
        latencies.len(),
        latencies.len() as f64 * 100.0 / sessions as f64,
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        round.wall.as_secs_f64(),
        idle_rss as f64 / 1024.0,
        round.peak_rss_kib.max(idle_rss) as f64 / 1024.0,
        round
            .failures
            .iter()
            .map(|(reason, n)| format!("- {n} failed: {reason}\n"))
            .collect::<String>()
    ))
}

/// WebSockets the server lets one credential hold open at once (its default
/// `http.max_websockets_per_credential`).
const WEBSOCKETS_PER_LOGIN: usize = 32;

/// The administrator's access token on the server at `base`.
pub async fn login(base: &str) -> Result<String> {
    let login: Value = warden_http::client()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": crate::foundation::ADMIN_PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    Ok(login["access_token"].as_str().context("token")?.to_owned())
}

/// What one round of concurrent WebSocket chats gave.
#[derive(Default)]
pub struct WebSocketRound {
    /// From each chat's message sent to its `complete` event, for the chats that completed.
    pub latencies: Vec<Duration>,
    /// Why the others did not complete, with how many of each.
    pub failures: std::collections::BTreeMap<String, usize>,
    /// From the first connection to the last chat's end.
    pub wall: Duration,
    /// The server's highest RSS seen during the round, KiB.
    pub peak_rss_kib: u64,
}

/// `sessions` WebSocket connections at once to `server`, each sending one chat message and
/// waiting for its run's `complete`.
pub async fn websocket_round(
    server: &crate::foundation::Server,
    sessions: usize,
) -> Result<WebSocketRound> {
    let url = format!("{}/ws/chat", server.base.replace("http://", "ws://"));
    // One login per WEBSOCKETS_PER_LOGIN sockets (the server's default
    // `http.max_websockets_per_credential`), made before the round is timed.
    let mut tokens = Vec::new();
    for _ in 0..sessions.div_ceil(WEBSOCKETS_PER_LOGIN).max(1) {
        tokens.push(login(&server.base).await?);
    }
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for session in 0..sessions {
        let (url, token) = (url.clone(), tokens[session / WEBSOCKETS_PER_LOGIN].clone());
        tasks.spawn(async move {
            tokio::time::timeout(Duration::from_secs(300), one_session(url, token))
                .await
                .unwrap_or_else(|_| Err("no answer in 300 s".to_owned()))
        });
    }
    let mut latencies = Vec::new();
    let mut failures: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut peak_rss_kib = 0;
    while let Some(result) = tasks.join_next().await {
        match result {
            Ok(Ok(latency)) => latencies.push(latency),
            Ok(Err(reason)) => {
                *failures
                    .entry(reason.chars().take(160).collect())
                    .or_default() += 1
            }
            Err(e) => *failures.entry(format!("task: {e}")).or_default() += 1,
        }
        if (latencies.len() + failures.values().sum::<usize>()) % 50 == 0 {
            peak_rss_kib = peak_rss_kib.max(crate::foundation::rss_kib(server.pid()).unwrap_or(0));
        }
    }
    let wall = started.elapsed();
    peak_rss_kib = peak_rss_kib.max(crate::foundation::rss_kib(server.pid()).unwrap_or(0));
    Ok(WebSocketRound {
        latencies,
        failures,
        wall,
        peak_rss_kib,
    })
}

/// One WebSocket chat: connect, send a message, wait for `complete`; the time from the message.
async fn one_session(url: String, token: String) -> Result<Duration, String> {
    let mut request = url
        .into_client_request()
        .map_err(|e| format!("request: {e}"))?;
    let header = format!("Bearer {token}")
        .parse()
        .map_err(|_| "header".to_owned())?;
    request.headers_mut().insert("authorization", header);
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .map_err(|e| {
            if let tokio_tungstenite::tungstenite::Error::Http(response) = &e {
                format!("upgrade refused: {}", response.status())
            } else {
                format!("connect: {e}")
            }
        })?;
    let sent = Instant::now();
    let message = json!({"type": "message", "message": "check the files"}).to_string();
    socket
        .send(Message::Text(message.into()))
        .await
        .map_err(|e| format!("send: {e}"))?;
    while let Some(frame) = socket.next().await {
        let Ok(Message::Text(text)) = frame else {
            continue;
        };
        let event: Value = serde_json::from_str(text.as_str()).map_err(|e| format!("json: {e}"))?;
        match event["type"].as_str() {
            Some("complete") => return Ok(sent.elapsed()),
            Some("error" | "cancelled") => {
                return Err(format!(
                    "ended with {}: {}",
                    event["code"].as_str().unwrap_or("cancelled"),
                    event["message"].as_str().unwrap_or("")
                ));
            }
            _ => {}
        }
    }
    Err("connection closed".to_owned())
}
