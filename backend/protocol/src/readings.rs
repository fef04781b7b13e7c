//! Readings: the structured data the host tools return (`system_info`, `disk_usage`,
//! `process_list`, `ollama_ps`, `gpu_status`, `docker_ps`) and what the monitor makes of one sweep (`SweepReadings`, stored with each
//! sweep and drawn by the dashboard). The tools serialize these types and the monitor
//! deserializes them, so a renamed field is a compile error on both sides, not a silent nothing.

use serde::{Deserialize, Serialize};

/// Load averages (one, five and fifteen minutes), as `/proc/loadavg` has them, or per core.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LoadAverages {
    pub one: f64,
    pub five: f64,
    pub fifteen: f64,
}

/// Memory in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryData {
    pub total_bytes: u64,
    /// What new processes can still get without swapping (MemAvailable).
    pub available_bytes: u64,
    pub used_bytes: u64,
}

/// Swap in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwapData {
    pub total_bytes: u64,
    pub used_bytes: u64,
}

/// `system_info`'s data: facts about the host, its load and memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemInfoData {
    pub hostname: Option<String>,
    pub os: Option<String>,
    pub kernel: Option<String>,
    /// Seconds since boot.
    pub uptime_secs: Option<u64>,
    /// Logical CPUs (at least 1).
    pub cpus: u64,
    pub cpu_brand: Option<String>,
    pub load: LoadAverages,
    /// `load` divided by `cpus`.
    pub load_per_core: LoadAverages,
    pub memory: MemoryData,
    pub swap: SwapData,
}

/// One mounted filesystem of `disk_usage`, counted as `df` counts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilesystemData {
    pub mount_point: String,
    /// The filesystem type (`ext4`, `overlay`, ...).
    pub filesystem: String,
    pub device: String,
    pub total_bytes: u64,
    /// Size less free blocks (`df`'s Used).
    pub used_bytes: u64,
    /// Free to root (reserved blocks included).
    pub free_bytes: u64,
    /// Available to ordinary users.
    pub available_bytes: u64,
    /// Free to root only.
    pub reserved_bytes: u64,
    /// `df`'s Use%: used / (used + available), a whole percent rounded up.
    pub used_percent: f64,
    /// (size - available) / size in percent, one decimal: what ordinary users cannot use.
    pub unavailable_percent: f64,
    /// Mounted read-only (`ro` in /proc/mounts): nothing written to it, nothing freed on it.
    #[serde(default)]
    pub read_only: bool,
}

/// `disk_usage`'s data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiskUsageData {
    pub filesystems: Vec<FilesystemData>,
}

/// One process of `process_list`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessData {
    pub pid: u32,
    pub name: String,
    /// Percent of one core, one decimal.
    pub cpu_percent: f64,
    /// Resident memory in bytes.
    pub memory_bytes: u64,
    /// The command line, secrets redacted, at most 300 characters.
    pub command: String,
}

/// `process_list`'s data: the busiest processes first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessListData {
    pub processes: Vec<ProcessData>,
    /// Processes that matched, before the list was cut to its limit.
    pub total: u64,
}

/// One model Ollama holds in memory, of `ollama_ps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadedModelData {
    pub name: Option<String>,
    /// Bytes the model takes in all.
    pub size: Option<u64>,
    /// Bytes of it in GPU memory.
    pub size_vram: Option<u64>,
    /// When Ollama means to unload it (Unix seconds); None: kept loaded for good.
    pub expires_at: Option<i64>,
}

/// `ollama_ps`'s data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OllamaPsData {
    pub models: Vec<LoadedModelData>,
}

/// A process using a GPU, of `gpu_status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpuProcessData {
    pub pid: u32,
    pub used_memory_bytes: Option<u64>,
}

/// One GPU of `gpu_status`, as NVML reported it; fields NVML could not read are None.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GpuData {
    pub index: u32,
    pub name: String,
    pub uuid: Option<String>,
    pub temperature_c: Option<u32>,
    pub utilization_percent: Option<u32>,
    pub memory_utilization_percent: Option<u32>,
    pub memory_total_bytes: Option<u64>,
    pub memory_used_bytes: Option<u64>,
    pub power_watts: Option<f64>,
    pub power_limit_watts: Option<f64>,
    pub ecc_uncorrected_volatile: Option<u64>,
    pub ecc_corrected_volatile: Option<u64>,
    /// NVML's clock throttle reason bits.
    pub throttle_reasons_bits: Option<u64>,
    /// The same bits by name (`hw_slowdown`, ...; unknown bits as `unknown_0x...`).
    #[serde(default)]
    pub throttle_reasons: Vec<String>,
    pub processes: Vec<GpuProcessData>,
    /// Set when the device could not be read at all.
    pub error: Option<String>,
    /// Critical XID errors (NVML's `nvmlEventTypeXidCriticalError`) the driver reported for it
    /// since this process began watching (its first reading), drained without waiting; None
    /// where NVML does not deliver them (no event support, an agent too old to send them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xid_critical_errors: Option<u64>,
    /// The code of the latest of them (48: a double-bit ECC error, 79: fallen off the bus...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xid_last: Option<u64>,
    /// Whether memory pages wait to be retired (`nvmlDeviceGetRetiredPagesPendingStatus`): they
    /// are retired only when the GPU is reset or the driver reloaded. None where not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_pages_pending: Option<bool>,
}

