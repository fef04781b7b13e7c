//! The monitor's sweeps through its public surface (Alertmanager's intake, `Monitor::sweep`, the
//! Docker events it is told of) over the real guard with the shipped policy and a real SQLite
//! store, against a scripted Docker: what it decides for a container killed by a signal nobody
//! recorded, for one Docker restarts forever, and for alerts about paused, missing and looping
//! containers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use warden_core::monitor::{
    AlertRule, Monitor, MonitorSettings, SweepReport, Trigger, alerts, events,
};
use warden_core::{Guard, GuardSettings};
use warden_protocol::monitor::AlertmanagerPayload;
use warden_protocol::{IncidentEventKind, IncidentState, Scope};
use warden_store::Store;
use warden_tool_api::{
    BoxFuture, Effect, RegistryBuilder, Tool, ToolContext, ToolError, ToolOutput, ToolSpec,
};

/// One scripted container, as `docker_ps` with details and `docker_inspect` report it.
#[derive(Debug, Clone)]
struct Container {
    name: String,
    id: String,
    state: String,
    status: String,
    exit_code: Option<i64>,
    oom_killed: bool,
    restart_count: i64,
    restart_policy: Option<String>,
    started_at: String,
    /// When its last run ended, as Docker records it (None: not reported).
    finished_at: Option<String>,
    autoheal: bool,
    /// Its Compose project and service.
    compose: Option<(String, String)>,
    /// Its health (`starting`, `healthy`, `unhealthy`), when it has a health check.
    health: Option<String>,
    /// Its health check's settings, as `docker_ps` with details reports them.
    health_check: Option<Value>,
    /// More labels, as its owner wrote them.
    extra_labels: Vec<(String, String)>,
    /// Its own `StopTimeout`, in seconds (None: Docker's 10 s).
    stop_timeout: Option<i64>,
    /// Whether it has a terminal (`docker run -t`).
    tty: bool,
    /// Docker's error from its last start (`State.Error`), when that start failed.
    start_error: Option<String>,
}

impl Container {
    fn new(name: &str, state: &str, status: &str, exit_code: Option<i64>) -> Self {
        Self {
            name: name.to_owned(),
            id: format!("{:0<64}", hex(name)),
            state: state.to_owned(),
            status: status.to_owned(),
            exit_code,
            oom_killed: false,
            restart_count: 0,
            restart_policy: None,
            // Begun after the monitor followed Docker's events: a stop sent to it is seen.
            started_at: in_a_minute(),
            finished_at: None,
            autoheal: true,
            compose: None,
            health: None,
            health_check: None,
            extra_labels: Vec::new(),
            stop_timeout: None,
            tty: false,
            start_error: None,
        }
    }

    fn labels(&self) -> BTreeMap<String, String> {
        let mut labels = BTreeMap::new();
        if self.autoheal {
            labels.insert("warden.autoheal".to_owned(), "true".to_owned());
        }
        if let Some((project, service)) = &self.compose {
            labels.insert("com.docker.compose.project".to_owned(), project.clone());
            labels.insert("com.docker.compose.service".to_owned(), service.clone());
        }
        labels.extend(self.extra_labels.iter().cloned());
        labels
    }

    fn ps(&self) -> Value {
        json!({
            "name": self.name, "id": &self.id[..12], "image": "busybox",
            "state": self.state, "status": self.status, "health": self.health, "ports": [],
            "labels": self.labels(),
            "exit_code": self.exit_code, "oom_killed": self.oom_killed,
            "restart_count": self.restart_count, "restart_policy": self.restart_policy,
            "started_at": self.started_at, "finished_at": self.finished_at, "stop_signal": null,
            "stop_timeout_secs": self.stop_timeout, "tty": self.tty,
            "health_check": self.health_check, "error": self.start_error,
        })
    }

    /// Its row as `docker_ps` with details lists it when its inspect failed: the list's own
    /// fields only.
    fn listed_only(&self) -> Value {
        json!({
            "name": self.name, "id": &self.id[..12], "image": "busybox",
            "state": self.state, "status": self.status, "health": self.health, "ports": [],
            "labels": self.labels(),
        })
    }

    fn inspect(&self) -> Value {
        json!({
            "id": self.id, "name": self.name, "image": "busybox", "status": self.state,
            "running": self.state == "running", "restarting": self.state == "restarting",
            "exit_code": self.exit_code, "oom_killed": self.oom_killed,
            "error": self.start_error.clone().unwrap_or_default(),
            "started_at": self.started_at, "finished_at": self.finished_at, "health": self.health,
            "restart_count": self.restart_count, "restart_policy": self.restart_policy,
            "stop_signal": null, "stop_timeout_secs": self.stop_timeout, "tty": self.tty,
            "health_check": self.health_check, "command": null, "entrypoint": null, "labels": self.labels(),
            "env_names": [], "mounts": null, "ports": null,
        })
    }
}

/// Docker's `State.Error` for a start whose bind mount's source is gone, as dockerd 28.2
/// records it (with exit code 127, set from its "no such file or directory").
fn mount_gone(source: &str) -> String {
    format!(
        "failed to create shim task: OCI runtime create failed: runc create failed: unable to \
         start container process: error during container init: error mounting \"{source}\" to \
         rootfs at \"/data\": stat {source}: no such file or directory: unknown"
    )
}

/// As dockerd 28.2 lists `name` once a `docker restart` by its operator could not start it
/// again (its bind mount's source gone): exited 127, the start's error recorded.
fn fail_start(containers: &mut [Container], name: &str) {
    for listed in containers.iter_mut().filter(|c| c.name == name) {
        listed.state = "exited".to_owned();
        listed.exit_code = Some(127);
        listed.status = "Exited (127) 1 second ago".to_owned();
        listed.start_error = Some(mount_gone("/tmp/x"));
    }
}

fn hex(name: &str) -> String {
    name.bytes().map(|b| format!("{:02x}", b % 16)).collect()
}

fn in_a_minute() -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(60)).to_rfc3339()
}

/// The scripted Docker: its containers, and the restarts asked of it.
#[derive(Default)]
struct Docker {
    containers: Mutex<Vec<Container>>,
    restarted: Mutex<Vec<String>>,
    /// Containers whose inspect fails (a 500 from the daemon, a timeout) while the list works:
    /// listed without what an inspect adds, and `docker_inspect` of them fails.
    unreadable: Mutex<Vec<String>>,
    /// The label filter of each `docker_ps` call (None: none).
    ps_calls: Mutex<Vec<Option<String>>>,
    /// Containers Docker stops but cannot start again when restarted (a bind mount's source
    /// gone): a running one is sent SIGTERM and stays exited, the restart failing; Docker
    /// records the start's error and exit code 127, as dockerd 28.2 does.
    failing_start: Mutex<Vec<String>>,
    /// The restarts asked of Docker whose start failed (`failing_start`), by container.
    failed_starts: Mutex<Vec<String>>,
    /// Containers whose restart the daemon fails before it touches them (a 500, a timeout):
    /// left as they were, no start tried, no error recorded.
    unanswered: Mutex<Vec<String>>,
    /// The restarts asked of Docker that it failed so (`unanswered`), by container.
    unanswered_restarts: Mutex<Vec<String>>,
    /// The signals the restarts sent (container, signal, when: nanoseconds), as Docker's
    /// `kill` events report them.
    kills: Mutex<Vec<(String, i64, i64)>>,
    /// Containers removed as their restart is asked (`docker run --rm`: Docker removes it once
    /// it exits): the restart answers that no such container exists.
    vanishing: Mutex<Vec<String>>,
    /// The daemon's data root, as `docker info` reports it (None: not reported).
    root_dir: Mutex<Option<String>>,
    /// What happens to the containers while a sweep reads them (a failed start recorded, a
    /// container dying): done once, just before the given `docker_ps` call (counted in
    /// `ps_calls`) lists them, so a sweep's waits are tested on that condition, not on time.
    at_read: Mutex<Option<(usize, ReadHook)>>,
}

/// A change to the scripted containers made as a given read comes.
type ReadHook = Box<dyn FnOnce(&mut Vec<Container>) + Send>;

impl Docker {
    /// Changes the containers with `hook` as the `n`-th `docker_ps` call from now comes.
    fn at_read(&self, n: usize, hook: impl FnOnce(&mut Vec<Container>) + Send + 'static) {
        let at = self.ps_calls.lock().unwrap().len() + n;
        *self.at_read.lock().unwrap() = Some((at, Box::new(hook)));
    }

    /// How many times the containers were listed so far.
    fn reads(&self) -> usize {
        self.ps_calls.lock().unwrap().len()
    }
}

impl Docker {
    fn find(&self, name: &str) -> Option<Container> {
        self.containers
            .lock()
            .unwrap()
            .iter()
            // Docker takes a name with or without the leading `/` its API writes.
            .find(|c| {
                c.name.trim_start_matches('/') == name.trim_start_matches('/')
                    || (name.len() >= 12 && c.id.starts_with(name))
            })
            .cloned()
    }
}

struct Scripted {
    spec: ToolSpec,
    docker: Arc<Docker>,
}

fn spec(name: &'static str, effect: Effect, scope: Scope) -> ToolSpec {
    ToolSpec {
        name,
        description: "scripted Docker",
        parameters: json!({"type": "object"}),
        scope,
        effect,
        sandboxable: false,
        host_programs: false,
        timeout: Duration::from_secs(5),
    }
}

impl Tool for Scripted {
    fn spec(&self) -> &ToolSpec {
        &self.spec
    }

    fn call<'a>(
        &'a self,
        args: Value,
        _context: &'a ToolContext,
    ) -> BoxFuture<'a, Result<ToolOutput, ToolError>> {
        Box::pin(async move {
            let name = args["container"].as_str().unwrap_or_default().to_owned();
            match self.spec.name {
                "docker_ps" => {
                    let unreadable = self.docker.unreadable.lock().unwrap().clone();
                    let reads = {
                        let mut calls = self.docker.ps_calls.lock().unwrap();
                        calls.push(args["label"].as_str().map(str::to_owned));
                        calls.len()
                    };
                    let due = {
                        let mut due = self.docker.at_read.lock().unwrap();
                        match due.take() {
                            Some((at, hook)) if reads >= at => Some(hook),
                            later => {
                                *due = later;
                                None
                            }
                        }
                    };
                    if let Some(hook) = due {
                        hook(&mut self.docker.containers.lock().unwrap());
                    }
                    // Docker's label filter: `key` or `key=value`, both matched exactly.
                    let filter = args["label"]
                        .as_str()
                        .map(|label| match label.split_once('=') {
                            Some((key, value)) => (key.to_owned(), Some(value.to_owned())),
                            None => (label.to_owned(), None),
                        });
                    let all: Vec<Value> = self
                        .docker
                        .containers
                        .lock()
                        .unwrap()
                        .iter()
                        .filter(|c| {
                            filter.as_ref().is_none_or(|(key, value)| {
                                c.labels()
                                    .get(key)
                                    .is_some_and(|v| value.as_ref().is_none_or(|value| v == value))
                            })
                        })
                        .map(|c| {
                            if unreadable.contains(&c.name) {
                                c.listed_only()
                            } else {
                                c.ps()
                            }
                        })
                        .collect();
                    let total = all.len();
                    let root = self.docker.root_dir.lock().unwrap().clone();
                    Ok(ToolOutput::new(
                        "containers",
                        json!({"containers": all, "total": total, "docker_root_dir": root}),
                    ))
                }
                "docker_inspect" => match self.docker.find(&name) {
                    Some(c) if self.docker.unreadable.lock().unwrap().contains(&c.name) => Err(
                        ToolError::Failed("Error response from daemon: 500".to_owned()),
                    ),
                    Some(c) => Ok(ToolOutput::new("container", c.inspect())),
                    None => Err(ToolError::NotFound(format!("no such container: {name}"))),
                },
                _ => match self.docker.find(&name) {
                    Some(c) if self.docker.vanishing.lock().unwrap().contains(&c.name) => {
                        self.docker
                            .containers
                            .lock()
                            .unwrap()
                            .retain(|listed| listed.name != c.name);
                        Err(ToolError::NotFound(format!("no such container: {name}")))
                    }
                    Some(c) if self.docker.unanswered.lock().unwrap().contains(&c.name) => {
                        self.docker.unanswered_restarts.lock().unwrap().push(c.name);
                        Err(ToolError::Failed(
                            "Error response from daemon: 500 Internal Server Error".to_owned(),
                        ))
                    }
                    Some(c) if self.docker.failing_start.lock().unwrap().contains(&c.name) => {
                        self.docker
                            .failed_starts
                            .lock()
                            .unwrap()
                            .push(c.name.clone());
                        let now = chrono::Utc::now();
                        if c.state == "running" {
                            self.docker.kills.lock().unwrap().push((
                                c.name.clone(),
                                15,
                                now.timestamp_nanos_opt().unwrap(),
                            ));
                        }
                        for listed in self.docker.containers.lock().unwrap().iter_mut() {
                            if listed.name == c.name {
                                // As dockerd 28.2 leaves it: exited, the start's error
                                // recorded (`State.Error`) and its exit code set from the
                                // error's words (127 for "no such file or directory"), not
                                // the stop's 143. A never-started container stays `created`.
                                if listed.state != "created" {
                                    listed.state = "exited".to_owned();
                                }
                                listed.status = "Exited (127) 1 second ago".to_owned();
                                listed.exit_code = Some(127);
                                listed.health = None;
                                listed.finished_at = Some(now.to_rfc3339());
                                listed.start_error = Some(mount_gone("/srv/data"));
                            }
                        }
                        Err(ToolError::Failed(format!(
                            "Error response from daemon: {}",
                            mount_gone("/srv/data")
                        )))
                    }
                    Some(c) => {
                        self.docker.restarted.lock().unwrap().push(c.name);
                        Ok(ToolOutput::new("restarted", json!({"container": name})))
                    }
                    None => Err(ToolError::NotFound(format!("no such container: {name}"))),
                },
            }
        })
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    store: Store,
    docker: Arc<Docker>,
    guard: Arc<Guard>,
    monitor: Monitor,
    /// The guard's (and so the monitor's) clock, moved forward where time must pass.
    clock: warden_protocol::clock::TestClock,
}

async fn setup(containers: Vec<Container>, wait: Duration) -> Setup {
    setup_with_policy(containers, wait, None).await
}

/// As [`setup`], with the policy files `policy` (TOML) added to the shipped policy.
async fn setup_with_policy(
    containers: Vec<Container>,
    wait: Duration,
    policy: Option<&str>,
) -> Setup {
    setup_with(containers, wait, policy, |_| {}).await
}

/// As [`setup_with_policy`], with the monitor's settings changed by `tweak`.
async fn setup_with(
    containers: Vec<Container>,
    wait: Duration,
    policy: Option<&str>,
    tweak: impl FnOnce(&mut MonitorSettings),
) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("warden.db").display()
    ))
    .await
    .unwrap();
    let docker = Arc::new(Docker::default());
    *docker.containers.lock().unwrap() = containers;
    let mut builder = RegistryBuilder::default();
    warden_tool_system::register(&mut builder);
    for (name, effect, scope) in [
        ("docker_ps", Effect::ReadOnly, Scope::Read),
        ("docker_inspect", Effect::ReadOnly, Scope::Read),
        ("docker_restart", Effect::Mutating, Scope::Write),
    ] {
        builder.add(Arc::new(Scripted {
            spec: spec(name, effect, scope),
            docker: docker.clone(),
        }));
    }
    let policy_dir = tempfile::tempdir().unwrap();
    if let Some(policy) = policy {
        std::fs::write(policy_dir.path().join("test.toml"), policy).unwrap();
    }
    let clock = warden_protocol::clock::TestClock::new();
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
    )
    .with_clock(clock.clock());
    let mut settings = MonitorSettings {
        // No real disk of the machine running the tests is watched.
        disk_mounts: vec!["/no/such/mount".to_owned()],
        gpus: false,
        ..MonitorSettings::default()
    };
    tweak(&mut settings);
    let guard = Arc::new(guard);
    let monitor =
        Monitor::new(guard.clone(), store.clone(), settings).with_docker_restart_wait(wait);
    Setup {
        _dir: dir,
        store,
        docker,
        guard,
        monitor,
        clock,
    }
}

impl Setup {
    async fn sweep(&self) -> SweepReport {
        self.monitor.sweep(Trigger::Manual).await.unwrap()
    }

    async fn timeline(
        &self,
        fingerprint: &str,
    ) -> (IncidentState, Vec<(IncidentEventKind, String)>) {
        let live = self
            .store
            .live_incident(fingerprint)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no live incident {fingerprint}"));
        let (incident, events) = self.store.incident(&live.id).await.unwrap().unwrap();
        (
            incident.state,
            events.into_iter().map(|e| (e.kind, e.detail)).collect(),
        )
    }

    fn restarted(&self) -> Vec<String> {
        self.docker.restarted.lock().unwrap().clone()
    }

    async fn alert(&self, payload: Value) -> alerts::Intake {
        let payload: AlertmanagerPayload = serde_json::from_value(payload).unwrap();
        alerts::ingest(
            &self.store,
            &payload,
            &AlertRule::defaults(),
            chrono::Utc::now().timestamp(),
        )
        .await
        .unwrap()
    }
}

fn fingerprints(report: &SweepReport) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| f.fingerprint.clone())
        .filter(|f| f.starts_with("container_"))
        .collect()
}

/// The container findings of `report`, sorted.
fn sorted_fingerprints(report: &SweepReport) -> Vec<String> {
    let mut found = fingerprints(report);
    found.sort();
    found
}

fn nanos(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_nanos_opt()
        .unwrap()
}

