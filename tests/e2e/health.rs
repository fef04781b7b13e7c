//! Health, readiness, metrics, security headers, CORS and request ids.

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::json;
use warden_test_support::TestServer;

#[tokio::test]
async fn health_and_readiness() {
    let server = TestServer::start().await;
    let (status, body) = server.send(server.request(Method::GET, "/healthz")).await;
    assert_eq!(
        (status, body["status"].clone()),
        (StatusCode::OK, json!("ok"))
    );
    let (status, body) = server.send(server.request(Method::GET, "/readyz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["checks"][0],
        json!({"name": "database", "ok": true, "detail": "sqlite", "required": true})
    );
    assert_eq!(body["ready"], json!(true));
    // runsc is installed by `make test`: medium-risk calls run sandboxed.
    assert_eq!(
        (
            body["checks"][1]["name"].clone(),
            body["checks"][1]["ok"].clone(),
            body["checks"][1]["required"].clone()
        ),
        (json!("sandbox"), json!(true), json!(false)),
        "{body}"
    );
    // Test servers run without the built-in embedder: recall ranks by words, and readiness says
    // so without failing over it.
    assert_eq!(
        body["checks"][4],
        json!({
            "name": "memory",
            "ok": false,
            "detail": "embedded in the database: embeddings are off; recall ranks by words; 0 vectors indexed (0.0 MiB)",
            "required": false
        })
    );
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let server = TestServer::start().await;
    // A closed pool is what a lost database looks like to the server.
    server.close_store().await;
    let (status, body) = server.send(server.request(Method::GET, "/readyz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["ready"], json!(false));
    assert_eq!(body["checks"][0]["ok"], json!(false));
    // Routes that need the database say so with a 503, not a 500.
    let (status, body) = server
        .try_login("admin", warden_test_support::ADMIN_PASSWORD)
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(warden_test_support::error_code(&body), "unavailable");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let server = TestServer::start().await;
    server.try_login("admin", "wrong password!").await;
    server.admin_token().await;
    let response = server
        .request(Method::GET, "/metrics")
        .send()
        .await
        .expect("metrics");
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let text = response.text().await.expect("text");
    for expected in [
        "warden_http_requests_total{method=\"POST\",route=\"/api/v1/auth/login\",status=\"401\"} 1",
        "warden_http_requests_total{method=\"POST\",route=\"/api/v1/auth/login\",status=\"200\"} 1",
        "warden_auth_events_total{event=\"login_failed\"} 1",
        "warden_auth_events_total{event=\"login\"} 1",
        "warden_http_request_duration_seconds_count{route=\"/api/v1/auth/login\"} 2",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[tokio::test]
async fn security_headers_and_request_ids_on_every_response() {
    let server = TestServer::start().await;
    for path in ["/healthz", "/api/v1/users", "/nowhere"] {
        let response = server
            .request(Method::GET, path)
            .header("x-request-id", "trace-me-123")
            .send()
            .await
            .expect("request");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert!(
            header("content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(
            header("x-request-id"),
            "trace-me-123",
            "{path}: the caller's id is propagated"
        );
    }
    let response = server
        .request(Method::GET, "/healthz")
        .send()
        .await
        .expect("request");
    let generated = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(
        generated.len(),
        36,
        "a UUID is generated when none is sent: {generated}"
    );
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let server = TestServer::builder()
        .configure(|c| c.http.cors_origins = vec!["https://ops.example.com".to_owned()])
        .start()
        .await;
    let preflight = |origin: &'static str| {
        server
            .request(Method::OPTIONS, "/api/v1/auth/me")
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let allowed = preflight("https://ops.example.com")
        .await
        .expect("preflight");
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("https://ops.example.com")
    );
    let refused = preflight("https://evil.example.net")
        .await
        .expect("preflight");
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let default_server = TestServer::start().await;
    let response = default_server
        .request(Method::GET, "/healthz")
        .header("origin", "https://ops.example.com")
        .send()
        .await
        .expect("request");
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "no origin is allowed by default"
    );
}
