//! `/healthz`, `/readyz`, `/metrics`: unauthenticated, for probes and scrapers.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use warden_protocol::health::{CheckResult, Health, Readiness};

use crate::http::ApiJson;
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

/// Ready to serve: the database answers.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
pub async fn readyz(State(state): State<AppState>) -> Response {
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
    let ready = database.ok;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        ApiJson(Readiness {
            ready,
            checks: vec![database, sandbox],
        }),
    )
        .into_response()
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut body = state.metrics.render();
    body.push_str(&crate::chat::metrics::render(&state.chat.engine()));
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
