use std::sync::Arc;

use bollard::query_parameters::{
    InspectContainerOptions, RemoveContainerOptions, RestartContainerOptions,
    StartContainerOptions, StopContainerOptions,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::engine::{Engine, check_container};
use crate::reference::resolve;

/// Arguments of start.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartArgs {
    /// Container name or id.
    pub container: String,
}

/// Arguments of stop and restart.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StopArgs {
    /// Container name or id.
    pub container: String,
    /// Seconds to wait after SIGTERM before SIGKILL (default 10, at most 300).
    pub timeout_secs: Option<u32>,
}

fn grace(timeout: Option<u32>) -> Result<i32, ToolError> {
    let secs = timeout.unwrap_or(10);
    if secs > 300 {
        return Err(ToolError::InvalidArguments(
            "timeout_secs must be at most 300".to_owned(),
        ));
    }
    Ok(secs as i32)
}

/// The state after an action, for the answer and for verification.
async fn state_of(
    engine: &Engine,
    container: &str,
    id: &str,
) -> Result<serde_json::Value, ToolError> {
    let client = engine.client().await?;
    match client
        .inspect_container(id, None::<InspectContainerOptions>)
        .await
    {
        Ok(inspected) => {
            let v = serde_json::to_value(&inspected).unwrap_or_default();
            Ok(
                json!({"container": container, "status": v["State"]["Status"], "running": v["State"]["Running"], "restart_count": v["RestartCount"], "exit_code": v["State"]["ExitCode"]}),
            )
        }
        Err(e) => Err(engine.error(e, &format!("container '{container}'")).await),
    }
}

/// The answer to start, stop and restart: what was done, and the state it left.
async fn answer_with_state(
    engine: &Engine,
    done: &str,
    container: &str,
    id: &str,
) -> Result<ToolOutput, ToolError> {
    let state = state_of(engine, container, id).await?;
    let status = state["status"].as_str().unwrap_or("?").to_owned();
    Ok(ToolOutput::new(
        format!("{done} {container}: {status}"),
        state,
    ))
}

pub struct DockerStart(pub Arc<Engine>);

impl TypedTool for DockerStart {
    type Args = StartArgs;
    const NAME: &'static str = "docker_start";
    const DESCRIPTION: &'static str = "Start a stopped container.";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Mutating;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: StartArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        check_container(&args.container)?;
        let id = resolve(&self.0, &args.container).await?;
        let client = self.0.client().await?;
        if let Err(e) = client
            .start_container(&id, None::<StartContainerOptions>)
            .await
        {
            return Err(self
                .0
                .error(e, &format!("starting '{}'", args.container))
                .await);
        }
        answer_with_state(&self.0, "started", &args.container, &id).await
    }
}

pub struct DockerStop(pub Arc<Engine>);

impl TypedTool for DockerStop {
    type Args = StopArgs;
    const NAME: &'static str = "docker_stop";
    const DESCRIPTION: &'static str =
        "Stop a running container (SIGTERM, then SIGKILL after timeout_secs).";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Mutating;
    const SANDBOXABLE: bool = false;
    const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(320);

    async fn run(&self, args: StopArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        check_container(&args.container)?;
        let options = StopContainerOptions {
            t: Some(grace(args.timeout_secs)?),
            signal: None,
        };
        let id = resolve(&self.0, &args.container).await?;
        let client = self.0.client().await?;
        if let Err(e) = client.stop_container(&id, Some(options)).await {
            return Err(self
                .0
                .error(e, &format!("stopping '{}'", args.container))
                .await);
        }
        answer_with_state(&self.0, "stopped", &args.container, &id).await
    }
}

pub struct DockerRestart(pub Arc<Engine>);

impl TypedTool for DockerRestart {
    type Args = StopArgs;
    const NAME: &'static str = "docker_restart";
    const DESCRIPTION: &'static str =
        "Restart a container (stop with timeout_secs grace, then start).";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Mutating;
    const SANDBOXABLE: bool = false;
    const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(320);

    async fn run(&self, args: StopArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        check_container(&args.container)?;
        let options = RestartContainerOptions {
            t: Some(grace(args.timeout_secs)?),
            signal: None,
        };
        let id = resolve(&self.0, &args.container).await?;
        let client = self.0.client().await?;
        if let Err(e) = client.restart_container(&id, Some(options)).await {
            return Err(self
                .0
                .error(e, &format!("restarting '{}'", args.container))
                .await);
        }
        answer_with_state(&self.0, "restarted", &args.container, &id).await
    }
}

pub struct DockerRemove(pub Arc<Engine>);

/// Arguments of `docker_remove`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveArgs {
    /// Container name or id.
    pub container: String,
    /// Remove even if running (kills it).
    #[serde(default)]
    pub force: bool,
    /// Also remove its anonymous volumes.
    #[serde(default)]
    pub volumes: bool,
}

impl TypedTool for DockerRemove {
    type Args = RemoveArgs;
    const NAME: &'static str = "docker_remove";
    const DESCRIPTION: &'static str = "Remove a container (a running one only with force). Its anonymous volumes go too with volumes: true.";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Destructive;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: RemoveArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        check_container(&args.container)?;
        let options = RemoveContainerOptions {
            force: args.force,
            v: args.volumes,
            link: false,
        };
        let id = resolve(&self.0, &args.container).await?;
        let client = self.0.client().await?;
        if let Err(e) = client.remove_container(&id, Some(options)).await {
            return Err(self
                .0
                .error(e, &format!("removing '{}'", args.container))
                .await);
        }
        Ok(ToolOutput::new(
            format!("removed {}", args.container),
            json!({"container": args.container, "removed": true, "force": args.force, "volumes": args.volumes}),
        ))
    }
}
