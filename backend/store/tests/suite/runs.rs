//! A run's beginning and end, each all or nothing; interrupted runs get their terminal event;
//! and on a disk that fills up, failed transactions name the cause and never poison the pool.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use warden_store::{
    NewMessage, RunConversation, RunEnding, RunStatus, Store, StoreError, Unavailable,
};

use super::{Fixture, new_user};
use crate::both_backends;

fn assistant(text: &str, run: &str) -> NewMessage {
    NewMessage {
        role: warden_protocol::Role::Assistant,
        content: text.to_owned(),
        tool_calls: "[]".to_owned(),
        tool_call_id: None,
        tool_name: None,
        run_id: Some(run.to_owned()),
    }
}

fn ending(status: RunStatus, answer: Option<&str>, messages: Vec<NewMessage>) -> RunEnding {
    RunEnding {
        status,
        answer: answer.map(str::to_owned),
        error_code: None,
        messages,
        seq: 2,
        event: "{\"type\":\"complete\"}".to_owned(),
    }
}

/// (role, content) of a conversation's messages.
async fn contents(store: &Store, conversation_id: &str) -> Vec<(String, String)> {
    store
        .messages(conversation_id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.role.as_str().to_owned(), m.content))
        .collect()
}

both_backends!(
    a_long_turn_is_stored_whole_and_in_order,
    |fx: Fixture| async move {
        // More messages than one INSERT carries, with tool fields: every one kept, in order, at
        // consecutive positions after the user's message, each field where it belongs.
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let run = store
            .begin_run(
                &alice.id,
                RunConversation::New { title: "long" },
                "check everything",
                |_, _| "{}".to_owned(),
                10,
            )
            .await
            .unwrap();
        let turn: Vec<NewMessage> = (0..150)
            .map(|n| NewMessage {
                role: warden_protocol::Role::Tool,
                content: format!("result {n}"),
                tool_calls: "[]".to_owned(),
                tool_call_id: Some(format!("call-{n}")),
                tool_name: (n % 2 == 0).then(|| "file_info".to_owned()),
                run_id: Some(run.id.clone()),
            })
            .collect();
        store
            .end_run(
                &run.id,
                &run.conversation_id,
                &ending(RunStatus::Complete, Some("done"), turn),
                11,
            )
            .await
            .unwrap();
        let messages = store.messages(&run.conversation_id).await.unwrap();
        assert_eq!(messages.len(), 151);
        for (n, message) in messages.iter().skip(1).enumerate() {
            assert_eq!(message.position, n as i64 + 2);
            assert_eq!(message.content, format!("result {n}"));
            assert_eq!(
                message.tool_call_id.as_deref(),
                Some(format!("call-{n}").as_str())
            );
            assert_eq!(message.tool_name.is_some(), n % 2 == 0);
            assert_eq!(message.run_id.as_deref(), Some(run.id.as_str()));
            assert_eq!(message.created_at, 11);
        }
    }
);

both_backends!(
    runs_number_their_messages_after_the_conversations_last,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let first = store
            .begin_run(
                &alice.id,
                RunConversation::New { title: "disk" },
                "how full is the disk?",
                |_, _| "{}".to_owned(),
                10,
            )
            .await
            .unwrap();
        let conversation = first.conversation_id.clone();
        let three = |run: &str| {
            vec![
                assistant("checking", run),
                assistant("still checking", run),
                assistant("half full", run),
            ]
        };
        store
            .end_run(
                &first.id,
                &conversation,
                &ending(RunStatus::Complete, Some("half full"), three(&first.id)),
                11,
            )
            .await
            .unwrap();
        // The second run continues the conversation: its message and its three answers take
        // the positions after the first run's, in order, and the conversation is touched.
        let second = store
            .begin_run(
                &alice.id,
                RunConversation::Existing(&conversation),
                "and now?",
                |_, _| "{}".to_owned(),
                20,
            )
            .await
            .unwrap();
        store
            .end_run(
                &second.id,
                &conversation,
                &ending(RunStatus::Complete, Some("half full"), three(&second.id)),
                21,
            )
            .await
            .unwrap();
        let messages = store.messages(&conversation).await.unwrap();
        assert_eq!(
            messages.iter().map(|m| m.position).collect::<Vec<_>>(),
            (1..=8).collect::<Vec<i64>>()
        );
        assert_eq!(
            messages
                .iter()
                .map(|m| m.content.as_str())
                .collect::<Vec<_>>(),
            [
                "how full is the disk?",
                "checking",
                "still checking",
                "half full",
                "and now?",
                "checking",
                "still checking",
                "half full"
            ]
        );
        let touched = store
            .conversation(&alice.id, &conversation)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(touched.updated_at, 21);
    }
);

