//! The hub's side in `warden serve`: with `fleet.nats_url` set, it connects to NATS in the
//! background (retrying, so a NATS server that starts later is picked up), lists the agents,
//! and runs calls with a `host` on that agent once the hub's guard has decided on them.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::Value;
use warden_core::guard::{RemoteHosts, actor_label};
use warden_fleet::{
    AgentName, CallErrorCode, CallId, CallRequest, ConnectSettings, FleetError, Hub, HubSettings,
};
use warden_protocol::fleet::{
    FleetCall, FleetCallList, Host, HostDisk, HostFacts, HostList, HostState,
};
use warden_protocol::readings::{AgentReadings, DiskReading};
use warden_store::Store;
use warden_tool_api::{ToolContext, ToolError, ToolOutput};

use super::calls::{self, CallRecordError};

use crate::config::FleetConfig;

/// The pause between attempts at reaching NATS.
const RECONNECT_DELAY: Duration = Duration::from_secs(2);

/// The hub's fleet; calls with `host` go through it. Dropping the last clone stops connecting
/// and the pass over pending calls.
pub struct FleetHub {
    hub: Arc<OnceLock<Hub>>,
    store: Store,
    call_timeout: Duration,
    call_expiry: Duration,
    connecting: tokio::task::JoinHandle<()>,
    /// Cancelled when the hub stops: callers waiting on an agent's result stop waiting (the
    /// call stays queued, and its result is stored on the next start).
    stopping: tokio_util::sync::CancellationToken,
}

impl Drop for FleetHub {
    fn drop(&mut self) {
        self.connecting.abort();
    }
}

impl FleetHub {
    /// Starts connecting when `fleet.nats_url` is set; None otherwise. Calls sent to agents are
    /// recorded in `store`, and their results stored there once they arrive.
    pub fn start(config: &FleetConfig, store: Store) -> Option<Arc<Self>> {
        let url = config.nats_url.clone()?;
        let settings = HubSettings {
            connect: ConnectSettings {
                url,
                creds_file: config.creds_file.clone(),
                ca_file: config.ca_file.clone(),
                client_name: "warden-hub".to_owned(),
                inbox_prefix: None,
            },
            offline_after: Duration::from_secs(config.offline_after_secs),
        };
        let hub = Arc::new(OnceLock::new());
        let call_expiry = Duration::from_secs(config.call_expiry_secs);
        let connecting = tokio::spawn(connect_then_reconcile(
            settings,
            Arc::clone(&hub),
            store.clone(),
            call_expiry,
        ));
        Some(Arc::new(Self {
            hub,
            store,
            call_timeout: Duration::from_secs(config.call_timeout_secs),
            call_expiry,
            connecting,
            stopping: tokio_util::sync::CancellationToken::new(),
        }))
    }

    /// The hub is stopping: every caller waiting on an agent's result is answered at once that
    /// the call stays queued (it is not withdrawn; the pass over pending calls stores its result
    /// when the hub runs again), so a shutdown never waits out `fleet.call_timeout_secs`.
    pub fn stop_waiting(&self) {
        self.stopping.cancel();
    }

    /// The connection, once made.
    pub fn hub(&self) -> Option<&Hub> {
        self.hub.get()
    }

    /// The agents as `GET /api/v1/hosts` lists them.
    pub fn host_list(&self) -> HostList {
        let hosts = self.hub().map(Hub::hosts).unwrap_or_default();
        HostList {
            hosts: hosts.into_iter().map(host_view).collect(),
        }
    }

    /// One call sent to agent `host`, with its result once stored (looked up in the results
    /// stream when not yet); None when no such call was recorded.
    pub async fn call(&self, host: &str, id: &str) -> Result<Option<FleetCall>, CallRecordError> {
        let Some(record) = self.store.fleet_call(host, id).await? else {
            return Ok(None);
        };
        let record = match self.hub() {
            Some(hub) => calls::resolve(&self.store, hub, record).await?,
            None => record,
        };
        Ok(Some(calls::view(record)))
    }

    /// The newest `limit` calls sent to agent `host`, newest first, as stored (the pass over
    /// pending calls stores results within seconds; a listing never waits on NATS).
    pub async fn calls(&self, host: &str, limit: i64) -> Result<FleetCallList, CallRecordError> {
        let records = self.store.fleet_calls(host, limit).await?;
        Ok(FleetCallList {
            calls: records.into_iter().map(calls::view).collect(),
        })
    }
}

