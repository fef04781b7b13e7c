//! Opt-in runbooks for what hogs a host: a process over a CPU or memory threshold for several
//! sweeps in a row (`process_runaway`), the largest process on a GPU whose memory is full, and an
//! Ollama model left in memory past its keep-alive (`ollama_stuck`). Killing a process is
//! destructive: the guard holds it for a human unless a policy grant says otherwise; unloading a
//! model is what Ollama would have done itself, and the shipped policy lets the monitor do it.

use std::collections::HashMap;
use std::time::Duration;
use warden_protocol::FindingKind;

use super::evaluate::{Finding, Severity};
use super::readings::{ProcessReading, Readings};

/// When a process counts as runaway (`monitor.runaway_*`).
#[derive(Debug, Clone, PartialEq)]
pub struct Runaway {
    /// Percent of one core; None: CPU is not judged.
    pub cpu_percent: Option<f64>,
    /// Percent of the host's memory; None: memory is not judged.
    pub memory_percent: Option<f64>,
    /// Sweeps in a row over a threshold before it is a finding.
    pub sweeps: u32,
    /// Only processes with these names (empty: any).
    pub names: Vec<String>,
}

/// What an over-threshold process is doing, in words, or None.
fn over(runaway: &Runaway, process: &ProcessReading, memory_total: Option<u64>) -> Option<String> {
    if !runaway.names.is_empty() && !runaway.names.contains(&process.name) {
        return None;
    }
    if let Some(limit) = runaway.cpu_percent
        && process.cpu_percent >= limit
    {
        return Some(format!("used {:.0}% CPU", process.cpu_percent));
    }
    let total = memory_total.filter(|t| *t > 0)?;
    let share = process.memory_bytes as f64 * 100.0 / total as f64;
    match runaway.memory_percent {
        Some(limit) if share >= limit => Some(format!("held {share:.1}% of memory")),
        Some(_) | None => None,
    }
}

/// The target of a process finding: `NAME[PID]`.
pub fn process_target(process: &ProcessReading) -> String {
    format!("{}[{}]", process.name, process.pid)
}

/// The pid in a `NAME[PID]` target.
pub fn pid_of(target: &str) -> Option<u32> {
    let inner = target.strip_suffix(']')?;
    let (_, pid) = inner.rsplit_once('[')?;
    pid.parse().ok()
}

/// Runaway processes: counts each over-threshold process's sweeps in a row in `streaks` (by
/// target; a process back under the thresholds, or gone, starts again from zero) and finds those
/// at `sweeps` or more.
pub fn runaway_findings(
    runaway: &Runaway,
    readings: &Readings,
    streaks: &mut HashMap<String, u32>,
) -> Vec<Finding> {
    let memory_total = readings.host.as_ref().and_then(|h| h.memory_total_bytes);
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for process in &readings.processes {
        let Some(why) = over(runaway, process, memory_total) else {
            continue;
        };
        let target = process_target(process);
        let streak = streaks.get(&target).copied().unwrap_or(0) + 1;
        seen.insert(target.clone(), streak);
        if streak >= runaway.sweeps.max(1) {
            let mut finding = Finding::new(
                FindingKind::ProcessRunaway,
                &target,
                Severity::Warning,
                format!(
                    "process {} (pid {}) {why} for {streak} sweeps in a row",
                    process.name, process.pid
                ),
            );
            finding.repairable = true;
            out.push(finding);
        }
    }
    *streaks = seen;
    out
}

/// How long past its keep-alive an Ollama model may stay before it counts as stuck.
pub const OLLAMA_GRACE: Duration = Duration::from_secs(60);

