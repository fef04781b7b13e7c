//! A run's exit closes what it opened. Cancel, deadline, stuck and errors end a run in the middle
//! of a step; then approvals it waits on are withdrawn (and reported), every announced call gets a
//! `tool_result` saying it did not complete, and every call in the transcript gets a result
//! message, so the stored conversation is one a strict server accepts next time.

use std::collections::HashSet;

use warden_llm::{ChatMessage, Role};
use warden_protocol::ToolErrorCode;
use warden_tool_api::ToolContext;

use super::EngineEvent;
use crate::orchestrator::{GuardNotice, Orchestrator, ToolOutcome};

/// What an unfinished call is told, by the way the run ended.
fn reason(code: ToolErrorCode) -> String {
    if code == ToolErrorCode::Cancelled {
        "The run was cancelled before this call finished; it may not have run.".to_owned()
    } else if code == ToolErrorCode::RunDeadline {
        "The run reached its deadline before this call finished; it may not have run.".to_owned()
    } else if code == ToolErrorCode::Stuck {
        "Not run: the run was stopped as stuck (the same call again and again).".to_owned()
    } else {
        format!("Not run: the run stopped ({code}).")
    }
}

pub(super) async fn close<F, Fut>(
    orchestrator: &dyn Orchestrator,
    context: &ToolContext,
    transcript: &mut Vec<ChatMessage>,
    announced: Vec<(String, String)>,
    waited: &HashSet<String>,
    code: ToolErrorCode,
    emit: &F,
) where
    F: Fn(EngineEvent) -> Fut,
    Fut: Future<Output = ()>,
{
    let why = reason(code);
    for withdrawn in orchestrator.run_ended(context, &why).await {
        if waited.contains(&withdrawn.approval_id) {
            emit(EngineEvent::Approval(GuardNotice::ApprovalResolved(
                withdrawn,
            )))
            .await;
        }
    }
    for (call_id, name) in announced {
        emit(EngineEvent::ToolResult {
            outcome: ToolOutcome {
                call_id,
                name,
                ok: false,
                output: why.clone(),
                data: serde_json::Value::Null,
                truncated: false,
                error_code: Some(code),
                duration_ms: 0,
            },
        })
        .await;
    }
    // Only the last step can be open: results are added as calls finish.
    let Some(step) = transcript
        .iter()
        .rposition(|m| m.role == Role::Assistant && !m.tool_calls.is_empty())
    else {
        return;
    };
    let answered: HashSet<String> = transcript[step + 1..]
        .iter()
        .filter_map(|m| m.tool_call_id.clone())
        .collect();
    let open: Vec<_> = transcript[step]
        .tool_calls
        .iter()
        .filter(|c| !answered.contains(&c.id))
        .cloned()
        .collect();
    for call in open {
        let outcome = ToolOutcome::error(&call, code, why.clone());
        transcript.push(super::prompt::tool_result(&call, &outcome));
    }
}
