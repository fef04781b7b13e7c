//! `gpu_status` and `warden doctor`'s GPU check against real NVIDIA GPUs through NVML, compared
//! with what `nvidia-smi` reports for the same devices, and a real GPU memory hog made with
//! PyTorch, as an inference box has one.
//!
//! These need an NVIDIA GPU, its driver, `nvidia-smi` and `python3` with PyTorch. The machines the
//! test suite runs on in CI have no GPU, so each test is `#[ignore]`d with that reason;
//! `make test-gpu` runs them on a GPU host. With `WARDEN_GPU_RECORD=DIR` set, the readings are
//! also written there as JSON, to be kept as recorded fixtures for the GPU-less tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use warden_protocol::readings::GpuStatusData;
use warden_tool_api::{RegistryBuilder, ToolContext};
use warden_tool_system::gpu::{NvmlPresence, nvml_presence};

const NEEDS_GPU: &str = "needs an NVIDIA GPU, its driver and nvidia-smi (make test-gpu)";

/// One GPU as `nvidia-smi --query-gpu` reports it.
#[derive(Debug)]
struct SmiGpu {
    index: u32,
    name: String,
    uuid: String,
    memory_total_mib: u64,
    temperature_c: u32,
    power_limit_watts: f64,
    driver_version: String,
}

fn nvidia_smi() -> Vec<SmiGpu> {
    let out = Command::new("nvidia-smi")
        .args([
            "--query-gpu=index,name,uuid,memory.total,temperature.gpu,power.limit,driver_version",
            "--format=csv,noheader,nounits",
        ])
        .output()
        .expect("nvidia-smi runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split(", ").map(str::trim).collect();
            let [index, name, uuid, memory, temperature, power, driver] = fields.as_slice() else {
                panic!("unexpected nvidia-smi line: {line}")
            };
            SmiGpu {
                index: index.parse().unwrap(),
                name: (*name).to_owned(),
                uuid: (*uuid).to_owned(),
                memory_total_mib: memory.parse().unwrap(),
                temperature_c: temperature.parse().unwrap(),
                power_limit_watts: power.parse().unwrap(),
                driver_version: (*driver).to_owned(),
            }
        })
        .collect()
}

async fn gpu_status() -> (String, GpuStatusData) {
    let mut builder = RegistryBuilder::default();
    warden_tool_system::register(&mut builder);
    let registry = builder.build().unwrap();
    let context = ToolContext::user("tester", [warden_protocol::Scope::Admin]);
    let out = registry
        .get("gpu_status")
        .expect("gpu_status is registered")
        .call(json!({}), &context)
        .await
        .unwrap();
    assert!(out.ok, "{}", out.output);
    let data: GpuStatusData = serde_json::from_value(out.data.clone()).unwrap();
    (out.output, data)
}

fn record(name: &str, data: &GpuStatusData) {
    if let Ok(dir) = std::env::var("WARDEN_GPU_RECORD") {
        let path = std::path::Path::new(&dir).join(name);
        std::fs::write(&path, serde_json::to_string_pretty(data).unwrap()).unwrap();
    }
}

#[tokio::test]
#[ignore = "needs an NVIDIA GPU, its driver and nvidia-smi (make test-gpu)"]
async fn gpu_status_reads_every_gpu_as_nvidia_smi_does() {
    let smi = nvidia_smi();
    assert!(!smi.is_empty(), "{NEEDS_GPU}: nvidia-smi lists no GPU");
    // The first reading registers the XID event sets; the second drains them, without waiting.
    let _ = gpu_status().await;
    let started = Instant::now();
    let (summary, data) = gpu_status().await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a reading took {:?}",
        started.elapsed()
    );
    record("gpu_status_idle.json", &data);
    assert!(data.present, "{summary}");
    assert_eq!(data.reason, None);
    assert_eq!(
        data.driver_version.as_deref(),
        Some(smi[0].driver_version.as_str())
    );
    assert_eq!(data.gpus.len(), smi.len(), "{summary}");
    for (gpu, expected) in data.gpus.iter().zip(&smi) {
        assert_eq!(gpu.error, None, "{summary}");
        assert_eq!(gpu.index, expected.index);
        assert_eq!(gpu.name, expected.name);
        assert_eq!(gpu.uuid.as_deref(), Some(expected.uuid.as_str()));
        // nvidia-smi prints whole MiB of the same NVML figure.
        let total = gpu.memory_total_bytes.expect("memory read");
        assert_eq!(total / (1 << 20), expected.memory_total_mib, "{gpu:?}");
        let used = gpu.memory_used_bytes.expect("memory read");
        assert!(used <= total, "{gpu:?}");
        // Read a moment apart: the temperature may move a little, never far.
        let temperature = gpu.temperature_c.expect("temperature read");
        assert!(
            temperature.abs_diff(expected.temperature_c) <= 5,
            "{temperature} C against nvidia-smi's {} C",
            expected.temperature_c
        );
        let limit = gpu.power_limit_watts.expect("power limit read");
        assert!(
            (limit - expected.power_limit_watts).abs() < 1.0,
            "{limit} W against nvidia-smi's {} W",
            expected.power_limit_watts
        );
        let power = gpu.power_watts.expect("power draw read");
        assert!(
            power > 0.0 && power <= limit * 1.2,
            "{power} W of {limit} W"
        );
        assert!(gpu.utilization_percent.is_some_and(|u| u <= 100), "{gpu:?}");
        // Every reason the driver reports is decoded; no bit is dropped silently.
        let bits = gpu.throttle_reasons_bits.expect("throttle reasons read");
        assert_eq!(bits == 0, gpu.throttle_reasons.is_empty(), "{gpu:?}");
        // A healthy GPU: no critical XID error since watching began (a count where NVML
        // delivers events, none where it does not), no memory page waiting for a reset.
        assert_eq!(gpu.xid_critical_errors.unwrap_or(0), 0, "{gpu:?}");
        assert_eq!(gpu.xid_last, None, "{gpu:?}");
        assert_ne!(gpu.retired_pages_pending, Some(true), "{gpu:?}");
        let line = format!("GPU {} {}: {} C, ", gpu.index, gpu.name, temperature);
        assert!(summary.contains(&line), "{line:?} in {summary}");
    }
    assert!(
        summary.starts_with(&format!("NVIDIA driver {}\n", smi[0].driver_version)),
        "{summary}"
    );
}

