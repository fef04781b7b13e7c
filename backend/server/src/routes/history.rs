//! `GET /api/v1/conversations/{id}/history`: a conversation as it happened, turn by turn: each
//! question with every step of the run that answered it (tool calls with the guard's risk and
//! route, results, approvals with who decided them and when), so a client shows a reopened
//! conversation, or one reloaded mid-run, as it was seen live.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use serde::Deserialize;
use warden_protocol::chat::{ConversationHistory, Run, RunEvent, Turn};
use warden_protocol::{Role, RunStatus};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::{ApiError, ApiJson, ApiQuery};
use crate::routes::approvals::approval_views;
use crate::routes::conversations::view;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/conversations/{id}/history", get(history))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryParams {
    /// The latest this many turns (default 50, at most 200).
    pub limit: Option<usize>,
}

/// One of the caller's conversations, turn by turn, oldest first.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/history", tag = "chat",
    params(("id" = String, Path), HistoryParams),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = ConversationHistory), (status = 404, body = warden_protocol::ErrorBody),
        (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<HistoryParams>,
) -> Result<ApiJson<ConversationHistory>, ApiError> {
    let limit = params.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 200"));
    }
    let conversation = state
        .store
        .conversation(&caller.user_id, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("conversation"))?;
    let mut runs = state.store.runs_of(&id).await?;
    let truncated = runs.len() > limit;
    runs.drain(..runs.len().saturating_sub(limit));
    // The question of each run: the user message stored with it.
    let mut questions: HashMap<String, String> = HashMap::new();
    for message in state.store.messages(&id).await? {
        if message.role == Role::User
            && let Some(run) = message.run_id
        {
            questions.entry(run).or_insert(message.content);
        }
    }
    let mut turns = Vec::with_capacity(runs.len());
    for run in runs {
        let (status, mut events) = state.chat.events_after(&caller.user_id, &run.id, 0).await?;
        if status != RunStatus::Running {
            events.retain(|e| !matches!(e.event, RunEvent::AnswerDelta { .. }));
        }
        let approvals = approval_views(&state, state.store.approvals_of_run(&run.id).await?)
            .await?
            .into_iter()
            .map(|mut approval| {
                approval.conversation_id = Some(id.clone());
                approval
            })
            .collect();
        turns.push(Turn {
            question: questions.remove(&run.id),
            events,
            approvals,
            run: Run {
                id: run.id,
                // A failed run whose ending is not stored yet reads as it was sent.
                status,
                model: run.model,
                answer: run.answer,
                error_code: run.error_code,
                created_at: run.created_at,
                finished_at: run.finished_at,
            },
        });
    }
    Ok(ApiJson(ConversationHistory {
        conversation: view(conversation),
        turns,
        truncated,
    }))
}
