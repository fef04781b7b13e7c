//! `/api/v1/chat` and `/api/v1/runs`: starting runs and following them.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use serde::Deserialize;
use warden_protocol::chat::{ChatReply, ChatRequest, RunEvent, RunEvents, ServerEvent};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::chat::follow;
use crate::http::{ApiError, ApiJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/chat", post(chat))
        .route("/runs/{id}/events", get(run_events))
        .route("/runs/{id}/cancel", post(cancel))
        .route("/models", get(models))
}

/// The model names a chat may ask for (besides `auto`, which routes by size and tier).
#[utoipa::path(get, path = "/api/v1/models", tag = "chat",
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = warden_protocol::chat::ModelList)))]
pub async fn models(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
) -> ApiJson<warden_protocol::chat::ModelList> {
    ApiJson(warden_protocol::chat::ModelList {
        models: state.chat.model_names().to_vec(),
    })
}

fn wants_stream(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/event-stream"))
}

fn sse(
    stream: impl futures_util::Stream<Item = Result<ServerEvent, ApiError>> + Send + 'static,
) -> Response {
    let events = stream.map(|item| {
        Ok::<_, Infallible>(match item {
            Ok(event) => Event::default()
                .event(event.event.kind())
                .json_data(&event)
                .unwrap_or_else(|_| Event::default().comment("unencodable event")),
            Err(e) => Event::default()
                .event("error")
                .data(format!("{{\"error\":{{\"code\":\"{:?}\"}}}}", e.code())),
        })
    });
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// Starts a run. With `Accept: text/event-stream`, its events stream as server-sent events (one
/// per event, named by its type); otherwise the answer comes as JSON once the run ends. Either
/// way the run continues if the client goes away.
#[utoipa::path(post, path = "/api/v1/chat", tag = "chat", request_body = ChatRequest,
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses(
        (status = 200, body = ChatReply, description = "The run's outcome and steps (or a text/event-stream of ServerEvent)"),
        (status = 404, body = warden_protocol::ErrorBody, description = "No such conversation of the caller's"),
        (status = 422, body = warden_protocol::ErrorBody, description = "Empty or oversized message, unknown model"),
    ))]
pub async fn chat(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<ChatRequest>,
) -> Result<Response, ApiError> {
    let started = state.chat.start(&caller, request).await?;
    let stream = follow(
        state.chat.clone(),
        caller.user_id.clone(),
        started.run_id.clone(),
        0,
        Some(started.events),
    );
    if wants_stream(&headers) {
        return Ok(sse(stream));
    }
    let events: Vec<ServerEvent> = stream.filter_map(|e| async move { e.ok() }).collect().await;
    let (status, answer) = match events.last().map(|e| &e.event) {
        Some(RunEvent::Complete { answer, .. }) => ("complete", Some(answer.clone())),
        Some(RunEvent::Cancelled {}) => ("cancelled", None),
        Some(RunEvent::Error { code, .. }) if code == "interrupted" => ("interrupted", None),
        _ => ("error", None),
    };
    Ok(ApiJson(ChatReply {
        conversation_id: started.conversation_id,
        run_id: started.run_id,
        status: status.to_owned(),
        answer,
        events,
    })
    .into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AfterSeq {
    /// Only events after this sequence number (default 0: all).
    #[serde(default)]
    pub after_seq: u64,
}

/// A run's events after a sequence number: JSON, or with `Accept: text/event-stream` the stored
/// events followed by the live ones until the run ends.
#[utoipa::path(get, path = "/api/v1/runs/{id}/events", tag = "chat", params(("id" = String, Path), AfterSeq),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = RunEvents), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn run_events(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    Path(id): Path<String>,
    Query(query): Query<AfterSeq>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (status, events) = state
        .chat
        .events_after(&caller.user_id, &id, query.after_seq)
        .await?;
    if wants_stream(&headers) {
        return Ok(sse(follow(
            Arc::clone(&state.chat),
            caller.user_id.clone(),
            id,
            query.after_seq,
            None,
        )));
    }
    Ok(ApiJson(RunEvents {
        run_id: id,
        status,
        events,
    })
    .into_response())
}

/// Cancels one of the caller's runs; it ends with a `cancelled` event.
#[utoipa::path(post, path = "/api/v1/runs/{id}/cancel", tag = "chat", params(("id" = String, Path)),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 202, description = "Cancellation requested"), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.chat.cancel(&caller.user_id, &id).await?;
    Ok(StatusCode::ACCEPTED)
}
