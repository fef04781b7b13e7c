//! Order and delivery: work queued while an agent is away waits and runs once when it is back;
//! a call delivered again never runs twice; a restarted hub still finds results; forged,
//! malformed, expired and misaddressed calls are refused by the agent.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{self, message::PublishMessage};
use pretty_assertions::assert_eq;
use serde_json::json;
use warden_fleet::ledger::now;
use warden_fleet::messages::{VERSION, encode};
use warden_fleet::testing::NatsServer;
use warden_fleet::{AgentName, CallErrorCode, CallId, CallRequest};

use super::support::{Recorder, WAIT, agent_settings, eventually, hub, start_agent};

fn call(host: &AgentName, tool: &str) -> CallRequest {
    CallRequest {
        v: VERSION,
        call_id: CallId::generate(),
        host: host.clone(),
        tool: tool.to_owned(),
        arguments: json!({}),
        requested_by: "user:tester".to_owned(),
        sent_at: now(),
        expires_at: now() + 600,
    }
}

#[tokio::test]
async fn calls_queued_while_an_agent_is_away_run_once_when_it_returns_and_survive_a_hub_restart() {
    let server = NatsServer::start().expect("nats-server");
    let recorder = Arc::new(Recorder::default());
    let alpha_name = AgentName::parse("alpha").unwrap();
    let first = start_agent(agent_settings(&server, "alpha"), recorder.clone());
    let hub_before = hub(&server).await;
    // The agent is up and its consumer exists.
    let warm = hub_before
        .call(
            &alpha_name,
            "echo",
            json!({}),
            "user:tester",
            Duration::from_secs(60),
            WAIT,
        )
        .await
        .expect("the agent answers");
    first.stop().await;

    // Queued while the agent is away, and sent twice (a retried publish): stored once.
    let calls: Vec<CallRequest> = (0..3).map(|_| call(&alpha_name, "echo")).collect();
    for queued in &calls {
        hub_before.send(queued).await.expect("queued");
        hub_before.send(queued).await.expect("queued again");
    }
    drop(hub_before);

    let second = start_agent(agent_settings(&server, "alpha"), recorder.clone());
    let hub_after = hub(&server).await;
    for queued in &calls {
        let result = hub_after
            .await_result(&alpha_name, &queued.call_id, WAIT)
            .await
            .expect("the result reaches the restarted hub");
        assert!(result.ok, "{result:?}");
        assert_eq!(result.output, "ran echo");
    }
    let mut expected: Vec<String> = std::iter::once(warm.call_id.to_string())
        .chain(calls.iter().map(|c| c.call_id.to_string()))
        .collect();
    expected.sort();
    let mut ran = recorder.ran();
    ran.sort();
    assert_eq!(ran, expected);

    // The same call published again past deduplication (another message id): the agent's
    // ledger refuses to run it twice, and the stored result stays the real one.
    let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
    let again = PublishMessage::build()
        .payload(encode(&calls[0]).unwrap().into())
        .message_id("another-id");
    js.send_publish(alpha_name.calls_subject(), again)
        .await
        .unwrap()
        .await
        .unwrap();
    let probe = call(&alpha_name, "echo");
    hub_after.send(&probe).await.unwrap();
    hub_after
        .await_result(&alpha_name, &probe.call_id, WAIT)
        .await
        .expect("the agent went on");
    assert_eq!(recorder.ran().len(), expected.len() + 1);
    let kept = hub_after
        .result(&alpha_name, &calls[0].call_id)
        .await
        .unwrap()
        .expect("stored");
    assert!(kept.ok);
    assert_eq!(kept.error_code, None);
    second.stop().await;
}

