//! Clients that open connections and then send their headers slowly or not at all: each is
//! disconnected once `http.header_read_timeout_secs` has passed, so a crowd of them cannot take
//! every connection the server may hold, and the server keeps answering everyone else.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use warden_test_support::TestServer;

/// Reads until the server closes the connection; how long that took, and what it sent.
async fn until_closed(stream: &mut TcpStream) -> (Duration, String) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(Duration::from_secs(20), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => {
                return (
                    Duration::from_secs(20),
                    String::from_utf8_lossy(&received).into_owned(),
                );
            }
        }
    }
    (
        started.elapsed(),
        String::from_utf8_lossy(&received).into_owned(),
    )
}

#[tokio::test]
async fn connections_that_never_finish_their_headers_are_closed_and_crowd_nobody_out() {
    let server = TestServer::builder()
        .configure(|c| {
            c.http.header_read_timeout_secs = 1;
            c.http.max_connections = 8;
        })
        .start()
        .await;
    let addr = server
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    // More silent or trickling clients than the server serves at once.
    let mut idle = Vec::new();
    for n in 0..12 {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        if n % 2 == 0 {
            stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                .await
                .unwrap();
        }
        idle.push(stream);
    }
    // Everyone else is still answered: at worst once the silent ones are cut off.
    let started = Instant::now();
    let (status, _) = server
        .send(server.request(reqwest::Method::GET, "/healthz"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "/healthz took {:?} behind silent connections",
        started.elapsed()
    );
    for (n, stream) in idle.iter_mut().enumerate() {
        let (after, _) = until_closed(stream).await;
        assert!(
            after < Duration::from_secs(10),
            "{n}: closed after {after:?}"
        );
    }
    // A complete request on a fresh connection is served as before.
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (_, answer) = until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// `host:port` of `server`, for raw connections.
fn address(server: &TestServer) -> String {
    server
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
}

#[tokio::test]
async fn a_kept_alive_connection_that_goes_silent_after_a_request_is_closed() {
    let server = TestServer::builder()
        .configure(|c| c.http.keep_alive_idle_secs = 1)
        .start()
        .await;
    let mut stream = TcpStream::connect(address(&server)).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0u8; 12];
    stream.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    // One request answered, then nothing: the slot is given back after the idle bound, long
    // before the 15 s header timeout (which starts only with a next request's first byte).
    let (after, _) = until_closed(&mut stream).await;
    assert!(
        after < Duration::from_secs(5),
        "an idle kept-alive connection stayed open {after:?}"
    );
    // A client that keeps asking is not idle: four requests over twice the bound, one connection.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    for _ in 0..4 {
        let response = client.get(server.url("/healthz")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let _ = response.bytes().await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn a_websocket_open_longer_than_the_idle_bound_stays_open() {
    let server = TestServer::builder()
        .configure(|c| c.http.keep_alive_idle_secs = 1)
        .start()
        .await;
    let admin = server.admin_token().await;
    let mut socket = crate::websocket::connect_bearer(&server, &admin)
        .await
        .unwrap();
    // Silent for three idle bounds: an upgraded connection is the chat's to bound, not the
    // keep-alive's.
    tokio::time::sleep(Duration::from_secs(3)).await;
    crate::websocket::send(&mut socket, serde_json::json!({"type": "ping"})).await;
    assert_eq!(
        crate::websocket::next(&mut socket).await,
        Some(serde_json::json!({"type": "pong"}))
    );
}

#[tokio::test]
async fn a_streamed_answer_longer_than_the_idle_bound_completes() {
    use futures_util::StreamExt;
    use warden_test_llm::Gate;
    use warden_test_support::{Reply, ScriptedLlm, scripted_model};

    let llm = ScriptedLlm::start().await;
    let gate = Gate::new();
    llm.push(Reply::Gated {
        first: "Disk at 91%, ".to_owned(),
        gate: gate.clone(),
        rest: "the build cache fills it.".to_owned(),
    });
    let model = scripted_model("local", &llm, true);
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![model];
            c.http.keep_alive_idle_secs = 1;
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let response = server
        .request(reqwest::Method::POST, "/api/v1/chat")
        .bearer_auth(&admin)
        .header("accept", "text/event-stream")
        .json(&serde_json::json!({"message": "disk?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // The model holds its answer back for three idle bounds, the client sending nothing.
    let opener = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(3)).await;
        gate.open();
    });
    let mut body = response.bytes_stream();
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !text.contains("event: complete") {
        let chunk = tokio::time::timeout_at(deadline, body.next())
            .await
            .expect("the stream goes on")
            .unwrap_or_else(|| panic!("the stream was cut: {text}"))
            .unwrap_or_else(|e| panic!("the stream was cut ({e}): {text}"));
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    opener.await.unwrap();
    assert!(text.contains("the build cache fills it."), "{text}");
}
