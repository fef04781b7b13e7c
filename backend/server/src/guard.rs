//! Building the guard from configuration: the shipped policy plus the operators' files (a
//! malformed one stops start-up) with the data directory protected, the sandbox when runsc
//! answers (otherwise medium calls are raised to high, said once here and in /readyz),
//! containment of host programs when the machine provides it (otherwise low calls that start
//! host programs wait for approval, said once here and in /readyz), approvals' lifetime and
//! webhook.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use warden_core::{Guard, GuardSettings};
use warden_policy::{HostFileSystem, Policy, PolicyError};
use warden_sandbox::{
    ContainedLimits, Containment, ContainmentSettings, DockerSandbox, SandboxBackend, SandboxConfig,
};
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

/// Whether low calls' host programs run contained, for /readyz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainmentStatus {
    /// Contained, as this line describes.
    Ready(String),
    /// Why not; low calls that start host programs wait for approval instead.
    Unavailable(String),
}

/// What contained programs never see: Warden's data directory and the keys of `ssh_exec`
/// (both made absolute), and the operator's own list.
fn hidden_paths(config: &Config) -> Vec<PathBuf> {
    let absolute = |path: &PathBuf| std::path::absolute(path).unwrap_or_else(|_| path.clone());
    std::iter::once(absolute(&config.data_dir))
        .chain(config.tools.ssh_hosts.iter().map(|h| absolute(&h.key_file)))
        .chain(config.guard.hidden_paths.iter().cloned())
        .collect()
}

/// The resource bounds of every contained run, from `guard.contained_*` (MiB made bytes).
pub fn contained_limits(config: &Config) -> ContainedLimits {
    let mib = |value: u64| value.saturating_mul(1024 * 1024);
    let guard = &config.guard;
    ContainedLimits {
        memory_bytes: mib(guard.contained_memory_mb),
        cpu_seconds: guard.contained_cpu_secs,
        processes: guard.contained_processes,
        file_bytes: mib(guard.contained_file_mb),
        open_files: guard.contained_open_files,
    }
}

/// Sets containment up and tests it, or says why this machine cannot contain.
pub async fn containment_status(
    config: &Config,
) -> (Result<Arc<Containment>, String>, ContainmentStatus) {
    let settings = ContainmentSettings {
        setpriv: config.guard.setpriv.clone(),
        hidden: hidden_paths(config),
        limits: contained_limits(config),
        ..ContainmentSettings::default()
    };
    match Containment::start(settings).await {
        Ok(containment) => {
            let line = containment.describe();
            (Ok(containment), ContainmentStatus::Ready(line))
        }
        Err(error) => (
            Err(error.to_string()),
            ContainmentStatus::Unavailable(error.to_string()),
        ),
    }
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
) -> Result<(Arc<Guard>, SandboxStatus, ContainmentStatus), PolicyError> {
    build_with(config, store, tools, None).await
}

/// [`build`], counting decisions and tool runs in `metrics`. The guard's notifier (shared with
/// the monitor) is built here from `[notify]` and the legacy webhook settings.
pub async fn build_with(
    config: &Config,
    store: Store,
    tools: Registry,
    metrics: Option<warden_metrics::Metrics>,
) -> Result<(Arc<Guard>, SandboxStatus, ContainmentStatus), PolicyError> {
    build_with_fleet(config, store, tools, metrics, None).await
}

/// [`build_with`], sending calls with a `host` to the fleet's agents through `fleet`.
pub async fn build_with_fleet(
    config: &Config,
    store: Store,
    tools: Registry,
    metrics: Option<warden_metrics::Metrics>,
    fleet: Option<Arc<crate::fleet::FleetHub>>,
) -> Result<(Arc<Guard>, SandboxStatus, ContainmentStatus), PolicyError> {
    let policy = load_policy(config)?;
    let (sandbox, status) = sandbox_status(config).await;
    let (containment, contained) = containment_status(config).await;
    match &contained {
        ContainmentStatus::Ready(how) => {
            tracing::info!(%how, "host programs of low-risk calls run contained")
        }
        ContainmentStatus::Unavailable(why) => tracing::warn!(
            reason = %why,
            "host programs cannot be contained: low-risk calls that start one wait for approval"
        ),
    }
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
            containment,
            approval_ttl: Duration::from_secs(config.guard.approval_ttl_secs),
            // Folded into the notifier below with the other channels.
            webhook_url: None,
        },
    )
    .with_second_person_rule(config.guard.require_second_person)
    .with_clock(config.clock.clone())
    .with_notifier(crate::notify::build(config, metrics.clone()));
    let guard = match metrics {
        Some(metrics) => guard.with_metrics(metrics),
        None => guard,
    };
    let guard = match fleet {
        Some(fleet) => guard.with_remote_hosts(fleet),
        None => guard,
    };
    Ok((Arc::new(guard), status, contained))
}
