//! Alerts that repair: each sweep looks at the live alert incidents. One that a rule maps to a
//! runbook is repaired like a finding (through the guard, within its target's budget, verified);
//! a container is restarted only if it opted in. What no rule covers, or a container that did
//! not opt in, goes to the repair model with the alert as data (a few per sweep, so a storm of
//! alerts does not flood it); without a model it stays an incident for a human.

use serde_json::{Value, json};
use warden_protocol::readings::DockerPsData;
use warden_protocol::{IncidentEventKind, IncidentState};
use warden_store::StoreError;

use super::alerts::{AlertRunbook, compose_project_label, plain_name, rule_for};
use super::evaluate::Finding;
use super::probes;
use super::readings::ContainerReading;
use super::runbooks::{self, Steps};
use super::{Monitor, SweepReport};

/// Docker's labels naming a container's Compose service and project.
const COMPOSE_SERVICE: &str = "com.docker.compose.service";
const COMPOSE_PROJECT: &str = "com.docker.compose.project";

/// Alert incidents handed to the repair model in one sweep, at most.
const MODEL_HANDOFFS_PER_SWEEP: usize = 4;

impl Monitor {
    pub(super) async fn handle_alerts(&self, report: &mut SweepReport) -> Result<(), StoreError> {
        let mut handed = 0;
        for (incident, alert) in self.store.live_alert_incidents().await? {
            if incident.state == IncidentState::Escalated || self.is_verifying(&incident.id) {
                continue;
            }
            // One repair that held is enough: the alert closes when Alertmanager resolves it.
            if self.repair_held(&incident.id).await? {
                continue;
            }
            let alert: Value = serde_json::from_str(&alert).unwrap_or(Value::Null);
            let labels: std::collections::BTreeMap<String, String> =
                serde_json::from_value(alert["labels"].clone()).unwrap_or_default();
            let rule = rule_for(&self.settings.alert_rules, &labels);
            let project_label = rule
                .as_ref()
                .and_then(|(rule, _)| compose_project_label(&rule.label));
            let mut container: Option<String> = None;
            let plan: Option<Steps> = match rule.map(|(rule, target)| (rule.runbook, target)) {
                Some((AlertRunbook::Ignore, _)) => continue,
                Some((AlertRunbook::RestartContainer, name)) => {
                    // A Compose service: its one container, or none (said once).
                    let name = match project_label {
                        Some(project_label) => match self
                            .compose_container(
                                &name,
                                // A blank project label names none, as an absent one.
                                labels
                                    .get(project_label)
                                    .map(|project| project.trim())
                                    .filter(|project| !project.is_empty()),
                            )
                            .await
                        {
                            Ok(container) => container,
                            Err(note) => {
                                self.note_once(&incident.id, &note).await?;
                                continue;
                            }
                        },
                        None => name,
                    };
                    match self.inspect_container(&name).await {
                        // Stopped, and not read long enough to tell its operator's stop from a
                        // restart's start still to come: the follow-up sweep judges it.
                        Some(found) if self.judged_later(&found.name) => continue,
                        // Restarted, verified and budgeted by its own name, whatever the label
                        // spelled (a short id): the budget is the one its own incidents spend.
                        // Running in a run that began after the alert's episode did: it was
                        // restarted since (for its crash's incident, by its restart policy, by
                        // hand), and the alert, delivered late or not yet resolved, describes
                        // the run before. Restarting it again would be a second repair of one
                        // outage.
                        Some(found)
                            if found.autoheal
                                && restarted_since(
                                    &found,
                                    episode_start(
                                        self.store.alert_episode_start(&incident.id).await?,
                                        incident.opened_at,
                                    ),
                                ) =>
                        {
                            let note = format!(
                                "container {} has run since {} (after the alert began): not restarted again; the incident closes when Alertmanager resolves the alert",
                                found.name,
                                found.started_at.as_deref().unwrap_or("?")
                            );
                            self.note_once(&incident.id, &note).await?;
                            continue;
                        }
                        // Paused by its operator: a decision, not a fault; a restart would
                        // undo it.
                        Some(found) if found.state == "paused" => {
                            let note = format!(
                                "container {} is paused (its operator's pause, not a fault): not restarted; the incident closes when Alertmanager resolves the alert",
                                found.name
                            );
                            self.note_once(&incident.id, &note).await?;
                            continue;
                        }
                        // Stopped by its operator (`docker stop`, `docker kill`: a stop signal
                        // seen sent to this run, and an exit the sweep takes for that stop, not
                        // a crash): the alert fires because it is down, and the stop is the
                        // operator's decision. Docker's own restart policy leaves it stopped
                        // too, so no wait for Docker either.
                        Some(found) if let Some(seen) = self.stopped_by_operator(&found) => {
                            let note = format!(
                                "{seen}: not restarted for the alert; the incident closes when Alertmanager resolves the alert"
                            );
                            self.note_once(&incident.id, &note).await?;
                            continue;
                        }
                        // Being removed (`docker rm -f` under way): nothing to restart.
                        Some(found) if found.state == "removing" => {
                            let note = format!(
                                "container {} is being removed (docker rm): nothing to restart",
                                found.name
                            );
                            self.note_once(&incident.id, &note).await?;
                            continue;
                        }
                        // Dead: no one can start it again; a human has to remove it.
                        Some(found)
                            if found.autoheal
                                && let Some(why) = super::incidents::cannot_be_restarted(
                                    &Finding::new(
                                        warden_protocol::FindingKind::ContainerExited,
                                        &found.name,
                                        incident.severity,
                                        String::new(),
                                    ),
                                    std::slice::from_ref(&found),
                                ) =>
                        {
                            let finding = alert_finding(&incident, &found.name);
                            self.escalate(&incident.id, &finding, &why, report).await?;
                            continue;
                        }
                        // Warden's own restart of it (a runbook's, the repair model's, one a
                        // human approved) ran a start Docker refused: another runs the same
                        // start. Escalated with Docker's error, never restarted again.
                        Some(found)
                            if found.autoheal
                                && self.restarted_by_warden(&found)
                                && let Some(why) =
                                    super::start_failures::own_restart_failed(&found) =>
                        {
                            let finding = alert_finding(&incident, &found.name);
                            self.escalate(&incident.id, &finding, &why, report).await?;
                            continue;
                        }
                        // Docker's restart policy restarts it itself (listed `restarting`, or
                        // crashed with retries left): restarting it too would race Docker.
                        Some(found)
                            if found.autoheal
                                && self.wait_for_policy(&incident.id, &found).await? =>
                        {
                            continue;
                        }
                        // Still looping past the wait: a restart cannot help what keeps
                        // crashing. Escalated as the sweep escalates a loop it finds (without
                        // a repair model), or handed to the model; never restarted.
                        Some(found) if found.autoheal && found.state == "restarting" => {
                            let finding = alert_finding(&incident, &found.name);
                            if self
                                .escalated_restart_loop(
                                    &incident,
                                    incident.state,
                                    &finding,
                                    &found,
                                    report,
                                )
                                .await?
                            {
                                continue;
                            }
                            container = Some(found.name.clone());
                            None
                        }
                        // Only a container that runs, exited or was created and never
                        // started is restarted for an alert: any other state (one Docker adds,
                        // or none read) is not known to be a fault a restart repairs.
                        Some(found) if found.autoheal && !restartable(&found.state) => {
                            let note = format!(
                                "container {} is {}: not restarted for the alert (only a running, exited or created container is)",
                                found.name,
                                if found.state.is_empty() {
                                    "in a state Docker did not report"
                                } else {
                                    found.state.as_str()
                                }
                            );
                            self.note_once(&incident.id, &note).await?;
                            None
                        }
                        // Docker could not run its command (not found, not invokable, as its
                        // start error says), never started or not again after a stop: a
                        // restart runs the same command and fails the same way.
                        Some(found)
                            if found.autoheal
                                && let Some(why) = self.not_restartable(&found) =>
                        {
                            self.note_once(&incident.id, &why).await?;
                            None
                        }
                        Some(found) if found.autoheal => {
                            container = Some(found.name.clone());
                            Some(vec![(
                                "docker_restart".to_owned(),
                                json!({ "container": found.name }),
                            )])
                        }
                        // A Compose one-off run (`docker compose run`): never opted in, and no
                        // repair model restarts it either: a restart runs its task again.
                        Some(found) if found.compose_oneoff => {
                            self.note_once(&incident.id, &super::faults::oneoff_note(&found.name))
                                .await?;
                            continue;
                        }
                        Some(found) => {
                            let note = format!(
                                "container {} has not opted in to restarts (label {}=true or monitor.autoheal): not restarted",
                                found.name, self.settings.autoheal_label
                            );
                            self.note_once(&incident.id, &note).await?;
                            None
                        }
                        None => {
                            let note = format!(
                                "container {name} does not exist (no container of that name or id could be inspected): nothing to restart"
                            );
                            self.note_once(&incident.id, &note).await?;
                            None
                        }
                    }
                }
                // A mount held in memory, or read-only, frees nothing when Docker is pruned.
                Some((AlertRunbook::ReclaimDocker, target)) => {
                    match super::disk_fit::alert_prune_misfit(
                        &labels,
                        &target,
                        &report.readings.disks,
                        report.readings.docker.data_root.as_deref(),
                    ) {
                        Some(why) => {
                            self.note_once(&incident.id, &why).await?;
                            continue;
                        }
                        None => runbooks::reclaim_docker(self.settings.prune_label.as_deref()),
                    }
                }
                Some((AlertRunbook::Model, _)) | None => None,
            };
            if plan.is_none() {
                if self.model_jobs.is_none() || handed >= MODEL_HANDOFFS_PER_SWEEP {
                    continue;
                }
                handed += 1;
            }
            let finding = Finding {
                fingerprint: incident.fingerprint.clone(),
                kind: incident.kind,
                target: container.clone().unwrap_or_else(|| incident.target.clone()),
                severity: incident.severity,
                summary: incident.summary.clone(),
                repairable: plan.is_some(),
                not_repaired: None,
            };
            let context = json!({
                "alert": alert,
                "readings": serde_json::to_value(&report.readings).unwrap_or_default(),
            });
            self.act(
                &incident.id,
                incident.state,
                &finding,
                plan,
                container.as_deref(),
                context,
                report,
            )
            .await?;
        }
        Ok(())
    }
}

