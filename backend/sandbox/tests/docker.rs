//! The Docker backend for real: dockerd with gVisor's runsc registered as a runtime (done by
//! `tests/scripts/services.sh start docker`) and the busybox test image. What a command sees and
//! may do inside, the limits, and the start-up check naming what is missing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use warden_sandbox::{
    DockerSandbox, SandboxBackend, SandboxConfig, SandboxError, SandboxOutput, check, probe, run,
    transform,
};

fn image() -> String {
    std::env::var("WARDEN_TEST_DOCKER_IMAGE")
        .unwrap_or_else(|_| "warden-test-busybox:latest".into())
}

fn docker() -> DockerSandbox {
    DockerSandbox {
        image: image(),
        ..DockerSandbox::default()
    }
}

fn config() -> SandboxConfig {
    SandboxConfig {
        wall: Duration::from_secs(60),
        backend: SandboxBackend::Docker(docker()),
        ..SandboxConfig::default()
    }
}

async fn sandboxed(config: &SandboxConfig, argv: &[&str]) -> Result<SandboxOutput, SandboxError> {
    let argv: Vec<String> = argv.iter().map(|s| (*s).to_owned()).collect();
    run(&transform(config, &argv).unwrap()).await
}

#[tokio::test]
async fn commands_run_under_gvisor_through_docker() {
    let ready = check(&config())
        .await
        .expect("dockerd with the runsc runtime");
    assert!(
        ready.starts_with("Docker ")
            && ready.ends_with(&format!(", runtime runsc, image {}", image())),
        "{ready}"
    );
    let seen = probe(&config(), Duration::from_secs(30)).await.unwrap();
    assert!(
        seen.starts_with("gVisor's kernel answered (\"Starting gVisor...\") in "),
        "{seen}"
    );
    let out = sandboxed(&config(), &["uname", "-r"]).await.unwrap();
    assert_eq!(
        (out.exit_code, out.stdout.trim()),
        (Some(0), "4.4.0"),
        "{out:?}"
    );
}

#[tokio::test]
async fn no_network_a_read_only_root_and_nobody() {
    let out = sandboxed(
        &config(),
        &[
            "sh",
            "-c",
            "cat /proc/net/dev; id -u; id -g; touch /etc/x; echo kept > /tmp/t && cat /tmp/t",
        ],
    )
    .await
    .unwrap();
    let interfaces: Vec<&str> = out
        .stdout
        .lines()
        .skip(2)
        .take_while(|l| l.contains(':'))
        .filter_map(|l| l.split(':').next())
        .map(str::trim)
        .collect();
    assert_eq!(interfaces, vec!["lo"], "{out:?}");
    let rest: Vec<&str> = out.stdout.lines().skip(3).collect();
    assert_eq!(rest, vec!["65534", "65534", "kept"], "{out:?}");
    assert!(out.stderr.contains("/etc/x"), "{out:?}");

    // A listener on the host: nothing inside reaches it.
    let listener = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let out = sandboxed(
        &config(),
        &["nc", "-w", "2", "172.17.0.1", &port.to_string()],
    )
    .await
    .unwrap();
    assert_ne!(out.exit_code, Some(0), "{out:?}");
}

#[tokio::test]
async fn limits_hold_and_nothing_is_left_behind() {
    // Wall time: the limit inside stops the command and its container.
    let marker = "41.3";
    let short = SandboxConfig {
        wall: Duration::from_secs(2),
        ..config()
    };
    let started = Instant::now();
    let out = sandboxed(&short, &["sleep", marker]).await.unwrap();
    assert_eq!(out.exit_code, Some(137), "killed at the limit: {out:?}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    let left = std::process::Command::new("docker")
        .args([
            "ps",
            "-a",
            "--filter",
            "label=warden.sandbox",
            "--format",
            "{{.Command}}",
        ])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&left.stdout).contains(marker),
        "the container was removed: {}",
        String::from_utf8_lossy(&left.stdout)
    );

    // CPU time.
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

    // Processes.
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

    // Output, capped while read.
    let out = sandboxed(&config(), &["seq", "1", "300000"]).await.unwrap();
    assert!(
        out.stdout_truncated && out.stdout.len() == 32 * 1024,
        "{}",
        out.stdout.len()
    );
}

#[tokio::test]
async fn the_check_names_what_is_missing() {
    let no_runtime = SandboxConfig {
        backend: SandboxBackend::Docker(DockerSandbox {
            runtime: "gvisor-nowhere".to_owned(),
            ..docker()
        }),
        ..config()
    };
    let err = check(&no_runtime).await.unwrap_err().to_string();
    assert!(
        err.starts_with("the sandbox is not available: the Docker daemon has no runtime 'gvisor-nowhere' (it has: ")
            && err.contains("runsc"),
        "{err}"
    );

    let no_image = SandboxConfig {
        backend: SandboxBackend::Docker(DockerSandbox {
            image: "warden-test-absent-image:none".to_owned(),
            ..docker()
        }),
        ..config()
    };
    let err = check(&no_image).await.unwrap_err().to_string();
    assert!(
        err.contains("the sandbox image 'warden-test-absent-image:none' is not present"),
        "{err}"
    );

    let no_daemon = SandboxConfig {
        backend: SandboxBackend::Docker(DockerSandbox {
            host: Some("unix:///nonexistent/docker.sock".to_owned()),
            ..docker()
        }),
        ..config()
    };
    let err = check(&no_daemon).await.unwrap_err().to_string();
    assert!(err.contains("the Docker daemon does not answer"), "{err}");
    let err = probe(&no_daemon, Duration::from_secs(5))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("did not see gVisor's kernel"), "{err}");

    let no_client = SandboxConfig {
        backend: SandboxBackend::Docker(DockerSandbox {
            cli: "/nonexistent/docker".into(),
            ..docker()
        }),
        ..config()
    };
    let err = check(&no_client).await.unwrap_err().to_string();
    assert!(
        err.contains("cannot run the Docker client '/nonexistent/docker'"),
        "{err}"
    );
}
