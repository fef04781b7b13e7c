//! Network checks through the real server: the guard judges the address, not its spelling.
//! Metadata and link-local addresses are refused in every notation, internal ones wait for a
//! human (or are refused to readers), the operator's allowlist opens internal ranges.

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use warden_test_support::error_code;

use super::{site, site_with};

/// Answers every request with 200 "hello warden" on a loopback port.
async fn http_server() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 2048];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\nhello warden")
                    .await;
            });
        }
    });
    port
}

#[tokio::test]
async fn the_metadata_service_is_refused_in_every_spelling_even_to_an_operator() {
    let s = site().await;
    let operator = s.user("operator", &["read", "execute"]).await;
    let urls = [
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://2852039166/",
        "http://0xa9fea9fe/",
        "http://0251.0376.0251.0376/",
        "http://0xa9.0xfe.0xa9.0xfe/",
        "http://169.254.43518/",
        "http://169.254.169.254./",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[fd00:ec2::254]/",
        "http://[fe80::1]/",
        "http://100.100.100.200/",
    ];
    for url in urls {
        for token in [&operator, &s.admin] {
            let (status, body) = s.invoke(token, "http_check", json!({"url": url})).await;
            assert_eq!(
                (status, error_code(&body)),
                (StatusCode::FORBIDDEN, "refused"),
                "{url}: {body}"
            );
            // The address decides; the policy's own rule may name the plainest spelling first.
            let message = body["error"]["message"].as_str().unwrap();
            assert!(
                (message.contains("net-forbidden-address") && message.contains("never reached"))
                    || message.contains("(cloud-metadata)"),
                "{url}: {message}"
            );
        }
    }
    for host in [
        "169.254.169.254",
        "2852039166",
        "0xa9fea9fe",
        "::ffff:169.254.169.254",
        "fd00:ec2::254",
    ] {
        let (status, body) = s
            .invoke(&operator, "port_check", json!({"host": host, "port": 80}))
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::FORBIDDEN, "refused"),
            "{host}"
        );
    }
    // `explain` gives the same answer without running anything.
    let (status, explained) = s
        .server
        .post(
            "/api/v1/policy/explain",
            &operator,
            json!({"tool": "http_check", "args": {"url": "http://0xa9fea9fe/"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{explained}");
    assert_eq!(
        (explained["risk"].clone(), explained["rule"].clone()),
        (json!("forbidden"), json!("net-forbidden-address"))
    );
}

#[tokio::test]
async fn internal_addresses_wait_for_a_human_and_are_refused_to_readers() {
    let s = site().await;
    let port = http_server().await;
    let operator = s.user("operator", &["read", "execute"]).await;
    let reader = s.user("reader", &["read"]).await;
    // Seventeen and more spellings of this machine.
    let loopback = [
        format!("http://127.0.0.1:{port}/"),
        format!("http://127.1:{port}/"),
        format!("http://127.0.1:{port}/"),
        format!("http://2130706433:{port}/"),
        format!("http://0x7f000001:{port}/"),
        format!("http://0x7f.1:{port}/"),
        format!("http://017700000001:{port}/"),
        format!("http://0177.0.0.1:{port}/"),
        format!("http://127.000.000.001:{port}/"),
        format!("http://127.255.255.254:{port}/"),
        format!("http://0:{port}/"),
        format!("http://0.0.0.0:{port}/"),
        format!("http://[::1]:{port}/"),
        format!("http://[::]:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://[::ffff:7f00:1]:{port}/"),
        format!("http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/"),
        format!("http://localhost:{port}/"),
        format!("http://LOCALHOST.:{port}/"),
        format!("http://app.localhost:{port}/"),
    ];
    for url in &loopback {
        let (status, body) = s.invoke(&reader, "http_check", json!({"url": url})).await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::FORBIDDEN, "refused"),
            "{url}: {body}"
        );
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("needs the execute scope"),
            "{body}"
        );
        let (status, approval) = s.invoke(&operator, "http_check", json!({"url": url})).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{url}: {approval}");
        assert_eq!(approval["rule"], json!("net-internal-address"));
    }
    // Approved, it runs against exactly that address.
    let (_, approval) = s
        .invoke(
            &operator,
            "http_check",
            json!({"url": format!("http://0x7f.1:{port}/")}),
        )
        .await;
    let id = approval["id"].as_str().unwrap();
    let (status, _) = s.decide(&s.admin, id, "approve").await;
    assert_eq!(status, StatusCode::OK);
    let done = s.executed(id).await;
    assert_eq!(done["outcome"]["ok"], json!(true), "{done}");
    assert!(
        done["outcome"]["output"]
            .as_str()
            .unwrap()
            .contains("-> 200"),
        "{done}"
    );
    // Other schemes never reach anything, for anyone.
    for url in [
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/",
        "ftp://127.0.0.1/",
        "dict://127.0.0.1:11211/",
    ] {
        let (status, body) = s.invoke(&reader, "http_check", json!({"url": url})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            body["error_code"],
            json!("invalid_arguments"),
            "{url}: {body}"
        );
    }
}

#[tokio::test]
async fn the_allowlist_opens_an_internal_range_to_every_caller_and_nothing_else() {
    let s = site_with(|c| {
        c.tools.net_allow = warden_tool_net::AllowList::parse(&["127.0.0.0/8"]).unwrap();
    })
    .await;
    let port = http_server().await;
    let reader = s.user("reader", &["read"]).await;
    let (status, body) = s
        .invoke(
            &reader,
            "http_check",
            json!({"url": format!("http://127.1:{port}/")}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["risk"].clone(), body["data"]["status"].clone()),
        (json!("low"), json!(200))
    );
    let (status, _) = s
        .invoke(&reader, "http_check", json!({"url": "http://10.0.0.1/"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s
        .invoke(
            &s.admin,
            "http_check",
            json!({"url": "http://169.254.169.254/"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
