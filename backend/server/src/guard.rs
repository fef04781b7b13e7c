//! Building the guard from configuration: the shipped policy plus the operators' files (a
//! malformed one stops start-up), the sandbox when runsc answers (otherwise medium calls are
//! raised to high, said once here and in /readyz), approvals' lifetime and webhook.

use std::sync::Arc;
use std::time::Duration;

use warden_core::{Guard, GuardSettings};
use warden_policy::{Policy, PolicyError};
use warden_sandbox::SandboxConfig;
use warden_store::Store;
use warden_tool_api::Registry;

use crate::config::Config;

/// Whether medium calls can run sandboxed, for /readyz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SandboxStatus {
    /// runsc answered with this version.
    Ready(String),
    /// Why not; medium calls wait for approval instead.
    Unavailable(String),
}

pub fn load_policy(config: &Config) -> Result<Policy, PolicyError> {
    Policy::load(config.guard.policy_dir.as_deref())
}

pub async fn sandbox_status(config: &Config) -> (Option<SandboxConfig>, SandboxStatus) {
    if !config.guard.sandbox {
        return (
            None,
            SandboxStatus::Unavailable("turned off by guard.sandbox = false".to_owned()),
        );
    }
    let sandbox = SandboxConfig {
        runsc: config.guard.runsc.clone(),
        state_dir: config.data_dir.join("runsc"),
        ..SandboxConfig::default()
    };
    match warden_sandbox::check(&sandbox).await {
        Ok(version) => (Some(sandbox), SandboxStatus::Ready(version)),
        Err(error) => (None, SandboxStatus::Unavailable(error.to_string())),
    }
}

pub async fn build(
    config: &Config,
    store: Store,
    tools: Registry,
) -> Result<(Arc<Guard>, SandboxStatus), PolicyError> {
    build_with(config, store, tools, None).await
}

/// [`build`], counting decisions and tool runs in `metrics`. The guard's notifier (shared with
/// the monitor) is built here from `[notify]` and the legacy webhook settings.
pub async fn build_with(
    config: &Config,
    store: Store,
    tools: Registry,
    metrics: Option<warden_metrics::Metrics>,
) -> Result<(Arc<Guard>, SandboxStatus), PolicyError> {
    let policy = load_policy(config)?;
    let (sandbox, status) = sandbox_status(config).await;
    match &status {
        SandboxStatus::Ready(version) => {
            tracing::info!(%version, "gVisor sandbox ready: medium-risk calls run in it")
        }
        SandboxStatus::Unavailable(why) => tracing::warn!(
            reason = %why,
            "no gVisor sandbox: medium-risk calls are raised to high and wait for approval"
        ),
    }
    let guard = Guard::new(
        tools,
        store,
        GuardSettings {
            policy: Arc::new(policy),
            sandbox,
            approval_ttl: Duration::from_secs(config.guard.approval_ttl_secs),
            // Folded into the notifier below with the other channels.
            webhook_url: None,
        },
    )
    .with_notifier(crate::notify::build(config, metrics.clone()));
    let guard = match metrics {
        Some(metrics) => guard.with_metrics(metrics),
        None => guard,
    };
    Ok((Arc::new(guard), status))
}
