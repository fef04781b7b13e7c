//! The agent's second check: every call from the hub passes this host's own guard, with the same
//! policy files as `warden serve` (`guard.policy_dir`), before it runs. What the local policy
//! refuses is refused, whatever the hub decided; what it would hold for a human is refused too,
//! since nobody approves on an agent (the hub's approval is not trusted as this host's).

use std::sync::Arc;

use futures_util::future::BoxFuture;
use warden_core::guard::Route;
use warden_core::{Guard, Invoked, ToolOutcome};
use warden_fleet::{CallErrorCode, CallRequest, CallRunner, RunOutcome};
use warden_protocol::{Scope, ScopeSet, ToolErrorCode};
use warden_tool_api::{Actor, ToolContext};

/// The name calls from the hub run under on an agent (`api_key:fleet-hub` in its audit log;
/// policy grants name it `api_key:fleet_hub`).
pub const HUB_KEY_NAME: &str = "fleet_hub";

/// Runs the hub's calls through this host's guard.
pub struct GuardRunner {
    guard: Arc<Guard>,
}

impl GuardRunner {
    pub fn new(guard: Arc<Guard>) -> Self {
        Self { guard }
    }
}

/// Who calls from the hub act as on the agent: read and execute, nothing else.
pub fn hub_context() -> ToolContext {
    ToolContext {
        actor: Actor::ApiKey {
            key_id: "fleet-hub".to_owned(),
            user_id: "fleet-hub".to_owned(),
            key_name: HUB_KEY_NAME.to_owned(),
        },
        scopes: ScopeSet::new([Scope::Read, Scope::Execute]),
        sandbox: None,
        host: warden_tool_api::HostAccess::default(),
        run_id: None,
        started_by: None,
    }
}

impl CallRunner for GuardRunner {
    fn run<'a>(&'a self, call: &'a CallRequest) -> BoxFuture<'a, RunOutcome> {
        Box::pin(async move {
            let context = hub_context();
            tracing::info!(call_id = %call.call_id, tool = %call.tool, requested_by = %call.requested_by, "call from the hub");
            let assessment = self.guard.assess(&call.tool, &call.arguments, &context);
            if assessment.route == Route::Approval {
                return RunOutcome::refused(format!(
                    "this host's policy holds {} for a human's approval ({} risk, {}: {}); an agent runs only what its own policy lets run without one",
                    call.tool, assessment.risk, assessment.rule, assessment.justification
                ));
            }
            match self
                .guard
                .invoke(&call.tool, &call.arguments, &context)
                .await
            {
                Invoked::Done(outcome, _) => from_outcome(outcome),
                Invoked::Refused(_, text) => {
                    RunOutcome::refused(format!("refused by this host's policy: {text}"))
                }
                Invoked::Pending(_) => RunOutcome::refused(
                    "this host's policy holds the call for a human's approval; an agent does not wait for one",
                ),
            }
        })
    }
}

fn from_outcome(outcome: ToolOutcome) -> RunOutcome {
    let error_code = match outcome.error_code {
        None if outcome.ok => None,
        Some(
            ToolErrorCode::Refused
            | ToolErrorCode::Forbidden
            | ToolErrorCode::UnknownTool
            | ToolErrorCode::InvalidArguments,
        ) => Some(CallErrorCode::Refused),
        None | Some(_) => Some(CallErrorCode::Failed),
    };
    RunOutcome {
        ok: outcome.ok,
        output: outcome.output,
        data: outcome.data,
        truncated: outcome.truncated,
        error_code,
    }
}
