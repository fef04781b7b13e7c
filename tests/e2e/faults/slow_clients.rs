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
