//! Operating the memory: size limits, retention, status, and the index kept in step with
//! writes made by another process.

use warden_memory::{MemoryError, MemoryService, MemorySettings, NewMemory, SourceKind};

use super::{Kind, fixture_with, minilm, note};
use crate::every_backend;

fn learned(owner: &str, content: &str, created_at: Option<i64>) -> NewMemory {
    NewMemory {
        source_kind: SourceKind::Chat,
        created_at,
        ..note(Some(owner), content)
    }
}

every_backend!(limits_and_retention, |kind: Kind| async move {
    let settings = MemorySettings {
        max_per_user: 3,
        max_content_chars: 100,
        retention_days: 30,
        ..MemorySettings::default()
    };
    let fx = fixture_with(kind, minilm(), settings).await;
    let long = "x".repeat(101);
    assert!(matches!(
        fx.memory.store(note(Some(&fx.alice), &long)).await,
        Err(MemoryError::Invalid(m)) if m == "content must be 1 to 100 characters"
    ));
    assert!(matches!(
        fx.memory.store(note(Some(&fx.alice), "  ")).await,
        Err(MemoryError::Invalid(_))
    ));
    let mut tagged = note(Some(&fx.alice), "tags");
    tagged.tags = vec!["has space".to_owned()];
    assert!(matches!(
        fx.memory.store(tagged).await,
        Err(MemoryError::Invalid(_))
    ));

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // An automatic memory past retention, an explicit one as old, and a recent automatic one.
    let expired = fx
        .memory
        .store(learned(
            &fx.alice,
            "the old proxy was squid",
            Some(now - 40 * 86_400),
        ))
        .await
        .unwrap()
        .memory;
    let kept_old = fx
        .memory
        .store(NewMemory {
            created_at: Some(now - 40 * 86_400),
            ..note(Some(&fx.alice), "the rack is in room 2")
        })
        .await
        .unwrap()
        .memory;
    let recent = fx
        .memory
        .store(learned(
            &fx.alice,
            "the printer is on the second floor",
            None,
        ))
        .await
        .unwrap()
        .memory;
    // Full: an explicit memory is refused; an automatic one replaces the oldest automatic one.
    assert!(matches!(
        fx.memory.store(note(Some(&fx.alice), "one more")).await,
        Err(MemoryError::Full(m)) if m == "3 memories is the limit for one user; delete some first"
    ));
    let newer = fx
        .memory
        .store(learned(&fx.alice, "the wifi is called warden-net", None))
        .await
        .unwrap()
        .memory;
    let ids = |memories: Vec<warden_memory::Memory>| {
        memories.into_iter().map(|m| m.id).collect::<Vec<_>>()
    };
    let mut left = ids(fx
        .memory
        .list(Some(&fx.alice), None, None, 10)
        .await
        .unwrap());
    left.sort();
    let mut want = vec![kept_old.id.clone(), recent.id.clone(), newer.id.clone()];
    want.sort();
    assert_eq!(
        left, want,
        "the oldest automatic memory ({}) gave way",
        expired.id
    );
    // Bob's limit is his own.
    fx.memory.store(note(Some(&fx.bob), "bob's")).await.unwrap();

    // Retention: automatic memories past it go; explicit ones stay.
    fx.memory
        .store(learned(
            &fx.bob,
            "an old learned fact",
            Some(now - 31 * 86_400),
        ))
        .await
        .unwrap();
    let upkeep = fx.memory.upkeep().await.unwrap();
    assert_eq!(upkeep.expired, 1);
    assert_eq!(
        fx.memory
            .list(Some(&fx.bob), None, None, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.content)
            .collect::<Vec<_>>(),
        vec!["bob's".to_owned()]
    );
    let status = fx.memory.status().await;
    assert_eq!((status.ok, status.semantic), (true, true), "{status:?}");
});

/// A second process (an import while the server runs) writes to the same database: the first
/// one's index notices at its next upkeep.
#[tokio::test]
async fn the_index_follows_writes_made_by_another_process() {
    let fx = fixture_with(Kind::EmbeddedSqlite, minilm(), MemorySettings::default()).await;
    let other = MemoryService::open(
        fx.store.clone(),
        warden_memory::BackendChoice::Embedded,
        minilm(),
        MemorySettings::default(),
    )
    .await
    .unwrap();
    let written = other
        .store(note(None, "the NAS backup job runs at 02:00"))
        .await
        .unwrap();
    let before = fx.memory.recall(None, "nightly storage backup", 5).await;
    assert_eq!(before.memories.len(), 0);
    let upkeep = fx.memory.upkeep().await.unwrap();
    assert!(upkeep.reloaded);
    let after = fx.memory.recall(None, "nightly storage backup", 5).await;
    assert_eq!(after.memories[0].memory, written.memory);
    assert!(!fx.memory.upkeep().await.unwrap().reloaded);
    let status = fx.memory.status().await;
    assert!(
        status.detail.starts_with(
            "embedded in the database: semantic recall (all-minilm-l6-v2); 1 vectors indexed"
        ),
        "{}",
        status.detail
    );
}
