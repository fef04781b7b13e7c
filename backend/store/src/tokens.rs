//! Token usage: one row per model call, so a run's usage, a user's or an API key's over any
//! window, and the daily budgets are sums over the same rows.

use sqlx::Row;

use crate::group_commit::Write;
use crate::{Store, StoreError};

/// One model call's tokens and whom they count against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTokenUsage {
    pub run_id: Option<String>,
    pub user_id: Option<String>,
    pub api_key_id: Option<String>,
    pub model: String,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// The backend reported none; these are Warden's estimate.
    pub estimated: bool,
}

/// Tokens summed over some calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenTotals {
    pub calls: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub estimated_calls: u64,
}

impl TokenTotals {
    pub fn total(&self) -> u64 {
        self.prompt_tokens + self.completion_tokens
    }
}

/// Whose usage to sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenOwner<'a> {
    /// Everything a user spent, in chats and through their API keys.
    User(&'a str),
    /// What one API key spent.
    ApiKey(&'a str),
    Run(&'a str),
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

pub(crate) fn bigint(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Store {
    /// Records one model call's tokens; committed (with whatever else is queued) before it
    /// returns. `at` is Unix seconds.
    pub async fn record_tokens(&self, usage: &NewTokenUsage, at: i64) -> Result<(), StoreError> {
        self.writer
            .write(Write::Tokens {
                usage: usage.clone(),
                at,
            })
            .await
            .map(|_| ())
    }

    /// What `owner` spent at or after `since` (Unix seconds).
    pub async fn tokens_since(
        &self,
        owner: TokenOwner<'_>,
        since: i64,
    ) -> Result<TokenTotals, StoreError> {
        let (column, id) = match owner {
            TokenOwner::User(id) => ("user_id", id),
            TokenOwner::ApiKey(id) => ("api_key_id", id),
            TokenOwner::Run(id) => ("run_id", id),
        };
        let sql = format!(
            "SELECT COUNT(*) AS calls, CAST(COALESCE(SUM(prompt_tokens), 0) AS BIGINT) AS prompt, \
             CAST(COALESCE(SUM(completion_tokens), 0) AS BIGINT) AS completion, \
             CAST(COALESCE(SUM(estimated), 0) AS BIGINT) AS estimated \
             FROM token_usage WHERE {column} = $1 AND at >= $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(since)
            .fetch_one(&mut *self.reads.acquire().await?)
            .await?;
        Ok(TokenTotals {
            calls: count(row.try_get::<i64, _>("calls")?),
            prompt_tokens: count(row.try_get::<i64, _>("prompt")?),
            completion_tokens: count(row.try_get::<i64, _>("completion")?),
            estimated_calls: count(row.try_get::<i64, _>("estimated")?),
        })
    }
}
