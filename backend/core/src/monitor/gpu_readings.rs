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
            lost: g.error.as_deref().map(|e| {
                let e = e.trim();
                if e.is_empty() {
                    "NVML cannot read it".to_owned()
                } else {
                    format!("NVML cannot read it: {e}")
                }
            }),
            xid_critical_errors: g
                .xid_critical_errors
                .filter(|n| readable && *n <= MAX_PLAUSIBLE_ECC),
            xid_last: g.xid_last.filter(|_| readable),
            retired_pages_pending: g.retired_pages_pending.filter(|_| readable),
        });
    }
    out
}

/// Whether a `gpu_status` answer counted the GPUs: NVML answered (with GPUs, or with none where
/// it found no device). A host with no driver, or a driver not loaded, counts nothing, so a GPU
/// read before is not taken for lost there.
fn counted(data: &GpuStatusData) -> bool {
    data.present
        || data
            .reason
            .as_deref()
            .is_some_and(|r| r.starts_with("NVML found no"))
}

/// GPUs an earlier sweep read, by index, with their names: one missing from a later count
/// (fallen off the bus: NVML counts one GPU fewer) is lost, as one NVML cannot read is. What an
/// operator acknowledged is kept here too: a GPU removed on purpose is forgotten, and a GPU's
/// critical XID errors are counted from the count the operator saw.
#[derive(Debug, Default)]
pub struct GpusSeen {
    names: std::collections::BTreeMap<u64, String>,
    /// The GPUs the latest count was missing (not listed by NVML at all).
    missing: std::collections::BTreeSet<u64>,
    /// Each GPU's critical XID count as NVML gave it at the latest reading.
    xids: std::collections::BTreeMap<u64, u64>,
    /// Each GPU's critical XID count an operator acknowledged: only errors past it are faults.
    xids_acknowledged: std::collections::BTreeMap<u64, u64>,
}

/// What an operator's acknowledgement of a GPU's incident did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GpuAcknowledged {
    /// A GPU missing from NVML's count is forgotten (removed on purpose): it is no longer lost,
    /// and one put back later is watched anew.
    Forgotten,
    /// NVML still lists the GPU and cannot read it: a fault of the GPU itself, which an
    /// acknowledgement does not clear.
    StillLost,
    /// The GPU's critical XID errors up to this count are acknowledged; a later one is a fault.
    XidsUpTo(u64),
    /// Nothing to count from (no XID count read for it).
    Nothing,
}

impl GpusSeen {
    /// Adds a lost reading for each GPU seen before and missing from `read` (when `data` counted
    /// the GPUs), and remembers those read. The GPUs of an answer that counted nothing (no
    /// driver) are neither lost nor forgotten. A GPU's critical XID count is given from the
    /// count acknowledged for it (errors since then); a count below it began again (NVML's
    /// event set is read anew by a new process), so the acknowledgement is spent.
    pub fn note(&mut self, data: &GpuStatusData, read: &mut Vec<GpuReading>) {
        for g in read.iter_mut() {
            let Some(count) = g.xid_critical_errors else {
                continue;
            };
            self.xids.insert(g.index, count);
            if let Some(seen) = self.xids_acknowledged.get(&g.index).copied() {
                if count < seen {
                    self.xids_acknowledged.remove(&g.index);
                } else {
                    g.xid_critical_errors = Some(count - seen);
                }
            }
        }
        if !counted(data) {
            return;
        }
        let count = data.gpus.len();
        self.missing.clear();
        for (index, name) in &self.names {
            if read.iter().any(|g| g.index == *index) {
                continue;
            }
            self.missing.insert(*index);
            read.push(GpuReading {
                index: *index,
                name: name.clone(),
                temperature_c: None,
                memory_used_percent: None,
                utilization_percent: None,
                ecc_uncorrected: None,
                throttle_reasons: Vec::new(),
                power_w: None,
                processes: 0,
                top_process: None,
                lost: Some(format!(
                    "read by an earlier sweep, missing from NVML's count now ({count} GPUs)"
                )),
                xid_critical_errors: None,
                xid_last: None,
                retired_pages_pending: None,
            });
        }
        for g in read.iter() {
            // A GPU never read has no name worth keeping; its index is enough.
            self.names.entry(g.index).or_insert_with(|| g.name.clone());
            if g.lost.is_none() {
                self.names.insert(g.index, g.name.clone());
            }
        }
    }

    /// An operator acknowledged the `gpu_lost` incident of GPU `index`: a GPU the latest count
    /// was missing is forgotten (taken out on purpose); one NVML still lists and cannot read
    /// stays lost, a fault no acknowledgement clears.
    pub fn acknowledge_lost(&mut self, index: u64) -> GpuAcknowledged {
        if self.missing.remove(&index) {
            self.names.remove(&index);
            self.xids.remove(&index);
            self.xids_acknowledged.remove(&index);
            GpuAcknowledged::Forgotten
        } else {
            GpuAcknowledged::StillLost
        }
    }

