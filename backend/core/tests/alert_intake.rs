//! Alertmanager deliveries stored in a real SQLite store: what the incidents say of a delivery
//! Alertmanager cut, and of a fingerprint that arrives again with other labels.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;
use warden_core::monitor::{AlertRule, alerts};
use warden_protocol::IncidentEventKind;
use warden_protocol::monitor::AlertmanagerPayload;
use warden_store::Store;

async fn store(dir: &std::path::Path) -> Store {
    Store::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.join("warden.db").display()
    ))
    .await
    .unwrap()
}

fn payload(value: serde_json::Value) -> AlertmanagerPayload {
    serde_json::from_value(value).unwrap()
}

fn alert(status: &str, fingerprint: &str, container: &str) -> serde_json::Value {
    json!({
        "status": status,
        "labels": {"alertname": "ContainerDown", "container": container},
        "fingerprint": fingerprint,
        "startsAt": "2026-12-03T10:00:00Z",
        "endsAt": "0001-01-01T00:00:00Z",
    })
}

async fn notes(store: &Store, id: &str) -> Vec<String> {
    let (_, timeline) = store.incident(id).await.unwrap().unwrap();
    timeline
        .into_iter()
        .filter(|e| e.kind == IncidentEventKind::Note)
        .map(|e| e.detail)
        .collect()
}

#[tokio::test]
async fn a_cut_delivery_is_noted_on_each_incident_it_touched() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let cut = payload(json!({
        "version": "4", "status": "firing", "truncatedAlerts": 3,
        "alerts": [alert("firing", "a1", "web"), alert("firing", "b2", "db")],
    }));
    let intake = alerts::ingest(&store, &cut, &rules, 100).await.unwrap();
    assert_eq!(intake.opened.len(), 2);
    for id in &intake.opened {
        assert_eq!(
            notes(&store, id).await,
            vec![
                "Alertmanager left 3 more alerts of this group out of the delivery \
                 (truncatedAlerts; its webhook max_alerts): they are not recorded here"
            ]
        );
    }
    // A whole delivery (0, or no count at all) adds nothing.
    for whole in [
        json!({"version": "4", "truncatedAlerts": 0, "alerts": [alert("firing", "a1", "web")]}),
        json!({"version": "4", "alerts": [alert("firing", "a1", "web")]}),
    ] {
        let intake = alerts::ingest(&store, &payload(whole), &rules, 101)
            .await
            .unwrap();
        assert_eq!(intake.repeated, vec![intake_id(&intake, &store).await]);
        assert_eq!(notes(&store, &intake.repeated[0]).await.len(), 1);
    }
}

async fn intake_id(intake: &alerts::Intake, store: &Store) -> String {
    let live = store.live_incident("alert:a1").await.unwrap().unwrap();
    assert_eq!(intake.repeated.first(), Some(&live.id));
    live.id
}

#[tokio::test]
async fn a_fingerprint_with_other_labels_opens_its_own_incident_and_resolves_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let deliver = |value| {
        let store = store.clone();
        let rules = rules.clone();
        async move {
            alerts::ingest(&store, &payload(value), &rules, 1_796_292_300)
                .await
                .unwrap()
        }
    };
    let first = deliver(json!({"version": "4", "alerts": [alert("firing", "f1", "web")]})).await;
    // The rule was relabelled, the sender kept the fingerprint: the alert now names db.
    let second = deliver(json!({"version": "4", "alerts": [alert("firing", "f1", "db")]})).await;
    assert_eq!((first.opened.len(), second.opened.len()), (1, 1));
    assert_ne!(first.opened, second.opened);
    let web = store.incident(&first.opened[0]).await.unwrap().unwrap().0;
    let db = store.incident(&second.opened[0]).await.unwrap().unwrap().0;
    assert_eq!(
        (web.target.as_str(), web.fingerprint.as_str()),
        ("web", "alert:f1")
    );
    assert_eq!(db.target, "db");
    assert!(
        db.fingerprint.starts_with("alert:f1~"),
        "{}",
        db.fingerprint
    );
    // Both labels delivered again count on their own incidents.
    let again = deliver(json!({"version": "4", "alerts": [
        alert("firing", "f1", "db"), alert("firing", "f1", "web"),
    ]}))
    .await;
    assert_eq!(again.repeated, vec![db.id.clone(), web.id.clone()]);
    // The relabelled alert's resolution closes its own incident, not the first.
    let resolved =
        deliver(json!({"version": "4", "alerts": [alert("resolved", "f1", "db")]})).await;
    assert_eq!(resolved.resolved, vec![db.id.clone()]);
    assert!(
        store
            .incident(&web.id)
            .await
            .unwrap()
            .unwrap()
            .0
            .closed_at
            .is_none()
    );
}

#[tokio::test]
async fn a_firing_alert_resent_long_after_its_end_resolves_and_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // 2026-12-03T10:05:00Z.
    let now = 1_796_292_300;
    // Each its own alert: its own labels. Its end lies 16 minutes past, beyond the allowance
    // for the sender's clock and Alertmanager's delivery.
    let stale = |fingerprint: &str| {
        let mut alert = alert("firing", fingerprint, fingerprint);
        alert["endsAt"] = json!("2026-12-03T09:49:00Z");
        alert
    };
    // One minute past (the sender's clock behind, or `resolve_timeout`'s end delivered late):
    // its status says firing, and it opens its incident.
    let mut behind = alert("firing", "b1", "b1");
    behind["endsAt"] = json!("2026-12-03T10:04:00Z");
    let opened = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [behind]})),
        &rules,
        now,
    )
    .await
    .unwrap();
    assert_eq!(opened.opened.len(), 1);
    // Alone, it opens nothing: the alert is over.
    let first = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [stale("s1")]})),
        &rules,
        now,
    )
    .await
    .unwrap();
    assert_eq!(first, alerts::Intake::default());
    assert!(store.live_incident("alert:s1").await.unwrap().is_none());
    // Resent after the firing that opened an incident: it resolves that incident.
    let opened = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [alert("firing", "s2", "s2")]})),
        &rules,
        now,
    )
    .await
    .unwrap();
    assert_eq!(opened.opened.len(), 1);
    let resolved = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [stale("s2")]})),
        &rules,
        now + 1,
    )
    .await
    .unwrap();
    assert_eq!(resolved.resolved, opened.opened);
    assert!(store.live_incident("alert:s2").await.unwrap().is_none());
}

