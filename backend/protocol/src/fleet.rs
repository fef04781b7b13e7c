//! The fleet's REST shapes: the edge agents the hub knows.

use serde::{Deserialize, Serialize};

/// Whether an agent's heartbeats are arriving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HostState {
    Online,
    Offline,
}

/// One edge agent (`warden agent`) and what it last reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Host {
    /// The agent's name; tools take it as `"host": NAME`.
    pub name: String,
    pub state: HostState,
    /// Unix seconds of the agent's last message (heartbeat, registration or readings).
    pub last_seen_at: Option<i64>,
    /// What the agent registered; null until its registration arrives.
    pub facts: Option<HostFacts>,
    /// The agent's Warden version.
    pub agent_version: Option<String>,
    /// Unix seconds the agent started.
    pub started_at: Option<i64>,
    /// The agent's last readings; null before the first.
    pub readings: Option<crate::readings::AgentReadings>,
}

/// What an agent reports about its host when it registers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostFacts {
    /// `PRETTY_NAME` of `/etc/os-release`, or `linux`.
    pub os: String,
    /// The kernel release (`/proc/sys/kernel/osrelease`).
    pub kernel: String,
    /// The machine's host name.
    pub hostname: String,
    /// CPU cores available to the agent.
    pub cores: u32,
    /// Physical memory in bytes (`MemTotal`).
    pub memory_bytes: u64,
    /// Mounted disks (real filesystems only).
    pub disks: Vec<HostDisk>,
    /// GPUs by name, empty when none.
    pub gpus: Vec<String>,
    /// Whether a Docker daemon socket is present.
    pub docker: bool,
}

/// One filesystem mounted on an agent's host, as it registered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostDisk {
    pub mount_point: String,
    /// Bytes.
    pub total_bytes: u64,
    /// Bytes.
    pub available_bytes: u64,
}

/// `GET /api/v1/hosts`: the fleet's agents by name (empty without `fleet.nats_url`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostList {
    pub hosts: Vec<Host>,
}

/// Where a call the hub sent to an agent stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FleetCallState {
    /// Waiting in the agent's queue, or running there; no result yet.
    Queued,
    /// The agent's result is stored.
    Done,
}

/// Why a call did not run on the agent, or how it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FleetCallError {
    /// The agent's own policy refused it.
    Refused,
    /// It reached the agent after its expiry.
    Expired,
    /// The agent had taken this id already; it never runs twice.
    Duplicate,
    /// It was addressed to another agent.
    WrongHost,
    /// The tool ran and failed.
    Failed,
}

/// What a call came to on the agent (its output redacted as every tool output is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FleetCallResult {
    pub ok: bool,
    /// The text the tool produced (at most 256 KiB).
    pub output: String,
    /// Whether the agent cut the output.
    pub truncated: bool,
    /// The tool's structured data.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
    pub error_code: Option<FleetCallError>,
    /// How long it ran on the agent, in milliseconds.
    pub duration_ms: u64,
    /// Unix seconds the agent finished it.
    pub finished_at: i64,
}

/// A call the hub sent to an agent (`GET /api/v1/hosts/{name}/calls/{id}`). It is recorded
/// before it is queued and its result is stored once, so both outlive a restart of the hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FleetCall {
    /// The call's id on the fleet.
    pub id: String,
    /// The agent it was sent to.
    pub host: String,
    pub tool: String,
    /// Who asked, as the audit log names them (`user:alice`, `monitor`).
    pub requested_by: String,
    /// Unix seconds.
    pub sent_at: i64,
    /// Unix seconds after which the agent refuses to run it.
    pub expires_at: i64,
    pub state: FleetCallState,
    /// Null while queued.
    pub result: Option<FleetCallResult>,
}

/// `GET /api/v1/hosts/{name}/calls`: the newest calls sent to one agent, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FleetCallList {
    pub calls: Vec<FleetCall>,
}
