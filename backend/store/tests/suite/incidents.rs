use warden_store::{NewIncident, SweepRecord};

use super::Fixture;
use crate::both_backends;

fn incident(fingerprint: &str, severity: &str) -> NewIncident {
    NewIncident {
        fingerprint: fingerprint.to_owned(),
        kind: warden_protocol::FindingKind::ContainerExited,
        target: "web".to_owned(),
        severity: severity.parse().unwrap(),
        summary: "container web exited with code 3".to_owned(),
    }
}

both_backends!(
    one_live_incident_per_fingerprint_with_a_timeline,
    |fx: Fixture| async move {
        let store = fx.store;
        let (first, opened) = store
            .open_incident(&incident("container_exited:web", "warning"), 10)
            .await
            .unwrap();
        assert!(opened);
        let (again, opened) = store
            .open_incident(&incident("container_exited:web", "critical"), 11)
            .await
            .unwrap();
        assert!(!opened, "the same fingerprint adds an occurrence");
        assert_eq!(
            (again.id.clone(), again.occurrences, again.severity.as_str()),
            (first.id.clone(), 2, "critical")
        );
        // Concurrent openers of a new fingerprint still make one incident.
        let mut openers = Vec::new();
        for _ in 0..10 {
            let store = store.clone();
            openers.push(tokio::spawn(async move {
                store
                    .open_incident(&incident("disk_full:/data", "warning"), 12)
                    .await
                    .unwrap()
            }));
        }
        let mut ids = Vec::new();
        for opener in openers {
            ids.push(opener.await.unwrap().0.id);
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "{ids:?}");
        assert_eq!(
            store
                .live_incident("disk_full:/data")
                .await
                .unwrap()
                .unwrap()
                .occurrences,
            10
        );

        for (kind, detail) in [
            ("detected", "exited"),
            ("action", "docker_restart"),
            ("verification", "running"),
        ] {
            store
                .add_incident_event(&first.id, kind.parse().unwrap(), detail, 20)
                .await
                .unwrap();
        }
        store
            .set_incident_state(&first.id, warden_protocol::IncidentState::Resolved, 21)
            .await
            .unwrap();
        let (closed, events) = store.incident(&first.id).await.unwrap().unwrap();
        assert_eq!(
            (closed.state.as_str(), closed.closed_at),
            ("resolved", Some(21))
        );
        assert_eq!(
            events
                .iter()
                .map(|e| (e.seq, e.kind.as_str()))
                .collect::<Vec<_>>(),
            vec![(1, "detected"), (2, "action"), (3, "verification")]
        );
        // Closed: the fingerprint opens a new incident.
        let (new, opened) = store
            .open_incident(&incident("container_exited:web", "critical"), 30)
            .await
            .unwrap();
        assert!(opened && new.id != first.id);
        let escalated = store
            .list_incidents(Some(warden_protocol::IncidentState::Resolved), 10)
            .await
            .unwrap();
        assert_eq!(escalated.len(), 1);
        assert_eq!(store.live_incidents().await.unwrap().len(), 2);

        store.record_repair("web", &new.id, 100).await.unwrap();
        store.record_repair("web", &new.id, 130).await.unwrap();
        store.record_repair("db", &new.id, 131).await.unwrap();
        assert_eq!(
            store.repairs_since("web", 100).await.unwrap(),
            (2, Some(130))
        );
        assert_eq!(
            store.repairs_since("web", 101).await.unwrap(),
            (1, Some(130))
        );
        assert_eq!(store.repairs_since("nothing", 0).await.unwrap(), (0, None));
    }
);

