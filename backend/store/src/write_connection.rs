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

use crate::StoreError;

/// How long a writer waits for its turn before it is told the database is not available, as
/// long as the pools' acquire timeout.
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
        let mut slot = tokio::time::timeout(WRITE_TURN_TIMEOUT, self.slot.clone().lock_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?;
        if slot.closed {
            return Err(sqlx::Error::PoolClosed.into());
        }
        // A transaction whose COMMIT or ROLLBACK failed (SQLite rolls back by itself on a full
        // disk, so the driver's own ROLLBACK then fails too) leaves the connection counted as
        // inside a transaction, and every later `BEGIN` on it would fail: it is closed and a
        // fresh one opened. (A transaction dropped on an error path may still have its rollback
        // queued here; closing that connection costs a reconnect, nothing else.)
        if slot
            .connection
            .as_ref()
            .is_some_and(|connection| connection.is_in_transaction())
        {
            tracing::warn!("reopening the write connection, left inside a transaction");
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

/// Opens a write connection with the settings every SQLite connection of the store has.
async fn open(url: &str) -> Result<AnyConnection, StoreError> {
    let mut connection = AnyConnection::connect(url).await?;
    crate::pool::configure_sqlite(&mut connection).await?;
    Ok(connection)
}
