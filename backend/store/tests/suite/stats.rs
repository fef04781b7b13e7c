use warden_store::{ApprovalRecord, NewIncident};

use super::Fixture;
use crate::both_backends;

fn approval(id: &str, expires_at: i64) -> ApprovalRecord {
    ApprovalRecord {
        id: id.to_owned(),
        tool: "docker_restart".to_owned(),
        arguments: r#"{"container":"web"}"#.to_owned(),
        arguments_hash: "h".to_owned(),
        risk: warden_protocol::Risk::High,
        rule: "effects.mutating".to_owned(),
        justification: "changes a container".to_owned(),
        actor: r#"{"kind":"monitor"}"#.to_owned(),
        scopes: "execute".to_owned(),
        run_id: None,
        call_id: None,
        status: warden_protocol::ApprovalStatus::Pending,
        created_at: 10,
        expires_at,
        decided_by: None,
        decided_at: None,
        reason: None,
        execution: None,
        outcome: None,
        executed_at: None,
        started_by: None,
    }
}

fn incident(fingerprint: &str) -> NewIncident {
    NewIncident {
        fingerprint: fingerprint.to_owned(),
        kind: warden_protocol::FindingKind::DiskFull,
        target: fingerprint.to_owned(),
        severity: warden_protocol::Severity::Warning,
        summary: "full".to_owned(),
    }
}

both_backends!(
    pending_approvals_and_incidents_by_state_are_counted,
    |fx: Fixture| async move {
        let store = fx.store;
        assert_eq!(store.count_pending_approvals(50).await.unwrap(), 0);
        assert_eq!(store.count_incidents_by_state().await.unwrap(), vec![]);
        store.create_approval(&approval("a1", 100)).await.unwrap();
        store.create_approval(&approval("a2", 100)).await.unwrap();
        store.create_approval(&approval("late", 40)).await.unwrap();
        store
            .decide_approval(
                "a2",
                warden_protocol::ApprovalStatus::Denied,
                "user:alice",
                None,
                20,
            )
            .await
            .unwrap()
            .unwrap();
        // a2 is decided and `late` has run out of time: one still waits.
        assert_eq!(store.count_pending_approvals(50).await.unwrap(), 1);
        let (first, _) = store.open_incident(&incident("/a"), 10).await.unwrap();
        store.open_incident(&incident("/b"), 10).await.unwrap();
        store.open_incident(&incident("/c"), 10).await.unwrap();
        store
            .set_incident_state(&first.id, warden_protocol::IncidentState::Escalated, 11)
            .await
            .unwrap();
        assert_eq!(
            store.count_incidents_by_state().await.unwrap(),
            vec![("escalated".to_owned(), 1), ("open".to_owned(), 2)]
        );
    }
);