#[test]
#[ignore = "needs an NVIDIA GPU, its driver and nvidia-smi (make test-gpu)"]
fn doctor_names_the_driver_and_every_gpu() {
    let smi = nvidia_smi();
    let NvmlPresence::Present { driver, gpus } = nvml_presence() else {
        panic!("{NEEDS_GPU}: NVML does not answer")
    };
    assert_eq!(driver, smi[0].driver_version);
    assert_eq!(gpus.len(), smi.len(), "{gpus:?}");
    for (line, expected) in gpus.iter().zip(&smi) {
        assert!(line.contains(&expected.name), "{line:?}");
    }
}

/// A PyTorch process holding most of GPU 0's memory, killed when dropped.
struct MemoryHog(Child);

impl MemoryHog {
    /// Allocates all but `spare_mib` of GPU 0's free memory, then waits to be killed.
    fn start(spare_mib: u64) -> (Self, u64) {
        let script = format!(
            "import sys, time, torch\n\
             free, _ = torch.cuda.mem_get_info(0)\n\
             size = free - {spare_mib} * 1024 * 1024\n\
             block = torch.empty(size, dtype=torch.uint8, device='cuda:0')\n\
             print(size, flush=True)\n\
             time.sleep(300)\n"
        );
        let mut child = Command::new("python3")
            .args(["-c", &script])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with PyTorch starts");
        let stdout = child.stdout.take().unwrap();
        let mut hog = Self(child);
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let size = line.trim().parse().unwrap_or_else(|_| {
            let status = hog.0.wait();
            panic!("the hog did not allocate: {line:?}, {status:?}")
        });
        (hog, size)
    }
}

impl Drop for MemoryHog {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
#[ignore = "needs an NVIDIA GPU, its driver, nvidia-smi and python3 with PyTorch (make test-gpu)"]
async fn a_process_filling_gpu_memory_is_named_with_its_memory() {
    let (hog, size) = MemoryHog::start(1024);
    let deadline = Instant::now() + Duration::from_secs(60);
    let (summary, data) = loop {
        let (summary, data) = gpu_status().await;
        let seen = data.gpus[0]
            .processes
            .iter()
            .any(|p| p.used_memory_bytes.is_some_and(|bytes| bytes >= size));
        if seen || Instant::now() > deadline {
            break (summary, data);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    record("gpu_status_memory_full.json", &data);
    let gpu = &data.gpus[0];
    let total = gpu.memory_total_bytes.unwrap();
    let used = gpu.memory_used_bytes.unwrap();
    assert!(used >= size, "{used} bytes used, the hog holds {size}");
    assert!(
        used as f64 / total as f64 >= 0.95,
        "{used} of {total} bytes: the monitor's 95% threshold is crossed"
    );
    let holder = gpu
        .processes
        .iter()
        .max_by_key(|p| p.used_memory_bytes)
        .unwrap_or_else(|| panic!("no process listed: {summary}"));
    assert_eq!(holder.pid, hog.0.id(), "{:?}\n{summary}", gpu.processes);
    assert!(holder.used_memory_bytes.unwrap() >= size);
    assert!(summary.contains("processes"), "{summary}");
    let as_json: Value = serde_json::to_value(&data).unwrap();
    assert_eq!(as_json["gpus"][0]["processes"][0]["pid"], json!(holder.pid));
    drop(hog);
}
