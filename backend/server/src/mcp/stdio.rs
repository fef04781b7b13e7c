//! `warden mcp`: the MCP server on stdin/stdout for an agent on the same host (Claude Code,
//! Codex, Goose...), acting for an API key. It opens Warden's database itself, so it works
//! whether `warden serve` runs or not; a call held for approval is executed by whichever Warden
//! process sees the approval first (exactly once, claimed in the database). Logs go to stderr.

use std::sync::Arc;
use std::time::Duration;

use rmcp::ServiceExt;
use tokio::sync::Mutex;

use super::{WardenMcp, stdio_lines};
use crate::cli::CliError;
use crate::config::Config;

/// The buffer between the line checker and the library (a message longer than this is
/// written in parts).
const PIPE_BYTES: usize = 64 * 1024;

/// Serves MCP on stdio until the client closes it; a missing or invalid key is a usage error.
pub async fn run(config: Config, api_key: Option<String>) -> Result<(), CliError> {
    let key = api_key.filter(|k| !k.trim().is_empty()).ok_or_else(|| {
        CliError::Usage(
            "warden mcp acts for an API key: set WARDEN_API_KEY or pass --api-key (create one with \
             `warden apikey create`)"
                .to_owned(),
        )
    })?;
    let state = crate::server::prepare(config).await?;
    // A clear error at start rather than on the first request.
    crate::auth::principal::from_api_key(&state, key.trim())
        .await
        .map_err(|e| CliError::Failed(format!("the API key: {}", e.message())))?;
    let sweeper = tokio::spawn(
        state
            .guard
            .clone()
            .run_sweeper(Duration::from_secs(1), state.background.clone()),
    );
    tracing::info!("MCP server on stdio");
    // The library reads its messages from a pipe that only well-formed lines reach; the others
    // are answered on stdout with their JSON-RPC error (see stdio_lines).
    let (ours, library) = tokio::io::duplex(PIPE_BYTES);
    let (from_library, to_library) = tokio::io::split(ours);
    let stdout = Arc::new(Mutex::new(tokio::io::stdout()));
    let pump = tokio::spawn(stdio_lines::pump(
        tokio::io::stdin(),
        to_library,
        Arc::clone(&stdout),
    ));
    let answers = tokio::spawn(stdio_lines::answers(from_library, stdout));
    let served = WardenMcp::for_api_key(state.clone(), key.trim().to_owned())
        .serve(tokio::io::split(library))
        .await;
    let outcome = match served {
        Ok(running) => running
            .waiting()
            .await
            .map(|_| ())
            .map_err(|e| CliError::Failed(format!("the MCP session ended: {e}"))),
        Err(e) => Err(CliError::Failed(format!(
            "the MCP session did not start: {e}"
        ))),
    };
    pump.abort();
    // Everything the library answered reaches stdout before the process ends.
    let _ = answers.await;
    state.background.cancel();
    let _ = sweeper.await;
    state
        .guard
        .notifier()
        .shutdown(Duration::from_secs(5))
        .await;
    state.store.close().await;
    outcome
}
