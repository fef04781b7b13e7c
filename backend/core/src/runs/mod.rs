//! Chat runs: started by a request, driven by the engine, every event numbered, persisted as it
//! happens and broadcast to whoever follows the run. A run belongs to its user and continues when
//! its client goes away. Approval decisions from people ([`decide_approval`]) are here too, so
//! that every way in (REST, the WebSocket, the OpenAI-compatible endpoint, automation) only
//! adapts: it authenticates a [`Caller`] and turns a [`RunError`] into its own error shape.

pub mod budget;
mod caller;
pub mod convert;
mod decide;
mod ending;
mod error;
mod follow;
mod record;
pub mod reply;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use warden_llm::RequestHint;
use warden_protocol::chat::{ChatRequest, RunEvent, ServerEvent};
use warden_protocol::{RunErrorCode, RunStatus};
use warden_store::{NewTokenUsage, RunConversation, RunWrite, Store};

pub use caller::Caller;
pub use convert::calls_json;
pub use decide::{MAX_REASON_CHARS, check_reason, decide_approval};
pub use error::RunError;
pub use follow::follow;

use crate::{Engine, EngineEvent, RunInput, RunOutcome};
use warden_protocol::clock::Clock;

/// Longest message accepted.
pub const MAX_MESSAGE_CHARS: usize = 32_000;

/// Events a run's broadcast holds for followers that have not read them yet. The buffer is
/// allocated whole when the run starts (about 270 bytes a slot); a follower that falls further
/// behind reads what it missed from the store, so this bounds memory, not what is delivered.
const LIVE_EVENTS: usize = 128;

/// The most engine events a run takes from its channel to store in one commit.
const EVENT_BURST: usize = 32;

/// Whom a run answers to: whose tokens it spends, and whether its message may teach memories.
struct Accounting {
    user_id: String,
    api_key_id: Option<String>,
    /// The user's own words from a caller who may write memories (never a task's message).
    learn: bool,
}

struct LiveRun {
    owner_id: String,
    cancel: CancellationToken,
    events: broadcast::Sender<ServerEvent>,
}

/// What the chat does with memory: recall into every prompt, learn from what users state.
#[derive(Clone)]
pub struct RunMemory {
    pub memory: warden_memory::MemoryService,
    /// Memories recalled into each prompt (0: none).
    pub recall_limit: usize,
    /// The most characters they take in the prompt.
    pub prompt_chars: usize,
    /// Store facts and preferences stated in chat.
    pub learn: bool,
}

/// How long recall may take before a run goes on without memories.
const RECALL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Starts, drives, follows and cancels runs; shared (`Arc`) by every way in. Errors are
/// [`RunError`]s.
pub struct RunService {
    store: Store,
    engine: Arc<Engine>,
    /// The models, shared with the engine (conversation summaries use them too).
    router: Arc<warden_llm::Router>,
    memory: Option<RunMemory>,
    model_names: Vec<String>,
    host_facts: String,
    budgets: budget::Budgets,
    live: Mutex<HashMap<String, LiveRun>>,
    /// Endings of failed runs the database could not store yet.
    pending: ending::Pending,
    /// Cancelled when the server stops: live runs end as interrupted.
    shutdown: CancellationToken,
    tasks: TaskTracker,
    /// Stamps runs, events, endings and token usage, and judges the daily budgets' day.
    clock: Clock,
}

/// A run just started, with a receiver subscribed before its first event.
pub struct StartedRun {
    pub run_id: String,
    pub conversation_id: String,
    pub events: broadcast::Receiver<ServerEvent>,
}

