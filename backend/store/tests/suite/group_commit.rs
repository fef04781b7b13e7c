//! The group-committed writes (run events, token usage, audit rows) from many tasks at once: all
//! of them stored exactly once, the audit chain unbroken, and a refused write failing alone.

use warden_store::{NewAuditEntry, NewTokenUsage, RunWrite, StoreError, TokenOwner, TokenTotals};

use super::{Fixture, new_user};
use crate::both_backends;

const RUNS: i64 = 8;
const EVENTS: i64 = 25;

fn usage(run_id: &str, prompt_tokens: u64) -> NewTokenUsage {
    NewTokenUsage {
        run_id: Some(run_id.to_owned()),
        user_id: Some("alice".to_owned()),
        api_key_id: None,
        model: "fast".to_owned(),
        prompt_tokens,
        completion_tokens: 1,
        estimated: false,
    }
}

fn event(seq: i64) -> RunWrite {
    RunWrite::Event {
        seq,
        event: format!("{{\"seq\":{seq}}}"),
    }
}

fn audit_entry(run: i64, seq: i64) -> NewAuditEntry {
    NewAuditEntry {
        at: 5,
        actor: "user:alice".to_owned(),
        event: warden_protocol::AuditEvent::Execution,
        tool: format!("tool-{run}-{seq}"),
        arguments: "{}".to_owned(),
        risk: Some(warden_protocol::Risk::Low),
        route: Some(warden_protocol::Route::Run),
        approval_id: None,
        outcome: warden_protocol::AuditOutcome::Ok,
        detail: String::new(),
        duration_ms: 1,
    }
}

both_backends!(
    concurrent_writes_are_each_stored_once_and_a_refused_one_fails_alone,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let conversation = store.create_conversation(&alice.id, "t", 10).await.unwrap();
        let mut run_ids = Vec::new();
        for _ in 0..RUNS {
            let run = store
                .create_run(&conversation.id, &alice.id, 11)
                .await
                .unwrap();
            run_ids.push(run.id);
        }
        // Every run's writer and a writer repeating sequence numbers, all at once: the repeats
        // land in the same group transactions as the others' rows.
        let mut writers = tokio::task::JoinSet::new();
        for (n, run_id) in run_ids.iter().enumerate() {
            let (store, run_id, n) = (store.clone(), run_id.clone(), n as i64);
            writers.spawn(async move {
                for seq in 1..=EVENTS {
                    store
                        .append_run_event(
                            &run_id,
                            seq,
                            &format!("{{\"run\":{n},\"seq\":{seq}}}"),
                            12,
                        )
                        .await
                        .unwrap();
                    store
                        .record_tokens(
                            &NewTokenUsage {
                                run_id: Some(run_id.clone()),
                                user_id: Some("alice".to_owned()),
                                api_key_id: None,
                                model: "fast".to_owned(),
                                prompt_tokens: 10,
                                completion_tokens: 1,
                                estimated: false,
                            },
                            12,
                        )
                        .await
                        .unwrap();
                    store.append_audit(&audit_entry(n, seq)).await.unwrap();
                }
                Vec::new()
            });
        }
        let (repeater, first_run) = (store.clone(), run_ids[0].clone());
        writers.spawn(async move {
            let mut refused = Vec::new();
            for seq in 1..=EVENTS {
                // Waits for the run's own writer to store `seq`, then repeats it.
                while repeater
                    .run_events(&first_run, seq - 1)
                    .await
                    .unwrap()
                    .is_empty()
                {
                    tokio::task::yield_now().await;
                }
                refused.push(repeater.append_run_event(&first_run, seq, "{}", 12).await);
            }
            refused
        });
        let mut refusals = Vec::new();
        while let Some(done) = writers.join_next().await {
            refusals.extend(done.unwrap());
        }
        assert_eq!(refusals.len(), EVENTS as usize);
        for refusal in refusals {
            assert!(
                matches!(refusal, Err(StoreError::Conflict("run event"))),
                "a stored sequence number is refused by name: {refusal:?}"
            );
        }
        for (n, run_id) in run_ids.iter().enumerate() {
            let expected: Vec<(i64, String)> = (1..=EVENTS)
                .map(|seq| (seq, format!("{{\"run\":{n},\"seq\":{seq}}}")))
                .collect();
            assert_eq!(store.run_events(run_id, 0).await.unwrap(), expected);
            assert_eq!(
                store
                    .tokens_since(TokenOwner::Run(run_id), 0)
                    .await
                    .unwrap(),
                TokenTotals {
                    calls: EVENTS as u64,
                    prompt_tokens: 10 * EVENTS as u64,
                    completion_tokens: EVENTS as u64,
                    estimated_calls: 0,
                }
            );
        }
        assert_eq!(store.verify_audit().await.unwrap(), Ok(RUNS * EVENTS));
        let mut tools: Vec<String> = store
            .list_audit(&warden_store::AuditQuery {
                limit: RUNS * EVENTS + 1,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_iter()
            .map(|record| record.entry.tool)
            .collect();
        tools.sort();
        let mut expected: Vec<String> = (0..RUNS)
            .flat_map(|n| (1..=EVENTS).map(move |seq| format!("tool-{n}-{seq}")))
            .collect();
        expected.sort();
        assert_eq!(tools, expected);
    }
);

both_backends!(
    a_runs_writes_are_stored_in_order_and_the_first_refused_one_is_named,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let conversation = store.create_conversation(&alice.id, "t", 10).await.unwrap();
        let run = store
            .create_run(&conversation.id, &alice.id, 11)
            .await
            .unwrap();
        store
            .record_run(
                &run.id,
                vec![
                    RunWrite::Model("fast".to_owned()),
                    RunWrite::Tokens(usage(&run.id, 10)),
                    event(1),
                    event(2),
                ],
                12,
            )
            .await
            .unwrap();
        // The third write repeats a stored sequence number: the two before it are stored, the
        // two after it are not attempted.
        let failed = store
            .record_run(
                &run.id,
                vec![
                    RunWrite::Tokens(usage(&run.id, 20)),
                    event(3),
                    event(2),
                    event(4),
                    RunWrite::Model("slow".to_owned()),
                ],
                13,
            )
            .await
            .unwrap_err();
        assert_eq!(failed.index, 2);
        assert!(
            matches!(failed.error, StoreError::Conflict("run event")),
            "{:?}",
            failed.error
        );
        let seqs: Vec<i64> = store
            .run_events(&run.id, 0)
            .await
            .unwrap()
            .into_iter()
            .map(|(seq, _)| seq)
            .collect();
        assert_eq!(seqs, vec![1, 2, 3]);
        let totals = store
            .tokens_since(TokenOwner::Run(&run.id), 0)
            .await
            .unwrap();
        assert_eq!((totals.calls, totals.prompt_tokens), (2, 30));
        let stored = store.run(&alice.id, &run.id).await.unwrap().unwrap();
        assert_eq!(stored.model.as_deref(), Some("fast"));
        // The refusal left nothing behind: the run's next writes are stored.
        store
            .record_run(
                &run.id,
                vec![event(4), RunWrite::Model("slow".to_owned())],
                14,
            )
            .await
            .unwrap();
        let stored = store.run(&alice.id, &run.id).await.unwrap().unwrap();
        assert_eq!(stored.model.as_deref(), Some("slow"));
        assert_eq!(store.run_events(&run.id, 3).await.unwrap().len(), 1);
    }
);

