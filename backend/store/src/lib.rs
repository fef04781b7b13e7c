//! Warden's persistence. One [`Store`] over sqlx's `Any` driver serves SQLite (the default, one
//! file in the data directory) and PostgreSQL with the same queries: the schema keeps to TEXT and
//! BIGINT, ids are UUID strings and times Unix seconds, so both engines read it alike.
//!
//! A `LIMIT` taken from a parameter is written `LIMIT CAST($n AS BIGINT)`, never `LIMIT $n`:
//! SQLite (3.46 and later) reads a bare parameter's value when it plans the statement, so it
//! marks the statement to be parsed and planned again every time that parameter is bound, a
//! cost of about as much as the query itself on every run of a cached statement. An expression
//! is evaluated when the statement runs instead. PostgreSQL reads both alike.

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
mod read_connections;
mod row;
mod run_writes;
mod runs;
mod sessions;
mod stats;
mod summaries;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;
mod users;
mod write_connection;
mod write_statements;
mod ws_tickets;

pub use alerts::{AlertChange, AlertOutcome, EARLY_RESOLUTIONS_KEPT, UNDATED_FIRING_LATE_SECS};
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
pub use run_writes::{RunWrite, RunWriteFailed};
pub use runs::{RunConversation, RunEnding};
pub use sessions::{RefreshOutcome, SessionPrincipal, SessionRecord};
pub use tokens::{NewTokenUsage, TokenOwner, TokenTotals};
pub use users::{NewUser, UserRecord, username_key};
pub use ws_tickets::WsTicketRecord;

/// A fresh random identifier for a new row.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    /// See the crate's documentation: a bare `LIMIT $n` has SQLite prepare its statement anew at
    /// every run.
    #[test]
    fn no_statement_takes_its_limit_from_a_bare_parameter() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src];
        let mut bare = Vec::new();
        let mut read = 0;
        // In two pieces, so that this line does not match itself.
        let pattern = ["LIMIT", " $"].concat();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).expect("read the store's sources") {
                    files.push(entry.expect("a directory entry").path());
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read a source file");
                read += 1;
                for (at, line) in text.lines().enumerate() {
                    // Comments may name the pattern; statements are in string literals.
                    if !line.trim_start().starts_with("//") && line.contains(&pattern) {
                        bare.push(format!("{}:{}", path.display(), at + 1));
                    }
                }
            }
        }
        assert!(read > 20, "the store's sources were found ({read} files)");
        assert!(bare.is_empty(), "LIMIT from a bare parameter at {bare:?}");
    }
}
