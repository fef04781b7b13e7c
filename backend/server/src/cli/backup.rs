//! `warden backup PATH` and `warden restore PATH`.
//!
//! A backup is a directory: `warden.db` (a consistent copy of the SQLite database made with
//! `VACUUM INTO` while the server keeps running), `jwt-signing.key` (when the key lives in the
//! data directory), and `manifest.json` (what was copied, when, by which version, at which
//! schema, with each file's size and SHA-256). The directory is created with mode 0700 and its
//! files 0600: it holds everything needed to impersonate the server.
//!
//! Restoring needs the server stopped (its data-directory lock says whether one runs), checks
//! every file against the manifest and the database's integrity, refuses a backup from a newer
//! schema than this build knows, and moves whatever it replaces aside rather than deleting it.
//! The next `warden serve` applies any migration the restored database lacks. PostgreSQL is
//! backed up and restored with its own tools (`pg_dump`, `pg_restore`).

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use warden_store::{Backend, Store, known_schema_version};

use crate::auth::signing_key::KEY_FILE;
use crate::clock::now;
use crate::config::Config;

use super::{CliError, output};

const DATABASE_FILE: &str = "warden.db";
const MANIFEST_FILE: &str = "manifest.json";
/// The manifest's own format.
const FORMAT: u32 = 1;

/// `manifest.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: u32,
    warden_version: String,
    created_at: i64,
    database: String,
    schema_version: i64,
    /// File name to its size and SHA-256.
    files: BTreeMap<String, FileEntry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    bytes: u64,
    sha256: String,
}

fn postgres_refusal() -> CliError {
    CliError::Usage(format!(
        "the database is PostgreSQL: back it up with pg_dump and restore it with pg_restore, and copy {KEY_FILE} from the data directory yourself (see docs/operations.md, Backups)"
    ))
}

fn is_postgres(config: &Config) -> bool {
    config
        .database_url
        .as_deref()
        .is_some_and(|url| url.starts_with("postgres://") || url.starts_with("postgresql://"))
}

fn failed(what: &str, path: &Path, e: impl std::fmt::Display) -> CliError {
    CliError::Failed(format!("{what} {}: {e}", path.display()))
}

pub async fn backup(config: Config, target: PathBuf) -> Result<(), CliError> {
    if is_postgres(&config) {
        return Err(postgres_refusal());
    }
    let database = config.data_dir.join(DATABASE_FILE);
    if config.database_url.is_none() && !database.exists() {
        return Err(CliError::Failed(format!(
            "there is no database at {} to back up",
            database.display()
        )));
    }
    let staged = target.clone();
    tokio::task::spawn_blocking(move || create_private_dir(&staged))
        .await
        .map_err(|e| CliError::Failed(e.to_string()))??;
    // Opened read-only: a backup must never be the thing that migrates a database, and it
    // must work when the data directory's disk is full.
    let store = Store::open_read_only(&config.effective_database_url()).await?;
    let result = copy_database(&store, &target).await;
    store.close().await;
    let schema_version = result?;
    let data_dir = config.data_dir.clone();
    let key_configured = config.jwt_secret.is_some();
    let written = tokio::task::spawn_blocking(move || {
        finish_backup(&data_dir, &target, schema_version, key_configured)
    })
    .await
    .map_err(|e| CliError::Failed(e.to_string()))??;
    for line in written {
        output::line(&line);
    }
    Ok(())
}

/// Creates `path` with mode 0700; an existing directory must be empty.
fn create_private_dir(path: &Path) -> Result<(), CliError> {
    match std::fs::read_dir(path) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(CliError::Usage(format!(
                    "{} exists and is not empty: give a new directory for the backup",
                    path.display()
                )));
            }
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| failed("cannot restrict", path, e))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
            .map_err(|e| failed("cannot create", path, e)),
        Err(e) => Err(failed("cannot read", path, e)),
    }
}

