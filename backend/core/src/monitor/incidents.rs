//! What a sweep does with its findings: open or count incidents, escalate what flaps, resolve
//! what has cleared, repair through the guard within the target's budget (a runbook, or the
//! repair model), follow repairs held for approval, start verifying what ran, and schedule the
//! next attempt on the backoff schedule.

use std::time::Instant;

use serde_json::Value;
use warden_protocol::{ApprovalStatus, Execution, FindingKind, IncidentEventKind, IncidentState};
use warden_store::{NewIncident, StoreError};

use super::evaluate::Finding;
use super::flapping;
use super::readings::ContainerReading;
use super::report::Listed;
use super::restart_policy;
use super::runbooks::{self, Allowance, RepairStep, Steps, allowance};
use super::{Monitor, SweepReport, model};

/// Whether the container `name` is gone from a sweep's list, being removed (`docker rm -f`
/// under way: its fault no longer shows, but nothing was repaired), or `dead` (what a removal
/// that failed half-way leaves: it can only be removed).
fn gone(containers: &[ContainerReading], name: &str) -> bool {
    !containers
        .iter()
        .any(|c| c.name == name && !super::verify::on_its_way_out(c))
}

/// The outcome of an incident closed because its container's operator stopped it (`docker
/// stop`, `docker kill`): the incident ends without a repair, and the container stays stopped.
pub const STOPPED_BY_OPERATOR: &str = "stopped by its operator";

/// What was seen of the container `name` if its operator stopped it: listed exited after a
/// stop signal seen sent to its last run (`docker stop`, `docker kill`).
pub(super) fn operator_stopped(
    containers: &[ContainerReading],
    name: &str,
    stops: &std::collections::HashMap<String, super::events::Stop>,
) -> Option<String> {
    let container = containers
        .iter()
        .find(|c| c.name == name && c.state == "exited")?;
    let super::events::Stop::Requested { signal, .. } = stops.get(name).copied()? else {
        return None;
    };
    Some(format!(
        "container {name} was stopped (signal {signal} sent to it, exit code {}): a stop is its \
         operator's decision, not a repair; it stays stopped",
        container
            .exit_code
            .map_or_else(|| "?".to_owned(), |code| code.to_string())
    ))
}

/// Why the container of a container finding cannot be restarted by anyone, if so: Docker
/// lists it `dead` (a removal that failed half-way, a storage driver's error), and a dead
/// container cannot be started again, by Warden or by its restart policy; it can only be
/// removed and created anew, which is a human's decision. Retrying would only spend the budget.
pub(super) fn cannot_be_restarted(
    finding: &Finding,
    containers: &[ContainerReading],
) -> Option<String> {
    if !finding.kind.is_container() {
        return None;
    }
    let container = containers
        .iter()
        .find(|c| c.name == finding.target && c.state == "dead")?;
    Some(format!(
        "container {} is dead ({}): Docker cannot start a dead container again, so it is not \
         restarted; remove it and create it anew (docker rm, then docker run or docker compose up)",
        container.name,
        if container.status.is_empty() {
            "dead"
        } else {
            container.status.as_str()
        }
    ))
}

impl Monitor {
    /// Appends `detail` to the incident's timeline as `kind` and moves it to `state`.
    pub(super) async fn record(
        &self,
        incident_id: &str,
        kind: IncidentEventKind,
        detail: &str,
        state: IncidentState,
    ) -> Result<(), StoreError> {
        self.store
            .advance_incident(incident_id, &[(kind, detail)], state, self.now())
            .await
    }

    /// No more repairs: a human has to look. Notified.
    pub(super) async fn escalate(
        &self,
        incident_id: &str,
        finding: &Finding,
        detail: &str,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        self.stop_verifying(incident_id);
        self.record(
            incident_id,
            IncidentEventKind::Escalated,
            detail,
            IncidentState::Escalated,
        )
        .await?;
        report.mark(incident_id, Listed::Escalated);
        self.notify(
            "incident_escalated",
            incident_id,
            finding,
            IncidentState::Escalated,
        )
        .await;
        Ok(())
    }

    /// Closes the incident as `state` (resolved or failed) with what was seen.
    pub(super) async fn close(
        &self,
        incident_id: &str,
        seen: &str,
        state: IncidentState,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        self.close_because(incident_id, seen, state, state.as_str(), report)
            .await
    }

