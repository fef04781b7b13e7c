//! Recall with the real MiniLM: a paraphrase is found first, in every backend.

use warden_memory::{RecallMethod, Scored};

use super::{Kind, fixture, note};
use crate::every_backend;

fn contents(found: &[Scored]) -> Vec<String> {
    found.iter().map(|s| s.memory.content.clone()).collect()
}

const DISTRACTORS: &[&str] = &[
    "nginx reloads need a config test first",
    "the staging database runs PostgreSQL 15 on db-2",
    "disk alerts on /var are noisy at night",
    "the GPU box is called forge and has two A100s",
    "restart the proxy after every certificate renewal",
];

every_backend!(a_paraphrase_is_found_first, |kind: Kind| async move {
    let fx = fixture(kind).await;
    for text in DISTRACTORS {
        fx.memory.store(note(Some(&fx.alice), text)).await.unwrap();
    }
    let nas = fx
        .memory
        .store(note(None, "the NAS backup job runs at 02:00"))
        .await
        .unwrap();
    assert_eq!(nas.note, None);
    let recall = fx
        .memory
        .recall(
            Some(&fx.alice),
            "when does the nightly storage backup happen?",
            3,
        )
        .await;
    assert_eq!(recall.method, RecallMethod::Semantic);
    assert_eq!(recall.note, None);
    assert_eq!(
        recall.memories[0].memory,
        nas.memory,
        "{:?}",
        contents(&recall.memories)
    );
    assert!(
        recall.memories[0].score > 0.4,
        "{}",
        recall.memories[0].score
    );
    // Unrelated questions bring back nothing above the relevance floor.
    let unrelated = fx
        .memory
        .recall(Some(&fx.alice), "what is the capital of Peru?", 5)
        .await;
    assert_eq!(contents(&unrelated.memories), Vec::<String>::new());
    // Newest first when listing; the monitor (no user) sees the shared memory only.
    let listed = fx
        .memory
        .list(Some(&fx.alice), None, None, 2)
        .await
        .unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|m| m.content.as_str())
            .collect::<Vec<_>>(),
        vec!["the NAS backup job runs at 02:00", DISTRACTORS[4]]
    );
    let next = fx
        .memory
        .list(Some(&fx.alice), None, Some(listed[1].id.clone()), 2)
        .await
        .unwrap();
    assert_eq!(
        next.iter().map(|m| m.content.as_str()).collect::<Vec<_>>(),
        vec![DISTRACTORS[3], DISTRACTORS[2]]
    );
    let monitor = fx.memory.recall(None, "nightly storage backup", 5).await;
    assert_eq!(
        contents(&monitor.memories),
        vec!["the NAS backup job runs at 02:00".to_owned()]
    );
});
