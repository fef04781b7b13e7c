//! Agents register with their facts, are listed online, go offline when heartbeats stop, and a
//! call runs on the named agent only.

use std::sync::Arc;
use std::time::Duration;

use pretty_assertions::assert_eq;
use serde_json::json;
use warden_fleet::testing::NatsServer;
use warden_fleet::{AgentName, HostState};

use super::support::{WAIT, agent_settings, eventually, hub, start_agent};

#[tokio::test]
async fn agents_are_listed_with_their_facts_and_go_offline_when_heartbeats_stop() {
    let server = NatsServer::start().expect("nats-server");
    let hub = hub(&server).await;
    let alpha = start_agent(agent_settings(&server, "alpha"), Arc::default());
    let beta = start_agent(agent_settings(&server, "beta"), Arc::default());

    eventually(
        "both agents online with facts and readings",
        WAIT,
        || async {
            let hosts = hub.hosts();
            hosts.len() == 2
                && hosts.iter().all(|h| {
                    h.state == HostState::Online && h.facts.is_some() && h.readings.is_some()
                })
        },
    )
    .await;
    let hosts = hub.hosts();
    let names: Vec<&str> = hosts.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, vec!["alpha", "beta"]);
    let facts = hosts[0].facts.clone().unwrap();
    let local = warden_fleet::facts::read_facts();
    assert_eq!(facts.cores, local.cores);
    assert_eq!(facts.memory_bytes, local.memory_bytes);
    assert_eq!(facts.kernel, local.kernel);
    assert_eq!(facts.hostname, local.hostname);
    assert_eq!(
        hosts[0].agent_version.as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    let readings = hosts[1].readings.clone().unwrap();
    assert_eq!(readings.name.as_str(), "beta");
    assert!(readings.memory_used_percent.is_some());

    // A restarted hub knows the agents at once, from the hosts stream.
    let again = super::support::hub(&server).await;
    eventually("a new hub lists both agents", WAIT, || async {
        again.hosts().len() == 2
    })
    .await;

    beta.stop().await;
    let beta_name = AgentName::parse("beta").unwrap();
    eventually("beta offline after its heartbeats stop", WAIT, || async {
        hub.host(&beta_name)
            .is_some_and(|h| h.state == HostState::Offline)
    })
    .await;
    let alpha_view = hub.host(&AgentName::parse("alpha").unwrap()).unwrap();
    assert_eq!(alpha_view.state, HostState::Online);
    alpha.stop().await;
}

#[tokio::test]
async fn a_call_runs_on_the_named_agent_only() {
    let server = NatsServer::start().expect("nats-server");
    let hub = hub(&server).await;
    let alpha = start_agent(agent_settings(&server, "alpha"), Arc::default());
    let beta = start_agent(agent_settings(&server, "beta"), Arc::default());
    let alpha_name = AgentName::parse("alpha").unwrap();

    let result = hub
        .call(
            &alpha_name,
            "echo",
            json!({"text": "hi"}),
            "user:tester",
            Duration::from_secs(60),
            WAIT,
        )
        .await
        .expect("a result from alpha");
    assert_eq!(result.host, alpha_name);
    assert!(result.ok);
    assert_eq!(result.output, "ran echo");
    assert_eq!(result.data, json!({"arguments": {"text": "hi"}}));
    assert_eq!(result.error_code, None);
    assert_eq!(alpha.recorder.ran(), vec![result.call_id.to_string()]);
    assert_eq!(beta.recorder.ran(), Vec::<String>::new());

    // The agent's own policy refuses what it forbids, whatever the hub decided.
    let refused = hub
        .call(
            &alpha_name,
            "forbidden_tool",
            json!({}),
            "user:tester",
            Duration::from_secs(60),
            WAIT,
        )
        .await
        .expect("a refusal from alpha");
    assert!(!refused.ok);
    assert_eq!(
        refused.error_code,
        Some(warden_fleet::CallErrorCode::Refused)
    );
    assert_eq!(refused.output, "forbidden by the agent's policy");
    assert_eq!(alpha.recorder.ran().len(), 1);

    // No agent: the wait is bounded and says so.
    let ghost = AgentName::parse("ghost").unwrap();
    let err = hub
        .call(
            &ghost,
            "echo",
            json!({}),
            "user:tester",
            Duration::from_secs(60),
            Duration::from_millis(500),
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("timed out: no result from ghost for call"),
        "{err}"
    );
    alpha.stop().await;
    beta.stop().await;
}

#[tokio::test]
async fn the_hub_refuses_malformed_and_impersonating_announcements() {
    let server = NatsServer::start().expect("nats-server");
    let hub = hub(&server).await;
    let client = async_nats::connect(server.url()).await.unwrap();
    let name = AgentName::parse("mallory").unwrap();
    // Not JSON, another version, an unknown field, and a heartbeat naming another agent.
    let beat = |v: u32, who: &str| json!({"v": v, "name": who, "sent_at": 1, "seq": 1}).to_string();
    let mut unknown: serde_json::Value = serde_json::from_str(&beat(1, "mallory")).unwrap();
    unknown["admin"] = json!(true);
    for payload in [
        "not json".to_owned(),
        beat(2, "mallory"),
        unknown.to_string(),
        beat(1, "alpha"),
    ] {
        client
            .publish(name.heartbeat_subject(), payload.into())
            .await
            .unwrap();
    }
    client.flush().await.unwrap();
    // A well-formed one afterwards is listed: the refusals above were read, and dropped.
    let good = AgentName::parse("good").unwrap();
    client
        .publish(good.heartbeat_subject(), beat(1, "good").into())
        .await
        .unwrap();
    client.flush().await.unwrap();
    eventually("the well-formed heartbeat is listed", WAIT, || async {
        hub.host(&good).is_some()
    })
    .await;
    let names: Vec<String> = hub
        .hosts()
        .into_iter()
        .map(|h| h.name.to_string())
        .collect();
    assert_eq!(names, vec!["good".to_owned()]);
}
