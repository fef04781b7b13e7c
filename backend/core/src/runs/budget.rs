//! Daily token budgets per user and per API key. A day is a UTC day; usage is summed from the
//! stored per-call rows. A caller past a budget gets [`RunError::BudgetSpent`] (over HTTP
//! `token_budget_exceeded`, 429 with `Retry-After` until the budget renews); one near it (past
//! `budget_fallback_percent`) is routed to the fast tier, whatever it asked for. A run is given what is left as its allowance and
//! stops when it has spent it.

use std::collections::BTreeMap;

use warden_protocol::chat::TokenUsage;
use warden_store::{Store, TokenOwner};

use super::{Caller, RunError};

const DAY: i64 = 86_400;

/// The daily token budgets runs are held to (none by default).
#[derive(Debug, Clone, Default)]
pub struct Budgets {
    per_user: Option<u64>,
    per_api_key: Option<u64>,
    named: BTreeMap<String, u64>,
    fallback_percent: u8,
}

/// Where a caller stands against its budgets right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Tokens left before the first budget is spent; None without budgets.
    pub remaining: Option<u64>,
    /// Near a budget: use the cheaper tier.
    pub economy: bool,
}

/// The start of the UTC day holding `now`.
pub fn day_start(now: i64) -> i64 {
    now - now.rem_euclid(DAY)
}

impl Budgets {
    /// Budgets in tokens a UTC day: `per_user` and `per_api_key` for every user and key (none:
    /// unlimited), `named` for some (`user:NAME`, `api_key:NAME`, overriding those); a caller past
    /// `fallback_percent` of a budget is routed to the fast tier.
    pub fn new(
        per_user: Option<u64>,
        per_api_key: Option<u64>,
        named: BTreeMap<String, u64>,
        fallback_percent: u8,
    ) -> Self {
        Self {
            per_user,
            per_api_key,
            named,
            fallback_percent,
        }
    }

    fn user_budget(&self, username: &str) -> Option<u64> {
        self.named
            .get(&format!("user:{username}"))
            .copied()
            .or(self.per_user)
    }

    fn key_budget(&self, key_name: &str) -> Option<u64> {
        self.named
            .get(&format!("api_key:{key_name}"))
            .copied()
            .or(self.per_api_key)
    }

    /// The caller's usage today and its budgets.
    pub async fn usage(
        &self,
        store: &Store,
        caller: &Caller,
        now: i64,
    ) -> Result<TokenUsage, RunError> {
        let since = day_start(now);
        let user_tokens = store
            .tokens_since(TokenOwner::User(&caller.user_id), since)
            .await?
            .total();
        let (api_key_tokens, api_key_budget) = match &caller.api_key_id {
            Some(key_id) => {
                let name = store
                    .api_key_by_id(key_id)
                    .await?
                    .map(|k| k.name)
                    .unwrap_or_default();
                let used = store
                    .tokens_since(TokenOwner::ApiKey(key_id), since)
                    .await?
                    .total();
                (Some(used), self.key_budget(&name))
            }
            None => (None, None),
        };
        Ok(TokenUsage {
            day_start: since,
            user_tokens,
            user_budget: self.user_budget(&caller.username),
            api_key_tokens,
            api_key_budget,
        })
    }

    /// Whether the caller may start a run, with its allowance and tier advice; an error past a
    /// budget.
    pub async fn standing(
        &self,
        store: &Store,
        caller: &Caller,
        now: i64,
    ) -> Result<Standing, RunError> {
        if self.per_user.is_none() && self.per_api_key.is_none() && self.named.is_empty() {
            return Ok(Standing {
                remaining: None,
                economy: false,
            });
        }
        let usage = self.usage(store, caller, now).await?;
        let renew_in = u64::try_from(day_start(now) + DAY - now).unwrap_or(1);
        let mut remaining: Option<u64> = None;
        let mut economy = false;
        for (what, used, budget) in [
            (
                "your daily token budget",
                Some(usage.user_tokens),
                usage.user_budget,
            ),
            (
                "this API key's daily token budget",
                usage.api_key_tokens,
                usage.api_key_budget,
            ),
        ] {
            let (Some(used), Some(budget)) = (used, budget) else {
                continue;
            };
            if used >= budget {
                return Err(exceeded(what, used, budget, renew_in));
            }
            remaining = Some(remaining.map_or(budget - used, |r| r.min(budget - used)));
            economy |=
                u128::from(used) * 100 >= u128::from(budget) * u128::from(self.fallback_percent);
        }
        Ok(Standing { remaining, economy })
    }
}

fn exceeded(what: &'static str, used: u64, budget: u64, renew_in_secs: u64) -> RunError {
    RunError::BudgetSpent {
        what,
        used,
        budget,
        renew_in_secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_utc_midnight() {
        assert_eq!(day_start(86_400 * 3 + 5), 86_400 * 3);
        assert_eq!(day_start(86_400 * 3), 86_400 * 3);
    }
}
