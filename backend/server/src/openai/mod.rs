//! An OpenAI-compatible endpoint, so Open WebUI or any OpenAI client can talk to Warden:
//! `GET /v1/models` lists one model, `warden`; `POST /v1/chat/completions` runs a Warden chat for
//! the credential's owner (the same chat service, engine and guard as `/api/v1/chat`), answered
//! whole or streamed as `chat.completion.chunk` events. Tool calls (with risk and route),
//! approvals waited for and their decisions appear as notes in the content (quoted lines before
//! the answer) and, for programs, in the `warden` field of each response. Errors come in
//! OpenAI's shape.

mod error;
mod stream;
pub mod wire;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use warden_core::runs::{Caller, MAX_MESSAGE_CHARS, StartedRun, follow};
use warden_protocol::chat::{ChatRequest, RunEvent, ServerEvent};
use warden_protocol::{Role, RunErrorCode};
use warden_store::NewMessage;

pub use error::{OpenAiError, OpenAiErrorBody, rewrite_errors};

use crate::auth::Require;
use crate::auth::principal::{Principal, scopes};
use crate::clock::now;
use crate::http::ApiError;
use crate::state::AppState;
use wire::{
    AnswerMessage, ChatCompletion, ChatCompletionRequest, Choice, ModelCard, ModelList, Usage,
    WardenInfo, text_of,
};

/// The one model name: Warden itself (its own catalogue routes inside).
pub const MODEL: &str = "warden";
/// Earlier messages a new conversation is seeded with, at most.
const MAX_MESSAGES: usize = 200;

/// `GET /v1/models`, bounded by the request timeout.
pub fn models_router() -> Router<AppState> {
    Router::new().route("/v1/models", get(models))
}

/// Chat completions run as long as their run's deadline allows (like `/api/v1/chat`).
pub fn chat_router() -> Router<AppState> {
    Router::new().route("/v1/chat/completions", post(chat_completions))
}

/// The models an OpenAI client may ask for: `warden`.
#[utoipa::path(get, path = "/v1/models", tag = "openai",
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = ModelList), (status = 401, body = OpenAiErrorBody)))]
pub async fn models(
    caller: Result<Require<scopes::Read>, ApiError>,
) -> Result<axum::Json<ModelList>, ApiError> {
    caller?;
    Ok(axum::Json(ModelList {
        object: "list",
        data: vec![ModelCard {
            id: MODEL.to_owned(),
            object: "model",
            created: 0,
            owned_by: "warden",
        }],
    }))
}

/// Runs a Warden chat turn: the last message is the user's; earlier ones seed a new
/// conversation unless `warden.conversation_id` continues a stored one. With `stream: true` the
/// answer comes as server-sent `chat.completion.chunk` events ending with `data: [DONE]`.
#[utoipa::path(post, path = "/v1/chat/completions", tag = "openai", request_body = ChatCompletionRequest,
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses(
        (status = 200, body = ChatCompletion, description = "The answer (or a text/event-stream of chat.completion.chunk)"),
        (status = 400, body = OpenAiErrorBody), (status = 401, body = OpenAiErrorBody),
        (status = 404, body = OpenAiErrorBody, description = "Unknown model or conversation"),
        (status = 503, body = OpenAiErrorBody, description = "No model could answer"),
    ))]
