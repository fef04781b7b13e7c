//! Every exit closes what the run opened: cancel, deadline and stuck leave each call with its
//! result (in the events and in the conversation), withdraw the approvals the run waits on, and
//! leave a history the strict server takes in the next run.

use std::time::Duration;

use pretty_assertions::assert_eq;
use serde_json::json;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use warden_core::guard::DecideError;
use warden_core::{EngineEvent, GuardNotice, Limits, RunOutcome};
use warden_llm::{ChatMessage, Role};
use warden_protocol::Scope;
use warden_test_llm::{Reply, ScriptedLlm};
use warden_tool_api::ToolContext;

use super::{Setup, all_kinds, input, kinds, ollama, run, setup, setup_with};

/// Runs until the first approval is asked for, then cancels (or lets the deadline pass).
async fn run_until_approval(
    s: &Setup,
    message: &str,
    cancel_then: bool,
) -> (RunOutcome, Vec<EngineEvent>) {
    let (tx, mut rx) = mpsc::channel(1024);
    let cancel = CancellationToken::new();
    let watcher = {
        let cancel = cancel.clone();
        async move {
            let mut seen = Vec::new();
            while let Some(event) = rx.recv().await {
                if cancel_then
                    && matches!(
                        event,
                        EngineEvent::Approval(GuardNotice::ApprovalRequired(_))
                    )
                {
                    cancel.cancel();
                }
                seen.push(event);
            }
            seen
        }
    };
    tokio::join!(s.engine.run(input(message), tx, cancel), watcher)
}

fn approval_id(events: &[EngineEvent]) -> String {
    events
        .iter()
        .find_map(|e| {
            if let EngineEvent::Approval(GuardNotice::ApprovalRequired(r)) = e {
                Some(r.approval_id.clone())
            } else {
                None
            }
        })
        .expect("an approval was asked for")
}

/// Each call in the conversation is followed by its result.
fn assert_paired(transcript: &[ChatMessage]) {
    assert_eq!(
        warden_core::engine::paired(transcript),
        transcript,
        "already valid"
    );
}

#[tokio::test]
async fn a_cancelled_run_withdraws_its_approval_which_then_never_runs() {
    let llm = ScriptedLlm::start().await;
    let s = setup_with(
        vec![ollama(&llm)],
        Limits::default(),
        Duration::from_secs(600),
    )
    .await;
    let target = s.dir.path().join("made-by-the-approved-call");
    llm.push(Reply::ToolCalls(vec![(
        "run_command".to_owned(),
        json!({"command": format!("touch {}", target.display())}),
    )]));
    let (outcome, events) = run_until_approval(&s, "Make the marker file", true).await;
    assert_eq!(
        kinds(&events),
        vec![
            "model:local",
            "call:run_command",
            "approval_required:run_command",
            "approval:withdrawn",
            "result:run_command:cancelled",
            "cancelled"
        ]
    );
    assert_paired(&outcome.transcript);
    assert_eq!(outcome.transcript.len(), 3, "user, call, closing result");
    assert!(
        outcome.transcript[2]
            .content
            .contains("The run was cancelled before this call finished"),
        "{}",
        outcome.transcript[2].content
    );
    // Approved afterwards: refused, and the sweeper does not run it either.
    let id = approval_id(&events);
    let approver = ToolContext::user("boss", [Scope::Approve]);
    let decided = s
        .guard
        .decide(&id, true, &approver, None, None)
        .await
        .unwrap();
    assert_eq!(
        decided,
        Err(DecideError::Settled(
            warden_protocol::ApprovalStatus::Withdrawn
        ))
    );
    s.guard.sweep().await;
    assert!(!target.exists(), "the withdrawn call never ran");
}

#[tokio::test]
async fn a_run_past_its_deadline_withdraws_its_approval_and_closes_its_call() {
    let llm = ScriptedLlm::start().await;
    let s = setup_with(
        vec![ollama(&llm)],
        Limits {
            // Long enough for the run to reach its approval on a loaded CI machine (the
            // deadline must strike while the call waits for a human, not before it is asked).
            run_deadline: Duration::from_secs(5),
            ..Limits::default()
        },
        Duration::from_secs(600),
    )
    .await;
    let target = s.dir.path().join("late-marker");
    llm.push(Reply::ToolCalls(vec![(
        "run_command".to_owned(),
        json!({"command": format!("touch {}", target.display())}),
    )]));
    let (outcome, events) = run_until_approval(&s, "Make the marker file", false).await;
    assert_eq!(
        kinds(&events),
        vec![
            "model:local",
            "call:run_command",
            "approval_required:run_command",
            "approval:withdrawn",
            "result:run_command:run_deadline",
            "error:run_deadline"
        ]
    );
    assert_paired(&outcome.transcript);
    let id = approval_id(&events);
    let approver = ToolContext::user("boss", [Scope::Approve]);
    assert_eq!(
        s.guard
            .decide(&id, true, &approver, None, None)
            .await
            .unwrap(),
        Err(DecideError::Settled(
            warden_protocol::ApprovalStatus::Withdrawn
        ))
    );
    s.guard.sweep().await;
    assert!(!target.exists());
}

#[tokio::test]
async fn a_stuck_run_answers_its_last_call_and_its_history_is_taken_next_time() {
    let llm = ScriptedLlm::start().await;
    for _ in 0..4 {
        llm.push(Reply::ToolCalls(vec![(
            "disk_usage".to_owned(),
            json!({"path": "/"}),
        )]));
    }
    let s = setup(vec![super::openai(&llm)], Limits::default()).await;
    let (outcome, events) = run(&s.engine, input("disk?"), CancellationToken::new()).await;
    let all = all_kinds(&events);
    assert_eq!(
        all[all.len() - 3..],
        ["call:disk_usage", "result:disk_usage:stuck", "error:stuck"]
    );
    // Every announced call has its result.
    let calls: Vec<&str> = events
        .iter()
        .filter_map(|e| {
            if let EngineEvent::ToolCall { call_id, .. } = e {
                Some(call_id.as_str())
            } else {
                None
            }
        })
        .collect();
    for id in &calls {
        assert!(
            events.iter().any(
                |e| matches!(e, EngineEvent::ToolResult { outcome } if outcome.call_id == *id)
            ),
            "{id} has no result"
        );
    }
    assert_paired(&outcome.transcript);
    let last = outcome.transcript.last().unwrap();
    assert_eq!(last.role, Role::Tool);
    assert!(
        last.content.contains("stopped as stuck"),
        "{}",
        last.content
    );

    // The next run sends that history to the strict server, which takes it.
    llm.push(Reply::Text("The disk is fine.".to_owned()));
    let mut next = input("and now?");
    next.history = outcome.transcript.clone();
    let (after, events) = run(&s.engine, next, CancellationToken::new()).await;
    assert_eq!(
        after.answer.as_deref(),
        Some("The disk is fine."),
        "{events:?}"
    );
    let sent = llm.requests();
    let messages = sent.last().unwrap().body["messages"]
        .as_array()
        .unwrap()
        .clone();
    let ids: Vec<&str> = messages
        .iter()
        .flat_map(|m| m["tool_calls"].as_array().into_iter().flatten())
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 4);
    assert!(ids.iter().all(|id| !id.is_empty()));
}
