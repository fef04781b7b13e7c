//! What a sweep does with its findings: open or count incidents, resolve what has cleared, repair
//! through the guard within the target's budget (a runbook, or the repair model), follow repairs
//! held for approval, verify by reading again, escalate what may not be repaired any more.

use std::collections::HashMap;

use warden_store::{NewIncident, StoreError};

use super::evaluate::{self, Finding, SWEPT_KINDS};
use super::runbooks::{self, Allowance, RepairStep, allowance};
use super::{Monitor, SweepReport, model};
use crate::guard::now;

impl Monitor {
    /// Appends `detail` to the incident's timeline as `kind` and moves it to `state`.
    async fn record(
        &self,
        incident_id: &str,
        kind: &str,
        detail: &str,
        state: &str,
    ) -> Result<(), StoreError> {
        let at = now();
        self.store
            .add_incident_event(incident_id, kind, detail, at)
            .await?;
        self.store.set_incident_state(incident_id, state, at).await
    }

    /// No more repairs: a human has to look. Notified.
    async fn escalate(
        &self,
        incident_id: &str,
        finding: &Finding,
        detail: &str,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        self.record(incident_id, "escalated", detail, "escalated")
            .await?;
        report.escalated.push(incident_id.to_owned());
        self.notify("incident_escalated", incident_id, finding, "escalated")
            .await;
        Ok(())
    }

    /// Closes the incident as `state` (resolved or failed) with what was seen.
    async fn close(
        &self,
        incident_id: &str,
        seen: &str,
        state: &str,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        self.record(incident_id, "verification", seen, state)
            .await?;
        self.store
            .add_incident_event(incident_id, "outcome", state, now())
            .await?;
        report.resolved.push(incident_id.to_owned());
        self.notify_closed(incident_id, state).await;
        Ok(())
    }

    /// Live incidents of swept kinds whose finding is gone are resolved.
    pub(super) async fn resolve_cleared(&self, report: &mut SweepReport) -> Result<(), StoreError> {
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
            self.close(&incident.id, seen, state, report).await?;
        }
        Ok(())
    }

    pub(super) async fn handle(
        &self,
        finding: &Finding,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
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
        let plan = runbooks::plan(finding, self.settings.prune_label.as_deref());
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
                return self.escalate(&incident.id, finding, &detail, report).await;
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
                self.record(&incident.id, "approval", &approval_id, "awaiting_approval")
                    .await?;
            }
            RepairStep::Failed => {
                self.store
                    .set_incident_state(&incident.id, "open", now())
                    .await?;
            }
            RepairStep::Refused => {
                self.escalate(
                    &incident.id,
                    finding,
                    "the policy forbids the runbook's repair; a human has to act",
                    report,
                )
                .await?;
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
        match approval.status.as_str() {
            "pending" => Ok(false),
            "approved" if approval.execution.as_deref() != Some("done") => Ok(false),
            "approved" => {
                let seen = format!("the approved repair ran; still {}", finding.summary);
                self.record(incident_id, "verification", &seen, "open")
                    .await?;
                Ok(true)
            }
            status => {
                let by = approval.decided_by.as_deref().unwrap_or("nobody");
                let detail = format!("the repair was {status} ({by}); no more repairs");
                self.escalate(incident_id, finding, &detail, report).await?;
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
            .record_repair(&finding.target, incident_id, at)
            .await?;
        self.record(
            incident_id,
            "action",
            "no runbook covers this: asked the repair model",
            "repairing",
        )
        .await?;
        report.repaired.push(incident_id.to_owned());
        Ok(())
    }

    /// Reads again after a repair: the finding gone means resolved (true); still there, the
    /// incident stays open for the next attempt (within budget).
    pub(super) async fn verify(
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
        match still {
            None => {
                let seen = format!(
                    "read again after {} s: cleared",
                    self.settings.verify_after.as_secs()
                );
                self.close(incident_id, &seen, "resolved", report).await?;
                Ok(true)
            }
            Some(again) => {
                let seen = format!("read again: still {}", again.summary);
                self.record(incident_id, "verification", &seen, "open")
                    .await?;
                Ok(false)
            }
        }
    }

    async fn notify(&self, event: &str, incident_id: &str, finding: &Finding, state: &str) {
        let kind = match event {
            "incident_escalated" => warden_notify::EventKind::IncidentEscalated,
            _ => warden_notify::EventKind::IncidentOpened,
        };
        self.notifier.notify(warden_notify::Notification::incident(
            kind,
            warden_notify::IncidentDetail {
                incident_id: incident_id.to_owned(),
                fingerprint: finding.fingerprint.clone(),
                kind: finding.kind.clone(),
                target: finding.target.clone(),
                severity: finding.severity.as_str().to_owned(),
                state: state.to_owned(),
                summary: finding.summary.clone(),
            },
        ));
    }

    /// Tells the channels an incident closed (resolved or failed), from its stored record.
    async fn notify_closed(&self, incident_id: &str, state: &str) {
        match self.store.incident(incident_id).await {
            Ok(Some((incident, _))) => self.notifier.notify(warden_notify::Notification::incident(
                warden_notify::EventKind::IncidentResolved,
                warden_notify::IncidentDetail {
                    incident_id: incident.id,
                    fingerprint: incident.fingerprint,
                    kind: incident.kind,
                    target: incident.target,
                    severity: incident.severity,
                    state: state.to_owned(),
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
