//! Two real `warden agent` processes behind a real `nats-server -js` with per-agent NKEY users:
//! agents listed with their facts, a call runs on the named agent only and is judged again by
//! its own policy, work queued while an agent was killed runs once when it is back, silence opens
//! `host_unreachable`, and no agent listens on any port.

use std::time::Duration;

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_fleet::testing::{NatsServer, ServerAuth, nkey_user};
use warden_fleet::{AgentName, CallErrorCode, CallId, CallRequest, Hub, HubSettings};

use super::{count, eventually, hub, listening_sockets_of};

#[tokio::test]
async fn two_agents_behind_nats_through_the_hub() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    let (hub_key, hub_seed) = nkey_user(&keys, "hub").unwrap();
    let (alpha_key, alpha_seed) = nkey_user(&keys, "alpha").unwrap();
    let (beta_key, beta_seed) = nkey_user(&keys, "beta").unwrap();
    let alpha_name = AgentName::parse("alpha").unwrap();
    let beta_name = AgentName::parse("beta").unwrap();
    let nats = NatsServer::start_with(&ServerAuth {
        hub_nkey: Some(hub_key),
        agents: vec![
            (alpha_name.clone(), alpha_key),
            (beta_name.clone(), beta_key),
        ],
        tls: None,
    })
    .expect("nats-server (apt-get install nats-server)");
    let fleet = hub(dir, nats, hub_seed).await;

    // Alpha's own policy forbids disk_usage, which the hub's allows.
    let policies = fleet.dir.path().join("alpha-policies");
    std::fs::create_dir(&policies).unwrap();
    std::fs::write(
        policies.join("local.toml"),
        "version = 1\n\n[tools]\ndisk_usage = \"forbidden\"\n",
    )
    .unwrap();
    let alpha_config = fleet.dir.path().join("alpha.toml");
    std::fs::write(
        &alpha_config,
        format!("[guard]\npolicy_dir = \"{}\"\n", policies.display()),
    )
    .unwrap();
    let alpha = fleet.agent("alpha", &alpha_seed, Some(&alpha_config));
    let mut beta = fleet.agent("beta", &beta_seed, None);

    // Both listed, online, with this machine's facts.
    let hosts = eventually(
        "both agents online with facts",
        Duration::from_secs(60),
        || async {
            let body = fleet.get("/api/v1/hosts").await;
            let hosts = body["hosts"].as_array()?.clone();
            (hosts.len() == 2
                && hosts.iter().all(|h| {
                    h["state"] == "online" && h["facts"].is_object() && h["readings"].is_object()
                }))
            .then_some(hosts)
        },
    )
    .await;
    let names: Vec<&str> = hosts.iter().map(|h| h["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["alpha", "beta"]);
    // Each says at start what configuration and policy it applies.
    let logged =
        |log: &str, parts: &[&str]| log.lines().any(|l| parts.iter().all(|p| l.contains(p)));
    let alpha_file = format!(
        "config_file={}",
        std::fs::canonicalize(&alpha_config).unwrap().display()
    );
    let alpha_dir = format!("policy_dir={}", policies.display());
    let alpha_log = alpha.log();
    assert!(
        logged(&alpha_log, &["agent configuration file", &alpha_file])
            && logged(
                &alpha_log,
                &[
                    "agent policy: the shipped one, then these files",
                    &alpha_dir,
                    "policy_files=local.toml"
                ]
            ),
        "{alpha_log}"
    );
    let beta_log = beta.log();
    assert!(
        logged(
            &beta_log,
            &["no configuration file (neither --config, WARDEN_CONFIG nor ./warden.toml)"]
        ) && logged(
            &beta_log,
            &["no guard.policy_dir: this agent applies the shipped policy only"]
        ),
        "{beta_log}"
    );
    let local = warden_fleet::facts::read_facts();
    assert_eq!(hosts[0]["facts"]["cores"], json!(local.cores));
    assert_eq!(hosts[0]["facts"]["memory_bytes"], json!(local.memory_bytes));
    assert_eq!(hosts[0]["facts"]["hostname"], json!(local.hostname));
    // The listing is the protocol's typed `Host`, the same keys as the agent's registration.
    let typed: warden_protocol::fleet::Host = serde_json::from_value(hosts[0].clone()).unwrap();
    let facts = typed.facts.unwrap();
    assert_eq!(
        (facts.os, facts.kernel, facts.gpus, facts.docker),
        (local.os, local.kernel, local.gpus, local.docker)
    );
    assert!(hosts[1]["last_seen_at"].as_i64().is_some());

    // No agent listens on any port (the hub does: the check sees listening processes).
    let (hub_sockets, _) = listening_sockets_of(fleet.hub_proc.pid());
    assert_eq!(
        hub_sockets.len(),
        1,
        "the hub's own socket is visible to ss"
    );
    for agent in [&alpha, &beta] {
        let (sockets, all) = listening_sockets_of(agent.pid());
        assert_eq!(sockets, Vec::<String>::new(), "ss -ltnp:\n{all}");
    }

    // A call runs on the named agent only.
    let (status, body) = fleet.invoke("system_info", json!({"host": "alpha"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["ok"].clone(), body["route"].clone()),
        (json!(true), json!("run"))
    );
    assert_eq!(body["data"]["hostname"], json!(local.hostname));
    assert_eq!(count(&alpha.log(), "call from the hub"), 1);
    assert_eq!(count(&beta.log(), "call from the hub"), 0);

    // The hub allows disk_usage; alpha's own policy refuses it, beta runs it.
    let (status, body) = fleet.invoke("disk_usage", json!({"host": "alpha"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["ok"], json!(false));
    assert_eq!(body["error_code"], json!("refused"));
    let output = body["output"].as_str().unwrap();
    assert!(
        output.contains("on alpha: refused by this host's policy"),
        "{output}"
    );
    let (_, body) = fleet.invoke("disk_usage", json!({"host": "beta"})).await;
    assert_eq!(body["ok"], json!(true), "{body}");

    // A host the fleet does not know is refused by the hub, never run here.
    let (status, body) = fleet.invoke("system_info", json!({"host": "ghost"})).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], json!("refused"));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no fleet agent named 'ghost'"),
        "{body}"
    );

    // Forged straight onto alpha's subject, past the hub's guard: alpha's policy still refuses.
    let mut settings = HubSettings::new(fleet.nats.url());
    settings.connect.creds_file = Some(fleet.hub_seed.clone());
    let direct = Hub::connect(settings).await.unwrap();
    let forged = CallRequest {
        v: warden_fleet::messages::VERSION,
        call_id: CallId::generate(),
        host: alpha_name.clone(),
        tool: "disk_usage".to_owned(),
        arguments: json!({}),
        requested_by: "nobody".to_owned(),
        sent_at: warden_fleet::ledger::now(),
        expires_at: warden_fleet::ledger::now() + 600,
    };
    direct.send(&forged).await.unwrap();
    let result = direct
        .await_result(&alpha_name, &forged.call_id, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(
        (result.ok, result.error_code),
        (false, Some(CallErrorCode::Refused))
    );
    assert!(result.output.contains("disk_usage"), "{}", result.output);

    // A high call for alpha waits for a human at the hub, bound to its host; approved, it is
    // sent to alpha, whose own policy would hold it too and so refuses it.
    let (status, approval) = fleet
        .invoke(
            "docker_restart",
            json!({"container": "web", "host": "alpha"}),
        )
        .await;
    assert_eq!(status, 202, "{approval}");
    assert_eq!(
        approval["arguments"],
        json!({"container": "web", "host": "alpha"})
    );
    let id = approval["id"].as_str().unwrap().to_owned();
    let response = fleet
        .http
        .post(format!("{}/api/v1/approvals/{id}/approve", fleet.base))
        .bearer_auth(&fleet.token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let outcome = eventually(
        "the approved call's outcome",
        Duration::from_secs(60),
        || async {
            let body = fleet.get(&format!("/api/v1/approvals/{id}")).await;
            body["outcome"].is_object().then(|| body["outcome"].clone())
        },
    )
    .await;
    assert_eq!(outcome["ok"], json!(false), "{outcome}");
    assert_eq!(outcome["error_code"], json!("refused"), "{outcome}");
    let output = outcome["output"].as_str().unwrap();
    assert!(
        output.contains("on alpha: this host's policy holds docker_restart for a human's approval"),
        "{output}"
    );
    assert_eq!(count(&alpha.log(), "tool=docker_restart requested_by"), 1);

    // Beta killed: offline, and the monitor opens host_unreachable for it.
    beta.kill();
    eventually("beta offline", Duration::from_secs(30), || async {
        let body = fleet.get("/api/v1/hosts").await;
        (body["hosts"][1]["state"] == "offline").then_some(())
    })
    .await;
    let sweep: Value = fleet
        .http
        .post(format!("{}/api/v1/monitor/run", fleet.base))
        .bearer_auth(&fleet.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let finding = sweep["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fingerprint"] == "host_unreachable:beta")
        .unwrap_or_else(|| panic!("no host_unreachable:beta in {sweep}"))
        .clone();
    assert_eq!(finding["severity"], json!("critical"));
    // Alpha's own readings are in the sweep, judged like an SSH host's.
    let remote = sweep["readings"]["remote"].as_array().unwrap();
    let alpha_reading = remote.iter().find(|r| r["host"] == "alpha").unwrap();
    assert_eq!(alpha_reading["reachable"], json!(true), "{sweep}");
    assert!(
        alpha_reading["memory_used_percent"].as_f64().is_some(),
        "{sweep}"
    );
    assert!(
        !alpha_reading["disks"].as_array().unwrap().is_empty(),
        "{sweep}"
    );
    let beta_reading = remote.iter().find(|r| r["host"] == "beta").unwrap();
    assert_eq!(beta_reading["reachable"], json!(false), "{sweep}");
    assert!(
        beta_reading["error"]
            .as_str()
            .unwrap()
            .starts_with("no heartbeat from the agent for"),
        "{sweep}"
    );
    assert!(
        !sweep["findings"]
            .to_string()
            .contains("host_unreachable:alpha"),
        "{sweep}"
    );

    // Work sent while beta is away waits for it, and runs once when it is back.
    let queued = {
        let http = fleet.http.clone();
        let url = format!("{}/api/v1/tools/system_info/invoke", fleet.base);
        let token = fleet.token.clone();
        tokio::spawn(async move {
            let response = http
                .post(url)
                .bearer_auth(token)
                .json(&json!({"args": {"host": "beta"}}))
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        })
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(!queued.is_finished(), "the call did not wait for beta");
    let beta_again = fleet.agent("beta", &beta_seed, None);
    let (status, body) = tokio::time::timeout(Duration::from_secs(60), queued)
        .await
        .expect("the queued call completes once beta is back")
        .unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["ok"], json!(true), "{body}");
    // The log file is shared by both runs of beta: disk_usage before, system_info after.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let log = beta_again.log();
    assert_eq!(count(&log, "tool=system_info requested_by"), 1, "{log}");
    assert_eq!(count(&log, "tool=disk_usage requested_by"), 1, "{log}");
    drop(alpha);
}
