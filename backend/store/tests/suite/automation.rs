//! Self-healing v2 and automation on both engines: alert deliveries in one transaction (HA
//! pairs delivering at once), a fingerprint's history, task runs, webhook deliveries accepted
//! once, API key names held by one live key.

use warden_store::{AlertChange, AlertOutcome, NewApiKey, StoreError};

use super::{Fixture, new_user};
use crate::both_backends;

fn firing(fingerprint: &str, severity: &str) -> AlertChange {
    firing_since(fingerprint, severity, None)
}

/// A firing alert of the episode that started at `starts_at`.
fn episode(fingerprint: &str, starts_at: i64) -> AlertChange {
    firing_since(fingerprint, "warning", Some(starts_at))
}

fn firing_since(fingerprint: &str, severity: &str, starts_at: Option<i64>) -> AlertChange {
    AlertChange::Firing {
        fingerprint: format!("alert:{fingerprint}"),
        target: "web".to_owned(),
        severity: severity.parse().unwrap(),
        summary: format!("ContainerDown: {fingerprint}"),
        alert: format!(
            "{{\"labels\":{{\"alertname\":\"ContainerDown\",\"fp\":\"{fingerprint}\"}}}}"
        ),
        detected: format!("Alertmanager: {fingerprint}"),
        starts_at,
        identity: None,
    }
}

fn ended(fingerprint: &str, starts_at: Option<i64>) -> AlertChange {
    AlertChange::Resolved {
        fingerprint: format!("alert:{fingerprint}"),
        starts_at,
        identity: None,
    }
}

/// `change` as the alert of the label set `identity` names.
fn of_identity(change: AlertChange, identity: &str) -> AlertChange {
    match change {
        AlertChange::Firing {
            fingerprint,
            target,
            severity,
            summary,
            alert,
            detected,
            starts_at,
            ..
        } => AlertChange::Firing {
            fingerprint,
            target,
            severity,
            summary,
            alert,
            detected,
            starts_at,
            identity: Some(identity.to_owned()),
        },
        AlertChange::Resolved {
            fingerprint,
            starts_at,
            ..
        } => AlertChange::Resolved {
            fingerprint,
            starts_at,
            identity: Some(identity.to_owned()),
        },
    }
}

both_backends!(
    a_delivery_is_stored_in_one_go_and_ha_duplicates_count_once,
    |fx: Fixture| async move {
        let store = fx.store;
        let group: Vec<AlertChange> = (0..300)
            .map(|i| firing(&format!("a{i}"), "warning"))
            .collect();
        let outcomes = store.apply_alerts(&group, 10).await.unwrap();
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, AlertOutcome::Opened(_)))
        );
        // Two Alertmanagers of an HA pair deliver the same group at once: one incident each.
        let (one, two) = tokio::join!(
            store.apply_alerts(&group, 11),
            store.apply_alerts(&group, 11)
        );
        for outcomes in [one.unwrap(), two.unwrap()] {
            assert!(
                outcomes
                    .iter()
                    .all(|o| matches!(o, AlertOutcome::Repeated(_)))
            );
        }
        // And a new group both deliver at once: each alert opens once, counted twice.
        let fresh: Vec<AlertChange> = (0..100)
            .map(|i| firing(&format!("b{i}"), "warning"))
            .collect();
        let (one, two) = tokio::join!(
            store.apply_alerts(&fresh, 11),
            store.apply_alerts(&fresh, 11)
        );
        let opened = one
            .unwrap()
            .into_iter()
            .chain(two.unwrap())
            .filter(|o| matches!(o, AlertOutcome::Opened(_)))
            .count();
        assert_eq!(opened, 100);
        assert_eq!(
            store
                .live_incident("alert:b42")
                .await
                .unwrap()
                .unwrap()
                .occurrences,
            2
        );
        let live = store.live_alert_incidents().await.unwrap();
        assert_eq!(live.len(), 400);
        assert_eq!(
            (
                live[0].0.occurrences,
                live[0].0.kind.as_str(),
                live[0].0.target.as_str()
            ),
            (3, "alert", "web")
        );
        assert!(live.iter().any(|(i, alert)| i.fingerprint == "alert:a7"
            && alert == "{\"labels\":{\"alertname\":\"ContainerDown\",\"fp\":\"a7\"}}"));
        let mixed = store
            .apply_alerts(
                &[
                    ended("a0", None),
                    firing("a1", "critical"),
                    ended("never", None),
                ],
                12,
            )
            .await
            .unwrap();
        assert!(matches!(mixed[0], AlertOutcome::Resolved(_)));
        assert!(matches!(mixed[1], AlertOutcome::Repeated(_)));
        assert_eq!(mixed[2], AlertOutcome::NoIncident);
        let AlertOutcome::Resolved(id) = &mixed[0] else {
            panic!("resolved expected");
        };
        let (resolved, timeline) = store.incident(id).await.unwrap().unwrap();
        assert_eq!(
            (resolved.state.as_str(), resolved.closed_at),
            ("resolved", Some(12))
        );
        assert_eq!(
            timeline.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
            vec!["detected", "verification", "outcome"]
        );
        assert_eq!(
            store
                .live_incident("alert:a1")
                .await
                .unwrap()
                .unwrap()
                .severity,
            warden_protocol::Severity::Critical
        );
    }
);

