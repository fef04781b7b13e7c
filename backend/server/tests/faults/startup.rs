//! Start-up on what cannot work: each refusal names the path, URL or address and the cause, and
//! exits 1 (2 is for invalid configuration).

use std::io::Write;
use std::net::TcpListener;

use super::support::{Tmpfs, start_fails};

fn assert_refused(root: &std::path::Path, vars: &[(&str, &str)], expected: &[&str]) -> String {
    let (code, stderr) = start_fails(root, vars);
    assert_eq!(code, Some(1), "{stderr}");
    for part in expected {
        assert!(stderr.contains(part), "{part:?} missing from: {stderr}");
    }
    stderr
}

#[test]
fn a_data_directory_on_a_read_only_mount_is_named_with_the_cause() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let _mount = Tmpfs::mount(&data, "size=1m,ro");
    assert_refused(
        root.path(),
        &[],
        &[
            &format!("the data directory {} is not writable", data.display()),
            "Read-only file system",
        ],
    );
}

#[test]
fn a_data_directory_on_a_full_disk_is_named_with_the_cause() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let _mount = Tmpfs::mount(&data, "size=256k");
    let mut filler = std::fs::File::create(data.join("filler")).unwrap();
    while filler.write_all(&[0u8; 4096]).is_ok() {}
    while filler.write_all(&[0u8]).is_ok() {}
    assert_refused(
        root.path(),
        &[],
        &[
            &format!("the data directory {} is not writable", data.display()),
            "No space left on device",
        ],
    );
}

#[test]
fn a_data_directory_that_is_a_file_is_named() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("data"), "not a directory").unwrap();
    assert_refused(
        root.path(),
        &[],
        &[&format!(
            "data_dir (WARDEN_DATA_DIR): {} is a regular file, not a directory",
            root.path().join("data").display()
        )],
    );
}

#[test]
fn a_sqlite_database_on_a_read_only_mount_is_named_with_the_cause() {
    let root = tempfile::tempdir().unwrap();
    let elsewhere = root.path().join("db");
    let _mount = Tmpfs::mount(&elsewhere, "size=1m,ro");
    let url = format!("sqlite://{}/warden.db?mode=rwc", elsewhere.display());
    assert_refused(
        root.path(),
        &[("WARDEN_DATABASE_URL", &url)],
        &[
            &format!("database_url (WARDEN_DATABASE_URL): cannot open the database {url}"),
            "the database file cannot be opened",
        ],
    );
}

#[test]
fn an_unreachable_postgresql_is_named_without_its_password() {
    let root = tempfile::tempdir().unwrap();
    // A port nothing listens on: bind one, then let it go.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://warden:hunter2-secret@127.0.0.1:{port}/warden");
    let stderr = assert_refused(
        root.path(),
        &[("WARDEN_DATABASE_URL", &url)],
        &[
            &format!(
                "database_url (WARDEN_DATABASE_URL): cannot open the database postgres://warden:[redacted]@127.0.0.1:{port}/warden"
            ),
            "the database server is not reachable",
        ],
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[test]
fn an_address_in_use_is_named() {
    let root = tempfile::tempdir().unwrap();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    assert_refused(
        root.path(),
        &[("WARDEN_LISTEN", &addr)],
        &[
            &format!("listen (WARDEN_LISTEN): cannot listen on {addr}"),
            "in use",
        ],
    );
}

/// Every command that opens the store, as an operator types it.
const STORE_COMMANDS: &[&[&str]] = &[
    &["user", "list"],
    &["apikey", "list"],
    &["approvals", "list"],
    &["audit", "verify"],
    &["memory", "status"],
    &["check"],
    &["policy", "explain", "disk_usage", "{}"],
];

/// Runs `args` to its end (bounded): exit code and standard error.
fn command_fails(root: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = super::support::command(root, &[], args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "warden {args:?} did not end within 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_command_that_opens_the_store_names_a_data_directory_that_is_a_file() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    std::fs::write(&data, "not a directory").unwrap();
    let expected = format!(
        "error: data_dir (WARDEN_DATA_DIR): {} is a regular file, not a directory; Warden keeps its database and signing key in a directory there: move it away, or set WARDEN_DATA_DIR to a directory",
        data.display()
    );
    let backup = root.path().join("b");
    let backup_args = ["backup", backup.to_str().unwrap()];
    let restore_args = ["restore", backup.to_str().unwrap()];
    let mut commands: Vec<&[&str]> = STORE_COMMANDS.to_vec();
    commands.extend([&backup_args[..], &restore_args[..]]);
    for args in commands {
        let (code, stderr) = command_fails(root.path(), args);
        // `restore` first reads the backup, which is not there: it names that instead.
        if args[0] == "restore" {
            assert_eq!(code, Some(2), "{args:?}: {stderr}");
            assert!(
                stderr.contains("is not a Warden backup"),
                "{args:?}: {stderr}"
            );
            continue;
        }
        assert_eq!(
            (code, stderr.trim()),
            (Some(1), expected.as_str()),
            "warden {args:?}"
        );
    }
}

#[test]
fn every_command_that_opens_the_store_names_a_read_only_data_directory() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let _mount = Tmpfs::mount(&data, "size=1m,ro");
    let expected = format!(
        "error: data_dir (WARDEN_DATA_DIR): the data directory {} is not writable: it is on a read-only mount (Read-only file system (os error 30)); Warden keeps its database and signing key there: mount it read-write, free space on it, or set WARDEN_DATA_DIR to a writable directory",
        data.display()
    );
    for args in STORE_COMMANDS {
        let (code, stderr) = command_fails(root.path(), args);
        assert_eq!(
            (code, stderr.trim()),
            (Some(1), expected.as_str()),
            "warden {args:?}"
        );
    }
}

#[test]
fn a_missing_policy_directory_and_a_short_signing_key_are_named_with_their_keys() {
    let root = tempfile::tempdir().unwrap();
    let policies = root.path().join("no-policies");
    let data = root.path().join("data");
    // Bad policy is bad configuration: exit 2, refused before anything is created or written.
    let (code, stderr) = start_fails(
        root.path(),
        &[("WARDEN_POLICY_DIR", policies.to_str().unwrap())],
    );
    assert_eq!(
        (code, stderr.trim()),
        (
            Some(2),
            format!(
                "error: invalid configuration: guard.policy_dir (WARDEN_POLICY_DIR): {}: the policy directory does not exist: create it, or point guard.policy_dir at the directory that holds the policy files",
                policies.display()
            )
            .as_str()
        )
    );
    assert!(!data.exists(), "the data directory was created");
    std::fs::create_dir(&policies).unwrap();
    std::fs::write(
        policies.join("site.toml"),
        "version = 1\n[[rule]]\ntool = \"run_command\"\nlevel = \"loud\"\n",
    )
    .unwrap();
    let (code, stderr) = start_fails(
        root.path(),
        &[("WARDEN_POLICY_DIR", policies.to_str().unwrap())],
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: invalid configuration: guard.policy_dir (WARDEN_POLICY_DIR): {}:",
            policies.join("site.toml").display()
        )),
        "{stderr}"
    );
    assert!(!data.exists(), "the data directory was created");

    let data = root.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let key = data.join("jwt-signing.key");
    std::fs::write(&key, "short\n").unwrap();
    std::fs::set_permissions(
        &key,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    )
    .unwrap();
    assert_refused(
        root.path(),
        &[],
        &[&format!(
            "error: data_dir (WARDEN_DATA_DIR): the signing key {} is 6 bytes; at least 32 are needed",
            key.display()
        )],
    );
}
