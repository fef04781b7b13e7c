//! The axum application: routes and an explicit middleware stack.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{from_fn, from_fn_with_state};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::http::middleware::{
    add_security_headers, bound_request_id, json_errors, limit_by_address, not_found,
    record_metrics,
};
use crate::http::missing_ids::name_missing_ids;
use crate::http::query_text::refuse_unreadable_query;
use crate::http::request_bounds::{bound_body_read, refuse_long_uri};
use crate::routes;
use crate::state::AppState;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// `Strict-Transport-Security` when Warden serves HTTPS: one year, this host only.
pub const HSTS: &str = "max-age=31536000";

pub fn app(state: AppState) -> Router {
    let http = &state.config.http;
    // Routes callers use are limited per client address; health checks and metrics are not, so
    // a busy scraper never makes the service look down.
    // Every request is bounded in time except chat runs, which take as long as their own run
    // deadline allows (and stream meanwhile).
    let timeout = TimeoutLayer::with_status_code(
        axum::http::StatusCode::REQUEST_TIMEOUT,
        Duration::from_secs(http.request_timeout_secs),
    );
    let api = Router::new()
        .merge(routes::auth::router())
        .merge(routes::users::router())
        .merge(routes::api_keys::router())
        .merge(routes::tools::router())
        .merge(routes::conversations::router())
        .merge(routes::history::router())
        .merge(routes::approvals::router())
        .merge(routes::audit::router())
        .merge(routes::policy::router())
        .merge(routes::monitor::router())
        .merge(routes::incidents::router())
        .merge(routes::alerts::router())
        .merge(routes::memories::router())
        .merge(routes::runbooks::router())
        .merge(routes::tasks::router())
        .merge(routes::hooks::router())
        .merge(routes::hosts::router())
        .layer(timeout)
        .merge(routes::chat::router())
        .merge(routes::tools::invoke_router())
        .merge(routes::monitor::run_router())
        .route_layer(from_fn_with_state(state.clone(), limit_by_address))
        .route_layer(from_fn(name_missing_ids));
    let routes = Router::new()
        .nest("/api/v1", api)
        .merge(
            routes::openapi::router()
                .merge(routes::health::router())
                .layer(timeout),
        )
        .merge(
            routes::ws::router().route_layer(from_fn_with_state(state.clone(), limit_by_address)),
        )
        // The OpenAI-compatible endpoint: the model list bounded like any request, completions
        // as long as their run's deadline allows (like /api/v1/chat).
        .merge(
            crate::openai::models_router()
                .layer(timeout)
                .merge(crate::openai::chat_router())
                .route_layer(from_fn_with_state(state.clone(), limit_by_address)),
        )
        // MCP calls run as long as their tool's own limit allows, like REST invocations.
        .merge(
            crate::mcp::router(&state)
                .route_layer(from_fn_with_state(state.clone(), limit_by_address)),
        )
        // Every route of the API, the probes, the OpenAI-compatible endpoint, MCP and the
        // WebSocket alike: a query parameter the route does not read is refused by name rather
        // than ignored (`/metrics?name[]=x` does not filter, `/v1/models?owned_by=x` neither),
        // and one that cannot be read as text (a NUL, percent-encoded bytes that are not UTF-8)
        // is refused before any route sees it. The web app is merged after: its pages are
        // addressed in the fragment, and a link carrying tracking parameters must still open it.
        .route_layer(from_fn(crate::http::query::refuse_unread_query))
        .route_layer(from_fn(refuse_unreadable_query))
        .merge(routes::web::router().layer(timeout))
        // Every route alike: a body sent to one that takes none is refused, not ignored.
        .route_layer(from_fn(crate::http::no_body::refuse_unexpected_body))
        .route_layer(from_fn_with_state(state.clone(), record_metrics))
        .fallback(not_found);

    // Served over HTTPS by Warden itself: browsers are told to come back only that way.
    let hsts = http.tls().is_some().then(|| {
        SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        )
    });
    // Router::layer wraps what came before it, so the list reads from the innermost layer
    // outwards: the JSON error rewrite sits outside everything that can produce a bare error
    // (body limit, timeout, panic, CORS), and the request id outside all of it.
    routes
        .layer(tower::util::option_layer(hsts))
        .layer(GlobalConcurrencyLimitLayer::new(http.max_concurrent_requests))
        .layer(DefaultBodyLimit::max(http.body_limit_bytes))
        // Every route's own bound: http.body_limit_bytes, more for Alertmanager's deliveries.
        .layer(from_fn_with_state(
            state.clone(),
            crate::http::body_limit::limit_body,
        ))
        // Every body, on every route, arrives within its own bound; inside CORS and the
        // security headers, so a browser can read the 408.
        .layer(from_fn_with_state(state.clone(), bound_body_read))
        .layer(from_fn_with_state(state.clone(), refuse_long_uri))
        .layer(cors(&http.cors_origins))
        .layer(CatchPanicLayer::new())
        .layer(from_fn(add_security_headers))
        .layer(from_fn(json_errors))
        // Outside the JSON error rewrite: errors under /v1/ take OpenAI's shape.
        .layer(from_fn(crate::openai::rewrite_errors))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                let request_id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // The route pattern (`/api/v1/approvals/{id}/approve`) groups requests; the
                // path says which one. Unmatched requests (the web app, 404s) have no route.
                let route = request
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map(axum::extract::MatchedPath::as_str);
                tracing::info_span!("request", method = %request.method(), route, path = %request.uri().path(), request_id)
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        // Outermost: a client's id is bounded before it is kept, logged or echoed.
        .layer(from_fn(bound_request_id))
        .with_state(state)
}

/// CORS for the configured origins only; with none configured, no cross-origin access at all.
fn cors(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("x-api-key"),
        ])
        .max_age(Duration::from_secs(600))
}