    /// An operator acknowledged the `gpu_fault` incident of GPU `index`: its critical XID errors
    /// up to the count the latest reading gave are no longer a fault; one more is.
    pub fn acknowledge_xids(&mut self, index: u64) -> GpuAcknowledged {
        match self.xids.get(&index).copied() {
            Some(count) => {
                self.xids_acknowledged.insert(index, count);
                GpuAcknowledged::XidsUpTo(count)
            }
            None => GpuAcknowledged::Nothing,
        }
    }
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

    fn kinds(read: &[GpuReading]) -> Vec<(String, crate::monitor::evaluate::Severity)> {
        let readings = crate::monitor::readings::Readings {
            gpus: read.to_vec(),
            docker: crate::monitor::readings::DockerReading {
                reachable: true,
                ..Default::default()
            },
            ..Default::default()
        };
        crate::monitor::evaluate::findings(
            &readings,
            &crate::monitor::evaluate::Thresholds::default(),
            &std::collections::HashMap::new(),
            &[],
            &std::collections::HashMap::new(),
            None,
        )
        .into_iter()
        .map(|f| (f.fingerprint, f.severity))
        .collect()
    }

    fn status(all: serde_json::Value) -> GpuStatusData {
        let data = json!({"present": true, "driver_version": "550.54.15", "gpus": all});
        serde_json::from_value(data).unwrap_or_else(|e| panic!("{e}"))
    }

