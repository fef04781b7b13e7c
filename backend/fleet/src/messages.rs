//! What crosses the fleet's subjects. Every message is JSON with a version `v` (today 1); a
//! message of another version, over its size bound, or that fails to parse is refused with a
//! reason, never guessed at.
//!
//! Adjacent versions: a message that makes someone act or vouches for who sent it (a call, its
//! result, a registration, a heartbeat) is refused when it has fields this build does not know,
//! since a field ignored there could be a condition ignored. What an agent measures (its
//! readings, its facts and their disks) only informs the monitor: fields this build does not know
//! are ignored there, so a hub reads the readings of an agent one version ahead (an optional
//! field added since, such as `filesystem`, left out) as it reads an older agent's (fields added
//! since read as absent). A field added to a reading is optional, and its absence is read as
//! before it existed.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::FleetError;
use crate::subjects::{AgentName, CallId};

/// The version of the fleet's messages this build speaks.
pub const VERSION: u32 = 1;

/// The largest message the fleet accepts (bytes); NATS' own default payload limit is 1 MiB.
pub const MAX_MESSAGE_BYTES: usize = 512 * 1024;
/// The longest tool output an agent sends back (bytes); longer output is cut and marked.
pub const MAX_OUTPUT_BYTES: usize = 256 * 1024;

/// What an agent reports about its host when it registers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
// Measurements: a newer agent's added fields are ignored (see the module's notes).
pub struct Facts {
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
    /// Mounted disks, as the monitor watches them (no views, pseudo filesystems or read-only
    /// images; mounts held in memory included).
    pub disks: Vec<DiskFact>,
    /// GPUs by name (NVIDIA's `/proc/driver/nvidia/gpus`), empty when none.
    pub gpus: Vec<String>,
    /// Whether a Docker daemon socket is present.
    pub docker: bool,
}

/// One mounted filesystem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Measurements: a newer agent's added fields are ignored (see the module's notes).
pub struct DiskFact {
    pub mount_point: String,
    pub total_bytes: u64,
    pub available_bytes: u64,
}

/// `warden.fleet.register.NAME`: an agent announces itself (at start and after reconnecting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub v: u32,
    pub name: AgentName,
    pub facts: Facts,
    /// The agent's Warden version.
    pub agent_version: String,
    /// Unix seconds.
    pub started_at: i64,
}

/// `warden.fleet.heartbeat.NAME`: the agent is alive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heartbeat {
    pub v: u32,
    pub name: AgentName,
    /// Unix seconds, by the agent's clock.
    pub sent_at: i64,
    /// Counts up from 1 since the agent started.
    pub seq: u64,
}

/// `warden.fleet.readings.NAME`: what the monitor reads on the agent's host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Measurements: a newer agent's added fields are ignored (see the module's notes).
pub struct Readings {
    pub v: u32,
    pub name: AgentName,
    /// Unix seconds.
    pub taken_at: i64,
    /// Five-minute load divided by cores.
    pub load_per_core: Option<f64>,
    /// Percent of memory in use (total less available).
    pub memory_used_percent: Option<f64>,
    pub disks: Vec<DiskReading>,
}

/// One filesystem's use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Measurements: a newer agent's added fields are ignored (see the module's notes).
pub struct DiskReading {
    pub mount_point: String,
    pub used_percent: f64,
    pub available_bytes: u64,
    /// Mounted read-only (`ro` in `/proc/self/mounts`, or `statvfs`'s read-only flag): a full
    /// one frees nothing whatever a runbook deletes. Absent from an older agent's readings
    /// (false), and left out when false so an older hub still reads a newer agent's.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    /// The filesystem's type as the kernel names it (`ext4`, `xfs`, `tmpfs`), in lower case:
    /// what fills the mount decides which repair fits (a filesystem held in memory frees
    /// nothing when Docker is pruned). Absent from an older agent's readings (judged as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filesystem: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// `warden.fleet.calls.NAME`: a tool call the hub's guard allowed, for the agent to check again
/// and run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallRequest {
    pub v: u32,
    pub call_id: CallId,
    /// The agent it is for; an agent refuses a call addressed to another.
    pub host: AgentName,
    pub tool: String,
    pub arguments: Value,
    /// Who asked, as the hub's audit names them.
    pub requested_by: String,
    /// Unix seconds.
    pub sent_at: i64,
    /// Unix seconds after which the agent refuses to run it (work queued while an agent was
    /// offline does not run arbitrarily late).
    pub expires_at: i64,
}