#[tokio::test]
async fn only_a_recorded_stop_makes_an_exit_by_sigkill_or_sigterm_deliberate() {
    let killed = Container::new("killed", "exited", "Exited (137) 2 seconds ago", Some(137));
    let termed = Container::new("termed", "exited", "Exited (143) 2 seconds ago", Some(143));
    let stopped = Container::new("stopped", "exited", "Exited (143) 2 seconds ago", Some(143));
    let timed_out = Container::new(
        "timedout",
        "exited",
        "Exited (137) 2 seconds ago",
        Some(137),
    );
    let oomed = Container {
        oom_killed: true,
        ..Container::new("oomed", "exited", "Exited (137) 2 seconds ago", Some(137))
    };
    // Stopped before Warden followed Docker's events: whether it was `docker stop`ped is not
    // known, so its 137 is not proven a crash (fail closed).
    let before = Container {
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        ..Container::new("before", "exited", "Exited (137) 3 years ago", Some(137))
    };
    let setup = setup(
        vec![
            killed.clone(),
            termed,
            stopped.clone(),
            timed_out.clone(),
            oomed.clone(),
            before,
        ],
        Duration::from_secs(75),
    )
    .await;
    let after = |c: &Container| nanos(&c.started_at) + 1_000_000_000;
    // `docker stop` of `stopped` (SIGTERM); `docker stop` of `timedout` past its timeout
    // (SIGTERM, then SIGKILL); `docker kill` of `oomed`, which the kernel had killed for memory.
    setup.monitor.signalled("stopped", 15, after(&stopped));
    setup.monitor.signalled("timedout", 15, after(&timed_out));
    setup.monitor.signalled("oomed", 9, after(&oomed));
    // A SIGKILL sent to `killed`'s run before (a later run is what exited).
    setup
        .monitor
        .signalled("killed", 9, nanos(&killed.started_at) - 1_000_000_000);
    let report = setup.sweep().await;
    assert_eq!(
        fingerprints(&report),
        vec![
            "container_exited:killed",
            "container_exited:termed",
            "container_exited:oomed",
        ]
    );
    let (_, timeline) = setup.timeline("container_exited:killed").await;
    assert!(
        timeline[0]
            .1
            .contains("exited with code 137 (killed by SIGKILL")
            && timeline[0].1.contains("OOMKilled"),
        "{timeline:?}"
    );
    let (_, timeline) = setup.timeline("container_exited:oomed").await;
    assert!(timeline[0].1.contains("killed for memory"), "{timeline:?}");
    // The crashes are restarted (they opted in); the stops are not.
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["killed", "oomed", "termed"]);
}

#[tokio::test]
async fn a_container_docker_restarts_forever_is_escalated_as_a_restart_loop_without_a_model() {
    let looping = Container {
        restart_count: 14,
        restart_policy: Some("always".to_owned()),
        ..Container::new(
            "looping",
            "restarting",
            "Restarting (1) 3 seconds ago",
            Some(1),
        )
    };
    let setup = setup(vec![looping], Duration::from_millis(300)).await;
    // Seen looping: Docker's policy is at work; the monitor waits for it.
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), vec!["container_restarting:looping"]);
    let (state, timeline) = setup.timeline("container_restarting:looping").await;
    assert_eq!(state, IncidentState::Open);
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Note
                && detail.contains("Docker's restart policy (always) restarts container looping")),
        "{timeline:?}"
    );
    // Past the wait it still loops: no runbook, no model, a restart cannot help. Escalated
    // with what was seen, not left open for nobody.
    tokio::time::sleep(Duration::from_millis(400)).await;
    setup
        .docker
        .containers
        .lock()
        .unwrap()
        .iter_mut()
        .for_each(|c| c.restart_count = 17);
    let report = setup.sweep().await;
    assert_eq!(report.escalated.len(), 1, "{report:?}");
    let (state, timeline) = setup.timeline("container_restarting:looping").await;
    assert_eq!(state, IncidentState::Escalated);
    let escalated = timeline
        .iter()
        .find(|(kind, _)| *kind == IncidentEventKind::Escalated)
        .map(|(_, detail)| detail.clone())
        .unwrap();
    assert!(
        escalated.starts_with("restart loop (flapping): Docker's restart policy (always)")
            && escalated.contains("restart count 17")
            && escalated.contains("last exit code 1")
            && escalated.contains("Earlier: none in the last 60 min"),
        "{escalated}"
    );
    // Nothing was restarted, and the next sweep leaves the escalation alone.
    setup.sweep().await;
    assert_eq!(setup.restarted(), Vec::<String>::new());
    assert_eq!(
        setup.timeline("container_restarting:looping").await.0,
        IncidentState::Escalated
    );
}

fn container_down(container: &str, fingerprint: &str) -> Value {
    json!({
        "version": "4", "status": "firing", "groupKey": "{}:{alertname=\"ContainerDown\"}",
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "ContainerDown", "container": container, "severity": "critical"},
            "annotations": {"summary": format!("{container} is down")},
            "fingerprint": fingerprint,
            "startsAt": "2026-12-03T10:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
        }],
    })
}

#[tokio::test]
async fn alerts_about_paused_missing_and_looping_containers_restart_nothing() {
    let paused = Container::new("paused", "paused", "Up 2 minutes (Paused)", None);
    let looping = Container {
        restart_count: 3,
        restart_policy: Some("unless-stopped".to_owned()),
        ..Container::new(
            "looping",
            "restarting",
            "Restarting (2) 1 second ago",
            Some(2),
        )
    };
    let setup = setup(vec![paused, looping], Duration::from_secs(75)).await;
    for (container, fingerprint) in [("paused", "a1"), ("ghost", "a2"), ("looping", "a3")] {
        let intake = setup.alert(container_down(container, fingerprint)).await;
        assert_eq!(intake.opened.len(), 1, "{container}");
    }
    setup.sweep().await;
    let note = |timeline: &[(IncidentEventKind, String)], text: &str| {
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Note && detail.contains(text))
    };
    let (state, timeline) = setup.timeline("alert:a1").await;
    assert_eq!(state, IncidentState::Open);
    assert!(
        note(
            &timeline,
            "container paused is paused (its operator's pause, not a fault): not restarted"
        ),
        "{timeline:?}"
    );
    let (state, timeline) = setup.timeline("alert:a2").await;
    assert_eq!(state, IncidentState::Open);
    assert!(
        note(&timeline, "container ghost does not exist"),
        "{timeline:?}"
    );
    let (state, timeline) = setup.timeline("alert:a3").await;
    assert_eq!(state, IncidentState::Open);
    assert!(
        note(
            &timeline,
            "Docker's restart policy (unless-stopped) restarts container looping itself: waiting"
        ),
        "{timeline:?}"
    );
    // Delivered again (Alertmanager's repeat_interval): still nothing restarted, one note each.
    for (container, fingerprint) in [("paused", "a1"), ("ghost", "a2"), ("looping", "a3")] {
        setup.alert(container_down(container, fingerprint)).await;
    }
    setup.sweep().await;
    assert_eq!(setup.restarted(), Vec::<String>::new());
    for fingerprint in ["alert:a1", "alert:a2", "alert:a3"] {
        let (_, timeline) = setup.timeline(fingerprint).await;
        let notes = timeline
            .iter()
            .filter(|(kind, _)| *kind == IncidentEventKind::Note)
            .count();
        assert_eq!(notes, 1, "{fingerprint}: {timeline:?}");
    }
}

fn container_down_from(container: &str, fingerprint: &str, job: &str, starts_at: &str) -> Value {
    json!({
        "version": "4", "status": "firing",
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "ContainerDown", "container": container, "job": job},
            "fingerprint": fingerprint,
            "startsAt": starts_at,
            "endsAt": "0001-01-01T00:00:00Z",
        }],
    })
}

#[tokio::test]
async fn an_alert_from_a_clock_ahead_does_not_restart_a_container_restarted_since_it_arrived() {
    // The sender's clock runs an hour ahead: its `startsAt` is in the future.
    let ahead = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let setup = setup(Vec::new(), Duration::from_secs(75)).await;
    setup
        .alert(container_down_from("web", "s1", "cadvisor", &ahead))
        .await;
    // Since the alert arrived, web was restarted (by its policy, by hand) and runs.
    *setup.docker.containers.lock().unwrap() =
        vec![Container::new("web", "running", "Up 1 second", None)];
    setup.sweep().await;
    assert_eq!(setup.restarted(), Vec::<String>::new());
    let (state, timeline) = setup.timeline("alert:s1").await;
    assert_eq!(state, IncidentState::Open);
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Note
                && detail.contains("has run since")
                && detail.contains("not restarted again")),
        "{timeline:?}"
    );
}

#[tokio::test]
async fn a_crash_and_two_alerts_about_it_from_two_rules_restart_it_once() {
    let web = Container::new("web", "exited", "Exited (1) 2 seconds ago", Some(1));
    let setup = setup(vec![web], Duration::from_secs(75)).await;
    let began = (chrono::Utc::now() - chrono::Duration::seconds(30)).to_rfc3339();
    setup
        .alert(container_down_from("web", "r1", "cadvisor", &began))
        .await;
    setup
        .alert(container_down_from("/web", "r2", "blackbox", &began))
        .await;
    let report = setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["web"], "{report:?}");
    // The crash's own incident restarted it; each alert says which incident is repairing it.
    let crash = setup.timeline("container_exited:web").await;
    assert_eq!(crash.0, IncidentState::Repairing, "{crash:?}");
    for fingerprint in ["alert:r1", "alert:r2"] {
        let (_, timeline) = setup.timeline(fingerprint).await;
        assert!(
            timeline
                .iter()
                .any(|(kind, detail)| *kind == IncidentEventKind::Note
                    && detail.contains("container web is being repaired for incident")),
            "{fingerprint}: {timeline:?}"
        );
    }
}

/// `web` crashed beside `others` and restarted by the first sweep, its repair being verified:
/// the setup, web as it crashed, and its incident's id.
async fn crashed_web_restarted(others: Vec<Container>) -> (Setup, Container, String) {
    let web = Container::new("web", "exited", "Exited (1) 2 seconds ago", Some(1));
    let mut containers = vec![web.clone()];
    containers.extend(others);
    let setup = setup(containers, Duration::from_secs(75)).await;
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["web"]);
    let incident = setup
        .store
        .live_incident("container_exited:web")
        .await
        .unwrap()
        .unwrap()
        .id;
    (setup, web, incident)
}

#[tokio::test]
async fn a_container_recreated_under_its_name_during_the_verification_is_gone_not_retried() {
    let (setup, _, incident) = crashed_web_restarted(Vec::new()).await;
    // `docker rm -f web; docker run --name web ...`: another container, another id.
    *setup.docker.containers.lock().unwrap() = vec![Container {
        id: format!("{:f<64}", "ab"),
        started_at: (chrono::Utc::now() + chrono::Duration::seconds(90)).to_rfc3339(),
        ..Container::new("web", "running", "Up 1 second", None)
    }];
    let report = setup.sweep().await;
    assert_eq!(report.failed, vec![incident.clone()], "{report:?}");
    let (record, timeline) = setup.store.incident(&incident).await.unwrap().unwrap();
    assert_eq!(record.state, IncidentState::Failed);
    let lines: Vec<String> = timeline.into_iter().map(|e| e.detail).collect();
    assert!(
        lines.iter().any(|l| l.contains(
            "was removed and another created under its name during the verification (id abffffffffff now"
        )) && !lines.iter().any(|l| l.starts_with("did not hold")),
        "{lines:#?}"
    );
    // Not restarted again, by this incident or another.
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["web"]);
}

#[tokio::test]
async fn a_container_down_alert_naming_it_by_cadvisors_name_label_restarts_it() {
    // Hung, not down: running since before the alert; only the alert knows.
    let hung = Container {
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        ..Container::new("web", "running", "Up 3 years", None)
    };
    let setup = setup(vec![hung], Duration::from_secs(75)).await;
    let began = (chrono::Utc::now() - chrono::Duration::seconds(30)).to_rfc3339();
    let alert = json!({
        "version": "4", "status": "firing",
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "ContainerDown", "name": "web", "com_docker_compose_service": "frontend"},
            "startsAt": began,
            "endsAt": "0001-01-01T00:00:00Z",
        }],
    });
    let intake = setup.alert(alert).await;
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["web"]);
    let (record, _) = setup
        .store
        .incident(&intake.opened[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.target, "web");
}

#[tokio::test]
async fn an_alert_about_a_container_still_looping_past_the_wait_escalates_it_as_the_sweep_does() {
    let looping = Container {
        restart_count: 9,
        restart_policy: Some("always".to_owned()),
        ..Container::new(
            "looping",
            "restarting",
            "Restarting (3) 1 second ago",
            Some(3),
        )
    };
    let setup = setup(vec![looping], Duration::from_millis(300)).await;
    let intake = setup.alert(container_down("looping", "l1")).await;
    assert_eq!(intake.opened.len(), 1);
    setup.sweep().await;
    assert_eq!(setup.timeline("alert:l1").await.0, IncidentState::Open);
    // Past the wait Docker still loops it: escalated at once as a restart loop (no model), not
    // restarted until a budget is spent.
    tokio::time::sleep(Duration::from_millis(400)).await;
    setup.sweep().await;
    let (state, timeline) = setup.timeline("alert:l1").await;
    assert_eq!(state, IncidentState::Escalated, "{timeline:?}");
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Escalated
                && detail.starts_with("restart loop (flapping): Docker's restart policy (always)")
                && detail.contains("container looping")),
        "{timeline:?}"
    );
    setup.sweep().await;
    assert_eq!(setup.restarted(), Vec::<String>::new());
}

#[tokio::test]
async fn a_container_reopening_by_turns_as_exited_and_restarting_is_flapping() {
    use warden_protocol::{FindingKind, Severity};
    let web = Container::new("web", "exited", "Exited (1) 2 seconds ago", Some(1));
    let setup = setup(vec![web], Duration::from_secs(75)).await;
    // Within the last hour: web crashed, looped, crashed again; each repaired for a while. No
    // one kind reopened three times; the container did.
    let now = chrono::Utc::now().timestamp();
    for (ago, kind) in [
        (1500, FindingKind::ContainerExited),
        (1000, FindingKind::ContainerRestarting),
        (500, FindingKind::ContainerExited),
        (200, FindingKind::ContainerRestarting),
    ] {
        let (incident, _) = setup
            .store
            .open_incident(
                &warden_store::NewIncident {
                    fingerprint: format!("{}:web", kind.as_str()),
                    kind,
                    target: "web".to_owned(),
                    severity: Severity::Critical,
                    summary: "web".to_owned(),
                },
                now - ago,
            )
            .await
            .unwrap();
        setup
            .store
            .set_incident_state(&incident.id, IncidentState::Resolved, now - ago + 60)
            .await
            .unwrap();
    }
    let report = setup.sweep().await;
    assert_eq!(report.escalated.len(), 1, "{report:?}");
    let (state, timeline) = setup.timeline("container_exited:web").await;
    assert_eq!(state, IncidentState::Escalated);
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Escalated
                && detail.starts_with("flapping: web reopened 4 times")),
        "{timeline:?}"
    );
    assert_eq!(setup.restarted(), Vec::<String>::new());
}

#[tokio::test]
async fn a_container_down_alert_naming_a_compose_service_restarts_its_one_container_or_none() {
    // Hung, not down (running since before the alerts): only the alerts know.
    let compose = |name: &str, project: &str, service: &str| Container {
        compose: Some((project.to_owned(), service.to_owned())),
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        ..Container::new(name, "running", "Up 3 years", None)
    };
    let setup = setup(
        vec![
            compose("shop-api-1", "shop", "api"),
            compose("blog-api-1", "blog", "api"),
            compose("shop-worker-1", "shop", "worker"),
            compose("shop-worker-2", "shop", "worker"),
        ],
        Duration::from_secs(75),
    )
    .await;
    // The service of one project: its one container. cAdvisor's spelling of the labels too.
    setup
        .alert(labelled_down(
            "c1",
            json!({"com_docker_compose_service": "api", "com_docker_compose_project": "shop"}),
        ))
        .await;
    setup
        .alert(labelled_down(
            "c2",
            json!({"container_label_com_docker_compose_service": "api",
                   "container_label_com_docker_compose_project": "blog"}),
        ))
        .await;
    // Replicas, a service of two projects with none named, and a service with no container:
    // which container is meant is not known; none is restarted.
    setup
        .alert(labelled_down(
            "c3",
            json!({"com_docker_compose_service": "worker", "com_docker_compose_project": "shop"}),
        ))
        .await;
    setup
        .alert(labelled_down(
            "c4",
            json!({"com_docker_compose_service": "api"}),
        ))
        .await;
    setup
        .alert(labelled_down(
            "c5",
            json!({"com_docker_compose_service": "ghost"}),
        ))
        .await;
    setup.sweep().await;
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["blog-api-1", "shop-api-1"]);
    for (fingerprint, text) in [
        (
            "alert:c3",
            "Compose service worker of project shop has 2 containers (shop-worker-1, shop-worker-2): which one the alert is about is not known, none is restarted",
        ),
        (
            "alert:c4",
            "Compose service api has 2 containers (blog-api-1, shop-api-1)",
        ),
        ("alert:c5", "no container of Compose service ghost exists"),
    ] {
        let (state, timeline) = setup.timeline(fingerprint).await;
        assert_eq!(state, IncidentState::Open, "{fingerprint}");
        assert!(
            timeline
                .iter()
                .any(|(kind, detail)| *kind == IncidentEventKind::Note && detail.contains(text)),
            "{fingerprint}: {timeline:?}"
        );
    }
}

/// Restarts of `web` wait for a human.
const GATED_WEB: &str = "version = 1\n\n[[rule]]\nid = \"gated-web\"\nactors = [\"monitor\"]\ntools = [\"docker_restart\"]\narguments = { container = [\"web\"] }\nlevel = \"high\"\njustification = \"web restarts only with a human's consent.\"\nmatch = [{ container = \"web\" }]\n";

