//! `GET /ws/chat` with a real WebSocket client: tickets and headers, client messages, bad frames,
//! reconnecting and replaying a run, cancelling, other users' runs, and message rate limits.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use warden_test_support::{Reply, ScriptedLlm, TestServer, USER_PASSWORD, scripted_model};

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn ws_url(server: &TestServer, query: &str) -> String {
    format!("{}/ws/chat{query}", server.base.replace("http://", "ws://"))
}

pub(crate) async fn connect_bearer(server: &TestServer, token: &str) -> Result<Socket, u16> {
    let mut request = ws_url(server, "").into_client_request().unwrap();
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
        .map_err(status_of)
}

async fn connect_ticket(server: &TestServer, ticket: &str) -> Result<Socket, u16> {
    tokio_tungstenite::connect_async(ws_url(server, &format!("?ticket={ticket}")))
        .await
        .map(|(socket, _)| socket)
        .map_err(status_of)
}

fn status_of(error: tokio_tungstenite::tungstenite::Error) -> u16 {
    if let tokio_tungstenite::tungstenite::Error::Http(response) = error {
        return response.status().as_u16();
    }
    panic!("not an HTTP refusal: {error}");
}

pub(crate) async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The next JSON text message, skipping pings.
pub(crate) async fn next(socket: &mut Socket) -> Option<Value> {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .ok()??
        {
            Ok(Message::Text(text)) => return serde_json::from_str(text.as_str()).ok(),
            Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)) => {}
            Ok(Message::Binary(_)) => panic!("binary from the server"),
            Ok(Message::Close(_)) | Err(_) => return None,
        }
    }
}

/// Messages until a run's terminal event.
async fn until_terminal(socket: &mut Socket) -> Vec<Value> {
    let mut seen = Vec::new();
    while let Some(message) = next(socket).await {
        let done = matches!(
            message["type"].as_str(),
            Some("complete" | "error" | "cancelled")
        ) && message.get("run_id").is_some();
        seen.push(message);
        if done {
            break;
        }
    }
    seen
}

/// The messages' types, a run of streamed answer pieces counted as one `answer_delta`.
fn types(messages: &[Value]) -> Vec<&str> {
    let mut types: Vec<&str> = messages.iter().filter_map(|m| m["type"].as_str()).collect();
    types.dedup_by(|a, b| *a == "answer_delta" && *b == "answer_delta");
    types
}

async fn server_with(llm: &ScriptedLlm) -> TestServer {
    let model = scripted_model("local", llm, false);
    TestServer::builder()
        .configure(move |c| c.llm.models = vec![model])
        .start()
        .await
}

#[tokio::test]
async fn a_single_use_ticket_opens_a_chat() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Text("All good.".to_owned()));
    let server = server_with(&llm).await;
    let admin = server.admin_token().await;
    let (_, ticket) = server.post_empty("/api/v1/auth/ws-ticket", &admin).await;
    let ticket = ticket["ticket"].as_str().unwrap();
    let mut socket = connect_ticket(&server, ticket).await.unwrap();
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(next(&mut socket).await, Some(json!({"type": "pong"})));
    send(
        &mut socket,
        json!({"type": "message", "message": "status?"}),
    )
    .await;
    let events = until_terminal(&mut socket).await;
    assert_eq!(
        types(&events),
        vec![
            "run_started",
            "tool_call",
            "tool_result",
            "answer_delta",
            "complete"
        ]
    );
    assert_eq!(events.last().unwrap()["answer"], json!("All good."));
    // The ticket was used: it opens nothing a second time, and the URL carries no token.
    assert_eq!(connect_ticket(&server, ticket).await.err(), Some(401));
    assert_eq!(connect_ticket(&server, "made-up").await.err(), Some(401));
}

#[tokio::test]
async fn headers_authenticate_and_scopes_apply() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    assert!(connect_bearer(&server, &admin).await.is_ok());
    let (_, key) = server.create_api_key(&admin, "ws", &["read"], None).await;
    assert!(connect_bearer(&server, &key).await.is_ok());
    assert_eq!(
        tokio_tungstenite::connect_async(ws_url(&server, ""))
            .await
            .map(|_| ())
            .map_err(status_of)
            .err(),
        Some(401)
    );
    let (_, execute_only) = server
        .create_api_key(&admin, "exec", &["execute"], None)
        .await;
    assert_eq!(
        connect_bearer(&server, &execute_only).await.err(),
        Some(403)
    );
}

