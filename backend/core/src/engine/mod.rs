//! The ReAct engine: the model reasons, calls tools through the orchestrator, observes, and
//! answers. Bounded on every side: iterations, a whole-run deadline, a prompt built to fit the
//! model's context window, the tool output fed back; cancellable at any step; a call repeated over
//! and over stops the run rather than burning iterations (a check, an action, and the same check
//! again is fine). However a run ends, what it opened is closed: every call in the conversation
//! gets its result, every `tool_call` event its `tool_result`, and approvals the run still waits
//! on are withdrawn.

mod budget;
mod closing;
mod history;
mod known_names;
mod memories;
mod prompt;
mod reader;
pub mod select;
mod stuck;
pub mod tokens;

pub use memories::{RecalledMemories, RecalledMemory};

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;
use warden_llm::{ChatMessage, RequestHint, Role, Router, ToolCall, Usage};
use warden_protocol::{RunErrorCode, ToolErrorCode};
use warden_tool_api::{ToolContext, truncate_text};

pub use budget::{Built, Parts, build};
pub use history::paired;

use crate::orchestrator::{GuardNotice, Notices, Orchestrator, ToolOutcome};

/// How often a run asks whether its caller still stands: a revoked key's run ends within this.
const STANDING_EVERY: Duration = Duration::from_secs(1);

/// Every limit of a run, configurable.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_iterations: u32,
    pub run_deadline: Duration,
    /// Characters of one tool's output fed back to the model (the prompt budget may cut more).
    pub tool_output_chars: usize,
    /// How often one identical call may run in a run.
    pub max_identical_calls: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_iterations: 15,
            run_deadline: Duration::from_secs(600),
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
    /// The memories put into the prompt (data, not instructions), and why recall could not do
    /// its best when it could not. Sent once, when the first model call has started and before
    /// anything it says; nothing recalled and no note: not sent.
    MemoriesRecalled {
        memories: Vec<RecalledMemory>,
        note: Option<String>,
    },
    /// The model's reasoning before it called tools: what was streamed of this step as answer
    /// text was reasoning after all.
    Thinking {
        text: String,
    },
    ToolCall {
        call_id: String,
        name: String,
        arguments: serde_json::Value,
        risk: warden_protocol::Risk,
        route: warden_protocol::Route,
    },
    ToolResult {
        outcome: ToolOutcome,
    },
    /// A call waits for a human, or its approval was settled (or withdrawn when the run ended).
    Approval(GuardNotice),
    /// A piece of the answer, as the model writes it.
    AnswerDelta {
        text: String,
    },
    /// Tokens one model call used: the backend's count, or an estimate when it gives none.
    Usage {
        model: String,
        usage: Usage,
        estimated: bool,
    },
    Complete {
        answer: String,
        iterations: u32,
    },
    Error {
        code: RunErrorCode,
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
    /// Who runs the tools. Its `run_id` binds approvals to this run; the engine makes one up when
    /// the caller has none.
    pub context: ToolContext,
    /// Facts about the host for the system prompt.
    pub host_facts: String,
    /// Memories recalled for this request, quoted in the system prompt within their bound.
    pub memories: RecalledMemories,
    /// Tokens this run may use before it stops with `token_budget_exceeded` (the caller's daily
    /// budget left); None: no limit.
    pub token_allowance: Option<u64>,
}

/// How a run ended, with the messages to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub answer: Option<String>,
    /// The turn's messages (the user's, the model's, tool results) for the conversation; every
    /// call in it has its result.
    pub transcript: Vec<ChatMessage>,
    pub iterations: u32,
    /// Tokens the run's model calls used.
    pub usage: Usage,
}

pub struct Engine {
    router: Arc<Router>,
    orchestrator: Arc<dyn Orchestrator>,
    limits: Limits,
    /// Tokens used per model since start, chat and monitor alike (for metrics).
    meter: Mutex<std::collections::BTreeMap<String, ModelTotals>>,
    /// The reader's view of each offered tool list, made once per list.
    known_names: known_names::KnownNames,
}

