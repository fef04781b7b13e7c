use thiserror::Error;

/// What can go wrong in the store, sorted so the layers above can answer precisely.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A unique constraint refused the row (a username taken, say).
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// The database URL is unusable; the message says why.
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    /// Applying the embedded migrations failed.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The database cannot serve for a reason outside Warden (a full disk, a read-only mount, a
    /// server that is down): callers answer "unavailable, because ..." rather than "bug", and the
    /// same call works again once the cause is fixed.
    #[error("the database is unavailable: {}: {detail}", cause.describe())]
    Unavailable {
        cause: Unavailable,
        /// The driver's own message, for the log.
        detail: String,
    },
    /// Any other database failure (a bug, a constraint the caller did not expect).
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

/// Why the database is unavailable, in terms an operator can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// The filesystem holding the database is full (SQLite `SQLITE_FULL`, PostgreSQL `53100`).
    DiskFull,
    /// The database cannot be written: a read-only mount or file, a PostgreSQL standby.
    ReadOnly,
    /// The database file cannot be opened (its directory is missing or not accessible).
    CannotOpen,
    /// The disk failed a read or a write (SQLite `SQLITE_IOERR`, PostgreSQL `58030`).
    DiskError,
    /// Another writer holds the database longer than the busy timeout (SQLite `SQLITE_BUSY`).
    Busy,
    /// The database server cannot be reached, refuses connections, or no pooled connection
    /// became free in time.
    Unreachable,
    /// The store was closed (the server is stopping).
    Closed,
}

impl Unavailable {
    /// The cause in a few words, for messages and readiness details.
    pub fn describe(self) -> &'static str {
        match self {
            Unavailable::DiskFull => "the disk holding the database is full",
            Unavailable::ReadOnly => "the database is read-only",
            Unavailable::CannotOpen => "the database file cannot be opened",
            Unavailable::DiskError => "the disk holding the database failed a read or write",
            Unavailable::Busy => "the database is locked by another writer",
            Unavailable::Unreachable => "the database server is not reachable",
            Unavailable::Closed => "the database connection pool is closed",
        }
    }

    /// Sorts a driver error; None for errors that are not about the database's availability.
    // sqlx::Error is non-exhaustive and has some twenty variants; all but those named are
    // failures of a query, not of the database.
    #[allow(clippy::wildcard_enum_match_arm)]
    fn of(err: &sqlx::Error) -> Option<Self> {
        match err {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
                Some(Unavailable::Unreachable)
            }
            sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => Some(Unavailable::Closed),
            sqlx::Error::Database(db) => {
                if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                    db.code()
                        .and_then(|code| code.parse::<i32>().ok())
                        .and_then(Self::of_sqlite)
                } else if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                    Self::of_sqlstate(pg.code())
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// SQLite's extended result codes keep the primary code in their low byte.
    fn of_sqlite(extended: i32) -> Option<Self> {
        match extended & 0xff {
            5 => Some(Unavailable::Busy),
            8 => Some(Unavailable::ReadOnly),
            10 => Some(Unavailable::DiskError),
            13 => Some(Unavailable::DiskFull),
            14 => Some(Unavailable::CannotOpen),
            _ => None,
        }
    }

    fn of_sqlstate(state: &str) -> Option<Self> {
        match state {
            "53100" => Some(Unavailable::DiskFull),
            "25006" => Some(Unavailable::ReadOnly),
            "58030" => Some(Unavailable::DiskError),
            // Too many connections, shutting down, starting up, crashed, and the connection
            // exceptions (class 08).
            "53300" | "57P01" | "57P02" | "57P03" => Some(Unavailable::Unreachable),
            other if other.starts_with("08") => Some(Unavailable::Unreachable),
            _ => None,
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match Unavailable::of(&err) {
            Some(cause) => StoreError::Unavailable {
                cause,
                detail: err.to_string(),
            },
            None => StoreError::Database(err),
        }
    }
}

impl StoreError {
    /// Whether the database itself is out of reach (down, full, read-only, pool exhausted or
    /// closed), as opposed to a query that failed: callers answer "try later" rather than "bug".
    pub fn is_unavailable(&self) -> bool {
        self.unavailable().is_some()
    }

    /// The cause when the database is unavailable.
    pub fn unavailable(&self) -> Option<Unavailable> {
        match self {
            StoreError::Unavailable { cause, .. } => Some(*cause),
            StoreError::NotFound(_)
            | StoreError::Conflict(_)
            | StoreError::InvalidUrl(_)
            | StoreError::Migration(_)
            | StoreError::Database(_) => None,
        }
    }

    /// Maps a unique-constraint violation to `Conflict(what)`, leaving other errors as they are.
    pub(crate) fn unique_violation(err: sqlx::Error, what: &'static str) -> Self {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            return StoreError::Conflict(what);
        }
        err.into()
    }
}

#[cfg(test)]
mod tests {
    use super::Unavailable;

    #[test]
    fn causes_from_sqlite_codes_and_sqlstates() {
        // SQLITE_FULL, SQLITE_READONLY_DBMOVED, SQLITE_CANTOPEN_ISDIR, SQLITE_IOERR_WRITE.
        assert_eq!(Unavailable::of_sqlite(13), Some(Unavailable::DiskFull));
        assert_eq!(Unavailable::of_sqlite(1032), Some(Unavailable::ReadOnly));
        assert_eq!(Unavailable::of_sqlite(526), Some(Unavailable::CannotOpen));
        assert_eq!(Unavailable::of_sqlite(778), Some(Unavailable::DiskError));
        // SQLITE_CONSTRAINT_UNIQUE is the caller's business.
        assert_eq!(Unavailable::of_sqlite(2067), None);
        assert_eq!(
            Unavailable::of_sqlstate("53100"),
            Some(Unavailable::DiskFull)
        );
        assert_eq!(
            Unavailable::of_sqlstate("25006"),
            Some(Unavailable::ReadOnly)
        );
        assert_eq!(
            Unavailable::of_sqlstate("08006"),
            Some(Unavailable::Unreachable)
        );
        assert_eq!(Unavailable::of_sqlstate("23505"), None);
    }
}