#[tokio::test]
async fn the_same_alert_twice_in_one_delivery_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let twice = payload(json!({"version": "4", "alerts": [
        alert("firing", "d1", "web"), alert("firing", "d1", "web"),
    ]}));
    let first = alerts::ingest(&store, &twice, &rules, 100).await.unwrap();
    assert_eq!((first.opened.len(), first.repeated.len()), (1, 0));
    let thrice = payload(json!({"version": "4", "alerts": [
        alert("firing", "d1", "web"), alert("firing", "d1", "web"), alert("firing", "d1", "web"),
    ]}));
    let again = alerts::ingest(&store, &thrice, &rules, 200).await.unwrap();
    assert_eq!(again.repeated, first.opened);
    let live = store.live_incident("alert:d1").await.unwrap().unwrap();
    assert_eq!(live.occurrences, 2);
    // Its resolution, twice, resolves it once.
    let resolved = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [
            alert("resolved", "d1", "web"), alert("resolved", "d1", "web"),
        ]})),
        &rules,
        300,
    )
    .await
    .unwrap();
    assert_eq!(resolved.resolved, first.opened);
}

#[tokio::test]
async fn a_resolution_without_its_start_delivered_first_leaves_its_late_firing_closed() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // 2026-12-03T10:05:00Z, after the firing's start.
    let now = 1_796_292_300;
    let mut resolution = alert("resolved", "n1", "web");
    resolution
        .as_object_mut()
        .unwrap()
        .remove("startsAt")
        .unwrap();
    resolution["endsAt"] = json!("2026-12-03T10:04:00Z");
    let early = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [resolution]})),
        &rules,
        now,
    )
    .await
    .unwrap();
    assert_eq!(early, alerts::Intake::default());
    let late = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [alert("firing", "n1", "web")]})),
        &rules,
        now + 1,
    )
    .await
    .unwrap();
    assert_eq!(late, alerts::Intake::default());
    assert!(store.live_incident("alert:n1").await.unwrap().is_none());
}

#[tokio::test]
async fn the_same_labels_under_another_fingerprint_are_the_same_alert() {
    // Deliveries arrive just after the alerts' `startsAt` (a `startsAt` ahead of arrival is
    // capped, so an arrival in 1970 would place every firing after its resolution).
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let deliver = |value| {
        let store = store.clone();
        let rules = rules.clone();
        async move {
            alerts::ingest(&store, &payload(value), &rules, ARRIVAL)
                .await
                .unwrap()
        }
    };
    // Its resolution came first, under one fingerprint; its firing, late, under another.
    let early = deliver(json!({"version": "4", "alerts": [alert("resolved", "r1", "web")]})).await;
    assert_eq!(early, alerts::Intake::default());
    let late = deliver(json!({"version": "4", "alerts": [alert("firing", "r2", "web")]})).await;
    assert_eq!(late, alerts::Intake::default());
    // Without a fingerprint, the labels' digest stands in: still the same alert.
    let mut unnamed = alert("firing", "", "web");
    unnamed.as_object_mut().unwrap().remove("fingerprint");
    let none = deliver(json!({"version": "4", "alerts": [unnamed]})).await;
    assert_eq!(none, alerts::Intake::default());
    // A live incident is repeated and resolved by its labels under another fingerprint.
    let opened = deliver(json!({"version": "4", "alerts": [alert("firing", "q1", "db")]})).await;
    assert_eq!(opened.opened.len(), 1);
    let repeated = deliver(json!({"version": "4", "alerts": [alert("firing", "q2", "db")]})).await;
    assert_eq!(repeated.repeated, opened.opened);
    let resolved =
        deliver(json!({"version": "4", "alerts": [alert("resolved", "q3", "db")]})).await;
    assert_eq!(resolved.resolved, opened.opened);
}

#[tokio::test]
async fn late_firings_are_matched_to_resolved_episodes_by_their_labels() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let deliver = |value, at| {
        let store = store.clone();
        let rules = rules.clone();
        async move {
            alerts::ingest(&store, &payload(value), &rules, at)
                .await
                .unwrap()
        }
    };
    // An episode fires and is resolved: its incident closes.
    let opened = deliver(
        json!({"version": "4", "alerts": [alert("firing", "c1", "web")]}),
        ARRIVAL,
    )
    .await;
    assert_eq!(opened.opened.len(), 1);
    let resolved = deliver(
        json!({"version": "4", "alerts": [alert("resolved", "c1", "web")]}),
        ARRIVAL + 10,
    )
    .await;
    assert_eq!(resolved.resolved, opened.opened);
    // That episode's firing, delivered late under another fingerprint of the same labels (a
    // sender that computes its own): the closed episode, not a new incident.
    let late = deliver(
        json!({"version": "4", "alerts": [alert("firing", "c2", "web")]}),
        ARRIVAL + 20,
    )
    .await;
    assert_eq!(late, alerts::Intake::default());
    // A resolution first, then a firing that does not say its start: its late firing.
    let early = deliver(
        json!({"version": "4", "alerts": [alert("resolved", "u1", "db")]}),
        ARRIVAL,
    )
    .await;
    assert_eq!(early, alerts::Intake::default());
    let mut undated = alert("firing", "u1", "db");
    undated.as_object_mut().unwrap().remove("startsAt");
    let late = deliver(
        json!({"version": "4", "alerts": [undated.clone()]}),
        ARRIVAL + 30,
    )
    .await;
    assert_eq!(late, alerts::Intake::default());
    assert!(store.live_incident("alert:u1").await.unwrap().is_none());
    // Long after, an undated firing is a new episode.
    let later = deliver(
        json!({"version": "4", "alerts": [undated]}),
        ARRIVAL + warden_store::UNDATED_FIRING_LATE_SECS + 1,
    )
    .await;
    assert_eq!(later.opened.len(), 1);
}

#[tokio::test]
async fn node_level_alerts_and_odd_statuses() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // No container label: a node's alert, its target the instance; no container runbook.
    let node = json!({
        "status": "firing",
        "labels": {"alertname": "NodeDiskFull", "instance": "node-1:9100", "sévérité": "ünïcødé"},
        "startsAt": "2026-12-03T10:00:00Z",
    });
    let intake = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [node]})),
        &rules,
        ARRIVAL,
    )
    .await
    .unwrap();
    assert_eq!(intake.opened.len(), 1);
    let (incident, _) = store.incident(&intake.opened[0]).await.unwrap().unwrap();
    assert_eq!(incident.target, "node-1:9100");
    // A status other than firing or resolved is refused when read, naming the value.
    let odd: Result<AlertmanagerPayload, _> = serde_json::from_value(json!({
        "version": "4",
        "alerts": [{"status": "pending", "labels": {"alertname": "X"}}],
    }));
    let error = odd.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("unknown variant `pending`"), "{error}");
}