/// The approval the incident's repair waits on.
async fn approval_of(setup: &Setup, incident: &str) -> warden_store::ApprovalRecord {
    let (_, timeline) = setup.store.incident(incident).await.unwrap().unwrap();
    let id = timeline
        .iter()
        .rev()
        .find(|e| e.kind == IncidentEventKind::Approval)
        .unwrap_or_else(|| panic!("no approval: {timeline:?}"))
        .detail
        .clone();
    setup.store.get_approval(&id).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_held_repair_whose_container_was_recreated_healthy_meanwhile_is_withdrawn_never_run() {
    let web = Container::new("web", "exited", "Exited (1) 2 seconds ago", Some(1));
    let setup = setup_with_policy(vec![web], Duration::from_secs(75), Some(GATED_WEB)).await;
    let report = setup.sweep().await;
    let incident = setup
        .store
        .live_incident("container_exited:web")
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        report.awaiting_approval,
        vec![incident.clone()],
        "{report:?}"
    );
    let approval = approval_of(&setup, &incident).await;
    assert_eq!(approval.status, warden_protocol::ApprovalStatus::Pending);
    // `docker compose up --force-recreate web` while nobody has looked yet: another id, running.
    *setup.docker.containers.lock().unwrap() = vec![Container {
        id: format!("{:f<64}", "cd"),
        started_at: chrono::Utc::now().to_rfc3339(),
        ..Container::new("web", "running", "Up 1 second", None)
    }];
    let report = setup.sweep().await;
    assert_eq!(report.resolved, vec![incident.clone()], "{report:?}");
    let approval = approval_of(&setup, &incident).await;
    assert_eq!(approval.status, warden_protocol::ApprovalStatus::Withdrawn);
    assert!(
        approval
            .reason
            .as_deref()
            .is_some_and(|r| r.starts_with("withdrawn because its incident closed: ")),
        "{approval:?}"
    );
    let (_, timeline) = setup.store.incident(&incident).await.unwrap().unwrap();
    assert!(
        timeline.iter().any(|e| e.kind == IncidentEventKind::Note
            && e.detail
                == format!(
                    "approval {} withdrawn: the repair is no longer wanted and will not run",
                    approval.id
                )),
        "{timeline:?}"
    );
    // A human who approves it now is told it was withdrawn; nothing is restarted.
    let admin = ToolContext::user("admin", [Scope::Admin]);
    let decided = setup
        .guard
        .decide(&approval.id, true, &admin, None, None)
        .await
        .unwrap();
    assert!(
        matches!(
            decided,
            Err(warden_core::guard::DecideError::Settled(
                warden_protocol::ApprovalStatus::Withdrawn
            ))
        ),
        "{decided:?}"
    );
    setup.sweep().await;
    assert_eq!(setup.restarted(), Vec::<String>::new());
    // The withdrawal is in the audit log, with the reason.
    let audit = setup
        .store
        .list_audit(&warden_store::AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        audit.iter().any(|row| {
            row.entry.approval_id.as_deref() == Some(approval.id.as_str())
                && row.entry.event == warden_protocol::AuditEvent::ApprovalWithdrawn
                && row
                    .entry
                    .detail
                    .starts_with("withdrawn because its incident closed")
        }),
        "{audit:?}"
    );
}

#[tokio::test]
async fn a_held_repair_of_a_container_removed_meanwhile_is_withdrawn_with_its_failed_incident() {
    let web = Container::new("web", "exited", "Exited (1) 2 seconds ago", Some(1));
    let setup = setup_with_policy(vec![web], Duration::from_secs(75), Some(GATED_WEB)).await;
    setup.sweep().await;
    let incident = setup
        .store
        .live_incident("container_exited:web")
        .await
        .unwrap()
        .unwrap()
        .id;
    setup.docker.containers.lock().unwrap().clear();
    let report = setup.sweep().await;
    assert_eq!(report.failed, vec![incident.clone()], "{report:?}");
    let approval = approval_of(&setup, &incident).await;
    assert_eq!(approval.status, warden_protocol::ApprovalStatus::Withdrawn);
    // `docker run --name web` again, crashing: a new incident, not the old one's approval.
    *setup.docker.containers.lock().unwrap() = vec![Container {
        id: format!("{:e<64}", "ef"),
        ..Container::new("web", "exited", "Exited (1) 1 second ago", Some(1))
    }];
    setup.sweep().await;
    let next = setup
        .store
        .live_incident("container_exited:web")
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_ne!(next, incident);
    // It is repaired on its own terms (here after the target's backoff), never by the old
    // approval.
    let (_, timeline) = setup.store.incident(&next).await.unwrap().unwrap();
    assert!(
        !timeline.iter().any(|e| e.detail.contains(&approval.id)),
        "{timeline:?}"
    );
    assert_eq!(setup.restarted(), Vec::<String>::new());
}

#[tokio::test]
async fn alerts_about_containers_stopped_by_their_operator_or_being_removed_restart_nothing() {
    // `docker stop` (SIGTERM, exit 143), with and without a restart policy Docker itself
    // leaves a stopped container to; `docker stop` past its timeout (SIGTERM, then SIGKILL's
    // 137); `docker kill` (SIGKILL). Prometheus sees each down and fires `ContainerDown`.
    let stopped = Container::new("stopped", "exited", "Exited (143) 2 minutes ago", Some(143));
    let always = Container {
        restart_policy: Some("always".to_owned()),
        ..Container::new("always", "exited", "Exited (143) 2 minutes ago", Some(143))
    };
    let timed_out = Container::new(
        "timedout",
        "exited",
        "Exited (137) 2 minutes ago",
        Some(137),
    );
    let killed = Container::new("killed", "exited", "Exited (137) 2 minutes ago", Some(137));
    // A program that traps SIGTERM and exits with a code of its own.
    let trapped = Container::new("trapped", "exited", "Exited (2) 2 minutes ago", Some(2));
    // `docker rm -f` under way; a state no Docker reports (fail closed).
    let removing = Container::new("removing", "removing", "Removal In Progress", Some(0));
    let odd = Container::new("odd", "frozen", "Frozen", None);
    // Controls: a crash, and one after a reload signal (`docker kill -s HUP`), which stops
    // nothing.
    let crashed = Container::new("crashed", "exited", "Exited (1) 2 minutes ago", Some(1));
    let reloaded = Container::new("reloaded", "exited", "Exited (1) 2 minutes ago", Some(1));
    let containers = vec![
        stopped, always, timed_out, killed, trapped, removing, odd, crashed, reloaded,
    ];
    let names: Vec<String> = containers.iter().map(|c| c.name.clone()).collect();
    let setup = setup(containers.clone(), Duration::from_secs(75)).await;
    let after = |name: &str| {
        let c = containers.iter().find(|c| c.name == name).unwrap();
        nanos(&c.started_at) + 1_000_000_000
    };
    setup.monitor.signalled("stopped", 15, after("stopped"));
    setup.monitor.signalled("always", 15, after("always"));
    setup.monitor.signalled("timedout", 15, after("timedout"));
    setup
        .monitor
        .signalled("timedout", 9, after("timedout") + 10_000_000_000);
    setup.monitor.signalled("killed", 9, after("killed"));
    setup.monitor.signalled("trapped", 15, after("trapped"));
    setup.monitor.signalled("reloaded", 1, after("reloaded"));
    for (index, name) in names.iter().enumerate() {
        let intake = setup
            .alert(container_down(name, &format!("s{index}")))
            .await;
        assert_eq!(intake.opened.len(), 1, "{name}");
    }
    let report = setup.sweep().await;
    // The sweep itself finds only the crashes.
    assert_eq!(
        fingerprints(&report),
        vec!["container_exited:crashed", "container_exited:reloaded"]
    );
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["crashed", "reloaded"]);
    let note = |timeline: &[(IncidentEventKind, String)], text: &str| {
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Note && detail.contains(text))
    };
    for (index, name) in names.iter().enumerate().take(5) {
        let (state, timeline) = setup.timeline(&format!("alert:s{index}")).await;
        assert_eq!(state, IncidentState::Open, "{name}");
        assert!(
            note(&timeline, &format!("container {name} was stopped (signal "))
                && note(&timeline, "not restarted for the alert"),
            "{name}: {timeline:?}"
        );
        // No wait for Docker's policy either: Docker leaves a stopped container stopped.
        assert!(!note(&timeline, "restart policy"), "{name}: {timeline:?}");
    }
    let (_, timeline) = setup.timeline("alert:s5").await;
    assert!(
        note(&timeline, "container removing is being removed"),
        "{timeline:?}"
    );
    let (_, timeline) = setup.timeline("alert:s6").await;
    assert!(
        note(
            &timeline,
            "container odd is frozen: not restarted for the alert"
        ),
        "{timeline:?}"
    );
    // Delivered again and swept again: still nothing more restarted.
    for (index, name) in names.iter().enumerate() {
        setup
            .alert(container_down(name, &format!("s{index}")))
            .await;
    }
    setup.sweep().await;
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["crashed", "reloaded"]);
}

#[tokio::test]
async fn a_clean_exit_docker_flags_oomkilled_is_no_crash_and_is_not_restarted() {
    // A job whose child process the kernel killed for memory, the job itself exiting 0: Docker
    // flags the run `OOMKilled`. Its work is done; restarting it would run it again.
    let job = Container {
        oom_killed: true,
        restart_policy: Some("on-failure".to_owned()),
        ..Container::new("job", "exited", "Exited (0) 2 seconds ago", Some(0))
    };
    // Controls: the container's own process killed for memory (137), and a crash (255).
    let oomed = Container {
        oom_killed: true,
        ..Container::new("oomed", "exited", "Exited (137) 2 seconds ago", Some(137))
    };
    let crashed = Container::new("crashed", "exited", "Exited (255) 2 seconds ago", Some(255));
    let struck = nanos(&job.started_at) + 1_000_000_000;
    let setup = setup(vec![job, oomed, crashed], Duration::from_secs(75)).await;
    // The event stream's `oom` for the job's run too.
    let report = setup
        .monitor
        .sweep(Trigger::Container {
            action: "oom".to_owned(),
            container: "job".to_owned(),
            at_nanos: Some(struck),
        })
        .await
        .unwrap();
    assert_eq!(
        fingerprints(&report),
        vec!["container_exited:oomed", "container_exited:crashed"]
    );
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["crashed", "oomed"]);
    assert!(
        setup
            .store
            .live_incident("container_exited:job")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_repair_under_verification_is_not_taken_for_restarted_when_one_inspect_fails() {
    let (setup, web, incident) = crashed_web_restarted(Vec::new()).await;
    // Up again in the run the restart began (the scripted restart keeps its start time); then
    // the daemon fails on its inspect (a 500, a timeout) while it answers the list.
    *setup.docker.containers.lock().unwrap() = vec![Container {
        started_at: web.started_at.clone(),
        ..Container::new("web", "running", "Up 3 seconds", None)
    }];
    setup
        .docker
        .unreadable
        .lock()
        .unwrap()
        .push("web".to_owned());
    for _ in 0..3 {
        setup.sweep().await;
    }
    let (record, timeline) = setup.store.incident(&incident).await.unwrap().unwrap();
    assert_eq!(record.state, IncidentState::Repairing, "{timeline:?}");
    assert!(
        !timeline
            .iter()
            .any(|e| e.detail.starts_with("did not hold") || e.detail.contains("started again")),
        "{timeline:?}"
    );
    assert_eq!(setup.restarted(), vec!["web"]);
    // A crash still shows by its listed exit, inspect or not.
    {
        let mut containers = setup.docker.containers.lock().unwrap();
        containers[0].state = "exited".to_owned();
        containers[0].status = "Exited (3) 1 second ago".to_owned();
        containers[0].exit_code = Some(3);
    }
    setup.sweep().await;
    let (_, timeline) = setup.store.incident(&incident).await.unwrap().unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.detail.contains("did not hold") && e.detail.contains("exited with code 3")),
        "{timeline:?}"
    );
}

fn ago(secs: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::seconds(secs)).to_rfc3339()
}

#[tokio::test]
async fn a_health_check_stuck_starting_past_its_settings_is_unhealthy_starting_and_restarted() {
    let starting = |name: &str, started: i64, check: Option<Value>| Container {
        health: Some("starting".to_owned()),
        health_check: check,
        started_at: ago(started),
        ..Container::new(name, "running", "Up 2 hours (health: starting)", None)
    };
    // `--health-start-period 1000h`: Docker never counts a failure; up two hours.
    let huge = starting(
        "huge",
        7_200,
        Some(json!({"start_period_secs": 3_600_000, "interval_secs": 10})),
    );
    // No start period, its check hanging (never ends): up a day.
    let hung = starting("hung", 86_400, Some(json!({})));
    // Its settings not read (its inspect failed): up three days, opted out.
    let unread = Container {
        autoheal: false,
        ..starting("unread", 259_200, None)
    };
    // Within its own start period (10 minutes), up five: still starting, no fault.
    let young = starting("young", 300, Some(json!({"start_period_secs": 600})));
    // Paused for a day while starting: its operator's pause.
    let paused = Container {
        state: "paused".to_owned(),
        status: "Up 1 day (Paused)".to_owned(),
        ..starting("paused", 86_400, None)
    };
    let setup = setup(
        vec![huge, hung, unread, young, paused],
        Duration::from_secs(75),
    )
    .await;
    let report = setup.sweep().await;
    assert_eq!(
        fingerprints(&report),
        vec![
            "container_unhealthy:huge",
            "container_unhealthy:hung",
            "container_unhealthy:unread",
        ]
    );
    for (name, detail) in [
        ("huge", "start period 3600000 s, taken as 3600 s"),
        ("hung", "no start period"),
        ("unread", "settings not read"),
    ] {
        let finding = report.findings.iter().find(|f| f.target == name).unwrap();
        assert!(
            finding.summary.starts_with(&format!(
                "container {name} is unhealthy-starting: its health check has stayed `starting`"
            )) && finding.summary.contains(detail),
            "{finding:?}"
        );
    }
    // Repaired as an unhealthy container is, where it opted in.
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["huge", "hung"]);
    let (state, _) = setup.timeline("container_unhealthy:unread").await;
    assert_eq!(state, IncidentState::Open);
}

#[tokio::test]
async fn the_opt_in_label_is_read_whatever_the_case_of_its_key_and_other_tools_labels_decide_nothing()
 {
    let crashed = |name: &str, labels: &[(&str, &str)]| Container {
        autoheal: false,
        extra_labels: labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..Container::new(name, "exited", "Exited (1) 2 seconds ago", Some(1))
    };
    let setup = setup(
        vec![
            crashed("upper", &[("Warden.Autoheal", "TRUE")]),
            // docker-autoheal's label says no; Warden's says yes.
            crashed(
                "theirs",
                &[("autoheal", "false"), ("warden.autoheal", "true")],
            ),
            // docker-autoheal's label alone opts nothing in to Warden's restarts.
            crashed("only-theirs", &[("Autoheal", "TRUE")]),
            // Written twice: the `false` wins.
            crashed(
                "both",
                &[("warden.autoheal", "true"), ("WARDEN.AUTOHEAL", "false")],
            ),
            // A Compose list's `- warden.autoheal="true"`: the quotes are kept in the value.
            crashed("quoted", &[("warden.autoheal", "\"true\"")]),
            crashed("quoted-no", &[("warden.autoheal", "'false'")]),
        ],
        Duration::from_secs(75),
    )
    .await;
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report).len(), 6, "{report:?}");
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["quoted", "theirs", "upper"]);
}

#[tokio::test]
async fn after_warden_restarts_an_exit_with_a_code_of_its_own_is_reported_and_never_restarted() {
    // Stopped before this Warden followed Docker's events (Warden was restarted since), so a
    // `docker stop` of them was not seen: their stop handlers exit 1, 2 (a shell's `trap`), 130
    // (128 + SIGINT, as many programs end on any stop), or a code of any kind (139). Docker
    // records nothing that tells such a stop from a crash, whatever the restart policy.
    let before = |name: &str, code: i64, policy: &str| Container {
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        finished_at: Some((chrono::Utc::now() - chrono::Duration::minutes(5)).to_rfc3339()),
        restart_policy: Some(policy.to_owned()),
        ..Container::new(
            name,
            "exited",
            &format!("Exited ({code}) 5 minutes ago"),
            Some(code),
        )
    };
    let unproven = [
        before("handler", 1, "no"),
        before("trapped", 2, "no"),
        before("interrupted", 130, "no"),
        before("segv", 139, "no"),
        before("unless", 1, "unless-stopped"),
    ];
    // By its stop signal before Warden followed the events: no finding at all, as before.
    let termed = before("termed", 143, "no");
    // Controls. The same exit in a run begun after Warden followed the events, with no stop
    // seen: a crash. A run begun before that ended long after Warden followed the events
    // without a break (Docker's FinishedAt): a stop of it would have been seen, so a crash. A
    // kill for memory: a crash whoever sent what.
    let after = Container::new("after", "exited", "Exited (1) 2 seconds ago", Some(1));
    let late = Container {
        finished_at: Some((chrono::Utc::now() + chrono::Duration::minutes(10)).to_rfc3339()),
        ..before("late", 1, "no")
    };
    let oomed = Container {
        oom_killed: true,
        ..before("oomed", 137, "no")
    };
    // Begun in the moment Warden took up the events (a second before): a stop of it then with a
    // code of its own is too unlikely; a crash.
    let fresh = Container {
        started_at: chrono::Utc::now().to_rfc3339(),
        ..Container::new("fresh", "exited", "Exited (1) 1 second ago", Some(1))
    };
    let mut containers = unproven.to_vec();
    containers.extend([termed, after, late, oomed, fresh]);
    let setup = setup(containers, Duration::from_secs(75)).await;
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec![
            "container_exited:after",
            "container_exited:fresh",
            "container_exited:handler",
            "container_exited:interrupted",
            "container_exited:late",
            "container_exited:oomed",
            "container_exited:segv",
            "container_exited:trapped",
            "container_exited:unless",
        ]
    );
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["after", "fresh", "late", "oomed"]);
    for container in &unproven {
        let fingerprint = format!("container_exited:{}", container.name);
        let finding = report
            .findings
            .iter()
            .find(|f| f.fingerprint == fingerprint)
            .unwrap();
        assert!(!finding.repairable, "{finding:?}");
        // Reported to a human, who decides.
        let (state, timeline) = setup.timeline(&fingerprint).await;
        assert_eq!(state, IncidentState::Escalated, "{}", container.name);
        assert!(
            timeline.iter().any(|(kind, detail)| {
                *kind == IncidentEventKind::Escalated
                    && detail.contains("may have been stopped on purpose")
                    && detail.contains(&format!("docker start {}", container.name))
            }),
            "{timeline:?}"
        );
    }
    // Alerts about them (Prometheus sees them down) restart nothing either; nor one about the
    // container stopped by its own signal before Warden followed the events.
    for (index, name) in ["handler", "trapped", "termed"].iter().enumerate() {
        setup
            .alert(container_down(name, &format!("u{index}")))
            .await;
    }
    setup.sweep().await;
    setup.sweep().await;
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["after", "fresh", "late", "oomed"]);
    for (index, name) in ["handler", "trapped", "termed"].iter().enumerate() {
        let (state, timeline) = setup.timeline(&format!("alert:u{index}")).await;
        assert_eq!(state, IncidentState::Open, "{name}");
        assert!(
            timeline.iter().any(|(kind, detail)| {
                *kind == IncidentEventKind::Note
                    && detail.contains("may have been stopped by its operator")
                    && detail.contains(&format!("container {name} "))
            }),
            "{name}: {timeline:?}"
        );
    }
}

