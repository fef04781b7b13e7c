//! ChromaDB stopped (killed) and restarted mid-test, with Warden restarted in between: the writes
//! made while it was down wait in the outbox and are replayed, in order, when it answers again.
//! Nothing is lost, and reads say why they could not be served meanwhile.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use warden_memory::{BackendChoice, MemoryError, MemoryService, MemorySettings, RecallMethod};

use super::{minilm, note, store, unique_prefix, user};

/// The `chroma` program: `WARDEN_TEST_CHROMA_BIN`, else the venv `services.sh` installs.
fn chroma_bin() -> PathBuf {
    let bin = std::env::var("WARDEN_TEST_CHROMA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"));
            cache.join("warden/chroma-venv/bin/chroma")
        });
    assert!(
        bin.exists(),
        "no chroma program at {}: run `tests/scripts/services.sh start chroma` (make test does)",
        bin.display()
    );
    bin
}

/// A ChromaDB server of this test's own, on its own port and directory.
struct Chroma {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<tokio::process::Child>,
}

impl Chroma {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut chroma = Chroma {
            port,
            dir: tempfile::tempdir().unwrap(),
            child: None,
        };
        chroma.run().await;
        chroma
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn run(&mut self) {
        let data = self.dir.path().join("data");
        let log = std::fs::File::create(self.dir.path().join("log")).unwrap();
        let child = tokio::process::Command::new(chroma_bin())
            .args(["run", "--path"])
            .arg(&data)
            .args(["--host", "127.0.0.1", "--port", &self.port.to_string()])
            .env("ANONYMIZED_TELEMETRY", "False")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        self.child = Some(child);
        wait_until_up(&self.url(), self.dir.path()).await;
    }

    /// Killed, as a crash would.
    async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.unwrap();
        }
    }
}

async fn wait_until_up(url: &str, dir: &Path) {
    let client = warden_http::client();
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        if let Ok(response) = client.get(format!("{url}/api/v2/heartbeat")).send().await
            && response.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
    panic!("chroma did not answer within 90 s:\n{log}");
}

async fn open(store: &warden_store::Store, url: &str, prefix: &str) -> MemoryService {
    MemoryService::open(
        store.clone(),
        BackendChoice::Chroma {
            url: url.to_owned(),
            prefix: prefix.to_owned(),
        },
        minilm(),
        MemorySettings::default(),
    )
    .await
    .unwrap()
}

fn contents(memories: &[warden_memory::Memory]) -> Vec<String> {
    memories.iter().map(|m| m.content.clone()).collect()
}

#[tokio::test]
async fn chroma_stopped_and_restarted_mid_test_loses_nothing() {
    let mut chroma = Chroma::start().await;
    let (store, _dir) = store(super::Kind::Chroma).await;
    let alice = user(&store, "alice").await;
    let prefix = unique_prefix();
    let memory = open(&store, &chroma.url(), &prefix).await;
    let first = memory
        .store(note(Some(&alice), "the NAS backup job runs at 02:00"))
        .await
        .unwrap();
    assert_eq!(first.note, None);
    let second = memory
        .store(note(None, "nginx reloads need a config test first"))
        .await
        .unwrap();

    chroma.kill().await;
    // Writes wait, and say so.
    let third = memory
        .store(note(
            Some(&alice),
            "the staging database runs PostgreSQL 15",
        ))
        .await
        .unwrap();
    let why = third.note.clone().unwrap_or_default();
    assert!(
        why.starts_with("ChromaDB is unreachable (ChromaDB: http://127.0.0.1:")
            && why.ends_with("the write is kept and sent when it answers again"),
        "{why}"
    );
    let deleted = memory.delete(Some(&alice), false, &first.memory.id).await;
    // Deleting needs to read the memory first: ChromaDB down, the caller is told.
    assert!(
        matches!(deleted, Err(MemoryError::Chroma(_))),
        "{deleted:?}"
    );
    // Reads degrade with a note, never an error to the chat.
    let recall = memory
        .recall(Some(&alice), "when is the nightly backup?", 5)
        .await;
    assert_eq!(recall.method, RecallMethod::Unavailable);
    assert!(
        recall
            .note
            .unwrap_or_default()
            .starts_with("memories could not be recalled: ChromaDB: ")
    );
    let status = memory.status().await;
    assert!(!status.ok);
    assert!(
        status.detail.ends_with("; 1 writes wait in the outbox"),
        "{}",
        status.detail
    );
    // Warden restarts while ChromaDB is still down: the outbox is in the database.
    drop(memory);
    let memory = open(&store, &chroma.url(), &prefix).await;
    let fourth = memory
        .store(note(None, "the proxy is caddy"))
        .await
        .unwrap();
    assert!(fourth.note.is_some());
    assert_eq!(store.outbox_len().await.unwrap(), 2);

    chroma.run().await;
    let upkeep = memory.upkeep().await.unwrap();
    assert_eq!(upkeep.waiting, 0);
    let listed = memory.list(Some(&alice), None, None, 10).await.unwrap();
    let mut got = contents(&listed);
    got.sort();
    assert_eq!(
        got,
        vec![
            "nginx reloads need a config test first".to_owned(),
            "the NAS backup job runs at 02:00".to_owned(),
            "the proxy is caddy".to_owned(),
            "the staging database runs PostgreSQL 15".to_owned(),
        ]
    );
    assert_eq!(
        memory.get(Some(&alice), &third.memory.id).await.unwrap(),
        third.memory
    );
    assert_eq!(
        memory.get(None, &second.memory.id).await.unwrap(),
        second.memory
    );
    let recall = memory
        .recall(Some(&alice), "which database does staging use?", 1)
        .await;
    assert_eq!(recall.method, RecallMethod::Semantic);
    assert_eq!(recall.memories[0].memory, third.memory);
    // And a delete now goes through.
    memory
        .delete(Some(&alice), false, &first.memory.id)
        .await
        .unwrap();
    assert!(matches!(
        memory.get(Some(&alice), &first.memory.id).await,
        Err(MemoryError::NotFound(_))
    ));

    // Another process (an import) queues a write while ChromaDB is down again: the server's
    // upkeep sends it too once ChromaDB is back.
    chroma.kill().await;
    let other = open(&store, &chroma.url(), &prefix).await;
    let imported = other
        .store(note(None, "the wiki lives at wiki.lan"))
        .await
        .unwrap();
    assert!(imported.note.is_some());
    drop(other);
    chroma.run().await;
    assert_eq!(memory.upkeep().await.unwrap().waiting, 0);
    assert_eq!(
        memory.get(None, &imported.memory.id).await.unwrap(),
        imported.memory
    );
    chroma.kill().await;
}
