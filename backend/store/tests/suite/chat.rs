use warden_store::{NewMessage, RunStatus, StoreError};

use super::{Fixture, new_user};
use crate::both_backends;

fn user_message(text: &str, run: Option<&str>) -> NewMessage {
    NewMessage {
        role: warden_protocol::Role::User,
        content: text.to_owned(),
        tool_calls: "[]".to_owned(),
        tool_call_id: None,
        tool_name: None,
        run_id: run.map(str::to_owned),
    }
}

both_backends!(
    conversations_belong_to_their_owner,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let bob = store.create_user(new_user("bob"), 1).await.unwrap();
        let first = store
            .create_conversation(&alice.id, "disk", 10)
            .await
            .unwrap();
        let second = store
            .create_conversation(&alice.id, "nginx", 11)
            .await
            .unwrap();
        assert_eq!(
            store.conversation(&alice.id, &first.id).await.unwrap(),
            Some(first.clone())
        );
        assert_eq!(store.conversation(&bob.id, &first.id).await.unwrap(), None);
        let listed: Vec<String> = store
            .list_conversations(&alice.id, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(listed, vec!["nginx".to_owned(), "disk".to_owned()]);
        assert!(
            store
                .list_conversations(&bob.id, 10)
                .await
                .unwrap()
                .is_empty()
        );

        let err = store
            .rename_conversation(&bob.id, &first.id, "mine now", 12)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        store
            .rename_conversation(&alice.id, &first.id, "disk space", 12)
            .await
            .unwrap();
        let err = store
            .delete_conversation(&bob.id, &second.id)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        store
            .delete_conversation(&alice.id, &second.id)
            .await
            .unwrap();
        let listed: Vec<String> = store
            .list_conversations(&alice.id, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(listed, vec!["disk space".to_owned()]);
    }
);

both_backends!(
    messages_runs_and_events_keep_their_order,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let conversation = store.create_conversation(&alice.id, "t", 10).await.unwrap();
        let run = store
            .create_run(&conversation.id, &alice.id, 11)
            .await
            .unwrap();
        store
            .append_message(&conversation.id, user_message("one", Some(&run.id)), 11)
            .await
            .unwrap();
        store
            .append_message(&conversation.id, user_message("two", Some(&run.id)), 11)
            .await
            .unwrap();
        let messages = store.messages(&conversation.id).await.unwrap();
        assert_eq!(
            messages
                .iter()
                .map(|m| (m.position, m.content.as_str()))
                .collect::<Vec<_>>(),
            vec![(1, "one"), (2, "two")]
        );

        for seq in 1..=3 {
            store
                .append_run_event(&run.id, seq, &format!("{{\"n\":{seq}}}"), 12)
                .await
                .unwrap();
        }
        let err = store
            .append_run_event(&run.id, 2, "{}", 12)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Conflict(_)),
            "a sequence number is used once: {err:?}"
        );
        assert_eq!(
            store.run_events(&run.id, 1).await.unwrap(),
            vec![(2, "{\"n\":2}".to_owned()), (3, "{\"n\":3}".to_owned())]
        );

        store.set_run_model(&run.id, "local").await.unwrap();
        store
            .finish_run(&run.id, RunStatus::Complete, Some("done"), None, 13)
            .await
            .unwrap();
        let err = store
            .finish_run(
                &run.id,
                RunStatus::Error,
                None,
                Some(warden_protocol::RunErrorCode::Internal),
                14,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::NotFound(_)),
            "a run finishes once: {err:?}"
        );
        let stored = store.run(&alice.id, &run.id).await.unwrap().unwrap();
        assert_eq!(
            (
                stored.status.as_str(),
                stored.answer.as_deref(),
                stored.model.as_deref()
            ),
            ("complete", Some("done"), Some("local"))
        );

        let left_running = store
            .create_run(&conversation.id, &alice.id, 15)
            .await
            .unwrap();
        assert_eq!(
            store
                .interrupt_running_runs(20, |run, seq| format!(
                    "{{\"end\":\"{run}\",\"seq\":{seq}}}"
                ))
                .await
                .unwrap(),
            1
        );
        let interrupted = store
            .run(&alice.id, &left_running.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(interrupted.status, warden_store::RunStatus::Interrupted);
        assert_eq!(store.runs_of(&conversation.id).await.unwrap().len(), 2);
        store
            .delete_conversation(&alice.id, &conversation.id)
            .await
            .unwrap();
        assert!(
            store.run(&alice.id, &run.id).await.unwrap().is_none(),
            "runs go with their conversation"
        );
    }
);

both_backends!(
    concurrent_writers_all_succeed_in_order,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let conversation = store
            .create_conversation(&alice.id, "busy", 10)
            .await
            .unwrap();
        // Read-then-write transactions racing each other: each must wait its turn, not fail.
        let mut tasks = Vec::new();
        for n in 0..40 {
            let (store, conversation_id, user_id) =
                (store.clone(), conversation.id.clone(), alice.id.clone());
            tasks.push(tokio::spawn(async move {
                store
                    .append_message(&conversation_id, user_message(&format!("m{n}"), None), 11)
                    .await?;
                store
                    .create_session(&user_id, "127.0.0.1", &format!("refresh-{n}"), 11, 1000)
                    .await
                    .map(|_| ())
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let positions: Vec<i64> = store
            .messages(&conversation.id)
            .await
            .unwrap()
            .iter()
            .map(|m| m.position)
            .collect();
        assert_eq!(positions, (1..=40).collect::<Vec<i64>>());
    }
);
