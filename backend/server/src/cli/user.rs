//! `warden user add|list|passwd|disable|enable`: works on the database directly, so an operator
//! can manage users with the server stopped (or running: SQLite is opened in WAL mode).

use std::io::BufRead;

use clap::Subcommand;
use warden_protocol::ScopeSet;
use warden_store::{NewUser, Store, UserRecord};

use crate::accounts::{check_scopes, check_username};
use crate::auth::password::{check_policy, hash_blocking};
use crate::clock::now;
use crate::config::Config;
use crate::server::{open_store, open_store_for_reading};

use super::{CliError, output};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user.
    Add {
        username: String,
        /// Comma-separated scopes: read, write, execute, approve, admin.
        #[arg(long, default_value = "read")]
        scopes: String,
        /// Read the password from the first line of standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a user's password; their sessions end.
    Passwd {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable a user: their sessions and API keys stop working at once.
    Disable { username: String },
    /// Enable a disabled user again.
    Enable { username: String },
}

pub async fn run(config: Config, command: UserCommand) -> Result<(), CliError> {
    let store = if let UserCommand::List { .. } = command {
        open_store_for_reading(&config).await?
    } else {
        open_store(&config).await?
    };
    let result = dispatch(&store, command).await;
    store.close().await;
    result
}

async fn dispatch(store: &Store, command: UserCommand) -> Result<(), CliError> {
    match command {
        UserCommand::Add {
            username,
            scopes,
            password_stdin,
        } => {
            check_username(&username).map_err(CliError::field)?;
            let scopes = ScopeSet::parse_list(&scopes)
                .map_err(|e| CliError::Usage(format!("--scopes: {e}")))?;
            check_scopes(&scopes).map_err(CliError::field)?;
            let password = read_new_password(password_stdin)?;
            let password_hash = hash_blocking(password)
                .await
                .map_err(|e| CliError::Failed(e.to_string()))?;
            let user = NewUser {
                username,
                password_hash,
                scopes: scopes.to_joined(),
            };
            let created = store.create_user(user, now()).await?;
            output::line(&format!(
                "created user {} ({}) with scopes: {}",
                created.username, created.id, created.scopes
            ));
            Ok(())
        }
        UserCommand::List { json } => {
            let users = store.list_users().await?;
            if json {
                let views = users
                    .into_iter()
                    .map(|u| {
                        crate::routes::user_view(u)
                            .map_err(|_| CliError::Failed("stored scopes are corrupt".to_owned()))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                output::json(&views);
            } else {
                output::line(&format!(
                    "{:<24} {:<9} {:<32} {}",
                    "USERNAME", "STATE", "SCOPES", "CREATED"
                ));
                for user in users {
                    let state = if user.disabled { "disabled" } else { "active" };
                    output::line(&format!(
                        "{:<24} {:<9} {:<32} {}",
                        user.username,
                        state,
                        user.scopes,
                        output::timestamp(user.created_at)
                    ));
                }
            }
            Ok(())
        }
        UserCommand::Passwd {
            username,
            password_stdin,
        } => {
            let user = find(store, &username).await?;
            let password = read_new_password(password_stdin)?;
            let hash = hash_blocking(password)
                .await
                .map_err(|e| CliError::Failed(e.to_string()))?;
            let now = now();
            store.set_password_hash(&user.id, &hash, now).await?;
            let ended = store
                .revoke_user_sessions(&user.id, "password changed", now)
                .await?;
            output::line(&format!(
                "password changed for {username}; {ended} session(s) ended"
            ));
            Ok(())
        }
        UserCommand::Disable { username } => {
            let user = find(store, &username).await?;
            let now = now();
            store.set_user_disabled(&user.id, true, now).await?;
            let ended = store
                .revoke_user_sessions(&user.id, "user disabled", now)
                .await?;
            output::line(&format!(
                "disabled {username}; {ended} session(s) ended, API keys refused from now on"
            ));
            Ok(())
        }
        UserCommand::Enable { username } => {
            let user = find(store, &username).await?;
            store.set_user_disabled(&user.id, false, now()).await?;
            output::line(&format!("enabled {username}"));
            Ok(())
        }
    }
}

pub(super) async fn find(store: &Store, username: &str) -> Result<UserRecord, CliError> {
    store
        .user_by_username(username)
        .await?
        .ok_or_else(|| CliError::Failed(format!("no user named '{username}'")))
}

fn read_new_password(from_stdin: bool) -> Result<String, CliError> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            CliError::Failed(format!("cannot read the password from standard input: {e}"))
        })?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        let first = rpassword::prompt_password("New password: ").map_err(|e| {
            CliError::Usage(format!(
                "cannot prompt for a password ({e}); use --password-stdin"
            ))
        })?;
        let second = rpassword::prompt_password("Repeat it: ").map_err(|e| {
            CliError::Usage(format!(
                "cannot prompt for a password ({e}); use --password-stdin"
            ))
        })?;
        if first != second {
            return Err(CliError::Usage("the two passwords differ".to_owned()));
        }
        first
    };
    check_policy(&password).map_err(CliError::Usage)?;
    Ok(password)
}