impl RunService {
    /// A service over `store` whose runs `engine` drives; `model_names`: the catalogue a request
    /// may name a model from; `host_facts`: what the model is told about the host.
    pub fn new(
        store: Store,
        engine: Arc<Engine>,
        router: Arc<warden_llm::Router>,
        model_names: Vec<String>,
        host_facts: String,
    ) -> Self {
        Self {
            store,
            engine,
            router,
            memory: None,
            model_names,
            host_facts,
            budgets: budget::Budgets::default(),
            live: Mutex::new(HashMap::new()),
            pending: ending::Pending::default(),
            shutdown: CancellationToken::new(),
            tasks: TaskTracker::new(),
            clock: Clock::system(),
        }
    }

    /// Reads `clock` (the system's by default; the server hands it the one its guard reads).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Now in Unix seconds, by the service's clock.
    fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Sets the daily token budgets runs are held to.
    pub fn with_budgets(mut self, budgets: budget::Budgets) -> Self {
        self.budgets = budgets;
        self
    }

    /// The store runs are kept in.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The daily token budgets runs are held to.
    pub fn budgets(&self) -> &budget::Budgets {
        &self.budgets
    }

    /// Recalls memories into every run's prompt and learns from what users state.
    pub fn with_memory(mut self, memory: RunMemory) -> Self {
        self.memory = Some(memory);
        self
    }

    /// The models, for conversation summaries.
    pub fn router(&self) -> Arc<warden_llm::Router> {
        self.router.clone()
    }

    /// The memories relevant to the run's message, and what the message teaches (stored before
    /// the run starts, so a later run recalls it).
    async fn remember(&self, input: &mut RunInput, conversation_id: &str, learn: bool) {
        let Some(chat) = &self.memory else { return };
        let Some(owner) = input.context.user_id().map(str::to_owned) else {
            return;
        };
        if chat.recall_limit > 0 {
            let recalled = tokio::time::timeout(
                RECALL_TIMEOUT,
                chat.memory
                    .recall(Some(&owner), &input.message, chat.recall_limit),
            )
            .await;
            input.memories = match recalled {
                Ok(recall) => crate::RecalledMemories {
                    items: recall
                        .memories
                        .into_iter()
                        .map(|s| crate::RecalledMemory {
                            shared: s.memory.is_shared(),
                            id: s.memory.id,
                            kind: s.memory.kind,
                            content: s.memory.content,
                            score: s.score,
                        })
                        .collect(),
                    note: recall.note,
                    max_chars: chat.prompt_chars,
                },
                Err(_) => crate::RecalledMemories {
                    note: Some(format!(
                        "memory recall took longer than {} s; this request goes without memories",
                        RECALL_TIMEOUT.as_secs()
                    )),
                    ..crate::RecalledMemories::default()
                },
            };
        }
        if chat.learn && learn {
            let learned = chat
                .memory
                .learn_from_chat(&owner, &input.message, conversation_id)
                .await;
            if !learned.is_empty() {
                tracing::info!(conversation = %conversation_id, learned = learned.len(), "memories learned from chat");
            }
        }
    }

    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<String, LiveRun>> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts a run of the caller's for `request` (stored with its message before anything
    /// runs); errors: an empty or oversized message, an unknown model, a spent budget, a
    /// conversation not the caller's, a database failure.
    pub async fn start(
        self: &Arc<Self>,
        caller: &Caller,
        request: ChatRequest,
    ) -> Result<StartedRun, RunError> {
        self.start_run(caller, request, true).await
    }

    /// [`RunService::start`] for a scheduled or triggered task's prompt: nothing is learned from
    /// its message, which may carry a webhook's body (data anyone upstream could have written).
    pub async fn start_task(
        self: &Arc<Self>,
        caller: &Caller,
        request: ChatRequest,
    ) -> Result<StartedRun, RunError> {
        self.start_run(caller, request, false).await
    }

