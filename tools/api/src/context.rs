use std::sync::Arc;

use warden_protocol::{Scope, ScopeSet};
use warden_sandbox::{Containment, SandboxConfig};

/// Who a tool runs for. Filled by the orchestrator from the authenticated caller, never from the
/// model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A user, in a chat or through a session token.
    User { user_id: String, username: String },
    /// Automation holding an API key; `key_name` is the name policy grants know it by
    /// (`api_key:NAME`), unique among live keys.
    ApiKey {
        key_id: String,
        user_id: String,
        key_name: String,
    },
    /// The self-healing monitor's deterministic runbooks.
    Monitor,
    /// The monitor's repair model: a language model asked to fix what no runbook covers. Judged
    /// apart from the runbooks (the policy grants it nothing), since what it reads can mislead it.
    MonitorModel,
}

/// The caller's identity and effective scopes, for tools whose rules depend on them (network
/// checks of private addresses need `execute`; memories belong to their user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolContext {
    pub actor: Actor,
    pub scopes: ScopeSet,
    /// Set by the orchestrator alone, when the guard routes this call to the gVisor sandbox: a
    /// sandboxable tool then runs its work inside it, never on the host.
    pub sandbox: Option<Arc<SandboxConfig>>,
    /// Set by the orchestrator alone: how programs this call starts on the host run.
    pub host: HostAccess,
    /// The chat run (or monitor repair run) the call belongs to, when it belongs to one: an
    /// approval it opens is bound to the run and withdrawn when the run ends.
    pub run_id: Option<String>,
    /// The user who set this call in motion on the actor's behalf, when that is someone else
    /// (an administrator starting another user's task): the four-eyes rule
    /// (`guard.require_second_person`) keeps them, like the requester, from approving it.
    pub started_by: Option<String>,
}

/// How a call may start programs on the host.
#[derive(Debug, Clone)]
pub enum HostAccess {
    /// Contained (read-only host, secrets hidden, no capabilities, another user): every call
    /// that no human approved.
    Contained(Arc<Containment>),
    /// With Warden's own rights: a call a human approved, exactly as approved.
    Approved,
    /// No host program may start, and why (the machine cannot contain, or the context was not
    /// made by the orchestrator).
    Refused(String),
}

impl Default for HostAccess {
    /// Fail closed: a context nobody set up starts nothing on the host.
    fn default() -> Self {
        HostAccess::Refused("this call was given no way to start host programs".to_owned())
    }
}

impl PartialEq for HostAccess {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (HostAccess::Contained(a), HostAccess::Contained(b)) => Arc::ptr_eq(a, b),
            (HostAccess::Approved, HostAccess::Approved) => true,
            (HostAccess::Refused(a), HostAccess::Refused(b)) => a == b,
            (HostAccess::Contained(_) | HostAccess::Approved | HostAccess::Refused(_), _) => false,
        }
    }
}

impl Eq for HostAccess {}

impl ToolContext {
    /// The owning user, when there is one (the monitor has none).
    pub fn user_id(&self) -> Option<&str> {
        match &self.actor {
            Actor::User { user_id, .. } | Actor::ApiKey { user_id, .. } => Some(user_id),
            Actor::Monitor | Actor::MonitorModel => None,
        }
    }

    /// The actor's kind (`user`, `api_key`, `monitor`, `monitor_model`) and, for users and API
    /// keys, the name policy grants may name it by (`user:NAME`, `api_key:NAME`).
    pub fn policy_identity(&self) -> (&'static str, Option<&str>) {
        match &self.actor {
            Actor::User { username, .. } => ("user", Some(username)),
            Actor::ApiKey { key_name, .. } => ("api_key", Some(key_name)),
            Actor::Monitor => ("monitor", None),
            Actor::MonitorModel => ("monitor_model", None),
        }
    }

    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes.allows(scope)
    }

    /// A context for tests and tools' own checks: a user holding these scopes.
    pub fn user(user_id: &str, scopes: impl IntoIterator<Item = Scope>) -> Self {
        Self {
            actor: Actor::User {
                user_id: user_id.to_owned(),
                username: user_id.to_owned(),
            },
            scopes: ScopeSet::new(scopes),
            sandbox: None,
            host: HostAccess::default(),
            run_id: None,
            started_by: None,
        }
    }

    /// The same context with host programs started as `host` says.
    pub fn with_host(mut self, host: HostAccess) -> Self {
        self.host = host;
        self
    }
}