    fn absent(reason: &str) -> GpuStatusData {
        serde_json::from_value(json!({"present": false, "reason": reason, "gpus": []}))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_gpu_nvml_cannot_read_is_lost_critical_and_never_repaired() {
        use crate::monitor::evaluate::Severity;
        for error in [
            "GPU is lost",
            "Unable to determine the device handle for GPU0000:3B:00.0: Unknown Error",
            "GPU has fallen off the bus",
            "  ",
        ] {
            let read = reading(json!([gpu(0), with(1, &[("error", json!(error))])]));
            assert_eq!(
                kinds(&read),
                vec![("gpu_lost:gpu1".to_owned(), Severity::Critical)],
                "{error:?}"
            );
        }
        let finding = crate::monitor::runbooks::plan(
            &crate::monitor::evaluate::Finding::new(
                warden_protocol::FindingKind::GpuLost,
                "gpu1",
                Severity::Critical,
                String::new(),
            ),
            &crate::monitor::MonitorSettings::default(),
            &crate::monitor::readings::Readings::default(),
        );
        assert!(finding.is_none(), "no runbook for a lost GPU");
    }

    #[test]
    fn a_gpu_missing_from_a_later_count_is_lost_until_it_is_back() {
        use crate::monitor::evaluate::Severity;
        let mut seen = GpusSeen::default();
        let two = status(json!([gpu(0), gpu(1)]));
        let mut read = gpus(&two);
        seen.note(&two, &mut read);
        assert!(kinds(&read).is_empty());
        // GPU 1 fell off the bus: NVML counts one.
        let one = status(json!([gpu(0)]));
        let mut read = gpus(&one);
        seen.note(&one, &mut read);
        assert_eq!(
            kinds(&read),
            vec![("gpu_lost:gpu1".to_owned(), Severity::Critical)]
        );
        assert!(
            read[1]
                .lost
                .as_deref()
                .is_some_and(|w| w.contains("1 GPUs"))
        );
        // NVML counts none, the driver still loaded: both are lost.
        let none = absent("NVML found no NVIDIA device");
        let mut read = gpus(&none);
        seen.note(&none, &mut read);
        assert_eq!(kinds(&read).len(), 2);
        // The driver unloaded, or its library gone: nothing counted, nothing judged.
        for reason in [
            "no NVIDIA GPU: the NVIDIA kernel driver is not loaded",
            "no NVIDIA GPU: the NVIDIA driver (libnvidia-ml.so.1) is not installed on this host",
        ] {
            let data = absent(reason);
            let mut read = gpus(&data);
            seen.note(&data, &mut read);
            assert!(kinds(&read).is_empty(), "{reason}");
        }
        // Back: no finding, so the incident resolves.
        let mut read = gpus(&two);
        seen.note(&two, &mut read);
        assert!(kinds(&read).is_empty());
    }

    #[test]
    fn a_host_with_no_gpu_or_no_driver_has_no_gpu_finding() {
        let mut seen = GpusSeen::default();
        for data in [
            absent("NVML found no NVIDIA device"),
            absent("no NVIDIA GPU: the NVIDIA kernel driver is not loaded"),
            status(json!([])),
        ] {
            let mut read = gpus(&data);
            seen.note(&data, &mut read);
            assert!(read.is_empty());
            assert!(kinds(&read).is_empty());
        }
    }

    #[test]
    fn critical_xid_errors_and_pages_pending_retirement_are_gpu_faults() {
        use crate::monitor::evaluate::Severity;
        let read = reading(json!([with(
            0,
            &[("xid_critical_errors", json!(2)), ("xid_last", json!(79))]
        )]));
        assert_eq!(
            kinds(&read),
            vec![("gpu_fault:gpu0".to_owned(), Severity::Critical)]
        );
        let read = reading(json!([with(0, &[("retired_pages_pending", json!(true))])]));
        assert_eq!(
            kinds(&read),
            vec![("gpu_fault:gpu0".to_owned(), Severity::Warning)]
        );
        // None read, zero, not pending, all-ones: healthy.
        for change in [
            vec![],
            vec![
                ("xid_critical_errors", json!(0)),
                ("retired_pages_pending", json!(false)),
            ],
            vec![("xid_critical_errors", json!(u64::MAX))],
            vec![
                ("xid_critical_errors", json!(null)),
                ("retired_pages_pending", json!(null)),
            ],
        ] {
            let read = reading(json!([with(0, &change)]));
            assert!(kinds(&read).is_empty(), "{change:?}");
        }
        // An older agent's reading without the fields still reads.
        let mut old = gpu(0);
        if let Some(map) = old.as_object_mut() {
            map.remove("xid_critical_errors");
        }
        assert_eq!(reading(json!([old])).len(), 1);
    }

    #[test]
    fn an_acknowledged_removal_forgets_the_gpu_and_a_gpu_nvml_cannot_read_stays_lost() {
        use crate::monitor::evaluate::Severity;
        let mut seen = GpusSeen::default();
        let sweep = |seen: &mut GpusSeen, data: &GpuStatusData| {
            let mut read = gpus(data);
            seen.note(data, &mut read);
            kinds(&read)
        };
        let three = status(json!([gpu(0), gpu(1), gpu(2)]));
        assert!(sweep(&mut seen, &three).is_empty());
        // GPU 2 taken out; GPU 1 still listed but unreadable.
        let after = status(json!([gpu(0), with(1, &[("error", json!("GPU is lost"))])]));
        assert_eq!(
            sweep(&mut seen, &after),
            vec![
                ("gpu_lost:gpu1".to_owned(), Severity::Critical),
                ("gpu_lost:gpu2".to_owned(), Severity::Critical)
            ]
        );
        // The operator acknowledges both: the removed one is forgotten, the unreadable one not.
        assert_eq!(seen.acknowledge_lost(2), GpuAcknowledged::Forgotten);
        assert_eq!(seen.acknowledge_lost(1), GpuAcknowledged::StillLost);
        assert_eq!(
            sweep(&mut seen, &after),
            vec![("gpu_lost:gpu1".to_owned(), Severity::Critical)]
        );
        // Still forgotten sweeps later; put back, it is watched anew and lost again if it goes.
        assert_eq!(sweep(&mut seen, &after).len(), 1);
        assert!(sweep(&mut seen, &three).is_empty());
        assert_eq!(
            sweep(&mut seen, &status(json!([gpu(0), gpu(1)]))),
            vec![("gpu_lost:gpu2".to_owned(), Severity::Critical)]
        );
        // A GPU that was never missing is not forgotten by an acknowledgement.
        assert_eq!(seen.acknowledge_lost(0), GpuAcknowledged::StillLost);
    }

    #[test]
    fn acknowledged_xid_errors_are_no_fault_and_a_later_one_is() {
        use crate::monitor::evaluate::Severity;
        let mut seen = GpusSeen::default();
        let xids = |n: u64| {
            status(json!([with(
                0,
                &[("xid_critical_errors", json!(n)), ("xid_last", json!(79))]
            )]))
        };
        let sweep = |seen: &mut GpusSeen, data: &GpuStatusData| {
            let mut read = gpus(data);
            seen.note(data, &mut read);
            kinds(&read)
        };
        let fault = vec![("gpu_fault:gpu0".to_owned(), Severity::Critical)];
        assert_eq!(sweep(&mut seen, &xids(2)), fault);
        // Nothing read for another GPU: nothing to acknowledge.
        assert_eq!(seen.acknowledge_xids(5), GpuAcknowledged::Nothing);
        assert_eq!(seen.acknowledge_xids(0), GpuAcknowledged::XidsUpTo(2));
        assert!(sweep(&mut seen, &xids(2)).is_empty());
        assert!(sweep(&mut seen, &xids(2)).is_empty());
        // One more XID error is a fault again, counted from the acknowledgement.
        let mut read = gpus(&xids(3));
        seen.note(&xids(3), &mut read);
        assert_eq!(read[0].xid_critical_errors, Some(1));
        assert_eq!(kinds(&read), fault);
        // A count below the acknowledged one began again (a new process): every error counts.
        let mut read = gpus(&xids(1));
        seen.note(&xids(1), &mut read);
        assert_eq!(read[0].xid_critical_errors, Some(1));
        assert_eq!(kinds(&read), fault);
    }
}
