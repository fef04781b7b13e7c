//! System tools. Processes run from an argv with no shell on the host: shell syntax in
//! `run_command` is refused here, and the guard routes such commands to the sandbox or to a human.

mod exec;
pub mod gpu;
mod host;
mod process;
mod run_command;
mod service;
mod space;

pub use exec::{CommandOutput, run_argv, run_host_pipeline};
pub use run_command::{
    SANDBOX_NOTE, UNPRIVILEGED_NOTE, has_shell_syntax, host_stages, split_command,
};
use warden_tool_api::{RegistryBuilder, typed};

pub fn register(builder: &mut RegistryBuilder) {
    builder
        .add(typed(host::SystemInfo))
        .add(typed(host::DiskUsage))
        .add(typed(process::ProcessList))
        .add(typed(process::ProcessKill))
        .add(typed(service::ServiceStatus))
        .add(typed(service::ServiceControl))
        .add(typed(service::JournalLogs))
        .add(typed(run_command::RunCommand))
        .add(typed(gpu::GpuStatus));
}

/// A tool's structured data as the JSON it returns.
pub(crate) fn data_value<T: serde::Serialize>(
    data: &T,
) -> Result<serde_json::Value, warden_tool_api::ToolError> {
    serde_json::to_value(data)
        .map_err(|e| warden_tool_api::ToolError::Failed(format!("cannot encode the data: {e}")))
}

/// Runs blocking work (sysinfo, NVML) off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, warden_tool_api::ToolError> + Send + 'static,
) -> Result<T, warden_tool_api::ToolError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| warden_tool_api::ToolError::Failed(format!("worker failed: {e}")))?
}
