//! What open WebSockets hear about without asking: credentials that stopped being valid (so a
//! browser returns to its login page instead of reconnecting forever) and approvals that were
//! asked for or settled (so whoever may decide them sees them at once, with a pending count).

mod sockets;

pub use sockets::{SocketSlot, Sockets};

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use warden_core::Guard;
use warden_protocol::ApprovalStatus;
use warden_protocol::chat::{ApprovalNotice, ConnectionMessage};
use warden_store::{ApprovalRecord, Store, StoreError};

use crate::auth::Principal;
use crate::chat::tool_context;

/// Pending approvals read at most, for counting and notifying.
const MAX_PENDING: i64 = 500;
/// How often pending approvals are read while a socket listens (decisions made by another
/// process, such as the CLI, are seen within this).
pub const APPROVALS_POLL: Duration = Duration::from_secs(1);

/// The channels open WebSockets follow.
pub struct Live {
    /// Bumped whenever a session, a user or an API key may have stopped being valid.
    credentials: watch::Sender<u64>,
    /// The pending approvals, as last read.
    pending: watch::Sender<Arc<Vec<ApprovalRecord>>>,
    /// The open sockets, per credential, and the tasks serving them.
    pub sockets: Sockets,
}

impl Default for Live {
    fn default() -> Self {
        Self {
            credentials: watch::Sender::new(0),
            pending: watch::Sender::new(Arc::new(Vec::new())),
            sockets: Sockets::default(),
        }
    }
}

impl Live {
    /// Tells every open socket to check its credential again (a logout, a disabled user, a
    /// changed password or scope, a revoked key).
    pub fn credentials_changed(&self) {
        self.credentials.send_modify(|generation| *generation += 1);
    }

    pub fn watch_credentials(&self) -> watch::Receiver<u64> {
        self.credentials.subscribe()
    }

    pub fn watch_pending(&self) -> watch::Receiver<Arc<Vec<ApprovalRecord>>> {
        self.pending.subscribe()
    }

    /// Reads the pending approvals every [`APPROVALS_POLL`] while a socket listens, and tells
    /// the listeners when the set changed. Ends when `cancel` fires.
    pub async fn watch_approvals(
        self: Arc<Self>,
        store: Store,
        clock: warden_protocol::clock::Clock,
        cancel: CancellationToken,
    ) {
        let mut ticker = tokio::time::interval(APPROVALS_POLL);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = cancel.cancelled() => return,
                _ = ticker.tick() => {}
            }
            if self.pending.receiver_count() == 0 {
                continue;
            }
            match pending_approvals(&store, clock.now()).await {
                Ok(records) => {
                    self.pending.send_if_modified(|current| {
                        let changed = **current != records;
                        if changed {
                            *current = Arc::new(records);
                        }
                        changed
                    });
                }
                Err(error) => tracing::debug!(%error, "pending approvals could not be read"),
            }
        }
    }
}

/// The approvals waiting for a decision (at most 500), leaving out those past their expiry that
/// the guard's sweeper has not settled yet (`at`: now, in Unix seconds).
pub async fn pending_approvals(store: &Store, at: i64) -> Result<Vec<ApprovalRecord>, StoreError> {
    Ok(store
        .list_approvals(Some(ApprovalStatus::Pending), MAX_PENDING)
        .await?
        .into_iter()
        .filter(|r| r.expires_at > at)
        .collect())
}

/// Whether the caller's credential still stands: its session not ended, its user not disabled,
/// its API key neither revoked nor expired at `now` (Unix seconds).
pub async fn still_valid(store: &Store, caller: &Principal, now: i64) -> Result<bool, StoreError> {
    if let Some(session) = &caller.session_id {
        let found = store.session_principal(session).await?;
        return Ok(found.is_some_and(|p| p.session.revoked_at.is_none() && !p.user.disabled));
    }
    if let Some(key) = &caller.api_key_id {
        let live = store
            .api_key_by_id(key)
            .await?
            .is_some_and(|k| k.revoked_at.is_none() && k.expires_at.is_none_or(|at| at > now));
        if !live {
            return Ok(false);
        }
    }
    Ok(store
        .user_by_id(&caller.user_id)
        .await?
        .is_some_and(|u| !u.disabled))
}

/// The approvals message for `caller` from the pending set: those it may see, and the ones
/// among them it had not been told about (`known` is updated).
pub fn approvals_message(
    caller: &Principal,
    pending: &[ApprovalRecord],
    known: &mut HashSet<String>,
    first: bool,
) -> ConnectionMessage {
    let viewer = tool_context(caller);
    let visible: Vec<&ApprovalRecord> = pending
        .iter()
        .filter(|a| Guard::may_see(a, &viewer))
        .collect();
    let added = visible
        .iter()
        .filter(|a| !known.contains(&a.id) && !first)
        .map(|a| {
            let view = crate::routes::approvals::approval_view((*a).clone());
            ApprovalNotice {
                id: view.id,
                tool: view.tool,
                risk: view.risk,
                requested_by: view.requested_by,
                justification: view.justification,
                expires_at: view.expires_at,
            }
        })
        .collect();
    *known = visible.iter().map(|a| a.id.clone()).collect();
    ConnectionMessage::Approvals {
        pending: u64::try_from(visible.len()).unwrap_or(u64::MAX),
        added,
    }
}
