use warden_protocol::{FindingKind, MemoryKind, MemorySourceKind};
use warden_store::{
    MemoryFilter, NewMemory, RepairOutcome, RunbookProposal, StoreError, StoredVector, VectorRow,
};

use super::{Fixture, new_user};
use crate::both_backends;

fn memory(owner: Option<&str>, content: &str) -> NewMemory {
    NewMemory {
        id: None,
        owner_id: owner.map(str::to_owned),
        kind: MemoryKind::Note,
        content: content.to_owned(),
        tags: "disk".to_owned(),
        created_by: owner.unwrap_or("monitor").to_owned(),
        source_kind: MemorySourceKind::Tool,
        source_ref: None,
        vector: None,
    }
}

both_backends!(
    users_see_their_own_and_shared_memories_only,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let bob = store.create_user(new_user("bob"), 1).await.unwrap();
        store
            .insert_memory(memory(Some(&alice.id), "alice private"), 10)
            .await
            .unwrap();
        store
            .insert_memory(memory(Some(&bob.id), "bob private"), 11)
            .await
            .unwrap();
        let shared = store
            .insert_memory(memory(None, "shared fact"), 12)
            .await
            .unwrap();

        let seen = |viewer: Option<String>| {
            let store = store.clone();
            async move {
                store
                    .visible_memories(viewer.as_deref(), 100)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|m| m.content)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            seen(Some(alice.id.clone())).await,
            vec!["shared fact".to_owned(), "alice private".to_owned()]
        );
        assert_eq!(
            seen(Some(bob.id.clone())).await,
            vec!["shared fact".to_owned(), "bob private".to_owned()]
        );
        assert_eq!(seen(None).await, vec!["shared fact".to_owned()]);
        assert_eq!(
            store
                .visible_memories(Some(&alice.id), 1)
                .await
                .unwrap()
                .len(),
            1
        );

        assert_eq!(
            store.memory_by_id(&shared.id).await.unwrap(),
            Some(shared.clone())
        );
        store.delete_memory(&shared.id).await.unwrap();
        let err = store.delete_memory(&shared.id).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound("memory")), "{err:?}");
    }
);

both_backends!(
    vectors_sources_filters_and_retention,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let bytes: Vec<u8> = [0.5f32, -0.25, 1.0]
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        let with_vector = store
            .insert_memory(
                NewMemory {
                    id: Some("kept-id".to_owned()),
                    source_kind: MemorySourceKind::Chat,
                    source_ref: Some("conversation-1".to_owned()),
                    vector: Some(StoredVector {
                        model: "m1".to_owned(),
                        bytes: bytes.clone(),
                    }),
                    ..memory(Some(&alice.id), "learned")
                },
                100,
            )
            .await
            .unwrap();
        assert_eq!(with_vector.id, "kept-id");
        assert_eq!(with_vector.source_ref.as_deref(), Some("conversation-1"));
        let duplicate = store
            .insert_memory(
                NewMemory {
                    id: Some("kept-id".to_owned()),
                    ..memory(None, "again")
                },
                101,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(duplicate, StoreError::Conflict("memory")),
            "{duplicate:?}"
        );
        let plain = store
            .insert_memory(memory(None, "shared, no vector"), 200)
            .await
            .unwrap();
        assert_eq!(
            store.memory_vectors_after("m1", "", 10).await.unwrap(),
            vec![VectorRow {
                id: "kept-id".to_owned(),
                owner_id: Some(alice.id.clone()),
                bytes: bytes.clone(),
            }]
        );
        assert_eq!(store.count_memory_vectors("m1").await.unwrap(), 1);
        assert_eq!(
            store
                .memories_without_vector("m1", 10)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>(),
            vec![plain.id.clone()]
        );
        // Another model's vectors count as missing.
        assert_eq!(
            store.memories_without_vector("m2", 10).await.unwrap().len(),
            2
        );
        let other = StoredVector {
            model: "m2".to_owned(),
            bytes: bytes.clone(),
        };
        assert!(store.set_memory_vector(&plain.id, &other).await.unwrap());
        assert!(!store.set_memory_vector("gone", &other).await.unwrap());
        assert_eq!(store.memory_vector(&plain.id).await.unwrap(), Some(other));
        assert_eq!(store.memory_vector("gone").await.unwrap(), None);

        let filter = |f: MemoryFilter| {
            let store = store.clone();
            async move {
                store
                    .list_memories(&f, 10)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|m| m.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            filter(MemoryFilter {
                viewer: Some(alice.id.clone()),
                source_kind: Some(MemorySourceKind::Chat),
                source_ref: Some("conversation-1".to_owned()),
                ..MemoryFilter::default()
            })
            .await,
            vec!["kept-id".to_owned()]
        );
        assert_eq!(
            filter(MemoryFilter {
                everyone: true,
                before_id: Some(plain.id.clone()),
                ..MemoryFilter::default()
            })
            .await,
            vec!["kept-id".to_owned()]
        );
        assert_eq!(
            store
                .memories_after(None, 10)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>(),
            {
                let mut ids = vec!["kept-id".to_owned(), plain.id.clone()];
                ids.sort();
                ids
            }
        );
        assert_eq!(store.count_memories(Some(&alice.id)).await.unwrap(), 1);
        assert_eq!(store.count_memories(None).await.unwrap(), 1);
        assert_eq!(
            store
                .oldest_memories(
                    Some(&alice.id),
                    &[MemorySourceKind::Chat, MemorySourceKind::Summary],
                    5
                )
                .await
                .unwrap(),
            vec!["kept-id".to_owned()]
        );
        assert_eq!(
            store
                .oldest_memories(None, &[MemorySourceKind::Chat], 5)
                .await
                .unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            store
                .memories_older_than(&[MemorySourceKind::Chat, MemorySourceKind::Tool], 150, 10)
                .await
                .unwrap(),
            vec!["kept-id".to_owned()]
        );
        let mut found = store
            .memories_by_ids(&["kept-id".to_owned(), plain.id.clone(), "nope".to_owned()])
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.content)
            .collect::<Vec<_>>();
        found.sort();
        assert_eq!(
            found,
            vec!["learned".to_owned(), "shared, no vector".to_owned()]
        );
    }
);