#[tokio::test]
async fn odd_but_valid_deliveries_open_one_incident_per_alert_and_resolve_it() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let long = "x".repeat(5_000);
    // A group `resolved` holding a firing alert (the alert's own status decides), no
    // fingerprint, Go's zero `startsAt`, no `endsAt`, a label with an empty value, a container
    // label too long to name a container (its rule ends the search: the instance is the
    // target) and a 5,000-character description.
    let firing = |pod: &str| {
        json!({
            "status": "firing",
            "labels": {"alertname": "ContainerDown", "container": long, "pod": pod,
                       "instance": "10.0.0.7:8080", "severity": "page"},
            "annotations": {"description": long},
            "startsAt": "0001-01-01T00:00:00Z",
        })
    };
    let delivery = |alert: serde_json::Value| {
        payload(json!({
            "version": "4", "status": "resolved", "truncatedAlerts": 0, "alerts": [alert],
        }))
    };
    let intake = alerts::ingest(&store, &delivery(firing("")), &rules, ARRIVAL)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 1);
    let id = intake.opened[0].clone();
    let (incident, _) = store.incident(&id).await.unwrap().unwrap();
    assert_eq!(incident.target, "10.0.0.7:8080");
    assert_eq!(incident.severity, warden_protocol::Severity::Critical);
    assert_eq!(incident.summary.chars().count(), 1_000);
    assert!(incident.summary.ends_with('…'));
    // The same alert without its empty label: the same labels, the same incident.
    let mut without = firing("");
    without["labels"].as_object_mut().unwrap().remove("pod");
    let intake = alerts::ingest(&store, &delivery(without), &rules, ARRIVAL + 60)
        .await
        .unwrap();
    assert_eq!(intake.repeated, vec![id.clone()]);
    // Resolved by a delivery whose copies of the alert disagree on `startsAt`.
    let mut resolved = firing("");
    resolved["status"] = json!("resolved");
    resolved["endsAt"] = json!("2026-12-03T10:05:00Z");
    let mut copy = resolved.clone();
    copy["startsAt"] = json!("2026-12-03T10:00:00Z");
    let intake = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "status": "firing",
                        "alerts": [resolved, copy]})),
        &rules,
        ARRIVAL + 120,
    )
    .await
    .unwrap();
    assert_eq!(intake.resolved, vec![id.clone()]);
    let (incident, _) = store.incident(&id).await.unwrap().unwrap();
    assert!(incident.closed_at.is_some());
}

#[tokio::test]
async fn statuses_in_any_case_offsets_nanoseconds_bare_alerts_and_big_deliveries_are_taken() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // `FIRING` (the group's and the alert's), no `groupKey`, `startsAt` two hours ahead of UTC
    // with nanoseconds, severity `CRITICAL`.
    let firing = payload(json!({
        "version": "4", "status": "FIRING",
        "alerts": [{
            "status": "FIRING",
            "labels": {"alertname": "ContainerDown", "name": "web", "severity": "CRITICAL"},
            "fingerprint": "f1",
            "startsAt": "2026-12-03T12:00:00.123456789+02:00",
            "endsAt": "0001-01-01T00:00:00Z",
        }],
    }));
    let intake = alerts::ingest(&store, &firing, &rules, ARRIVAL)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 1);
    let id = intake.opened[0].clone();
    let (incident, _) = store.incident(&id).await.unwrap().unwrap();
    assert_eq!(
        (incident.target.as_str(), incident.severity),
        ("web", warden_protocol::Severity::Critical)
    );
    // ` Resolved `, its `startsAt` the same instant written in UTC: the same episode, closed.
    let resolved = payload(json!({
        "version": "4", "status": "resolved",
        "alerts": [{
            "status": " Resolved ",
            "labels": {"alertname": "ContainerDown", "name": "web", "severity": "CRITICAL"},
            "fingerprint": "f1",
            "startsAt": "2026-12-03T10:00:00.123Z",
            "endsAt": "2026-12-03T10:05:00+00:00",
        }],
    }));
    let intake = alerts::ingest(&store, &resolved, &rules, ARRIVAL + 60)
        .await
        .unwrap();
    assert_eq!(intake.resolved, vec![id.clone()]);
    // Another word is still refused, naming it.
    let odd: Result<AlertmanagerPayload, _> = serde_json::from_value(json!({
        "version": "4", "alerts": [{"status": "FIRED", "labels": {}}],
    }));
    let error = odd.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("unknown variant `FIRED`"), "{error}");
    // No alerts: nothing opened. An alert with no labels nor fingerprint: one incident.
    let empty = payload(json!({"version": "4", "status": "firing", "alerts": []}));
    assert_eq!(
        alerts::ingest(&store, &empty, &rules, ARRIVAL + 120)
            .await
            .unwrap(),
        alerts::Intake::default()
    );
    let bare = payload(json!({"version": "4", "alerts": [{"status": "firing"}]}));
    let intake = alerts::ingest(&store, &bare, &rules, ARRIVAL + 180)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 1);
    // A thousand alerts in one delivery: a thousand incidents, each once.
    let many: Vec<serde_json::Value> = (0..1000)
        .map(|i| alert("firing", &format!("m{i}"), &format!("c{i}")))
        .collect();
    let big = payload(json!({"version": "4", "status": "firing", "alerts": many}));
    let intake = alerts::ingest(&store, &big, &rules, ARRIVAL + 240)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 1000);
    let intake = alerts::ingest(&store, &big, &rules, ARRIVAL + 300)
        .await
        .unwrap();
    assert_eq!((intake.opened.len(), intake.repeated.len()), (0, 1000));
}

#[tokio::test]
async fn a_delivery_of_another_version_with_version_4s_shape_is_read_as_version_4() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // Alertmanager keeps its schema: another version's body of alerts with a status and labels
    // is read as version 4 (a refused delivery is never sent again); a number too.
    for (index, version) in [
        json!("3"),
        json!("5"),
        json!(" 4 "),
        json!(4),
        json!(""),
        json!(null),
    ]
    .into_iter()
    .enumerate()
    {
        let delivery = payload(json!({
            "version": version, "status": "firing",
            "alerts": [alert("firing", &format!("v{index}"), &format!("web{index}"))],
        }));
        assert_eq!(alerts::validate(&delivery), Ok(()), "{version}");
        let intake = alerts::ingest(&store, &delivery, &rules, 100)
            .await
            .unwrap();
        assert_eq!(intake.opened.len(), 1, "{version}");
    }
    // Without that shape: refused, naming the version, and nothing is stored.
    let unlabelled = json!({"status": "firing", "labels": {}, "fingerprint": "z1"});
    let empty_labels =
        json!({"status": "firing", "labels": {"alertname": ""}, "fingerprint": "z2"});
    for body in [
        json!({"version": "3", "alerts": []}),
        json!({"version": "3", "alerts": [unlabelled]}),
        json!({"version": "3", "alerts": [alert("firing", "z3", "db"), empty_labels]}),
    ] {
        let delivery = payload(body.clone());
        match alerts::validate(&delivery) {
            Err(refusal @ alerts::Refusal::Version(_)) => {
                let message = refusal.to_string();
                assert!(
                    message.contains("version '3'") && message.contains("version 4"),
                    "{message}"
                );
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    // Version 4 itself is taken as before, an empty delivery included.
    assert_eq!(
        alerts::validate(&payload(json!({"version": "4", "alerts": []}))),
        Ok(())
    );
}

#[tokio::test]
async fn an_alert_whose_labels_or_annotations_are_null_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    // A sender that encodes an empty Go map as null: the alert is taken, not the delivery
    // refused (and lost).
    let mut with_null = alert("firing", "n1", "web");
    with_null["annotations"] = serde_json::Value::Null;
    let delivery = payload(json!({"version": "4", "status": "firing", "alerts": [with_null]}));
    assert_eq!(delivery.alerts[0].annotations.len(), 0);
    assert_eq!(alerts::validate(&delivery), Ok(()));
    let intake = alerts::ingest(&store, &delivery, &AlertRule::defaults(), 100)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 1);
    // Null labels read as none: under another version, no shape, refused; under 4, its
    // incident keyed by its fingerprint.
    let unlabelled =
        json!({"status": "firing", "labels": null, "annotations": null, "fingerprint": "n2"});
    let other = payload(json!({"version": "3", "alerts": [unlabelled.clone()]}));
    assert!(alerts::validate(&other).is_err());
    let four = payload(json!({"version": "4", "alerts": [unlabelled]}));
    assert_eq!(four.alerts[0].labels.len(), 0);
    assert_eq!(alerts::validate(&four), Ok(()));
}