impl CallRequest {
    /// A new call with a fresh id for `host`, sent now and refused by the agent after
    /// `expires_in`.
    pub fn new(
        host: AgentName,
        tool: &str,
        arguments: Value,
        requested_by: &str,
        expires_in: std::time::Duration,
    ) -> Self {
        let sent_at = crate::ledger::now();
        Self {
            v: VERSION,
            call_id: CallId::generate(),
            host,
            tool: tool.to_owned(),
            arguments,
            requested_by: requested_by.to_owned(),
            sent_at,
            expires_at: sent_at
                .saturating_add(i64::try_from(expires_in.as_secs()).unwrap_or(i64::MAX)),
        }
    }
}

/// Why a call did not run on the agent, or how it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallErrorCode {
    /// The agent's own policy refused it.
    Refused,
    /// Past its `expires_at`.
    Expired,
    /// The agent had already taken this id; it does not run twice.
    Duplicate,
    /// Addressed to another agent.
    WrongHost,
    /// The tool ran and failed.
    Failed,
}

/// `warden.fleet.results.NAME.CALL_ID`: what running (or refusing) a call came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallResult {
    pub v: u32,
    pub call_id: CallId,
    pub host: AgentName,
    pub ok: bool,
    /// The text the caller reads (at most [`MAX_OUTPUT_BYTES`]).
    pub output: String,
    pub truncated: bool,
    pub data: Value,
    pub error_code: Option<CallErrorCode>,
    pub duration_ms: u64,
    /// Unix seconds.
    pub finished_at: i64,
}

/// Serialises a message (its `v` must already be [`VERSION`]).
pub fn encode<T: Serialize>(message: &T) -> Result<Vec<u8>, FleetError> {
    let bytes = serde_json::to_vec(message)
        .map_err(|e| FleetError::InvalidMessage(format!("cannot encode: {e}")))?;
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(FleetError::InvalidMessage(format!(
            "message of {} bytes is over the {MAX_MESSAGE_BYTES}-byte limit",
            bytes.len()
        )));
    }
    Ok(bytes)
}

/// Parses a message of kind `what`, refusing oversized, foreign-version and malformed ones.
pub fn decode<T: DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T, FleetError> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(FleetError::InvalidMessage(format!(
            "{what} of {} bytes is over the {MAX_MESSAGE_BYTES}-byte limit",
            bytes.len()
        )));
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| FleetError::InvalidMessage(format!("{what} is not JSON: {e}")))?;
    match value.get("v").and_then(Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(FleetError::InvalidMessage(format!(
                "{what} has version {v}; this build speaks version {VERSION}"
            )));
        }
        None => {
            return Err(FleetError::InvalidMessage(format!(
                "{what} has no version field `v`"
            )));
        }
    }
    serde_json::from_value(value).map_err(|e| FleetError::InvalidMessage(format!("{what}: {e}")))
}

