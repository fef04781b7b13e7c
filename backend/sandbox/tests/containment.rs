//! Real contained runs on this host (root, landlock): whatever a contained program tries, the
//! host is unchanged afterwards; and what operators read with low-risk commands still works.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use warden_sandbox::{
    Containment, ContainmentError, ContainmentSettings, Host, Pipeline, SandboxError,
    SandboxOutput, run_pipeline,
};

async fn containment(hidden: &[&Path]) -> Arc<Containment> {
    Containment::start(ContainmentSettings {
        hidden: hidden.iter().map(|p| p.to_path_buf()).collect(),
        ..ContainmentSettings::default()
    })
    .await
    .expect("this machine contains (root, landlock ABI 6+, setpriv)")
}

fn stages(line: &[&[&str]]) -> Vec<Vec<String>> {
    line.iter()
        .map(|stage| stage.iter().map(|s| (*s).to_owned()).collect())
        .collect()
}

async fn contained_in(
    containment: &Arc<Containment>,
    line: &[&[&str]],
) -> Result<SandboxOutput, SandboxError> {
    run_pipeline(
        Host::Contained(containment.clone()),
        &Pipeline {
            stages: stages(line),
            wall: Duration::from_secs(20),
            output_cap: 64 * 1024,
        },
    )
    .await
}

async fn contained(line: &[&[&str]]) -> SandboxOutput {
    contained_in(&containment(&[]).await, line).await.unwrap()
}

/// A directory anyone may write: only containment stands between a program and it.
fn open_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

