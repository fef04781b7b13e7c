//! An operator's stop is not a crash: a container stopped by its own stop signal (`StopSignal`
//! SIGINT: exit 130), or whose stop handler exits with a code of its own, is left stopped, and one whose health check fails while it shuts down is
//! not restarted on the way out; the same exit without a stop is a crash and restarted. A stop
//! during a repair's verification ends the incident, unrestarted; a removal fails it; a crash
//! Docker's restart policy restarts itself is not restarted too.

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
async fn a_container_whose_stop_handler_exits_with_a_code_of_its_own_stays_stopped() {
    let (server, admin, label) = monitored(|_| {}).await;
    // Its SIGTERM handler ends it with 1, as many programs' do: `docker stop` all the same.
    let stopped = run_container_with(
        "trapexit",
        &[],
        "trap 'exit 1' TERM; while :; do sleep 1; done",
        &label,
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop(&stopped.0).await;
    assert_eq!(inspect(&stopped.0, "{{.State.ExitCode}}"), "1");
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
    // Begun and ended before this Warden too, with a code of its own (exit 3): a crash, or its
    // stop handler's code after a `docker stop` no Warden saw. Docker records nothing that tells
    // them apart, so it is reported, escalated at once, and left stopped for a human.
    let exited = run_container_with(
        "downexit",
        &["--stop-signal", "SIGINT"],
        "sleep 1; exit 3",
        &opted_in,
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop(&stopped.0).await;
    assert_eq!(inspect(&stopped.0, "{{.State.ExitCode}}"), "130");
    for _ in 0..100 {
        if inspect(&exited.0, "{{.State.Status}}") == "exited" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(inspect(&exited.0, "{{.State.ExitCode}}"), "3");
    // More than the few seconds before a Warden takes up the events in which a run that began
    // is taken for begun with it (a stop that soon, unseen, is too unlikely).
    tokio::time::sleep(Duration::from_secs(6)).await;
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
    let detail = incident_until(
        &server,
        &admin,
        &format!("container_exited:{}", exited.0),
        |d| d["incident"]["state"] == json!("escalated"),
    )
    .await;
    let timeline = detail["timeline"].as_array().unwrap();
    assert!(
        timeline.iter().any(|e| e["kind"] == json!("escalated")
            && e["detail"]
                .as_str()
                .is_some_and(|d| d.contains("may have been stopped on purpose"))),
        "{detail}"
    );
    assert!(
        !timeline.iter().any(|e| e["kind"] == json!("action")),
        "{detail}"
    );
    assert_eq!(inspect(&exited.0, "{{.State.Status}}"), "exited");
}

#[tokio::test]
async fn a_container_stopped_by_its_operator_during_the_verification_stays_stopped() {
    // A long hold: the stop comes while the repair is being verified.
    let (server, admin, label) = monitored(|c| {
        c.monitor.verify_after_secs = 1;
        c.monitor.verify_hold_secs = 60;
    })
    .await;
    // Crashes once (exit 3), then runs until it is stopped (SIGTERM: exit 143).
    let container = run_container_with(
        "opstop",
        &[],
        "if [ -f /crashed ]; then trap 'exit 143' TERM; echo trapped; while :; do sleep 1; done; \
         else touch /crashed; sleep 1; exit 3; fi",
        &label,
    );
    let fingerprint = format!("container_exited:{}", container.0);
    incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("repairing")
    })
    .await;
    // The restarted run handles SIGTERM once its trap is set; before that its shell, PID 1,
    // ignores it and `docker stop` ends in SIGKILL after its timeout (137, not 143).
    for _ in 0..300 {
        if super::docker(&["logs", &container.0]).contains("trapped") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop(&container.0).await;
    assert_eq!(inspect(&container.0, "{{.State.ExitCode}}"), "143");
    let detail = incident_until(&server, &admin, &fingerprint, |d| {
        !d["incident"]["closed_at"].is_null()
    })
    .await;
    assert_eq!(detail["incident"]["state"], json!("resolved"), "{detail}");
    let timeline = detail["timeline"].as_array().unwrap();
    assert!(
        timeline.iter().any(|e| e["detail"]
            .as_str()
            .is_some_and(|d| d.contains("was stopped during the verification"))),
        "{detail}"
    );
    // Its outcome says why it closed: its operator stopped it, nothing was repaired.
    assert!(
        timeline
            .iter()
            .any(|e| e["kind"] == json!("outcome")
                && e["detail"] == json!("stopped by its operator")),
        "{detail}"
    );
    // One restart, the repair's: the operator's stop is not undone, now or later.
    assert_eq!(
        timeline
            .iter()
            .filter(|e| e["kind"] == json!("action"))
            .count(),
        1,
        "{detail}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    sweep(&server, &admin).await;
    assert_eq!(inspect(&container.0, "{{.State.Status}}"), "exited");
    assert_eq!(incidents_of(&server, &admin, &fingerprint).await.len(), 1);
}

#[tokio::test]
async fn a_container_removed_during_the_verification_is_gone_not_repaired() {
    let (server, admin, label) = monitored(|c| {
        c.monitor.verify_after_secs = 1;
        c.monitor.verify_hold_secs = 60;
    })
    .await;
    let container = run_container_with(
        "rmf",
        &[],
        "if [ -f /crashed ]; then while :; do sleep 1; done; \
         else touch /crashed; sleep 1; exit 3; fi",
        &label,
    );
    let fingerprint = format!("container_exited:{}", container.0);
    incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("repairing")
    })
    .await;
    let name = container.0.clone();
    tokio::task::spawn_blocking(move || super::docker(&["rm", "-f", &name]))
        .await
        .unwrap();
    let detail = incident_until(&server, &admin, &fingerprint, |d| {
        !d["incident"]["closed_at"].is_null()
    })
    .await;
    assert_eq!(detail["incident"]["state"], json!("failed"), "{detail}");
    assert!(
        detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["detail"]
                .as_str()
                .is_some_and(|d| d.contains("no longer exists"))),
        "{detail}"
    );
}

