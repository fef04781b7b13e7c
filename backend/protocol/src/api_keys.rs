//! API keys for automation (`/api/v1/api-keys`).

use serde::{Deserialize, Serialize};

use crate::ScopeSet;

/// An API key as listed: never the secret, only its first characters to recognise it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    /// `wdn_` and the first characters of the secret.
    pub prefix: String,
    pub scopes: ScopeSet,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// `POST /api/v1/api-keys`
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    pub name: String,
    /// Must be a subset of the caller's own scopes.
    pub scopes: ScopeSet,
    /// Lifetime in seconds; absent means the key never expires.
    pub expires_in_seconds: Option<u64>,
}

/// The answer to a creation: the only time the key itself is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    pub id: String,
    /// `wdn_` followed by 43 characters; store it now, it cannot be shown again.
    pub key: String,
    pub api_key: ApiKey,
}

/// `GET /api/v1/api-keys`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyList {
    pub api_keys: Vec<ApiKey>,
}
