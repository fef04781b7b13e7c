//! Chat runs: started by a request, driven by the engine, every event numbered, persisted as it
//! happens and broadcast to whoever follows the run. A run belongs to its user and continues when
//! its client goes away.

pub mod budget;
pub mod convert;
mod follow;
pub mod metrics;
pub mod reply;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use warden_core::{Engine, EngineEvent, RunInput, RunOutcome};
use warden_llm::RequestHint;
use warden_protocol::chat::{ChatRequest, RunEvent, ServerEvent};
use warden_store::{NewMessage, NewTokenUsage, RunStatus, Store};

pub use convert::calls_json;
pub use follow::follow;

use crate::auth::Principal;
use crate::clock::now;
use crate::http::ApiError;

/// Longest message accepted.
pub const MAX_MESSAGE_CHARS: usize = 32_000;

/// Whom a run's tokens count against.
struct Accounting {
    user_id: String,
    api_key_id: Option<String>,
}

struct LiveRun {
    owner_id: String,
    cancel: CancellationToken,
    events: broadcast::Sender<ServerEvent>,
}

pub struct ChatService {
    store: Store,
    engine: Arc<Engine>,
    model_names: Vec<String>,
    host_facts: String,
    budgets: budget::Budgets,
    live: Mutex<HashMap<String, LiveRun>>,
    /// Cancelled when the server stops: live runs end as interrupted.
    shutdown: CancellationToken,
    tasks: TaskTracker,
}

/// A run just started, with a receiver subscribed before its first event.
pub struct StartedRun {
    pub run_id: String,
    pub conversation_id: String,
    pub events: broadcast::Receiver<ServerEvent>,
}

impl ChatService {
    pub fn new(
        store: Store,
        engine: Arc<Engine>,
        model_names: Vec<String>,
        host_facts: String,
    ) -> Self {
        Self {
            store,
            engine,
            model_names,
            host_facts,
            budgets: budget::Budgets::default(),
            live: Mutex::new(HashMap::new()),
            shutdown: CancellationToken::new(),
            tasks: TaskTracker::new(),
        }
    }

    /// Sets the daily token budgets runs are held to.
    pub fn with_budgets(mut self, budgets: budget::Budgets) -> Self {
        self.budgets = budgets;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn budgets(&self) -> &budget::Budgets {
        &self.budgets
    }

    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<String, LiveRun>> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub async fn start(
        self: &Arc<Self>,
        principal: &Principal,
        request: ChatRequest,
    ) -> Result<StartedRun, ApiError> {
        let message = request.message.trim().to_owned();
        if message.is_empty() || message.chars().count() > MAX_MESSAGE_CHARS {
            return Err(ApiError::validation(format!(
                "message must be 1 to {MAX_MESSAGE_CHARS} characters"
            )));
        }
        if let Some(model) = request.model.as_deref().filter(|m| *m != "auto")
            && !self.model_names.iter().any(|n| n == model)
        {
            return Err(ApiError::validation(if self.model_names.is_empty() {
                format!("unknown model '{model}': no model is configured")
            } else {
                format!(
                    "unknown model '{model}'; known: auto, {}",
                    self.model_names.join(", ")
                )
            }));
        }
        let owner = principal.user_id.clone();
        let now = now();
        // Past a budget nothing is stored or started: the answer says when it renews.
        let standing = self.budgets.standing(&self.store, principal, now).await?;
        let conversation = match &request.conversation_id {
            Some(id) => self
                .store
                .conversation(&owner, id)
                .await?
                .ok_or_else(|| ApiError::not_found("conversation"))?,
            None => {
                self.store
                    .create_conversation(&owner, &convert::title_of(&message), now)
                    .await?
            }
        };
        let history = convert::history(&self.store.messages(&conversation.id).await?);
        let run = self.store.create_run(&conversation.id, &owner, now).await?;
        // Stored before the run starts: a message received is never lost.
        self.store
            .append_message(
                &conversation.id,
                NewMessage {
                    role: "user".to_owned(),
                    content: message.clone(),
                    tool_calls: "[]".to_owned(),
                    tool_call_id: None,
                    tool_name: None,
                    run_id: Some(run.id.clone()),
                },
                now,
            )
            .await?;
        let (sender, receiver) = broadcast::channel(1024);
        let cancel = self.shutdown.child_token();
        self.live().insert(
            run.id.clone(),
            LiveRun {
                owner_id: owner.clone(),
                cancel: cancel.clone(),
                events: sender.clone(),
            },
        );
        let mut context = convert::tool_context(principal);
        context.run_id = Some(run.id.clone());
        let estimated_tokens = warden_core::engine::tokens::messages(&history)
            + warden_core::engine::tokens::text(&message);
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
            memories: Vec::new(),
            token_allowance: standing.remaining,
        };
        let accounting = Accounting {
            user_id: owner.clone(),
            api_key_id: principal.api_key_id.clone(),
        };
        let service = self.clone();
        let (run_id, conversation_id) = (run.id.clone(), conversation.id.clone());
        self.tasks.spawn(async move {
            service
                .drive(run_id, conversation_id, input, accounting, sender, cancel)
                .await
        });
        Ok(StartedRun {
            run_id: run.id,
            conversation_id: conversation.id,
            events: receiver,
        })
    }

