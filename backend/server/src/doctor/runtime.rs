//! What Warden runs on: the gVisor sandbox (proved by a command that sees gVisor's kernel), the
//! Docker API, the containment of host commands, and NVIDIA's NVML.

use std::time::Duration;

use warden_sandbox::{Host, Pipeline, SandboxBackend, run_pipeline};
use warden_tool_system::gpu::{NvmlPresence, nvml_presence};

use super::Verdict;
use crate::config::Config;

/// The probe's own limit inside the sandbox.
const PROBE_WALL: Duration = Duration::from_secs(15);

pub async fn sandbox(config: &Config) -> Verdict {
    if !config.guard.sandbox {
        return Verdict::failed(
            "turned off by guard.sandbox = false: medium-risk calls wait for approval instead",
        );
    }
    let mut sandbox = crate::guard::sandbox_config(config);
    // The doctor changes nothing in the data directory, not even runsc's state.
    sandbox.state_dir = std::env::temp_dir().join("warden-doctor-runsc");
    let how = match &sandbox.backend {
        SandboxBackend::Runsc => format!("runsc do ({})", sandbox.runsc.display()),
        SandboxBackend::Docker(docker) => format!(
            "docker run --runtime={} in {}",
            docker.runtime, docker.image
        ),
    };
    let version = match warden_sandbox::check(&sandbox).await {
        Ok(version) => version,
        Err(e) => {
            return Verdict::failed(format!(
                "{how}: {e}; medium-risk calls would wait for approval"
            ));
        }
    };
    match warden_sandbox::probe(&sandbox, PROBE_WALL).await {
        Ok(seen) => Verdict::ok(format!("{how}, {version}: {seen}")),
        Err(e) => Verdict::failed(format!("{how}, {version}: {e}")),
    }
}

pub async fn docker(config: &Config) -> Verdict {
    // Bounded as Warden's own reads of the daemon are (`tools.docker_timeout_secs`).
    let engine = warden_tool_docker::Engine::new(config.tools.docker_host.clone())
        .with_answer_timeout(config.tools.docker_timeout());
    let client = match engine.reader().await {
        Ok(client) => client,
        Err(e) => return Verdict::failed(words(e)),
    };
    match client.version().await {
        Ok(version) => Verdict::ok(format!(
            "Docker {} (API {}) answers",
            version.version.unwrap_or_else(|| "?".to_owned()),
            version.api_version.unwrap_or_else(|| "?".to_owned())
        )),
        Err(e) => Verdict::failed(words(engine.error(e, "the version call").await)),
    }
}

/// A tool error's own words, without the code it is filed under.
fn words(error: warden_tool_api::ToolError) -> String {
    use warden_tool_api::ToolError;
    match error {
        ToolError::InvalidArguments(m)
        | ToolError::NotFound(m)
        | ToolError::Refused(m)
        | ToolError::Unavailable(m)
        | ToolError::Failed(m) => m,
        ToolError::Timeout(secs) => format!("no answer within {secs} s"),
    }
}

/// The containment of low-risk host commands: started as `warden serve` starts it (its own
/// self-test checks a contained program's user, capabilities, `no_new_privs` and seccomp), then a
/// contained `touch` of a fresh file must fail to create it.
pub async fn containment(config: &Config) -> Verdict {
    let (started, status) = crate::guard::containment_status(config).await;
    let (containment, line) = match (started, status) {
        (Ok(containment), crate::guard::ContainmentStatus::Ready(line)) => (containment, line),
        (_, crate::guard::ContainmentStatus::Unavailable(why)) | (Err(why), _) => {
            return Verdict::failed(format!(
                "{why}; low-risk calls that start host programs wait for approval instead"
            ));
        }
    };
    let probe = std::env::temp_dir().join(format!("warden-doctor-{}", uuid::Uuid::new_v4()));
    let request = Pipeline {
        stages: vec![vec!["touch".to_owned(), probe.display().to_string()]],
        wall: PROBE_WALL,
        output_cap: 4096,
    };
    let ran = run_pipeline(Host::Contained(containment), &request).await;
    if probe.exists() {
        let _ = std::fs::remove_file(&probe);
        return Verdict::failed(format!(
            "a contained program created {}: host commands are not read-only",
            probe.display()
        ));
    }
    match ran {
        Ok(output) if output.exit_code != Some(0) => Verdict::ok(line),
        Ok(_) => Verdict::failed("a contained touch said it succeeded".to_owned()),
        Err(e) => Verdict::failed(format!("a contained program could not start: {e}")),
    }
}

pub async fn gpu() -> Verdict {
    match tokio::task::spawn_blocking(nvml_presence).await {
        Ok(NvmlPresence::Present { driver, gpus }) if gpus.is_empty() => Verdict::failed(format!(
            "NVIDIA driver {driver} is loaded but NVML finds no GPU (fallen off the bus?)"
        )),
        Ok(NvmlPresence::Present { driver, gpus }) => {
            Verdict::ok(format!("NVIDIA driver {driver}: {}", gpus.join("; ")))
        }
        Ok(NvmlPresence::Absent(why)) => Verdict::ok(why),
        Ok(NvmlPresence::Broken(why)) => Verdict::failed(why),
        Err(e) => Verdict::failed(format!("the NVML check stopped: {e}")),
    }
}