fn host(cmd: &str) -> String {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test]
async fn files_cannot_be_created_written_truncated_removed_or_renamed() {
    let dir = open_dir();
    let file = dir.path().join("config.txt");
    std::fs::write(&file, "original\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let file_text = file.display().to_string();
    for attempt in [
        vec!["touch", &path("created")],
        vec!["mkdir", &path("made")],
        vec!["truncate", "-s", "0", &file_text],
        vec!["rm", "-f", &file_text],
        vec!["mv", &file_text, &path("moved")],
        vec!["ln", "-s", &file_text, &path("link")],
        vec!["cp", &file_text, &path("copy")],
        vec!["sed", "-i", "s/original/changed/", &file_text],
        vec!["dd", "if=/dev/zero", &format!("of={file_text}"), "count=1"],
    ] {
        let out = contained(&[&attempt]).await;
        assert_ne!(out.exit_code, Some(0), "{attempt:?} succeeded: {out:?}");
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["config.txt"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "original\n");
    // Nor its metadata, even where file permissions would allow it (a file the contained user
    // owns, world-writable).
    let owned = dir.path().join("owned.txt");
    std::fs::write(&owned, "mine\n").unwrap();
    std::fs::set_permissions(&owned, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::os::unix::fs::chown(&owned, Some(65534), Some(65534)).unwrap();
    let before = std::fs::metadata(&owned).unwrap();
    let owned_text = owned.display().to_string();
    for attempt in [
        vec!["chmod", "777", &owned_text],
        vec!["touch", "-d", "2001-01-01", &owned_text],
        vec!["touch", &owned_text],
    ] {
        let out = contained(&[&attempt]).await;
        assert_ne!(out.exit_code, Some(0), "{attempt:?} succeeded: {out:?}");
    }
    let after = std::fs::metadata(&owned).unwrap();
    assert_eq!(
        (after.permissions().mode(), after.modified().unwrap()),
        (before.permissions().mode(), before.modified().unwrap())
    );
    // Devices: /dev/null takes writes, a disk does not.
    let out = contained(&[&["dd", "if=/dev/zero", "of=/dev/null", "count=1"]]).await;
    assert_eq!(out.exit_code, Some(0), "{out:?}");
}

#[tokio::test]
async fn the_clock_the_host_name_and_the_kernel_log_stay_as_they_are() {
    let name = host("cat /proc/sys/kernel/hostname");
    let out = contained(&[&["hostname", "contained-was-here"]]).await;
    assert_ne!(out.exit_code, Some(0), "{out:?}");
    assert_eq!(host("cat /proc/sys/kernel/hostname"), name);

    let before = std::time::SystemTime::now();
    let out = contained(&[&["date", "-s", "2001-01-01 00:00:00"]]).await;
    assert_ne!(out.exit_code, Some(0), "{out:?}");
    let year = host("date +%Y").parse::<u32>().unwrap();
    assert!(year >= 2025, "the clock moved to {year}");
    assert!(std::time::SystemTime::now() >= before);

    // dmesg reads (CAP_SYSLOG through /dev/kmsg) but cannot clear.
    let lines_before = host("dmesg | wc -l").parse::<u64>().unwrap();
    assert!(lines_before > 0);
    let out = contained(&[&["dmesg"]]).await;
    assert_eq!(out.exit_code, Some(0), "{out:?}");
    assert!(out.stdout.lines().count() > 0);
    let out = contained(&[&["dmesg", "--clear"]]).await;
    assert_ne!(out.exit_code, Some(0), "{out:?}");
    assert!(host("dmesg | wc -l").parse::<u64>().unwrap() >= lines_before);
}

#[tokio::test]
async fn hidden_paths_and_other_processes_secrets_cannot_be_read() {
    // Readable by anyone as far as file modes go: only the hiding stops the read.
    let data = open_dir();
    let key = data.path().join("jwt-signing.key");
    std::fs::write(&key, "secret-key\n").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let containment = containment(&[data.path()]).await;
    let out = contained_in(&containment, &[&["cat", &key.display().to_string()]])
        .await
        .unwrap();
    assert_ne!(out.exit_code, Some(0), "{out:?}");
    assert!(!out.stdout.contains("secret-key"));
    // Nor through a symbolic link that points into it.
    let elsewhere = open_dir();
    let link = elsewhere.path().join("innocent");
    std::os::unix::fs::symlink(&key, &link).unwrap();
    let out = contained_in(&containment, &[&["cat", &link.display().to_string()]])
        .await
        .unwrap();
    assert!(!out.stdout.contains("secret-key"), "{out:?}");
    for secret in ["/etc/shadow", "/etc/gshadow", "/root/.bashrc"] {
        let out = contained_in(&containment, &[&["cat", secret]])
            .await
            .unwrap();
        assert_ne!(out.exit_code, Some(0), "{secret}: {out:?}");
    }
    // Another process's environment and memory, even one of the contained user itself.
    let mut other = std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "sleep",
            "30",
        ])
        .env("WARDEN_TEST_SECRET", "hunter2")
        .spawn()
        .unwrap();
    for file in ["environ", "mem"] {
        let path = format!("/proc/{}/{file}", other.id());
        let out = contained_in(&containment, &[&["cat", &path]])
            .await
            .unwrap();
        assert_ne!(out.exit_code, Some(0), "{path}: {out:?}");
        assert!(!out.stdout.contains("hunter2"));
    }
    // Its own environment is readable (PATH and LANG only).
    let own = contained_in(&containment, &[&["cat", "/proc/self/environ"]])
        .await
        .unwrap();
    assert_eq!(
        own.stdout.split('\0').filter(|s| !s.is_empty()).count(),
        2,
        "{own:?}"
    );
    other.kill().unwrap();
    other.wait().unwrap();
    // Readable things stay readable.
    let out = contained_in(&containment, &[&["cat", "/etc/hostname"]])
        .await
        .unwrap();
    assert_eq!(out.exit_code, Some(0), "{out:?}");
    assert_eq!(out.stdout.trim(), host("cat /etc/hostname"));
}

#[tokio::test]
async fn signals_reach_only_the_runs_own_processes() {
    // The victim runs as the contained user itself: only landlock's scope protects it.
    let mut victim = std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "sleep",
            "30",
        ])
        .spawn()
        .unwrap();
    let pid = victim.id().to_string();
    let out = contained(&[&["kill", "-9", &pid]]).await;
    assert_ne!(out.exit_code, Some(0), "{out:?}");
    assert_eq!(victim.try_wait().unwrap(), None, "the victim was killed");
    victim.kill().unwrap();
    victim.wait().unwrap();
    // Its own child, though, it may signal.
    let out = contained(&[&["timeout", "--foreground", "-s", "KILL", "1", "sleep", "5"]]).await;
    assert_eq!(out.exit_code, Some(137), "{out:?}");
}

#[tokio::test]
async fn setuid_programs_gain_nothing_and_no_capability_is_left() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let id = dir.path().join("id");
    std::fs::copy("/usr/bin/id", &id).unwrap();
    std::fs::set_permissions(&id, std::fs::Permissions::from_mode(0o4755)).unwrap();
    let out = contained(&[&[&id.display().to_string(), "-u"]]).await;
    assert_eq!(
        (out.exit_code, out.stdout.trim()),
        (Some(0), "65534"),
        "{out:?}"
    );
    let out = contained(&[&[
        "grep",
        "-E",
        "^(Cap|NoNewPrivs|Seccomp:)",
        "/proc/self/status",
    ]])
    .await;
    assert_eq!(
        out.stdout,
        "CapInh:\t0000000400000000\nCapPrm:\t0000000400000000\nCapEff:\t0000000400000000\n\
         CapBnd:\t0000000400000000\nCapAmb:\t0000000400000000\nNoNewPrivs:\t1\nSeccomp:\t2\n"
    );
}

