//! Spawning bounded processes, the sandbox or programs on the host alike: no shell, an empty
//! environment but for PATH and LANG, one process group for everything a run starts (so a
//! time-out kills all of it), stdin closed, streams capped while read (a program that prints
//! gigabytes costs no more memory than the cap), a wall-clock limit. A contained run also has
//! resource bounds ([`crate::contain::ContainedLimits`]), its group is killed once it has
//! answered, and a failure a bound explains says which bound.
//!
//! A pipeline's stages are connected by Warden itself: each stage's stdout is a pipe to the next
//! one's stdin, with no shell in between. The result is the last stage's stdout and exit status,
//! and the stderr of every stage.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::{Child, Command};

use crate::contain::{Containment, PATH, resolve_program};
use crate::{ExecRequest, SandboxError};

/// The most stages a pipeline may have.
pub const MAX_STAGES: usize = 16;

/// How long the earlier stages of a pipeline may run on once the last one has ended.
const PIPELINE_GRACE: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxOutput {
    pub exit_code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub stdout_truncated: bool,
    pub stderr_truncated: bool,
    pub duration_ms: u64,
}

/// Programs to run on the host, each stage's stdout feeding the next one's stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    /// Each stage's argv (program first), at least one, at most [`MAX_STAGES`].
    pub stages: Vec<Vec<String>>,
    pub wall: Duration,
    /// Bytes kept of the last stage's stdout, and of all stages' stderr together.
    pub output_cap: usize,
}

/// How host programs are started.
#[derive(Debug, Clone)]
pub enum Host {
    /// Contained (see [`crate::contain`]): for every call that no human approved.
    Contained(Arc<Containment>),
    /// With Warden's own rights: for a call a human approved, and for runsc.
    Unconfined,
}

async fn read_capped<R: AsyncRead + Unpin>(mut reader: R, cap: usize) -> (Vec<u8>, bool) {
    let (mut kept, mut chunk, mut cut) = (Vec::new(), [0u8; 8192], false);
    loop {
        match reader.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..n.min(room)]);
                // Keep draining so the child never blocks on a full pipe.
                cut |= n > room;
            }
        }
    }
    (kept, cut)
}