/// `gpu_status`'s data: every GPU of the host at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GpuStatusData {
    pub present: bool,
    /// Why there is no GPU to report, when there is none.
    pub reason: Option<String>,
    pub driver_version: Option<String>,
    pub gpus: Vec<GpuData>,
}

/// A container's own health check settings (`HEALTHCHECK` in its image, `docker run
/// --health-*`), as `inspect` reports them (`Config.Healthcheck`), in whole seconds (rounded up).
/// None where the container sets nothing and Docker's default applies (interval 30 s, timeout
/// 30 s, no start period, 3 retries).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HealthCheckData {
    /// Between two checks (`--health-interval`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub interval_secs: Option<u64>,
    /// How long one check may run (`--health-timeout`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub timeout_secs: Option<u64>,
    /// How long after a start failures do not count (`--health-start-period`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub start_period_secs: Option<u64>,
    /// Failures in a row that make it unhealthy (`--health-retries`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retries: Option<u64>,
}

/// What `docker_ps` with `details` adds to a container: its state as `inspect` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerStateData {
    pub exit_code: Option<i64>,
    /// Whether the kernel killed its last run for memory.
    pub oom_killed: Option<bool>,
    /// Restarts by Docker's restart policy since the container was created.
    pub restart_count: Option<i64>,
    /// As `docker run --restart` spells it: `on-failure:3` with a retry limit.
    pub restart_policy: Option<String>,
    /// RFC 3339, as Docker writes it.
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// The signal `docker stop` sends it (its `StopSignal`, as configured: `SIGINT`, `QUIT`,
    /// `2`); None when it has none of its own (Docker sends SIGTERM).
    #[serde(default)]
    pub stop_signal: Option<String>,
    /// How long `docker stop` waits after its signal before SIGKILL, in seconds (its
    /// `StopTimeout`, `--stop-timeout`, Compose's `stop_grace_period`; -1: forever); None when it
    /// sets none (Docker waits 10 s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_timeout_secs: Option<i64>,
    /// Whether it has a terminal (`docker run -t`): Ctrl-C at that terminal reaches its program
    /// directly, and Docker records no signal for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tty: Option<bool>,
    /// Its health check's settings, when it has a health check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheckData>,
    /// Docker's error starting it (its `State.Error`), when its last start failed: a `docker
    /// restart` or `docker start` after a stop that could not start it again leaves the stop's
    /// exit code (143) with this set, so that exit was no operator's stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One container of `docker_ps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerData {
    pub name: String,
    /// The short id (12 characters).
    pub id: String,
    pub image: Option<String>,
    /// created, running, restarting, exited, paused, dead: Docker's own word, kept as Docker
    /// spells it (a newer daemon may add one), so a `String`.
    pub state: Option<String>,
    /// As `docker ps` writes it (`Up 2 hours (healthy)`, `Exited (3) 2 seconds ago`): free text.
    pub status: String,
    /// healthy, unhealthy, starting, or None without a health check (Docker's word, a `String`).
    pub health: Option<String>,
    pub ports: Vec<String>,
    pub labels: Option<std::collections::BTreeMap<String, String>>,
    /// With `details`, when the container could still be inspected.
    #[serde(flatten)]
    pub details: Option<ContainerStateData>,
}

/// `docker_inspect`'s data: one container in detail. Values Docker did not report are null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerInspectData {
    /// The full id (64 hexadecimal characters).
    pub id: Option<String>,
    /// Without Docker's leading `/`.
    pub name: String,
    pub image: Option<String>,
    /// created, running, paused, restarting, removing, exited, dead: Docker's own word, kept as
    /// Docker spells it (a newer daemon may add one), so a `String`.
    pub status: Option<String>,
    pub running: Option<bool>,
    pub restarting: Option<bool>,
    pub exit_code: Option<i64>,
    /// Whether the kernel killed its last run for memory.
    pub oom_killed: Option<bool>,
    /// Docker's error starting it, empty when none.
    pub error: Option<String>,
    /// RFC 3339, as Docker writes it.
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// healthy, unhealthy, starting, none; null without a health check (Docker's word, a
    /// `String`).
    pub health: Option<String>,
    /// Restarts by Docker's restart policy since the container was created.
    pub restart_count: Option<i64>,
    /// As `docker run --restart` spells it: `on-failure:3` with a retry limit.
    pub restart_policy: Option<String>,
    /// The signal `docker stop` sends it (its `StopSignal`); None: SIGTERM.
    #[serde(default)]
    pub stop_signal: Option<String>,
    /// How long `docker stop` waits after its signal before SIGKILL, in seconds (its
    /// `StopTimeout`; -1: forever); None when it sets none (Docker waits 10 s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_timeout_secs: Option<i64>,
    /// Whether it has a terminal (`docker run -t`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tty: Option<bool>,
    /// Its health check's settings, when it has a health check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheckData>,
    pub command: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub labels: Option<std::collections::BTreeMap<String, String>>,
    /// The names of its environment variables; their values often hold secrets and are never
    /// read out.
    pub env_names: Vec<String>,
    pub mounts: Option<Vec<MountData>>,
    /// Container port (`8080/tcp`) to its host bindings, as Docker reports them.
    pub ports: Option<std::collections::BTreeMap<String, Option<Vec<PortBindingData>>>>,
}