#[tokio::test]
async fn internet_sockets_of_protocols_landlock_does_not_cover_are_refused() {
    // MPTCP (262) and SCTP (132) stream sockets would connect and listen past landlock's TCP
    // rights; plain TCP and UDP sockets can still be made (TCP then cannot connect).
    let script = "import socket\n\
        for proto in (262, 132):\n\
        \x20   try:\n\
        \x20       socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)\n\
        \x20       print('opened', proto)\n\
        \x20   except OSError as e:\n\
        \x20       print('refused', proto, e.errno)\n\
        socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)\n\
        socket.socket(socket.AF_INET6, socket.SOCK_DGRAM, 0)\n\
        print('tcp and udp sockets made')\n";
    let out = contained(&[&["python3", "-c", script]]).await;
    assert_eq!(
        out.stdout,
        format!(
            "refused 262 {eperm}\nrefused 132 {eperm}\ntcp and udp sockets made\n",
            eperm = libc::EPERM
        ),
        "{out:?}"
    );
}

#[tokio::test]
async fn no_tcp_connection_and_no_docker_socket() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let script = format!("exec 3<>/dev/tcp/127.0.0.1/{port} && echo connected");
    let out = contained(&[&["bash", "-c", &script]]).await;
    assert_ne!(out.exit_code, Some(0), "{out:?}");
    assert!(!out.stdout.contains("connected"));
    if Path::new("/var/run/docker.sock").exists() {
        let out = contained(&[&[
            "curl",
            "-s",
            "--unix-socket",
            "/var/run/docker.sock",
            "http://localhost/version",
        ]])
        .await;
        assert!(!out.stdout.contains("ApiVersion"), "{out:?}");
    }
}

