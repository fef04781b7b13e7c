//! `/api/v1/audit`: the hash-chained log of every decision and execution (administrators).

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use serde::Deserialize;
use warden_protocol::guard::{AuditEntry, AuditPage, AuditVerification};
use warden_store::{AuditQuery, AuditRecord};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::{ApiError, ApiJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/audit", get(list))
        .route("/audit/verify", get(verify))
}

pub fn entry_view(record: AuditRecord) -> AuditEntry {
    AuditEntry {
        seq: record.seq,
        at: record.entry.at,
        actor: record.entry.actor,
        event: record.entry.event,
        tool: record.entry.tool,
        arguments: serde_json::from_str(&record.entry.arguments).unwrap_or_default(),
        risk: record.entry.risk,
        route: record.entry.route,
        approval_id: record.entry.approval_id,
        outcome: record.entry.outcome,
        detail: record.entry.detail,
        duration_ms: record.entry.duration_ms,
        hash: record.hash,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// Only this tool.
    pub tool: Option<String>,
    /// Only this actor (`user:NAME`, `api_key:ID`, `monitor`).
    pub actor: Option<String>,
    /// Only rows before this sequence number (the next page).
    pub before: Option<i64>,
    /// At most this many (default 100, at most 1000).
    pub limit: Option<i64>,
}

/// Audit rows, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    security(("bearer" = ["admin"]), ("api_key" = ["admin"])),
    responses((status = 200, body = AuditPage), (status = 403, body = warden_protocol::ErrorBody), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(..): Require<scopes::Admin>,
    Query(params): Query<AuditParams>,
) -> Result<ApiJson<AuditPage>, ApiError> {
    let limit = params.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 1000"));
    }
    let entries = state
        .store
        .list_audit(&AuditQuery {
            tool: params.tool,
            actor: params.actor,
            before_seq: params.before,
            limit,
        })
        .await?
        .into_iter()
        .map(entry_view)
        .collect();
    Ok(ApiJson(AuditPage { entries }))
}

/// Walks the whole chain: every row's hash and link to the one before.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit",
    security(("bearer" = ["admin"]), ("api_key" = ["admin"])),
    responses((status = 200, body = AuditVerification), (status = 403, body = warden_protocol::ErrorBody)))]
pub async fn verify(
    State(state): State<AppState>,
    Require(..): Require<scopes::Admin>,
) -> Result<ApiJson<AuditVerification>, ApiError> {
    Ok(ApiJson(verification(state.store.verify_audit().await?)))
}

pub fn verification(result: Result<i64, warden_store::ChainBreak>) -> AuditVerification {
    match result {
        Ok(rows) => AuditVerification {
            ok: true,
            rows,
            broken_at: None,
            reason: None,
        },
        Err(broken) => AuditVerification {
            ok: false,
            rows: broken.seq - 1,
            broken_at: Some(broken.seq),
            reason: Some(broken.reason),
        },
    }
}