both_backends!(
    a_late_resolution_of_an_earlier_episode_leaves_the_alert_open,
    |fx: Fixture| async move {
        let store = fx.store;
        // Episode one fires; its resolution is delayed (an HA peer behind, a retried delivery)
        // and episode two fires before it arrives.
        let opened = store
            .apply_alerts(&[episode("e1", 1_000)], 10)
            .await
            .unwrap();
        let AlertOutcome::Opened(id) = &opened[0] else {
            panic!("opened expected: {opened:?}");
        };
        let again = store
            .apply_alerts(&[episode("e1", 5_000)], 20)
            .await
            .unwrap();
        assert_eq!(again, vec![AlertOutcome::Repeated(id.clone())]);
        // An older repeat does not move the episode back.
        store
            .apply_alerts(&[episode("e1", 1_000)], 21)
            .await
            .unwrap();
        let late = store
            .apply_alerts(&[ended("e1", Some(1_000))], 30)
            .await
            .unwrap();
        assert_eq!(late, vec![AlertOutcome::Late]);
        assert_eq!(
            store.live_incident("alert:e1").await.unwrap().map(|i| i.id),
            Some(id.clone())
        );
        // Episode two's own resolution closes it; so does one that does not say its start.
        let done = store
            .apply_alerts(&[ended("e1", Some(5_000))], 40)
            .await
            .unwrap();
        assert_eq!(done, vec![AlertOutcome::Resolved(id.clone())]);
        let reopened = store
            .apply_alerts(&[episode("e1", 9_000)], 50)
            .await
            .unwrap();
        assert!(matches!(&reopened[0], AlertOutcome::Opened(other) if other != id));
        let unknown = store.apply_alerts(&[ended("e1", None)], 60).await.unwrap();
        assert!(matches!(&unknown[0], AlertOutcome::Resolved(_)));
    }
);

both_backends!(
    a_late_firing_of_an_episode_already_resolved_opens_nothing,
    |fx: Fixture| async move {
        let store = fx.store;
        let opened = store
            .apply_alerts(&[episode("r1", 1_000)], 10)
            .await
            .unwrap();
        assert!(matches!(&opened[0], AlertOutcome::Opened(_)));
        let done = store
            .apply_alerts(&[ended("r1", Some(1_000))], 20)
            .await
            .unwrap();
        assert!(matches!(&done[0], AlertOutcome::Resolved(_)));
        // The other Alertmanager of the pair, behind, delivers the episode's firing again (or
        // an earlier one's): the episode is over.
        for start in [1_000, 500] {
            let late = store
                .apply_alerts(&[episode("r1", start)], 30)
                .await
                .unwrap();
            assert_eq!(late, vec![AlertOutcome::Late], "{start}");
        }
        assert!(store.live_incident("alert:r1").await.unwrap().is_none());
        // A new episode fires anew; so does one that does not say its start.
        let next = store
            .apply_alerts(&[episode("r1", 2_000)], 40)
            .await
            .unwrap();
        assert!(matches!(&next[0], AlertOutcome::Opened(_)));
        store
            .apply_alerts(&[ended("r1", Some(2_000))], 50)
            .await
            .unwrap();
        let plain = store
            .apply_alerts(&[firing("r1", "critical")], 60)
            .await
            .unwrap();
        assert!(matches!(&plain[0], AlertOutcome::Opened(_)), "{plain:?}");
    }
);

