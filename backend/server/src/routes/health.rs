//! `/healthz`, `/readyz`, `/metrics`: unauthenticated, for probes and scrapers.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use warden_protocol::health::{CheckResult, Health, Readiness};

use crate::auth::principal::Principal;
use crate::http::{ApiError, ApiJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = Health)))]
pub async fn healthz() -> ApiJson<Health> {
    ApiJson(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Ready to serve: the database answers. A caller with the `admin` scope also gets `doctor`, the
/// checks of `warden doctor` (they take a few seconds and do not decide readiness); anyone else
/// gets `doctor: null`. A credential that is sent must be valid.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness),
        (status = 401, body = warden_protocol::ErrorBody)))]
pub async fn readyz(
    State(state): State<AppState>,
    headers: HeaderMap,
    caller: Result<Principal, ApiError>,
) -> Response {
    let credential_sent =
        headers.contains_key(header::AUTHORIZATION) || headers.contains_key("x-api-key");
    let admin = match caller {
        Ok(principal) => principal.scopes.allows(warden_protocol::Scope::Admin),
        Err(rejection) if credential_sent => return rejection.into_response(),
        Err(_) => false,
    };
    let backend = state.store.backend().as_str();
    let database = match tokio::time::timeout(Duration::from_secs(3), state.store.ping()).await {
        Ok(Ok(())) => CheckResult {
            name: "database".to_owned(),
            ok: true,
            detail: backend.to_owned(),
            required: true,
        },
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database check failed");
            CheckResult {
                name: "database".to_owned(),
                ok: false,
                detail: format!("{backend}: not answering"),
                required: true,
            }
        }
        Err(_) => CheckResult {
            name: "database".to_owned(),
            ok: false,
            detail: format!("{backend}: no answer within 3 s"),
            required: true,
        },
    };
    let sandbox = match state.sandbox.as_ref() {
        crate::guard::SandboxStatus::Ready(version) => CheckResult {
            name: "sandbox".to_owned(),
            ok: true,
            detail: format!("{version}: medium-risk calls run in gVisor"),
            required: false,
        },
        crate::guard::SandboxStatus::Unavailable(why) => CheckResult {
            name: "sandbox".to_owned(),
            ok: false,
            detail: format!("{why}; medium-risk calls are raised to high and wait for approval"),
            required: false,
        },
    };
    // Like the sandbox, containment is not required: without it the calls that need it wait for
    // a human instead.
    let containment = match state.containment.as_ref() {
        crate::guard::ContainmentStatus::Ready(how) => CheckResult {
            name: "containment".to_owned(),
            ok: true,
            detail: format!("{how}; low-risk calls' host programs run contained"),
            required: false,
        },
        crate::guard::ContainmentStatus::Unavailable(why) => CheckResult {
            name: "containment".to_owned(),
            ok: false,
            detail: format!(
                "{why}; low-risk calls that start host programs are raised to high and wait for approval"
            ),
            required: false,
        },
    };
    let ready = database.ok;
    let doctor = if admin {
        Some(
            crate::doctor::run(
                &state.config,
                crate::doctor::Database::Running(&state.store),
            )
            .await,
        )
    } else {
        None
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        ApiJson(Readiness {
            ready,
            checks: vec![database, sandbox, containment],
            doctor,
        }),
    )
        .into_response()
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut response = state.metrics.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