    async fn drive(
        &self,
        run_id: String,
        conversation_id: String,
        input: RunInput,
        accounting: Accounting,
        sender: broadcast::Sender<ServerEvent>,
        cancel: CancellationToken,
    ) {
        let mut seq = 0u64;
        self.publish(
            &run_id,
            &mut seq,
            RunEvent::RunStarted {
                conversation_id: conversation_id.clone(),
            },
            &sender,
        )
        .await;
        let (engine_events, mut received) = mpsc::channel(256);
        let run = self.engine.run(input, engine_events, cancel);
        let forward = async {
            let mut model: Option<String> = None;
            let mut terminal: Option<RunEvent> = None;
            while let Some(event) = received.recv().await {
                if let EngineEvent::ModelChosen { model: chosen } = &event {
                    if let Err(e) = self.store.set_run_model(&run_id, chosen).await {
                        tracing::error!(run = %run_id, error = %e, "cannot record the run's model");
                    }
                    model = Some(chosen.clone());
                    continue;
                }
                if let EngineEvent::Usage {
                    model,
                    usage,
                    estimated,
                } = &event
                {
                    let row = NewTokenUsage {
                        run_id: Some(run_id.clone()),
                        user_id: Some(accounting.user_id.clone()),
                        api_key_id: accounting.api_key_id.clone(),
                        model: model.clone(),
                        prompt_tokens: usage.prompt_tokens,
                        completion_tokens: usage.completion_tokens,
                        estimated: *estimated,
                    };
                    if let Err(e) = self.store.record_tokens(&row, now()).await {
                        tracing::error!(run = %run_id, error = %e, "cannot record a model call's tokens");
                    }
                    continue;
                }
                let interrupted = self.shutdown.is_cancelled();
                if let Some(event) = convert::wire_event(event, model.clone(), interrupted) {
                    // The terminal event waits until the run's messages and status are stored:
                    // a client that reads the conversation on `complete` sees all of it.
                    if event.is_terminal() {
                        terminal = Some(event);
                    } else {
                        self.publish(&run_id, &mut seq, event, &sender).await;
                    }
                }
            }
            terminal
        };
        let (outcome, terminal): (RunOutcome, Option<RunEvent>) = tokio::join!(run, forward);
        let terminal = terminal.unwrap_or_else(|| RunEvent::Error {
            code: "internal".to_owned(),
            message: "the run ended without an outcome".to_owned(),
        });
        self.finish(&run_id, &conversation_id, outcome, Some(terminal.clone()))
            .await;
        self.publish(&run_id, &mut seq, terminal, &sender).await;
        self.live().remove(&run_id);
    }

    /// Numbers, stores and broadcasts one event. A storage failure is logged and the event still
    /// reaches live followers.
    async fn publish(
        &self,
        run_id: &str,
        seq: &mut u64,
        event: RunEvent,
        sender: &broadcast::Sender<ServerEvent>,
    ) {
        *seq += 1;
        let event = ServerEvent {
            run_id: run_id.to_owned(),
            seq: *seq,
            event,
        };
        match serde_json::to_string(&event) {
            Ok(json) => {
                if let Err(e) = self
                    .store
                    .append_run_event(run_id, *seq as i64, &json, now())
                    .await
                {
                    tracing::error!(run = %run_id, seq = *seq, error = %e, "cannot store a run event");
                }
            }
            Err(e) => tracing::error!(run = %run_id, error = %e, "cannot encode a run event"),
        }
        // No follower is fine: the run continues without its client.
        let _ = sender.send(event);
    }

