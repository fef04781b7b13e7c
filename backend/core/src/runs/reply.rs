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

/// What following a run saw: whether it ended, and every event received, in order.
#[derive(Debug, Default)]
pub struct Followed {
    /// True when the run ended (its terminal event arrived, or its events stopped).
    pub ended: bool,
    pub events: Vec<ServerEvent>,
}

/// Follows a run's events until it ends, waits for an approval, or `wait` passes, keeping what
/// it received.
pub async fn wait_for(
    events: impl Stream<Item = Result<ServerEvent, RunError>> + Send,
    wait: Duration,
) -> Result<Followed, RunError> {
    let mut events = std::pin::pin!(events);
    let deadline = tokio::time::sleep(wait);
    tokio::pin!(deadline);
    let mut followed = Followed::default();
    loop {
        tokio::select! {
            item = events.next() => match item {
                Some(Ok(event)) => {
                    // A run waiting for a human: automation gets the approval now.
                    let waits = matches!(event.event, RunEvent::ApprovalRequired(_));
                    let terminal = event.event.is_terminal();
                    followed.events.push(event);
                    if waits {
                        return Ok(followed);
                    }
                    if terminal {
                        followed.ended = true;
                        return Ok(followed);
                    }
                }
                Some(Err(error)) => return Err(error),
                None => {
                    followed.ended = true;
                    return Ok(followed);
                }
            },
            () = &mut deadline => return Ok(followed),
        }
    }
}

/// The reply for the run `run_id` in `conversation_id` that this request started and followed.
/// A run seen from its first event to its completion is answered from those events and its
/// token totals (one read instead of four: the events are the ones stored, since each is
/// stored before it is sent, and a run that completed without asking for an approval has none
/// pending); any other is read as stored.
pub async fn of_followed(
    service: &RunService,
    owner: &str,
    run_id: &str,
    conversation_id: &str,
    followed: Followed,
) -> Result<ChatReply, RunError> {
    let seen_whole = followed
        .events
        .iter()
        .zip(1u64..)
        .all(|(event, seq)| event.seq == seq);
    let asked = followed
        .events
        .iter()
        .any(|e| matches!(e.event, RunEvent::ApprovalRequired(_)));
    let Some(RunEvent::Complete { answer, .. }) = followed.events.last().map(|e| &e.event) else {
        return stored(service, owner, run_id).await;
    };
    if !followed.ended || !seen_whole || asked {
        return stored(service, owner, run_id).await;
    }
    let answer = Some(answer.clone());
    let totals = service
        .store()
        .tokens_since(TokenOwner::Run(run_id), 0)
        .await?;
    Ok(ChatReply {
        conversation_id: conversation_id.to_owned(),
        run_id: run_id.to_owned(),
        status: RunStatus::Complete,
        answer,
        error_code: None,
        events: followed.events,
        pending_approvals: Vec::new(),
        usage: usage_of(&totals),
    })
}

fn usage_of(totals: &warden_store::TokenTotals) -> RunUsage {
    RunUsage {
        model_calls: totals.calls,
        prompt_tokens: totals.prompt_tokens,
        completion_tokens: totals.completion_tokens,
        estimated_calls: totals.estimated_calls,
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
        usage: usage_of(&totals),
    })
}
