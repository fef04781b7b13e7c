//! Accounts and headers through the real server: usernames unique without regard to case and
//! Unicode forms, tokens issued in the future refused, request ids bounded, deeply nested bodies
//! refused cleanly.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_test_support::{TestServer, USER_PASSWORD, error_code};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[tokio::test]
async fn a_name_that_differs_only_by_case_or_form_is_taken() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    for clash in ["Admin", "ADMIN", "aDmIn"] {
        let (status, body) = server
            .post(
                "/api/v1/users",
                &admin,
                json!({"username": clash, "password": USER_PASSWORD, "scopes": ["read"]}),
            )
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (StatusCode::CONFLICT, "conflict"),
            "{clash}"
        );
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("without regard to case"),
            "{body}"
        );
    }
    // Compatibility forms are not names at all here; they never become a second admin.
    let (status, _) = server
        .post(
            "/api/v1/users",
            &admin,
            json!({"username": "ａｄｍｉｎ", "password": USER_PASSWORD, "scopes": ["read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    server.create_user(&admin, "alice", &["read"]).await;
    let (status, _) = server
        .post(
            "/api/v1/users",
            &admin,
            json!({"username": "ALICE", "password": USER_PASSWORD, "scopes": ["read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, users) = server.get("/api/v1/users", &admin).await;
    let names: Vec<&str> = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["username"].as_str())
        .collect();
    assert_eq!(names, ["admin", "alice"]);
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_refused() {
    let server = TestServer::start().await;
    let login = server
        .login("admin", warden_test_support::ADMIN_PASSWORD)
        .await;
    let key = std::fs::read(server.data_dir().join("jwt-signing.key")).unwrap();
    let part = login.access_token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap();
    let sign = |claims: &Value| {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(&key),
        )
        .unwrap()
    };
    // The same claims but for `iat`: accepted when it lies in the past (or a second ahead,
    // clock skew), refused when it lies in the future.
    let with_iat = |iat: i64| {
        let mut forged = claims.clone();
        forged["iat"] = json!(iat);
        forged["nbf"] = json!(now() - 1);
        forged["exp"] = json!(now() + 3000);
        sign(&forged)
    };
    for (iat, expected) in [
        (now() - 60, StatusCode::OK),
        (now() + 1, StatusCode::OK),
        (now() + 3600, StatusCode::UNAUTHORIZED),
        (now() + 10 * 365 * 86400, StatusCode::UNAUTHORIZED),
    ] {
        let (status, body) = server.get("/api/v1/auth/me", &with_iat(iat)).await;
        assert_eq!(status, expected, "iat {iat}: {body}");
        if expected == StatusCode::UNAUTHORIZED {
            assert_eq!(error_code(&body), "invalid_credentials");
        }
    }
}

async fn echoed_id(server: &TestServer, sent: &[&str]) -> String {
    let mut request = server.request(Method::GET, "/healthz");
    for id in sent {
        request = request.header("x-request-id", *id);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn request_ids_are_bounded_or_replaced() {
    let server = TestServer::start().await;
    let long = "A".repeat(9000);
    let at_limit = "b".repeat(128);
    let over = "c".repeat(129);
    for kept in [
        "trace-me-123",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        at_limit.as_str(),
    ] {
        assert_eq!(echoed_id(&server, &[kept]).await, kept);
    }
    for replaced in [
        long.as_str(),
        over.as_str(),
        "has space",
        "<script>",
        "id;drop",
        "naïve",
    ] {
        let got = echoed_id(&server, &[replaced]).await;
        assert_eq!(got.len(), 36, "{replaced:.40} -> {got:.40}");
        assert!(uuid_like(&got), "{got}");
    }
    let got = echoed_id(&server, &["one", "two"]).await;
    assert!(uuid_like(&got), "two ids: {got}");
}

fn uuid_like(text: &str) -> bool {
    text.len() == 36 && text.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

#[tokio::test]
async fn deeply_nested_and_oversized_bodies_are_refused_cleanly() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let nested = format!(
        "{{\"args\": {}0{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (status, body) = server
        .send(
            server
                .request(Method::POST, "/api/v1/tools/system_info/invoke")
                .bearer_auth(&admin)
                .header("content-type", "application/json")
                .body(nested),
        )
        .await;
    assert!(status.is_client_error(), "{status}: {body}");
    error_code(&body);
    let deep_object = format!("{}1{}", "{\"a\":".repeat(5000), "}".repeat(5000));
    let (status, body) = server
        .send(
            server
                .request(Method::POST, "/api/v1/policy/explain")
                .bearer_auth(&admin)
                .header("content-type", "application/json")
                .body(deep_object),
        )
        .await;
    assert!(status.is_client_error(), "{status}: {body}");
    let huge = format!(
        "{{\"args\": {{\"x\": \"{}\"}}}}",
        "x".repeat(2 * 1024 * 1024)
    );
    let (status, body) = server
        .send(
            server
                .request(Method::POST, "/api/v1/tools/system_info/invoke")
                .bearer_auth(&admin)
                .header("content-type", "application/json")
                .body(huge),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
    // The server is still there.
    let (status, _) = server.get("/api/v1/auth/me", &admin).await;
    assert_eq!(status, StatusCode::OK);
}
