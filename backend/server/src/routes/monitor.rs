//! `/api/v1/monitor`: the latest readings and live incidents, the sweep history for charts, and
//! a sweep on demand.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;
use warden_core::monitor::{Finding, SweepReport, Trigger};
use warden_protocol::monitor::{
    FindingView, HistoryPoint, Levels, MonitorHistory, MonitorStatus, SweepView, Thresholds,
};
use warden_protocol::{ErrorCode, SweepStatus};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::{ApiError, ApiJson, ApiQuery};
use crate::routes::incidents::incident_views;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/monitor/status", get(status))
        .route("/monitor/history", get(history))
}

/// A sweep can take longer than the request timeout (it verifies repairs).
pub fn run_router() -> Router<AppState> {
    Router::new().route("/monitor/run", post(run))
}

fn finding_view(finding: Finding) -> FindingView {
    FindingView {
        fingerprint: finding.fingerprint,
        kind: finding.kind,
        target: finding.target,
        severity: finding.severity,
        summary: finding.summary,
        repairable: finding.repairable,
    }
}

pub fn sweep_view(report: SweepReport) -> SweepView {
    SweepView {
        readings: serde_json::to_value(&report.readings).unwrap_or_default(),
        findings: report.findings.into_iter().map(finding_view).collect(),
        id: report.id,
        at: report.at,
        trigger: report.trigger,
        status: report.status,
        opened: report.opened,
        repairing: report.repairing,
        awaiting_approval: report.awaiting_approval,
        retrying: report.retrying,
        repaired: report.repaired,
        resolved: report.resolved,
        failed: report.failed,
        escalated: report.escalated,
        duration_ms: report.duration_ms,
    }
}

/// The latest sweep's readings and status, and every live incident.
#[utoipa::path(get, path = "/api/v1/monitor/status", tag = "monitor",
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = MonitorStatus)))]
pub async fn status(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
) -> Result<ApiJson<MonitorStatus>, ApiError> {
    let latest = state.store.latest_sweep().await?;
    let incidents = incident_views(&state, state.store.live_incidents().await?).await?;
    Ok(ApiJson(MonitorStatus {
        status: latest.as_ref().map_or(SweepStatus::Unknown, |s| s.status),
        last_sweep_at: latest.as_ref().map(|s| s.at),
        interval_secs: state.config.monitor.interval_secs,
        readings: latest
            .and_then(|s| serde_json::from_str(&s.readings).ok())
            .unwrap_or_default(),
        incidents,
        thresholds: thresholds(&state.config.monitor),
    }))
}

fn thresholds(config: &crate::config::MonitorConfig) -> Thresholds {
    let levels = |(warning, critical): (f64, f64)| Levels { warning, critical };
    Thresholds {
        disk_percent: levels(config.disk_percent),
        load_per_core: levels(config.load_per_core),
        memory_percent: levels(config.memory_percent),
        gpu_temperature_c: levels(config.gpu_temperature_c),
        gpu_memory_percent: levels(config.gpu_memory_percent),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryParams {
    /// How far back, in hours (default 24, at most 168).
    pub hours: Option<i64>,
}

/// Sweeps of the last hours, oldest first (at most 2,016: a week at the default interval).
#[utoipa::path(get, path = "/api/v1/monitor/history", tag = "monitor", params(HistoryParams),
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = MonitorHistory), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
    ApiQuery(params): ApiQuery<HistoryParams>,
) -> Result<ApiJson<MonitorHistory>, ApiError> {
    let hours = params.hours.unwrap_or(24);
    if !(1..=168).contains(&hours) {
        return Err(ApiError::validation("hours must be between 1 and 168"));
    }
    let points = state
        .store
        .sweeps_since(state.clock.now() - hours * 3600, 2016)
        .await?
        .into_iter()
        .map(|s| HistoryPoint {
            at: s.at,
            status: s.status,
            readings: serde_json::from_str(&s.readings).unwrap_or_default(),
        })
        .collect();
    Ok(ApiJson(MonitorHistory { points }))
}

/// Runs a sweep now (repairs included) and answers its report. The wait is bounded by
/// `monitor.run_timeout_secs`: past it the answer is 504 `timeout`, and the sweep goes on in the
/// background; its report appears in the history when it ends.
#[utoipa::path(post, path = "/api/v1/monitor/run", tag = "monitor",
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses(
        (status = 200, body = SweepView),
        (status = 503, body = warden_protocol::ErrorBody, description = "The monitor is not running, or the sweep could not be recorded"),
        (status = 504, body = warden_protocol::ErrorBody, description = "The sweep did not finish in time; it continues"),
    ))]
pub async fn run(
    State(state): State<AppState>,
    Require(..): Require<scopes::Write>,
) -> Result<ApiJson<SweepView>, ApiError> {
    let limit = Duration::from_secs(state.config.monitor.run_timeout_secs);
    let sweep = if state.config.monitor.enabled {
        // The actor keeps sweeping when this request stops waiting.
        tokio::time::timeout(limit, state.monitor_handle.run_now(Trigger::Manual)).await
    } else {
        // No actor: the sweep runs as a task of its own, stopped only with the server.
        let (monitor, stop) = (state.monitor.clone(), state.background.clone());
        let task = tokio::spawn(async move {
            tokio::select! {
                result = monitor.sweep(Trigger::Manual) => result.map_err(|e| e.to_string()),
                () = stop.cancelled() => Err("the server is stopping".to_owned()),
            }
        });
        tokio::time::timeout(limit, async move {
            task.await
                .unwrap_or_else(|e| Err(format!("the sweep failed: {e}")))
        })
        .await
    };
    let report = sweep
        .map_err(|_| {
            ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                ErrorCode::Timeout,
                format!(
                    "the sweep did not finish within {} s (monitor.run_timeout_secs); it continues, \
                     and its report will appear in /api/v1/monitor/history",
                    limit.as_secs()
                ),
            )
        })?
        .map_err(|message| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Unavailable,
                format!("the sweep did not complete: {message}"),
            )
        })?;
    Ok(ApiJson(sweep_view(report)))
}
