//! The self-healing monitor: a sweep every interval, at once on a Docker event or an alert, and
//! on demand. A sweep reads the host through the guard, turns readings into findings (thresholds
//! with hysteresis), keeps one incident per fingerprint with its timeline, tries the runbook for
//! what it can repair (within the target's budget, through the guard), verifies by reading
//! again, resolves what has cleared and escalates what it may not repair any more.

pub mod alerts;
mod evaluate;
pub mod model;
mod probes;
mod readings;
mod remote;
mod runbooks;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::{Mutex, mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use warden_protocol::{Scope, ScopeSet};
use warden_store::{NewIncident, Store, StoreError, SweepRecord};
use warden_tool_api::{Actor, ToolContext};

pub use evaluate::{Finding, Levels, SWEPT_KINDS, Severity, Thresholds, fingerprint, level};
pub use readings::{AUTOHEAL_LABEL, Readings};
pub use runbooks::{Allowance, Budget, allowance};

use crate::guard::{Guard, now};
use runbooks::RepairStep;

#[derive(Debug, Clone)]
pub struct MonitorSettings {
    pub interval: Duration,
    pub thresholds: Thresholds,
    /// Containers restarted after a crash besides those labelled `autoheal_label=true`.
    pub autoheal: Vec<String>,
    /// The opt-in label (default `warden.autoheal`); several Wardens on one Docker host can
    /// each use their own.
    pub autoheal_label: String,
    /// Only these mount points are watched; empty: every real filesystem.
    pub disk_mounts: Vec<String>,
    /// Configured SSH hosts (by name) whose load, memory and disks are read each sweep.
    pub ssh_hosts: Vec<String>,
    pub budget: Budget,
    /// How long after a repair the monitor reads again to verify it.
    pub verify_after: Duration,
    /// Whether to read GPUs (NVML).
    pub gpus: bool,
    /// How long sweeps are kept for history.
    pub history: Duration,
    /// Where incident notifications are posted, if anywhere.
    pub webhook_url: Option<String>,
}

impl Default for MonitorSettings {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(300),
            thresholds: Thresholds::default(),
            autoheal: Vec::new(),
            autoheal_label: AUTOHEAL_LABEL.to_owned(),
            disk_mounts: Vec::new(),
            ssh_hosts: Vec::new(),
            budget: Budget::default(),
            verify_after: Duration::from_secs(5),
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
    /// A Docker event: the action (`die`, `oom`, `health_status: unhealthy`) and the container.
    Container {
        action: String,
        container: String,
    },
}

impl Trigger {
    fn label(&self) -> String {
        match self {
            Trigger::Interval => "interval".to_owned(),
            Trigger::Manual => "manual".to_owned(),
            Trigger::Alert => "alert".to_owned(),
            Trigger::Container { action, container } => format!("event:{action}:{container}"),
        }
    }
}

/// What one sweep saw and did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepReport {
    pub id: String,
    pub at: i64,
    pub trigger: String,
    /// `ok`, `warning` or `critical`.
    pub status: String,
    pub readings: Readings,
    pub findings: Vec<Finding>,
    /// Incident ids opened, repaired, resolved or escalated by this sweep.
    pub opened: Vec<String>,
    pub repaired: Vec<String>,
    pub resolved: Vec<String>,
    pub escalated: Vec<String>,
    pub duration_ms: u64,
}

pub struct Monitor {
    guard: Arc<Guard>,
    store: Store,
    settings: MonitorSettings,
    context: ToolContext,
    /// Last sweep's severities, for hysteresis. One sweep at a time holds it.
    previous: Mutex<HashMap<String, Severity>>,
    webhook: Option<crate::guard::Webhook>,
    /// Where repairs no runbook covers go, when a model is configured.
    model_jobs: Option<mpsc::Sender<model::ModelJob>>,
    /// Incidents the repair model is working on.
    model_busy: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl SweepReport {
    fn empty(trigger: &str) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            at: now(),
            trigger: trigger.to_owned(),
            status: "ok".to_owned(),
            readings: Readings::default(),
            findings: Vec::new(),
            opened: Vec::new(),
            repaired: Vec::new(),
            resolved: Vec::new(),
            escalated: Vec::new(),
            duration_ms: 0,
        }
    }
}

