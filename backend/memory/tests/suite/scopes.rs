//! Scopes: no user sees another's private memories, in any backend; shared ones are deleted
//! only by those who may share.

use warden_memory::MemoryError;

use super::{Kind, fixture, note};
use crate::every_backend;

every_backend!(
    users_never_see_each_others_private_memories,
    |kind: Kind| async move {
        let fx = fixture(kind).await;
        let alice = fx
            .memory
            .store(note(
                Some(&fx.alice),
                "my VPN password rotates on the first Monday",
            ))
            .await
            .unwrap()
            .memory;
        let bob = fx
            .memory
            .store(note(Some(&fx.bob), "the build server is in rack 4"))
            .await
            .unwrap()
            .memory;
        let shared = fx
            .memory
            .store(note(None, "the VPN concentrator is vpn-1"))
            .await
            .unwrap()
            .memory;
        let recalled = fx
            .memory
            .recall(Some(&fx.bob), "when does the VPN password rotate?", 10)
            .await;
        let ids: Vec<&str> = recalled
            .memories
            .iter()
            .map(|s| s.memory.id.as_str())
            .collect();
        assert!(!ids.contains(&alice.id.as_str()), "{ids:?}");
        assert!(ids.contains(&shared.id.as_str()), "{ids:?}");
        let listed: Vec<String> = fx
            .memory
            .list(Some(&fx.bob), None, None, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(listed, vec![shared.id.clone(), bob.id.clone()]);
        // Another user's memory does not exist, as far as bob can tell.
        assert!(matches!(
            fx.memory.get(Some(&fx.bob), &alice.id).await,
            Err(MemoryError::NotFound(_))
        ));
        assert!(matches!(
            fx.memory.delete(Some(&fx.bob), true, &alice.id).await,
            Err(MemoryError::NotFound(_))
        ));
        assert!(matches!(
            fx.memory.get(Some(&fx.bob), "../../etc/passwd").await,
            Err(MemoryError::NotFound(_))
        ));
        // Shared knowledge is deleted only by those who may share.
        assert!(matches!(
            fx.memory.delete(Some(&fx.bob), false, &shared.id).await,
            Err(MemoryError::Forbidden(_))
        ));
        let deleted = fx
            .memory
            .delete(Some(&fx.bob), true, &shared.id)
            .await
            .unwrap();
        assert_eq!(deleted.memory, shared);
        assert!(matches!(
            fx.memory.get(Some(&fx.alice), &shared.id).await,
            Err(MemoryError::NotFound(_))
        ));
        assert_eq!(
            fx.memory.get(Some(&fx.alice), &alice.id).await.unwrap(),
            alice
        );
        let after = fx
            .memory
            .recall(Some(&fx.alice), "VPN concentrator", 10)
            .await;
        assert!(after.memories.iter().all(|s| s.memory.id != shared.id));
    }
);
