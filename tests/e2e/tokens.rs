//! Forged and misused credentials are refused; revocations take effect at once.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_protocol::clock::TestClock;
use warden_test_support::{TestServer, USER_PASSWORD, error_code};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn payload(token: &str) -> Value {
    let part = token.split('.').nth(1).expect("payload part");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64")).expect("claims")
}

fn sign(claims: &Value, alg: Algorithm, key: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(key)).expect("sign")
}

async fn me(server: &TestServer, token: &str) -> (StatusCode, Value) {
    server.get("/api/v1/auth/me", token).await
}

async fn assert_refused(server: &TestServer, token: &str, why: &str) -> String {
    let (status, body) = me(server, token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{why}: {body}");
    assert_eq!(error_code(&body), "invalid_credentials", "{why}");
    body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn forged_and_misused_access_tokens_are_refused() {
    let server = TestServer::start().await;
    let login = server
        .login("admin", warden_test_support::ADMIN_PASSWORD)
        .await;
    let (status, _) = me(&server, &login.access_token).await;
    assert_eq!(status, StatusCode::OK, "the genuine token works");

    let key = std::fs::read(server.data_dir().join("jwt-signing.key")).expect("signing key");
    let claims = payload(&login.access_token);

    // alg: none, with and without a trailing signature.
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).expect("json"));
    assert_refused(&server, &format!("{header}.{body}."), "alg none").await;
    assert_refused(&server, &format!("{header}.{body}"), "alg none, two parts").await;

    // Right claims, wrong key.
    assert_refused(
        &server,
        &sign(
            &claims,
            Algorithm::HS256,
            b"another key entirely, 32+ bytes long",
        ),
        "wrong key",
    )
    .await;

    // The right key but another algorithm: the algorithm is pinned.
    assert_refused(&server, &sign(&claims, Algorithm::HS512, &key), "HS512").await;

    // Tampered payload: a reader's token edited to claim admin, signature kept.
    let admin = server.admin_token().await;
    server.create_user(&admin, "reader", &["read"]).await;
    let reader = server.login("reader", USER_PASSWORD).await.access_token;
    let mut parts: Vec<String> = reader.split('.').map(str::to_owned).collect();
    let mut edited = payload(&reader);
    edited["scope"] = json!("admin");
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&edited).expect("json"));
    assert_refused(&server, &parts.join("."), "tampered payload").await;

    // Signed with the real key, but expired / wrong audience / wrong issuer / wrong type /
    // unknown session: each claim is checked, not only the signature.
    let mut expired = claims.clone();
    expired["iat"] = json!(now() - 7200);
    expired["nbf"] = json!(now() - 7200);
    expired["exp"] = json!(now() - 3600);
    let message = assert_refused(&server, &sign(&expired, Algorithm::HS256, &key), "expired").await;
    assert!(message.contains("expired"), "{message}");
    for (field, value, why) in [
        ("aud", json!("another-service"), "wrong audience"),
        ("iss", json!("someone-else"), "wrong issuer"),
        ("typ", json!("refresh"), "wrong type"),
        ("sid", json!("no-such-session"), "unknown session"),
        ("nbf", json!(now() + 3600), "not yet valid"),
    ] {
        let mut forged = claims.clone();
        forged[field] = value;
        assert_refused(&server, &sign(&forged, Algorithm::HS256, &key), why).await;
    }
    let mut no_exp = claims.clone();
    no_exp.as_object_mut().expect("object").remove("exp");
    assert_refused(&server, &sign(&no_exp, Algorithm::HS256, &key), "no exp").await;

    // A refresh token (opaque) presented as an access token.
    assert_refused(
        &server,
        &login.refresh_token,
        "refresh token as access token",
    )
    .await;
    // Garbage of all kinds.
    for junk in ["x", "a.b.c", "....", &"A".repeat(10_000)] {
        assert_refused(&server, junk, "junk").await;
    }
    let (status, body) = server
        .send(
            server
                .request(Method::GET, "/api/v1/auth/me")
                .header("authorization", "Basic YWRtaW46eA=="),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_credentials")
    );
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let server = TestServer::start().await;
    let first = server
        .login("admin", warden_test_support::ADMIN_PASSWORD)
        .await;
    let (status, second) = server.refresh(&first.refresh_token).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    let second_refresh = second["refresh_token"]
        .as_str()
        .expect("rotated")
        .to_owned();
    let second_access = second["access_token"].as_str().expect("access").to_owned();
    assert_ne!(second_refresh, first.refresh_token, "rotated on use");
    assert_eq!(me(&server, &second_access).await.0, StatusCode::OK);

    // The retired token comes back: the thief and the owner both lose the session.
    let (status, body) = server.refresh(&first.refresh_token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("already used"),
        "{body}"
    );
    let (status, _) = server.refresh(&second_refresh).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the newest token died with its family"
    );
    assert_refused(&server, &second_access, "access token of a revoked family").await;
    assert_refused(
        &server,
        &first.access_token,
        "first access token of a revoked family",
    )
    .await;

    // Other sessions of the same user are untouched.
    let other = server
        .login("admin", warden_test_support::ADMIN_PASSWORD)
        .await;
    assert_eq!(me(&server, &other.access_token).await.0, StatusCode::OK);
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let server = TestServer::start().await;
    let login = server
        .login("admin", warden_test_support::ADMIN_PASSWORD)
        .await;
    let (status, _) = server
        .post_empty("/api/v1/auth/logout", &login.access_token)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_refused(&server, &login.access_token, "after logout").await;
    let (status, _) = server.refresh(&login.refresh_token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn disabling_a_user_stops_their_tokens_and_keys_at_once() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let id = server.create_user(&admin, "ops", &["read", "write"]).await;
    let login = server.login("ops", USER_PASSWORD).await;
    let (_, key) = server
        .create_api_key(&login.access_token, "cron", &["read"], None)
        .await;
    assert_eq!(me(&server, &key).await.0, StatusCode::OK);

    let (status, body) = server
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin,
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(
        (status, body["disabled"].clone()),
        (StatusCode::OK, json!(true))
    );
    assert_refused(&server, &login.access_token, "disabled user's access token").await;
    assert_refused(&server, &key, "disabled user's API key").await;
    let (status, _) = server.refresh(&login.refresh_token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server.try_login("ops", USER_PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a disabled user cannot log in"
    );

    // Re-enabled: the key works again, the old sessions stay ended.
    server
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin,
            json!({"disabled": false}),
        )
        .await;
    assert_eq!(me(&server, &key).await.0, StatusCode::OK);
    assert_refused(
        &server,
        &login.access_token,
        "sessions ended by disabling stay ended",
    )
    .await;
}

