//! Test-only helpers: a real Warden (the same `start` the binary uses) listening on an
//! ephemeral loopback port, over SQLite or a throwaway PostgreSQL database, restartable on the
//! same data; plus HTTP helpers that keep test bodies short.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
pub use sink::{HttpSink, Received};
use warden_protocol::auth::TokenResponse;
use warden_server::config::{LlmApi, LlmModelConfig};
use warden_server::{Config, RunningServer, start};
pub use warden_test_llm::{Recorded, Reply, ScriptedLlm};
pub use webhook::WebhookSink;

mod sink;
mod webhook;

/// A catalogue entry for a scripted model, to put in `config.llm.models`.
pub fn scripted_model(name: &str, llm: &ScriptedLlm, openai: bool) -> LlmModelConfig {
    LlmModelConfig {
        name: name.to_owned(),
        api: if openai {
            LlmApi::OpenAi
        } else {
            LlmApi::Ollama
        },
        url: llm.base_url.clone(),
        model: format!("{name}-weights"),
        heavy: false,
        native_tools: true,
        api_key: None,
        context_tokens: None,
    }
}

/// The administrator password every test server is bootstrapped with.
pub const ADMIN_PASSWORD: &str = "test-admin-password-1";
/// The password `create_user` gives every user.
pub const USER_PASSWORD: &str = "test-user-password-1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

type Configure = Box<dyn FnOnce(&mut Config) + Send>;

pub struct TestServerBuilder {
    backend: Backend,
    configure: Vec<Configure>,
}

impl TestServerBuilder {
    pub fn backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }

    /// Adjusts the configuration before start (limits, trusted proxies...).
    pub fn configure(mut self, f: impl FnOnce(&mut Config) + Send + 'static) -> Self {
        self.configure.push(Box::new(f));
        self
    }

    pub async fn start(self) -> TestServer {
        let dir = Arc::new(tempfile::tempdir().expect("temporary data directory"));
        let mut config = Config::with_data_dir(dir.path().join("data"));
        config.listen = "127.0.0.1:0".parse().expect("loopback address");
        config.admin_password = Some(warden_server::config::Secret::new(ADMIN_PASSWORD));
        // Tests make many requests from one address; the rate-limit suite sets its own limits.
        config.rate_limit.per_minute = 100_000;
        // The monitor sweeps and repairs the shared Docker daemon and the machine's disks: only
        // the monitor suite turns it on, each server with its own opt-in label and disks.
        config.monitor.enabled = false;
        // The built-in embedder reads about 90 MB and takes a second or more per server: the
        // suites about memory turn it on (`memory.embedder = builtin`); others rank by words.
        config.memory.embedder = warden_server::config::EmbedderKind::None;
        if self.backend == Backend::Postgres {
            let url = warden_store::testing::fresh_postgres_database()
                .await
                .expect("PostgreSQL for the suite (see tests/scripts/services.sh)");
            config.database_url = Some(url);
        }
        for f in self.configure {
            f(&mut config);
        }
        warden_http::install_tls_provider();
        let running = start(config.clone()).await.expect("warden starts");
        TestServer {
            base: format!("http://{}", running.local_addr),
            running: Some(running),
            config,
            dir,
            client: warden_http::client(),
        }
    }
}

pub struct TestServer {
    pub base: String,
    running: Option<RunningServer>,
    config: Config,
    dir: Arc<tempfile::TempDir>,
    client: reqwest::Client,
}

impl TestServer {
    pub fn builder() -> TestServerBuilder {
        TestServerBuilder {
            backend: Backend::Sqlite,
            configure: Vec::new(),
        }
    }

    /// A server on SQLite with default settings.
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    pub fn data_dir(&self) -> PathBuf {
        self.config.data_dir.clone()
    }

    pub fn root_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Stops the server (gracefully) and starts a new one on the same data directory and
    /// database; the address changes.
    pub async fn restart(&mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await.expect("clean shutdown");
        }
        let mut config = self.config.clone();
        config.listen = "127.0.0.1:0".parse().expect("loopback address");
        let running = start(config).await.expect("warden restarts");
        self.base = format!("http://{}", running.local_addr);
        self.running = Some(running);
    }

    /// Closes the running server's database pool, as if the database had gone away.
    pub async fn close_store(&self) {
        if let Some(running) = &self.running {
            running.state.store.close().await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// Sends and returns the status with the body parsed as JSON (`Value::Null` when empty).
    pub async fn send(&self, request: RequestBuilder) -> (StatusCode, Value) {
        let response = request.send().await.expect("request reaches the server");
        let status = response.status();
        let text = response.text().await.expect("response body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|_| panic!("non-JSON body for {status}: {text}"))
        };
        (status, body)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.send(self.request(Method::GET, path).bearer_auth(token))
            .await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.send(
            self.request(Method::POST, path)
                .bearer_auth(token)
                .json(&body),
        )
        .await
    }

    /// A POST without a body, for the routes that take none (a body there is refused).
    pub async fn post_empty(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.send(self.request(Method::POST, path).bearer_auth(token))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.send(
            self.request(Method::PATCH, path)
                .bearer_auth(token)
                .json(&body),
        )
        .await
    }

    pub async fn try_login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        self.send(
            self.request(Method::POST, "/api/v1/auth/login")
                .json(&json!({"username": username, "password": password})),
        )
        .await
    }

    /// Presents a refresh token.
    pub async fn refresh(&self, refresh_token: &str) -> (StatusCode, Value) {
        self.send(
            self.request(Method::POST, "/api/v1/auth/refresh")
                .json(&json!({"refresh_token": refresh_token})),
        )
        .await
    }

    pub async fn login(&self, username: &str, password: &str) -> TokenResponse {
        let (status, body) = self.try_login(username, password).await;
        assert_eq!(status, StatusCode::OK, "login of {username}: {body}");
        serde_json::from_value(body).expect("token response")
    }

    /// An access token for the bootstrap administrator.
    pub async fn admin_token(&self) -> String {
        self.login("admin", ADMIN_PASSWORD).await.access_token
    }

    /// Creates a user with `USER_PASSWORD` and these scopes; returns the user's id.
    pub async fn create_user(&self, admin_token: &str, username: &str, scopes: &[&str]) -> String {
        let (status, body) = self
            .post(
                "/api/v1/users",
                admin_token,
                json!({"username": username, "password": USER_PASSWORD, "scopes": scopes}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "create user {username}: {body}"
        );
        body["id"].as_str().expect("user id").to_owned()
    }

    /// Creates an API key with these scopes for the token's owner; returns (id, key).
    pub async fn create_api_key(
        &self,
        token: &str,
        name: &str,
        scopes: &[&str],
        expires_in: Option<u64>,
    ) -> (String, String) {
        let (status, body) = self
            .post(
                "/api/v1/api-keys",
                token,
                json!({"name": name, "scopes": scopes, "expires_in_seconds": expires_in}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "create api key {name}: {body}");
        (
            body["id"].as_str().expect("key id").to_owned(),
            body["key"].as_str().expect("key").to_owned(),
        )
    }
}

/// Asserts the house error shape and returns the code.
pub fn error_code(body: &Value) -> &str {
    let code = body["error"]["code"].as_str();
    let message = body["error"]["message"].as_str();
    assert!(
        code.is_some() && message.is_some_and(|m| !m.is_empty()),
        "not an error body: {body}"
    );
    code.unwrap_or_default()
}
