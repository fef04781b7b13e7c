//! Login lockout, rate limits per address and per identity, and X-Forwarded-For handling.

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::json;
use warden_test_support::{ADMIN_PASSWORD, TestServer, error_code};

fn retry_after(response: &reqwest::Response) -> u64 {
    response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After header in seconds")
}

async fn login_from(
    server: &TestServer,
    user: &str,
    password: &str,
    forwarded: Option<&str>,
) -> reqwest::Response {
    let mut request = server
        .request(Method::POST, "/api/v1/auth/login")
        .json(&json!({"username": user, "password": password}));
    if let Some(ip) = forwarded {
        request = request.header("x-forwarded-for", ip);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn five_failures_lock_the_user_from_that_address_even_for_the_right_password() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    server.create_user(&admin, "bob", &["read"]).await;
    for attempt in 1..=5 {
        let response = login_from(&server, "admin", "wrong password!!", None).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let locked = login_from(&server, "admin", ADMIN_PASSWORD, None).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&locked);
    assert!((1..=900).contains(&wait), "Retry-After {wait}");
    let body: serde_json::Value = locked.json().await.expect("body");
    assert_eq!(error_code(&body), "login_locked");

    // A spoofed X-Forwarded-For from an untrusted peer does not pick another bucket.
    let spoofed = login_from(&server, "admin", ADMIN_PASSWORD, Some("198.51.100.23")).await;
    assert_eq!(spoofed.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another user from the same address is not locked.
    assert_eq!(
        login_from(&server, "bob", warden_test_support::USER_PASSWORD, None)
            .await
            .status(),
        StatusCode::OK
    );
    // Existing sessions keep working: the lockout is about guessing, not about the account.
    assert_eq!(
        server.get("/api/v1/auth/me", &admin).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn unknown_users_fail_like_wrong_passwords() {
    let server = TestServer::start().await;
    let (unknown_status, unknown) = server.try_login("nobody", "whatever password").await;
    let (wrong_status, wrong) = server.try_login("admin", "whatever password").await;
    assert_eq!(unknown_status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        (unknown_status, unknown),
        (wrong_status, wrong),
        "the answer does not reveal whether the user exists"
    );
}

#[tokio::test]
async fn requests_past_the_limit_get_429_with_retry_after() {
    let server = TestServer::builder()
        .configure(|c| c.rate_limit.per_minute = 5)
        .start()
        .await;
    let admin = server.admin_token().await; // one request: the login
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = server
            .request(Method::GET, "/api/v1/auth/me")
            .bearer_auth(&admin)
            .send()
            .await
            .expect("request");
        statuses.push(response.status().as_u16());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(retry_after(&response) >= 1);
            let body: serde_json::Value = response.json().await.expect("body");
            assert_eq!(error_code(&body), "rate_limited");
        }
    }
    assert_eq!(statuses, vec![200, 200, 200, 200, 429]);
    // A spoofed X-Forwarded-For changes nothing.
    let spoofed = server
        .request(Method::GET, "/api/v1/auth/me")
        .bearer_auth(&admin)
        .header("x-forwarded-for", "203.0.113.50")
        .send()
        .await
        .expect("request");
    assert_eq!(spoofed.status(), StatusCode::TOO_MANY_REQUESTS);
    // Health checks are never throttled.
    assert_eq!(
        server
            .request(Method::GET, "/healthz")
            .send()
            .await
            .expect("request")
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn identities_are_limited_across_addresses_behind_a_trusted_proxy() {
    let server = TestServer::builder()
        .configure(|c| {
            c.rate_limit.per_minute = 3;
            c.http.trusted_proxies = vec!["127.0.0.1".parse().expect("net")];
        })
        .start()
        .await;
    let token = server
        .request(Method::POST, "/api/v1/auth/login")
        .header("x-forwarded-for", "198.51.100.1")
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .expect("login")
        .json::<serde_json::Value>()
        .await
        .expect("tokens")["access_token"]
        .as_str()
        .expect("access token")
        .to_owned();
    // Each request from a different client address: the address buckets never fill, the
    // identity's bucket does.
    let mut statuses = Vec::new();
    for i in 0..4 {
        let status = server
            .request(Method::GET, "/api/v1/auth/me")
            .bearer_auth(&token)
            .header("x-forwarded-for", format!("198.51.100.{}", 10 + i))
            .send()
            .await
            .expect("request")
            .status();
        statuses.push(status.as_u16());
    }
    assert_eq!(statuses, vec![200, 200, 200, 429]);
}

#[tokio::test]
async fn a_trusted_proxy_forwarded_address_keys_the_lockout() {
    let server = TestServer::builder()
        .configure(|c| c.http.trusted_proxies = vec!["127.0.0.0/8".parse().expect("net")])
        .start()
        .await;
    for _ in 0..5 {
        login_from(&server, "admin", "wrong password!!", Some("198.51.100.7")).await;
    }
    assert_eq!(
        login_from(&server, "admin", ADMIN_PASSWORD, Some("198.51.100.7"))
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // The client wrote its own X-Forwarded-For; the proxy appended the real address. Only the
    // appended one counts.
    assert_eq!(
        login_from(
            &server,
            "admin",
            ADMIN_PASSWORD,
            Some("198.51.100.7, 198.51.100.8")
        )
        .await
        .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn per_route_overrides_have_their_own_budget() {
    let server = TestServer::builder()
        .configure(|c| {
            c.rate_limit
                .routes
                .insert("/api/v1/auth/login".to_owned(), 2);
        })
        .start()
        .await;
    assert_eq!(
        server.try_login("admin", ADMIN_PASSWORD).await.0,
        StatusCode::OK
    );
    assert_eq!(
        server.try_login("admin", ADMIN_PASSWORD).await.0,
        StatusCode::OK
    );
    let (status, body) = server.try_login("admin", ADMIN_PASSWORD).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(
        server
            .send(server.request(Method::GET, "/api/v1/openapi.json"))
            .await
            .0,
        StatusCode::OK
    );
}