    /// Closes the incident as `state` with what was seen, its outcome entry saying `outcome`
    /// (why it closed: [`STOPPED_BY_OPERATOR`] for a container its operator stopped, which is
    /// closed, not repaired).
    pub(super) async fn close_because(
        &self,
        incident_id: &str,
        seen: &str,
        state: IncidentState,
        outcome: &str,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        self.withdraw_unrun_repair(incident_id, seen).await?;
        // The outcome entry is written with the closing state, so whoever sees the incident
        // closed also sees why.
        self.store
            .advance_incident(
                incident_id,
                &[
                    (IncidentEventKind::Verification, seen),
                    (IncidentEventKind::Outcome, outcome),
                ],
                state,
                self.now(),
            )
            .await?;
        report.mark(
            incident_id,
            if state == IncidentState::Failed {
                Listed::Failed
            } else {
                Listed::Resolved
            },
        );
        self.notify_closed(incident_id, state).await;
        Ok(())
    }

    /// A closing incident's repair that still waits for a human (or was approved and has not
    /// started) is withdrawn: approved later, it would restart a container that no longer needs
    /// it, or another container created under the same name. Noted on the timeline.
    async fn withdraw_unrun_repair(&self, incident_id: &str, seen: &str) -> Result<(), StoreError> {
        let reason = format!("withdrawn because its incident closed: {seen}");
        self.withdraw_unrun_because(incident_id, &reason).await?;
        Ok(())
    }

