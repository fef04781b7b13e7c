use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyConnection, AnyPool, Connection};

use crate::error::StoreError;
use crate::group_commit::Writer;
use crate::migrations::migrator;
use crate::read_connections::Reads;
use crate::write_connection::Writes;

/// SQLite read connections a store keeps.
const SQLITE_READERS: usize = 8;

/// PostgreSQL's pool: its reads and writes. A pooled connection is pinged before it is handed
/// out (PostgreSQL's connections can die with the server or the network), and one left inside a
/// transaction is closed when it comes back.
async fn postgres_pool(url: &str, read_only: bool) -> Result<AnyPool, StoreError> {
    let options = AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .test_before_acquire(true)
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if read_only {
                    sqlx::query("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                        .execute(&mut *connection)
                        .await?;
                }
                Ok(())
            })
        })
        // A transaction whose COMMIT or ROLLBACK failed leaves the connection counted as
        // inside a transaction, and every later `BEGIN` on it fails. Such a connection is
        // closed when it comes back, never handed out again; the pool opens a fresh one. (A
        // transaction dropped on an error path may still have its rollback queued at this
        // point; closing that connection costs a reconnect, nothing else.)
        .after_release(|connection, _| {
            let clean = !connection.is_in_transaction();
            if !clean {
                tracing::warn!("closing a pooled connection left inside a transaction");
            }
            Box::pin(async move { Ok(clean) })
        });
    Ok(options.connect(url).await?)
}

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

/// The database's connections; cheap to clone.
#[derive(Clone)]
pub struct Store {
    /// Reads: on SQLite the store's own read connections; on PostgreSQL its pool (see
    /// [`Reads`]).
    pub(crate) reads: Reads,
    /// Writes: on SQLite one connection of its own, which writers take in turn; on PostgreSQL
    /// the same pool as `reads` (see [`Writes`]).
    pub(crate) writes: Writes,
    backend: Backend,
    /// The group-commit writer for run events, token usage and audit rows.
    pub(crate) writer: Writer,
    /// How far this store may write.
    access: Access,
}

