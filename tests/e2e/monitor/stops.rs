//! An operator's stop is not a crash: a container stopped by its own stop signal (`StopSignal`
//! SIGINT: exit 130) is left stopped, and one whose health check fails while it shuts down is
//! not restarted on the way out; the same exit without a stop is a crash and restarted.

use std::time::Duration;

use super::{incident_until, incidents_of, inspect, monitored, run_container_with};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_test_support::TestServer;

/// `docker stop` off the test's thread: the server runs on it meanwhile and sees the events.
async fn stop(name: &str) {
    let name = name.to_owned();
    tokio::task::spawn_blocking(move || super::docker(&["stop", "-t", "30", &name]))
        .await
        .unwrap();
}

/// A sweep now, and the findings it reported.
async fn sweep(server: &TestServer, admin: &str) -> Vec<Value> {
    let (_, report) = server.post_empty("/api/v1/monitor/run", admin).await;
    report["findings"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_container_stopped_by_its_own_stop_signal_stays_stopped() {
    let (server, admin, label) = monitored(|_| {}).await;
    // Ends with 130 when it gets SIGINT, its stop signal, as a shell's child does.
    let stopped = run_container_with(
        "sigint",
        &["--stop-signal", "SIGINT"],
        "trap 'exit 130' INT; while :; do sleep 1; done",
        &label,
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop(&stopped.0).await;
    assert_eq!(inspect(&stopped.0, "{{.State.ExitCode}}"), "130");
    // The `die` event's sweep, and one more, see an operator's stop: nothing to repair.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let findings = sweep(&server, &admin).await;
    let fingerprint = format!("container_exited:{}", stopped.0);
    assert!(
        !findings
            .iter()
            .any(|f| f["fingerprint"] == json!(fingerprint)),
        "{findings:?}"
    );
    assert_eq!(
        incidents_of(&server, &admin, &fingerprint).await,
        Vec::<Value>::new()
    );
    assert_eq!(inspect(&stopped.0, "{{.State.Status}}"), "exited");

    // The same exit code without a stop sent to it is a crash: restarted.
    let crashed = run_container_with(
        "exit130",
        &["--stop-signal", "SIGINT"],
        "if [ -f /crashed ]; then sleep 3600; else touch /crashed; sleep 1; exit 130; fi",
        &label,
    );
    let detail = incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", crashed.0),
        |d| d["incident"]["state"] == json!("resolved"),
    )
    .await;
    assert!(
        detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == json!("action")),
        "{detail}"
    );
}

#[tokio::test]
async fn a_container_whose_health_fails_while_it_stops_is_not_restarted() {
    let (server, admin, label) = monitored(|_| {}).await;
    // Its check fails from the moment it is told to stop; it takes four seconds to exit.
    let slow = run_container_with(
        "slowstop",
        &[
            "--health-cmd",
            "test ! -f /stopping",
            "--health-interval",
            "1s",
            "--health-retries",
            "1",
        ],
        "trap 'touch /stopping; sleep 4; exit 0' TERM; while :; do sleep 1; done",
        &label,
    );
    // Healthy first.
    for _ in 0..50 {
        if inspect(&slow.0, "{{.State.Health.Status}}") == "healthy" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(inspect(&slow.0, "{{.State.Health.Status}}"), "healthy");
    let started = inspect(&slow.0, "{{.State.StartedAt}}");
    stop(&slow.0).await;
    assert_eq!(inspect(&slow.0, "{{.State.ExitCode}}"), "0");
    tokio::time::sleep(Duration::from_secs(2)).await;
    sweep(&server, &admin).await;
    // It turned unhealthy on the way out (the event came), and was not restarted.
    let unhealthy = incidents_of(&server, &admin, &format!("container_unhealthy:{}", slow.0)).await;
    for incident in &unhealthy {
        let (_, detail) = server
            .get(
                &format!("/api/v1/incidents/{}", incident["id"].as_str().unwrap()),
                &admin,
            )
            .await;
        assert!(
            !detail["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["kind"] == json!("action")),
            "{detail}"
        );
    }
    assert_eq!(inspect(&slow.0, "{{.State.Status}}"), "exited");
    assert_eq!(inspect(&slow.0, "{{.State.StartedAt}}"), started);
}

#[tokio::test]
async fn a_container_stopped_while_warden_was_down_is_not_taken_for_a_crash() {
    let label = format!("wtest.autoheal.{}", &super::uuid_like()[..10]);
    let opted_in = format!("{label}=true");
    // Stopped by its own stop signal (SIGINT: exit 130) before this Warden started: the `kill`
    // event came while no Warden followed Docker's events.
    let stopped = run_container_with(
        "downstop",
        &["--stop-signal", "SIGINT"],
        "trap 'exit 130' INT; while :; do sleep 1; done",
        &opted_in,
    );
    // Begun before this Warden too, it crashes (exit 3): a crash all the same, restarted.
    let crashed = run_container_with(
        "downcrash",
        &["--stop-signal", "SIGINT"],
        "if [ -f /crashed ]; then sleep 3600; else touch /crashed; sleep 4; exit 3; fi",
        &opted_in,
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop(&stopped.0).await;
    assert_eq!(inspect(&stopped.0, "{{.State.ExitCode}}"), "130");
    let (server, admin, _) = super::monitored_by(&label, |_| {}).await;
    let findings = sweep(&server, &admin).await;
    let fingerprint = format!("container_exited:{}", stopped.0);
    assert!(
        !findings
            .iter()
            .any(|f| f["fingerprint"] == json!(fingerprint)),
        "{findings:?}"
    );
    assert_eq!(
        incidents_of(&server, &admin, &fingerprint).await,
        Vec::<Value>::new()
    );
    assert_eq!(inspect(&stopped.0, "{{.State.Status}}"), "exited");
    incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", crashed.0),
        |d| d["incident"]["state"] == json!("resolved"),
    )
    .await;
}
