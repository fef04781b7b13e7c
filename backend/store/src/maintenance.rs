//! Looking after the database as an operator does: which schema it carries, whether it is
//! intact, the newest time it recorded (a clock check), and an online copy of a SQLite database.

use sqlx::Row;

use crate::migrations::KNOWN_SCHEMA_VERSION;
use crate::pool::Backend;
use crate::row::opt_int;
use crate::{Store, StoreError};

/// The migrations a database carries against those this build knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaStatus {
    /// The newest migration applied; `None` for a database Warden never started on.
    pub applied: Option<i64>,
    /// The newest migration this build carries.
    pub known: i64,
}

impl SchemaStatus {
    /// The database was written by a newer Warden: this build cannot run on it.
    pub fn is_newer_than_this_build(&self) -> bool {
        self.applied.is_some_and(|applied| applied > self.known)
    }

    /// Migrations the next start will apply.
    pub fn pending(&self) -> i64 {
        (self.known - self.applied.unwrap_or(0)).max(0)
    }
}

/// The newest migration this build carries.
pub fn known_schema_version() -> i64 {
    KNOWN_SCHEMA_VERSION
}

impl Store {
    /// The schema this database carries.
    pub async fn schema_status(&self) -> Result<SchemaStatus, StoreError> {
        let applied = match sqlx::query(
            "SELECT MAX(version) AS version FROM _sqlx_migrations WHERE success = TRUE",
        )
        .fetch_one(&mut *self.reads.acquire().await?)
        .await
        {
            Ok(row) => opt_int(&row, "version")?,
            // No migrations table: a database nothing was ever applied to.
            Err(sqlx::Error::Database(e)) if is_missing_table(e.message()) => None,
            Err(e) => return Err(e.into()),
        };
        Ok(SchemaStatus {
            applied,
            known: KNOWN_SCHEMA_VERSION,
        })
    }

    /// The newest time (Unix seconds) anything was recorded: sessions, audit entries, run
    /// events, monitor sweeps. A clock now earlier than this has gone backwards. Tables an
    /// older schema lacks are skipped.
    pub async fn newest_record_at(&self) -> Result<Option<i64>, StoreError> {
        const RECORDED: [&str; 4] = [
            "SELECT MAX(created_at) AS t FROM sessions",
            "SELECT MAX(at) AS t FROM audit_log",
            "SELECT MAX(created_at) AS t FROM run_events",
            "SELECT MAX(at) AS t FROM monitor_sweeps",
        ];
        let mut newest = None;
        for query in RECORDED {
            match sqlx::query(query)
                .fetch_one(&mut *self.reads.acquire().await?)
                .await
            {
                Ok(row) => newest = newest.max(opt_int(&row, "t")?),
                Err(sqlx::Error::Database(e)) if is_missing_table(e.message()) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(newest)
    }

    /// SQLite's own integrity check: an empty list when the file is sound, otherwise what it
    /// found (at most ten lines).
    pub async fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(Vec::new());
        }
        let rows = sqlx::query("PRAGMA integrity_check(10)")
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?;
        let mut problems = Vec::new();
        for row in rows {
            let line: String = row.try_get(0)?;
            if line != "ok" {
                problems.push(line);
            }
        }
        Ok(problems)
    }

    /// Writes a consistent copy of a SQLite database to `target` (which must not exist) while
    /// the server keeps running: `VACUUM INTO` reads one snapshot, so writes made meanwhile are
    /// either wholly in the copy or not at all. SQLite only (check [`Store::backend`] first);
    /// PostgreSQL is backed up with `pg_dump`.
    pub async fn backup_sqlite_into(&self, target: &str) -> Result<(), StoreError> {
        // A read: it must not hold the one write connection for the whole copy.
        sqlx::query("VACUUM INTO ?")
            .bind(target.to_owned())
            .execute(&mut *self.reads.acquire().await?)
            .await?;
        Ok(())
    }
}

fn is_missing_table(message: &str) -> bool {
    // SQLite: "no such table: _sqlx_migrations"; PostgreSQL: relation "..." does not exist.
    message.contains("no such table") || message.contains("does not exist")
}
