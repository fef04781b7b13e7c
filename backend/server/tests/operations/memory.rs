//! `warden memory import|export|status` through the real binary: memories from another Warden
//! find their owners by name, bad lines are refused by number, a second import changes nothing,
//! an export is private to the operator and never overwrites, and the memories move to ChromaDB
//! and back.

use std::os::unix::fs::PermissionsExt;

use pretty_assertions::assert_eq;
use serde_json::{Value, json};

use super::{finish, text, warden};

const NONE: &[(&str, &str)] = &[("WARDEN_MEMORY_EMBEDDER", "none")];

fn lines(text: &str) -> Vec<Value> {
    let mut records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    records.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    records
}

#[tokio::test(flavor = "multi_thread")]
async fn memories_are_exported_imported_and_moved_between_backends() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut add = warden(&data, NONE);
    add.args(["user", "add", "alice", "--password-stdin"])
        .stdin(std::process::Stdio::piped());
    let mut child = add.spawn().unwrap();
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"alice long password\n").await.unwrap();
    }
    assert!(child.wait().await.unwrap().success());

    // From another Warden: alice's user id differs there; her name finds her here.
    let exported_elsewhere = [
        json!({"id": "m-shared", "owner_id": null, "kind": "fact", "content": "the NAS backup job runs at 02:00",
               "tags": ["backup"], "created_by": "monitor", "created_at": 1_700_000_000, "source_kind": "repair", "source_ref": "incident-1"}),
        json!({"id": "m-alice", "owner_id": "0000-elsewhere", "owner_name": "alice", "kind": "preference",
               "content": "I prefer short answers", "tags": [], "created_by": "0000-elsewhere", "created_at": 1_700_000_100,
               "source_kind": "chat", "source_ref": "conversation-7"}),
        json!({"id": "m-stranger", "owner_id": "0000-gone", "owner_name": "mallory", "kind": "fact", "content": "x",
               "tags": [], "created_by": "0000-gone", "created_at": 1, "source_kind": "tool", "source_ref": null}),
        json!({"id": "m-odd", "owner_id": null, "kind": "opinion", "content": "x", "tags": [], "created_by": "monitor",
               "created_at": 1, "source_kind": "tool", "source_ref": null}),
    ];
    let mut file: String = exported_elsewhere
        .iter()
        .map(|r| format!("{r}\n"))
        .collect();
    file.push_str("this is not json\n\n");
    let input = root.path().join("in.jsonl");
    std::fs::write(&input, file).unwrap();
    let out = finish(warden(&data, NONE).args(["memory", "import", input.to_str().unwrap()])).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "imported 2 memories; 0 existed already; 3 refused\n"
    );
    assert_eq!(
        text(&out.stderr),
        "refused line 3 (m-stranger): its owner (mallory) is not a user here\n\
         refused line 4 (m-odd): 'opinion' is not a memory kind\n\
         refused line 5: not a memory: expected ident at line 1 column 2\n\
         error: 3 memories were refused\n"
    );
    let again =
        finish(warden(&data, NONE).args(["memory", "import", input.to_str().unwrap()])).await;
    assert_eq!(
        text(&again.stdout),
        "imported 0 memories; 2 existed already; 3 refused\n"
    );

    // Exported again: the same memories, alice's now under her id here.
    let out = finish(warden(&data, NONE).args(["memory", "export"])).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "exported 2 memories\n");
    let records = lines(&text(&out.stdout));
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "m-alice");
    assert_eq!(records[0]["owner_name"], "alice");
    assert_ne!(records[0]["owner_id"], "0000-elsewhere");
    assert_eq!(records[0]["source_ref"], "conversation-7");
    assert_eq!(
        records[1],
        json!({"id": "m-shared", "owner_id": null, "kind": "fact", "content": "the NAS backup job runs at 02:00",
               "tags": ["backup"], "created_by": "monitor", "created_at": 1_700_000_000, "source_kind": "repair", "source_ref": "incident-1"})
    );
    let file = root.path().join("out.jsonl");
    let out =
        finish(warden(&data, NONE).args(["memory", "export", "--output", file.to_str().unwrap()]))
            .await;
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let out =
        finish(warden(&data, NONE).args(["memory", "export", "-o", file.to_str().unwrap()])).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with(&format!("error: cannot create {}: ", file.display())));

    // Into ChromaDB (a collection prefix of this test's own), then the status there.
    let url = std::env::var("WARDEN_TEST_CHROMA_URL")
        .expect("WARDEN_TEST_CHROMA_URL (make test sets it)");
    let prefix = format!("cli{}", std::process::id());
    std::fs::write(
        root.path().join("warden.toml"),
        format!("[memory]\nchroma_collection_prefix = \"{prefix}\"\n"),
    )
    .unwrap();
    let chroma = [
        ("WARDEN_MEMORY_EMBEDDER", "none"),
        ("WARDEN_MEMORY_BACKEND", "chroma"),
        ("WARDEN_CHROMA_URL", url.as_str()),
    ];
    let out =
        finish(warden(&data, &chroma).args(["memory", "import", file.to_str().unwrap()])).await;
    assert_eq!(
        text(&out.stdout),
        "imported 2 memories; 0 existed already; 0 refused\n",
        "{}",
        text(&out.stderr)
    );
    let out = finish(warden(&data, &chroma).args(["memory", "export"])).await;
    assert_eq!(lines(&text(&out.stdout)), records);
    let out = finish(warden(&data, &chroma).args(["memory", "status"])).await;
    assert_eq!(
        text(&out.stdout),
        format!("chroma: ChromaDB at {url}: embeddings are off; recall ranks by words\n")
    );
    let out = finish(warden(&data, NONE).args(["memory", "status"])).await;
    assert_eq!(
        text(&out.stdout),
        "embedded: embedded in the database: embeddings are off; recall ranks by words; 0 vectors indexed (0.0 MiB)\n"
    );
}
