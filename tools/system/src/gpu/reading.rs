//! What a GPU reading is, and what Warden makes of it: decoded throttle reasons, derived
//! percentages, and the text a model or an operator reads. Pure, so it is tested on recorded
//! readings from real GPUs.

use serde::{Deserialize, Serialize};
use warden_protocol::readings::{GpuData, GpuProcessData, GpuStatusData};

/// NVML's clock throttle reason bits (nvmlClocksThrottleReason*), as the driver reports them.
const THROTTLE_REASONS: &[(u64, &str)] = &[
    (0x1, "gpu_idle"),
    (0x2, "applications_clocks_setting"),
    (0x4, "sw_power_cap"),
    (0x8, "hw_slowdown"),
    (0x10, "sync_boost"),
    (0x20, "sw_thermal_slowdown"),
    (0x40, "hw_thermal_slowdown"),
    (0x80, "hw_power_brake_slowdown"),
    (0x100, "display_clock_setting"),
];

/// Reasons that mean the GPU is held back by a problem, not by being idle or configured so.
const TROUBLE: &[&str] = &[
    "hw_slowdown",
    "sw_thermal_slowdown",
    "hw_thermal_slowdown",
    "hw_power_brake_slowdown",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GpuProcess {
    pub pid: u32,
    pub used_memory_bytes: Option<u64>,
}

/// One GPU at one moment. Fields NVML could not read are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GpuReading {
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
    pub throttle_reasons_bits: Option<u64>,
    pub processes: Vec<GpuProcess>,
    /// Set when the device could not be read at all.
    pub error: Option<String>,
    /// Critical XID errors since this process began watching the GPU; None where NVML
    /// delivers none.
    #[serde(default)]
    pub xid_critical_errors: Option<u64>,
    /// The latest critical XID error's code.
    #[serde(default)]
    pub xid_last: Option<u64>,
    /// Whether memory pages wait for a reset to be retired; None where not read.
    #[serde(default)]
    pub retired_pages_pending: Option<bool>,
}

/// Every GPU of the host at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GpuSnapshot {
    pub present: bool,
    /// Why there is no GPU to report, when there is none.
    pub reason: Option<String>,
    pub driver_version: Option<String>,
    pub gpus: Vec<GpuReading>,
}

impl GpuSnapshot {
    /// The snapshot as the tool returns it: each GPU also carries its throttle reasons by name.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.data()).unwrap_or_default()
    }

    /// The snapshot as the typed data of `gpu_status`.
    pub fn data(&self) -> GpuStatusData {
        GpuStatusData {
            present: self.present,
            reason: self.reason.clone(),
            driver_version: self.driver_version.clone(),
            gpus: self
                .gpus
                .iter()
                .map(|g| GpuData {
                    index: g.index,
                    name: g.name.clone(),
                    uuid: g.uuid.clone(),
                    temperature_c: g.temperature_c,
                    utilization_percent: g.utilization_percent,
                    memory_utilization_percent: g.memory_utilization_percent,
                    memory_total_bytes: g.memory_total_bytes,
                    memory_used_bytes: g.memory_used_bytes,
                    power_watts: g.power_watts,
                    power_limit_watts: g.power_limit_watts,
                    ecc_uncorrected_volatile: g.ecc_uncorrected_volatile,
                    ecc_corrected_volatile: g.ecc_corrected_volatile,
                    throttle_reasons_bits: g.throttle_reasons_bits,
                    throttle_reasons: g.throttle_reasons(),
                    processes: g
                        .processes
                        .iter()
                        .map(|p| GpuProcessData {
                            pid: p.pid,
                            used_memory_bytes: p.used_memory_bytes,
                        })
                        .collect(),
                    error: g.error.clone(),
                    xid_critical_errors: g.xid_critical_errors,
                    xid_last: g.xid_last,
                    retired_pages_pending: g.retired_pages_pending,
                })
                .collect(),
        }
    }
}

/// Turns NVML's init error into a sentence an operator understands.
pub fn absence_reason(nvml_error: &str) -> String {
    if nvml_error.contains("libnvidia-ml")
        || nvml_error.contains("LibloadingError")
        || nvml_error.contains("DlOpen")
    {
        "no NVIDIA GPU: the NVIDIA driver (libnvidia-ml.so.1) is not installed on this host"
            .to_owned()
    } else if nvml_error.contains("DriverNotLoaded") {
        "no NVIDIA GPU: the NVIDIA kernel driver is not loaded".to_owned()
    } else {
        format!("no NVIDIA GPU could be read: {nvml_error}")
    }
}