    /// Withdraws the incident's repair that still waits for a human (or was approved and has
    /// not started) for `reason`, noted on the timeline; whether one was withdrawn.
    pub(super) async fn withdraw_unrun_because(
        &self,
        incident_id: &str,
        reason: &str,
    ) -> Result<bool, StoreError> {
        let Some(approval) = self.pending_approval(incident_id).await? else {
            return Ok(false);
        };
        let unrun = approval.status == ApprovalStatus::Pending
            || (approval.status == ApprovalStatus::Approved && approval.execution.is_none());
        if !unrun {
            return Ok(false);
        }
        if self
            .guard
            .withdraw_unrun(&approval.id, reason, &self.context)
            .await?
            .is_some()
        {
            let note = format!(
                "approval {} withdrawn: the repair is no longer wanted and will not run",
                approval.id
            );
            self.store
                .add_incident_event(incident_id, IncidentEventKind::Note, &note, self.now())
                .await?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Live incidents of swept kinds whose finding is gone are resolved, unless a repair of
    /// theirs is being verified (the verification decides) or an approved repair just ran
    /// (then its verification starts).
    pub(super) async fn resolve_cleared(&self, report: &mut SweepReport) -> Result<(), StoreError> {
        let stops = self.stops(&report.readings);
        for incident in self.store.live_incidents().await? {
            if !incident.kind.is_swept()
                || self.is_verifying(&incident.id)
                || report
                    .findings
                    .iter()
                    .any(|f| f.fingerprint == incident.fingerprint)
            {
                continue;
            }
            // Docker down hides containers: their incidents are not cleared by absence.
            let container = incident.kind.is_container();
            if container && !report.readings.docker.reachable {
                continue;
            }
            // Stopped, and not read long enough to tell its operator's stop from a restart's
            // start still to come: the follow-up sweep judges it.
            if container && self.judged_later(&incident.target) {
                continue;
            }
            // A container that is gone was not repaired: its incident closes as failed.
            let vanished = container && gone(&report.readings.docker.containers, &incident.target);
            if vanished {
                self.close(
                    &incident.id,
                    "the container no longer exists",
                    IncidentState::Failed,
                    report,
                )
                .await?;
                continue;
            }
            // The repair model is still at work on it, or an approved repair is still running:
            // the condition clearing now is that repair's doing, verified once it has finished.
            if self.model_is_busy(&incident.id)
                || (incident.state == IncidentState::AwaitingApproval
                    && self.approved_repair_running(&incident.id).await?)
            {
                continue;
            }
            if incident.state == IncidentState::AwaitingApproval
                && self.approved_repair_ran(&incident.id).await?
            {
                let finding = Finding {
                    fingerprint: incident.fingerprint.clone(),
                    kind: incident.kind,
                    target: incident.target.clone(),
                    severity: super::Severity::Warning,
                    summary: incident.summary.clone(),
                    repairable: true,
                    not_repaired: None,
                };
                let target = container.then_some(incident.target.as_str());
                self.begin_verification(&incident.id, &finding, target, None, report)
                    .await?;
                continue;
            }
            let by_docker = self
                .policy_waits
                .lock()
                .is_ok_and(|mut waits| waits.forget(&incident.id));
            // Cleared because its operator stopped the container (an unhealthy one stopped,
            // one stopped while Docker's policy was restarting it): closed, not repaired.
            if let Some(seen) = container
                .then(|| {
                    operator_stopped(&report.readings.docker.containers, &incident.target, &stops)
                })
                .flatten()
            {
                self.close_because(
                    &incident.id,
                    &seen,
                    IncidentState::Resolved,
                    STOPPED_BY_OPERATOR,
                    report,
                )
                .await?;
                continue;
            }
            self.close(
                &incident.id,
                if by_docker {
                    "the condition has cleared: Docker's restart policy restarted the container"
                } else {
                    "the condition has cleared"
                },
                IncidentState::Resolved,
                report,
            )
            .await?;
        }
        Ok(())
    }

    pub(super) async fn handle(
        &self,
        finding: &Finding,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        let at = self.now();
        let (incident, opened) = self
            .store
            .open_incident(
                &NewIncident {
                    fingerprint: finding.fingerprint.clone(),
                    kind: finding.kind,
                    target: finding.target.clone(),
                    severity: finding.severity,
                    summary: finding.summary.clone(),
                },
                at,
            )
            .await?;
        if opened {
            self.store
                .add_incident_event(
                    &incident.id,
                    IncidentEventKind::Detected,
                    &finding.summary,
                    at,
                )
                .await?;
            report.opened.push(incident.id.clone());
            self.notify("incident_opened", &incident.id, finding, incident.state)
                .await;
            if self.flapped(&incident.id, finding, report).await? {
                return Ok(());
            }
        }
        let mut state = incident.state;
        // The fault is back while its repair was being verified: the repair did not hold.
        if self.is_verifying(&incident.id) {
            self.did_not_hold(&incident.id, finding, &finding.summary, report)
                .await?;
            state = IncidentState::Open;
        }
        if state != IncidentState::Escalated
            && let Some(why) = cannot_be_restarted(finding, &report.readings.docker.containers)
        {
            self.escalate(&incident.id, finding, &why, report).await?;
            return Ok(());
        }
        // Reported, never repaired (an exit that may have been its operator's stop): a human
        // decides; neither a runbook nor the repair model acts, and nothing waits for Docker.
        if let Some(why) = &finding.not_repaired {
            if state != IncidentState::Escalated {
                self.escalate(&incident.id, finding, why, report).await?;
            }
            return Ok(());
        }
        if state != IncidentState::Escalated
            && self.waits_for_docker(&incident.id, finding, report).await?
        {
            return Ok(());
        }
        // A shipped runbook first, then one an operator accepted from fixes that held.
        let plan = match runbooks::plan(finding, &self.settings, &report.readings) {
            Some(steps) => Some(steps),
            None => self.learned_plan(finding).await?,
        };
        // A container Docker's restart policy keeps restarting past the wait: no runbook restarts
        // it (a restart cannot help what keeps crashing), and without a repair model nothing
        // else can: a restart loop, escalated with its history rather than left open unseen.
        if plan.is_none()
            && finding.kind == FindingKind::ContainerRestarting
            && let Some(looping) = report
                .readings
                .docker
                .containers
                .iter()
                .find(|c| c.name == finding.target)
                .cloned()
            && self
                .escalated_restart_loop(&incident, state, finding, &looping, report)
                .await?
        {
            return Ok(());
        }
        let container = finding.kind.is_container().then(|| finding.target.clone());
        let context = serde_json::to_value(&report.readings).unwrap_or_default();
        self.act(
            &incident.id,
            state,
            finding,
            plan,
            container.as_deref(),
            context,
            report,
        )
        .await
    }

    /// Escalates `incident` (in `state`) as a restart loop when `container` is one past the wait
    /// for Docker: listed `restarting` (Docker's policy keeps restarting it and it keeps
    /// failing), and no repair model is configured (a restart cannot help what keeps crashing,
    /// and nothing else can). One decision for a loop a sweep found and one an alert named:
    /// true when it escalated.
    pub(super) async fn escalated_restart_loop(
        &self,
        incident: &warden_store::IncidentRecord,
        state: IncidentState,
        finding: &Finding,
        container: &ContainerReading,
        report: &mut SweepReport,
    ) -> Result<bool, StoreError> {
        if self.model_jobs.is_some()
            || state == IncidentState::Escalated
            || container.state != "restarting"
        {
            return Ok(false);
        }
        let detail = self.restart_loop(incident, container).await?;
        self.escalate(&incident.id, finding, &detail, report)
            .await?;
        Ok(true)
    }

    /// Why `container`'s restart loop (incident `incident`) is escalated: what was seen of it and
    /// the container's earlier incidents (crashes and loops) within the flapping window.
    async fn restart_loop(
        &self,
        incident: &warden_store::IncidentRecord,
        container: &ContainerReading,
    ) -> Result<String, StoreError> {
        let at = self.now();
        let window = i64::try_from(self.settings.flapping.window.as_secs()).unwrap_or(i64::MAX);
        let mut earlier: Vec<_> = self
            .subject_history(
                FindingKind::ContainerRestarting,
                &container.name,
                &incident.fingerprint,
                at.saturating_sub(window),
            )
            .await?
            .into_iter()
            .filter(|other| other.id != incident.id)
            .collect();
        earlier.truncate(5);
        Ok(flapping::restart_loop(
            &self.settings.flapping,
            container,
            incident,
            &earlier,
            at,
        ))
    }

    /// Whether the repair of a crashed (or `restarting`) container waits for Docker, whose
    /// restart policy restarts it itself (said once on the incident; the sweep after the wait
    /// looks again). Past the wait, Docker has not restarted it: it is repaired.
    async fn waits_for_docker(
        &self,
        incident_id: &str,
        finding: &Finding,
        report: &SweepReport,
    ) -> Result<bool, StoreError> {
        // A crash Docker restarts, and a container Docker lists `restarting` (between two of
        // its restarts: a crash found then is reported so): neither is raced, by a runbook or
        // by the repair model.
        if !matches!(
            finding.kind,
            FindingKind::ContainerExited | FindingKind::ContainerRestarting
        ) {
            return Ok(false);
        }
        let Some(container) = report
            .readings
            .docker
            .containers
            .iter()
            .find(|c| c.name == finding.target)
        else {
            return Ok(false);
        };
        self.wait_for_policy(incident_id, container).await
    }

    /// Whether the repair (a restart) of `container` for `incident_id` waits for Docker, whose
    /// restart policy restarts it itself (listed `restarting`, or stopped by a crash its policy
    /// restarts after, with retries left): said once on the incident, and the sweep after the
    /// wait looks again. Past the wait, Docker has not restarted it: it is repaired.
    pub(super) async fn wait_for_policy(
        &self,
        incident_id: &str,
        container: &ContainerReading,
    ) -> Result<bool, StoreError> {
        let Some(policy) = restart_policy::docker_restarts(container) else {
            return Ok(false);
        };
        let (until, wait) = self
            .policy_waits
            .lock()
            .ok()
            .map(|mut waits| (waits.wait_until(incident_id, Instant::now()), waits.wait()))
            .unwrap_or((None, restart_policy::DOCKER_RESTART_WAIT));
        let Some(until) = until else {
            return Ok(false);
        };
        let note = format!(
            "Docker's restart policy ({policy}) restarts container {} itself: waiting for it (up \
             to {} s, restart count {}) instead of restarting it too",
            container.name,
            wait.as_secs(),
            container
                .restart_count
                .map_or_else(|| "?".to_owned(), |n| n.to_string())
        );
        self.note_once(incident_id, &note).await?;
        self.schedule.at(until);
        Ok(true)
    }

    /// The incidents of one subject opened since `since`, newest first (at most
    /// [`flapping::HISTORY`]). A container's are counted by the container, whatever the kind of
    /// each finding: a loop seen by turns `container_exited` and `container_restarting` (or
    /// unhealthy between them) is one container reopening. Any other finding's, by its
    /// fingerprint.
    async fn subject_history(
        &self,
        kind: FindingKind,
        target: &str,
        fingerprint: &str,
        since: i64,
    ) -> Result<Vec<warden_store::IncidentRecord>, StoreError> {
        let fingerprints: Vec<String> = if kind.is_container() {
            flapping::CONTAINER_KINDS
                .iter()
                .map(|kind| super::evaluate::fingerprint(*kind, target))
                .collect()
        } else {
            vec![fingerprint.to_owned()]
        };
        let mut history = Vec::new();
        for fingerprint in &fingerprints {
            history.extend(
                self.store
                    .incidents_with_fingerprint(fingerprint, since, flapping::HISTORY)
                    .await?,
            );
        }
        history.sort_by(|a, b| b.opened_at.cmp(&a.opened_at).then(b.id.cmp(&a.id)));
        history.dedup_by(|a, b| a.id == b.id);
        history.truncate(usize::try_from(flapping::HISTORY).unwrap_or(usize::MAX));
        Ok(history)
    }

    /// Escalates a newly opened incident whose target flaps; true when it did.
    async fn flapped(
        &self,
        incident_id: &str,
        finding: &Finding,
        report: &mut SweepReport,
    ) -> Result<bool, StoreError> {
        let at = self.now();
        let window = i64::try_from(self.settings.flapping.window.as_secs()).unwrap_or(i64::MAX);
        let mut history = self
            .subject_history(
                finding.kind,
                &finding.target,
                &finding.fingerprint,
                at.saturating_sub(window),
            )
            .await?;
        // The new incident first, whatever the order of incidents opened in the same second.
        if let Some(at) = history.iter().position(|i| i.id == incident_id) {
            let current = history.remove(at);
            history.insert(0, current);
        }
        match flapping::verdict(&self.settings.flapping, &history, at) {
            Some(detail) => {
                self.escalate(incident_id, finding, &detail, report).await?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Repairs an incident with `plan` (or the repair model, given `context` as data) if its
    /// state and its target's budget allow it now; otherwise escalates or schedules the retry.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(
        name = "monitor_repair",
        skip_all,
        fields(incident_id, state, fingerprint = %finding.fingerprint, runbook = plan.is_some())
    )]
    pub(super) async fn act(
        &self,
        incident_id: &str,
        state: IncidentState,
        finding: &Finding,
        plan: Option<Steps>,
        container: Option<&str>,
        context: Value,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        if plan.is_none() && (self.model_jobs.is_none() || self.model_is_busy(incident_id)) {
            return Ok(());
        }
        // (A `repairing` incident that is neither verified nor with the model was left so by a
        // stopped server: it is repaired again.)
        if state == IncidentState::Escalated || self.is_verifying(incident_id) {
            return Ok(());
        }
        if state == IncidentState::AwaitingApproval
            && !self.approval_settled(incident_id, finding, report).await?
        {
            return Ok(());
        }
        // One repair of a container at a time: a crash's incident and an alert about the same
        // container (`ContainerDown`) would otherwise restart it twice.
        if let Some(name) = container
            && let Some(other) = self.repair_under_way(name, incident_id).await?
        {
            let note = format!(
                "container {name} is being repaired for incident {other}; one repair at a time"
            );
            return self.note_once(incident_id, &note).await;
        }
        let at = self.now();
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
                return self.escalate(incident_id, finding, &detail, report).await;
            }
            Allowance::Wait(until) => {
                // Said once per wait, not at every sweep until then.
                let note = format!("next repair not before {until} (backoff)");
                if self.last_event(incident_id).await?.as_deref() != Some(note.as_str()) {
                    self.store
                        .add_incident_event(incident_id, IncidentEventKind::Note, &note, at)
                        .await?;
                }
                self.schedule.at_unix(until, at);
                return Ok(());
            }
            Allowance::Repair => {}
        }
        let Some(steps) = plan else {
            return self.ask_model(finding, incident_id, context, report).await;
        };
        self.store
            .set_incident_state(incident_id, IncidentState::Repairing, at)
            .await?;
        self.store
            .record_repair(&finding.target, incident_id, at)
            .await?;
        let mut outcome = RepairStep::Done;
        for (tool, args) in steps {
            // Docker stops a running container before it starts it again: the signal it sends
            // then is this repair's, not an operator's stop.
            let restarting = match runbooks::restarted_here(&tool, &args) {
                // A learned fix copied from the repair model may name it by its id.
                Some(name) => Some(self.restarted_name(&name).await),
                None => None,
            };
            let from = super::unix_nanos();
            let invoked = self.guard.invoke(&tool, &args, &self.context).await;
            if let Some(name) = restarting {
                self.restarted_by_repair(&name, from, super::unix_nanos());
            }
            let (detail, step) = runbooks::describe(&tool, &args, &invoked);
            self.store
                .add_incident_event(incident_id, IncidentEventKind::Action, &detail, self.now())
                .await?;
            match step {
                RepairStep::Done => {}
                RepairStep::Failed | RepairStep::Refused | RepairStep::AwaitingApproval(_) => {
                    outcome = step;
                    break;
                }
            }
        }
        match outcome {
            RepairStep::AwaitingApproval(approval_id) => {
                // The approval's id, so later sweeps can follow its decision.
                self.record(
                    incident_id,
                    IncidentEventKind::Approval,
                    &approval_id,
                    IncidentState::AwaitingApproval,
                )
                .await?;
                report.mark(incident_id, Listed::AwaitingApproval);
            }
            RepairStep::Failed => {
                self.store
                    .set_incident_state(incident_id, IncidentState::Open, self.now())
                    .await?;
                report.mark(incident_id, Listed::Retrying);
                self.schedule_retry(&finding.target).await?;
            }
            RepairStep::Refused => {
                self.escalate(
                    incident_id,
                    finding,
                    "the policy forbids the runbook's repair; a human has to act",
                    report,
                )
                .await?;
            }
            RepairStep::Done => {
                self.begin_verification(incident_id, finding, container, None, report)
                    .await?;
            }
        }
        Ok(())
    }

    /// Another live incident whose repair of `container` (its name) is under way: being
    /// verified, with the repair model, or waiting for its approval. An alert's incident names
    /// its container as the alert's label spelled it (a short or full id, `/web`): such a target
    /// is matched against the container's own name and id, one identity for the check.
    async fn repair_under_way(
        &self,
        container: &str,
        incident_id: &str,
    ) -> Result<Option<String>, StoreError> {
        let verified = self.verifying.lock().ok().and_then(|all| {
            super::verify::other_repair(all.values(), container, incident_id).map(str::to_owned)
        });
        if verified.is_some() {
            return Ok(verified);
        }
        let busy: Vec<_> = self
            .store
            .live_incidents()
            .await?
            .into_iter()
            .filter(|other| {
                other.id != incident_id
                    && (other.state == IncidentState::AwaitingApproval
                        || self.model_is_busy(&other.id))
            })
            .collect();
        if let Some(other) = busy.iter().find(|other| other.target == container) {
            return Ok(Some(other.id.clone()));
        }
        if busy.is_empty() {
            return Ok(None);
        }
        // Read only when another spelling could name it. Unreadable: the container cannot be
        // restarted either, and the repair's own step reports that.
        let Some(identity) = self.inspect_data(container).await else {
            return Ok(None);
        };
        Ok(busy
            .into_iter()
            .find(|other| {
                identity.name == container
                    && super::readings::names_container(&identity, &other.target)
            })
            .map(|other| other.id))
    }

    /// Asks for a sweep when the target's budget allows its next repair (at once when the
    /// budget is spent, so that sweep escalates).
    pub(super) async fn schedule_retry(&self, target: &str) -> Result<(), StoreError> {
        let at = self.now();
        let window = i64::try_from(self.settings.budget.window.as_secs()).unwrap_or(i64::MAX);
        let (count, last) = self
            .store
            .repairs_since(target, at.saturating_sub(window))
            .await?;
        match allowance(&self.settings.budget, count, last, at) {
            Allowance::Wait(until) => self.schedule.at_unix(until, at),
            Allowance::Repair | Allowance::Exhausted => self.schedule.at_unix(at, at),
        }
        Ok(())
    }

    /// Adds a note to the timeline unless it is the latest event already.
    pub(super) async fn note_once(&self, incident_id: &str, note: &str) -> Result<(), StoreError> {
        if self.last_event(incident_id).await?.as_deref() == Some(note) {
            return Ok(());
        }
        self.store
            .add_incident_event(incident_id, IncidentEventKind::Note, note, self.now())
            .await
    }

    async fn last_event(&self, incident_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .store
            .incident(incident_id)
            .await?
            .and_then(|(_, timeline)| timeline.last().map(|e| e.detail.clone())))
    }