#[tokio::test]
async fn the_watch_label_selects_containers_whatever_the_case_of_its_key_and_value() {
    let crashed = |name: &str, labels: &[(&str, &str)]| Container {
        extra_labels: labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..Container::new(name, "exited", "Exited (1) 2 seconds ago", Some(1))
    };
    let containers = vec![
        crashed("upper", &[("Autoheal", "true")]),
        crashed("lower", &[("autoheal", "true")]),
        crashed("shout", &[("AUTOHEAL", "False")]),
        crashed("other", &[("team", "web")]),
        crashed("bare", &[]),
    ];
    // The key alone: every container carrying it, in whatever case, whatever its value.
    let setup = setup_with(containers.clone(), Duration::from_secs(75), None, |s| {
        s.watch_label = Some("autoheal".to_owned());
    })
    .await;
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec![
            "container_exited:lower",
            "container_exited:shout",
            "container_exited:upper",
        ]
    );
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["lower", "shout", "upper"]);
    // Docker's filter was asked each spelling it matches exactly.
    let calls = setup.docker.ps_calls.lock().unwrap().clone();
    for spelling in ["Autoheal", "autoheal", "AUTOHEAL"] {
        assert!(
            calls.contains(&Some(spelling.to_owned())),
            "{spelling}: {calls:?}"
        );
    }
    // A key and a value: both in any case.
    let setup = setup_with(containers, Duration::from_secs(75), None, |s| {
        s.watch_label = Some("AutoHeal=TRUE".to_owned());
    })
    .await;
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec!["container_exited:lower", "container_exited:upper"]
    );
    // Nothing carries it: nothing is watched (not everything).
    let setup = setup_with(
        vec![crashed("other", &[("team", "web")])],
        Duration::from_secs(75),
        None,
        |s| s.watch_label = Some("autoheal".to_owned()),
    )
    .await;
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), Vec::<String>::new());
    assert_eq!(setup.restarted(), Vec::<String>::new());
}

/// `rfc3339` moved by `secs` seconds.
fn shifted(rfc3339: &str, secs: i64) -> String {
    (chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap() + chrono::Duration::seconds(secs))
        .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
}

#[tokio::test]
async fn a_users_kill_with_any_signal_that_ended_the_run_is_its_stop_never_a_crash() {
    let exited = |name: &str, code: i64| {
        let container = Container::new(
            name,
            "exited",
            &format!("Exited ({code}) 2 seconds ago"),
            Some(code),
        );
        Container {
            finished_at: Some(shifted(&container.started_at, 3)),
            ..container
        }
    };
    // `docker kill -s USR1` (10) that ended it: 138. Ctrl-C of a foreground `docker run`: the
    // client passes SIGINT on (a `kill` event, signal 2) to a container that stops by SIGTERM:
    // 130. A program that handles SIGUSR2 (12) and ends with its own code 1 a second after.
    // `docker stop` whose `kill` was missed but whose `stop` event came: 143.
    let usr1 = exited("usr1", 138);
    let ctrlc = exited("ctrlc", 130);
    let handled = exited("handled", 1);
    let stopped = exited("stopped", 143);
    // Controls: a reload signal (HUP) long before an exit of its own is no stop of it; the
    // same exits with no signal sent are crashes; a kill for memory is one whoever sent what.
    let reloaded = exited("reloaded", 1);
    let reloaded = Container {
        finished_at: Some(shifted(&reloaded.started_at, 60)),
        ..reloaded
    };
    let crashed = exited("crashed", 130);
    let oomed = Container {
        oom_killed: true,
        ..exited("oomed", 137)
    };
    let setup = setup(
        vec![
            usr1.clone(),
            ctrlc.clone(),
            handled.clone(),
            stopped.clone(),
            reloaded.clone(),
            crashed,
            oomed.clone(),
        ],
        Duration::from_secs(75),
    )
    .await;
    let after = |c: &Container, secs: i64| nanos(&c.started_at) + secs * 1_000_000_000;
    setup.monitor.signalled("usr1", 10, after(&usr1, 2));
    setup.monitor.signalled("ctrlc", 2, after(&ctrlc, 2));
    setup.monitor.signalled("handled", 12, after(&handled, 2));
    setup
        .monitor
        .signalled("stopped", events::STOP_EVENT, after(&stopped, 4));
    setup.monitor.signalled("reloaded", 1, after(&reloaded, 1));
    setup.monitor.signalled("oomed", 9, after(&oomed, 2));
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec![
            "container_exited:crashed",
            "container_exited:oomed",
            "container_exited:reloaded",
        ]
    );
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["crashed", "oomed", "reloaded"]);
    // Nor does an alert about them restart them.
    for (index, name) in ["usr1", "ctrlc", "handled", "stopped"].iter().enumerate() {
        setup
            .alert(container_down(name, &format!("k{index}")))
            .await;
    }
    setup.sweep().await;
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["crashed", "oomed", "reloaded"]);
}

#[tokio::test]
async fn a_stop_sent_just_before_warden_followed_the_events_is_read_back_and_no_crash() {
    // Stopped in the moments before Warden started (its run began long before): a stop
    // handler's own code 1, so whether it was stopped is not known from the readings alone.
    let before = |name: &str| Container {
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        finished_at: Some((chrono::Utc::now() - chrono::Duration::seconds(3)).to_rfc3339()),
        ..Container::new(name, "exited", "Exited (1) 3 seconds ago", Some(1))
    };
    // Begun long before, ended a minute after Warden followed Docker's events (well past its
    // own 10 s stop timeout) by SIGKILL: `docker stop -t 3600` sent 50 minutes before Warden
    // started, its SIGKILL an hour after the SIGTERM.
    let patient = Container {
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        finished_at: Some((chrono::Utc::now() + chrono::Duration::seconds(60)).to_rfc3339()),
        ..Container::new("patient", "exited", "Exited (137) 1 second ago", Some(137))
    };
    let setup = setup(
        vec![
            before("killed"),
            before("stopped"),
            before("unknown"),
            patient,
        ],
        Duration::from_secs(75),
    )
    .await;
    let now = chrono::Utc::now().timestamp_nanos_opt().unwrap();
    let event = |action: &str, container: &str, signal: Option<i64>, ago_ms: i64| events::Recent {
        action: action.to_owned(),
        container: container.to_owned(),
        signal,
        at_nanos: Some(now - ago_ms * 1_000_000),
    };
    // Docker's events of the last two minutes, read back as Warden starts following them: a
    // `docker stop` (its `kill`, then its `stop` once the container exited) of `killed`, the
    // `stop` alone of `stopped`; an `oom` asks for a sweep; the rest teach nothing.
    let asks = setup.monitor.replay(&[
        event("kill", "killed", Some(15), 4000),
        event("die", "killed", None, 3000),
        event("stop", "/stopped", None, 3000),
        event("oom", "unknown", None, 2000),
        event("kill", "patient", Some(15), 3_000_000),
        event(
            "kill",
            "unknown",
            Some(15),
            (events::REPLAY_SECS + 60) * 1000,
        ),
    ]);
    assert_eq!(
        asks,
        vec![Trigger::Container {
            action: "oom".to_owned(),
            container: "unknown".to_owned(),
            at_nanos: Some(now - 2_000_000_000),
        }]
    );
    let report = setup.sweep().await;
    // `patient`'s stop is known: its exit is no crash. `unknown`'s stop, if any, is not known
    // (the `kill` more than a day ago is out of the window): it is reported and never
    // restarted, as before.
    assert_eq!(fingerprints(&report), vec!["container_exited:unknown"]);
    assert!(setup.restarted().is_empty());
    let (state, _) = setup.timeline("container_exited:unknown").await;
    assert_eq!(state, IncidentState::Escalated);
}

#[tokio::test]
async fn a_container_s_own_stop_timeout_widens_the_time_a_stop_may_have_gone_unseen() {
    // Begun before Warden followed Docker's events, ended with a code of its own a minute or
    // five after it did: with Docker's 10 s timeout (or a 30 s one, five minutes after) a stop
    // of it would have been seen, so none was sent: a crash. With a two minute `StopTimeout`, a
    // minute after, or a 15 minute one (Compose's `stop_grace_period: 15m`), or one that waits
    // forever (-1), `docker stop` may have sent its signal before Warden followed the events:
    // reported, never restarted.
    let ended = |name: &str, timeout: Option<i64>, after_minutes: i64| Container {
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        finished_at: Some(
            (chrono::Utc::now() + chrono::Duration::minutes(after_minutes)).to_rfc3339(),
        ),
        stop_timeout: timeout,
        ..Container::new(name, "exited", "Exited (1) 1 second ago", Some(1))
    };
    let setup = setup(
        vec![
            ended("default", None, 1),
            ended("brief", Some(30), 5),
            ended("slow", Some(120), 1),
            ended("patient", Some(900), 5),
            ended("forever", Some(-1), 5),
        ],
        Duration::from_secs(75),
    )
    .await;
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec![
            "container_exited:brief",
            "container_exited:default",
            "container_exited:forever",
            "container_exited:patient",
            "container_exited:slow",
        ]
    );
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["brief", "default"]);
    for name in ["slow", "patient", "forever"] {
        let (state, timeline) = setup.timeline(&format!("container_exited:{name}")).await;
        assert_eq!(state, IncidentState::Escalated, "{name}");
        assert!(
            timeline
                .iter()
                .any(|(_, detail)| detail.contains("may have been stopped on purpose")),
            "{timeline:?}"
        );
    }
}

#[tokio::test]
async fn a_restart_that_stopped_the_container_and_could_not_start_it_is_no_operators_stop() {
    let sick = Container {
        health: Some("unhealthy".to_owned()),
        ..Container::new("sick", "running", "Up 5 minutes (unhealthy)", None)
    };
    let setup = setup(vec![sick], Duration::from_secs(75)).await;
    // Its run began after the monitor followed Docker's events, a moment ago.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    setup.docker.containers.lock().unwrap()[0].started_at =
        (chrono::Utc::now() - chrono::Duration::milliseconds(100)).to_rfc3339();
    setup
        .docker
        .failing_start
        .lock()
        .unwrap()
        .push("sick".to_owned());
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), vec!["container_unhealthy:sick"]);
    assert_eq!(setup.restarted(), Vec::<String>::new());
    // Docker's events of that restart: its SIGTERM, and the `stop` once the container exited.
    let kills = setup.docker.kills.lock().unwrap().clone();
    assert_eq!(kills.len(), 1);
    for (container, signal, at) in kills {
        setup.monitor.signalled(&container, signal, at);
        setup
            .monitor
            .signalled(&container, events::STOP_EVENT, at + 1_000_000);
    }
    // Down by Warden's own restart, not its operator's stop: never closed as stopped by its
    // operator. Docker recorded why the start failed (dockerd 28.2's `State.Error`, exit code
    // 127; this test once ran on a daemon that kept the stop's 143 and no error, and repaired
    // it as a crash): the start was Warden's own, and another restart runs the same start, so
    // it is escalated with Docker's error and never restarted again.
    assert_own_failed_start_escalated(&setup, "sick").await;
}

/// `container`'s start failed after Warden's own restart of it (the scripted Docker's missing
/// bind mount, `/srv/data`): reported, escalated with Docker's error, never closed as stopped
/// by its operator, and never restarted again, however many sweeps follow.
async fn assert_own_failed_start_escalated(setup: &Setup, container: &str) {
    let fingerprint = format!("container_exited:{container}");
    let kills = setup.docker.kills.lock().unwrap().len();
    let attempts = setup.docker.failed_starts.lock().unwrap().clone();
    assert_eq!(attempts, vec![container.to_owned()]);
    let report = setup.sweep().await;
    assert_eq!(
        fingerprints(&report),
        vec![fingerprint.clone()],
        "{report:?}"
    );
    let (state, timeline) = setup.timeline(&fingerprint).await;
    assert_eq!(state, IncidentState::Escalated, "{timeline:?}");
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Escalated
                && detail.contains("Warden's own restart")
                && detail.contains("stat /srv/data: no such file or directory")
                && detail.contains("not restarted again")),
        "{timeline:?}"
    );
    assert!(
        timeline
            .iter()
            .all(|(_, detail)| !detail.contains("stopped by its operator")),
        "{timeline:?}"
    );
    for _ in 0..3 {
        setup.clock.advance(Duration::from_secs(3600));
        setup.sweep().await;
    }
    assert_eq!(setup.restarted(), Vec::<String>::new());
    assert_eq!(setup.docker.kills.lock().unwrap().len(), kills);
    assert_eq!(*setup.docker.failed_starts.lock().unwrap(), attempts);
    // Alertmanager's `ContainerDown` about it restarts nothing either: escalated with the same
    // error (no restart asked of Docker: none failed again).
    let now = chrono::Utc::now().to_rfc3339();
    setup
        .alert(container_down_from(
            container,
            "own-failed",
            "cadvisor",
            &now,
        ))
        .await;
    setup.sweep().await;
    assert_eq!(setup.restarted(), Vec::<String>::new());
    assert_eq!(*setup.docker.failed_starts.lock().unwrap(), attempts);
    let (state, timeline) = setup.timeline("alert:own-failed").await;
    assert_eq!(state, IncidentState::Escalated, "{timeline:?}");
    assert!(
        timeline
            .iter()
            .any(|(_, detail)| detail.contains("Warden's own restart")
                && detail.contains("/srv/data")),
        "{timeline:?}"
    );
}

#[tokio::test]
async fn ctrl_c_at_a_containers_own_terminal_is_its_users_stop_never_a_crash() {
    // `docker run -it`: Ctrl-C (or Ctrl-\\) at its terminal reaches its program there, which
    // ends by SIGINT (130) or SIGQUIT (131), and Docker records no signal.
    let at_terminal = |name: &str, code: i64| Container {
        tty: true,
        ..Container::new(
            name,
            "exited",
            &format!("Exited ({code}) 2 seconds ago"),
            Some(code),
        )
    };
    // Controls: the same exits without a terminal, with no signal recorded, are crashes; so
    // are other exits of a container with a terminal, and a kill for memory.
    let plain = |name: &str, code: i64| Container {
        tty: false,
        ..at_terminal(name, code)
    };
    let oomed = Container {
        oom_killed: true,
        ..at_terminal("oomed", 137)
    };
    let setup = setup(
        vec![
            at_terminal("interrupted", 130),
            at_terminal("quit", 131),
            at_terminal("failed", 1),
            plain("plain130", 130),
            plain("plain131", 131),
            oomed,
        ],
        Duration::from_secs(75),
    )
    .await;
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec![
            "container_exited:failed",
            "container_exited:oomed",
            "container_exited:plain130",
            "container_exited:plain131",
        ]
    );
    // An alert about them (Prometheus sees them down) restarts nothing either.
    setup.alert(container_down("interrupted", "t0")).await;
    setup.sweep().await;
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["failed", "oomed", "plain130", "plain131"]);
    let (_, timeline) = setup.timeline("alert:t0").await;
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Note
                && detail.contains("stopped at its own terminal")),
        "{timeline:?}"
    );
}

#[tokio::test]
async fn a_restart_a_human_approved_that_stopped_the_container_and_could_not_start_it_is_no_operators_stop()
 {
    let web = Container {
        health: Some("unhealthy".to_owned()),
        ..Container::new("web", "running", "Up 5 minutes (unhealthy)", None)
    };
    let setup = setup_with_policy(vec![web], Duration::from_secs(75), Some(GATED_WEB)).await;
    // Its run began after the monitor followed Docker's events, a moment ago.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    setup.docker.containers.lock().unwrap()[0].started_at =
        (chrono::Utc::now() - chrono::Duration::milliseconds(100)).to_rfc3339();
    setup
        .docker
        .failing_start
        .lock()
        .unwrap()
        .push("web".to_owned());
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), vec!["container_unhealthy:web"]);
    let incident = setup
        .store
        .live_incident("container_unhealthy:web")
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        report.awaiting_approval,
        vec![incident.clone()],
        "{report:?}"
    );
    // A human approves it a while later; the guard runs it: Docker stops the container, and
    // cannot start it again.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let approval = approval_of(&setup, &incident).await;
    let admin = ToolContext::user("admin", [Scope::Admin]);
    let decided = setup
        .guard
        .decide(&approval.id, true, &admin, None, None)
        .await
        .unwrap();
    assert!(decided.is_ok(), "{decided:?}");
    setup.guard.sweep().await;
    let approval = approval_of(&setup, &incident).await;
    assert_eq!(approval.execution, Some(warden_protocol::Execution::Done));
    let kills = setup.docker.kills.lock().unwrap().clone();
    assert_eq!(kills.len(), 1);
    for (container, signal, at) in kills {
        setup.monitor.signalled(&container, signal, at);
        setup
            .monitor
            .signalled(&container, events::STOP_EVENT, at + 1_000_000);
    }
    // Down by the approved restart, not its operator's stop; its start failed with Docker's
    // error recorded (dockerd 28.2's values; this test once ran on a daemon that kept the
    // stop's 143): Warden's own start, escalated and never restarted again.
    assert_own_failed_start_escalated(&setup, "web").await;
}