#[tokio::test]
async fn a_grafana_delivery_and_empty_or_spaced_times_are_taken() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // Grafana's webhook contact point: version "1", Alertmanager's body with fields of its own.
    let grafana = payload(json!({
        "receiver": "warden", "status": "firing", "orgId": 1, "state": "alerting",
        "title": "[FIRING:1] ContainerDown", "version": "1",
        "groupKey": "{}:{alertname=\"ContainerDown\"}", "truncatedAlerts": 0,
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "ContainerDown", "container": "web", "grafana_folder": "ops"},
            "annotations": {"summary": "web is down"},
            "startsAt": "2026-12-03T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://grafana/alerting/grafana/abc/view",
            "fingerprint": "0f1e2d3c4b5a6978", "silenceURL": "http://grafana/silence",
            "dashboardURL": "", "panelURL": "", "values": {"B": 0}, "valueString": "[ var='B' value=0 ]"
        }],
    }));
    assert_eq!(alerts::validate(&grafana), Ok(()));
    let intake = alerts::ingest(&store, &grafana, &rules, 100).await.unwrap();
    assert_eq!(intake.opened.len(), 1);
    // An empty time is none (as an absent one); spaces around a time are not part of it.
    let mut empty = alert("firing", "e1", "db");
    empty["startsAt"] = json!("");
    empty["endsAt"] = json!(" ");
    let mut spaced = alert("firing", "e2", "cache");
    spaced["startsAt"] = json!(" 2026-12-03T10:00:00Z ");
    let delivery = payload(json!({"version": "4", "alerts": [empty, spaced]}));
    assert_eq!(alerts::validate(&delivery), Ok(()));
    let intake = alerts::ingest(&store, &delivery, &rules, 100)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 2);
    // A time that is no time is still refused, naming it.
    let mut bad = alert("firing", "e3", "db");
    bad["startsAt"] = json!("yesterday");
    let refused = alerts::validate(&payload(json!({"version": "4", "alerts": [bad]})));
    assert!(
        matches!(&refused, Err(alerts::Refusal::Field(why)) if why.contains("startsAt")),
        "{refused:?}"
    );
}

#[tokio::test]
async fn severities_and_statuses_are_read_by_unicode_case_folding_key_and_value() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // The severity's key in any case (`Severity`, `SEVERITY`), its value in any case and form
    // (full-width `ＣＲＩＴＩＣＡＬ`, `Page`, a Kelvin sign nowhere near it stays a warning), and
    // statuses folded the same way: `ﬁring` (a ligature), `ＦＩＲＩＮＧ`, `reſolved` (a long s).
    let cases = [
        ("s1", "Severity", "CRITICAL", "FIRING", true),
        (
            "s2",
            "SEVERITY",
            "\u{ff23}\u{ff32}\u{ff29}\u{ff34}\u{ff29}\u{ff23}\u{ff21}\u{ff2c}",
            "\u{fb01}ring",
            true,
        ),
        (
            "s3",
            "severity",
            "Page",
            "\u{ff26}\u{ff29}\u{ff32}\u{ff29}\u{ff2e}\u{ff27}",
            true,
        ),
        ("s4", "sEvErItY", "warning", "firing", false),
        ("s5", "severity", "critical\u{212a}", "firing", false),
    ];
    let alerts: Vec<serde_json::Value> = cases
        .iter()
        .map(|(fingerprint, key, value, status, _)| {
            json!({
                "status": status,
                "labels": {"alertname": "Disk", "instance": fingerprint, *key: value},
                "fingerprint": fingerprint,
                "startsAt": "2026-12-03T10:00:00Z",
            })
        })
        .collect();
    let intake = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "status": "\u{fb01}ring", "alerts": alerts})),
        &rules,
        ARRIVAL,
    )
    .await
    .unwrap();
    assert_eq!(intake.opened.len(), cases.len(), "{intake:?}");
    for (fingerprint, _, value, _, critical) in cases {
        let live = store
            .live_incident(&format!("alert:{fingerprint}"))
            .await
            .unwrap()
            .unwrap();
        let expected = if critical {
            warden_protocol::Severity::Critical
        } else {
            warden_protocol::Severity::Warning
        };
        assert_eq!(live.severity, expected, "{fingerprint} {value}");
    }
    // `reſolved` and ` RESOLVED ` close what they name.
    let resolved: Vec<serde_json::Value> = [("re\u{17f}olved", 0), (" RESOLVED ", 1)]
        .iter()
        .map(|(status, at)| {
            let (fingerprint, key, value, _, _) = cases[*at];
            json!({
                "status": status,
                "labels": {"alertname": "Disk", "instance": fingerprint, key: value},
                "fingerprint": fingerprint,
                "startsAt": "2026-12-03T10:00:00Z",
                "endsAt": "2026-12-03T10:05:00Z",
            })
        })
        .collect();
    let intake = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "status": "re\u{17f}olved", "alerts": resolved})),
        &rules,
        ARRIVAL + 60,
    )
    .await
    .unwrap();
    assert_eq!(intake.resolved.len(), 2, "{intake:?}");
    for fingerprint in ["s1", "s2"] {
        assert!(
            store
                .live_incident(&format!("alert:{fingerprint}"))
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn a_label_value_holding_nuls_is_another_alert_than_the_labels_it_spells() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let split = json!({"alertname": "Down", "instance": "a", "job": "b"});
    let joined = json!({"alertname": "Down", "instance": "a\u{0}job\u{0}b"});
    let firing = |fingerprint: &str, labels: &serde_json::Value, status: &str| {
        json!({
            "status": status, "labels": labels, "fingerprint": fingerprint,
            "startsAt": "2026-12-03T10:00:00Z",
        })
    };
    let intake = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [
            firing("f1", &split, "firing"),
            firing("f2", &joined, "firing"),
        ]})),
        &rules,
        100,
    )
    .await
    .unwrap();
    assert_eq!(intake.opened.len(), 2, "{intake:?}");
    // The second one's resolution closes its own incident, not the first's.
    let intake = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [firing("f2", &joined, "resolved")]})),
        &rules,
        160,
    )
    .await
    .unwrap();
    assert_eq!(intake.resolved.len(), 1, "{intake:?}");
    assert!(store.live_incident("alert:f1").await.unwrap().is_some());
    assert!(store.live_incident("alert:f2").await.unwrap().is_none());
}