both_backends!(
    a_resolution_delivered_before_its_firing_is_remembered_and_the_firing_opens_nothing,
    |fx: Fixture| async move {
        let store = fx.store;
        // Out of order: the episode's resolution comes first, with no incident to close.
        let early = store
            .apply_alerts(&[ended("o1", Some(1_000))], 10)
            .await
            .unwrap();
        assert_eq!(early, vec![AlertOutcome::NoIncident]);
        // Its firing (or an earlier episode's), delivered late, opens nothing.
        for start in [1_000, 500] {
            let late = store
                .apply_alerts(&[episode("o1", start)], 20)
                .await
                .unwrap();
            assert_eq!(late, vec![AlertOutcome::Late], "{start}");
        }
        assert!(store.live_incident("alert:o1").await.unwrap().is_none());
        // An earlier resolution does not move the remembered episode back.
        store
            .apply_alerts(&[ended("o1", Some(200))], 21)
            .await
            .unwrap();
        assert_eq!(
            store.apply_alerts(&[episode("o1", 900)], 22).await.unwrap(),
            vec![AlertOutcome::Late]
        );
        // A later episode fires anew.
        let next = store
            .apply_alerts(&[episode("o1", 2_000)], 30)
            .await
            .unwrap();
        assert!(matches!(&next[0], AlertOutcome::Opened(_)), "{next:?}");
        // A resolution that did not say which episode ended ended any begun by the time it
        // came (40 s): that firing, late, opens nothing; one begun after it does.
        assert_eq!(
            store.apply_alerts(&[ended("o2", None)], 40).await.unwrap(),
            vec![AlertOutcome::NoIncident]
        );
        for start in [1_000, 40_000] {
            let late = store
                .apply_alerts(&[episode("o2", start)], 41)
                .await
                .unwrap();
            assert_eq!(late, vec![AlertOutcome::Late], "{start}");
        }
        let after = store
            .apply_alerts(&[episode("o2", 40_001)], 42)
            .await
            .unwrap();
        assert!(matches!(&after[0], AlertOutcome::Opened(_)), "{after:?}");
        // A resolution of an episode said to begin far ahead (year 9999) ended none begun
        // after its arrival and the clocks' skew (five minutes): the next episode fires.
        let far = 253_370_764_800_000;
        store
            .apply_alerts(&[ended("o4", Some(far))], 43)
            .await
            .unwrap();
        assert_eq!(
            store
                .apply_alerts(&[episode("o4", 343_000)], 44)
                .await
                .unwrap(),
            vec![AlertOutcome::Late]
        );
        let next = store
            .apply_alerts(&[episode("o4", 343_001)], 44)
            .await
            .unwrap();
        assert!(matches!(&next[0], AlertOutcome::Opened(_)), "{next:?}");
        // Bounded: past the bound the oldest are forgotten, and their firing opens again.
        store
            .apply_alerts(&[ended("o3", Some(1_000))], 45)
            .await
            .unwrap();
        let kept = usize::try_from(warden_store::EARLY_RESOLUTIONS_KEPT).unwrap();
        let many: Vec<AlertChange> = (0..kept)
            .map(|i| ended(&format!("m{i}"), Some(1_000)))
            .collect();
        store.apply_alerts(&many, 50).await.unwrap();
        let outcomes = store
            .apply_alerts(&[episode("o3", 1_000), episode("m0", 1_000)], 60)
            .await
            .unwrap();
        assert!(
            matches!(&outcomes[..], [AlertOutcome::Opened(_), AlertOutcome::Late]),
            "{outcomes:?}"
        );
    }
);

