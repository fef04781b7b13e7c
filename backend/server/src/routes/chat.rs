//! `/api/v1/chat` and `/api/v1/runs`: starting runs and following them.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use serde::Deserialize;
use std::time::Duration;

use warden_core::runs::{Caller, RunError, follow, reply};
use warden_protocol::chat::{ChatReply, ChatRequest, RunEvents, ServerEvent};

use crate::auth::principal::scopes;
use crate::auth::{Principal, Require};
use crate::http::{ApiError, ApiJson, ApiQuery};
use crate::live::still_valid;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/chat", post(chat))
        .route("/runs/{id}", get(run))
        .route("/runs/{id}/events", get(run_events))
        .route("/usage", get(usage))
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

/// The events of `stream` as server-sent events, until `ending` resolves with a last one (the
/// caller's credential ended) or the stream ends.
fn sse(
    stream: impl futures_util::Stream<Item = Result<ServerEvent, RunError>> + Send + 'static,
    ending: impl Future<Output = Event> + Send + 'static,
) -> Response {
    let events = stream.map(|item| match item.map_err(ApiError::from) {
        Ok(event) => Event::default()
            .event(event.event.kind())
            .json_data(&event)
            .unwrap_or_else(|_| Event::default().comment("unencodable event")),
        // The typed error body every REST error has, so clients read one shape.
        Err(e) => Event::default()
            .event("error")
            .json_data(warden_protocol::ErrorBody::new(e.code(), e.message()))
            .unwrap_or_else(|_| Event::default().comment("unencodable error")),
    });
    // The run's own events come first (biased), so a run that ended with its credential says so
    // itself before the delivery stops.
    let events = futures_util::stream::unfold(
        (Box::pin(events), Box::pin(ending), false),
        |(mut events, mut ending, done)| async move {
            if done {
                return None;
            }
            tokio::select! {
                biased;
                event = events.next() => event.map(|event| (event, (events, ending, false))),
                last = &mut ending => Some((last, (events, ending, true))),
            }
        },
    )
    .map(Ok::<_, Infallible>);
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// Resolves once `caller`'s credential no longer stands (a key revoked or expired, a session
/// ended, a user disabled), with the `session_ended` error event that ends its stream: asked
/// again whenever credentials change here and every [`STANDING_POLL`] (a change made by another
/// process). A store that cannot answer ends the stream too (fail closed).
async fn credential_ended(state: AppState, caller: Principal) -> Event {
    let mut credentials = state.live.watch_credentials();
    // The caller was authenticated as the stream began: the first look is one poll in, so a
    // stream costs no store round trip at its start.
    let mut ticker =
        tokio::time::interval_at(tokio::time::Instant::now() + STANDING_POLL, STANDING_POLL);
    let (code, message) = loop {
        tokio::select! {
            _ = ticker.tick() => {}
            Ok(()) = credentials.changed() => {}
        }
        match still_valid(&state.store, &caller, state.clock.now()).await {
            Ok(true) => {}
            Ok(false) => break (
                "session_ended",
                "this stream has ended: its credential ended (logged out, the user disabled, or the key revoked)".to_owned(),
            ),
            Err(error) => break (
                "unavailable",
                format!("this stream has ended: its credential could not be checked ({error})"),
            ),
        }
    };
    Event::default()
        .event("error")
        .json_data(serde_json::json!({"error": {"code": code, "message": message}}))
        .unwrap_or_else(|_| Event::default().comment("unencodable error"))
}

/// How often a stream asks whether its caller still stands, besides every change made here.
const STANDING_POLL: Duration = Duration::from_secs(5);

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChatWait {
    /// JSON answers only: how long to wait for the run to end before answering with where it
    /// stands (seconds, default 5, at most 120). A run that waits for an approval is answered at
    /// once.
    pub wait_secs: Option<u64>,
}

/// Starts a run. With `Accept: text/event-stream`, its events stream as server-sent events (one
/// per event, named by its type; an `error` event carries `{"error":{"code","message"}}`).
/// Otherwise the answer is JSON within a bounded wait: 200 when the run ended in it, 202 while it
/// still runs or waits for an approval (with the approval, to decide, and the run id to follow
/// with `GET /api/v1/runs/{id}`). Either way the run continues if the client goes away.
#[utoipa::path(post, path = "/api/v1/chat", tag = "chat", request_body = ChatRequest, params(ChatWait),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses(
        (status = 200, body = ChatReply, description = "The run ended: its outcome and steps (or a text/event-stream of ServerEvent)"),
        (status = 202, body = ChatReply, description = "The run goes on (status running) or waits for an approval (status awaiting_approval)"),
        (status = 404, body = warden_protocol::ErrorBody, description = "No such conversation of the caller's"),
        (status = 422, body = warden_protocol::ErrorBody, description = "Empty or oversized message, unknown model"),
        (status = 429, body = warden_protocol::ErrorBody, description = "The caller's daily token budget is spent (token_budget_exceeded)"),
    ))]
