//! `gpu_status`: NVIDIA GPUs through NVML. Without the driver (`libnvidia-ml.so.1`), the answer is
//! a clear "no NVIDIA GPU", not an error: most hosts have none. The reading model and its logic
//! live in [`reading`] and are tested on recorded readings.

pub mod reading;
mod xid;

use nvml_wrapper::Nvml;
use nvml_wrapper::enum_wrappers::device::{EccCounter, MemoryError, TemperatureSensor};
use nvml_wrapper::enums::device::UsedGpuMemory;
use schemars::JsonSchema;
use serde::Deserialize;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::blocking;
pub use reading::{GpuProcess, GpuReading, GpuSnapshot};

pub struct GpuStatus;

/// `gpu_status` takes no arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

impl TypedTool for GpuStatus {
    type Args = NoArgs;
    const NAME: &'static str = "gpu_status";
    const DESCRIPTION: &'static str = "NVIDIA GPUs: temperature, utilisation, memory, power, ECC errors, throttling reasons and processes. Says plainly when the host has no NVIDIA GPU.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, _: NoArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let snapshot = blocking(|| Ok(read_gpus())).await?;
        Ok(ToolOutput::new(snapshot.summary(), snapshot.to_json()))
    }
}

/// Whether this host can read NVIDIA GPUs, as `warden doctor` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NvmlPresence {
    /// NVML answered: the driver version and one line per GPU.
    Present { driver: String, gpus: Vec<String> },
    /// No driver library on this host: no NVIDIA GPU, which is fine.
    Absent(String),
    /// The driver library is there but NVML fails (a broken or mismatched install).
    Broken(String),
}

/// Initialises NVML once and tells an absent driver from a broken one. Blocking.
// NvmlError and libloading's error have many variants; all but a missing library are failures.
#[allow(clippy::wildcard_enum_match_arm)]
pub fn nvml_presence() -> NvmlPresence {
    use nvml_wrapper::error::NvmlError;
    let nvml = match Nvml::init() {
        Ok(nvml) => nvml,
        Err(NvmlError::LibloadingError(e)) => {
            let text = e.to_string();
            // dlopen's words for a library that is not installed at all.
            return if text.contains("cannot open shared object file: No such file or directory") {
                NvmlPresence::Absent(
                    "no NVIDIA driver (libnvidia-ml.so.1 is not installed): no GPU to watch"
                        .to_owned(),
                )
            } else {
                NvmlPresence::Broken(format!("libnvidia-ml.so.1 cannot be loaded: {text}"))
            };
        }
        Err(NvmlError::DriverNotLoaded) => {
            return NvmlPresence::Broken(
                "libnvidia-ml.so.1 is installed but the NVIDIA kernel driver is not loaded"
                    .to_owned(),
            );
        }
        Err(e) => return NvmlPresence::Broken(format!("NVML does not start: {e}")),
    };
    let snapshot = read_gpus_with(&nvml);
    NvmlPresence::Present {
        driver: snapshot
            .driver_version
            .clone()
            .unwrap_or_else(|| "unknown".to_owned()),
        gpus: snapshot.gpus.iter().map(GpuReading::line).collect(),
    }
}

/// Reads every GPU now. Never fails: a missing driver or a failing device is part of the answer.
pub fn read_gpus() -> GpuSnapshot {
    match Nvml::init() {
        Ok(nvml) => read_gpus_with(&nvml),
        Err(e) => GpuSnapshot::absent(reading::absence_reason(&e.to_string())),
    }
}

fn read_gpus_with(nvml: &Nvml) -> GpuSnapshot {
    let driver = nvml.sys_driver_version().ok();
    let count = match nvml.device_count() {
        Ok(count) => count,
        Err(e) => return GpuSnapshot::absent(format!("NVML could not count devices: {e}")),
    };
    let mut gpus = Vec::new();
    for index in 0..count {
        let device = match nvml.device_by_index(index) {
            Ok(device) => device,
            Err(e) => {
                gpus.push(GpuReading::unreadable(index, e.to_string()));
                continue;
            }
        };
        let memory = device.memory_info().ok();
        let utilization = device.utilization_rates().ok();
        let uuid = device.uuid().ok();
        let (xid_critical_errors, xid_last) = xid::critical_xids(index, uuid.as_deref());
        gpus.push(GpuReading {
            index,
            name: device.name().unwrap_or_else(|_| "unknown".to_owned()),
            uuid,
            temperature_c: device.temperature(TemperatureSensor::Gpu).ok(),
            utilization_percent: utilization.as_ref().map(|u| u.gpu),
            memory_utilization_percent: utilization.as_ref().map(|u| u.memory),
            memory_total_bytes: memory.as_ref().map(|m| m.total),
            memory_used_bytes: memory.as_ref().map(|m| m.total.saturating_sub(m.free)),
            power_watts: device.power_usage().ok().map(|mw| f64::from(mw) / 1000.0),
            power_limit_watts: device
                .enforced_power_limit()
                .ok()
                .map(|mw| f64::from(mw) / 1000.0),
            ecc_uncorrected_volatile: device
                .total_ecc_errors(MemoryError::Uncorrected, EccCounter::Volatile)
                .ok(),
            ecc_corrected_volatile: device
                .total_ecc_errors(MemoryError::Corrected, EccCounter::Volatile)
                .ok(),
            throttle_reasons_bits: device.current_throttle_reasons().ok().map(|r| r.bits()),
            processes: device
                .running_compute_processes()
                .unwrap_or_default()
                .into_iter()
                .map(|p| GpuProcess {
                    pid: p.pid,
                    used_memory_bytes: match p.used_gpu_memory {
                        UsedGpuMemory::Used(bytes) => Some(bytes),
                        UsedGpuMemory::Unavailable => None,
                    },
                })
                .collect(),
            error: None,
            xid_critical_errors,
            xid_last,
            // Pages retire at the next reset: pending, the GPU needs one (NotSupported on
            // GPUs that remap rows instead, as the A100 and H100 do: None there).
            retired_pages_pending: device.are_pages_pending_retired().ok(),
        });
    }
    GpuSnapshot {
        present: !gpus.is_empty(),
        reason: if gpus.is_empty() {
            Some("NVML found no NVIDIA device".to_owned())
        } else {
            None
        },
        driver_version: driver,
        gpus,
    }
}
