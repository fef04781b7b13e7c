//! The one error shape every route answers with: `{"error":{"code","message"}}`.

use serde::{Deserialize, Serialize};

/// Machine-readable error codes. Clients branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request body is not valid JSON, or not the JSON the route takes.
    InvalidJson,
    /// The body parsed, but a value is out of range or inconsistent.
    ValidationFailed,
    /// The body's content type is not `application/json`.
    UnsupportedMediaType,
    /// A query string or path parameter is malformed.
    InvalidParameter,
    /// No credentials were sent.
    Unauthenticated,
    /// Credentials were sent but are not valid (bad signature, expired, revoked, wrong type).
    InvalidCredentials,
    /// The caller is authenticated but lacks the scope the route needs.
    Forbidden,
    /// No such resource, or not visible to this caller.
    NotFound,
    /// The route exists but not with this method.
    MethodNotAllowed,
    /// The resource already exists or the change conflicts with its state.
    Conflict,
    /// The request body exceeds the configured limit.
    PayloadTooLarge,
    /// Too many requests; see `Retry-After`.
    RateLimited,
    /// Too many failed logins for this user from this address; see `Retry-After`.
    LoginLocked,
    /// The request took longer than the configured timeout.
    Timeout,
    /// A dependency (the database) is not available.
    Unavailable,
    /// Something failed inside Warden; details are in the server log under the request id.
    Internal,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// A sentence for people: what was wrong and, where it helps, what to do.
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
            },
        }
    }
}
