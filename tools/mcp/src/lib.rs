//! The operators' MCP servers as Warden tools. At start-up Warden connects to each configured
//! server (a command speaking MCP on stdio, or a streamable HTTP URL), lists its tools and
//! registers each as `PREFIX_NAME`. They are ordinary tools from then on: the policy judges them
//! (their effect is declared `mutating`, since nothing Warden can check says otherwise, so they
//! wait for approval unless an operator lowers them with a `[tools]` level or a grant), the guard
//! runs them, the audit records them. What a server says is data: its output is bounded and
//! prefixed as coming from that server, never as instructions; its tool annotations (read-only
//! hints) are not believed.

mod connection;
mod tool;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use warden_tool_api::RegistryBuilder;

pub use connection::{Connection, McpError};
pub use tool::McpTool;

/// How to reach one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// A child process speaking MCP on stdin/stdout. It gets Warden's environment without any
    /// `WARDEN_*` variable, plus `env`.
    Stdio {
        command: String,
        args: Vec<String>,
        env: BTreeMap<String, String>,
    },
    /// Streamable HTTP; `bearer` is sent as `Authorization: Bearer`.
    Http { url: String, bearer: Option<String> },
}

/// One configured server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    pub name: String,
    /// Tools are named `PREFIX_TOOL`.
    pub prefix: String,
    pub transport: Transport,
    /// Connecting, listing and each call.
    pub timeout: Duration,
    /// The most bytes of a result kept.
    pub max_output_bytes: usize,
}

/// What connecting to the servers came to, for the log and readiness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerStatus {
    pub name: String,
    /// The tools registered, by their Warden name.
    pub tools: Vec<String>,
    /// Why none were, when the server could not be reached or listed.
    pub error: Option<String>,
    /// Tools skipped (a name Warden cannot offer, or one that would clash).
    pub skipped: Vec<String>,
}

/// Connects to every server and registers its tools. A server that cannot be reached is
/// reported and left out (Warden starts without it); calls to a registered server whose
/// connection dropped reconnect once.
pub async fn register(
    builder: &mut RegistryBuilder,
    servers: &[ServerConfig],
) -> Vec<ServerStatus> {
    let mut statuses = Vec::new();
    for server in servers {
        let connection = Arc::new(Connection::new(server.clone()));
        let mut status = ServerStatus {
            name: server.name.clone(),
            tools: Vec::new(),
            error: None,
            skipped: Vec::new(),
        };
        match connection.list_tools().await {
            Ok(tools) => {
                for remote in tools {
                    match McpTool::new(connection.clone(), &remote) {
                        Some(tool) => {
                            status.tools.push(tool.warden_name().to_owned());
                            builder.add(Arc::new(tool));
                        }
                        None => status.skipped.push(remote.name.to_string()),
                    }
                }
                tracing::info!(server = %server.name, tools = status.tools.len(), "MCP server connected");
                if !status.skipped.is_empty() {
                    tracing::warn!(server = %server.name, skipped = ?status.skipped,
                        "MCP tools with names Warden cannot offer were skipped");
                }
            }
            Err(error) => {
                tracing::warn!(server = %server.name, %error,
                    "the MCP server cannot be reached; its tools are not available until Warden restarts");
                status.error = Some(error.to_string());
            }
        }
        statuses.push(status);
    }
    statuses
}
