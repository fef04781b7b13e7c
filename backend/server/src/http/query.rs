//! `ApiQuery<T>`: axum's query-string extractor with its rejection turned into an `ApiError`
//! that names the parameter and what is wrong with it (axum's own rejection is plain text, which
//! the JSON-error layer could only answer with a generic message).

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::StatusCode;
use axum::http::request::Parts;
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

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(from_rejection(&rejection)),
        }
    }
}

fn from_rejection(rejection: &QueryRejection) -> ApiError {
    // serde's words, which name the parameter (`limit: invalid digit found in string`) or the
    // unknown one (`unknown field `x`, expected ...`).
    let detail = std::error::Error::source(rejection)
        .map(innermost)
        .unwrap_or_else(|| rejection.body_text());
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidParameter,
        format!("the query string is not valid: {}", explain(&detail)),
    )
}

fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// serde's terse number errors, said in words a caller acts on.
fn explain(detail: &str) -> String {
    detail
        .replace(
            "invalid digit found in string",
            "must be a whole number (digits only, not negative)",
        )
        .replace(
            "number too large to fit in target type",
            "is too large a number",
        )
        .replace(
            "cannot parse integer from empty string",
            "must not be empty",
        )
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
