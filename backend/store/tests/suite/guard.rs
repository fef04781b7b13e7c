use warden_store::{ApprovalRecord, DecideRefusal, NewAuditEntry, Store};

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

both_backends!(
    approvals_are_decided_once_expire_and_execute_once,
    |fx: Fixture| async move {
        let store = fx.store;
        store.create_approval(&approval("a1", 100)).await.unwrap();
        store.create_approval(&approval("a2", 100)).await.unwrap();
        store.create_approval(&approval("a3", 1000)).await.unwrap();
        let approved = store
            .decide_approval(
                "a1",
                warden_protocol::ApprovalStatus::Approved,
                "user:alice",
                Some("ok"),
                50,
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (approved.status.as_str(), approved.decided_by.as_deref()),
            ("approved", Some("user:alice"))
        );
        match store
            .decide_approval(
                "a1",
                warden_protocol::ApprovalStatus::Denied,
                "user:bob",
                None,
                51,
            )
            .await
            .unwrap()
        {
            Err(DecideRefusal::Settled(record)) => {
                assert_eq!(record.status, warden_protocol::ApprovalStatus::Approved)
            }
            other => panic!("second decision took: {other:?}"),
        }
        match store
            .decide_approval(
                "a2",
                warden_protocol::ApprovalStatus::Approved,
                "user:alice",
                None,
                100,
            )
            .await
            .unwrap()
        {
            Err(DecideRefusal::Expired(record)) => {
                assert_eq!(
                    (record.id.as_str(), record.status.as_str()),
                    ("a2", "pending")
                )
            }
            other => panic!("an expired approval was decided: {other:?}"),
        }
        // The refusal leaves the expiry to the guard's path, which expires it through the store.
        let expired = store.expire_approvals(100).await.unwrap();
        assert_eq!(
            expired
                .iter()
                .map(|a| (a.id.as_str(), a.status.as_str()))
                .collect::<Vec<_>>(),
            vec![("a2", "expired")]
        );
        assert_eq!(
            store
                .decide_approval(
                    "nope",
                    warden_protocol::ApprovalStatus::Approved,
                    "u",
                    None,
                    1
                )
                .await
                .unwrap(),
            Err(DecideRefusal::NotFound)
        );
        let withdrawn = store.withdraw_approval("a3", 60).await.unwrap().unwrap();
        assert_eq!(withdrawn.status, warden_protocol::ApprovalStatus::Withdrawn);
        assert!(store.withdraw_approval("a3", 61).await.unwrap().is_none());

        assert_eq!(store.unclaimed_approved().await.unwrap().len(), 1);
        assert!(store.claim_approval_execution("a1", 70).await.unwrap());
        assert!(
            !store.claim_approval_execution("a1", 71).await.unwrap(),
            "claimed once"
        );
        assert!(
            !store.claim_approval_execution("a2", 71).await.unwrap(),
            "not approved"
        );
        assert!(store.unclaimed_approved().await.unwrap().is_empty());
        assert_eq!(store.interrupt_running_executions().await.unwrap(), 1);
        let listed = store
            .list_approvals(Some(warden_protocol::ApprovalStatus::Expired), 10)
            .await
            .unwrap();
        assert_eq!(
            listed.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            vec!["a2"]
        );
    }
);

fn entry(tool: &str, outcome: &str) -> NewAuditEntry {
    NewAuditEntry {
        at: 5,
        actor: "user:alice".to_owned(),
        event: warden_protocol::AuditEvent::Execution,
        tool: tool.to_owned(),
        arguments: "{}".to_owned(),
        risk: Some(warden_protocol::Risk::Low),
        route: Some(warden_protocol::Route::Run),
        approval_id: None,
        outcome: outcome.parse().unwrap(),
        detail: String::new(),
        duration_ms: 3,
    }
}