/// Every restart of the monitor's waits for a human.
const GATED_RESTARTS: &str = "version = 1\n\n[[rule]]\nid = \"gated-restarts\"\nactors = [\"monitor\"]\ntools = [\"docker_restart\"]\narguments = { container = [\"*\"] }\nlevel = \"high\"\njustification = \"Restarts only with a human's consent.\"\nmatch = [{ container = \"web\" }]\n";

#[tokio::test]
async fn an_approved_restart_naming_the_container_by_its_id_is_warden_s_own_too() {
    let web = Container {
        health: Some("unhealthy".to_owned()),
        ..Container::new("web", "running", "Up 5 minutes (unhealthy)", None)
    };
    let short_id = web.id[..12].to_owned();
    let setup = setup_with_policy(vec![web], Duration::from_secs(75), Some(GATED_RESTARTS)).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    setup.docker.containers.lock().unwrap()[0].started_at =
        (chrono::Utc::now() - chrono::Duration::milliseconds(100)).to_rfc3339();
    setup
        .docker
        .failing_start
        .lock()
        .unwrap()
        .push("web".to_owned());
    let report = setup.sweep().await;
    let incident = setup
        .store
        .live_incident("container_unhealthy:web")
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        report.awaiting_approval,
        vec![incident.clone()],
        "{report:?}"
    );
    // The repair model's restart of it by its short id (as `docker_ps` shows it), held for a
    // human and put on the incident's timeline as the model's calls are.
    let monitor = ToolContext {
        actor: warden_tool_api::Actor::Monitor,
        scopes: warden_protocol::ScopeSet::new([Scope::Read, Scope::Write, Scope::Execute]),
        sandbox: None,
        host: Default::default(),
        run_id: None,
        started_by: None,
    };
    let held = setup
        .guard
        .invoke(
            "docker_restart",
            &json!({ "container": short_id }),
            &monitor,
        )
        .await;
    let warden_core::Invoked::Pending(approval) = held else {
        panic!("not held: {held:?}");
    };
    setup
        .store
        .add_incident_event(
            &incident,
            IncidentEventKind::Approval,
            &approval.id,
            chrono::Utc::now().timestamp(),
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let admin = ToolContext::user("admin", [Scope::Admin]);
    let decided = setup
        .guard
        .decide(&approval.id, true, &admin, None, None)
        .await
        .unwrap();
    assert!(decided.is_ok(), "{decided:?}");
    setup.guard.sweep().await;
    let kills = setup.docker.kills.lock().unwrap().clone();
    assert_eq!(kills.len(), 1);
    for (container, signal, at) in kills {
        setup.monitor.signalled(&container, signal, at);
        setup
            .monitor
            .signalled(&container, events::STOP_EVENT, at + 1_000_000);
    }
    // Down by that restart, not by its operator: the model's restart is Warden's own, and its
    // failed start is escalated with Docker's error, never restarted again.
    assert_own_failed_start_escalated(&setup, "web").await;
}

#[tokio::test]
async fn an_exit_with_a_code_no_signal_gives_after_a_stop_is_that_stop_never_a_crash() {
    let exited = |name: &str, code: i64| {
        let container = Container::new(
            name,
            "exited",
            &format!("Exited ({code}) 2 seconds ago"),
            Some(code),
        );
        Container {
            finished_at: Some(shifted(&container.started_at, 3)),
            ..container
        }
    };
    // `docker stop` of programs whose stop handler exits with a code of its own that is no
    // 128 + a signal: `exit(-1)` (255), 200, a runtime's -1, a Windows container's
    // STATUS_CONTROL_C_EXIT (0xC000013A), a code above a byte.
    let stopped = [
        exited("minus-one", 255),
        exited("two-hundred", 200),
        exited("negative", -1),
        exited("windows", 3_221_225_786),
        exited("wide", 399),
    ];
    // Controls: the same codes with no stop recorded are crashes, repaired.
    let crashed = [
        exited("crashed-255", 255),
        exited("crashed-negative", -1_073_741_819),
        exited("crashed-wide", 3_221_225_786),
    ];
    let setup = setup(
        stopped.iter().chain(crashed.iter()).cloned().collect(),
        Duration::from_secs(75),
    )
    .await;
    for container in &stopped {
        setup.monitor.signalled(
            &container.name,
            15,
            nanos(&container.started_at) + 2_000_000_000,
        );
    }
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec![
            "container_exited:crashed-255",
            "container_exited:crashed-negative",
            "container_exited:crashed-wide",
        ]
    );
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(
        restarted,
        vec!["crashed-255", "crashed-negative", "crashed-wide"]
    );
    // Nor does an alert about a stopped one restart it.
    for (index, container) in stopped.iter().enumerate() {
        setup
            .alert(container_down(&container.name, &format!("s{index}")))
            .await;
    }
    setup.sweep().await;
    assert_eq!(setup.restarted().len(), 3);
}

#[tokio::test]
async fn a_container_docker_lists_with_a_leading_slash_is_the_container_of_that_name() {
    // Docker's API writes names with a leading `/`; its events, alerts and the CLI do not.
    let exited = |name: &str, code: i64| {
        let container = Container::new(
            name,
            "exited",
            &format!("Exited ({code}) 2 seconds ago"),
            Some(code),
        );
        Container {
            finished_at: Some(shifted(&container.started_at, 3)),
            ..container
        }
    };
    // Stopped by its operator (the `kill` event names it `web`), and a crash.
    let web = exited("/web", 143);
    let crashed = exited("/api", 1);
    let setup = setup(vec![web.clone(), crashed], Duration::from_secs(75)).await;
    setup
        .monitor
        .signalled("web", 15, nanos(&web.started_at) + 2_000_000_000);
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), vec!["container_exited:api"]);
    assert_eq!(setup.restarted(), vec!["/api"]);
    let (state, _) = setup.timeline("container_exited:api").await;
    assert_eq!(state, IncidentState::Repairing);
    // An alert naming the stopped one, as cAdvisor does, restarts nothing.
    setup.alert(container_down("web", "w1")).await;
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["/api"]);
}

/// A container Docker could not start, as it lists it: `created`, never started, with the exit
/// code it recorded for the failed start.
fn never_started(name: &str, code: i64) -> Container {
    Container {
        started_at: "0001-01-01T00:00:00Z".to_owned(),
        restart_policy: Some("always".to_owned()),
        ..Container::new(name, "created", "Created", Some(code))
    }
}

#[tokio::test]
async fn a_container_docker_could_not_start_is_reported_and_only_a_refused_start_restarted() {
    // `docker run` of an image whose command is not found (127) or not executable (126): a
    // restart runs the same command again. One the runtime refused (128: a port in use) may
    // start once that clears. One only created (`docker create`) is no fault.
    let setup = setup(
        vec![
            never_started("missing", 127),
            never_started("denied", 126),
            never_started("refused", 128),
            never_started("fresh", 0),
        ],
        Duration::from_secs(75),
    )
    .await;
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec![
            "container_exited:denied",
            "container_exited:missing",
            "container_exited:refused"
        ]
    );
    assert_eq!(setup.restarted(), vec!["refused"]);
    for (name, cause) in [
        ("missing", "its command was not found, exit code 127"),
        ("denied", "its command cannot be invoked"),
    ] {
        let (state, timeline) = setup.timeline(&format!("container_exited:{name}")).await;
        assert_eq!(state, IncidentState::Escalated, "{name}: {timeline:?}");
        assert!(
            timeline.iter().any(|(_, detail)| detail.contains(cause)
                && detail.contains("it is not restarted")
                && detail.contains(&format!("docker start {name}"))),
            "{name}: {timeline:?}"
        );
    }
    // Swept again: still not restarted, no repair loop.
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["refused"]);
}

#[tokio::test]
async fn a_container_down_alert_about_a_container_whose_command_is_not_found_restarts_nothing() {
    let setup = setup(
        vec![never_started("missing", 127), never_started("refused", 128)],
        Duration::from_secs(75),
    )
    .await;
    // Only the alerts are judged here: the sweep's own findings are none of these incidents.
    setup.alert(container_down("missing", "b1")).await;
    setup.alert(container_down("refused", "b2")).await;
    setup.sweep().await;
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["refused"]);
    let (_, timeline) = setup.timeline("alert:b1").await;
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Note
                && detail.contains("could not be started (its command was not found")),
        "{timeline:?}"
    );
}

#[tokio::test]
async fn an_alert_whose_first_container_label_is_blank_restarts_the_container_the_next_names() {
    let hung = Container {
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        ..Container::new("web", "running", "Up 3 years", None)
    };
    let setup = setup(vec![hung], Duration::from_secs(75)).await;
    let began = (chrono::Utc::now() - chrono::Duration::seconds(30)).to_rfc3339();
    // A template that had nothing to put in `container` wrote spaces; cAdvisor's `name` holds
    // the container, with a space a template left after it.
    let alert = json!({
        "version": "4", "status": "firing",
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "ContainerDown", "container": "   ", "container_name": "\t", "name": "web "},
            "startsAt": began,
            "endsAt": "0001-01-01T00:00:00Z",
        }],
    });
    let intake = setup.alert(alert).await;
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["web"]);
    let (record, _) = setup
        .store
        .incident(&intake.opened[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.target, "web");
}

/// An unhealthy `web`, its restarts gated: a human approves one, and its operator's `docker
/// stop` (SIGTERM, then the `stop` event: exited 143) lands a moment before the guard claims it,
/// in the claim's second: more than the slack Warden allows for the daemon's clock before the
/// claim as the guard remembers it (to the nanosecond), yet within that slack before the start
/// of the claim's second (the store's whole seconds). The guard then runs the approved restart,
/// as the scripted Docker is told to answer it; returns its incident's id.
async fn operators_stop_just_before_an_approved_restart(setup: &Setup) -> String {
    tokio::time::sleep(Duration::from_millis(1200)).await;
    setup.docker.containers.lock().unwrap()[0].started_at =
        (chrono::Utc::now() - chrono::Duration::milliseconds(100)).to_rfc3339();
    let report = setup.sweep().await;
    let incident = setup
        .store
        .live_incident("container_unhealthy:web")
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(report.awaiting_approval, vec![incident.clone()]);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let approval = approval_of(setup, &incident).await;
    let admin = ToolContext::user("admin", [Scope::Admin]);
    let decided = setup
        .guard
        .decide(&approval.id, true, &admin, None, None)
        .await
        .unwrap();
    assert!(decided.is_ok(), "{decided:?}");
    // Late in a second, so that its start lies more than the slack Warden allows for the
    // daemon's clock before the claim, yet within the claim's second and the slack before it.
    loop {
        let fraction = chrono::Utc::now().timestamp_subsec_millis();
        if (650..=800).contains(&fraction) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let before_claim = chrono::Utc::now().timestamp_nanos_opt().unwrap();
    // Its operator's `docker stop` a moment before the approved restart ran: it exited 143.
    let stopped_at = before_claim - 1_500_000_000;
    {
        let mut containers = setup.docker.containers.lock().unwrap();
        containers[0].state = "exited".to_owned();
        containers[0].status = "Exited (143) 1 second ago".to_owned();
        containers[0].exit_code = Some(143);
        containers[0].health = None;
    }
    setup.monitor.signalled("web", 15, stopped_at);
    setup
        .monitor
        .signalled("web", events::STOP_EVENT, stopped_at + 1_000_000);
    setup.guard.sweep().await;
    let approval = approval_of(setup, &incident).await;
    assert_eq!(approval.execution, Some(warden_protocol::Execution::Done));
    // The container was stopped already: the restart sent it no signal.
    assert!(setup.docker.kills.lock().unwrap().is_empty());
    incident
}

/// The incident `id` was resolved, its timeline saying `words`; returns that timeline.
async fn assert_resolved_saying(
    setup: &Setup,
    id: &str,
    words: &str,
) -> Vec<warden_store::IncidentEvent> {
    let (incident, timeline) = setup.store.incident(id).await.unwrap().unwrap();
    assert_eq!(incident.state, IncidentState::Resolved, "{timeline:?}");
    assert!(
        timeline.iter().any(|e| e.detail.contains(words)),
        "{timeline:?}"
    );
    timeline
}

/// The incident `id` was resolved because its container's operator stopped it.
async fn assert_closed_as_operators_stop(setup: &Setup, id: &str) {
    assert_resolved_saying(setup, id, "a stop is its operator's decision").await;
}

/// An unhealthy `web` whose restarts wait for a human.
async fn gated_unhealthy_web() -> Setup {
    let web = Container {
        health: Some("unhealthy".to_owned()),
        ..Container::new("web", "running", "Up 5 minutes (unhealthy)", None)
    };
    setup_with_policy(vec![web], Duration::from_secs(75), Some(GATED_WEB)).await
}

#[tokio::test]
async fn an_operators_stop_in_the_second_an_approved_restart_was_claimed_but_before_it_is_a_stop() {
    // The approved restart's call failed in the daemon before it touched the container (a
    // 500, a timeout): web stays as its operator's stop left it, exited 143 with no start
    // error. The stop came before the restart was claimed: its operator's, not the restart's,
    // so web stays stopped. Taken for the restart's, the exit would have no stop of anyone's:
    // a crash, found and repaired again.
    let setup = gated_unhealthy_web().await;
    setup
        .docker
        .unanswered
        .lock()
        .unwrap()
        .push("web".to_owned());
    let incident = operators_stop_just_before_an_approved_restart(&setup).await;
    assert_eq!(
        *setup.docker.unanswered_restarts.lock().unwrap(),
        vec!["web"]
    );
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), Vec::<String>::new(), "{report:?}");
    assert!(
        setup
            .store
            .live_incident("container_exited:web")
            .await
            .unwrap()
            .is_none()
    );
    // The approved repair's verification reads it stopped: its operator's stop closes the
    // incident, and nothing is restarted.
    setup.clock.advance(Duration::from_secs(60));
    tokio::time::sleep(Duration::from_millis(20)).await;
    setup.sweep().await;
    assert_closed_as_operators_stop(&setup, &incident).await;
    assert_eq!(setup.restarted(), Vec::<String>::new());
    assert_eq!(
        *setup.docker.unanswered_restarts.lock().unwrap(),
        vec!["web"]
    );
}

#[tokio::test]
async fn an_operators_stop_just_before_an_approved_restart_whose_start_failed_is_escalated() {
    // As above, the approved restart then ran a start Docker refused, and dockerd 28.2 records
    // it (`State.Error`, exit code 127): the failed start is Warden's own, escalated with
    // Docker's error, never restarted again, and never closed as the operator's stop either (a
    // start followed it).
    let setup = gated_unhealthy_web().await;
    setup
        .docker
        .failing_start
        .lock()
        .unwrap()
        .push("web".to_owned());
    operators_stop_just_before_an_approved_restart(&setup).await;
    assert_own_failed_start_escalated(&setup, "web").await;
}

#[tokio::test]
async fn a_stop_of_a_program_that_ignores_sigterm_is_a_stop_through_its_whole_timeout() {
    // `docker stop` of a program that ignores SIGTERM (a shell as PID 1): SIGTERM, ten seconds
    // of waiting in which its health check fails, SIGKILL, exit 137, then the `stop` event.
    // Beside it, the same program killed by SIGKILL from outside Docker, no stop sent: a crash.
    let stubborn = Container {
        health: Some("healthy".to_owned()),
        ..Container::new("stubborn", "running", "Up 5 minutes", None)
    };
    let killed = Container::new("killed", "running", "Up 5 minutes", None);
    let setup = setup(vec![stubborn.clone(), killed], Duration::from_secs(75)).await;
    let term = nanos(&stubborn.started_at) + 1_000_000_000;
    setup.monitor.signalled("stubborn", 15, term);
    let set = |name: &str, change: &dyn Fn(&mut Container)| {
        let mut containers = setup.docker.containers.lock().unwrap();
        change(containers.iter_mut().find(|c| c.name == name).unwrap());
    };
    // Waiting out its timeout, its check fails: no fault while it shuts down.
    set("stubborn", &|c| {
        c.health = Some("unhealthy".to_owned());
        c.status = "Up 5 minutes (unhealthy)".to_owned();
    });
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), Vec::<String>::new());
    // SIGKILL once the timeout passed, and the exit it causes.
    setup
        .monitor
        .signalled("stubborn", 9, term + 10_000_000_000);
    let exited = |c: &mut Container| {
        c.state = "exited".to_owned();
        c.status = "Exited (137) 1 second ago".to_owned();
        c.exit_code = Some(137);
        c.health = None;
        c.finished_at = Some(in_a_minute());
    };
    set("stubborn", &exited);
    set("killed", &exited);
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), vec!["container_exited:killed"]);
    // Docker's `stop` event, once it has exited: still a stop.
    setup
        .monitor
        .signalled("stubborn", events::STOP_EVENT, term + 10_100_000_000);
    let report = setup.sweep().await;
    assert!(
        !fingerprints(&report).contains(&"container_exited:stubborn".to_owned()),
        "{:?}",
        fingerprints(&report)
    );
    assert_eq!(setup.restarted(), vec!["killed"]);
}