both_backends!(
    many_memories_are_stored_at_once_or_not_at_all,
    |fx: Fixture| async move {
        let store = fx.store;
        let many: Vec<(NewMemory, i64)> = (0..700)
            .map(|i| (memory(None, &format!("memory {i}")), i))
            .collect();
        assert_eq!(store.insert_memories(&many).await.unwrap(), 700);
        assert_eq!(store.count_memories(None).await.unwrap(), 700);
        let newest = store.visible_memories(None, 1).await.unwrap();
        assert_eq!(newest[0].content, "memory 699");
        // One row refused (an id taken): none of the batch is kept.
        let clash = vec![
            (
                NewMemory {
                    id: Some("fresh".to_owned()),
                    ..memory(None, "fresh")
                },
                1,
            ),
            (
                NewMemory {
                    id: Some(newest[0].id.clone()),
                    ..memory(None, "clash")
                },
                1,
            ),
        ];
        let err = store.insert_memories(&clash).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict("memory")), "{err:?}");
        assert_eq!(store.memory_by_id("fresh").await.unwrap(), None);
        assert_eq!(store.count_memories(None).await.unwrap(), 700);
    }
);

both_backends!(
    the_outbox_keeps_writes_in_order_until_done,
    |fx: Fixture| async move {
        let store = fx.store;
        let first = store
            .outbox_push("m", "upsert", "a", "{\"x\":1}", 10)
            .await
            .unwrap();
        let second = store
            .outbox_push("m", "delete", "a", "{}", 10)
            .await
            .unwrap();
        store.outbox_failed(&first, "unreachable").await.unwrap();
        let pending = store.outbox_pending(10).await.unwrap();
        assert_eq!(
            pending
                .iter()
                .map(|e| (e.id.clone(), e.op.clone(), e.attempts, e.last_error.clone()))
                .collect::<Vec<_>>(),
            vec![
                (
                    first.clone(),
                    "upsert".to_owned(),
                    1,
                    Some("unreachable".to_owned())
                ),
                (second.clone(), "delete".to_owned(), 0, None),
            ]
        );
        assert_eq!(store.outbox_len().await.unwrap(), 2);
        store.outbox_done(&first).await.unwrap();
        assert_eq!(store.outbox_pending(10).await.unwrap()[0].id, second);
        assert_eq!(store.outbox_len().await.unwrap(), 1);
    }
);

fn outcome(fingerprint: &str, target: &str, held: bool, at: i64) -> RepairOutcome {
    RepairOutcome {
        id: String::new(),
        fingerprint: fingerprint.to_owned(),
        kind: FindingKind::ContainerExited,
        target: target.to_owned(),
        incident_id: format!("incident-{at}"),
        fix_key: "key-start".to_owned(),
        steps: "[{\"tool\":\"docker_start\",\"arguments\":{\"container\":\"{target}\"}}]"
            .to_owned(),
        summary: format!("{target} exited: fixed by docker_start"),
        held,
        at,
    }
}

