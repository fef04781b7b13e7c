//! The one error shape every route answers with: `{"error":{"code","message"}}`.

use serde::{Deserialize, Serialize};

/// Machine-readable error codes. Clients branch on these, never on messages.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ts_rs::TS,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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
    /// The request target (path and query) is longer than `http.max_uri_bytes`.
    UriTooLong,
    /// The request line and headers exceed `http.max_header_bytes` or `http.max_headers`.
    HeadersTooLarge,
    /// The request is not HTTP/1.0 or HTTP/1.1 as the server reads it: a malformed request
    /// line or header, or another protocol version (HTTP/2 is not served).
    MalformedRequest,
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
        self.into()
    }

    /// Every code, in declaration order.
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
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
        let mut count = 0;
        for code in ErrorCode::all() {
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::json!(code.as_str()))
            );
            assert_eq!(
                serde_json::from_value::<ErrorCode>(serde_json::json!(code.as_str())).ok(),
                Some(code)
            );
            count += 1;
        }
        assert_eq!(count, 21);
    }

    /// Clients branch on codes: the API reference's table names every one, and nothing else.
    #[test]
    fn the_api_reference_lists_every_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/api.md");
        let text = std::fs::read_to_string(path).unwrap();
        let section = text
            .split("| code | status | meaning |")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .unwrap();
        let listed: Vec<&str> = section
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|line| line.split('`').next())
            .collect();
        let mut expected: Vec<&str> = ErrorCode::all().map(ErrorCode::as_str).collect();
        let mut documented = listed.clone();
        expected.sort_unstable();
        documented.sort_unstable();
        assert_eq!(documented, expected, "docs/api.md error table");
    }
}
