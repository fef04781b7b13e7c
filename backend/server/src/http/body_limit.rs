//! The bound on a request's body: `http.body_limit_bytes` on every route, except Alertmanager's
//! webhook, which takes up to [`ALERT_BODY_LIMIT_BYTES`] (or `http.body_limit_bytes` where that
//! is larger). Alertmanager sends a group's alerts in one delivery, up to its `max_alerts`, and
//! never sends a refused one again: a real delivery of the 2,000 alerts the intake takes, each
//! with its labels, annotations (runbook text, descriptions) and generator URL, runs to
//! megabytes, past the 1 MiB every other route needs.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use warden_protocol::ErrorCode;

use crate::state::AppState;

use super::ApiError;

/// Alertmanager's webhook route.
pub const ALERTMANAGER_PATH: &str = "/api/v1/alerts/alertmanager";

/// The largest Alertmanager delivery read: 32 MiB, 16 KiB for each of the 2,000 alerts a
/// delivery may hold (`warden_core::monitor::alerts::MAX_ALERTS`).
pub const ALERT_BODY_LIMIT_BYTES: usize = 32 * 1024 * 1024;

/// The bound on the body of a request to `path`, given `http.body_limit_bytes`.
pub fn limit_for(path: &str, body_limit_bytes: usize) -> usize {
    if is_alert_route(path) {
        body_limit_bytes.max(ALERT_BODY_LIMIT_BYTES)
    } else {
        body_limit_bytes
    }
}

/// Whether `path` is the webhook's, as the router matches it (a trailing slash is the same
/// route there too).
fn is_alert_route(path: &str) -> bool {
    path.strip_suffix('/').unwrap_or(path) == ALERTMANAGER_PATH
}

/// The 413 for a body past the bound of `path`: the webhook's names its own bound.
pub fn too_large(path: &str, body_limit_bytes: usize) -> Response {
    if is_alert_route(path) {
        alert_too_large(body_limit_bytes).into_response()
    } else {
        // Bare: the JSON error layer gives it the words every route's 413 has.
        StatusCode::PAYLOAD_TOO_LARGE.into_response()
    }
}

/// The webhook's 413, naming its bound.
pub fn alert_too_large(body_limit_bytes: usize) -> ApiError {
    let bound = limit_for(ALERTMANAGER_PATH, body_limit_bytes);
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
        format!(
            "the Alertmanager delivery is larger than the {bound} bytes ({} MiB) the alert route reads; set max_alerts in Alertmanager's webhook_config so a delivery stays under it",
            bound / (1024 * 1024)
        ),
    )
}

/// Refuses a body declared larger than its route's bound at once, and stops one that grows past
/// it while read (the reader answers 413).
pub async fn limit_body(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let general = state.config.http.body_limit_bytes;
    let path = request.uri().path().to_owned();
    let limit = limit_for(&path, general);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return too_large(&path, general);
    }
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(request).await
}