/// One mount of an inspected container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountData {
    pub source: Option<String>,
    pub destination: Option<String>,
    /// Whether it is writable.
    pub rw: Option<bool>,
}

/// One host binding of a container port, in Docker's own spelling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortBindingData {
    #[serde(rename = "HostIp", default, skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    #[serde(rename = "HostPort", default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<String>,
}

/// `docker_ps`'s data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DockerPsData {
    pub containers: Vec<ContainerData>,
    /// Containers that matched, before the list was cut to its limit.
    pub total: u64,
    /// Where the daemon keeps its images and build cache (`docker info`'s `DockerRootDir`,
    /// `/var/lib/docker` unless its `data-root` says otherwise), read with `details`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_root_dir: Option<String>,
}

/// What one monitor sweep saw (the `readings` of a sweep, of `GET /api/v1/monitor/status` and
/// of each history point).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SweepReadings {
    pub host: Option<HostReading>,
    pub disks: Vec<DiskReading>,
    pub docker: DockerReading,
    pub gpus: Vec<GpuReading>,
    /// Hosts reached over SSH, and fleet agents.
    #[serde(default)]
    pub remote: Vec<RemoteReading>,
    /// The busiest processes, when the runaway runbook is on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<ProcessReading>>", optional)]
    pub processes: Vec<ProcessReading>,
    /// Models Ollama holds in memory, when the stuck-model runbook is on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<OllamaModelReading>>", optional)]
    pub ollama: Vec<OllamaModelReading>,
    /// Probes that could not read, with why.
    pub errors: Vec<String>,
}

/// The host's load and memory in a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct HostReading {
    pub cpus: u64,
    /// Five-minute load per core.
    pub load_per_core: f64,
    /// Percent of memory in use, one decimal.
    pub memory_used_percent: f64,
    #[serde(default)]
    pub memory_total_bytes: Option<u64>,
}

/// One busy process in a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProcessReading {
    pub pid: u32,
    pub name: String,
    /// Percent of one core.
    pub cpu_percent: f64,
    pub memory_bytes: u64,
}

/// One model Ollama holds (`ollama_ps`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct OllamaModelReading {
    pub name: String,
    pub size_vram: u64,
    /// When Ollama means to unload it (Unix seconds); None: kept loaded for good.
    pub expires_at: Option<i64>,
}

/// The process using the most memory on a GPU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct GpuProcessReading {
    pub pid: u32,
    pub used_memory_bytes: u64,
}

/// One watched disk in a sweep (and in a fleet agent's readings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiskReading {
    pub mount_point: String,
    /// Percent used as `df` computes it: used / (used + available), rounded up.
    pub used_percent: f64,
    pub available_bytes: u64,
    /// Percent of the filesystem's size that ordinary users cannot use, (size - available) /
    /// size, when it differs from `used_percent` by a point or more (blocks reserved for root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unavailable_percent: Option<f64>,
    /// The filesystem's type as the kernel names it (`ext4`, `xfs`, `tmpfs`), when the reading
    /// has it: what fills the mount decides which repair fits (a full `tmpfs` frees nothing when
    /// Docker is pruned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub filesystem: Option<String>,
    // Mounted read-only: a full one is reported, never repaired (nothing can be freed on it).
    // Judged where it is read; not part of the wire shape.
    #[serde(skip)]
    #[ts(skip)]
    pub read_only: bool,
}

/// Docker in a sweep: whether the daemon answered, and its containers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct DockerReading {
    pub reachable: bool,
    pub error: Option<String>,
    pub containers: Vec<ContainerReading>,
    // The daemon's data root (`docker info`'s `DockerRootDir`), when read: the mount holding it
    // is the one a prune frees. Judged where it is read; not part of the wire shape.
    #[serde(skip)]
    #[ts(skip)]
    pub data_root: Option<String>,
}

