//! The self-healing monitor: a sweep every interval, at once on a Docker event or an alert, and
//! on demand. A sweep reads the host through the guard, turns readings into findings (thresholds
//! with hysteresis), keeps one incident per fingerprint with its timeline, tries the runbook for
//! what it can repair (within the target's budget, through the guard), verifies by reading
//! again, resolves what has cleared and escalates what it may not repair any more.

mod actor;
mod alert_labels;
mod alert_repairs;
pub mod alerts;
mod disk_fit;
mod evaluate;
mod event_ids;
pub mod events;
mod faults;
mod flapping;
pub mod fleet;
mod gauges;
mod gpu_acks;
mod gpu_readings;
mod hogs;
mod incidents;
pub mod learning;
pub mod model;
mod pending;
mod probes;
mod readings;
mod remote;
mod renames;
mod report;
mod restart_policy;
mod runbooks;
mod schedule;
mod start_failures;
mod stop_waits;
mod verify;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Mutex, mpsc};
use warden_protocol::{FindingKind, Scope, ScopeSet, SweepStatus};
use warden_store::{Store, StoreError, SweepRecord};
use warden_tool_api::{Actor, ToolContext};

pub use actor::{Command, Commands, MonitorHandle, channel, run};
pub use alerts::{AlertRule, AlertRunbook};
pub use evaluate::{Finding, Levels, Severity, Thresholds, fingerprint, level};
pub use faults::{ContainerFault, container_fault};
pub use flapping::Flapping;
pub use hogs::Runaway;
pub use readings::{AUTOHEAL_LABEL, Readings};
pub use report::{Listed, SweepReport};
pub use runbooks::{Allowance, Budget, allowance};

use crate::guard::Guard;

#[derive(Debug, Clone)]
pub struct MonitorSettings {
    pub interval: Duration,
    pub thresholds: Thresholds,
    /// Containers restarted after a crash besides those labelled `autoheal_label=true`.
    pub autoheal: Vec<String>,
    /// The opt-in label (default `warden.autoheal`); several Wardens on one Docker host can
    /// each use their own.
    pub autoheal_label: String,
    /// Only containers with this label (`key` or `key=value`) are watched; None: all.
    pub watch_label: Option<String>,
    /// The disk runbook reclaims only dangling images with this label (`key` or `key=value`) and
    /// leaves the build cache, whose entries have no labels, alone; None: both, all of them.
    pub prune_label: Option<String>,
    /// Only these mount points are watched; empty: every real filesystem.
    pub disk_mounts: Vec<String>,
    /// Configured SSH hosts (by name) whose load, memory and disks are read each sweep.
    pub ssh_hosts: Vec<String>,
    pub budget: Budget,
    /// How long after a repair the monitor first reads again, and how often it reads while it
    /// verifies.
    pub verify_after: Duration,
    /// How long a repaired container must stay up (running, not restarted, its health check not
    /// failing) before the repair counts as held. Other repairs hold when their finding is gone.
    pub verify_hold: Duration,
    /// A target whose incidents reopen this often is escalated as flapping.
    pub flapping: Flapping,
    /// Alert labels mapped to targets and runbooks.
    pub alert_rules: Vec<AlertRule>,
    /// The runaway-process runbook, when on: `process_kill` (a human decides, by policy).
    pub runaway: Option<Runaway>,
    /// Whether a GPU whose memory is full gets its largest process killed (`process_kill`).
    pub gpu_hog_kill: bool,
    /// Whether Ollama models left loaded past their keep-alive are unloaded (`ollama_unload`).
    pub ollama_unload_stuck: bool,
    /// Whether to read GPUs (NVML).
    pub gpus: bool,
    /// How long sweeps are kept for history.
    pub history: Duration,
    /// A plain JSON webhook told of incidents (the first notification setting, kept so existing
    /// callers work). The server folds `monitor.webhook` into its notifier and passes None; set
    /// channels with [`Monitor::with_notifier`].
    pub webhook_url: Option<String>,
}