pub async fn chat_completions(
    State(state): State<AppState>,
    caller: Result<Require<scopes::Read>, ApiError>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    match run(state, caller, &headers, body).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn run(
    state: AppState,
    caller: Result<Require<scopes::Read>, ApiError>,
    headers: &HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, OpenAiError> {
    let Require(principal, _) = caller?;
    // Read as bytes (for OpenAI's own error shape), so the content type is checked here as
    // axum's Json checks it on every other JSON route.
    if let Some(problem) = crate::http::json::json_type_problem(headers) {
        return Err(OpenAiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            problem,
        ));
    }
    let body =
        body.map_err(|e| OpenAiError::new(e.status(), "invalid_parameter", e.body_text()))?;
    if let Some(problem) = crate::http::json::strict_problem(&body) {
        return Err(OpenAiError::invalid(problem));
    }
    // Read as every JSON route reads its body, so a field of the wrong type is named by its
    // path (`messages[0].role: invalid type ...`), not only by its line and column.
    let request: ChatCompletionRequest = axum::Json::from_bytes(&body)
        .map(|axum::Json(request)| request)
        .map_err(|rejection| {
            OpenAiError::invalid(format!(
                "the body is not a chat completion request: {}",
                crate::http::json::rejection_text(&rejection)
            ))
        })?;
    check_options(&request)?;
    if request.model != MODEL {
        return Err(OpenAiError::new(
            StatusCode::NOT_FOUND,
            "model_not_found",
            format!(
                "the model '{}' does not exist; use '{MODEL}'",
                request.model
            ),
        )
        .param("model"));
    }
    let options = request.warden.unwrap_or_default();
    let notes = options.notes.unwrap_or(true);
    let (last, earlier) = request
        .messages
        .split_last()
        .ok_or_else(|| OpenAiError::invalid("messages must not be empty").param("messages"))?;
    if last.role != "user" {
        return Err(OpenAiError::invalid(format!(
            "the last message must be the user's, not '{}'",
            last.role
        ))
        .param("messages"));
    }
    let message = text_of(&last.content).map_err(|m| OpenAiError::invalid(m).param("messages"))?;
    // Judged before the earlier messages seed a conversation, so a refused turn leaves none.
    let length = message.trim().chars().count();
    if length == 0 || length > MAX_MESSAGE_CHARS {
        return Err(OpenAiError::invalid(format!(
            "messages[{}] (the user's new message) must hold 1 to {MAX_MESSAGE_CHARS} characters of text, not {length}",
            earlier.len()
        ))
        .param("messages"));
    }
    let conversation_id = match options.conversation_id {
        Some(id) => id,
        None => seed(&state, &principal, earlier, &message).await?,
    };
    let started = state
        .chat
        .start(
            &Caller::from(&principal),
            ChatRequest {
                message,
                conversation_id: Some(conversation_id),
                model: None,
            },
        )
        .await
        .map_err(ApiError::from)?;
    let created = now();
    if request.stream {
        let include_usage = request.stream_options.is_some_and(|o| o.include_usage);
        return Ok(stream::respond(
            state,
            principal,
            started,
            created,
            notes,
            include_usage,
        ));
    }
    whole(state, principal, started, created, notes).await
}

/// Refuses what the request asks that Warden would otherwise not do while answering as if it
/// had: several answers (`n`), or stream options on an answer that is not streamed.
fn check_options(request: &ChatCompletionRequest) -> Result<(), OpenAiError> {
    if let Some(n) = request.n.filter(|n| *n != 1) {
        return Err(OpenAiError::invalid(format!(
            "n must be 1: Warden gives one answer per request, not {n}"
        ))
        .param("n"));
    }
    if request.stream_options.is_some() && !request.stream {
        return Err(OpenAiError::invalid(
            "stream_options is only taken with `stream: true`; leave it out or stream the answer",
        )
        .param("stream_options"));
    }
    Ok(())
}

/// A new conversation holding the earlier user and assistant messages (system and tool
/// messages are Warden's own business and are dropped).
async fn seed(
    state: &AppState,
    principal: &Principal,
    earlier: &[wire::InputMessage],
    message: &str,
) -> Result<String, OpenAiError> {
    if earlier.len() > MAX_MESSAGES {
        return Err(OpenAiError::invalid(format!(
            "at most {MAX_MESSAGES} earlier messages are taken; continue a Warden conversation with warden.conversation_id"
        ))
        .param("messages"));
    }
    let mut kept = Vec::new();
    for (index, m) in earlier.iter().enumerate() {
        let role = match m.role.as_str() {
            "user" => Role::User,
            "assistant" => Role::Assistant,
            "system" | "developer" | "tool" => continue,
            other => {
                return Err(OpenAiError::invalid(format!(
                    "messages[{index}].role '{other}' is not one of: system, developer, user, assistant, tool"
                ))
                .param("messages"));
            }
        };
        let content = text_of(&m.content).map_err(|e| {
            OpenAiError::invalid(format!("messages[{index}]: {e}")).param("messages")
        })?;
        if content.chars().count() > MAX_MESSAGE_CHARS {
            return Err(OpenAiError::invalid(format!(
                "messages[{index}] is longer than {MAX_MESSAGE_CHARS} characters"
            ))
            .param("messages"));
        }
        if !content.trim().is_empty() {
            kept.push((role, content));
        }
    }
    let store = state.chat.store();
    let at = now();
    let conversation = store
        .create_conversation(
            &principal.user_id,
            &warden_core::runs::convert::title_of(message),
            at,
        )
        .await
        .map_err(ApiError::from)?;
    for (role, content) in kept {
        store
            .append_message(
                &conversation.id,
                NewMessage {
                    role,
                    content,
                    tool_calls: "[]".to_owned(),
                    tool_call_id: None,
                    tool_name: None,
                    run_id: None,
                },
                at,
            )
            .await
            .map_err(ApiError::from)?;
    }
    Ok(conversation.id)
}

/// The note a step adds to the content, if it is one people should see.
pub fn note(event: &RunEvent) -> Option<String> {
    match event {
        RunEvent::ToolCall {
            name,
            arguments,
            risk,
            route,
            ..
        } => Some(format!(
            "> tool `{name}` {arguments} (risk {risk}, route {route})\n"
        )),
        RunEvent::ToolResult {
            name,
            ok,
            error_code,
            ..
        } => Some(match (ok, error_code) {
            (true, _) => format!("> `{name}` done\n"),
            (false, Some(code)) => format!("> `{name}` did not succeed ({code})\n"),
            (false, None) => format!("> `{name}` did not succeed\n"),
        }),
        RunEvent::ApprovalRequired(required) => Some(format!(
            "> waiting for approval `{}`: `{}` (risk {}, rule {}). Approve or deny it in Warden's web app, or run `warden approvals approve {}`\n",
            required.approval_id, required.tool, required.risk, required.rule, required.approval_id
        )),
        RunEvent::ApprovalResolved(resolved) => Some(format!(
            "> approval `{}` {}{}\n",
            resolved.approval_id,
            resolved.decision,
            resolved
                .decided_by
                .as_deref()
                .map(|by| format!(" by {by}"))
                .unwrap_or_default()
        )),
        RunEvent::RunStarted { .. }
        | RunEvent::MemoriesRecalled { .. }
        | RunEvent::Thinking { .. }
        | RunEvent::AnswerDelta { .. }
        | RunEvent::Complete { .. }
        | RunEvent::Error { .. }
        | RunEvent::Cancelled {} => None,
    }
}

/// The error a run that ended without an answer comes to.
pub fn run_failure(event: &RunEvent) -> OpenAiError {
    match event {
        RunEvent::Error { code, message } => {
            // A 500 means a fault inside Warden: a model that answered badly or too slowly, a
            // run that went nowhere or a spent budget is not one, and says which it was.
            let status = match code {
                RunErrorCode::LlmNotConfigured
                | RunErrorCode::LlmUnreachable
                | RunErrorCode::LlmCircuitOpen
                | RunErrorCode::LlmTimeout
                | RunErrorCode::LlmErrorStatus
                | RunErrorCode::Interrupted
                | RunErrorCode::StorageUnavailable => StatusCode::SERVICE_UNAVAILABLE,
                RunErrorCode::LlmProtocol | RunErrorCode::LlmEmptyAnswer => StatusCode::BAD_GATEWAY,
                RunErrorCode::RunDeadline => StatusCode::GATEWAY_TIMEOUT,
                RunErrorCode::LlmContextOverflow
                | RunErrorCode::Stuck
                | RunErrorCode::MaxIterations => StatusCode::UNPROCESSABLE_ENTITY,
                RunErrorCode::UnknownModel => StatusCode::NOT_FOUND,
                RunErrorCode::TokenBudgetExceeded => StatusCode::TOO_MANY_REQUESTS,
                RunErrorCode::SessionEnded => StatusCode::UNAUTHORIZED,
                RunErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            };
            OpenAiError::new(status, code.as_str(), message.clone())
        }
        RunEvent::Cancelled {} => OpenAiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "cancelled",
            "the run was cancelled",
        ),
        RunEvent::RunStarted { .. }
        | RunEvent::MemoriesRecalled { .. }
        | RunEvent::Thinking { .. }
        | RunEvent::ToolCall { .. }
        | RunEvent::ToolResult { .. }
        | RunEvent::ApprovalRequired(_)
        | RunEvent::ApprovalResolved(_)
        | RunEvent::AnswerDelta { .. }
        | RunEvent::Complete { .. } => OpenAiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the run ended without an outcome",
        ),
    }
}

