//! Opt-in runbooks for hogs: a real process over a CPU threshold for two sweeps in a row is a
//! finding whose `process_kill` waits for a human; an Ollama model left loaded past its
//! keep-alive is unloaded through the guard.

use std::process::{Child, Command, Stdio};

use super::{incident_until, monitored, timeline, uuid_like};
use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::json;
use warden_test_support::ScriptedLlm;

/// A busy process with a name of its own (a copy of `yes` writing to /dev/null), killed and its
/// copy removed when the test ends.
struct Busy {
    child: Child,
    name: String,
    dir: tempfile::TempDir,
}

impl Busy {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        // A process name is at most 15 characters.
        let name = format!("wbusy{}", &uuid_like()[..8]);
        let path = dir.path().join(&name);
        std::fs::copy("/usr/bin/yes", &path).unwrap();
        let child = Command::new(&path).stdout(Stdio::null()).spawn().unwrap();
        Self { child, name, dir }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = &self.dir;
    }
}

#[tokio::test]
async fn a_runaway_process_is_found_after_two_sweeps_and_its_kill_waits_for_a_human() {
    let busy = Busy::start();
    let name = busy.name.clone();
    let (server, admin, _) = monitored(move |c| {
        c.monitor.enabled = false;
        c.monitor.runaway_cpu_percent = Some(5.0);
        c.monitor.runaway_sweeps = 2;
        c.monitor.runaway_names = vec![name];
    })
    .await;
    let pid = busy.child.id();
    let fingerprint = format!("process_runaway:{}[{pid}]", busy.name);
    let (_, first) = server.post_empty("/api/v1/monitor/run", &admin).await;
    assert!(
        !first["findings"].to_string().contains(&fingerprint),
        "one sweep is not enough: {first}"
    );
    let (status, second) = server.post_empty("/api/v1/monitor/run", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        second["findings"].to_string().contains(&fingerprint),
        "{second}"
    );
    let waiting = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("awaiting_approval")
    })
    .await;
    let approval = waiting["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == json!("approval"))
        .unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, pending) = server
        .get(&format!("/api/v1/approvals/{approval}"), &admin)
        .await;
    assert_eq!(
        (
            pending["tool"].clone(),
            pending["arguments"].clone(),
            pending["risk"].clone(),
            pending["requested_by"].clone()
        ),
        (
            json!("process_kill"),
            json!({"pid": pid}),
            json!("high"),
            json!("monitor")
        )
    );
    // Nothing was killed without the human.
    assert!(std::path::Path::new(&format!("/proc/{pid}")).exists());
    let (status, _) = server
        .post(
            &format!("/api/v1/approvals/{approval}/approve"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // The guard runs the approved kill; the sweeps that follow verify it and resolve.
    let mut busy = busy;
    for _ in 0..100 {
        if busy.child.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        busy.child.try_wait().unwrap().is_some(),
        "the approved kill ran"
    );
    let resolved = {
        let mut detail = serde_json::Value::Null;
        for _ in 0..20 {
            server.post_empty("/api/v1/monitor/run", &admin).await;
            detail = incident_until(&server, &admin, &fingerprint, |_| true).await;
            if detail["incident"]["state"] == json!("resolved") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        detail
    };
    assert_eq!(
        resolved["incident"]["state"],
        json!("resolved"),
        "{resolved}"
    );
    assert_eq!(
        timeline(&resolved).last().map(String::as_str),
        Some("outcome")
    );
}

#[tokio::test]
async fn an_ollama_model_left_loaded_past_its_keep_alive_is_unloaded() {
    let ollama = ScriptedLlm::start().await;
    ollama.load_model(json!({
        "name": "llama3:8b", "model": "llama3:8b", "size": 6_654_289_920u64,
        "digest": "365c0bd3c000", "details": {"format": "gguf", "family": "llama"},
        "expires_at": "2024-06-04T14:38:31.83753-07:00", "size_vram": 6_654_289_920u64
    }));
    ollama.load_model(json!({
        "name": "qwen2.5:7b", "model": "qwen2.5:7b", "size": 5_000_000_000u64,
        "expires_at": "2318-01-01T00:00:00Z", "size_vram": 5_000_000_000u64
    }));
    let url = ollama.base_url.clone();
    let (server, admin, _) = monitored(move |c| {
        c.monitor.ollama_unload_stuck = true;
        c.tools.ollama_url = Some(url);
    })
    .await;
    server.post_empty("/api/v1/monitor/run", &admin).await;
    let resolved = incident_until(&server, &admin, "ollama_stuck:llama3:8b", |d| {
        d["incident"]["state"] == json!("resolved")
    })
    .await;
    let details: Vec<String> = resolved["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["kind"].as_str().unwrap(),
                e["detail"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        details[1].starts_with("action: ollama_unload {\"model\":\"llama3:8b\"}: done"),
        "{details:#?}"
    );
    let unloads: Vec<serde_json::Value> = ollama
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/generate")
        .map(|r| r.body)
        .collect();
    assert_eq!(
        unloads,
        vec![json!({"model": "llama3:8b", "keep_alive": 0})]
    );
    // The model Ollama keeps on purpose is left alone.
    let (_, list) = server.get("/api/v1/incidents?limit=500", &admin).await;
    assert!(
        !list.to_string().contains("ollama_stuck:qwen2.5:7b"),
        "{list}"
    );
}