/// An alert incident's finding about the container `target`, for what escalates it rather
/// than repairs it.
fn alert_finding(incident: &warden_store::IncidentRecord, target: &str) -> Finding {
    Finding {
        fingerprint: incident.fingerprint.clone(),
        kind: incident.kind,
        target: target.to_owned(),
        severity: incident.severity,
        summary: incident.summary.clone(),
        repairable: false,
        not_repaired: None,
    }
}

/// The states of a container an alert's restart may repair: running (the alert says it is
/// down or failing), exited, or created and never started. Paused, restarting, dead and removing
/// are judged on their own; any other is left alone (fail closed).
fn restartable(state: &str) -> bool {
    matches!(state, "running" | "exited" | "created")
}

impl Monitor {
    /// What was seen if `container`'s operator stopped it: listed exited after a stop signal
    /// seen sent to its current run, with an exit the sweep takes for that stop (not a crash,
    /// not a kill for memory). As a sweep closes such a container's own incident, an alert
    /// about it restarts nothing.
    ///
    /// Nor one stopped at its own terminal (`docker run -it` and Ctrl-C: exit 130 or 131 of a
    /// container with a terminal, see [`super::faults::interrupted_at_its_terminal`]).
    ///
    /// Nor is one restarted whose exit may have been such a stop unseen: its run began before
    /// the monitor followed Docker's events without a break (Warden restarted since, the
    /// stream was down), and it exited with any code but 0 (its own stop signal's, SIGTERM's,
    /// SIGKILL's, or one a stop handler chose), with no kill for memory flagged.
    fn stopped_by_operator(&self, container: &ContainerReading) -> Option<String> {
        if let Some(code) = container.exit_code.filter(|code| {
            container.state == "exited"
                && !container.oom_killed
                && super::faults::interrupted_at_its_terminal(container, *code)
        }) {
            return Some(format!(
                "container {} was stopped at its own terminal (exit code {code}: Ctrl-C or \
                 Ctrl-\\ of docker run -it reaches its program there, with no signal Docker \
                 records): a stop is its user's decision, not a repair; it stays stopped",
                container.name
            ));
        }
        let stop = self.stop_of(container);
        // Still running while its stop is under way (`docker stop -t 300` waiting for it to
        // end, see [`super::events::stopping_grace_secs`]): the alert fires because it is going
        // down, and a restart would undo the stop.
        if let super::events::Stop::Requested {
            signal,
            recent: true,
        } = stop
            && container.state == "running"
        {
            return Some(format!(
                "container {} is being stopped (signal {signal} sent to it, and it has not \
                 ended yet): a stop is its operator's decision, not a repair",
                container.name
            ));
        }
        // Sent its stop signal longer ago than `docker stop` waits without `-t`, running on:
        // a longer `docker stop -t N` may still be waiting (see [`super::events::Stop::Unconfirmed`]).
        if let super::events::Stop::Unconfirmed { signal } = stop
            && container.state == "running"
        {
            return Some(format!(
                "container {} was sent signal {signal} and runs on with no SIGKILL nor stop \
                 since: a docker stop -t N may still be waiting for it to end, and a restart \
                 would undo it; if it was docker kill -s that its program ignored, restart it \
                 by hand",
                container.name
            ));
        }
        if matches!(
            stop,
            super::events::Stop::Unseen | super::events::Stop::UnseenAtStart
        ) {
            let code = container.exit_code.filter(|code| *code != 0)?;
            if container.state != "exited" || container.oom_killed {
                return None;
            }
            let seen = super::faults::Seen {
                oom: false,
                stop,
                now: None,
            };
            let maybe_stopped = super::faults::container_fault(container, seen)
                .is_none_or(|fault| fault.not_repaired.is_some());
            return maybe_stopped.then(|| {
                format!(
                    "container {} exited with code {code} in a run that began before Warden \
                     followed Docker's events without a break: a stop sent to it may have gone \
                     unseen, so it may have been stopped by its operator",
                    container.name
                )
            });
        }
        if !matches!(stop, super::events::Stop::Requested { .. }) {
            return None;
        }
        let seen = super::faults::Seen {
            oom: false,
            stop,
            now: None,
        };
        if super::faults::container_fault(container, seen).is_some() {
            return None;
        }
        let stops = std::collections::HashMap::from([(container.name.clone(), stop)]);
        super::incidents::operator_stopped(std::slice::from_ref(container), &container.name, &stops)
    }
}

