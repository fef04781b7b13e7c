//! The edge agent's loop: connect out, register with the host's facts, send heartbeats and
//! readings, and take calls from the agent's durable JetStream consumer. Each call is claimed in
//! the [`Ledger`] before it runs (at most once), checked by the agent's own [`CallRunner`] (its
//! local policy: a forged or compromised hub's call is judged again here), and answered on the
//! call's own result subject. The agent listens on nothing.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::Client;
use async_nats::jetstream::consumer::{AckPolicy, DeliverPolicy, PullConsumer, pull};
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::{self, AckKind, Message};
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use serde_json::Value;

use crate::connect::{ConnectSettings, connect_reporting};
use crate::ledger::{Ledger, now};
use crate::messages::{
    CallErrorCode, CallRequest, CallResult, Heartbeat, MAX_OUTPUT_BYTES, Readings, Registration,
    VERSION, decode, encode, truncate,
};
use crate::subjects::{AgentName, CALLS_STREAM, CallId};
use crate::{FleetError, facts, streams};

/// How long a delivered call may be unacknowledged before JetStream offers it again. The agent
/// acknowledges right after claiming it, so this only matters for a delivery lost with a dead
/// connection (an agent killed while a pull was open): it comes back this much later.
const ACK_WAIT: Duration = Duration::from_secs(10);
/// How long one pull waits for calls before asking again.
const FETCH_EXPIRES: Duration = Duration::from_secs(5);
/// Calls fetched at once (run one after another).
const FETCH_BATCH: usize = 8;
/// The longest a call may run on the agent before its result says it timed out.
pub const MAX_CALL_RUNTIME: Duration = Duration::from_secs(15 * 60);
/// Attempts at storing a result before giving up (the hub then times out waiting).
const RESULT_ATTEMPTS: u32 = 5;
/// The pause between attempts at reaching NATS or the calls stream.
const RETRY_DELAY: Duration = Duration::from_secs(2);

/// What the agent's own check and run of a call came to.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub ok: bool,
    pub output: String,
    pub data: Value,
    pub truncated: bool,
    /// Why it did not run or how it failed: None when `ok`.
    pub error_code: Option<CallErrorCode>,
}

impl RunOutcome {
    /// A call that did not run, with the reason the caller reads.
    pub fn refused(reason: impl Into<String>) -> Self {
        Self {
            ok: false,
            output: reason.into(),
            data: Value::Null,
            truncated: false,
            error_code: Some(CallErrorCode::Refused),
        }
    }
}

/// Checks a call against the agent's own policy and, if it allows it, runs it. Implemented by
/// the `warden agent` command with the same guard and policy files as the hub.
pub trait CallRunner: Send + Sync {
    fn run<'a>(&'a self, call: &'a CallRequest) -> BoxFuture<'a, RunOutcome>;
}

/// How an agent is set up.
#[derive(Debug, Clone)]
pub struct AgentSettings {
    pub name: AgentName,
    /// Where to connect; the inbox prefix is set from the name.
    pub connect: ConnectSettings,
    /// The agent's own state (the ledger of calls taken).
    pub data_dir: PathBuf,
    pub heartbeat_interval: Duration,
    pub readings_interval: Duration,
    /// How often the registration is sent again (a hub that started later learns the facts).
    pub register_interval: Duration,
    /// The agent's version, as registered.
    pub agent_version: String,
}

