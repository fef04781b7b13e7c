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
            started_by: None,
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
            RunError::MessageLength
            | RunError::Text(_)
            | RunError::UnknownModel { .. }
            | RunError::ReasonTooLong => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
            ),
            RunError::ConversationNotFound | RunError::RunNotFound | RunError::ApprovalNotFound => {
                (StatusCode::NOT_FOUND, ErrorCode::NotFound)
            }
            RunError::ApprovalWithdrawn
            | RunError::ApprovalSettled(_)
            | RunError::ArgumentsHashMismatch
            | RunError::RequesterEnded(_) => (StatusCode::CONFLICT, ErrorCode::Conflict),
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
    let clock = guard.clock().clone();
    let engine = Engine::new(router.clone(), guard, limits);
    RunService::new(store, Arc::new(engine), router, names, host_facts())
        .with_budgets(budgets(&config.llm))
        .with_clock(clock)
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

#[cfg(test)]
mod tests {
    use axum::response::IntoResponse;
    use warden_protocol::ApprovalStatus;

    use super::*;

    /// The status, code, message and `Retry-After` each run error answers with.
    fn answer(error: RunError) -> (u16, &'static str, String, Option<String>) {
        let api = ApiError::from(error);
        let (status, code, message) = (
            api.status().as_u16(),
            api.code_str(),
            api.message().to_owned(),
        );
        let retry_after = api
            .into_response()
            .headers()
            .get(axum::http::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (status, code, message, retry_after)
    }

    #[test]
    fn every_run_error_answers_with_its_status_code_and_message() {
        let cases = [
            (
                RunError::MessageLength,
                (
                    422,
                    "validation_failed",
                    "message must be 1 to 32000 characters",
                    None,
                ),
            ),
            (
                RunError::UnknownModel {
                    model: "big".to_owned(),
                    known: vec!["fast".to_owned(), "heavy".to_owned()],
                },
                (
                    422,
                    "validation_failed",
                    "unknown model 'big'; known: auto, fast, heavy",
                    None,
                ),
            ),
            (
                RunError::UnknownModel {
                    model: "big".to_owned(),
                    known: Vec::new(),
                },
                (
                    422,
                    "validation_failed",
                    "unknown model 'big': no model is configured",
                    None,
                ),
            ),
            (
                RunError::ConversationNotFound,
                (404, "not_found", "conversation not found", None),
            ),
            (
                RunError::RunNotFound,
                (404, "not_found", "run not found", None),
            ),
            (
                RunError::BudgetSpent {
                    what: "your daily token budget",
                    used: 120,
                    budget: 100,
                    renew_in_secs: 3600,
                },
                (
                    429,
                    "token_budget_exceeded",
                    "your daily token budget is spent (120 of 100 tokens today); it renews at midnight UTC, in 3600 s",
                    Some("3600"),
                ),
            ),
            (
                RunError::ReasonTooLong,
                (
                    422,
                    "validation_failed",
                    "reason must be at most 1000 characters",
                    None,
                ),
            ),
            (
                RunError::ApprovalNotFound,
                (404, "not_found", "approval not found", None),
            ),
            (
                RunError::ApprovalWithdrawn,
                (
                    409,
                    "conflict",
                    "the approval was withdrawn: the run that asked for it has ended, so it can no longer run; ask again in a new run",
                    None,
                ),
            ),
            (
                RunError::ApprovalSettled(ApprovalStatus::Denied),
                (
                    409,
                    "conflict",
                    "the approval is denied already; a decision is made once",
                    None,
                ),
            ),
            (
                RunError::ArgumentsHashMismatch,
                (
                    409,
                    "conflict",
                    "arguments_hash does not match the approval: it covers other arguments than the ones you saw",
                    None,
                ),
            ),
            (
                RunError::OwnRequest,
                (
                    403,
                    "forbidden",
                    "you asked for this call yourself or started the task it runs in; guard.require_second_person needs someone else to approve it (you may deny it)",
                    None,
                ),
            ),
            (
                RunError::RequesterEnded(
                    "withdrawn because its API key 'ci' was revoked".to_owned(),
                ),
                (
                    409,
                    "conflict",
                    "the approval was withdrawn because its API key 'ci' was revoked; it did not run",
                    None,
                ),
            ),
            (
                RunError::Store(warden_store::StoreError::NotFound("run")),
                (404, "not_found", "run not found", None),
            ),
        ];
        for (error, (status, code, message, retry_after)) in cases {
            assert_eq!(
                answer(error),
                (
                    status,
                    code,
                    message.to_owned(),
                    retry_after.map(str::to_owned)
                )
            );
        }
    }

    #[test]
    fn a_principal_acts_as_the_same_caller() {
        let principal = Principal {
            user_id: "u1".to_owned(),
            username: "ada".to_owned(),
            scopes: warden_protocol::ScopeSet::parse_list("read,write").unwrap_or_default(),
            method: warden_protocol::auth::AuthMethod::ApiKey,
            session_id: None,
            api_key_id: Some("k1".to_owned()),
            api_key_name: Some("ci".to_owned()),
        };
        assert_eq!(
            Caller::from(&principal),
            Caller {
                user_id: "u1".to_owned(),
                username: "ada".to_owned(),
                scopes: principal.scopes.clone(),
                method: warden_protocol::auth::AuthMethod::ApiKey,
                api_key_id: Some("k1".to_owned()),
                api_key_name: Some("ci".to_owned()),
                started_by: None,
            }
        );
        assert_eq!(
            tool_context(&principal).actor,
            warden_tool_api::Actor::ApiKey {
                key_id: "k1".to_owned(),
                user_id: "u1".to_owned(),
                key_name: "ci".to_owned(),
            }
        );
    }
}
