//! Databases and their dumps, by name: a dump (`db.sql`, `all.sql.gz`, `pg.dump`, a mongodump's
//! `.bson`, redis' `dump.rdb` and `appendonly.aof`) and a database file (SQLite's `.sqlite`,
//! `.sqlite3`, `.db3`; KeePass' `.kdbx`; Access' `.mdb`) hold every row, the users' password
//! hashes, sessions and API tokens among them, in shapes redaction does not know (a column of
//! a row, a value in a binary page). Django's settings modules (`settings.py`,
//! `local_settings.py`) hold `SECRET_KEY` and the database password, and ansible's inventory
//! variables (`group_vars/`, `host_vars/`) the hosts' passwords where no vault hides them.
//! Reading one is high on both paths; naming them (`ls`, `stat`, `du`) stays low.

use std::path::Path;

/// Extensions of dumps and database files (compared without case).
const EXTENSIONS: &[&str] = &[
    "dump", "pgdump", "bson", "rdb", "aof", "sqlite", "sqlite3", "db3", "kdbx", "mdb", "accdb",
];

/// Words that make an SQL file a dump rather than a schema or a migration a repository keeps
/// (`schema.sql`, `0001_init.sql`, `db/structure.sql` stay what they are), in its name
/// (`dump.sql`, `backup-2024.sql`, `db.sql`, `all-databases.sql`).
const DUMP_WORDS: &[&str] = &[
    "dump",
    "dumps",
    "backup",
    "backups",
    "bak",
    "bkp",
    "all",
    "full",
    "db",
    "database",
    "databases",
    "data",
    "prod",
    "production",
    "export",
    "snapshot",
];

/// Words that make a directory's SQL files dumps (`/srv/backups/app.sql`, `dumps/x.sql`).
const DUMP_DIR_WORDS: &[&str] = &[
    "dump",
    "dumps",
    "backup",
    "backups",
    "bak",
    "bkp",
    "export",
    "exports",
    "snapshot",
    "snapshots",
];

/// Compressions a dump is kept under (`all.sql.gz` is `all.sql`).
const COMPRESSIONS: &[&str] = &[
    "gz", "bz2", "xz", "zst", "lz4", "lzma", "z", "br", "lz", "lzo",
];

/// Names of settings modules that hold a site's secret key and database password.
const SETTINGS_NAMES: &[&str] = &["settings.py", "local_settings.py", "settings_local.py"];

/// Directories whose every file is an inventory's variables.
const INVENTORY_DIRS: &[&str] = &["group_vars", "host_vars"];

/// Why reading `path` prints a database or a site's credentials, if it may.
pub(super) fn database_or_settings(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let mut stem = name.as_str();
    while let Some((rest, ext)) = stem.rsplit_once('.')
        && COMPRESSIONS.contains(&ext)
        && !rest.is_empty()
    {
        stem = rest;
    }
    let compressed = stem.len() < name.len();
    if let Some((base, ext)) = stem.rsplit_once('.')
        && !base.is_empty()
        && (EXTENSIONS.contains(&ext) || (ext == "sql" && (compressed || sql_dump(path, base))))
    {
        return Some(format!(
            "{} is a database or its dump: every row, users' password hashes and tokens among them",
            path.display()
        ));
    }
    if SETTINGS_NAMES.contains(&name.as_str()) {
        return Some(format!(
            "{} is a site's settings module, with its secret key and database password",
            path.display()
        ));
    }
    let under_inventory = path.ancestors().skip(1).any(|dir| {
        dir.file_name()
            .is_some_and(|d| INVENTORY_DIRS.contains(&d.to_string_lossy().as_ref()))
    });
    under_inventory.then(|| {
        format!(
            "{} holds an inventory's variables, the hosts' passwords where no vault hides them",
            path.display()
        )
    })
}

/// Whether an SQL file named `base.sql` is a dump: a word of [`DUMP_WORDS`] in its name, of
/// [`DUMP_DIR_WORDS`] in a directory's, or a date in its name (six digits or more:
/// `app_20240101.sql`).
fn sql_dump(path: &Path, base: &str) -> bool {
    let words = |text: &str, table: &[&str]| -> bool {
        text.to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|word| table.contains(&word))
    };
    let digits = base
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() >= 6);
    digits
        || words(base, DUMP_WORDS)
        || path
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .any(|c| words(&c.as_os_str().to_string_lossy(), DUMP_DIR_WORDS))
}

#[cfg(test)]
mod tests {
    use super::database_or_settings;
    use std::path::Path;

    #[test]
    fn databases_dumps_and_settings_by_name() {
        for path in [
            "/srv/backup/db.sql",
            "/srv/app/dump.sql",
            "/srv/app/db.sql",
            "/root/all-databases.sql",
            "/srv/app/app_20240101.sql",
            "/srv/backups/app.sql",
            "/srv/app/schema.sql.gz",
            "/srv/backup/db.SQL.gz",
            "/srv/backup/all.sql.xz",
            "/srv/backup/app.dump",
            "/srv/backup/app.pgdump",
            "/srv/mongo/dump/admin/system.users.bson",
            "/srv/redis/dump.rdb",
            "/srv/redis/appendonly.aof",
            "/srv/app/db.sqlite3",
            "/srv/app/storage/database.sqlite",
            "/home/u/passwords.kdbx",
            "/srv/app/mysite/settings.py",
            "/srv/app/local_settings.py",
            "/srv/ansible/group_vars/all.yml",
            "/srv/ansible/inventory/host_vars/web1/vars.yml",
        ] {
            assert!(database_or_settings(Path::new(path)).is_some(), "{path}");
        }
        for path in [
            "/srv/app/schema.rb",
            "/srv/app/schema.sql",
            "/srv/app/migrations/0001_init.sql",
            "/srv/app/db/structure.sql",
            "/srv/app/README.md",
            "/var/log/nginx/access.log",
            "/srv/app/migrations/0001.py",
            "/srv/app/.sql",
            "/srv/app/settings.yml.example",
            "/srv/app/mysql.conf",
            "/srv/app/sql/README",
            "/etc/hosts",
        ] {
            assert!(database_or_settings(Path::new(path)).is_none(), "{path}");
        }
    }
}
