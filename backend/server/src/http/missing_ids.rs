//! A 404 for a resource a path names says which: `run not found: id `7f3a…``. The store's
//! not-found errors name the kind of thing only (they are raised far from the request), so the
//! route's path parameters are added here, once, for every route under `/api/v1`.

use axum::body::Body;
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use warden_protocol::{ErrorBody, ErrorCode};

use super::ApiError;

/// The longest error body read to add the parameters to (ours are at most a few KiB).
const MAX_ERROR_BYTES: usize = 16 * 1024;

/// Adds the route's path parameters to a `not_found` answer that does not already quote them.
pub async fn name_missing_ids(request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let params: Vec<(String, String)> = RawPathParams::from_request_parts(&mut parts, &())
        .await
        .map(|params| {
            params
                .iter()
                .map(|(key, value)| (key.to_owned(), value.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let response = next.run(Request::from_parts(parts, body)).await;
    if params.is_empty() || response.status() != StatusCode::NOT_FOUND {
        return response;
    }
    let (head, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return ApiError::not_found("resource").into_response();
    };
    let named = serde_json::from_slice::<ErrorBody>(&bytes)
        .ok()
        .filter(|error| error.error.code == ErrorCode::NotFound)
        .map(|error| error.error.message)
        .filter(|message| {
            !params
                .iter()
                .any(|(_, value)| message.contains(value.as_str()))
        });
    let Some(message) = named else {
        return Response::from_parts(head, Body::from(bytes));
    };
    let which: Vec<String> = params
        .iter()
        .map(|(key, value)| format!("{key} `{value}`"))
        .collect();
    let mut answer = ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        format!("{message}: {}", which.join(", ")),
    )
    .into_response();
    for (name, value) in &head.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer
                .headers_mut()
                .entry(name)
                .or_insert_with(|| value.clone());
        }
    }
    answer
}
