//! `/api/v1/incidents`: what the monitor found, with each incident's timeline.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use serde::Deserialize;
use warden_protocol::monitor::{Incident, IncidentDetail, IncidentEventView, IncidentList};
use warden_store::IncidentRecord;

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::{ApiError, ApiJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/incidents", get(list))
        .route("/incidents/{id}", get(one))
}

pub fn incident_view(record: IncidentRecord) -> Incident {
    Incident {
        id: record.id,
        fingerprint: record.fingerprint,
        kind: record.kind,
        target: record.target,
        severity: record.severity,
        state: record.state,
        summary: record.summary,
        occurrences: record.occurrences,
        opened_at: record.opened_at,
        updated_at: record.updated_at,
        closed_at: record.closed_at,
    }
}

const STATES: &[&str] = &[
    "open",
    "repairing",
    "awaiting_approval",
    "resolved",
    "failed",
    "escalated",
];

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct IncidentParams {
    /// Only incidents in this state.
    pub state: Option<String>,
    /// At most this many, most recently updated first (default 100, at most 500).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/incidents", tag = "incidents", params(IncidentParams),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = IncidentList), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
    Query(params): Query<IncidentParams>,
) -> Result<ApiJson<IncidentList>, ApiError> {
    if let Some(wanted) = &params.state
        && !STATES.contains(&wanted.as_str())
    {
        return Err(ApiError::validation(format!(
            "state must be one of: {}",
            STATES.join(", ")
        )));
    }
    let limit = params.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 500"));
    }
    let incidents = state
        .store
        .list_incidents(params.state.as_deref(), limit)
        .await?
        .into_iter()
        .map(incident_view)
        .collect();
    Ok(ApiJson(IncidentList { incidents }))
}

#[utoipa::path(get, path = "/api/v1/incidents/{id}", tag = "incidents", params(("id" = String, Path)),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = IncidentDetail), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
    Path(id): Path<String>,
) -> Result<ApiJson<IncidentDetail>, ApiError> {
    let (record, events) = state
        .store
        .incident(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    Ok(ApiJson(IncidentDetail {
        incident: incident_view(record),
        timeline: events
            .into_iter()
            .map(|e| IncidentEventView {
                at: e.at,
                seq: e.seq,
                kind: e.kind,
                detail: e.detail,
            })
            .collect(),
    }))
}
