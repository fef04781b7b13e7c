//! The ReAct engine: the model reasons, calls tools through the orchestrator, observes, and
//! answers. Bounded on every side: iterations, a whole-run deadline, the history sent, the tool
//! output fed back; cancellable at any step; a call repeated over and over stops the run rather
//! than burning iterations (a check, an action, and the same check again is fine).

mod history;
mod prompt;
mod stuck;

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use warden_llm::text_protocol;
use warden_llm::{ChatMessage, ChatRequest, RequestHint, Router, StreamEvent, ToolCall, ToolStyle};
use warden_tool_api::{ToolContext, truncate_text};

use futures_util::future::BoxFuture;

use crate::orchestrator::{GuardNotice, Notices, Orchestrator, ToolOutcome};

/// Every limit of a run, configurable.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_iterations: u32,
    pub run_deadline: Duration,
    /// Characters of earlier conversation sent (about four characters a token).
    pub history_chars: usize,
    /// Characters of one tool's output fed back to the model.
    pub tool_output_chars: usize,
    /// How often one identical call may run in a run.
    pub max_identical_calls: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_iterations: 15,
            run_deadline: Duration::from_secs(600),
            history_chars: 48_000,
            tool_output_chars: 16_000,
            max_identical_calls: 3,
        }
    }
}

/// What a run reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// Which model answers (after routing and any fallback).
    ModelChosen {
        model: String,
    },
    /// The model's reasoning before it called tools.
    Thinking {
        text: String,
    },
    ToolCall {
        call_id: String,
        name: String,
        arguments: serde_json::Value,
        risk: String,
        route: String,
    },
    ToolResult {
        outcome: ToolOutcome,
    },
    /// A call waits for a human, or its approval was settled.
    Approval(GuardNotice),
    AnswerDelta {
        text: String,
    },
    Complete {
        answer: String,
        iterations: u32,
    },
    Error {
        code: String,
        message: String,
    },
    Cancelled,
}

pub struct RunInput {
    /// Earlier turns of the conversation.
    pub history: Vec<ChatMessage>,
    pub message: String,
    /// A catalogue name, `auto`, or None for `auto`.
    pub model: Option<String>,
    pub hint: RequestHint,
    pub context: ToolContext,
    /// Facts about the host for the system prompt.
    pub host_facts: String,
}

/// How a run ended, with the messages to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub answer: Option<String>,
    /// The turn's messages (the user's, the model's, tool results) for the conversation.
    pub transcript: Vec<ChatMessage>,
    pub iterations: u32,
}

pub struct Engine {
    router: Arc<Router>,
    orchestrator: Arc<dyn Orchestrator>,
    limits: Limits,
}

/// Why a run stopped early.
enum Stop {
    Error(String, String),
    Cancelled,
}

impl Engine {
    pub fn new(router: Arc<Router>, orchestrator: Arc<dyn Orchestrator>, limits: Limits) -> Self {
        Self {
            router,
            orchestrator,
            limits,
        }
    }

