//! The open WebSockets: how many each credential holds (so one key or session cannot hold every
//! socket the server can keep), and the tasks that serve them (so a shutdown can close each with
//! 1001 "going away" and wait, bounded, for the close to leave).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio_util::task::TaskTracker;

use crate::auth::Principal;

#[derive(Debug, Default)]
pub struct Sockets {
    /// Open sockets per credential.
    open: Arc<Mutex<HashMap<String, usize>>>,
    /// The tasks serving them.
    tasks: TaskTracker,
}

/// One credential's hold on an open socket, given back when dropped.
#[derive(Debug)]
pub struct SocketSlot {
    open: Arc<Mutex<HashMap<String, usize>>>,
    credential: String,
}

impl Drop for SocketSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&self.credential) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.credential);
            }
        }
    }
}

impl Sockets {
    /// A slot for one more socket of `caller`'s credential (its API key, else its session, else
    /// its user), or None when it already holds `limit`.
    pub fn open(&self, caller: &Principal, limit: usize) -> Option<SocketSlot> {
        let credential = match (&caller.api_key_id, &caller.session_id) {
            (Some(key), _) => format!("key:{key}"),
            (None, Some(session)) => format!("session:{session}"),
            (None, None) => format!("user:{}", caller.user_id),
        };
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(credential.clone()).or_insert(0);
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(SocketSlot {
            open: self.open.clone(),
            credential,
        })
    }

    /// `connection`, counted among the sockets a shutdown waits for.
    pub fn track<F: Future>(
        &self,
        connection: F,
    ) -> tokio_util::task::task_tracker::TrackedFuture<F> {
        self.tasks.track_future(connection)
    }

    /// Waits, at most `limit`, for every open socket to close (each sends 1001 once the
    /// shutdown begins).
    pub async fn closed(&self, limit: Duration) {
        self.tasks.close();
        if tokio::time::timeout(limit, self.tasks.wait())
            .await
            .is_err()
        {
            tracing::warn!(
                open = self.tasks.len(),
                "WebSockets still open {} s after the shutdown began are dropped",
                limit.as_secs()
            );
        }
    }
}