/// Connects (retrying), then stores the results of pending calls as they arrive, for as long as
/// the hub lives.
async fn connect_then_reconcile(
    settings: HubSettings,
    slot: Arc<OnceLock<Hub>>,
    store: Store,
    max_expiry: Duration,
) {
    connect_until_done(settings, Arc::clone(&slot)).await;
    let Some(hub) = slot.get() else {
        return;
    };
    loop {
        calls::reconcile(&store, hub, max_expiry).await;
        tokio::time::sleep(calls::RECONCILE_EVERY).await;
    }
}

async fn connect_until_done(settings: HubSettings, slot: Arc<OnceLock<Hub>>) {
    loop {
        match Hub::connect(settings.clone()).await {
            Ok(hub) => {
                tracing::info!(url = %settings.connect.url, "connected to the fleet");
                let _ = slot.set(hub);
                return;
            }
            Err(e @ FleetError::Config(_)) => {
                tracing::error!(error = %e, "the fleet cannot connect; fix the fleet settings");
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot reach the fleet's NATS server; trying again");
                tokio::time::sleep(RECONNECT_DELAY).await;
            }
        }
    }
}

/// An agent's readings as the hub shows them (its name and version are the host's own fields).
fn agent_readings(readings: warden_fleet::Readings) -> AgentReadings {
    AgentReadings {
        taken_at: readings.taken_at,
        load_per_core: readings.load_per_core,
        memory_used_percent: readings.memory_used_percent,
        disks: readings.disks.into_iter().map(disk_reading).collect(),
    }
}

/// An agent's disk reading as the monitor and the REST API read it. Its read-only flag goes
/// with it: a full disk mounted read-only frees nothing, so no prune may be planned for it.
fn disk_reading(disk: warden_fleet::messages::DiskReading) -> DiskReading {
    DiskReading {
        mount_point: disk.mount_point,
        used_percent: disk.used_percent,
        available_bytes: disk.available_bytes,
        unavailable_percent: None,
        // An older agent's reading has no type: judged as before.
        filesystem: disk
            .filesystem
            .map(|fs| fs.trim().to_ascii_lowercase())
            .filter(|fs| !fs.is_empty()),
        read_only: disk.read_only,
    }
}

pub fn host_view(host: warden_fleet::HostView) -> Host {
    Host {
        name: host.name.to_string(),
        state: match host.state {
            warden_fleet::HostState::Online => HostState::Online,
            warden_fleet::HostState::Offline => HostState::Offline,
        },
        last_seen_at: host.last_seen_at,
        facts: host.facts.map(host_facts),
        agent_version: host.agent_version,
        started_at: host.started_at,
        readings: host.readings.map(agent_readings),
    }
}

/// An agent's registered facts as the REST API shows them.
fn host_facts(facts: warden_fleet::Facts) -> HostFacts {
    HostFacts {
        os: facts.os,
        kernel: facts.kernel,
        hostname: facts.hostname,
        cores: facts.cores,
        memory_bytes: facts.memory_bytes,
        disks: facts
            .disks
            .into_iter()
            .map(|d| HostDisk {
                mount_point: d.mount_point,
                total_bytes: d.total_bytes,
                available_bytes: d.available_bytes,
            })
            .collect(),
        gpus: facts.gpus,
        docker: facts.docker,
    }
}

impl FleetHub {
    fn call_error(&self, id: &CallId, error: FleetError) -> ToolError {
        match error {
            FleetError::Timeout(_) => {
                tracing::warn!(call_id = %id, "no result from the agent in time; the call stays queued and its result is stored when it comes");
                ToolError::Timeout(self.call_timeout.as_secs())
            }
            other @ (FleetError::Config(_)
            | FleetError::InvalidName(_)
            | FleetError::InvalidMessage(_)
            | FleetError::Connect(_)
            | FleetError::Nats(_)
            | FleetError::Ledger(_)) => ToolError::Unavailable(other.to_string()),
        }
    }
}

impl RemoteHosts for FleetHub {
    fn knows(&self, host: &str) -> bool {
        let Ok(name) = AgentName::parse(host) else {
            return false;
        };
        self.hub().is_some_and(|hub| hub.host(&name).is_some())
    }

