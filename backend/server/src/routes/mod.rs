//! One module per resource, each with its `router()`.

pub mod alerts;
pub mod api_keys;
pub mod approvals;
pub mod audit;
pub mod audit_export;
pub mod auth;
pub mod chat;
pub mod conversations;
pub mod health;
pub mod history;
pub mod hooks;
pub mod hosts;
pub mod incidents;
pub mod memories;
pub mod monitor;
pub mod openapi;
pub mod policy;
pub mod runbooks;
pub mod tasks;
pub mod tools;
pub mod users;
pub mod web;
pub mod ws;
mod ws_frame;
pub mod ws_violation;

use warden_protocol::{ScopeSet, users::User};
use warden_store::UserRecord;

use crate::http::ApiError;

pub(crate) fn user_view(record: UserRecord) -> Result<User, ApiError> {
    Ok(User {
        scopes: ScopeSet::parse_list(&record.scopes).map_err(ApiError::internal)?,
        id: record.id,
        username: record.username,
        disabled: record.disabled,
        created_at: record.created_at,
    })
}