pub async fn chat(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    ApiQuery(wait): ApiQuery<ChatWait>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<ChatRequest>,
) -> Result<Response, ApiError> {
    let wait_secs = wait.wait_secs.unwrap_or(reply::DEFAULT_WAIT_SECS);
    if wait_secs > reply::MAX_WAIT_SECS {
        return Err(ApiError::validation(format!(
            "wait_secs must be at most {}",
            reply::MAX_WAIT_SECS
        )));
    }
    let started = state.chat.start(&Caller::from(&caller), request).await?;
    let conversation_id = started.conversation_id.clone();
    let stream = follow(
        state.chat.clone(),
        caller.user_id.clone(),
        started.run_id.clone(),
        0,
        Some(started.events),
    );
    if wants_stream(&headers) {
        return Ok(sse(stream, credential_ended(state.clone(), caller)));
    }
    let followed = reply::wait_for(stream, Duration::from_secs(wait_secs)).await?;
    let ended = followed.ended;
    let answer = reply::of_followed(
        &state.chat,
        &caller.user_id,
        &started.run_id,
        &conversation_id,
        followed,
    )
    .await?;
    let status = if ended {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    Ok((status, ApiJson(answer)).into_response())
}

/// One of the caller's runs: status (`running`, `awaiting_approval`, `complete`, `error`,
/// `cancelled`, `interrupted`), answer or error code, its events, pending approvals and tokens.
#[utoipa::path(get, path = "/api/v1/runs/{id}", tag = "chat", params(("id" = String, Path)),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = ChatReply), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn run(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    Path(id): Path<String>,
) -> Result<ApiJson<ChatReply>, ApiError> {
    Ok(ApiJson(
        reply::stored(&state.chat, &caller.user_id, &id).await?,
    ))
}

/// The caller's tokens today (UTC) and daily budgets.
#[utoipa::path(get, path = "/api/v1/usage", tag = "chat",
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = warden_protocol::chat::TokenUsage)))]
pub async fn usage(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
) -> Result<ApiJson<warden_protocol::chat::TokenUsage>, ApiError> {
    Ok(ApiJson(
        state
            .chat
            .budgets()
            .usage(
                state.chat.store(),
                &Caller::from(&caller),
                state.clock.now(),
            )
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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
    ApiQuery(query): ApiQuery<AfterSeq>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (status, events) = state
        .chat
        .events_after(&caller.user_id, &id, query.after_seq)
        .await?;
    if wants_stream(&headers) {
        return Ok(sse(
            follow(
                Arc::clone(&state.chat),
                caller.user_id.clone(),
                id,
                query.after_seq,
                None,
            ),
            credential_ended(state.clone(), caller),
        ));
    }
    Ok(ApiJson(RunEvents {
        run_id: id,
        status,
        events,
    })
    .into_response())
}

/// Cancels one of the caller's runs; it ends with a `cancelled` event. A run that has already
/// ended cannot be cancelled: 409 names how it ended.
#[utoipa::path(post, path = "/api/v1/runs/{id}/cancel", tag = "chat", params(("id" = String, Path)),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 202, description = "Cancellation requested"), (status = 404, body = warden_protocol::ErrorBody),
        (status = 409, body = warden_protocol::ErrorBody, description = "The run has already ended (the message names its status)")))]
pub async fn cancel(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let status = state.chat.cancel(&caller.user_id, &id).await?;
    if status.is_finished() {
        return Err(ApiError::conflict(format!(
            "run {id} has already ended ({}): there is nothing to cancel",
            status.as_str()
        )));
    }
    Ok(StatusCode::ACCEPTED)
}

#[cfg(test)]
mod tests {
    use axum::response::IntoResponse;
    use http_body_util::BodyExt;

    use super::*;

    #[tokio::test]
    async fn an_error_in_a_stream_is_the_typed_error_body() {
        let stream = futures_util::stream::iter(vec![Err(RunError::RunNotFound)]);
        let body = sse(stream, std::future::pending())
            .into_response()
            .into_body()
            .collect()
            .await;
        let text = body.map(|b| String::from_utf8_lossy(&b.to_bytes()).into_owned());
        assert_eq!(
            text.ok().as_deref(),
            Some(
                "event: error\ndata: {\"error\":{\"code\":\"not_found\",\"message\":\"run not found\"}}\n\n"
            )
        );
    }
}
