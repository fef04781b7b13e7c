//! The hub's side of the fleet: it keeps the list of agents (from the hosts stream: the last
//! registration, heartbeat and readings of each, so a restarted hub knows them at once), queues
//! calls for an agent, and waits (bounded) for their results, which stay in the results stream
//! so a restarted hub still finds them.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use async_nats::Client;
use async_nats::jetstream::consumer::{DeliverPolicy, pull};
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::{self, Message};
use bytes::Bytes;
use futures_util::StreamExt;
use serde::Serialize;
use serde_json::Value;

use crate::connect::{ConnectSettings, connect};
use crate::ledger::now;
use crate::messages::{
    CallRequest, CallResult, Facts, Heartbeat, Readings, Registration, decode, encode,
};
use crate::subjects::{
    AgentName, AgentSubjectKind, CallId, HOST_SUBJECTS, HOSTS_STREAM, RESULTS_STREAM,
    parse_agent_subject,
};
use crate::{FleetError, bounds, streams};

/// The most agents the hub keeps track of; registrations beyond it are refused and logged.
pub const MAX_HOSTS: usize = 10_000;
/// The longest a caller may wait for a result.
pub const MAX_RESULT_WAIT: Duration = Duration::from_secs(30 * 60);

/// Whether an agent's heartbeats are arriving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HostState {
    Online,
    Offline,
}

/// An agent as the hub knows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HostView {
    pub name: AgentName,
    pub state: HostState,
    /// Unix seconds of the last message from the agent (by the hub's clock or the stream's).
    pub last_seen_at: Option<i64>,
    /// None until the agent's registration arrives.
    pub facts: Option<Facts>,
    pub agent_version: Option<String>,
    /// Unix seconds the agent started (from its registration).
    pub started_at: Option<i64>,
    pub readings: Option<Readings>,
}

#[derive(Debug, Clone, Default)]
struct HostRecord {
    last_seen_at: Option<i64>,
    registration: Option<Registration>,
    readings: Option<Readings>,
}

/// How the hub is set up.
#[derive(Debug, Clone)]
pub struct HubSettings {
    pub connect: ConnectSettings,
    /// An agent whose last message is older than this is offline.
    pub offline_after: Duration,
}

impl HubSettings {
    /// Defaults: offline after 15 s without a heartbeat (three missed at the agents' default).
    pub fn new(url: String) -> Self {
        Self {
            connect: ConnectSettings {
                url,
                creds_file: None,
                ca_file: None,
                client_name: "warden-hub".to_owned(),
                inbox_prefix: None,
            },
            offline_after: Duration::from_secs(15),
        }
    }
}

/// The hub's connection to the fleet. Cloning shares it; the watcher of the hosts stream stops
/// when the last clone is dropped.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    js: jetstream::Context,
    /// Looked up once: every wait for a result reads it.
    results: jetstream::stream::Stream,
    hosts: Arc<RwLock<BTreeMap<AgentName, HostRecord>>>,
    offline_after: Duration,
    watcher: tokio::task::JoinHandle<()>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.watcher.abort();
    }
}