/// When the alert's episode began, in milliseconds, as far as the monitor can tell: its
/// `startsAt` (`starts_at_ms`), but never after the server first received it (`received`, Unix
/// seconds: the incident's opening). A sender whose clock runs ahead sends a `startsAt` in the
/// future; a run begun after the alert arrived (restarted since, for its crash or by its policy)
/// is still after the episode began. Without `startsAt`, its arrival.
///
/// The opening is kept to the second, so the alert arrived at the latest in the last millisecond
/// of that second: a container started in the same second as the alert's own `startsAt` (the
/// sender's clock in step, the alert received a moment later) did not start after the episode
/// began, and is restarted for it.
fn episode_start(starts_at_ms: Option<i64>, received: i64) -> Option<i64> {
    let received = received
        .saturating_add(1)
        .saturating_mul(1000)
        .saturating_sub(1);
    Some(starts_at_ms.map_or(received, |starts| starts.min(received)))
}

/// Whether `container` runs now in a run that started after the alert's episode began
/// (`episode_ms`, `startsAt` in milliseconds). Unknown times say no.
fn restarted_since(container: &ContainerReading, episode_ms: Option<i64>) -> bool {
    let started = container
        .started_at
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp_millis());
    match (started, episode_ms) {
        (Some(started), Some(episode)) => container.state == "running" && started > episode,
        _ => false,
    }
}

