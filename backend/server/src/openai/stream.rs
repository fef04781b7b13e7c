//! A streamed answer: one `chat.completion.chunk` per step of the run (notes for tool calls and
//! approvals, then the answer's text), a closing chunk with `finish_reason: "stop"`, optionally
//! one with `usage`, and `data: [DONE]`. A run that fails sends OpenAI's error object before
//! `[DONE]`. The run continues if the client goes away.

use std::convert::Infallible;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use warden_core::runs::{StartedRun, follow};
use warden_protocol::chat::{RunEvent, ServerEvent};

use super::wire::{ChatCompletionChunk, ChunkChoice, Delta, WardenInfo};
use super::{MODEL, note, run_failure};
use crate::auth::Principal;
use crate::http::ApiError;
use crate::state::AppState;

struct Chunks {
    id: String,
    created: i64,
    run_id: String,
    conversation_id: String,
    notes: bool,
    /// Whether a note went out (the answer then starts after a blank line).
    noted: bool,
    /// Whether any answer text went out.
    answered: bool,
    /// Whether the run completed (then a usage chunk follows, when asked for).
    completed: bool,
}

impl Chunks {
    fn chunk(&self, delta: Delta, finish: Option<&'static str>, events: Vec<ServerEvent>) -> Event {
        self.encode(&ChatCompletionChunk {
            id: self.id.clone(),
            object: "chat.completion.chunk",
            created: self.created,
            model: MODEL.to_owned(),
            choices: vec![ChunkChoice {
                index: 0,
                delta,
                finish_reason: finish,
            }],
            usage: None,
            warden: WardenInfo {
                run_id: self.run_id.clone(),
                conversation_id: self.conversation_id.clone(),
                events,
            },
        })
    }

    fn encode(&self, chunk: &ChatCompletionChunk) -> Event {
        Event::default()
            .json_data(chunk)
            .unwrap_or_else(|_| Event::default().comment("unencodable chunk"))
    }

    fn text(content: String) -> Delta {
        Delta {
            role: None,
            content: Some(content),
        }
    }

    /// The events one step of the run becomes.
    fn step(&mut self, event: ServerEvent) -> Vec<Event> {
        match &event.event {
            RunEvent::AnswerDelta { text } => {
                let mut content = String::new();
                if self.noted && !self.answered {
                    content.push('\n');
                }
                content.push_str(text);
                self.answered = true;
                vec![self.chunk(Self::text(content), None, vec![event])]
            }
            RunEvent::Complete { answer, .. } => {
                let mut out = Vec::new();
                if !self.answered && !answer.is_empty() {
                    let prefix = if self.noted { "\n" } else { "" };
                    out.push(self.chunk(Self::text(format!("{prefix}{answer}")), None, vec![]));
                }
                out.push(self.chunk(
                    Delta {
                        role: None,
                        content: None,
                    },
                    Some("stop"),
                    vec![event],
                ));
                // The usage chunk follows once the run's tokens are read (see `respond`).
                self.completed = true;
                out
            }
            RunEvent::Error { .. } | RunEvent::Cancelled {} => {
                let failure = run_failure(&event.event);
                vec![
                    Event::default()
                        .json_data(&failure.body)
                        .unwrap_or_else(|_| Event::default().comment("unencodable error")),
                ]
            }
            RunEvent::RunStarted { .. }
            | RunEvent::MemoriesRecalled { .. }
            | RunEvent::Thinking { .. }
            | RunEvent::ToolCall { .. }
            | RunEvent::ToolResult { .. }
            | RunEvent::ApprovalRequired(_)
            | RunEvent::ApprovalResolved(_) => {
                let content = if self.notes { note(&event.event) } else { None };
                self.noted |= content.is_some();
                vec![self.chunk(
                    Delta {
                        role: None,
                        content,
                    },
                    None,
                    vec![event],
                )]
            }
        }
    }
}

/// The server-sent event response for a started run.
pub fn respond(
    state: AppState,
    principal: Principal,
    started: StartedRun,
    created: i64,
    notes: bool,
    include_usage: bool,
) -> Response {
    let mut chunks = Chunks {
        id: format!("chatcmpl-{}", started.run_id),
        created,
        run_id: started.run_id.clone(),
        conversation_id: started.conversation_id.clone(),
        notes,
        noted: false,
        answered: false,
        completed: false,
    };
    let completed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen_complete = completed.clone();
    let usage_chunk = {
        let (store, id, run_id, conversation_id) = (
            state.chat.store().clone(),
            chunks.id.clone(),
            started.run_id.clone(),
            started.conversation_id.clone(),
        );
        stream::once(async move {
            if !include_usage || !completed.load(std::sync::atomic::Ordering::Relaxed) {
                return None;
            }
            let usage = super::run_usage(&store, &run_id).await;
            Some(
                Event::default()
                    .json_data(&ChatCompletionChunk {
                        id,
                        object: "chat.completion.chunk",
                        created,
                        model: MODEL.to_owned(),
                        choices: Vec::new(),
                        usage: Some(usage),
                        warden: WardenInfo {
                            run_id,
                            conversation_id,
                            events: Vec::new(),
                        },
                    })
                    .unwrap_or_else(|_| Event::default().comment("unencodable chunk")),
            )
        })
        .filter_map(std::future::ready)
    };
    let first = chunks.chunk(
        Delta {
            role: Some("assistant"),
            content: Some(String::new()),
        },
        None,
        Vec::new(),
    );
    let steps = follow(
        state.chat.clone(),
        principal.user_id,
        started.run_id,
        0,
        Some(started.events),
    )
    .flat_map(move |item| {
        let events = match item {
            Ok(event) => {
                let events = chunks.step(event);
                if chunks.completed {
                    seen_complete.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                events
            }
            Err(error) => vec![
                Event::default()
                    .json_data(&super::OpenAiError::from(ApiError::from(error)).body)
                    .unwrap_or_else(|_| Event::default().comment("unencodable error")),
            ],
        };
        stream::iter(events)
    });
    let all = stream::once(async move { first })
        .chain(steps)
        .chain(usage_chunk)
        .chain(stream::once(async { Event::default().data("[DONE]") }))
        .map(Ok::<_, Infallible>);
    Sse::new(all)
        .keep_alive(KeepAlive::default())
        .into_response()
}