    async fn finish(
        &self,
        run_id: &str,
        conversation_id: &str,
        outcome: RunOutcome,
        terminal: Option<RunEvent>,
    ) {
        let now = now();
        // The user's message is already stored; keep what the model and the tools said.
        for message in outcome.transcript.iter().skip(1) {
            if let Err(e) = self
                .store
                .append_message(
                    conversation_id,
                    convert::stored_message(message, run_id),
                    now,
                )
                .await
            {
                tracing::error!(run = %run_id, error = %e, "cannot store a run message");
            }
        }
        let (status, answer, code) = match &terminal {
            Some(RunEvent::Complete { answer, .. }) => {
                (RunStatus::Complete, Some(answer.as_str()), None)
            }
            Some(RunEvent::Cancelled {}) => (RunStatus::Cancelled, None, None),
            Some(RunEvent::Error { code, .. }) if code == "interrupted" => {
                (RunStatus::Interrupted, None, Some(code.as_str()))
            }
            Some(RunEvent::Error { code, .. }) => (RunStatus::Error, None, Some(code.as_str())),
            Some(
                RunEvent::RunStarted { .. }
                | RunEvent::Thinking { .. }
                | RunEvent::ToolCall { .. }
                | RunEvent::ToolResult { .. }
                | RunEvent::ApprovalRequired(_)
                | RunEvent::ApprovalResolved(_)
                | RunEvent::AnswerDelta { .. },
            )
            | None => (RunStatus::Error, None, Some("internal")),
        };
        if let Err(e) = self
            .store
            .finish_run(run_id, status, answer, code, now)
            .await
        {
            tracing::error!(run = %run_id, error = %e, "cannot record the end of a run");
        }
    }

    /// Cancels a live run of the caller's; a finished run is left as it is.
    pub async fn cancel(&self, owner_id: &str, run_id: &str) -> Result<String, ApiError> {
        let run = self
            .store
            .run(owner_id, run_id)
            .await?
            .ok_or_else(|| ApiError::not_found("run"))?;
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
    ) -> Result<(String, Vec<ServerEvent>), ApiError> {
        let run = self
            .store
            .run(owner_id, run_id)
            .await?
            .ok_or_else(|| ApiError::not_found("run"))?;
        let rows = self
            .store
            .run_events(run_id, i64::try_from(after_seq).unwrap_or(i64::MAX))
            .await?;
        let events = rows
            .iter()
            .filter_map(|(_, json)| serde_json::from_str(json).ok())
            .collect();
        Ok((run.status, events))
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

/// The chat service from configuration: the model catalogue, the guard as orchestrator, and the
/// engine's limits.
pub fn build(
    config: &crate::config::Config,
    store: Store,
    guard: Arc<warden_core::Guard>,
) -> ChatService {
    use std::time::Duration;

    use warden_core::Limits;
    use warden_llm::{
        CatalogModel, ModelClient, OllamaClient, OpenAiClient, RetryPolicy, Router, Tier, ToolStyle,
    };

    use crate::config::LlmApi;

    let timeout = Duration::from_secs(config.llm.call_timeout_secs);
    let models: Vec<CatalogModel> = config
        .llm
        .models
        .iter()
        .map(|m| {
            let client: Arc<dyn ModelClient> = match m.api {
                LlmApi::Ollama => Arc::new(OllamaClient::new(&m.url, timeout)),
                LlmApi::OpenAi => Arc::new(OpenAiClient::new(
                    &m.url,
                    m.api_key.as_ref().map(|k| k.expose().to_owned()),
                    timeout,
                )),
            };
            let tier = if m.heavy { Tier::Heavy } else { Tier::Fast };
            let tools = if m.native_tools {
                ToolStyle::Native
            } else {
                ToolStyle::Text
            };
            CatalogModel::new(&m.name, &m.model, tier, tools, client)
                .with_context_tokens(m.context_tokens)
        })
        .collect();
    let names = models.iter().map(|m| m.name.clone()).collect();
    let limits = Limits {
        max_iterations: config.llm.max_iterations,
        run_deadline: Duration::from_secs(config.llm.run_deadline_secs),
        ..Limits::default()
    };
    let engine = Engine::new(
        Arc::new(Router::new(models, RetryPolicy::default())),
        guard,
        limits,
    );
    ChatService::new(store, Arc::new(engine), names, host_facts())
        .with_budgets(budget::Budgets::from_config(&config.llm))
}

impl ChatService {
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

/// What the model is told about the host it works on.
fn host_facts() -> String {
    let hostname = std::fs::read_to_string("/etc/hostname")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                l.strip_prefix("PRETTY_NAME=")
                    .map(|v| v.trim_matches('"').to_owned())
            })
        })
        .unwrap_or_default();
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    format!(
        "hostname: {hostname}
os: {os}
cpus: {cpus}"
    )
}
