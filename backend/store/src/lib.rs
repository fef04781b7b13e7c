//! Warden's persistence. One [`Store`] over sqlx's `Any` driver serves SQLite (the default, one
//! file in the data directory) and PostgreSQL with the same queries: the schema keeps to TEXT and
//! BIGINT, ids are UUID strings and times Unix seconds, so both engines read it alike.

mod alerts;
mod api_keys;
mod approvals;
mod audit;
mod automation;
mod backfill;
mod chat;
mod error;
mod fleet_calls;
mod group_commit;
mod incident_history;
mod incidents;
mod learned_runbooks;
mod login_attempts;
mod maintenance;
mod memories;
mod memory_outbox;
mod migrations;
mod pool;
mod row;
mod runs;
mod sessions;
mod stats;
mod summaries;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;
mod users;
mod write_connection;
mod ws_tickets;

pub use alerts::{AlertChange, AlertOutcome};
pub use api_keys::{ApiKeyRecord, NewApiKey};
pub use approvals::{ApprovalLinks, ApprovalRecord, DecideRefusal, requester_of};
pub use audit::{
    AuditQuery, AuditRecord, ChainBreak, GENESIS_HASH, NewAuditEntry, ROUTINE_READ, audit_hash,
};
pub use automation::TaskRunRecord;
pub use chat::{ConversationRecord, MessageRecord, NewMessage, RunRecord, RunStatus};
pub use error::{StoreError, Unavailable};
pub use fleet_calls::{FleetCallRecord, NewFleetCall};
pub use incident_history::{ACKNOWLEDGED, Acknowledgement, IncidentQuery, TargetCount};
pub use incidents::{IncidentEvent, IncidentRecord, NewIncident, SweepRecord};
pub use learned_runbooks::{RepairOutcome, RunbookProposal};
pub use login_attempts::FailureWindow;
pub use maintenance::{SchemaStatus, known_schema_version};
pub use memories::{MemoryFilter, MemoryRecord, NewMemory, StoredVector, VectorRow};
pub use memory_outbox::OutboxEntry;
pub use pool::{Access, Backend, Store, redact_url};
pub use runs::{RunConversation, RunEnding};
pub use sessions::{RefreshOutcome, SessionPrincipal, SessionRecord};
pub use tokens::{NewTokenUsage, TokenOwner, TokenTotals};
pub use users::{NewUser, UserRecord, username_key};
pub use ws_tickets::WsTicketRecord;

/// A fresh random identifier for a new row.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
