//! `warden mcp`: the MCP server on stdin/stdout for an agent on the same host (Claude Code,
//! Codex, Goose...), acting for an API key. It opens Warden's database itself, so it works
//! whether `warden serve` runs or not; a call held for approval is executed by whichever Warden
//! process sees the approval first (exactly once, claimed in the database). Logs go to stderr.

use std::time::Duration;

use rmcp::ServiceExt;

use super::WardenMcp;
use crate::cli::CliError;
use crate::config::Config;

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
    let served = WardenMcp::for_api_key(state.clone(), key.trim().to_owned())
        .serve(rmcp::transport::stdio())
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