impl Default for MonitorSettings {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(300),
            thresholds: Thresholds::default(),
            autoheal: Vec::new(),
            autoheal_label: AUTOHEAL_LABEL.to_owned(),
            watch_label: None,
            prune_label: None,
            disk_mounts: Vec::new(),
            ssh_hosts: Vec::new(),
            budget: Budget::default(),
            verify_after: Duration::from_secs(5),
            verify_hold: Duration::from_secs(30),
            flapping: Flapping::default(),
            alert_rules: AlertRule::defaults(),
            runaway: None,
            gpu_hog_kill: false,
            ollama_unload_stuck: false,
            gpus: true,
            history: Duration::from_secs(7 * 24 * 3600),
            webhook_url: None,
        }
    }
}

/// Why a sweep ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    Interval,
    Manual,
    Alert,
    /// A retry or a verification that came due.
    FollowUp,
    /// A Docker event: the action (`die`, `oom`, `health_status: unhealthy`), the container,
    /// and when the daemon saw it (nanoseconds, its clock), when it said.
    Container {
        action: String,
        container: String,
        at_nanos: Option<i64>,
    },
    /// A `kill` event: `signal` sent to `container` at `at_nanos` (the daemon's clock), or a
    /// `stop` event ([`events::STOP_EVENT`]: `docker stop` ended it). Only remembered (see
    /// [`events::Signals`]); it starts no sweep.
    Signal {
        container: String,
        signal: i64,
        at_nanos: i64,
    },
    /// The Docker event stream was taken up again after it ended: what happened between was
    /// not seen.
    Resubscribed,
    /// The Docker event stream ended: signals are missed until it is taken up again. Only
    /// remembered; it starts no sweep.
    StreamEnded,
    /// `docker rename`: the container `from` is called `to` now. Its incidents, repairs and
    /// signals follow it; it starts no sweep.
    Renamed {
        from: String,
        to: String,
    },
    /// Requests coalesced past the queue's bound: `events` of them, with the containers they
    /// reported killed for memory (`oom`), those they reported exited (`die`) and those they
    /// reported stopped (`stop`: a `docker restart`'s start may still come), with when.
    Events {
        events: usize,
        oom: Vec<events::Exit>,
        exits: Vec<events::Exit>,
        stops: Vec<events::Exit>,
    },
}

impl Trigger {
    fn label(&self) -> String {
        match self {
            Trigger::Interval => "interval".to_owned(),
            Trigger::Manual => "manual".to_owned(),
            Trigger::Alert => "alert".to_owned(),
            Trigger::FollowUp => "follow_up".to_owned(),
            Trigger::Container {
                action, container, ..
            } => format!("event:{action}:{container}"),
            Trigger::Signal {
                container, signal, ..
            } => format!("event:kill:{signal}:{container}"),
            Trigger::Resubscribed => "event_stream_resumed".to_owned(),
            Trigger::StreamEnded => "event_stream_ended".to_owned(),
            Trigger::Renamed { from, to } => format!("event:rename:{from}:{to}"),
            Trigger::Events { events, .. } => format!("events:{events}"),
        }
    }
}

