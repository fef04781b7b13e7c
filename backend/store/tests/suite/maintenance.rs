//! Operators' view of the database: its schema against this build, the newest time it
//! recorded, its integrity, and an online SQLite copy made while writes go on.

use warden_store::{NewAuditEntry, SchemaStatus, Store, known_schema_version};

use super::Fixture;
use crate::both_backends;

fn audit(at: i64) -> NewAuditEntry {
    NewAuditEntry {
        at,
        actor: "user:alice".to_owned(),
        event: warden_protocol::AuditEvent::Execution,
        tool: "disk_usage".to_owned(),
        arguments: "{}".to_owned(),
        risk: Some(warden_protocol::Risk::Low),
        route: Some(warden_protocol::Route::Run),
        approval_id: None,
        outcome: warden_protocol::AuditOutcome::Ok,
        detail: String::new(),
        duration_ms: 1,
    }
}

both_backends!(
    schema_and_newest_record_are_read_without_changes,
    |fx: Fixture| async move {
        let store = fx.store;
        assert_eq!(
            store.schema_status().await.unwrap(),
            SchemaStatus {
                applied: Some(known_schema_version()),
                known: known_schema_version()
            }
        );
        assert_eq!(store.newest_record_at().await.unwrap(), None);
        store.append_audit(&audit(1_800_000_000)).await.unwrap();
        store.append_audit(&audit(1_700_000_000)).await.unwrap();
        assert_eq!(store.newest_record_at().await.unwrap(), Some(1_800_000_000));
        assert_eq!(
            store.integrity_problems().await.unwrap(),
            Vec::<String>::new()
        );
        // A second look without migrating sees the same.
        let again = Store::open(&fx.url).await.unwrap();
        assert_eq!(
            again.schema_status().await.unwrap().applied,
            Some(known_schema_version())
        );
        again.close().await;
    }
);

#[tokio::test]
async fn an_empty_database_has_no_schema_and_a_newer_one_is_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("w.db").display());
    let empty = Store::open(&url).await.unwrap();
    let status = empty.schema_status().await.unwrap();
    assert_eq!(
        (
            status.applied,
            status.pending(),
            status.is_newer_than_this_build()
        ),
        (None, known_schema_version(), false)
    );
    empty.close().await;
    let store = Store::connect(&url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES ({}, 'from the future', TRUE, x'00', 0)",
        known_schema_version() + 1
    )))
    .execute(&sqlx::AnyPool::connect(&url).await.unwrap())
    .await
    .unwrap();
    let status = store.schema_status().await.unwrap();
    assert_eq!(
        (
            status.applied,
            status.pending(),
            status.is_newer_than_this_build()
        ),
        (Some(known_schema_version() + 1), 0, true)
    );
}

#[tokio::test]
async fn an_online_copy_is_consistent_while_writes_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("w.db").display());
    let store = Store::connect(&url).await.unwrap();
    // Writers append to the hash chain while the copy is made.
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                for i in 0..25 {
                    store
                        .append_audit(&audit(1_700_000_000 + w * 100 + i))
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let copy = dir.path().join("copy.db");
    store
        .backup_sqlite_into(copy.to_str().unwrap())
        .await
        .unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let copied = Store::connect(&format!("sqlite://{}?mode=rwc", copy.display()))
        .await
        .unwrap();
    assert_eq!(
        copied.integrity_problems().await.unwrap(),
        Vec::<String>::new()
    );
    // A snapshot: whatever rows it holds form an unbroken chain.
    let verified = copied.verify_audit().await.unwrap();
    assert!(verified.is_ok(), "{verified:?}");
    // An existing target is never overwritten.
    let err = store
        .backup_sqlite_into(copy.to_str().unwrap())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("output file already exists"), "{err}");
}

both_backends!(
    a_read_only_store_reads_alongside_a_writer_and_cannot_write,
    |fx: Fixture| async move {
        let store = fx.store;
        store.append_audit(&audit(1_800_000_000)).await.unwrap();
        let reader = Store::open_read_only(&fx.url).await.unwrap();
        assert_eq!(reader.access(), warden_store::Access::ReadOnly);
        assert_eq!(
            reader.newest_record_at().await.unwrap(),
            Some(1_800_000_000)
        );
        // What the writer adds afterwards is seen (a shared read, not a copy).
        store.append_audit(&audit(1_900_000_000)).await.unwrap();
        assert_eq!(
            reader.newest_record_at().await.unwrap(),
            Some(1_900_000_000)
        );
        assert!(
            reader.check_writable(1_900_000_001).await.is_err(),
            "a read-only store refuses writes"
        );
        reader.close().await;
    }
);

#[tokio::test]
async fn a_settled_sqlite_file_holds_everything_without_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let store = Store::connect(&url).await.unwrap();
    for i in 0..5 {
        store.append_audit(&audit(1_700_000_000 + i)).await.unwrap();
    }
    // A WAL left beside a file no connection has open (a process stopped before its last
    // connection could fold it in): the commits are in the WAL, not yet in the file.
    let left = dir.path().join("left.db");
    std::fs::copy(&path, &left).unwrap();
    std::fs::copy(dir.path().join("w.db-wal"), dir.path().join("left.db-wal")).unwrap();
    let left_url = format!("sqlite://{}?mode=rw", left.display());
    Store::settle_sqlite_file(&left_url).await.unwrap();
    for suffix in ["-wal", "-shm"] {
        assert!(
            !dir.path().join(format!("left.db{suffix}")).exists(),
            "{suffix}"
        );
    }
    // The file alone, moved elsewhere, holds every write.
    let moved = dir.path().join("moved.db");
    std::fs::rename(&left, &moved).unwrap();
    let moved = Store::open(&format!("sqlite://{}?mode=rw", moved.display()))
        .await
        .unwrap();
    assert_eq!(moved.verify_audit().await.unwrap(), Ok(5));
    moved.close().await;

    // A connection still closing when the store has closed (as one of a pool's can be, on its
    // own thread): the switch waits for it.
    sqlx::any::install_default_drivers();
    let mut straggler = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::query("SELECT count(*) FROM audit_log")
        .execute(&mut straggler)
        .await
        .unwrap();
    store.close().await;
    let closed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let closing = tokio::spawn({
        let closed = closed.clone();
        async move {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            sqlx::Connection::close(straggler).await.unwrap();
            closed.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    });
    Store::settle_sqlite_file(&url).await.unwrap();
    assert!(
        closed.load(std::sync::atomic::Ordering::SeqCst),
        "the switch cannot have succeeded while another connection had the file open"
    );
    for suffix in ["-wal", "-shm"] {
        assert!(
            !dir.path().join(format!("w.db{suffix}")).exists(),
            "{suffix}"
        );
    }
    closing.await.unwrap();
    let again = Store::open(&url).await.unwrap();
    assert_eq!(again.verify_audit().await.unwrap(), Ok(5));
    again.close().await;
}
