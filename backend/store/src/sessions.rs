//! Login sessions and their refresh tokens. A session is one refresh-token family: each refresh
//! retires the presented token and issues the next; presenting a retired token again means it was
//! stolen or replayed, so the whole family is revoked.

use sqlx::any::AnyRow;

use crate::row::{int, opt_int, opt_text, text};
use crate::users::{UserRecord, expect_one, user_from_row};
use crate::{Store, StoreError, new_id};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: String,
    pub user_id: String,
    pub client_ip: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub revoke_reason: Option<String>,
}

/// A session with its user, what every authenticated request checks.
#[derive(Debug, Clone)]
pub struct SessionPrincipal {
    pub session: SessionRecord,
    pub user: UserRecord,
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was current: it is now retired and `next_hash` is the family's new token.
    Rotated {
        session_id: String,
        user_id: String,
        /// When the session (and so its newest token) expires.
        expires_at: i64,
    },
    /// No such token.
    Unknown,
    /// The token, or its session, has expired.
    Expired,
    /// The session was already revoked (logout, user disabled, an earlier reuse).
    Revoked,
    /// The token had already been used: the family has now been revoked.
    ReuseDetected { session_id: String },
}

fn session_from_row(row: &AnyRow) -> Result<SessionRecord, sqlx::Error> {
    Ok(SessionRecord {
        id: text(row, "session_id")?,
        user_id: text(row, "session_user_id")?,
        client_ip: text(row, "client_ip")?,
        created_at: int(row, "session_created_at")?,
        expires_at: int(row, "session_expires_at")?,
        revoked_at: opt_int(row, "revoked_at")?,
        revoke_reason: opt_text(row, "revoke_reason")?,
    })
}

impl Store {
    /// Opens a session and stores its first refresh token (by hash).
    pub async fn create_session(
        &self,
        user_id: &str,
        client_ip: &str,
        refresh_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<SessionRecord, StoreError> {
        let session = SessionRecord {
            id: new_id(),
            user_id: user_id.to_owned(),
            client_ip: client_ip.to_owned(),
            created_at: now,
            expires_at,
            revoked_at: None,
            revoke_reason: None,
        };
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        sqlx::query(
            "INSERT INTO sessions (id, user_id, client_ip, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&session.id)
        .bind(user_id)
        .bind(client_ip)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        insert_refresh(&mut tx, &session.id, refresh_hash, now, expires_at).await?;
        tx.commit().await?;
        Ok(session)
    }

    /// The session and its user, for checking an access token on every request.
    pub async fn session_principal(
        &self,
        session_id: &str,
    ) -> Result<Option<SessionPrincipal>, StoreError> {
        let row = sqlx::query(
            "SELECT s.id AS session_id, s.user_id AS session_user_id, s.client_ip, \
                    s.created_at AS session_created_at, s.expires_at AS session_expires_at, \
                    s.revoked_at, s.revoke_reason, \
                    u.id, u.username, u.password_hash, u.scopes, u.disabled, u.created_at, u.updated_at \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1",
        )
        .bind(session_id)
        .fetch_optional(&mut *self.reads.acquire().await?)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionPrincipal {
            session: session_from_row(&row)?,
            user: user_from_row(&row)?,
        }))
    }

    /// Retires `presented_hash` and stores `next_hash` in the same family, atomically; detects reuse.
    pub async fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        next_hash: &str,
        now: i64,
    ) -> Result<RefreshOutcome, StoreError> {
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        let row = sqlx::query(
            "SELECT t.id, t.session_id, t.expires_at, t.used_at, s.user_id, s.revoked_at, s.expires_at AS session_expires_at \
             FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = $1",
        )
        .bind(presented_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(RefreshOutcome::Unknown);
        };
        let token_id = text(&row, "id")?;
        let session_id = text(&row, "session_id")?;
        let user_id = text(&row, "user_id")?;
        if opt_int(&row, "revoked_at")?.is_some() {
            return Ok(RefreshOutcome::Revoked);
        }
        if opt_int(&row, "used_at")?.is_some() {
            revoke_session_in(&mut tx, &session_id, "refresh token reuse", now).await?;
            tx.commit().await?;
            return Ok(RefreshOutcome::ReuseDetected { session_id });
        }
        let expires_at = int(&row, "expires_at")?.min(int(&row, "session_expires_at")?);
        if expires_at <= now {
            return Ok(RefreshOutcome::Expired);
        }
        // The `used_at IS NULL` guard makes two concurrent refreshes of one token a reuse, not two
        // successes.
        let claimed =
            sqlx::query("UPDATE refresh_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                .bind(now)
                .bind(&token_id)
                .execute(&mut *tx)
                .await?;
        if claimed.rows_affected() == 0 {
            revoke_session_in(&mut tx, &session_id, "refresh token reuse", now).await?;
            tx.commit().await?;
            return Ok(RefreshOutcome::ReuseDetected { session_id });
        }
        let session_expires_at = int(&row, "session_expires_at")?;
        insert_refresh(&mut tx, &session_id, next_hash, now, session_expires_at).await?;
        tx.commit().await?;
        Ok(RefreshOutcome::Rotated {
            session_id,
            user_id,
            expires_at: session_expires_at,
        })
    }

    pub async fn revoke_session(
        &self,
        session_id: &str,
        reason: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut writes = self.writes.acquire().await?;
        let mut tx = self.begin_write(&mut writes).await?;
        revoke_session_in(&mut tx, session_id, reason, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Revokes every open session of a user (password change, disabling).
    pub async fn revoke_user_sessions(
        &self,
        user_id: &str,
        reason: &str,
        now: i64,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET revoked_at = $1, revoke_reason = $2 WHERE user_id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(reason)
        .bind(user_id)
        .execute(&mut *self.writes.acquire().await?)
        .await?;
        Ok(done.rows_affected())
    }
}

async fn insert_refresh(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    session_id: &str,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(session_id)
    .bind(token_hash)
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await
    .map_err(|e| StoreError::unique_violation(e, "refresh token"))?;
    Ok(())
}

async fn revoke_session_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    session_id: &str,
    reason: &str,
    now: i64,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = COALESCE(revoked_at, $1), revoke_reason = COALESCE(revoke_reason, $2) WHERE id = $3",
    )
    .bind(now)
    .bind(reason)
    .bind(session_id)
    .execute(&mut **tx)
    .await?;
    expect_one(done.rows_affected(), "session")
}
