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

/// A column holding one of the wire's few-valued words (a status, a risk...): a word the type
/// does not know is a decoding error that names the column, never a silent default.
pub(crate) fn word<T>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error>
where
    T: std::str::FromStr,
{
    let text = row.try_get::<String, _>(column)?;
    parse_word(column, &text)
}

pub(crate) fn opt_word<T>(row: &AnyRow, column: &str) -> Result<Option<T>, sqlx::Error>
where
    T: std::str::FromStr,
{
    match row.try_get::<Option<String>, _>(column)? {
        Some(text) => parse_word(column, &text).map(Some),
        None => Ok(None),
    }
}

fn parse_word<T: std::str::FromStr>(column: &str, text: &str) -> Result<T, sqlx::Error> {
    text.parse().map_err(|_| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: format!("'{text}' is not a known value of {column}").into(),
    })
}
