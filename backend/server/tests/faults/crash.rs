//! SIGKILL mid-run: the model answered a tool call, the tool ran, the model's next call hangs,
//! and the process is killed. After a restart the run is `interrupted` and its event stream ends
//! with that terminal event, whether read as JSON, followed as server-sent events, or subscribed
//! to over a WebSocket.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use warden_test_llm::{Reply, ScriptedLlm};

use super::support::{Warden, config_file, within};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(warden: &Warden, token: &str) -> Socket {
    let mut request = format!("{}/ws/chat", warden.base.replace("http://", "ws://"))
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

/// The next JSON message within 10 s (pings skipped); None when the socket ends or is silent.
async fn next(socket: &mut Socket) -> Option<Value> {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .ok()??
        {
            Ok(Message::Text(text)) => return serde_json::from_str(text.as_str()).ok(),
            Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)) => {}
            Ok(Message::Binary(_) | Message::Close(_)) | Err(_) => return None,
        }
    }
}

fn summary(events: &[Value]) -> Vec<(u64, String)> {
    events
        .iter()
        .map(|e| {
            (
                e["seq"].as_u64().unwrap(),
                e["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn expected() -> Vec<(u64, String)> {
    [
        (1, "run_started"),
        (2, "tool_call"),
        (3, "tool_result"),
        (4, "error"),
    ]
    .into_iter()
    .map(|(seq, kind)| (seq, kind.to_owned()))
    .collect()
}

async fn killed_mid_run_replays_to_its_terminal_event(database_url: Option<String>) {
    let root = tempfile::tempdir().unwrap();
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Hang);
    let config = config_file(root.path(), "[monitor]\nenabled = false\n");
    let mut vars = vec![
        ("WARDEN_LLM_URL", llm.base_url.clone()),
        ("WARDEN_LLM_MODEL", "local".to_owned()),
    ];
    if let Some(url) = database_url {
        vars.push(("WARDEN_DATABASE_URL", url));
    }
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();

    let mut first = Warden::serve(root.path(), &vars, &config).await;
    let token = first.login().await;
    let mut socket = connect(&first, &token).await;
    socket
        .send(Message::Text(
            json!({"type": "message", "message": "how is this host?"})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
    let mut live = Vec::new();
    for _ in 0..3 {
        live.push(next(&mut socket).await.expect("an event before the kill"));
    }
    assert_eq!(summary(&live), expected()[..3].to_vec(), "{live:?}");
    let run_id = live[0]["run_id"].as_str().unwrap().to_owned();
    within(
        Duration::from_secs(10),
        "the model holds the second call",
        || {
            let n = llm.requests().len();
            async move { (n == 2).then_some(()) }
        },
    )
    .await;

    first.kill();
    drop(socket);
    let second = Warden::serve(root.path(), &vars, &config).await;

    // JSON: the run is interrupted and its events end with the terminal one start-up appended.
    let (status, replay) = second
        .get(&format!("/api/v1/runs/{run_id}/events"), &token)
        .await;
    assert_eq!(status, 200, "{replay}");
    let events = replay["events"].as_array().unwrap().clone();
    assert_eq!(
        (replay["status"].clone(), summary(&events)),
        (json!("interrupted"), expected()),
        "{replay}"
    );
    assert_eq!(
        (events[3]["code"].clone(), events[3]["run_id"].clone()),
        (json!("interrupted"), json!(run_id))
    );

    // Server-sent events from a sequence number: what follows it, then the stream ends.
    let response = warden_http::client()
        .get(second.url(&format!("/api/v1/runs/{run_id}/events?after_seq=2")))
        .bearer_auth(&token)
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = tokio::time::timeout(Duration::from_secs(10), response.text())
        .await
        .expect("the event stream ends")
        .unwrap();
    let streamed: Vec<Value> = body
        .split("\n\n")
        .filter_map(|block| block.lines().find_map(|l| l.strip_prefix("data: ")))
        .map(|data| serde_json::from_str(data).unwrap())
        .collect();
    assert_eq!(summary(&streamed), expected()[2..].to_vec(), "{body}");

    // WebSocket subscribe: the stored events, up to and including the terminal one.
    let mut socket = connect(&second, &token).await;
    socket
        .send(Message::Text(
            json!({"type": "subscribe", "run_id": run_id, "after_seq": 0})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
    let mut replayed = Vec::new();
    while replayed.len() < 4 {
        replayed.push(
            next(&mut socket)
                .await
                .expect("subscribe delivers the terminal event"),
        );
    }
    assert_eq!(summary(&replayed), expected(), "{replayed:?}");
    assert_eq!(replayed[3]["code"], json!("interrupted"));

    // The conversation keeps the user's message and the run's final status.
    let conversation = live[0]["conversation_id"].as_str().unwrap();
    let (_, detail) = second
        .get(&format!("/api/v1/conversations/{conversation}"), &token)
        .await;
    assert_eq!(
        (
            detail["messages"][0]["content"].clone(),
            detail["runs"][0]["status"].clone(),
            detail["runs"][0]["error_code"].clone()
        ),
        (
            json!("how is this host?"),
            json!("interrupted"),
            json!("interrupted")
        ),
        "{detail}"
    );
}

#[tokio::test]
async fn sigkill_mid_run_then_replay_to_a_terminal_event_on_sqlite() {
    killed_mid_run_replays_to_its_terminal_event(None).await;
}

#[tokio::test]
async fn sigkill_mid_run_then_replay_to_a_terminal_event_on_postgres() {
    let url = warden_store::testing::fresh_postgres_database()
        .await
        .expect("PostgreSQL for the suite (see tests/scripts/services.sh)");
    killed_mid_run_replays_to_its_terminal_event(Some(url)).await;
}