pub struct Monitor {
    guard: Arc<Guard>,
    store: Store,
    settings: MonitorSettings,
    context: ToolContext,
    /// Last sweep's severities, for hysteresis. One sweep at a time holds it.
    previous: Mutex<HashMap<String, Severity>>,
    notifier: warden_notify::Notifier,
    metrics: Option<warden_metrics::Metrics>,
    /// Where repairs no runbook covers go, when a model is configured.
    model_jobs: Option<mpsc::Sender<model::ModelJob>>,
    /// Incidents the repair model is working on.
    model_busy: std::sync::Mutex<std::collections::HashSet<String>>,
    /// Runaway candidates: over-threshold sweeps in a row, by target.
    streaks: std::sync::Mutex<HashMap<String, u32>>,
    /// Repairs being verified, by incident id.
    verifying: std::sync::Mutex<HashMap<String, verify::Verifying>>,
    /// When the next retry or verification read is due, and a nudge for the actor when that
    /// changes between sweeps.
    schedule: schedule::Schedule,
    /// The fleet's agents, swept with the rest when the hub has a fleet.
    fleet: Option<Arc<dyn fleet::FleetReadings>>,
    /// Where fixes are remembered and when they are proposed as runbooks.
    learning: learning::Learning,
    /// Signals the event stream reported sent to containers (a stop under way or done).
    signals: std::sync::Mutex<events::Signals>,
    /// Crashed containers' repairs waiting for Docker's restart policy, by incident.
    policy_waits: std::sync::Mutex<restart_policy::PolicyWaits>,
    /// GPUs earlier sweeps read: one missing from a later count is lost.
    gpus_seen: std::sync::Mutex<gpu_readings::GpusSeen>,
    /// Acknowledgements of GPU incidents acted on (incident id and when it was acknowledged).
    gpu_acks: std::sync::Mutex<std::collections::HashSet<String>>,
    /// Stopped containers whose judgement waits for the end of a wait for their start that
    /// another container's change cut short.
    stop_waits: std::sync::Mutex<stop_waits::StopWaits>,
}

/// How often, and how far apart, the monitor reads again after a `die` event while the daemon
/// still lists the container as running (or after a `stop`, while its start may still come).
const EVENT_SETTLE_READS: u32 = 10;
const EVENT_SETTLE_PAUSE: Duration = Duration::from_millis(200);

/// The overall status of a set of findings.
pub fn status_of(findings: &[Finding]) -> SweepStatus {
    SweepStatus::from(findings.iter().map(|f| f.severity).max())
}

impl Monitor {
    /// Now in Unix seconds, by the guard's clock: incident windows, retries and stamps move with
    /// it in tests.
    fn now(&self) -> i64 {
        self.guard.clock().now()
    }

    pub fn new(guard: Arc<Guard>, store: Store, settings: MonitorSettings) -> Self {
        let notifier = match settings.webhook_url.as_deref() {
            Some(url) => warden_notify::Notifier::start(
                vec![warden_notify::legacy_channel(
                    "monitor_webhook",
                    url,
                    &[
                        warden_notify::EventKind::IncidentOpened,
                        warden_notify::EventKind::IncidentEscalated,
                        warden_notify::EventKind::IncidentResolved,
                    ],
                )],
                &warden_notify::NotifySettings::default(),
                None,
            ),
            None => warden_notify::Notifier::disabled(),
        };
        Self {
            guard,
            store,
            settings,
            context: ToolContext {
                actor: Actor::Monitor,
                scopes: ScopeSet::new([Scope::Read, Scope::Write, Scope::Execute]),
                sandbox: None,
                host: Default::default(),
                run_id: None,
                started_by: None,
            },
            previous: Mutex::new(HashMap::new()),
            notifier,
            metrics: None,
            model_jobs: None,
            model_busy: std::sync::Mutex::new(std::collections::HashSet::new()),
            learning: learning::Learning {
                memory: None,
                propose_after: 3,
            },
            verifying: std::sync::Mutex::new(HashMap::new()),
            streaks: std::sync::Mutex::new(HashMap::new()),
            schedule: schedule::Schedule::default(),
            fleet: None,
            policy_waits: std::sync::Mutex::new(restart_policy::PolicyWaits::default()),
            gpus_seen: std::sync::Mutex::new(gpu_readings::GpusSeen::default()),
            gpu_acks: std::sync::Mutex::new(std::collections::HashSet::new()),
            stop_waits: std::sync::Mutex::new(stop_waits::StopWaits::default()),
            signals: std::sync::Mutex::new({
                // The event watcher subscribes as the monitor starts; a run begun before then
                // may have had its stop signal sent unseen.
                let mut signals = events::Signals::default();
                signals.watching(watch_start());
                signals
            }),
        }
    }

