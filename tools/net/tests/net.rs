//! Network checks against servers on loopback: HTTP answers, open and closed ports, and the
//! execute scope that internal targets need.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use warden_protocol::Scope;
use warden_tool_api::{
    ArgumentJudgement, Registry, RegistryBuilder, ToolContext, ToolError, ToolOutput,
};
use warden_tool_net::{AllowList, NetConfig};

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
    assert_eq!(
        resolved.data["addresses"][0]["internal"],
        json!("loopback (127.0.0.0/8)")
    );
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

fn judged(tool: &str, args: &Value, scopes: &[Scope], registry: &Registry) -> &'static str {
    let context = ToolContext::user("tester", scopes.iter().copied());
    match registry.get(tool).unwrap().judge(args, &context) {
        None => "none",
        Some(ArgumentJudgement::Approval { .. }) => "approval",
        Some(ArgumentJudgement::Refused { .. }) => "refused",
    }
}

/// Every spelling of the metadata service, and link-local addresses: refused for every caller,
/// before anything runs (the judgement the guard asks for) and by the tool itself.
#[tokio::test]
async fn metadata_and_link_local_addresses_are_refused_in_every_spelling() {
    let registry = registry();
    let everyone = [Scope::Admin];
    let mut cases: Vec<(&str, Value)> = [
        "http://169.254.169.254/latest/meta-data/",
        "http://2852039166/",
        "http://0xa9fea9fe/",
        "http://0xA9FEA9FE/",
        "http://0251.0376.0251.0376/",
        "http://0xa9.0xfe.0xa9.0xfe/",
        "http://0251.254.0xa9.254/",
        "http://169.254.43518/",
        "http://169.16689662/",
        "http://169.254.169.254./",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[::169.254.169.254]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[fe80::1]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://METADATA.google.internal./",
        "http://100.100.100.200/latest/meta-data/",
        "https://169.254.170.2/v2/credentials",
    ]
    .iter()
    .map(|url| ("http_check", json!({"url": url})))
    .collect();
    for host in [
        "169.254.169.254",
        "2852039166",
        "0xa9fea9fe",
        "0251.0376.0251.0376",
        "169.254.43518",
        "::ffff:169.254.169.254",
        "[::ffff:169.254.169.254]",
        "fd00:ec2::254",
        "fe80::1%eth0",
        "[fe80::a:b]",
        "metadata.google.internal",
    ] {
        cases.push(("port_check", json!({"host": host, "port": 80})));
    }
    for (tool, args) in cases {
        assert_eq!(
            judged(tool, &args, &everyone, &registry),
            "refused",
            "{tool} {args}"
        );
        let context = ToolContext::user("tester", everyone);
        let ran = registry
            .get(tool)
            .unwrap()
            .call(args.clone(), &context)
            .await;
        assert!(
            matches!(&ran, Err(ToolError::Refused(m)) if m.contains("never reached")),
            "{tool} {args}: {ran:?}"
        );
    }
}

/// Loopback and private addresses in any spelling wait for approval for an `execute` holder
/// and are refused for a reader; public addresses and names add nothing to the policy.
#[tokio::test]
async fn internal_addresses_are_judged_by_address_not_by_spelling() {
    let registry = registry();
    for url in [
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://017700000001/",
        "http://0x7f.1/",
        "http://0/",
        "http://0.0.0.0:8080/",
        "http://[::1]/",
        "http://[::]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://localhost/",
        "http://LOCALHOST./",
        "http://app.localhost/",
        "http://10.0.0.1/",
        "http://0x0a000001/",
        "http://172.16.0.1/",
        "http://192.168.0.1/",
        "http://100.64.0.1/",
        "http://[fd12::1]/",
    ] {
        let args = json!({"url": url});
        assert_eq!(
            judged(
                "http_check",
                &args,
                &[Scope::Read, Scope::Execute],
                &registry
            ),
            "approval",
            "{url}"
        );
        assert_eq!(
            judged("http_check", &args, &[Scope::Read], &registry),
            "refused",
            "{url}"
        );
    }
    for host in [
        "127.0.0.1",
        "0x7f000001",
        "2130706433",
        "::1",
        "10.1.2.3",
        "localhost",
    ] {
        let args = json!({"host": host, "port": 22});
        assert_eq!(
            judged(
                "port_check",
                &args,
                &[Scope::Read, Scope::Execute],
                &registry
            ),
            "approval",
            "{host}"
        );
    }
    for url in [
        "http://93.184.216.34/",
        "https://example.com/health",
        "http://8.8.8.8:53/",
    ] {
        assert_eq!(
            judged(
                "http_check",
                &json!({"url": url}),
                &[Scope::Read],
                &registry
            ),
            "none",
            "{url}"
        );
    }
    // Arguments the tool cannot parse add nothing: the call refuses them itself.
    assert_eq!(
        judged(
            "http_check",
            &json!({"url": "not a url"}),
            &[Scope::Read],
            &registry
        ),
        "none"
    );
}

/// An operator's allowlist opens internal ranges to every caller, never metadata addresses.
#[tokio::test]
async fn the_allowlist_opens_internal_ranges_only() {
    let port = http_server().await;
    let mut builder = RegistryBuilder::default();
    warden_tool_net::register_with(
        &mut builder,
        &NetConfig {
            allow: AllowList::parse(&["127.0.0.0/8"]).unwrap(),
        },
    );
    let registry = builder.build().unwrap();
    let args = json!({"url": format!("http://127.0.0.1:{port}/")});
    assert_eq!(
        judged("http_check", &args, &[Scope::Read], &registry),
        "none"
    );
    let context = ToolContext::user("tester", [Scope::Read]);
    let ok = registry
        .get("http_check")
        .unwrap()
        .call(args, &context)
        .await
        .unwrap();
    assert_eq!(ok.data["status"], json!(200));
    let other = json!({"url": "http://10.0.0.1/"});
    assert_eq!(
        judged("http_check", &other, &[Scope::Read], &registry),
        "refused"
    );
    assert!(AllowList::parse(&["169.254.0.0/16"]).is_err());
}