impl Monitor {
    /// The one container of Compose service `service` (of `project` when the alert names it),
    /// found by Docker's labels `com.docker.compose.service` and `com.docker.compose.project`;
    /// why none is restarted otherwise: no such container, several (replicas, or one service
    /// in several projects: which one the alert is about is not known), a project that is no
    /// plain name, or Docker not read.
    async fn compose_container(
        &self,
        service: &str,
        project: Option<&str>,
    ) -> Result<String, String> {
        let of = match project {
            Some(project) => format!("Compose service {service} of project {project}"),
            None => format!("Compose service {service}"),
        };
        if project.is_some_and(|project| !plain_name(project)) {
            return Err(format!(
                "the alert's Compose project is not a plain name: no container of {service} restarted"
            ));
        }
        let data: DockerPsData = probes::read_typed(
            &self.guard,
            &self.context,
            "docker_ps",
            json!({
                "all": true,
                "limit": 500,
                "label": format!("{COMPOSE_SERVICE}={service}"),
            }),
        )
        .await
        .map_err(|e| {
            format!("the containers of {of} could not be listed ({e}): nothing restarted")
        })?;
        let mut names: Vec<String> = data
            .containers
            .iter()
            .filter(|c| {
                let label = |key: &str| {
                    c.labels
                        .as_ref()
                        .and_then(|l| l.get(key))
                        .map(String::as_str)
                };
                // A one-off run (`docker compose run worker`, `--rm` or not) carries the
                // service's label: restarting it runs its task again. A service scaled to 0
                // with one such run beside it has no container the alert can be about.
                let oneoff = super::readings::compose_oneoff(c.labels.as_ref());
                label(COMPOSE_SERVICE) == Some(service)
                    && !oneoff
                    && project.is_none_or(|project| label(COMPOSE_PROJECT) == Some(project))
            })
            .map(|c| c.name.strip_prefix('/').unwrap_or(&c.name).to_owned())
            .collect();
        names.sort();
        names.dedup();
        match names.len() {
            1 => Ok(names.remove(0)),
            0 => Err(format!(
                "no container of {of} exists (Docker's label {COMPOSE_SERVICE}): nothing to restart"
            )),
            n => Err(format!(
                "{of} has {n} containers ({}): which one the alert is about is not known, none is restarted",
                names.join(", ")
            )),
        }
    }