/// How often, and how far apart, the monitor reads again after a `die` event while the daemon
/// still lists the container as running.
const EVENT_SETTLE_READS: usize = 10;
const EVENT_SETTLE_PAUSE: Duration = Duration::from_millis(200);

/// The overall status of a set of findings.
pub fn status_of(findings: &[Finding]) -> &'static str {
    match findings.iter().map(|f| f.severity).max() {
        None => "ok",
        Some(Severity::Warning) => "warning",
        Some(Severity::Critical) => "critical",
    }
}

impl Monitor {
    pub fn new(guard: Arc<Guard>, store: Store, settings: MonitorSettings) -> Self {
        let webhook = settings
            .webhook_url
            .as_deref()
            .map(crate::guard::Webhook::new);
        Self {
            guard,
            store,
            settings,
            context: ToolContext {
                actor: Actor::Monitor,
                scopes: ScopeSet::new([Scope::Read, Scope::Write, Scope::Execute]),
                sandbox: None,
            },
            previous: Mutex::new(HashMap::new()),
            webhook,
            model_jobs: None,
            model_busy: std::sync::Mutex::new(std::collections::HashSet::new()),
        }
    }

    /// Hands what no runbook covers to the repair model through `jobs` (served by
    /// [`model::run`]).
    pub fn with_model(mut self, jobs: mpsc::Sender<model::ModelJob>) -> Self {
        self.model_jobs = Some(jobs);
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
        let findings =
            evaluate::findings(&readings, &self.settings.thresholds, &HashMap::new(), &[]);
        SweepReport {
            id: uuid::Uuid::new_v4().to_string(),
            at: now(),
            trigger: "check".to_owned(),
            status: status_of(&findings).to_owned(),
            readings,
            findings,
            opened: Vec::new(),
            repaired: Vec::new(),
            resolved: Vec::new(),
            escalated: Vec::new(),
            duration_ms: elapsed_ms(started),
        }
    }