both_backends!(
    an_early_resolution_is_found_by_the_alerts_labels_under_another_fingerprint,
    |fx: Fixture| async move {
        let store = fx.store;
        // The resolution came first under one fingerprint; the firing of the same label set
        // comes late under another (a sender that computes its own, or sent none).
        store
            .apply_alerts(&[of_identity(ended("i1", Some(1_000)), "labels:web")], 10)
            .await
            .unwrap();
        let late = store
            .apply_alerts(&[of_identity(episode("i2", 1_000), "labels:web")], 20)
            .await
            .unwrap();
        assert_eq!(late, vec![AlertOutcome::Late]);
        // Other labels are another alert; a later episode of the same labels is a new one.
        let other = store
            .apply_alerts(&[of_identity(episode("i3", 1_000), "labels:db")], 30)
            .await
            .unwrap();
        assert!(matches!(&other[0], AlertOutcome::Opened(_)), "{other:?}");
        let next = store
            .apply_alerts(&[of_identity(episode("i2", 2_000), "labels:web")], 40)
            .await
            .unwrap();
        assert!(matches!(&next[0], AlertOutcome::Opened(_)), "{next:?}");
        // A resolution without identity remembers none: only its fingerprint is known.
        store
            .apply_alerts(&[ended("i4", Some(1_000))], 50)
            .await
            .unwrap();
        let unrelated = store
            .apply_alerts(&[of_identity(episode("i5", 1_000), "labels:cache")], 60)
            .await
            .unwrap();
        assert!(
            matches!(&unrelated[0], AlertOutcome::Opened(_)),
            "{unrelated:?}"
        );
    }
);

both_backends!(
    a_closed_alerts_late_firing_is_found_by_its_labels_under_another_fingerprint,
    |fx: Fixture| async move {
        let store = fx.store;
        let opened = store
            .apply_alerts(&[of_identity(episode("c1", 1_000), "labels:web")], 10)
            .await
            .unwrap();
        assert!(matches!(&opened[0], AlertOutcome::Opened(_)), "{opened:?}");
        let done = store
            .apply_alerts(&[of_identity(ended("c1", Some(1_000)), "labels:web")], 20)
            .await
            .unwrap();
        assert!(matches!(&done[0], AlertOutcome::Resolved(_)), "{done:?}");
        // The same label set's firing of that episode, late, under another fingerprint: the
        // closed incident's episode, not a new one.
        let late = store
            .apply_alerts(&[of_identity(episode("c2", 1_000), "labels:web")], 30)
            .await
            .unwrap();
        assert_eq!(late, vec![AlertOutcome::Late]);
        // A later episode, or other labels, fires anew.
        let next = store
            .apply_alerts(&[of_identity(episode("c2", 2_000), "labels:web")], 40)
            .await
            .unwrap();
        assert!(matches!(&next[0], AlertOutcome::Opened(_)), "{next:?}");
        let other = store
            .apply_alerts(&[of_identity(episode("c3", 1_000), "labels:db")], 50)
            .await
            .unwrap();
        assert!(matches!(&other[0], AlertOutcome::Opened(_)), "{other:?}");
        // An undated firing after a resolution that closed an incident is a new episode.
        store
            .apply_alerts(&[of_identity(ended("c3", Some(1_000)), "labels:db")], 60)
            .await
            .unwrap();
        let undated = store
            .apply_alerts(&[of_identity(firing("c3", "warning"), "labels:db")], 70)
            .await
            .unwrap();
        assert!(
            matches!(&undated[0], AlertOutcome::Opened(_)),
            "{undated:?}"
        );
    }
);

both_backends!(
    an_undated_firing_after_an_early_resolution_is_its_late_firing,
    |fx: Fixture| async move {
        let store = fx.store;
        // The resolution comes first; the firing, late, does not say its start.
        assert_eq!(
            store
                .apply_alerts(&[ended("u1", Some(1_000))], 100)
                .await
                .unwrap(),
            vec![AlertOutcome::NoIncident]
        );
        let late = store
            .apply_alerts(&[firing("u1", "critical")], 110)
            .await
            .unwrap();
        assert_eq!(late, vec![AlertOutcome::Late]);
        assert!(store.live_incident("alert:u1").await.unwrap().is_none());
        // Under another fingerprint of the same labels too.
        store
            .apply_alerts(&[of_identity(ended("u2", None), "labels:api")], 100)
            .await
            .unwrap();
        let late = store
            .apply_alerts(&[of_identity(firing("u3", "warning"), "labels:api")], 120)
            .await
            .unwrap();
        assert_eq!(late, vec![AlertOutcome::Late]);
        // Long after the resolution, an undated firing is a new episode.
        let after = 100 + warden_store::UNDATED_FIRING_LATE_SECS + 1;
        let next = store
            .apply_alerts(&[firing("u1", "critical")], after)
            .await
            .unwrap();
        assert!(matches!(&next[0], AlertOutcome::Opened(_)), "{next:?}");
    }
);

