//! `warden restore` believes nothing in a backup before the manifest's seal verifies: a manifest
//! edited (a lower schema, a file dropped), a truncated database, a removed key, a removed seal
//! and a backup from a newer schema are each refused with a message naming what is wrong, and
//! the data directory restored into keeps its database, byte for byte.

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::{Served, finish, text, warden};

const PASSWORD: &str = "tamper-admin-password";

async fn run(data: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = finish(warden(data, &[]).args(args)).await;
    (out.status.code(), text(&out.stderr).trim().to_owned())
}

fn sha256(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// A data directory a server made, and a backup of it.
async fn served_and_backed_up(root: &Path, name: &str) -> (PathBuf, PathBuf) {
    let data = root.join(format!("{name}-data"));
    Served::start(&data, &[("WARDEN_ADMIN_PASSWORD", PASSWORD)])
        .await
        .stop()
        .await;
    let backup = root.join(format!("{name}-backup"));
    let (code, stderr) = run(&data, &["backup", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stderr}");
    (data, backup)
}

/// A copy of the backup to damage.
fn copy(backup: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir(to).unwrap();
    for entry in std::fs::read_dir(backup).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    to.to_path_buf()
}

/// Seals `dir`'s manifest again with the key in it, as someone holding the key could.
fn reseal(dir: &Path) {
    let manifest = std::fs::read(dir.join("manifest.json")).unwrap();
    let key = std::fs::read(dir.join("jwt-signing.key")).unwrap();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap();
    mac.update(&manifest);
    let seal = json!({
        "manifest_sha256": hex::encode(Sha256::digest(&manifest)),
        "key": "jwt-signing.key",
        "hmac_sha256": hex::encode(mac.finalize().into_bytes()),
    });
    std::fs::write(dir.join("manifest.seal"), seal.to_string()).unwrap();
}

fn edit_manifest(dir: &Path, edit: impl FnOnce(&mut Value)) {
    let path = dir.join("manifest.json");
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edit(&mut manifest);
    std::fs::write(&path, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tampered_or_incomplete_backup_is_refused_and_nothing_replaced() {
    let root = tempfile::tempdir().unwrap();
    let (_, backup) = served_and_backed_up(root.path(), "a").await;
    // The data directory a restore would replace: its own server's database and key.
    let (target, _) = served_and_backed_up(root.path(), "target").await;
    let before = (
        sha256(&target.join("warden.db")),
        sha256(&target.join("jwt-signing.key")),
    );
    let refused = |dir: &Path| {
        let (target, dir) = (target.clone(), dir.to_path_buf());
        async move {
            let (code, stderr) = run(&target, &["restore", "--force", dir.to_str().unwrap()]).await;
            assert_eq!(code, Some(1), "{stderr}");
            stderr
        }
    };

    // The manifest edited: a lower schema.
    let edited = copy(&backup, &root.path().join("edited"));
    edit_manifest(&edited, |m| m["schema_version"] = json!(1));
    let stderr = refused(&edited).await;
    assert!(
        stderr.starts_with(&format!(
            "error: {}: manifest.json does not match its seal (sha256 ",
            edited.display()
        )) && stderr.ends_with("): the manifest was changed or truncated"),
        "{stderr}"
    );

    // The manifest truncated.
    let short = copy(&backup, &root.path().join("short"));
    let bytes = std::fs::read(short.join("manifest.json")).unwrap();
    std::fs::write(short.join("manifest.json"), &bytes[..bytes.len() / 2]).unwrap();
    let stderr = refused(&short).await;
    assert!(
        stderr.contains("manifest.json does not match its seal"),
        "{stderr}"
    );

    // The database truncated.
    let truncated = copy(&backup, &root.path().join("truncated"));
    let db = std::fs::read(truncated.join("warden.db")).unwrap();
    std::fs::write(truncated.join("warden.db"), &db[..db.len() / 2]).unwrap();
    let stderr = refused(&truncated).await;
    assert!(
        stderr.starts_with(&format!(
            "error: {} does not match the manifest ({} bytes, sha256 ",
            truncated.join("warden.db").display(),
            db.len() / 2
        )) && stderr.ends_with("the backup is damaged"),
        "{stderr}"
    );

    // The key removed.
    let keyless = copy(&backup, &root.path().join("keyless"));
    std::fs::remove_file(keyless.join("jwt-signing.key")).unwrap();
    let stderr = refused(&keyless).await;
    assert!(
        stderr.starts_with(&format!(
            "error: {}: the seal was made with the backup's signing key, but {} cannot be read (",
            keyless.display(),
            keyless.join("jwt-signing.key").display()
        )) && stderr.ends_with("): the key was removed or damaged"),
        "{stderr}"
    );

    // The key removed from the manifest too, the seal made again without one.
    edit_manifest(&keyless, |m| {
        m["files"]
            .as_object_mut()
            .unwrap()
            .remove("jwt-signing.key");
    });
    let manifest = std::fs::read(keyless.join("manifest.json")).unwrap();
    std::fs::write(
        keyless.join("manifest.seal"),
        json!({"manifest_sha256": hex::encode(Sha256::digest(&manifest)), "key": "jwt-signing.key", "hmac_sha256": "00"}).to_string(),
    )
    .unwrap();
    let stderr = refused(&keyless).await;
    assert!(stderr.contains("cannot be read"), "{stderr}");

    // The seal removed.
    let unsealed = copy(&backup, &root.path().join("unsealed"));
    std::fs::remove_file(unsealed.join("manifest.seal")).unwrap();
    let stderr = refused(&unsealed).await;
    assert!(
        stderr.starts_with(&format!(
            "error: {}: cannot read manifest.seal (",
            unsealed.display()
        )) && stderr
            .ends_with("): the manifest cannot be verified, so nothing in the backup is trusted"),
        "{stderr}"
    );

    // A seal that does not verify under the backup's key.
    let forged = copy(&backup, &root.path().join("forged"));
    edit_manifest(&forged, |m| m["warden_version"] = json!("0.0.1"));
    let manifest = std::fs::read(forged.join("manifest.json")).unwrap();
    std::fs::write(
        forged.join("manifest.seal"),
        json!({"manifest_sha256": hex::encode(Sha256::digest(&manifest)), "key": "jwt-signing.key", "hmac_sha256": "00".repeat(32)}).to_string(),
    )
    .unwrap();
    let stderr = refused(&forged).await;
    assert_eq!(
        stderr,
        format!(
            "error: {}: the manifest's seal does not verify under jwt-signing.key: the manifest, the seal or the key was changed",
            forged.display()
        )
    );

    // Sealed again by someone holding the key, the manifest still cannot lie about the
    // database: its schema is read from the database itself.
    reseal(&edited);
    let stderr = refused(&edited).await;
    assert_eq!(
        stderr,
        format!(
            "error: the backup's database has schema {}, but its manifest says 1: the backup was changed",
            warden_store::known_schema_version()
        )
    );

    // Nothing was replaced, nothing left behind.
    assert_eq!(
        (
            sha256(&target.join("warden.db")),
            sha256(&target.join("jwt-signing.key"))
        ),
        before
    );
    let left: Vec<String> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("before-restore") || n.ends_with(".restoring"))
        .collect();
    assert_eq!(left, Vec::<String>::new());

    // The untouched backup restores.
    let (code, stderr) = run(&target, &["restore", "--force", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        sha256(&target.join("jwt-signing.key")),
        sha256(&backup.join("jwt-signing.key"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_from_a_newer_schema_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    Served::start(&data, &[("WARDEN_ADMIN_PASSWORD", PASSWORD)])
        .await
        .stop()
        .await;
    // A later Warden's migration, recorded as applied.
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=rw", data.join("warden.db").display());
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99, 'later', TRUE, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let backup = root.path().join("newer");
    let (code, stderr) = run(&data, &["backup", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stderr}");

    let target = root.path().join("target");
    let (code, stderr) = run(&target, &["restore", backup.to_str().unwrap()]).await;
    assert_eq!(
        (code, stderr),
        (
            Some(1),
            format!(
                "error: the backup has schema 99, newer than this Warden knows ({}): restore it with the Warden version that made it ({})",
                warden_store::known_schema_version(),
                env!("CARGO_PKG_VERSION")
            )
        )
    );
    assert!(!target.join("warden.db").exists());

    // The manifest lowered and sealed again with the backup's key: the database says 99.
    edit_manifest(&backup, |m| m["schema_version"] = json!(1));
    reseal(&backup);
    let (code, stderr) = run(&target, &["restore", backup.to_str().unwrap()]).await;
    assert_eq!(
        (code, stderr),
        (
            Some(1),
            format!(
                "error: the backup's database has schema 99, newer than this Warden knows ({}): restore it with the Warden version that made it",
                warden_store::known_schema_version()
            )
        )
    );
    // Refused after the checks that need the data directory: the one it created is gone again
    // (no lock file, no staged copy), as it was before the restore.
    assert!(!target.exists(), "{} was left behind", target.display());

    // An existing data directory is kept, with nothing of the attempt left in it.
    std::fs::create_dir(&target).unwrap();
    let (code, _) = run(&target, &["restore", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(1));
    let left: Vec<String> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "warden.lock")
        .collect();
    assert_eq!(left, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_sealed_with_the_configured_secret_needs_that_secret() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let secret = "a-configured-signing-secret-of-some-length";
    let with_secret = [("WARDEN_JWT_SECRET", secret)];
    let mut vars = vec![("WARDEN_ADMIN_PASSWORD", PASSWORD)];
    vars.extend(with_secret);
    Served::start(&data, &vars).await.stop().await;
    assert!(!data.join("jwt-signing.key").exists());
    let backup = root.path().join("b");
    let out = finish(warden(&data, &with_secret).args(["backup", backup.to_str().unwrap()])).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let seal: Value =
        serde_json::from_slice(&std::fs::read(backup.join("manifest.seal")).unwrap()).unwrap();
    assert_eq!(seal["key"], json!("WARDEN_JWT_SECRET"));

    let target = root.path().join("target");
    let restore = |vars: Vec<(&'static str, &'static str)>| {
        let (target, backup) = (target.clone(), backup.clone());
        async move {
            let out =
                finish(warden(&target, &vars).args(["restore", backup.to_str().unwrap()])).await;
            (out.status.code(), text(&out.stderr).trim().to_owned())
        }
    };
    assert_eq!(
        restore(vec![]).await,
        (
            Some(1),
            format!(
                "error: {}: the seal was made with WARDEN_JWT_SECRET, which is not set: set it as it was when the backup was made",
                backup.display()
            )
        )
    );
    assert_eq!(
        restore(vec![(
            "WARDEN_JWT_SECRET",
            "another-secret-of-enough-length-too"
        )])
        .await,
        (
            Some(1),
            format!(
                "error: {}: the manifest's seal does not verify under WARDEN_JWT_SECRET: the manifest, the seal or the key was changed",
                backup.display()
            )
        )
    );
    assert!(!target.join("warden.db").exists());
    let (code, stderr) = restore(vec![("WARDEN_JWT_SECRET", secret)]).await;
    assert_eq!(code, Some(0), "{stderr}");
    // The restored database is the backed-up one: its administrator is there.
    let out = finish(warden(&target, &with_secret).args(["user", "list"])).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("admin"), "{}", text(&out.stdout));
}
