//! An operator's acknowledgement of a GPU's incident, through the monitor's sweeps over the real
//! guard, the shipped policy and a real SQLite store, against a scripted `gpu_status`: a GPU
//! removed on purpose is forgotten, one NVML still lists and cannot read stays lost, and the
//! critical XID errors seen stop being a fault while a later one is.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use warden_core::monitor::{Monitor, MonitorSettings, SweepReport, Trigger};
use warden_core::{Guard, GuardSettings};
use warden_protocol::{IncidentEventKind, IncidentState, Scope};
use warden_store::{ACKNOWLEDGED, Store};
use warden_tool_api::{
    BoxFuture, Effect, RegistryBuilder, Tool, ToolContext, ToolError, ToolOutput, ToolSpec,
};

/// `gpu_status` answering what the test sets.
struct ScriptedGpus {
    spec: ToolSpec,
    answer: Arc<Mutex<Value>>,
}

impl Tool for ScriptedGpus {
    fn spec(&self) -> &ToolSpec {
        &self.spec
    }

    fn call<'a>(
        &'a self,
        _args: Value,
        _context: &'a ToolContext,
    ) -> BoxFuture<'a, Result<ToolOutput, ToolError>> {
        Box::pin(async move {
            let answer = self.answer.lock().unwrap().clone();
            Ok(ToolOutput::new("gpus", answer))
        })
    }
}

fn gpu(index: u32, xids: Option<u64>, error: Option<&str>) -> Value {
    json!({
        "index": index, "name": "NVIDIA H100 80GB HBM3", "uuid": format!("GPU-{index}"),
        "temperature_c": 50, "utilization_percent": 10, "memory_utilization_percent": 5,
        "memory_total_bytes": 85_899_345_920_u64, "memory_used_bytes": 1_073_741_824_u64,
        "power_watts": 100.0, "power_limit_watts": 700.0,
        "ecc_uncorrected_volatile": 0, "ecc_corrected_volatile": 0,
        "throttle_reasons_bits": 0, "throttle_reasons": [], "processes": [],
        "xid_critical_errors": xids, "xid_last": xids.map(|_| 79),
        "error": error,
    })
}

fn gpus(all: Vec<Value>) -> Value {
    json!({"present": true, "driver_version": "580.159.04", "gpus": all})
}

struct Setup {
    _dir: tempfile::TempDir,
    store: Store,
    monitor: Monitor,
    answer: Arc<Mutex<Value>>,
}

async fn setup(first: Value) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("warden.db").display()
    ))
    .await
    .unwrap();
    let answer = Arc::new(Mutex::new(first));
    let mut builder = RegistryBuilder::default();
    builder.add(Arc::new(ScriptedGpus {
        spec: ToolSpec {
            name: "gpu_status",
            description: "scripted NVML",
            parameters: json!({"type": "object"}),
            scope: Scope::Read,
            effect: Effect::ReadOnly,
            sandboxable: false,
            host_programs: false,
            timeout: Duration::from_secs(5),
        },
        answer: answer.clone(),
    }));
    let policy_dir = tempfile::tempdir().unwrap();
    let guard = Guard::new(
        builder.build().unwrap(),
        store.clone(),
        GuardSettings {
            policy: Arc::new(warden_policy::Policy::load(Some(policy_dir.path())).unwrap()),
            sandbox: None,
            containment: Err("not used here".to_owned()),
            approval_ttl: Duration::from_secs(60),
            webhook_url: None,
        },
    );
    let settings = MonitorSettings {
        disk_mounts: vec!["/no/such/mount".to_owned()],
        gpus: true,
        ..MonitorSettings::default()
    };
    let monitor = Monitor::new(Arc::new(guard), store.clone(), settings);
    Setup {
        _dir: dir,
        store,
        monitor,
        answer,
    }
}

impl Setup {
    async fn sweep(&self) -> SweepReport {
        self.monitor.sweep(Trigger::Manual).await.unwrap()
    }

