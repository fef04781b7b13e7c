//! A sweep's readings as the metrics' host gauges.

use std::collections::BTreeMap;

use warden_metrics::{DiskGauge, GpuGauge, HostGauges};

use super::Readings;

/// The gauges for what `readings` saw.
pub fn of(readings: &Readings) -> HostGauges {
    let mut containers: BTreeMap<String, i64> = BTreeMap::new();
    for container in &readings.docker.containers {
        *containers.entry(container.state.clone()).or_default() += 1;
    }
    HostGauges {
        cpus: readings.host.as_ref().map(|h| h.cpus),
        load_per_core: readings.host.as_ref().map(|h| h.load_per_core),
        memory_used_percent: readings.host.as_ref().map(|h| h.memory_used_percent),
        disks: readings
            .disks
            .iter()
            .map(|d| DiskGauge {
                mount_point: d.mount_point.clone(),
                used_percent: d.used_percent,
                available_bytes: d.available_bytes,
            })
            .collect(),
        gpus: readings
            .gpus
            .iter()
            .map(|g| GpuGauge {
                index: g.index,
                name: g.name.clone(),
                temperature_c: g.temperature_c,
                memory_used_percent: g.memory_used_percent,
                utilization_percent: g.utilization_percent,
                power_w: g.power_w,
            })
            .collect(),
        containers: containers.into_iter().collect(),
    }
}