/// What one model has used since start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModelTotals {
    pub calls: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Calls whose usage the backend did not report (estimated instead).
    pub estimated_calls: u64,
}

/// Why a run stopped early.
pub(crate) enum Stop {
    Error(RunErrorCode, String),
    Cancelled,
}

/// What a run has opened and used so far; read again after the run's future is dropped.
#[derive(Default)]
struct RunState {
    transcript: Vec<ChatMessage>,
    iterations: u32,
    usage: Usage,
    /// `tool_call` events not yet answered by a `tool_result`.
    announced: Vec<(String, String)>,
}

impl Engine {
    pub fn new(router: Arc<Router>, orchestrator: Arc<dyn Orchestrator>, limits: Limits) -> Self {
        Self {
            router,
            orchestrator,
            limits,
            meter: Mutex::default(),
            known_names: known_names::KnownNames::default(),
        }
    }

    /// Tokens used per model since start.
    pub fn token_totals(&self) -> Vec<(String, ModelTotals)> {
        self.meter
            .lock()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), *v)).collect())
            .unwrap_or_default()
    }

    /// The router, for the models' windows and circuits.
    pub fn router(&self) -> &Router {
        &self.router
    }

    /// Runs one turn, sending events as it goes. Ends with exactly one of `Complete`, `Error` or
    /// `Cancelled`. A closed event channel (the client left) does not stop the run.
    #[tracing::instrument(name = "run", skip_all, fields(run_id = tracing::field::Empty))]
    pub async fn run(
        &self,
        mut input: RunInput,
        events: mpsc::Sender<EngineEvent>,
        cancel: CancellationToken,
    ) -> RunOutcome {
        if input.context.run_id.is_none() {
            input.context.run_id = Some(format!("run-{}", uuid::Uuid::new_v4()));
        }
        tracing::Span::current().record("run_id", input.context.run_id.as_deref());
        let mut state = RunState {
            transcript: vec![ChatMessage::user(input.message.clone())],
            ..RunState::default()
        };
        let emit = |event: EngineEvent| {
            let events = events.clone();
            async move {
                let _ = events.send(event).await;
            }
        };
        // Approvals asked for and not yet settled, so the run's end can report their withdrawal.
        let waiting: Arc<Mutex<HashSet<String>>> = Arc::default();
        let notice_events = events.clone();
        let notice_waiting = waiting.clone();
        let notices = move |notice: GuardNotice| -> BoxFuture<'static, ()> {
            if let Ok(mut waiting) = notice_waiting.lock() {
                match &notice {
                    GuardNotice::ApprovalRequired(required) => {
                        waiting.insert(required.approval_id.clone());
                    }
                    GuardNotice::ApprovalResolved(resolved) => {
                        waiting.remove(&resolved.approval_id);
                    }
                }
            }
            let events = notice_events.clone();
            Box::pin(async move {
                let _ = events.send(EngineEvent::Approval(notice)).await;
            })
        };
        let work = self.turns(&input, &mut state, (&emit, &notices), &cancel);
        let result = tokio::select! {
            result = tokio::time::timeout(self.limits.run_deadline, work) => result.unwrap_or_else(|_| {
                Err(Stop::Error(RunErrorCode::RunDeadline, format!("the run took longer than its {} s deadline", self.limits.run_deadline.as_secs())))
            }),
            () = cancel.cancelled() => Err(Stop::Cancelled),
            (code, message) = self.until_caller_ended(&input.context) => Err(Stop::Error(code, message)),
        };
        let answer = match result {
            Ok(answer) => Some(answer),
            Err(stop) => {
                let (code, message) = match &stop {
                    Stop::Cancelled => {
                        (ToolErrorCode::Cancelled, "the run was cancelled".to_owned())
                    }
                    Stop::Error(code, message) => (ToolErrorCode::from(*code), message.clone()),
                };
                let waited: HashSet<String> = waiting.lock().map(|w| w.clone()).unwrap_or_default();
                closing::close(
                    self.orchestrator.as_ref(),
                    &input.context,
                    &mut state.transcript,
                    std::mem::take(&mut state.announced),
                    &waited,
                    code,
                    &emit,
                )
                .await;
                match stop {
                    Stop::Cancelled => emit(EngineEvent::Cancelled).await,
                    Stop::Error(code, _) => emit(EngineEvent::Error { code, message }).await,
                }
                None
            }
        };
        if let Some(answer) = &answer {
            emit(EngineEvent::Complete {
                answer: answer.clone(),
                iterations: state.iterations,
            })
            .await;
        }
        RunOutcome {
            answer,
            transcript: state.transcript,
            iterations: state.iterations,
            usage: state.usage,
        }
    }

    /// Resolves once the run's caller no longer stands (a key revoked or expired, a user
    /// disabled), looking every [`STANDING_EVERY`]: the run then ends wherever it is (the model
    /// writing, a tool running), not only before its next tool call.
    ///
    /// The first look is one interval in: the caller was authenticated just before the run
    /// started, and most runs end sooner, so a run does not pay a store round trip for it.
    async fn until_caller_ended(&self, context: &ToolContext) -> (RunErrorCode, String) {
        loop {
            tokio::time::sleep(STANDING_EVERY).await;
            if let Some(ended) = self.orchestrator.caller_ended(context).await {
                return ended;
            }
        }
    }

    async fn turns<F, Fut>(
        &self,
        input: &RunInput,
        state: &mut RunState,
        (emit, notices): (&F, &Notices),
        cancel: &CancellationToken,
    ) -> Result<String, Stop>
    where
        F: Fn(EngineEvent) -> Fut,
        Fut: Future<Output = ()>,
    {
        let tools = self.orchestrator.offered(&input.context);
        // With the tools' schemas: a value written as markup keeps its text where the schema
        // types the argument as text. Made once per offered list, not per run.
        let known = self.known_names.of(&tools);
        let chain = self
            .router
            .chain(input.model.as_deref(), input.hint)
            .map_err(|e| Stop::Error(e.code(), e.to_string()))?;
        // Model calls, their retries and fallbacks all count against the run's deadline.
        let deadline = std::time::Instant::now() + self.limits.run_deadline;
        let history = paired(&input.history);
        let request_text = request_text(&history, &input.message);
        let used = used_tools(&history);
        let ranking = select::Ranking::new(&tools, &request_text, &used);
        let mut repeats = stuck::Repeats::new(self.limits.max_identical_calls);
        let mut announced_model: Option<String> = None;
        let mut ids: HashSet<String> = history
            .iter()
            .flat_map(|m| m.tool_calls.iter().map(|c| c.id.clone()))
            .collect();
        // The recalled memories as the prompt quotes them; the budget decides how many fit, and
        // the first model call's prompt says which were used.
        let (memory_lines, memory_items): (Vec<String>, Vec<RecalledMemory>) =
            input.memories.quoted().into_iter().unzip();
        let memories_in_prompt = AtomicUsize::new(0);
        let mut memories_reported = false;
        loop {
            if state.iterations >= self.limits.max_iterations {
                return Err(Stop::Error(
                    RunErrorCode::MaxIterations,
                    format!(
                        "no answer after {} model calls; the run was stopped",
                        self.limits.max_iterations
                    ),
                ));
            }
            if let Some(allowance) = input.token_allowance {
                let spent = state.usage.prompt_tokens + state.usage.completion_tokens;
                if spent >= allowance {
                    return Err(Stop::Error(
                        RunErrorCode::TokenBudgetExceeded,
                        format!(
                            "the daily token budget is spent ({spent} tokens in this run); the run was stopped"
                        ),
                    ));
                }
            }
            state.iterations += 1;
            // One model call and the tool calls it asked for; the guard's spans nest inside.
            let step = tracing::info_span!(
                "engine_step",
                run_id = input.context.run_id.as_deref(),
                step = state.iterations
            );
            let called = called_tools(&state.transcript);
            let parts = Parts {
                host_facts: &input.host_facts,
                memories: &memory_lines,
                history: &history,
                transcript: &state.transcript,
                ranking: &ranking,
                called: &called,
                temperature: Some(0.2),
            };
            let build = |_: &warden_llm::CatalogModel, fit| {
                budget::build(&parts, fit).map(|built| {
                    memories_in_prompt.store(built.memories, Ordering::Relaxed);
                    tracing::debug!(
                        prompt_tokens = built.prompt_tokens,
                        tool_tokens = built.tool_tokens,
                        offered = ?built.offered,
                        "prompt built"
                    );
                    built.request
                })
            };
            let started = self
                .router
                .start_within(&chain, &build, Some(deadline))
                .instrument(step.clone())
                .await
                .map_err(|e| Stop::Error(e.code(), e.to_string()))?;
            if !memories_reported {
                memories_reported = true;
                let used = memories_in_prompt.load(Ordering::Relaxed);
                let memories: Vec<RecalledMemory> =
                    memory_items.iter().take(used).cloned().collect();
                if !memories.is_empty() || input.memories.note.is_some() {
                    emit(EngineEvent::MemoriesRecalled {
                        memories,
                        note: input.memories.note.clone(),
                    })
                    .await;
                }
            }
            if announced_model.as_deref() != Some(started.model.name.as_str()) {
                announced_model = Some(started.model.name.clone());
                emit(EngineEvent::ModelChosen {
                    model: started.model.name.clone(),
                })
                .await;
            }
            let model_name = started.model.name.clone();
            let prompt_estimate =
                tokens::messages(&started.request.messages) + tokens::tools(&started.request.tools);
            let turn = reader::read(started.events, started.fit.style, &known, emit, cancel)
                .instrument(step.clone())
                .await;
            let turn = match turn {
                Ok(turn) => turn,
                Err(stop) => return Err(stop),
            };
            let (usage, estimated) = match turn.usage {
                Some(usage) => {
                    started
                        .model
                        .calibrate(prompt_estimate, usage.prompt_tokens);
                    (usage, false)
                }
                None => (
                    Usage {
                        prompt_tokens: u64::from(prompt_estimate),
                        completion_tokens: (turn.output_chars as u64).div_ceil(3),
                    },
                    true,
                ),
            };
            state.usage.prompt_tokens += usage.prompt_tokens;
            state.usage.completion_tokens += usage.completion_tokens;
            if let Ok(mut meter) = self.meter.lock() {
                let totals = meter.entry(model_name.clone()).or_default();
                totals.calls += 1;
                totals.prompt_tokens += usage.prompt_tokens;
                totals.completion_tokens += usage.completion_tokens;
                totals.estimated_calls += u64::from(estimated);
            }
            if let Some(metrics) = self.router.metrics() {
                metrics.model_tokens(&model_name, usage.prompt_tokens, usage.completion_tokens);
                if estimated {
                    metrics.model_estimated_call(&model_name);
                }
            }
            emit(EngineEvent::Usage {
                model: model_name,
                usage,
                estimated,
            })
            .await;
            if turn.calls.is_empty() {
                if turn.text.is_empty() {
                    return Err(Stop::Error(
                        RunErrorCode::LlmEmptyAnswer,
                        "the model ended its turn with neither an answer nor a usable tool call"
                            .to_owned(),
                    ));
                }
                state
                    .transcript
                    .push(ChatMessage::assistant(turn.text.clone(), Vec::new()));
                return Ok(turn.text);
            }
            if !turn.text.is_empty() {
                emit(EngineEvent::Thinking {
                    text: turn.text.clone(),
                })
                .await;
            }
            let mut calls = turn.calls;
            own_ids(&mut calls, &mut ids);
            state
                .transcript
                .push(ChatMessage::assistant(turn.text.clone(), calls.clone()));
            for call in &calls {
                if cancel.is_cancelled() {
                    return Err(Stop::Cancelled);
                }
                let decision = step.in_scope(|| self.orchestrator.classify(call, &input.context));
                state.announced.push((call.id.clone(), call.name.clone()));
                emit(EngineEvent::ToolCall {
                    call_id: call.id.clone(),
                    name: call.name.clone(),
                    arguments: call.arguments.clone(),
                    risk: decision.risk,
                    route: decision.route,
                })
                .await;
                // Announced, then stopped: the closing result says why it did not run.
                if let Some(message) = repeats.record(call) {
                    return Err(Stop::Error(RunErrorCode::Stuck, message));
                }
                let mut outcome = if let Some(text) = call.arguments.as_str() {
                    // A key given twice with different values is JSON all the same: the
                    // correction names the key, not the text's form.
                    let why = warden_llm::duplicate_keys::correction(text).unwrap_or_else(|| {
                        format!(
                            "the arguments must be a JSON object, but this is text that is not JSON: {}; send {{\"argument\": value, ...}} matching the tool's schema",
                            call.arguments
                        )
                    });
                    ToolOutcome::error(call, ToolErrorCode::InvalidArguments, why)
                } else if let Some(why) = known.argument_mismatch(&call.name, &call.arguments) {
                    // A value of another type than the schema's that no reading settles
                    // (`"tail": "fifty"`, an object for a text): named, before the tool's own
                    // parser answers with a generic error.
                    ToolOutcome::error(call, ToolErrorCode::InvalidArguments, why)
                } else {
                    self.orchestrator
                        .execute(call, &input.context, &decision, notices)
                        .instrument(step.clone())
                        .await
                };
                let (cut, was_cut) =
                    truncate_text(outcome.output.clone(), self.limits.tool_output_chars);
                outcome.output = cut;
                outcome.truncated |= was_cut;
                state.transcript.push(prompt::tool_result(call, &outcome));
                state.announced.retain(|(id, _)| *id != call.id);
                // The credential the run acts for ended (a key revoked, a user disabled): the
                // run ends with it, whatever the model would try next.
                let ended = (outcome.error_code == Some(ToolErrorCode::SessionEnded))
                    .then(|| outcome.output.clone());
                emit(EngineEvent::ToolResult { outcome }).await;
                if let Some(message) = ended {
                    return Err(Stop::Error(RunErrorCode::SessionEnded, message));
                }
            }
        }
    }
}

