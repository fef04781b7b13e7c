//! Where the data lives: the directory's ownership and modes, the database and its schema, the
//! clock against what was recorded, and free space.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use warden_store::{Store, known_schema_version, redact_url};

use super::Verdict;
use crate::auth::signing_key::KEY_FILE;
use crate::config::Config;

/// Below this much free space where the data lives, the database and backups are at risk.
pub const MIN_FREE_BYTES: u64 = 512 * 1024 * 1024;
/// No clock reading before this (2025-06-01 UTC) is sane: this build did not exist yet.
pub const CLOCK_FLOOR: i64 = 1_748_736_000;
/// How far the clock may be behind the newest record before it counts as gone back (a record
/// written by another host of a PostgreSQL deployment may be a little ahead).
pub const CLOCK_SLACK_SECS: i64 = 300;

/// The SQLite file of the default configuration, when the database is that file.
fn sqlite_file(config: &Config) -> Option<PathBuf> {
    match &config.database_url {
        None => Some(config.data_dir.join("warden.db")),
        Some(url) => url
            .strip_prefix("sqlite://")
            .map(|rest| PathBuf::from(rest.split('?').next().unwrap_or(rest))),
    }
}

/// Opens the configured database without migrating it; `None` when it is a SQLite file that
/// does not exist yet (the first start creates it). The error says what failed, password hidden.
pub async fn open_for_inspection(config: &Config) -> Result<Option<Store>, String> {
    if let Some(file) = sqlite_file(config)
        && !file.exists()
    {
        if let Some(parent) = file.parent()
            && let Some(kind) = crate::server::not_a_directory(parent)
        {
            return Err(format!(
                "{} is {kind}, not a directory: {} cannot be created there",
                parent.display(),
                file.display()
            ));
        }
        return Ok(None);
    }
    let url = config.effective_database_url();
    Store::open_read_only(&url)
        .await
        .map(Some)
        .map_err(|e| format!("{}: {e}", redact_url(&url)))
}

pub async fn database(config: &Config, store: Result<Option<&Store>, String>) -> Verdict {
    let store = match store {
        Err(e) => return Verdict::failed(format!("cannot open the database: {e}")),
        Ok(None) => {
            return Verdict::ok(format!(
                "sqlite: no database yet at {}; the first start creates it (schema {})",
                sqlite_file(config).unwrap_or_default().display(),
                known_schema_version()
            ));
        }
        Ok(Some(store)) => store,
    };
    let backend = store.backend().as_str();
    if let Err(e) = store.ping().await {
        return Verdict::failed(format!("{backend}: not answering: {e}"));
    }
    match store.schema_status().await {
        Err(e) => Verdict::failed(format!("{backend}: cannot read the schema version: {e}")),
        Ok(status) if status.is_newer_than_this_build() => Verdict::failed(format!(
            "{backend}: schema {} was written by a newer Warden (this one knows up to {}): run that version, or restore a backup made before the upgrade",
            status.applied.unwrap_or_default(),
            status.known
        )),
        Ok(status) if status.pending() > 0 => Verdict::ok(format!(
            "{backend}: schema {} of {}; the next start applies {} migration(s) (back up first: warden backup)",
            status.applied.unwrap_or_default(),
            status.known,
            status.pending()
        )),
        Ok(status) => Verdict::ok(format!(
            "{backend}: answers, schema {} (current)",
            status.known
        )),
    }
}

pub async fn data_dir(config: &Config) -> Verdict {
    let dir = config.data_dir.clone();
    let uses_sqlite = sqlite_file(config).is_some_and(|f| f.starts_with(&dir));
    tokio::task::spawn_blocking(move || inspect_data_dir(&dir, uses_sqlite))
        .await
        .unwrap_or_else(|e| Verdict::failed(format!("the check stopped: {e}")))
}

