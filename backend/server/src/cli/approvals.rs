//! `warden approvals list|approve|deny`: decide from a terminal on the server's machine. The
//! decision goes to the database; the server sees it within a second and the waiting run resumes
//! (or the server executes it, when nothing waits).

use clap::Subcommand;
use warden_core::guard::DecideError;
use warden_core::runs::check_reason;
use warden_protocol::{ApprovalStatus, Scope};
use warden_tool_api::ToolContext;

use crate::config::Config;
use crate::routes::approvals::approval_view;
use crate::server::{open_store, open_store_read_only};

use super::{CliError, output};

#[derive(Debug, Subcommand)]
pub enum ApprovalsCommand {
    /// List approvals, newest first (pending ones by default).
    List {
        /// pending, approved, denied, expired, withdrawn or all.
        #[arg(long, default_value = "pending")]
        status: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve a pending call: it runs with exactly the arguments it asked with.
    Approve {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Deny a pending call: nothing runs.
    Deny {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
}

pub async fn run(config: Config, command: ApprovalsCommand) -> Result<(), CliError> {
    let store = match &command {
        // Listing needs no write; expiring overdue approvals on the way is a bonus the full
        // disk (or a read-only mount) can take away without taking the list away too.
        // When reading fails too, the first cause is the one to name: a data directory that is
        // a file or an empty read-only mount has nothing to list.
        ApprovalsCommand::List { .. } => match open_store(&config).await {
            Ok(store) => store,
            Err(why) => match open_store_read_only(&config).await {
                Ok(store) => {
                    output::error_line(&format!(
                        "note: {why}; listing read-only, without expiring overdue approvals"
                    ));
                    store
                }
                Err(_) => return Err(why.into()),
            },
        },
        ApprovalsCommand::Approve { .. } | ApprovalsCommand::Deny { .. } => {
            open_store(&config).await?
        }
    };
    let result = dispatch(&config, &store, command).await;
    store.close().await;
    result
}

async fn dispatch(
    config: &Config,
    store: &warden_store::Store,
    command: ApprovalsCommand,
) -> Result<(), CliError> {
    match command {
        ApprovalsCommand::List { status, json } => {
            let filter = match status.as_str() {
                "all" => None,
                other => Some(other.parse::<ApprovalStatus>().map_err(|_| {
                    let known: Vec<&str> =
                        ApprovalStatus::all().map(ApprovalStatus::as_str).collect();
                    CliError::Usage(format!(
                        "--status must be all or one of: {}",
                        known.join(", ")
                    ))
                })?),
            };
            // Approvals whose time is up are expired through the guard's one path (audited and
            // announced, as the server's sweeper would), so the list shows them as expired.
            if store.access() == warden_store::Access::ReadWrite {
                let guard = build_guard(config, store).await?;
                guard.sweep_expired().await;
                guard
                    .notifier()
                    .shutdown(std::time::Duration::from_secs(10))
                    .await;
            }
            let approvals: Vec<_> = store
                .list_approvals(filter, 500)
                .await?
                .into_iter()
                .map(approval_view)
                .collect();
            if json {
                output::json(&approvals);
                return Ok(());
            }
            if approvals.is_empty() {
                output::line("no approvals");
            }
            for a in approvals {
                output::line(&format!(
                    "{}  {:<9} {:<9} {}  {}  by {}  expires {}\n    {}",
                    a.id,
                    a.status,
                    a.risk,
                    a.tool,
                    a.arguments,
                    a.requested_by,
                    output::timestamp(a.expires_at),
                    a.justification
                ));
            }
            Ok(())
        }
        ApprovalsCommand::Approve { id, reason } => decide(config, store, &id, true, reason).await,
        ApprovalsCommand::Deny { id, reason } => decide(config, store, &id, false, reason).await,
    }
}

async fn decide(
    config: &Config,
    store: &warden_store::Store,
    id: &str,
    approve: bool,
    reason: Option<String>,
) -> Result<(), CliError> {
    check_reason(reason.as_deref()).map_err(|e| CliError::Usage(format!("--{e}")))?;
    let guard = build_guard(config, store).await?;
    let operator = std::env::var("USER").unwrap_or_else(|_| "unknown".to_owned());
    let decider = ToolContext::user(&format!("cli:{operator}"), [Scope::Approve]);
    let decided = guard
        .decide(id, approve, &decider, reason.as_deref(), None)
        .await;
    // The decision's notification is queued: give it a chance to leave before the process ends.
    guard
        .notifier()
        .shutdown(std::time::Duration::from_secs(10))
        .await;
    match decided? {
        Ok(record) => {
            output::line(&format!(
                "{} {}: {} {}",
                record.status, record.id, record.tool, record.arguments
            ));
            Ok(())
        }
        Err(DecideError::NotFound) => Err(CliError::Failed(format!("no approval '{id}'"))),
        Err(DecideError::Settled(status)) => Err(CliError::Failed(format!(
            "approval {id} is {status} already; a decision is made once"
        ))),
        Err(DecideError::HashMismatch) => {
            Err(CliError::Failed("arguments hash mismatch".to_owned()))
        }
        Err(DecideError::OwnRequest) => Err(CliError::Failed(
            "the four-eyes rule refuses approving one's own request, or a call of a task one started".to_owned(),
        )),
        Err(DecideError::RequesterEnded(reason)) => Err(CliError::Failed(format!(
            "approval {id} was {reason}; it did not run"
        ))),
    }
}

/// The guard as the server builds it, for the decisions and expiries the CLI makes.
async fn build_guard(
    config: &Config,
    store: &warden_store::Store,
) -> Result<std::sync::Arc<warden_core::Guard>, CliError> {
    let registry =
        crate::tools::build_registry(config, store).map_err(|e| CliError::Failed(e.to_string()))?;
    let (guard, _, _) = crate::guard::build(config, store.clone(), registry)
        .await
        .map_err(|e| CliError::Failed(e.to_string()))?;
    Ok(guard)
}
