//! Reading the host through the guard: the monitor calls the same read-only tools as the chat
//! (`system_info`, `disk_usage`, `docker_ps`, `gpu_status`), as the actor `monitor`, so its reads
//! are decided and audited like any other call.

use serde_json::{Value, json};
use warden_tool_api::ToolContext;

use super::MonitorSettings;
use super::readings::{self, DockerReading, Readings};
use crate::guard::{Guard, Invoked};
use warden_protocol::readings::DockerPsData;

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
    gpus_seen: &std::sync::Mutex<super::gpu_readings::GpusSeen>,
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
    out.docker = match read_containers(guard, context, settings).await {
        Ok(data) => DockerReading {
            reachable: true,
            error: None,
            containers: readings::containers(&data, &settings.autoheal_label, &settings.autoheal),
            data_root: data
                .docker_root_dir
                .as_deref()
                .map(str::trim)
                .filter(|root| root.starts_with('/'))
                .map(str::to_owned),
        },
        Err(error) => DockerReading {
            reachable: false,
            error: Some(error),
            containers: Vec::new(),
            data_root: None,
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
            Ok(data) => {
                out.gpus = readings::gpus(&data);
                if let Ok(mut seen) = gpus_seen.lock() {
                    seen.note(&data, &mut out.gpus);
                }
            }
            Err(error) => out.errors.push(error),
        }
    }
    out
}

/// Spellings of `monitor.watch_label` read with Docker's label filter in one sweep, at most; past
/// them, every container is read and the label matched here.
const WATCH_SPELLINGS: usize = 8;

/// The containers the monitor watches, with details: the OOM flag, restart count and start time
/// tell a crash from a stop and a held repair from one that was restarted again. With
/// `monitor.watch_label`, those carrying it, its key (and value) in any case
/// ([`readings::watch_spellings`]): Docker's label filter matches them exactly, so the labels of
/// every container are listed first (no inspect), then each spelling found is read with details
/// through Docker's filter, and every answer is matched again here.
async fn read_containers(
    guard: &Guard,
    context: &ToolContext,
    settings: &MonitorSettings,
) -> Result<DockerPsData, String> {
    let details = json!({"all": true, "limit": 500, "details": true});
    let Some(watch) = settings.watch_label.as_deref() else {
        return read_typed(guard, context, "docker_ps", details).await;
    };
    let listed: DockerPsData = read_typed(
        guard,
        context,
        "docker_ps",
        json!({"all": true, "limit": 1000}),
    )
    .await?;
    let mut spellings: Vec<String> = listed
        .containers
        .iter()
        .flat_map(|c| readings::watch_spellings(c.labels.as_ref(), watch))
        .collect();
    spellings.sort();
    spellings.dedup();
    let reads: Vec<Value> = if spellings.len() > WATCH_SPELLINGS {
        vec![details]
    } else {
        spellings
            .iter()
            .map(|spelling| {
                let mut ps = details.clone();
                ps["label"] = json!(spelling);
                ps
            })
            .collect()
    };
    let mut out = DockerPsData {
        containers: Vec::new(),
        total: 0,
        docker_root_dir: None,
    };
    for ps in reads {
        let data: DockerPsData = read_typed(guard, context, "docker_ps", ps).await?;
        out.docker_root_dir = out.docker_root_dir.or(data.docker_root_dir);
        for container in data.containers {
            if readings::watched(container.labels.as_ref(), watch)
                && !out.containers.iter().any(|c| c.name == container.name)
            {
                out.containers.push(container);
            }
        }
    }
    out.containers.sort_by(|a, b| a.name.cmp(&b.name));
    out.total = u64::try_from(out.containers.len()).unwrap_or(u64::MAX);
    Ok(out)
}