/// Gives each call an id no other call of the conversation has: backends send empty ids, reuse
/// `call_0` every turn, or number each answer from zero.
fn own_ids(calls: &mut [ToolCall], ids: &mut HashSet<String>) {
    for call in calls {
        if call.id.trim().is_empty() || call.id.len() > 64 || !ids.insert(call.id.clone()) {
            call.id = warden_llm::calls::fresh_id();
            ids.insert(call.id.clone());
        }
    }
}

/// What the tools are chosen by: this message and the operator's two before it.
fn request_text(history: &[ChatMessage], message: &str) -> String {
    let mut recent: Vec<&str> = history
        .iter()
        .rev()
        .filter(|m| m.role == Role::User)
        .take(2)
        .map(|m| m.content.as_str())
        .collect();
    recent.reverse();
    recent.push(message);
    recent.join("\n")
}

/// Tools called in the conversation's last turns.
fn used_tools(history: &[ChatMessage]) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    for message in history.iter().rev().take(20) {
        for call in &message.tool_calls {
            if !used.contains(&call.name) {
                used.push(call.name.clone());
            }
        }
    }
    used
}

/// Tools the model called in this run.
fn called_tools(transcript: &[ChatMessage]) -> Vec<String> {
    let mut called: Vec<String> = Vec::new();
    for call in transcript.iter().flat_map(|m| m.tool_calls.iter()) {
        if !called.contains(&call.name) {
            called.push(call.name.clone());
        }
    }
    called
}