/// Cuts `text` to at most `limit` bytes on a character boundary; true when it cut.
pub fn truncate(text: &mut String, limit: usize) -> bool {
    if text.len() <= limit {
        return false;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;
    use serde_json::json;

    fn call() -> CallRequest {
        CallRequest {
            v: VERSION,
            call_id: CallId::parse("c1").unwrap(),
            host: AgentName::parse("lab").unwrap(),
            tool: "disk_usage".into(),
            arguments: json!({"path": "/"}),
            requested_by: "user:alice".into(),
            sent_at: 10,
            expires_at: 20,
        }
    }

    #[test]
    fn a_call_round_trips() {
        let bytes = encode(&call()).unwrap();
        assert_eq!(decode::<CallRequest>("call", &bytes).unwrap(), call());
    }

    #[test]
    fn a_disk_reading_carries_its_read_only_flag_and_an_older_agents_still_reads() {
        let older = json!({
            "v": 1, "name": "lab", "taken_at": 10, "load_per_core": null,
            "memory_used_percent": null,
            "disks": [{"mount_point": "/archive", "used_percent": 100.0, "available_bytes": 0}],
        });
        let read: Readings = decode("readings", older.to_string().as_bytes()).unwrap();
        assert!(!read.disks[0].read_only);

        let mut readings = read.clone();
        readings.disks[0].read_only = true;
        let bytes = encode(&readings).unwrap();
        assert_eq!(decode::<Readings>("readings", &bytes).unwrap(), readings);

        // A writable disk is sent as before: an older hub, which knows no such field, reads it.
        let bytes = encode(&read).unwrap();
        assert!(!String::from_utf8(bytes).unwrap().contains("read_only"));
    }

    #[test]
    fn a_disk_reading_carries_its_filesystems_type_and_an_older_agents_still_reads() {
        let older = json!({
            "v": 1, "name": "lab", "taken_at": 10, "load_per_core": null,
            "memory_used_percent": null,
            "disks": [{"mount_point": "/", "used_percent": 91.0, "available_bytes": 5}],
        });
        let read: Readings = decode("readings", older.to_string().as_bytes()).unwrap();
        assert_eq!(read.disks[0].filesystem, None);
        let mut readings = read.clone();
        readings.disks[0].filesystem = Some("xfs".to_owned());
        let bytes = encode(&readings).unwrap();
        assert!(
            String::from_utf8(bytes.clone())
                .unwrap()
                .contains(r#""filesystem":"xfs""#)
        );
        assert_eq!(decode::<Readings>("readings", &bytes).unwrap(), readings);
    }

    #[test]
    fn a_newer_agents_readings_and_facts_are_read_their_added_fields_ignored() {
        // An agent one version ahead sends a field this hub does not know in its readings, a
        // disk and its facts: the readings are taken (the rest of them as sent), the field left
        // out. An older hub refused the whole reading for one such field (`filesystem`).
        let newer = json!({
            "v": 1, "name": "lab", "taken_at": 10, "load_per_core": 0.5,
            "memory_used_percent": 40.0, "pressure": {"memory": 0.1},
            "disks": [{
                "mount_point": "/", "used_percent": 91.0, "available_bytes": 5,
                "filesystem": "ext4", "inodes_used_percent": 12.0,
            }],
        });
        let read: Readings = decode("readings", newer.to_string().as_bytes()).unwrap();
        assert_eq!(read.load_per_core, Some(0.5));
        assert_eq!(read.disks[0].used_percent, 91.0);
        assert_eq!(read.disks[0].filesystem.as_deref(), Some("ext4"));
        let facts = json!({
            "os": "linux", "kernel": "6.8", "hostname": "lab", "cores": 4,
            "memory_bytes": 1024, "gpus": [], "docker": true, "numa_nodes": 2,
            "disks": [{"mount_point": "/", "total_bytes": 10, "available_bytes": 5, "uuid": "x"}],
        });
        let registration = json!({
            "v": 1, "name": "lab", "facts": facts, "agent_version": "9.9.9", "started_at": 1,
        });
        let read: Registration =
            decode("registration", registration.to_string().as_bytes()).unwrap();
        assert_eq!(read.facts.cores, 4);
        // What vouches or makes an agent act stays strict: a field added to a registration or a
        // heartbeat (`admin`), or to a call, is refused (checked for calls below).
        let mut strict = registration.clone();
        strict["admin"] = json!(true);
        assert!(decode::<Registration>("registration", strict.to_string().as_bytes()).is_err());
        let beat = json!({"v": 1, "name": "lab", "sent_at": 1, "seq": 1, "admin": true});
        assert!(decode::<Heartbeat>("heartbeat", beat.to_string().as_bytes()).is_err());
        // Another version is refused, readings included.
        let mut other = newer.clone();
        other["v"] = json!(2);
        assert!(decode::<Readings>("readings", other.to_string().as_bytes()).is_err());
    }

    #[test]
    fn foreign_versions_unknown_fields_and_bad_ids_are_refused() {
        let mut value = serde_json::to_value(call()).unwrap();
        value["v"] = json!(2);
        let err = decode::<CallRequest>("call", value.to_string().as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid message: call has version 2; this build speaks version 1"
        );

        let mut value = serde_json::to_value(call()).unwrap();
        value["approved"] = json!(true);
        let err = decode::<CallRequest>("call", value.to_string().as_bytes()).unwrap_err();
        assert!(
            err.to_string().contains("unknown field `approved`"),
            "{err}"
        );

        let mut value = serde_json::to_value(call()).unwrap();
        value["call_id"] = json!("../x");
        assert!(decode::<CallRequest>("call", value.to_string().as_bytes()).is_err());

        let mut value = serde_json::to_value(call()).unwrap();
        value["host"] = json!("*");
        assert!(decode::<CallRequest>("call", value.to_string().as_bytes()).is_err());

        let err = decode::<CallRequest>("call", b"{\"call_id\":\"x\"}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid message: call has no version field `v`"
        );
        assert!(decode::<CallRequest>("call", b"\xff").is_err());
        let big = vec![b' '; MAX_MESSAGE_BYTES + 1];
        assert!(
            decode::<CallRequest>("call", &big)
                .unwrap_err()
                .to_string()
                .contains("over the")
        );
    }

    #[test]
    fn truncation_keeps_characters_whole() {
        let mut text = "ééé".to_owned();
        assert!(truncate(&mut text, 3));
        assert_eq!(text, "é");
        let mut short = "ok".to_owned();
        assert!(!truncate(&mut short, 3));
    }
}
