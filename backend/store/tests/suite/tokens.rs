use warden_store::{ApprovalRecord, NewTokenUsage, TokenOwner, TokenTotals};

use super::Fixture;
use crate::both_backends;

fn usage(run: &str, user: &str, key: Option<&str>, prompt: u64, completion: u64) -> NewTokenUsage {
    NewTokenUsage {
        run_id: Some(run.to_owned()),
        user_id: Some(user.to_owned()),
        api_key_id: key.map(str::to_owned),
        model: "fast".to_owned(),
        prompt_tokens: prompt,
        completion_tokens: completion,
        estimated: key.is_some(),
    }
}

both_backends!(
    token_usage_sums_per_run_user_and_key_over_a_window,
    |fx: Fixture| async move {
        let store = fx.store;
        store
            .record_tokens(&usage("r1", "alice", None, 100, 10), 1000)
            .await
            .unwrap();
        store
            .record_tokens(&usage("r1", "alice", None, 200, 20), 1001)
            .await
            .unwrap();
        store
            .record_tokens(&usage("r2", "alice", Some("k1"), 50, 5), 2000)
            .await
            .unwrap();
        store
            .record_tokens(&usage("r3", "bob", None, 7, 1), 2000)
            .await
            .unwrap();
        assert_eq!(
            store.tokens_since(TokenOwner::Run("r1"), 0).await.unwrap(),
            TokenTotals {
                calls: 2,
                prompt_tokens: 300,
                completion_tokens: 30,
                estimated_calls: 0
            }
        );
        assert_eq!(
            store
                .tokens_since(TokenOwner::User("alice"), 0)
                .await
                .unwrap()
                .total(),
            385,
            "a user's usage includes their keys'"
        );
        assert_eq!(
            store
                .tokens_since(TokenOwner::User("alice"), 1500)
                .await
                .unwrap(),
            TokenTotals {
                calls: 1,
                prompt_tokens: 50,
                completion_tokens: 5,
                estimated_calls: 1
            }
        );
        assert_eq!(
            store
                .tokens_since(TokenOwner::ApiKey("k1"), 0)
                .await
                .unwrap()
                .total(),
            55
        );
        assert_eq!(
            store
                .tokens_since(TokenOwner::User("nobody"), 0)
                .await
                .unwrap(),
            TokenTotals::default()
        );
    }
);

fn approval(id: &str, run: Option<&str>, status: &str, execution: Option<&str>) -> ApprovalRecord {
    ApprovalRecord {
        id: id.to_owned(),
        tool: "run_command".to_owned(),
        arguments: r#"{"command":"touch /tmp/x"}"#.to_owned(),
        arguments_hash: "h".to_owned(),
        risk: warden_protocol::Risk::High,
        rule: "r".to_owned(),
        justification: "j".to_owned(),
        actor: r#"{"kind":"monitor"}"#.to_owned(),
        scopes: "execute".to_owned(),
        run_id: run.map(str::to_owned),
        call_id: Some(format!("call-{id}")),
        status: status.parse().unwrap(),
        created_at: 10,
        expires_at: 10_000,
        decided_by: None,
        decided_at: None,
        reason: None,
        execution: execution.map(|e| e.parse().unwrap()),
        outcome: None,
        executed_at: None,
        started_by: None,
    }
}

both_backends!(
    a_runs_unrun_approvals_are_withdrawn_together,
    |fx: Fixture| async move {
        let store = fx.store;
        for record in [
            approval("pending", Some("run-1"), "pending", None),
            approval("approved", Some("run-1"), "approved", None),
            approval("running", Some("run-1"), "approved", Some("running")),
            approval("denied", Some("run-1"), "denied", None),
            approval("other-run", Some("run-2"), "pending", None),
            approval("no-run", None, "pending", None),
        ] {
            store.create_approval(&record).await.unwrap();
        }
        let mut withdrawn: Vec<String> = store
            .withdraw_run_approvals("run-1", 50)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        withdrawn.sort();
        assert_eq!(withdrawn, vec!["approved", "pending"]);
        let statuses: Vec<(String, String)> = store
            .approvals_of_run("run-1")
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.id, r.status.as_str().to_owned()))
            .collect();
        assert_eq!(statuses.len(), 4);
        assert!(
            statuses.contains(&("running".to_owned(), "approved".to_owned())),
            "an execution under way is not withdrawn"
        );
        assert!(statuses.contains(&("denied".to_owned(), "denied".to_owned())));
        assert!(
            !store
                .claim_approval_execution("approved", 60)
                .await
                .unwrap(),
            "a withdrawn approval never runs"
        );
        assert_eq!(
            store
                .withdraw_unrun_approval("other-run", 70)
                .await
                .unwrap()
                .map(|r| r.status),
            Some(warden_protocol::ApprovalStatus::Withdrawn)
        );
        assert_eq!(
            store
                .withdraw_unrun_approval("other-run", 71)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .get_approval("no-run")
                .await
                .unwrap()
                .map(|r| r.status),
            Some(warden_protocol::ApprovalStatus::Pending)
        );
    }
);