impl AgentSettings {
    /// Defaults: heartbeats every 5 s, readings every 30 s, registration every 60 s.
    pub fn new(name: AgentName, url: String, data_dir: PathBuf) -> Self {
        let connect = ConnectSettings {
            url,
            creds_file: None,
            ca_file: None,
            client_name: format!("warden-agent-{name}"),
            inbox_prefix: Some(name.inbox_prefix()),
        };
        Self {
            name,
            connect,
            data_dir,
            heartbeat_interval: Duration::from_secs(5),
            readings_interval: Duration::from_secs(30),
            register_interval: Duration::from_secs(60),
            agent_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

/// Runs the agent until `shutdown` completes. Fails when it cannot start at all (bad settings,
/// the data directory) and when the server refuses one of its own subjects (credentials made
/// for another agent name: retrying would never help); a NATS server that is away is waited
/// for.
pub async fn run(
    settings: AgentSettings,
    runner: Arc<dyn CallRunner>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), FleetError> {
    let ledger = Ledger::open(&settings.data_dir).await?;
    if let Err(e) = ledger.prune().await {
        tracing::warn!(error = %e, "cannot prune the ledger of calls taken");
    }
    let mut connect_settings = settings.connect.clone();
    connect_settings.inbox_prefix = Some(settings.name.inbox_prefix());
    tokio::pin!(shutdown);
    let (violations_tx, mut violations) = tokio::sync::mpsc::unbounded_channel();
    let client = loop {
        tokio::select! {
            () = &mut shutdown => return Ok(()),
            connected = connect_reporting(&connect_settings, Some(violations_tx.clone())) => match connected {
                Ok(client) => break client,
                Err(e @ FleetError::Config(_)) => return Err(e),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot reach NATS; trying again");
                    tokio::select! {
                        () = &mut shutdown => return Ok(()),
                        () = tokio::time::sleep(RETRY_DELAY) => {}
                    }
                }
            }
        }
    };
    let agent = Arc::new(Running {
        js: jetstream::new(client.clone()),
        client,
        settings,
        runner,
        ledger,
    });
    let calls = tokio::spawn(Arc::clone(&agent).take_calls());
    let name = agent.settings.name.clone();
    let result = tokio::select! {
        result = agent.announce(&mut shutdown) => result,
        Some(violation) = violations.recv() => {
            tracing::error!(agent = %name, %violation, "the NATS server refused this agent's own subjects");
            Err(FleetError::Config(format!(
                "these NATS credentials do not allow agent name {name}: the server said {violation}; \
                 use the credentials made for {name} (`warden agent keys {name}` prints its \
                 permissions) or set WARDEN_AGENT_NAME to the name they were made for"
            )))
        }
    };
    calls.abort();
    // Drained, not just dropped: open pulls are withdrawn so the server does not deliver to them.
    let _ = tokio::time::timeout(Duration::from_secs(5), agent.client.drain()).await;
    result
}

struct Running {
    client: Client,
    js: jetstream::Context,
    settings: AgentSettings,
    runner: Arc<dyn CallRunner>,
    ledger: Ledger,
}

impl Running {
    /// Registration, heartbeats and readings until shutdown.
    async fn announce(
        &self,
        shutdown: &mut std::pin::Pin<&mut impl Future<Output = ()>>,
    ) -> Result<(), FleetError> {
        let started_at = now();
        let facts = tokio::task::spawn_blocking(facts::read_facts)
            .await
            .map_err(|e| FleetError::Nats(format!("reading facts: {e}")))?;
        let registration = Registration {
            v: VERSION,
            name: self.settings.name.clone(),
            facts,
            agent_version: self.settings.agent_version.clone(),
            started_at,
        };
        let mut heartbeat = tokio::time::interval(self.settings.heartbeat_interval);
        let mut readings = tokio::time::interval(self.settings.readings_interval);
        let mut register = tokio::time::interval(self.settings.register_interval);
        let mut seq = 0u64;
        loop {
            tokio::select! {
                () = &mut *shutdown => return Ok(()),
                _ = register.tick() => {
                    self.publish(self.settings.name.register_subject(), &registration).await;
                }
                _ = heartbeat.tick() => {
                    seq += 1;
                    let beat = Heartbeat { v: VERSION, name: self.settings.name.clone(), sent_at: now(), seq };
                    self.publish(self.settings.name.heartbeat_subject(), &beat).await;
                }
                _ = readings.tick() => {
                    match tokio::task::spawn_blocking(facts::read_readings).await {
                        Ok((load_per_core, memory_used_percent, disks)) => {
                            let reading = Readings {
                                v: VERSION,
                                name: self.settings.name.clone(),
                                taken_at: now(),
                                load_per_core,
                                memory_used_percent,
                                disks,
                            };
                            self.publish(self.settings.name.readings_subject(), &reading).await;
                        }
                        Err(e) => tracing::warn!(error = %e, "reading the host failed"),
                    }
                }
            }
        }
    }

    /// A fire-and-forget publish (a lost heartbeat is replaced by the next).
    async fn publish<T: serde::Serialize>(&self, subject: String, message: &T) {
        match encode(message) {
            Ok(bytes) => {
                if let Err(e) = self.client.publish(subject.clone(), bytes.into()).await {
                    tracing::warn!(subject, error = %e, "publish failed");
                }
            }
            Err(e) => tracing::warn!(subject, error = %e, "cannot encode"),
        }
    }

    /// Pulls calls from the agent's durable consumer for as long as the agent runs.
    async fn take_calls(self: Arc<Self>) {
        loop {
            let consumer = match self.consumer().await {
                Ok(consumer) => consumer,
                Err(e) => {
                    tracing::warn!(error = %e, "the calls stream is not ready; trying again");
                    tokio::time::sleep(RETRY_DELAY).await;
                    continue;
                }
            };
            tracing::info!(consumer = %self.settings.name.consumer_name(), "taking calls");
            loop {
                let batch = consumer
                    .fetch()
                    .max_messages(FETCH_BATCH)
                    .expires(FETCH_EXPIRES)
                    .messages()
                    .await;
                let mut batch = match batch {
                    Ok(batch) => batch,
                    Err(e) => {
                        tracing::warn!(error = %e, "pulling calls failed");
                        tokio::time::sleep(RETRY_DELAY).await;
                        break;
                    }
                };
                while let Some(message) = batch.next().await {
                    match message {
                        Ok(message) => self.handle(message).await,
                        Err(e) => {
                            tracing::warn!(error = %e, "receiving a call failed");
                            break;
                        }
                    }
                }
            }
        }
    }

    /// The agent's consumer, created when missing (its credentials allow exactly this one,
    /// filtered to its own calls subject). On a bare server, the streams are created too.
    async fn consumer(&self) -> Result<PullConsumer, FleetError> {
        let stream = match self.js.get_stream(CALLS_STREAM).await {
            Ok(stream) => stream,
            Err(first) => {
                // Only works without credentials; with them, the hub creates the streams.
                streams::ensure_streams(&self.js).await.map_err(|e| {
                    FleetError::Nats(format!("stream {CALLS_STREAM}: {first}; creating it: {e}"))
                })?;
                self.js
                    .get_stream(CALLS_STREAM)
                    .await
                    .map_err(|e| FleetError::Nats(format!("stream {CALLS_STREAM}: {e}")))?
            }
        };
        let name = self.settings.name.consumer_name();
        stream
            .get_or_create_consumer(
                &name,
                pull::Config {
                    durable_name: Some(name.clone()),
                    filter_subject: self.settings.name.calls_subject(),
                    ack_policy: AckPolicy::Explicit,
                    ack_wait: ACK_WAIT,
                    deliver_policy: DeliverPolicy::All,
                    max_ack_pending: 64,
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| FleetError::Nats(format!("consumer {name}: {e}")))
    }

    /// One delivered call: parse, claim, acknowledge, check expiry and addressee, run, answer.
    async fn handle(&self, message: Message) {
        let call = match decode::<CallRequest>("call", &message.payload) {
            Ok(call) => call,
            Err(e) => {
                tracing::warn!(subject = %message.subject, error = %e, "refusing a malformed call");
                // Terminated: a malformed call is never offered again.
                if let Err(e) = message.ack_with(AckKind::Term).await {
                    tracing::warn!(error = %e, "cannot terminate a malformed call");
                }
                if let Some(id) = call_id_of(&message.payload) {
                    let outcome = RunOutcome::refused(format!("malformed call: {e}"));
                    self.answer(&id, outcome, 0, true).await;
                }
                return;
            }
        };
        let fresh = match self.ledger.claim(&call.call_id).await {
            Ok(fresh) => fresh,
            Err(e) => {
                // Not claimed, not run: offered again later.
                tracing::error!(call_id = %call.call_id, error = %e, "cannot record the call; not running it");
                let _ = message.ack_with(AckKind::Nak(Some(RETRY_DELAY))).await;
                return;
            }
        };
        if let Err(e) = message.double_ack().await {
            tracing::warn!(call_id = %call.call_id, error = %e, "acknowledging the call failed");
        }
        if !fresh {
            tracing::warn!(call_id = %call.call_id, "call delivered again; it was taken before and does not run twice");
            let outcome = RunOutcome {
                error_code: Some(CallErrorCode::Duplicate),
                ..RunOutcome::refused(
                    "this call was taken before (the agent may have stopped while it ran); it does not run twice",
                )
            };
            self.answer(&call.call_id, outcome, 0, true).await;
            return;
        }
        let outcome = if call.host != self.settings.name {
            tracing::warn!(call_id = %call.call_id, host = %call.host, "refusing a call addressed to another agent");
            RunOutcome {
                error_code: Some(CallErrorCode::WrongHost),
                ..RunOutcome::refused(format!(
                    "the call is addressed to {}, not to {}",
                    call.host, self.settings.name
                ))
            }
        } else if call.expires_at < now() {
            RunOutcome {
                error_code: Some(CallErrorCode::Expired),
                ..RunOutcome::refused(format!(
                    "the call expired at {} before the agent took it",
                    call.expires_at
                ))
            }
        } else {
            let started = Instant::now();
            match tokio::time::timeout(MAX_CALL_RUNTIME, self.runner.run(&call)).await {
                Ok(outcome) => {
                    let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                    self.answer(&call.call_id, outcome, ms, false).await;
                    return;
                }
                Err(_) => RunOutcome {
                    error_code: Some(CallErrorCode::Failed),
                    ..RunOutcome::refused(format!(
                        "the call ran longer than {MAX_CALL_RUNTIME:?} and was stopped"
                    ))
                },
            }
        };
        self.answer(&call.call_id, outcome, 0, false).await;
    }

    /// Stores the result on the call's result subject (retried; deduplicated by id). When
    /// `only_if_none`, a result already stored for the id is kept (a duplicate's notice never
    /// replaces the real result).
    async fn answer(
        &self,
        id: &CallId,
        mut outcome: RunOutcome,
        duration_ms: u64,
        only_if_none: bool,
    ) {
        outcome.truncated |= truncate(&mut outcome.output, MAX_OUTPUT_BYTES);
        let result = CallResult {
            v: VERSION,
            call_id: id.clone(),
            host: self.settings.name.clone(),
            ok: outcome.ok,
            output: outcome.output,
            truncated: outcome.truncated,
            data: outcome.data,
            error_code: outcome.error_code,
            duration_ms,
            finished_at: now(),
        };
        let bytes = match encode(&result) {
            Ok(bytes) => Bytes::from(bytes),
            Err(e) => {
                // Too big even after cutting the output: the data goes, the error is said.
                tracing::warn!(call_id = %id, error = %e, "result too large; sending it without data");
                let small = CallResult {
                    data: Value::Null,
                    output: format!("the result was too large to send: {e}"),
                    ok: false,
                    error_code: Some(CallErrorCode::Failed),
                    ..result
                };
                match encode(&small) {
                    Ok(bytes) => Bytes::from(bytes),
                    Err(e) => {
                        tracing::error!(call_id = %id, error = %e, "cannot encode a result");
                        return;
                    }
                }
            }
        };
        let subject = self.settings.name.result_subject(id);
        for attempt in 1..=RESULT_ATTEMPTS {
            let mut publish = PublishMessage::build()
                .payload(bytes.clone())
                .message_id(format!("result-{id}"));
            if only_if_none {
                publish = publish.expected_last_subject_sequence(0);
            }
            let stored = match self.js.send_publish(subject.clone(), publish).await {
                Ok(ack) => ack.await.map(|_| ()).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match stored {
                Ok(()) => return,
                Err(e) if only_if_none && e.contains("wrong last sequence") => return,
                Err(e) => {
                    tracing::warn!(call_id = %id, attempt, error = %e, "storing the result failed");
                    tokio::time::sleep(RETRY_DELAY * attempt).await;
                }
            }
        }
        tracing::error!(call_id = %id, "the result could not be stored; the hub will time out waiting");
    }
}

/// The call id of a message that did not parse as a call, when it has a valid one (so the
/// refusal reaches the waiting hub instead of a timeout).
fn call_id_of(payload: &[u8]) -> Option<CallId> {
    let value: Value = serde_json::from_slice(payload).ok()?;
    CallId::parse(value.get("call_id")?.as_str()?).ok()
}