    /// Remembers a signal sent to a container (a `kill` event): its exit by its own stop signal
    /// is then an operator's stop, and its health failing while it shuts down no fault.
    pub fn signalled(&self, container: &str, signal: i64, at_nanos: i64) {
        // Learned now, but no later than a little after it was sent: a signal read back from
        // Docker's history (a `docker kill -s TERM` hours before Warden started) is no stop that
        // began now, and its container, still running, is not taken for one shutting down for
        // the next hour ([`events::stopping_grace_secs`]). A daemon's clock a little behind
        // changes nothing.
        let sent = (at_nanos / 1_000_000_000).saturating_add(events::STOPPING_GRACE_SECS);
        let received = self.now().min(sent);
        if let Ok(mut signals) = self.signals.lock() {
            signals.record(container, signal, at_nanos, received);
        }
    }

    /// A repair restarted `container` (`docker_restart`) from `from_nanos` to `until_nanos`:
    /// the signals Docker sent it meanwhile are the restart's, no operator's stop (see
    /// [`events::Signals::restarting`]).
    pub fn restarted_by_repair(&self, container: &str, from_nanos: i64, until_nanos: i64) {
        if let Ok(mut signals) = self.signals.lock() {
            signals.restarting(container, from_nanos, until_nanos);
        }
    }

    /// The Docker event stream is followed (again) from now: a run begun from now on whose stop
    /// signal was not seen was not sent one.
    pub fn stream_resumed(&self) {
        if let Ok(mut signals) = self.signals.lock() {
            signals.watching(watch_start());
        }
    }

    /// The Docker event stream ended: a signal sent until it is followed again is missed.
    pub fn stream_ended(&self) {
        if let Ok(mut signals) = self.signals.lock() {
            signals.unwatched();
        }
    }

    /// Seeds what the monitor knows from Docker's recent events, read back as it starts
    /// following them (see [`events::replayed`]): a stop signal sent just before (a `docker
    /// stop` or `docker kill` while Warden was down or starting) is remembered at once, so the
    /// exit it causes is taken for that stop. What else asks for a sweep (an `oom`) is returned,
    /// to be sent as requests.
    pub fn replay(&self, recent: &[events::Recent]) -> Vec<Trigger> {
        events::replayed(recent, unix_nanos())
            .into_iter()
            .filter(|trigger| {
                if let Trigger::Signal {
                    container,
                    signal,
                    at_nanos,
                } = trigger
                {
                    self.signalled(container, *signal, *at_nanos);
                    return false;
                }
                true
            })
            .collect()
    }

    /// Whether each listed container's current run was sent a signal that stops it; signals of
    /// removed containers and earlier runs are forgotten.
    fn stops(&self, readings: &Readings) -> HashMap<String, events::Stop> {
        let now = self.now();
        let Ok(mut signals) = self.signals.lock() else {
            return HashMap::new();
        };
        if readings.docker.reachable {
            signals.prune(&readings.docker.containers);
        }
        readings
            .docker
            .containers
            .iter()
            .map(|c| (c.name.clone(), signals.stop(c, now)))
            .filter(|(_, stop)| *stop != events::Stop::None)
            .collect()
    }

    /// Whether the sweep under way leaves `container` unjudged: stopped, its wait for a start
    /// cut short by another container's change, that wait not over (see [`stop_waits`]).
    fn judged_later(&self, container: &str) -> bool {
        self.stop_waits
            .lock()
            .is_ok_and(|waits| waits.judged_later(container))
    }

    /// Whether one of the monitor's own restarts of `container` began after its current (or
    /// last) run started (see [`events::Signals::restarted_since_start`]).
    fn restarted_by_warden(&self, container: &readings::ContainerReading) -> bool {
        self.signals
            .lock()
            .is_ok_and(|signals| signals.restarted_since_start(container))
    }