    /// Starts a run; `learn_from_message`: the user's own words, which may teach memories (only
    /// to a caller who may write them).
    async fn start_run(
        self: &Arc<Self>,
        caller: &Caller,
        request: ChatRequest,
        learn_from_message: bool,
    ) -> Result<StartedRun, RunError> {
        // Learning stores memories: it takes the `write` scope, as storing one does.
        let learn = learn_from_message && caller.scopes.allows(warden_protocol::Scope::Write);
        let message = request.message.trim().to_owned();
        if message.is_empty() || message.chars().count() > MAX_MESSAGE_CHARS {
            return Err(RunError::MessageLength);
        }
        warden_protocol::text::fields::CHAT_MESSAGE.check(&message)?;
        if let Some(model) = request.model.as_deref().filter(|m| *m != "auto")
            && !self.model_names.iter().any(|n| n == model)
        {
            return Err(RunError::UnknownModel {
                model: model.to_owned(),
                known: self.model_names.clone(),
            });
        }
        let owner = caller.user_id.clone();
        // Past a budget nothing is stored or started: the answer says when it renews.
        let standing = self
            .budgets
            .standing(&self.store, caller, self.now())
            .await?;
        let title = convert::title_of(&message);
        let (conversation, history) = match &request.conversation_id {
            Some(id) => {
                self.store
                    .conversation(&owner, id)
                    .await?
                    .ok_or(RunError::ConversationNotFound)?;
                let history = convert::history(&self.store.messages(id).await?);
                (RunConversation::Existing(id), history)
            }
            None => (RunConversation::New { title: &title }, Vec::new()),
        };
        // The run, the user's message and the run's first event are stored together before
        // anything starts: a message received is never lost, and no run exists without it.
        let run = self
            .store
            .begin_run(
                &owner,
                conversation,
                &message,
                |run_id, conversation_id| {
                    ending::event_json(&started_event(run_id, conversation_id))
                },
                self.now(),
            )
            .await?;
        let (sender, receiver) = broadcast::channel(LIVE_EVENTS);
        let cancel = self.shutdown.child_token();
        self.live().insert(
            run.id.clone(),
            LiveRun {
                owner_id: owner.clone(),
                cancel: cancel.clone(),
                events: sender.clone(),
            },
        );
        let mut context = caller.tool_context();
        context.run_id = Some(run.id.clone());
        let estimated_tokens =
            crate::engine::tokens::messages(&history) + crate::engine::tokens::text(&message);
        let input = RunInput {
            history,
            message,
            model: request.model.clone(),
            hint: RequestHint {
                estimated_tokens,
                repair: false,
                economy: standing.economy,
            },
            context,
            host_facts: self.host_facts.clone(),
            memories: crate::RecalledMemories::default(),
            token_allowance: standing.remaining,
        };
        let accounting = Accounting {
            user_id: owner.clone(),
            api_key_id: caller.api_key_id.clone(),
            learn,
        };
        let service = self.clone();
        let (run_id, conversation_id) = (run.id.clone(), run.conversation_id.clone());
        self.tasks.spawn(async move {
            service
                .drive(run_id, conversation_id, input, accounting, sender, cancel)
                .await
        });
        Ok(StartedRun {
            run_id: run.id,
            conversation_id: run.conversation_id,
            events: receiver,
        })
    }

