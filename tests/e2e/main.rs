//! End-to-end scenarios through Warden's real HTTP surface: a real server on a loopback port,
//! real SQLite and PostgreSQL, real HTTP requests.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod automation;
mod bad_input;
mod bad_input_surfaces;
mod bad_input_text;
mod chat;
mod chat_automation;
mod faults;
mod guard;
mod guard_containment;
mod guard_runs;
mod hardening;
mod health;
mod integrations;
mod limits;
mod memory;
mod monitor;
mod operations;
mod protected;
mod protocol_refusals;
mod real_model;
mod restart;
mod scope_matrix;
mod tokens;
mod tools;
mod web;
mod web_api;
mod web_audit;
mod web_sockets;
mod websocket;
mod websocket_limits;