fn kill_group(pgid: u32) {
    if let Some(pid) = i32::try_from(pgid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

fn spawn_error(program: &str, error: &std::io::Error) -> SandboxError {
    SandboxError::Spawn {
        program: program.to_owned(),
        kind: error.kind(),
        message: error.to_string(),
    }
}

/// Starts already-wired commands in order; the first leads a new process group, the others
/// join it. Called on the thread whose restrictions the children inherit. A child started
/// before a later one fails is killed when dropped.
pub(crate) fn spawn_all(commands: Vec<Command>) -> Result<Vec<Child>, SandboxError> {
    let mut children: Vec<Child> = Vec::with_capacity(commands.len());
    let mut group = 0;
    for mut command in commands {
        command.process_group(i32::try_from(group).unwrap_or(0));
        let program = command
            .as_std()
            .get_program()
            .to_string_lossy()
            .into_owned();
        let child = command.spawn().map_err(|e| spawn_error(&program, &e))?;
        if group == 0 {
            group = child.id().unwrap_or(0);
        }
        children.push(child);
    }
    Ok(children)
}

/// The commands of a pipeline, wired stdout to stdin, before anything starts.
fn commands(host: &Host, stages: &[Vec<String>]) -> Result<Vec<Command>, SandboxError> {
    let mut commands = Vec::with_capacity(stages.len());
    let mut stdin: Option<Stdio> = None;
    for (index, argv) in stages.iter().enumerate() {
        let (program, args) = argv
            .split_first()
            .filter(|(program, _)| !program.is_empty())
            .ok_or(SandboxError::Empty)?;
        let mut command = match host {
            Host::Unconfined => {
                let mut command = Command::new(program);
                command.args(args);
                command
            }
            Host::Contained(containment) => {
                let resolved: PathBuf = resolve_program(program).ok_or_else(|| {
                    spawn_error(
                        program,
                        &std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            "no such program on the PATH",
                        ),
                    )
                })?;
                containment.command(&resolved, args)
            }
        };
        command
            .env_clear()
            .env("PATH", PATH)
            .env("LANG", "C.UTF-8")
            .stdin(stdin.take().unwrap_or_else(Stdio::null))
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if index + 1 < stages.len() {
            let (reader, writer) = std::io::pipe()
                .map_err(|e| SandboxError::Failed(format!("cannot create a pipe: {e}")))?;
            command.stdout(writer);
            stdin = Some(reader.into());
        } else {
            command.stdout(Stdio::piped());
        }
        commands.push(command);
    }
    Ok(commands)
}

/// Runs a pipeline on the host, contained or not, and waits at most its wall time; at the limit
/// every process of the run's group is killed.
pub async fn run_pipeline(host: Host, pipeline: &Pipeline) -> Result<SandboxOutput, SandboxError> {
    if pipeline.stages.is_empty() {
        return Err(SandboxError::Empty);
    }
    if pipeline.stages.len() > MAX_STAGES {
        return Err(SandboxError::Failed(format!(
            "a pipeline may have at most {MAX_STAGES} stages"
        )));
    }
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + pipeline.wall;
    let commands = commands(&host, &pipeline.stages)?;
    let mut children = match &host {
        Host::Contained(containment) => containment.spawn(commands).await?,
        Host::Unconfined => spawn_all(commands)?,
    };
    let group = children.first().and_then(Child::id).unwrap_or(0);
    let cap = pipeline.output_cap;
    let stderr_readers: Vec<_> = children
        .iter_mut()
        .map(|child| {
            let stderr = child.stderr.take();
            tokio::spawn(async move {
                match stderr {
                    Some(stream) => read_capped(stream, cap).await,
                    None => (Vec::new(), false),
                }
            })
        })
        .collect();
    let Some(mut last) = children.pop() else {
        return Err(SandboxError::Empty);
    };
    let stdout = last.stdout.take();
    let finished = tokio::time::timeout_at(deadline, async {
        let out = match stdout {
            Some(stream) => read_capped(stream, cap).await,
            None => (Vec::new(), false),
        };
        (out, last.wait().await)
    })
    .await;
    let ((out, out_cut), status) = match finished {
        Ok(done) => done,
        Err(_) => {
            kill_group(group);
            return Err(SandboxError::Timeout(pipeline.wall.as_secs()));
        }
    };
    let status = status.map_err(|e| SandboxError::Failed(e.to_string()))?;
    // The answer is in; earlier stages get a moment to finish, then the group goes.
    let grace = deadline.min(tokio::time::Instant::now() + PIPELINE_GRACE);
    for child in &mut children {
        if tokio::time::timeout_at(grace, child.wait()).await.is_err() {
            kill_group(group);
            let _ = child.wait().await;
        }
    }
    // A contained run's leftovers (a program it put in the background) would hold the
    // contained user's process budget and its CPU after the answer: the run's group goes.
    if let Host::Contained(_) = &host {
        kill_group(group);
    }
    let (mut err, mut err_cut) = (Vec::new(), false);
    for reader in stderr_readers {
        let (bytes, cut) = match tokio::time::timeout_at(grace, reader).await {
            Ok(Ok(read)) => read,
            Ok(Err(_)) | Err(_) => (Vec::new(), true),
        };
        let room = cap.saturating_sub(err.len());
        err_cut |= cut || bytes.len() > room;
        err.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
    let mut stderr = String::from_utf8_lossy(&err).into_owned();
    // Which resource bound stopped a contained run, said in words: a bare signal or an
    // allocation error does not tell the reader that Warden set the bound, nor which key moves it.
    if let Host::Contained(containment) = &host
        && let Some(bound) = containment.limits().diagnose(status, &stderr)
    {
        if !stderr.is_empty() && !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        stderr.push_str(&bound);
    }
    Ok(SandboxOutput {
        exit_code: status.code(),
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr,
        stdout_truncated: out_cut,
        stderr_truncated: err_cut,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}

/// Runs one program with Warden's own rights (the sandbox's runsc invocation, or a program on
/// the host): the pipeline runner with one stage.
pub async fn run(request: &ExecRequest) -> Result<SandboxOutput, SandboxError> {
    let mut argv = vec![request.program.display().to_string()];
    argv.extend(request.args.iter().cloned());
    run_pipeline(
        Host::Unconfined,
        &Pipeline {
            stages: vec![argv],
            wall: request.wall,
            output_cap: request.output_cap,
        },
    )
    .await
}
