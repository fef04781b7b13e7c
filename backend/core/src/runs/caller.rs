//! Who starts a run or decides an approval, as the layers that authenticate them (HTTP,
//! WebSocket, automation) hand them to the run service.

use warden_protocol::ScopeSet;
use warden_protocol::auth::AuthMethod;
use warden_tool_api::{Actor, ToolContext};

/// An authenticated caller: a user through a session, or one of their API keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: String,
    pub username: String,
    /// What this credential may do now.
    pub scopes: ScopeSet,
    pub method: AuthMethod,
    /// The API key, for key credentials.
    pub api_key_id: Option<String>,
    /// The name policy grants know the API key by (`api_key:NAME`), for key credentials.
    pub api_key_name: Option<String>,
    /// The user who set this run in motion for the caller, when someone else (an administrator
    /// starting another user's prompt task): carried into each call's context for the
    /// four-eyes rule.
    pub started_by: Option<String>,
}

impl Caller {
    /// The tool context of the caller's calls: acting as the key (for key credentials) or as the
    /// user, with the credential's scopes.
    pub fn tool_context(&self) -> ToolContext {
        let actor = match (self.method, &self.api_key_id) {
            (AuthMethod::ApiKey, Some(key)) => Actor::ApiKey {
                key_id: key.clone(),
                user_id: self.user_id.clone(),
                key_name: self.api_key_name.clone().unwrap_or_default(),
            },
            (AuthMethod::ApiKey, None) | (AuthMethod::Session, _) => Actor::User {
                user_id: self.user_id.clone(),
                username: self.username.clone(),
            },
        };
        ToolContext {
            actor,
            scopes: self.scopes.clone(),
            sandbox: None,
            host: Default::default(),
            run_id: None,
            started_by: self.started_by.clone(),
        }
    }
}
