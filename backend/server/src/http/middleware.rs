//! Middleware functions: the per-address rate limit, request metrics, and the rewrite that gives
//! every error response (including those from tower layers: timeouts, body limits, panics, 405s)
//! the JSON error shape.

use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use warden_protocol::ErrorCode;

use crate::state::AppState;

use super::{ApiError, ClientIp};

/// Limits requests per client address on routes that have one (everything but health checks).
pub async fn limit_by_address(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    match state.check_rate(&format!("ip:{ip}"), route.as_deref()) {
        Ok(()) => next.run(request).await,
        Err(refused) => refused.into_response(),
    }
}

/// Counts requests and their durations by method, route pattern and status.
pub async fn record_metrics(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let response = next.run(request).await;
    state.metrics.record_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// Replaces a non-JSON error body with `{"error":{"code","message"}}` for its status.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if is_json {
        return response;
    }
    let (code, message) = describe(status);
    let (parts, body) = response.into_parts();
    // A status without a message of its own (a 400 from an extractor: a path parameter that is
    // not UTF-8, a header that does not parse) keeps the reason its producer wrote.
    let message = if code == ErrorCode::InvalidParameter {
        producer_reason(body)
            .await
            .unwrap_or_else(|| message.to_owned())
    } else {
        message.to_owned()
    };
    let mut rewritten = ApiError::new(status, code, message).into_response();
    // Keep headers such as Allow (405) and Retry-After; drop the old body's framing.
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rewritten
                .headers_mut()
                .entry(name)
                .or_insert_with(|| value.clone());
        }
    }
    rewritten
}

/// The plain-text reason of a bare error body (axum's rejections write one line), when there is
/// a short one.
async fn producer_reason(body: Body) -> Option<String> {
    let bytes = axum::body::to_bytes(body, MAX_REASON_BYTES).await.ok()?;
    let text = std::str::from_utf8(&bytes).ok()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The longest bare error body read for its reason.
const MAX_REASON_BYTES: usize = 4096;

fn describe(status: StatusCode) -> (ErrorCode, &'static str) {
    match status {
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "no such route"),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "this route does not accept this method; see the Allow header",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::PayloadTooLarge,
            "request body is larger than the configured limit",
        ),
        StatusCode::REQUEST_TIMEOUT => (
            ErrorCode::Timeout,
            "the request took longer than the configured timeout",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            (ErrorCode::UnsupportedMediaType, "unsupported content type")
        }
        StatusCode::TOO_MANY_REQUESTS => (ErrorCode::RateLimited, "too many requests"),
        StatusCode::SERVICE_UNAVAILABLE => (
            ErrorCode::Unavailable,
            "the service is overloaded or not ready",
        ),
        s if s.is_server_error() => (
            ErrorCode::Internal,
            "internal error; the server log has the details under this request's id",
        ),
        _ => (ErrorCode::InvalidParameter, "the request is not valid"),
    }
}

/// The 404 for paths no route matches.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, "no such route")
}

/// Headers every response carries: no framing, no sniffing, a strict CSP, no caching of API data.
pub fn security_headers() -> [(header::HeaderName, HeaderValue); 5] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
                 object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ]
}

/// Applies [`security_headers`] where the handler did not set its own.
pub async fn add_security_headers(request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    for (name, value) in security_headers() {
        response.headers_mut().entry(name).or_insert(value);
    }
    response
}

/// The longest `X-Request-Id` kept from a client.
pub const MAX_REQUEST_ID_CHARS: usize = 128;

/// Keeps a client's `X-Request-Id` only when it is a short plain token (at most 128 of
/// `A-Z a-z 0-9 . _ : / + = -`); anything else is dropped, so a fresh id is generated and no
/// client text of its choosing lands in logs and responses.
pub async fn bound_request_id(mut request: Request, next: Next) -> Response {
    let plain = |value: &HeaderValue| {
        value.to_str().is_ok_and(|id| {
            !id.is_empty()
                && id.len() <= MAX_REQUEST_ID_CHARS
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._:/+=-".contains(c))
        })
    };
    let headers = request.headers_mut();
    let all: Vec<HeaderValue> = headers.get_all("x-request-id").iter().cloned().collect();
    if all.len() > 1 || all.first().is_some_and(|v| !plain(v)) {
        headers.remove("x-request-id");
    }
    next.run(request).await
}