#[tokio::test]
async fn a_firing_whose_start_lies_far_ahead_of_its_arrival_never_holds_its_incident_open() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let with_start = |status: &str, starts_at: &str, container: &str| {
        payload(json!({"version": "4", "alerts": [{
            "status": status,
            "labels": {"alertname": "ContainerDown", "container": container},
            "fingerprint": container,
            "startsAt": starts_at,
            "endsAt": "0001-01-01T00:00:00Z",
        }]}))
    };
    // One firing from a sender whose clock is years off (or a template's `9999-12-31`), then
    // the same alert as it is: its resolution, with the real start, closes the incident.
    for (wild, web) in [
        ("9999-12-31T23:59:59Z", "w1"),
        ("2031-01-01T00:00:00Z", "w2"),
    ] {
        let intake = alerts::ingest(&store, &with_start("firing", wild, web), &rules, ARRIVAL)
            .await
            .unwrap();
        assert_eq!(intake.opened.len(), 1, "{wild}: {intake:?}");
        let intake = alerts::ingest(
            &store,
            &with_start("firing", "2026-12-03T10:00:00Z", web),
            &rules,
            ARRIVAL + 60,
        )
        .await
        .unwrap();
        assert_eq!(intake.repeated.len(), 1, "{wild}: {intake:?}");
        let intake = alerts::ingest(
            &store,
            &with_start("resolved", "2026-12-03T10:00:00Z", web),
            &rules,
            ARRIVAL + 120,
        )
        .await
        .unwrap();
        assert_eq!(intake.resolved.len(), 1, "{wild}: {intake:?}");
        assert!(
            store
                .live_incident(&format!("alert:{web}"))
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn a_delivery_past_the_bound_or_with_no_alert_whose_times_read_is_refused_whole_by_the_intake()
 {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // One alert already live: a refused delivery neither adds to it nor resolves it.
    let first = payload(json!({"version": "4", "alerts": [alert("firing", "a0", "web")]}));
    let intake = alerts::ingest(&store, &first, &rules, ARRIVAL)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 1);
    // 10,000 alerts (a receiver without max_alerts), the live one's resolution among them.
    let mut many: Vec<serde_json::Value> = (0..9_999)
        .map(|i| alert("firing", &format!("m{i}"), &format!("c{i}")))
        .collect();
    many.push(alert("resolved", "a0", "web"));
    let big = payload(json!({"version": "4", "status": "firing", "alerts": many}));
    let (refusal, message) = refused(&store, &big, ARRIVAL + 60).await;
    assert_eq!(refusal, alerts::Refusal::TooMany(10_000), "{message}");
    assert!(
        message.contains("10000 alerts") && message.contains("none was stored"),
        "{message}"
    );
    // Alerts none of whose times read (a word, a year past 9999): refused whole, naming the
    // first.
    let odd = payload(json!({"version": "4", "alerts": [
        {"status": "firing", "labels": {"alertname": "X"}, "startsAt": "yesterday"},
        {"status": "resolved", "labels": {"alertname": "Y"}, "endsAt": "10000-01-01T00:00:00Z"},
    ]}));
    let message = refused_for_a_field(&store, &odd, ARRIVAL + 120).await;
    assert!(message.contains("alerts[0].startsAt"), "{message}");
    // Nothing of either was stored: the first alert alone is live, still open, seen once.
    let live = store.live_alert_incidents().await.unwrap();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].0.id, intake.opened[0]);
    // An alert whose time or fingerprint does not read, among good ones (and after one that does not read at
    // all): it alone is left out, named by its place in the delivery as sent; the others are
    // taken, the live one resolved.
    let mixed = payload(json!({"version": "4", "alerts": [
        alert("firing", "b1", "api"),
        {"status": "pending", "labels": {"alertname": "Z"}},
        alert("resolved", "a0", "web"),
        {"status": "firing", "labels": {"alertname": "X"}, "startsAt": "yesterday"},
        {"status": "firing", "labels": {"alertname": "W"}, "startsAt": "2026-12-03T10:00:00Z", "endsAt": "03/12/2026"},
        alert("firing", &"f".repeat(10_000), "db"),
    ]}));
    assert_eq!(alerts::validate(&mixed), Ok(()));
    let intake = alerts::ingest(&store, &mixed, &rules, ARRIVAL + 120)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 1, "{intake:?}");
    assert_eq!(intake.resolved, vec![live[0].0.id.clone()]);
    assert_eq!(intake.unread.len(), 4, "{:?}", intake.unread);
    assert!(
        intake.unread[3].starts_with("alerts[5].fingerprint: 10000 characters"),
        "{:?}",
        intake.unread
    );
    assert!(
        intake.unread[0].starts_with("alerts[1]:"),
        "{:?}",
        intake.unread
    );
    assert!(
        intake.unread[1].starts_with("alerts[3].startsAt: 'yesterday'"),
        "{:?}",
        intake.unread
    );
    assert!(
        intake.unread[2].starts_with("alerts[4].endsAt: '03/12/2026'"),
        "{:?}",
        intake.unread
    );
    let live = store.live_alert_incidents().await.unwrap();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].0.target, "api");
    // The bound itself is taken.
    let most: Vec<serde_json::Value> = (0..alerts::MAX_ALERTS)
        .map(|i| alert("firing", &format!("n{i}"), &format!("d{i}")))
        .collect();
    let most = payload(json!({"version": "4", "alerts": most}));
    let intake = alerts::ingest(&store, &most, &rules, ARRIVAL + 180)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), alerts::MAX_ALERTS);
}

#[tokio::test]
async fn a_blank_label_names_no_target_and_the_next_label_does() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // A template with nothing to put in `container` or `instance` wrote spaces or a tab.
    let down = json!({
        "status": "firing",
        "labels": {"alertname": "ContainerDown", "container": "  ", "container_name": "\t", "name": "web"},
        "fingerprint": "c1",
        "startsAt": "2026-12-03T10:00:00Z",
    });
    let node = json!({
        "status": "firing",
        "labels": {"alertname": "NodeDown", "instance": " ", "job": "node"},
        "fingerprint": "c2",
        "startsAt": "2026-12-03T10:00:00Z",
    });
    let intake = alerts::ingest(
        &store,
        &payload(json!({"version": "4", "alerts": [down, node]})),
        &rules,
        ARRIVAL,
    )
    .await
    .unwrap();
    assert_eq!(intake.opened.len(), 2);
    let mut targets = Vec::new();
    for id in &intake.opened {
        let (incident, _) = store.incident(id).await.unwrap().unwrap();
        targets.push(incident.target);
    }
    targets.sort();
    assert_eq!(targets, vec!["node", "web"]);
}

