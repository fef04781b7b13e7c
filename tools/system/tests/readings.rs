//! The host tools' data is the typed readings of `warden_protocol::readings`, with the keys
//! clients have always seen: each tool's data reads back into its type and writes out as the
//! same JSON, and its keys are the ones listed here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use pretty_assertions::assert_eq;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use warden_protocol::readings::{DiskUsageData, GpuStatusData, ProcessListData, SystemInfoData};
use warden_tool_api::{RegistryBuilder, ToolContext};

async fn data_of(tool: &str, args: Value) -> Value {
    let mut builder = RegistryBuilder::default();
    warden_tool_system::register(&mut builder);
    let registry = builder.build().unwrap();
    let context = ToolContext::user("tester", [warden_protocol::Scope::Admin]);
    registry
        .get(tool)
        .expect("tool")
        .call(args, &context)
        .await
        .unwrap_or_else(|e| panic!("{tool}: {e}"))
        .data
}

/// Reads `data` as `T` and checks that `T` writes it out unchanged: no key the tool returns is
/// lost or renamed by the type.
fn typed<T: DeserializeOwned + Serialize>(tool: &str, data: &Value) -> T {
    let read: T = serde_json::from_value(data.clone())
        .unwrap_or_else(|e| panic!("{tool}'s data does not read as its type: {e}\n{data}"));
    assert_eq!(&serde_json::to_value(&read).unwrap(), data, "{tool}");
    read
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
    names.iter().copied().collect()
}

#[tokio::test]
async fn system_info_data_is_system_info_data() {
    let data = data_of("system_info", json!({})).await;
    let info: SystemInfoData = typed("system_info", &data);
    assert_eq!(
        keys(&data),
        set(&[
            "hostname",
            "os",
            "kernel",
            "uptime_secs",
            "cpus",
            "cpu_brand",
            "load",
            "load_per_core",
            "memory",
            "swap"
        ])
    );
    assert_eq!(keys(&data["load"]), set(&["one", "five", "fifteen"]));
    assert_eq!(
        keys(&data["load_per_core"]),
        set(&["one", "five", "fifteen"])
    );
    assert_eq!(
        keys(&data["memory"]),
        set(&["total_bytes", "available_bytes", "used_bytes"])
    );
    assert_eq!(keys(&data["swap"]), set(&["total_bytes", "used_bytes"]));
    assert!(info.cpus >= 1, "{info:?}");
    assert!(info.memory.total_bytes > 0 && info.memory.available_bytes <= info.memory.total_bytes);
}

#[tokio::test]
async fn disk_usage_data_is_disk_usage_data() {
    let data = data_of("disk_usage", json!({"path": "/"})).await;
    let usage: DiskUsageData = typed("disk_usage", &data);
    assert_eq!(keys(&data), set(&["filesystems"]));
    assert_eq!(
        keys(&data["filesystems"][0]),
        set(&[
            "mount_point",
            "filesystem",
            "device",
            "total_bytes",
            "used_bytes",
            "free_bytes",
            "available_bytes",
            "reserved_bytes",
            "used_percent",
            "unavailable_percent",
            "read_only"
        ])
    );
    assert_eq!(usage.filesystems.len(), 1);
    assert_eq!(usage.filesystems[0].mount_point, "/");
    // As /proc/mounts says of `/`: `ro` among its options.
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    let root_ro = mounts
        .lines()
        .rfind(|line| line.split_whitespace().nth(1) == Some("/"))
        .and_then(|line| line.split_whitespace().nth(3))
        .is_some_and(|options| options.split(',').any(|o| o == "ro"));
    assert_eq!(usage.filesystems[0].read_only, root_ro);
    // Every mounted filesystem reads too.
    let _: DiskUsageData = typed("disk_usage", &data_of("disk_usage", json!({})).await);
}

#[tokio::test]
async fn process_list_data_is_process_list_data() {
    let data = data_of("process_list", json!({"sort_by": "memory", "limit": 5})).await;
    let list: ProcessListData = typed("process_list", &data);
    assert_eq!(keys(&data), set(&["processes", "total"]));
    assert_eq!(
        keys(&data["processes"][0]),
        set(&["pid", "name", "cpu_percent", "memory_bytes", "command"])
    );
    assert_eq!(list.processes.len(), 5);
    assert!(list.total >= 5);
    // Highest memory first.
    assert!(
        list.processes
            .windows(2)
            .all(|w| w[0].memory_bytes >= w[1].memory_bytes),
        "{list:?}"
    );
}

#[tokio::test]
async fn gpu_status_data_is_gpu_status_data() {
    // This host's answer (a GPU or none), then recorded H100 readings with every field.
    let here = data_of("gpu_status", json!({})).await;
    let _: GpuStatusData = typed("gpu_status", &here);
    let snapshot: warden_tool_system::gpu::GpuSnapshot =
        serde_json::from_str(include_str!("fixtures/gpu_readings.json")).unwrap();
    let data = snapshot.to_json();
    let status: GpuStatusData = typed("gpu_status", &data);
    assert_eq!(
        keys(&data),
        set(&["present", "reason", "driver_version", "gpus"])
    );
    assert_eq!(
        keys(&data["gpus"][1]),
        set(&[
            "index",
            "name",
            "uuid",
            "temperature_c",
            "utilization_percent",
            "memory_utilization_percent",
            "memory_total_bytes",
            "memory_used_bytes",
            "power_watts",
            "power_limit_watts",
            "ecc_uncorrected_volatile",
            "ecc_corrected_volatile",
            "throttle_reasons_bits",
            "throttle_reasons",
            "processes",
            "error"
        ])
    );
    assert_eq!(
        status.gpus[1].throttle_reasons,
        vec![
            "sw_power_cap",
            "sw_thermal_slowdown",
            "hw_thermal_slowdown",
            "unknown_0x1000"
        ]
    );
}
