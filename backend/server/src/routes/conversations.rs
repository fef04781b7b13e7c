//! `/api/v1/conversations`: the caller's conversations; another user's do not exist for them.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde::Deserialize;
use warden_protocol::chat::{
    Conversation, ConversationDetail, ConversationList, Message, RenameConversation, Run,
};
use warden_protocol::text::fields;
use warden_store::ConversationRecord;

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::clock::now;
use crate::http::{ApiError, ApiJson, ApiQuery};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/conversations", get(list)).route(
        "/conversations/{id}",
        get(show).patch(rename).delete(remove),
    )
}

pub(crate) fn view(c: ConversationRecord) -> Conversation {
    Conversation {
        id: c.id,
        title: c.title,
        created_at: c.created_at,
        updated_at: c.updated_at,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Only conversations whose title, or a question or answer in them, contains this text
    /// (1 to 200 characters; case-insensitive for ASCII letters).
    pub q: Option<String>,
}

/// The caller's conversations, most recent first (at most 200).
#[utoipa::path(get, path = "/api/v1/conversations", tag = "chat", params(ListParams),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = ConversationList), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<ApiJson<ConversationList>, ApiError> {
    let found = match params.q.as_deref().map(str::trim) {
        None | Some("") => state.store.list_conversations(&caller.user_id, 200).await?,
        Some(query) if query.chars().count() > 200 => {
            return Err(ApiError::validation("q must be at most 200 characters"));
        }
        Some(query) => {
            state
                .store
                .search_conversations(&caller.user_id, query, 200)
                .await?
        }
    };
    let conversations = found.into_iter().map(view).collect();
    Ok(ApiJson(ConversationList { conversations }))
}

/// One conversation with its messages (tool calls and results included) and its runs.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "chat", params(("id" = String, Path)),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = ConversationDetail), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    Path(id): Path<String>,
) -> Result<ApiJson<ConversationDetail>, ApiError> {
    let conversation = state
        .store
        .conversation(&caller.user_id, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("conversation"))?;
    let messages = state
        .store
        .messages(&id)
        .await?
        .into_iter()
        .map(|m| Message {
            role: m.role,
            content: m.content,
            tool_calls: warden_core::runs::calls_json(&m.tool_calls),
            tool_call_id: m.tool_call_id,
            tool_name: m.tool_name,
            run_id: m.run_id,
            created_at: m.created_at,
        })
        .collect();
    let runs = state
        .store
        .runs_of(&id)
        .await?
        .into_iter()
        .map(|r| Run {
            id: r.id,
            status: r.status,
            model: r.model,
            answer: r.answer,
            error_code: r.error_code,
            created_at: r.created_at,
            finished_at: r.finished_at,
        })
        .collect();
    Ok(ApiJson(ConversationDetail {
        conversation: view(conversation),
        messages,
        runs,
    }))
}

/// Renames a conversation.
#[utoipa::path(patch, path = "/api/v1/conversations/{id}", tag = "chat", params(("id" = String, Path)), request_body = RenameConversation,
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses((status = 200, body = Conversation), (status = 404, body = warden_protocol::ErrorBody), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn rename(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Write>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RenameConversation>,
) -> Result<ApiJson<Conversation>, ApiError> {
    let title = body.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(ApiError::validation("title must be 1 to 200 characters"));
    }
    fields::CONVERSATION_TITLE
        .check(title)
        .map_err(|refusal| ApiError::validation(refusal.to_string()))?;
    state
        .store
        .rename_conversation(&caller.user_id, &id, title, now())
        .await?;
    let conversation = state
        .store
        .conversation(&caller.user_id, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("conversation"))?;
    Ok(ApiJson(view(conversation)))
}

/// Deletes a conversation with its messages, runs and events.
#[utoipa::path(delete, path = "/api/v1/conversations/{id}", tag = "chat", params(("id" = String, Path)),
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses((status = 204, description = "Deleted"), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Write>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state
        .store
        .delete_conversation(&caller.user_id, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
