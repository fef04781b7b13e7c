//! Where a store's writes go. On SQLite, one connection held outside any pool behind a queue
//! (an async mutex): SQLite lets one connection write at a time, so writers queue in the
//! process and each starts the moment the previous one finishes, instead of sleeping in
//! SQLite's busy handler (1 ms, then 2, 5, 10...) and retrying. A pool of one connection queued
//! the same way, but sqlx's pool pings a connection on its worker thread every time it comes
//! back (`PoolConnection::return_to_pool`, in a task of its own), so each write cost a second
//! round trip to that thread and two more wake-ups: a third of a chat's statements. On
//! PostgreSQL, which writes concurrently, writes share the store's pool.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection};
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

use crate::{StoreError, Unavailable};

/// How long a writer waits for its turn (and for the connection to open) before it is told the
/// database is busy, as long as the pools' acquire timeout.
pub(crate) const WRITE_TURN_TIMEOUT: Duration = Duration::from_secs(10);

/// Where writes go; cheap to clone.
#[derive(Clone)]
pub(crate) enum Writes {
    /// SQLite: the one write connection.
    Sqlite(Arc<SqliteWriter>),
    /// PostgreSQL: the store's pool.
    Pool(AnyPool),
}

/// The SQLite write connection and what reopens it.
pub(crate) struct SqliteWriter {
    url: String,
    slot: Arc<Mutex<Slot>>,
    /// [`WRITE_TURN_TIMEOUT`], shorter in tests.
    turn_timeout: Duration,
}

pub(crate) struct Slot {
    /// None before the first write, after [`Writes::close`], and after a connection was found
    /// unusable (then the next writer opens a fresh one).
    connection: Option<AnyConnection>,
    closed: bool,
}

/// A write connection held by one writer until dropped.
pub(crate) enum WriteConnection {
    Sqlite(OwnedMappedMutexGuard<Slot, AnyConnection>),
    Pool(PoolConnection<Any>),
}

impl Deref for WriteConnection {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match self {
            WriteConnection::Sqlite(connection) => connection,
            WriteConnection::Pool(connection) => connection,
        }
    }
}

impl DerefMut for WriteConnection {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            WriteConnection::Sqlite(connection) => connection,
            WriteConnection::Pool(connection) => connection,
        }
    }
}

impl Writes {
    /// The SQLite write connection to `url`, opened by the first write.
    pub(crate) fn sqlite(url: &str) -> Self {
        Writes::Sqlite(Arc::new(SqliteWriter {
            url: url.to_owned(),
            slot: Arc::new(Mutex::new(Slot {
                connection: None,
                closed: false,
            })),
            turn_timeout: WRITE_TURN_TIMEOUT,
        }))
    }

    /// The write connection, once every writer queued before this one is done with it, within
    /// [`WRITE_TURN_TIMEOUT`].
    ///
    /// Errors: [`StoreError::Unavailable`] when the turn does not come in time (a writer holds
    /// the connection that long), after [`Writes::close`], or when the connection cannot open.
    pub(crate) async fn acquire(&self) -> Result<WriteConnection, StoreError> {
        match self {
            Writes::Pool(pool) => Ok(WriteConnection::Pool(pool.acquire().await?)),
            Writes::Sqlite(writer) => writer.acquire().await,
        }
    }

    /// Closes the write connection; later writes fail as on a closed pool.
    pub(crate) async fn close(&self) {
        match self {
            Writes::Pool(pool) => pool.close().await,
            Writes::Sqlite(writer) => {
                let mut slot = writer.slot.lock().await;
                slot.closed = true;
                if let Some(connection) = slot.connection.take() {
                    let _ = connection.close().await;
                }
            }
        }
    }
}

impl SqliteWriter {
    async fn acquire(&self) -> Result<WriteConnection, StoreError> {
        tokio::time::timeout(self.turn_timeout, self.turn())
            .await
            .unwrap_or_else(|_| {
                Err(StoreError::Unavailable {
                    cause: Unavailable::Busy,
                    detail: format!(
                        "no turn on the database's write connection within {} ms",
                        self.turn_timeout.as_millis()
                    ),
                })
            })
    }

