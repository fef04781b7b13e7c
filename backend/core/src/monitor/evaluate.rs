//! From readings to findings: thresholds with hysteresis (a value that crossed a threshold must
//! fall a margin below it before the finding clears, so a disk hovering at the line does not open
//! and close incidents every sweep), and container states. Every finding carries a deterministic
//! fingerprint, `KIND:TARGET`, never text from a model.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use warden_protocol::FindingKind;

use super::events::Stop;
use super::faults::{Seen, container_fault};
use super::readings::Readings;

/// How bad a finding is (ordered: the worse of several is their `max`).
pub use warden_protocol::Severity;

/// A warning and a critical threshold for one measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levels {
    pub warning: f64,
    pub critical: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// Percent of a filesystem used.
    pub disk_percent: Levels,
    /// Five-minute load average divided by the number of cores.
    pub load_per_core: Levels,
    /// Percent of memory in use (not available).
    pub memory_percent: Levels,
    pub gpu_temperature_c: Levels,
    pub gpu_memory_percent: Levels,
    /// How far below a threshold (as a fraction of it) a value must fall to clear.
    pub hysteresis: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            disk_percent: Levels {
                warning: 85.0,
                critical: 95.0,
            },
            load_per_core: Levels {
                warning: 2.0,
                critical: 4.0,
            },
            memory_percent: Levels {
                warning: 90.0,
                critical: 97.0,
            },
            gpu_temperature_c: Levels {
                warning: 83.0,
                critical: 90.0,
            },
            gpu_memory_percent: Levels {
                warning: 95.0,
                critical: 99.0,
            },
            hysteresis: 0.05,
        }
    }
}

/// Something wrong, keyed for deduplication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub fingerprint: String,
    pub kind: FindingKind,
    pub target: String,
    pub severity: Severity,
    pub summary: String,
    /// Whether the monitor may repair it with a runbook.
    pub repairable: bool,
    /// Why it is reported and never repaired (escalated to a human with this), whatever a
    /// runbook or the repair model could do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_repaired: Option<String>,
}

impl Finding {
    pub(super) fn new(
        kind: FindingKind,
        target: &str,
        severity: Severity,
        summary: String,
    ) -> Self {
        Self {
            fingerprint: fingerprint(kind, target),
            kind,
            target: target.to_owned(),
            severity,
            summary,
            repairable: false,
            not_repaired: None,
        }
    }
}

/// `/data is 91% used`, and when reserved blocks make the two differ, the share of the size
/// ordinary users cannot use as well.
fn disk_summary(name: &str, disk: &super::readings::DiskReading) -> String {
    let mut text = format!("{name} is {}% used", disk.used_percent);
    if let Some(unavailable) = disk.unavailable_percent {
        text.push_str(&format!(
            " (as df counts it; {unavailable:.1}% of its size is not available to ordinary users: blocks reserved for root)"
        ));
    }
    text
}

/// A GPU's driver-reported faults: critical XID errors (critical: the GPU or its memory failed
/// under a workload) and memory pages waiting for a reset to be retired (a warning: the GPU
/// works on, and needs a reset the operator schedules).
fn gpu_fault(gpu: &super::readings::GpuReading) -> Option<(Severity, String)> {
    let xids = gpu.xid_critical_errors.filter(|n| *n > 0);
    let pending = gpu.retired_pages_pending == Some(true);
    let mut parts = Vec::new();
    if let Some(n) = xids {
        let last = gpu
            .xid_last
            .map(|code| format!(", the latest XID {code}"))
            .unwrap_or_default();
        parts.push(format!("reported {n} critical XID errors{last}"));
    }
    if pending {
        parts.push("has memory pages waiting for a GPU reset to be retired".to_owned());
    }
    if parts.is_empty() {
        return None;
    }
    let severity = if xids.is_some() {
        Severity::Critical
    } else {
        Severity::Warning
    };
    Some((severity, parts.join(" and ")))
}

pub fn fingerprint(kind: FindingKind, target: &str) -> String {
    format!("{}:{target}", kind.as_str())
}

