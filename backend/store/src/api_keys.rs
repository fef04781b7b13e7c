//! API keys: stored by the SHA-256 of the secret (it has 256 bits of entropy, so a slow hash adds
//! nothing), with their scopes, expiry, last use and revocation.

use sqlx::any::AnyRow;

use crate::row::{int, opt_int, text};
use crate::users::{UserRecord, expect_one, user_from_row};
use crate::{Store, StoreError, new_id};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRecord {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub prefix: String,
    pub scopes: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub user_id: String,
    pub name: String,
    pub prefix: String,
    pub key_hash: String,
    pub scopes: String,
    pub expires_at: Option<i64>,
}

fn key_from_row(row: &AnyRow) -> Result<ApiKeyRecord, sqlx::Error> {
    Ok(ApiKeyRecord {
        id: text(row, "key_id")?,
        user_id: text(row, "key_user_id")?,
        name: text(row, "name")?,
        prefix: text(row, "prefix")?,
        scopes: text(row, "key_scopes")?,
        created_at: int(row, "key_created_at")?,
        expires_at: opt_int(row, "expires_at")?,
        last_used_at: opt_int(row, "last_used_at")?,
        revoked_at: opt_int(row, "revoked_at")?,
    })
}

const KEY_COLUMNS: &str = "k.id AS key_id, k.user_id AS key_user_id, k.name, k.prefix, k.scopes AS key_scopes, \
     k.created_at AS key_created_at, k.expires_at, k.last_used_at, k.revoked_at";

impl Store {
    /// Creates a key. A name is held by at most one live key (not revoked, not expired): policy
    /// grants name keys (`api_key:NAME`), so nobody may take a name another key answers to.
    pub async fn create_api_key(
        &self,
        key: NewApiKey,
        now: i64,
    ) -> Result<ApiKeyRecord, StoreError> {
        let id = new_id();
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        let taken = sqlx::query(
            "SELECT id FROM api_keys WHERE name = $1 AND revoked_at IS NULL \
             AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(&key.name)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict("an API key with this name"));
        }
        sqlx::query(
            "INSERT INTO api_keys (id, user_id, name, prefix, key_hash, scopes, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(&key.user_id)
        .bind(&key.name)
        .bind(&key.prefix)
        .bind(&key.key_hash)
        .bind(&key.scopes)
        .bind(now)
        .bind(key.expires_at)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::unique_violation(e, "api key"))?;
        tx.commit().await?;
        Ok(ApiKeyRecord {
            id,
            user_id: key.user_id,
            name: key.name,
            prefix: key.prefix,
            scopes: key.scopes,
            created_at: now,
            expires_at: key.expires_at,
            last_used_at: None,
            revoked_at: None,
        })
    }

    /// Every key of a user, revoked ones included, newest first.
    pub async fn list_api_keys(&self, user_id: &str) -> Result<Vec<ApiKeyRecord>, StoreError> {
        let sql = format!(
            "SELECT {KEY_COLUMNS} FROM api_keys k WHERE k.user_id = $1 ORDER BY k.created_at DESC, k.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?;
        Ok(rows.iter().map(key_from_row).collect::<Result<_, _>>()?)
    }

    /// Every key in the store, for administrators and the CLI.
    pub async fn list_all_api_keys(&self) -> Result<Vec<ApiKeyRecord>, StoreError> {
        let sql = format!("SELECT {KEY_COLUMNS} FROM api_keys k ORDER BY k.created_at DESC, k.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut *self.reads.acquire().await?)
            .await?;
        Ok(rows.iter().map(key_from_row).collect::<Result<_, _>>()?)
    }

    /// The key with this hash and its owner, whatever their state: the caller judges validity.
    pub async fn api_key_by_hash(
        &self,
        key_hash: &str,
    ) -> Result<Option<(ApiKeyRecord, UserRecord)>, StoreError> {
        let sql = format!(
            "SELECT {KEY_COLUMNS}, u.id, u.username, u.password_hash, u.scopes, u.disabled, u.created_at, u.updated_at \
             FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key_hash)
            .fetch_optional(&mut *self.reads.acquire().await?)
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some((key_from_row(&row)?, user_from_row(&row)?)))
    }

    pub async fn api_key_by_id(&self, id: &str) -> Result<Option<ApiKeyRecord>, StoreError> {
        let sql = format!("SELECT {KEY_COLUMNS} FROM api_keys k WHERE k.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&mut *self.reads.acquire().await?)
            .await?;
        Ok(row.as_ref().map(key_from_row).transpose()?)
    }

    /// Records a use. Writes at most once a minute per key, so a busy key does not turn every
    /// read into a write.
    pub async fn touch_api_key(&self, id: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(now)
        .bind(id)
        .bind(now - 60)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(())
    }

    pub async fn revoke_api_key(&self, id: &str, now: i64) -> Result<(), StoreError> {
        let done =
            sqlx::query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *self.writes.acquire().await?)
                .await?;
        expect_one(done.rows_affected(), "api key")
    }
}