#[tokio::test]
async fn bad_frames_get_errors_and_the_connection_stays_open() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let mut socket = connect_bearer(&server, &admin).await.unwrap();
    socket
        .send(Message::Text("{not json".into()))
        .await
        .unwrap();
    assert_eq!(
        next(&mut socket).await.unwrap()["code"],
        json!("invalid_json")
    );
    send(&mut socket, json!({"type": "launch_missiles"})).await;
    assert_eq!(
        next(&mut socket).await.unwrap()["code"],
        json!("invalid_json")
    );
    send(&mut socket, json!({"type": "approve", "approval_id": "a1"})).await;
    assert_eq!(next(&mut socket).await.unwrap()["code"], json!("not_found"));
    send(&mut socket, json!({"type": "message", "message": ""})).await;
    assert_eq!(
        next(&mut socket).await.unwrap()["code"],
        json!("validation_failed")
    );
    // A NUL character starts no run (PostgreSQL's text cannot hold one): it is named.
    send(
        &mut socket,
        json!({"type": "message", "message": "disk\u{0}"}),
    )
    .await;
    let refused = next(&mut socket).await.unwrap();
    assert_eq!(refused["code"], json!("invalid_json"), "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("NUL character"),
        "{refused}"
    );
    // A repeated key is named, not read as its last spelling (`cancel`, here).
    socket
        .send(Message::Text(
            r#"{"type": "ping", "type": "cancel", "run_id": "r1"}"#.into(),
        ))
        .await
        .unwrap();
    let refused = next(&mut socket).await.unwrap();
    assert_eq!(refused["code"], json!("invalid_json"), "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("the key `type` appears twice"),
        "{refused}"
    );
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(next(&mut socket).await, Some(json!({"type": "pong"})));
    // (Frames the chat does not take at all close the connection: see `websocket_limits`.)
}

/// A frame whose field holds a value of the wrong type or out of range is refused naming that
/// field (serde's reading of the `type`-tagged messages names none by itself), and the
/// connection goes on.
#[tokio::test]
async fn a_field_of_the_wrong_type_in_a_frame_is_named() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let mut socket = connect_bearer(&server, &admin).await.unwrap();
    for (frame, field) in [
        (
            json!({"type": "subscribe", "run_id": "r1", "after_seq": -1}),
            "after_seq",
        ),
        (
            json!({"type": "subscribe", "run_id": "r1", "after_seq": 1e30}),
            "after_seq",
        ),
        (
            json!({"type": "subscribe", "run_id": "r1", "after_seq": "5"}),
            "after_seq",
        ),
        (json!({"type": "cancel", "run_id": 7}), "run_id"),
        (json!({"type": "message", "message": ["disk"]}), "message"),
        (
            json!({"type": "message", "message": "disk", "model": false}),
            "model",
        ),
        (
            json!({"type": "approve", "approval_id": "a1", "reason": {}}),
            "reason",
        ),
        (json!({"type": "deny", "approval_id": null}), "approval_id"),
        (json!({"type": 5}), "type"),
    ] {
        send(&mut socket, frame.clone()).await;
        let refused = next(&mut socket).await.unwrap();
        assert_eq!(refused["code"], json!("invalid_json"), "{frame}: {refused}");
        let message = refused["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("`{field}` is not valid")),
            "{frame}: {message}"
        );
    }
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(next(&mut socket).await, Some(json!({"type": "pong"})));
}

#[tokio::test]
async fn a_dropped_connection_resumes_a_run_from_its_last_event() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Delay(
        Duration::from_millis(800),
        Box::new(Reply::Text("Resumed fine.".to_owned())),
    ));
    let server = server_with(&llm).await;
    let admin = server.admin_token().await;
    let mut socket = connect_bearer(&server, &admin).await.unwrap();
    send(&mut socket, json!({"type": "message", "message": "check"})).await;
    let mut seen = Vec::new();
    while let Some(message) = next(&mut socket).await {
        let is_result = message["type"] == json!("tool_result");
        seen.push(message);
        if is_result {
            break;
        }
    }
    let run_id = seen[0]["run_id"].as_str().unwrap().to_owned();
    let last_seq = seen.last().unwrap()["seq"].as_u64().unwrap();
    drop(socket);

    let mut again = connect_bearer(&server, &admin).await.unwrap();
    send(
        &mut again,
        json!({"type": "subscribe", "run_id": run_id, "after_seq": last_seq}),
    )
    .await;
    let rest = until_terminal(&mut again).await;
    assert_eq!(types(&rest), vec!["answer_delta", "complete"]);
    assert!(
        rest.iter()
            .all(|e| e["seq"].as_u64().unwrap() > last_seq && e["run_id"] == json!(run_id))
    );
    assert_eq!(rest.last().unwrap()["answer"], json!("Resumed fine."));
}

