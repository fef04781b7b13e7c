//! What crosses Warden's wire. Every REST body the server accepts or returns is declared here,
//! so the server, the CLI, the tests and (later) the generated TypeScript agree on one shape.
//!
//! This crate depends on serde alone (and a table of Unicode's general categories, with which
//! `text` says what a stored text field may hold); the `openapi` feature adds the schema derives the server
//! uses to publish `/api/v1/openapi.json`.

pub mod alert_fields;
pub mod api_keys;
pub mod auth;
pub mod automation;
pub mod chat;
pub mod clock;
pub mod error;
pub mod fleet;
pub mod guard;
pub mod health;
pub mod memory;
pub mod monitor;
pub mod mounts;
pub mod readings;
pub mod scope;
pub mod signals;
pub mod text;
pub mod tools;
pub mod users;
pub mod values;

pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use scope::{Scope, ScopeSet};
pub use values::{
    AlertStatus, ApprovalStatus, AuditEvent, AuditOutcome, Execution, FindingKind, HealthStatus,
    HookOutcome, IncidentEventKind, IncidentState, MemoryKind, MemorySourceKind, RecallMethod,
    Risk, Role, Route, RunErrorCode, RunStatus, RunbookState, Severity, SweepStatus, TaskKind,
    TaskOutcome, ToolErrorCode,
};