async fn copy_database(store: &Store, target: &Path) -> Result<i64, CliError> {
    if store.backend() != Backend::Sqlite {
        return Err(postgres_refusal());
    }
    let status = store.schema_status().await?;
    let copy = target.join(DATABASE_FILE);
    let path = copy
        .to_str()
        .ok_or_else(|| CliError::Usage(format!("{} is not valid UTF-8", copy.display())))?;
    store.backup_sqlite_into(path).await?;
    Ok(status.applied.unwrap_or(0))
}

fn finish_backup(
    data_dir: &Path,
    target: &Path,
    schema_version: i64,
    key_configured: bool,
) -> Result<Vec<String>, CliError> {
    let copy = target.join(DATABASE_FILE);
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| failed("cannot restrict", &copy, e))?;
    let mut files = BTreeMap::new();
    files.insert(DATABASE_FILE.to_owned(), describe(&copy)?);
    let mut said = vec![format!(
        "database: {} (schema {schema_version})",
        copy.display()
    )];
    let key = data_dir.join(KEY_FILE);
    if key.exists() {
        let bytes = std::fs::read(&key).map_err(|e| failed("cannot read", &key, e))?;
        let copied = target.join(KEY_FILE);
        write_private(&copied, &bytes)?;
        files.insert(KEY_FILE.to_owned(), describe(&copied)?);
        said.push(format!("signing key: {}", copied.display()));
    } else if key_configured {
        said.push(
            "signing key: set by WARDEN_JWT_SECRET, not in the data directory; keep it with the backup"
                .to_owned(),
        );
    }
    let manifest = Manifest {
        format: FORMAT,
        warden_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: now(),
        database: "sqlite".to_owned(),
        schema_version,
        files,
    };
    let text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| CliError::Failed(format!("cannot write the manifest: {e}")))?;
    write_private(&target.join(MANIFEST_FILE), text.as_bytes())?;
    said.push(format!("backup complete: {}", target.display()));
    Ok(said)
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| failed("cannot create", path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| failed("cannot write", path, e))
}

fn describe(path: &Path) -> Result<FileEntry, CliError> {
    let bytes = std::fs::read(path).map_err(|e| failed("cannot read", path, e))?;
    Ok(FileEntry {
        bytes: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
    })
}

pub async fn restore(config: Config, source: PathBuf, force: bool) -> Result<(), CliError> {
    if is_postgres(&config) {
        return Err(postgres_refusal());
    }
    if config.database_url.is_some() {
        return Err(CliError::Usage(
            "database_url points elsewhere: restore copies warden.db into the data directory, which this configuration does not use"
                .to_owned(),
        ));
    }
    let data_dir = config.data_dir.clone();
    let backup_dir = source.clone();
    let manifest = tokio::task::spawn_blocking(move || check_backup(&backup_dir))
        .await
        .map_err(|e| CliError::Failed(e.to_string()))??;
    if manifest.schema_version > known_schema_version() {
        return Err(CliError::Failed(format!(
            "the backup has schema {}, newer than this Warden knows ({}): restore it with the Warden version that made it ({})",
            manifest.schema_version,
            known_schema_version(),
            manifest.warden_version
        )));
    }
    crate::server::ensure_data_dir(&config)?;
    // Held until the end: no server may start on the data while it is swapped.
    let _lock = crate::data_lock::lock(&data_dir).map_err(|e| CliError::Failed(e.to_string()))?;
    let staged = data_dir.join(format!("{DATABASE_FILE}.restoring"));
    let (from, to) = (source.join(DATABASE_FILE), staged.clone());
    tokio::task::spawn_blocking(move || copy_private(&from, &to))
        .await
        .map_err(|e| CliError::Failed(e.to_string()))??;
    let checked = check_restored(&staged).await;
    if let Err(e) = checked {
        let _ = std::fs::remove_file(&staged);
        return Err(e);
    }
    let source_dir = source.clone();
    let restored =
        tokio::task::spawn_blocking(move || swap_in(&data_dir, &source_dir, &staged, force))
            .await
            .map_err(|e| CliError::Failed(e.to_string()))??;
    let pending = known_schema_version() - manifest.schema_version;
    output::line(&format!(
        "restored the backup of {} (Warden {}, schema {}) into {}",
        output::timestamp(manifest.created_at),
        manifest.warden_version,
        manifest.schema_version,
        config.data_dir.display()
    ));
    if let Some(aside) = restored {
        output::line(&format!("what it replaced is kept in {}", aside.display()));
    }
    if pending > 0 {
        output::line(&format!(
            "the next `warden serve` applies {pending} migration(s) to bring it to schema {}",
            known_schema_version()
        ));
    }
    Ok(())
}