#[tokio::test]
async fn api_keys_work_by_both_headers_and_stop_when_revoked_or_expired() {
    let time = TestClock::new();
    let clock = time.clock();
    let server = TestServer::builder()
        .configure(move |c| c.clock = clock)
        .start()
        .await;
    let admin = server.admin_token().await;
    let (id, key) = server.create_api_key(&admin, "ci", &["read"], None).await;
    assert!(key.starts_with("wdn_") && key.len() == 47, "{key}");
    let (status, body) = server
        .send(
            server
                .request(Method::GET, "/api/v1/auth/me")
                .header("x-api-key", &key),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["auth_method"], json!("api_key"));
    assert_eq!(body["scopes"], json!(["read"]));
    assert_eq!(me(&server, &key).await.0, StatusCode::OK);

    // Listed without the secret, with its last use.
    let (_, listed) = server.get("/api/v1/api-keys", &admin).await;
    let text = listed.to_string();
    assert!(
        !text.contains(&key[4..]),
        "the secret never appears in listings: {text}"
    );
    assert!(listed["api_keys"][0]["last_used_at"].is_i64(), "{listed}");

    // Both headers at once are refused rather than guessed between.
    let (status, _) = server
        .send(
            server
                .request(Method::GET, "/api/v1/auth/me")
                .header("x-api-key", &key)
                .bearer_auth(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, _) = server
        .send(
            server
                .request(Method::DELETE, &format!("/api/v1/api-keys/{id}"))
                .bearer_auth(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let message = assert_refused(&server, &key, "revoked key").await;
    assert!(message.contains("revoked"), "{message}");

    let (_, short_lived) = server
        .create_api_key(&admin, "short", &["read"], Some(60))
        .await;
    assert_eq!(me(&server, &short_lived).await.0, StatusCode::OK);
    // Time moves past the key's minute (not past the admin's hour-long access token).
    time.advance(std::time::Duration::from_secs(59));
    assert_eq!(me(&server, &short_lived).await.0, StatusCode::OK);
    time.advance(std::time::Duration::from_secs(2));
    let message = assert_refused(&server, &short_lived, "expired key").await;
    assert!(message.contains("expired"), "{message}");

    assert_refused(&server, "wdn_notarealkeyatall", "unknown key").await;
}

#[tokio::test]
async fn a_keys_scopes_never_exceed_its_owners() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let id = server.create_user(&admin, "dev", &["read", "write"]).await;
    let dev = server.login("dev", USER_PASSWORD).await.access_token;

    let (status, body) = server
        .post(
            "/api/v1/api-keys",
            &dev,
            json!({"name": "too-much", "scopes": ["read", "admin"]}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("admin"),
        "{body}"
    );

    // A key cannot mint a stronger key either.
    let (_, read_key) = server
        .create_api_key(&dev, "reader", &["read", "write"], None)
        .await;
    let (_, narrow) = server
        .create_api_key(&read_key, "narrow", &["read"], None)
        .await;
    let (status, _) = server
        .post(
            "/api/v1/api-keys",
            &narrow,
            json!({"name": "x", "scopes": ["read"]}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a read-only key cannot create keys"
    );

    // When the owner loses a scope, so do their keys and tokens, at once.
    let (status, _) = server
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin,
            json!({"scopes": ["read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, me_key) = me(&server, &read_key).await;
    assert_eq!(me_key["scopes"], json!(["read"]));
    let (status, _) = server
        .post(
            "/api/v1/api-keys",
            &read_key,
            json!({"name": "x", "scopes": ["read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .post(
            "/api/v1/api-keys",
            &dev,
            json!({"name": "x", "scopes": ["read"]}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the session token narrowed too"
    );
}

#[tokio::test]
async fn changing_a_password_ends_sessions_and_admins_cannot_lock_themselves_out() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let id = server.create_user(&admin, "ops", &["read"]).await;
    let old = server.login("ops", USER_PASSWORD).await;
    let (status, _) = server
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin,
            json!({"password": "a brand new password"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_refused(
        &server,
        &old.access_token,
        "session from before the password change",
    )
    .await;
    assert_eq!(
        server.try_login("ops", USER_PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    server.login("ops", "a brand new password").await;

    let (_, me_body) = me(&server, &admin).await;
    let admin_id = me_body["user_id"].as_str().expect("id").to_owned();
    let (status, body) = server
        .patch(
            &format!("/api/v1/users/{admin_id}"),
            &admin,
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );
    let (status, _) = server
        .patch(
            &format!("/api/v1/users/{admin_id}"),
            &admin,
            json!({"scopes": ["read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn ws_tickets_are_issued_to_readers() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (status, body) = server.post_empty("/api/v1/auth/ws-ticket", &admin).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body["ticket"].as_str().is_some_and(|t| t.len() >= 43),
        "{body}"
    );
    assert_eq!(body["expires_in"], json!(30));
}

#[tokio::test]
async fn access_tokens_expire_by_the_servers_clock_and_refresh_still_works() {
    let time = TestClock::new();
    let clock = time.clock();
    let server = TestServer::builder()
        .configure(move |c| c.clock = clock)
        .start()
        .await;
    let login = server
        .login("admin", warden_test_support::ADMIN_PASSWORD)
        .await;
    assert_eq!(me(&server, &login.access_token).await.0, StatusCode::OK);
    // An hour is the access token's lifetime; the five seconds of leeway still hold it.
    time.advance(std::time::Duration::from_secs(3600 + 4));
    assert_eq!(me(&server, &login.access_token).await.0, StatusCode::OK);
    time.advance(std::time::Duration::from_secs(2));
    let message = assert_refused(&server, &login.access_token, "expired access token").await;
    assert!(message.contains("expired"), "{message}");
    // The refresh token lives longer: it still mints a token that works at the moved time.
    let (status, body) = server.refresh(&login.refresh_token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let fresh = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(me(&server, &fresh).await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_bearer_scheme_is_read_in_any_case() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (_, key) = server
        .create_api_key(&admin, "any-case", &["read"], None)
        .await;
    // Auth schemes are case-insensitive (RFC 9110 §11.1), for a token and a key alike.
    for token in [&admin, &key] {
        for scheme in ["bearer", "BEARER", "bEaReR", "Bearer"] {
            let (status, body) = server
                .send(
                    server
                        .request(Method::GET, "/api/v1/auth/me")
                        .header("authorization", format!("{scheme} {token}")),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{scheme}: {body}");
        }
    }
    // Another scheme is still refused, saying what is expected.
    let (status, body) = server
        .send(
            server
                .request(Method::GET, "/api/v1/auth/me")
                .header("authorization", format!("Basic {admin}")),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_credentials"),
        "{body}"
    );
}
