//! User management (`/api/v1/users`, admin scope).

use serde::{Deserialize, Serialize};

use crate::ScopeSet;

/// A user as the API shows it; never carries the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: String,
    pub username: String,
    pub scopes: ScopeSet,
    pub disabled: bool,
    /// Unix seconds.
    pub created_at: i64,
}

/// `POST /api/v1/users`
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub username: String,
    pub password: String,
    pub scopes: ScopeSet,
}

/// `PATCH /api/v1/users/{id}`: every field optional; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    pub password: Option<String>,
    pub scopes: Option<ScopeSet>,
    /// Disabling a user ends every session and API key of theirs at once.
    pub disabled: Option<bool>,
}

/// `GET /api/v1/users`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    pub users: Vec<User>,
}
