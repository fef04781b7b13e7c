//! The approvals broker: opens an approval bound to the exact tool and arguments, waits for its
//! decision (a decision made in this process wakes the waiter at once; one made by another
//! process, such as the CLI, is seen within a second), and settles decisions once.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::sync::Notify;
use warden_protocol::ApprovalStatus;
use warden_store::{ApprovalRecord, DecideRefusal, Store, StoreError};

/// The hash an approval is bound to: the tool's name and its arguments in canonical JSON (object
/// keys sorted), so the same call always hashes alike and any other call differently.
pub fn arguments_hash(tool: &str, arguments: &Value) -> String {
    let mut hasher = Sha256::new();
    hasher.update(tool.as_bytes());
    hasher.update([0]);
    hasher.update(canonical(arguments).as_bytes());
    hex::encode(hasher.finalize())
}

fn canonical(value: &Value) -> String {
    // serde_json's map is a BTreeMap here (no preserve_order): keys serialise sorted.
    value.to_string()
}

/// Why a decision was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecideError {
    NotFound,
    /// Already approved, denied, expired or withdrawn.
    Settled(ApprovalStatus),
    /// The decider saw other arguments than the approval holds.
    HashMismatch,
    /// The decider asked for this call themselves, or set it in motion for the user it acts
    /// for (started their task), and the four-eyes rule (`guard.require_second_person`) is on:
    /// someone else must approve it.
    OwnRequest,
    /// The requester's credential ended or lost the tool's scope since it asked: the approval
    /// was withdrawn instead (the reason says why).
    RequesterEnded(String),
}

pub struct Broker {
    store: Store,
    wake: Notify,
    /// Approvals a run in this process is waiting on: the run executes them itself.
    waiting: Mutex<HashSet<String>>,
}

/// Held by the run that waits on an approval until it has executed it (or given up): while held,
/// the sweeper leaves the approval to that run. Dropped early (the run went away), the sweeper
/// executes the approval if it is approved later.
pub struct Waiting {
    broker: Arc<Broker>,
    id: String,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if let Ok(mut waiting) = self.broker.waiting.lock() {
            waiting.remove(&self.id);
        }
    }
}

const POLL: Duration = Duration::from_secs(1);

impl Broker {
    pub fn new(store: Store) -> Arc<Self> {
        Arc::new(Self {
            store,
            wake: Notify::new(),
            waiting: Mutex::new(HashSet::new()),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub async fn open(self: &Arc<Self>, record: &ApprovalRecord) -> Result<Waiting, StoreError> {
        if let Ok(mut waiting) = self.waiting.lock() {
            waiting.insert(record.id.clone());
        }
        let waiting = Waiting {
            broker: Arc::clone(self),
            id: record.id.clone(),
        };
        self.store.create_approval(record).await?;
        Ok(waiting)
    }

    pub fn is_waited_on(&self, id: &str) -> bool {
        self.waiting.lock().map(|w| w.contains(id)).unwrap_or(false)
    }

    /// Waits until the approval is settled, or until its time is up: then the record comes back
    /// still `pending`, and the caller expires it through the guard's one expiry path (which
    /// audits and announces it). A store that fails while waiting ends the wait as a denial
    /// (fail closed).
    pub async fn wait(
        &self,
        id: &str,
        now: impl Fn() -> i64,
    ) -> Result<ApprovalRecord, StoreError> {
        loop {
            let notified = self.wake.notified();
            let record = self
                .store
                .get_approval(id)
                .await?
                .ok_or(StoreError::NotFound("approval"))?;
            if record.status != ApprovalStatus::Pending || now() >= record.expires_at {
                return Ok(record);
            }
            let left = Duration::from_secs(u64::try_from(record.expires_at - now()).unwrap_or(0));
            tokio::select! {
                () = notified => {}
                () = tokio::time::sleep(POLL.min(left)) => {}
            }
        }
    }

    /// Approves or denies once. When `expected_hash` is given it must be the approval's: the
    /// decider approves exactly the call they saw. `not_requested_by` (the decider's user id,
    /// when the four-eyes rule is on and this is an approval) refuses an approval of one's own
    /// request, and of a call one set in motion for someone else (`started_by`).
    #[allow(clippy::too_many_arguments)]
    pub async fn decide(
        &self,
        id: &str,
        approve: bool,
        decided_by: &str,
        reason: Option<&str>,
        expected_hash: Option<&str>,
        not_requested_by: Option<&str>,
        now: i64,
    ) -> Result<Result<ApprovalRecord, DecideError>, StoreError> {
        let Some(current) = self.store.get_approval(id).await? else {
            return Ok(Err(DecideError::NotFound));
        };
        if expected_hash.is_some_and(|hash| hash != current.arguments_hash) {
            return Ok(Err(DecideError::HashMismatch));
        }
        // Four eyes: neither the user the call acts for nor the one who set it in motion on
        // their behalf (an administrator starting another user's task) may approve it alone.
        if let Some(decider) = not_requested_by
            && approve
            && (warden_store::requester_of(&current.actor).as_deref() == Some(decider)
                || current.started_by.as_deref() == Some(decider))
        {
            return Ok(Err(DecideError::OwnRequest));
        }
        let status = if approve {
            ApprovalStatus::Approved
        } else {
            ApprovalStatus::Denied
        };
        let decided = self
            .store
            .decide_approval(id, status, decided_by, reason, now)
            .await?;
        self.wake.notify_waiters();
        Ok(decided.map_err(|refusal| match refusal {
            DecideRefusal::NotFound => DecideError::NotFound,
            DecideRefusal::Settled(record) => DecideError::Settled(record.status),
            // Its time is up; `Guard::decide` expires it through the guard's path.
            DecideRefusal::Expired(_) => DecideError::Settled(ApprovalStatus::Expired),
        }))
    }

    /// Resolves at the next decision made in this process.
    pub async fn woken(&self) {
        self.wake.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::arguments_hash;

    #[test]
    fn the_hash_binds_tool_and_arguments_whatever_the_key_order() {
        let a = arguments_hash(
            "docker_restart",
            &json!({"container": "web", "timeout_secs": 5}),
        );
        let b: serde_json::Value =
            serde_json::from_str(r#"{"timeout_secs": 5, "container": "web"}"#).unwrap_or_default();
        assert_eq!(a, arguments_hash("docker_restart", &b));
        assert_ne!(
            a,
            arguments_hash(
                "docker_restart",
                &json!({"container": "db", "timeout_secs": 5})
            )
        );
        assert_ne!(
            a,
            arguments_hash(
                "docker_stop",
                &json!({"container": "web", "timeout_secs": 5})
            )
        );
    }
}
