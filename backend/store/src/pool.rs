use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Connection};

use crate::error::StoreError;
use crate::group_commit::Writer;
use crate::migrations::migrator;

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::InvalidUrl(format!(
                "'{}' is neither sqlite: nor postgres:// (expected sqlite://PATH or postgres://USER@HOST:PORT/DB)",
                redact_url(url)
            )))
        }
    }
}

/// The connection pool; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
    /// The group-commit writer for run events, token usage and audit rows.
    pub(crate) writer: Writer,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Connects, then applies any migration the database lacks.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let store = Self::open(url).await?;
        migrator().run(&store.pool).await?;
        store.backfill().await?;
        Ok(store)
    }

    /// Connects without applying migrations, to look at a database as it is (`warden doctor`,
    /// restore checks) without changing its schema.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let backend = Backend::from_url(url)?;
        install_default_drivers();
        let options = AnyPoolOptions::new()
            .max_connections(match backend {
                // One writer at a time anyway; a few readers alongside it under WAL.
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Under WAL, NORMAL syncs at checkpoints rather than on every commit: a
                        // committed transaction survives a crash of the process (it is in the
                        // WAL file, which the next open replays); only a power loss or an OS
                        // crash can take the last commits back. FULL paid an fsync per commit.
                        sqlx::query("PRAGMA synchronous = NORMAL")
                            .execute(connection)
                            .await?;
                    }
                    Ok(())
                })
            })
            // A transaction whose COMMIT or ROLLBACK failed (SQLite rolls back by itself on a
            // full disk, so the driver's own ROLLBACK then fails too) leaves the connection
            // counted as inside a transaction, and every later `BEGIN` on it fails. Such a
            // connection is closed when it comes back, never handed out again; the pool opens
            // a fresh one. (A transaction dropped on an error path may still have its rollback
            // queued at this point; closing that connection costs a reconnect, nothing else.)
            .after_release(|connection, _| {
                let clean = !connection.is_in_transaction();
                if !clean {
                    tracing::warn!("closing a pooled connection left inside a transaction");
                }
                Box::pin(async move { Ok(clean) })
            });
        let pool = options.connect(url).await?;
        if backend == Backend::Sqlite {
            // WAL lets readers proceed while one connection writes; it is a property of the file.
            sqlx::query("PRAGMA journal_mode=WAL")
                .execute(&pool)
                .await?;
        }
        let writer = Writer::start(pool.clone(), backend);
        Ok(Self {
            pool,
            backend,
            writer,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that will write. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads and then writes fails with SQLITE_BUSY,
    /// without waiting, when another connection wrote in between; an immediate one waits its turn.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        begin_write_on(&self.pool, self.backend).await
    }

    /// A round trip to the database, for readiness checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Proof that the database can still write: one row of its own rewritten in a committed
    /// transaction (a database that answers reads can still be unable to write: a full disk, a
    /// read-only mount). For readiness checks; `now` is Unix seconds.
    pub async fn check_writable(&self, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO write_checks (id, checked_at) VALUES (1, $1) \
             ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
        )
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// [`Store::begin_write`] on a bare pool, for the group-commit writer.
pub(crate) async fn begin_write_on(
    pool: &AnyPool,
    backend: Backend,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
    Ok(match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => pool.begin().await?,
    })
}

/// The URL with any password replaced, for messages and logs (Warden's one redaction).
pub fn redact_url(url: &str) -> String {
    warden_secrets::redact_text(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5/db"),
            "postgres://u:[redacted]@h:5/db"
        );
        assert_eq!(redact_url("postgres://u@h:5/db"), "postgres://u@h:5/db");
        assert_eq!(
            redact_url("sqlite://data/warden.db"),
            "sqlite://data/warden.db"
        );
    }

    #[test]
    fn rejects_unknown_schemes_by_name() {
        let err = Backend::from_url("mysql://x").err().map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|m| m.contains("'mysql://x'")),
            "{err:?}"
        );
    }
}
