//! `docker_inspect`'s data from bollard's typed answer: the fields an operator and the monitor's
//! verification read, with environment values left out (they often hold secrets).

use bollard::models::ContainerInspectResponse;
use serde::Serialize;
use warden_protocol::readings::{ContainerInspectData, MountData, PortBindingData};

/// The data of one inspected container.
pub fn inspect_data(inspected: ContainerInspectResponse) -> ContainerInspectData {
    let state = inspected.state.unwrap_or_default();
    let config = inspected.config.unwrap_or_default();
    let env_names = config
        .env
        .unwrap_or_default()
        .iter()
        .map(|e| e.split('=').next().unwrap_or("").to_owned())
        .collect();
    ContainerInspectData {
        id: inspected.id,
        name: inspected
            .name
            .unwrap_or_default()
            .trim_start_matches('/')
            .to_owned(),
        image: config.image,
        status: state.status.map(|s| s.to_string()),
        running: state.running,
        restarting: state.restarting,
        exit_code: state.exit_code,
        oom_killed: state.oom_killed,
        error: state.error,
        started_at: state.started_at,
        finished_at: state.finished_at,
        health: state
            .health
            .and_then(|h| h.status)
            .map(|status| status.to_string()),
        restart_count: inspected.restart_count,
        restart_policy: inspected
            .host_config
            .and_then(|h| h.restart_policy)
            .and_then(|p| {
                let name = p.name?.to_string();
                Some(crate::details::restart_policy(&name, p.maximum_retry_count))
            }),
        stop_signal: config.stop_signal.filter(|s| !s.is_empty()),
        stop_timeout_secs: config.stop_timeout,
        tty: config.tty,
        health_check: config
            .healthcheck
            .as_ref()
            .and_then(|h| serde_json::to_value(h).ok())
            .and_then(|h| crate::details::health_check(&h)),
        command: config.cmd,
        entrypoint: config.entrypoint,
        labels: config.labels.map(|l| l.into_iter().collect()),
        env_names,
        mounts: inspected.mounts.map(|mounts| {
            mounts
                .into_iter()
                .map(|m| MountData {
                    source: m.source,
                    destination: m.destination,
                    rw: m.rw,
                })
                .collect()
        }),
        ports: inspected
            .network_settings
            .and_then(|n| n.ports)
            .map(|ports| {
                ports
                    .into_iter()
                    .map(|(port, bindings)| {
                        let bindings = bindings.map(|b| {
                            b.into_iter()
                                .map(|b| PortBindingData {
                                    host_ip: b.host_ip,
                                    host_port: b.host_port,
                                })
                                .collect()
                        });
                        (port, bindings)
                    })
                    .collect()
            }),
    }
}

/// A value as JSON would write it (`null` when absent), as the summary line shows it.
fn shown<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The one-paragraph summary the model reads first.
pub fn summary(data: &ContainerInspectData) -> String {
    format!(
        "{} ({}): {}{}, exit code {}, restarts {}, policy {}, health {}\nimage {}, command {}",
        data.name,
        data.id
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(12)
            .collect::<String>(),
        data.status.as_deref().unwrap_or("?"),
        if data.oom_killed == Some(true) {
            " (OOM killed)"
        } else {
            ""
        },
        shown(&data.exit_code),
        shown(&data.restart_count),
        data.restart_policy
            .as_deref()
            .filter(|p| !p.is_empty())
            .unwrap_or("no"),
        data.health.as_deref().unwrap_or("none"),
        data.image.as_deref().unwrap_or("?"),
        shown(&data.command),
    )
}
