//! The one error shape every route answers with: `{"error":{"code","message"}}`.

use serde::{Deserialize, Serialize};

/// Machine-readable error codes. Clients branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
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
    /// The guard's policy refuses this call (forbidden); the message names the rule, its
    /// justification and an alternative.
    Refused,
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
    /// The caller's daily token budget is spent; `Retry-After` says when it renews (UTC midnight).
    TokenBudgetExceeded,
    /// The request took longer than the configured timeout.
    Timeout,
    /// A dependency (the database) is not available.
    Unavailable,
    /// Something failed inside Warden; details are in the server log under the request id.
    Internal,
}

impl ErrorCode {
    /// The wire name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Refused => "refused",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::LoginLocked => "login_locked",
            ErrorCode::TokenBudgetExceeded => "token_budget_exceeded",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
        }
    }
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
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

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn wire_names_match_serialisation() {
        for code in [
            ErrorCode::InvalidJson,
            ErrorCode::ValidationFailed,
            ErrorCode::UnsupportedMediaType,
            ErrorCode::InvalidParameter,
            ErrorCode::Unauthenticated,
            ErrorCode::InvalidCredentials,
            ErrorCode::Forbidden,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::Conflict,
            ErrorCode::PayloadTooLarge,
            ErrorCode::RateLimited,
            ErrorCode::LoginLocked,
            ErrorCode::TokenBudgetExceeded,
            ErrorCode::Timeout,
            ErrorCode::Unavailable,
            ErrorCode::Internal,
        ] {
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::json!(code.as_str()))
            );
        }
    }
}
