//! Deterministic repairs, tried before anything else: restart a crashed (or unhealthy) container
//! that opted in, reclaim Docker's build cache and dangling images when a disk is full. Every
//! repair goes through the guard as the actor `monitor` (the shipped policy grants these two at
//! low risk; anything else waits for a human), counts against the target's budget, and is verified
//! by probing again.

use std::time::Duration;
use warden_protocol::FindingKind;

use serde_json::{Value, json};

use super::MonitorSettings;
use super::evaluate::Finding;
use super::hogs::pid_of;
use super::readings::Readings;
use crate::guard::Invoked;

/// A runbook's tool calls, in order.
pub type Steps = Vec<(String, Value)>;

/// A repair to try for a finding, given the settings (what is opted in) and the sweep's
/// readings: the tool calls, in order, or None.
pub fn plan(finding: &Finding, settings: &MonitorSettings, readings: &Readings) -> Option<Steps> {
    match finding.kind {
        // Opted in by label or name (the reading says so).
        FindingKind::ContainerExited | FindingKind::ContainerUnhealthy => readings
            .docker
            .containers
            .iter()
            // A dead container cannot be started again: nothing to restart.
            .any(|c| c.name == finding.target && c.autoheal && c.state != "dead")
            .then(|| {
                vec![(
                    "docker_restart".to_owned(),
                    json!({ "container": finding.target }),
                )]
            }),
        // This machine's disks only (Docker's space is reclaimed here).
        FindingKind::DiskFull
            if readings
                .disks
                .iter()
                .any(|d| d.mount_point == finding.target) =>
        {
            // A read-only mount frees nothing: reported, never pruned.
            if readings
                .disks
                .iter()
                .any(|d| d.mount_point == finding.target && d.read_only)
            {
                return None;
            }
            // A mount held in memory is filled by what programs wrote there, not by Docker.
            if readings.disks.iter().any(|d| {
                d.mount_point == finding.target
                    && super::disk_fit::prune_misfit(
                        d,
                        &readings.disks,
                        readings.docker.data_root.as_deref(),
                    )
                    .is_some()
            }) {
                return None;
            }
            reclaim_docker(settings.prune_label.as_deref())
        }
        // A fleet agent's disk: Docker's space is reclaimed on that agent (`host` set, so the
        // calls pass this guard, then the agent's own).
        FindingKind::DiskFull => {
            let host = agent_of_disk(&finding.target, readings)?;
            let steps = reclaim_docker(settings.prune_label.as_deref())?;
            Some(on_host(steps, host))
        }
        FindingKind::ProcessRunaway if settings.runaway.is_some() => {
            let pid = pid_of(&finding.target)?;
            Some(vec![("process_kill".to_owned(), json!({ "pid": pid }))])
        }
        FindingKind::GpuMemoryFull if settings.gpu_hog_kill => {
            let index: u64 = finding.target.strip_prefix("gpu")?.parse().ok()?;
            let top = readings
                .gpus
                .iter()
                .find(|g| g.index == index)?
                .top_process
                .as_ref()?;
            Some(vec![("process_kill".to_owned(), json!({ "pid": top.pid }))])
        }
        FindingKind::OllamaStuck if settings.ollama_unload_stuck => Some(vec![(
            "ollama_unload".to_owned(),
            json!({ "model": finding.target }),
        )]),
        FindingKind::ProcessRunaway
        | FindingKind::GpuMemoryFull
        | FindingKind::OllamaStuck
        | FindingKind::HostUnreachable
        | FindingKind::LoadHigh
        | FindingKind::MemoryLow
        | FindingKind::GpuHot
        | FindingKind::GpuEcc
        | FindingKind::GpuThrottled
        | FindingKind::GpuLost
        | FindingKind::GpuFault
        | FindingKind::DockerUnreachable
        | FindingKind::ContainerRestarting
        | FindingKind::Alert => None,
    }
}

/// The disk runbook: Docker's build cache and dangling images reclaimed, never tagged images,
/// volumes or containers. With `prune_label`, only the dangling images carrying it: Docker's
/// build cache entries have no labels, and its build cache prune accepts a `label` filter and
/// ignores it (it would remove every unused entry), so a labelled runbook leaves the cache alone.
pub fn reclaim_docker(prune_label: Option<&str>) -> Option<Steps> {
    let steps = match prune_label {
        Some(label) => vec![(
            "docker_prune".to_owned(),
            json!({"what": "dangling_images", "label": label}),
        )],
        None => vec![
            ("docker_prune".to_owned(), json!({"what": "build_cache"})),
            (
                "docker_prune".to_owned(),
                json!({"what": "dangling_images"}),
            ),
        ],
    };
    Some(steps)
}