impl Hub {
    /// Connects, creates the streams when missing and starts following the hosts stream.
    pub async fn connect(settings: HubSettings) -> Result<Self, FleetError> {
        let client = connect(&settings.connect).await?;
        let js = jetstream::new(client.clone());
        streams::ensure_streams(&js).await?;
        let hosts = Arc::new(RwLock::new(BTreeMap::new()));
        let stream = js
            .get_stream(HOSTS_STREAM)
            .await
            .map_err(|e| FleetError::Nats(format!("stream {HOSTS_STREAM}: {e}")))?;
        let consumer = stream
            .create_consumer(pull::OrderedConfig {
                deliver_policy: DeliverPolicy::LastPerSubject,
                filter_subject: HOST_SUBJECTS.to_owned(),
                ..Default::default()
            })
            .await
            .map_err(|e| FleetError::Nats(format!("following {HOSTS_STREAM}: {e}")))?;
        let messages = consumer
            .messages()
            .await
            .map_err(|e| FleetError::Nats(format!("following {HOSTS_STREAM}: {e}")))?;
        let results = js
            .get_stream(RESULTS_STREAM)
            .await
            .map_err(|e| FleetError::Nats(format!("stream {RESULTS_STREAM}: {e}")))?;
        let watcher = tokio::spawn(watch(messages, Arc::clone(&hosts)));
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                js,
                results,
                hosts,
                offline_after: settings.offline_after,
                watcher,
            }),
        })
    }

    /// The agents known, by name.
    pub fn hosts(&self) -> Vec<HostView> {
        let now = now();
        let offline_after = i64::try_from(self.inner.offline_after.as_secs()).unwrap_or(i64::MAX);
        let hosts = match self.inner.hosts.read() {
            Ok(hosts) => hosts,
            Err(poisoned) => poisoned.into_inner(),
        };
        hosts
            .iter()
            .map(|(name, record)| HostView {
                name: name.clone(),
                state: match record.last_seen_at {
                    Some(seen) if now.saturating_sub(seen) <= offline_after => HostState::Online,
                    Some(_) | None => HostState::Offline,
                },
                last_seen_at: record.last_seen_at,
                facts: record.registration.as_ref().map(|r| r.facts.clone()),
                agent_version: record
                    .registration
                    .as_ref()
                    .map(|r| r.agent_version.clone()),
                started_at: record.registration.as_ref().map(|r| r.started_at),
                readings: record.readings.clone(),
            })
            .collect()
    }

    /// One agent, if known.
    pub fn host(&self, name: &AgentName) -> Option<HostView> {
        self.hosts().into_iter().find(|h| &h.name == name)
    }

    /// Queues a call for `call.host` (stored once per id within the duplicate window; it waits
    /// there while the agent is offline, until it expires).
    pub async fn send(&self, call: &CallRequest) -> Result<(), FleetError> {
        let bytes = encode(call)?;
        let publish = PublishMessage::build()
            .payload(Bytes::from(bytes))
            .message_id(call.call_id.as_str());
        let ack = self
            .inner
            .js
            .send_publish(call.host.calls_subject(), publish)
            .await
            .map_err(|e| FleetError::Nats(format!("queueing call {}: {e}", call.call_id)))?;
        ack.await
            .map_err(|e| FleetError::Nats(format!("queueing call {}: {e}", call.call_id)))?;
        Ok(())
    }

    /// The stored result of a call, if the agent has answered.
    pub async fn result(
        &self,
        host: &AgentName,
        id: &CallId,
    ) -> Result<Option<CallResult>, FleetError> {
        match self
            .inner
            .results
            .get_last_raw_message_by_subject(&host.result_subject(id))
            .await
        {
            Ok(raw) => parse_result(host, id, &raw.payload).map(Some),
            Err(e)
                if e.kind()
                    == async_nats::jetstream::stream::LastRawMessageErrorKind::NoMessageFound =>
            {
                Ok(None)
            }
            Err(e) => Err(FleetError::Nats(format!("reading the result of {id}: {e}"))),
        }
    }

    /// Waits up to `wait` (at most [`MAX_RESULT_WAIT`]) for the result of a call.
    pub async fn await_result(
        &self,
        host: &AgentName,
        id: &CallId,
        wait: Duration,
    ) -> Result<CallResult, FleetError> {
        let wait = wait.min(MAX_RESULT_WAIT);
        // Subscribed before looking, so a result stored in between is not missed.
        let mut live = self
            .inner
            .client
            .subscribe(host.result_subject(id))
            .await
            .map_err(|e| FleetError::Nats(format!("waiting for {id}: {e}")))?;
        if let Some(result) = self.result(host, id).await? {
            return Ok(result);
        }
        let deadline = tokio::time::Instant::now() + wait;
        let mut listening = true;
        loop {
            // The live message is a hint; the stored one is the answer (checked every few seconds
            // too, in case the live one was lost in a reconnect).
            let tick = tokio::time::sleep(Duration::from_secs(2));
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => {
                    return Err(FleetError::Timeout(format!(
                        "no result from {host} for call {id} within {wait:?}"
                    )));
                }
                message = live.next(), if listening => {
                    match message {
                        Some(message) => match parse_result(host, id, &message.payload) {
                            Ok(result) => return Ok(result),
                            Err(e) => tracing::warn!(%host, call_id = %id, error = %e, "refusing a malformed result"),
                        },
                        // The subscription ended (connection closed): the stored result is read
                        // on each tick instead.
                        None => listening = false,
                    }
                }
                () = tick => {}
            }
            if let Some(result) = self.result(host, id).await? {
                return Ok(result);
            }
        }
    }

    /// Queues a call and waits for its result: the whole path a tool call with `host` takes.
    pub async fn call(
        &self,
        host: &AgentName,
        tool: &str,
        arguments: Value,
        requested_by: &str,
        expires_in: Duration,
        wait: Duration,
    ) -> Result<CallResult, FleetError> {
        let call = CallRequest::new(host.clone(), tool, arguments, requested_by, expires_in);
        self.send(&call).await?;
        self.await_result(host, &call.call_id, wait).await
    }
}

