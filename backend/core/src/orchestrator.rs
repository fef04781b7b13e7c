//! The orchestrator seam: the only way to run tools. The chat engine, the monitor's runbooks and
//! the REST invoke route all call it; [`crate::guard::Guard`] implements it with the policy, the
//! sandbox, approvals and the audit log.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use serde_json::Value;
use warden_llm::{ToolCall, ToolDefinition};
use warden_protocol::chat::{ApprovalRequired, ApprovalResolved};
use warden_protocol::{RunErrorCode, ToolErrorCode};
use warden_tool_api::ToolContext;

/// What running (or refusing) one call produced, for the model and for events.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutcome {
    pub call_id: String,
    pub name: String,
    pub ok: bool,
    /// The text the model reads.
    pub output: String,
    pub data: Value,
    pub truncated: bool,
    /// Set when the call did not run or failed: `unknown_tool`, `invalid_arguments`, `refused`...
    pub error_code: Option<ToolErrorCode>,
    pub duration_ms: u64,
}

impl ToolOutcome {
    pub fn error(call: &ToolCall, code: ToolErrorCode, message: String) -> Self {
        Self {
            call_id: call.id.clone(),
            name: call.name.clone(),
            ok: false,
            output: message,
            data: Value::Null,
            truncated: false,
            error_code: Some(code),
            duration_ms: 0,
        }
    }
}

/// The orchestrator's decision for a call, shown with the call before anything runs and then
/// handed to [`Orchestrator::execute`], so a call is judged once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// `unknown` for a tool that does not exist.
    pub risk: warden_protocol::Risk,
    pub route: warden_protocol::Route,
    /// The guard's whole assessment, which `execute` acts on.
    pub assessment: Box<crate::guard::Assessment>,
}

/// What the guard reports while a call waits for a human (the wire types themselves).
#[derive(Debug, Clone, PartialEq)]
pub enum GuardNotice {
    ApprovalRequired(ApprovalRequired),
    ApprovalResolved(ApprovalResolved),
}

/// Where the orchestrator sends notices for the caller (a run's event stream).
pub type Notices = dyn Fn(GuardNotice) -> BoxFuture<'static, ()> + Send + Sync;

/// The seam between deciding to act and acting.
pub trait Orchestrator: Send + Sync {
    /// The tools offered to the model for this caller: shared, since every run of the same
    /// scopes is offered the same definitions.
    fn offered(&self, context: &ToolContext) -> Arc<[ToolDefinition]>;

    /// How a call would be handled, without running it.
    fn classify(&self, call: &ToolCall, context: &ToolContext) -> Classification;

    /// Acts on `classification` (from [`Self::classify`] for this call and context): audits the
    /// decision and, if allowed, runs the call; a call that needs approval waits for it,
    /// reporting through `notices`.
    fn execute<'a>(
        &'a self,
        call: &'a ToolCall,
        context: &'a ToolContext,
        classification: &'a Classification,
        notices: &'a Notices,
    ) -> BoxFuture<'a, ToolOutcome>;

    /// Why the run of `context` must end now, its caller no longer standing (an API key
    /// revoked or expired, a user disabled): the code and message it ends with. None while the
    /// caller stands. Asked at every model step and while the model answers, so a run ends with
    /// its credential, not only at its next tool call.
    fn caller_ended<'a>(
        &'a self,
        context: &'a ToolContext,
    ) -> BoxFuture<'a, Option<(RunErrorCode, String)>> {
        let _ = context;
        Box::pin(async { None })
    }

    /// The run `context.run_id` ended before it finished (cancelled, deadline, stuck, error):
    /// approvals it opened and that have not run are withdrawn, never to run, and returned as
    /// settled. `reason` says how the run ended.
    fn run_ended<'a>(
        &'a self,
        context: &'a ToolContext,
        reason: &'a str,
    ) -> BoxFuture<'a, Vec<ApprovalResolved>> {
        let _ = (context, reason);
        Box::pin(async { Vec::new() })
    }
}