async fn tamper(store: &Store, url: &str, sql: &str) {
    // A second connection, as someone with the database file would edit it.
    let _ = store;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

both_backends!(
    the_audit_chain_verifies_and_detects_edits_and_deletions,
    |fx: Fixture| async move {
        let store = fx.store;
        assert_eq!(store.verify_audit().await.unwrap(), Ok(0));
        let mut writers = Vec::new();
        for i in 0..20 {
            let store = store.clone();
            writers.push(tokio::spawn(async move {
                store
                    .append_audit(&entry(&format!("tool{i}"), "ok"))
                    .await
                    .unwrap()
            }));
        }
        for writer in writers {
            writer.await.unwrap();
        }
        assert_eq!(
            store.verify_audit().await.unwrap(),
            Ok(20),
            "concurrent appends keep one chain"
        );
        let page = store
            .list_audit(&warden_store::AuditQuery {
                tool: Some("tool3".to_owned()),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(page.len(), 1);

        tamper(
            &store,
            &fx.url,
            "UPDATE audit_log SET outcome = 'failed' WHERE seq = 7",
        )
        .await;
        let broken = store.verify_audit().await.unwrap().unwrap_err();
        assert_eq!(broken.seq, 7);
        assert!(broken.reason.contains("edited"), "{}", broken.reason);

        tamper(
            &store,
            &fx.url,
            "UPDATE audit_log SET outcome = 'ok' WHERE seq = 7",
        )
        .await;
        assert_eq!(store.verify_audit().await.unwrap(), Ok(20));
        tamper(&store, &fx.url, "DELETE FROM audit_log WHERE seq = 12").await;
        let broken = store.verify_audit().await.unwrap().unwrap_err();
        assert_eq!(broken.seq, 12);
        assert!(broken.reason.contains("missing"), "{}", broken.reason);
    }
);

/// Two rows as a build before the audit fields were typed wrote them (a tool call's decision and
/// a task run, whose risk and route are empty), with the hashes that build computed.
const OLD_ROWS: &str = "INSERT INTO audit_log (seq, at, actor, event, tool, arguments, risk, route, approval_id, outcome, detail, duration_ms, prev_hash, hash) VALUES \
    (1, 1700000000, 'user:alice', 'decision', 'docker_restart', '{\"container\":\"web\"}', 'high', 'approval', NULL, 'approval', 'restart: changes the system', 0, \
     '0000000000000000000000000000000000000000000000000000000000000000', '123aea8d642ae617113285bf1ead788135f524a7203f1e285fc799da20e334b1'), \
    (2, 1700000005, 'schedule', 'task_run', 'task:nightly', '{}', '', '', NULL, 'started', 'run r1 as user:ops', 0, \
     '123aea8d642ae617113285bf1ead788135f524a7203f1e285fc799da20e334b1', '60beb2601ec0fad3782d99605188a86a9b03f93493aa345e00094dc19b316edb')";

both_backends!(
    an_audit_chain_written_before_the_fields_were_typed_still_verifies,
    |fx: Fixture| async move {
        use warden_protocol::{AuditEvent, AuditOutcome, Risk, Route};
        let store = fx.store;
        tamper(&store, &fx.url, OLD_ROWS).await;
        assert_eq!(store.verify_audit().await.unwrap(), Ok(2));

        // The typed rows read back hash to the very bytes the old build hashed.
        let mut rows = store
            .list_audit(&warden_store::AuditQuery {
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        rows.reverse();
        let decision = NewAuditEntry {
            at: 1_700_000_000,
            actor: "user:alice".to_owned(),
            event: AuditEvent::Decision,
            tool: "docker_restart".to_owned(),
            arguments: "{\"container\":\"web\"}".to_owned(),
            risk: Some(Risk::High),
            route: Some(Route::Approval),
            approval_id: None,
            outcome: AuditOutcome::Approval,
            detail: "restart: changes the system".to_owned(),
            duration_ms: 0,
        };
        let task_run = NewAuditEntry {
            at: 1_700_000_005,
            actor: "schedule".to_owned(),
            event: AuditEvent::TaskRun,
            tool: "task:nightly".to_owned(),
            arguments: "{}".to_owned(),
            risk: None,
            route: None,
            approval_id: None,
            outcome: AuditOutcome::Started,
            detail: "run r1 as user:ops".to_owned(),
            duration_ms: 0,
        };
        assert_eq!(
            rows.iter().map(|r| r.entry.clone()).collect::<Vec<_>>(),
            vec![decision.clone(), task_run.clone()]
        );
        assert_eq!(
            warden_store::audit_hash(warden_store::GENESIS_HASH, 1, &decision),
            rows[0].hash
        );
        assert_eq!(
            warden_store::audit_hash(&rows[0].hash, 2, &task_run),
            rows[1].hash
        );

        // This build appends to the old chain, and the whole of it verifies.
        store
            .append_audit(&entry("disk_usage", "ok"))
            .await
            .unwrap();
        assert_eq!(store.verify_audit().await.unwrap(), Ok(3));

        // A spelling this build does not know: verification still walks the stored text (the
        // edit breaks the hash), and reading the row is an error naming the column and value.
        tamper(
            &store,
            &fx.url,
            "UPDATE audit_log SET outcome = 'mystery' WHERE seq = 2",
        )
        .await;
        let broken = store.verify_audit().await.unwrap().unwrap_err();
        assert_eq!(broken.seq, 2);
        let error = store
            .list_audit(&warden_store::AuditQuery {
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("'mystery' is not a known value of outcome"),
            "{error}"
        );
    }
);

both_backends!(
    two_processes_appending_to_one_audit_chain_keep_it_whole,
    |fx: Fixture| async move {
        // A second store on the same database, as the CLI or a second server would open it:
        // each writer's idea of where the chain ends goes stale when the other appends.
        let other = Store::connect(&fx.url).await.unwrap();
        let mut seqs = Vec::new();
        for i in 0..6 {
            let store = if i % 3 == 2 { &other } else { &fx.store };
            let record = store
                .append_audit(&entry(&format!("tool{i}"), "ok"))
                .await
                .unwrap();
            seqs.push(record.seq);
        }
        assert_eq!(
            seqs,
            vec![1, 2, 3, 4, 5, 6],
            "every append takes the next seq"
        );
        assert_eq!(fx.store.verify_audit().await.unwrap(), Ok(6));
        let listed = fx
            .store
            .list_audit(&warden_store::AuditQuery {
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(listed.len(), 6, "no append was lost");
    }
);
