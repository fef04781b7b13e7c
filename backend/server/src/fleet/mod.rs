//! The fleet in the `warden` binary: the agent's runner (its own guard judges every call the hub
//! sends) and the hub's side (hosts, calls sent to an agent after the hub's guard decided).

pub mod calls;
pub mod hub;
pub mod runner;

pub use hub::FleetHub;
pub use runner::GuardRunner;