    async fn drive(
        self: Arc<Self>,
        run_id: String,
        conversation_id: String,
        mut input: RunInput,
        accounting: Accounting,
        sender: broadcast::Sender<ServerEvent>,
        cancel: CancellationToken,
    ) {
        // `run_started` was stored with the run; followers that joined from the store have it.
        let mut seq = 1u64;
        let _ = sender.send(started_event(&run_id, &conversation_id));
        // Recalled before the engine starts (bounded by RECALL_TIMEOUT); what the message teaches
        // is stored first, so a later run recalls it.
        self.remember(&mut input, &conversation_id, accounting.learn)
            .await;
        // Stops the engine when an event cannot be stored: nothing it does after that could be
        // kept, so it must not be shown either.
        let engine_cancel = cancel.child_token();
        let (engine_events, mut received) = mpsc::channel(256);
        let run = self.engine.run(input, engine_events, engine_cancel.clone());
        let forward = async {
            let mut model: Option<String> = None;
            let mut terminal: Option<RunEvent> = None;
            let mut storage_failed: Option<RunEvent> = None;
            // The model chosen and the tokens of model calls are not shown to anyone: they wait
            // for the next event and are stored with it (one commit instead of three).
            let mut unsent: Vec<RunWrite> = Vec::new();
            let mut burst = Vec::with_capacity(EVENT_BURST);
            // Whatever the engine produced while the last write was committing is stored
            // together; nothing waits for more.
            while received.recv_many(&mut burst, EVENT_BURST).await > 0 {
                if storage_failed.is_some() {
                    burst.clear();
                    continue;
                }
                let mut writes = std::mem::take(&mut unsent);
                let mut numbered = Vec::new();
                for event in burst.drain(..) {
                    if let EngineEvent::ModelChosen { model: chosen } = event {
                        writes.push(RunWrite::Model(chosen.clone()));
                        model = Some(chosen);
                        continue;
                    }
                    if let EngineEvent::Usage {
                        model,
                        usage,
                        estimated,
                    } = event
                    {
                        writes.push(RunWrite::Tokens(NewTokenUsage {
                            run_id: Some(run_id.clone()),
                            user_id: Some(accounting.user_id.clone()),
                            api_key_id: accounting.api_key_id.clone(),
                            model,
                            prompt_tokens: usage.prompt_tokens,
                            completion_tokens: usage.completion_tokens,
                            estimated,
                        }));
                        continue;
                    }
                    let interrupted = self.shutdown.is_cancelled();
                    let Some(event) = convert::wire_event(event, model.clone(), interrupted) else {
                        continue;
                    };
                    // The terminal event waits until the run's messages and status are stored:
                    // a client that reads the conversation on `complete` sees all of it.
                    if event.is_terminal() {
                        terminal = Some(event);
                        continue;
                    }
                    let event = ServerEvent {
                        run_id: run_id.clone(),
                        seq: seq + numbered.len() as u64 + 1,
                        event,
                    };
                    writes.push(RunWrite::Event {
                        seq: event.seq as i64,
                        event: ending::event_json(&event),
                    });
                    numbered.push(event);
                }
                if numbered.is_empty() {
                    unsent = writes;
                    continue;
                }
                // Store first, then send: an event that cannot be stored is not sent, and the
                // run stops, reported failed.
                let stored = self.record(&run_id, writes).await;
                let sent = numbered.len().min(stored.events);
                for event in numbered.into_iter().take(sent) {
                    // No follower is fine: the run continues without its client.
                    let _ = sender.send(event);
                }
                seq += sent as u64;
                if let Some(e) = stored.event_failure {
                    tracing::error!(run = %run_id, seq = seq + 1, error = %e, "cannot store a run event; stopping the run");
                    storage_failed = Some(ending::storage_failure(&e));
                    engine_cancel.cancel();
                }
            }
            if !unsent.is_empty() {
                self.record(&run_id, unsent).await;
            }
            storage_failed.or(terminal)
        };
        let (outcome, terminal): (RunOutcome, Option<RunEvent>) = tokio::join!(run, forward);
        let terminal = ServerEvent {
            run_id: run_id.clone(),
            seq: seq + 1,
            event: terminal.unwrap_or_else(|| RunEvent::Error {
                code: RunErrorCode::Internal,
                message: "the run ended without an outcome".to_owned(),
            }),
        };
        let terminal = self
            .end(&run_id, &conversation_id, &outcome.transcript, terminal)
            .await;
        let _ = sender.send(terminal);
        self.live().remove(&run_id);
    }

    /// Cancels a live run of the caller's; a finished run is left as it is.
    pub async fn cancel(&self, owner_id: &str, run_id: &str) -> Result<RunStatus, RunError> {
        let run = self
            .store
            .run(owner_id, run_id)
            .await?
            .ok_or(RunError::RunNotFound)?;
        if let Some(live) = self.live().get(run_id).filter(|l| l.owner_id == owner_id) {
            live.cancel.cancel();
        }
        Ok(run.status)
    }

