//! The monitor on a real NVIDIA GPU: a sweep reads it through NVML (`gpu_status`), a PyTorch
//! process filling its memory is a `gpu_memory_full` finding, and with `monitor.gpu_hog_kill` its
//! `process_kill` waits for a human, then runs through the guard and the incident resolves.
//!
//! Needs an NVIDIA GPU, its driver and `python3` with PyTorch, which the machines the test suite
//! runs on in CI do not have: `#[ignore]`d there with that reason; `make test-gpu` runs it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use warden_core::monitor::{Monitor, MonitorSettings, Trigger};
use warden_core::{Guard, GuardSettings};
use warden_protocol::{ApprovalStatus, IncidentEventKind, IncidentState, Risk, Scope};
use warden_store::Store;
use warden_tool_api::{RegistryBuilder, ToolContext};

/// A PyTorch process holding all but 1 GiB of GPU 0's free memory, killed when dropped.
struct MemoryHog(Child);

impl MemoryHog {
    fn start() -> Self {
        let script = "import time, torch\n\
                      free, _ = torch.cuda.mem_get_info(0)\n\
                      block = torch.empty(free - (1 << 30), dtype=torch.uint8, device='cuda:0')\n\
                      print('ready', flush=True)\n\
                      time.sleep(300)\n";
        let mut child = Command::new("python3")
            .args(["-c", script])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with PyTorch starts");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the hog did not allocate");
        Self(child)
    }
}

impl Drop for MemoryHog {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
#[ignore = "needs an NVIDIA GPU, its driver and python3 with PyTorch (make test-gpu)"]
async fn a_process_filling_a_real_gpu_is_killed_once_a_human_approves_and_the_incident_resolves() {
    let mut hog = MemoryHog::start();
    let pid = hog.0.id();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("warden.db").display()
    ))
    .await
    .unwrap();
    let mut builder = RegistryBuilder::default();
    warden_tool_system::register(&mut builder);
    let guard = Arc::new(Guard::new(
        builder.build().unwrap(),
        store.clone(),
        GuardSettings {
            policy: Arc::new(warden_policy::Policy::load(None).unwrap()),
            sandbox: None,
            containment: Err("no host program runs contained here".to_owned()),
            approval_ttl: Duration::from_secs(120),
            webhook_url: None,
        },
    ));
    let settings = MonitorSettings {
        disk_mounts: vec!["/no/such/mount".to_owned()],
        gpus: true,
        gpu_hog_kill: true,
        verify_after: Duration::from_secs(1),
        ..MonitorSettings::default()
    };
    let monitor = Monitor::new(guard.clone(), store.clone(), settings);

    let report = monitor.sweep(Trigger::Manual).await.unwrap();
    let found: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.fingerprint.as_str())
        .filter(|f| f.starts_with("gpu_"))
        .collect();
    assert_eq!(found, vec!["gpu_memory_full:gpu0"], "{report:?}");
    let incident = store
        .live_incident("gpu_memory_full:gpu0")
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        report.awaiting_approval,
        vec![incident.clone()],
        "{report:?}"
    );
    let (_, timeline) = store.incident(&incident).await.unwrap().unwrap();
    let approval_id = timeline
        .iter()
        .find(|e| e.kind == IncidentEventKind::Approval)
        .unwrap_or_else(|| panic!("{timeline:?}"))
        .detail
        .clone();
    let approval = store.get_approval(&approval_id).await.unwrap().unwrap();
    assert_eq!(
        (approval.tool.as_str(), approval.risk, approval.status),
        ("process_kill", Risk::High, ApprovalStatus::Pending)
    );
    let arguments: serde_json::Value = serde_json::from_str(&approval.arguments).unwrap();
    assert_eq!(arguments, json!({"pid": pid}));
    assert!(hog.0.try_wait().unwrap().is_none(), "nothing killed yet");

    let admin = ToolContext::user("admin", [Scope::Admin]);
    guard
        .decide(&approval_id, true, &admin, None, None)
        .await
        .unwrap()
        .unwrap();
    // Nobody waits on the monitor's approval in this process: the guard's sweeper runs it.
    guard.sweep().await;
    let mut exited = None;
    for _ in 0..100 {
        exited = hog.0.try_wait().unwrap();
        if exited.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(exited.is_some(), "the approved kill ran");

    let mut state = IncidentState::AwaitingApproval;
    for _ in 0..30 {
        monitor.sweep(Trigger::Manual).await.unwrap();
        state = store.incident(&incident).await.unwrap().unwrap().0.state;
        if state == IncidentState::Resolved {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let (_, timeline) = store.incident(&incident).await.unwrap().unwrap();
    assert_eq!(state, IncidentState::Resolved, "{timeline:#?}");
}