both_backends!(
    a_run_begins_and_ends_all_or_nothing,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let run = store
            .begin_run(
                &alice.id,
                RunConversation::New { title: "disk" },
                "how full is the disk?",
                |run, conversation| format!("{{\"run\":\"{run}\",\"in\":\"{conversation}\"}}"),
                10,
            )
            .await
            .unwrap();
        assert_eq!(
            (run.status.as_str(), run.owner_id.as_str()),
            ("running", alice.id.as_str())
        );
        let conversation = store
            .conversation(&alice.id, &run.conversation_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(conversation.title, "disk");
        assert_eq!(
            store.run_events(&run.id, 0).await.unwrap(),
            vec![(
                1,
                format!("{{\"run\":\"{}\",\"in\":\"{}\"}}", run.id, conversation.id)
            )]
        );
        assert_eq!(
            contents(&store, &conversation.id).await,
            vec![("user".to_owned(), "how full is the disk?".to_owned())]
        );

        // A terminal event that cannot be stored (its sequence number is taken) leaves the run
        // running and its messages unwritten.
        let mut clash = ending(
            RunStatus::Complete,
            Some("half"),
            vec![assistant("half", &run.id)],
        );
        clash.seq = 1;
        let err = store
            .end_run(&run.id, &conversation.id, &clash, 11)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict("run event")), "{err:?}");
        let stored = store.run(&alice.id, &run.id).await.unwrap().unwrap();
        assert_eq!((stored.status.as_str(), stored.answer), ("running", None));
        assert_eq!(contents(&store, &conversation.id).await.len(), 1);

        let done = ending(
            RunStatus::Complete,
            Some("half full"),
            vec![assistant("half full", &run.id)],
        );
        store
            .end_run(&run.id, &conversation.id, &done, 12)
            .await
            .unwrap();
        let stored = store.run(&alice.id, &run.id).await.unwrap().unwrap();
        assert_eq!(
            (
                stored.status.as_str(),
                stored.answer.as_deref(),
                stored.finished_at
            ),
            ("complete", Some("half full"), Some(12))
        );
        assert_eq!(
            contents(&store, &conversation.id).await,
            vec![
                ("user".to_owned(), "how full is the disk?".to_owned()),
                ("assistant".to_owned(), "half full".to_owned())
            ]
        );
        assert_eq!(
            store.run_events(&run.id, 1).await.unwrap(),
            vec![(2, "{\"type\":\"complete\"}".to_owned())]
        );
        // Ended once only.
        let again = store
            .end_run(&run.id, &conversation.id, &done, 13)
            .await
            .unwrap_err();
        assert!(
            matches!(again, StoreError::NotFound("running run")),
            "{again:?}"
        );

        // A second run in the same conversation.
        let second = store
            .begin_run(
                &alice.id,
                RunConversation::Existing(&conversation.id),
                "and now?",
                |_, _| "{}".to_owned(),
                14,
            )
            .await
            .unwrap();
        assert_eq!(second.conversation_id, conversation.id);
        assert_eq!(contents(&store, &conversation.id).await.len(), 3);
        store.check_writable(15).await.unwrap();
    }
);

