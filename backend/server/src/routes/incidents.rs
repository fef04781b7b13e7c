//! `/api/v1/incidents`: what the monitor found, with each incident's timeline.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use serde::Deserialize;
use warden_core::guard::actor_label;
use warden_core::monitor::Trigger;
use warden_protocol::monitor::{
    Incident, IncidentDetail, IncidentEventView, IncidentList, TargetHistory,
};
use warden_protocol::{AuditEvent, AuditOutcome, IncidentEventKind, IncidentState, Severity};
use warden_store::{ACKNOWLEDGED, IncidentQuery, IncidentRecord};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::chat::tool_context;
use crate::http::{ApiError, ApiJson, ApiQuery, wire_filter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/incidents", get(list))
        .route("/incidents/{id}", get(one))
        .route("/incidents/{id}/acknowledge", post(acknowledge))
        .route("/incidents/{id}/retry", post(retry))
}

/// The views of `records`, each with its latest acknowledgement.
pub async fn incident_views(
    state: &AppState,
    records: Vec<IncidentRecord>,
) -> Result<Vec<Incident>, ApiError> {
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let mut acknowledged = state.store.acknowledgements(&ids).await?;
    Ok(records
        .into_iter()
        .map(|record| {
            let ack = acknowledged.remove(&record.id);
            Incident {
                acknowledged_by: ack.as_ref().map(|a| a.by.clone()),
                acknowledged_at: ack.map(|a| a.at),
                ..incident_view(record)
            }
        })
        .collect())
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
        acknowledged_by: None,
        acknowledged_at: None,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct IncidentParams {
    /// Only incidents in this state (`open`, `repairing`, `awaiting_approval`, `resolved`,
    /// `failed` or `escalated`).
    pub state: Option<String>,
    /// Only incidents of this severity (`warning` or `critical`).
    pub severity: Option<String>,
    /// Only incidents live at some moment at or after this time (Unix seconds): not closed
    /// before it.
    pub since: Option<i64>,
    /// Only incidents opened at or before this time (Unix seconds).
    pub until: Option<i64>,
    /// At most this many, most recently updated first (default 100, at most 500).
    pub limit: Option<i64>,
}

/// Incidents, most recently updated first, and how many each target opened in the time range
/// (a flapping target shows as many).
#[utoipa::path(get, path = "/api/v1/incidents", tag = "incidents", params(IncidentParams),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = IncidentList), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
    ApiQuery(params): ApiQuery<IncidentParams>,
) -> Result<ApiJson<IncidentList>, ApiError> {
    let wanted_state = wire_filter(
        "state",
        params.state.as_deref(),
        IncidentState::all().map(IncidentState::as_str),
    )?;
    let wanted_severity = wire_filter(
        "severity",
        params.severity.as_deref(),
        Severity::all().map(Severity::as_str),
    )?;
    if let (Some(since), Some(until)) = (params.since, params.until)
        && since > until
    {
        return Err(ApiError::validation("since must not be after until"));
    }
    let limit = params.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 500"));
    }
    let records = state
        .store
        .incident_history(&IncidentQuery {
            state: wanted_state,
            severity: wanted_severity,
            since: params.since,
            until: params.until,
            limit,
        })
        .await?;
    let targets = state
        .store
        .incident_counts(params.since, params.until, 100)
        .await?
        .into_iter()
        .map(|t| TargetHistory {
            fingerprint: t.fingerprint,
            kind: t.kind,
            target: t.target,
            incidents: t.incidents,
            last_opened_at: t.last_opened_at,
        })
        .collect();
    Ok(ApiJson(IncidentList {
        incidents: incident_views(&state, records).await?,
        targets,
    }))
}