both_backends!(
    a_fingerprints_history_is_read_newest_first,
    |fx: Fixture| async move {
        let store = fx.store;
        for at in [100, 200, 300] {
            let (incident, _) = store
                .open_incident(
                    &warden_store::NewIncident {
                        fingerprint: "container_exited:web".to_owned(),
                        kind: warden_protocol::FindingKind::ContainerExited,
                        target: "web".to_owned(),
                        severity: warden_protocol::Severity::Critical,
                        summary: "exited".to_owned(),
                    },
                    at,
                )
                .await
                .unwrap();
            store
                .set_incident_state(
                    &incident.id,
                    warden_protocol::IncidentState::Resolved,
                    at + 10,
                )
                .await
                .unwrap();
        }
        let history = store
            .incidents_with_fingerprint("container_exited:web", 150, 20)
            .await
            .unwrap();
        assert_eq!(
            history
                .iter()
                .map(|i| (i.opened_at, i.closed_at))
                .collect::<Vec<_>>(),
            vec![(300, Some(310)), (200, Some(210))]
        );
    }
);

both_backends!(
    task_runs_are_stored_before_they_run_and_ended_after,
    |fx: Fixture| async move {
        let store = fx.store;
        let run = store
            .start_task_run("deploy", "hook:github", "ops", 10)
            .await
            .unwrap();
        assert_eq!((run.outcome.as_str(), run.finished_at), ("running", None));
        store
            .note_task_run(&run.id, "docker_restart waits for approval A")
            .await
            .unwrap();
        let other = store
            .start_task_run("deploy", "schedule", "ops", 20)
            .await
            .unwrap();
        store
            .finish_task_run(
                &run.id,
                warden_protocol::TaskOutcome::Done,
                "git_pull: done",
                30,
            )
            .await
            .unwrap();
        // A run left running by a stopped server ends as interrupted; an ended one stays.
        assert_eq!(store.interrupt_task_runs(40).await.unwrap(), 1);
        let runs = store.task_runs("deploy", 10).await.unwrap();
        assert_eq!(
            runs.iter()
                .map(|r| (r.id.clone(), r.outcome, r.finished_at))
                .collect::<Vec<_>>(),
            vec![
                (
                    other.id.clone(),
                    warden_protocol::TaskOutcome::Interrupted,
                    Some(40)
                ),
                (run.id.clone(), warden_protocol::TaskOutcome::Done, Some(30)),
            ]
        );
        assert_eq!(runs[1].detail, "git_pull: done");
        assert!(matches!(
            store
                .finish_task_run("missing", warden_protocol::TaskOutcome::Done, "", 1)
                .await,
            Err(StoreError::NotFound(_))
        ));
    }
);

both_backends!(
    a_delivery_id_is_accepted_once_per_hook,
    |fx: Fixture| async move {
        let store = fx.store;
        store
            .record_hook_delivery("github", "d-1", 10)
            .await
            .unwrap();
        assert!(matches!(
            store.record_hook_delivery("github", "d-1", 11).await,
            Err(StoreError::Conflict(_))
        ));
        store
            .record_hook_delivery("gitlab", "d-1", 12)
            .await
            .unwrap();
    }
);

both_backends!(
    an_api_key_name_is_held_by_one_live_key,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let bob = store.create_user(new_user("bob"), 1).await.unwrap();
        let key = |user: &str, hash: &str, expires_at: Option<i64>| NewApiKey {
            user_id: user.to_owned(),
            name: "ci-deploy".to_owned(),
            prefix: "wdn_abcd".to_owned(),
            key_hash: hash.to_owned(),
            scopes: "read".to_owned(),
            expires_at,
        };
        let first = store
            .create_api_key(key(&alice.id, "h1", None), 10)
            .await
            .unwrap();
        // Another user may not take the name a grant may know the first key by.
        assert!(matches!(
            store.create_api_key(key(&bob.id, "h2", None), 11).await,
            Err(StoreError::Conflict("an API key with this name"))
        ));
        store.revoke_api_key(&first.id, 12).await.unwrap();
        let second = store
            .create_api_key(key(&bob.id, "h3", Some(20)), 13)
            .await
            .unwrap();
        // Expired, the name is free again.
        store
            .create_api_key(key(&alice.id, "h4", None), 21)
            .await
            .unwrap();
        assert_eq!(second.name, "ci-deploy");
    }
);
