//! Where a store's reads go. On SQLite, a few connections of the store's own, held outside any
//! pool: each read takes a free one and gives it back when done. sqlx's pool pings a connection
//! on its worker thread every time it comes back (`PoolConnection::return_to_pool`, in a task
//! of its own, whatever the options say), so through the pool every read cost a second round
//! trip to that thread and two more wake-ups. A SQLite connection is a file handle in this
//! process: it cannot drop the way a network connection can, so the ping checks nothing (the
//! pool's ping before acquiring was already off for SQLite). On PostgreSQL, whose connections
//! can die with the server or the network, reads keep the pool and its checks.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection};
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};

use crate::write_connection::{open, usable};
use crate::{StoreError, Unavailable};

/// How long a reader waits for a free connection (and for it to open) before it is told the
/// database is busy, as long as the pool's acquire timeout.
const READ_TURN_TIMEOUT: Duration = Duration::from_secs(10);

/// Where reads go; cheap to clone.
#[derive(Clone)]
pub(crate) enum Reads {
    /// SQLite: the store's own read connections.
    Sqlite(Arc<SqliteReaders>),
    /// PostgreSQL: the store's pool.
    Pool(AnyPool),
}

/// SQLite's read connections: `slots` of them, opened when first needed, `free` counting the
/// ones no reader holds.
pub(crate) struct SqliteReaders {
    url: String,
    slots: Vec<Arc<Mutex<Option<AnyConnection>>>>,
    free: Arc<Semaphore>,
    closed: AtomicBool,
}

/// A read connection held by one reader until dropped.
pub(crate) enum ReadConnection {
    Sqlite {
        // Declared before the permit: the slot is unlocked before the permit says it is free.
        connection: OwnedMappedMutexGuard<Option<AnyConnection>, AnyConnection>,
        _permit: OwnedSemaphorePermit,
    },
    Pool(PoolConnection<Any>),
}

impl Deref for ReadConnection {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match self {
            ReadConnection::Sqlite { connection, .. } => connection,
            ReadConnection::Pool(connection) => connection,
        }
    }
}

impl DerefMut for ReadConnection {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            ReadConnection::Sqlite { connection, .. } => connection,
            ReadConnection::Pool(connection) => connection,
        }
    }
}

impl Reads {
    /// `count` SQLite read connections to `url`, each opened by the first read that takes it.
    pub(crate) fn sqlite(url: &str, count: usize) -> Self {
        Reads::Sqlite(Arc::new(SqliteReaders {
            url: url.to_owned(),
            slots: (0..count.max(1))
                .map(|_| Arc::new(Mutex::new(None)))
                .collect(),
            free: Arc::new(Semaphore::new(count.max(1))),
            closed: AtomicBool::new(false),
        }))
    }

    /// A read connection, once one is free, within [`READ_TURN_TIMEOUT`].
    ///
    /// Errors: [`StoreError::Unavailable`] when none is free in time, after [`Reads::close`],
    /// or when the connection cannot open.
    pub(crate) async fn acquire(&self) -> Result<ReadConnection, StoreError> {
        match self {
            Reads::Pool(pool) => Ok(ReadConnection::Pool(pool.acquire().await?)),
            Reads::Sqlite(readers) => tokio::time::timeout(READ_TURN_TIMEOUT, readers.take())
                .await
                .unwrap_or_else(|_| {
                    Err(StoreError::Unavailable {
                        cause: Unavailable::Busy,
                        detail: format!(
                            "no read connection to the database came free within {} ms",
                            READ_TURN_TIMEOUT.as_millis()
                        ),
                    })
                }),
        }
    }

    /// Closes the read connections (waiting for reads in progress); later reads fail as on a
    /// closed pool.
    pub(crate) async fn close(&self) {
        match self {
            Reads::Pool(pool) => pool.close().await,
            Reads::Sqlite(readers) => {
                readers.closed.store(true, Ordering::SeqCst);
                readers.free.close();
                for slot in &readers.slots {
                    if let Some(connection) = slot.lock().await.take() {
                        let _ = connection.close().await;
                    }
                }
            }
        }
    }
}

impl SqliteReaders {
    async fn take(&self) -> Result<ReadConnection, StoreError> {
        let permit = self
            .free
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::from(sqlx::Error::PoolClosed))?;
        if self.closed.load(Ordering::SeqCst) {
            return Err(sqlx::Error::PoolClosed.into());
        }
        // A permit means a slot is unlocked: no other reader holds more slots than permits.
        let mut slot = None;
        for candidate in &self.slots {
            if let Ok(guard) = candidate.clone().try_lock_owned() {
                slot = Some(guard);
                break;
            }
        }
        let Some(mut slot) = slot else {
            return Err(StoreError::Unavailable {
                cause: Unavailable::Busy,
                detail: "no read connection was free although one was counted free".to_owned(),
            });
        };
        if let Some(connection) = slot.as_mut()
            && !usable(connection).await
        {
            tracing::warn!(
                "reopening a read connection: left inside a transaction, or its thread stopped"
            );
            if let Some(connection) = slot.take() {
                let _ = connection.close().await;
            }
        }
        if slot.is_none() {
            *slot = Some(open(&self.url).await?);
        }
        let connection = OwnedMutexGuard::try_map(slot, Option::as_mut)
            .map_err(|_| StoreError::from(sqlx::Error::PoolClosed))?;
        Ok(ReadConnection::Sqlite {
            connection,
            _permit: permit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readers(dir: &std::path::Path, count: usize) -> Reads {
        sqlx::any::install_default_drivers();
        Reads::sqlite(
            &format!("sqlite://{}?mode=rwc", dir.join("r.db").display()),
            count,
        )
    }

    #[tokio::test]
    async fn readers_share_the_connections_and_wait_for_a_free_one() {
        let dir = tempfile::tempdir().unwrap();
        let reads = readers(dir.path(), 2);
        let first = reads.acquire().await.unwrap();
        let mut second = reads.acquire().await.unwrap();
        let (one,): (i64,) = sqlx::query_as("SELECT 1")
            .fetch_one(&mut *second)
            .await
            .unwrap();
        assert_eq!(one, 1);
        // Both are taken: a third reader waits until one is given back.
        let third = {
            let reads = reads.clone();
            tokio::spawn(async move { reads.acquire().await.map(|_| ()) })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !third.is_finished(),
            "a third reader waits for a free connection"
        );
        drop(first);
        third.await.unwrap().unwrap();
        drop(second);
        reads.close().await;
        let err = reads.acquire().await.err().unwrap();
        assert!(err.to_string().contains("closed"), "{err}");
    }
}