both_backends!(
    interrupted_runs_get_their_terminal_event,
    |fx: Fixture| async move {
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let begin = |message: &'static str| {
            let store = store.clone();
            let owner = alice.id.clone();
            async move {
                store
                    .begin_run(
                        &owner,
                        RunConversation::New { title: message },
                        message,
                        |_, _| "{\"type\":\"run_started\"}".to_owned(),
                        10,
                    )
                    .await
                    .unwrap()
            }
        };
        let (cut, quiet, finished) = (
            begin("cut").await,
            begin("quiet").await,
            begin("done").await,
        );
        for seq in 2..=4 {
            store
                .append_run_event(&cut.id, seq, "{\"type\":\"thinking\"}", 11)
                .await
                .unwrap();
        }
        store
            .end_run(
                &finished.id,
                &finished.conversation_id,
                &ending(RunStatus::Complete, Some("ok"), Vec::new()),
                12,
            )
            .await
            .unwrap();

        let count = store
            .interrupt_running_runs(20, |run, seq| {
                format!("{{\"end\":\"{run}\",\"seq\":{seq}}}")
            })
            .await
            .unwrap();
        assert_eq!(count, 2);
        for (run, last) in [(&cut, 5), (&quiet, 2)] {
            let stored = store.run(&alice.id, &run.id).await.unwrap().unwrap();
            assert_eq!(
                (
                    stored.status.as_str(),
                    stored.error_code.map(warden_protocol::RunErrorCode::as_str),
                    stored.finished_at
                ),
                ("interrupted", Some("interrupted"), Some(20))
            );
            assert_eq!(
                store.run_events(&run.id, last - 1).await.unwrap(),
                vec![(last, format!("{{\"end\":\"{}\",\"seq\":{last}}}", run.id))]
            );
        }
        assert_eq!(store.run_events(&finished.id, 0).await.unwrap().len(), 2);
        assert_eq!(
            store
                .interrupt_running_runs(30, |_, _| "{}".to_owned())
                .await
                .unwrap(),
            0
        );
    }
);

/// A tmpfs mounted for one test, unmounted (lazily: the pool may still hold files) on every
/// exit path.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(path: &Path, options: &str) -> Self {
        std::fs::create_dir_all(path).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "mounting a tmpfs needs root: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Self(path.to_owned())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("--lazy").arg(&self.0).output();
    }
}

/// Writes a file until the filesystem refuses; returns its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 64 * 1024];
    while file.write_all(&block).is_ok() {}
    while file.write_all(&[0]).is_ok() {}
    path
}

fn assert_cause(err: &StoreError, cause: Unavailable) {
    assert_eq!(err.unavailable(), Some(cause), "{err:?}");
    assert!(
        err.to_string().contains(cause.describe()),
        "the message names the cause: {err}"
    );
}

#[tokio::test]
async fn sqlite_on_a_full_disk_names_the_cause_and_recovers_every_connection() {
    let root = tempfile::tempdir().unwrap();
    let disk = Tmpfs::mount(&root.path().join("disk"), "size=4m");
    let url = format!("sqlite://{}?mode=rwc", disk.0.join("warden.db").display());
    let store = Store::connect(&url).await.unwrap();
    let alice = store.create_user(new_user("alice"), 1).await.unwrap();
    let conversation = store
        .create_conversation(&alice.id, "full", 2)
        .await
        .unwrap();
    let filler = fill(&disk.0);

    // Transactions (BEGIN IMMEDIATE ... COMMIT) and single statements fail, naming the disk,
    // from many pooled connections at once.
    let attempts: Vec<_> = (0..16)
        .map(|n| {
            let (store, run_owner) = (store.clone(), alice.id.clone());
            tokio::spawn(async move {
                let err = store
                    .begin_run(
                        &run_owner,
                        RunConversation::New { title: "t" },
                        &"x".repeat(20_000 + n),
                        |_, _| "{}".to_owned(),
                        3,
                    )
                    .await
                    .unwrap_err();
                assert_cause(&err, Unavailable::DiskFull);
            })
        })
        .collect();
    for attempt in attempts {
        attempt.await.unwrap();
    }
    let err = store.check_writable(3).await.unwrap_err();
    assert_cause(&err, Unavailable::DiskFull);
    // Reads still work.
    assert_eq!(store.messages(&conversation.id).await.unwrap(), Vec::new());

    // Space returns: every write works again on every connection, without reconnecting.
    std::fs::remove_file(filler).unwrap();
    store.check_writable(4).await.unwrap();
    let writes: Vec<_> = (0..32)
        .map(|_| {
            let (store, owner) = (store.clone(), alice.id.clone());
            tokio::spawn(async move {
                store
                    .begin_run(
                        &owner,
                        RunConversation::New { title: "t" },
                        "after",
                        |_, _| "{}".to_owned(),
                        5,
                    )
                    .await
            })
        })
        .collect();
    for write in writes {
        write.await.unwrap().unwrap();
    }
    assert_eq!(
        store
            .list_conversations(&alice.id, 100)
            .await
            .unwrap()
            .len(),
        33
    );
    store.close().await;
}

