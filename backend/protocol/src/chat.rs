//! Chat: starting runs, their events, conversations.

use serde::{Deserialize, Serialize};

use crate::values::{ApprovalStatus, Risk, Role, Route, RunErrorCode, RunStatus};

/// `GET /api/v1/models`: the catalogue's model names a chat may ask for, besides `auto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModelList {
    pub models: Vec<String>,
}

/// `POST /api/v1/chat`
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChatRequest {
    /// What the operator asks (1 to 32,000 characters).
    pub message: String,
    /// Continue this conversation; absent starts a new one.
    pub conversation_id: Option<String>,
    /// A model of the catalogue, or `auto` (the default).
    pub model: Option<String>,
}

/// A call waits for a human holding the `approve` scope; decide it by its id (REST, WebSocket or
/// CLI). It expires at `expires_at` (Unix seconds), and then counts as denied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalRequired {
    pub approval_id: String,
    pub call_id: String,
    pub tool: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub arguments: serde_json::Value,
    /// The hash the approval is bound to (tool and canonical arguments).
    pub arguments_hash: String,
    pub risk: Risk,
    pub rule: String,
    pub justification: String,
    pub expires_at: i64,
}

/// How an approval was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalResolved {
    pub approval_id: String,
    pub call_id: String,
    /// `approved` (the call runs next), `denied`, `expired` or `withdrawn`.
    pub decision: ApprovalStatus,
    pub decided_by: Option<String>,
    pub reason: Option<String>,
}

/// One step of a run. Every event of a run carries the run's id and a sequence number starting
/// at 1, so a client that reconnects asks for the events after the last one it saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, strum::IntoStaticStr)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RunEvent {
    /// The run began; the user's message is stored.
    RunStarted { conversation_id: String },
    /// The memories put into the prompt for this request (quoted as data, never as
    /// instructions), and why recall could not do its best when it could not (no embeddings,
    /// ChromaDB unreachable). Sent once, before the model is first called.
    MemoriesRecalled {
        memories: Vec<crate::memory::RecalledMemoryView>,
        note: Option<String>,
    },
    /// The model's reasoning before it called tools.
    Thinking { text: String },
    /// The model asked for a tool; `risk` and `route` are the orchestrator's decision.
    ToolCall {
        call_id: String,
        name: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        arguments: serde_json::Value,
        risk: Risk,
        route: Route,
    },
    /// What the tool returned (or why it did not run).
    ToolResult {
        call_id: String,
        name: String,
        ok: bool,
        output: String,
        truncated: bool,
        error_code: Option<crate::ToolErrorCode>,
    },
    /// A call waits for a human holding the `approve` scope.
    ApprovalRequired(ApprovalRequired),
    /// The approval was settled.
    ApprovalResolved(ApprovalResolved),
    /// Text of the final answer.
    AnswerDelta { text: String },
    /// The run ended with an answer.
    Complete {
        answer: String,
        model: Option<String>,
    },
    /// The run ended without an answer.
    Error { code: RunErrorCode, message: String },
    /// The run was cancelled.
    Cancelled {},
}

impl RunEvent {
    /// Whether this event ends its run.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            RunEvent::Complete { .. } | RunEvent::Error { .. } | RunEvent::Cancelled {}
        )
    }

    /// The `type` tag, for server-sent event names (spelled by the same rule as serde's tag).
    pub fn kind(&self) -> &'static str {
        self.into()
    }
}

/// An event as sent: the run, its place in the run, and the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerEvent {
    pub run_id: String,
    pub seq: u64,
    #[serde(flatten)]
    pub event: RunEvent,
}

