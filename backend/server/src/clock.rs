//! Wall-clock time as Unix seconds, the unit every stored timestamp uses.
//!
//! One reading of the system clock serves the workspace (`warden_protocol::clock`); what judges
//! time in the server (token and key expiry, approvals) reads `AppState::clock` instead, which a
//! test can move forward.

pub use warden_protocol::clock::system_now as now;
