//! Warden's fleet: edge agents that connect out to NATS JetStream, pull their work and open no
//! port, and the hub that lists them and sends them calls.
//!
//! - [`subjects`]: agent names, subjects, streams and the per-agent permissions.
//! - [`messages`]: the versioned wire messages, size-bounded and strictly parsed.
//! - [`bounds`]: the ranges the hub checks facts and readings against before storing them.
//! - [`agent`]: the agent's loop (registration, heartbeats, readings, calls at most once).
//! - [`hub`]: the hub's client (hosts, queueing calls, awaiting results).

pub mod agent;
pub mod bounds;
pub mod connect;
pub mod facts;
pub mod hub;
pub mod ledger;
pub mod messages;
pub mod streams;
pub mod subjects;
#[cfg(feature = "testing")]
pub mod testing;

pub use agent::{AgentSettings, CallRunner, RunOutcome};
pub use connect::ConnectSettings;
pub use hub::{HostState, HostView, Hub, HubSettings};
pub use messages::{CallErrorCode, CallRequest, CallResult, Facts, Readings};
pub use subjects::{AgentName, CallId};

/// What can go wrong in the fleet layer.
#[derive(Debug, thiserror::Error)]
pub enum FleetError {
    /// A setting is wrong (URL, credentials file); starting again will not help.
    #[error("fleet configuration: {0}")]
    Config(String),
    #[error("invalid agent name: {0}")]
    InvalidName(String),
    /// A message was refused: not JSON, another version, an unknown field, too large.
    #[error("invalid message: {0}")]
    InvalidMessage(String),
    #[error("cannot connect to NATS: {0}")]
    Connect(String),
    #[error("NATS: {0}")]
    Nats(String),
    #[error("timed out: {0}")]
    Timeout(String),
    /// The agent's record of calls taken cannot be read or written.
    #[error("ledger of calls taken: {0}")]
    Ledger(String),
}