#[tokio::test]
async fn runs_are_cancelled_and_kept_from_other_users() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Delay(
        Duration::from_secs(20),
        Box::new(Reply::Text("never".to_owned())),
    ));
    let server = server_with(&llm).await;
    let admin = server.admin_token().await;
    server.create_user(&admin, "bob", &["read"]).await;
    let bob = server.login("bob", USER_PASSWORD).await.access_token;
    let mut socket = connect_bearer(&server, &admin).await.unwrap();
    send(&mut socket, json!({"type": "message", "message": "slow"})).await;
    let started = next(&mut socket).await.unwrap();
    let run_id = started["run_id"].as_str().unwrap().to_owned();

    let mut intruder = connect_bearer(&server, &bob).await.unwrap();
    send(
        &mut intruder,
        json!({"type": "subscribe", "run_id": run_id}),
    )
    .await;
    assert_eq!(
        next(&mut intruder).await.unwrap()["code"],
        json!("not_found")
    );
    send(&mut intruder, json!({"type": "cancel", "run_id": run_id})).await;
    assert_eq!(
        next(&mut intruder).await.unwrap()["code"],
        json!("not_found")
    );

    send(&mut socket, json!({"type": "cancel", "run_id": run_id})).await;
    let rest = until_terminal(&mut socket).await;
    assert_eq!(types(&rest), vec!["cancelled"]);
}

#[tokio::test]
async fn websocket_messages_count_against_the_rate_limit() {
    let server = TestServer::builder()
        .configure(|c| {
            c.rate_limit.routes.insert("/ws/chat".to_owned(), 3);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let mut socket = connect_bearer(&server, &admin).await.unwrap();
    let mut answers = Vec::new();
    for _ in 0..5 {
        send(&mut socket, json!({"type": "ping"})).await;
        let reply = next(&mut socket).await.unwrap();
        answers.push(
            reply["type"].as_str().unwrap().to_owned()
                + reply["code"]
                    .as_str()
                    .map(|c| format!(":{c}"))
                    .unwrap_or_default()
                    .as_str(),
        );
    }
    // The upgrade itself took one of the three.
    assert_eq!(
        answers,
        vec![
            "pong",
            "pong",
            "error:rate_limited",
            "error:rate_limited",
            "error:rate_limited"
        ]
    );
}

#[tokio::test]
async fn the_answer_reaches_the_socket_while_the_model_is_still_writing() {
    let llm = ScriptedLlm::start().await;
    let gate = warden_test_llm::Gate::new();
    llm.push(Reply::Gated {
        first: "Disk at 91%, ".to_owned(),
        gate: gate.clone(),
        rest: "the build cache fills it.".to_owned(),
    });
    let server = server_with(&llm).await;
    let admin = server.admin_token().await;
    let mut socket = connect_bearer(&server, &admin).await.unwrap();
    send(&mut socket, json!({"type": "message", "message": "disk?"})).await;
    // Pieces arrive while the model holds the rest of its answer back.
    let mut shown = String::new();
    while shown != "Disk at 91%," {
        let message = next(&mut socket)
            .await
            .expect("a streamed piece before the model finished");
        assert_ne!(
            message["type"], "complete",
            "the answer waited for the model: {message}"
        );
        if message["type"] == "answer_delta" {
            shown.push_str(message["text"].as_str().unwrap());
        }
    }
    gate.open();
    let rest = until_terminal(&mut socket).await;
    for message in &rest {
        if message["type"] == "answer_delta" {
            shown.push_str(message["text"].as_str().unwrap());
        }
    }
    assert_eq!(shown, "Disk at 91%, the build cache fills it.");
    assert_eq!(
        rest.last().unwrap()["answer"],
        json!("Disk at 91%, the build cache fills it.")
    );
}
