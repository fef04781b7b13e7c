//! Warden's tools over the Model Context Protocol: `POST /mcp` (streamable HTTP, an API key or
//! access token as bearer) and `warden mcp` (stdio, an API key from `WARDEN_API_KEY` or
//! `--api-key`). Every call goes through the guard with the caller's scopes and actor: a low call
//! runs, a medium one runs sandboxed, a high one answers at once that it waits for approval (with
//! the approval's id) and runs only once a human approves it, a forbidden one is refused; all of
//! it audited. `warden_approval` tells a caller how its approval was decided and what the call
//! produced.

mod handler;
mod jsonrpc;
pub mod stdio;
mod stdio_lines;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

pub use handler::{APPROVAL_TOOL, WardenMcp};

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::state::AppState;

/// `/mcp`: stateless streamable HTTP (each POST stands alone, answered as JSON), behind the
/// same authentication and rate limits as the REST API.
pub fn router(state: &AppState) -> Router<AppState> {
    let handler_state = state.clone();
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(Some(Duration::from_secs(15)))
        .with_max_request_body_bytes(state.config.http.body_limit_bytes)
        .with_cancellation_token(state.background.child_token())
        // Every request carries a credential Warden checks, so a rebound DNS name gains an
        // attacker nothing: the Host header is not restricted to loopback names.
        .disable_allowed_hosts();
    let service = StreamableHttpService::new(
        move || Ok(WardenMcp::for_http(handler_state.clone())),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    Router::new()
        .route_service("/mcp", service)
        // Inside authentication: nothing is read from a caller who is not let in.
        .route_layer(from_fn_with_state(state.clone(), well_formed))
        .route_layer(from_fn_with_state(state.clone(), authenticate))
}

/// The MCP endpoint: JSON-RPC 2.0 messages (`initialize`, `tools/list`, `tools/call`...) over
/// streamable HTTP, answered as JSON; see the Model Context Protocol. Not a REST route: this
/// entry documents its authentication (a bearer API key or access token with `read`).
#[utoipa::path(post, path = "/mcp", tag = "mcp",
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    request_body(content = Object, description = "A JSON-RPC 2.0 request or notification", content_type = "application/json"),
    responses(
        (status = 200, description = "The JSON-RPC response (an error for bad params, -32602)", content_type = "application/json"),
        (status = 202, description = "A notification accepted"),
        (status = 400, description = "A JSON-RPC error with a null id: the body is not JSON (-32700) or not a JSON-RPC 2.0 message (-32600)", content_type = "application/json"),
        (status = 404, description = "A JSON-RPC error: no such method (-32601)", content_type = "application/json"),
        (status = 413, description = "The body is larger than http.body_limit_bytes"),
        (status = 401, body = warden_protocol::ErrorBody), (status = 403, body = warden_protocol::ErrorBody),
    ))]
pub fn endpoint() {}

/// Checks the credential (and its `read` scope) before the MCP service sees the request; the
/// principal travels in the request's extensions to the handler.
async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    match <Require<scopes::Read> as axum::extract::FromRequestParts<AppState>>::from_request_parts(
        &mut parts, &state,
    )
    .await
    {
        Ok(_) => next.run(Request::from_parts(parts, body)).await,
        Err(refused) => refused.into_response(),
    }
}

/// Reads a JSON POST (within the body limit) and refuses what is not a well-formed JSON-RPC 2.0
/// message with the JSON-RPC error for it (see [`jsonrpc::check`]): a body that cannot be used at
/// all answers 400, bad params answer in-band (200) as the library answers its own errors.
/// Other requests (GET, DELETE, another content type) go on to the library, which answers them.
async fn well_formed(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_json_post = request.method() == axum::http::Method::POST
        && request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(';')
                    .next()
                    .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
            });
    if !is_json_post {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let limit = state.config.http.body_limit_bytes;
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return crate::http::ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            warden_protocol::ErrorCode::PayloadTooLarge,
            format!(
                "the request body could not be read within http.body_limit_bytes ({limit} bytes)"
            ),
        )
        .into_response();
    };
    if let Err(refusal) = jsonrpc::check(&bytes) {
        let status = if refusal.is_malformed() {
            axum::http::StatusCode::BAD_REQUEST
        } else {
            axum::http::StatusCode::OK
        };
        return (status, axum::Json(refusal.body())).into_response();
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}