    /// Why `container`'s failed start is not to be restarted for an alert or a sweep: Warden's
    /// own restart ran it ([`start_failures::own_restart_failed`]), or its command cannot run.
    fn not_restartable(&self, container: &readings::ContainerReading) -> Option<String> {
        start_failures::not_restartable(container, self.restarted_by_warden(container))
    }

    /// Marks each container finding whose start failed after one of Warden's own restarts:
    /// reported with Docker's error and escalated, never restarted again.
    fn own_failed_starts(
        &self,
        containers: &[readings::ContainerReading],
        findings: &mut [Finding],
    ) {
        for finding in findings
            .iter_mut()
            .filter(|f| f.kind == FindingKind::ContainerExited)
        {
            let why = containers
                .iter()
                .find(|c| c.name == finding.target)
                .filter(|c| self.restarted_by_warden(c))
                .and_then(start_failures::own_restart_failed);
            if let Some(why) = why {
                finding.repairable = false;
                finding.not_repaired = Some(why);
            }
        }
    }

    /// Whether `container`'s current run was sent a signal that stops it (see [`Self::stops`]).
    fn stop_of(&self, container: &readings::ContainerReading) -> events::Stop {
        let now = self.now();
        self.signals
            .lock()
            .map(|signals| signals.stop(container, now))
            .unwrap_or_default()
    }

    /// Sweeps the fleet's agents too: their readings, and `host_unreachable` for the silent.
    pub fn with_fleet(mut self, fleet: Arc<dyn fleet::FleetReadings>) -> Self {
        self.fleet = Some(fleet);
        self
    }

    /// Remembers fixes that held in `memory` (shared `repair` memories) and proposes a fix as a
    /// runbook once it held `propose_after` times for the same kind of incident (0: never).
    pub fn with_memory(mut self, memory: warden_memory::MemoryService, propose_after: u32) -> Self {
        self.learning = learning::Learning {
            memory: Some(memory),
            propose_after,
        };
        self
    }

    /// Waits `wait` (instead of 75 s) for Docker's restart
    /// policy to restart a crashed container before repairing it (tests shorten it).
    pub fn with_docker_restart_wait(self, wait: Duration) -> Self {
        if let Ok(mut waits) = self.policy_waits.lock() {
            *waits = restart_policy::PolicyWaits::new(wait);
        }
        self
    }

    /// Hands what no runbook covers to the repair model through `jobs` (served by
    /// [`model::run`]).
    pub fn with_model(mut self, jobs: mpsc::Sender<model::ModelJob>) -> Self {
        self.model_jobs = Some(jobs);
        self
    }

    /// Sends incident notifications through `notifier` (replacing any legacy webhook).
    pub fn with_notifier(mut self, notifier: warden_notify::Notifier) -> Self {
        self.notifier = notifier;
        self
    }

    /// Counts sweeps and shows the host's readings in `metrics`.
    pub fn with_metrics(mut self, metrics: warden_metrics::Metrics) -> Self {
        self.metrics = Some(metrics);
        self
    }

    fn model_is_busy(&self, incident_id: &str) -> bool {
        self.model_busy
            .lock()
            .map(|busy| busy.contains(incident_id))
            .unwrap_or(true)
    }

    /// The repair model finished with an incident.
    pub async fn model_done(&self, incident_id: &str) {
        if let Ok(mut busy) = self.model_busy.lock() {
            busy.remove(incident_id);
        }
    }

    pub fn settings(&self) -> &MonitorSettings {
        &self.settings
    }

    /// Reads and evaluates without touching incidents or repairing anything (`warden check`).
    pub async fn check(&self) -> SweepReport {
        let started = Instant::now();
        let readings = self.read().await;
        self.name_event_ids(&readings.docker.containers, &mut [], &mut [])
            .await;
        let mut findings = evaluate::findings(
            &readings,
            &self.settings.thresholds,
            &HashMap::new(),
            &[],
            &self.stops(&readings),
            Some(self.now()),
        );
        self.own_failed_starts(&readings.docker.containers, &mut findings);
        SweepReport {
            duration_ms: elapsed_ms(started),
            ..SweepReport::new("check".to_owned(), self.now(), readings, findings)
        }
    }

