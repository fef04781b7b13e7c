//! Frames the chat WebSocket does not take, sent by a real client (tokio-tungstenite): each ends
//! the connection with a close frame whose code and reason name the fault, after an `error`
//! message saying the same; never a reset. The server goes on accepting connections.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::{Frame, FrameHeader};
use warden_test_support::TestServer;

use crate::websocket::{Socket, connect_bearer, next, send};

/// What the server sent until the connection ended: its JSON messages, and the close frame's
/// code and reason (None when the connection ended without one, as a reset does).
async fn until_closed(socket: &mut Socket, name: &str) -> (Vec<Value>, Option<(u16, String)>) {
    let mut messages = Vec::new();
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("the server ends the connection within 10 s");
        match frame {
            Some(Ok(Message::Text(text))) => {
                messages.push(serde_json::from_str(text.as_str()).unwrap());
            }
            Some(Ok(Message::Close(close))) => {
                return (
                    messages,
                    close.map(|c| (u16::from(c.code), c.reason.as_str().to_owned())),
                );
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
            Some(Ok(Message::Binary(_))) => panic!("binary from the server"),
            Some(Err(e)) => panic!("{name}: the connection failed instead of closing: {e}"),
            None => return (messages, None),
        }
    }
}

/// A raw data frame as a client sends it (the client masks it).
fn frame(opcode: OpCode, is_final: bool, payload: Vec<u8>) -> Message {
    Message::Frame(Frame::from_payload(
        FrameHeader {
            is_final,
            opcode,
            ..FrameHeader::default()
        },
        payload.into(),
    ))
}

#[tokio::test]
async fn every_oversized_message_is_closed_with_1009_and_its_size() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let text = |n: usize| Message::Text("x".repeat(n).into());
    let cases: Vec<(&str, Vec<Message>, usize)> = vec![
        ("70 KB text", vec![text(70 * 1024)], 70 * 1024),
        (
            "70 KB binary",
            vec![Message::Binary(vec![7u8; 70 * 1024].into())],
            70 * 1024,
        ),
        (
            "three 30 KB fragments",
            vec![
                frame(OpCode::Data(Data::Text), false, vec![b'a'; 30 * 1024]),
                frame(OpCode::Data(Data::Continue), false, vec![b'b'; 30 * 1024]),
                frame(OpCode::Data(Data::Continue), true, vec![b'c'; 30 * 1024]),
            ],
            90 * 1024,
        ),
        ("1 MiB text", vec![text(1024 * 1024)], 1024 * 1024),
        (
            "1 MiB in 64 KiB fragments",
            (0..16)
                .map(|i| {
                    let opcode = if i == 0 { Data::Text } else { Data::Continue };
                    frame(OpCode::Data(opcode), i == 15, vec![b'f'; 64 * 1024])
                })
                .collect(),
            1024 * 1024,
        ),
    ];
    for (name, frames, size) in cases {
        let mut socket = connect_bearer(&server, &admin).await.unwrap();
        send(&mut socket, json!({"type": "ping"})).await;
        assert_eq!(next(&mut socket).await, Some(json!({"type": "pong"})));
        for frame in frames {
            // A large frame may still be on its way when the server closes.
            let _ = socket.send(frame).await;
        }
        let reason = format!("message too big: {size} bytes, the limit is 65536");
        assert_eq!(
            until_closed(&mut socket, name).await,
            (
                vec![json!({"type": "error", "code": "message_too_big", "message": reason})],
                Some((1009, reason.clone()))
            ),
            "{name}"
        );
    }
    // A message at the limit is read (and judged as JSON).
    let mut socket = connect_bearer(&server, &admin).await.unwrap();
    socket.send(text(64 * 1024)).await.unwrap();
    assert_eq!(
        next(&mut socket).await.unwrap()["code"],
        json!("invalid_json")
    );
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(next(&mut socket).await, Some(json!({"type": "pong"})));
}

#[tokio::test]
async fn binary_invalid_text_and_broken_frames_are_closed_with_their_codes() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let cases: Vec<(&str, Message, u16, &str, &str)> = vec![
        (
            "binary",
            Message::Binary(vec![1, 2, 3].into()),
            1003,
            "invalid_frame",
            "binary messages are not accepted; send JSON text messages",
        ),
        (
            "text that is not UTF-8",
            frame(OpCode::Data(Data::Text), true, vec![b'{', 0xff, 0xfe, b'}']),
            1007,
            "invalid_frame",
            "a text message is not valid UTF-8",
        ),
        (
            "a continuation without a start",
            frame(OpCode::Data(Data::Continue), true, b"{}".to_vec()),
            1002,
            "invalid_frame",
            "protocol error: Continue frame but nothing to continue",
        ),
        (
            "an unknown opcode",
            frame(OpCode::Data(Data::Reserved(3)), true, b"{}".to_vec()),
            1002,
            "invalid_frame",
            "protocol error: Encountered invalid opcode: 3",
        ),
    ];
    for (name, message, code, error_code, reason) in cases {
        let mut socket = connect_bearer(&server, &admin).await.unwrap();
        socket.send(message).await.unwrap();
        assert_eq!(
            until_closed(&mut socket, name).await,
            (
                vec![json!({"type": "error", "code": error_code, "message": reason})],
                Some((code, reason.to_owned()))
            ),
            "{name}"
        );
    }
    assert!(connect_bearer(&server, &admin).await.is_ok());
}

