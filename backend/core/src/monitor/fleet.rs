//! The fleet's agents in the monitor's sweep: each agent's last readings (load, memory, disks)
//! are judged like an SSH host's, and an agent whose heartbeats stopped is `host_unreachable`.
//! The readings come from the agents themselves (they push them over NATS); the sweep reads
//! what arrived, so it never waits on a host.

pub use super::readings::DiskReading;
pub use super::remote::RemoteReading;

/// The fleet as the monitor sees it. Implemented by the server over NATS.
pub trait FleetReadings: Send + Sync {
    /// One reading per known agent: `reachable` false (with why) when its heartbeats stopped,
    /// its last load, memory and disks otherwise.
    fn readings(&self) -> Vec<RemoteReading>;
}
