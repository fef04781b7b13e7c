use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind};
use warden_protocol::Scope;
use warden_protocol::readings::{ProcessData, ProcessListData};
use warden_tool_api::{Effect, HostAccess, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::exec::run_argv;
use crate::{blocking, data_value};

const DEFAULT_LIMIT: usize = 25;
const KILL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
const MAX_LIMIT: usize = 500;

pub struct ProcessList;

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    Cpu,
    Memory,
}

/// Arguments of `process_list`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListArgs {
    /// Only processes whose name or command line contains this text.
    pub query: Option<String>,
    /// Order: `cpu` (default) or `memory`, highest first.
    pub sort_by: Option<SortBy>,
    /// Most processes to return (default 25, at most 500).
    pub limit: Option<usize>,
}

impl TypedTool for ProcessList {
    type Args = ListArgs;
    const NAME: &'static str = "process_list";
    const DESCRIPTION: &'static str = "Running processes with pid, name, CPU percent, memory and command line, highest CPU (or memory) first.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: ListArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let limit = args.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ToolError::InvalidArguments(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        blocking(move || {
            let mut system = System::new().map_err(|e| {
                ToolError::Unavailable(format!("cannot read system information: {e}"))
            })?;
            let kind = ProcessRefreshKind::nothing()
                .with_cpu()
                .with_memory()
                .with_cmd(UpdateKind::Always);
            // CPU usage is a difference between two refreshes.
            system.refresh_processes_specifics(ProcessesToUpdate::All, true, kind);
            std::thread::sleep(sysinfo::MINIMUM_CPU_UPDATE_INTERVAL);
            system.refresh_processes_specifics(ProcessesToUpdate::All, true, kind);
            let query = args.query.as_deref().map(str::to_lowercase);
            let mut rows: Vec<ProcessData> = system
                .processes()
                .iter()
                .filter_map(|(pid, p)| {
                    let name = p.name().to_string_lossy().into_owned();
                    // Other processes' command lines carry their passwords (`mysql -pX`): they are
                    // redacted before the query is matched, so a query cannot probe them either.
                    let cmd = warden_secrets::redact_text(
                        &p.cmd()
                            .iter()
                            .map(|a| a.to_string_lossy())
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                    if let Some(q) = &query
                        && !name.to_lowercase().contains(q)
                        && !cmd.to_lowercase().contains(q)
                    {
                        return None;
                    }
                    Some(ProcessData {
                        pid: pid.as_u32(),
                        name,
                        cpu_percent: (f64::from(p.cpu_usage()) * 10.0).round() / 10.0,
                        memory_bytes: p.memory(),
                        command: cmd.chars().take(300).collect::<String>(),
                    })
                })
                .collect();
            let key = |p: &ProcessData| match args.sort_by.unwrap_or(SortBy::Cpu) {
                SortBy::Cpu => p.cpu_percent,
                SortBy::Memory => p.memory_bytes as f64,
            };
            rows.sort_by(|a, b| key(b).total_cmp(&key(a)));
            let total = rows.len();
            rows.truncate(limit);
            let mut text: String = rows
                .iter()
                .map(|r| {
                    format!(
                        // The percent as JSON writes it (`3.0`, not `3`).
                        "{:>7} {:>6?}% {:>9} KiB {}\n",
                        r.pid,
                        r.cpu_percent,
                        r.memory_bytes / 1024,
                        if r.command.is_empty() {
                            &r.name
                        } else {
                            &r.command
                        }
                    )
                })
                .collect();
            if total > limit {
                text.push_str(&format!("[{} more processes]\n", total - limit));
            }
            Ok(ToolOutput::new(
                text,
                data_value(&ProcessListData {
                    processes: rows,
                    total: total as u64,
                })?,
            )
            .cut(total > limit))
        })
        .await
    }
}

pub struct ProcessKill;

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    Term,
    Kill,
    Hup,
    Int,
}

/// Arguments of `process_kill`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KillArgs {
    /// The process id.
    pub pid: u32,
    /// `term` (default), `kill`, `hup` or `int`.
    pub signal: Option<Signal>,
    /// Send `kill` (SIGKILL) instead of the chosen signal.
    #[serde(default)]
    pub force: bool,
}

impl TypedTool for ProcessKill {
    type Args = KillArgs;
    const NAME: &'static str = "process_kill";
    const DESCRIPTION: &'static str = "Send a signal to a process (default SIGTERM; `force` sends SIGKILL). Refuses PID 1 and Warden itself.";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Destructive;
    const SANDBOXABLE: bool = false;
    const HOST_PROGRAMS: bool = true;

    async fn run(&self, args: KillArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        if args.pid <= 1 {
            return Err(ToolError::Refused(
                "PID 0 and 1 (init) are never signalled".to_owned(),
            ));
        }
        if args.pid == std::process::id() {
            return Err(ToolError::Refused(
                "Warden does not signal itself".to_owned(),
            ));
        }
        let signal = if args.force {
            Signal::Kill
        } else {
            args.signal.unwrap_or(Signal::Term)
        };
        let (number, name) = match signal {
            Signal::Term => (libc::SIGTERM, "SIGTERM"),
            Signal::Kill => (libc::SIGKILL, "SIGKILL"),
            Signal::Hup => (libc::SIGHUP, "SIGHUP"),
            Signal::Int => (libc::SIGINT, "SIGINT"),
        };
        let pid = args.pid;
        let process_name = blocking(move || {
            let mut system = System::new().map_err(|e| {
                ToolError::Unavailable(format!("cannot read system information: {e}"))
            })?;
            system.refresh_processes(ProcessesToUpdate::Some(&[Pid::from_u32(pid)]), true);
            system
                .process(Pid::from_u32(pid))
                .map(|p| p.name().to_string_lossy().into_owned())
                .ok_or_else(|| ToolError::NotFound(format!("no process with pid {pid}")))
        })
        .await?;
        send_signal(&context.host, pid, number).await.map_err(|e| {
            ToolError::Failed(format!("cannot send {name} to {pid} ({process_name}): {e}"))
        })?;
        Ok(ToolOutput::new(
            format!("sent {name} to {pid} ({process_name})"),
            json!({"pid": pid, "name": process_name, "signal": name}),
        ))
    }
}

/// kill(2) through the `kill` program, from an argv: the workspace forbids `unsafe`. It starts
/// as the call allows, like any host program: contained (it then cannot signal anything outside
/// its own run) unless a human approved the call.
async fn send_signal(host: &HostAccess, pid: u32, signal: libc::c_int) -> Result<(), String> {
    let argv = vec!["kill".to_owned(), format!("-{signal}"), pid.to_string()];
    let output = run_argv(host, &argv, KILL_TIMEOUT)
        .await
        .map_err(|e| e.to_string())?;
    if output.exit_code == Some(0) {
        Ok(())
    } else {
        Err(output.stderr.trim().to_owned())
    }
}
