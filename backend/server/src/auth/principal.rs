//! The caller: authenticated from an access token or an API key, checked against the store on
//! every request (a revoked session, a disabled user or a revoked key stops working at once), and
//! rate-limited per identity. `Require<S>` adds the scope check a route declares.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use warden_protocol::auth::AuthMethod;
use warden_protocol::{Scope, ScopeSet};

use crate::auth::jwt::TokenError;
use crate::auth::secrets::{API_KEY_PREFIX, digest};
use crate::http::ApiError;
use crate::state::AppState;

/// Longest credential accepted; anything longer is refused before any work is done on it.
const MAX_CREDENTIAL_BYTES: usize = 8 * 1024;
/// How precisely an API key's last use is recorded.
const LAST_USE_RESOLUTION_SECS: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: String,
    pub username: String,
    /// What this credential may do now: its own scopes, narrowed by its owner's current ones.
    pub scopes: ScopeSet,
    pub method: AuthMethod,
    pub session_id: Option<String>,
    pub api_key_id: Option<String>,
    /// The name policy grants know the API key by (`api_key:NAME`), for key credentials: see
    /// [`policy_key_name`].
    pub api_key_name: Option<String>,
}

impl Principal {
    /// The rate-limit identity: the API key, or the user for sessions.
    pub fn rate_identity(&self) -> String {
        match &self.api_key_id {
            Some(key) => format!("key:{key}"),
            None => format!("user:{}", self.user_id),
        }
    }
}

/// The token of an `Authorization` value in the Bearer scheme, in whatever case the scheme is
/// spelled (`bearer`, `BEARER`: auth schemes are case-insensitive, RFC 9110 §11.1); None for
/// another scheme or no token. Every reader of the header goes through this.
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

enum Credential<'a> {
    Bearer(&'a str),
    ApiKeyHeader(&'a str),
}

fn credential(headers: &HeaderMap) -> Result<Option<Credential<'_>>, ApiError> {
    // Which of two credentials counts is not a guess to make: a proxy's header beside the
    // client's, or a client that sent its key twice, is told to send one.
    for name in [AUTHORIZATION.as_str(), "x-api-key"] {
        let sent = headers.get_all(name).iter().count();
        if sent > 1 {
            return Err(ApiError::invalid_credentials(format!(
                "send one {} header, not {sent}",
                if name == "x-api-key" {
                    "X-API-Key"
                } else {
                    "Authorization"
                }
            )));
        }
    }
    let bearer = match headers.get(AUTHORIZATION) {
        None => None,
        Some(value) => {
            let text = value.to_str().map_err(|_| {
                ApiError::invalid_credentials("the Authorization header is not valid text")
            })?;
            Some(bearer_token(text).ok_or_else(|| {
                ApiError::invalid_credentials("the Authorization header must be `Bearer <token>`")
            })?)
        }
    };
    let api_key = match headers.get("x-api-key") {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| {
                    ApiError::invalid_credentials("the X-API-Key header is not valid text")
                })?
                .trim(),
        )
        .filter(|key| !key.is_empty())
        .map(Some)
        .ok_or_else(|| {
            ApiError::invalid_credentials("the X-API-Key header is empty: send the key in it")
        })?,
    };
    let chosen = match (bearer, api_key) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid_credentials(
                "send one credential: either Authorization or X-API-Key, not both",
            ));
        }
        (Some(token), None) => Some(Credential::Bearer(token)),
        (None, Some(key)) => Some(Credential::ApiKeyHeader(key)),
        (None, None) => None,
    };
    if let Some(Credential::Bearer(c) | Credential::ApiKeyHeader(c)) = &chosen
        && c.len() > MAX_CREDENTIAL_BYTES
    {
        return Err(ApiError::invalid_credentials("the credential is too long"));
    }
    Ok(chosen)
}

/// The name a policy grant knows an API key by: its name when an administrator owns it, else
/// `OWNER/NAME`. Any user may create keys and pick their names, so a grant to `api_key:ci-deploy`
/// must not pass to whoever creates a key of that name first: a plain name is an administrator's
/// key, and another user's key is granted only as `api_key:USER/NAME`.
pub fn policy_key_name(key_name: &str, owner_username: &str, owner_scopes: &ScopeSet) -> String {
    if owner_scopes.allows(warden_protocol::Scope::Admin) {
        key_name.to_owned()
    } else {
        format!("{owner_username}/{key_name}")
    }
}

fn stored_scopes(text: &str) -> Result<ScopeSet, ApiError> {
    ScopeSet::parse_list(text)
        .map_err(|e| ApiError::internal(format!("stored scopes are corrupt: {e}")))
}