#[tokio::test]
async fn forged_malformed_expired_and_misaddressed_calls_are_refused_by_the_agent() {
    let server = NatsServer::start().expect("nats-server");
    let hub = hub(&server).await;
    let alpha_name = AgentName::parse("alpha").unwrap();
    let alpha = start_agent(agent_settings(&server, "alpha"), Arc::default());
    let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
    let publish = |payload: Vec<u8>| {
        let js = js.clone();
        let subject = alpha_name.calls_subject();
        async move {
            js.publish(subject, payload.into())
                .await
                .unwrap()
                .await
                .unwrap();
        }
    };

    // Forged straight onto the agent's subject, past the hub: the local policy still decides.
    let forged = call(&alpha_name, "forbidden_tool");
    publish(encode(&forged).unwrap()).await;
    let result = hub
        .await_result(&alpha_name, &forged.call_id, WAIT)
        .await
        .unwrap();
    assert_eq!(
        (result.ok, result.error_code, result.output.as_str()),
        (
            false,
            Some(CallErrorCode::Refused),
            "forbidden by the agent's policy"
        )
    );

    // Claims an approval field this version does not know.
    let mut value = serde_json::to_value(call(&alpha_name, "echo")).unwrap();
    value["approved_by"] = json!("admin");
    let id = CallId::parse(value["call_id"].as_str().unwrap()).unwrap();
    publish(value.to_string().into_bytes()).await;
    let result = hub.await_result(&alpha_name, &id, WAIT).await.unwrap();
    assert_eq!(result.error_code, Some(CallErrorCode::Refused));
    assert!(
        result
            .output
            .starts_with("malformed call: invalid message: call: unknown field `approved_by`"),
        "{}",
        result.output
    );

    // Another version.
    let mut value = serde_json::to_value(call(&alpha_name, "echo")).unwrap();
    value["v"] = json!(99);
    let id = CallId::parse(value["call_id"].as_str().unwrap()).unwrap();
    publish(value.to_string().into_bytes()).await;
    let result = hub.await_result(&alpha_name, &id, WAIT).await.unwrap();
    assert_eq!(
        result.output,
        "malformed call: invalid message: call has version 99; this build speaks version 1"
    );

    // Not JSON at all: terminated and logged; the agent goes on.
    publish(b"\x00garbage".to_vec()).await;

    let mut expired = call(&alpha_name, "echo");
    expired.expires_at = now() - 1;
    publish(encode(&expired).unwrap()).await;
    let result = hub
        .await_result(&alpha_name, &expired.call_id, WAIT)
        .await
        .unwrap();
    assert_eq!(result.error_code, Some(CallErrorCode::Expired));

    let misaddressed = call(&AgentName::parse("beta").unwrap(), "echo");
    publish(encode(&misaddressed).unwrap()).await;
    let result = hub
        .await_result(&alpha_name, &misaddressed.call_id, WAIT)
        .await
        .unwrap();
    assert_eq!(result.error_code, Some(CallErrorCode::WrongHost));
    assert_eq!(result.output, "the call is addressed to beta, not to alpha");

    let fine = call(&alpha_name, "echo");
    publish(encode(&fine).unwrap()).await;
    let result = hub
        .await_result(&alpha_name, &fine.call_id, WAIT)
        .await
        .unwrap();
    assert!(result.ok);
    assert_eq!(alpha.recorder.ran(), vec![fine.call_id.to_string()]);
    eventually("the agent is still online", WAIT, || async {
        hub.host(&alpha_name)
            .is_some_and(|h| h.state == warden_fleet::HostState::Online)
    })
    .await;
    alpha.stop().await;
}

#[tokio::test]
async fn a_full_queue_refuses_new_calls_and_keeps_the_queued_ones() {
    let server = NatsServer::start().expect("nats-server");
    let hub = hub(&server).await;
    let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
    let name = AgentName::parse("away").unwrap();
    let limit = usize::try_from(warden_fleet::streams::MAX_QUEUED_PER_AGENT).unwrap();
    // In chunks: the client holds a bounded number of acks in flight.
    for chunk in 0..limit / 1000 {
        let mut acks = Vec::with_capacity(1000);
        for i in 0..1000 {
            let payload = format!("{}", chunk * 1000 + i);
            acks.push(
                js.publish(name.calls_subject(), payload.into())
                    .await
                    .unwrap(),
            );
        }
        for ack in acks {
            ack.await.unwrap();
        }
    }
    // One more, through the hub: refused with a reason, not stored over the oldest.
    let err = hub.send(&call(&name, "echo")).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("maximum messages per subject exceeded"),
        "{err}"
    );
    let mut stream = js.get_stream("WARDEN_CALLS").await.unwrap();
    let info = stream.info().await.unwrap();
    assert_eq!(info.state.messages, u64::try_from(limit).unwrap());
    assert_eq!(info.state.first_sequence, 1);
}
