//! A model's circuit opens after a failure; after the cooldown one chat is let through as the
//! half-open trial, and that trial is cancelled while the model holds it. Cancelling settles the
//! breaker: the next chat is the new trial and works, without a restart.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use warden_test_support::{Reply, ScriptedLlm, TestServer, scripted_model};

use crate::websocket::{Socket, connect_bearer, next, send};

/// The next JSON message within `limit`, or None.
async fn next_within(socket: &mut Socket, limit: Duration) -> Option<Value> {
    let started = Instant::now();
    while let Some(left) = limit.checked_sub(started.elapsed()) {
        match tokio::time::timeout(left, socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => return serde_json::from_str(text.as_str()).ok(),
            Ok(Some(Ok(_))) => {}
            Ok(Some(Err(_)) | None) | Err(_) => return None,
        }
    }
    None
}

/// A chat's events up to its terminal one.
async fn chat(socket: &mut Socket, message: &str) -> Vec<Value> {
    send(socket, json!({"type": "message", "message": message})).await;
    let mut events = Vec::new();
    while let Some(event) = next(socket).await {
        let terminal =
            ["complete", "error", "cancelled"].contains(&event["type"].as_str().unwrap());
        events.push(event);
        if terminal {
            return events;
        }
    }
    panic!("no terminal event for {message:?}: {events:?}");
}

fn terminal(events: &[Value]) -> (Value, Value) {
    let last = events.last().unwrap();
    (last["type"].clone(), last["code"].clone())
}

#[tokio::test]
async fn a_cancelled_half_open_trial_then_a_working_chat() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Status {
        status: 400,
        body: "{\"error\":\"bad request\"}".to_owned(),
        retry_after: None,
    });
    llm.push(Reply::Hang);
    llm.push(Reply::Text("The model is back.".to_owned()));
    let model = scripted_model("local", &llm, false);
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![model];
            c.llm.breaker_failures = 1;
            c.llm.breaker_cooldown_secs = 1;
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let mut socket = connect_bearer(&server, &admin).await.unwrap();

    // One failure opens the circuit; while open, chats are refused without calling the model.
    let events = chat(&mut socket, "first").await;
    assert_eq!(
        terminal(&events),
        (json!("error"), json!("llm_error_status"))
    );
    let events = chat(&mut socket, "while open").await;
    assert_eq!(
        terminal(&events),
        (json!("error"), json!("llm_circuit_open"))
    );
    assert_eq!(llm.requests().len(), 1);

    // After the cooldown, one chat is the trial: it reaches the model, which holds it.
    let started = Instant::now();
    let trial = loop {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no trial reached the model"
        );
        send(&mut socket, json!({"type": "message", "message": "trial"})).await;
        let run_started = next(&mut socket).await.unwrap();
        assert_eq!(run_started["type"], json!("run_started"), "{run_started}");
        let run_id = run_started["run_id"].as_str().unwrap().to_owned();
        match next_within(&mut socket, Duration::from_millis(500)).await {
            Some(event) => {
                assert_eq!(
                    (event["type"].clone(), event["code"].clone()),
                    (json!("error"), json!("llm_circuit_open")),
                    "still cooling down: {event}"
                );
            }
            None if llm.requests().len() == 2 => break run_id,
            None => panic!("the trial neither reached the model nor ended"),
        }
    };

    // The trial is cancelled while the model holds it.
    send(&mut socket, json!({"type": "cancel", "run_id": trial})).await;
    let cancelled = next(&mut socket).await.unwrap();
    assert_eq!(
        (cancelled["type"].clone(), cancelled["run_id"].clone()),
        (json!("cancelled"), json!(trial))
    );

    // The breaker is settled: the next chat is let through as the new trial and works.
    let events = chat(&mut socket, "after").await;
    assert_eq!(
        (
            events.last().unwrap()["type"].clone(),
            events.last().unwrap()["answer"].clone()
        ),
        (json!("complete"), json!("The model is back.")),
        "{events:?}"
    );
    assert_eq!(llm.requests().len(), 3);
}
