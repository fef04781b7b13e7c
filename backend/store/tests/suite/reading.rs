//! What people read on both engines: the audit log's filters (routine reads hidden, actors by
//! prefix, wildcards as plain text), incident history by time, state and severity with counts
//! per target and acknowledgements, a target's repairs forgotten, conversation search, and
//! where an approval came from.

use warden_store::{
    ACKNOWLEDGED, AuditQuery, IncidentQuery, NewAuditEntry, NewIncident, NewMessage,
};

use super::{Fixture, new_user};
use crate::both_backends;

fn row(actor: &str, tool: &str, risk: &str, event: &str, outcome: &str, at: i64) -> NewAuditEntry {
    NewAuditEntry {
        at,
        actor: actor.to_owned(),
        event: event.parse().unwrap(),
        tool: tool.to_owned(),
        arguments: "{}".to_owned(),
        risk: Some(risk.parse().unwrap()),
        route: Some(warden_protocol::Route::Run),
        approval_id: None,
        outcome: outcome.parse().unwrap(),
        detail: String::new(),
        duration_ms: 1,
    }
}

both_backends!(
    audit_filters_hide_routine_reads_and_match_actors_by_prefix,
    |fx: Fixture| async move {
        let store = fx.store;
        let rows = [
            row("monitor", "docker_ps", "low", "decision", "run", 10),
            row("monitor", "docker_ps", "low", "execution", "ok", 11),
            // A probe that failed is not routine; a restart never is, even when low.
            row(
                "monitor",
                "disk_usage",
                "low",
                "execution",
                "unavailable",
                12,
            ),
            row("monitor", "docker_restart", "low", "execution", "ok", 13),
            row("monitor:model", "docker_logs", "low", "execution", "ok", 14),
            row("user:a_b", "system_info", "low", "execution", "ok", 15),
            row("user:axb", "file_write", "high", "execution", "denied", 16),
        ];
        for r in &rows {
            store.append_audit(r).await.unwrap();
        }
        let seqs = |query: AuditQuery| {
            let store = store.clone();
            async move {
                store
                    .list_audit(&AuditQuery {
                        limit: 100,
                        ..query
                    })
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| r.seq)
                    .collect::<Vec<i64>>()
            }
        };
        assert_eq!(seqs(AuditQuery::default()).await, vec![7, 6, 5, 4, 3, 2, 1]);
        assert_eq!(
            seqs(AuditQuery {
                hide_routine: true,
                ..Default::default()
            })
            .await,
            vec![7, 6, 5, 4, 3]
        );
        let actor = |a: &str| AuditQuery {
            actor: Some(a.to_owned()),
            ..Default::default()
        };
        assert_eq!(seqs(actor("monitor")).await, vec![5, 4, 3, 2, 1]);
        assert_eq!(seqs(actor("user")).await, vec![7, 6]);
        // `_` is a character, not a wildcard.
        assert_eq!(seqs(actor("user:a_b")).await, vec![6]);
        assert_eq!(seqs(actor("user:a")).await, Vec::<i64>::new());
        assert_eq!(
            seqs(AuditQuery {
                risk: Some(warden_protocol::Risk::High),
                ..Default::default()
            })
            .await,
            vec![7]
        );
        assert_eq!(
            seqs(AuditQuery {
                outcome: Some(warden_protocol::AuditOutcome::Ok),
                since: Some(12),
                until: Some(15),
                ..Default::default()
            })
            .await,
            vec![6, 5, 4]
        );
    }
);

fn incident(fingerprint: &str, severity: &str) -> NewIncident {
    NewIncident {
        fingerprint: fingerprint.to_owned(),
        kind: warden_protocol::FindingKind::Alert,
        target: fingerprint.trim_start_matches("alert:").to_owned(),
        severity: severity.parse().unwrap(),
        summary: format!("{fingerprint} fires"),
    }
}

