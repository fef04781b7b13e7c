//! `warden audit verify`: walks the hash chain; exit 1 at the first edited or missing row.

use clap::Subcommand;

use crate::config::Config;
use crate::routes::audit::verification;
use crate::server::open_store_for_reading;

use super::{CliError, output};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every row's hash and its link to the row before.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(config: Config, command: AuditCommand) -> Result<(), CliError> {
    let AuditCommand::Verify { json } = command;
    // Verifying reads only: it works on a full disk or a read-only mount.
    let store = open_store_for_reading(&config).await?;
    let result = store.verify_audit().await;
    store.close().await;
    let checked = verification(result?);
    if json {
        output::json(&checked);
    }
    match (&checked.broken_at, &checked.reason) {
        (Some(seq), Some(reason)) => Err(CliError::Failed(format!(
            "the audit chain is broken at row {seq}: {reason}"
        ))),
        _ => {
            if !json {
                output::line(&format!(
                    "audit chain intact: {} rows verified",
                    checked.rows
                ));
            }
            Ok(())
        }
    }
}
