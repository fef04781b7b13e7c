//! Data migrations that need Rust, run after the SQL migrations at every connect (each does
//! nothing once its rows are filled): usernames' comparison keys, then their unique index, and
//! approvals' requesters.

use sqlx::Row;

use crate::approvals::requester_of;
use crate::users::username_key;
use crate::{Store, StoreError};

impl Store {
    pub(crate) async fn backfill(&self) -> Result<(), StoreError> {
        self.backfill_username_keys().await?;
        self.backfill_requesters().await
    }

    /// Gives every user without one its key. Two existing accounts whose names differ only by
    /// case or compatibility form (`admin`, `Admin`) both keep working by their exact names; the
    /// later one gets a key no new name can have, and the clash is logged for an operator.
    async fn backfill_username_keys(&self) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT id, username FROM users WHERE username_key IS NULL ORDER BY created_at, id",
        )
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        for row in rows {
            let id: String = row.try_get("id")?;
            let username: String = row.try_get("username")?;
            let mut key = username_key(&username);
            let taken: Option<(String,)> =
                sqlx::query_as("SELECT username FROM users WHERE username_key = $1")
                    .bind(&key)
                    .fetch_optional(&mut *self.reads.acquire().await?)
                    .await?;
            if let Some((other,)) = taken {
                tracing::warn!(
                    user = %username,
                    other = %other,
                    "two users' names differ only by case or Unicode form; both keep working, rename one"
                );
                // `#` never appears in a username, so no new name can take this key.
                key = format!("{key}#{id}");
            }
            sqlx::query("UPDATE users SET username_key = $1 WHERE id = $2")
                .bind(&key)
                .bind(&id)
                .execute(&mut *self.writes.acquire().await?)
                .await?;
        }
        sqlx::query("CREATE UNIQUE INDEX IF NOT EXISTS users_folded_name ON users(username_key)")
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        Ok(())
    }

    async fn backfill_requesters(&self) -> Result<(), StoreError> {
        let rows = sqlx::query("SELECT id, actor FROM approvals WHERE requester_id IS NULL")
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?;
        for row in rows {
            let id: String = row.try_get("id")?;
            let actor: String = row.try_get("actor")?;
            // The monitor has no requester: '' marks the row as done.
            let requester = requester_of(&actor).unwrap_or_default();
            sqlx::query("UPDATE approvals SET requester_id = $1 WHERE id = $2")
                .bind(&requester)
                .bind(&id)
                .execute(&mut *self.writes.acquire().await?)
                .await?;
        }
        Ok(())
    }
}
