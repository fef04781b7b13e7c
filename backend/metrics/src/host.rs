//! Host readings as gauges: what the last sweep read. Mounts, GPUs and container states that
//! were not read this time are removed, so a gauge never shows a value older than the sweep.

use super::families::Families;

/// One filesystem.
#[derive(Debug, Clone, PartialEq)]
pub struct DiskGauge {
    pub mount_point: String,
    /// Percent in use (0 to 100).
    pub used_percent: f64,
    pub available_bytes: u64,
}

/// One GPU; absent values are not shown.
#[derive(Debug, Clone, PartialEq)]
pub struct GpuGauge {
    pub index: u64,
    pub name: String,
    pub temperature_c: Option<f64>,
    /// Percent (0 to 100).
    pub memory_used_percent: Option<f64>,
    /// Percent (0 to 100).
    pub utilization_percent: Option<f64>,
    pub power_w: Option<f64>,
}

/// What one sweep read of the host.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostGauges {
    pub cpus: Option<u64>,
    pub load_per_core: Option<f64>,
    /// Percent (0 to 100).
    pub memory_used_percent: Option<f64>,
    pub disks: Vec<DiskGauge>,
    pub gpus: Vec<GpuGauge>,
    /// Container state (`running`, `exited`...) and how many are in it.
    pub containers: Vec<(String, i64)>,
}

pub(crate) fn set(f: &Families, readings: &HostGauges) {
    if let Some(cpus) = readings.cpus {
        f.host_cpus
            .get_or_create(&[])
            .set(i64::try_from(cpus).unwrap_or(i64::MAX));
    }
    if let Some(load) = readings.load_per_core {
        f.host_load_per_core.get_or_create(&[]).set(load);
    }
    if let Some(memory) = readings.memory_used_percent {
        f.host_memory_used_ratio
            .get_or_create(&[])
            .set(memory / 100.0);
    }
    f.disk_used_ratio.clear();
    f.disk_available_bytes.clear();
    for disk in &readings.disks {
        let labels = [("mount", disk.mount_point.clone())];
        f.disk_used_ratio
            .get_or_create(&labels)
            .set(disk.used_percent / 100.0);
        f.disk_available_bytes
            .get_or_create(&labels)
            .set(i64::try_from(disk.available_bytes).unwrap_or(i64::MAX));
    }
    f.gpu_temperature.clear();
    f.gpu_memory_used_ratio.clear();
    f.gpu_utilization_ratio.clear();
    f.gpu_power_watts.clear();
    for gpu in &readings.gpus {
        let labels = [("gpu", gpu.index.to_string()), ("name", gpu.name.clone())];
        if let Some(value) = gpu.temperature_c {
            f.gpu_temperature.get_or_create(&labels).set(value);
        }
        if let Some(value) = gpu.memory_used_percent {
            f.gpu_memory_used_ratio
                .get_or_create(&labels)
                .set(value / 100.0);
        }
        if let Some(value) = gpu.utilization_percent {
            f.gpu_utilization_ratio
                .get_or_create(&labels)
                .set(value / 100.0);
        }
        if let Some(value) = gpu.power_w {
            f.gpu_power_watts.get_or_create(&labels).set(value);
        }
    }
    f.containers.clear();
    for (state, count) in &readings.containers {
        f.containers
            .get_or_create(&[("state", state.clone())])
            .set(*count);
    }
}
