//! Login attempts, kept in the database so a lockout survives a restart.

use crate::{Store, StoreError, new_id};

/// Failed logins for one user and address since the last success, inside the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureWindow {
    pub failures: i64,
    /// When the oldest counted failure happened (Unix seconds), if any.
    pub oldest_at: Option<i64>,
}

impl Store {
    pub async fn record_login_attempt(
        &self,
        username: &str,
        client_ip: &str,
        succeeded: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO login_attempts (id, username, client_ip, succeeded, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_id())
        .bind(username)
        .bind(client_ip)
        .bind(i64::from(succeeded))
        .bind(now)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(())
    }

    /// Failures since `since` that came after the last success for this user and address.
    pub async fn login_failures(
        &self,
        username: &str,
        client_ip: &str,
        since: i64,
    ) -> Result<FailureWindow, StoreError> {
        let row: (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM login_attempts \
             WHERE username = $1 AND client_ip = $2 AND succeeded = 0 AND at >= $3 \
             AND at >= COALESCE((SELECT MAX(at) FROM login_attempts \
                                 WHERE username = $1 AND client_ip = $2 AND succeeded = 1), 0)",
        )
        .bind(username)
        .bind(client_ip)
        .bind(since)
        .fetch_one(&mut *self.reads.acquire().await?)
        .await?;
        Ok(FailureWindow {
            failures: row.0,
            oldest_at: row.1,
        })
    }

    /// Drops attempts older than `before`; called now and then so the table stays small.
    pub async fn prune_login_attempts(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM login_attempts WHERE at < $1")
            .bind(before)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(done.rows_affected())
    }
}
