//! Memory over rounds of load: what the release binary holds after rounds of 300 WebSocket
//! sessions and 50 concurrent chats, once idle again, and what holds it.
//!
//! Each round opens 300 WebSocket sessions at once (each pings and waits for its pong), closes
//! them, then runs 50 chats at once (two tool steps and an answer each, scripted model over
//! loopback); RSS (`VmRSS`) is read at the round's peak and after it settles. The same rounds run
//! against servers that differ in one thing each: the backend (SQLite, whose page caches live in
//! Warden's process, or PostgreSQL, whose do not) and glibc's allocator settings
//! (`MALLOC_ARENA_MAX`, a fixed `MALLOC_MMAP_THRESHOLD_`), which separates memory Warden still
//! uses from memory the allocator keeps after Warden freed it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use warden_test_llm::ScriptedLlm;

use crate::foundation::{rss_kib, spawn_with};

const ROUNDS: usize = 5;
const SOCKETS: usize = 300;
const CHATS: usize = 50;
/// How long a round's aftermath is given to settle before RSS is read.
const SETTLE: Duration = Duration::from_secs(2);

/// One server setting to compare.
struct Variant {
    label: &'static str,
    postgres: bool,
    env: &'static [(&'static str, &'static str)],
}

const VARIANTS: &[Variant] = &[
    Variant {
        label: "SQLite, glibc defaults",
        postgres: false,
        env: &[],
    },
    Variant {
        label: "SQLite, `MALLOC_MMAP_THRESHOLD_=131072`",
        postgres: false,
        env: &[("MALLOC_MMAP_THRESHOLD_", "131072")],
    },
    Variant {
        label: "SQLite, `MALLOC_MMAP_THRESHOLD_=131072 MALLOC_ARENA_MAX=2`",
        postgres: false,
        env: &[
            ("MALLOC_MMAP_THRESHOLD_", "131072"),
            ("MALLOC_ARENA_MAX", "2"),
        ],
    },
    Variant {
        label: "PostgreSQL, glibc defaults",
        postgres: true,
        env: &[],
    },
    Variant {
        label: "PostgreSQL, `MALLOC_MMAP_THRESHOLD_=131072`",
        postgres: true,
        env: &[("MALLOC_MMAP_THRESHOLD_", "131072")],
    },
];

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

/// Opens `SOCKETS` sessions at once, pings each, then closes them all.
async fn sockets(url: &str, token: &str) -> Result<()> {
    let mut open = tokio::task::JoinSet::new();
    for _ in 0..SOCKETS {
        let (url, token) = (url.to_owned(), token.to_owned());
        open.spawn(async move {
            let mut request = url.into_client_request()?;
            request
                .headers_mut()
                .insert("authorization", format!("Bearer {token}").parse()?);
            let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
            socket
                .send(Message::Text(json!({"type": "ping"}).to_string().into()))
                .await?;
            while let Some(frame) = socket.next().await {
                if let Message::Text(text) = frame? {
                    let reply: Value = serde_json::from_str(text.as_str())?;
                    if reply["type"] == "pong" {
                        return Ok::<_, anyhow::Error>(socket);
                    }
                }
            }
            bail!("closed before the pong")
        });
    }
    let mut held = Vec::with_capacity(SOCKETS);
    while let Some(socket) = open.join_next().await {
        held.push(socket??);
    }
    for mut socket in held {
        let _ = socket.close(None).await;
    }
    Ok(())
}

/// Runs `CHATS` chats at once over JSON; each must complete.
async fn chats(base: &str, token: &str) -> Result<()> {
    let client = warden_http::client();
    let mut runs = tokio::task::JoinSet::new();
    for n in 0..CHATS {
        let (client, url, token) = (
            client.clone(),
            format!("{base}/api/v1/chat"),
            token.to_owned(),
        );
        runs.spawn(async move {
            let reply: Value = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"message": format!("check the files {n}")}))
                .send()
                .await?
                .json()
                .await?;
            if reply["status"] != "complete" {
                bail!("a chat ended {}", reply["status"]);
            }
            Ok::<_, anyhow::Error>(())
        });
    }
    while let Some(run) = runs.join_next().await {
        run??;
    }
    Ok(())
}

