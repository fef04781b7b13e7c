//! Building the guard from configuration: the shipped policy plus the operators' files (a
//! malformed one stops start-up), the sandbox when runsc answers (otherwise medium calls are
//! raised to high, said once here and in /readyz), approvals' lifetime and webhook.

use std::sync::Arc;
use std::time::Duration;

use warden_core::{Guard, GuardSettings};
use warden_policy::{Policy, PolicyError};
use warden_sandbox::{DockerSandbox, SandboxBackend, SandboxConfig};
use warden_store::Store;
use warden_tool_api::Registry;

use crate::config::{Config, SandboxBackendKind};

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
    let sandbox = sandbox_config(config);
    match warden_sandbox::check(&sandbox).await {
        Ok(version) => (Some(sandbox), SandboxStatus::Ready(version)),
        Err(error) => (None, SandboxStatus::Unavailable(error.to_string())),
    }
}

/// The sandbox the configuration describes, whether or not it is available.
pub fn sandbox_config(config: &Config) -> SandboxConfig {
    let backend = match config.guard.sandbox_backend {
        SandboxBackendKind::Runsc => SandboxBackend::Runsc,
        SandboxBackendKind::Docker => SandboxBackend::Docker(DockerSandbox {
            cli: config.guard.docker_cli.clone(),
            host: docker_cli_host(config),
            image: config.guard.sandbox_image.clone(),
            runtime: config.guard.sandbox_runtime.clone(),
        }),
    };
    SandboxConfig {
        runsc: config.guard.runsc.clone(),
        state_dir: config.data_dir.join("runsc"),
        backend,
        ..SandboxConfig::default()
    }
}

/// The daemon for the Docker client, which runs with an empty environment: `tools.docker_host`,
/// else `DOCKER_HOST`, else the client's default. The client says `tcp://` where the API
/// client accepts `http://`.
fn docker_cli_host(config: &Config) -> Option<String> {
    let host = config
        .tools
        .docker_host
        .clone()
        .or_else(|| std::env::var("DOCKER_HOST").ok())
        .filter(|h| !h.trim().is_empty())?;
    Some(match host.strip_prefix("http://") {
        Some(rest) => format!("tcp://{rest}"),
        None => host,
    })
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
