//! A restart keeps users, sessions, keys and lockouts, on SQLite and on PostgreSQL.

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::json;
use warden_test_support::{ADMIN_PASSWORD, Backend, TestServer, USER_PASSWORD};

async fn survives_restart(backend: Backend) {
    let mut server = TestServer::builder().backend(backend).start().await;
    let admin = server.admin_token().await;
    server.create_user(&admin, "ops", &["read", "write"]).await;
    let session = server.login("ops", USER_PASSWORD).await;
    let (key_id, key) = server
        .create_api_key(&session.access_token, "cron", &["read"], None)
        .await;
    for _ in 0..5 {
        server.try_login("admin", "not the password").await;
    }

    server.restart().await;

    // The signing key is reused, the session is still open, the key still valid.
    let (status, me) = server.get("/api/v1/auth/me", &session.access_token).await;
    assert_eq!(
        (status, me["username"].clone()),
        (StatusCode::OK, json!("ops"))
    );
    let (status, me) = server.get("/api/v1/auth/me", &key).await;
    assert_eq!(
        (status, me["api_key_id"].clone()),
        (StatusCode::OK, json!(key_id))
    );
    let (status, refreshed) = server.refresh(&session.refresh_token).await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    let (_, users) = server.get("/api/v1/users", &admin).await;
    let names: Vec<&str> = users["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|u| u["username"].as_str())
        .collect();
    assert_eq!(names, vec!["admin", "ops"]);
    // The lockout is in the database, not in memory.
    assert_eq!(
        server.try_login("admin", ADMIN_PASSWORD).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The bootstrap password is not applied again, and the database is ready.
    let (status, ready) = server.send(server.request(Method::GET, "/readyz")).await;
    assert_eq!(
        (status, ready["ready"].clone()),
        (StatusCode::OK, json!(true))
    );
}

#[tokio::test]
async fn restart_keeps_everything_on_sqlite() {
    survives_restart(Backend::Sqlite).await;
}

#[tokio::test]
async fn restart_keeps_everything_on_postgres() {
    survives_restart(Backend::Postgres).await;
}
