//! `frontend/tests/hosts.mjs`: the hosts page at both widths. A real `nats-server -js`, the hub
//! (Warden with `fleet.nats_url`) and one agent on the real path: `warden agent`'s loop with its
//! own guard and store (in this process), registering, beating and reading every second. One
//! call was sent to it through the hub's guard before the browser looks.

use std::sync::Arc;
use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use serde_json::json;
use tokio_util::sync::CancellationToken;
use warden_fleet::AgentName;
use warden_fleet::agent::AgentSettings;
use warden_fleet::testing::NatsServer;
use warden_server::config::Config;
use warden_test_support::TestServer;

use super::{Width, browse};

/// Starts agent `name` against `url` with its own data directory under `dir`; it stops when
/// `stop` is cancelled.
async fn agent(name: &str, url: String, dir: &std::path::Path, stop: CancellationToken) {
    let data = dir.join(format!("agent-{name}"));
    std::fs::create_dir_all(&data).unwrap();
    let config = Config::with_data_dir(data.clone());
    let store = warden_server::server::open_store(&config).await.unwrap();
    let tools = warden_server::tools::build_registry(&config, &store).unwrap();
    let (guard, _, _) = warden_server::guard::build(&config, store, tools)
        .await
        .unwrap();
    let mut settings = AgentSettings::new(AgentName::parse(name).unwrap(), url, data);
    settings.heartbeat_interval = Duration::from_secs(1);
    settings.readings_interval = Duration::from_secs(1);
    let runner = Arc::new(warden_server::fleet::GuardRunner::new(guard));
    tokio::spawn(async move {
        let _ = warden_fleet::agent::run(settings, runner, stop.cancelled_owned()).await;
    });
}

async fn hosts_at(width: Width) {
    let nats = NatsServer::start().expect("nats-server (apt-get install nats-server)");
    let url = nats.url();
    let server = TestServer::builder()
        .configure(move |c| {
            c.monitor.enabled = false;
            c.fleet.nats_url = Some(url);
        })
        .start()
        .await;
    let name = format!("web-{}", width.name());
    let stop = CancellationToken::new();
    let _stopping = stop.clone().drop_guard();
    agent(&name, nats.url(), server.root_dir(), stop).await;
    let admin = server.admin_token().await;

    // Registered and reading; then one call through the hub's guard to the agent.
    let started = Instant::now();
    loop {
        let (_, body) = server.get("/api/v1/hosts", &admin).await;
        if body["hosts"][0]["state"] == "online" && body["hosts"][0]["readings"].is_object() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the agent never came online: {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, body) = server
        .post(
            "/api/v1/tools/system_info/invoke",
            &admin,
            json!({"args": {"host": name}}),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["ok"].clone()),
        (200, json!(true)),
        "{body}"
    );

    let report = browse(
        "tests/hosts.mjs",
        &server.base,
        width,
        vec![("AGENT_NAME", name.clone())],
        |_| {},
    )
    .await;
    let seen = &report["seen"];
    let local = warden_fleet::facts::read_facts();
    assert_eq!(seen["summary"], json!("1 online of 1"), "{report}");
    assert_eq!(seen["state"], json!("online"), "{report}");
    assert_eq!(seen["cores"], json!(local.cores.to_string()), "{report}");
    let memory = seen["memory"].as_str().unwrap();
    assert!(
        memory.ends_with(" GiB") || memory.ends_with(" MiB"),
        "{report}"
    );
    assert!(
        seen["lastSeen"].as_str().unwrap().ends_with(" s ago"),
        "{report}"
    );
    seen["load"].as_str().unwrap().parse::<f64>().unwrap();
    assert!(
        seen["memoryUsed"].as_str().unwrap().ends_with('%'),
        "{report}"
    );
    assert!(seen["fullest"].as_str().unwrap().ends_with('%'), "{report}");
    assert!(seen["disks"].as_u64().unwrap() >= 1, "{report}");
    assert_eq!(
        (
            seen["calls"].clone(),
            seen["callTool"].clone(),
            seen["callBy"].clone(),
            seen["callState"].clone(),
            seen["callResult"].clone(),
            seen["url"].clone()
        ),
        (
            json!(1),
            json!("system_info"),
            json!("user:admin"),
            json!("done"),
            json!("ok"),
            json!(format!("#/hosts/{name}"))
        ),
        "{report}"
    );
}

#[tokio::test]
async fn hosts_at_desktop_width() {
    hosts_at(Width::Desktop).await;
}

#[tokio::test]
async fn hosts_at_phone_width() {
    hosts_at(Width::Phone).await;
}