    /// The approval the incident's latest repair waits for, from its timeline.
    async fn pending_approval(
        &self,
        incident_id: &str,
    ) -> Result<Option<warden_store::ApprovalRecord>, StoreError> {
        let Some((_, timeline)) = self.store.incident(incident_id).await? else {
            return Ok(None);
        };
        let Some(approval_id) = timeline
            .iter()
            .rev()
            .find(|e| e.kind == IncidentEventKind::Approval)
            .map(|e| e.detail.clone())
        else {
            return Ok(None);
        };
        self.store.get_approval(&approval_id).await
    }

    /// A restart held for a human and run by the guard once approved is the monitor's own
    /// restart, as a runbook's is (see [`Monitor::restarted_by_repair`]): Docker stops a running
    /// container before it starts it again, and when it then cannot start it (a bind mount's
    /// source gone) the exit its stop caused is a crash of the repair's, not its operator's
    /// stop. Read from each incident that waits on an approval, before the sweep judges the
    /// containers' exits: the restart ran from when the guard claimed it (`executed_at`) for as
    /// long as its outcome says, or until now while it still runs.
    pub(super) async fn note_approved_restarts(&self) -> Result<(), StoreError> {
        const NANOS: i64 = 1_000_000_000;
        for incident in self.store.live_incidents().await? {
            if incident.state != IncidentState::AwaitingApproval {
                continue;
            }
            let Some(approval) = self.pending_approval(&incident.id).await? else {
                continue;
            };
            if approval.status != ApprovalStatus::Approved {
                continue;
            }
            let Some(claimed) = approval.executed_at else {
                continue;
            };
            let arguments: Value = serde_json::from_str(&approval.arguments).unwrap_or_default();
            let Some(container) = runbooks::restarted_here(&approval.tool, &arguments) else {
                continue;
            };
            // The repair model's call may name it by its id.
            let container = self.restarted_name(&container).await;
            // On the wall clock, the daemon's: from the moment the guard claimed it, as the
            // guard remembers it to the nanosecond. Otherwise (a claim it no longer remembers)
            // from the start of the second the store says it was claimed in: the guard's clock
            // counts whole seconds (and a test's may be shifted). To the end of the second its
            // run ended in.
            let shift = self.now().saturating_sub(chrono::Utc::now().timestamp());
            let from = self
                .guard
                .claimed_at_nanos(&approval.id)
                .unwrap_or_else(|| claimed.saturating_sub(shift).saturating_mul(NANOS));
            let until = match approval.execution {
                Some(Execution::Running) => super::unix_nanos(),
                Some(Execution::Done) => {
                    let took_ms = approval
                        .outcome
                        .as_deref()
                        .and_then(|o| serde_json::from_str::<Value>(o).ok())
                        .and_then(|o| o["duration_ms"].as_i64())
                        .unwrap_or(0)
                        .max(0);
                    from.saturating_add(took_ms.saturating_mul(1_000_000))
                        .saturating_add(NANOS)
                }
                _ => continue,
            };
            self.restarted_by_repair(&container, from, until);
        }
        Ok(())
    }

