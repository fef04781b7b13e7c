use warden_store::{NewMemory, StoreError};

use super::{Fixture, new_user};
use crate::both_backends;

fn memory(owner: Option<&str>, content: &str) -> NewMemory {
    NewMemory {
        owner_id: owner.map(str::to_owned),
        kind: "note".to_owned(),
        content: content.to_owned(),
        tags: "disk".to_owned(),
        created_by: owner.unwrap_or("monitor").to_owned(),
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
