//! `/api/v1/auth`: login, refresh, logout, me, ws-ticket.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use warden_protocol::ScopeSet;
use warden_protocol::auth::{
    LoginRequest, MeResponse, RefreshRequest, TokenResponse, WsTicketResponse,
};
use warden_store::{RefreshOutcome, UserRecord, WsTicketRecord};

use crate::auth::jwt::{ACCESS_TYPE, AUDIENCE, AccessClaims, ISSUER};
use crate::auth::principal::scopes;
use crate::auth::secrets::{digest, random_token};
use crate::auth::{Principal, Require};
use crate::http::{ApiError, ApiJson, ClientIp};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/refresh", post(refresh))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/auth/ws-ticket", post(ws_ticket))
}

const BAD_LOGIN: &str = "invalid username or password";

/// Logs in with a username and password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse, description = "Access and refresh tokens"),
        (status = 401, body = warden_protocol::ErrorBody, description = "Wrong username or password"),
        (status = 429, body = warden_protocol::ErrorBody, description = "Locked out or rate limited; see Retry-After"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<ApiJson<TokenResponse>, ApiError> {
    if request.username.is_empty() || request.username.len() > 256 {
        return Err(ApiError::invalid_credentials(BAD_LOGIN));
    }
    let auth = &state.config.auth;
    let now = state.clock.now();
    let ip = ip.to_string();
    let window = auth.lockout_window_secs as i64;
    let failures = state
        .store
        .login_failures(&request.username, &ip, now - window)
        .await?;
    if failures.failures >= i64::from(auth.lockout_max_failures) {
        state.metrics.auth_event("login_locked");
        let retry = failures
            .oldest_at
            .map_or(window, |oldest| oldest + window - now);
        return Err(ApiError::login_locked(u64::try_from(retry).unwrap_or(1)));
    }
    let user = state.store.user_by_username(&request.username).await?;
    let matched = state
        .passwords
        .verify(
            &request.password,
            user.as_ref().map(|u| u.password_hash.as_str()),
        )
        .await
        .map_err(ApiError::internal)?;
    let user = match user {
        Some(user) if matched && !user.disabled => user,
        Some(_) | None => {
            state
                .store
                .record_login_attempt(&request.username, &ip, false, now)
                .await?;
            state.metrics.auth_event("login_failed");
            return Err(ApiError::invalid_credentials(BAD_LOGIN));
        }
    };
    state
        .store
        .record_login_attempt(&request.username, &ip, true, now)
        .await?;
    state.metrics.auth_event("login");
    let refresh_token = random_token(32);
    let expires_at = now + auth.refresh_token_ttl_secs as i64;
    let session = state
        .store
        .create_session(&user.id, &ip, &digest(&refresh_token), now, expires_at)
        .await?;
    tokens(&state, &user, &session.id, refresh_token, expires_at, now).map(ApiJson)
}

fn tokens(
    state: &AppState,
    user: &UserRecord,
    session_id: &str,
    refresh_token: String,
    refresh_expires_at: i64,
    now: i64,
) -> Result<TokenResponse, ApiError> {
    let ttl = state.config.auth.access_token_ttl_secs;
    let scopes = ScopeSet::parse_list(&user.scopes).map_err(ApiError::internal)?;
    let claims = AccessClaims {
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        sub: user.id.clone(),
        sid: session_id.to_owned(),
        jti: warden_store::new_id(),
        typ: ACCESS_TYPE.to_owned(),
        scope: scopes.to_joined(),
        iat: now,
        nbf: now,
        exp: now + ttl as i64,
    };
    Ok(TokenResponse {
        access_token: state.jwt.issue(&claims).map_err(ApiError::internal)?,
        token_type: "Bearer".to_owned(),
        expires_in: ttl,
        refresh_token,
        refresh_expires_in: u64::try_from(refresh_expires_at - now).unwrap_or(0),
        scopes,
    })
}

/// Trades a refresh token for new tokens. The presented token is retired; presenting it again
/// revokes the whole session.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenResponse, description = "New access and refresh tokens"),
        (status = 401, body = warden_protocol::ErrorBody, description = "Unknown, expired, revoked or reused token"),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> Result<ApiJson<TokenResponse>, ApiError> {
    let now = state.clock.now();
    let next = random_token(32);
    let outcome = state
        .store
        .rotate_refresh_token(&digest(&request.refresh_token), &digest(&next), now)
        .await?;
    match outcome {
        RefreshOutcome::Rotated {
            session_id,
            user_id,
            expires_at,
        } => {
            let user = state.store.user_by_id(&user_id).await?;
            let Some(user) = user.filter(|u| !u.disabled) else {
                state
                    .store
                    .revoke_session(&session_id, "user disabled", now)
                    .await?;
                state.live.credentials_changed();
                return Err(ApiError::invalid_credentials("this user is disabled"));
            };
            state.metrics.auth_event("refresh");
            tokens(&state, &user, &session_id, next, expires_at, now).map(ApiJson)
        }
        RefreshOutcome::Unknown => Err(ApiError::invalid_credentials(
            "the refresh token is not valid",
        )),
        RefreshOutcome::Expired => Err(ApiError::invalid_credentials(
            "the refresh token has expired; log in again",
        )),
        RefreshOutcome::Revoked => Err(ApiError::invalid_credentials(
            "this session has ended; log in again",
        )),
        RefreshOutcome::ReuseDetected { session_id } => {
            state.metrics.auth_event("refresh_reuse");
            tracing::warn!(session = %session_id, "refresh token reused; session revoked");
            Err(ApiError::invalid_credentials(
                "the refresh token was already used; the session has been revoked as a precaution",
            ))
        }
    }
}

/// Ends the caller's session: its refresh token and every access token of it stop working.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 204, description = "Session ended"),
        (status = 401, body = warden_protocol::ErrorBody),
        (status = 422, body = warden_protocol::ErrorBody, description = "API keys have no session"),
    ))]
