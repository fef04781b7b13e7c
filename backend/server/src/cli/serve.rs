use std::io::IsTerminal;

use crate::auth::password::check_policy;
use crate::config::{Config, ConfigError, Secret};
use crate::server::{BOOTSTRAP_ADMIN, ensure_data_dir, open_store, start};

use super::{CliError, output};

pub async fn run(mut config: Config) -> Result<(), CliError> {
    // The policy is configuration: a bad one is refused as such (exit 2) before anything is
    // created or written (the data directory, migrations, the first administrator).
    check_policy_files(&config).await?;
    // One server per data directory, and `warden restore` waits for it to stop.
    ensure_data_dir(&config)?;
    let _lock =
        crate::data_lock::lock(&config.data_dir).map_err(|e| CliError::Failed(e.to_string()))?;
    if config.admin_password.is_none() && std::io::stdin().is_terminal() {
        config.admin_password = prompt_first_admin(&config).await?;
    }
    let server = start(config).await?;
    server
        .run_until(shutdown_signal())
        .await
        .map_err(|e| CliError::Failed(format!("server stopped with an error: {e}")))
}

/// Loads the shipped policy and the files of `guard.policy_dir`, as the guard will.
async fn check_policy_files(config: &Config) -> Result<(), CliError> {
    let dir = config.guard.policy_dir.clone();
    let loaded = tokio::task::spawn_blocking(move || warden_policy::Policy::load(dir.as_deref()))
        .await
        .map_err(|e| CliError::Failed(format!("the policy check stopped: {e}")))?;
    loaded.map(drop).map_err(|e| {
        CliError::Config(ConfigError::new(
            "guard.policy_dir (WARDEN_POLICY_DIR)",
            e.to_string(),
        ))
    })
}

/// At the very first start in a terminal, asks for the administrator's password instead of
/// refusing: there is still no default password, and unattended starts still need
/// `WARDEN_ADMIN_PASSWORD`.
async fn prompt_first_admin(config: &Config) -> Result<Option<Secret>, CliError> {
    let store = open_store(config).await?;
    let users = store.count_users().await;
    store.close().await;
    if users? > 0 {
        return Ok(None);
    }
    output::error_line(&format!(
        "No user exists yet. Choose a password for the administrator '{BOOTSTRAP_ADMIN}' (at least 12 characters)."
    ));
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| CliError::Failed(format!("cannot read the password: {e}")))
    };
    let first = ask("Password: ")?;
    check_policy(&first).map_err(CliError::Usage)?;
    if ask("Repeat it: ")? != first {
        return Err(CliError::Usage("the two passwords differ".to_owned()));
    }
    Ok(Some(Secret::new(first)))
}

/// Ctrl-C or SIGTERM.
pub(super) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
