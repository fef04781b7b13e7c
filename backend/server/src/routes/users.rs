//! `/api/v1/users`: user management, for holders of the `admin` scope.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use warden_protocol::Scope;
use warden_protocol::users::{CreateUserRequest, UpdateUserRequest, User, UserList};
use warden_store::NewUser;

use crate::accounts::{check_scopes, check_username};
use crate::auth::Require;
use crate::auth::password::check_policy;
use crate::auth::principal::scopes;
use crate::clock::now;
use crate::http::{ApiError, ApiJson};
use crate::routes::user_view;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}", get(show).patch(update))
}

/// Every user.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", security(("bearer" = ["admin"]), ("api_key" = ["admin"])),
    responses((status = 200, body = UserList), (status = 401, body = warden_protocol::ErrorBody), (status = 403, body = warden_protocol::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _: Require<scopes::Admin>,
) -> Result<ApiJson<UserList>, ApiError> {
    let users = state
        .store
        .list_users()
        .await?
        .into_iter()
        .map(user_view)
        .collect::<Result<_, _>>()?;
    Ok(ApiJson(UserList { users }))
}

/// Creates a user.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUserRequest,
    security(("bearer" = ["admin"]), ("api_key" = ["admin"])),
    responses((status = 201, body = User), (status = 409, body = warden_protocol::ErrorBody), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    _: Require<scopes::Admin>,
    ApiJson(request): ApiJson<CreateUserRequest>,
) -> Result<(StatusCode, ApiJson<User>), ApiError> {
    check_username(&request.username)?;
    check_policy(&request.password).map_err(ApiError::validation)?;
    check_scopes(&request.scopes)?;
    let password_hash = state
        .passwords
        .hash(&request.password)
        .await
        .map_err(ApiError::internal)?;
    let username = request.username.clone();
    let record = state
        .store
        .create_user(
            NewUser {
                username: request.username,
                password_hash,
                scopes: request.scopes.to_joined(),
            },
            now(),
        )
        .await
        .map_err(|e| {
            if let warden_store::StoreError::Conflict(_) = e {
                ApiError::conflict(format!(
                    "a user named '{username}' already exists (names are compared without regard to case or Unicode form)"
                ))
            } else {
                ApiError::from(e)
            }
        })?;
    Ok((StatusCode::CREATED, ApiJson(user_view(record)?)))
}

/// One user.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path)),
    security(("bearer" = ["admin"]), ("api_key" = ["admin"])),
    responses((status = 200, body = User), (status = 404, body = warden_protocol::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    _: Require<scopes::Admin>,
    Path(id): Path<String>,
) -> Result<ApiJson<User>, ApiError> {
    let record = state
        .store
        .user_by_id(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    Ok(ApiJson(user_view(record)?))
}

/// Changes a user's password, scopes or disabled flag. A password change or disabling ends every
/// session of the user at once.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = String, Path)), request_body = UpdateUserRequest,
    security(("bearer" = ["admin"]), ("api_key" = ["admin"])),
    responses((status = 200, body = User), (status = 404, body = warden_protocol::ErrorBody), (status = 422, body = warden_protocol::ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Admin>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<UpdateUserRequest>,
) -> Result<ApiJson<User>, ApiError> {
    let user = state
        .store
        .user_by_id(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    let is_self = user.id == caller.user_id;
    if is_self && request.disabled == Some(true) {
        return Err(ApiError::validation("you cannot disable your own account"));
    }
    if let Some(scopes) = &request.scopes {
        check_scopes(scopes)?;
        if is_self && !scopes.allows(Scope::Admin) {
            return Err(ApiError::validation(
                "you cannot remove the admin scope from your own account",
            ));
        }
    }
    if let Some(password) = &request.password {
        check_policy(password).map_err(ApiError::validation)?;
    }
    let now = now();
    if let Some(password) = &request.password {
        let hash = state
            .passwords
            .hash(password)
            .await
            .map_err(ApiError::internal)?;
        state.store.set_password_hash(&user.id, &hash, now).await?;
        state
            .store
            .revoke_user_sessions(&user.id, "password changed", now)
            .await?;
    }
    if let Some(scopes) = &request.scopes {
        state
            .store
            .set_user_scopes(&user.id, &scopes.to_joined(), now)
            .await?;
    }
    if let Some(disabled) = request.disabled {
        state
            .store
            .set_user_disabled(&user.id, disabled, now)
            .await?;
        if disabled {
            state
                .store
                .revoke_user_sessions(&user.id, "user disabled", now)
                .await?;
        }
    }
    // Open WebSockets of this user check their credential again.
    state.live.credentials_changed();
    let record = state
        .store
        .user_by_id(&user.id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    Ok(ApiJson(user_view(record)?))
}
