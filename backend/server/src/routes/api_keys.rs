//! `/api/v1/api-keys`: the caller's own API keys.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use warden_protocol::api_keys::{ApiKey, ApiKeyList, CreateApiKeyRequest, CreatedApiKey};
use warden_protocol::{Scope, ScopeSet};
use warden_store::ApiKeyRecord;

use crate::accounts::{KeyRequest, check_key_request, check_key_scopes_within, create_api_key};
use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::http::{ApiError, ApiJson};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api-keys", get(list).post(create))
        .route("/api-keys/{id}", delete(revoke))
}

pub(crate) fn key_view(record: ApiKeyRecord) -> Result<ApiKey, ApiError> {
    Ok(ApiKey {
        scopes: ScopeSet::parse_list(&record.scopes).map_err(ApiError::internal)?,
        id: record.id,
        name: record.name,
        prefix: record.prefix,
        created_at: record.created_at,
        expires_at: record.expires_at,
        last_used_at: record.last_used_at,
        revoked_at: record.revoked_at,
    })
}

/// The caller's API keys, revoked ones included; never the secrets.
#[utoipa::path(get, path = "/api/v1/api-keys", tag = "api-keys", security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = ApiKeyList), (status = 401, body = warden_protocol::ErrorBody), (status = 403, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Read>,
) -> Result<ApiJson<ApiKeyList>, ApiError> {
    let api_keys = state
        .store
        .list_api_keys(&caller.user_id)
        .await?
        .into_iter()
        .map(key_view)
        .collect::<Result<_, _>>()?;
    Ok(ApiJson(ApiKeyList { api_keys }))
}

/// Creates an API key with a subset of the caller's scopes. The key is in this answer only.
#[utoipa::path(post, path = "/api/v1/api-keys", tag = "api-keys", request_body = CreateApiKeyRequest,
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses(
        (status = 201, body = CreatedApiKey),
        (status = 403, body = warden_protocol::ErrorBody, description = "Scopes beyond the caller's own"),
        (status = 422, body = warden_protocol::ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Write>,
    ApiJson(request): ApiJson<CreateApiKeyRequest>,
) -> Result<(StatusCode, ApiJson<CreatedApiKey>), ApiError> {
    let key_request = KeyRequest {
        owner_id: &caller.user_id,
        name: &request.name,
        scopes: &request.scopes,
        expires_in_seconds: request.expires_in_seconds,
    };
    check_key_request(&key_request)?;
    check_key_scopes_within(&request.scopes, &caller.scopes).map_err(ApiError::forbidden)?;
    let (key, record) = create_api_key(&state.store, &key_request, state.clock.now()).await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(CreatedApiKey {
            id: record.id.clone(),
            key,
            api_key: key_view(record)?,
        }),
    ))
}

/// Revokes one of the caller's keys (an admin may revoke anyone's); it stops working at once.
#[utoipa::path(delete, path = "/api/v1/api-keys/{id}", tag = "api-keys", params(("id" = String, Path)),
    security(("bearer" = ["write"]), ("api_key" = ["write"])),
    responses((status = 204, description = "Revoked"), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Write>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let key = state.store.api_key_by_id(&id).await?;
    // Another user's key is reported as absent, not forbidden: its existence is not the caller's business.
    let visible = key.filter(|k| k.user_id == caller.user_id || caller.scopes.allows(Scope::Admin));
    let Some(key) = visible else {
        return Err(ApiError::not_found("api key"));
    };
    state
        .store
        .revoke_api_key(&key.id, state.clock.now())
        .await?;
    state.live.credentials_changed();
    Ok(StatusCode::NO_CONTENT)
}
