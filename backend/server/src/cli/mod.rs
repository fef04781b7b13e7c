//! The command line: `warden serve`, `warden doctor`, `warden backup`/`restore`, `warden user
//! ...`, `warden apikey ...`, `warden policy ...`, `warden approvals ...`, `warden audit verify`,
//! `warden memory export|import|status`, `warden agent`.

mod agent;
mod apikey;
mod approvals;
mod audit;
mod backup;
mod backup_seal;
mod check;
mod doctor;
mod memory;
mod output;
mod policy;
mod serve;
mod user;
mod whole_number;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use output::timestamp;

use crate::accounts::{Field, FieldError};
use crate::config::{Config, ConfigError};
use crate::server::StartError;

#[derive(Debug, Parser)]
#[command(
    name = "warden",
    version,
    about = "Self-healing infrastructure operations agent"
)]
pub struct Cli {
    /// Configuration file (default: ./warden.toml when it exists). WARDEN_* variables override it.
    #[arg(long, global = true, env = "WARDEN_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve,
    /// Read the host once as the monitor does and report what is wrong (nothing is repaired);
    /// exit 1 when something is critical.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Check the deployment before trusting it: the gVisor sandbox really runs, Docker, host
    /// containment, GPUs, each model, the data directory, the database, policies, the clock and
    /// disk space; exit 1 when a required check fails.
    Doctor {
        /// Print `{"ok": bool, "checks": [{"name", "ok", "required", "detail"}]}`.
        #[arg(long)]
        json: bool,
    },
    /// Copy the SQLite database (consistently, while the server runs) and the signing key into
    /// a new directory, with a manifest of checksums.
    Backup {
        /// The directory to create (or an empty one).
        path: PathBuf,
    },
    /// Put a backup made by `warden backup` back into the data directory (the server must be
    /// stopped); the next start applies any newer migrations.
    Restore {
        /// The backup directory.
        path: PathBuf,
        /// Replace an existing database (it is moved aside, not deleted).
        #[arg(long)]
        force: bool,
    },
    /// Manage users.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Apikey(apikey::ApiKeyCommand),
    /// Explain the guard's decision for a call; check a policy file.
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// List and decide calls waiting for approval.
    #[command(subcommand)]
    Approvals(approvals::ApprovalsCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Export and import memories (also to move between backends); their status.
    #[command(subcommand)]
    Memory(memory::MemoryCommand),
    /// Serve Warden's tools to an agent over MCP on stdin/stdout, acting for an API key; every
    /// call passes the guard.
    Mcp {
        /// The API key the calls are made for.
        #[arg(long, env = "WARDEN_API_KEY", hide_env_values = true)]
        api_key: Option<String>,
    },
    /// Run as an edge agent of a fleet: connect out to NATS (no listening port), register this
    /// host, and run the calls the hub queues for it, each checked again by this host's policy.
    Agent(agent::AgentArgs),
}

/// An error from a CLI command, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
    /// `warden check` found something critical (already reported).
    #[error("something is critical")]
    Critical,
    /// `warden doctor` found a required check failing (already reported).
    #[error("a required check failed")]
    Unhealthy,
}

impl CliError {
    /// A refused field of a user or key request, named as the command line spells it: the
    /// option the user typed (`--name`), not the REST API's JSON field.
    fn field(error: FieldError) -> Self {
        let option = match error.field {
            Field::Username => "USERNAME",
            Field::Scopes => "--scopes",
            Field::KeyName => "--name",
            Field::KeyLifetime => "--expires-in",
        };
        CliError::Usage(format!("{option}: {}", error.problem))
    }

    fn exit_code(&self) -> u8 {
        match self {
            CliError::Config(_) | CliError::Usage(_) => 2,
            CliError::Start(_) | CliError::Failed(_) | CliError::Critical | CliError::Unhealthy => {
                1
            }
        }
    }
}

impl From<warden_store::StoreError> for CliError {
    fn from(err: warden_store::StoreError) -> Self {
        CliError::Failed(err.to_string())
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            return fail(&CliError::Failed(format!(
                "cannot start the async runtime: {e}"
            )));
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(err: &CliError) -> ExitCode {
    output::error_line(&format!("error: {err}"));
    ExitCode::from(err.exit_code())
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(e) => {
            // `doctor --json` keeps its interface even when there is nothing to check: the
            // report with a failing required `config` check (and the exit code of bad config).
            if matches!(cli.command, Command::Doctor { json: true }) {
                doctor::print_config_failure(&e);
            }
            return Err(e.into());
        }
    };
    // The file Config::load read, if any: an explicit one (whose absence failed above), else
    // ./warden.toml when present.
    let config_file = cli.config.clone().or_else(|| {
        let default = PathBuf::from("warden.toml");
        default.exists().then_some(default)
    });
    match cli.command {
        Command::Serve => serve::run(config).await,
        Command::Check { json } => check::run(config, json).await,
        Command::Doctor { json } => doctor::run(config, json).await,
        Command::Backup { path } => backup::backup(config, path).await,
        Command::Restore { path, force } => backup::restore(config, path, force).await,
        Command::User(command) => user::run(config, command).await,
        Command::Apikey(command) => apikey::run(config, command).await,
        Command::Policy(command) => policy::run(config, command).await,
        Command::Approvals(command) => approvals::run(config, command).await,
        Command::Audit(command) => audit::run(config, command).await,
        Command::Memory(command) => memory::run(config, command).await,
        Command::Mcp { api_key } => crate::mcp::stdio::run(config, api_key).await,
        Command::Agent(args) => agent::run(config, args, config_file).await,
    }
}

/// Logs go to stderr, filtered by `WARDEN_LOG` (default `info`); `WARDEN_LOG_FORMAT=json` for
/// machine-readable lines. Every line is redacted on its way out.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("WARDEN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(crate::logging::Redacted::new(std::io::stderr));
    let _ = if std::env::var("WARDEN_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