#[tokio::test]
async fn sqlite_on_a_read_only_mount_cannot_open_and_says_so() {
    let root = tempfile::tempdir().unwrap();
    let disk = Tmpfs::mount(&root.path().join("ro"), "size=1m,ro");
    let url = format!("sqlite://{}?mode=rwc", disk.0.join("warden.db").display());
    let err = Store::connect(&url).await.err().unwrap();
    assert_cause(&err, Unavailable::CannotOpen);
}

both_backends!(
    ending_a_run_that_is_not_running_is_not_found_and_writes_nothing,
    |fx: Fixture| async move {
        // Whatever else the ending carries: an unknown run, a run that ended (with another
        // sequence for its event), a run whose conversation was deleted under it.
        let store = fx.store;
        let alice = store.create_user(new_user("alice"), 1).await.unwrap();
        let run = store
            .begin_run(
                &alice.id,
                RunConversation::New { title: "disk" },
                "how full is the disk?",
                |_, _| "{}".to_owned(),
                10,
            )
            .await
            .unwrap();
        let conversation = run.conversation_id.clone();
        for messages in [vec![], vec![assistant("ghost", "no-such-run")]] {
            let err = store
                .end_run(
                    "no-such-run",
                    &conversation,
                    &ending(RunStatus::Complete, Some("x"), messages),
                    11,
                )
                .await
                .unwrap_err();
            assert!(
                matches!(err, StoreError::NotFound("running run")),
                "{err:?}"
            );
        }
        store
            .end_run(
                &run.id,
                &conversation,
                &ending(RunStatus::Complete, Some("half"), vec![]),
                12,
            )
            .await
            .unwrap();
        for messages in [vec![], vec![assistant("again", &run.id)]] {
            let mut again = ending(RunStatus::Error, None, messages);
            again.seq = 3;
            let err = store
                .end_run(&run.id, &conversation, &again, 13)
                .await
                .unwrap_err();
            assert!(
                matches!(err, StoreError::NotFound("running run")),
                "{err:?}"
            );
        }
        assert_eq!(
            store.run_events(&run.id, 1).await.unwrap(),
            vec![(2, "{\"type\":\"complete\"}".to_owned())],
            "no event after the terminal one"
        );
        let stored = store.run(&alice.id, &run.id).await.unwrap().unwrap();
        assert_eq!(
            (stored.status.as_str(), stored.finished_at),
            ("complete", Some(12))
        );
        assert_eq!(contents(&store, &conversation).await.len(), 1);

        let orphan = store
            .begin_run(
                &alice.id,
                RunConversation::New { title: "gone" },
                "still there?",
                |_, _| "{}".to_owned(),
                20,
            )
            .await
            .unwrap();
        store
            .delete_conversation(&alice.id, &orphan.conversation_id)
            .await
            .unwrap();
        for messages in [vec![], vec![assistant("late", &orphan.id)]] {
            let err = store
                .end_run(
                    &orphan.id,
                    &orphan.conversation_id,
                    &ending(RunStatus::Complete, Some("late"), messages),
                    21,
                )
                .await
                .unwrap_err();
            assert!(
                matches!(err, StoreError::NotFound("running run")),
                "{err:?}"
            );
        }
        store.check_writable(22).await.unwrap();
    }
);