/// The fleet agent whose reported disk `target` (`HOST:MOUNT`) names, if it is reachable and
/// reported that disk, writable, in this sweep.
fn agent_of_disk<'a>(target: &str, readings: &'a Readings) -> Option<&'a str> {
    readings
        .remote
        .iter()
        .filter(|r| r.agent && r.reachable)
        .find(|r| {
            target
                .strip_prefix(r.host.as_str())
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|mount| {
                    // A read-only mount frees nothing: reported, never pruned; nor does one
                    // held in memory (by the type the agent's reading carries).
                    r.disks.iter().any(|d| {
                        d.mount_point == mount
                            && !d.read_only
                            && super::disk_fit::prune_misfit(d, &r.disks, None).is_none()
                    })
                })
        })
        .map(|r| r.host.as_str())
}

/// `steps` with every call sent to fleet agent `host`.
pub fn on_host(steps: Steps, host: &str) -> Steps {
    steps
        .into_iter()
        .map(|(tool, mut args)| {
            if let Some(object) = args.as_object_mut() {
                object.insert(
                    crate::guard::HOST_ARGUMENT.to_owned(),
                    Value::String(host.to_owned()),
                );
            }
            (tool, args)
        })
        .collect()
}

/// How many repairs a target may have in a window, and how long to wait between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    pub repairs: i64,
    pub window: Duration,
    /// The wait after the first repair; it doubles after each further one.
    pub backoff: Duration,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            repairs: 3,
            window: Duration::from_secs(30 * 60),
            backoff: Duration::from_secs(30),
        }
    }
}

/// What the budget allows now, given `count` repairs in the window, the latest at `last`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowance {
    Repair,
    /// Too soon after the last repair: wait until this time.
    Wait(i64),
    Exhausted,
}

pub fn allowance(budget: &Budget, count: i64, last: Option<i64>, now: i64) -> Allowance {
    if count >= budget.repairs {
        return Allowance::Exhausted;
    }
    let Some(last) = last else {
        return Allowance::Repair;
    };
    let base = i64::try_from(budget.backoff.as_secs()).unwrap_or(i64::MAX);
    let wait = base.saturating_mul(1_i64 << (count - 1).clamp(0, 20));
    if now >= last.saturating_add(wait) {
        Allowance::Repair
    } else {
        Allowance::Wait(last + wait)
    }
}

/// The container a call of `tool` with `args` restarts on this host, by the name it was given
/// (Docker's leading `/` dropped): Docker stops it before it starts it again, and the signals of
/// that stop are the restart's (see [`super::Monitor::restarted_by_repair`]). None for another
/// tool, and for a restart on a fleet agent (a `host` argument): its containers are not this
/// host's, and a container of the same name here that its operator stops meanwhile is stopped.
pub fn restarted_here(tool: &str, args: &Value) -> Option<String> {
    if tool != "docker_restart" {
        return None;
    }
    let elsewhere = match args.get("host") {
        None | Some(Value::Null) => false,
        Some(Value::String(host)) => !host.trim().is_empty(),
        Some(_) => true,
    };
    if elsewhere {
        return None;
    }
    let name = args["container"].as_str()?.trim();
    let name = name.strip_prefix('/').unwrap_or(name);
    (!name.is_empty()).then(|| name.to_owned())
}

