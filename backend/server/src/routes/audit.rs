//! `/api/v1/audit`: the hash-chained log of every decision and execution (administrators).

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde::Deserialize;
use warden_protocol::guard::{AuditEntry, AuditPage, AuditVerification};
use warden_protocol::{AuditOutcome, Risk};
use warden_store::{AuditQuery, AuditRecord};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::{ApiError, ApiJson, ApiQuery, wire_filter};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/audit", get(list))
        .route("/audit/verify", get(verify))
        .route(
            "/audit/export/{format}",
            get(crate::routes::audit_export::export),
        )
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
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// Only this tool.
    pub tool: Option<String>,
    /// Only this actor (`user:NAME`, `api_key:ID`, `monitor`) and the actors below it
    /// (`monitor` includes `monitor:model`; `user` every user).
    pub actor: Option<String>,
    /// Only this risk level (`low`, `medium`, `high`, `forbidden`, `unknown`).
    pub risk: Option<String>,
    /// Only this outcome (`ok`, `run`, `pending`, `approved`, `denied`, an error code...: one
    /// of `AuditOutcome`).
    pub outcome: Option<String>,
    /// Only rows at or after this time (Unix seconds).
    pub since: Option<i64>,
    /// Only rows at or before this time (Unix seconds).
    pub until: Option<i64>,
    /// Leave out the monitor's routine reads: its low-risk calls that ran and succeeded
    /// (default false).
    #[serde(default)]
    pub hide_routine: bool,
    /// Only rows before this sequence number (the next page).
    pub before: Option<i64>,
    /// At most this many (default 100, at most 1000).
    pub limit: Option<i64>,
}

/// Longest text filter accepted.
const MAX_FILTER_CHARS: usize = 200;

impl AuditParams {
    /// The store's query, after checking every filter; `limit` when the caller sent none.
    pub(crate) fn query(self, default_limit: i64, max_limit: i64) -> Result<AuditQuery, ApiError> {
        for (name, value) in [
            ("tool", &self.tool),
            ("actor", &self.actor),
            ("risk", &self.risk),
            ("outcome", &self.outcome),
        ] {
            if value
                .as_ref()
                .is_some_and(|v| v.chars().count() > MAX_FILTER_CHARS)
            {
                return Err(ApiError::validation(format!(
                    "{name} must be at most {MAX_FILTER_CHARS} characters"
                )));
            }
        }
        if let (Some(since), Some(until)) = (self.since, self.until)
            && since > until
        {
            return Err(ApiError::validation("since must not be after until"));
        }
        let limit = self.limit.unwrap_or(default_limit);
        if !(1..=max_limit).contains(&limit) {
            return Err(ApiError::validation(format!(
                "limit must be between 1 and {max_limit}"
            )));
        }
        // An empty text filter is no filter, as for the others.
        let risk = wire_filter(
            "risk",
            self.risk.as_deref().filter(|v| !v.is_empty()),
            Risk::all().map(Risk::as_str),
        )?;
        let outcome = wire_filter(
            "outcome",
            self.outcome.as_deref().filter(|v| !v.is_empty()),
            AuditOutcome::all().map(AuditOutcome::as_str),
        )?;
        let present = |v: Option<String>| v.filter(|v| !v.is_empty());
        Ok(AuditQuery {
            tool: present(self.tool),
            actor: present(self.actor),
            risk,
            outcome,
            since: self.since,
            until: self.until,
            hide_routine: self.hide_routine,
            before_seq: self.before,
            limit,
        })
    }
}

/// Audit rows, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    security(("bearer" = ["admin"]), ("api_key" = ["admin"])),
    responses((status = 200, body = AuditPage), (status = 403, body = warden_protocol::ErrorBody), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(..): Require<scopes::Admin>,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<ApiJson<AuditPage>, ApiError> {
    let query = params.query(100, 1000)?;
    let entries = state
        .store
        .list_audit(&query)
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
