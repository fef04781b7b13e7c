//! Export and import: every memory moves to the other backend with its id, owner, time and
//! source, and is recalled there; importing again changes nothing.

use warden_memory::{BackendChoice, Cursor, ExportRecord, Imported, MemoryService, MemorySettings};

use super::{Kind, chroma_url, fixture, minilm, note, unique_prefix};
use crate::every_backend;

async fn export_all(memory: &MemoryService, vectors: bool) -> Vec<ExportRecord> {
    let mut cursor = Cursor::Start;
    let mut all = Vec::new();
    while cursor != Cursor::Done {
        // Small pages: the paging itself is under test.
        let (page, next) = memory.export_page(&cursor, 2, vectors).await.unwrap();
        all.extend(page);
        cursor = next;
    }
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all
}

every_backend!(
    memories_move_to_the_other_backend,
    |kind: Kind| async move {
        let fx = fixture(kind).await;
        let mut learned = note(Some(&fx.alice), "the NAS backup job runs at 02:00");
        learned.source_kind = warden_memory::SourceKind::Chat;
        learned.source_ref = Some("conversation-9".to_owned());
        learned.tags = vec!["learned".to_owned()];
        fx.memory.store(learned).await.unwrap();
        fx.memory
            .store(note(Some(&fx.bob), "bob's printer is hp-3"))
            .await
            .unwrap();
        fx.memory
            .store(note(None, "the proxy is caddy"))
            .await
            .unwrap();
        fx.memory
            .store(note(None, "the wiki is at wiki.lan"))
            .await
            .unwrap();
        fx.memory
            .store(note(None, "builds run on forge"))
            .await
            .unwrap();
        let exported = export_all(&fx.memory, true).await;
        assert_eq!(exported.len(), 5);
        assert!(exported.iter().all(|r| {
            r.vector
                .as_ref()
                .is_some_and(|v| v.model == "all-minilm-l6-v2" && v.values.len() == 384)
        }));

        // To the other backend, over the same database (its users).
        let other = match kind {
            Kind::Chroma => BackendChoice::Embedded,
            Kind::EmbeddedSqlite | Kind::EmbeddedPostgres => BackendChoice::Chroma {
                url: chroma_url(),
                prefix: unique_prefix(),
            },
        };
        let target =
            MemoryService::open(fx.store.clone(), other, minilm(), MemorySettings::default())
                .await
                .unwrap();
        for record in exported.clone() {
            assert_eq!(target.import(record).await.unwrap(), Imported::Stored);
        }
        let mut moved = export_all(&target, false).await;
        let without_vectors: Vec<ExportRecord> = exported
            .iter()
            .cloned()
            .map(|mut r| {
                r.vector = None;
                r
            })
            .collect();
        moved.iter_mut().for_each(|r| r.vector = None);
        assert_eq!(moved, without_vectors);
        let recall = target
            .recall(
                Some(&fx.alice),
                "when does the nightly storage backup happen?",
                1,
            )
            .await;
        assert_eq!(
            recall.memories[0].memory.content,
            "the NAS backup job runs at 02:00"
        );
        assert_eq!(
            recall.memories[0].memory.source_ref.as_deref(),
            Some("conversation-9")
        );
        // Again: everything is there already.
        for record in exported {
            assert_eq!(target.import(record).await.unwrap(), Imported::Exists);
        }
        let mut bad = without_vectors[0].clone();
        bad.id = "new-id".to_owned();
        bad.kind = "opinion".to_owned();
        assert_eq!(
            target.import(bad).await.unwrap_err().to_string(),
            "'opinion' is not a memory kind"
        );
    }
);