#[tokio::test]
async fn a_crash_docker_restarts_by_its_policy_is_not_restarted_by_warden_too() {
    // Its incidents reopen at each crash: not taken for flapping here.
    let (server, admin, label) = monitored(|c| c.monitor.flap_reopens = 100).await;
    // Crashes quickly six times (Docker's delay doubles: 0.1, 0.2, 0.4, 0.8, 1.6, 3.2 s), then
    // runs: the later crashes stay down long enough for the monitor to see them.
    let container = run_container_with(
        "policy",
        &["--restart", "on-failure"],
        "n=$(cat /crashes 2>/dev/null || echo 0); echo $((n+1)) > /crashes; \
         if [ \"$n\" -ge 6 ]; then while :; do sleep 1; done; else exit 3; fi",
        &label,
    );
    for _ in 0..150 {
        if inspect(&container.0, "{{.RestartCount}} {{.State.Status}}") == "6 running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        inspect(&container.0, "{{.RestartCount}} {{.State.Status}}"),
        "6 running"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    sweep(&server, &admin).await;
    // Whatever incidents its exits opened, none restarted it: Docker did.
    let fingerprint = format!("container_exited:{}", container.0);
    for incident in incidents_of(&server, &admin, &fingerprint).await {
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
    assert_eq!(inspect(&container.0, "{{.RestartCount}}"), "6");
}

#[tokio::test]
async fn a_crash_after_the_on_failure_retries_are_spent_is_restarted_at_once() {
    let (server, admin, label) = monitored(|c| c.monitor.flap_reopens = 100).await;
    // Crashes every time: Docker restarts it twice (`on-failure:2`), then leaves it stopped.
    let container = run_container_with("spent", &["--restart", "on-failure:2"], "exit 3", &label);
    for _ in 0..150 {
        if inspect(&container.0, "{{.RestartCount}} {{.State.Status}}") == "2 exited" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        inspect(&container.0, "{{.RestartCount}} {{.State.Status}}"),
        "2 exited"
    );
    sweep(&server, &admin).await;
    // Docker will not restart it again: Warden does, without waiting for Docker.
    let fingerprint = format!("container_exited:{}", container.0);
    let detail = incident_until(&server, &admin, &fingerprint, |d| {
        d["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == json!("action"))
    })
    .await;
    assert!(
        !detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["detail"]
                .as_str()
                .is_some_and(|d| d.contains("waiting for it"))),
        "{detail}"
    );
}
