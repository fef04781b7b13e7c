//! A run as automation sees it (`POST /api/v1/chat` in JSON, `GET /api/v1/runs/{id}`): its status,
//! answer or error, stored events, the approvals it waits for and the tokens it used, all read
//! from the store, so the answer is the same whichever server process or request asks.

use std::time::Duration;

use futures_util::{Stream, StreamExt};
use warden_protocol::chat::{ApprovalRequired, ChatReply, RunEvent, RunUsage, ServerEvent};
use warden_protocol::{ApprovalStatus, RunStatus};
use warden_store::TokenOwner;

use super::{RunError, RunService};

/// How long a JSON chat waits for its run by default, and at most.
pub const DEFAULT_WAIT_SECS: u64 = 5;
pub const MAX_WAIT_SECS: u64 = 120;

/// Follows a run's events until it ends, waits for an approval, or `wait` passes; true when it
/// ended.
pub async fn wait_for(
    events: impl Stream<Item = Result<ServerEvent, RunError>> + Send,
    wait: Duration,
) -> Result<bool, RunError> {
    let mut events = std::pin::pin!(events);
    let deadline = tokio::time::sleep(wait);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            item = events.next() => match item {
                Some(Ok(event)) => {
                    // A run waiting for a human: automation gets the approval now.
                    if matches!(event.event, RunEvent::ApprovalRequired(_)) {
                        return Ok(false);
                    }
                    if event.event.is_terminal() {
                        return Ok(true);
                    }
                }
                Some(Err(error)) => return Err(error),
                None => return Ok(true),
            },
            () = &mut deadline => return Ok(false),
        }
    }
}

/// The run of `owner` as stored now.
pub async fn stored(
    service: &RunService,
    owner: &str,
    run_id: &str,
) -> Result<ChatReply, RunError> {
    let store = service.store();
    let run = store
        .run(owner, run_id)
        .await?
        .ok_or(RunError::RunNotFound)?;
    let events = super::stored_events(run_id, &store.run_events(run_id, 0).await?);
    let pending_approvals: Vec<ApprovalRequired> = store
        .approvals_of_run(run_id)
        .await?
        .into_iter()
        .filter(|a| a.status == ApprovalStatus::Pending)
        .map(|a| ApprovalRequired {
            arguments: serde_json::from_str(&a.arguments).unwrap_or_default(),
            approval_id: a.id,
            call_id: a.call_id.unwrap_or_default(),
            tool: a.tool,
            arguments_hash: a.arguments_hash,
            risk: a.risk,
            rule: a.rule,
            justification: a.justification,
            expires_at: a.expires_at,
        })
        .collect();
    let totals = store.tokens_since(TokenOwner::Run(run_id), 0).await?;
    let (mut status, mut answer, mut error_code) = (run.status, run.answer, run.error_code);
    let mut events = events;
    // A run that failed while its ending could not be stored (a full disk): the store still
    // says `running`, but it ended, and its followers were told how.
    if status == RunStatus::Running
        && let Some(terminal) = service.unsettled_terminal(run_id)
    {
        let (ended, said, code) = super::ending::outcome(&terminal.event);
        (status, answer, error_code) = (ended, said, code);
        events.push(terminal);
    }
    if status == RunStatus::Running && !pending_approvals.is_empty() {
        status = RunStatus::AwaitingApproval;
    }
    Ok(ChatReply {
        conversation_id: run.conversation_id,
        run_id: run.id,
        status,
        answer,
        error_code,
        events,
        pending_approvals,
        usage: RunUsage {
            model_calls: totals.calls,
            prompt_tokens: totals.prompt_tokens,
            completion_tokens: totals.completion_tokens,
            estimated_calls: totals.estimated_calls,
        },
    })
}
