//! A route that takes no request body refuses one: `POST /api/v1/auth/logout` with
//! `{"everywhere": true}` is not a logout of every session, and was answered as if nothing had
//! been sent. Which routes take a body is what the OpenAPI document says (`requestBody`), the
//! one description of every route; a route it does not list with one takes none, so a route
//! added without its annotation refuses bodies rather than ignoring them. Nothing sent (no body,
//! `Content-Length: 0`) stays fine; anything else, `{}` and `null` included, is refused with 400
//! `invalid_json` naming the route before the handler runs, so nothing has happened yet. A query
//! parameter on such a route that the document does not list for it is refused alike
//! (`POST /api/v1/monitor/run?hours=1` is not a sweep of the last hour). Both are looked up in
//! tables written from the document ([`super::route_shapes`]), not in the document itself.

use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use warden_protocol::ErrorCode;

use super::ApiError;
use super::route_shapes;

/// Whether the sorted table `routes` holds `method` on `pattern`.
fn listed(routes: &[(&str, &str)], method: &Method, pattern: &str) -> bool {
    routes.binary_search(&(method.as_str(), pattern)).is_ok()
}

/// Whether `method` on the route `pattern` (`/api/v1/approvals/{id}/approve`) takes a body.
pub fn takes_body(method: &Method, pattern: &str) -> bool {
    listed(route_shapes::TAKES_BODY, method, pattern)
}

/// Refuses a non-empty body on a route that takes none (400 `invalid_json`, naming the route).
pub async fn refuse_unexpected_body(request: Request, next: Next) -> Response {
    // Most requests read something and send nothing: let them through without a lookup.
    let changes = request.method() != Method::GET && request.method() != Method::HEAD;
    if !changes && announces_no_body(request.headers()) {
        return next.run(request).await;
    }
    let Some(pattern) = request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| matched.as_str().to_owned())
    else {
        return next.run(request).await;
    };
    // A query parameter on a route that changes something and reads none is refused before it
    // runs (a `GET` is checked once it has answered: `super::query::refuse_unread_query`).
    if changes
        && !listed(route_shapes::TAKES_QUERY, request.method(), &pattern)
        && let Some(name) = request.uri().query().and_then(first_parameter)
    {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidParameter,
            format!("the query string is not valid: `{name}` is not a parameter of this route, which takes none"),
        )
        .into_response();
    }
    if takes_body(request.method(), &pattern) || announces_no_body(request.headers()) {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let (parts, body) = request.into_parts();
    // Bounded by the body limit and the body's read deadline, both applied outside this layer
    // (a late body is answered 408 by the deadline's own layer).
    let sent = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) if bytes.is_empty() => None,
        Ok(bytes) => Some(format!("{} bytes were sent", bytes.len())),
        Err(_) => Some("one was being sent".to_owned()),
    };
    if let Some(sent) = sent {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            format!(
                "`{method} {pattern}` takes no request body, not even `{{}}`; send none ({sent})"
            ),
        )
        .into_response();
    }
    next.run(Request::from_parts(parts, Body::empty())).await
}

/// The name of a query string's first parameter, bounded (it may itself be the odd part).
fn first_parameter(query: &str) -> Option<String> {
    query
        .split('&')
        .map(|pair| pair.split('=').next().unwrap_or_default())
        .find(|name| !name.is_empty())
        .map(|name| name.chars().take(64).collect())
}

/// A request that frames no body: neither `Content-Length` (or one of 0) nor
/// `Transfer-Encoding`.
fn announces_no_body(headers: &HeaderMap) -> bool {
    if headers.contains_key(header::TRANSFER_ENCODING) {
        return false;
    }
    headers
        .get(header::CONTENT_LENGTH)
        .is_none_or(|length| length.as_bytes() == b"0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_says_which_routes_take_a_body() {
        assert!(takes_body(&Method::POST, "/api/v1/auth/login"));
        assert!(takes_body(&Method::POST, "/api/v1/approvals/{id}/approve"));
        assert!(takes_body(&Method::PATCH, "/api/v1/users/{id}"));
        assert!(takes_body(&Method::POST, "/api/v1/hooks/{name}"));
        assert!(takes_body(&Method::POST, "/v1/chat/completions"));
        assert!(!takes_body(&Method::POST, "/api/v1/auth/logout"));
        assert!(!takes_body(&Method::DELETE, "/api/v1/api-keys/{id}"));
        assert!(!takes_body(&Method::POST, "/api/v1/runs/{id}/cancel"));
        assert!(!takes_body(&Method::GET, "/api/v1/users"));
        assert!(!takes_body(&Method::POST, "/api/v1/not-a-route"));
        let takes_query =
            |method: &Method, pattern: &str| listed(route_shapes::TAKES_QUERY, method, pattern);
        assert!(takes_query(&Method::POST, "/api/v1/chat"));
        assert!(!takes_query(&Method::POST, "/api/v1/monitor/run"));
        assert!(!takes_query(&Method::POST, "/api/v1/runs/{id}/cancel"));
    }
}