both_backends!(
    incident_history_filters_counts_acknowledges_and_forgets_repairs,
    |fx: Fixture| async move {
        let store = fx.store;
        // web flaps: opened at 100, 200 and 300, the first two resolved soon after.
        let mut web = Vec::new();
        for at in [100, 200, 300] {
            let (opened, _) = store
                .open_incident(&incident("alert:web", "critical"), at)
                .await
                .unwrap();
            if at < 300 {
                store
                    .set_incident_state(
                        &opened.id,
                        warden_protocol::IncidentState::Resolved,
                        at + 10,
                    )
                    .await
                    .unwrap();
            }
            web.push(opened.id);
        }
        let (db, _) = store
            .open_incident(&incident("alert:db", "warning"), 250)
            .await
            .unwrap();
        let ids = |found: Vec<warden_store::IncidentRecord>| {
            let mut ids: Vec<String> = found.into_iter().map(|i| i.id).collect();
            ids.sort();
            ids
        };
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let query = |q: IncidentQuery| IncidentQuery { limit: 100, ..q };
        assert_eq!(
            ids(store
                .incident_history(&query(IncidentQuery::default()))
                .await
                .unwrap())
            .len(),
            4
        );
        assert_eq!(
            ids(store
                .incident_history(&query(IncidentQuery {
                    state: Some(warden_protocol::IncidentState::Resolved),
                    ..Default::default()
                }))
                .await
                .unwrap()),
            sorted(web[..2].to_vec())
        );
        assert_eq!(
            ids(store
                .incident_history(&query(IncidentQuery {
                    severity: Some(warden_protocol::Severity::Warning),
                    ..Default::default()
                }))
                .await
                .unwrap()),
            vec![db.id.clone()]
        );
        // Live at some moment of 205..260: the second web incident (closed at 210), db (opened
        // at 250); not the first (closed at 110) nor the third (opened at 300).
        assert_eq!(
            ids(store
                .incident_history(&query(IncidentQuery {
                    since: Some(205),
                    until: Some(260),
                    ..Default::default()
                }))
                .await
                .unwrap()),
            sorted(vec![web[1].clone(), db.id.clone()])
        );
        let counts: Vec<(String, i64, i64)> = store
            .incident_counts(None, None, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.target, t.incidents, t.last_opened_at))
            .collect();
        assert_eq!(
            counts,
            vec![("web".to_owned(), 3, 300), ("db".to_owned(), 1, 250)]
        );
        assert_eq!(
            store
                .incident_counts(Some(150), Some(299), 10)
                .await
                .unwrap()
                .len(),
            2
        );

        store
            .add_incident_event(&web[2], ACKNOWLEDGED, "user:ann", 310)
            .await
            .unwrap();
        store
            .add_incident_event(&web[2], ACKNOWLEDGED, "user:bob", 320)
            .await
            .unwrap();
        let acks = store
            .acknowledgements(&[web[2].clone(), db.id.clone()])
            .await
            .unwrap();
        assert_eq!(acks.len(), 1);
        assert_eq!(
            (acks[&web[2]].by.as_str(), acks[&web[2]].at),
            ("user:bob", 320)
        );

        store.record_repair("web", &web[2], 301).await.unwrap();
        store.record_repair("web", &web[2], 302).await.unwrap();
        store.record_repair("db", &db.id, 302).await.unwrap();
        assert_eq!(store.forget_repairs("web").await.unwrap(), 2);
        assert_eq!(store.repairs_since("web", 0).await.unwrap(), (0, None));
        assert_eq!(store.repairs_since("db", 0).await.unwrap().0, 1);
    }
);

both_backends!(
    conversations_are_searched_and_approvals_know_where_they_came_from,
    |fx: Fixture| async move {
        let store = fx.store;
        let owner = store.create_user(new_user("ann"), 1).await.unwrap();
        let other = store.create_user(new_user("bob"), 1).await.unwrap();
        let disks = store
            .create_conversation(&owner.id, "Disk check", 10)
            .await
            .unwrap();
        let memory = store
            .create_conversation(&owner.id, "Memory", 11)
            .await
            .unwrap();
        store
            .create_conversation(&other.id, "Disk check too", 12)
            .await
            .unwrap();
        let message = |role: &str, content: &str| NewMessage {
            role: role.parse().unwrap(),
            content: content.to_owned(),
            tool_calls: "[]".to_owned(),
            tool_call_id: None,
            tool_name: None,
            run_id: None,
        };
        store
            .append_message(&memory.id, message("user", "Why is 100% of SWAP used?"), 13)
            .await
            .unwrap();
        store
            .append_message(&memory.id, message("tool", "secret tool output"), 14)
            .await
            .unwrap();
        let found = |q: &'static str| {
            let store = store.clone();
            let owner = owner.id.clone();
            async move {
                store
                    .search_conversations(&owner, q, 10)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|c| c.title)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(found("disk").await, vec!["Disk check"]);
        assert_eq!(found("swap").await, vec!["Memory"]);
        assert_eq!(found("100%").await, vec!["Memory"]);
        assert_eq!(found("%").await, vec!["Memory"], "a literal percent sign");
        assert_eq!(
            found("tool output").await,
            Vec::<String>::new(),
            "tool results are not searched"
        );

        let run = store.create_run(&disks.id, &owner.id, 20).await.unwrap();
        let mut asked = warden_store::ApprovalRecord {
            id: "from-chat".to_owned(),
            tool: "file_write".to_owned(),
            arguments: "{}".to_owned(),
            arguments_hash: "h".to_owned(),
            risk: warden_protocol::Risk::High,
            rule: "effects.mutating".to_owned(),
            justification: "writes".to_owned(),
            actor: r#"{"kind":"monitor"}"#.to_owned(),
            scopes: "write".to_owned(),
            run_id: Some(run.id.clone()),
            call_id: None,
            status: warden_protocol::ApprovalStatus::Pending,
            created_at: 20,
            expires_at: 1000,
            decided_by: None,
            decided_at: None,
            reason: None,
            execution: None,
            outcome: None,
            executed_at: None,
            started_by: None,
        };
        store.create_approval(&asked).await.unwrap();
        asked.id = "from-incident".to_owned();
        asked.run_id = None;
        store.create_approval(&asked).await.unwrap();
        let (opened, _) = store
            .open_incident(&incident("alert:web", "critical"), 30)
            .await
            .unwrap();
        store
            .add_incident_event(
                &opened.id,
                warden_protocol::IncidentEventKind::Approval,
                "from-incident",
                31,
            )
            .await
            .unwrap();
        let links = store
            .approval_links(&[
                "from-chat".to_owned(),
                "from-incident".to_owned(),
                "unknown".to_owned(),
            ])
            .await
            .unwrap();
        assert_eq!(links.len(), 2);
        assert_eq!(
            (
                links["from-chat"].conversation_id.as_deref(),
                links["from-chat"].incident_id.as_deref()
            ),
            (Some(disks.id.as_str()), None)
        );
        assert_eq!(
            (
                links["from-incident"].conversation_id.as_deref(),
                links["from-incident"].incident_id.as_deref()
            ),
            (None, Some(opened.id.as_str()))
        );
    }
);