    /// Runs one turn, sending events as it goes. Ends with exactly one of `Complete`, `Error` or
    /// `Cancelled`. A closed event channel (the client left) does not stop the run.
    pub async fn run(
        &self,
        input: RunInput,
        events: mpsc::Sender<EngineEvent>,
        cancel: CancellationToken,
    ) -> RunOutcome {
        let mut transcript = vec![ChatMessage::user(input.message.clone())];
        let mut iterations = 0;
        let emit = |event: EngineEvent| {
            let events = events.clone();
            async move {
                let _ = events.send(event).await;
            }
        };
        let notice_events = events.clone();
        let notices = move |notice: GuardNotice| -> BoxFuture<'static, ()> {
            let events = notice_events.clone();
            Box::pin(async move {
                let _ = events.send(EngineEvent::Approval(notice)).await;
            })
        };
        let work = self.turns(
            &input,
            &mut transcript,
            &mut iterations,
            (&emit, &notices),
            &cancel,
        );
        let result = tokio::select! {
            result = tokio::time::timeout(self.limits.run_deadline, work) => result.unwrap_or_else(|_| {
                Err(Stop::Error("run_deadline".to_owned(), format!("the run took longer than its {} s deadline", self.limits.run_deadline.as_secs())))
            }),
            () = cancel.cancelled() => Err(Stop::Cancelled),
        };
        match result {
            Ok(answer) => {
                emit(EngineEvent::Complete {
                    answer: answer.clone(),
                    iterations,
                })
                .await;
                RunOutcome {
                    answer: Some(answer),
                    transcript,
                    iterations,
                }
            }
            Err(Stop::Cancelled) => {
                emit(EngineEvent::Cancelled).await;
                RunOutcome {
                    answer: None,
                    transcript,
                    iterations,
                }
            }
            Err(Stop::Error(code, message)) => {
                emit(EngineEvent::Error { code, message }).await;
                RunOutcome {
                    answer: None,
                    transcript,
                    iterations,
                }
            }
        }
    }

    async fn turns<F, Fut>(
        &self,
        input: &RunInput,
        transcript: &mut Vec<ChatMessage>,
        iterations: &mut u32,
        (emit, notices): (&F, &Notices),
        cancel: &CancellationToken,
    ) -> Result<String, Stop>
    where
        F: Fn(EngineEvent) -> Fut,
        Fut: Future<Output = ()>,
    {
        let offered = self.orchestrator.offered(&input.context);
        let chain = self
            .router
            .chain(input.model.as_deref(), input.hint)
            .map_err(|e| Stop::Error(e.code().to_owned(), e.to_string()))?;
        // Model calls, their retries and fallbacks all count against the run's deadline.
        let deadline = std::time::Instant::now() + self.limits.run_deadline;
        let mut repeats = stuck::Repeats::new(self.limits.max_identical_calls);
        let mut announced: Option<String> = None;
        loop {
            if *iterations >= self.limits.max_iterations {
                return Err(Stop::Error(
                    "max_iterations".to_owned(),
                    format!(
                        "no answer after {} model calls; the run was stopped",
                        self.limits.max_iterations
                    ),
                ));
            }
            *iterations += 1;
            // The style of the first model in the chain decides the prompt; a fallback model of
            // the other style still gets tools described in text, which both styles can read.
            let style = chain.first().map_or(ToolStyle::Native, |m| m.tools);
            let system = prompt::system(&input.host_facts, &offered, style);
            let mut messages = vec![ChatMessage::system(system)];
            messages.extend(history::within_budget(
                &input.history,
                transcript,
                self.limits.history_chars,
            ));
            let request = ChatRequest {
                model: String::new(),
                messages,
                tools: if style == ToolStyle::Native {
                    offered.clone()
                } else {
                    Vec::new()
                },
                temperature: Some(0.2),
                max_tokens: None,
            };
            let started = self
                .router
                .start_within(&chain, &request, Some(deadline))
                .await
                .map_err(|e| Stop::Error(e.code().to_owned(), e.to_string()))?;
            if announced.as_deref() != Some(started.model.name.as_str()) {
                announced = Some(started.model.name.clone());
                emit(EngineEvent::ModelChosen {
                    model: started.model.name.clone(),
                })
                .await;
            }
            let model_style = started.model.tools;
            let mut stream = started.events;
            let (mut text, mut calls) = (String::new(), Vec::<ToolCall>::new());
            while let Some(event) = stream.next().await {
                if cancel.is_cancelled() {
                    return Err(Stop::Cancelled);
                }
                match event.map_err(|e| Stop::Error(e.code().to_owned(), e.to_string()))? {
                    StreamEvent::TextDelta(delta) => text.push_str(&delta),
                    StreamEvent::ToolCall(call) => calls.push(call),
                    StreamEvent::Done { .. } => break,
                }
            }
            if calls.is_empty() && (model_style == ToolStyle::Text || style == ToolStyle::Text) {
                let parsed = text_protocol::parse(&text);
                if !parsed.calls.is_empty() {
                    calls = parsed.calls;
                    text = parsed.text;
                }
            }
            if calls.is_empty() {
                let answer = text.trim().to_owned();
                emit(EngineEvent::AnswerDelta {
                    text: answer.clone(),
                })
                .await;
                transcript.push(ChatMessage::assistant(answer.clone(), Vec::new()));
                return Ok(answer);
            }
            if !text.trim().is_empty() {
                emit(EngineEvent::Thinking {
                    text: text.trim().to_owned(),
                })
                .await;
            }
            transcript.push(ChatMessage::assistant(
                text.trim().to_owned(),
                calls.clone(),
            ));
            for call in &calls {
                if cancel.is_cancelled() {
                    return Err(Stop::Cancelled);
                }
                let decision = self.orchestrator.classify(call, &input.context);
                emit(EngineEvent::ToolCall {
                    call_id: call.id.clone(),
                    name: call.name.clone(),
                    arguments: call.arguments.clone(),
                    risk: decision.risk,
                    route: decision.route,
                })
                .await;
                if let Some(message) = repeats.record(call) {
                    return Err(Stop::Error("stuck".to_owned(), message));
                }
                let mut outcome = if call.arguments.is_string() {
                    ToolOutcome::error(
                        call,
                        "invalid_arguments",
                        format!(
                            "the arguments must be a JSON object, but this is text that is not JSON: {}; send {{\"argument\": value, ...}} matching the tool's schema",
                            call.arguments
                        ),
                    )
                } else {
                    self.orchestrator
                        .execute(call, &input.context, notices)
                        .await
                };
                let (cut, was_cut) =
                    truncate_text(outcome.output.clone(), self.limits.tool_output_chars);
                outcome.output = cut;
                outcome.truncated |= was_cut;
                emit(EngineEvent::ToolResult {
                    outcome: outcome.clone(),
                })
                .await;
                transcript.push(prompt::tool_result(call, &outcome, model_style));
            }
        }
    }
}
