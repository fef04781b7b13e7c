//! `ApiQuery<T>`: a query-string extractor whose rejection is an `ApiError` that names the
//! parameter and what is wrong with it, and which reads whole numbers as digits only
//! ([`super::query_values`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use warden_protocol::ErrorCode;

use super::ApiError;

pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if let Some(read) = parts.extensions.get::<QueryRead>() {
            read.0.store(true, Ordering::Relaxed);
        }
        super::query_values::from_query(parts.uri.query().unwrap_or_default())
            .map(ApiQuery)
            .map_err(|error| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidParameter,
                    format!("the query string is not valid: {error}"),
                )
            })
    }
}

/// Set when a route's [`ApiQuery`] reads the query string.
#[derive(Debug, Clone, Default)]
struct QueryRead(Arc<AtomicBool>);

/// Refuses a query string on a `GET` route that reads none, naming the parameter: a route with
/// parameters refuses unknown ones (its `ApiQuery` type denies them), and one without took
/// `GET /api/v1/users?limit=5` as a plain list, silently. Whether the route read the query is
/// what it did, not a list kept beside it; only reads are checked (after the fact: nothing to
/// undo), and only answers that succeeded (a 401 or 404 stays what it is).
pub async fn refuse_unread_query(mut request: Request, next: Next) -> Response {
    let reads = request.method() == Method::GET || request.method() == Method::HEAD;
    let first = request
        .uri()
        .query()
        .and_then(|query| {
            query
                .split('&')
                .map(|pair| pair.split('=').next().unwrap_or_default())
                .find(|name| !name.is_empty())
        })
        .map(|name| name.chars().take(64).collect::<String>());
    let Some(name) = first.filter(|_| reads) else {
        return next.run(request).await;
    };
    let read = QueryRead::default();
    request.extensions_mut().insert(read.clone());
    let response = next.run(request).await;
    if read.0.load(Ordering::Relaxed) || !response.status().is_success() {
        return response;
    }
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidParameter,
        format!("the query string is not valid: `{name}` is not a parameter of this route, which takes none"),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use axum::http::Request;
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Params {
        limit: Option<u32>,
        since: Option<i64>,
    }

    async fn message(query: &str) -> String {
        let request = Request::builder()
            .uri(format!("/x?{query}"))
            .body(())
            .unwrap();
        let (mut parts, ()) = request.into_parts();
        match ApiQuery::<Params>::from_request_parts(&mut parts, &()).await {
            Ok(_) => "accepted".to_owned(),
            Err(error) => {
                assert_eq!(error.code(), ErrorCode::InvalidParameter);
                error.message().to_owned()
            }
        }
    }

    #[tokio::test]
    async fn a_bad_parameter_is_named_with_what_is_wrong() {
        for (query, mentions) in [
            ("limit=abc", "limit"),
            ("limit=-1", "limit"),
            ("since=notatime", "since"),
            ("limit=99999999999", "limit"),
            ("bogus=1", "bogus"),
        ] {
            let message = message(query).await;
            assert!(message.contains(mentions), "{query}: {message}");
            assert!(message.len() < 200, "{query}: {message}");
        }
    }
}
