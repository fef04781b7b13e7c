//! The sandbox through Docker's gVisor runtime, for Warden running in a container (Compose): the
//! command runs in a fresh container of a configured image under `--runtime=runsc` (gVisor's
//! kernel, as with `runsc do`), with no network, a read-only root, a small private `/tmp`, no
//! capabilities, no new privileges, as nobody, with limits on memory, processes and CPU time, and
//! removed when it ends. Unlike `runsc do` it sees the image's files, not the host's. The image
//! needs `/bin/sh` and `timeout` (Debian's and busybox's both do).
//!
//! The wall-clock limit is enforced twice. Inside, the container's first process is `timeout -s
//! KILL SECS`: when it exits the whole container goes, and that holds even if the Docker client
//! is killed (killing the client alone would leave the container running). Outside, [`crate::run`]
//! kills the client a little later, for a daemon that never answers. A command stopped by the
//! inside limit ends with exit code 137.

use std::path::PathBuf;
use std::time::Duration;

use crate::{ExecRequest, SandboxConfig, SandboxError};

/// How long the client may take beyond the command's own limit (creating and removing the
/// container under gVisor takes about a second here).
pub const STARTUP_GRACE: Duration = Duration::from_secs(15);
/// The label every sandbox container carries, so leftovers can be found:
/// `docker ps -a --filter label=warden.sandbox`.
pub const LABEL: &str = "warden.sandbox";
/// Room for gVisor's kernel in the container's host-side memory limit.
const GVISOR_MEMORY: u64 = 256 * 1024 * 1024;
/// Room for gVisor's kernel threads in the container's host-side process limit.
const GVISOR_THREADS: u32 = 256;
/// The bound on the checks' Docker calls.
const CHECK_WALL: Duration = Duration::from_secs(15);

/// Where and how `docker run` is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerSandbox {
    /// The Docker client (`docker`, looked up in PATH, or an absolute path).
    pub cli: PathBuf,
    /// The daemon (`unix:///var/run/docker.sock`, `tcp://HOST:PORT`); `None`: the client's
    /// default. Passed explicitly because the client runs with an empty environment.
    pub host: Option<String>,
    /// The image commands run in. It must be present (nothing is pulled) and hold `timeout`
    /// (coreutils or busybox).
    pub image: String,
    /// The name gVisor's runsc is registered under in the daemon's `runtimes`.
    pub runtime: String,
}

impl Default for DockerSandbox {
    fn default() -> Self {
        Self {
            cli: PathBuf::from("docker"),
            host: None,
            image: "debian:bookworm-slim".to_owned(),
            runtime: "runsc".to_owned(),
        }
    }
}

impl DockerSandbox {
    /// The client's arguments before the subcommand.
    fn client_args(&self) -> Vec<String> {
        match &self.host {
            Some(host) => vec![format!("--host={host}")],
            None => Vec::new(),
        }
    }

    fn request(&self, args: Vec<String>) -> ExecRequest {
        let mut all = self.client_args();
        all.extend(args);
        ExecRequest {
            program: self.cli.clone(),
            args: all,
            wall: CHECK_WALL,
            output_cap: 64 * 1024,
        }
    }
}

/// The `docker run` invocation for `argv` under `config`'s limits; runs nothing.
pub fn transform(
    config: &SandboxConfig,
    docker: &DockerSandbox,
    argv: &[String],
) -> Result<ExecRequest, SandboxError> {
    if argv.is_empty() || argv[0].is_empty() {
        return Err(SandboxError::Empty);
    }
    // Whole seconds, at least one: `timeout` takes no fractions in busybox.
    let wall_secs = config.wall.as_secs().max(1);
    let mut args = docker.client_args();
    args.extend([
        "run".to_owned(),
        "--rm".to_owned(),
        "--pull=never".to_owned(),
        format!("--runtime={}", docker.runtime),
        // No network at all: only the sandbox's own loopback exists.
        "--network=none".to_owned(),
        "--read-only".to_owned(),
        "--tmpfs=/tmp:rw,size=16m,mode=1777".to_owned(),
        "--workdir=/tmp".to_owned(),
        "--cap-drop=ALL".to_owned(),
        "--security-opt=no-new-privileges".to_owned(),
        "--user=65534:65534".to_owned(),
        // The host-side limits also count gVisor's own kernel (its memory, its threads), so
        // they leave it room; the command's own limits are the ones set inside (below).
        format!("--memory={}", config.memory_bytes + GVISOR_MEMORY),
        format!("--pids-limit={}", config.max_processes + GVISOR_THREADS),
        format!("--ulimit=nproc={0}:{0}", config.max_processes),
        "--hostname=sandbox".to_owned(),
        "--log-driver=none".to_owned(),
        format!("--label={LABEL}=true"),
        // Whatever the image's entrypoint, the first process is the time limit.
        "--entrypoint=timeout".to_owned(),
        docker.image.clone(),
        "-s".to_owned(),
        "KILL".to_owned(),
        wall_secs.to_string(),
        // gVisor enforces CPU time and address-space limits set from inside, not those Docker
        // passes in the container's spec, so the image's shell sets them, then becomes argv.
        // Processes are `-u` in bash and busybox, `-p` in dash; if neither takes, nothing runs.
        "/bin/sh".to_owned(),
        "-c".to_owned(),
        format!(
            "ulimit -t {} && ulimit -v {} && {{ ulimit -u {2} 2>/dev/null || ulimit -p {2}; }} && exec \"$@\"",
            config.cpu_seconds,
            config.memory_bytes / 1024,
            config.max_processes
        ),
        "sandbox".to_owned(),
    ]);
    args.extend(argv.iter().cloned());
    Ok(ExecRequest {
        program: docker.cli.clone(),
        args,
        wall: Duration::from_secs(wall_secs) + STARTUP_GRACE,
        output_cap: config.output_cap,
    })
}

