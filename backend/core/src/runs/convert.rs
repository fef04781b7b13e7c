//! Conversions between the engine, the store and the wire.

use serde_json::Value;
use warden_llm::{ChatMessage, Role, ToolCall};
use warden_protocol::Role as StoredRole;
use warden_protocol::RunErrorCode;
use warden_protocol::chat::RunEvent;
use warden_store::{MessageRecord, NewMessage};

use crate::{EngineEvent, GuardNotice};

/// A conversation's title: the start of its first message's first line.
pub fn title_of(message: &str) -> String {
    let line = message.lines().next().unwrap_or("").trim();
    let mut title: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        title.push('…');
    }
    if title.is_empty() {
        "Conversation".to_owned()
    } else {
        title
    }
}

/// Stored messages back into the engine's history.
pub fn history(messages: &[MessageRecord]) -> Vec<ChatMessage> {
    messages
        .iter()
        .map(|m| {
            let role = match m.role {
                StoredRole::User => Role::User,
                StoredRole::Assistant => Role::Assistant,
                StoredRole::Tool => Role::Tool,
            };
            let tool_calls: Vec<ToolCall> = serde_json::from_str(&m.tool_calls).unwrap_or_default();
            ChatMessage {
                role,
                content: m.content.clone(),
                tool_calls,
                tool_call_id: m.tool_call_id.clone(),
                tool_name: m.tool_name.clone(),
            }
        })
        .collect()
}

/// A message of the run's transcript as stored; none for a system message (the prompt is built
/// anew for every run, never kept in the conversation).
pub fn stored_message(message: &ChatMessage, run_id: &str) -> Option<NewMessage> {
    let role = match message.role {
        Role::System => return None,
        Role::User => StoredRole::User,
        Role::Assistant => StoredRole::Assistant,
        Role::Tool => StoredRole::Tool,
    };
    Some(NewMessage {
        role,
        content: message.content.clone(),
        tool_calls: serde_json::to_string(&message.tool_calls).unwrap_or_else(|_| "[]".to_owned()),
        tool_call_id: message.tool_call_id.clone(),
        tool_name: message.tool_name.clone(),
        run_id: Some(run_id.to_owned()),
    })
}

/// An engine event as sent on the wire; `None` for events that are not sent.
pub fn wire_event(
    event: EngineEvent,
    model: Option<String>,
    interrupted: bool,
) -> Option<RunEvent> {
    Some(match event {
        EngineEvent::ModelChosen { .. } | EngineEvent::Usage { .. } => return None,
        EngineEvent::MemoriesRecalled { memories, note } => RunEvent::MemoriesRecalled {
            memories: memories
                .into_iter()
                .map(|m| warden_protocol::memory::RecalledMemoryView {
                    id: m.id,
                    kind: m.kind,
                    content: m.content,
                    shared: m.shared,
                    score: (m.score * 1000.0).round() / 1000.0,
                })
                .collect(),
            note,
        },
        EngineEvent::Thinking { text } => RunEvent::Thinking { text },
        EngineEvent::ToolCall {
            call_id,
            name,
            arguments,
            risk,
            route,
        } => RunEvent::ToolCall {
            call_id,
            name,
            // Stored and sent to every subscriber of the run: secrets in the arguments hidden.
            arguments: crate::guard::redact(&arguments),
            risk,
            route,
        },
        EngineEvent::ToolResult { outcome } => RunEvent::ToolResult {
            call_id: outcome.call_id,
            name: outcome.name,
            ok: outcome.ok,
            output: crate::guard::redact_text(&outcome.output),
            truncated: outcome.truncated,
            error_code: outcome.error_code,
        },
        EngineEvent::Approval(GuardNotice::ApprovalRequired(required)) => {
            RunEvent::ApprovalRequired(required)
        }
        EngineEvent::Approval(GuardNotice::ApprovalResolved(resolved)) => {
            RunEvent::ApprovalResolved(resolved)
        }
        EngineEvent::AnswerDelta { text } => RunEvent::AnswerDelta { text },
        EngineEvent::Complete { answer, .. } => RunEvent::Complete { answer, model },
        EngineEvent::Error { code, message } => RunEvent::Error { code, message },
        EngineEvent::Cancelled if interrupted => RunEvent::Error {
            code: RunErrorCode::Interrupted,
            message: "the server stopped during this run".to_owned(),
        },
        EngineEvent::Cancelled => RunEvent::Cancelled {},
    })
}

/// Stored tool calls as wire JSON, secrets in their arguments hidden (the model's history
/// keeps them as it sent them).
pub fn calls_json(text: &str) -> Value {
    crate::guard::redact(&serde_json::from_str(text).unwrap_or(Value::Array(Vec::new())))
}