    async fn turn(&self) -> Result<WriteConnection, StoreError> {
        let mut slot = self.slot.clone().lock_owned().await;
        if slot.closed {
            return Err(sqlx::Error::PoolClosed.into());
        }
        if let Some(connection) = slot.connection.as_mut()
            && !usable(connection).await
        {
            tracing::warn!(
                "reopening the write connection: left inside a transaction, or its thread stopped"
            );
            if let Some(connection) = slot.connection.take() {
                let _ = connection.close().await;
            }
        }
        if slot.connection.is_none() {
            slot.connection = Some(open(&self.url).await?);
        }
        OwnedMutexGuard::try_map(slot, |slot| slot.connection.as_mut())
            .map(WriteConnection::Sqlite)
            .map_err(|_| sqlx::Error::PoolClosed.into())
    }
}

/// Whether the next writer (or reader) can use `connection`. A transaction dropped without its commit (an
/// error path, a cancelled run) only queues its rollback on the connection's thread, so the
/// connection can still count as inside a transaction when the next writer takes it: a ping
/// waits for the rollback, and only a connection still inside a transaction after it, or whose
/// thread has stopped, is unusable. That is a transaction whose COMMIT or ROLLBACK failed (SQLite
/// rolls back by itself on a full disk, so the driver's own ROLLBACK then fails too; every later
/// `BEGIN` would fail), or a thread that stopped because it could not roll back a cancelled
/// `BEGIN` (it leaves the count raised too). The common case, outside any transaction, costs no
/// round trip.
pub(crate) async fn usable(connection: &mut AnyConnection) -> bool {
    if !connection.is_in_transaction() {
        return true;
    }
    connection.ping().await.is_ok() && !connection.is_in_transaction()
}

/// Opens a SQLite connection (to write or to read) with the settings every SQLite connection of
/// the store has.
pub(crate) async fn open(url: &str) -> Result<AnyConnection, StoreError> {
    let mut connection = AnyConnection::connect(url).await?;
    crate::pool::configure_sqlite(&mut connection).await?;
    Ok(connection)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer(dir: &std::path::Path, turn_timeout: Duration) -> SqliteWriter {
        sqlx::any::install_default_drivers();
        SqliteWriter {
            url: format!("sqlite://{}?mode=rwc", dir.join("w.db").display()),
            slot: Arc::new(Mutex::new(Slot {
                connection: None,
                closed: false,
            })),
            turn_timeout,
        }
    }

    #[tokio::test]
    async fn a_writer_kept_waiting_is_told_the_database_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let writer = writer(dir.path(), Duration::from_millis(200));
        let held = writer.acquire().await.unwrap();
        let err = writer.acquire().await.err().unwrap();
        assert_eq!(err.unavailable(), Some(Unavailable::Busy), "{err:?}");
        assert!(err.to_string().contains("200 ms"), "{err}");
        drop(held);
        writer.acquire().await.unwrap();
    }

    #[tokio::test]
    async fn a_dropped_transaction_leaves_the_connection_usable() {
        let dir = tempfile::tempdir().unwrap();
        let writer = writer(dir.path(), WRITE_TURN_TIMEOUT);
        let mut connection = writer.acquire().await.unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&mut *connection)
            .await
            .unwrap();
        let mut tx = connection.begin_with("BEGIN IMMEDIATE").await.unwrap();
        sqlx::query("INSERT INTO t VALUES (1)")
            .execute(&mut *tx)
            .await
            .unwrap();
        // Dropped without commit: the rollback is only queued on the connection's thread.
        drop(tx);
        assert!(usable(&mut connection).await);
        assert!(!connection.is_in_transaction());
        let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM t")
            .fetch_one(&mut *connection)
            .await
            .unwrap();
        assert_eq!(rows, 0, "the dropped transaction was rolled back");
    }
}