    /// A live run's broadcast, for followers that join late (subscribe after replaying the store).
    pub fn subscribe(
        &self,
        owner_id: &str,
        run_id: &str,
    ) -> Option<broadcast::Receiver<ServerEvent>> {
        self.live()
            .get(run_id)
            .filter(|l| l.owner_id == owner_id)
            .map(|l| l.events.subscribe())
    }

    /// Stored events of the caller's run after `after_seq`, and the run's status.
    pub async fn events_after(
        &self,
        owner_id: &str,
        run_id: &str,
        after_seq: u64,
    ) -> Result<(RunStatus, Vec<ServerEvent>), RunError> {
        let run = self
            .store
            .run(owner_id, run_id)
            .await?
            .ok_or(RunError::RunNotFound)?;
        let rows = self
            .store
            .run_events(run_id, i64::try_from(after_seq).unwrap_or(i64::MAX))
            .await?;
        let mut events = stored_events(run_id, &rows);
        // A failed run whose ending the database could not store yet: its followers were sent
        // this terminal event, and so is every replay.
        if let Some(terminal) = self.pending.terminal(run_id)
            && terminal.seq > after_seq
        {
            events.push(terminal);
            return Ok((RunStatus::Error, events));
        }
        Ok((run.status, events))
    }

    /// The terminal event of a failed run whose ending the database could not store yet, if
    /// this run is one.
    pub(crate) fn unsettled_terminal(&self, run_id: &str) -> Option<ServerEvent> {
        self.pending.terminal(run_id)
    }

    /// Ends every live run as interrupted and waits for their records to be written.
    pub async fn shutdown(&self) {
        self.shutdown.cancel();
        self.tasks.close();
        if tokio::time::timeout(std::time::Duration::from_secs(10), self.tasks.wait())
            .await
            .is_err()
        {
            tracing::warn!(
                "runs did not finish within 10 s of shutdown; start-up will mark them interrupted"
            );
        }
    }
}

/// A run's first event.
fn started_event(run_id: &str, conversation_id: &str) -> ServerEvent {
    ServerEvent {
        run_id: run_id.to_owned(),
        seq: 1,
        event: RunEvent::RunStarted {
            conversation_id: conversation_id.to_owned(),
        },
    }
}

/// The terminal event start-up appends to a run a stopped (or killed) server left running.
pub fn interrupted_event(run_id: &str, seq: i64) -> String {
    ending::event_json(&ServerEvent {
        run_id: run_id.to_owned(),
        seq: u64::try_from(seq).unwrap_or(0),
        event: RunEvent::Error {
            code: RunErrorCode::Interrupted,
            message: "the server stopped during this run".to_owned(),
        },
    })
}

impl RunService {
    /// The engine, shared with the monitor's repair model (one catalogue, one set of breakers).
    pub fn engine(&self) -> Arc<Engine> {
        self.engine.clone()
    }

    /// The catalogue's model names.
    pub fn model_names(&self) -> &[String] {
        &self.model_names
    }

    /// Whether any model is configured.
    pub fn has_models(&self) -> bool {
        !self.model_names.is_empty()
    }
}

/// A run's stored events as the wire carries them. One this build cannot read (written by a
/// newer build, or damaged) is left out of the replay and logged with its number, never guessed.
pub(crate) fn stored_events(run_id: &str, rows: &[(i64, String)]) -> Vec<ServerEvent> {
    rows.iter()
        .filter_map(|(seq, json)| match serde_json::from_str(json) {
            Ok(event) => Some(event),
            Err(e) => {
                tracing::warn!(run_id, seq, error = %e, "a stored run event cannot be read; left out of the replay");
                None
            }
        })
        .collect()
}
