//! A sweep's GPU readings from `gpu_status` (NVML, or an agent's copy of it). NVML and the
//! drivers around it report what they cannot read in ways that look like numbers: a lost GPU
//! (`Unable to determine the device handle`, `GPU is lost`) with stale or zeroed fields, its
//! all-ones "not available" value (`0xFFFFFFFF`, `0xFFFFFFFFFFFFFFFF`) for a temperature, an ECC
//! counter or a process's memory (MIG, WDDM), a utilisation past 100 %. Each such value is no
//! reading: taken for one, it opened incidents that say nothing (a GPU at 4294967295 °C, 2^64
//! ECC errors) and had the GPU hog runbook kill a process whose memory was never read.

use warden_protocol::readings::GpuStatusData;

use super::readings::{GpuProcessReading, GpuReading};

/// The hottest a GPU that still answers can be, in °C: NVIDIA's GPUs shut down near 100 °C
/// (their `shutdown` threshold), so a hotter reading is a sentinel or a driver's glitch, while
/// one past the slowdown threshold (about 90 °C) is real and reported.
const MAX_PLAUSIBLE_CELSIUS: u32 = 150;

/// The largest count NVML's volatile ECC counters reach in practice; NVML's all-ones "not
/// available" (`u32::MAX` widened, `u64::MAX`) lies above it.
const MAX_PLAUSIBLE_ECC: u64 = u32::MAX as u64 - 1;