#[tokio::test]
async fn pipelines_answer_with_the_hosts_truth() {
    let marker = format!("warden-marker-{}", std::process::id());
    let mut sleeper = std::process::Command::new("bash")
        .args(["-c", &format!("exec -a {marker} sleep 30")])
        .spawn()
        .unwrap();
    let out = contained(&[&["ps", "aux"], &["grep", &marker], &["grep", "-v", "grep"]]).await;
    assert_eq!(out.exit_code, Some(0), "{out:?}");
    assert_eq!(out.stdout.lines().count(), 1, "{out:?}");
    assert!(out.stdout.contains(&sleeper.id().to_string()));
    sleeper.kill().unwrap();
    sleeper.wait().unwrap();

    let out = contained(&[&["df", "-h"], &["head", "-3"]]).await;
    assert_eq!(out.exit_code, Some(0), "{out:?}");
    assert_eq!(out.stdout.lines().count(), 3);
    assert_eq!(
        out.stdout.lines().nth(1),
        host("df -h | head -3").lines().nth(1)
    );
    assert!(
        !out.stdout.contains("8.0E"),
        "gVisor's view: {}",
        out.stdout
    );

    // Exit status of the last stage, stderr of all.
    let out = contained(&[&["ls", "/no/such/dir"], &["wc", "-l"]]).await;
    assert_eq!((out.exit_code, out.stdout.trim()), (Some(0), "0"));
    assert!(out.stderr.contains("/no/such/dir"), "{out:?}");
    let out = contained(&[&["echo", "x"], &["false"]]).await;
    assert_eq!(out.exit_code, Some(1));
    // A stage that never ends by itself is stopped once the last one has answered.
    let started = Instant::now();
    let out = contained(&[&["yes"], &["head", "-2"]]).await;
    assert_eq!(out.stdout, "y\ny\n");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_pipeline_past_its_time_is_killed_whole() {
    let containment = containment(&[]).await;
    let marker = format!("{}", 400 + std::process::id() % 100);
    let started = Instant::now();
    let result = run_pipeline(
        Host::Contained(containment),
        &Pipeline {
            stages: stages(&[&["sleep", &marker], &["cat"]]),
            wall: Duration::from_secs(1),
            output_cap: 1024,
        },
    )
    .await;
    assert_eq!(result, Err(SandboxError::Timeout(1)));
    assert!(started.elapsed() < Duration::from_secs(5));
    // Nothing of it is left.
    for _ in 0..50 {
        if host(&format!("pgrep -f '^sleep {marker}$' || true")).is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the pipeline's processes outlived its time limit");
}

#[tokio::test]
async fn operators_everyday_commands_still_work() {
    for line in [
        vec!["ps", "aux"],
        vec!["df", "-h"],
        vec!["free", "-m"],
        vec!["ip", "addr"],
        vec!["ss", "-tlnp"],
        vec!["uptime"],
        vec!["cat", "/proc/loadavg"],
        vec!["journalctl", "-n", "5", "--no-pager"],
        vec!["ls", "-la", "/var/log"],
    ] {
        let out = contained(&[&line]).await;
        assert_eq!(out.exit_code, Some(0), "{line:?}: {out:?}");
    }
}

#[tokio::test]
async fn a_missing_program_or_setpriv_is_said_plainly() {
    let containment = containment(&[]).await;
    let result = contained_in(&containment, &[&["no-such-program-here"]]).await;
    assert!(
        matches!(&result, Err(SandboxError::Spawn { kind, .. }) if *kind == std::io::ErrorKind::NotFound),
        "{result:?}"
    );
    let missing = Containment::new(&ContainmentSettings {
        setpriv: "/nonexistent/setpriv".into(),
        ..ContainmentSettings::default()
    });
    assert!(
        matches!(missing, Err(ContainmentError::NoSetpriv(_))),
        "{missing:?}"
    );
}

#[tokio::test]
async fn rules_follow_the_file_system_as_it_changes() {
    // A hidden file's directory is walked entry by entry: what appears in it later, or replaces
    // an entry, must be readable at the next run (and the hidden file stays hidden).
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let secret = dir.path().join("secret.txt");
    let config = dir.path().join("config.txt");
    for (path, text) in [(&secret, "hidden\n"), (&config, "first\n")] {
        std::fs::write(path, text).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let containment = containment(&[&secret]).await;
    assert!(
        containment
            .hidden_paths()
            .unwrap()
            .contains(&secret.canonicalize().unwrap()),
        "{:?}",
        containment.hidden_paths()
    );
    let read = |path: &Path| {
        let path = path.display().to_string();
        let containment = containment.clone();
        async move {
            contained_in(&containment, &[&["cat", &path]])
                .await
                .unwrap()
        }
    };
    assert_eq!(read(&config).await.stdout, "first\n");
    // Replaced by a rename: a new inode.
    let replacement = dir.path().join(".config.new");
    std::fs::write(&replacement, "second\n").unwrap();
    std::fs::set_permissions(&replacement, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::rename(&replacement, &config).unwrap();
    assert_eq!(read(&config).await.stdout, "second\n");
    let added = dir.path().join("added.txt");
    std::fs::write(&added, "new\n").unwrap();
    std::fs::set_permissions(&added, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(read(&added).await.stdout, "new\n");
    let hidden = read(&secret).await;
    assert_ne!(hidden.exit_code, Some(0), "{hidden:?}");
    assert_eq!(hidden.stdout, "");
}

#[tokio::test]
async fn only_the_standard_streams_are_inherited() {
    // A file open without close-on-exec, as a C library or Warden's own parent may leave one.
    let file = tempfile::NamedTempFile::new().unwrap();
    let inherited = std::fs::File::open(file.path()).unwrap();
    rustix::io::fcntl_setfd(&inherited, rustix::io::FdFlags::empty()).unwrap();
    let out = contained(&[&["ls", "/proc/self/fd"]]).await;
    assert_eq!(out.stdout, "0\n1\n2\n3\n", "{out:?}");
    drop(inherited);
}

/// A repository Warden's user (root) owns, readable by everyone, with one commit.
fn repository(message: &str) -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    std::fs::set_permissions(repo.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = repo.path().display().to_string();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-C", &path])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    git(&["init", "-q"]);
    std::fs::write(repo.path().join("README"), "hello\n").unwrap();
    git(&["add", "README"]);
    git(&[
        "-c",
        "user.name=Warden Test",
        "-c",
        "user.email=test@example.invalid",
        "commit",
        "-q",
        "-m",
        message,
    ]);
    repo
}

#[tokio::test]
async fn contained_git_reads_repositories_warden_owns_and_no_others() {
    let message = format!("warden-contained-commit-{}", std::process::id());
    let repo = repository(&message);
    let path = repo.path().display().to_string();
    let containment = containment(&[]).await;
    // Run as the contained user, git would call a root-owned repository dubious.
    let log = contained_in(&containment, &[&["git", "-C", &path, "log", "--oneline"]])
        .await
        .unwrap();
    assert_eq!(
        (log.exit_code, log.stderr.as_str()),
        (Some(0), ""),
        "{log:?}"
    );
    assert_eq!(log.stdout.lines().count(), 1, "{log:?}");
    assert!(log.stdout.trim_end().ends_with(&message), "{log:?}");
    let status = contained_in(
        &containment,
        &[&["git", "-C", &path, "status", "--short", "--branch"]],
    )
    .await
    .unwrap();
    assert_eq!(status.exit_code, Some(0), "{status:?}");
    assert!(status.stdout.starts_with("## "), "{status:?}");
    // From a subdirectory too, and in a pipeline.
    std::fs::create_dir(repo.path().join("docs")).unwrap();
    let sub = format!("{path}/docs");
    let piped = contained_in(
        &containment,
        &[&["git", "-C", &sub, "log", "--format=%s"], &["head", "-1"]],
    )
    .await
    .unwrap();
    assert_eq!(piped.stdout.trim(), message, "{piped:?}");
    // A repository someone else owns stays dubious, as it would be to Warden itself.
    let theirs = repository("theirs");
    let theirs_path = theirs.path().display().to_string();
    assert_eq!(
        host(&format!("chown -R 12345 {theirs_path} && echo ok")),
        "ok"
    );
    let refused = contained_in(&containment, &[&["git", "-C", &theirs_path, "log"]])
        .await
        .unwrap();
    assert_ne!(refused.exit_code, Some(0), "{refused:?}");
    assert!(refused.stderr.contains("dubious ownership"), "{refused:?}");
    // The caller's configuration never arrives: only Warden's own safe.directory.
    assert!(!refused.stdout.contains("theirs"), "{refused:?}");
}

#[tokio::test]
async fn recursive_readers_walk_past_hidden_paths() {
    // A tree with an ordinary file, a planted secret in a hidden directory, a link to it and
    // a hidden file of its own; every file is readable by anyone as far as modes go.
    let marker = format!("warden-recursive-marker-{}", std::process::id());
    let tree = open_dir();
    let root = tree.path();
    std::fs::write(root.join("app.log"), format!("{marker} ordinary\n")).unwrap();
    let vault = root.join("vault");
    std::fs::create_dir(&vault).unwrap();
    std::fs::set_permissions(&vault, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(vault.join("token"), format!("{marker} secret-in-vault\n")).unwrap();
    std::os::unix::fs::symlink(vault.join("token"), root.join("innocent")).unwrap();
    std::fs::write(root.join("id_rsa"), format!("{marker} secret-key-file\n")).unwrap();
    for file in ["app.log", "vault/token", "id_rsa"] {
        std::fs::set_permissions(root.join(file), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let containment = containment(&[&vault, &root.join("id_rsa")]).await;
    let root_text = root.display().to_string();
    for line in [
        vec!["grep", "-r", marker.as_str(), root_text.as_str()],
        vec!["grep", "-R", marker.as_str(), root_text.as_str()],
        vec!["rg", "-uu", "-L", marker.as_str(), root_text.as_str()],
        vec![
            "grep",
            "--dereference-recursive",
            marker.as_str(),
            root_text.as_str(),
        ],
    ] {
        if host(&format!("command -v {}", line[0])).is_empty() {
            // rg is optional on a host; grep is not.
            assert_eq!(line[0], "rg", "{line:?}");
            continue;
        }
        let out = contained_in(&containment, &[&line]).await.unwrap();
        assert!(out.stdout.contains("ordinary"), "{line:?}: {out:?}");
        assert!(!out.stdout.contains("secret"), "{line:?}: {out:?}");
    }
    // The host's own secrets, walked into from above.
    let out = contained_in(&containment, &[&["grep", "-rs", "root:", "/etc"]])
        .await
        .unwrap();
    assert!(out.stdout.contains("/etc/passwd:root:"), "{out:?}");
    for secret in ["/etc/shadow", "/etc/gshadow", "/etc/sudoers"] {
        assert!(
            !out.stdout.contains(&format!("{secret}:")),
            "{secret}: {out:?}"
        );
    }
    // diff -r compares what it can read: the hidden side is not there.
    let copy = open_dir();
    std::fs::write(copy.path().join("app.log"), "changed\n").unwrap();
    let out = contained_in(
        &containment,
        &[&[
            "diff",
            "-rN",
            &root_text,
            &copy.path().display().to_string(),
        ]],
    )
    .await
    .unwrap();
    assert!(out.stdout.contains("ordinary"), "{out:?}");
    assert!(!out.stdout.contains("secret"), "{out:?}");
}
