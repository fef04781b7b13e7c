//! `warden agent`: the edge agent. It connects out to NATS (no listening port), registers this
//! host with its facts, sends heartbeats and readings, and runs the calls queued for it, each
//! checked again by this host's own guard and policy.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use warden_fleet::agent::AgentSettings;
use warden_fleet::{AgentName, facts};

use crate::config::Config;
use crate::fleet::GuardRunner;
use crate::server::{ensure_data_dir, open_store};

use super::{CliError, output};

/// The agent's settings (the rest, policy and tools, come from the configuration as for
/// `warden serve`; its state lives in `WARDEN_DATA_DIR`).
#[derive(Debug, clap::Args)]
pub struct AgentArgs {
    #[command(subcommand)]
    pub action: Option<AgentAction>,
    /// The NATS server(s) to connect out to: `nats://host:4222` or `tls://host:4222`.
    #[arg(long, env = "WARDEN_NATS_URL")]
    pub nats_url: Option<String>,
    /// This agent's name: a-z, 0-9, '-' and '_' (default: the host name).
    #[arg(long, env = "WARDEN_AGENT_NAME")]
    pub name: Option<String>,
    /// A NATS credentials file (`.creds`, or an NKEY user seed) allowing this agent's subjects.
    #[arg(long, env = "WARDEN_NATS_CREDS")]
    pub creds: Option<PathBuf>,
    /// PEM certificate authorities to trust for a `tls://` server.
    #[arg(long, env = "WARDEN_NATS_CA")]
    pub ca: Option<PathBuf>,
    /// Seconds between heartbeats (1 to 300).
    #[arg(long, env = "WARDEN_AGENT_HEARTBEAT_SECS", default_value_t = 5,
          value_parser = super::whole_number::in_range(1..=300))]
    pub heartbeat_secs: u64,
    /// Seconds between monitor readings (1 to 3600).
    #[arg(long, env = "WARDEN_AGENT_READINGS_SECS", default_value_t = 30,
          value_parser = super::whole_number::in_range(1..=3600))]
    pub readings_secs: u64,
}

/// What `warden agent` does besides running.
#[derive(Debug, clap::Subcommand)]
pub enum AgentAction {
    /// Make an NKEY user for agent NAME (or for the hub with --hub): the seed is written to
    /// --seed-file (mode 0600; an existing file is never overwritten), and the user's entry for
    /// the NATS server's `authorization { users = [...] }` is printed, with exactly the
    /// permissions agent NAME needs (its own subjects only).
    Keys {
        /// The agent's name: a-z, 0-9, '-' and '_'.
        #[arg(required_unless_present = "hub", conflicts_with = "hub")]
        name: Option<String>,
        /// A user for the hub instead: no permission block (it uses every fleet subject).
        #[arg(long)]
        hub: bool,
        /// Where to write the seed: one line `SU...`, the file WARDEN_NATS_CREDS (agent) or
        /// `fleet.creds_file` (hub) names.
        #[arg(long)]
        seed_file: PathBuf,
    },
}

/// `warden agent`, or `warden agent keys`. `config_file` is the configuration file that was
/// read, if any (logged at start so an operator sees which policy the agent applies).
pub async fn run(
    config: Config,
    args: AgentArgs,
    config_file: Option<PathBuf>,
) -> Result<(), CliError> {
    if let Some(AgentAction::Keys {
        name,
        hub,
        seed_file,
    }) = args.action
    {
        return keys(name, hub, seed_file).await;
    }
    let url = args
        .nats_url
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| {
            CliError::Usage(
                "warden agent needs the NATS server: set WARDEN_NATS_URL (nats://host:4222)"
                    .to_owned(),
            )
        })?;
    let name = match &args.name {
        Some(name) => AgentName::parse(name),
        None => AgentName::from_hostname(&facts::hostname()),
    }
    .map_err(|e| CliError::Usage(format!("{e} (set WARDEN_AGENT_NAME)")))?;
    ensure_data_dir(&config)?;
    // One agent per data directory: two would share the ledger of calls taken.
    let _lock =
        crate::data_lock::lock(&config.data_dir).map_err(|e| CliError::Failed(e.to_string()))?;
    let store = open_store(&config).await?;
    let tools = crate::tools::build_registry(&config, &store)
        .map_err(|e| CliError::Failed(format!("tools: {e}")))?;
    let (guard, _, _) = crate::guard::build(&config, store.clone(), tools)
        .await
        .map_err(|e| CliError::Failed(format!("policy: {e}")))?;
    let mut settings = AgentSettings::new(name.clone(), url, config.data_dir.clone());
    settings.connect.creds_file = args.creds;
    settings.connect.ca_file = args.ca;
    settings.heartbeat_interval = Duration::from_secs(args.heartbeat_secs);
    settings.readings_interval = Duration::from_secs(args.readings_secs);
    settings.agent_version = env!("CARGO_PKG_VERSION").to_owned();
    log_configuration(&config, config_file.as_deref()).await;
    tracing::info!(agent = %name, "agent starting");
    let outcome = warden_fleet::agent::run(
        settings,
        Arc::new(GuardRunner::new(guard)),
        super::serve::shutdown_signal(),
    )
    .await
    .map_err(|e| CliError::Failed(e.to_string()));
    store.close().await;
    tracing::info!(agent = %name, "agent stopped");
    outcome
}