/// Whether the daemon answers, has the runtime registered and holds the image; the answer names
/// all three, the error what is missing.
pub async fn check(docker: &DockerSandbox) -> Result<String, SandboxError> {
    let version = call(
        docker,
        &["version", "--format", "{{.Server.Version}}"],
        "the Docker daemon does not answer",
    )
    .await?;
    let runtimes = call(
        docker,
        &["info", "--format", "{{json .Runtimes}}"],
        "cannot list the Docker daemon's runtimes",
    )
    .await?;
    let registered = runtime_names(&runtimes);
    if !registered.iter().any(|name| name == &docker.runtime) {
        return Err(SandboxError::Unavailable(format!(
            "the Docker daemon has no runtime '{}' (it has: {}); register gVisor's runsc in /etc/docker/daemon.json",
            docker.runtime,
            registered.join(", ")
        )));
    }
    call(
        docker,
        &["image", "inspect", "--format", "{{.Id}}", &docker.image],
        &format!(
            "the sandbox image '{}' is not present (nothing is pulled; build or load it first)",
            docker.image
        ),
    )
    .await?;
    Ok(format!(
        "Docker {version}, runtime {}, image {}",
        docker.runtime, docker.image
    ))
}

/// Runs one client call, bounded; the trimmed standard output, or `what` with the client's words.
async fn call(docker: &DockerSandbox, args: &[&str], what: &str) -> Result<String, SandboxError> {
    let request = docker.request(args.iter().map(|a| (*a).to_owned()).collect());
    let output = crate::run(&request).await.map_err(|e| match e {
        SandboxError::Spawn { program, .. } => SandboxError::Unavailable(format!(
            "cannot run the Docker client '{program}' (install it or set guard.docker_cli)"
        )),
        SandboxError::Timeout(secs) => {
            SandboxError::Unavailable(format!("{what}: no answer within {secs} s"))
        }
        SandboxError::Unavailable(m) | SandboxError::Failed(m) => {
            SandboxError::Unavailable(format!("{what}: {m}"))
        }
        SandboxError::Empty => SandboxError::Empty,
    })?;
    if output.exit_code != Some(0) {
        let said = output.stderr.trim();
        return Err(SandboxError::Unavailable(if said.is_empty() {
            what.to_owned()
        } else {
            format!("{what}: {said}")
        }));
    }
    Ok(output.stdout.trim().to_owned())
}

/// The runtime names in `docker info`'s `{{json .Runtimes}}`: the object's keys.
fn runtime_names(text: &str) -> Vec<String> {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
        .map(|runtimes| runtimes.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invocation_has_no_network_a_read_only_root_and_every_limit() {
        let config = SandboxConfig {
            wall: Duration::from_secs(20),
            ..SandboxConfig::default()
        };
        let docker = DockerSandbox {
            host: Some("unix:///run/d.sock".to_owned()),
            image: "warden:1".to_owned(),
            ..DockerSandbox::default()
        };
        let request = transform(&config, &docker, &["ls".to_owned(), "-la".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(request.program, PathBuf::from("docker"));
        assert_eq!(
            request.args,
            vec![
                "--host=unix:///run/d.sock",
                "run",
                "--rm",
                "--pull=never",
                "--runtime=runsc",
                "--network=none",
                "--read-only",
                "--tmpfs=/tmp:rw,size=16m,mode=1777",
                "--workdir=/tmp",
                "--cap-drop=ALL",
                "--security-opt=no-new-privileges",
                "--user=65534:65534",
                "--memory=805306368",
                "--pids-limit=320",
                "--ulimit=nproc=64:64",
                "--hostname=sandbox",
                "--log-driver=none",
                "--label=warden.sandbox=true",
                "--entrypoint=timeout",
                "warden:1",
                "-s",
                "KILL",
                "20",
                "/bin/sh",
                "-c",
                "ulimit -t 10 && ulimit -v 524288 && { ulimit -u 64 2>/dev/null || ulimit -p 64; } && exec \"$@\"",
                "sandbox",
                "ls",
                "-la",
            ]
        );
        assert_eq!(request.wall, Duration::from_secs(35));
        assert_eq!(
            transform(&config, &docker, &[String::new()]),
            Err(SandboxError::Empty)
        );
    }

    #[test]
    fn runtime_names_are_the_top_level_keys() {
        assert_eq!(
            runtime_names(
                r#"{"io.containerd.runc.v2":{"path":"runc"},"runc":{"path":"runc"},"runsc":{"path":"/usr/bin/runsc","runtimeArgs":["--network=none"]}}"#
            ),
            vec!["io.containerd.runc.v2", "runc", "runsc"]
        );
        assert_eq!(runtime_names("{}"), Vec::<String>::new());
        assert_eq!(runtime_names("not json"), Vec::<String>::new());
    }
}
