//! Real runs in gVisor (runsc from Debian, installed by `make test`): gVisor's kernel answers, the
//! network is unreachable, host files are unchanged afterwards, and the limits hold.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use warden_sandbox::{SandboxConfig, SandboxError, SandboxOutput, run, transform};

fn config() -> SandboxConfig {
    SandboxConfig {
        wall: Duration::from_secs(60),
        ..SandboxConfig::default()
    }
}

async fn sandboxed(config: &SandboxConfig, argv: &[&str]) -> Result<SandboxOutput, SandboxError> {
    let argv: Vec<String> = argv.iter().map(|s| (*s).to_owned()).collect();
    run(&transform(config, &argv).unwrap()).await
}

#[tokio::test]
async fn commands_run_under_gvisors_kernel() {
    warden_sandbox::check(&config())
        .await
        .expect("runsc is installed (tests/scripts/services.sh install)");
    let out = sandboxed(&config(), &["uname", "-r"]).await.unwrap();
    assert_eq!(
        (out.exit_code, out.stdout.trim()),
        (Some(0), "4.4.0"),
        "gVisor reports its own kernel: {out:?}"
    );
    let host = std::process::Command::new("uname")
        .arg("-r")
        .output()
        .unwrap();
    assert_ne!(String::from_utf8_lossy(&host.stdout).trim(), "4.4.0");
}

#[tokio::test]
async fn the_network_is_unreachable() {
    // A listener on the host's loopback: the sandbox has its own, empty one.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let script = format!("exec 3<>/dev/tcp/127.0.0.1/{port} && echo connected");
    let out = sandboxed(&config(), &["bash", "-c", &script])
        .await
        .unwrap();
    assert_ne!(out.exit_code, Some(0), "{out:?}");
    assert!(!out.stdout.contains("connected"));
    let links = sandboxed(&config(), &["cat", "/proc/net/dev"])
        .await
        .unwrap();
    let interfaces: Vec<&str> = links
        .stdout
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next())
        .map(str::trim)
        .collect();
    assert_eq!(interfaces, vec!["lo"], "{}", links.stdout);
}

#[tokio::test]
async fn host_files_are_unchanged_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.txt");
    std::fs::write(&file, "original\n").unwrap();
    // Open to the sandbox's unprivileged user, so only the sandbox stands between it and the file.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    let created = dir.path().join("new.txt");
    let script = format!(
        "cat {0} && echo changed > {0} && touch {1} && cat {0} && rm -f {0}",
        file.display(),
        created.display()
    );
    let out = sandboxed(&config(), &["sh", "-c", &script]).await.unwrap();
    assert_eq!(
        (out.exit_code, out.stdout.as_str()),
        (Some(0), "original\nchanged\n"),
        "inside, the writes happened: {out:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "original\n",
        "outside, nothing changed"
    );
    assert!(!created.exists());
}

#[tokio::test]
async fn git_reads_a_repository_another_user_owns() {
    // A deployed checkout owned by root (the test runs as root): the sandbox's nobody would be
    // refused it as "dubious ownership" without the sandbox's own safe.directory.
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("app");
    std::fs::create_dir(&repo).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    git(&["init", "-q"]);
    std::fs::write(repo.join("README"), "hello\n").unwrap();
    git(&["add", "README"]);
    git(&["commit", "-q", "-m", "first commit"]);
    let repo = repo.to_string_lossy().into_owned();
    let out = sandboxed(&config(), &["git", "-C", &repo, "show", "--stat", "HEAD"])
        .await
        .unwrap();
    assert_eq!(out.exit_code, Some(0), "{out:?}");
    assert!(out.stdout.contains("first commit"), "{out:?}");
    assert!(out.stdout.contains("README"), "{out:?}");
}

#[tokio::test]
async fn limits_hold() {
    // CPU time: a busy loop is stopped by its CPU limit.
    let cpu = SandboxConfig {
        cpu_seconds: 1,
        ..config()
    };
    let started = Instant::now();
    let out = sandboxed(&cpu, &["sh", "-c", "while :; do :; done"])
        .await
        .unwrap();
    assert_ne!(out.exit_code, Some(0), "{out:?}");
    assert!(started.elapsed() < Duration::from_secs(30));

    // Wall time: a sleeper is killed with its whole sandbox.
    let wall = SandboxConfig {
        wall: Duration::from_secs(2),
        ..config()
    };
    let started = Instant::now();
    let err = sandboxed(&wall, &["sleep", "37.5"]).await.unwrap_err();
    assert_eq!(err, SandboxError::Timeout(2));
    assert!(started.elapsed() < Duration::from_secs(10));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let left = std::process::Command::new("pgrep")
        .args(["-f", "sleep 37.5"])
        .output()
        .unwrap();
    assert!(
        left.stdout.is_empty(),
        "nothing of the sandbox is left: {}",
        String::from_utf8_lossy(&left.stdout)
    );

    // Output: capped while read.
    let out = sandboxed(&config(), &["seq", "1", "300000"]).await.unwrap();
    assert!(out.stdout_truncated && out.stdout.len() == 32 * 1024);

    // Processes: a fork loop hits the process limit instead of filling the host.
    let few = SandboxConfig {
        max_processes: 8,
        ..config()
    };
    let out = sandboxed(
        &few,
        &["sh", "-c", "for i in $(seq 1 40); do sleep 5 & done; wait"],
    )
    .await
    .unwrap();
    assert!(out.stderr.contains("fork"), "{out:?}");
    let out = sandboxed(&config(), &["id", "-u"]).await.unwrap();
    assert_eq!(out.stdout.trim(), "65534", "the command runs as nobody");
}