#[tokio::test]
async fn one_alert_that_does_not_read_loses_none_of_the_others() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // A group `firing` whose alerts carry no status of their own (absent, null): theirs is the
    // delivery's. A label value that is a number or a boolean is its text; a null one is none.
    let no_status = json!({
        "labels": {"alertname": "ContainerDown", "container": "web", "port": 8080, "page": true},
        "fingerprint": "n1",
        "startsAt": "2026-12-03T10:00:00Z",
    });
    let null_status = json!({
        "status": null,
        "labels": {"alertname": "ContainerDown", "container": "db", "replica": null},
        "fingerprint": "n2",
        "startsAt": "2026-12-03T10:00:00Z",
    });
    // One that does not read: a status that is no status. A label that is a list is left out
    // and named, its alert taken.
    let odd_status =
        json!({"status": "pending", "labels": {"alertname": "X"}, "fingerprint": "n3"});
    let list_label = json!({"status": "firing", "fingerprint": "n4",
        "labels": {"alertname": "ContainerDown", "container": "cache", "hosts": ["a", "b"]}});
    let delivery = payload(json!({
        "version": "4", "status": "FIRING",
        "alerts": [no_status, odd_status, null_status, list_label],
    }));
    assert_eq!(delivery.alerts.len(), 3);
    assert_eq!(delivery.alerts[0].labels["port"], "8080");
    assert_eq!(delivery.alerts[0].labels["page"], "true");
    assert!(!delivery.alerts[2].labels.contains_key("hosts"));
    let intake = alerts::ingest(&store, &delivery, &rules, ARRIVAL)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 3);
    assert_eq!(intake.unread.len(), 1, "{:?}", intake.unread);
    assert!(
        intake.unread[0].starts_with("alerts[1]:"),
        "{:?}",
        intake.unread
    );
    assert!(intake.unread[0].contains("pending"), "{:?}", intake.unread);
    assert_eq!(intake.notes.len(), 1, "{:?}", intake.notes);
    assert!(
        intake.notes[0].starts_with("alerts[3].labels.hosts: a list"),
        "{:?}",
        intake.notes
    );
    let mut targets = Vec::new();
    for id in &intake.opened {
        let (incident, _) = store.incident(id).await.unwrap().unwrap();
        targets.push(incident.target);
    }
    targets.sort();
    assert_eq!(targets, vec!["cache", "db", "web"]);
    // The group resolved, its alerts again without a status: both resolve.
    let resolved = payload(json!({
        "version": "4", "status": "resolved",
        "alerts": [
            {"labels": {"alertname": "ContainerDown", "container": "web", "port": 8080, "page": true}, "fingerprint": "n1"},
            {"labels": {"alertname": "ContainerDown", "container": "db"}, "fingerprint": "n2"},
        ],
    }));
    let intake = alerts::ingest(&store, &resolved, &rules, ARRIVAL + 60)
        .await
        .unwrap();
    assert_eq!(intake.resolved.len(), 2);
    assert!(intake.unread.is_empty());
    // No status anywhere: the alert does not read, and with no other the delivery is refused
    // naming it.
    let none: Result<AlertmanagerPayload, _> = serde_json::from_value(json!({
        "version": "4", "alerts": [{"labels": {"alertname": "X"}}],
    }));
    let error = none.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        error.contains("alerts[0]") && error.contains("status"),
        "{error}"
    );
}

#[tokio::test]
async fn a_group_s_odd_envelope_loses_none_of_its_alerts() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // The group's own status no status (a word, a number, a list), its alerts each carrying
    // theirs; `truncatedAlerts` null, negative, as text or a whole float; a `groupKey`,
    // `receiver` and group labels in other scripts, extra fields of a newer Alertmanager.
    let envelopes = [
        (json!("pending"), json!(null), None),
        (json!(7), json!(-1), None),
        (json!(["firing"]), json!("7"), Some(7)),
        (json!(null), json!(7.0), Some(7)),
        (json!("Firing"), json!("many"), None),
    ];
    for (at, (status, truncated, count)) in envelopes.into_iter().enumerate() {
        let delivery = payload(json!({
            "version": "4", "status": status, "truncatedAlerts": truncated,
            "groupKey": "{}/{severity=\"критично\"}:{alertname=\"Диск 💾\"}",
            "receiver": "wärden-网络", "groupLabels": {"alertname": "Диск 💾"},
            "commonLabels": {}, "commonAnnotations": null, "externalURL": "",
            "orgId": 1, "state": "alerting", "title": "[FIRING:1]",
            "alerts": [alert("firing", &format!("e{at}"), &format!("web{at}"))],
        }));
        assert_eq!(delivery.truncated_alerts, count, "envelope {at}");
        let intake = alerts::ingest(&store, &delivery, &rules, ARRIVAL + at as i64)
            .await
            .unwrap();
        assert_eq!(intake.opened.len(), 1, "envelope {at}: {intake:?}");
    }
    // `alerts: null` (a Go nil slice) and absent: an empty delivery, nothing stored, no error.
    for empty in [
        json!({"version": "4", "status": "resolved", "alerts": null}),
        json!({"version": "4", "status": "firing"}),
    ] {
        let delivery = payload(empty);
        assert!(delivery.alerts.is_empty());
        assert_eq!(
            alerts::ingest(&store, &delivery, &rules, ARRIVAL + 60)
                .await
                .unwrap(),
            alerts::Intake::default()
        );
    }
}

#[tokio::test]
async fn go_s_zero_time_in_any_rfc_3339_form_is_no_end() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // A firing alert's `endsAt` as Go's zero time, written with fractions, an offset of 0 or
    // of its own: still firing, an incident opened, never resolved by it.
    let zeros = [
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00.000000000Z",
        "0001-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00-00:00",
        "0001-01-01T00:00:00.5+05:30",
        "0001-01-01T00:00:00-08:00",
        " 0001-01-01T00:00:00Z ",
    ];
    for (at, zero) in zeros.into_iter().enumerate() {
        let mut firing = alert("firing", &format!("z{at}"), &format!("c{at}"));
        firing["endsAt"] = json!(zero);
        // Its start in other forms of the same instant.
        firing["startsAt"] = json!(
            [
                "2026-12-03T10:00:00Z",
                "2026-12-03T11:00:00+01:00",
                "2026-12-03T05:30:00.000000001-04:30"
            ][at % 3]
        );
        let intake = alerts::ingest(
            &store,
            &payload(json!({"version": "4", "alerts": [firing]})),
            &rules,
            ARRIVAL,
        )
        .await
        .unwrap();
        assert_eq!(intake.opened.len(), 1, "{zero}: {intake:?}");
        assert!(intake.unread.is_empty(), "{zero}: {intake:?}");
        assert!(
            store
                .live_incident(&format!("alert:z{at}"))
                .await
                .unwrap()
                .is_some(),
            "{zero}"
        );
    }
}

