use std::time::Duration;

use serde::{Deserialize, Serialize};
use warden_protocol::Scope;

/// What a tool does to the world. Ordered from harmless to harmful, so the strictest of two is
/// their `max`. Declare defensively: when in doubt, `Mutating`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Only reads state.
    ReadOnly,
    /// Changes state in a way that can be undone (restart, write with backup).
    Mutating,
    /// Removes or kills something that cannot be brought back by Warden.
    Destructive,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::ReadOnly => "read_only",
            Effect::Mutating => "mutating",
            Effect::Destructive => "destructive",
        }
    }
}

/// A tool's declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    pub name: &'static str,
    /// For the model and the operator: what it does and what it returns.
    pub description: &'static str,
    /// JSON Schema of the arguments, derived from the argument type.
    pub parameters: serde_json::Value,
    /// The scope a caller needs to have this tool offered and run.
    pub scope: Scope,
    pub effect: Effect,
    /// Whether the tool can run inside the gVisor sandbox (no network, host files read-only).
    pub sandboxable: bool,
    /// Whether the tool starts programs on the host. A low call of such a tool runs them
    /// contained; where the machine cannot contain, the call waits for a human instead.
    pub host_programs: bool,
    pub timeout: Duration,
}