/// Reads the manifest and checks every file it lists against its size and SHA-256.
fn check_backup(dir: &Path) -> Result<Manifest, CliError> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        CliError::Usage(format!(
            "{} is not a Warden backup (cannot read {MANIFEST_FILE}: {e})",
            dir.display()
        ))
    })?;
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|e| CliError::Failed(format!("{}: {e}", path.display())))?;
    if manifest.format != FORMAT || manifest.database != "sqlite" {
        return Err(CliError::Failed(format!(
            "{}: format {} of a {} backup; this Warden restores format {FORMAT} SQLite backups",
            path.display(),
            manifest.format,
            manifest.database
        )));
    }
    if !manifest.files.contains_key(DATABASE_FILE) {
        return Err(CliError::Failed(format!(
            "{}: lists no {DATABASE_FILE}",
            path.display()
        )));
    }
    for (name, expected) in &manifest.files {
        if name != DATABASE_FILE && name != KEY_FILE {
            return Err(CliError::Failed(format!(
                "{}: lists an unexpected file '{name}'",
                path.display()
            )));
        }
        let found = describe(&dir.join(name))?;
        if &found != expected {
            return Err(CliError::Failed(format!(
                "{} does not match the manifest ({} bytes, sha256 {}; expected {} bytes, sha256 {}): the backup is damaged",
                dir.join(name).display(),
                found.bytes,
                found.sha256,
                expected.bytes,
                expected.sha256
            )));
        }
    }
    Ok(manifest)
}

fn copy_private(from: &Path, to: &Path) -> Result<(), CliError> {
    let bytes = std::fs::read(from).map_err(|e| failed("cannot read", from, e))?;
    let _ = std::fs::remove_file(to);
    write_private(to, &bytes)
}

async fn check_restored(staged: &Path) -> Result<(), CliError> {
    let url = format!("sqlite://{}?mode=rw", staged.display());
    let store = Store::open(&url).await?;
    let problems = store.integrity_problems().await;
    store.close().await;
    let problems = problems?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::Failed(format!(
            "the backup's database fails SQLite's integrity check: {}",
            problems.join("; ")
        )))
    }
}

/// Moves the current database (and its WAL files) and key aside, then puts the restored ones in
/// place; returns where the old ones went, if there were any.
fn swap_in(
    data_dir: &Path,
    backup: &Path,
    staged: &Path,
    force: bool,
) -> Result<Option<PathBuf>, CliError> {
    let current: Vec<&str> = [DATABASE_FILE, "warden.db-wal", "warden.db-shm", KEY_FILE]
        .into_iter()
        .filter(|name| data_dir.join(name).exists())
        .collect();
    let aside = if current.is_empty() {
        None
    } else {
        if !force {
            let _ = std::fs::remove_file(staged);
            return Err(CliError::Usage(format!(
                "{} already holds a database: add --force to replace it (the current files are moved aside, not deleted)",
                data_dir.display()
            )));
        }
        let aside = data_dir.join(format!("before-restore-{}", now()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&aside)
            .map_err(|e| failed("cannot create", &aside, e))?;
        for name in current {
            std::fs::rename(data_dir.join(name), aside.join(name))
                .map_err(|e| failed("cannot move aside", &data_dir.join(name), e))?;
        }
        Some(aside)
    };
    let database = data_dir.join(DATABASE_FILE);
    std::fs::rename(staged, &database).map_err(|e| failed("cannot put in place", &database, e))?;
    let key = backup.join(KEY_FILE);
    if key.exists() {
        copy_private(&key, &data_dir.join(KEY_FILE))?;
    }
    Ok(aside)
}
