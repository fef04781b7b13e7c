//! Whether the caller a call runs for still stands: its API key neither revoked nor expired, its
//! user not disabled, and the tool's scope among its scopes now. Checked before
//! each call runs, however long after the request it comes (a run's later steps, an approved
//! call run minutes later), so revoking a key, disabling a user or removing a scope stops what
//! that credential started at once, not only its next request (docs/api.md, docs/security.md).

use warden_protocol::{Scope, ScopeSet, ToolErrorCode};
use warden_store::StoreError;
use warden_tool_api::{Actor, ToolContext};

use super::Guard;

/// Where the caller of a call stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Still valid, and its scopes now allow the tool.
    Holds,
    /// Still valid, but no longer holds the tool's scope: the message names it.
    LacksScope(String),
    /// The credential ended (key revoked or expired, user disabled): why.
    Ended(String),
}

impl Standing {
    /// The code and message of a call refused for this standing; None when it holds.
    pub fn refusal(&self) -> Option<(ToolErrorCode, String)> {
        match self {
            Standing::Holds => None,
            Standing::LacksScope(why) => Some((ToolErrorCode::Forbidden, why.clone())),
            Standing::Ended(why) => Some((ToolErrorCode::SessionEnded, why.clone())),
        }
    }
}

impl Guard {
    /// Where `context`'s caller stands now for a tool that needs `needed`. The monitor and its
    /// repair model hold no credential and always stand. Users and keys are never deleted (a
    /// key is revoked, a user disabled, the rows kept), so a context naming a key or user the
    /// store does not hold is one Warden made itself, not a credential (the fleet hub's calls on
    /// an agent, the CLI's own checks): it stands with the scopes it was given. A store that
    /// cannot answer is an error (the caller refuses the call: fail closed).
    pub async fn standing(
        &self,
        context: &ToolContext,
        needed: Scope,
    ) -> Result<Standing, StoreError> {
        let scopes = match self.credential(context).await? {
            Credential::Warden => return Ok(Standing::Holds),
            Credential::Ended(why) => return Ok(Standing::Ended(why)),
            Credential::Holds(scopes) => scopes,
        };
        if context.scopes.narrowed_by(&scopes).allows(needed) {
            Ok(Standing::Holds)
        } else {
            Ok(Standing::LacksScope(format!(
                "this needs the '{needed}' scope, which the caller no longer holds"
            )))
        }
    }

    /// Why `context`'s credential ended (key revoked or expired, user disabled), or None while
    /// it stands, whatever its scopes: a run checks this between and during its model calls.
    pub async fn credential_ended(
        &self,
        context: &ToolContext,
    ) -> Result<Option<String>, StoreError> {
        Ok(match self.credential(context).await? {
            Credential::Ended(why) => Some(why),
            Credential::Warden | Credential::Holds(_) => None,
        })
    }

    async fn credential(&self, context: &ToolContext) -> Result<Credential, StoreError> {
        let store = self.broker.store();
        let (user_id, key_scopes) = match &context.actor {
            Actor::Monitor | Actor::MonitorModel => return Ok(Credential::Warden),
            Actor::User { user_id, .. } => (user_id, None),
            Actor::ApiKey {
                key_id, user_id, ..
            } => {
                let Some(key) = store.api_key_by_id(key_id).await? else {
                    return Ok(Credential::Warden);
                };
                if key.revoked_at.is_some() {
                    return Ok(Credential::Ended(format!(
                        "its API key '{}' was revoked",
                        key.name
                    )));
                }
                if key.expires_at.is_some_and(|at| at <= self.clock.now()) {
                    return Ok(Credential::Ended(format!(
                        "its API key '{}' expired",
                        key.name
                    )));
                }
                (user_id, Some(stored_scopes(&key.scopes)))
            }
        };
        let Some(user) = store.user_by_id(user_id).await? else {
            return Ok(Credential::Warden);
        };
        if user.disabled {
            return Ok(Credential::Ended(format!(
                "its user '{}' is disabled",
                user.username
            )));
        }
        let mut scopes = stored_scopes(&user.scopes);
        if let Some(key) = key_scopes {
            scopes = scopes.narrowed_by(&key);
        }
        Ok(Credential::Holds(scopes))
    }
}

/// What the store says of a context's credential.
enum Credential {
    /// Not a stored key or user: Warden's own, standing with the scopes it was given.
    Warden,
    /// Ended: why.
    Ended(String),
    /// Valid, with the scopes it holds now.
    Holds(ScopeSet),
}

/// Stored scopes; a list that cannot be read allows nothing (fail closed).
fn stored_scopes(text: &str) -> ScopeSet {
    ScopeSet::parse_list(text).unwrap_or_default()
}