/// The GPUs of a `gpu_status` answer, with the memory in use as a percent. A GPU that could not
/// be read (its `error` set: lost, fallen off the bus) gives no readings at all, whatever its
/// other fields hold. A GPU listed again under an index already read (a lost GPU reported in the
/// place of another) is left out: one index is one GPU, one incident.
pub fn gpus(data: &GpuStatusData) -> Vec<GpuReading> {
    let mut out: Vec<GpuReading> = Vec::with_capacity(data.gpus.len().min(64));
    // A readable GPU wins its index over an unreadable one listed first.
    let mut ordered: Vec<&warden_protocol::readings::GpuData> = data.gpus.iter().collect();
    ordered.sort_by_key(|g| g.error.is_some());
    for g in ordered {
        if out.iter().any(|kept| kept.index == u64::from(g.index)) {
            continue;
        }
        let readable = g.error.is_none();
        let total = g.memory_total_bytes.filter(|t| *t > 0 && readable);
        out.push(GpuReading {
            index: u64::from(g.index),
            name: g.name.clone(),
            temperature_c: g
                .temperature_c
                .filter(|t| readable && *t <= MAX_PLAUSIBLE_CELSIUS)
                .map(f64::from),
            // More memory in use than the GPU has is no reading (a driver's glitch): taken for
            // one, it is over any threshold, and the GPU hog runbook kills its top process.
            memory_used_percent: match (g.memory_used_bytes, total) {
                (Some(used), Some(total)) if used <= total => {
                    Some((used as f64 * 1000.0 / total as f64).round() / 10.0)
                }
                _ => None,
            },
            utilization_percent: g
                .utilization_percent
                .filter(|u| readable && *u <= 100)
                .map(f64::from),
            ecc_uncorrected: g
                .ecc_uncorrected_volatile
                .filter(|n| readable && *n <= MAX_PLAUSIBLE_ECC),
            throttle_reasons: if readable {
                g.throttle_reasons.clone()
            } else {
                Vec::new()
            },
            power_w: g
                .power_watts
                .filter(|w| readable && w.is_finite() && *w >= 0.0),
            processes: if readable {
                g.processes.len() as u64
            } else {
                0
            },
            // A process whose memory was not read (NVML's all-ones, or more than the GPU has)
            // is never the top one: the hog runbook would kill it on no reading.
            top_process: g
                .processes
                .iter()
                .filter(|_| readable)
                .filter_map(|p| {
                    let used = p
                        .used_memory_bytes
                        .filter(|used| *used < u64::MAX && total.is_none_or(|t| *used <= t))?;
                    Some(GpuProcessReading {
                        pid: p.pid,
                        used_memory_bytes: used,
                    })
                })
                .max_by_key(|p| p.used_memory_bytes),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn reading(all: serde_json::Value) -> Vec<GpuReading> {
        let data = json!({"present": true, "driver_version": "550.54.15", "gpus": all});
        gpus(&serde_json::from_value(data).unwrap_or_else(|e| panic!("{e}")))
    }

    fn gpu(index: u32) -> serde_json::Value {
        json!({
            "index": index, "name": "NVIDIA H100 80GB HBM3", "uuid": format!("GPU-{index}"),
            "temperature_c": 61, "utilization_percent": 40, "memory_utilization_percent": 20,
            "memory_total_bytes": 85_899_345_920_u64, "memory_used_bytes": 8_589_934_592_u64,
            "power_watts": 300.5, "power_limit_watts": 700.0,
            "ecc_uncorrected_volatile": 0, "ecc_corrected_volatile": 0,
            "throttle_reasons_bits": 0, "throttle_reasons": [],
            "processes": [{"pid": 4242, "used_memory_bytes": 8_000_000_000_u64}],
            "error": null
        })
    }

    fn with(index: u32, change: &[(&str, serde_json::Value)]) -> serde_json::Value {
        let mut value = gpu(index);
        for (key, field) in change {
            value[*key] = field.clone();
        }
        value
    }

    #[test]
    fn a_plain_gpu_reads_as_it_is() {
        let read = reading(json!([gpu(0)]));
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].temperature_c, Some(61.0));
        assert_eq!(read[0].memory_used_percent, Some(10.0));
        assert_eq!(read[0].utilization_percent, Some(40.0));
        assert_eq!(read[0].ecc_uncorrected, Some(0));
        assert_eq!(read[0].power_w, Some(300.5));
        assert_eq!(read[0].top_process.as_ref().map(|p| p.pid), Some(4242));
    }

    #[test]
    fn a_lost_gpu_gives_no_readings_whatever_its_fields_hold() {
        for error in [
            "Unable to determine the device handle for GPU0000:3B:00.0: Unknown Error",
            "GPU is lost",
            "[Unknown Error]",
        ] {
            let lost = with(
                0,
                &[
                    ("error", json!(error)),
                    ("temperature_c", json!(255)),
                    ("ecc_uncorrected_volatile", json!(12)),
                    ("throttle_reasons", json!(["hw_slowdown"])),
                    ("memory_used_bytes", json!(85_899_345_920_u64)),
                ],
            );
            let read = reading(json!([lost]));
            assert_eq!(read.len(), 1);
            let g = &read[0];
            assert_eq!(
                (
                    g.temperature_c,
                    g.memory_used_percent,
                    g.ecc_uncorrected,
                    g.throttle_reasons.len(),
                    g.top_process.is_some()
                ),
                (None, None, None, 0, false),
                "{error}"
            );
        }
    }

    #[test]
    fn nvml_s_not_available_values_and_impossible_ones_are_no_readings() {
        let odd = with(
            0,
            &[
                ("temperature_c", json!(u32::MAX)),
                ("utilization_percent", json!(u32::MAX)),
                ("ecc_uncorrected_volatile", json!(u64::MAX)),
                ("power_watts", json!(-1.0)),
                (
                    "processes",
                    json!([
                        {"pid": 1, "used_memory_bytes": u64::MAX},
                        {"pid": 2, "used_memory_bytes": 90_000_000_000_u64},
                        {"pid": 3, "used_memory_bytes": 1_000},
                        {"pid": 4, "used_memory_bytes": null}
                    ]),
                ),
            ],
        );
        let read = reading(json!([odd]));
        let g = &read[0];
        assert_eq!(g.temperature_c, None);
        assert_eq!(g.utilization_percent, None);
        assert_eq!(g.ecc_uncorrected, None);
        assert_eq!(g.power_w, None);
        assert_eq!(g.processes, 4);
        assert_eq!(g.top_process.as_ref().map(|p| p.pid), Some(3));
        // ECC counted in u32's range, less its all-ones, is a count.
        let read = reading(json!([with(
            0,
            &[("ecc_uncorrected_volatile", json!(u64::from(u32::MAX)))]
        )]));
        assert_eq!(read[0].ecc_uncorrected, None);
        // Past the slowdown threshold, short of shutdown: real, read.
        for celsius in [0, 91, 97, 105, MAX_PLAUSIBLE_CELSIUS] {
            let read = reading(json!([with(0, &[("temperature_c", json!(celsius))])]));
            assert_eq!(read[0].temperature_c, Some(f64::from(celsius)));
        }
        for celsius in [MAX_PLAUSIBLE_CELSIUS + 1, 255, 65_535] {
            let read = reading(json!([with(0, &[("temperature_c", json!(celsius))])]));
            assert_eq!(read[0].temperature_c, None, "{celsius}");
        }
        // No total memory (0, absent): no percent, and no process judged against it.
        let read = reading(json!([with(0, &[("memory_total_bytes", json!(0))])]));
        assert_eq!(read[0].memory_used_percent, None);
    }

    #[test]
    fn one_index_is_one_gpu_and_many_gpus_read_each() {
        // Sixteen GPUs, and GPU 3 listed again, unreadable, before its readable self.
        let mut all: Vec<serde_json::Value> = (0..16).map(gpu).collect();
        all.insert(3, with(3, &[("error", json!("GPU is lost"))]));
        let read = reading(json!(all));
        assert_eq!(read.len(), 16);
        let three = read.iter().find(|g| g.index == 3).unwrap();
        assert_eq!(three.temperature_c, Some(61.0));
        let mut indexes: Vec<u64> = read.iter().map(|g| g.index).collect();
        indexes.sort_unstable();
        assert_eq!(indexes, (0..16).collect::<Vec<u64>>());
    }
}