#[tokio::test]
async fn a_kill_event_alone_is_no_stop_under_way_past_docker_s_own_stop_timeout() {
    // `docker kill -s TERM` (a `kill` event, nothing after) to programs that ignore SIGTERM and
    // run on, their checks failing: Docker's default 10 s, a `StopTimeout` of 30 s.
    // `docker stop` would have sent SIGKILL once that passed; none came, so no stop is known
    // under way: reported.
    let healthy = |name: &str, stop_timeout: Option<i64>| Container {
        health: Some("healthy".to_owned()),
        stop_timeout,
        ..Container::new(name, "running", "Up 5 minutes", None)
    };
    let all = [healthy("term", None), healthy("thirty", Some(30))];
    let setup = setup(all.to_vec(), Duration::from_secs(75)).await;
    for container in &all {
        let sent = nanos(&container.started_at) + 1_000_000_000;
        setup.monitor.signalled(&container.name, 15, sent);
    }
    for container in setup.docker.containers.lock().unwrap().iter_mut() {
        container.health = Some("unhealthy".to_owned());
        container.status = "Up 5 minutes (unhealthy)".to_owned();
    }
    // In the moments after, it may be `docker stop` waiting: no fault yet.
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), Vec::<String>::new());
    // Past `docker stop`'s own wait with no SIGKILL: each failing check is a finding, named
    // for what it may be, and nothing is restarted over a stop that may still be under way.
    setup.clock.advance(Duration::from_secs(200));
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec!["container_unhealthy:term", "container_unhealthy:thirty"]
    );
    for finding in report
        .findings
        .iter()
        .filter(|f| f.fingerprint.starts_with("container_"))
    {
        assert!(
            finding
                .not_repaired
                .as_deref()
                .is_some_and(|why| why.contains("runs on with no SIGKILL nor stop")),
            "{finding:?}"
        );
    }
    assert_eq!(setup.restarted(), Vec::<String>::new());
    assert!(
        setup
            .store
            .live_incident("container_unhealthy:term")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_slow_stop_s_failing_health_check_is_no_fault_until_its_sigkill_or_an_hour() {
    // `docker stop -t 300` of a container with no stop timeout of its own (Docker records `-t`
    // nowhere), and containers whose own `StopTimeout` is -1 (wait forever) or days long: each
    // sent SIGTERM, still running, its health check failing while it shuts down.
    let healthy = |name: &str, stop_timeout: Option<i64>| Container {
        health: Some("healthy".to_owned()),
        stop_timeout,
        ..Container::new(name, "running", "Up 5 minutes", None)
    };
    let slow = healthy("slow", None);
    let forever = healthy("forever", Some(-1));
    let days = healthy("days", Some(300_000));
    // SIGTERM, then the SIGKILL `docker stop` sends once its timeout passed, and it runs on.
    let killed = healthy("killed", None);
    // Unhealthy with no stop sent: a fault at once. So is one sent SIGTERM two hours ago (a
    // `kill` read back from Docker's history as Warden started) that ran on.
    let sick = healthy("sick", None);
    let stale = Container {
        started_at: (chrono::Utc::now() - chrono::Duration::hours(3)).to_rfc3339(),
        ..healthy("stale", None)
    };
    let all = [&slow, &forever, &days, &killed, &sick, &stale];
    let setup = setup(
        all.iter().map(|c| (*c).clone()).collect(),
        Duration::from_secs(75),
    )
    .await;
    for container in &all[..4] {
        let term = nanos(&container.started_at) + 1_000_000_000;
        setup.monitor.signalled(&container.name, 15, term);
    }
    setup
        .monitor
        .signalled("killed", 9, nanos(&killed.started_at) + 301_000_000_000);
    let two_hours_ago = chrono::Utc::now() - chrono::Duration::hours(2);
    setup
        .monitor
        .signalled("stale", 15, two_hours_ago.timestamp_nanos_opt().unwrap());
    for container in setup.docker.containers.lock().unwrap().iter_mut() {
        container.health = Some("unhealthy".to_owned());
        container.status = "Up 5 minutes (unhealthy)".to_owned();
    }
    let report = setup.sweep().await;
    assert_eq!(
        fingerprints(&report),
        vec!["container_unhealthy:sick", "container_unhealthy:stale"]
    );
    // 200 s, then most of an hour, into the stop: Docker is still waiting for those whose own
    // stop timeout is that long. The one sent SIGKILL and running on 200 s later is no longer
    // shutting down. `slow`, with Docker's 10 s, would have had its SIGKILL long since: only a
    // `docker stop -t N` (recorded nowhere) or a `docker kill -s TERM` it ignored leaves it so,
    // which Docker's events cannot tell apart: its failing check is reported, not repaired.
    for advance in [200, 3000] {
        setup.clock.advance(Duration::from_secs(advance));
        let report = setup.sweep().await;
        let mut found = fingerprints(&report);
        found.sort();
        assert_eq!(
            found,
            vec![
                "container_unhealthy:killed",
                "container_unhealthy:sick",
                "container_unhealthy:slow",
                "container_unhealthy:stale"
            ],
            "after {advance} s more"
        );
        let slow_finding = report
            .findings
            .iter()
            .find(|f| f.fingerprint == "container_unhealthy:slow")
            .unwrap();
        assert!(
            slow_finding
                .not_repaired
                .as_deref()
                .is_some_and(|why| why.contains("docker stop -t N may still be waiting")),
            "{slow_finding:?}"
        );
        assert!(!setup.restarted().contains(&"slow".to_owned()));
    }
    // Prometheus sees it going down meanwhile: its alert restarts nothing either.
    let payload: AlertmanagerPayload = serde_json::from_value(container_down_from(
        "slow",
        "s0",
        "cadvisor",
        &shifted(&slow.started_at, 30),
    ))
    .unwrap();
    alerts::ingest(
        &setup.store,
        &payload,
        &AlertRule::defaults(),
        setup.guard.clock().now(),
    )
    .await
    .unwrap();
    setup.sweep().await;
    assert!(!setup.restarted().contains(&"slow".to_owned()));
    let (_, timeline) = setup.timeline("alert:s0").await;
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Note
                && detail.contains("container slow was sent signal 15 and runs on")),
        "{timeline:?}"
    );
    // Past the hour a stop is bounded by, a container still running and failing is a fault.
    setup.clock.advance(Duration::from_secs(401));
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec![
            "container_unhealthy:days",
            "container_unhealthy:forever",
            "container_unhealthy:killed",
            "container_unhealthy:sick",
            "container_unhealthy:slow",
            "container_unhealthy:stale",
        ]
    );
}

#[tokio::test]
async fn a_stop_sent_by_an_event_naming_the_container_only_by_its_id_is_that_container_s() {
    // A proxy's events name the container by the actor's id only (full or short): `docker
    // stop` of `web` (SIGTERM, exit 143, the `stop` event), Ctrl-C of `cli` (SIGINT, 130), and
    // `hog` killed for memory (its `oom` event, Docker's flag lost). Beside them `crashed`, the
    // same exit with no stop: a crash.
    let exited = |name: &str, code: i64| {
        let container = Container::new(
            name,
            "exited",
            &format!("Exited ({code}) 2 seconds ago"),
            Some(code),
        );
        Container {
            finished_at: Some(shifted(&container.started_at, 3)),
            ..container
        }
    };
    let web = exited("web", 143);
    let cli = exited("cli", 130);
    let hog = exited("hog", 137);
    let crashed = exited("crashed", 143);
    let setup = setup(
        vec![web.clone(), cli.clone(), hog.clone(), crashed],
        Duration::from_secs(75),
    )
    .await;
    let at = |c: &Container, secs: i64| nanos(&c.started_at) + secs * 1_000_000_000;
    setup.monitor.signalled(&web.id, 15, at(&web, 2));
    setup
        .monitor
        .signalled(&web.id[..12], events::STOP_EVENT, at(&web, 3));
    setup.monitor.signalled(&cli.id[..12], 2, at(&cli, 2));
    let report = setup
        .monitor
        .sweep(Trigger::Container {
            action: "oom".to_owned(),
            container: hog.id.clone(),
            at_nanos: Some(at(&hog, 2)),
        })
        .await
        .unwrap();
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec!["container_exited:crashed", "container_exited:hog"],
        "{report:?}"
    );
    let hog_finding = report.findings.iter().find(|f| f.target == "hog").unwrap();
    assert!(
        hog_finding.summary.contains("killed for memory"),
        "{}",
        hog_finding.summary
    );
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["crashed", "hog"]);
    // A later sweep still knows them stopped: what the ids told was kept under the names.
    let report = setup.sweep().await;
    assert!(
        !fingerprints(&report).contains(&"container_exited:web".to_owned())
            && !fingerprints(&report).contains(&"container_exited:cli".to_owned()),
        "{report:?}"
    );
    // A `rename` event naming the container by its id moves its incident to its new name.
    setup.docker.containers.lock().unwrap()[3].name = "crashed2".to_owned();
    let crashed_id = setup.docker.containers.lock().unwrap()[3].id.clone();
    setup.monitor.renamed("crashed", &crashed_id).await;
    assert!(
        setup
            .store
            .live_incident("container_exited:crashed2")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_users_signal_stamped_when_it_came_just_after_the_exit_it_caused_is_its_stop() {
    // A `kill` event without a time of its own is stamped when it came, a moment after the
    // exit the signal caused: Ctrl-C's SIGINT (130), `docker kill -s QUIT` (131), `-s HUP` to a
    // program that ends on it (129), and SIGUSR2 handled by a program that ends with its own
    // code 1. Controls: the same signal stamped long after the exit, and no signal at all.
    let exited = |name: &str, code: i64| {
        let container = Container::new(
            name,
            "exited",
            &format!("Exited ({code}) 2 seconds ago"),
            Some(code),
        );
        Container {
            finished_at: Some(shifted(&container.started_at, 3)),
            ..container
        }
    };
    let int = exited("int", 130);
    let quit = exited("quit", 131);
    let hup = exited("hup", 129);
    let handled = exited("handled", 1);
    let late = exited("late", 130);
    let crashed = exited("crashed", 130);
    let setup = setup(
        vec![
            int.clone(),
            quit.clone(),
            hup.clone(),
            handled.clone(),
            late.clone(),
            crashed,
        ],
        Duration::from_secs(75),
    )
    .await;
    // The exits came 3 s after the start; the signals' stamps a moment (or long) after that.
    let stamped =
        |c: &Container, millis: i64| nanos(&c.started_at) + 3_000_000_000 + millis * 1_000_000;
    setup.monitor.signalled("int", 2, stamped(&int, 300));
    setup.monitor.signalled("quit", 3, stamped(&quit, 1_500));
    setup.monitor.signalled("hup", 1, stamped(&hup, 4_000));
    setup
        .monitor
        .signalled("handled", 12, stamped(&handled, 800));
    setup.monitor.signalled("late", 2, stamped(&late, 60_000));
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(
        found,
        vec!["container_exited:crashed", "container_exited:late"],
        "{report:?}"
    );
    let mut restarted = setup.restarted();
    restarted.sort();
    assert_eq!(restarted, vec!["crashed", "late"]);
}

#[tokio::test]
async fn a_kill_event_whose_signal_does_not_read_is_a_stop_never_a_crash() {
    // A proxy that leaves the `kill` event's `signal` attribute out (or writes what is no
    // signal): someone sent the container a signal all the same, and the exit that followed
    // (137, 143, a stop handler's own 1) is that stop. Control: the same exit with no `kill`.
    let exited = |name: &str, code: i64| {
        let container = Container::new(
            name,
            "exited",
            &format!("Exited ({code}) 2 seconds ago"),
            Some(code),
        );
        Container {
            finished_at: Some(shifted(&container.started_at, 3)),
            ..container
        }
    };
    let killed = exited("killed", 137);
    let termed = exited("termed", 143);
    let handled = exited("handled", 1);
    let crashed = exited("crashed", 137);
    let setup = setup(
        vec![killed.clone(), termed.clone(), handled.clone(), crashed],
        Duration::from_secs(75),
    )
    .await;
    let at = |c: &Container| nanos(&c.started_at) + 2_000_000_000;
    for (name, container) in [
        ("killed", &killed),
        ("termed", &termed),
        ("handled", &handled),
    ] {
        setup
            .monitor
            .signalled(name, events::kill_signal(None), at(container));
    }
    assert_eq!(events::kill_signal(Some(99)), events::STOP_EVENT);
    assert_eq!(events::kill_signal(Some(15)), 15);
    let report = setup.sweep().await;
    assert_eq!(
        fingerprints(&report),
        vec!["container_exited:crashed"],
        "{report:?}"
    );
    assert_eq!(setup.restarted(), vec!["crashed"]);
}

#[tokio::test]
async fn a_container_paused_while_its_repair_is_verified_is_its_operators_decision() {
    let (setup, web, incident) = crashed_web_restarted(Vec::new()).await;
    // Up again in the run the restart began, then paused by its operator, its health check
    // failing while it is paused.
    *setup.docker.containers.lock().unwrap() = vec![Container {
        started_at: web.started_at.clone(),
        health: Some("unhealthy".to_owned()),
        ..Container::new("web", "paused", "Up 5 seconds (Paused)", None)
    }];
    for _ in 0..3 {
        setup.sweep().await;
    }
    let timeline =
        assert_resolved_saying(&setup, &incident, "was paused during the verification").await;
    assert!(
        !timeline.iter().any(|e| e.detail.contains("did not hold")),
        "{timeline:?}"
    );
    assert_eq!(setup.restarted(), vec!["web"]);
    assert!(
        setup
            .store
            .live_incident("container_exited:web")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_on_failure_policy_whose_restart_count_wrapped_is_spent_and_restarted_at_once() {
    // `on-failure:3` with a restart count a proxy relayed in 32 bits past its bound: Docker has
    // long stopped trying, so there is no wait for it. Control: 1 restart of 3, Docker's turn.
    let policy = |name: &str, count: i64| Container {
        restart_policy: Some("on-failure:3".to_owned()),
        restart_count: count,
        ..Container::new(name, "exited", "Exited (1) 2 seconds ago", Some(1))
    };
    let setup = setup(
        vec![policy("wrapped", -2_147_483_648), policy("waiting", 1)],
        Duration::from_secs(75),
    )
    .await;
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["wrapped"]);
    let (_, timeline) = setup.timeline("container_exited:waiting").await;
    assert!(
        timeline
            .iter()
            .any(|(_, detail)| detail.contains("waiting for it")),
        "{timeline:?}"
    );
}

#[tokio::test]
async fn a_dead_container_is_escalated_at_once_and_restarted_by_nothing() {
    let dead = Container::new("web", "dead", "Dead", Some(1));
    let setup = setup(vec![dead], Duration::from_secs(75)).await;
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), vec!["container_exited:web"]);
    let (state, timeline) = setup.timeline("container_exited:web").await;
    assert_eq!(state, IncidentState::Escalated, "{timeline:?}");
    assert!(
        timeline
            .iter()
            .any(|(_, detail)| detail.contains("is dead")),
        "{timeline:?}"
    );
    setup.alert(container_down("web", "d1")).await;
    for _ in 0..2 {
        setup.sweep().await;
    }
    assert!(setup.restarted().is_empty());
}

#[tokio::test]
async fn an_event_about_a_container_removed_before_the_sweep_reads_it_is_no_finding() {
    // `docker run --rm`: its `die` and `oom` come, and the container is gone by the time the
    // sweep lists the containers, named by its name or by its id alone.
    let db = Container::new("db", "running", "Up 1 hour", None);
    let setup = setup(vec![db], Duration::from_secs(75)).await;
    let at = Some(chrono::Utc::now().timestamp_nanos_opt().unwrap());
    for (action, container) in [
        ("die", "batch"),
        ("oom", "batch"),
        ("die", "0123456789abcdef0123"),
        ("health_status: unhealthy", "batch"),
    ] {
        let reads = setup.docker.reads();
        let report = setup
            .monitor
            .sweep(Trigger::Container {
                action: action.to_owned(),
                container: container.to_owned(),
                at_nanos: at,
            })
            .await
            .unwrap();
        assert!(fingerprints(&report).is_empty(), "{action}: {report:?}");
        // No waiting for a container that will never be listed: the containers read once.
        assert_eq!(setup.docker.reads(), reads + 1, "{action}");
    }
    assert!(setup.restarted().is_empty());
    // None about a container (the host's own readings are this machine's).
    let live = setup.store.live_incidents().await.unwrap();
    assert!(!live.iter().any(|i| i.kind.is_container()), "{live:?}");
}

#[tokio::test]
async fn a_held_repair_of_a_container_renamed_meanwhile_is_withdrawn_and_asked_anew() {
    let web = Container::new("web", "exited", "Exited (1) 2 seconds ago", Some(1));
    let setup = setup_with_policy(vec![web], Duration::from_secs(75), Some(GATED_WEB)).await;
    setup.sweep().await;
    let incident = setup
        .store
        .live_incident("container_exited:web")
        .await
        .unwrap()
        .unwrap()
        .id;
    let approval = approval_of(&setup, &incident).await;
    assert_eq!(approval.status, warden_protocol::ApprovalStatus::Pending);
    // `docker rename web web-old` before anyone approved; then a new `web` is created, running.
    setup.docker.containers.lock().unwrap()[0].name = "web-old".to_owned();
    setup.monitor.renamed("web", "web-old").await;
    setup.docker.containers.lock().unwrap().push(Container::new(
        "web",
        "running",
        "Up 1 second",
        None,
    ));
    let approval = setup
        .store
        .get_approval(&approval.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(approval.status, warden_protocol::ApprovalStatus::Withdrawn);
    assert!(
        approval
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("was renamed web-old")),
        "{approval:?}"
    );
    // Approving the old request restarts nothing: not the new `web`.
    let admin = ToolContext::user("admin", [Scope::Admin]);
    let decided = setup
        .guard
        .decide(&approval.id, true, &admin, None, None)
        .await
        .unwrap();
    assert!(decided.is_err(), "{decided:?}");
    // The incident follows the container and its repair is asked for its new name.
    setup.sweep().await;
    assert!(
        !setup.restarted().contains(&"web".to_owned()),
        "{:?}",
        setup.restarted()
    );
    let live = setup
        .store
        .live_incident("container_exited:web-old")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(live.id, incident);
    // Asked anew once its backoff has passed (the held request counted as an attempt).
    setup.clock.advance(Duration::from_secs(61));
    setup.sweep().await;
    let (_, timeline) = setup.store.incident(&incident).await.unwrap().unwrap();
    assert_eq!(setup.restarted(), vec!["web-old"], "{timeline:?}");
}