impl GpuReading {
    pub fn unreadable(index: u32, error: String) -> Self {
        Self {
            index,
            name: "unknown".to_owned(),
            uuid: None,
            temperature_c: None,
            utilization_percent: None,
            memory_utilization_percent: None,
            memory_total_bytes: None,
            memory_used_bytes: None,
            power_watts: None,
            power_limit_watts: None,
            ecc_uncorrected_volatile: None,
            ecc_corrected_volatile: None,
            throttle_reasons_bits: None,
            processes: Vec::new(),
            error: Some(error),
            xid_critical_errors: None,
            xid_last: None,
            retired_pages_pending: None,
        }
    }

    /// Decoded throttle reasons, unknown bits as `unknown_0x...`.
    pub fn throttle_reasons(&self) -> Vec<String> {
        let Some(bits) = self.throttle_reasons_bits else {
            return Vec::new();
        };
        let mut reasons: Vec<String> = THROTTLE_REASONS
            .iter()
            .filter(|(bit, _)| bits & bit != 0)
            .map(|(_, name)| (*name).to_owned())
            .collect();
        let known = THROTTLE_REASONS.iter().fold(0, |acc, (bit, _)| acc | bit);
        if bits & !known != 0 {
            reasons.push(format!("unknown_{:#x}", bits & !known));
        }
        reasons
    }

    /// Throttle reasons that indicate a problem (heat, power brake, hardware slowdown).
    pub fn troubling_throttle_reasons(&self) -> Vec<String> {
        self.throttle_reasons()
            .into_iter()
            .filter(|r| TROUBLE.contains(&r.as_str()))
            .collect()
    }

    pub fn memory_used_percent(&self) -> Option<f64> {
        match (self.memory_used_bytes, self.memory_total_bytes) {
            (Some(used), Some(total)) if total > 0 => {
                Some((used as f64 * 1000.0 / total as f64).round() / 10.0)
            }
            _ => None,
        }
    }

    /// One line for this GPU, as `gpu_status` and `warden doctor` show it.
    pub fn line(&self) -> String {
        if let Some(error) = &self.error {
            return format!("GPU {}: unreadable ({error})", self.index);
        }
        let opt = |v: Option<String>| v.unwrap_or_else(|| "n/a".to_owned());
        let mut line = format!(
            "GPU {} {}: {} C, {}% busy, memory {} of {} GiB ({}%), power {} / {} W",
            self.index,
            self.name,
            opt(self.temperature_c.map(|t| t.to_string())),
            opt(self.utilization_percent.map(|u| u.to_string())),
            opt(self
                .memory_used_bytes
                .map(|b| format!("{:.1}", b as f64 / 1073741824.0))),
            opt(self
                .memory_total_bytes
                .map(|b| format!("{:.1}", b as f64 / 1073741824.0))),
            opt(self.memory_used_percent().map(|p| p.to_string())),
            opt(self.power_watts.map(|w| format!("{w:.0}"))),
            opt(self.power_limit_watts.map(|w| format!("{w:.0}"))),
        );
        if let Some(errors) = self.ecc_uncorrected_volatile.filter(|e| *e > 0) {
            line.push_str(&format!(", {errors} UNCORRECTED ECC errors"));
        }
        if let Some(xids) = self.xid_critical_errors.filter(|n| *n > 0) {
            line.push_str(&format!(", {xids} critical XID errors"));
            if let Some(code) = self.xid_last {
                line.push_str(&format!(" (latest XID {code})"));
            }
        }
        if self.retired_pages_pending == Some(true) {
            line.push_str(", memory pages pending retirement (reset needed)");
        }
        let trouble = self.troubling_throttle_reasons();
        if !trouble.is_empty() {
            line.push_str(&format!(", throttled: {}", trouble.join(", ")));
        }
        if !self.processes.is_empty() {
            line.push_str(&format!(", {} processes", self.processes.len()));
        }
        line
    }
}

impl GpuSnapshot {
    pub fn absent(reason: String) -> Self {
        Self {
            present: false,
            reason: Some(reason),
            driver_version: None,
            gpus: Vec::new(),
        }
    }

    /// One line per GPU, or the reason there is none.
    pub fn summary(&self) -> String {
        if !self.present {
            return self
                .reason
                .clone()
                .unwrap_or_else(|| "no NVIDIA GPU".to_owned());
        }
        let mut text = match &self.driver_version {
            Some(v) => format!("NVIDIA driver {v}\n"),
            None => String::new(),
        };
        for gpu in &self.gpus {
            text.push_str(&gpu.line());
            text.push('\n');
        }
        text
    }
}