fn inspect_data_dir(dir: &Path, uses_sqlite: bool) -> Verdict {
    let me = rustix::process::geteuid().as_raw();
    let meta = match std::fs::metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = nearest_existing(dir);
            return match rustix::fs::access(&parent, rustix::fs::Access::WRITE_OK) {
                Ok(()) => Verdict::ok(format!(
                    "{} does not exist yet; the first start creates it with mode 0700",
                    dir.display()
                )),
                Err(e) => Verdict::failed(format!(
                    "{} does not exist and {} is not writable for uid {me} ({e}): create it, owned by the user Warden runs as",
                    dir.display(),
                    parent.display()
                )),
            };
        }
        Err(e) => return Verdict::failed(format!("cannot read {}: {e}", dir.display())),
    };
    if let Some(kind) = crate::server::not_a_directory(dir) {
        return Verdict::failed(format!(
            "{} is {kind}, not a directory: move it away, or set data_dir (WARDEN_DATA_DIR) to a directory",
            dir.display()
        ));
    }
    let mode = meta.permissions().mode() & 0o777;
    if meta.uid() != me {
        return Verdict::failed(format!(
            "{} is owned by uid {}, but Warden runs as uid {me}: chown it to that user",
            dir.display(),
            meta.uid()
        ));
    }
    if mode & 0o077 != 0 {
        return Verdict::failed(format!(
            "{} has mode {mode:04o}: other users can reach the database and the signing key; chmod 700 it",
            dir.display()
        ));
    }
    let mut files = vec![KEY_FILE];
    if uses_sqlite {
        files.extend(["warden.db", "warden.db-wal", "warden.db-shm"]);
    }
    for name in files {
        let path = dir.join(name);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            return Verdict::failed(format!("{} is not a regular file", path.display()));
        }
        if meta.uid() != me {
            return Verdict::failed(format!(
                "{} is owned by uid {}, but Warden runs as uid {me}: it cannot be written; chown it",
                path.display(),
                meta.uid()
            ));
        }
        let mode = meta.permissions().mode() & 0o777;
        if name == KEY_FILE && mode & 0o077 != 0 {
            return Verdict::failed(format!(
                "{} has mode {mode:04o}: other users could mint tokens; chmod 600 it",
                path.display()
            ));
        }
    }
    if let Err(e) = crate::server::probe_writable(dir) {
        return Verdict::failed(format!(
            "{} is not writable ({e}): the database and the signing key cannot be written; mount it read-write or free space on it",
            dir.display()
        ));
    }
    Verdict::ok(format!(
        "{} is owned by uid {me} with mode {mode:04o}, and so are its files",
        dir.display()
    ))
}

/// The directory itself or its nearest ancestor that exists.
fn nearest_existing(dir: &Path) -> PathBuf {
    dir.ancestors()
        .find(|p| p.exists())
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
}

pub async fn clock(store: Result<Option<&Store>, String>) -> Verdict {
    let now = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(elapsed) => i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX),
        Err(_) => return Verdict::failed("the clock is before 1970"),
    };
    let shown = crate::cli::timestamp(now);
    if now < CLOCK_FLOOR {
        return Verdict::failed(format!(
            "the clock says {shown}, before this Warden was built: set the time (NTP)"
        ));
    }
    let newest = match store {
        Ok(Some(store)) => match store.newest_record_at().await {
            Ok(newest) => newest,
            Err(e) => return Verdict::failed(format!("cannot read the newest record: {e}")),
        },
        // The database check reports why it cannot be read; the clock is judged without it.
        Ok(None) | Err(_) => None,
    };
    match newest {
        Some(newest) if now + CLOCK_SLACK_SECS < newest => Verdict::failed(format!(
            "the clock says {shown}, {} s behind the newest record ({}): it went back; tokens and approvals would outlive their expiry. Set the time (NTP)",
            newest - now,
            crate::cli::timestamp(newest)
        )),
        Some(newest) => Verdict::ok(format!(
            "{shown}; not behind the newest record ({})",
            crate::cli::timestamp(newest)
        )),
        None => Verdict::ok(format!("{shown}; nothing recorded yet to compare with")),
    }
}

pub async fn disk(config: &Config) -> Verdict {
    let dir = nearest_existing(&config.data_dir);
    tokio::task::spawn_blocking(move || match rustix::fs::statvfs(&dir) {
        Ok(stat) => {
            let free = stat.f_bavail.saturating_mul(stat.f_frsize);
            let total = stat.f_blocks.saturating_mul(stat.f_frsize);
            let text = format!(
                "{} free of {} at {}",
                human_bytes(free),
                human_bytes(total),
                dir.display()
            );
            if free < MIN_FREE_BYTES {
                Verdict::failed(format!(
                    "{text}: below {}, the database and backups may fail to write",
                    human_bytes(MIN_FREE_BYTES)
                ))
            } else {
                Verdict::ok(text)
            }
        }
        Err(e) => Verdict::failed(format!("cannot read free space at {}: {e}", dir.display())),
    })
    .await
    .unwrap_or_else(|e| Verdict::failed(format!("the check stopped: {e}")))
}

fn human_bytes(bytes: u64) -> String {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    const MIB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= GIB {
        format!("{:.1} GiB", b / GIB)
    } else {
        format!("{:.1} MiB", b / MIB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_bytes(8 * 1024 * 1024), "8.0 MiB");
        assert_eq!(human_bytes(3 * 1024 * 1024 * 1024 / 2), "1.5 GiB");
    }

    #[test]
    fn the_sqlite_file_comes_from_the_url_or_the_data_dir() {
        let mut config = Config::with_data_dir("/var/lib/warden");
        assert_eq!(
            sqlite_file(&config),
            Some(PathBuf::from("/var/lib/warden/warden.db"))
        );
        config.database_url = Some("sqlite:///srv/w.db?mode=rwc".to_owned());
        assert_eq!(sqlite_file(&config), Some(PathBuf::from("/srv/w.db")));
        config.database_url = Some("postgres://u@h/db".to_owned());
        assert_eq!(sqlite_file(&config), None);
    }
}