pub async fn logout(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<StatusCode, ApiError> {
    let Some(session_id) = principal.session_id else {
        return Err(ApiError::validation(
            "API keys have no session to end; revoke the key with DELETE /api/v1/api-keys/{id}",
        ));
    };
    state
        .store
        .revoke_session(&session_id, "logout", state.clock.now())
        .await?;
    state.live.credentials_changed();
    Ok(StatusCode::NO_CONTENT)
}

/// Who the caller is and what this credential may do.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, body = MeResponse), (status = 401, body = warden_protocol::ErrorBody)))]
pub async fn me(principal: Principal) -> ApiJson<MeResponse> {
    ApiJson(MeResponse {
        user_id: principal.user_id,
        username: principal.username,
        scopes: principal.scopes,
        auth_method: principal.method,
        api_key_id: principal.api_key_id,
    })
}

/// A single-use ticket for opening the chat WebSocket from a browser (`/ws/chat?ticket=`).
#[utoipa::path(post, path = "/api/v1/auth/ws-ticket", tag = "auth", security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses(
        (status = 200, body = WsTicketResponse),
        (status = 401, body = warden_protocol::ErrorBody),
        (status = 403, body = warden_protocol::ErrorBody),
    ))]
pub async fn ws_ticket(
    State(state): State<AppState>,
    Require(principal, ..): Require<scopes::Read>,
) -> Result<ApiJson<WsTicketResponse>, ApiError> {
    let ticket = random_token(32);
    let ttl = state.config.auth.ws_ticket_ttl_secs;
    let record = WsTicketRecord {
        user_id: principal.user_id,
        session_id: principal.session_id,
        api_key_id: principal.api_key_id,
        scopes: principal.scopes.to_joined(),
        expires_at: state.clock.now() + ttl as i64,
    };
    state
        .store
        .create_ws_ticket(&digest(&ticket), &record)
        .await?;
    Ok(ApiJson(WsTicketResponse {
        ticket,
        expires_in: ttl,
    }))
}
