//! Resource bounds of real contained runs on this host (root, landlock): a memory blow-up, a
//! process fan-out and a CPU spin each stop at their bound, well before the wall-clock limit,
//! and the run says which bound stopped it; what the run left behind is gone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use warden_sandbox::{
    ContainedLimits, Containment, ContainmentError, ContainmentSettings, Host, Pipeline,
    SandboxOutput, run_pipeline,
};

/// A memory bound small enough that a blow-up reaches it in a moment. Each test lowers the bound
/// it is about; the process bound is one budget for every contained run at a time, which the
/// fan-out test spends, so the others keep the default.
fn small() -> ContainedLimits {
    ContainedLimits {
        memory_bytes: 256 * 1024 * 1024,
        ..ContainedLimits::default()
    }
}

async fn bounded(limits: ContainedLimits) -> Arc<Containment> {
    Containment::start(ContainmentSettings {
        limits,
        ..ContainmentSettings::default()
    })
    .await
    .expect("this machine contains (root, landlock ABI 6+, setpriv, prlimit)")
}

const WALL: Duration = Duration::from_secs(30);

/// Runs `argv` contained; it must end by itself, long before the wall-clock limit.
async fn run(containment: &Arc<Containment>, argv: &[&str]) -> SandboxOutput {
    let started = Instant::now();
    let output = run_pipeline(
        Host::Contained(containment.clone()),
        &Pipeline {
            stages: vec![argv.iter().map(|s| (*s).to_owned()).collect()],
            wall: WALL,
            output_cap: 64 * 1024,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{argv:?} was not stopped by a bound: {e}"));
    assert!(
        started.elapsed() < WALL / 2,
        "{argv:?} ran {:?}",
        started.elapsed()
    );
    output
}

#[tokio::test]
async fn memory_blow_ups_stop_at_the_memory_bound_and_say_so() {
    let containment = bounded(small()).await;
    for argv in [
        &["jq", "-n", "[range(1e9)]"][..],
        &["sed", ":a;H;G;ba", "/etc/passwd"],
        &["sort", "-S", "100G", "/dev/zero"],
        &["sort", "/dev/zero"],
    ] {
        let output = run(&containment, argv).await;
        assert_ne!(output.exit_code, Some(0), "{argv:?}: {output:?}");
        assert!(
            output.stderr.contains(
                "[stopped by the memory bound: 256 MiB of address space per process (guard.contained_memory_mb)]"
            ),
            "{argv:?}: {output:?}"
        );
    }
}

#[tokio::test]
async fn a_process_fan_out_stops_at_the_process_bound_and_leaves_nothing_behind() {
    let containment = bounded(ContainedLimits {
        processes: 32,
        ..small()
    })
    .await;
    let output = run(
        &containment,
        &[
            "sh",
            "-c",
            "i=0; while [ $i -lt 5000 ]; do sleep 97 >/dev/null 2>&1 & i=$((i+1)); done; wait",
        ],
    )
    .await;
    assert_ne!(output.exit_code, Some(0), "{output:?}");
    assert!(
        output
            .stderr
            .contains("[stopped by the process bound: 32 processes"),
        "{output:?}"
    );
    // The sleeps it started before the bound would hold the contained user's budget for 97 s.
    let left = std::process::Command::new("pgrep")
        .args(["-u", "65534", "-x", "-f", "sleep 97"])
        .output()
        .unwrap();
    assert!(
        left.stdout.is_empty(),
        "left behind: {}",
        String::from_utf8_lossy(&left.stdout)
    );
}

#[tokio::test]
async fn a_cpu_spin_stops_at_the_cpu_bound_and_says_so() {
    let containment = bounded(ContainedLimits {
        cpu_seconds: 2,
        ..small()
    })
    .await;
    let output = run(&containment, &["sh", "-c", "while :; do :; done"]).await;
    assert_eq!(output.exit_code, None, "{output:?}");
    assert!(
        output
            .stderr
            .contains("[stopped by the CPU-time bound: 2 CPU seconds per process"),
        "{output:?}"
    );
}

#[tokio::test]
async fn operator_reads_fit_the_default_bounds() {
    let containment = bounded(ContainedLimits::default()).await;
    assert!(containment.describe().contains("2048 MiB of address space"));
    for argv in [
        &["sort", "/etc/services"][..],
        &["du", "-sx", "/usr"],
        &["jq", "-n", "[range(100000)] | length"],
    ] {
        let output = run(&containment, argv).await;
        assert!(
            !output.stderr.contains("[stopped by"),
            "{argv:?}: {output:?}"
        );
        assert!(!output.stdout.is_empty(), "{argv:?}: {output:?}");
    }
}

#[tokio::test]
async fn bounds_that_cannot_hold_refuse_containment() {
    let zero = Containment::new(&ContainmentSettings {
        limits: ContainedLimits {
            memory_bytes: 0,
            ..ContainedLimits::default()
        },
        ..ContainmentSettings::default()
    });
    assert_eq!(
        zero.err(),
        Some(ContainmentError::Limits(
            "the contained runs' memory bound must be positive".to_owned()
        ))
    );
    let missing = Containment::new(&ContainmentSettings {
        prlimit: "/nonexistent/prlimit".into(),
        ..ContainmentSettings::default()
    });
    assert!(
        matches!(missing, Err(ContainmentError::NoPrlimit(_))),
        "{missing:?}"
    );
}