both_backends!(
    repair_outcomes_become_proposals_decided_once,
    |fx: Fixture| async move {
        let store = fx.store;
        store
            .record_repair_outcome(&outcome("container_exited:web", "web", true, 10))
            .await
            .unwrap();
        store
            .record_repair_outcome(&outcome("container_exited:web", "web", false, 20))
            .await
            .unwrap();
        store
            .record_repair_outcome(&outcome("container_exited:db", "db", true, 30))
            .await
            .unwrap();
        let web = store
            .repair_outcomes_for("container_exited:web", 10)
            .await
            .unwrap();
        assert_eq!(
            web.iter().map(|o| (o.at, o.held)).collect::<Vec<_>>(),
            vec![(20, false), (10, true)]
        );
        assert_eq!(
            store
                .held_repairs_of_kind(FindingKind::ContainerExited, 10)
                .await
                .unwrap()
                .iter()
                .map(|o| o.target.as_str())
                .collect::<Vec<_>>(),
            vec!["db", "web"]
        );
        assert_eq!(
            store
                .fix_record(FindingKind::ContainerExited, "key-start")
                .await
                .unwrap(),
            (2, 1)
        );
        assert_eq!(
            store
                .fix_record(FindingKind::DiskFull, "key-start")
                .await
                .unwrap(),
            (0, 0)
        );

        let proposal = RunbookProposal {
            id: String::new(),
            kind: FindingKind::ContainerExited,
            fix_key: "key-start".to_owned(),
            steps: web[0].steps.clone(),
            summary: "for container_exited incidents: docker_start".to_owned(),
            held_count: 2,
            state: warden_protocol::RunbookState::Proposed,
            proposed_at: 40,
            decided_by: None,
            decided_at: None,
            reason: None,
        };
        let (made, new) = store.propose_runbook(&proposal).await.unwrap();
        assert!(new);
        let (again, new_again) = store
            .propose_runbook(&RunbookProposal {
                held_count: 3,
                ..proposal.clone()
            })
            .await
            .unwrap();
        assert!(!new_again);
        assert_eq!((again.id.clone(), again.held_count), (made.id.clone(), 3));
        assert_eq!(
            store
                .runbook_proposals(Some(warden_protocol::RunbookState::Proposed))
                .await
                .unwrap(),
            vec![again.clone()]
        );
        assert_eq!(
            store
                .accepted_runbooks(FindingKind::ContainerExited)
                .await
                .unwrap(),
            vec![]
        );
        assert!(
            store
                .decide_runbook(
                    &made.id,
                    warden_protocol::RunbookState::Accepted,
                    "ops",
                    Some("seen it work"),
                    50
                )
                .await
                .unwrap()
        );
        assert!(
            !store
                .decide_runbook(
                    &made.id,
                    warden_protocol::RunbookState::Rejected,
                    "ops",
                    None,
                    51
                )
                .await
                .unwrap()
        );
        assert!(
            !store
                .decide_runbook(
                    "nope",
                    warden_protocol::RunbookState::Accepted,
                    "ops",
                    None,
                    51
                )
                .await
                .unwrap()
        );
        let accepted = store
            .accepted_runbooks(FindingKind::ContainerExited)
            .await
            .unwrap();
        assert_eq!(
            accepted
                .iter()
                .map(|p| (
                    p.state.as_str(),
                    p.decided_by.as_deref(),
                    p.decided_at,
                    p.reason.as_deref()
                ))
                .collect::<Vec<_>>(),
            vec![("accepted", Some("ops"), Some(50), Some("seen it work"))]
        );
        // Once accepted, its count no longer moves.
        let (after, _) = store
            .propose_runbook(&RunbookProposal {
                held_count: 9,
                ..proposal
            })
            .await
            .unwrap();
        assert_eq!(after.held_count, 3);
        assert_eq!(store.runbook_proposal(&made.id).await.unwrap(), Some(after));
        assert_eq!(
            store
                .runbook_proposals(Some(warden_protocol::RunbookState::Proposed))
                .await
                .unwrap(),
            vec![]
        );
    }
);

both_backends!(
    idle_conversations_wait_for_a_summary_until_summarised,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let old = store
            .create_conversation(&alice.id, "old", 100)
            .await
            .unwrap();
        let fresh = store
            .create_conversation(&alice.id, "fresh", 1000)
            .await
            .unwrap();
        let waiting = |at: i64| {
            let store = store.clone();
            async move {
                store
                    .conversations_to_summarise(at, 10)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|c| c.title)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(waiting(500).await, vec!["old".to_owned()]);
        assert_eq!(
            waiting(2000).await,
            vec!["old".to_owned(), "fresh".to_owned()]
        );
        store
            .mark_summarised(&old.id, old.updated_at)
            .await
            .unwrap();
        assert_eq!(waiting(2000).await, vec!["fresh".to_owned()]);
        store
            .mark_summarised(&fresh.id, fresh.updated_at)
            .await
            .unwrap();
        assert_eq!(waiting(2000).await, Vec::<String>::new());
    }
);
