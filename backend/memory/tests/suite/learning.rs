//! Learning from chat, in English and French: stored private, with their source, redacted,
//! once.

use warden_memory::{Kind as MemoryKind, SourceKind};

use super::{Kind, fixture};
use crate::every_backend;

/// Kind, content, source, source reference and owner of a learned memory.
type Seen = (
    MemoryKind,
    String,
    SourceKind,
    Option<String>,
    Option<String>,
);

every_backend!(
    facts_and_preferences_stated_in_chat_are_learned_once,
    |kind: Kind| async move {
        let fx = fixture(kind).await;
        let message = "Remember that the NAS backup job runs at 02:00. Je préfère les réponses courtes. \
                   N'oublie pas que le mot de passe de sauvegarde est password=hunter2. How full is /var?";
        let learned = fx
            .memory
            .learn_from_chat(&fx.alice, message, "conversation-1")
            .await;
        let got: Vec<Seen> = learned
            .iter()
            .map(|s| {
                (
                    s.memory.kind,
                    s.memory.content.clone(),
                    s.memory.source_kind,
                    s.memory.source_ref.clone(),
                    s.memory.owner_id.clone(),
                )
            })
            .collect();
        let alice = Some(fx.alice.clone());
        let chat = SourceKind::Chat;
        let from = Some("conversation-1".to_owned());
        assert_eq!(
            got,
            vec![
                (
                    MemoryKind::Fact,
                    "The NAS backup job runs at 02:00".to_owned(),
                    chat,
                    from.clone(),
                    alice.clone()
                ),
                (
                    MemoryKind::Preference,
                    "Je préfère les réponses courtes".to_owned(),
                    chat,
                    from.clone(),
                    alice.clone()
                ),
                (
                    MemoryKind::Fact,
                    "Le mot de passe de sauvegarde est password=[redacted]".to_owned(),
                    chat,
                    from,
                    alice
                ),
            ]
        );
        // Said again: nothing new.
        let again = fx
            .memory
            .learn_from_chat(&fx.alice, message, "conversation-2")
            .await;
        assert_eq!(again.len(), 0);
        // Private: bob's agent does not recall them.
        let bob = fx.memory.recall(Some(&fx.bob), "NAS backup time", 5).await;
        assert_eq!(bob.memories.len(), 0);
        let alice_recall = fx
            .memory
            .recall(Some(&fx.alice), "les réponses courtes", 1)
            .await;
        assert_eq!(
            alice_recall.memories[0].memory.content,
            "Je préfère les réponses courtes"
        );
        // A question teaches nothing.
        assert_eq!(
            fx.memory
                .learn_from_chat(&fx.alice, "Do you remember that the NAS is full?", "c")
                .await
                .len(),
            0
        );
    }
);
