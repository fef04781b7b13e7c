//! Single-use WebSocket tickets: a browser cannot set headers on an upgrade, so it trades its
//! access token for a short-lived ticket it may put in the URL once.

use sqlx::any::AnyRow;

use crate::row::{int, opt_text, text};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsTicketRecord {
    pub user_id: String,
    pub session_id: Option<String>,
    pub api_key_id: Option<String>,
    pub scopes: String,
    pub expires_at: i64,
}

fn ticket_from_row(row: &AnyRow) -> Result<WsTicketRecord, sqlx::Error> {
    Ok(WsTicketRecord {
        user_id: text(row, "user_id")?,
        session_id: opt_text(row, "session_id")?,
        api_key_id: opt_text(row, "api_key_id")?,
        scopes: text(row, "scopes")?,
        expires_at: int(row, "expires_at")?,
    })
}

impl Store {
    pub async fn create_ws_ticket(
        &self,
        ticket_hash: &str,
        ticket: &WsTicketRecord,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO ws_tickets (ticket_hash, user_id, session_id, api_key_id, scopes, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(ticket_hash)
        .bind(&ticket.user_id)
        .bind(&ticket.session_id)
        .bind(&ticket.api_key_id)
        .bind(&ticket.scopes)
        .bind(ticket.expires_at)
        .execute(&mut *self.writes.acquire().await?)
        .await
        .map_err(|e| StoreError::unique_violation(e, "ws ticket"))?;
        Ok(())
    }

    /// Takes the ticket out of the store: a second use finds nothing. Expired tickets are
    /// removed as well and reported as absent.
    pub async fn consume_ws_ticket(
        &self,
        ticket_hash: &str,
        now: i64,
    ) -> Result<Option<WsTicketRecord>, StoreError> {
        sqlx::query("DELETE FROM ws_tickets WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *self.writes.acquire().await?)
            .await?;
        let row = sqlx::query(
            "DELETE FROM ws_tickets WHERE ticket_hash = $1 \
             RETURNING user_id, session_id, api_key_id, scopes, expires_at",
        )
        .bind(ticket_hash)
        .fetch_optional(&mut *self.writes.acquire().await?)
        .await?;
        Ok(row.as_ref().map(ticket_from_row).transpose()?)
    }
}