/// RSS after each round: (peak during it, settled after it), in KiB; and idle before any.
async fn rounds(variant: &Variant, llm: &ScriptedLlm) -> Result<(u64, Vec<(u64, u64)>)> {
    let root = tempfile::tempdir()?;
    for f in 0..3 {
        std::fs::write(root.path().join(format!("f{f}.txt")), "x")?;
    }
    let roots = root.path().display().to_string();
    let database = if variant.postgres {
        Some(
            std::env::var("WARDEN_TEST_POSTGRES_URL")
                .context("WARDEN_TEST_POSTGRES_URL (run through `make bench`)")?,
        )
    } else {
        None
    };
    let mut env: Vec<(&str, &str)> = vec![
        ("WARDEN_LLM_URL", llm.base_url.as_str()),
        ("WARDEN_LLM_MODEL", "bench"),
        ("WARDEN_FILE_ROOTS", &roots),
    ];
    if let Some(url) = &database {
        env.push(("WARDEN_DATABASE_URL", url));
    }
    env.extend_from_slice(variant.env);
    let server = spawn_with(&root.path().join("data"), &env).await?;
    let client = warden_http::client();
    let login: Value = client
        .post(format!("{}/api/v1/auth/login", server.base))
        .json(&json!({"username": "admin", "password": crate::foundation::ADMIN_PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"].as_str().context("token")?.to_owned();
    tokio::time::sleep(SETTLE).await;
    let idle = rss_kib(server.pid())?;
    let url = format!("{}/ws/chat", server.base.replace("http://", "ws://"));
    let mut after = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        // The highest RSS seen every 50 ms while the round runs.
        let (pid, stop) = (server.pid(), std::sync::Arc::new(AtomicBool::new(false)));
        let sampler = tokio::spawn({
            let stop = stop.clone();
            async move {
                let mut peak = 0;
                while !stop.load(Ordering::Relaxed) {
                    peak = rss_kib(pid).unwrap_or(0).max(peak);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                peak
            }
        });
        sockets(&url, &token).await?;
        chats(&server.base, &token).await?;
        stop.store(true, Ordering::Relaxed);
        let peak = sampler.await?.max(rss_kib(pid)?);
        tokio::time::sleep(SETTLE).await;
        after.push((peak, rss_kib(pid)?));
    }
    Ok((idle, after))
}

/// The memory section of the report.
pub async fn rounds_of_load() -> Result<String> {
    let llm = ScriptedLlm::start().await;
    crate::engine::stepping_model(&llm, 2);
    let mut out = format!(
        "### RSS over {ROUNDS} rounds of {SOCKETS} WebSocket sessions and {CHATS} concurrent chats (release binary)\n\nMiB; each cell: the round's peak / {} s after it.\n\n| server | idle |{}\n|---|---|{}\n",
        SETTLE.as_secs(),
        (1..=ROUNDS)
            .map(|r| format!(" round {r} |"))
            .collect::<String>(),
        "---|".repeat(ROUNDS)
    );
    for variant in VARIANTS {
        if variant.postgres && std::env::var("WARDEN_TEST_POSTGRES_URL").is_err() {
            out += &format!(
                "| {} | skipped: WARDEN_TEST_POSTGRES_URL is not set |\n",
                variant.label
            );
            continue;
        }
        let (idle, after) = rounds(variant, &llm).await?;
        out += &format!(
            "| {} | {} |{}\n",
            variant.label,
            mib(idle),
            after
                .iter()
                .map(|(peak, settled)| format!(" {} / {} |", mib(*peak), mib(*settled)))
                .collect::<String>()
        );
    }
    Ok(out + "\n")
}