    fn run<'a>(
        &'a self,
        host: &'a str,
        tool: &'a str,
        arguments: &'a Value,
        context: &'a ToolContext,
    ) -> BoxFuture<'a, Result<ToolOutput, ToolError>> {
        Box::pin(async move {
            let name =
                AgentName::parse(host).map_err(|e| ToolError::InvalidArguments(e.to_string()))?;
            let hub = self.hub().ok_or_else(|| {
                ToolError::Unavailable(
                    "the fleet's NATS server has not been reached yet".to_owned(),
                )
            })?;
            let call = CallRequest::new(
                name.clone(),
                tool,
                arguments.clone(),
                &actor_label(context),
                self.call_expiry,
            );
            // Recorded before it is queued: a hub that restarts meanwhile still knows it.
            self.store
                .record_fleet_call(&calls::new_record(&call))
                .await
                .map_err(|e| ToolError::Unavailable(format!("cannot record the call: {e}")))?;
            if let Err(e) = hub.send(&call).await {
                // Never queued: the record says so rather than waiting for ever.
                calls::not_queued(&self.store, &call, &e).await;
                return Err(self.call_error(&call.call_id, e));
            }
            let result = tokio::select! {
                result = hub.await_result(&name, &call.call_id, self.call_timeout) => {
                    result.map_err(|e| self.call_error(&call.call_id, e))?
                }
                () = self.stopping.cancelled() => {
                    tracing::info!(call_id = %call.call_id, %host, "the hub is stopping; the call stays queued and its result is stored on the next start");
                    return Err(ToolError::Unavailable(format!(
                        "the hub is stopping: call {} stays queued on {host}, and its result is stored when the hub starts again",
                        call.call_id
                    )));
                }
            };
            if let Err(e) = calls::complete(&self.store, &result).await {
                tracing::error!(call_id = %call.call_id, error = %e, "cannot store a fleet call's result");
            }
            match result.error_code {
                None => Ok(ToolOutput {
                    ok: result.ok,
                    output: result.output,
                    data: result.data,
                    truncated: result.truncated,
                }),
                Some(
                    CallErrorCode::Refused
                    | CallErrorCode::Expired
                    | CallErrorCode::Duplicate
                    | CallErrorCode::WrongHost,
                ) => Err(ToolError::Refused(format!("on {host}: {}", result.output))),
                Some(CallErrorCode::Failed) => {
                    Err(ToolError::Failed(format!("on {host}: {}", result.output)))
                }
            }
        })
    }
}

impl warden_core::monitor::fleet::FleetReadings for FleetHub {
    fn readings(&self) -> Vec<warden_core::monitor::fleet::RemoteReading> {
        use warden_core::monitor::fleet::RemoteReading;
        let Some(hub) = self.hub() else {
            return Vec::new();
        };
        let now = warden_fleet::ledger::now();
        hub.hosts()
            .into_iter()
            .map(|host| {
                let name = host.name.to_string();
                match host.state {
                    warden_fleet::HostState::Offline => RemoteReading {
                        error: Some(match host.last_seen_at {
                            Some(seen) => format!(
                                "no heartbeat from the agent for {} s",
                                now.saturating_sub(seen)
                            ),
                            None => "the agent has never been heard from".to_owned(),
                        }),
                        host: name,
                        agent: true,
                        reachable: false,
                        load_per_core: None,
                        memory_used_percent: None,
                        disks: Vec::new(),
                    },
                    warden_fleet::HostState::Online => {
                        let readings = host.readings;
                        RemoteReading {
                            host: name,
                            agent: true,
                            reachable: true,
                            error: None,
                            load_per_core: readings.as_ref().and_then(|r| r.load_per_core),
                            memory_used_percent: readings
                                .as_ref()
                                .and_then(|r| r.memory_used_percent),
                            disks: readings
                                .map(|r| r.disks)
                                .unwrap_or_default()
                                .into_iter()
                                .map(disk_reading)
                                .collect(),
                        }
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agents_read_only_disk_stays_read_only() {
        let disk = |read_only: bool| warden_fleet::messages::DiskReading {
            mount_point: "/archive".to_owned(),
            used_percent: 100.0,
            available_bytes: 0,
            read_only,
            filesystem: Some("EXT4".to_owned()),
        };
        assert!(disk_reading(disk(true)).read_only);
        assert!(!disk_reading(disk(false)).read_only);
        // Its filesystem's type goes with it, as the monitor reads types.
        assert_eq!(
            disk_reading(disk(false)).filesystem.as_deref(),
            Some("ext4")
        );
        let readings = agent_readings(warden_fleet::Readings {
            v: warden_fleet::messages::VERSION,
            name: warden_fleet::AgentName::parse("lab").unwrap(),
            taken_at: 1,
            load_per_core: None,
            memory_used_percent: None,
            disks: vec![disk(true)],
        });
        assert!(readings.disks[0].read_only);
    }
}
