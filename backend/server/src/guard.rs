//! Building the guard from configuration: the shipped policy plus the operators' files (a
//! malformed one stops start-up) with the data directory protected, the sandbox when runsc
//! answers (otherwise medium calls are raised to high, said once here and in /readyz),
//! approvals' lifetime and webhook.

use std::sync::Arc;
use std::time::Duration;

use warden_core::{Guard, GuardSettings};
use warden_policy::{HostFileSystem, Policy, PolicyError};
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

/// The shipped policy and the operators' files, with paths resolved on this host's file system
/// and Warden's data directory protected: no tool may read or name it, in any spelling.
pub fn load_policy(config: &Config) -> Result<Policy, PolicyError> {
    Ok(Policy::load(config.guard.policy_dir.as_deref())?
        .with_resolver(Arc::new(HostFileSystem::new()))
        .with_protected_paths([config.data_dir.clone()]))
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
            webhook_url: config.guard.approval_webhook.clone(),
        },
    );
    Ok((Arc::new(guard), status))
}
