//! Reading the host through the guard: the monitor calls the same read-only tools as the chat
//! (`system_info`, `disk_usage`, `docker_ps`, `gpu_status`), as the actor `monitor`, so its reads
//! are decided and audited like any other call.

use serde_json::{Value, json};
use warden_tool_api::ToolContext;

use super::MonitorSettings;
use super::readings::{self, DockerReading, Readings};
use crate::guard::{Guard, Invoked};

/// Calls a read-only tool; its data, or why not.
pub async fn read(
    guard: &Guard,
    context: &ToolContext,
    tool: &str,
    args: Value,
) -> Result<Value, String> {
    match guard.invoke(tool, &args, context).await {
        Invoked::Done(outcome, _) if outcome.ok => Ok(outcome.data),
        Invoked::Done(outcome, _) => Err(format!("{tool}: {}", outcome.output)),
        Invoked::Pending(approval) => Err(format!(
            "{tool}: the policy holds this read for approval ({}); the monitor does not wait",
            approval.id
        )),
        Invoked::Refused(_, message) => Err(format!("{tool}: {message}")),
    }
}

/// Calls a read-only tool and reads its data as `T`; why not, naming the tool, when it failed
/// or its data does not have the shape `T` declares.
pub async fn read_typed<T: serde::de::DeserializeOwned>(
    guard: &Guard,
    context: &ToolContext,
    tool: &str,
    args: Value,
) -> Result<T, String> {
    let data = read(guard, context, tool, args).await?;
    serde_json::from_value(data).map_err(|e| format!("{tool}: its data could not be read: {e}"))
}

/// One reading of everything the monitor watches. A probe that fails is reported in `errors`
/// (Docker's failure is a finding of its own) and the others still read.
pub async fn read_all(
    guard: &Guard,
    context: &ToolContext,
    settings: &MonitorSettings,
) -> Readings {
    let mut out = Readings::default();
    match read_typed(guard, context, "system_info", json!({})).await {
        Ok(data) => out.host = Some(readings::host(&data)),
        Err(error) => out.errors.push(error),
    }
    match read_typed(guard, context, "disk_usage", json!({})).await {
        Ok(data) => out.disks = readings::disks(&data, &settings.disk_mounts),
        Err(error) => out.errors.push(error),
    }
    // With details: the OOM flag, restart count and start time tell a crash from a stop and a
    // held repair from one that was restarted again.
    let mut ps = json!({"all": true, "limit": 500, "details": true});
    if let Some(label) = &settings.watch_label {
        ps["label"] = json!(label);
    }
    out.docker = match read_typed(guard, context, "docker_ps", ps).await {
        Ok(data) => DockerReading {
            reachable: true,
            error: None,
            containers: readings::containers(&data, &settings.autoheal_label, &settings.autoheal),
        },
        Err(error) => DockerReading {
            reachable: false,
            error: Some(error),
            containers: Vec::new(),
        },
    };
    if settings.runaway.is_some() {
        // The busiest by CPU and by memory: a runaway is near the top of one of them.
        let mut lists = Vec::new();
        for sort_by in ["cpu", "memory"] {
            match read_typed(
                guard,
                context,
                "process_list",
                json!({"sort_by": sort_by, "limit": 20}),
            )
            .await
            {
                Ok(data) => lists.push(data),
                Err(error) => out.errors.push(error),
            }
        }
        out.processes = readings::processes(&lists);
    }
    if settings.ollama_unload_stuck {
        match read_typed(guard, context, "ollama_ps", json!({})).await {
            Ok(data) => out.ollama = readings::ollama_models(&data),
            Err(error) => out.errors.push(error),
        }
    }
    for host in &settings.ssh_hosts {
        out.remote
            .push(super::remote::read_host(guard, context, host).await);
    }
    if settings.gpus {
        match read_typed(guard, context, "gpu_status", json!({})).await {
            Ok(data) => out.gpus = readings::gpus(&data),
            Err(error) => out.errors.push(error),
        }
    }
    out
}
