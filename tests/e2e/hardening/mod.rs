//! The hardening scenarios, each played as an attacker would against the real server: files
//! reached by handle, network targets judged by address, one redaction everywhere, approvals'
//! visibility and the four-eyes rule, accounts, tokens and request ids.

mod accounts;
mod approvals;
mod files;
mod net;
mod redaction;

use std::path::PathBuf;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::{TestServer, USER_PASSWORD};

/// A server whose file tools reach `root` (inside a temporary directory that also holds an
/// `outside` directory next to it).
pub struct Site {
    pub server: TestServer,
    pub admin: String,
    pub _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub outside: PathBuf,
}

pub async fn site_with(
    configure: impl FnOnce(&mut warden_server::Config) + Send + 'static,
) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let (root, outside) = (base.join("root"), base.join("outside"));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let roots = vec![root.clone()];
    let server = TestServer::builder()
        .configure(move |c| {
            c.tools.file_roots = roots;
            configure(c);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    Site {
        server,
        admin,
        _dir: dir,
        root,
        outside,
    }
}

pub async fn site() -> Site {
    site_with(|_| {}).await
}

impl Site {
    /// A new user with these scopes; returns their access token.
    pub async fn user(&self, name: &str, scopes: &[&str]) -> String {
        self.server.create_user(&self.admin, name, scopes).await;
        self.server.login(name, USER_PASSWORD).await.access_token
    }

    pub async fn invoke(&self, token: &str, tool: &str, args: Value) -> (StatusCode, Value) {
        self.server
            .post(
                &format!("/api/v1/tools/{tool}/invoke"),
                token,
                json!({ "args": args }),
            )
            .await
    }

    /// Invokes with an API key in `X-API-Key`.
    pub async fn invoke_with_key(&self, key: &str, tool: &str, args: Value) -> (StatusCode, Value) {
        self.server
            .send(
                self.server
                    .request(
                        reqwest::Method::POST,
                        &format!("/api/v1/tools/{tool}/invoke"),
                    )
                    .header("X-API-Key", key)
                    .json(&json!({ "args": args })),
            )
            .await
    }

    pub async fn decide(&self, token: &str, id: &str, verb: &str) -> (StatusCode, Value) {
        self.server
            .post(&format!("/api/v1/approvals/{id}/{verb}"), token, json!({}))
            .await
    }

    /// Polls an approval until its execution is done (the sweeper runs it within a second).
    pub async fn executed(&self, id: &str) -> Value {
        for _ in 0..100 {
            let (_, approval) = self
                .server
                .get(&format!("/api/v1/approvals/{id}"), &self.admin)
                .await;
            if approval["execution"] == json!("done") {
                return approval;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("approval {id} never finished executing");
    }
}
