use crate::config::Config;
use crate::server::start;

use super::CliError;

pub async fn run(config: Config) -> Result<(), CliError> {
    let server = start(config).await?;
    server
        .run_until(shutdown_signal())
        .await
        .map_err(|e| CliError::Failed(format!("server stopped with an error: {e}")))
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
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