#[tokio::test]
async fn a_disk_alert_about_a_mount_held_in_memory_prunes_nothing() {
    // node_exporter's filesystem alert, mapped to the disk runbook: `/dev/shm` on a tmpfs is
    // filled by what programs wrote there, and pruning Docker frees nothing on it. Control: the
    // same alert about an xfs disk gets the runbook.
    let setup = setup_with(vec![], Duration::from_secs(75), None, |settings| {
        settings.alert_rules.insert(
            0,
            AlertRule {
                alertname: "NodeFilesystem*".to_owned(),
                label: "mountpoint".to_owned(),
                runbook: warden_core::monitor::AlertRunbook::ReclaimDocker,
            },
        );
    })
    .await;
    let alert = |mountpoint: &str, fstype: &str, fingerprint: &str| {
        json!({
            "status": "firing",
            "labels": {
                "alertname": "NodeFilesystemAlmostOutOfSpace", "mountpoint": mountpoint,
                "fstype": fstype, "instance": "host:9100", "device": "shm",
            },
            "annotations": {"summary": format!("{mountpoint} is full")},
            "fingerprint": fingerprint,
            "startsAt": "2026-12-03T10:00:00Z",
        })
    };
    setup
        .alert(json!({
            "version": "4", "status": "firing",
            "alerts": [alert("/dev/shm", "tmpfs", "f1"), alert("/data", "xfs", "f2")],
        }))
        .await;
    setup.sweep().await;
    let (_, shm) = setup.timeline("alert:f1").await;
    assert!(
        shm.iter()
            .any(|(_, detail)| detail.contains("/dev/shm is a tmpfs filesystem held in memory")),
        "{shm:?}"
    );
    assert!(
        !shm.iter()
            .any(|(kind, _)| *kind == IncidentEventKind::Action),
        "{shm:?}"
    );
    let (_, data) = setup.timeline("alert:f2").await;
    assert!(
        !data
            .iter()
            .any(|(_, detail)| detail.contains("held in memory")),
        "{data:?}"
    );
    assert!(
        data.iter()
            .any(|(kind, _)| *kind == IncidentEventKind::Action),
        "{data:?}"
    );
}

#[tokio::test]
async fn an_operators_restart_that_could_not_start_the_container_is_repaired_not_taken_for_a_stop()
{
    // `docker restart web` by its operator: SIGTERM, exit 143, the `stop` event, then a start
    // Docker refused (its bind mount's source is gone), which leaves the exit code and records
    // the error. The stop was followed by a start: not the operator's stop. Controls: a plain
    // `docker stop` (no error), and a restart whose command cannot run (never restarted).
    let failed = Container {
        start_error: Some(
            "error while creating mount source path '/srv/web': mkdir /srv/web: permission \
             denied"
                .to_owned(),
        ),
        ..Container::new("web", "exited", "Exited (143) 5 seconds ago", Some(143))
    };
    let stopped = Container::new("db", "exited", "Exited (143) 5 seconds ago", Some(143));
    let no_command = Container {
        start_error: Some(
            "failed to create task for container: exec: \"/app/serve\": stat /app/serve: no \
             such file or directory: unknown"
                .to_owned(),
        ),
        ..Container::new("api", "exited", "Exited (143) 5 seconds ago", Some(143))
    };
    let containers = vec![failed, stopped, no_command];
    let setup = setup(containers.clone(), Duration::from_secs(75)).await;
    for c in &containers {
        let at = nanos(&c.started_at) + 1_000_000_000;
        setup.monitor.signalled(&c.name, 15, at);
        setup
            .monitor
            .signalled(&c.name, events::STOP_EVENT, at + 1_000_000);
    }
    let report = setup.sweep().await;
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(found, vec!["container_exited:api", "container_exited:web"]);
    assert_eq!(setup.restarted(), vec!["web".to_owned()]);
    let (state, timeline) = setup.timeline("container_exited:api").await;
    assert_eq!(state, IncidentState::Escalated, "{timeline:?}");
    assert!(
        timeline
            .iter()
            .any(|(_, detail)| detail.contains("could not be started again")),
        "{timeline:?}"
    );
    // Alertmanager's `ContainerDown` about the failed restart restarts it too (its budget
    // shared), and about the stopped one restarts nothing.
    let intake = setup.alert(container_down("db", "d1")).await;
    assert_eq!(intake.opened.len(), 1);
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["web".to_owned()]);
}

#[tokio::test]
async fn a_disk_alert_about_the_mount_holding_the_daemons_own_data_root_prunes_docker() {
    // dockerd --data-root /mnt/ram/docker, a tmpfs: node_exporter's alert about /mnt/ram is
    // about the mount Docker's images fill, and the prune frees it; /var/lib/docker, on a tmpfs
    // of its own here, holds nothing of Docker's and is not pruned.
    let setup = setup_with(vec![], Duration::from_secs(75), None, |settings| {
        settings.alert_rules.insert(
            0,
            AlertRule {
                alertname: "NodeFilesystem*".to_owned(),
                label: "mountpoint".to_owned(),
                runbook: warden_core::monitor::AlertRunbook::ReclaimDocker,
            },
        );
    })
    .await;
    *setup.docker.root_dir.lock().unwrap() = Some("/mnt/ram/docker".to_owned());
    let alert = |mountpoint: &str, fingerprint: &str| {
        json!({
            "status": "firing",
            "labels": {
                "alertname": "NodeFilesystemAlmostOutOfSpace", "mountpoint": mountpoint,
                "fstype": "tmpfs", "instance": "host:9100",
            },
            "fingerprint": fingerprint,
            "startsAt": "2026-12-03T10:00:00Z",
        })
    };
    setup
        .alert(json!({
            "version": "4", "status": "firing",
            "alerts": [alert("/mnt/ram", "r1"), alert("/var/lib/docker", "r2")],
        }))
        .await;
    setup.sweep().await;
    let (_, ram) = setup.timeline("alert:r1").await;
    assert!(
        ram.iter()
            .any(|(kind, _)| *kind == IncidentEventKind::Action),
        "{ram:?}"
    );
    let (_, default_root) = setup.timeline("alert:r2").await;
    assert!(
        default_root
            .iter()
            .any(|(_, detail)| detail
                .contains("/var/lib/docker is a tmpfs filesystem held in memory")),
        "{default_root:?}"
    );
    assert!(
        !default_root
            .iter()
            .any(|(kind, _)| *kind == IncidentEventKind::Action),
        "{default_root:?}"
    );
}

#[tokio::test]
async fn a_restart_that_failed_on_a_missing_mount_source_is_repaired_by_dockers_real_values() {
    // Measured against dockerd 28.2: `docker run` with a bind mount, its source removed, then
    // `docker restart -t 1`. The events are only `kill` 15, `kill` 9, `die` (137) and `stop`;
    // inspect then shows `exited`, exit code 127 (Docker's code for any start error with "no
    // such file or directory") and the mount error. The command is fine: repaired as a crash.
    // Control: a restart whose command is not found (127 too) is reported, never restarted.
    let mount = Container {
        start_error: Some(mount_gone("/tmp/x")),
        ..Container::new("web", "exited", "Exited (127) 2 seconds ago", Some(127))
    };
    let no_command = Container {
        start_error: Some(
            "failed to create shim task: OCI runtime create failed: runc create failed: unable \
             to start container process: error during container init: exec: \"/app/serve\": \
             stat /app/serve: no such file or directory: unknown"
                .to_owned(),
        ),
        ..Container::new("api", "exited", "Exited (127) 2 seconds ago", Some(127))
    };
    let containers = vec![mount, no_command];
    let setup = setup(containers.clone(), Duration::from_secs(75)).await;
    for c in &containers {
        let at = nanos(&c.started_at) + 1_000_000_000;
        setup.monitor.signalled(&c.name, 15, at);
        setup.monitor.signalled(&c.name, 9, at + 1_000_000_000);
        setup
            .monitor
            .signalled(&c.name, events::STOP_EVENT, at + 1_001_000_000);
    }
    let report = setup
        .monitor
        .sweep(Trigger::Container {
            action: "die".to_owned(),
            container: "web".to_owned(),
            at_nanos: Some(nanos(&containers[0].started_at) + 2_000_000_000),
        })
        .await
        .unwrap();
    let mut found = fingerprints(&report);
    found.sort();
    assert_eq!(found, vec!["container_exited:api", "container_exited:web"]);
    assert_eq!(setup.restarted(), vec!["web".to_owned()]);
    let (_, web) = setup.timeline("container_exited:web").await;
    assert!(
        web.iter()
            .any(|(_, detail)| detail.contains("could not be started again")
                && detail.contains("/tmp/x")),
        "{web:?}"
    );
    let (state, api) = setup.timeline("container_exited:api").await;
    assert_eq!(state, IncidentState::Escalated, "{api:?}");
    assert!(
        api.iter()
            .any(|(_, detail)| detail.contains("its command was not found")),
        "{api:?}"
    );
    // Alertmanager's `ContainerDown` about the command that cannot run restarts nothing either.
    let intake = setup.alert(container_down("api", "a1")).await;
    assert_eq!(intake.opened.len(), 1);
    setup.sweep().await;
    assert_eq!(setup.restarted(), vec!["web".to_owned()]);
}

#[tokio::test]
async fn the_stop_event_of_a_restart_whose_start_then_fails_is_judged_at_once() {
    // `docker restart`: its `stop` event comes before the start, which fails moments later and
    // reports no event. The sweep the `stop` asks for reads again until Docker recorded the
    // failed start, and repairs it then, not at the next interval. Control: an operator's
    // `docker stop` (no start follows) is a stop, never restarted.
    let web = Container::new("web", "exited", "Exited (137) 1 second ago", Some(137));
    let db = Container::new("db", "exited", "Exited (143) 1 second ago", Some(143));
    let setup = setup(vec![web.clone(), db.clone()], Duration::from_secs(75)).await;
    for c in [&web, &db] {
        let at = nanos(&c.started_at) + 1_000_000_000;
        setup.monitor.signalled(&c.name, 15, at);
        setup
            .monitor
            .signalled(&c.name, events::STOP_EVENT, at + 1_000_000);
    }
    // Docker records the failed start by the sweep's third read (no wall-clock race: the sweep
    // waits on that condition, whatever the machine's load).
    let reads = setup.docker.reads();
    setup
        .docker
        .at_read(3, |containers| fail_start(containers, "web"));
    let stopped = |c: &Container| Trigger::Container {
        action: "stop".to_owned(),
        container: c.name.clone(),
        at_nanos: Some(nanos(&c.started_at) + 1_001_000_000),
    };
    let report = setup.monitor.sweep(stopped(&web)).await.unwrap();
    assert_eq!(setup.docker.reads(), reads + 3);
    assert_eq!(fingerprints(&report), vec!["container_exited:web"]);
    assert_eq!(setup.restarted(), vec!["web".to_owned()]);
    // The operator's stop: read again a while, then judged a stop.
    let report = setup.monitor.sweep(stopped(&db)).await.unwrap();
    assert!(
        !fingerprints(&report).contains(&"container_exited:db".to_owned()),
        "{:?}",
        fingerprints(&report)
    );
    assert_eq!(setup.restarted(), vec!["web".to_owned()]);
}

#[tokio::test]
async fn a_health_check_flapping_between_healthy_and_unhealthy_is_escalated_not_restarted_forever()
{
    // A check that fails for a minute, passes for a minute, fails again: each failure read by a
    // sweep (Docker's `health_status: unhealthy` event asks for one) is a fault, and each flap
    // back to healthy before the sweep is none. Restarted a few times, then escalated as
    // flapping: the restarts are bounded.
    let web = Container {
        health: Some("healthy".to_owned()),
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        ..Container::new("web", "running", "Up 3 years (healthy)", None)
    };
    let setup = setup(vec![web], Duration::from_secs(75)).await;
    let health = |state: &str| {
        for c in setup.docker.containers.lock().unwrap().iter_mut() {
            c.health = Some(state.to_owned());
            c.status = format!("Up 3 years ({state})");
        }
    };
    let event = |state: &str| Trigger::Container {
        action: format!("health_status: {state}"),
        container: "web".to_owned(),
        at_nanos: Some(chrono::Utc::now().timestamp_nanos_opt().unwrap()),
    };
    // Unhealthy, and healthy again before the sweep its event asked for: nothing to repair.
    health("healthy");
    let report = setup.monitor.sweep(event("unhealthy")).await.unwrap();
    assert_eq!(fingerprints(&report), Vec::<String>::new());
    assert_eq!(setup.restarted(), Vec::<String>::new());
    for _ in 0..8 {
        health("unhealthy");
        setup.monitor.sweep(event("unhealthy")).await.unwrap();
        setup.clock.advance(Duration::from_secs(100));
        health("healthy");
        setup.monitor.sweep(event("healthy")).await.unwrap();
        setup.clock.advance(Duration::from_secs(100));
        setup.sweep().await;
        setup.clock.advance(Duration::from_secs(100));
    }
    let restarts = setup.restarted().len();
    assert!(
        (1..=4).contains(&restarts),
        "a flapping check restarted {restarts} times"
    );
    // Each flap reopened the incident; past three reopenings in the hour, each new one is
    // escalated as flapping (and resolves when the check passes again), never repaired.
    let incidents = setup.store.list_incidents(None, 100).await.unwrap();
    let mut flapping = 0;
    for incident in incidents
        .iter()
        .filter(|i| i.fingerprint == "container_unhealthy:web")
    {
        let (_, events) = setup.store.incident(&incident.id).await.unwrap().unwrap();
        if events.iter().any(|e| {
            e.kind == IncidentEventKind::Escalated && e.detail.starts_with("flapping: web reopened")
        }) {
            flapping += 1;
            assert!(
                !events.iter().any(|e| e.kind == IncidentEventKind::Action),
                "{events:?}"
            );
        }
    }
    assert!(flapping >= 2, "{incidents:?}");
}

#[tokio::test]
async fn a_compose_service_scaled_to_zero_restarts_nothing_not_even_a_one_off_run_of_it() {
    // `docker compose up --scale worker=0`: its containers are stopped (`kill`, `die`, `stop`)
    // and removed. Beside it, `docker compose run worker migrate` runs a one-off container with
    // the service's label. An alert about the service, the sweep its `stop` asks for: nothing
    // restarted, the one-off task not started over.
    let oneoff = Container {
        compose: Some(("shop".to_owned(), "worker".to_owned())),
        extra_labels: vec![("com.docker.compose.oneoff".to_owned(), "True".to_owned())],
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        ..Container::new("shop-worker-run-3f2a1b", "running", "Up 2 minutes", None)
    };
    let api = Container {
        compose: Some(("shop".to_owned(), "api".to_owned())),
        started_at: "2020-01-01T00:00:00Z".to_owned(),
        ..Container::new("shop-api-1", "running", "Up 3 years", None)
    };
    let setup = setup(vec![oneoff, api], Duration::from_secs(75)).await;
    // The scaled-down replica, stopped and already removed when the sweep reads.
    let at = chrono::Utc::now().timestamp_nanos_opt().unwrap();
    setup.monitor.signalled("shop-worker-1", 15, at);
    setup
        .monitor
        .signalled("shop-worker-1", events::STOP_EVENT, at + 1_000_000);
    let reads = setup.docker.reads();
    let report = setup
        .monitor
        .sweep(Trigger::Container {
            action: "stop".to_owned(),
            container: "shop-worker-1".to_owned(),
            at_nanos: Some(at + 1_000_000),
        })
        .await
        .unwrap();
    // Nothing to wait for: the container is gone, so the sweep read the containers once (not
    // a wall-clock bound, which a loaded machine can pass or miss either way).
    assert_eq!(setup.docker.reads(), reads + 1);
    assert!(
        !fingerprints(&report)
            .iter()
            .any(|f| f.contains("shop-worker-1")),
        "{:?}",
        fingerprints(&report)
    );
    setup
        .alert(labelled_down(
            "s1",
            json!({"com_docker_compose_service": "worker", "com_docker_compose_project": "shop"}),
        ))
        .await;
    setup
        .alert(labelled_down(
            "s2",
            json!({"com_docker_compose_service": "worker"}),
        ))
        .await;
    setup.sweep().await;
    assert!(
        !setup
            .restarted()
            .contains(&"shop-worker-run-3f2a1b".to_owned()),
        "{:?}",
        setup.restarted()
    );
    for fingerprint in ["alert:s1", "alert:s2"] {
        let (_, timeline) = setup.timeline(fingerprint).await;
        assert!(
            timeline
                .iter()
                .any(|(_, detail)| detail.contains("no container of Compose service worker")),
            "{fingerprint}: {timeline:?}"
        );
    }
}

/// An Alertmanager delivery (webhook version 4) firing one `ContainerDown` alert with these
/// labels, started 30 s ago and not ended.
fn labelled_down(fingerprint: &str, mut labels: Value) -> Value {
    labels["alertname"] = json!("ContainerDown");
    json!({
        "version": "4", "status": "firing",
        "alerts": [{
            "status": "firing", "labels": labels, "fingerprint": fingerprint,
            "startsAt": (chrono::Utc::now() - chrono::Duration::seconds(30)).to_rfc3339(),
            "endsAt": "0001-01-01T00:00:00Z",
        }],
    })
}

