//! Rules for users and API keys that the REST routes and the CLI share.

use warden_protocol::text::fields;
use warden_protocol::{Scope, ScopeSet};
use warden_store::{ApiKeyRecord, NewApiKey, Store, StoreError};

use crate::auth::secrets::{digest, display_prefix, new_api_key};

pub const MAX_USERNAME_CHARS: usize = 64;
pub const MAX_KEY_NAME_CHARS: usize = 100;
/// Ten years: longer lifetimes are surely a unit mistake.
pub const MAX_KEY_LIFETIME_SECS: u64 = 10 * 365 * 24 * 3600;

/// A field of a user or API key request that a check refused, and what is wrong with it. The
/// problem never names the field: each surface names it as its caller spelled it (the JSON field
/// `expires_in_seconds`, the CLI option `--expires-in`), so an error always points at what the
/// user typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: String,
}

/// The fields the account rules judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Username,
    Scopes,
    KeyName,
    KeyLifetime,
}

impl Field {
    /// The field's name in the REST API's JSON bodies.
    pub fn json_name(self) -> &'static str {
        match self {
            Field::Username => "username",
            Field::Scopes => "scopes",
            Field::KeyName => "name",
            Field::KeyLifetime => "expires_in_seconds",
        }
    }
}

impl FieldError {
    fn new(field: Field, problem: impl Into<String>) -> Self {
        Self {
            field,
            problem: problem.into(),
        }
    }

    /// The error as the REST API says it: `name must be 1 to 100 characters`.
    pub fn for_json(&self) -> String {
        format!("{} {}", self.field.json_name(), self.problem)
    }
}

impl From<FieldError> for crate::http::ApiError {
    fn from(error: FieldError) -> Self {
        crate::http::ApiError::validation(error.for_json())
    }
}

pub fn check_username(username: &str) -> Result<(), FieldError> {
    if username.is_empty() || username.chars().count() > MAX_USERNAME_CHARS {
        return Err(FieldError::new(
            Field::Username,
            format!("must be 1 to {MAX_USERNAME_CHARS} characters"),
        ));
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err(FieldError::new(
            Field::Username,
            "may contain only letters, digits, '.', '_' and '-'",
        ));
    }
    Ok(())
}

pub fn check_scopes(scopes: &ScopeSet) -> Result<(), FieldError> {
    if scopes.is_empty() {
        return Err(FieldError::new(
            Field::Scopes,
            "must name at least one of: read, write, execute, approve, admin",
        ));
    }
    Ok(())
}

/// Refuses key scopes beyond what `held` allows, naming the ones missing.
pub fn check_key_scopes_within(wanted: &ScopeSet, held: &ScopeSet) -> Result<(), String> {
    let beyond = wanted.not_allowed_by(held);
    if beyond.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = beyond.into_iter().map(Scope::as_str).collect();
    Err(format!(
        "an API key's scopes must be a subset of its owner's; missing: {}",
        names.join(", ")
    ))
}

/// A new API key request, checked.
pub struct KeyRequest<'a> {
    pub owner_id: &'a str,
    pub name: &'a str,
    pub scopes: &'a ScopeSet,
    pub expires_in_seconds: Option<u64>,
}

pub fn check_key_request(request: &KeyRequest<'_>) -> Result<(), FieldError> {
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > MAX_KEY_NAME_CHARS {
        return Err(FieldError::new(
            Field::KeyName,
            format!("must be 1 to {MAX_KEY_NAME_CHARS} characters"),
        ));
    }
    // A name is shown in lists, tables and the audit log: a newline or an escape in it would
    // forge a row or recolour a terminal.
    fields::API_KEY_NAME
        .check(name)
        .map_err(|refusal| FieldError::new(Field::KeyName, refusal.problem()))?;
    check_scopes(request.scopes)?;
    match request.expires_in_seconds {
        Some(0) => Err(FieldError::new(
            Field::KeyLifetime,
            "must be greater than 0 (omit it for a key that never expires)",
        )),
        Some(secs) if secs > MAX_KEY_LIFETIME_SECS => Err(FieldError::new(
            Field::KeyLifetime,
            format!("must be at most {MAX_KEY_LIFETIME_SECS} seconds (ten years), not {secs}"),
        )),
        Some(_) | None => Ok(()),
    }
}

/// Creates the key and returns the secret (shown once) with its record.
pub async fn create_api_key(
    store: &Store,
    request: &KeyRequest<'_>,
    now: i64,
) -> Result<(String, ApiKeyRecord), StoreError> {
    let key = new_api_key();
    let expires_at = request
        .expires_in_seconds
        .map(|secs| now.saturating_add(i64::try_from(secs).unwrap_or(i64::MAX)));
    let record = store
        .create_api_key(
            NewApiKey {
                user_id: request.owner_id.to_owned(),
                name: request.name.trim().to_owned(),
                prefix: display_prefix(&key),
                key_hash: digest(&key),
                scopes: request.scopes.to_joined(),
                expires_at,
            },
            now,
        )
        .await?;
    Ok((key, record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_bounded_and_plain() {
        assert!(check_username("ops-bot_1.x").is_ok());
        assert_eq!(
            check_username("").map_err(|e| e.for_json()),
            Err("username must be 1 to 64 characters".to_owned())
        );
        assert!(check_username("a b").is_err());
        assert!(check_username("root;drop").is_err());
        assert!(check_username(&"a".repeat(65)).is_err());
    }
}
