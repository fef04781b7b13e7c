//! Small helpers for reading `Any` rows: flags are stored as 0/1 BIGINTs.

use sqlx::Row;
use sqlx::any::AnyRow;

pub(crate) fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

pub(crate) fn text(row: &AnyRow, column: &str) -> Result<String, sqlx::Error> {
    row.try_get::<String, _>(column)
}

pub(crate) fn int(row: &AnyRow, column: &str) -> Result<i64, sqlx::Error> {
    row.try_get::<i64, _>(column)
}

pub(crate) fn opt_int(row: &AnyRow, column: &str) -> Result<Option<i64>, sqlx::Error> {
    row.try_get::<Option<i64>, _>(column)
}

pub(crate) fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>, sqlx::Error> {
    row.try_get::<Option<String>, _>(column)
}

pub(crate) fn blob(row: &AnyRow, column: &str) -> Result<Vec<u8>, sqlx::Error> {
    row.try_get::<Vec<u8>, _>(column)
}