    /// Whether the incident's repair was approved and has run.
    async fn approved_repair_running(&self, incident_id: &str) -> Result<bool, StoreError> {
        Ok(self.pending_approval(incident_id).await?.is_some_and(|a| {
            a.status == ApprovalStatus::Approved
                && matches!(a.execution, None | Some(Execution::Running))
        }))
    }

    async fn approved_repair_ran(&self, incident_id: &str) -> Result<bool, StoreError> {
        Ok(self.pending_approval(incident_id).await?.is_some_and(|a| {
            a.status == ApprovalStatus::Approved && a.execution == Some(Execution::Done)
        }))
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
        let Some(approval) = self.pending_approval(incident_id).await? else {
            return Ok(true);
        };
        match approval.status {
            ApprovalStatus::Pending => Ok(false),
            ApprovalStatus::Approved if approval.execution != Some(Execution::Done) => Ok(false),
            ApprovalStatus::Approved => {
                let seen = format!("the approved repair ran; still {}", finding.summary);
                self.record(
                    incident_id,
                    IncidentEventKind::Verification,
                    &seen,
                    IncidentState::Open,
                )
                .await?;
                Ok(true)
            }
            status @ (ApprovalStatus::Denied
            | ApprovalStatus::Expired
            | ApprovalStatus::Withdrawn) => {
                let by = approval.decided_by.as_deref().unwrap_or("nobody");
                let detail = format!("the repair was {status} ({by}); no more repairs");
                self.escalate(incident_id, finding, &detail, report).await?;
                Ok(false)
            }
        }
    }