async fn whole(
    state: AppState,
    principal: Principal,
    started: StartedRun,
    created: i64,
    notes: bool,
) -> Result<Response, OpenAiError> {
    let events: Vec<ServerEvent> = follow(
        state.chat.clone(),
        principal.user_id.clone(),
        started.run_id.clone(),
        0,
        Some(started.events),
    )
    .filter_map(|e| async move { e.ok() })
    .collect()
    .await;
    let Some(last) = events.last() else {
        return Err(OpenAiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the run ended without an outcome",
        ));
    };
    let RunEvent::Complete { answer, .. } = &last.event else {
        return Err(run_failure(&last.event));
    };
    let mut content = String::new();
    if notes {
        for event in &events {
            if let Some(note) = note(&event.event) {
                content.push_str(&note);
            }
        }
        if !content.is_empty() {
            content.push('\n');
        }
    }
    content.push_str(answer);
    Ok(axum::Json(ChatCompletion {
        id: format!("chatcmpl-{}", started.run_id),
        object: "chat.completion",
        created,
        model: MODEL.to_owned(),
        choices: vec![Choice {
            index: 0,
            message: AnswerMessage {
                role: "assistant",
                content,
            },
            finish_reason: "stop",
        }],
        usage: run_usage(state.chat.store(), &started.run_id).await,
        warden: WardenInfo {
            run_id: started.run_id,
            conversation_id: started.conversation_id,
            events,
        },
    })
    .into_response())
}

