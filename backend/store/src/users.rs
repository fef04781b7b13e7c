//! Users: credentials (an argon2id hash, never the password), scopes and the disabled flag.

use sqlx::any::AnyRow;

use crate::row::{flag, int, text};
use crate::{Store, StoreError, new_id};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    /// Space-separated scope names.
    pub scopes: String,
    pub disabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub password_hash: String,
    pub scopes: String,
}

pub(crate) fn user_from_row(row: &AnyRow) -> Result<UserRecord, sqlx::Error> {
    Ok(UserRecord {
        id: text(row, "id")?,
        username: text(row, "username")?,
        password_hash: text(row, "password_hash")?,
        scopes: text(row, "scopes")?,
        disabled: flag(row, "disabled")?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
    })
}

/// The key usernames are unique by: compatibility caseless (Unicode D146: case-folded and
/// NFKC-normalised, so `Admin`, `ADMIN`, `ａｄｍｉｎ` and `admin` are one name).
pub fn username_key(username: &str) -> String {
    warden_protocol::text::compatibility_caseless(username)
}

impl Store {
    /// Creates a user; a name that equals an existing one without regard to case and Unicode
    /// compatibility forms is a [`StoreError::Conflict`].
    pub async fn create_user(&self, user: NewUser, now: i64) -> Result<UserRecord, StoreError> {
        let record = UserRecord {
            id: new_id(),
            username: user.username,
            password_hash: user.password_hash,
            scopes: user.scopes,
            disabled: false,
            created_at: now,
            updated_at: now,
        };
        sqlx::query(
            "INSERT INTO users (id, username, username_key, password_hash, scopes, disabled, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 0, $6, $6)",
        )
        .bind(&record.id)
        .bind(&record.username)
        .bind(username_key(&record.username))
        .bind(&record.password_hash)
        .bind(&record.scopes)
        .bind(now)
        .execute(&mut *self.writes.acquire().await?)
        .await
        .map_err(|e| StoreError::unique_violation(e, "user"))?;
        Ok(record)
    }

    pub async fn count_users(&self) -> Result<i64, StoreError> {
        let row: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&mut *self.reads.acquire().await?)
            .await?;
        Ok(row.0)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.password_hash, u.scopes, u.disabled, u.created_at, u.updated_at \
             FROM users u WHERE u.username = $1",
        )
        .bind(username)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        Ok(row.as_ref().map(user_from_row).transpose()?)
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.password_hash, u.scopes, u.disabled, u.created_at, u.updated_at \
             FROM users u WHERE u.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        Ok(row.as_ref().map(user_from_row).transpose()?)
    }

    pub async fn list_users(&self) -> Result<Vec<UserRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.id, u.username, u.password_hash, u.scopes, u.disabled, u.created_at, u.updated_at \
             FROM users u ORDER BY u.username",
        )
        .fetch_all(&mut *self.reads.acquire().await?)
        .await?;
        Ok(rows.iter().map(user_from_row).collect::<Result<_, _>>()?)
    }

    pub async fn set_password_hash(
        &self,
        user_id: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let done =
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(now)
                .bind(user_id)
                .execute(&mut *self.writes.acquire().await?)
                .await?;
        expect_one(done.rows_affected(), "user")
    }

    pub async fn set_user_scopes(
        &self,
        user_id: &str,
        scopes: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE users SET scopes = $1, updated_at = $2 WHERE id = $3")
            .bind(scopes)
            .bind(now)
            .bind(user_id)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        expect_one(done.rows_affected(), "user")
    }

    pub async fn set_user_disabled(
        &self,
        user_id: &str,
        disabled: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(disabled))
            .bind(now)
            .bind(user_id)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        expect_one(done.rows_affected(), "user")
    }
}

pub(crate) fn expect_one(rows: u64, what: &'static str) -> Result<(), StoreError> {
    if rows == 0 {
        Err(StoreError::NotFound(what))
    } else {
        Ok(())
    }
}
