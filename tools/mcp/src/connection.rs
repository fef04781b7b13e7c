//! One server's connection: opened on first use, kept, and opened again once when a call finds
//! it closed (a stdio server that exited, an HTTP server restarted). Every step is bounded by
//! the server's timeout.

use std::process::Stdio;
use std::time::Duration;

use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, CallToolResult, JsonObject, Tool};
use rmcp::service::{Peer, RoleClient, RunningService};
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use tokio::sync::Mutex;

use crate::{ServerConfig, Transport};

type Session = RunningService<RoleClient, ()>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum McpError {
    #[error("cannot start the MCP server: {0}")]
    Start(String),
    #[error("the MCP server did not answer within {0} s")]
    Timeout(u64),
    #[error("the MCP server answered with an error: {0}")]
    Remote(String),
}

/// A lazily opened, reopened-once session with one server.
pub struct Connection {
    config: ServerConfig,
    session: Mutex<Option<Session>>,
}

impl Connection {
    /// A connection opened on first use.
    pub fn new(config: ServerConfig) -> Self {
        Self {
            config,
            session: Mutex::new(None),
        }
    }

    /// The server it talks to.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    fn timeout(&self) -> Duration {
        self.config.timeout
    }

    async fn bounded<T>(
        &self,
        work: impl Future<Output = Result<T, McpError>>,
    ) -> Result<T, McpError> {
        tokio::time::timeout(self.timeout(), work)
            .await
            .map_err(|_| McpError::Timeout(self.timeout().as_secs()))?
    }

    async fn open(&self) -> Result<Session, McpError> {
        match &self.config.transport {
            Transport::Stdio { command, args, env } => {
                let mut cmd = tokio::process::Command::new(command);
                cmd.args(args);
                // Warden's own settings and secrets are not the server's business.
                for (key, _) in std::env::vars_os() {
                    if key.to_string_lossy().starts_with("WARDEN_") {
                        cmd.env_remove(key);
                    }
                }
                cmd.envs(env);
                let (process, _) = TokioChildProcess::builder(cmd)
                    .stderr(Stdio::inherit())
                    .spawn()
                    .map_err(|e| McpError::Start(format!("{command}: {e}")))?;
                ().serve(process)
                    .await
                    .map_err(|e| McpError::Start(e.to_string()))
            }
            Transport::Http { url, bearer } => {
                warden_http::install_tls_provider();
                let mut config = StreamableHttpClientTransportConfig::with_uri(url.as_str());
                if let Some(token) = bearer {
                    config = config.auth_header(token.clone());
                }
                ().serve(StreamableHttpClientTransport::from_config(config))
                    .await
                    .map_err(|e| McpError::Start(format!("{url}: {e}")))
            }
        }
    }

    /// A handle on the open session (opened when there is none or the old one closed); calls
    /// through it run concurrently, the lock is held only while opening.
    async fn peer(&self) -> Result<Peer<RoleClient>, McpError> {
        let mut slot = self.session.lock().await;
        if slot.as_ref().is_none_or(|s| s.is_closed()) {
            *slot = Some(self.bounded(self.open()).await?);
        }
        slot.as_ref()
            .map(|session| session.peer().clone())
            .ok_or_else(|| McpError::Start("no session".to_owned()))
    }

    /// Every tool the server offers.
    pub async fn list_tools(&self) -> Result<Vec<Tool>, McpError> {
        let peer = self.peer().await?;
        self.bounded(async {
            peer.list_all_tools()
                .await
                .map_err(|e| McpError::Remote(e.to_string()))
        })
        .await
    }

    /// Calls `name`; a closed connection is opened again once before giving up.
    pub async fn call(
        &self,
        name: &str,
        arguments: JsonObject,
    ) -> Result<CallToolResult, McpError> {
        for attempt in 0..2 {
            let peer = self.peer().await?;
            let params =
                CallToolRequestParams::new(name.to_owned()).with_arguments(arguments.clone());
            let outcome = self
                .bounded(async {
                    peer.call_tool(params)
                        .await
                        .map_err(|e| McpError::Remote(e.to_string()))
                })
                .await;
            match outcome {
                Err(McpError::Remote(_)) if attempt == 0 && peer.is_transport_closed() => {
                    tracing::warn!(server = %self.config.name, "the MCP connection closed; opening it again");
                }
                other => return other,
            }
        }
        Err(McpError::Start("the connection closed twice".to_owned()))
    }

    /// Closes the session (a stdio server's process ends with it).
    pub async fn close(&self) {
        if let Some(session) = self.session.lock().await.take() {
            let _ = session.cancel().await;
        }
    }
}
