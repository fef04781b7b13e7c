//! `warden apikey create|list|revoke`.

use clap::Subcommand;
use warden_protocol::ScopeSet;
use warden_store::Store;

use crate::accounts::{KeyRequest, check_key_request, check_key_scopes_within, create_api_key};
use crate::clock::now;
use crate::config::Config;
use crate::routes::api_keys::key_view;
use crate::server::{open_store, open_store_for_reading};

use super::user::find;
use super::{CliError, output};

#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key for a user; it is printed once.
    Create {
        /// The owner; the key's scopes must be a subset of theirs.
        #[arg(long)]
        user: String,
        /// What the key is for, e.g. "alertmanager".
        #[arg(long)]
        name: String,
        /// Comma-separated scopes: read, write, execute, approve, admin.
        #[arg(long)]
        scopes: String,
        /// Lifetime: seconds, or a number followed by s, m, h or d (e.g. 90d). Default: no expiry.
        #[arg(long)]
        expires_in: Option<String>,
    },
    /// List keys (never their secrets).
    List {
        /// Only this user's keys.
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key by id; it stops working at once.
    Revoke { id: String },
}

pub async fn run(config: Config, command: ApiKeyCommand) -> Result<(), CliError> {
    let store = if let ApiKeyCommand::List { .. } = command {
        open_store_for_reading(&config).await?
    } else {
        open_store(&config).await?
    };
    let result = dispatch(&store, command).await;
    store.close().await;
    result
}

async fn dispatch(store: &Store, command: ApiKeyCommand) -> Result<(), CliError> {
    match command {
        ApiKeyCommand::Create {
            user,
            name,
            scopes,
            expires_in,
        } => {
            let owner = find(store, &user).await?;
            let scopes = ScopeSet::parse_list(&scopes)
                .map_err(|e| CliError::Usage(format!("--scopes: {e}")))?;
            let owner_scopes =
                ScopeSet::parse_list(&owner.scopes).map_err(|e| CliError::Failed(e.to_string()))?;
            check_key_scopes_within(&scopes, &owner_scopes)
                .map_err(|e| CliError::Usage(format!("--scopes: {user}: {e}")))?;
            let expires_in_seconds = expires_in.as_deref().map(parse_lifetime).transpose()?;
            let request = KeyRequest {
                owner_id: &owner.id,
                name: &name,
                scopes: &scopes,
                expires_in_seconds,
            };
            check_key_request(&request).map_err(CliError::field)?;
            let (key, record) = create_api_key(store, &request, now()).await?;
            output::line(&format!(
                "created API key {} ({}) for {user}",
                record.id, record.name
            ));
            output::line("store it now, it is not shown again:");
            output::line(&key);
            Ok(())
        }
        ApiKeyCommand::List { user, json } => {
            let keys = match user {
                Some(name) => store.list_api_keys(&find(store, &name).await?.id).await?,
                None => store.list_all_api_keys().await?,
            };
            if json {
                let views = keys
                    .into_iter()
                    .map(|k| {
                        key_view(k)
                            .map_err(|_| CliError::Failed("stored scopes are corrupt".to_owned()))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                output::json(&views);
            } else {
                output::line(&format!(
                    "{:<36} {:<20} {:<12} {:<24} {}",
                    "ID", "NAME", "PREFIX", "SCOPES", "STATE"
                ));
                let now = now();
                for key in keys {
                    let state = match (key.revoked_at, key.expires_at) {
                        (Some(_), _) => "revoked".to_owned(),
                        (None, Some(at)) if at <= now => "expired".to_owned(),
                        (None, Some(at)) => format!("expires {}", output::timestamp(at)),
                        (None, None) => "active".to_owned(),
                    };
                    output::line(&format!(
                        "{:<36} {:<20} {:<12} {:<24} {state}",
                        key.id, key.name, key.prefix, key.scopes
                    ));
                }
            }
            Ok(())
        }
        ApiKeyCommand::Revoke { id } => {
            store
                .revoke_api_key(&id, now())
                .await
                .map_err(|e| match e {
                    warden_store::StoreError::NotFound(_) => {
                        CliError::Failed(format!("no API key with id '{id}'"))
                    }
                    other @ (warden_store::StoreError::Conflict(_)
                    | warden_store::StoreError::InvalidUrl(_)
                    | warden_store::StoreError::Migration(_)
                    | warden_store::StoreError::Unavailable { .. }
                    | warden_store::StoreError::Database(_)) => other.into(),
                })?;
            output::line(&format!("revoked API key {id}"));
            Ok(())
        }
    }
}

/// `3600`, `90s`, `15m`, `12h`, `30d` to seconds: digits (no sign or space), then at most one
/// unit letter.
fn parse_lifetime(text: &str) -> Result<u64, CliError> {
    let usage = |fault: String| CliError::Usage(format!("--expires-in: {fault}"));
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 's'),
    };
    let multiplier = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        other => {
            return Err(usage(format!(
                "'{other}' is not a unit (s, m, h or d): write a lifetime like 3600, 90m, 12h or 30d"
            )));
        }
    };
    let count = super::whole_number::digits(number).map_err(|fault| {
        usage(format!(
            "the number {fault}: write a lifetime like 3600, 90m, 12h or 30d"
        ))
    })?;
    count
        .checked_mul(multiplier)
        .ok_or_else(|| usage(format!("'{number}{unit}' is too long a lifetime")))
}

#[cfg(test)]
mod tests {
    use super::parse_lifetime;

    #[test]
    fn lifetimes() {
        assert_eq!(parse_lifetime("30d").ok(), Some(2_592_000));
        assert_eq!(parse_lifetime("90").ok(), Some(90));
        assert_eq!(parse_lifetime("15m").ok(), Some(900));
        assert!(parse_lifetime("soon").is_err());
        assert!(parse_lifetime("3w").is_err());
        for bad in ["+5d", "-5", " 5", "5 d", "1e3", "", "d"] {
            assert!(parse_lifetime(bad).is_err(), "{bad}");
        }
    }
}