/// Logs the configuration file read and the policy files the agent's guard applies, so an
/// operator sees at start what this host's own policy is made of.
async fn log_configuration(config: &Config, file: Option<&Path>) {
    match file {
        Some(file) => {
            let shown = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
            tracing::info!(config_file = %shown.display(), "agent configuration file");
        }
        None => tracing::warn!(
            "no configuration file (neither --config, WARDEN_CONFIG nor ./warden.toml): this agent applies the shipped policy only"
        ),
    }
    match &config.guard.policy_dir {
        None => tracing::info!("no guard.policy_dir: this agent applies the shipped policy only"),
        Some(dir) => {
            let listed = {
                let dir = dir.clone();
                tokio::task::spawn_blocking(move || policy_files(&dir)).await
            };
            let files = match listed {
                Ok(Ok(files)) => files.join(", "),
                Ok(Err(e)) => format!("(cannot be listed: {e})"),
                Err(e) => format!("(cannot be listed: {e})"),
            };
            tracing::info!(policy_dir = %dir.display(), policy_files = %files, "agent policy: the shipped one, then these files");
        }
    }
}

/// The `*.toml` files of `dir`, by name, as the policy reads them.
fn policy_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut files: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// `warden agent keys`: a fresh NKEY user, its seed written to `seed_file`, its server entry
/// printed.
async fn keys(name: Option<String>, hub: bool, seed_file: PathBuf) -> Result<(), CliError> {
    let agent = match (&name, hub) {
        (Some(name), false) => {
            Some(AgentName::parse(name).map_err(|e| CliError::Usage(e.to_string()))?)
        }
        (None, true) => None,
        (Some(_), true) | (None, false) => {
            return Err(CliError::Usage(
                "warden agent keys needs an agent NAME or --hub".to_owned(),
            ));
        }
    };
    let pair = nkeys::KeyPair::new_user();
    let seed = pair
        .seed()
        .map_err(|e| CliError::Failed(format!("making an NKEY: {e}")))?;
    let public = pair.public_key();
    let path = seed_file.clone();
    tokio::task::spawn_blocking(move || write_seed(&path, &seed))
        .await
        .map_err(|e| CliError::Failed(format!("writing the seed stopped: {e}")))?
        .map_err(|e| CliError::Failed(format!("{}: {e}", seed_file.display())))?;
    let who = agent
        .as_ref()
        .map_or_else(|| "the hub".to_owned(), |name| format!("agent {name}"));
    output::line(&format!(
        "# {who}: seed written to {} (keep it secret); add this user to the NATS server's authorization {{ users = [...] }}:",
        seed_file.display()
    ));
    output::line(&match agent {
        Some(name) => format!(
            "{{ nkey: \"{public}\", permissions: {} }}",
            name.permissions().to_server_config()
        ),
        None => format!("{{ nkey: \"{public}\" }}"),
    });
    Ok(())
}

/// Writes the seed to a new file only its owner may read; an existing file is refused.
fn write_seed(path: &Path, seed: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(format!("{seed}\n").as_bytes())?;
    file.sync_all()
}
