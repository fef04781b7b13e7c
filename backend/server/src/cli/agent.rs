//! `warden agent`: the edge agent. It connects out to NATS (no listening port), registers this
//! host with its facts, sends heartbeats and readings, and runs the calls queued for it, each
//! checked again by this host's own guard and policy.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use warden_fleet::agent::AgentSettings;
use warden_fleet::{AgentName, facts};

use crate::config::Config;
use crate::fleet::GuardRunner;
use crate::server::{ensure_data_dir, open_store};

use super::CliError;

/// The agent's settings (the rest, policy and tools, come from the configuration as for
/// `warden serve`; its state lives in `WARDEN_DATA_DIR`).
#[derive(Debug, clap::Args)]
pub struct AgentArgs {
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
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub heartbeat_secs: u64,
    /// Seconds between monitor readings (1 to 3600).
    #[arg(long, env = "WARDEN_AGENT_READINGS_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub readings_secs: u64,
}

pub async fn run(config: Config, args: AgentArgs) -> Result<(), CliError> {
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
