//! Running a command inside gVisor. `runsc do` runs it under gVisor's own kernel with no network
//! and a copy-on-write view of the host's root: it can read host files, and whatever it writes
//! vanishes when it exits. The command runs as nobody. Limits on CPU time, address space and
//! processes are set inside the sandbox with `prlimit` (limits on `runsc` itself would constrain gVisor, not the command), the
//! wall-clock limit is enforced from outside by killing the sandbox's whole process group, and
//! output is capped while it is read.
//!
//! [`transform`] builds the invocation without running anything; [`run`] runs it. The same
//! sandbox can instead go through Docker's gVisor runtime ([`SandboxBackend::Docker`], see
//! [`docker`]), for Warden running in a container; [`probe`] proves either really runs gVisor.
//!
//! Programs that run on the host instead (low-risk calls) run contained: see [`contain`].
//! [`run_pipeline`] runs one program or a pipeline of them, contained or, for a call a human
//! approved, with Warden's own rights.

pub mod contain;
pub mod docker;
mod exec;
mod probe;

use std::path::PathBuf;
use std::time::Duration;

pub use contain::{ContainedLimits, Containment, ContainmentError, ContainmentSettings};
pub use docker::DockerSandbox;
pub use exec::{Host, MAX_STAGES, Pipeline, SandboxOutput, run, run_pipeline};
pub use probe::{GVISOR_BANNER, probe};

/// How the sandbox reaches gVisor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SandboxBackend {
    /// `runsc do` on this machine, over a copy-on-write view of the host's root.
    #[default]
    Runsc,
    /// `docker run --runtime=runsc` through a Docker daemon, in a configured image.
    Docker(DockerSandbox),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// The runsc binary.
    pub runsc: PathBuf,
    /// runsc's state directory.
    pub state_dir: PathBuf,
    pub cpu_seconds: u64,
    pub memory_bytes: u64,
    pub max_processes: u32,
    pub wall: Duration,
    /// Bytes kept of each output stream.
    pub output_cap: usize,
    /// `runsc do` (default) or Docker's gVisor runtime.
    pub backend: SandboxBackend,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            runsc: PathBuf::from("/usr/bin/runsc"),
            state_dir: std::env::temp_dir().join("warden-runsc"),
            cpu_seconds: 10,
            memory_bytes: 512 * 1024 * 1024,
            max_processes: 64,
            wall: Duration::from_secs(30),
            output_cap: 32 * 1024,
            backend: SandboxBackend::Runsc,
        }
    }
}

/// What to spawn: a program and its arguments, nothing else (no shell, no environment). [`run`]
/// takes the sandbox's invocation from [`transform`], or a program to run directly on the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecRequest {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub wall: Duration,
    pub output_cap: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox is not available: {0}")]
    Unavailable(String),
    #[error("the command must not be empty")]
    Empty,
    /// The program could not be started; `kind` tells a missing program from one not executable.
    #[error("cannot start '{program}': {message}")]
    Spawn {
        program: String,
        kind: std::io::ErrorKind,
        message: String,
    },
    #[error("the sandboxed command ran longer than {0} s and was killed")]
    Timeout(u64),
    #[error("the sandbox failed: {0}")]
    Failed(String),
}

/// The runsc invocation for `argv`, limits included; runs nothing.
pub fn transform(config: &SandboxConfig, argv: &[String]) -> Result<ExecRequest, SandboxError> {
    if let SandboxBackend::Docker(docker) = &config.backend {
        return docker::transform(config, docker, argv);
    }
    if argv.is_empty() || argv[0].is_empty() {
        return Err(SandboxError::Empty);
    }
    let mut args = vec![
        format!("--root={}", config.state_dir.display()),
        // No network at all: only the sandbox's own loopback exists.
        "--network=none".to_owned(),
        "do".to_owned(),
        "--".to_owned(),
        "prlimit".to_owned(),
        format!("--cpu={}", config.cpu_seconds),
        format!("--as={}", config.memory_bytes),
        format!("--nproc={}", config.max_processes),
        "--".to_owned(),
        // Root ignores RLIMIT_NPROC, and the command needs no privilege even inside gVisor: it
        // runs as nobody.
        "setpriv".to_owned(),
        "--reuid=65534".to_owned(),
        "--regid=65534".to_owned(),
        "--clear-groups".to_owned(),
        "--".to_owned(),
        // As nobody, git would call every repository of the host's view dubious and refuse to
        // read it. Inside the sandbox nothing git could be tricked into running escapes it (a
        // medium command may run anything there anyway), so git trusts every repository here,
        // through the command-scope configuration git accepts for `safe.directory`.
        "env".to_owned(),
        "--".to_owned(),
        "GIT_CONFIG_COUNT=1".to_owned(),
        "GIT_CONFIG_KEY_0=safe.directory".to_owned(),
        "GIT_CONFIG_VALUE_0=*".to_owned(),
    ];
    args.extend(argv.iter().cloned());
    Ok(ExecRequest {
        program: config.runsc.clone(),
        args,
        wall: config.wall,
        output_cap: config.output_cap,
    })
}

/// Whether runsc is installed and answers (or, for Docker, the daemon, its runsc runtime and the
/// image); the message says what is missing.
pub async fn check(config: &SandboxConfig) -> Result<String, SandboxError> {
    if let SandboxBackend::Docker(docker) = &config.backend {
        return docker::check(docker).await;
    }
    let output = tokio::process::Command::new(&config.runsc)
        .arg("--version")
        .output()
        .await
        .map_err(|e| {
            SandboxError::Unavailable(format!(
                "cannot run {}: {e} (install gVisor's runsc)",
                config.runsc.display()
            ))
        })?;
    if !output.status.success() {
        return Err(SandboxError::Unavailable(format!(
            "{} --version failed",
            config.runsc.display()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .unwrap_or("runsc")
        .to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invocation_has_no_network_and_every_limit() {
        let config = SandboxConfig {
            state_dir: PathBuf::from("/run/w"),
            ..SandboxConfig::default()
        };
        let request = transform(
            &config,
            &["ls".to_owned(), "-la".to_owned(), "/etc".to_owned()],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(request.program, PathBuf::from("/usr/bin/runsc"));
        assert_eq!(
            request.args,
            vec![
                "--root=/run/w",
                "--network=none",
                "do",
                "--",
                "prlimit",
                "--cpu=10",
                "--as=536870912",
                "--nproc=64",
                "--",
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
                "env",
                "--",
                "GIT_CONFIG_COUNT=1",
                "GIT_CONFIG_KEY_0=safe.directory",
                "GIT_CONFIG_VALUE_0=*",
                "ls",
                "-la",
                "/etc"
            ]
        );
        assert_eq!(transform(&config, &[]), Err(SandboxError::Empty));
    }
}