    fn answer(&self, value: Value) {
        *self.answer.lock().unwrap() = value;
    }

    fn gpu_findings(report: &SweepReport) -> Vec<String> {
        let mut found: Vec<String> = report
            .findings
            .iter()
            .map(|f| f.fingerprint.clone())
            .filter(|f| f.starts_with("gpu_"))
            .collect();
        found.sort();
        found
    }

    /// Acknowledges the live incident `fingerprint` as the route does; its id.
    async fn acknowledge(&self, fingerprint: &str) -> String {
        let live = self
            .store
            .live_incident(fingerprint)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no live incident {fingerprint}"));
        self.store
            .add_incident_event(&live.id, ACKNOWLEDGED, "user:ops", live.updated_at)
            .await
            .unwrap();
        live.id
    }

    async fn notes(&self, id: &str) -> (IncidentState, Vec<String>) {
        let (record, events) = self.store.incident(id).await.unwrap().unwrap();
        (
            record.state,
            events
                .into_iter()
                .filter(|e| {
                    e.kind == IncidentEventKind::Note
                        && e.detail.starts_with("acknowledged by user:ops")
                })
                .map(|e| e.detail)
                .collect(),
        )
    }
}

#[tokio::test]
async fn an_acknowledged_removal_forgets_the_gpu_and_an_unreadable_one_stays_lost() {
    let setup = setup(gpus(vec![
        gpu(0, None, None),
        gpu(1, None, None),
        gpu(2, None, None),
    ]))
    .await;
    assert!(Setup::gpu_findings(&setup.sweep().await).is_empty());
    // GPU 2 taken out of the host; GPU 1 still listed, and NVML cannot read it.
    setup.answer(gpus(vec![
        gpu(0, None, None),
        gpu(1, None, Some("GPU is lost")),
    ]));
    assert_eq!(
        Setup::gpu_findings(&setup.sweep().await),
        vec!["gpu_lost:gpu1", "gpu_lost:gpu2"]
    );
    let removed = setup.acknowledge("gpu_lost:gpu2").await;
    let unreadable = setup.acknowledge("gpu_lost:gpu1").await;
    for _ in 0..3 {
        assert_eq!(
            Setup::gpu_findings(&setup.sweep().await),
            vec!["gpu_lost:gpu1"]
        );
    }
    let (state, notes) = setup.notes(&removed).await;
    assert_eq!(state, IncidentState::Resolved, "{notes:?}");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("removed on purpose"), "{notes:?}");
    let (state, notes) = setup.notes(&unreadable).await;
    assert_ne!(state, IncidentState::Resolved, "{notes:?}");
    assert_eq!(notes.len(), 1, "acted on once: {notes:?}");
    assert!(notes[0].contains("cannot read it"), "{notes:?}");
}

#[tokio::test]
async fn acknowledged_xid_errors_resolve_their_incident_and_a_later_one_opens_another() {
    let setup = setup(gpus(vec![gpu(0, Some(2), None)])).await;
    assert_eq!(
        Setup::gpu_findings(&setup.sweep().await),
        vec!["gpu_fault:gpu0"]
    );
    let first = setup.acknowledge("gpu_fault:gpu0").await;
    assert!(Setup::gpu_findings(&setup.sweep().await).is_empty());
    let (state, notes) = setup.notes(&first).await;
    assert_eq!(state, IncidentState::Resolved, "{notes:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("the 2 critical XID errors")),
        "{notes:?}"
    );
    assert!(Setup::gpu_findings(&setup.sweep().await).is_empty());
    // One more XID error: a fault again, in a new incident.
    setup.answer(gpus(vec![gpu(0, Some(3), None)]));
    assert_eq!(
        Setup::gpu_findings(&setup.sweep().await),
        vec!["gpu_fault:gpu0"]
    );
    let second = setup
        .store
        .live_incident("gpu_fault:gpu0")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(second.id, first);
    assert!(
        second.summary.contains("reported 1 critical XID errors"),
        "{}",
        second.summary
    );
}
