//! Counts for the metrics endpoint: approvals waiting and incidents by state, read at each
//! scrape so the gauges always match the database (several Warden processes may share it).

use crate::row::{int, text};
use crate::{Store, StoreError};

impl Store {
    /// Approvals still pending and not yet past their expiry at `now`.
    pub async fn count_pending_approvals(&self, now: i64) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM approvals WHERE status = 'pending' AND expires_at > $1",
        )
        .bind(now)
        .fetch_one(&mut *self.reads.acquire().await?)
        .await?;
        Ok(int(&row, "n")?)
    }

    /// How many incidents are in each state (states with none are absent).
    pub async fn count_incidents_by_state(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows =
            sqlx::query("SELECT state, COUNT(*) AS n FROM incidents GROUP BY state ORDER BY state")
                .fetch_all(&mut *self.reads.acquire().await?)
                .await?;
        rows.iter()
            .map(|row| Ok((text(row, "state")?, int(row, "n")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}
