//! The Warden server: configuration, CLI, and the HTTP API.

pub mod accept;
pub mod accounts;
pub mod app;
pub mod auth;
pub mod automation;
pub mod chat;
pub mod cli;
pub mod clock;
pub mod config;
pub mod data_lock;
pub mod doctor;
pub mod fleet;
pub mod guard;
pub mod http;
pub mod live;
pub mod logging;
pub mod mcp;
pub mod memory;
pub mod monitor;
pub mod notify;
pub mod openai;
pub mod routes;
pub mod server;
pub mod state;
pub mod tls;
pub mod tools;

pub use app::app;
pub use config::Config;
pub use server::{RunningServer, StartError, start};
pub use state::AppState;
