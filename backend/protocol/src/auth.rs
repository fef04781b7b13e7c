//! Login, token refresh, logout, the caller's identity and WebSocket tickets.

use serde::{Deserialize, Serialize};

use crate::ScopeSet;

/// `POST /api/v1/auth/login`
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// Answer to a login or a refresh: a short-lived access JWT and an opaque refresh token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Single use: every refresh returns a new one and retires this one.
    pub refresh_token: String,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: u64,
    pub scopes: ScopeSet,
}

/// `POST /api/v1/auth/refresh`
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// How the caller authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// An access token from a login session.
    Session,
    /// An API key.
    ApiKey,
}

/// `GET /api/v1/auth/me`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeResponse {
    pub user_id: String,
    pub username: String,
    /// The scopes this credential carries (an API key's may be fewer than its owner's).
    pub scopes: ScopeSet,
    pub auth_method: AuthMethod,
    /// Set when the caller authenticated with an API key.
    pub api_key_id: Option<String>,
}

/// `POST /api/v1/auth/ws-ticket`: a single-use ticket for `GET /ws/chat?ticket=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WsTicketResponse {
    pub ticket: String,
    /// Seconds until the ticket expires unused.
    pub expires_in: u64,
}
