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
    /// What the agent registered: `{"os", "kernel", "hostname", "cores", "memory_bytes",
    /// "disks": [{"mount_point", "total_bytes", "available_bytes"}], "gpus": [NAME], "docker"}`;
    /// null until its registration arrives.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub facts: serde_json::Value,
    /// The agent's Warden version.
    pub agent_version: Option<String>,
    /// Unix seconds the agent started.
    pub started_at: Option<i64>,
    /// The agent's last readings: `{"taken_at", "load_per_core", "memory_used_percent",
    /// "disks": [{"mount_point", "used_percent", "available_bytes"}]}`; null before the first.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub readings: serde_json::Value,
}

/// `GET /api/v1/hosts`: the fleet's agents by name (empty without `fleet.nats_url`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostList {
    pub hosts: Vec<Host>,
}