#[tokio::test]
async fn a_compose_one_off_run_is_never_restarted_and_its_exit_is_reported_as_one() {
    // `docker compose run worker migrate`: Compose labels the container
    // `com.docker.compose.oneoff=True` (the key and value read in any case) beside the
    // service's own labels, opt-in included. Its task ran once: it failed, and a restart would
    // run it again. Control: the service's replica (`oneoff=False`) is restarted.
    let run = |name: &str, key: &str, value: &str| Container {
        compose: Some(("shop".to_owned(), "worker".to_owned())),
        extra_labels: vec![(key.to_owned(), value.to_owned())],
        ..Container::new(name, "exited", "Exited (1) 2 seconds ago", Some(1))
    };
    let containers = vec![
        run("shop-worker-run-1", "com.docker.compose.oneoff", "True"),
        run("shop-worker-run-2", "com.docker.compose.oneoff", "true"),
        run("shop-worker-run-3", "Com.Docker.Compose.OneOff", " TRUE "),
        run("shop-worker-1", "com.docker.compose.oneoff", "False"),
    ];
    let setup = setup(containers, Duration::from_secs(75)).await;
    let report = setup.sweep().await;
    assert_eq!(
        sorted_fingerprints(&report),
        vec![
            "container_exited:shop-worker-1",
            "container_exited:shop-worker-run-1",
            "container_exited:shop-worker-run-2",
            "container_exited:shop-worker-run-3",
        ]
    );
    assert_eq!(setup.restarted(), vec!["shop-worker-1".to_owned()]);
    for one_off in [
        "shop-worker-run-1",
        "shop-worker-run-2",
        "shop-worker-run-3",
    ] {
        let (state, timeline) = setup.timeline(&format!("container_exited:{one_off}")).await;
        assert_eq!(state, IncidentState::Escalated, "{timeline:?}");
        assert!(
            timeline
                .iter()
                .any(|(kind, detail)| *kind == IncidentEventKind::Escalated
                    && detail.contains(&format!(
                        "container {one_off} is a one-off run (docker compose run"
                    ))
                    && detail.contains("not restarted")),
            "{timeline:?}"
        );
    }
    // Alertmanager's `ContainerDown` about one restarts nothing either, saying why.
    setup.alert(container_down("shop-worker-run-1", "o1")).await;
    for _ in 0..2 {
        setup.clock.advance(Duration::from_secs(3600));
        setup.sweep().await;
    }
    // The replica is retried (the scripted restart leaves it exited); no one-off ever is.
    let restarted = setup.restarted();
    assert!(
        !restarted.is_empty() && restarted.iter().all(|name| name == "shop-worker-1"),
        "{restarted:?}"
    );
    let (_, timeline) = setup.timeline("alert:o1").await;
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Note
                && detail.contains("is a one-off run (docker compose run")),
        "{timeline:?}"
    );
}

/// A `stop` event of `container` (`docker stop`, or `docker restart`'s before its start), a
/// second after its run began.
fn stop_event(container: &Container) -> Trigger {
    Trigger::Container {
        action: "stop".to_owned(),
        container: container.name.clone(),
        at_nanos: Some(nanos(&container.started_at) + 1_001_000_000),
    }
}

/// Remembers the SIGTERM and the `stop` event of a stop of `container` a second after its run
/// began.
fn stopped(setup: &Setup, container: &Container) {
    let at = nanos(&container.started_at) + 1_000_000_000;
    setup.monitor.signalled(&container.name, 15, at);
    setup
        .monitor
        .signalled(&container.name, events::STOP_EVENT, at + 1_000_000);
}

/// The sweep the queue merges `triggers` into when a burst passes its bound (the first a
/// `stop`): their `die` and `stop` events kept.
fn merged(triggers: Vec<Trigger>) -> Trigger {
    let Trigger::Container { action, .. } = &triggers[0] else {
        panic!("{triggers:?}");
    };
    assert_eq!(action, "stop");
    let exits = |action: &str| {
        triggers
            .iter()
            .filter_map(|t| {
                if let Trigger::Container {
                    action: a,
                    container,
                    at_nanos,
                } = t
                    && a == action
                {
                    Some(events::Exit {
                        container: container.clone(),
                        at_nanos: *at_nanos,
                    })
                } else {
                    None
                }
            })
            .collect::<Vec<_>>()
    };
    Trigger::Events {
        events: triggers.len(),
        oom: Vec::new(),
        exits: exits("die"),
        stops: exits("stop"),
    }
}

#[tokio::test]
async fn merged_stop_events_wait_for_the_start_and_a_die_elsewhere_is_judged_at_once() {
    // A burst past the queue merges `docker restart web` (its start then fails) and `docker
    // stop db`: the merged sweep waits for web's start as the sweep of one `stop` does, and
    // repairs web once Docker recorded why its start failed; db is its operator's stop.
    let web = Container::new("web", "exited", "Exited (143) 1 second ago", Some(143));
    let db = Container::new("db", "exited", "Exited (143) 1 second ago", Some(143));
    let cache = Container::new("cache", "running", "Up 1 minute", None);
    let setup = setup(
        vec![web.clone(), db.clone(), cache.clone()],
        Duration::from_secs(75),
    )
    .await;
    stopped(&setup, &web);
    stopped(&setup, &db);
    let reads = setup.docker.reads();
    setup
        .docker
        .at_read(3, |containers| fail_start(containers, "web"));
    let report = setup
        .monitor
        .sweep(merged(vec![stop_event(&web), stop_event(&db)]))
        .await
        .unwrap();
    // Read again past the third read (db's start never comes: the whole wait).
    assert!(setup.docker.reads() > reads + 3, "{}", setup.docker.reads());
    assert_eq!(fingerprints(&report), vec!["container_exited:web"]);
    assert_eq!(setup.restarted(), vec!["web".to_owned()]);
    // Warden's restart of web worked: a new run.
    for listed in setup.docker.containers.lock().unwrap().iter_mut() {
        if listed.name == "web" {
            *listed = Container {
                started_at: chrono::Utc::now().to_rfc3339(),
                ..Container::new("web", "running", "Up 1 second", None)
            };
        }
    }

    // Another burst: `docker stop db` again, and cache crashing (its `die`). The wait for db's
    // start ends at once: cache's crash is judged and repaired now, not after the wait, and a
    // follow-up sweep is due when the wait would have ended.
    {
        let mut containers = setup.docker.containers.lock().unwrap();
        let listed = containers.iter_mut().find(|c| c.name == "cache").unwrap();
        listed.state = "exited".to_owned();
        listed.status = "Exited (1) 1 second ago".to_owned();
        listed.exit_code = Some(1);
    }
    let died = Trigger::Container {
        action: "die".to_owned(),
        container: "cache".to_owned(),
        at_nanos: Some(nanos(&cache.started_at) + 2_000_000_000),
    };
    let reads = setup.docker.reads();
    let before = std::time::Instant::now();
    let report = setup
        .monitor
        .sweep(merged(vec![stop_event(&db), died]))
        .await
        .unwrap();
    assert_eq!(setup.docker.reads(), reads + 1);
    assert_eq!(fingerprints(&report), vec!["container_exited:cache"]);
    assert_eq!(
        setup.restarted(),
        vec!["web".to_owned(), "cache".to_owned()]
    );
    let due = setup.monitor.next_due().expect("a follow-up sweep is due");
    assert!(due >= before && due <= std::time::Instant::now() + Duration::from_secs(2));
    // The follow-up reads db when the wait would have ended: its start failed meanwhile (a
    // `docker restart`, its start refused), so it is repaired, not left as stopped.
    {
        let mut containers = setup.docker.containers.lock().unwrap();
        fail_start(&mut containers, "db");
    }
    let report = setup.monitor.sweep(Trigger::FollowUp).await.unwrap();
    assert!(
        fingerprints(&report).contains(&"container_exited:db".to_owned()),
        "{:?}",
        fingerprints(&report)
    );
    assert!(setup.restarted().contains(&"db".to_owned()));
}

#[tokio::test]
async fn a_die_elsewhere_while_a_sweep_waits_for_a_stopped_container_s_start_is_judged_at_once() {
    // The sweep of one `stop` (db's operator's `docker stop`: no start comes) is reading
    // again, and cache crashes meanwhile: the wait ends at the read that shows it, cache is
    // repaired at once, and a follow-up sweep reads db when the wait would have ended.
    let db = Container::new("db", "exited", "Exited (143) 1 second ago", Some(143));
    let cache = Container::new("cache", "running", "Up 1 minute", None);
    let setup = setup(vec![db.clone(), cache], Duration::from_secs(75)).await;
    stopped(&setup, &db);
    let reads = setup.docker.reads();
    setup.docker.at_read(2, |containers| {
        let listed = containers.iter_mut().find(|c| c.name == "cache").unwrap();
        listed.state = "exited".to_owned();
        listed.status = "Exited (1) 1 second ago".to_owned();
        listed.exit_code = Some(1);
    });
    let report = setup.monitor.sweep(stop_event(&db)).await.unwrap();
    assert_eq!(setup.docker.reads(), reads + 2);
    assert_eq!(fingerprints(&report), vec!["container_exited:cache"]);
    assert_eq!(setup.restarted(), vec!["cache".to_owned()]);
    assert!(setup.monitor.next_due().is_some());
    // db, read by the follow-up: its operator's stop, never restarted.
    let report = setup.monitor.sweep(Trigger::FollowUp).await.unwrap();
    assert!(
        !fingerprints(&report).contains(&"container_exited:db".to_owned()),
        "{:?}",
        fingerprints(&report)
    );
    assert_eq!(setup.restarted(), vec!["cache".to_owned()]);
}

/// `db`, not opted in to restarts and unhealthy (its incident open), is stopped (`docker
/// restart db` or `docker stop db`: exited 143, its `stop` event), and `cache` crashes in the
/// same moment. Returns the setup, db and cache.
async fn stopped_db_beside_a_crashing_cache() -> (Setup, Container, Container) {
    let db = Container {
        autoheal: false,
        health: Some("unhealthy".to_owned()),
        ..Container::new("db", "running", "Up 1 minute (unhealthy)", None)
    };
    let cache = Container::new("cache", "running", "Up 1 minute", None);
    let setup = setup(vec![db.clone(), cache.clone()], Duration::from_secs(75)).await;
    let report = setup.sweep().await;
    assert_eq!(fingerprints(&report), vec!["container_unhealthy:db"]);
    {
        let mut containers = setup.docker.containers.lock().unwrap();
        let listed = containers.iter_mut().find(|c| c.name == "db").unwrap();
        listed.state = "exited".to_owned();
        listed.status = "Exited (143) 1 second ago".to_owned();
        listed.exit_code = Some(143);
        listed.health = None;
    }
    stopped(&setup, &db);
    (setup, db, cache)
}

fn crash(containers: &mut [Container], name: &str) {
    let listed = containers.iter_mut().find(|c| c.name == name).unwrap();
    listed.state = "exited".to_owned();
    listed.status = "Exited (1) 1 second ago".to_owned();
    listed.exit_code = Some(1);
}

/// The sweep of `stopped`'s `stop` event merged with `crashed`'s `die` (`crashed` listed
/// exited by then), as a burst past the queue's bound merges them.
async fn stop_merged_with_a_crash(
    setup: &Setup,
    stopped: &Container,
    crashed: &Container,
) -> SweepReport {
    crash(&mut setup.docker.containers.lock().unwrap(), &crashed.name);
    let died = Trigger::Container {
        action: "die".to_owned(),
        container: crashed.name.clone(),
        at_nanos: Some(nanos(&crashed.started_at) + 2_000_000_000),
    };
    setup
        .monitor
        .sweep(merged(vec![stop_event(stopped), died]))
        .await
        .unwrap()
}

/// After the sweep whose wait for db's start was cut short by cache's crash: cache repaired at
/// once, db not judged (its incident still open, not closed as its operator's stop), a
/// follow-up due when the wait would have ended; a sweep before then leaves db unjudged too.
/// Returns when the follow-up is due.
async fn db_judged_later(setup: &Setup, report: &SweepReport) -> std::time::Instant {
    assert_eq!(fingerprints(report), vec!["container_exited:cache"]);
    assert_eq!(setup.restarted(), vec!["cache".to_owned()]);
    let due = setup.monitor.next_due().expect("a follow-up sweep is due");
    for report in [report, &setup.sweep().await] {
        assert!(
            report.resolved.is_empty() && report.escalated.is_empty(),
            "{report:?}"
        );
        let (state, timeline) = setup.timeline("container_unhealthy:db").await;
        assert_eq!(state, IncidentState::Open, "{timeline:?}");
    }
    assert_eq!(setup.monitor.next_due(), Some(due));
    due
}

#[tokio::test]
async fn a_stopped_container_whose_wait_a_die_in_the_same_burst_cut_short_is_judged_by_the_follow_up()
 {
    // `docker restart db` (its start to fail a moment later) merged with cache's `die`: the
    // wait for db's start ends at once, and db is judged by the follow-up sweep, which finds
    // its failed start, not by this sweep as its operator's stop.
    let (setup, db, cache) = stopped_db_beside_a_crashing_cache().await;
    let report = stop_merged_with_a_crash(&setup, &db, &cache).await;
    let due = db_judged_later(&setup, &report).await;
    fail_start(&mut setup.docker.containers.lock().unwrap(), "db");
    tokio::time::sleep(due.saturating_duration_since(std::time::Instant::now())).await;
    let report = setup.monitor.sweep(Trigger::FollowUp).await.unwrap();
    assert!(
        fingerprints(&report).contains(&"container_exited:db".to_owned()),
        "{report:?}"
    );
    let (_, timeline) = setup.timeline("container_exited:db").await;
    assert!(
        timeline
            .iter()
            .all(|(_, detail)| !detail.contains("stopped by its operator")),
        "{timeline:?}"
    );
}

#[tokio::test]
async fn a_stopped_container_whose_wait_a_die_during_it_cut_short_is_judged_by_the_follow_up() {
    // `docker stop db`, and cache crashes while the sweep reads db again: the wait ends at the
    // read that shows it, and db is judged by the follow-up sweep once the wait would have
    // ended: no start came, its operator's stop.
    let (setup, db, _) = stopped_db_beside_a_crashing_cache().await;
    let reads = setup.docker.reads();
    setup
        .docker
        .at_read(2, |containers| crash(containers, "cache"));
    let report = setup.monitor.sweep(stop_event(&db)).await.unwrap();
    assert_eq!(setup.docker.reads(), reads + 2);
    let due = db_judged_later(&setup, &report).await;
    tokio::time::sleep(due.saturating_duration_since(std::time::Instant::now())).await;
    let report = setup.monitor.sweep(Trigger::FollowUp).await.unwrap();
    assert!(
        !fingerprints(&report).contains(&"container_exited:db".to_owned()),
        "{report:?}"
    );
    let live = setup
        .store
        .live_incident("container_unhealthy:db")
        .await
        .unwrap();
    assert!(live.is_none(), "{live:?}");
    let all = setup.store.list_incidents(None, 50).await.unwrap();
    let closed = all
        .iter()
        .find(|i| i.fingerprint == "container_unhealthy:db")
        .unwrap();
    assert_closed_as_operators_stop(&setup, &closed.id).await;
}

#[tokio::test]
async fn an_alert_about_a_stopped_container_whose_wait_was_cut_short_waits_for_the_follow_up() {
    // `docker stop db` merged with cache's `die`, and Prometheus's `ContainerDown` about db
    // open: the sweep that cannot yet tell db's stop from a restart's start still to come
    // leaves the alert alone (nothing noted about db); the follow-up, no start having come,
    // notes its operator's stop.
    let (setup, db, cache) = stopped_db_beside_a_crashing_cache().await;
    let intake = setup.alert(container_down("db", "d1")).await;
    assert_eq!(intake.opened.len(), 1, "{intake:?}");
    let (_, before) = setup.timeline("alert:d1").await;
    let report = stop_merged_with_a_crash(&setup, &db, &cache).await;
    let due = db_judged_later(&setup, &report).await;
    let (state, timeline) = setup.timeline("alert:d1").await;
    assert_eq!(state, IncidentState::Open, "{timeline:?}");
    assert_eq!(timeline, before, "judged before the follow-up");
    tokio::time::sleep(due.saturating_duration_since(std::time::Instant::now())).await;
    setup.monitor.sweep(Trigger::FollowUp).await.unwrap();
    let (_, timeline) = setup.timeline("alert:d1").await;
    assert!(
        timeline
            .iter()
            .any(|(kind, detail)| *kind == IncidentEventKind::Note
                && detail.contains("container db was stopped (signal 15")),
        "{timeline:?}"
    );
    assert_eq!(setup.restarted(), vec!["cache".to_owned()]);
}

#[tokio::test]
async fn a_repair_being_verified_whose_container_stopped_with_its_wait_cut_short_waits_for_the_follow_up()
 {
    // web crashed and was restarted; while that repair is verified, `docker restart web` (its
    // start to fail a moment later) merges with cache's `die`. The sweep does not end the
    // verification as its operator's stop; the follow-up finds the failed start.
    let cache = Container::new("cache", "running", "Up 1 minute", None);
    let (setup, web, incident) = crashed_web_restarted(vec![cache.clone()]).await;
    // Up again in the run the restart began, then stopped.
    {
        let mut containers = setup.docker.containers.lock().unwrap();
        let listed = containers.iter_mut().find(|c| c.name == "web").unwrap();
        listed.state = "exited".to_owned();
        listed.status = "Exited (143) 1 second ago".to_owned();
        listed.exit_code = Some(143);
    }
    stopped(&setup, &web);
    let report = stop_merged_with_a_crash(&setup, &web, &cache).await;
    assert!(
        report.resolved.is_empty() && report.escalated.is_empty(),
        "{report:?}"
    );
    let due = setup.monitor.next_due().expect("a follow-up sweep is due");
    let (state, timeline) = setup.timeline("container_exited:web").await;
    assert_eq!(state, IncidentState::Repairing, "{timeline:?}");
    assert!(
        timeline
            .iter()
            .all(|(_, detail)| !detail.contains("stopped during the verification")),
        "{timeline:?}"
    );
    fail_start(&mut setup.docker.containers.lock().unwrap(), "web");
    tokio::time::sleep(due.saturating_duration_since(std::time::Instant::now())).await;
    setup.monitor.sweep(Trigger::FollowUp).await.unwrap();
    let (_, events) = setup.store.incident(&incident).await.unwrap().unwrap();
    assert!(
        events
            .iter()
            .all(|e| !e.detail.contains("a stop is its operator's decision")),
        "{events:?}"
    );
    // The follow-up reads the failed start: the repair did not hold, retried on its backoff.
    assert!(
        events
            .iter()
            .any(|e| e.kind == IncidentEventKind::Verification
                && e.detail
                    .starts_with("did not hold: container web exited with code 127")
                && e.detail.contains("so the exit is no operator's stop")),
        "{events:?}"
    );
}
