//! `/api/v1/approvals`: calls waiting for a human. Each is visible to the user who asked for it
//! (through a session or one of their API keys) and to holders of `approve`, to nobody else;
//! only a holder of `approve` decides, once, and only the exact call that asked (arguments
//! cannot be changed). With `guard.require_second_person`, not the one who asked.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use serde::Deserialize;
use warden_core::Guard;
use warden_core::guard::{redact, redact_text};
use warden_core::runs::decide_approval;
use warden_protocol::guard::{Approval, ApprovalList, DecideRequest};
use warden_protocol::{ApprovalStatus, Scope};
use warden_store::ApprovalRecord;

use crate::auth::Require;
use crate::auth::principal::{Principal, scopes};
use crate::chat::tool_context;
use crate::http::{ApiError, ApiJson, ApiQuery};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/approvals", get(list))
        .route("/approvals/{id}", get(one))
        .route("/approvals/{id}/approve", post(approve))
        .route("/approvals/{id}/deny", post(deny))
}

pub fn approval_view(record: ApprovalRecord) -> Approval {
    let requested_by = serde_json::from_str::<serde_json::Value>(&record.actor)
        .ok()
        .map(|actor| {
            let field = |k: &str| {
                actor
                    .get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            match field("kind").as_str() {
                "user" => format!("user:{}", field("username")),
                "api_key" => format!("api_key:{}", field("key_id")),
                "monitor_model" => "monitor:model".to_owned(),
                other => other.to_owned(),
            }
        })
        .unwrap_or_default();
    Approval {
        arguments: redact(&serde_json::from_str(&record.arguments).unwrap_or_default()),
        outcome: record
            .outcome
            .as_deref()
            .and_then(|o| serde_json::from_str(o).ok())
            .map(|o| redact(&o)),
        id: record.id,
        tool: record.tool,
        arguments_hash: record.arguments_hash,
        risk: record.risk,
        rule: record.rule,
        justification: redact_text(&record.justification),
        requested_by,
        status: record.status,
        created_at: record.created_at,
        expires_at: record.expires_at,
        decided_by: record.decided_by,
        decided_at: record.decided_at,
        reason: record.reason.as_deref().map(redact_text),
        execution: record.execution,
        run_id: record.run_id,
        conversation_id: None,
        incident_id: None,
    }
}

/// The views of `records`, each with where it came from (its run's conversation, the incident
/// whose repair asked).
pub async fn approval_views(
    state: &AppState,
    records: Vec<ApprovalRecord>,
) -> Result<Vec<Approval>, ApiError> {
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let mut links = state.store.approval_links(&ids).await?;
    Ok(records
        .into_iter()
        .map(|record| {
            let found = links.remove(&record.id).unwrap_or_default();
            Approval {
                conversation_id: found.conversation_id,
                incident_id: found.incident_id,
                ..approval_view(record)
            }
        })
        .collect())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `pending`, `approved`, `denied`, `expired` or `withdrawn`; all when absent.
    pub status: Option<String>,
    /// At most this many, newest first (default 100, at most 500).
    pub limit: Option<i64>,
}

/// Approvals, newest first: all of them for a holder of `approve`, otherwise those the caller
/// asked for.
#[utoipa::path(get, path = "/api/v1/approvals", tag = "approvals", params(ListQuery),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = ApprovalList), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<ApiJson<ApprovalList>, ApiError> {
    let status = match query.status.as_deref().map(str::parse::<ApprovalStatus>) {
        None => None,
        Some(Ok(status)) => Some(status),
        Some(Err(_)) => {
            let known: Vec<&str> = ApprovalStatus::all().map(ApprovalStatus::as_str).collect();
            return Err(ApiError::validation(format!(
                "status must be one of: {}",
                known.join(", ")
            )));
        }
    };
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 500"));
    }
    state.guard.sweep_expired().await;
    let records = if caller.scopes.allows(Scope::Approve) {
        state.store.list_approvals(status, limit).await?
    } else {
        state
            .store
            .list_approvals_requested_by(&caller.user_id, status, limit)
            .await?
    };
    let approvals = approval_views(&state, records).await?;
    Ok(ApiJson(ApprovalList { approvals }))
}

/// One approval; 404 for one the caller may not see (the requester and holders of `approve` may).
#[utoipa::path(get, path = "/api/v1/approvals/{id}", tag = "approvals", params(("id" = String, Path)),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = Approval), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
    Path(id): Path<String>,
) -> Result<ApiJson<Approval>, ApiError> {
    state.guard.sweep_expired().await;
    let record = state
        .store
        .get_approval(&id)
        .await?
        .filter(|record| Guard::may_see(record, &tool_context(&caller)))
        .ok_or_else(|| ApiError::not_found("approval"))?;
    let mut views = approval_views(&state, vec![record]).await?;
    views
        .pop()
        .map(ApiJson)
        .ok_or_else(|| ApiError::not_found("approval"))
}

/// Approves a pending call; it then runs with exactly the arguments it asked with.
#[utoipa::path(post, path = "/api/v1/approvals/{id}/approve", tag = "approvals", params(("id" = String, Path)),
    request_body = DecideRequest, security(("bearer" = ["approve"]), ("api_key" = ["approve"])),
    responses((status = 200, body = Approval),
        (status = 403, body = warden_protocol::ErrorBody, description = "No approve scope, or (with guard.require_second_person) the caller asked for this call themselves"),
        (status = 404, body = warden_protocol::ErrorBody),
        (status = 409, body = warden_protocol::ErrorBody, description = "Already decided, expired, or the arguments hash differs")))]
pub async fn approve(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Approve>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<DecideRequest>,
) -> Result<ApiJson<Approval>, ApiError> {
    decide(&state, &caller, &id, true, request).await
}

/// Denies a pending call; the run that waits on it is told, and nothing runs.
#[utoipa::path(post, path = "/api/v1/approvals/{id}/deny", tag = "approvals", params(("id" = String, Path)),
    request_body = DecideRequest, security(("bearer" = ["approve"]), ("api_key" = ["approve"])),
    responses((status = 200, body = Approval), (status = 403, body = warden_protocol::ErrorBody),
        (status = 404, body = warden_protocol::ErrorBody), (status = 409, body = warden_protocol::ErrorBody)))]
pub async fn deny(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Approve>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<DecideRequest>,
) -> Result<ApiJson<Approval>, ApiError> {
    decide(&state, &caller, &id, false, request).await
}

/// Decides for the caller (see [`decide_approval`]).
async fn decide(
    state: &AppState,
    caller: &Principal,
    id: &str,
    approve: bool,
    request: DecideRequest,
) -> Result<ApiJson<Approval>, ApiError> {
    let record = decide_approval(
        &state.guard,
        &tool_context(caller),
        id,
        approve,
        request.reason.as_deref(),
        request.arguments_hash.as_deref(),
    )
    .await?;
    Ok(ApiJson(approval_view(record)))
}