both_backends!(
    a_renamed_containers_incident_and_repairs_follow_it,
    |fx: Fixture| async move {
        let store = fx.store;
        let (live, _) = store
            .open_incident(&incident("container_exited:web", "critical"), 10)
            .await
            .unwrap();
        store.record_repair("web", &live.id, 11).await.unwrap();
        store.record_repair("web", &live.id, 12).await.unwrap();
        // `docker rename web web-old`.
        assert!(
            store
                .retarget_incident(&live.id, "container_exited:web-old", "web-old", 13)
                .await
                .unwrap()
        );
        assert_eq!(store.retarget_repairs("web", "web-old").await.unwrap(), 2);
        let moved = store
            .live_incident("container_exited:web-old")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (moved.id.as_str(), moved.target.as_str(), moved.updated_at),
            (live.id.as_str(), "web-old", 13)
        );
        assert!(
            store
                .live_incident("container_exited:web")
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            store.repairs_since("web-old", 0).await.unwrap(),
            (2, Some(12))
        );
        assert_eq!(store.repairs_since("web", 0).await.unwrap(), (0, None));
        // A new container named `web` opens its own incident; the renamed one's stays apart,
        // and cannot be moved onto it.
        let (fresh, opened) = store
            .open_incident(&incident("container_exited:web", "critical"), 14)
            .await
            .unwrap();
        assert!(opened && fresh.id != live.id);
        assert!(matches!(
            store
                .retarget_incident(&live.id, "container_exited:web", "web", 15)
                .await,
            Err(warden_store::StoreError::Conflict(_))
        ));
        // A closed incident is history: it is not moved.
        store
            .set_incident_state(&fresh.id, warden_protocol::IncidentState::Resolved, 16)
            .await
            .unwrap();
        assert!(
            !store
                .retarget_incident(&fresh.id, "container_exited:db", "db", 17)
                .await
                .unwrap()
        );
    }
);

both_backends!(
    sweeps_are_kept_as_history_and_pruned,
    |fx: Fixture| async move {
        let store = fx.store;
        for at in [100, 200, 300] {
            store
                .record_sweep(&SweepRecord {
                    id: format!("s{at}"),
                    at,
                    trigger: "interval".to_owned(),
                    status: warden_protocol::SweepStatus::Ok,
                    readings: "{}".to_owned(),
                    duration_ms: 5,
                })
                .await
                .unwrap();
        }
        assert_eq!(
            store
                .sweeps_since(150, 10)
                .await
                .unwrap()
                .iter()
                .map(|s| s.at)
                .collect::<Vec<_>>(),
            vec![200, 300]
        );
        assert_eq!(store.latest_sweep().await.unwrap().map(|s| s.at), Some(300));
        assert_eq!(store.prune_sweeps(250).await.unwrap(), 2);
        assert_eq!(store.sweeps_since(0, 10).await.unwrap().len(), 1);
    }
);

both_backends!(
    a_live_incident_this_build_cannot_read_does_not_hide_the_others,
    |fx: Fixture| async move {
        let store = fx.store;
        let (readable, _) = store
            .open_incident(&incident("container_exited:web", "critical"), 10)
            .await
            .unwrap();
        let (unreadable, _) = store
            .open_incident(&incident("container_exited:db", "critical"), 11)
            .await
            .unwrap();
        // A state a newer build wrote, as someone with the database would see it.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&fx.url).await.unwrap();
        sqlx::query("UPDATE incidents SET state = 'quarantined' WHERE id = $1")
            .bind(&unreadable.id)
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let live = store.live_incidents().await.unwrap();
        assert_eq!(
            live.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            [readable.id.as_str()]
        );
    }
);

both_backends!(
    an_incident_is_never_seen_closed_without_its_closing_entries,
    |fx: Fixture| async move {
        let store = fx.store;
        for round in 0..20 {
            let fingerprint = format!("container_exited:web{round}");
            let (open, _) = store
                .open_incident(&incident(&fingerprint, "warning"), 10)
                .await
                .unwrap();
            // A reader polls the incident while it is closed; whenever it sees it closed,
            // the closing entries are there too.
            let reader = {
                let store = store.clone();
                let id = open.id.clone();
                tokio::spawn(async move {
                    loop {
                        let (record, events) = store.incident(&id).await.unwrap().unwrap();
                        if record.state.is_closed() {
                            return events
                                .iter()
                                .map(|e| e.kind.as_str().to_owned())
                                .collect::<Vec<_>>();
                        }
                        tokio::task::yield_now().await;
                    }
                })
            };
            tokio::task::yield_now().await;
            store
                .advance_incident(
                    &open.id,
                    &[
                        ("verification".parse().unwrap(), "running"),
                        ("outcome".parse().unwrap(), "resolved"),
                    ],
                    warden_protocol::IncidentState::Resolved,
                    20,
                )
                .await
                .unwrap();
            assert_eq!(
                reader.await.unwrap(),
                vec!["verification".to_owned(), "outcome".to_owned()],
                "round {round}"
            );
        }
        let (closed, events) = store
            .incident(&store.list_incidents(None, 1).await.unwrap()[0].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                closed.closed_at,
                events.iter().map(|e| e.seq).collect::<Vec<_>>()
            ),
            (Some(20), vec![1, 2])
        );
    }
);
