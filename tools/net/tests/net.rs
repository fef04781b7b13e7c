//! Network checks against servers on loopback: HTTP answers, open and closed ports, and the
//! execute scope that internal targets need.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use warden_protocol::Scope;
use warden_tool_api::{Registry, RegistryBuilder, ToolContext, ToolError, ToolOutput};

fn registry() -> Registry {
    let mut builder = RegistryBuilder::default();
    warden_tool_net::register(&mut builder);
    builder.build().unwrap()
}

async fn call(tool: &str, args: Value, scopes: &[Scope]) -> Result<ToolOutput, ToolError> {
    let context = ToolContext::user("tester", scopes.iter().copied());
    registry().get(tool).unwrap().call(args, &context).await
}

/// Serves canned HTTP responses on loopback: `/` 200, `/down` 503, `/moved` 301, `/big` 1 MiB.
async fn http_server() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                break;
            };
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]);
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, extra, body) = match path.as_str() {
                    "/down" => (
                        "503 Service Unavailable",
                        String::new(),
                        "maintenance".to_owned(),
                    ),
                    "/moved" => (
                        "301 Moved Permanently",
                        "Location: http://169.254.169.254/latest/meta-data\r\n".to_owned(),
                        String::new(),
                    ),
                    "/big" => ("200 OK", String::new(), "x".repeat(1024 * 1024)),
                    _ => ("200 OK", String::new(), "hello warden".to_owned()),
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nServer: test\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    port
}

#[tokio::test]
async fn http_checks_report_status_latency_and_body() {
    let port = http_server().await;
    let execute = [Scope::Read, Scope::Execute];
    let ok = call(
        "http_check",
        json!({"url": format!("http://127.0.0.1:{port}/"), "contains": "warden"}),
        &execute,
    )
    .await
    .unwrap();
    assert!(ok.ok, "{}", ok.output);
    assert_eq!(
        (ok.data["status"].clone(), ok.data["body"].clone()),
        (json!(200), json!("hello warden"))
    );
    assert_eq!(ok.data["headers"]["server"], json!("test"));

    let down = call(
        "http_check",
        json!({"url": format!("http://localhost:{port}/down")}),
        &execute,
    )
    .await
    .unwrap();
    assert!(!down.ok);
    assert_eq!(down.data["status"], json!(503));
    let expected = call(
        "http_check",
        json!({"url": format!("http://127.0.0.1:{port}/down"), "expect_status": 503}),
        &execute,
    )
    .await
    .unwrap();
    assert!(expected.ok, "an expected 503 is healthy");
    let missing_text = call(
        "http_check",
        json!({"url": format!("http://127.0.0.1:{port}/"), "contains": "nope"}),
        &execute,
    )
    .await
    .unwrap();
    assert!(!missing_text.ok && missing_text.output.contains("lacks the expected text"));

    // A redirect toward the metadata service is reported, never followed.
    let moved = call(
        "http_check",
        json!({"url": format!("http://127.0.0.1:{port}/moved")}),
        &execute,
    )
    .await
    .unwrap();
    assert_eq!(moved.data["status"], json!(301));
    assert!(
        moved
            .output
            .contains("redirects to http://169.254.169.254/latest/meta-data (not followed)"),
        "{}",
        moved.output
    );

    let big = call(
        "http_check",
        json!({"url": format!("http://127.0.0.1:{port}/big")}),
        &execute,
    )
    .await
    .unwrap();
    assert!(big.truncated && big.data["body"].as_str().unwrap().len() == 64 * 1024);

    let refused_port = free_port();
    let dead = call(
        "http_check",
        json!({"url": format!("http://127.0.0.1:{refused_port}/")}),
        &execute,
    )
    .await
    .unwrap();
    assert!(!dead.ok);
    assert_eq!(dead.data["error"], json!("could not connect"));
}

#[tokio::test]
async fn internal_targets_need_the_execute_scope() {
    let port = http_server().await;
    for (tool, args) in [
        (
            "http_check",
            json!({"url": format!("http://127.0.0.1:{port}/")}),
        ),
        (
            "http_check",
            json!({"url": format!("http://localhost:{port}/")}),
        ),
        (
            "http_check",
            json!({"url": format!("http://[::ffff:127.0.0.1]:{port}/")}),
        ),
        (
            "http_check",
            json!({"url": "http://169.254.169.254/latest/meta-data"}),
        ),
        ("http_check", json!({"url": "http://10.0.0.1/"})),
        ("port_check", json!({"host": "127.0.0.1", "port": port})),
        ("port_check", json!({"host": "192.168.1.1", "port": 22})),
        ("port_check", json!({"host": "::1", "port": port})),
    ] {
        let err = call(tool, args.clone(), &[Scope::Read]).await.unwrap_err();
        assert!(
            matches!(err, ToolError::Refused(ref m) if m.contains("needs the execute scope")),
            "{tool} {args}: {err}"
        );
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn ports_and_names() {
    let port = http_server().await;
    let execute = [Scope::Read, Scope::Execute];
    let open = call(
        "port_check",
        json!({"host": "127.0.0.1", "port": port}),
        &execute,
    )
    .await
    .unwrap();
    assert_eq!(open.data["state"], json!("open"));
    let closed = call(
        "port_check",
        json!({"host": "127.0.0.1", "port": free_port()}),
        &execute,
    )
    .await
    .unwrap();
    assert_eq!(closed.data["state"], json!("closed"));
    assert!(!closed.ok);

    let resolved = call("dns_lookup", json!({"host": "localhost"}), &[Scope::Read])
        .await
        .unwrap();
    let addresses: Vec<&str> = resolved.data["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["address"].as_str())
        .collect();
    assert!(addresses.contains(&"127.0.0.1"), "{addresses:?}");
    assert_eq!(resolved.data["addresses"][0]["internal"], json!("loopback"));
    let unknown = call(
        "dns_lookup",
        json!({"host": "no-such-host.invalid"}),
        &[Scope::Read],
    )
    .await
    .unwrap();
    assert!(!unknown.ok);
}

#[tokio::test]
async fn bad_arguments_are_named() {
    let execute = [Scope::Read, Scope::Execute];
    for (tool, args, mentions) in [
        (
            "http_check",
            json!({"url": "file:///etc/passwd"}),
            "only http:// and https://",
        ),
        (
            "http_check",
            json!({"url": "ftp://example.com/"}),
            "only http:// and https://",
        ),
        (
            "http_check",
            json!({"url": "http://user:pw@127.0.0.1/"}),
            "no credentials",
        ),
        ("http_check", json!({"url": "not a url"}), "is not a URL"),
        (
            "http_check",
            json!({"url": "http://127.0.0.1/", "method": "DELETE"}),
            "unknown variant",
        ),
        (
            "http_check",
            json!({"url": "http://127.0.0.1/", "timeout_secs": 600}),
            "timeout_secs",
        ),
        (
            "port_check",
            json!({"host": "127.0.0.1", "port": 70000}),
            "invalid value",
        ),
        (
            "port_check",
            json!({"host": "127.0.0.1", "port": 0}),
            "port must be",
        ),
        (
            "port_check",
            json!({"host": "-oProxyCommand=x", "port": 22}),
            "not a host name",
        ),
        ("dns_lookup", json!({"host": "a b"}), "not a host name"),
    ] {
        match call(tool, args.clone(), &execute).await {
            Err(ToolError::InvalidArguments(m)) => {
                assert!(m.contains(mentions), "{tool} {args}: {m}")
            }
            other => panic!("{tool} {args}: {other:?}"),
        }
    }
}