    /// Hands the incident to the repair model (counted against the target's budget), with
    /// `context` (the readings, or the alert) as data.
    async fn ask_model(
        &self,
        finding: &Finding,
        incident_id: &str,
        context: Value,
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
            readings: context,
        };
        let at = self.now();
        if jobs.try_send(job).is_err() {
            self.model_done(incident_id).await;
            let note = "the repair model is busy; next sweep";
            if self.last_event(incident_id).await?.as_deref() == Some(note) {
                return Ok(());
            }
            return self
                .store
                .add_incident_event(incident_id, IncidentEventKind::Note, note, at)
                .await;
        }
        self.store
            .record_repair(&finding.target, incident_id, at)
            .await?;
        self.record(
            incident_id,
            IncidentEventKind::Action,
            "no runbook covers this: asked the repair model",
            IncidentState::Repairing,
        )
        .await?;
        report.mark(incident_id, Listed::Repairing);
        Ok(())
    }

    async fn notify(
        &self,
        event: &str,
        incident_id: &str,
        finding: &Finding,
        state: IncidentState,
    ) {
        let kind = match event {
            "incident_escalated" => warden_notify::EventKind::IncidentEscalated,
            _ => warden_notify::EventKind::IncidentOpened,
        };
        self.notifier.notify(warden_notify::Notification::incident(
            kind,
            warden_notify::IncidentDetail {
                incident_id: incident_id.to_owned(),
                fingerprint: finding.fingerprint.clone(),
                kind: finding.kind.as_str().to_owned(),
                target: finding.target.clone(),
                severity: finding.severity.as_str().to_owned(),
                state: state.as_str().to_owned(),
                summary: finding.summary.clone(),
            },
        ));
    }

    /// Tells the channels an incident closed (resolved or failed), from its stored record.
    async fn notify_closed(&self, incident_id: &str, state: IncidentState) {
        match self.store.incident(incident_id).await {
            Ok(Some((incident, _))) => self.notifier.notify(warden_notify::Notification::incident(
                warden_notify::EventKind::IncidentResolved,
                warden_notify::IncidentDetail {
                    incident_id: incident.id,
                    fingerprint: incident.fingerprint,
                    kind: incident.kind.as_str().to_owned(),
                    target: incident.target,
                    severity: incident.severity.as_str().to_owned(),
                    state: state.as_str().to_owned(),
                    summary: incident.summary,
                },
            )),
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(%error, incident = incident_id, "cannot read a closed incident to notify")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(name: &str, state: &str) -> ContainerReading {
        ContainerReading {
            name: name.to_owned(),
            state: state.to_owned(),
            status: "Removal In Progress".to_owned(),
            health: None,
            exit_code: None,
            autoheal: true,
            oom_killed: false,
            restart_count: Some(0),
            started_at: None,
            finished_at: None,
            stop_signal: None,
            stop_timeout_secs: None,
            tty: false,
            restart_policy: None,
            health_check: None,
            start_error: None,
            compose_oneoff: false,
        }
    }

    #[test]
    fn a_container_being_removed_is_gone_not_cleared() {
        let containers = [listed("web", "removing"), listed("db", "running")];
        // `docker rm -f` under way: its crash no longer shows, but nothing was repaired.
        assert!(gone(&containers, "web"));
        assert!(gone(&containers, "cache"));
        assert!(!gone(&containers, "db"));
        assert!(!gone(&[listed("web", "exited")], "web"));
        assert!(gone(&[listed("web", "dead")], "web"));
    }

    #[test]
    fn a_container_its_operator_stopped_closes_as_stopped() {
        use super::super::events::Stop;
        let mut exited = listed("web", "exited");
        exited.exit_code = Some(143);
        let containers = [exited, listed("db", "running"), listed("cache", "exited")];
        let mut stops = std::collections::HashMap::new();
        stops.insert(
            "web".to_owned(),
            Stop::Requested {
                signal: 15,
                recent: true,
            },
        );
        stops.insert(
            "db".to_owned(),
            Stop::Requested {
                signal: 15,
                recent: true,
            },
        );
        stops.insert("cache".to_owned(), Stop::Unseen);
        let seen = operator_stopped(&containers, "web", &stops);
        assert!(
            seen.as_deref()
                .is_some_and(|s| s.contains("signal 15") && s.contains("exit code 143")),
            "{seen:?}"
        );
        // Still running (the stop under way), a stop not seen, no stop: not the operator's.
        assert_eq!(operator_stopped(&containers, "db", &stops), None);
        assert_eq!(operator_stopped(&containers, "cache", &stops), None);
        assert_eq!(operator_stopped(&containers, "gone", &stops), None);
    }

    #[test]
    fn a_dead_container_is_escalated_not_restarted() {
        let crash = |name: &str| {
            Finding::new(
                FindingKind::ContainerExited,
                name,
                super::super::Severity::Critical,
                format!("container {name} exited with code 1"),
            )
        };
        let mut dead = listed("web", "dead");
        dead.status = "Dead".to_owned();
        dead.exit_code = Some(1);
        dead.restart_policy = Some("always".to_owned());
        let containers = [dead, listed("db", "exited")];
        let why = cannot_be_restarted(&crash("web"), &containers);
        assert!(
            why.as_deref()
                .is_some_and(|w| w.contains("container web is dead (Dead)")
                    && w.contains("cannot start a dead container")),
            "{why:?}"
        );
        // Exited, or another container: restartable as ever.
        assert_eq!(cannot_be_restarted(&crash("db"), &containers), None);
        assert_eq!(cannot_be_restarted(&crash("cache"), &containers), None);
        // Only container findings are about a container.
        let disk = Finding::new(
            FindingKind::DiskFull,
            "web",
            super::super::Severity::Critical,
            "disk".to_owned(),
        );
        assert_eq!(cannot_be_restarted(&disk, &containers), None);
    }
}