both_backends!(
    runs_writing_together_while_audit_rows_are_appended_lose_nothing,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let conversation = store.create_conversation(&alice.id, "t", 10).await.unwrap();
        let mut writers = tokio::task::JoinSet::new();
        let mut run_ids = Vec::new();
        for n in 0..RUNS {
            let run = store
                .create_run(&conversation.id, &alice.id, 11)
                .await
                .unwrap();
            run_ids.push(run.id.clone());
            let (runs, audits) = (store.clone(), store.clone());
            // Each run's steps several writes at once, beside a task appending audit rows:
            // batches of every size and mix, in scripts and in transactions.
            writers.spawn(async move {
                for step in 0..EVENTS {
                    runs.record_run(
                        &run.id,
                        vec![
                            RunWrite::Model(format!("model-{step}")),
                            RunWrite::Tokens(usage(&run.id, 10)),
                            event(2 * step + 1),
                            event(2 * step + 2),
                        ],
                        12,
                    )
                    .await
                    .unwrap();
                }
            });
            writers.spawn(async move {
                for seq in 1..=EVENTS {
                    audits.append_audit(&audit_entry(n, seq)).await.unwrap();
                }
            });
        }
        while let Some(done) = writers.join_next().await {
            done.unwrap();
        }
        for run_id in &run_ids {
            let seqs: Vec<i64> = store
                .run_events(run_id, 0)
                .await
                .unwrap()
                .into_iter()
                .map(|(seq, _)| seq)
                .collect();
            assert_eq!(seqs, (1..=2 * EVENTS).collect::<Vec<_>>());
            let totals = store
                .tokens_since(TokenOwner::Run(run_id), 0)
                .await
                .unwrap();
            assert_eq!(totals.calls, EVENTS as u64);
            let stored = store.run(&alice.id, run_id).await.unwrap().unwrap();
            assert_eq!(stored.model, Some(format!("model-{}", EVENTS - 1)));
        }
        assert_eq!(store.verify_audit().await.unwrap(), Ok(RUNS * EVENTS));
    }
);
