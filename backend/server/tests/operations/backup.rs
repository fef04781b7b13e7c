//! `warden backup` while the real server runs and writes, `warden restore` into a fresh data
//! directory that the server then serves (users, sessions signed by the same key, an intact
//! audit chain), what restore refuses (a running server, a damaged or newer backup, replacing a
//! database without --force), and upgrading across migrations from an older backup.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::{Served, finish, text, warden};

const PASSWORD: &str = "backup-admin-password";

async fn post(base: &str, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut request = warden_http::client()
        .post(format!("{base}{path}"))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get(base: &str, path: &str, token: &str) -> (u16, Value) {
    let response = warden_http::client()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn login(base: &str, user: &str, password: &str) -> String {
    let (status, body) = post(
        base,
        "/api/v1/auth/login",
        None,
        json!({"username": user, "password": password}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn sha256(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

async fn run(data: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = finish(warden(data, &[]).args(args)).await;
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_online_backup_restores_into_a_working_server() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let server = Served::start(&data, &[("WARDEN_ADMIN_PASSWORD", PASSWORD)]).await;
    let admin = login(&server.base, "admin", PASSWORD).await;
    let (status, _) = post(
        &server.base,
        "/api/v1/users",
        Some(&admin),
        json!({"username": "ops", "password": "ops-password-long", "scopes": ["read"]}),
    )
    .await;
    assert_eq!(status, 201);

    // Writes go on while the copy is made: each invocation appends to the audit chain.
    let writer = {
        let (base, admin) = (server.base.clone(), admin.clone());
        tokio::spawn(async move {
            for _ in 0..40 {
                post(
                    &base,
                    "/api/v1/tools/system_info/invoke",
                    Some(&admin),
                    json!({"args": {}}),
                )
                .await;
            }
        })
    };
    let backup = root.path().join("backups/monday");
    // A missing folder above the backup is named, not created.
    let (code, _, stderr) = run(&data, &["backup", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "the folder {} does not exist",
            root.path().join("backups").display()
        )),
        "{stderr}"
    );
    assert!(!root.path().join("backups").exists());
    std::fs::create_dir(root.path().join("backups")).unwrap();
    let (code, stdout, stderr) = run(&data, &["backup", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stderr}");
    writer.await.unwrap();
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        vec![
            format!(
                "database: {} (schema {})",
                backup.join("warden.db").display(),
                warden_store::known_schema_version()
            ),
            format!("signing key: {}", backup.join("jwt-signing.key").display()),
            format!("backup complete: {}", backup.display()),
        ]
    );
    assert_eq!(
        (
            mode(&backup),
            mode(&backup.join("warden.db")),
            mode(&backup.join("jwt-signing.key")),
            mode(&backup.join("manifest.json"))
        ),
        (0o700, 0o600, 0o600, 0o600)
    );
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(backup.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        (
            manifest["format"].clone(),
            manifest["database"].clone(),
            manifest["schema_version"].clone(),
            manifest["files"]["warden.db"]["sha256"].clone(),
            manifest["files"]["jwt-signing.key"]["sha256"].clone(),
            manifest["files"]["jwt-signing.key"]["bytes"].clone(),
        ),
        (
            json!(1),
            json!("sqlite"),
            json!(warden_store::known_schema_version()),
            json!(sha256(&backup.join("warden.db"))),
            json!(sha256(&data.join("jwt-signing.key"))),
            json!(64)
        )
    );

    // Not under a running server.
    let (code, _, stderr) = run(&data, &["restore", backup.to_str().unwrap(), "--force"]).await;
    assert_eq!(
        (code, stderr.trim().to_owned()),
        (
            Some(1),
            format!(
                "error: a Warden server is running on {0} (it holds {0}/warden.lock): stop it first",
                data.display()
            )
        )
    );
    // A second server on the same data refuses to start, for the same reason.
    let out = finish(warden(&data, &[("WARDEN_LISTEN", "127.0.0.1:0")]).arg("serve")).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("a Warden server is running on"),
        "{}",
        text(&out.stderr)
    );
    server.stop().await;

    // Into a new machine's empty data directory.
    let moved = root.path().join("elsewhere");
    let (code, stdout, stderr) = run(&moved, &["restore", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with("restored the backup of ")
            && stdout.contains(&format!(
                "(Warden 0.1.0, schema {}) into ",
                warden_store::known_schema_version()
            )),
        "{stdout}"
    );
    assert_eq!(
        sha256(&moved.join("jwt-signing.key")),
        sha256(&data.join("jwt-signing.key"))
    );
    assert_eq!(mode(&moved.join("jwt-signing.key")), 0o600);
    let mut files: Vec<String> = std::fs::read_dir(&moved)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, vec!["jwt-signing.key", "warden.db", "warden.lock"]);
    assert_eq!(mode(&moved), 0o700);
    let (code, stdout, stderr) = run(&moved, &["audit", "verify"]).await;
    assert_eq!(code, Some(0), "the copied chain is whole: {stdout}{stderr}");
    let restored = Served::start(&moved, &[]).await;
    // The token issued before the backup is still good: same key, same session.
    let (status, me) = get(&restored.base, "/api/v1/auth/me", &admin).await;
    assert_eq!((status, me["username"].clone()), (200, json!("admin")));
    login(&restored.base, "ops", "ops-password-long").await;
    restored.stop().await;

    // Replacing a database takes --force, and keeps what it replaces.
    let (code, _, stderr) = run(&moved, &["restore", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("already holds a database: add --force"),
        "{stderr}"
    );
    let (code, stdout, stderr) =
        run(&moved, &["restore", backup.to_str().unwrap(), "--force"]).await;
    assert_eq!(code, Some(0), "{stderr}");
    let kept = stdout
        .lines()
        .find_map(|l| l.strip_prefix("what it replaced is kept in "))
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(kept.join("warden.db").exists() && kept.join("jwt-signing.key").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn damaged_newer_or_foreign_backups_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    Served::start(&data, &[("WARDEN_ADMIN_PASSWORD", PASSWORD)])
        .await
        .stop()
        .await;
    let backup = root.path().join("b");
    assert_eq!(
        run(&data, &["backup", backup.to_str().unwrap()]).await.0,
        Some(0)
    );
    let target = root.path().join("target");

    // Into a directory that is not empty: no.
    let (code, _, stderr) = run(&data, &["backup", backup.to_str().unwrap()]).await;
    assert_eq!(
        (code, stderr.trim().to_owned()),
        (
            Some(2),
            format!(
                "error: {} exists and is not empty: give a new directory for the backup",
                backup.display()
            )
        )
    );
    // Not a backup at all.
    let (code, _, stderr) = run(&target, &["restore", root.path().to_str().unwrap()]).await;
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("is not a Warden backup (cannot read manifest.json"),
        "{stderr}"
    );

    // A flipped byte.
    let damaged = root.path().join("damaged");
    std::fs::create_dir(&damaged).unwrap();
    for name in [
        "warden.db",
        "jwt-signing.key",
        "manifest.json",
        "manifest.seal",
    ] {
        std::fs::copy(backup.join(name), damaged.join(name)).unwrap();
    }
    let mut bytes = std::fs::read(damaged.join("warden.db")).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(damaged.join("warden.db"), &bytes).unwrap();
    let (code, _, stderr) = run(&target, &["restore", damaged.to_str().unwrap()]).await;
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(&format!(
            "{} does not match the manifest",
            damaged.join("warden.db").display()
        )) && stderr.contains("the backup is damaged"),
        "{stderr}"
    );
    assert!(!target.join("warden.db").exists());

    // A backup from a newer Warden, and every way a backup is tampered with: see backup_tamper.rs.

    // PostgreSQL has its own tools.
    let out = finish(
        warden(
            &data,
            &[(
                "WARDEN_DATABASE_URL",
                "postgres://warden@127.0.0.1:1/warden",
            )],
        )
        .args(["backup", root.path().join("pg").to_str().unwrap()]),
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("the database is PostgreSQL: back it up with pg_dump"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_older_backup_is_upgraded_by_the_next_start() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    Served::start(&data, &[("WARDEN_ADMIN_PASSWORD", PASSWORD)])
        .await
        .stop()
        .await;
    // What a Warden of schema 3 would have written: its database built by its own migrations,
    // holding the administrator it created (the newer columns and tables do not exist yet).
    for file in ["warden.db", "warden.db-wal", "warden.db-shm"] {
        let _ = std::fs::remove_file(data.join(file));
    }
    let url = format!("sqlite://{}?mode=rwc", data.join("warden.db").display());
    warden_store::testing::database_at_schema(&url, 3)
        .await
        .unwrap();
    let hash = warden_server::auth::password::hash_blocking(PASSWORD.to_owned())
        .await
        .unwrap();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::query(
        "INSERT INTO users (id, username, password_hash, scopes, disabled, created_at, updated_at) \
         VALUES ('old-admin', 'admin', $1, 'admin', 0, 1700000000, 1700000000)",
    )
    .bind(hash)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let known = warden_store::known_schema_version();
    let pending = known - 3;
    let backup = root.path().join("old");
    let (code, stdout, _) = run(&data, &["backup", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(0));
    assert!(stdout.contains("(schema 3)"), "{stdout}");

    let upgraded = root.path().join("upgraded");
    let (code, stdout, stderr) = run(&upgraded, &["restore", backup.to_str().unwrap()]).await;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.ends_with(&format!(
            "the next `warden serve` applies {pending} migration(s) to bring it to schema {known}\n"
        )),
        "{stdout}"
    );
    let doctor = finish(warden(&upgraded, &[]).args(["doctor", "--json"])).await;
    let report: Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let database = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "database")
        .unwrap()["detail"]
        .clone();
    assert_eq!(
        database,
        json!(format!(
            "sqlite: schema 3 of {known}; the next start applies {pending} migration(s) (back up first: warden backup)"
        ))
    );
    let server = Served::start(&upgraded, &[]).await;
    let admin = login(&server.base, "admin", PASSWORD).await;
    let (status, _) = get(&server.base, "/api/v1/audit/verify", &admin).await;
    assert_eq!(status, 200);
    server.stop().await;
    let doctor = finish(warden(&upgraded, &[]).args(["doctor", "--json"])).await;
    let report: Value = serde_json::from_slice(&doctor.stdout).unwrap();
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "database"
                && c["detail"] == format!("sqlite: answers, schema {known} (current)")),
        "{report}"
    );
}