/// The JSON answer to `POST /api/v1/chat` and `GET /api/v1/runs/{id}`: where the run stands,
/// its steps so far, any approval it waits for, and the tokens it used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatReply {
    pub conversation_id: String,
    pub run_id: String,
    /// `complete`, `error`, `cancelled` or `interrupted` once the run has ended; `running` or
    /// `awaiting_approval` while it goes on (then follow it with `GET /api/v1/runs/{id}`).
    pub status: RunStatus,
    pub answer: Option<String>,
    /// The error code when the run ended with an error.
    pub error_code: Option<RunErrorCode>,
    pub events: Vec<ServerEvent>,
    /// Approvals the run waits for: decide them with `POST /api/v1/approvals/{id}/approve`.
    pub pending_approvals: Vec<ApprovalRequired>,
    /// Tokens the run's model calls used so far.
    pub usage: RunUsage,
}

/// Tokens a run used, as the backends counted them (or as Warden estimated them for calls whose
/// backend reported none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunUsage {
    pub model_calls: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Calls whose usage is Warden's estimate.
    pub estimated_calls: u64,
}

/// `GET /api/v1/usage`: the caller's tokens today (UTC) and their budgets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenUsage {
    /// Unix seconds of the day's start (UTC midnight); budgets renew at the next one.
    pub day_start: i64,
    /// Everything the user spent today, in chats and through their API keys.
    pub user_tokens: u64,
    /// The user's daily budget, if any.
    pub user_budget: Option<u64>,
    /// What the calling API key spent today (absent for session callers).
    pub api_key_tokens: Option<u64>,
    pub api_key_budget: Option<u64>,
}

/// `GET /api/v1/runs/{id}/events`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunEvents {
    pub run_id: String,
    pub status: RunStatus,
    pub events: Vec<ServerEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub id: String,
    pub title: String,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationList {
    pub conversations: Vec<Conversation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// `user`, `assistant` or `tool`.
    pub role: Role,
    pub content: String,
    /// The calls an assistant message made.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub tool_calls: serde_json::Value,
    pub tool_call_id: Option<String>,
    pub tool_name: Option<String>,
    pub run_id: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Run {
    pub id: String,
    /// `running`, `complete`, `error`, `cancelled` or `interrupted` (the server stopped mid-run).
    pub status: RunStatus,
    pub model: Option<String>,
    pub answer: Option<String>,
    pub error_code: Option<RunErrorCode>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

/// `GET /api/v1/conversations/{id}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationDetail {
    pub conversation: Conversation,
    pub messages: Vec<Message>,
    pub runs: Vec<Run>,
}

/// One question and what the run that answered it did: every step (tool calls with the guard's
/// risk and route, results, approvals asked and settled, the answer or how it ended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Turn {
    pub run: Run,
    /// What the operator asked (absent if the message could not be found).
    pub question: Option<String>,
    /// The run's events in order. A run that has ended leaves out its `answer_delta` pieces
    /// (its `thinking` and `complete` events hold the same text whole); a running run has them
    /// all, so a client follows it on with `subscribe` after the last `seq`.
    pub events: Vec<ServerEvent>,
    /// The approvals the run asked for, with who decided them and when.
    pub approvals: Vec<crate::guard::Approval>,
}

/// `GET /api/v1/conversations/{id}/history`: a conversation as it happened, oldest turn first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationHistory {
    pub conversation: Conversation,
    pub turns: Vec<Turn>,
    /// True when older turns were left out (the history holds the latest `limit`).
    pub truncated: bool,
}

/// `PATCH /api/v1/conversations/{id}`
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RenameConversation {
    pub title: String,
}

/// What a client sends on `GET /ws/chat`, one JSON text frame each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// Start a run; its events follow on this connection.
    Message {
        conversation_id: Option<String>,
        message: String,
        model: Option<String>,
    },
    /// Cancel one of the caller's runs.
    Cancel {
        run_id: String,
    },
    /// Approve a pending approval (holders of `approve`).
    Approve {
        approval_id: String,
        reason: Option<String>,
    },
    /// Deny a pending approval.
    Deny {
        approval_id: String,
        reason: Option<String>,
    },
    /// Follow one of the caller's runs: stored events after `after_seq`, then live ones.
    Subscribe {
        run_id: String,
        after_seq: Option<u64>,
    },
    Ping {},
    /// Be told about approvals from now on: answered with an `approvals` message (the pending
    /// count the caller may see), then another each time one is asked for or settled.
    WatchApprovals {},
}