/// How a store was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads and writes.
    ReadWrite,
    /// Reads only (SQLite `mode=ro`; PostgreSQL sessions whose transactions are read-only),
    /// alongside a server that may be writing.
    ReadOnly,
    /// Reads only, of the SQLite file as it stands, without locks or the WAL's shared memory
    /// (`immutable=1`): what is left when even a read-only connection cannot start (the disk
    /// is full, so SQLite cannot create the WAL index). Consistent when no server has the file
    /// open, which is the case then: a running server keeps the WAL index in place.
    Snapshot,
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
        migrator().run(&mut *store.reads.acquire().await?).await?;
        store.backfill().await?;
        Ok(store)
    }

    /// Connects without applying migrations, to look at a database as it is (restore checks)
    /// without changing its schema.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with(url, Access::ReadWrite).await
    }

    /// Connects for reading only, never writing a byte of the database (no migration, no
    /// journal-mode change), so commands that only read work on a full disk or a read-only
    /// mount. SQLite is opened `mode=ro`; when that cannot start (on a full disk SQLite cannot
    /// create the WAL index), the file is read as a [`Access::Snapshot`]. PostgreSQL sessions
    /// are made read-only. Writes through such a store fail.
    pub async fn open_read_only(url: &str) -> Result<Self, StoreError> {
        let backend = Backend::from_url(url)?;
        match backend {
            Backend::Postgres => Self::open_with(url, Access::ReadOnly).await,
            Backend::Sqlite => {
                let shared = sqlite_url(url, "mode=ro");
                // One connection, briefly, first: on a full disk SQLite cannot create the WAL
                // index, and a pool would retry that (logging each failure) until its acquire
                // timeout. The expected fallback should be quick and quiet.
                if let Err(error) = probe_sqlite(&shared).await {
                    tracing::debug!(%error, "a read-only connection could not start; reading the file as it stands");
                    let snapshot = sqlite_url(url, "mode=ro&immutable=1");
                    return Self::open_with(&snapshot, Access::Snapshot)
                        .await
                        .map_err(|_| error);
                }
                let store = Self::open_with(&shared, Access::ReadOnly).await;
                let error = match store {
                    Ok(store) => match store.ping().await {
                        Ok(()) => return Ok(store),
                        Err(e) => {
                            store.close().await;
                            e
                        }
                    },
                    Err(e) => e,
                };
                tracing::debug!(%error, "a read-only connection could not start; reading the file as it stands");
                let snapshot = sqlite_url(url, "mode=ro&immutable=1");
                Self::open_with(&snapshot, Access::Snapshot)
                    .await
                    .map_err(|_| error)
            }
        }
    }

    /// How this store was opened.
    pub fn access(&self) -> Access {
        self.access
    }

    async fn open_with(url: &str, access: Access) -> Result<Self, StoreError> {
        let backend = Backend::from_url(url)?;
        install_default_drivers();
        let read_only = access != Access::ReadWrite;
        let (reads, writes) = match backend {
            Backend::Sqlite => {
                if !read_only {
                    create_private_sqlite_file(url).await;
                }
                // One writer at a time anyway; a few readers alongside it under WAL.
                let reads = Reads::sqlite(url, SQLITE_READERS);
                // The first connection opens now, so a file that cannot be opened is reported
                // by `open`, naming why.
                let mut first = reads.acquire().await?;
                if !read_only {
                    // WAL lets readers proceed while one connection writes; it is a property
                    // of the file.
                    sqlx::query("PRAGMA journal_mode=WAL")
                        .execute(&mut *first)
                        .await?;
                }
                drop(first);
                (reads, Writes::sqlite(url))
            }
            Backend::Postgres => {
                let pool = postgres_pool(url, read_only).await?;
                (Reads::Pool(pool.clone()), Writes::Pool(pool))
            }
        };
        let writer = Writer::start(writes.clone(), backend);
        Ok(Self {
            reads,
            writes,
            backend,
            writer,
            access,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that will write, on `connection` (from `self.writes.acquire()`).
    pub(crate) async fn begin_write<'c>(
        &self,
        connection: &'c mut AnyConnection,
    ) -> Result<sqlx::Transaction<'c, sqlx::Any>, StoreError> {
        begin_write_in(connection, self.backend).await
    }

    /// A round trip to the database, for readiness checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&mut *self.reads.acquire().await?)
            .await?;
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
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.writes.close().await;
        self.reads.close().await;
    }

    /// Makes the closed SQLite database at `url` one self-contained file: switches it to the
    /// rollback journal (`PRAGMA journal_mode=DELETE`), which folds the WAL into the file and
    /// removes its `-wal` and `-shm` files. For a file about to be moved (`warden restore`): its
    /// WAL would stay behind under the old name, with whatever it held. The next
    /// [`Store::open`] turns WAL on again.
    ///
    /// The switch needs the only connection to the file. A closed store's pool can still be
    /// closing a connection on that connection's thread (one dropped on its way back to the
    /// pool), so a refused switch is tried again, for up to [`SETTLE_TIMEOUT`].
    ///
    /// # Errors
    /// The file cannot be opened, or another connection (another process) keeps it in WAL mode
    /// past the timeout: [`StoreError::Unavailable`].
    pub async fn settle_sqlite_file(url: &str) -> Result<(), StoreError> {
        install_default_drivers();
        let deadline = tokio::time::Instant::now() + SETTLE_TIMEOUT;
        loop {
            let attempt = async {
                let mut connection = AnyConnection::connect(url).await?;
                let mode: Result<(String,), sqlx::Error> =
                    sqlx::query_as("PRAGMA journal_mode=DELETE")
                        .fetch_one(&mut connection)
                        .await;
                let _ = connection.close().await;
                mode
            };
            let refused = match tokio::time::timeout_at(deadline, attempt).await {
                Ok(Ok((mode,))) if mode.eq_ignore_ascii_case("delete") => return Ok(()),
                Ok(Ok((mode,))) => format!("it stayed in {mode} journal mode"),
                // Another connection makes SQLite refuse the switch: busy or locked, in any of
                // their extended forms (the driver reports the extended code).
                Ok(Err(e))
                    if e.as_database_error()
                        .and_then(|e| e.code())
                        .and_then(|code| code.parse::<i32>().ok())
                        .is_some_and(|code| matches!(code & 0xff, 5 | 6)) =>
                {
                    e.to_string()
                }
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => "the attempt did not finish".to_owned(),
            };
            if tokio::time::Instant::now() >= deadline {
                return Err(StoreError::Unavailable {
                    cause: crate::error::Unavailable::Busy,
                    detail: format!(
                        "{} could not be made one file (its write-ahead log folded in) within {} s, {refused}: another connection has it open",
                        redact_url(url),
                        SETTLE_TIMEOUT.as_secs()
                    ),
                });
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// How long [`Store::settle_sqlite_file`] waits for the other connections to close.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(5);

/// A transaction that will write, on a write connection. On SQLite it takes the write lock at
/// once (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes fails with
/// SQLITE_BUSY, without waiting, when another connection (another process) wrote in between; an
/// immediate one waits its turn.
pub(crate) async fn begin_write_in(
    connection: &mut AnyConnection,
    backend: Backend,
) -> Result<sqlx::Transaction<'_, sqlx::Any>, StoreError> {
    Ok(match backend {
        Backend::Sqlite => connection.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => connection.begin().await?,
    })
}

/// The settings every SQLite connection of a store gets when it opens.
pub(crate) async fn configure_sqlite(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    // Under WAL, NORMAL syncs at checkpoints rather than on every commit: a committed
    // transaction survives a crash of the process (it is in the WAL file, which the next open
    // replays); only a power loss or an OS crash can take the last commits back. FULL paid an
    // fsync per commit.
    sqlx::query("PRAGMA synchronous = NORMAL")
        .execute(connection)
        .await?;
    Ok(())
}

/// A SQLite URL with its `mode` and `immutable` parameters replaced by `params`.
/// How long the read-only probe may take to open the file and read its schema.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// Opens one connection to `url` outside any pool and reads the schema, within
/// [`PROBE_TIMEOUT`]: whether a shared (WAL) reader can start at all.
async fn probe_sqlite(url: &str) -> Result<(), StoreError> {
    install_default_drivers();
    let attempt = async {
        let mut connection = sqlx::AnyConnection::connect(url).await?;
        let read = sqlx::query("SELECT count(*) FROM sqlite_master")
            .execute(&mut connection)
            .await;
        let _ = connection.close().await;
        read.map(drop)
    };
    match tokio::time::timeout(PROBE_TIMEOUT, attempt).await {
        Ok(result) => result.map_err(StoreError::from),
        Err(_) => Err(StoreError::Unavailable {
            cause: crate::error::Unavailable::Busy,
            detail: format!(
                "the database did not open for reading within {} s",
                PROBE_TIMEOUT.as_secs()
            ),
        }),
    }
}

/// Creates the SQLite file a read-write URL names, mode 0600, when it does not exist yet: the
/// database holds password hashes and the audit log. SQLite gives its `-wal` and `-shm` files
/// the database file's mode. In-memory databases and files that exist are left alone.
async fn create_private_sqlite_file(url: &str) {
    let base = url.split_once('?').map_or(url, |(base, _)| base);
    let path = base
        .strip_prefix("sqlite://")
        .or_else(|| base.strip_prefix("sqlite:"))
        .unwrap_or(base);
    if path.is_empty()
        || path.starts_with(':')
        || path.starts_with("file:")
        || url.contains("mode=memory")
    {
        return;
    }
    // An error here (a missing directory, no space) is the connection's to report.
    let _ = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .await;
}

fn sqlite_url(url: &str, params: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && key != "mode" && key != "immutable"
        })
        .collect();
    let mut all = kept.join("&");
    if !all.is_empty() {
        all.push('&');
    }
    all.push_str(params);
    format!("{base}?{all}")
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
    fn read_only_urls_replace_the_mode() {
        assert_eq!(
            sqlite_url("sqlite:///data/warden.db?mode=rwc", "mode=ro"),
            "sqlite:///data/warden.db?mode=ro"
        );
        assert_eq!(
            sqlite_url(
                "sqlite:///d/w.db?cache=shared&immutable=0&mode=rw",
                "mode=ro&immutable=1"
            ),
            "sqlite:///d/w.db?cache=shared&mode=ro&immutable=1"
        );
        assert_eq!(sqlite_url("sqlite:w.db", "mode=ro"), "sqlite:w.db?mode=ro");
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
