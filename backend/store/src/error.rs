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
    /// Any other database failure (connection lost, I/O, a bug).
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Whether the database itself is out of reach (down, pool exhausted or closed), as opposed
    /// to a query that failed: callers answer "try later" rather than "bug".
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Database(
                sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Io(_)
                    | sqlx::Error::Tls(_)
            )
        )
    }

    /// Maps a unique-constraint violation to `Conflict(what)`, leaving other errors as they are.
    pub(crate) fn unique_violation(err: sqlx::Error, what: &'static str) -> Self {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            return StoreError::Conflict(what);
        }
        StoreError::Database(err)
    }
}
