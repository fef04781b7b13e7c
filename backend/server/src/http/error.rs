//! `ApiError`: every failure a route can answer, rendered as `{"error":{"code","message"}}`.
//! Internal details are logged in the request's span and never sent to the client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use warden_protocol::{ErrorBody, ErrorCode};
use warden_store::StoreError;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: ErrorCode,
    message: String,
    retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            // Whatever a route quoted of the request, the client gets a bounded echo of it.
            message: super::quote::bounded(message.into()),
            retry_after_secs: None,
        }
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            message,
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "authentication required: send `Authorization: Bearer <token>` or `X-API-Key: <key>`",
        )
    }

    pub fn invalid_credentials(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
            message,
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("{what} not found"),
        )
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                format!(
                    "rate limit exceeded; retry in {} s",
                    retry_after_secs.max(1)
                ),
            )
        }
    }

    pub fn login_locked(retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::LoginLocked,
                format!(
                    "too many failed logins for this user from this address; retry in {} s",
                    retry_after_secs.max(1)
                ),
            )
        }
    }

    /// The database cannot serve, for a cause outside Warden (a full disk, a read-only mount, a
    /// server that is down): 503 naming the cause, never the driver's detail.
    pub fn unavailable(cause: warden_store::Unavailable) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Unavailable,
            format!(
                "the database is unavailable: {}; retry once that is fixed",
                cause.describe()
            ),
        )
    }

    /// A failure inside Warden: the detail goes to the log, the client gets a generic message.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "internal error; the server log has the details under this request's id",
        )
    }

    /// Adds `Retry-After` (seconds) to the answer.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs.max(1));
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The code as its wire name (`not_found`...).
    pub fn code_str(&self) -> &'static str {
        self.code.as_str()
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Conflict(what) => ApiError::conflict(format!("{what} already exists")),
            StoreError::Unavailable { cause, .. } => {
                tracing::error!(error = %err, "database unavailable");
                ApiError::unavailable(cause)
            }
            StoreError::InvalidUrl(_) | StoreError::Migration(_) | StoreError::Database(_) => {
                ApiError::internal(err)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody::new(self.code, self.message);
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"warden\""),
            );
        }
        response
    }
}

/// A query parameter holding one of a wire value's spellings (a state, a risk...): absent is no
/// filter; a spelling the type does not know is a 422 that names the parameter, the value and
/// the valid ones.
pub fn wire_filter<T: std::str::FromStr>(
    name: &str,
    value: Option<&str>,
    known: impl Iterator<Item = &'static str>,
) -> Result<Option<T>, ApiError> {
    match value {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            ApiError::validation(format!(
                "{name} '{text}' is not one of: {}",
                known.collect::<Vec<_>>().join(", ")
            ))
        }),
    }
}
