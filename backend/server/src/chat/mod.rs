//! The server's side of chat runs: the run service ([`warden_core::runs`]) built from
//! configuration, and its errors and callers adapted to HTTP and the WebSocket.

use std::sync::Arc;

use axum::http::StatusCode;
use warden_core::Engine;
use warden_core::runs::budget::Budgets;
use warden_core::runs::{Caller, RunError, RunService};
use warden_protocol::ErrorCode;
use warden_store::Store;
use warden_tool_api::ToolContext;

use crate::auth::Principal;
use crate::config::LlmConfig;
use crate::http::ApiError;

impl From<&Principal> for Caller {
    fn from(principal: &Principal) -> Self {
        Caller {
            user_id: principal.user_id.clone(),
            username: principal.username.clone(),
            scopes: principal.scopes.clone(),
            method: principal.method,
            api_key_id: principal.api_key_id.clone(),
            api_key_name: principal.api_key_name.clone(),
        }
    }
}

/// The tool context of the principal's calls (see [`Caller::tool_context`]).
pub fn tool_context(principal: &Principal) -> ToolContext {
    Caller::from(principal).tool_context()
}

/// The answer to a run service error: its status and code, with the error's own message (a
/// database error answers as every route's does).
impl From<RunError> for ApiError {
    fn from(error: RunError) -> Self {
        let message = error.to_string();
        let (status, code) = match error {
            RunError::Store(store) => return ApiError::from(store),
            RunError::BudgetSpent { renew_in_secs, .. } => {
                return ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    ErrorCode::TokenBudgetExceeded,
                    message,
                )
                .with_retry_after(renew_in_secs);
            }
            RunError::MessageLength | RunError::UnknownModel { .. } | RunError::ReasonTooLong => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
            ),
            RunError::ConversationNotFound | RunError::RunNotFound | RunError::ApprovalNotFound => {
                (StatusCode::NOT_FOUND, ErrorCode::NotFound)
            }
            RunError::ApprovalWithdrawn
            | RunError::ApprovalSettled(_)
            | RunError::ArgumentsHashMismatch => (StatusCode::CONFLICT, ErrorCode::Conflict),
            RunError::OwnRequest => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
        };
        ApiError::new(status, code, message)
    }
}

/// The daily token budgets of the `[llm]` configuration.
pub fn budgets(config: &LlmConfig) -> Budgets {
    Budgets::new(
        config.daily_tokens_per_user,
        config.daily_tokens_per_api_key,
        config.daily_token_budgets.clone(),
        config.budget_fallback_percent,
    )
}

/// The run service from configuration: the model catalogue, the guard as orchestrator, and the
/// engine's limits.
pub fn build(
    config: &crate::config::Config,
    store: Store,
    guard: Arc<warden_core::Guard>,
) -> RunService {
    use std::time::Duration;

    use warden_core::Limits;
    use warden_llm::{
        CatalogModel, ModelClient, OllamaClient, OpenAiClient, RetryPolicy, Router, Tier, ToolStyle,
    };

    use crate::config::LlmApi;

    let timeout = Duration::from_secs(config.llm.call_timeout_secs);
    let first_byte = Duration::from_secs(config.llm.first_byte_timeout_secs);
    let idle = Duration::from_secs(config.llm.idle_timeout_secs);
    let models: Vec<CatalogModel> = config
        .llm
        .models
        .iter()
        .map(|m| {
            let client: Arc<dyn ModelClient> = match m.api {
                LlmApi::Ollama => Arc::new(
                    OllamaClient::new(&m.url, timeout)
                        .with_first_byte_timeout(first_byte)
                        .with_idle_timeout(idle),
                ),
                LlmApi::OpenAi => Arc::new(
                    OpenAiClient::new(
                        &m.url,
                        m.api_key.as_ref().map(|k| k.expose().to_owned()),
                        timeout,
                    )
                    .with_first_byte_timeout(first_byte)
                    .with_idle_timeout(idle),
                ),
            };
            let tier = if m.heavy { Tier::Heavy } else { Tier::Fast };
            let tools = if m.native_tools {
                ToolStyle::Native
            } else {
                ToolStyle::Text
            };
            CatalogModel::new(&m.name, &m.model, tier, tools, client)
                .with_breaker(
                    config.llm.breaker_failures,
                    Duration::from_secs(config.llm.breaker_cooldown_secs),
                )
                .with_context_tokens(m.context_tokens)
        })
        .collect();
    let names = models.iter().map(|m| m.name.clone()).collect();
    let limits = Limits {
        max_iterations: config.llm.max_iterations,
        run_deadline: Duration::from_secs(config.llm.run_deadline_secs),
        ..Limits::default()
    };
    let mut router = Router::new(models, RetryPolicy::default());
    if let Some(metrics) = guard.metrics() {
        router = router.with_metrics(metrics.clone());
    }
    let router = Arc::new(router);
    let engine = Engine::new(router.clone(), guard, limits);
    RunService::new(store, Arc::new(engine), router, names, host_facts())
        .with_budgets(budgets(&config.llm))
}

/// What the model is told about the host it works on.
fn host_facts() -> String {
    let hostname = std::fs::read_to_string("/etc/hostname")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                l.strip_prefix("PRETTY_NAME=")
                    .map(|v| v.trim_matches('"').to_owned())
            })
        })
        .unwrap_or_default();
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    format!(
        "hostname: {hostname}
os: {os}
cpus: {cpus}"
    )
}
