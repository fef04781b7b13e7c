//! Monitor benchmarks: a crash to its restart next to `docker restart` alone, and the CPU
//! time of a sweep over 100 containers. The monitor runs in-process over a SQLite store, with the
//! shipped policy, reading and repairing through the guard as in production.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use warden_core::monitor::{Monitor, MonitorSettings, Trigger};
use warden_core::{Guard, GuardSettings};
use warden_tool_api::RegistryBuilder;

use crate::foundation::{median, ms};

fn image() -> String {
    std::env::var("WARDEN_TEST_DOCKER_IMAGE")
        .unwrap_or_else(|_| "warden-test-busybox:latest".to_owned())
}

fn docker(args: &[&str]) -> Result<String> {
    let out = Command::new("docker")
        .args(args)
        .output()
        .context("docker CLI")?;
    if !out.status.success() {
        bail!("docker {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

async fn monitor(dir: &std::path::Path, label: &str) -> Result<Monitor> {
    let store = warden_store::Store::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.join("bench.db").display()
    ))
    .await?;
    let mut builder = RegistryBuilder::default();
    warden_tool_system::register(&mut builder);
    warden_tool_docker::register(&mut builder, &warden_tool_docker::DockerConfig::default());
    let guard = Arc::new(Guard::new(
        builder.build()?,
        store.clone(),
        GuardSettings {
            policy: Arc::new(warden_policy::Policy::load(None)?),
            sandbox: None,
            containment: Err("not used here".to_owned()),
            approval_ttl: Duration::from_secs(60),
            webhook_url: None,
        },
    ));
    Ok(Monitor::new(
        guard,
        store,
        MonitorSettings {
            autoheal_label: label.to_owned(),
            disk_mounts: vec!["/nonexistent".to_owned()],
            gpus: false,
            verify_after: Duration::ZERO,
            budget: warden_core::monitor::Budget {
                repairs: 1000,
                window: Duration::from_secs(1),
                backoff: Duration::ZERO,
            },
            ..MonitorSettings::default()
        },
    ))
}

fn wait_exited(name: &str) -> Result<()> {
    for _ in 0..200 {
        if docker(&["inspect", "-f", "{{.State.Status}}", name])? == "exited" {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    bail!("{name} did not exit")
}

/// From a crashed container to its restart (the sweep a `die` event starts: read, evaluate,
/// incident, `docker_restart` through the guard, the state right after the restart read for the
/// verification that follows), next to `docker restart` of a crashed container alone,
/// interleaved. The verification itself is a wait (`monitor.verify_hold_secs`), not a cost.
pub async fn crash_to_restart() -> Result<String> {
    const RUNS: usize = 10;
    let dir = tempfile::tempdir()?;
    let label_key = format!("bench.autoheal.{}", std::process::id());
    let monitor = monitor(dir.path(), &label_key).await?;
    let label = format!("{label_key}=true");
    let (mut repaired, mut plain) = (Vec::new(), Vec::new());
    for i in 0..RUNS {
        let healed = format!("bench-heal-{}-{i}", std::process::id());
        let baseline = format!("bench-base-{}-{i}", std::process::id());
        // The same crash-once container twice; only the first opts in to the monitor.
        let script = "if [ -f /c ]; then sleep 3600; else touch /c; exit 3; fi";
        docker(&[
            "run",
            "-d",
            "--label",
            &label,
            "--name",
            &healed,
            &image(),
            "sh",
            "-c",
            script,
        ])?;
        docker(&[
            "run",
            "-d",
            "--name",
            &baseline,
            &image(),
            "sh",
            "-c",
            script,
        ])?;
        wait_exited(&healed)?;
        wait_exited(&baseline)?;
        let started = Instant::now();
        let report = monitor
            .sweep(Trigger::Container {
                action: "die".to_owned(),
                container: healed.clone(),
                at_nanos: None,
            })
            .await?;
        repaired.push(started.elapsed());
        let started = Instant::now();
        docker(&["restart", &baseline])?;
        plain.push(started.elapsed());
        let status = docker(&["inspect", "-f", "{{.State.Status}}", &healed])?;
        docker(&["rm", "-f", &healed, &baseline])?;
        if report.repairing.is_empty() || status != "running" {
            bail!("the monitor did not restart {healed}: {status}");
        }
    }
    let (repaired, plain) = (median(repaired), median(plain));
    Ok(format!(
        "### A crash to its restart (median of {RUNS}, interleaved)\n\n| | median ms |\n|---|---|\n| monitor: sweep on the `die` event (containers inspected), incident, `docker_restart` through the guard, the restarted state read | {} |\n| `docker restart` CLI alone | {} |\n\nMonitor / docker restart time ratio: {:.2}\n\n",
        ms(repaired),
        ms(plain),
        repaired.as_secs_f64() / plain.as_secs_f64()
    ))
}

/// CPU seconds this process has used (user and system), from /proc/self/stat.
fn cpu_time() -> Result<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    let after = stat.rsplit(')').next().context("stat")?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields.get(11).context("utime")?.parse::<u64>()?
        + fields.get(12).context("stime")?.parse::<u64>()?;
    // Linux reports in clock ticks of 1/100 s on every common configuration.
    Ok(Duration::from_millis(ticks * 10))
}

/// CPU time of one sweep with 100 containers on the daemon (nothing to repair).
pub async fn sweep_cpu() -> Result<String> {
    const SWEEPS: u32 = 40;
    let dir = tempfile::tempdir()?;
    let monitor = monitor(dir.path(), "bench.none").await?;
    let tag = format!("bench-sweep-{}", std::process::id());
    for i in 0..100 {
        docker(&[
            "create",
            "--label",
            &format!("warden.test={tag}"),
            "--name",
            &format!("{tag}-{i:03}"),
            &image(),
            "true",
        ])?;
    }
    monitor.sweep(Trigger::Manual).await?;
    let (cpu_before, started) = (cpu_time()?, Instant::now());
    let mut containers = 0;
    for _ in 0..SWEEPS {
        let report = monitor.sweep(Trigger::Manual).await?;
        containers = report.readings.docker.containers.len();
    }
    let (cpu, wall) = (cpu_time()? - cpu_before, started.elapsed());
    let names: Vec<String> = (0..100).map(|i| format!("{tag}-{i:03}")).collect();
    let mut args = vec!["rm", "-f"];
    args.extend(names.iter().map(String::as_str));
    docker(&args)?;
    if containers < 100 {
        bail!("the sweep saw {containers} containers, expected at least 100");
    }
    Ok(format!(
        "### One sweep over {containers} containers ({SWEEPS} sweeps)\n\n| CPU per sweep | wall per sweep |\n|---|---|\n| {} ms | {} ms |\n\nA sweep: `system_info`, `disk_usage` and `docker_ps` through the guard (each decided and audited: six hash-chained SQLite rows), findings evaluated, the sweep's readings stored.\n\n",
        ms(cpu / SWEEPS),
        ms(wall / SWEEPS)
    ))
}

/// One Alertmanager delivery of 1,200 firing alerts (about 360 KB) stored by the intake, on a
/// fresh SQLite database each time: what Alertmanager waits for.
pub async fn alert_intake() -> Result<String> {
    use warden_protocol::monitor::{AlertmanagerAlert, AlertmanagerPayload};
    const RUNS: usize = 5;
    const ALERTS: usize = 1200;
    let mut times = Vec::new();
    for run in 0..RUNS {
        let dir = tempfile::tempdir()?;
        let store = warden_store::Store::connect(&format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        ))
        .await?;
        let alerts = (0..ALERTS)
            .map(|i| AlertmanagerAlert {
                status: warden_protocol::AlertStatus::Firing,
                labels: [
                    ("alertname", "TargetDown".to_owned()),
                    ("instance", format!("node-{i:04}:9100")),
                    ("job", "node".to_owned()),
                    ("severity", "warning".to_owned()),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
                annotations: [(
                    "summary".to_owned(),
                    format!("node-{i:04} has not answered a scrape for 5 minutes"),
                )]
                .into_iter()
                .collect(),
                fingerprint: Some(format!("{run}-{i:06x}")),
                starts_at: None,
                ends_at: None,
            })
            .collect();
        let payload = AlertmanagerPayload {
            version: "4".to_owned(),
            status: Some(warden_protocol::AlertStatus::Firing),
            alerts,
            truncated_alerts: None,
            unread: Vec::new(),
            notes: Vec::new(),
        };
        let started = Instant::now();
        let intake = warden_core::monitor::alerts::ingest(
            &store,
            &payload,
            &warden_core::monitor::AlertRule::defaults(),
            warden_protocol::clock::system_now(),
        )
        .await?;
        times.push(started.elapsed());
        if intake.opened.len() != ALERTS {
            bail!("{} of {ALERTS} alerts opened", intake.opened.len());
        }
        store.close().await;
    }
    Ok(format!(
        "### One Alertmanager delivery of {ALERTS} alerts (median of {RUNS}, fresh SQLite each)\n\n| stored in one transaction | median ms |\n|---|---|\n| {ALERTS} incidents, their alerts and timelines | {} |\n\n",
        ms(median(times))
    ))
}
