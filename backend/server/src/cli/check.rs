//! `warden check [--json]`: one sweep's readings and findings, nothing repaired; exit 1 when
//! something is critical.

use crate::config::Config;
use crate::routes::monitor::sweep_view;
use crate::server::{open_store, open_store_read_only};

use super::{CliError, output};

pub async fn run(config: Config, json: bool) -> Result<(), CliError> {
    // The sweep is read, evaluated and printed, never stored. A full disk (or a read-only
    // mount) is what this command must be able to report, yet every read passes the guard, which
    // audits it before it runs: when the data directory cannot be written, the reads are audited
    // in a throwaway in-memory database instead (said on stderr), so the check still runs. Only
    // for a database that is there to read: a data directory that is a file, or an empty
    // read-only mount, is a deployment fault named as every command names it.
    let store = match open_store(&config).await {
        Ok(store) => store,
        Err(why) if !readable(&config).await => return Err(why.into()),
        // Shared cache: the pool's connections see one in-memory database.
        Err(why) => match warden_store::Store::connect(&format!(
            "sqlite:file:warden-check-{}?mode=memory&cache=shared",
            std::process::id()
        ))
        .await
        {
            Ok(scratch) => {
                output::error_line(&format!(
                    "note: {why}; checking without it: this sweep and the audit of its reads are kept in memory only, not stored"
                ));
                scratch
            }
            Err(scratch) => {
                tracing::debug!(%scratch, "no in-memory database for the check either");
                return Err(why.into());
            }
        },
    };
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

/// Whether the configured database can be opened for reading (the data directory is a
/// directory, and a database is there).
async fn readable(config: &Config) -> bool {
    match open_store_read_only(config).await {
        Ok(store) => {
            store.close().await;
            true
        }
        Err(_) => false,
    }
}