#[tokio::test]
async fn the_same_alert_firing_and_resolved_in_one_delivery_ends_resolved_in_either_order() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let resolved = |fingerprint: &str| {
        let mut alert = alert("resolved", fingerprint, "web");
        alert["endsAt"] = json!("2026-12-03T10:04:00Z");
        alert
    };
    for (fingerprint, alerts) in [
        ("d1", vec![alert("firing", "d1", "web"), resolved("d1")]),
        ("d2", vec![resolved("d2"), alert("firing", "d2", "web")]),
        (
            "d3",
            vec![
                alert("firing", "d3", "web"),
                resolved("d3"),
                alert("firing", "d3", "web"),
            ],
        ),
    ] {
        alerts::ingest(
            &store,
            &payload(json!({"version": "4", "alerts": alerts})),
            &rules,
            ARRIVAL,
        )
        .await
        .unwrap();
        assert!(
            store
                .live_incident(&format!("alert:{fingerprint}"))
                .await
                .unwrap()
                .is_none(),
            "{fingerprint}"
        );
    }
}

/// A field sent as another JSON type is read where its meaning is clear (a number as the
/// fingerprint's text, a number as Unix time in seconds or milliseconds) and otherwise left
/// out and named in `notes`; the alert is taken either way, and is the same alert when
/// Alertmanager's spelling of it comes later.
#[tokio::test]
async fn values_of_another_json_type_are_read_or_named_and_never_lose_the_alert() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let firing = payload(json!({
        "version": "4", "status": "firing",
        "alerts": [
            {"status": "firing", "labels": {"alertname": "ContainerDown", "container": "web"},
             "fingerprint": 4_242_424_242_u64, "startsAt": 1_796_290_000_000_u64, "endsAt": 0},
            {"status": "firing", "labels": {"alertname": "ContainerDown", "container": "db"},
             "fingerprint": true, "startsAt": [2026, 12, 3], "endsAt": {"t": 1}},
            {"status": "firing", "labels": {"alertname": "ContainerDown", "container": "queue"},
             "fingerprint": 7.5, "startsAt": 1_796_290_000.25},
        ],
    }));
    assert_eq!(firing.alerts.len(), 3, "{:?}", firing.unread);
    assert_eq!(firing.alerts[0].fingerprint.as_deref(), Some("4242424242"));
    assert_eq!(
        firing.alerts[0].starts_at.as_deref(),
        Some("2026-12-03T09:26:40Z")
    );
    assert_eq!(firing.alerts[1].fingerprint, None);
    assert_eq!(firing.alerts[1].starts_at, None);
    assert_eq!(firing.alerts[2].fingerprint.as_deref(), Some("7.5"));
    let intake = alerts::ingest(&store, &firing, &rules, ARRIVAL)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 3, "{intake:?}");
    assert!(intake.unread.is_empty(), "{:?}", intake.unread);
    for named in [
        "alerts[0].fingerprint: the number 4242424242",
        "alerts[0].startsAt: the number 1796290000000, read as Unix time 2026-12-03T09:26:40Z",
        "alerts[0].endsAt: the number 0 is no time",
        "alerts[1].fingerprint: true or false, not text",
        "alerts[1].startsAt: a list is no time",
        "alerts[1].endsAt: an object is no time",
    ] {
        assert!(
            intake.notes.iter().any(|n| n.starts_with(named)),
            "{named} in {:?}",
            intake.notes
        );
    }
    // Alertmanager's own spelling of the first, resolved: the same incident closes.
    let resolved = payload(json!({
        "version": "4", "status": "resolved",
        "alerts": [{"status": "resolved",
            "labels": {"alertname": "ContainerDown", "container": "web"},
            "fingerprint": "4242424242", "startsAt": "2026-12-03T09:26:40Z",
            "endsAt": "2026-12-03T10:00:00Z"}],
    }));
    let intake_resolved = alerts::ingest(&store, &resolved, &rules, ARRIVAL + 60)
        .await
        .unwrap();
    assert_eq!(intake_resolved.resolved, vec![intake.opened[0].clone()]);
    assert!(intake_resolved.notes.is_empty());
}

/// Ingests `delivery` at `at`, which must be refused whole: why, and the message.
async fn refused(
    store: &Store,
    delivery: &AlertmanagerPayload,
    at: i64,
) -> (alerts::Refusal, String) {
    match alerts::ingest(store, delivery, &AlertRule::defaults(), at).await {
        Err(alerts::IngestError::Refused(refusal)) => {
            let message = refusal.to_string();
            (refusal, message)
        }
        other => panic!("not refused: {other:?}"),
    }
}

/// As [`refused`], for an alert's field: the message.
async fn refused_for_a_field(store: &Store, delivery: &AlertmanagerPayload, at: i64) -> String {
    let (refusal, message) = refused(store, delivery, at).await;
    assert!(matches!(refusal, alerts::Refusal::Field(_)), "{message}");
    message
}

/// Takes one firing `ContainerDown` alert about web, keyed `fingerprint`, at `at`: the id of
/// the incident it opened.
async fn one_live(store: &Store, fingerprint: &str, at: i64) -> String {
    let first = payload(json!({"version": "4", "alerts": [alert("firing", fingerprint, "web")]}));
    let intake = alerts::ingest(store, &first, &AlertRule::defaults(), at)
        .await
        .unwrap();
    assert_eq!(intake.opened.len(), 1, "{intake:?}");
    intake.opened[0].clone()
}

/// A delivery of `alerts` none of which reads is refused whole, naming the first (`first`
/// begins what it says); the 3 alerts live before are kept.
async fn refused_naming_the_first(store: &Store, alerts: Vec<serde_json::Value>, first: &str) {
    let huge = payload(json!({"version": "4", "alerts": alerts}));
    let message = refused_for_a_field(store, &huge, 1_796_292_420).await;
    assert!(
        message.starts_with(first) && message.ends_with("none of the delivery was stored"),
        "{message}"
    );
    assert_eq!(store.live_alert_incidents().await.unwrap().len(), 3);
}

