//! `POST /api/v1/alerts/alertmanager`: Alertmanager's webhook (payload version 4). Authenticated
//! by the shared secret when one is configured (`Authorization: Bearer SECRET`, as Alertmanager's
//! `http_config.authorization` sends it), otherwise by a credential holding `write`. One incident
//! per alert fingerprint however often it is delivered; a sweep follows at once.

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use subtle::ConstantTimeEq;
use warden_core::monitor::{Trigger, alerts};
use warden_protocol::ErrorCode;
use warden_protocol::monitor::{AlertIntake, AlertmanagerPayload};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::{ApiError, ApiJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    // The body is bounded by the route's own limit (`http::body_limit`), larger than the
    // default every other route keeps.
    Router::new().route(
        "/alerts/alertmanager",
        post(alertmanager).layer(DefaultBodyLimit::disable()),
    )
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()
        .and_then(crate::auth::principal::bearer_token)
}

/// The answer to a delivery refused whole: 422 for a version without version 4's shape, 413
/// past the bound, 400 for an alert's field that does not read.
fn refused(refusal: alerts::Refusal) -> ApiError {
    let message = refusal.to_string();
    match refusal {
        alerts::Refusal::Version(_) => ApiError::validation(message),
        alerts::Refusal::TooMany(_) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            message,
        ),
        alerts::Refusal::Field(_) => {
            ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson, message)
        }
    }
}

#[utoipa::path(post, path = "/api/v1/alerts/alertmanager", tag = "monitor", request_body = AlertmanagerPayload,
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses((status = 200, body = AlertIntake),
        (status = 400, body = warden_protocol::ErrorBody, description = "Not JSON, or no alert of the delivery reads (a status other than firing or resolved, a startsAt/endsAt that is not an RFC 3339 time of years 1 to 9999, a fingerprint over 128 characters: invalid_json, naming the first alert's index and field); nothing is stored. Alerts that do not read beside ones that do are left out, the others taken"),
        (status = 413, body = warden_protocol::ErrorBody, description = "More than 2000 alerts in one delivery, or a body larger than the alert route's bound of 32 MiB (or http.body_limit_bytes where larger) (payload_too_large, naming the bound); nothing is stored"),
        (status = 401, body = warden_protocol::ErrorBody),
        (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn alertmanager(
    State(state): State<AppState>,
    headers: HeaderMap,
    caller: Result<Require<scopes::Write>, ApiError>,
    // Read after the caller is known: an unauthenticated caller learns nothing of the shape,
    // and has no delivery of up to the alert route's bound read at all.
    request: Request,
) -> Result<ApiJson<AlertIntake>, ApiError> {
    let by_secret = state
        .config
        .monitor
        .alertmanager_secret
        .as_ref()
        .zip(bearer(&headers))
        .is_some_and(|(secret, sent)| {
            bool::from(secret.expose().as_bytes().ct_eq(sent.as_bytes()))
        });
    if !by_secret {
        caller?;
    }
    let ApiJson(payload) = ApiJson::<AlertmanagerPayload>::from_request(request, &state)
        .await
        .map_err(|error| {
            if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                crate::http::body_limit::alert_too_large(state.config.http.body_limit_bytes)
            } else {
                error
            }
        })?;
    alerts::validate(&payload).map_err(refused)?;
    let intake = alerts::ingest(
        &state.store,
        &payload,
        &state.monitor.settings().alert_rules,
        state.clock.now(),
    )
    .await
    .map_err(|error| match error {
        alerts::IngestError::Refused(refusal) => refused(refusal),
        alerts::IngestError::Store(error) => ApiError::from(error),
    })?;
    if !intake.opened.is_empty() {
        state.monitor_handle.nudge(Trigger::Alert);
    }
    Ok(ApiJson(AlertIntake {
        opened: intake.opened,
        repeated: intake.repeated,
        resolved: intake.resolved,
        unread: intake.unread,
        notes: intake.notes,
    }))
}