pub(crate) async fn from_api_key(state: &AppState, key: &str) -> Result<Principal, ApiError> {
    let invalid = || ApiError::invalid_credentials("the API key is not valid");
    if !key.starts_with(API_KEY_PREFIX) {
        return Err(invalid());
    }
    let (record, owner) = state
        .store
        .api_key_by_hash(&digest(key))
        .await?
        .ok_or_else(invalid)?;
    let now = state.clock.now();
    if record.revoked_at.is_some() {
        return Err(ApiError::invalid_credentials(
            "the API key has been revoked",
        ));
    }
    if record.expires_at.is_some_and(|at| at <= now) {
        return Err(ApiError::invalid_credentials("the API key has expired"));
    }
    if owner.disabled {
        return Err(ApiError::invalid_credentials(
            "the API key's owner is disabled",
        ));
    }
    // Recording every use would turn each read into a write; once a minute is enough to
    // answer "is this key still used?".
    if record
        .last_used_at
        .is_none_or(|at| at < now - LAST_USE_RESOLUTION_SECS)
    {
        state.store.touch_api_key(&record.id, now).await?;
    }
    let owner_scopes = stored_scopes(&owner.scopes)?;
    Ok(Principal {
        scopes: stored_scopes(&record.scopes)?.narrowed_by(&owner_scopes),
        api_key_name: Some(policy_key_name(
            &record.name,
            &owner.username,
            &owner_scopes,
        )),
        user_id: owner.id,
        username: owner.username,
        method: AuthMethod::ApiKey,
        session_id: None,
        api_key_id: Some(record.id),
    })
}

async fn from_access_token(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    let claims = state.jwt.verify(token).map_err(|e| match e {
        TokenError::Expired => {
            ApiError::invalid_credentials("the access token has expired; refresh it")
        }
        TokenError::Invalid(_) => ApiError::invalid_credentials("the access token is not valid"),
    })?;
    let found = state.store.session_principal(&claims.sid).await?;
    let Some(found) = found.filter(|f| f.user.id == claims.sub) else {
        return Err(ApiError::invalid_credentials(
            "the access token is not valid",
        ));
    };
    if found.session.revoked_at.is_some() {
        return Err(ApiError::invalid_credentials(
            "this session has ended; log in again",
        ));
    }
    if found.user.disabled {
        return Err(ApiError::invalid_credentials("this user is disabled"));
    }
    let token_scopes = ScopeSet::parse_list(&claims.scope)
        .map_err(|_| ApiError::invalid_credentials("the access token is not valid"))?;
    Ok(Principal {
        scopes: token_scopes.narrowed_by(&stored_scopes(&found.user.scopes)?),
        user_id: found.user.id,
        username: found.user.username,
        method: AuthMethod::Session,
        session_id: Some(found.session.id),
        api_key_id: None,
        api_key_name: None,
    })
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(principal) = parts.extensions.get::<Principal>() {
            return Ok(principal.clone());
        }
        let principal = match credential(&parts.headers)? {
            None => return Err(ApiError::unauthenticated()),
            Some(Credential::ApiKeyHeader(key)) => from_api_key(state, key).await?,
            Some(Credential::Bearer(token)) if token.starts_with(API_KEY_PREFIX) => {
                from_api_key(state, token).await?
            }
            Some(Credential::Bearer(token)) => from_access_token(state, token).await?,
        };
        let route = parts
            .extensions
            .get::<MatchedPath>()
            .map(MatchedPath::as_str);
        state.check_rate(&principal.rate_identity(), route)?;
        parts.extensions.insert(principal.clone());
        Ok(principal)
    }
}

/// A scope a route requires, as a type: `Require<scopes::Admin>`.
pub trait RequiredScope {
    const SCOPE: Scope;
}

pub mod scopes {
    use super::{RequiredScope, Scope};

    pub struct Read;
    pub struct Write;
    pub struct Execute;
    pub struct Approve;
    pub struct Admin;

    impl RequiredScope for Read {
        const SCOPE: Scope = Scope::Read;
    }
    impl RequiredScope for Write {
        const SCOPE: Scope = Scope::Write;
    }
    impl RequiredScope for Execute {
        const SCOPE: Scope = Scope::Execute;
    }
    impl RequiredScope for Approve {
        const SCOPE: Scope = Scope::Approve;
    }
    impl RequiredScope for Admin {
        const SCOPE: Scope = Scope::Admin;
    }
}

/// An authenticated caller holding scope `S`; 401 without credentials, 403 without the scope.
pub struct Require<S: RequiredScope>(pub Principal, pub PhantomData<S>);

impl<S: RequiredScope> FromRequestParts<AppState> for Require<S> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let principal = Principal::from_request_parts(parts, state).await?;
        if !principal.scopes.allows(S::SCOPE) {
            let held = if principal.scopes.is_empty() {
                "none".to_owned()
            } else {
                principal.scopes.to_joined()
            };
            return Err(ApiError::forbidden(format!(
                "this route needs the '{}' scope; this credential has: {held}",
                S::SCOPE
            )));
        }
        Ok(Require(principal, PhantomData))
    }
}

#[cfg(test)]
mod policy_name_tests {
    use warden_protocol::{Scope, ScopeSet};

    use super::policy_key_name;

    #[test]
    fn only_an_administrators_key_is_known_by_its_plain_name() {
        let admin = ScopeSet::new([Scope::Admin]);
        let user = ScopeSet::new([Scope::Read, Scope::Write, Scope::Execute]);
        assert_eq!(policy_key_name("ci-deploy", "root", &admin), "ci-deploy");
        assert_eq!(policy_key_name("ci-deploy", "bob", &user), "bob/ci-deploy");
        // A name that looks qualified stays under its owner.
        assert_eq!(policy_key_name("alice/ci", "bob", &user), "bob/alice/ci");
    }
}