    /// One full sweep: read, evaluate, record, open and resolve incidents, repair, verify.
    pub async fn sweep(&self, trigger: Trigger) -> Result<SweepReport, StoreError> {
        let started = Instant::now();
        let mut previous = self.previous.lock().await;
        let oom: Vec<String> = match &trigger {
            Trigger::Container { action, container } if action == "oom" => vec![container.clone()],
            Trigger::Container { .. } | Trigger::Interval | Trigger::Manual | Trigger::Alert => {
                Vec::new()
            }
        };
        let mut readings = self.read().await;
        // A `die` event can arrive before the daemon lists the container as exited: read again,
        // briefly, until it does.
        if let Trigger::Container { action, container } = &trigger
            && (action == "die" || action == "oom")
        {
            for _ in 0..EVENT_SETTLE_READS {
                let running = readings
                    .docker
                    .containers
                    .iter()
                    .any(|c| &c.name == container && c.state == "running");
                if !running {
                    break;
                }
                tokio::time::sleep(EVENT_SETTLE_PAUSE).await;
                readings = self.read().await;
            }
        }
        let findings = evaluate::findings(&readings, &self.settings.thresholds, &previous, &oom);
        *previous = findings
            .iter()
            .map(|f| (f.fingerprint.clone(), f.severity))
            .collect();
        let mut report = SweepReport {
            id: uuid::Uuid::new_v4().to_string(),
            at: now(),
            trigger: trigger.label(),
            status: status_of(&findings).to_owned(),
            readings,
            findings,
            opened: Vec::new(),
            repaired: Vec::new(),
            resolved: Vec::new(),
            escalated: Vec::new(),
            duration_ms: 0,
        };
        self.resolve_cleared(&mut report).await?;
        for finding in report.findings.clone() {
            self.handle(&finding, &mut report).await?;
        }
        report.duration_ms = elapsed_ms(started);
        self.store
            .record_sweep(&SweepRecord {
                id: report.id.clone(),
                at: report.at,
                trigger: report.trigger.clone(),
                status: report.status.clone(),
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

    async fn read(&self) -> Readings {
        probes::read_all(&self.guard, &self.context, &self.settings).await
    }

    /// Live incidents of swept kinds whose finding is gone are resolved.
    async fn resolve_cleared(&self, report: &mut SweepReport) -> Result<(), StoreError> {
        for incident in self.store.live_incidents().await? {
            if !SWEPT_KINDS.contains(&incident.kind.as_str())
                || report
                    .findings
                    .iter()
                    .any(|f| f.fingerprint == incident.fingerprint)
            {
                continue;
            }
            // Docker down hides containers: their incidents are not cleared by absence.
            if incident.kind.starts_with("container_") && !report.readings.docker.reachable {
                continue;
            }
            let at = now();
            // A container that is gone was not repaired: its incident closes as failed.
            let vanished = incident.kind.starts_with("container_")
                && !report
                    .readings
                    .docker
                    .containers
                    .iter()
                    .any(|c| c.name == incident.target);
            let (seen, state) = if vanished {
                ("the container no longer exists", "failed")
            } else {
                ("the condition has cleared", "resolved")
            };
            self.store
                .add_incident_event(&incident.id, "verification", seen, at)
                .await?;
            self.store
                .set_incident_state(&incident.id, state, at)
                .await?;
            self.store
                .add_incident_event(&incident.id, "outcome", state, at)
                .await?;
            report.resolved.push(incident.id);
        }
        Ok(())
    }

    async fn handle(&self, finding: &Finding, report: &mut SweepReport) -> Result<(), StoreError> {
        let at = now();
        let (incident, opened) = self
            .store
            .open_incident(
                &NewIncident {
                    fingerprint: finding.fingerprint.clone(),
                    kind: finding.kind.clone(),
                    target: finding.target.clone(),
                    severity: finding.severity.as_str().to_owned(),
                    summary: finding.summary.clone(),
                },
                at,
            )
            .await?;
        if opened {
            self.store
                .add_incident_event(&incident.id, "detected", &finding.summary, at)
                .await?;
            report.opened.push(incident.id.clone());
            self.notify("incident_opened", &incident.id, finding, &incident.state)
                .await;
        }
        let plan = runbooks::plan(finding);
        if plan.is_none() && (self.model_jobs.is_none() || self.model_is_busy(&incident.id)) {
            return Ok(());
        }
        if incident.state == "escalated" {
            return Ok(());
        }
        if incident.state == "awaiting_approval"
            && !self.approval_settled(&incident.id, finding, report).await?
        {
            return Ok(());
        }
        let window = i64::try_from(self.settings.budget.window.as_secs()).unwrap_or(i64::MAX);
        let (count, last) = self
            .store
            .repairs_since(&finding.target, at.saturating_sub(window))
            .await?;
        match allowance(&self.settings.budget, count, last, at) {
            Allowance::Exhausted => {
                let detail = format!(
                    "{count} repairs of {} in {} minutes did not hold; a human has to look (no more repairs)",
                    finding.target,
                    window / 60
                );
                self.store
                    .add_incident_event(&incident.id, "escalated", &detail, at)
                    .await?;
                self.store
                    .set_incident_state(&incident.id, "escalated", at)
                    .await?;
                report.escalated.push(incident.id.clone());
                self.notify("incident_escalated", &incident.id, finding, "escalated")
                    .await;
                return Ok(());
            }
            Allowance::Wait(until) => {
                self.store
                    .add_incident_event(
                        &incident.id,
                        "note",
                        &format!("next repair not before {until} (backoff)"),
                        at,
                    )
                    .await?;
                return Ok(());
            }
            Allowance::Repair => {}
        }
        let Some(steps) = plan else {
            return self.ask_model(finding, &incident.id, report).await;
        };
        self.store
            .set_incident_state(&incident.id, "repairing", at)
            .await?;
        self.store
            .record_repair(&finding.target, &incident.id, at)
            .await?;
        let mut outcome = RepairStep::Done;
        for (tool, args) in steps {
            let invoked = self.guard.invoke(tool, &args, &self.context).await;
            let (detail, step) = runbooks::describe(tool, &args, &invoked);
            self.store
                .add_incident_event(&incident.id, "action", &detail, now())
                .await?;
            match step {
                RepairStep::Done => {}
                RepairStep::Failed | RepairStep::Refused | RepairStep::AwaitingApproval(_) => {
                    outcome = step;
                    break;
                }
            }
        }
        report.repaired.push(incident.id.clone());
        match outcome {
            RepairStep::AwaitingApproval(approval_id) => {
                // The approval's id, so later sweeps can follow its decision.
                self.store
                    .add_incident_event(&incident.id, "approval", &approval_id, now())
                    .await?;
                self.store
                    .set_incident_state(&incident.id, "awaiting_approval", now())
                    .await?;
            }
            RepairStep::Failed => {
                self.store
                    .set_incident_state(&incident.id, "open", now())
                    .await?;
            }
            RepairStep::Refused => {
                let at = now();
                self.store
                    .add_incident_event(
                        &incident.id,
                        "escalated",
                        "the policy forbids the runbook's repair; a human has to act",
                        at,
                    )
                    .await?;
                self.store
                    .set_incident_state(&incident.id, "escalated", at)
                    .await?;
                report.escalated.push(incident.id.clone());
                self.notify("incident_escalated", &incident.id, finding, "escalated")
                    .await;
            }
            RepairStep::Done => {
                self.verify(finding, &incident.id, report).await?;
            }
        }
        Ok(())
    }

    /// For an incident waiting on its repair's approval: true when the monitor may go on (the
    /// approved call has run and the problem is still there), false while it waits. A denied or
    /// expired repair escalates the incident: a human has looked and said no.
    async fn approval_settled(
        &self,
        incident_id: &str,
        finding: &Finding,
        report: &mut SweepReport,
    ) -> Result<bool, StoreError> {
        let Some((_, timeline)) = self.store.incident(incident_id).await? else {
            return Ok(false);
        };
        let Some(approval_id) = timeline
            .iter()
            .rev()
            .find(|e| e.kind == "approval")
            .map(|e| e.detail.clone())
        else {
            return Ok(true);
        };
        let Some(approval) = self.store.get_approval(&approval_id).await? else {
            return Ok(true);
        };
        let at = now();
        match approval.status.as_str() {
            "pending" => Ok(false),
            "approved" if approval.execution.as_deref() != Some("done") => Ok(false),
            "approved" => {
                self.store
                    .add_incident_event(
                        incident_id,
                        "verification",
                        &format!("the approved repair ran; still {}", finding.summary),
                        at,
                    )
                    .await?;
                self.store
                    .set_incident_state(incident_id, "open", at)
                    .await?;
                Ok(true)
            }
            status => {
                let by = approval.decided_by.as_deref().unwrap_or("nobody");
                self.store
                    .add_incident_event(
                        incident_id,
                        "escalated",
                        &format!("the repair was {status} ({by}); no more repairs"),
                        at,
                    )
                    .await?;
                self.store
                    .set_incident_state(incident_id, "escalated", at)
                    .await?;
                report.escalated.push(incident_id.to_owned());
                self.notify("incident_escalated", incident_id, finding, "escalated")
                    .await;
                Ok(false)
            }
        }
    }

    /// Hands the incident to the repair model (counted against the target's budget).
    async fn ask_model(
        &self,
        finding: &Finding,
        incident_id: &str,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        let Some(jobs) = &self.model_jobs else {
            return Ok(());
        };
        if let Ok(mut busy) = self.model_busy.lock() {
            busy.insert(incident_id.to_owned());
        }
        let job = model::ModelJob {
            incident_id: incident_id.to_owned(),
            finding: finding.clone(),
            readings: serde_json::to_value(&report.readings).unwrap_or_default(),
        };
        let at = now();
        if jobs.try_send(job).is_err() {
            self.model_done(incident_id).await;
            return self
                .store
                .add_incident_event(
                    incident_id,
                    "note",
                    "the repair model is busy; next sweep",
                    at,
                )
                .await;
        }
        self.store
            .set_incident_state(incident_id, "repairing", at)
            .await?;
        self.store
            .record_repair(&finding.target, incident_id, at)
            .await?;
        self.store
            .add_incident_event(
                incident_id,
                "action",
                "no runbook covers this: asked the repair model",
                at,
            )
            .await?;
        report.repaired.push(incident_id.to_owned());
        Ok(())
    }

    /// Reads again after a repair: the finding gone means resolved (true); still there, the
    /// incident stays open for the next attempt (within budget).
    async fn verify(
        &self,
        finding: &Finding,
        incident_id: &str,
        report: &mut SweepReport,
    ) -> Result<bool, StoreError> {
        tokio::time::sleep(self.settings.verify_after).await;
        let readings = self.read().await;
        let still = evaluate::findings(&readings, &self.settings.thresholds, &HashMap::new(), &[])
            .into_iter()
            .find(|f| f.fingerprint == finding.fingerprint);
        let at = now();
        match still {
            None => {
                self.store
                    .add_incident_event(
                        incident_id,
                        "verification",
                        &format!(
                            "read again after {} s: cleared",
                            self.settings.verify_after.as_secs()
                        ),
                        at,
                    )
                    .await?;
                self.store
                    .set_incident_state(incident_id, "resolved", at)
                    .await?;
                self.store
                    .add_incident_event(incident_id, "outcome", "resolved", at)
                    .await?;
                report.resolved.push(incident_id.to_owned());
                Ok(true)
            }
            Some(again) => {
                self.store
                    .add_incident_event(
                        incident_id,
                        "verification",
                        &format!("read again: still {}", again.summary),
                        at,
                    )
                    .await?;
                self.store
                    .set_incident_state(incident_id, "open", at)
                    .await?;
                Ok(false)
            }
        }
    }

    async fn notify(&self, event: &str, incident_id: &str, finding: &Finding, state: &str) {
        if let Some(webhook) = &self.webhook {
            webhook
                .post(
                    event,
                    &serde_json::json!({
                        "event": event,
                        "incident_id": incident_id,
                        "fingerprint": finding.fingerprint,
                        "kind": finding.kind,
                        "target": finding.target,
                        "severity": finding.severity,
                        "state": state,
                        "summary": finding.summary,
                    }),
                )
                .await;
        }
    }
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A request to the monitor actor.
pub struct Command {
    pub trigger: Trigger,
    /// Where the report goes, when the caller waits for it.
    pub reply: Option<oneshot::Sender<Result<SweepReport, String>>>,
}

/// The way to the running monitor.
#[derive(Clone)]
pub struct MonitorHandle {
    commands: mpsc::Sender<Command>,
}

impl MonitorHandle {
    /// Asks for a sweep and waits for its report.
    pub async fn run_now(&self, trigger: Trigger) -> Result<SweepReport, String> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command {
                trigger,
                reply: Some(reply),
            })
            .await
            .map_err(|_| "the monitor is not running".to_owned())?;
        answer
            .await
            .map_err(|_| "the monitor stopped before answering".to_owned())?
    }

    /// Asks for a sweep without waiting (events, alerts). A full queue drops the request: a
    /// sweep is already due.
    pub fn nudge(&self, trigger: Trigger) {
        let _ = self.commands.try_send(Command {
            trigger,
            reply: None,
        });
    }
}

/// Starts the monitor's queue; `run` serves it.
pub fn channel() -> (MonitorHandle, mpsc::Receiver<Command>) {
    let (commands, receiver) = mpsc::channel(64);
    (MonitorHandle { commands }, receiver)
}

/// The actor: one sweep at a time, every interval and on request, until cancelled.
pub async fn run(
    monitor: Arc<Monitor>,
    mut commands: mpsc::Receiver<Command>,
    cancel: CancellationToken,
) {
    let mut ticker = tokio::time::interval(monitor.settings.interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let (trigger, reply) = tokio::select! {
            () = cancel.cancelled() => return,
            _ = ticker.tick() => (Trigger::Interval, None),
            command = commands.recv() => match command {
                Some(command) => (command.trigger, command.reply),
                None => return,
            },
        };
        let result = tokio::select! {
            () = cancel.cancelled() => return,
            result = monitor.sweep(trigger) => result,
        };
        if let Err(error) = &result {
            tracing::warn!(error = %error, "a monitor sweep could not be recorded");
        }
        if let Some(reply) = reply {
            let _ = reply.send(result.map_err(|e| e.to_string()));
        }
    }
}