/// The severity of `value` against `levels`, given what it was at the last sweep.
pub fn level(
    value: f64,
    levels: Levels,
    previous: Option<Severity>,
    hysteresis: f64,
) -> Option<Severity> {
    let held = |threshold: f64, severity: Severity| {
        let bar = if previous >= Some(severity) {
            threshold * (1.0 - hysteresis)
        } else {
            threshold
        };
        value >= bar
    };
    if held(levels.critical, Severity::Critical) {
        Some(Severity::Critical)
    } else if held(levels.warning, Severity::Warning) {
        Some(Severity::Warning)
    } else {
        None
    }
}

/// What `readings` show wrong. `previous` holds last sweep's severities by fingerprint, for
/// hysteresis; `oom_killed` names containers the event stream reported killed for memory, and
/// `stops` the containers whose current run was sent a signal that stops them; `now` (Unix
/// seconds) judges a health check still `starting` against the time since its container started.
pub fn findings(
    readings: &Readings,
    thresholds: &Thresholds,
    previous: &HashMap<String, Severity>,
    oom_killed: &[String],
    stops: &HashMap<String, Stop>,
    now: Option<i64>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let hysteresis = thresholds.hysteresis;
    let mut measure =
        |kind: FindingKind, target: &str, value: f64, levels: Levels, what: String| {
            let before = previous.get(&fingerprint(kind, target)).copied();
            if let Some(severity) = level(value, levels, before, hysteresis) {
                out.push(Finding::new(kind, target, severity, what));
            }
        };
    for disk in &readings.disks {
        measure(
            FindingKind::DiskFull,
            &disk.mount_point,
            disk.used_percent,
            thresholds.disk_percent,
            disk_summary(&disk.mount_point, disk),
        );
    }
    if let Some(host) = &readings.host {
        measure(
            FindingKind::LoadHigh,
            "host",
            host.load_per_core,
            thresholds.load_per_core,
            format!("load is {:.2} per core (5 minutes)", host.load_per_core),
        );
        measure(
            FindingKind::MemoryLow,
            "host",
            host.memory_used_percent,
            thresholds.memory_percent,
            format!("{:.1}% of memory is in use", host.memory_used_percent),
        );
    }
    for gpu in &readings.gpus {
        let target = format!("gpu{}", gpu.index);
        if let Some(t) = gpu.temperature_c {
            measure(
                FindingKind::GpuHot,
                &target,
                t,
                thresholds.gpu_temperature_c,
                format!("{} ({target}) is at {t:.0} °C", gpu.name),
            );
        }
        if let Some(m) = gpu.memory_used_percent {
            measure(
                FindingKind::GpuMemoryFull,
                &target,
                m,
                thresholds.gpu_memory_percent,
                format!("{} ({target}) memory is {m:.1}% used", gpu.name),
            );
        }
    }
    for gpu in &readings.gpus {
        let target = format!("gpu{}", gpu.index);
        // A lost GPU is the operator's to look at: no runbook brings a GPU back on the bus.
        if let Some(why) = &gpu.lost {
            out.push(Finding::new(
                FindingKind::GpuLost,
                &target,
                Severity::Critical,
                format!("{} ({target}) is lost: {why}", gpu.name),
            ));
            continue;
        }
        if let Some(fault) = gpu_fault(gpu) {
            out.push(Finding::new(
                FindingKind::GpuFault,
                &target,
                fault.0,
                format!("{} ({target}) {}", gpu.name, fault.1),
            ));
        }
        if gpu.ecc_uncorrected.is_some_and(|n| n > 0) {
            out.push(Finding::new(
                FindingKind::GpuEcc,
                &target,
                Severity::Critical,
                format!(
                    "{} ({target}) reports {} uncorrected ECC errors",
                    gpu.name,
                    gpu.ecc_uncorrected.unwrap_or_default()
                ),
            ));
        }
        let hardware: Vec<&String> = gpu
            .throttle_reasons
            .iter()
            .filter(|r| r.contains("thermal") || r.starts_with("hw_"))
            .collect();
        if !hardware.is_empty() {
            out.push(Finding::new(
                FindingKind::GpuThrottled,
                &target,
                Severity::Warning,
                format!(
                    "{} ({target}) is throttled: {}",
                    gpu.name,
                    hardware
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    if !readings.docker.reachable {
        out.push(Finding::new(
            FindingKind::DockerUnreachable,
            "docker",
            Severity::Critical,
            readings
                .docker
                .error
                .clone()
                .unwrap_or_else(|| "the Docker daemon does not answer".to_owned()),
        ));
    }
    for container in &readings.docker.containers {
        let seen = Seen {
            oom: oom_killed.contains(&container.name),
            stop: stops.get(&container.name).copied().unwrap_or_default(),
            now,
        };
        if let Some(fault) = container_fault(container, seen) {
            let mut finding = Finding::new(
                fault.kind,
                &container.name,
                fault.severity,
                format!("container {} {}", container.name, fault.why),
            );
            // Docker's own restart policy is looping it: Warden does not race it.
            finding.repairable = container.autoheal
                && fault.kind != FindingKind::ContainerRestarting
                && fault.not_repaired.is_none();
            // A Compose one-off run never opted in: its exit is reported, never repaired.
            finding.not_repaired = fault.not_repaired.or_else(|| {
                container
                    .compose_oneoff
                    .then(|| super::faults::oneoff_note(&container.name))
            });
            out.push(finding);
        }
    }
    for remote in &readings.remote {
        if !remote.reachable {
            out.push(Finding::new(
                FindingKind::HostUnreachable,
                &remote.host,
                Severity::Critical,
                format!(
                    "{} cannot be reached {}: {}",
                    remote.host,
                    if remote.agent {
                        "(fleet agent)"
                    } else {
                        "over SSH"
                    },
                    remote.error.clone().unwrap_or_default()
                ),
            ));
            continue;
        }
        let mut remote_measure =
            |kind: FindingKind, target: String, value: f64, levels: Levels, what: String| {
                let before = previous.get(&fingerprint(kind, &target)).copied();
                if let Some(severity) = level(value, levels, before, hysteresis) {
                    out.push(Finding::new(kind, &target, severity, what));
                }
            };
        if let Some(load) = remote.load_per_core {
            remote_measure(
                FindingKind::LoadHigh,
                remote.host.clone(),
                load,
                thresholds.load_per_core,
                format!("load on {} is {load:.2} per core (5 minutes)", remote.host),
            );
        }
        if let Some(memory) = remote.memory_used_percent {
            remote_measure(
                FindingKind::MemoryLow,
                remote.host.clone(),
                memory,
                thresholds.memory_percent,
                format!("{memory:.1}% of memory is in use on {}", remote.host),
            );
        }
        for disk in &remote.disks {
            remote_measure(
                FindingKind::DiskFull,
                format!("{}:{}", remote.host, disk.mount_point),
                disk.used_percent,
                thresholds.disk_percent,
                disk_summary(&format!("{}:{}", remote.host, disk.mount_point), disk),
            );
        }
    }
    // This machine's disks have a runbook (Docker's space is reclaimed here); a fleet agent's
    // are judged by `runbooks::plan` during the sweep.
    let local: Vec<String> = readings
        .disks
        .iter()
        .map(|d| fingerprint(FindingKind::DiskFull, &d.mount_point))
        .collect();
    // A disk mounted read-only (a full one: an archive, a recovery mount, a filesystem the
    // kernel remounted read-only after an error) frees nothing whatever a runbook deletes: it
    // is reported, never repaired.
    let read_only: Vec<String> = readings
        .disks
        .iter()
        .filter(|d| d.read_only)
        .map(|d| fingerprint(FindingKind::DiskFull, &d.mount_point))
        .chain(readings.remote.iter().flat_map(|remote| {
            remote.disks.iter().filter(|d| d.read_only).map(|d| {
                fingerprint(
                    FindingKind::DiskFull,
                    &format!("{}:{}", remote.host, d.mount_point),
                )
            })
        }))
        .collect();
    // A disk held in memory (/dev/shm, /run) fills with what programs wrote there: pruning
    // Docker frees nothing on it, so it is reported with what to look at, never pruned.
    let misfits: Vec<(String, String, String)> = readings
        .disks
        .iter()
        .filter_map(|d| {
            let root = readings.docker.data_root.as_deref();
            let why = super::disk_fit::prune_misfit(d, &readings.disks, root)?;
            let filesystem = d.filesystem.clone().unwrap_or_default();
            Some((
                fingerprint(FindingKind::DiskFull, &d.mount_point),
                filesystem,
                why,
            ))
        })
        // A fleet agent's or SSH host's disk, by the type its reading carries (its Docker's
        // data root is not read: Docker's default).
        .chain(readings.remote.iter().flat_map(|remote| {
            remote.disks.iter().filter_map(|d| {
                let why = super::disk_fit::prune_misfit(d, &remote.disks, None)?;
                Some((
                    fingerprint(
                        FindingKind::DiskFull,
                        &format!("{}:{}", remote.host, d.mount_point),
                    ),
                    d.filesystem.clone().unwrap_or_default(),
                    why,
                ))
            })
        }))
        .collect();
    for finding in &mut out {
        let misfit = misfits.iter().find(|(f, _, _)| *f == finding.fingerprint);
        if let Some((_, filesystem, why)) = misfit
            && !read_only.contains(&finding.fingerprint)
        {
            finding.repairable = false;
            finding.not_repaired = Some(why.clone());
            finding.summary.push_str(&format!(
                "; it is held in memory ({filesystem}): pruning Docker frees nothing on it"
            ));
        } else if read_only.contains(&finding.fingerprint) {
            finding.repairable = false;
            finding.not_repaired = Some(READ_ONLY.to_owned());
            finding.summary.push_str("; it is mounted read-only");
        } else if local.contains(&finding.fingerprint) {
            finding.repairable = true;
        }
    }
    out
}

/// Why a full disk mounted read-only is not repaired.
const READ_ONLY: &str = "the filesystem is mounted read-only: nothing can be written or freed \
     on it, so no runbook can repair it (remount it read-write, or check why the kernel \
     remounted it read-only)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::readings::{ContainerReading, DiskReading, GpuReading};

    const DISK: Levels = Levels {
        warning: 85.0,
        critical: 95.0,
    };

    #[test]
    fn hysteresis_holds_a_level_until_the_value_falls_a_margin_below() {
        assert_eq!(level(84.9, DISK, None, 0.05), None);
        assert_eq!(level(85.0, DISK, None, 0.05), Some(Severity::Warning));
        assert_eq!(level(96.0, DISK, None, 0.05), Some(Severity::Critical));
        // Having been critical, 91 (above 95 less 5%) is still critical; 90 is not.
        assert_eq!(
            level(91.0, DISK, Some(Severity::Critical), 0.05),
            Some(Severity::Critical)
        );
        assert_eq!(
            level(90.0, DISK, Some(Severity::Critical), 0.05),
            Some(Severity::Warning)
        );
        // Having been warned, 81 still warns; 80.7 clears; without history 81 is fine.
        assert_eq!(
            level(81.0, DISK, Some(Severity::Warning), 0.05),
            Some(Severity::Warning)
        );
        assert_eq!(level(80.7, DISK, Some(Severity::Warning), 0.05), None);
        assert_eq!(level(81.0, DISK, None, 0.05), None);
    }

    fn container(
        name: &str,
        state: &str,
        exit_code: Option<i64>,
        health: Option<&str>,
    ) -> ContainerReading {
        ContainerReading {
            name: name.to_owned(),
            state: state.to_owned(),
            status: String::new(),
            health: health.map(str::to_owned),
            exit_code,
            autoheal: name.starts_with("heal"),
            oom_killed: false,
            restart_count: Some(0),
            started_at: None,
            finished_at: None,
            stop_signal: None,
            stop_timeout_secs: None,
            tty: false,
            restart_policy: None,
            health_check: None,
            start_error: None,
            compose_oneoff: false,
        }
    }

    #[test]
    fn crashes_count_deliberate_stops_do_not() {
        let mut readings = Readings::default();
        readings.docker.reachable = true;
        readings.docker.containers = vec![
            container("heal-web", "exited", Some(3), None),
            container("job", "exited", Some(0), None),
            container("stopped", "exited", Some(137), None),
            // SIGKILLed with no stop of it recorded, nor OOMKilled: a crash.
            container("killed", "exited", Some(137), None),
            container("oomed", "exited", Some(137), None),
            ContainerReading {
                oom_killed: true,
                ..container("heal-oom", "exited", Some(137), None)
            },
            container("sick", "running", None, Some("unhealthy")),
            container("flappy", "restarting", None, None),
            container("fine", "running", None, Some("healthy")),
            // Stopped by its own stop signal (SIGINT), sent to it: no crash.
            container("heal-stopped", "exited", Some(130), None),
        ];
        readings.disks = vec![DiskReading {
            mount_point: "/data".to_owned(),
            used_percent: 97.0,
            available_bytes: 1,
            unavailable_percent: Some(99.5),
            filesystem: None,
            read_only: false,
        }];
        let found = findings(
            &readings,
            &Thresholds::default(),
            &HashMap::new(),
            &["oomed".to_owned()],
            &HashMap::from([
                (
                    "heal-stopped".to_owned(),
                    Stop::Requested {
                        signal: 2,
                        recent: true,
                    },
                ),
                (
                    "stopped".to_owned(),
                    Stop::Requested {
                        signal: 9,
                        recent: false,
                    },
                ),
            ]),
            None,
        );
        let keys: Vec<(&str, Severity, bool)> = found
            .iter()
            .map(|f| (f.fingerprint.as_str(), f.severity, f.repairable))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("disk_full:/data", Severity::Critical, true),
                ("container_exited:heal-web", Severity::Critical, true),
                ("container_exited:killed", Severity::Critical, false),
                ("container_exited:oomed", Severity::Critical, false),
                ("container_exited:heal-oom", Severity::Critical, true),
                ("container_unhealthy:sick", Severity::Warning, false),
                ("container_restarting:flappy", Severity::Warning, false),
            ]
        );
    }

    #[test]
    fn a_full_disk_mounted_read_only_is_reported_and_never_repaired() {
        use crate::monitor::remote::RemoteReading;
        let disk = |mount_point: &str, read_only: bool| DiskReading {
            mount_point: mount_point.to_owned(),
            used_percent: 100.0,
            available_bytes: 0,
            unavailable_percent: None,
            filesystem: None,
            read_only,
        };
        let readings = Readings {
            docker: crate::monitor::readings::DockerReading {
                reachable: true,
                ..Default::default()
            },
            disks: vec![disk("/data", false), disk("/archive", true)],
            remote: vec![RemoteReading {
                host: "web1".to_owned(),
                agent: false,
                reachable: true,
                error: None,
                load_per_core: None,
                memory_used_percent: None,
                disks: vec![disk("/backup", true)],
            }],
            ..Readings::default()
        };
        let found = findings(
            &readings,
            &Thresholds::default(),
            &HashMap::new(),
            &[],
            &HashMap::new(),
            None,
        );
        let keys: Vec<(&str, Severity, bool, bool)> = found
            .iter()
            .map(|f| {
                (
                    f.fingerprint.as_str(),
                    f.severity,
                    f.repairable,
                    f.not_repaired.is_some(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            vec![
                ("disk_full:/data", Severity::Critical, true, false),
                ("disk_full:/archive", Severity::Critical, false, true),
                ("disk_full:web1:/backup", Severity::Critical, false, true),
            ]
        );
        assert!(
            found[1].summary.ends_with("mounted read-only"),
            "{}",
            found[1].summary
        );
        let settings = crate::monitor::MonitorSettings::default();
        assert!(crate::monitor::runbooks::plan(&found[0], &settings, &readings).is_some());
        assert_eq!(
            crate::monitor::runbooks::plan(&found[1], &settings, &readings),
            None
        );
    }

    #[test]
    fn a_full_memory_backed_mount_is_reported_and_never_pruned() {
        let disk = |mount_point: &str, filesystem: &str| DiskReading {
            mount_point: mount_point.to_owned(),
            used_percent: 100.0,
            available_bytes: 0,
            unavailable_percent: None,
            filesystem: Some(filesystem.to_owned()),
            read_only: false,
        };
        let readings = Readings {
            docker: crate::monitor::readings::DockerReading {
                reachable: true,
                ..Default::default()
            },
            disks: vec![
                disk("/", "ext4"),
                disk("/dev/shm", "tmpfs"),
                disk("/run", "tmpfs"),
                disk("/dev", "devtmpfs"),
                disk("/mnt/scratch", "ramfs"),
                // Docker's data root kept in memory (a CI host): pruning frees it.
                disk("/var/lib/docker", "tmpfs"),
            ],
            ..Readings::default()
        };
        let found = findings(
            &readings,
            &Thresholds::default(),
            &HashMap::new(),
            &[],
            &HashMap::new(),
            None,
        );
        let settings = crate::monitor::MonitorSettings::default();
        let keys: Vec<(&str, bool, bool, bool)> = found
            .iter()
            .map(|f| {
                (
                    f.fingerprint.as_str(),
                    f.repairable,
                    f.not_repaired.is_some(),
                    crate::monitor::runbooks::plan(f, &settings, &readings).is_some(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            vec![
                ("disk_full:/", true, false, true),
                ("disk_full:/dev/shm", false, true, false),
                ("disk_full:/run", false, true, false),
                ("disk_full:/dev", false, true, false),
                ("disk_full:/mnt/scratch", false, true, false),
                ("disk_full:/var/lib/docker", true, false, true),
            ]
        );
        assert!(
            found[1]
                .summary
                .ends_with("held in memory (tmpfs): pruning Docker frees nothing on it"),
            "{}",
            found[1].summary
        );
        assert!(
            found[1]
                .not_repaired
                .as_deref()
                .unwrap()
                .contains("shared memory segments")
        );
    }

    #[test]
    fn remote_hosts_report_reachability_load_memory_and_disks_without_runbooks() {
        use crate::monitor::remote::RemoteReading;
        let readings = Readings {
            docker: crate::monitor::readings::DockerReading {
                reachable: true,
                ..Default::default()
            },
            remote: vec![
                RemoteReading {
                    host: "web1".to_owned(),
                    agent: false,
                    reachable: true,
                    error: None,
                    load_per_core: Some(5.0),
                    memory_used_percent: Some(50.0),
                    disks: vec![DiskReading {
                        mount_point: "/".to_owned(),
                        used_percent: 96.0,
                        available_bytes: 1,
                        unavailable_percent: None,
                        read_only: false,
                        filesystem: None,
                    }],
                },
                RemoteReading {
                    host: "db1".to_owned(),
                    agent: false,
                    reachable: false,
                    error: Some("connection refused".to_owned()),
                    load_per_core: None,
                    memory_used_percent: None,
                    disks: Vec::new(),
                },
            ],
            ..Readings::default()
        };
        let found: Vec<(String, Severity, bool)> = findings(
            &readings,
            &Thresholds::default(),
            &HashMap::new(),
            &[],
            &HashMap::new(),
            None,
        )
        .into_iter()
        .map(|f| (f.fingerprint, f.severity, f.repairable))
        .collect();
        assert_eq!(
            found,
            vec![
                ("load_high:web1".to_owned(), Severity::Critical, false),
                ("disk_full:web1:/".to_owned(), Severity::Critical, false),
                ("host_unreachable:db1".to_owned(), Severity::Critical, false),
            ]
        );
    }

    #[test]
    fn recorded_gpu_readings_raise_heat_memory_ecc_and_throttling() {
        let readings = Readings {
            gpus: vec![GpuReading {
                index: 0,
                name: "NVIDIA H100".to_owned(),
                temperature_c: Some(91.0),
                memory_used_percent: Some(96.0),
                utilization_percent: Some(100.0),
                ecc_uncorrected: Some(2),
                throttle_reasons: vec!["gpu_idle".to_owned(), "hw_thermal_slowdown".to_owned()],
                power_w: Some(690.0),
                processes: 3,
                top_process: None,
                lost: None,
                xid_critical_errors: None,
                xid_last: None,
                retired_pages_pending: None,
            }],
            docker: crate::monitor::readings::DockerReading {
                reachable: true,
                ..Default::default()
            },
            ..Readings::default()
        };
        let found: Vec<(String, Severity)> = findings(
            &readings,
            &Thresholds::default(),
            &HashMap::new(),
            &[],
            &HashMap::new(),
            None,
        )
        .into_iter()
        .map(|f| (f.fingerprint, f.severity))
        .collect();
        assert_eq!(
            found,
            vec![
                ("gpu_hot:gpu0".to_owned(), Severity::Critical),
                ("gpu_memory_full:gpu0".to_owned(), Severity::Warning),
                ("gpu_ecc:gpu0".to_owned(), Severity::Critical),
                ("gpu_throttled:gpu0".to_owned(), Severity::Warning),
            ]
        );
    }
}
