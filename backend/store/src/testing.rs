//! Throwaway databases for test suites. Every suite that needs PostgreSQL reads its server from
//! `WARDEN_TEST_POSTGRES_URL`, which `make test` sets after starting a server on a loopback port.

use sqlx::AnyConnection;
use sqlx::Connection;
use sqlx::any::install_default_drivers;

use crate::StoreError;

/// The variable that names the PostgreSQL server tests use.
pub const POSTGRES_URL_VAR: &str = "WARDEN_TEST_POSTGRES_URL";

/// Creates a new, empty database on the test server and returns its URL.
///
/// Fails with a message that says how to start the server when the variable is unset: a suite
/// that silently skipped PostgreSQL would claim a coverage it does not have.
pub async fn fresh_postgres_database() -> Result<String, StoreError> {
    let base = std::env::var(POSTGRES_URL_VAR).map_err(|_| {
        StoreError::InvalidUrl(format!(
            "{POSTGRES_URL_VAR} is not set: run the suite through `make test`, or start PostgreSQL with \
             `tests/scripts/services.sh start postgres` and export the URL it prints"
        ))
    })?;
    install_default_drivers();
    let name = format!("warden_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = AnyConnection::connect(&base).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    let (server, _db) = base.rsplit_once('/').unwrap_or((base.as_str(), ""));
    Ok(format!("{server}/{name}"))
}

/// Creates (or brings) the SQLite or PostgreSQL database at `url` to schema `version` exactly,
/// as a Warden of that schema would have left it: for tests of upgrades across migrations. The
/// next [`crate::Store::connect`] applies the rest.
pub async fn database_at_schema(url: &str, version: i64) -> Result<(), StoreError> {
    install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await?;
    crate::migrations::migrator_up_to(version)
        .run(&pool)
        .await?;
    pool.close().await;
    Ok(())
}