/// A one-line account of an invocation for the incident's timeline.
pub fn describe(tool: &str, args: &Value, invoked: &Invoked) -> (String, RepairStep) {
    match invoked {
        Invoked::Done(outcome, _) if outcome.ok => (
            format!("{tool} {args}: done ({} ms)", outcome.duration_ms),
            RepairStep::Done,
        ),
        Invoked::Done(outcome, _) => (
            format!("{tool} {args}: failed: {}", outcome.output),
            RepairStep::Failed,
        ),
        Invoked::Pending(approval) => (
            format!(
                "{tool} {args}: waits for approval {} ({}: {})",
                approval.id, approval.rule, approval.justification
            ),
            RepairStep::AwaitingApproval(approval.id.clone()),
        ),
        Invoked::Refused(_, message) => (format!("{tool} {args}: {message}"), RepairStep::Refused),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepairStep {
    Done,
    Failed,
    /// The guard holds the call for a human: the approval's id.
    AwaitingApproval(String),
    /// The policy forbids it: retrying cannot help, a human has to act.
    Refused,
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_restart_is_this_hosts_unless_it_names_a_fleet_host() {
        assert_eq!(
            restarted_here("docker_restart", &json!({"container": "/web"})),
            Some("web".to_owned())
        );
        assert_eq!(
            restarted_here("docker_restart", &json!({"container": "web", "host": null})),
            Some("web".to_owned())
        );
        assert_eq!(
            restarted_here("docker_restart", &json!({"container": "web", "host": " "})),
            Some("web".to_owned())
        );
        assert_eq!(
            restarted_here(
                "docker_restart",
                &json!({"container": "web", "host": "edge-1"})
            ),
            None
        );
        assert_eq!(
            restarted_here("docker_restart", &json!({"container": "web", "host": 7})),
            None
        );
        assert_eq!(
            restarted_here("docker_stop", &json!({"container": "web"})),
            None
        );
        assert_eq!(restarted_here("docker_restart", &json!({})), None);
    }

    use std::collections::HashMap;

    use super::*;
    use crate::monitor::evaluate::{Thresholds, findings};
    use crate::monitor::readings;

    /// `gpu_status` data recorded on an NVIDIA H200 (driver 580.159.04) by
    /// `tools/system/tests/nvml.rs` (`make test-gpu`): idle, then with a PyTorch process holding
    /// all but 1 GiB of its memory.
    fn recorded_h200(json: &str) -> Readings {
        let data = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        Readings {
            gpus: readings::gpus(&data),
            docker: crate::monitor::readings::DockerReading {
                reachable: true,
                ..Default::default()
            },
            ..Readings::default()
        }
    }

    #[test]
    fn a_real_gpu_filled_by_one_process_gets_that_process_killed_when_opted_in() {
        let idle = recorded_h200(include_str!("fixtures/h200_idle.json"));
        let quiet = findings(
            &idle,
            &Thresholds::default(),
            &HashMap::new(),
            &[],
            &HashMap::new(),
            None,
        );
        assert!(quiet.is_empty(), "an idle GPU is no finding: {quiet:?}");

        let full = recorded_h200(include_str!("fixtures/h200_memory_full.json"));
        let found = findings(
            &full,
            &Thresholds::default(),
            &HashMap::new(),
            &[],
            &HashMap::new(),
            None,
        );
        let fingerprints: Vec<&str> = found.iter().map(|f| f.fingerprint.as_str()).collect();
        assert_eq!(fingerprints, vec!["gpu_memory_full:gpu0"]);
        let on = MonitorSettings {
            gpu_hog_kill: true,
            ..MonitorSettings::default()
        };
        assert_eq!(plan(&found[0], &MonitorSettings::default(), &full), None);
        // pid 498 is the PyTorch process NVML named, holding 138.8 GiB of the 140.4 GiB.
        assert_eq!(
            plan(&found[0], &on, &full),
            Some(vec![("process_kill".to_owned(), json!({"pid": 498}))])
        );
    }

    #[test]
    fn a_gpu_whose_memory_is_full_gets_its_largest_process_killed_when_opted_in() {
        // `gpu_status` data as recorded from an H100 serving two processes.
        let data = json!({"present": true, "driver_version": "550.54.15", "gpus": [{
            "index": 0, "name": "NVIDIA H100 80GB HBM3", "uuid": "GPU-1", "temperature_c": 61,
            "utilization_percent": 3, "memory_utilization_percent": 1,
            "memory_total_bytes": 85_899_345_920u64, "memory_used_bytes": 84_900_000_000u64,
            "power_watts": 120.0, "power_limit_watts": 700.0, "ecc_uncorrected_volatile": 0,
            "ecc_corrected_volatile": 0, "throttle_reasons_bits": 1,
            "throttle_reasons": ["gpu_idle"],
            "processes": [
                {"pid": 3101, "used_memory_bytes": 2_000_000_000u64},
                {"pid": 4242, "used_memory_bytes": 81_000_000_000u64},
                {"pid": 5150, "used_memory_bytes": null}
            ], "error": null
        }]});
        let readings = Readings {
            gpus: readings::gpus(&serde_json::from_value(data).unwrap_or_else(|e| panic!("{e}"))),
            docker: crate::monitor::readings::DockerReading {
                reachable: true,
                ..Default::default()
            },
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
        let full = found
            .iter()
            .find(|f| f.fingerprint == "gpu_memory_full:gpu0")
            .unwrap_or_else(|| panic!("{found:?}"));
        let off = MonitorSettings::default();
        assert_eq!(plan(full, &off, &readings), None, "opt-in only");
        let on = MonitorSettings {
            gpu_hog_kill: true,
            ..MonitorSettings::default()
        };
        assert_eq!(
            plan(full, &on, &readings),
            Some(vec![("process_kill".to_owned(), json!({"pid": 4242}))])
        );
    }

    #[test]
    fn a_full_disk_of_a_fleet_agent_is_reclaimed_on_that_agent_only() {
        use crate::monitor::readings::DiskReading;
        use crate::monitor::remote::RemoteReading;
        let remote = |host: &str, agent: bool, used: f64| RemoteReading {
            host: host.to_owned(),
            agent,
            reachable: true,
            error: None,
            load_per_core: Some(0.1),
            memory_used_percent: Some(10.0),
            disks: vec![DiskReading {
                mount_point: "/srv".to_owned(),
                used_percent: used,
                available_bytes: 1,
                unavailable_percent: None,
                filesystem: None,
                read_only: false,
            }],
        };
        let readings = Readings {
            docker: crate::monitor::readings::DockerReading {
                reachable: true,
                ..Default::default()
            },
            remote: vec![
                remote("alpha", true, 97.0),
                remote("alpha-2", true, 10.0),
                remote("web1", false, 97.0),
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
        let fingerprints: Vec<&str> = found.iter().map(|f| f.fingerprint.as_str()).collect();
        assert_eq!(
            fingerprints,
            vec!["disk_full:alpha:/srv", "disk_full:web1:/srv"]
        );
        let settings = MonitorSettings {
            prune_label: Some("tier=cache".to_owned()),
            ..MonitorSettings::default()
        };
        assert_eq!(
            plan(&found[0], &settings, &readings),
            Some(vec![(
                "docker_prune".to_owned(),
                json!({"what": "dangling_images", "label": "tier=cache", "host": "alpha"})
            )])
        );
        // Without a label, the build cache goes too.
        assert_eq!(
            plan(&found[0], &MonitorSettings::default(), &readings),
            Some(vec![
                (
                    "docker_prune".to_owned(),
                    json!({"what": "build_cache", "host": "alpha"})
                ),
                (
                    "docker_prune".to_owned(),
                    json!({"what": "dangling_images", "host": "alpha"})
                ),
            ])
        );
        // An SSH host's disk is reported, not repaired; nor is an agent that went silent.
        assert_eq!(plan(&found[1], &settings, &readings), None);
        let mut silent = readings.clone();
        silent.remote[0].reachable = false;
        assert_eq!(plan(&found[0], &settings, &silent), None);
        // The agent's full disk mounted read-only: reported, never pruned.
        let mut read_only = readings.clone();
        read_only.remote[0].disks[0].read_only = true;
        assert_eq!(plan(&found[0], &settings, &read_only), None);
        let found = findings(
            &read_only,
            &Thresholds::default(),
            &HashMap::new(),
            &[],
            &HashMap::new(),
            None,
        );
        assert!(!found[0].repairable && found[0].not_repaired.is_some());
        // Its reading carries the filesystem's type: one held in memory frees nothing when
        // Docker is pruned; an ext4 one (or an older agent's, no type) is pruned as before.
        for (filesystem, pruned) in [("tmpfs", false), ("ramfs", false), ("ext4", true)] {
            let mut typed = readings.clone();
            typed.remote[0].disks[0].filesystem = Some(filesystem.to_owned());
            assert_eq!(
                plan(&found[0], &settings, &typed).is_some(),
                pruned,
                "{filesystem}"
            );
            let judged = findings(
                &typed,
                &Thresholds::default(),
                &HashMap::new(),
                &[],
                &HashMap::new(),
                None,
            );
            assert_eq!(
                judged[0].not_repaired.is_some(),
                !pruned,
                "{filesystem}: {:?}",
                judged[0]
            );
        }
    }

    #[test]
    fn the_budget_counts_repairs_and_backs_off_between_them() {
        let budget = Budget {
            repairs: 3,
            window: Duration::from_secs(1800),
            backoff: Duration::from_secs(30),
        };
        assert_eq!(allowance(&budget, 0, None, 1000), Allowance::Repair);
        assert_eq!(
            allowance(&budget, 1, Some(1000), 1010),
            Allowance::Wait(1030)
        );
        assert_eq!(allowance(&budget, 1, Some(1000), 1030), Allowance::Repair);
        assert_eq!(
            allowance(&budget, 2, Some(1030), 1060),
            Allowance::Wait(1090)
        );
        assert_eq!(
            allowance(&budget, 3, Some(1090), 9999),
            Allowance::Exhausted
        );
    }
}