/// One container in a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ContainerReading {
    pub name: String,
    /// created, running, restarting, exited, paused, dead: Docker's own word, kept as Docker
    /// spells it (a newer daemon may add one), so a `String`.
    pub state: String,
    /// As `docker ps` writes it: free text.
    pub status: String,
    /// healthy, unhealthy, starting, or None without a health check (Docker's word, a `String`).
    pub health: Option<String>,
    /// The exit code of a stopped container (`Exited (N) ...`).
    pub exit_code: Option<i64>,
    pub autoheal: bool,
    /// Whether the kernel killed its last run for memory (meaningful once it has stopped: Docker
    /// keeps the flag while a restarted container runs).
    #[serde(default)]
    pub oom_killed: bool,
    /// Restarts by Docker's restart policy since the container was created.
    #[serde(default)]
    pub restart_count: Option<i64>,
    /// When its current (or last) run started, as Docker writes it (RFC 3339).
    #[serde(default)]
    pub started_at: Option<String>,
    /// When its last run ended, as Docker writes it (RFC 3339), when it is stopped and that was
    /// read: an exit long after the monitor began following Docker's events had its stop
    /// signal, if any, seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub finished_at: Option<String>,
    /// The signal `docker stop` sends it (its `StopSignal`, `SIGINT`); None: SIGTERM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub stop_signal: Option<String>,
    /// How long `docker stop` waits after its signal before SIGKILL, in seconds (its
    /// `StopTimeout`; -1: forever), when it sets one and that was read (Docker waits 10 s
    /// otherwise): a stop signal comes at most that long before the exit it causes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub stop_timeout_secs: Option<i64>,
    /// Whether it has a terminal (`docker run -t`), when that was read: Ctrl-C at its
    /// terminal ends its program by SIGINT (exit 130) with no signal Docker records.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tty: bool,
    /// Docker's restart policy for it (`always`, `unless-stopped`, `on-failure`, `no`; with a
    /// retry limit as `docker run` spells it, `on-failure:3`), when read: whether Docker
    /// restarts it itself after an exit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub restart_policy: Option<String>,
    /// Its health check's settings, when it has one and they were read: how long its health
    /// may stay `starting` before that is a fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub health_check: Option<HealthCheckData>,
    // Docker's error starting it (`State.Error`), when its last start failed: an exit after a
    // stop signal that a start then failed to follow (`docker restart` of a container whose
    // bind mount is gone) was no operator's stop. Judged where it is read; not part of the wire
    // shape.
    #[serde(skip)]
    #[ts(skip)]
    pub start_error: Option<String>,
    // Whether it is a Compose one-off run (`docker compose run`, labelled
    // `com.docker.compose.oneoff=True`): a task run once, never opted in to restarts (a restart
    // would run the task again). Judged where it is read; not part of the wire shape.
    #[serde(skip)]
    #[ts(skip)]
    pub compose_oneoff: bool,
}

/// One GPU in a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct GpuReading {
    pub index: u64,
    pub name: String,
    pub temperature_c: Option<f64>,
    pub memory_used_percent: Option<f64>,
    pub utilization_percent: Option<f64>,
    pub ecc_uncorrected: Option<u64>,
    pub throttle_reasons: Vec<String>,
    pub power_w: Option<f64>,
    /// Processes using the GPU.
    #[serde(default)]
    pub processes: u64,
    /// The one using the most of its memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub top_process: Option<GpuProcessReading>,
    /// Why it is lost, when it is: NVML could not read it (`GPU is lost`, `Unable to determine
    /// the device handle`), or a GPU an earlier sweep read is missing from NVML's count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lost: Option<String>,
    /// Critical XID errors since Warden began watching it, when NVML delivers them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub xid_critical_errors: Option<u64>,
    /// The code of the latest critical XID error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub xid_last: Option<u64>,
    /// Whether memory pages wait for a reset to be retired, when read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retired_pages_pending: Option<bool>,
}

/// A host read over SSH or a fleet agent, in a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RemoteReading {
    pub host: String,
    /// True for a fleet agent, whose runbooks run on it (its tool calls carry `host`); false for
    /// a host read over SSH, whose faults are reported and escalated only.
    #[serde(default)]
    pub agent: bool,
    pub reachable: bool,
    pub error: Option<String>,
    pub load_per_core: Option<f64>,
    pub memory_used_percent: Option<f64>,
    pub disks: Vec<DiskReading>,
}

/// A fleet agent's last readings as the hub shows them (`Host.readings`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentReadings {
    /// Unix seconds the agent read them.
    pub taken_at: i64,
    /// Five-minute load divided by cores.
    pub load_per_core: Option<f64>,
    /// Percent of memory in use (total less available).
    pub memory_used_percent: Option<f64>,
    pub disks: Vec<DiskReading>,
}