    /// One full sweep: read, evaluate, record, open and resolve incidents, repair, verify.
    #[tracing::instrument(name = "monitor_sweep", skip_all, fields(trigger = %trigger.label()))]
    pub async fn sweep(&self, trigger: Trigger) -> Result<SweepReport, StoreError> {
        let started = Instant::now();
        let mut previous = self.previous.lock().await;
        // This sweep works out when the next one is due.
        self.schedule.clear();
        let mut ooms = events::ooms_of(&trigger);
        // An operator's word on a GPU (removed on purpose, its XID errors seen) counts before
        // the GPUs are read.
        self.gpu_acknowledgements().await?;
        let mut read_at = Instant::now();
        let mut readings = self.read().await;
        // Events that named a container by its id alone are taken for that container's.
        let mut exits = events::exits_of(&trigger);
        let mut stops = events::stops_of(&trigger);
        self.name_event_ids(&readings.docker.containers, &mut exits, &mut ooms)
            .await;
        for stop in &mut stops {
            stop.container = self
                .listed_name(&readings.docker.containers, &stop.container)
                .await;
        }
        // A `die` event can arrive before the daemon lists the container as exited: read again,
        // briefly, until it does (an event of a run before the one listed asks for nothing).
        // A `stop` may be `docker restart`'s, its start still to come: read again, briefly,
        // until it started or Docker recorded why it could not (an operator's `docker stop`
        // waits the whole while, and is then judged a stop). That wait ends at once when
        // another container's run changes (a `die` elsewhere, in the same coalesced sweep or
        // while waiting): that one is judged now, and a follow-up sweep reads the stopped
        // container when the wait would have ended.
        let wait_ends = Instant::now() + EVENT_SETTLE_PAUSE * EVENT_SETTLE_READS;
        let mut before: Option<Vec<readings::ContainerReading>> = None;
        for _ in 0..EVENT_SETTLE_READS {
            let unsettled = events::unsettled(&readings.docker.containers, &exits);
            let awaiting = events::awaiting_start(&readings.docker.containers, &stops);
            if !unsettled && !awaiting {
                break;
            }
            let changed_elsewhere = events::died_elsewhere(&exits, &stops)
                || before.as_deref().is_some_and(|before| {
                    events::run_changed_elsewhere(before, &readings.docker.containers, &stops)
                });
            if !unsettled && changed_elsewhere {
                if let Ok(mut waits) = self.stop_waits.lock() {
                    waits.defer(&stops, wait_ends);
                }
                break;
            }
            tokio::time::sleep(EVENT_SETTLE_PAUSE).await;
            read_at = Instant::now();
            before = Some(std::mem::take(&mut readings.docker.containers));
            readings = self.read().await;
        }
        // A stopped container whose wait was cut short (in this sweep or one before) is not
        // judged before that wait would have ended: the follow-up sweep due then reads it.
        if let Some(due) = self
            .stop_waits
            .lock()
            .ok()
            .and_then(|mut waits| waits.read(&readings.docker.containers, Instant::now()))
        {
            self.schedule.at(due);
        }
        // A restart a human approved counts as the monitor's own before any exit is judged.
        self.note_approved_restarts().await?;
        let stops = self.stops(&readings);
        // The `oom` events of the runs listed: one of a run before (restarted since) says
        // nothing of the one listed.
        let oom = events::oom_in_run(&readings.docker.containers, &ooms);
        let mut findings = evaluate::findings(
            &readings,
            &self.settings.thresholds,
            &previous,
            &oom,
            &stops,
            Some(self.now()),
        );
        self.own_failed_starts(&readings.docker.containers, &mut findings);
        findings.extend(self.hog_findings(&readings));
        for finding in &mut findings {
            finding.repairable = finding.not_repaired.is_none()
                && runbooks::plan(finding, &self.settings, &readings).is_some();
        }
        *previous = findings
            .iter()
            .map(|f| (f.fingerprint.clone(), f.severity))
            .collect();
        findings.retain(|f| !(f.kind.is_container() && self.judged_later(&f.target)));
        let mut report = SweepReport::new(trigger.label(), self.now(), readings, findings);
        self.resolve_cleared(&mut report).await?;
        for finding in report.findings.clone() {
            self.handle(&finding, &mut report).await?;
        }
        self.handle_alerts(&mut report).await?;
        self.check_verifications(&mut report, read_at).await?;
        report.duration_ms = elapsed_ms(started);
        self.observe(&trigger, &report, started.elapsed());
        self.store
            .record_sweep(&SweepRecord {
                id: report.id.clone(),
                at: report.at,
                trigger: report.trigger.clone(),
                status: report.status,
                readings: serde_json::to_string(&report.readings).unwrap_or_default(),
                duration_ms: i64::try_from(report.duration_ms).unwrap_or(i64::MAX),
            })
            .await?;
        let keep = i64::try_from(self.settings.history.as_secs()).unwrap_or(i64::MAX);
        self.store
            .prune_sweeps(report.at.saturating_sub(keep))
            .await?;
        Ok(report)
    }

