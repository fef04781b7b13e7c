use schemars::JsonSchema;
use serde::Deserialize;
use sysinfo::{Disks, System};
use warden_protocol::Scope;
use warden_protocol::readings::{
    DiskUsageData, FilesystemData, LoadAverages, MemoryData, SwapData, SystemInfoData,
};
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::space::Space;
use crate::{blocking, data_value};

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

pub struct SystemInfo;

/// `system_info` takes no arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

impl TypedTool for SystemInfo {
    type Args = NoArgs;
    const NAME: &'static str = "system_info";
    const DESCRIPTION: &'static str = "Facts about this host: hostname, operating system, kernel, uptime, CPUs, load (also per core) and memory.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, _: NoArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        blocking(|| {
            let mut system = System::new().map_err(|e| ToolError::Unavailable(format!("cannot read system information: {e}")))?;
            system.refresh_memory();
            system.refresh_cpu_list(sysinfo::CpuRefreshKind::nothing());
            let cpus = system.cpus().len().max(1);
            let load = System::load_average().map_err(|e| ToolError::Unavailable(e.to_string()))?;
            let per_core = |load: f64| load / cpus as f64;
            let data = SystemInfoData {
                hostname: System::host_name().ok(),
                os: System::long_os_version().ok(),
                kernel: System::kernel_version().ok(),
                uptime_secs: System::uptime().ok(),
                cpus: cpus as u64,
                cpu_brand: system.cpus().first().map(|c| c.brand().to_owned()),
                load: LoadAverages { one: load.one, five: load.five, fifteen: load.fifteen },
                load_per_core: LoadAverages {
                    one: per_core(load.one),
                    five: per_core(load.five),
                    fifteen: per_core(load.fifteen),
                },
                memory: MemoryData {
                    total_bytes: system.total_memory(),
                    available_bytes: system.available_memory(),
                    used_bytes: system.used_memory(),
                },
                swap: SwapData { total_bytes: system.total_swap(), used_bytes: system.used_swap() },
            };
            let text = format!(
                "host {} ({}), kernel {}, up {} s\n{cpus} CPUs; load {:.2} {:.2} {:.2} ({:.2} per core)\nmemory {:.1} GiB used of {:.1} GiB, {:.1} GiB available; swap {:.1} of {:.1} GiB",
                data.hostname.as_deref().unwrap_or("?"),
                data.os.as_deref().unwrap_or("?"),
                data.kernel.as_deref().unwrap_or("?"),
                data.uptime_secs.map_or_else(|| "null".to_owned(), |s| s.to_string()),
                load.one,
                load.five,
                load.fifteen,
                load.one / cpus as f64,
                system.used_memory() as f64 / GIB,
                system.total_memory() as f64 / GIB,
                system.available_memory() as f64 / GIB,
                system.used_swap() as f64 / GIB,
                system.total_swap() as f64 / GIB,
            );
            Ok(ToolOutput::new(text, data_value(&data)?))
        })
        .await
    }
}

pub struct DiskUsage;

/// Arguments of `disk_usage`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiskArgs {
    /// Only the filesystem holding this path (default: every mounted filesystem).
    pub path: Option<String>,
}

impl TypedTool for DiskUsage {
    type Args = DiskArgs;
    const NAME: &'static str = "disk_usage";
    const DESCRIPTION: &'static str = "Space on mounted filesystems: mount point, filesystem type, total, used, available, blocks reserved for root, and percent used as df counts it.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: DiskArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        blocking(move || {
            let disks = Disks::new_with_refreshed_list()
                .map_err(|e| ToolError::Unavailable(e.to_string()))?;
            let mut rows: Vec<FilesystemData> = disks
                .iter()
                .map(|d| {
                    // statvfs for what sysinfo does not say (free blocks, reserved for root).
                    let space = Space::of(d.mount_point()).unwrap_or(Space {
                        total: d.total_space(),
                        free: d.available_space(),
                        available: d.available_space(),
                    });
                    space.filesystem(
                        d.mount_point().display().to_string(),
                        d.file_system().to_string_lossy().into_owned(),
                        d.name().to_string_lossy().into_owned(),
                        d.is_read_only(),
                    )
                })
                .collect();
            if let Some(path) = &args.path {
                // The mount with the longest mount point that contains the path.
                let best = rows
                    .iter()
                    .filter(|r| std::path::Path::new(path).starts_with(&r.mount_point))
                    .max_by_key(|r| r.mount_point.len())
                    .cloned();
                rows = match best {
                    Some(row) => vec![row],
                    None => {
                        return Err(ToolError::NotFound(format!(
                            "no mounted filesystem holds '{path}'"
                        )));
                    }
                };
            }
            let text: String = rows
                .iter()
                .map(|r| {
                    let used = r.used_percent;
                    let unavailable = r.unavailable_percent;
                    // Both numbers where reserved blocks make them differ.
                    let reserved = if (unavailable - used).abs() >= 1.0 {
                        format!(" ({unavailable:.1}% of the size not available to ordinary users)")
                    } else {
                        String::new()
                    };
                    format!(
                        "{:<30} {:<8} {:>8.1} GiB total {:>8.1} GiB available {:>3}% used{reserved}\n",
                        r.mount_point,
                        r.filesystem,
                        r.total_bytes as f64 / GIB,
                        r.available_bytes as f64 / GIB,
                        used
                    )
                })
                .collect();
            Ok(ToolOutput::new(text, data_value(&DiskUsageData { filesystems: rows })?))
        })
        .await
    }
}
