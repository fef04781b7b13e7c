//! `warden check [--json]`: one sweep's readings and findings, nothing repaired; exit 1 when
//! something is critical.

use crate::config::Config;
use crate::routes::monitor::sweep_view;
use crate::server::open_store;

use super::{CliError, output};

pub async fn run(config: Config, json: bool) -> Result<(), CliError> {
    let store = open_store(&config).await?;
    let registry = crate::tools::build_registry(&config, &store)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    let (guard, _, _) = crate::guard::build(&config, store.clone(), registry)
        .await
        .map_err(|e| CliError::Failed(e.to_string()))?;
    let monitor = crate::monitor::build(&config, guard, store.clone());
    let checked = monitor.check().await;
    let r = checked.readings.clone();
    let report = sweep_view(checked);
    store.close().await;
    if json {
        output::json(&report);
    } else {
        if let Some(host) = &r.host {
            output::line(&format!(
                "host: load {:.2} per core, memory {:.1}% used",
                host.load_per_core, host.memory_used_percent
            ));
        }
        for disk in &r.disks {
            // df's figure, and beside it, where reserved blocks make them differ, the share of
            // the size ordinary users cannot use.
            let reserved = disk
                .unavailable_percent
                .map(|u| format!(" ({u:.1}% of the size not available to ordinary users)"))
                .unwrap_or_default();
            output::line(&format!(
                "disk {}: {}% used{reserved}",
                disk.mount_point, disk.used_percent
            ));
        }
        if r.docker.reachable {
            output::line(&format!("docker: {} containers", r.docker.containers.len()));
        }
        for gpu in &r.gpus {
            output::line(&format!(
                "gpu{} {}: {} °C",
                gpu.index,
                gpu.name,
                // As JSON writes it: `85.0`, or `null` when unread.
                gpu.temperature_c
                    .map_or_else(|| "null".to_owned(), |t| format!("{t:?}"))
            ));
        }
        for error in &r.errors {
            output::line(&format!("could not read: {error}"));
        }
        if report.findings.is_empty() {
            output::line("status: ok, nothing found");
        } else {
            output::line(&format!("status: {}", report.status));
            for f in &report.findings {
                output::line(&format!(
                    "  {:<8} {}  ({})",
                    f.severity, f.summary, f.fingerprint
                ));
            }
        }
    }
    if report.status == warden_protocol::SweepStatus::Critical {
        return Err(CliError::Critical);
    }
    Ok(())
}