    /// Whether the incident's latest verification found its repair held.
    async fn repair_held(&self, incident_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .store
            .incident(incident_id)
            .await?
            .and_then(|(_, timeline)| {
                timeline
                    .iter()
                    .rev()
                    .find(|e| e.kind == IncidentEventKind::Verification)
                    .map(|e| e.detail.starts_with("held"))
            })
            .unwrap_or(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(state: &str, started_at: Option<&str>) -> ContainerReading {
        ContainerReading {
            name: "web".to_owned(),
            state: state.to_owned(),
            status: String::new(),
            health: None,
            exit_code: None,
            autoheal: true,
            oom_killed: false,
            restart_count: Some(0),
            started_at: started_at.map(str::to_owned),
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
    fn an_episode_began_no_later_than_its_alert_arrived() {
        // Received in the second 10:00:00; a sender an hour ahead says 11:00:00.
        let received = 1_796_292_000;
        assert_eq!(
            episode_start(Some(1_796_295_600_000), received),
            Some(1_796_292_000_999)
        );
        // Began before it arrived: its own time.
        assert_eq!(
            episode_start(Some(1_796_291_000_000), received),
            Some(1_796_291_000_000)
        );
        // Began in the second it arrived, 600 ms in: its own time, not the second's start.
        assert_eq!(
            episode_start(Some(1_796_292_000_600), received),
            Some(1_796_292_000_600)
        );
        // No `startsAt`: its arrival, at the latest.
        assert_eq!(episode_start(None, received), Some(1_796_292_000_999));
    }

    #[test]
    fn a_container_started_in_the_second_its_alert_began_and_arrived_is_restarted_for_it() {
        // The container started 10:00:00.600, the alert says so and arrived in that second.
        let started = "2026-12-01T10:00:00.600Z";
        let starts = chrono::DateTime::parse_from_rfc3339(started)
            .unwrap()
            .timestamp_millis();
        let received = starts / 1000;
        assert!(!restarted_since(
            &container("running", Some(started)),
            episode_start(Some(starts), received)
        ));
        // Started a second after it arrived: restarted since.
        let later = container("running", Some("2026-12-01T10:00:01.700Z"));
        assert!(restarted_since(
            &later,
            episode_start(Some(starts), received)
        ));
    }

    #[test]
    fn a_container_restarted_after_its_alert_began_is_not_restarted_for_it_again() {
        // The alert's episode began at 10:00:00 (startsAt).
        let episode = Some(1_796_292_000_000);
        // Crashed at 09:59, restarted for its crash at 10:00:05: the alert describes the outage
        // that restart ended.
        let restarted = container("running", Some("2026-12-03T10:00:05.123456789Z"));
        assert!(restarted_since(&restarted, episode));
        // Running since before the alert (hung, not down): the alert's restart is the repair.
        let hung = container("running", Some("2026-12-03T09:00:00Z"));
        assert!(!restarted_since(&hung, episode));
        // Down now, whenever it last started: restarted.
        let down = container("exited", Some("2026-12-03T10:00:05Z"));
        assert!(!restarted_since(&down, episode));
        // Without either time nothing is known: the alert's runbook applies.
        assert!(!restarted_since(&restarted, None));
        assert!(!restarted_since(&container("running", None), episode));
        assert!(!restarted_since(
            &container("running", Some("0001-01-01T00:00:00Z")),
            episode
        ));
    }
}