/// What a run's model calls used, as recorded for the token budgets (the backends' counts, or
/// Warden's estimates where a backend reported none); zeros, logged, when the database does not
/// answer within 2 s.
pub(super) async fn run_usage(store: &warden_store::Store, run_id: &str) -> Usage {
    let read = store.tokens_since(warden_store::TokenOwner::Run(run_id), 0);
    match tokio::time::timeout(std::time::Duration::from_secs(2), read).await {
        Ok(Ok(totals)) => Usage {
            prompt_tokens: totals.prompt_tokens,
            completion_tokens: totals.completion_tokens,
            total_tokens: totals.prompt_tokens + totals.completion_tokens,
        },
        Ok(Err(error)) => {
            tracing::warn!(%error, run = run_id, "cannot read a run's token usage");
            Usage::default()
        }
        Err(_) => {
            tracing::warn!(run = run_id, "a run's token usage was not read within 2 s");
            Usage::default()
        }
    }
}

#[cfg(test)]
mod failure_tests {
    use axum::http::StatusCode;
    use warden_protocol::RunErrorCode;
    use warden_protocol::chat::RunEvent;

    use super::run_failure;

    #[test]
    fn only_a_fault_inside_warden_is_a_500() {
        for (code, status) in [
            (RunErrorCode::LlmProtocol, StatusCode::BAD_GATEWAY),
            (RunErrorCode::LlmEmptyAnswer, StatusCode::BAD_GATEWAY),
            (RunErrorCode::RunDeadline, StatusCode::GATEWAY_TIMEOUT),
            (RunErrorCode::Stuck, StatusCode::UNPROCESSABLE_ENTITY),
            (
                RunErrorCode::MaxIterations,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                RunErrorCode::LlmContextOverflow,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                RunErrorCode::TokenBudgetExceeded,
                StatusCode::TOO_MANY_REQUESTS,
            ),
            (
                RunErrorCode::StorageUnavailable,
                StatusCode::SERVICE_UNAVAILABLE,
            ),
            (RunErrorCode::SessionEnded, StatusCode::UNAUTHORIZED),
            (RunErrorCode::Internal, StatusCode::INTERNAL_SERVER_ERROR),
        ] {
            let failure = run_failure(&RunEvent::Error {
                code,
                message: "m".to_owned(),
            });
            assert_eq!(failure.status, status, "{code}");
        }
    }
}
