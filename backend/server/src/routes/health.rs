//! `/healthz`, `/readyz`, `/metrics`: unauthenticated, for probes and scrapers.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use warden_protocol::health::{CheckResult, Health, Readiness};

use crate::auth::principal::Principal;
use crate::clock::now;
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
        status: warden_protocol::HealthStatus::Ok,
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// How long each readiness check may take.
const DATABASE_CHECK: Duration = Duration::from_secs(3);
const DOCKER_CHECK: Duration = Duration::from_secs(2);

/// Ready to serve: the database answers and can write (required); the sandbox, containment,
/// the Docker daemon, the memory and external MCP servers are reported, not required (memory is
/// not ok without embeddings, when recall ranks by words, or while ChromaDB is unreachable). A caller with the `admin` scope also gets `doctor`, the
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
    let (database, docker) = tokio::join!(database_check(&state), docker_check(&state));
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
    let memory = match tokio::time::timeout(Duration::from_secs(3), state.memory.status()).await {
        Ok(status) => CheckResult {
            name: "memory".to_owned(),
            ok: status.ok && status.semantic,
            detail: status.detail,
            required: false,
        },
        Err(_) => CheckResult {
            name: "memory".to_owned(),
            ok: false,
            detail: format!("{}: no answer within 3 s", state.memory.backend().name()),
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
    let mut checks = vec![database.clone(), sandbox, containment, docker, memory];
    // The operators' MCP servers: not required (Warden works without their tools).
    for server in state.mcp_servers.iter() {
        checks.push(CheckResult {
            name: format!("mcp:{}", server.name),
            ok: server.error.is_none(),
            detail: match &server.error {
                None => format!("{} tools registered", server.tools.len()),
                Some(error) => format!("{error}; its tools are not available"),
            },
            required: false,
        });
    }
    let ready = database.ok;
    let doctor = if admin {
        Some(
            crate::doctor::run_with(
                &state.config,
                crate::doctor::Database::Running(&state.store),
                Some(match state.memory.embedder() {
                    Some(embedder) => warden_memory::embed::EmbedderStatus::Ready(embedder.clone()),
                    None => warden_memory::embed::EmbedderStatus::Lexical(
                        state
                            .memory
                            .lexical_reason()
                            .unwrap_or("no embedder; recall ranks by words")
                            .to_owned(),
                    ),
                }),
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
            checks,
            doctor,
        }),
    )
        .into_response()
}

/// The database answers and commits a write: a full disk or a read-only mount still answers
/// reads, and a Warden that cannot store what it is sent is not ready.
async fn database_check(state: &AppState) -> CheckResult {
    let backend = state.store.backend().as_str();
    let check = |ok: bool, detail: String| CheckResult {
        name: "database".to_owned(),
        ok,
        detail,
        required: true,
    };
    match tokio::time::timeout(DATABASE_CHECK, state.store.check_writable(now())).await {
        Ok(Ok(())) => check(true, backend.to_owned()),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database cannot write");
            let cause = e.unavailable().map_or(
                "it answered with an error",
                warden_store::Unavailable::describe,
            );
            check(false, format!("{backend}: cannot write: {cause}"))
        }
        Err(_) => check(
            false,
            format!("{backend}: no answer within {} s", DATABASE_CHECK.as_secs()),
        ),
    }
}

/// The Docker daemon answers (not required: Warden serves without it, and its monitor reports
/// Docker as unreachable).
async fn docker_check(state: &AppState) -> CheckResult {
    let host = state.docker.describe_host();
    let (ok, detail) = match tokio::time::timeout(DOCKER_CHECK, state.docker.ping()).await {
        Ok(Ok(version)) => (true, format!("Docker {version} at {host}")),
        Ok(Err(e)) => (false, e.to_string()),
        Err(_) => (
            false,
            format!(
                "the Docker daemon at {host} did not answer within {} s",
                DOCKER_CHECK.as_secs()
            ),
        ),
    };
    CheckResult {
        name: "docker".to_owned(),
        ok,
        detail,
        required: false,
    }
}

/// Prometheus metrics in the text exposition format (0.0.4), or OpenMetrics 1.0 when the
/// scraper asks for `application/openmetrics-text`. Values kept in the database (approvals
/// waiting, incidents by state) and the models' breakers are read just before rendering.
#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    refresh_gauges(&state).await;
    let openmetrics = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("application/openmetrics-text"));
    let (body, content_type) = if openmetrics {
        (
            state.metrics.render_openmetrics(),
            warden_metrics::OPENMETRICS_CONTENT_TYPE,
        )
    } else {
        (
            state.metrics.render(),
            warden_metrics::PROMETHEUS_CONTENT_TYPE,
        )
    };
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Sets the gauges whose truth is in the database or the model router. A database that does not
/// answer within 3 s leaves them as they were (the scrape still answers).
async fn refresh_gauges(state: &AppState) {
    for model in state.chat.engine().router().models() {
        state
            .metrics
            .model_circuit(&model.name, circuit(model.circuit()));
    }
    let counts = async {
        let pending = state
            .store
            .count_pending_approvals(state.clock.now())
            .await?;
        let incidents = state.store.count_incidents_by_state().await?;
        Ok::<_, warden_store::StoreError>((pending, incidents))
    };
    match tokio::time::timeout(Duration::from_secs(3), counts).await {
        Ok(Ok((pending, incidents))) => {
            state.metrics.set_approvals_pending(pending);
            state.metrics.set_incidents(&incidents);
        }
        Ok(Err(error)) => tracing::warn!(%error, "metrics: cannot count approvals and incidents"),
        Err(_) => tracing::warn!("metrics: the database did not answer within 3 s"),
    }
}

fn circuit(state: warden_llm::BreakerState) -> warden_metrics::CircuitState {
    match state {
        warden_llm::BreakerState::Closed => warden_metrics::CircuitState::Closed,
        warden_llm::BreakerState::HalfOpen => warden_metrics::CircuitState::HalfOpen,
        warden_llm::BreakerState::Open => warden_metrics::CircuitState::Open,
    }
}