/// Ollama models still loaded `grace` after they should have been unloaded.
pub fn ollama_findings(readings: &Readings, now: i64, grace: Duration) -> Vec<Finding> {
    let grace = i64::try_from(grace.as_secs()).unwrap_or(i64::MAX);
    readings
        .ollama
        .iter()
        .filter(|m| m.expires_at.is_some_and(|at| at.saturating_add(grace) < now))
        .map(|m| {
            let mut finding = Finding::new(
                FindingKind::OllamaStuck,
                &m.name,
                Severity::Warning,
                format!(
                    "Ollama model {} is still loaded ({} MiB of GPU memory) {} s after it should have been unloaded",
                    m.name,
                    m.size_vram / (1024 * 1024),
                    now.saturating_sub(m.expires_at.unwrap_or(now))
                ),
            );
            finding.repairable = true;
            finding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::readings::{HostReading, OllamaModelReading};

    fn process(pid: u32, name: &str, cpu: f64, memory: u64) -> ProcessReading {
        ProcessReading {
            pid,
            name: name.to_owned(),
            cpu_percent: cpu,
            memory_bytes: memory,
        }
    }

    #[test]
    fn a_process_over_a_threshold_for_n_sweeps_in_a_row_is_runaway() {
        let rule = Runaway {
            cpu_percent: Some(90.0),
            memory_percent: Some(50.0),
            sweeps: 3,
            names: Vec::new(),
        };
        let mut readings = Readings {
            host: Some(HostReading {
                cpus: 4,
                load_per_core: 1.0,
                memory_used_percent: 70.0,
                memory_total_bytes: Some(16 << 30),
            }),
            processes: vec![
                process(4242, "miner", 99.5, 1 << 20),
                process(77, "java", 3.0, 9 << 30),
                process(8, "sshd", 0.1, 1 << 20),
            ],
            ..Readings::default()
        };
        let mut streaks = HashMap::new();
        assert!(runaway_findings(&rule, &readings, &mut streaks).is_empty());
        assert!(runaway_findings(&rule, &readings, &mut streaks).is_empty());
        let found: Vec<(String, String)> = runaway_findings(&rule, &readings, &mut streaks)
            .into_iter()
            .map(|f| (f.fingerprint, f.summary))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "process_runaway:miner[4242]".to_owned(),
                    "process miner (pid 4242) used 100% CPU for 3 sweeps in a row".to_owned()
                ),
                (
                    "process_runaway:java[77]".to_owned(),
                    "process java (pid 77) held 56.2% of memory for 3 sweeps in a row".to_owned()
                ),
            ]
        );
        // Back under the threshold once: the streak starts again.
        readings.processes[0].cpu_percent = 10.0;
        runaway_findings(&rule, &readings, &mut streaks);
        readings.processes[0].cpu_percent = 99.0;
        assert_eq!(
            runaway_findings(&rule, &readings, &mut streaks)
                .iter()
                .filter(|f| f.target == "miner[4242]")
                .count(),
            0
        );
        assert_eq!(pid_of("miner[4242]"), Some(4242));
        assert_eq!(pid_of("odd[name][12]"), Some(12));
        assert_eq!(pid_of("miner"), None);
        let named = Runaway {
            names: vec!["java".to_owned()],
            sweeps: 1,
            ..rule
        };
        assert_eq!(
            runaway_findings(&named, &readings, &mut HashMap::new())
                .iter()
                .map(|f| f.target.as_str())
                .collect::<Vec<_>>(),
            vec!["java[77]"]
        );
    }

    #[test]
    fn an_ollama_model_past_its_keep_alive_is_stuck() {
        let readings = Readings {
            ollama: vec![
                OllamaModelReading {
                    name: "llama3:8b".to_owned(),
                    size_vram: 6 << 30,
                    expires_at: Some(1000),
                },
                OllamaModelReading {
                    name: "qwen2.5:7b".to_owned(),
                    size_vram: 5 << 30,
                    expires_at: Some(5000),
                },
                OllamaModelReading {
                    name: "pinned".to_owned(),
                    size_vram: 1 << 30,
                    expires_at: None,
                },
            ],
            ..Readings::default()
        };
        let found: Vec<String> = ollama_findings(&readings, 1100, OLLAMA_GRACE)
            .into_iter()
            .map(|f| f.summary)
            .collect();
        assert_eq!(
            found,
            vec![
                "Ollama model llama3:8b is still loaded (6144 MiB of GPU memory) 100 s after it should have been unloaded"
            ]
        );
    }
}