async fn detail(state: &AppState, id: &str) -> Result<IncidentDetail, ApiError> {
    let (record, events) = state
        .store
        .incident(id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    let incident = incident_views(state, vec![record])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("incident"))?;
    Ok(IncidentDetail {
        incident,
        timeline: events
            .into_iter()
            .map(|e| IncidentEventView {
                at: e.at,
                seq: e.seq,
                kind: e.kind,
                detail: e.detail,
            })
            .collect(),
    })
}

#[utoipa::path(get, path = "/api/v1/incidents/{id}", tag = "incidents", params(("id" = String, Path)),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = IncidentDetail), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
    Path(id): Path<String>,
) -> Result<ApiJson<IncidentDetail>, ApiError> {
    detail(&state, &id).await.map(ApiJson)
}

/// Records that a human has seen the incident and is on it (on its timeline, as `acknowledged`
/// by the caller, and in the audit log). Nothing else changes: the monitor goes on as before.
#[utoipa::path(post, path = "/api/v1/incidents/{id}/acknowledge", tag = "incidents", params(("id" = String, Path)),
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses((status = 200, body = IncidentDetail), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Write>,
    Path(id): Path<String>,
) -> Result<ApiJson<IncidentDetail>, ApiError> {
    let (record, _) = state
        .store
        .incident(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    let actor = actor_label(&tool_context(&caller));
    state
        .guard
        .audit_event(
            &actor,
            AuditEvent::IncidentAcknowledged,
            &format!("incident:{}", record.id),
            &serde_json::json!({"fingerprint": record.fingerprint}),
            AuditOutcome::Ok,
            &record.summary,
        )
        .await?;
    state
        .store
        .add_incident_event(&record.id, ACKNOWLEDGED, &actor, state.clock.now())
        .await?;
    detail(&state, &record.id).await.map(ApiJson)
}

/// Asks for another repair of a live incident that was escalated (or waits for its next try):
/// the target's spent repair budget is forgotten, the incident is open again, and a sweep is
/// asked for now, which repairs it through the guard as usual (approvals included). 409 for a
/// closed incident (a new sweep opens a new one if the fault is back) or one whose repair is
/// under way or waits for an approval.
#[utoipa::path(post, path = "/api/v1/incidents/{id}/retry", tag = "incidents", params(("id" = String, Path)),
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses((status = 200, body = IncidentDetail), (status = 404, body = warden_protocol::ErrorBody),
        (status = 409, body = warden_protocol::ErrorBody)))]
pub async fn retry(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Write>,
    Path(id): Path<String>,
) -> Result<ApiJson<IncidentDetail>, ApiError> {
    let (record, _) = state
        .store
        .incident(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    if record.closed_at.is_some() {
        return Err(ApiError::conflict(format!(
            "the incident is {} already; if the fault is back, the next sweep opens a new incident",
            record.state
        )));
    }
    match record.state {
        IncidentState::Escalated | IncidentState::Open => {}
        IncidentState::Repairing
        | IncidentState::AwaitingApproval
        | IncidentState::Resolved
        | IncidentState::Failed => {
            return Err(ApiError::conflict(format!(
                "the incident is {}: its repair is under way or waits for an approval",
                record.state.as_str().replace('_', " ")
            )));
        }
    }
    let actor = actor_label(&tool_context(&caller));
    let detail_text = format!(
        "retry asked by {actor}: the repair budget of {} starts afresh",
        record.target
    );
    state
        .guard
        .audit_event(
            &actor,
            AuditEvent::IncidentRetry,
            &format!("incident:{}", record.id),
            &serde_json::json!({"fingerprint": record.fingerprint}),
            AuditOutcome::Ok,
            &detail_text,
        )
        .await?;
    state.store.forget_repairs(&record.target).await?;
    let at = state.clock.now();
    state
        .store
        .advance_incident(
            &record.id,
            &[(IncidentEventKind::Note, &detail_text)],
            IncidentState::Open,
            at,
        )
        .await?;
    state.monitor_handle.nudge(Trigger::Manual);
    detail(&state, &record.id).await.map(ApiJson)
}