/// An approval newly asked for, as a notification shows it; the whole approval is at
/// `GET /api/v1/approvals/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalNotice {
    pub id: String,
    pub tool: String,
    pub risk: Risk,
    /// `user:NAME`, `api_key:ID`, `monitor` or `monitor:model`.
    pub requested_by: String,
    pub justification: String,
    pub expires_at: i64,
}

/// What the server sends about the connection itself (run events are [`ServerEvent`]s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConnectionMessage {
    Pong {},
    /// The answer to this connection's approve or deny: the approval as now settled. The run
    /// that waited reports `approval_resolved` in its own events.
    ApprovalDecided {
        approval_id: String,
        /// `approved` or `denied`.
        status: ApprovalStatus,
    },
    /// Approvals the caller may see, after `watch_approvals`: sent at once, then whenever one
    /// is asked for or settled. `pending` counts those waiting that the caller may see (every
    /// one for a holder of `approve`, otherwise their own); `added` lists the ones asked for
    /// since the previous message (empty in the first).
    Approvals {
        pending: u64,
        added: Vec<ApprovalNotice>,
    },
    /// A client message that could not be acted on; the connection stays open. With code
    /// `session_ended`, the caller's session, user or API key stopped being valid: the server
    /// closes the connection next (close code 4401) and a new one needs a new login.
    Error {
        code: String,
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::{ApprovalRequired, ApprovalResolved, RunEvent};
    use crate::values::{ApprovalStatus, Risk, Route};

    /// `kind` names every event as its JSON `type` tag does.
    #[test]
    fn kind_is_the_json_type_tag() {
        let required = ApprovalRequired {
            approval_id: "a".to_owned(),
            call_id: "c".to_owned(),
            tool: "t".to_owned(),
            arguments: serde_json::json!({}),
            arguments_hash: "h".to_owned(),
            risk: Risk::High,
            rule: "r".to_owned(),
            justification: "j".to_owned(),
            expires_at: 1,
        };
        let resolved = ApprovalResolved {
            approval_id: "a".to_owned(),
            call_id: "c".to_owned(),
            decision: ApprovalStatus::Denied,
            decided_by: None,
            reason: None,
        };
        let text = |t: &str| t.to_owned();
        let events = [
            RunEvent::RunStarted {
                conversation_id: text("c"),
            },
            RunEvent::MemoriesRecalled {
                memories: Vec::new(),
                note: None,
            },
            RunEvent::Thinking { text: text("t") },
            RunEvent::ToolCall {
                call_id: text("c"),
                name: text("n"),
                arguments: serde_json::json!({}),
                risk: Risk::Low,
                route: Route::Run,
            },
            RunEvent::ToolResult {
                call_id: text("c"),
                name: text("n"),
                ok: true,
                output: text("o"),
                truncated: false,
                error_code: None,
            },
            RunEvent::ApprovalRequired(required),
            RunEvent::ApprovalResolved(resolved),
            RunEvent::AnswerDelta { text: text("a") },
            RunEvent::Complete {
                answer: text("a"),
                model: None,
            },
            RunEvent::Error {
                code: crate::RunErrorCode::Internal,
                message: text("m"),
            },
            RunEvent::Cancelled {},
        ];
        let kinds: Vec<&str> = events.iter().map(RunEvent::kind).collect();
        let tags: Vec<String> = events
            .iter()
            .map(|e| {
                serde_json::to_value(e).unwrap()["type"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(kinds, tags);
        assert_eq!(kinds[3], "tool_call");
        assert_eq!(kinds.len(), 11);
    }
}