/// A result read back, checked to be the one asked for.
fn parse_result(host: &AgentName, id: &CallId, bytes: &[u8]) -> Result<CallResult, FleetError> {
    let result: CallResult = decode("result", bytes)?;
    if &result.call_id != id || &result.host != host {
        return Err(FleetError::InvalidMessage(format!(
            "result on the subject of {host}/{id} names {}/{}",
            result.host, result.call_id
        )));
    }
    Ok(result)
}

/// Follows the hosts stream (last message per subject first, then live) into `hosts`.
async fn watch(mut messages: pull::Ordered, hosts: Arc<RwLock<BTreeMap<AgentName, HostRecord>>>) {
    while let Some(message) = messages.next().await {
        match message {
            Ok(message) => {
                if let Err(e) = apply(&message, &hosts) {
                    tracing::warn!(subject = %message.subject, error = %e, "refusing a fleet message");
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "following the hosts stream");
                // The ordered consumer recreates itself; errors in a row are not retried hot.
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
    tracing::warn!("the hosts stream ended; agents are no longer followed");
}

fn apply(
    message: &Message,
    hosts: &RwLock<BTreeMap<AgentName, HostRecord>>,
) -> Result<(), FleetError> {
    let Some((kind, name)) = parse_agent_subject(message.subject.as_str()) else {
        return Err(FleetError::InvalidMessage(
            "not an agent subject".to_owned(),
        ));
    };
    // When the message was stored: after a hub restart, old heartbeats count as old.
    let seen = message
        .info()
        .map(|info| info.published.unix_timestamp())
        .unwrap_or_else(|_| now());
    let mut hosts = match hosts.write() {
        Ok(hosts) => hosts,
        Err(poisoned) => poisoned.into_inner(),
    };
    if !hosts.contains_key(&name) && hosts.len() >= MAX_HOSTS {
        return Err(FleetError::InvalidMessage(format!(
            "more than {MAX_HOSTS} agents; {name} is not tracked"
        )));
    }
    let check = |claimed: &AgentName| {
        if claimed == &name {
            Ok(())
        } else {
            Err(FleetError::InvalidMessage(format!(
                "a message on {name}'s subject names {claimed}"
            )))
        }
    };
    let mut update = |f: &dyn Fn(&mut HostRecord)| {
        let record = hosts.entry(name.clone()).or_default();
        record.last_seen_at = Some(record.last_seen_at.map_or(seen, |s| s.max(seen)));
        f(record);
    };
    match kind {
        AgentSubjectKind::Register => {
            let registration: Registration = decode("registration", &message.payload)?;
            check(&registration.name)?;
            bounds::check_registration(&registration, now())?;
            update(&|r| r.registration = Some(registration.clone()));
        }
        AgentSubjectKind::Heartbeat => {
            let beat: Heartbeat = decode("heartbeat", &message.payload)?;
            check(&beat.name)?;
            bounds::check_heartbeat(&beat, now())?;
            update(&|_| {});
        }
        AgentSubjectKind::Readings => {
            let readings: Readings = decode("readings", &message.payload)?;
            check(&readings.name)?;
            bounds::check_readings(&readings, now())?;
            update(&|r| r.readings = Some(readings.clone()));
        }
    }
    Ok(())
}