#[tokio::test]
async fn a_shutdown_closes_every_open_websocket_with_going_away() {
    let mut server = TestServer::start().await;
    let token = server.admin_token().await;
    let mut readers = Vec::new();
    for n in 0..2 {
        let mut socket = connect_bearer(&server, &token).await.unwrap();
        send(&mut socket, json!({"type": "ping"})).await;
        assert_eq!(next(&mut socket).await, Some(json!({"type": "pong"})));
        // Read while the server stops, as a client does (and answers the close).
        readers.push(tokio::spawn(async move {
            until_closed(&mut socket, &format!("socket {n}")).await
        }));
    }
    server.restart().await;
    for reader in readers {
        let (messages, close) = reader.await.unwrap();
        assert_eq!(
            close,
            Some((1001, "server shutting down".to_owned())),
            "{messages:?}"
        );
        assert_eq!(messages.last().unwrap()["code"], json!("unavailable"));
    }
}

/// A client that goes silent (no message, no pong to the server's pings) is told why before the
/// connection closes: an `error` frame `timeout`, then close code 4408 with the same reason,
/// within a bounded time; one that answers the pings is not silent and stays open.
#[tokio::test]
async fn a_silent_websocket_is_told_why_it_is_closed() {
    let server = TestServer::builder()
        .configure(|c| c.http.websocket_silence_secs = 2)
        .start()
        .await;
    let token = server.admin_token().await;
    let mut silent = connect_bearer(&server, &token).await.unwrap();
    // A client that reads (and so answers pings) meanwhile, for longer than the bound.
    let mut live = connect_bearer(&server, &token).await.unwrap();
    let kept = tokio::spawn(async move {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while let Ok(frame) = tokio::time::timeout_at(deadline, live.next()).await {
            match frame {
                Some(Ok(Message::Close(close))) => return Err(format!("closed: {close:?}")),
                Some(Err(e)) => return Err(e.to_string()),
                None => return Err("ended".to_owned()),
                Some(Ok(_)) => {}
            }
        }
        send(&mut live, json!({"type": "ping"})).await;
        Ok(next(&mut live).await)
    });
    // Not read (so no pong goes back) for longer than the bound, and read again before the
    // server's 2 s wait for the client's own close is over (a pong written to a connection the
    // server has dropped fails with a broken pipe).
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let started = std::time::Instant::now();
    let (messages, close) = until_closed(&mut silent, "silent").await;
    assert!(started.elapsed() < Duration::from_secs(5));
    let (code, reason) = close.expect("a close frame, not a reset");
    assert_eq!(code, 4408, "{reason}");
    assert!(
        reason.contains("2 s") && reason.contains("http.websocket_silence_secs"),
        "{reason}"
    );
    let error = messages.last().expect("an error frame before the close");
    assert_eq!(
        (error["type"].as_str(), error["code"].as_str()),
        (Some("error"), Some("timeout")),
        "{messages:?}"
    );
    assert_eq!(kept.await.unwrap(), Ok(Some(json!({"type": "pong"}))));
}

#[tokio::test]
async fn one_credential_may_hold_only_so_many_websockets() {
    let server = TestServer::builder()
        .configure(|c| c.http.max_websockets_per_credential = 2)
        .start()
        .await;
    let token = server.admin_token().await;
    let first = connect_bearer(&server, &token).await.unwrap();
    let _second = connect_bearer(&server, &token).await.unwrap();
    // The third upgrade of the same credential is refused, saying which limit and why.
    let request = format!("{}/ws/chat", server.base.replace("http://", "ws://"));
    let mut request = request.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    match tokio_tungstenite::connect_async(request).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status().as_u16(), 429);
            let body: Value = serde_json::from_slice(response.body().as_deref().unwrap()).unwrap();
            assert_eq!(body["error"]["code"], json!("rate_limited"), "{body}");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(
                message.contains("2 WebSockets")
                    && message.contains("max_websockets_per_credential"),
                "{message}"
            );
        }
        other => panic!("a third socket was not refused: {:?}", other.map(|_| ())),
    }
    // Another credential is not held back by this one's sockets.
    let (_, other_key) = server
        .create_api_key(&token, "other", &["read"], None)
        .await;
    let mut request = format!("{}/ws/chat", server.base.replace("http://", "ws://"))
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("x-api-key", other_key.parse().unwrap());
    tokio_tungstenite::connect_async(request).await.unwrap();
    // A socket closed gives its place back.
    drop(first);
    let mut reopened = None;
    for _ in 0..50 {
        if let Ok(socket) = connect_bearer(&server, &token).await {
            reopened = Some(socket);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        reopened.is_some(),
        "the closed socket's place was not given back"
    );
}
