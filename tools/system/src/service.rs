//! systemd services and the journal, through `systemctl` and `journalctl` argv. Where systemd is
//! not running (containers, non-systemd hosts), the tools say so instead of failing obscurely.

use std::path::Path;
use std::time::Duration;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::exec::run_argv;

const SYSTEMCTL_TIMEOUT: Duration = Duration::from_secs(60);

fn require_systemd() -> Result<(), ToolError> {
    // systemd's own test for "booted with systemd" (sd_booted).
    if Path::new("/run/systemd/system").is_dir() {
        Ok(())
    } else {
        Err(ToolError::Unavailable(
            "systemd is not running on this host (no /run/systemd/system); services and the journal cannot be managed here".to_owned(),
        ))
    }
}

/// Unit names as systemd accepts them; never an option (no leading '-').
fn check_unit(name: &str) -> Result<(), ToolError> {
    let ok = !name.is_empty()
        && name.len() <= 256
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._:-\\".contains(c));
    if ok {
        Ok(())
    } else {
        Err(ToolError::InvalidArguments(format!(
            "'{name}' is not a unit name (letters, digits and @._:- only, not starting with '-')"
        )))
    }
}

pub struct ServiceStatus;

/// Arguments of `service_status`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusArgs {
    /// The unit, e.g. `nginx` or `docker.service`.
    pub service: String,
}

impl TypedTool for ServiceStatus {
    type Args = StatusArgs;
    const NAME: &'static str = "service_status";
    const DESCRIPTION: &'static str = "State of a systemd unit: load, active and sub state, main PID, since when, and its description.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;
    const HOST_PROGRAMS: bool = true;

    async fn run(&self, args: StatusArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        check_unit(&args.service)?;
        require_systemd()?;
        let argv: Vec<String> = [
            "systemctl",
            "show",
            "--no-pager",
            "--property=Id,Description,LoadState,ActiveState,SubState,MainPID,ActiveEnterTimestamp,NRestarts",
            "--",
            &args.service,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let output = run_argv(&context.host, &argv, SYSTEMCTL_TIMEOUT).await?;
        if output.exit_code != Some(0) {
            return Ok(ToolOutput::failed(
                output.render(),
                serde_json::to_value(&output).unwrap_or_default(),
            ));
        }
        let properties: serde_json::Map<String, serde_json::Value> = output
            .stdout
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.to_owned(), json!(v)))
            .collect();
        if properties.get("LoadState").and_then(|v| v.as_str()) == Some("not-found") {
            return Err(ToolError::NotFound(format!(
                "no unit named '{}'",
                args.service
            )));
        }
        Ok(ToolOutput::new(
            output.stdout.clone(),
            serde_json::Value::Object(properties),
        ))
    }
}

pub struct ServiceControl;

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Start,
    Stop,
    Restart,
    Reload,
}

/// Arguments of `service_control`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlArgs {
    /// The unit.
    pub service: String,
    /// `start`, `stop`, `restart` or `reload`.
    pub action: Action,
}

impl TypedTool for ServiceControl {
    type Args = ControlArgs;
    const NAME: &'static str = "service_control";
    const DESCRIPTION: &'static str = "Start, stop, restart or reload a systemd unit.";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Mutating;
    const SANDBOXABLE: bool = false;
    const HOST_PROGRAMS: bool = true;

    async fn run(&self, args: ControlArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        check_unit(&args.service)?;
        require_systemd()?;
        let verb = match args.action {
            Action::Start => "start",
            Action::Stop => "stop",
            Action::Restart => "restart",
            Action::Reload => "reload",
        };
        let argv: Vec<String> = ["systemctl", verb, "--no-ask-password", "--", &args.service]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let output = run_argv(&context.host, &argv, SYSTEMCTL_TIMEOUT).await?;
        let data = serde_json::to_value(&output).unwrap_or_default();
        Ok(if output.exit_code == Some(0) {
            ToolOutput::new(format!("{verb} {}: done", args.service), data)
        } else {
            ToolOutput::failed(output.render(), data)
        })
    }
}

pub struct JournalLogs;

/// Arguments of `journal_logs`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JournalArgs {
    /// Only this unit's entries (default: the whole journal).
    pub service: Option<String>,
    /// The last N entries (default 100, at most 1000).
    pub tail: Option<u32>,
    /// Only entries since this time, as journalctl takes it: `2026-11-21 10:00`, `-1h`, `today`.
    pub since: Option<String>,
}

impl TypedTool for JournalLogs {
    type Args = JournalArgs;
    const NAME: &'static str = "journal_logs";
    const DESCRIPTION: &'static str =
        "Recent systemd journal entries, optionally for one unit and since a time.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;
    const HOST_PROGRAMS: bool = true;

    async fn run(&self, args: JournalArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let tail = args.tail.unwrap_or(100);
        if tail == 0 || tail > 1000 {
            return Err(ToolError::InvalidArguments(
                "tail must be between 1 and 1000".to_owned(),
            ));
        }
        if let Some(service) = &args.service {
            check_unit(service)?;
        }
        if let Some(since) = &args.since
            && (since.is_empty()
                || since.len() > 64
                || !since
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " -:+.".contains(c)))
        {
            return Err(ToolError::InvalidArguments(format!(
                "since '{since}' is not a time journalctl understands"
            )));
        }
        require_systemd()?;
        let mut argv = vec![
            "journalctl".to_owned(),
            "--no-pager".to_owned(),
            "-o".to_owned(),
            "short-iso".to_owned(),
            "-n".to_owned(),
            tail.to_string(),
        ];
        if let Some(service) = &args.service {
            argv.extend(["-u".to_owned(), service.clone()]);
        }
        if let Some(since) = &args.since {
            argv.push(format!("--since={since}"));
        }
        let output = run_argv(&context.host, &argv, SYSTEMCTL_TIMEOUT).await?;
        let data = serde_json::to_value(&output).unwrap_or_default();
        Ok(if output.exit_code == Some(0) {
            ToolOutput::new(output.stdout.clone(), data).cut(output.stdout_truncated)
        } else {
            ToolOutput::failed(output.render(), data)
        })
    }
}
