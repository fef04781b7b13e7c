//! What the HTTP layer refuses before any route runs (a malformed request line or header, a
//! head over its bounds, a target too long, HTTP/2's preface) and a body that trickles in: each
//! is answered with the house JSON error body naming what was wrong and the bound, never an
//! empty body or a hang, and the server keeps serving.

use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use warden_test_support::TestServer;

fn address(server: &TestServer) -> String {
    server
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
}

/// A response read off the wire: status, lower-cased head, body.
struct Raw {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Raw {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not a JSON body ({e}): {}\n{}",
                self.head,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// Asserts the house error shape: the status, a JSON content type, the code, and a message
    /// holding every one of `mentions`.
    fn assert_error(&self, what: &str, status: u16, code: &str, mentions: &[&str]) {
        assert_eq!(self.status, status, "{what}: {}", self.head);
        assert!(
            self.head.contains("content-type: application/json"),
            "{what}: {}",
            self.head
        );
        let body = self.json();
        assert_eq!(body["error"]["code"], code, "{what}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        for mention in mentions {
            assert!(
                message.contains(mention),
                "{what}: `{mention}` in {message}"
            );
        }
    }
}

/// Reads one response from `stream` (the server closes after these refusals, or sends a
/// Content-Length), within 10 s.
async fn read_response(stream: &mut TcpStream) -> Raw {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let read = async {
        loop {
            if let Some(end) = find(&received, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length: "))
                    .and_then(|n| n.trim().parse::<usize>().ok());
                if length.is_some_and(|n| received.len() >= end + 4 + n) {
                    break;
                }
            }
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .expect("no answer within 10 s");
    let end = find(&received, b"\r\n\r\n").unwrap_or_else(|| {
        panic!(
            "no response head in {:?}",
            String::from_utf8_lossy(&received)
        )
    });
    let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
    let status = head
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    Raw {
        status,
        head,
        body: received[end + 4..].to_vec(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Sends `bytes` on a fresh connection and reads the answer.
async fn exchange(addr: &str, bytes: &[u8]) -> Raw {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // A refusal may come (and the connection close) before all of a long head is written.
    let _ = stream.write_all(bytes).await;
    read_response(&mut stream).await
}

#[tokio::test]
async fn refusals_of_the_http_layer_carry_a_json_body_naming_the_bound() {
    let server = TestServer::builder()
        .configure(|c| {
            c.http.max_header_bytes = 8192;
            c.http.max_headers = 20;
            c.http.max_uri_bytes = 1024;
        })
        .start()
        .await;
    let addr = address(&server);
    let malformed: &[(&str, &[u8])] = &[
        (
            "a control character in the target",
            b"GET /\x01x HTTP/1.1\r\nHost: x\r\n\r\n",
        ),
        (
            "a space in a header name",
            b"GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n",
        ),
        (
            "a NUL in a header value",
            b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n",
        ),
        ("no version", b"GET /\r\nHost: x\r\n\r\n"),
        (
            "HTTP/2.0 in an HTTP/1 request line",
            b"GET / HTTP/2.0\r\nHost: x\r\n\r\n",
        ),
        ("HTTP/3", b"GET / HTTP/3\r\nHost: x\r\n\r\n"),
        (
            "an empty header name",
            b"GET / HTTP/1.1\r\nHost: x\r\n: y\r\n\r\n",
        ),
        (
            "garbage",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
        ),
    ];
    for (what, bytes) in malformed {
        exchange(&addr, bytes).await.assert_error(
            what,
            400,
            "malformed_request",
            &["not valid HTTP/1.1", "HTTP/1.0 and HTTP/1.1"],
        );
    }

    let many: String = (0..30).map(|i| format!("X-H{i}: v\r\n")).collect();
    exchange(
        &addr,
        format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{many}\r\n").as_bytes(),
    )
    .await
    .assert_error(
        "30 header fields",
        431,
        "headers_too_large",
        &[
            "20 header fields (http.max_headers)",
            "8192 bytes (http.max_header_bytes)",
        ],
    );
    let big = "v".repeat(10_000);
    exchange(
        &addr,
        format!("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n").as_bytes(),
    )
    .await
    .assert_error("a 10 KB header", 431, "headers_too_large", &["8192 bytes"]);
    let long_path = format!("/api/v1/conversations?q={}", "a".repeat(2000));
    exchange(
        &addr,
        format!("GET {long_path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
    )
    .await
    .assert_error(
        "a 2 KB target",
        414,
        "uri_too_long",
        &["2024 bytes", "1024", "http.max_uri_bytes"],
    );
    // Over the head's bound, a long target is refused by the head's bound.
    let longer = format!("/{}", "a".repeat(9000));
    exchange(
        &addr,
        format!("GET {longer} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
    )
    .await
    .assert_error("a 9 KB target", 431, "headers_too_large", &["8192 bytes"]);
    // HTTP/2 with prior knowledge is not served: said in HTTP/1.1, which a person can read.
    exchange(&addr, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .await
        .assert_error(
            "HTTP/2's preface",
            505,
            "malformed_request",
            &["HTTP/1.1 only"],
        );

    // The same through an ordinary client, and the server still serves.
    let (status, body) = server
        .send(server.request(
            Method::GET,
            &format!("/api/v1/tools?x={}", "b".repeat(1100)),
        ))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::URI_TOO_LONG, Some("uri_too_long"))
    );
    let (status, _) = server.send(server.request(Method::GET, "/healthz")).await;
    assert_eq!(status, StatusCode::OK);
}

/// A request line and headers that stop, or trickle, past `http.header_read_timeout_secs` are
/// answered 408 naming the bound (hyper alone closed the connection without a word).
#[tokio::test]
async fn a_head_that_stalls_or_trickles_is_answered_408_naming_the_bound() {
    let server = TestServer::builder()
        .configure(|c| c.http.header_read_timeout_secs = 1)
        .start()
        .await;
    let addr = address(&server);
    // Stopped mid-header.
    let started = Instant::now();
    exchange(&addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Half: ab")
        .await
        .assert_error(
            "a stalled head",
            408,
            "timeout",
            &["within 1 s", "http.header_read_timeout_secs"],
        );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    // A byte every 200 ms, on a connection that already served a request.
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let first = read_response(&mut stream).await;
    assert_eq!(first.status, 200, "{}", first.head);
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 0123456789abcdef".iter() {
            if writer.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let mut back = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), reader.read_to_end(&mut back)).await;
    trickle.abort();
    let text = String::from_utf8_lossy(&back);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("http.header_read_timeout_secs"), "{text}");
    let (status, _) = server.send(server.request(Method::GET, "/healthz")).await;
    assert_eq!(status, StatusCode::OK);
}

/// A body sent a byte at a time after its headers is cut off at `http.body_read_timeout_secs`
/// on every kind of route: REST JSON, the Alertmanager webhook, chat runs, MCP and the
/// OpenAI-compatible completions (the last three run outside the request timeout).
#[tokio::test]
async fn a_body_that_trickles_is_answered_408_on_every_route() {
    let server = TestServer::builder()
        .configure(|c| {
            c.http.body_read_timeout_secs = 1;
            c.http.request_timeout_secs = 60;
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    let addr = address(&server);
    for path in [
        "/api/v1/users",
        "/api/v1/alerts/alertmanager",
        "/api/v1/chat",
        "/api/v1/tools/run_command/invoke",
        "/mcp",
        "/v1/chat/completions",
    ] {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {admin}\r\n\
             Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n\
             Content-Length: 200\r\n\r\n{{"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let started = Instant::now();
        let (mut reader, mut writer) = stream.into_split();
        let trickle = tokio::spawn(async move {
            for _ in 0..100 {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if writer.write_all(b" ").await.is_err() {
                    return;
                }
            }
        });
        let mut stream_back = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), async {
            let mut buffer = [0u8; 4096];
            loop {
                match reader.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        stream_back.extend_from_slice(&buffer[..n]);
                        if let Some(end) = find(&stream_back, b"\r\n\r\n") {
                            let head =
                                String::from_utf8_lossy(&stream_back[..end]).to_ascii_lowercase();
                            let length = head
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length: "))
                                .and_then(|n| n.trim().parse::<usize>().ok());
                            if length.is_some_and(|n| stream_back.len() >= end + 4 + n) {
                                break;
                            }
                        }
                    }
                }
            }
        })
        .await;
        trickle.abort();
        assert!(read.is_ok(), "{path}: no answer within 10 s");
        let elapsed = started.elapsed();
        let end = find(&stream_back, b"\r\n\r\n").unwrap_or_else(|| panic!("{path}: no head"));
        let head = String::from_utf8_lossy(&stream_back[..end]).to_ascii_lowercase();
        let body: Value = serde_json::from_slice(&stream_back[end + 4..])
            .unwrap_or_else(|e| panic!("{path}: {e}: {head}"));
        assert!(head.starts_with("http/1.1 408"), "{path}: {head} {body}");
        assert_eq!(body["error"]["code"], "timeout", "{path}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("http.body_read_timeout_secs") && message.contains("1 s"),
            "{path}: {message}"
        );
        assert!(
            elapsed < Duration::from_secs(5),
            "{path}: answered after {elapsed:?}"
        );
    }
    // Nothing half-sent was stored, and a body sent at once is still read.
    let (status, body) = server
        .send(
            server
                .request(Method::POST, "/api/v1/users")
                .bearer_auth(&admin)
                .json(&serde_json::json!({"username": "late", "password": "long enough password", "scopes": ["read"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}