#[tokio::test]
async fn alerts_without_labels_or_with_labels_past_their_bounds_are_named_and_lose_none_of_the_others()
 {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    // One alert accepted before: nothing a later delivery leaves out touches it.
    let kept = one_live(&store, "k0", ARRIVAL).await;
    // A stack trace pasted into a label, a flood of labels, a label name past the bound: each
    // left out and named by its place. Labels absent, null, empty, or every value empty: taken
    // (for a human) and named.
    let trace = "at main.go:42\n".repeat(1_000);
    let mut flood = serde_json::Map::new();
    flood.insert("alertname".to_owned(), json!("Flood"));
    for i in 0..300 {
        flood.insert(format!("l{i}"), json!("v"));
    }
    let long_name = "n".repeat(alerts::MAX_LABEL_CHARS + 1);
    let delivery = payload(json!({"version": "4", "status": "firing", "alerts": [
        alert("firing", "k1", "api"),
        {"status": "firing", "fingerprint": "k2",
         "labels": {"alertname": "ContainerDown", "container": "db", "trace": trace}},
        {"status": "firing", "fingerprint": "k3", "labels": flood},
        {"status": "firing", "fingerprint": "k4", "labels": {long_name: "x"}},
        {"status": "firing", "fingerprint": "k5"},
        {"status": "firing", "fingerprint": "k6", "labels": null},
        {"status": "firing", "fingerprint": "k7", "labels": {}},
        {"status": "firing", "fingerprint": "k8", "labels": {"alertname": "", "container": ""}},
    ]}));
    assert_eq!(alerts::validate(&delivery), Ok(()));
    let intake = alerts::ingest(&store, &delivery, &rules, ARRIVAL + 60)
        .await
        .unwrap();
    // api, and the unlabelled ones: the same (no) labels are one alert, whatever fingerprints.
    assert_eq!(intake.opened.len(), 2, "{intake:?}");
    assert_eq!(
        intake.unread,
        vec![
            format!(
                "alerts[1].labels.trace: {} characters, more than the {} a label value may have \
                 (a long text belongs in an annotation)",
                trace.chars().count(),
                alerts::MAX_LABEL_CHARS
            ),
            "alerts[2].labels: 301 labels, more than the 256 an alert may have".to_owned(),
            format!(
                "alerts[3].labels: a label name of {} characters ('{}...'), more than the {} a \
                 label may have",
                alerts::MAX_LABEL_CHARS + 1,
                "n".repeat(64),
                alerts::MAX_LABEL_CHARS
            ),
        ]
    );
    for index in 4..=7 {
        let named = format!("alerts[{index}].labels: none");
        assert!(
            intake.notes.iter().any(|note| note.starts_with(&named)),
            "{named} in {:?}",
            intake.notes
        );
    }
    assert_eq!(intake.notes.len(), 4, "{:?}", intake.notes);
    let live = store.live_alert_incidents().await.unwrap();
    assert_eq!(live.len(), 3, "the earlier one, api and the unlabelled one");
    assert!(live.iter().any(|(incident, _)| incident.id == kept));
    assert!(
        live.iter()
            .all(|(incident, alert)| incident.target != "db" && alert.len() < 10_000),
        "nothing of the left-out alerts was stored"
    );
    // Thousands of alerts, every one past the bound: refused whole, promptly, naming the
    // first; the alerts accepted before are kept.
    let value = "v".repeat(alerts::MAX_LABEL_CHARS + 1);
    let many: Vec<serde_json::Value> = (0..alerts::MAX_ALERTS)
        .map(|i| {
            json!({"status": "firing", "fingerprint": format!("h{i}"),
                   "labels": {"alertname": "Huge", "detail": value}})
        })
        .collect();
    refused_naming_the_first(&store, many, "alerts[0].labels.detail: 8193 characters").await;
}

#[tokio::test]
async fn alerts_with_annotations_past_their_bounds_are_named_and_lose_none_of_the_others() {
    const ARRIVAL: i64 = 1_796_292_300;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path()).await;
    let rules = AlertRule::defaults();
    let kept = one_live(&store, "k0", ARRIVAL).await;
    // A description that repeats itself without end, a flood of annotations, an annotation
    // name past the bound: each left out and named by its place. A long description within
    // the bound (longer than a label may be) is taken whole.
    let endless = "retrying...\n".repeat(10_000);
    let long = "d".repeat(alerts::MAX_ANNOTATION_CHARS);
    let mut flood = serde_json::Map::new();
    for i in 0..=alerts::MAX_ANNOTATIONS {
        flood.insert(format!("a{i}"), json!("v"));
    }
    let long_name = "n".repeat(alerts::MAX_LABEL_CHARS + 1);
    let labelled = |fingerprint: &str, container: &str, annotations: serde_json::Value| {
        json!({"status": "firing", "fingerprint": fingerprint, "annotations": annotations,
               "labels": {"alertname": "ContainerDown", "container": container}})
    };
    let delivery = payload(json!({"version": "4", "status": "firing", "alerts": [
        labelled("k1", "api", json!({"description": long})),
        labelled("k2", "db", json!({"summary": "db down", "description": endless})),
        labelled("k3", "cache", serde_json::Value::Object(flood)),
        labelled("k4", "queue", json!({long_name: "x"})),
        alert("firing", "k5", "worker"),
    ]}));
    assert_eq!(alerts::validate(&delivery), Ok(()));
    let intake = alerts::ingest(&store, &delivery, &rules, ARRIVAL + 60)
        .await
        .unwrap();
    assert_eq!(
        intake.unread,
        vec![
            format!(
                "alerts[1].annotations.description: {} characters, more than the {} an \
                 annotation value may have",
                endless.chars().count(),
                alerts::MAX_ANNOTATION_CHARS
            ),
            format!(
                "alerts[2].annotations: {} annotations, more than the {} an alert may have",
                alerts::MAX_ANNOTATIONS + 1,
                alerts::MAX_ANNOTATIONS
            ),
            format!(
                "alerts[3].annotations: an annotation name of {} characters ('{}...'), more \
                 than the {} an annotation may have",
                alerts::MAX_LABEL_CHARS + 1,
                "n".repeat(64),
                alerts::MAX_LABEL_CHARS
            ),
        ]
    );
    assert_eq!(intake.opened.len(), 2, "{intake:?}");
    let live = store.live_alert_incidents().await.unwrap();
    let targets: Vec<&str> = live.iter().map(|(i, _)| i.target.as_str()).collect();
    assert_eq!(live.len(), 3, "{targets:?}");
    assert!(live.iter().any(|(incident, _)| incident.id == kept));
    let (_, api) = live.iter().find(|(i, _)| i.target == "api").unwrap();
    assert!(
        api.contains(&long),
        "the description within the bound is kept whole"
    );
    assert!(
        live.iter()
            .all(|(i, _)| !["db", "cache", "queue"].contains(&i.target.as_str()))
    );
    // Every alert of a delivery past the bound: refused whole, naming the first.
    let many: Vec<serde_json::Value> = (0..alerts::MAX_ALERTS)
        .map(|i| labelled(&format!("h{i}"), "web", json!({"description": endless})))
        .collect();
    refused_naming_the_first(
        &store,
        many,
        "alerts[0].annotations.description: 120000 characters",
    )
    .await;
}