    /// Counts the sweep and sets the host gauges from its readings.
    fn observe(&self, trigger: &Trigger, report: &SweepReport, elapsed: Duration) {
        let Some(metrics) = &self.metrics else {
            return;
        };
        let kind = match trigger {
            Trigger::Interval => "interval",
            Trigger::Manual => "manual",
            Trigger::Alert => "alert",
            Trigger::FollowUp => "follow_up",
            Trigger::Container { .. }
            | Trigger::Signal { .. }
            | Trigger::Resubscribed
            | Trigger::StreamEnded
            | Trigger::Renamed { .. }
            | Trigger::Events { .. } => "event",
        };
        metrics.sweep(kind, report.status.as_str(), elapsed);
        metrics.host_readings(&gauges::of(&report.readings));
    }

    async fn read(&self) -> Readings {
        let mut readings =
            probes::read_all(&self.guard, &self.context, &self.settings, &self.gpus_seen).await;
        if let Some(fleet) = &self.fleet {
            readings
                .remote
                .extend(fleet.readings().into_iter().map(fleet::judged));
        }
        readings
    }

    /// Runaway processes (counted over sweeps in a row) and stuck Ollama models, when on.
    fn hog_findings(&self, readings: &Readings) -> Vec<Finding> {
        let mut out = Vec::new();
        if let Some(runaway) = &self.settings.runaway
            && let Ok(mut streaks) = self.streaks.lock()
        {
            out.extend(hogs::runaway_findings(runaway, readings, &mut streaks));
        }
        if self.settings.ollama_unload_stuck {
            out.extend(hogs::ollama_findings(
                readings,
                self.now(),
                hogs::OLLAMA_GRACE,
            ));
        }
        out
    }

    /// When the actor should sweep again for a retry or a verification read, if anything is due.
    pub fn next_due(&self) -> Option<Instant> {
        self.schedule.next()
    }

    /// Completes when something was scheduled between sweeps (the repair model finished).
    pub async fn rescheduled(&self) {
        self.schedule.changed().await;
    }
}

/// Now on the wall clock, in nanoseconds, one second late: compared with the daemon's start
/// times (its wall clock, not the monitor's injectable one), so a run that began about when the
/// stream was followed counts as begun before (its stop may have been missed).
/// Now, in nanoseconds since the epoch (the clock Docker's events are in, on its host).
fn unix_nanos() -> i64 {
    chrono::Utc::now().timestamp_nanos_opt().unwrap_or(i64::MAX)
}

fn watch_start() -> i64 {
    chrono::Utc::now()
        .timestamp_nanos_opt()
        .unwrap_or(i64::MAX)
        .saturating_add(1_000_000_000)
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
