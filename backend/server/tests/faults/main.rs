//! Faults the real `warden` binary survives: killed with SIGKILL mid-run (after a restart the run
//! replays to its terminal event over REST, server-sent events and WebSocket, on SQLite and on
//! PostgreSQL); a Docker daemon that accepts connections and never answers (`DOCKER_HOST`); and
//! start-up on an unusable data directory, database or address, each named with its cause.
//! Loopback only, every wait bounded.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod crash;
mod docker;
mod full_disk_cli;
mod startup;
mod support;
