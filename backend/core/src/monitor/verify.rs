//! Verifying a repair by the fault itself, for long enough to mean something. A restarted
//! container holds when, for `verify_hold`, it stays running, is not killed for memory or
//! exited, its health check does not fail (and has passed, if it has one), and neither Docker's
//! restart policy nor anyone else has started it again since the repair (its start time and
//! restart count are those read right after the repair). A Compose service's container
//! recreated meanwhile (`docker compose up --force-recreate`: another container, the same
//! project and service, the same name once Compose renames it) is followed: its replacement is
//! verified from its own start, a few times at most, rather than the repair taken for failed.
//! Other repairs hold when their finding is gone. A container stopped during the verification
//! by a stop signal sent to it (`docker stop`, `docker kill`) was stopped by its operator: a
//! decision, not a fault, so the incident ends and it is not restarted again. A container
//! removed (`docker rm -f`, gone or being removed) was not repaired. The monitor reads every
//! `verify_after` until the verdict, in sweeps the schedule asks for, so other incidents are
//! handled meanwhile.

use std::time::{Duration, Instant};
use warden_protocol::{IncidentEventKind, IncidentState};

use serde_json::json;
use warden_store::StoreError;

use super::evaluate::Finding;
use super::events::Stop;
use super::faults::{Seen, container_fault};
use super::readings::{self, ContainerReading};
use super::report::Listed;
use super::{Monitor, SweepReport, probes};
use warden_protocol::readings::ContainerInspectData;

/// How much longer than the hold a container whose health check is still `starting` is given
/// to pass it.
const HEALTH_GRACE: Duration = Duration::from_secs(120);

/// What a container looked like right after its repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub started_at: Option<String>,
    pub restart_count: Option<i64>,
    /// Its id, and the Compose project and service it belongs to (its labels), if any: what
    /// tells its replacement by Compose from another container.
    pub id: Option<String>,
    pub compose: Option<(String, String)>,
}

/// Replacements of a Compose service's container followed in one verification, at most: beyond,
/// a container recreated again and again is a repair that did not hold.
pub const REPLACEMENTS_FOLLOWED: u32 = 3;

const COMPOSE_PROJECT: &str = "com.docker.compose.project";
const COMPOSE_SERVICE: &str = "com.docker.compose.service";

impl Mark {
    /// The mark of an inspected container.
    pub fn of(data: &ContainerInspectData) -> Mark {
        let label = |name: &str| {
            data.labels
                .as_ref()
                .and_then(|labels| labels.get(name))
                .filter(|value| !value.is_empty())
                .cloned()
        };
        Mark {
            started_at: data.started_at.clone(),
            restart_count: data.restart_count,
            id: data.id.clone().filter(|id| !id.is_empty()),
            compose: label(COMPOSE_PROJECT).zip(label(COMPOSE_SERVICE)),
        }
    }

    /// Whether `now` replaces the container this mark was taken of: Compose recreated it (another
    /// id, the same project and service). Only a Compose service's container is ever replaced:
    /// for any other, another id is another container.
    pub fn replaced_by(&self, now: &Mark) -> bool {
        self.compose.is_some()
            && self.compose == now.compose
            && self.id.is_some()
            && now.id.is_some()
            && self.id != now.id
    }
}

/// A repair being verified.
#[derive(Debug, Clone)]
pub struct Verifying {
    pub incident_id: String,
    pub finding: Finding,
    /// The container the repair acted on, when it did.
    pub container: Option<String>,
    pub since: Instant,
    pub baseline: Option<Mark>,
    /// The repair model's changes, learned from when the verdict comes (a fix that held is
    /// remembered, and proposed as a runbook once it held often enough).
    pub remember: Option<Vec<(String, serde_json::Value)>>,
    /// Whether the incident closes when the repair holds (an alert's waits for Alertmanager).
    pub closes: bool,
    /// Replacements of the container by Compose followed so far.
    pub replaced: u32,
}

/// A verification read's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Held(String),
    /// Read again at this time.
    NotYet(Instant),
    DidNotHold(String),
    /// The container is gone, or being removed: not repaired.
    Gone,
    /// Its operator stopped the container (what was seen): the incident ends, unrepaired.
    Stopped(String),
}

/// The incident, other than `incident_id`, whose repair of `container` is being verified.
pub fn other_repair<'a>(
    verifying: impl IntoIterator<Item = &'a Verifying>,
    container: &str,
    incident_id: &str,
) -> Option<&'a str> {
    verifying
        .into_iter()
        .find(|v| v.incident_id != incident_id && v.container.as_deref() == Some(container))
        .map(|v| v.incident_id.as_str())
}

/// Whether `container` is being removed (`docker rm -f` under way) or `dead` (what a removal
/// that failed half-way leaves: it can only be removed), whatever else it shows: not repaired.
pub fn on_its_way_out(container: &ContainerReading) -> bool {
    container.state == "removing" || container.state == "dead"
}

/// Judges a container against what it was right after the repair, given whether a signal that
/// stops it was sent to its current run (`stop`, from Docker's events).
pub fn judge_container(
    container: &ContainerReading,
    stop: Stop,
    baseline: Option<&Mark>,
    since: Instant,
    now: Instant,
    every: Duration,
    hold: Duration,
) -> Verdict {
    if on_its_way_out(container) {
        return Verdict::Gone;
    }
    let seen = Seen {
        oom: false,
        stop,
        now: None,
    };
    if let Some(fault) = container_fault(container, seen) {
        return Verdict::DidNotHold(format!("container {} {}", container.name, fault.why));
    }
    // Stopped by a stop signal sent to it, without a crash: its operator's decision.
    let stopped = container.state == "exited";
    if let (true, Stop::Requested { signal, .. }) = (stopped, stop) {
        return Verdict::Stopped(format!(
            "container {} was stopped during the verification (signal {signal} sent to it, exit \
             code {}): a stop is its operator's decision, not a fault; not restarted again",
            container.name,
            container
                .exit_code
                .map_or_else(|| "?".to_owned(), |code| code.to_string())
        ));
    }
    // Paused by its operator (`docker pause`) while the repair was verified: a decision, not a
    // fault; the container is left paused, never restarted out of it.
    if container.state == "paused" {
        return Verdict::Stopped(format!(
            "container {} was paused during the verification (docker pause): a pause is its \
             operator's decision, not a fault; not restarted",
            container.name
        ));
    }
    if let Some(mark) = baseline {
        // Any change of the count is a start Docker made since the mark: its restart policy
        // counts up; a start by hand sets it back to 0; a count past its type's bound, as a
        // proxy may relay it, wraps below the mark.
        if let (Some(before), Some(after)) = (mark.restart_count, container.restart_count)
            && after != before
        {
            let times = if after > before {
                format!("{} times", after.abs_diff(before))
            } else {
                format!("(its restart count went from {before} to {after})")
            };
            return Verdict::DidNotHold(format!(
                "Docker restarted container {} {times} since the repair",
                container.name,
            ));
        }
        match (&mark.started_at, &container.started_at) {
            (Some(before), Some(after)) if before != after => {
                return Verdict::DidNotHold(format!(
                    "container {} started again since the repair (at {after})",
                    container.name
                ));
            }
            // Its start time not read this time (Docker failed or timed out on its inspect
            // while it answered the list): whether it started again is not known, which is no
            // sign that it did. Read again; a crash still shows by its listed exit.
            (Some(_), None) => {
                return Verdict::NotYet(now + every.max(Duration::from_millis(200)));
            }
            _ => {}
        }
    }
    if container.state != "running" {
        return Verdict::DidNotHold(format!(
            "container {} is {} ({})",
            container.name, container.state, container.status
        ));
    }
    let elapsed = now.saturating_duration_since(since);
    let next = (now + every.max(Duration::from_millis(200))).min(since + hold.max(every));
    if elapsed < hold {
        return Verdict::NotYet(next.max(now + Duration::from_millis(200)));
    }
    if container.health.as_deref() == Some("starting") {
        // Its own settings, when read, may give Docker longer to decide (a start period of
        // five minutes): that long, not a restart sooner.
        let grace = container
            .health_check
            .as_ref()
            .map(super::faults::health_decided_secs)
            .map_or(HEALTH_GRACE, |secs| {
                HEALTH_GRACE.max(Duration::from_secs(secs))
            });
        if elapsed < hold + grace {
            return Verdict::NotYet(now + every.max(Duration::from_millis(200)));
        }
        return Verdict::DidNotHold(format!(
            "the health check of container {} has not passed in {} s",
            container.name,
            elapsed.as_secs()
        ));
    }
    let health = container
        .health
        .as_deref()
        .map(|h| format!(", {h}"))
        .unwrap_or_default();
    Verdict::Held(format!(
        "held for {} s: the fault has cleared (container {} running{health}, not restarted since the repair)",
        elapsed.as_secs(),
        container.name
    ))
}

impl Monitor {
    /// A container as `docker_inspect` reads it (through the guard), or None when it is gone or
    /// cannot be read, or when Docker answered with another container (one whose id begins with
    /// the name asked for: see [`readings::names_container`]). The reading bears the
    /// container's own name, whatever `name` spelled (a short id, `/web`).
    pub(super) async fn inspect_container(&self, name: &str) -> Option<ContainerReading> {
        let data = self.inspect_data(name).await?;
        Some(readings::container_from_inspect(
            &data,
            &self.settings.autoheal_label,
            &self.settings.autoheal,
        ))
    }

    /// `docker_inspect`'s data for the container `name` names (its name or id), None as for
    /// [`Monitor::inspect_container`].
    pub(super) async fn inspect_data(&self, name: &str) -> Option<ContainerInspectData> {
        let data: ContainerInspectData = probes::read_typed(
            &self.guard,
            &self.context,
            "docker_inspect",
            json!({ "container": name }),
        )
        .await
        .ok()?;
        if !readings::names_container(&data, name) {
            tracing::warn!(
                asked = name,
                answered = data.name,
                "docker_inspect answered with another container (an id prefix): taken as gone"
            );
            return None;
        }
        Some(data)
    }

    /// The name of the container a restart named `spelled`: itself, unless it spells an id
    /// (12 to 64 lowercase hexadecimal digits, as `docker ps` shows one), which is looked up
    /// (`docker_inspect`) so that the restart is remembered by the name the sweep reads. An id
    /// that names no container is kept as spelled.
    pub(super) async fn restarted_name(&self, spelled: &str) -> String {
        if !super::event_ids::id_like(spelled) {
            return spelled.to_owned();
        }
        match self.inspect_data(spelled).await {
            Some(data) if !super::readings::plain_container_name(&data.name).is_empty() => {
                super::readings::plain_container_name(&data.name).to_owned()
            }
            _ => spelled.to_owned(),
        }
    }

    /// Starts verifying a repair that ran: the incident is `repairing` until the verdict.
    pub(super) async fn begin_verification(
        &self,
        incident_id: &str,
        finding: &Finding,
        container: Option<&str>,
        remember: Option<Vec<(String, serde_json::Value)>>,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        let baseline = match container {
            Some(name) => self.inspect_data(name).await.map(|data| Mark::of(&data)),
            None => None,
        };
        let verifying = Verifying {
            incident_id: incident_id.to_owned(),
            finding: finding.clone(),
            container: container.map(str::to_owned),
            since: Instant::now(),
            baseline,
            remember,
            closes: finding.kind != warden_protocol::FindingKind::Alert,
            replaced: 0,
        };
        self.store
            .set_incident_state(incident_id, IncidentState::Repairing, self.now())
            .await?;
        if let Ok(mut all) = self.verifying.lock() {
            all.insert(incident_id.to_owned(), verifying);
        }
        report.mark(incident_id, Listed::Repairing);
        self.schedule
            .at_and_notify(Instant::now() + self.settings.verify_after);
        Ok(())
    }

    pub(super) fn is_verifying(&self, incident_id: &str) -> bool {
        self.verifying
            .lock()
            .map(|all| all.contains_key(incident_id))
            .unwrap_or(false)
    }

    /// Stops verifying; the verification, if there was one.
    pub(super) fn stop_verifying(&self, incident_id: &str) -> Option<Verifying> {
        self.verifying
            .lock()
            .ok()
            .and_then(|mut all| all.remove(incident_id))
    }

    /// The repair did not hold: the incident is open again, retried on the backoff schedule.
    pub(super) async fn did_not_hold(
        &self,
        incident_id: &str,
        finding: &Finding,
        seen: &str,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        if let Some(calls) = self.stop_verifying(incident_id).and_then(|v| v.remember) {
            self.learn_from_repair(finding, incident_id, &calls, false)
                .await?;
        }
        self.record(
            incident_id,
            IncidentEventKind::Verification,
            &format!("did not hold: {seen}"),
            IncidentState::Open,
        )
        .await?;
        report.mark(incident_id, Listed::Retrying);
        self.schedule_retry(&finding.target).await
    }

    /// Reads each repair being verified whose finding this sweep did not see, and gives its
    /// verdict, or asks for the next read. Repairs made after the sweep's readings were taken
    /// (`read_at`) wait for the next sweep: those readings show the fault before the repair.
    pub(super) async fn check_verifications(
        &self,
        report: &mut SweepReport,
        read_at: Instant,
    ) -> Result<(), StoreError> {
        let pending: Vec<Verifying> = self
            .verifying
            .lock()
            .map(|all| {
                all.values()
                    .filter(|v| v.since < read_at)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        for verifying in pending {
            let id = verifying.incident_id.clone();
            // Closed meanwhile (Alertmanager resolved the alert, say): nothing left to verify.
            let closed = self
                .store
                .incident(&id)
                .await?
                .is_none_or(|(incident, _)| incident.closed_at.is_some());
            if closed {
                self.stop_verifying(&id);
                continue;
            }
            // Its container stopped, not read long enough to tell its operator's stop from a
            // restart's start still to come: verified by the follow-up sweep.
            if verifying
                .container
                .as_deref()
                .is_some_and(|name| self.judged_later(name))
            {
                continue;
            }
            let verdict = match &verifying.container {
                Some(name) => {
                    let seen = report
                        .readings
                        .docker
                        .containers
                        .iter()
                        .find(|c| &c.name == name)
                        .cloned();
                    let container = match seen {
                        // Listed without what its inspect adds (Docker failed on that one
                        // inspect): inspected alone, and judged as listed if that fails too.
                        Some(seen) if seen.started_at.is_none() => Some(
                            self.inspect_container(name)
                                .await
                                .filter(|inspected| inspected.started_at.is_some())
                                .unwrap_or(seen),
                        ),
                        Some(seen) => Some(seen),
                        None => self.inspect_container(name).await,
                    };
                    match container {
                        Some(container) => judge_container(
                            &container,
                            self.stop_of(&container),
                            verifying.baseline.as_ref(),
                            verifying.since,
                            Instant::now(),
                            self.settings.verify_after,
                            self.settings.verify_hold,
                        ),
                        None if report.readings.docker.reachable => Verdict::Gone,
                        // Docker does not answer: nothing can be judged yet.
                        None => Verdict::NotYet(Instant::now() + self.settings.verify_after),
                    }
                }
                None => Verdict::Held(format!(
                    "read again after {} s: the fault has cleared",
                    verifying.since.elapsed().as_secs()
                )),
            };
            // Compose stops and removes the container it replaces: followed, not taken for a
            // stop or a removal.
            let verdict = match verdict {
                Verdict::DidNotHold(_) | Verdict::Gone | Verdict::Stopped(_) => {
                    self.follow_replacement(&verifying, verdict).await?
                }
                Verdict::Held(_) | Verdict::NotYet(_) => verdict,
            };
            match verdict {
                Verdict::NotYet(at) => self.schedule.at(at),
                Verdict::DidNotHold(seen) => {
                    self.did_not_hold(&id, &verifying.finding, &seen, report)
                        .await?;
                }
                Verdict::Gone => {
                    self.stop_verifying(&id);
                    self.close(
                        &id,
                        "the container no longer exists",
                        IncidentState::Failed,
                        report,
                    )
                    .await?;
                }
                Verdict::Stopped(seen) => {
                    self.stop_verifying(&id);
                    self.close_because(
                        &id,
                        &seen,
                        IncidentState::Resolved,
                        super::incidents::STOPPED_BY_OPERATOR,
                        report,
                    )
                    .await?;
                }
                Verdict::Held(seen) => self.held(verifying, &seen, report).await?,
            }
        }
        Ok(())
    }

    /// A repaired Compose service's container that did not hold, or is gone, may have been
    /// recreated by Compose meanwhile: its replacement (another id, the same project and
    /// service, under the same name) is verified from now on instead. While Compose swaps the
    /// two (it creates the replacement as `<old short id>_<name>`, stops and removes the old one,
    /// then renames the replacement), the verification waits, within the hold. Anything else
    /// keeps its verdict.
    async fn follow_replacement(
        &self,
        verifying: &Verifying,
        verdict: Verdict,
    ) -> Result<Verdict, StoreError> {
        let (Some(name), Some(mark)) = (&verifying.container, &verifying.baseline) else {
            return Ok(verdict);
        };
        // Not a Compose service's: another id under its name is another container (`docker rm`
        // and `docker run --name` again). The one repaired no longer exists: neither held nor
        // failed to hold; the new one is judged as any container, under its own incidents.
        if mark.compose.is_none() {
            if !matches!(verdict, Verdict::DidNotHold(_)) {
                return Ok(verdict);
            }
            let Some(old_id) = &mark.id else {
                return Ok(verdict);
            };
            let current = self.inspect_data(name).await.map(|data| Mark::of(&data));
            let Some(new_id) = current
                .and_then(|current| current.id)
                .filter(|id| id != old_id)
            else {
                return Ok(verdict);
            };
            let short = |id: &str| id.get(..12).unwrap_or(id).to_owned();
            self.store
                .add_incident_event(
                    &verifying.incident_id,
                    IncidentEventKind::Note,
                    &format!(
                        "container {name} was removed and another created under its name during \
                         the verification (id {} now, {} repaired): the repaired container no \
                         longer exists",
                        short(&new_id),
                        short(old_id)
                    ),
                    self.now(),
                )
                .await?;
            return Ok(Verdict::Gone);
        }
        let (Some((project, service)), Some(old_id)) = (&mark.compose, &mark.id) else {
            return Ok(verdict);
        };
        if verifying.replaced >= REPLACEMENTS_FOLLOWED {
            return Ok(verdict);
        }
        let now = Instant::now();
        let next = now + self.settings.verify_after.max(Duration::from_millis(200));
        let id = &verifying.incident_id;
        let current = self.inspect_data(name).await.map(|data| Mark::of(&data));
        if let Some(current) = current
            && mark.replaced_by(&current)
        {
            if let Ok(mut all) = self.verifying.lock()
                && let Some(followed) = all.get_mut(id)
            {
                followed.baseline = Some(current.clone());
                followed.since = now;
                followed.replaced += 1;
            }
            let short = |id: &str| id.get(..12).unwrap_or(id).to_owned();
            self.store
                .add_incident_event(
                    id,
                    IncidentEventKind::Note,
                    &format!(
                        "container {name} was recreated by Compose (project {project}, service \
                         {service}) during the verification: its replacement {} is verified \
                         from its start",
                        current.id.as_deref().map(short).unwrap_or_default()
                    ),
                    self.now(),
                )
                .await?;
            return Ok(Verdict::NotYet(next));
        }
        let temporary = format!("{}_{name}", old_id.get(..12).unwrap_or(old_id));
        let swapping = now.saturating_duration_since(verifying.since) < self.settings.verify_hold
            && self
                .inspect_data(&temporary)
                .await
                .is_some_and(|data| mark.replaced_by(&Mark::of(&data)));
        Ok(if swapping {
            Verdict::NotYet(next)
        } else {
            verdict
        })
    }

    async fn held(
        &self,
        verifying: Verifying,
        seen: &str,
        report: &mut SweepReport,
    ) -> Result<(), StoreError> {
        let id = &verifying.incident_id;
        self.stop_verifying(id);
        if verifying.closes {
            self.close(id, seen, IncidentState::Resolved, report)
                .await?;
        } else {
            let seen = format!("{seen}; the incident closes when Alertmanager resolves the alert");
            self.record(
                id,
                IncidentEventKind::Verification,
                &seen,
                IncidentState::Open,
            )
            .await?;
        }
        report.mark(
            id,
            Listed::Repaired {
                closed: verifying.closes,
            },
        );
        if let Some(calls) = &verifying.remember {
            self.learn_from_repair(&verifying.finding, id, calls, true)
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(
        state: &str,
        health: Option<&str>,
        started: &str,
        restarts: i64,
    ) -> ContainerReading {
        ContainerReading {
            name: "web".to_owned(),
            state: state.to_owned(),
            status: "Up 3 seconds".to_owned(),
            health: health.map(str::to_owned),
            exit_code: (state == "exited").then_some(137),
            autoheal: true,
            oom_killed: state == "exited",
            restart_count: Some(restarts),
            started_at: Some(started.to_owned()),
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
    fn a_container_under_repair_for_one_incident_is_not_repaired_for_another() {
        let finding = Finding {
            fingerprint: "container_exited:web".to_owned(),
            kind: warden_protocol::FindingKind::ContainerExited,
            target: "web".to_owned(),
            severity: warden_protocol::Severity::Critical,
            summary: "container web exited with code 1".to_owned(),
            repairable: true,
            not_repaired: None,
        };
        let verifying = |id: &str, container: Option<&str>| Verifying {
            incident_id: id.to_owned(),
            finding: finding.clone(),
            container: container.map(str::to_owned),
            since: Instant::now(),
            baseline: None,
            remember: None,
            closes: true,
            replaced: 0,
        };
        let all = [
            verifying("crash", Some("web")),
            verifying("disk", None),
            verifying("other", Some("db")),
        ];
        // The `ContainerDown` alert's incident waits for the crash's repair of `web`.
        assert_eq!(other_repair(&all, "web", "alert"), Some("crash"));
        // Its own repair is no other's; another container's is not this one's.
        assert_eq!(other_repair(&all, "web", "crash"), None);
        assert_eq!(other_repair(&all, "cache", "alert"), None);
        assert_eq!(other_repair(&all[1..], "web", "alert"), None);
    }

    #[test]
    fn a_container_holds_only_if_it_stays_up_unrestarted_for_the_hold() {
        let since = Instant::now();
        let every = Duration::from_secs(5);
        let hold = Duration::from_secs(30);
        let mark = Mark {
            started_at: Some("T1".to_owned()),
            restart_count: Some(0),
            id: None,
            compose: None,
        };
        let at = |secs: u64| since + Duration::from_secs(secs);
        let judge = |c: &ContainerReading, secs: u64| {
            judge_container(c, Stop::None, Some(&mark), since, at(secs), every, hold)
        };
        assert_eq!(
            judge(&container("running", None, "T1", 0), 5),
            Verdict::NotYet(at(10))
        );
        assert_eq!(
            judge(&container("running", None, "T1", 0), 30),
            Verdict::Held(
                "held for 30 s: the fault has cleared (container web running, not restarted since the repair)"
                    .to_owned()
            )
        );
        // Killed for memory a second after the restart: never held, however late it is read.
        assert_eq!(
            judge(&container("exited", None, "T1", 0), 40),
            Verdict::DidNotHold(
                "container web was killed for memory (exit code 137, OOMKilled)".to_owned()
            )
        );
        // A restart count that went back (a start by hand) or wrapped past its bound is a
        // start since the repair, the start time unread or not.
        for count in [-1, i64::MIN] {
            let mut wrapped = container("running", None, "T1", 0);
            wrapped.restart_count = Some(count);
            let mut marked = mark.clone();
            marked.restart_count = Some(if count == -1 { 3 } else { i64::MAX });
            assert!(matches!(
                judge_container(&wrapped, Stop::None, Some(&marked), since, at(30), every, hold),
                Verdict::DidNotHold(why) if why.contains("its restart count went from")
            ));
        }
        // Running again, but Docker's restart policy restarted it in between.
        assert!(matches!(
            judge(&container("running", None, "T2", 1), 30),
            Verdict::DidNotHold(why) if why.contains("restarted container web 1 times")
        ));
        assert!(matches!(
            judge(&container("running", None, "T2", 0), 30),
            Verdict::DidNotHold(why) if why.contains("started again")
        ));
        // Its start time not read (its inspect failed): not taken for a new run, read again;
        // a crash still shows by its listed exit.
        let unread = |state: &str| ContainerReading {
            started_at: None,
            restart_count: None,
            ..container(state, None, "T1", 0)
        };
        for secs in [5, 30, 300] {
            assert_eq!(
                judge(&unread("running"), secs),
                Verdict::NotYet(at(secs + 5)),
                "{secs}"
            );
        }
        assert!(matches!(
            judge(&unread("exited"), 30),
            Verdict::DidNotHold(why) if why.contains("killed for memory")
        ));
        // A health check must pass, within a grace after the hold.
        assert_eq!(
            judge(&container("running", Some("starting"), "T1", 0), 31),
            Verdict::NotYet(at(36))
        );
        assert!(matches!(
            judge(&container("running", Some("starting"), "T1", 0), 151),
            Verdict::DidNotHold(why) if why.contains("has not passed")
        ));
        // Its own start period (five minutes) and retries: that long, capped at an hour's.
        let slow = |start_period_secs: u64| ContainerReading {
            health_check: Some(warden_protocol::readings::HealthCheckData {
                start_period_secs: Some(start_period_secs),
                ..Default::default()
            }),
            ..container("running", Some("starting"), "T1", 0)
        };
        assert_eq!(judge(&slow(300), 151), Verdict::NotYet(at(156)));
        assert_eq!(judge(&slow(300), 539), Verdict::NotYet(at(544)));
        assert!(matches!(
            judge(&slow(300), 541),
            Verdict::DidNotHold(why) if why.contains("has not passed")
        ));
        assert!(matches!(
            judge(&slow(3_600_000), 30 + 3810 + 1),
            Verdict::DidNotHold(why) if why.contains("has not passed")
        ));
        assert!(matches!(
            judge(&container("running", Some("unhealthy"), "T1", 0), 10),
            Verdict::DidNotHold(why) if why.contains("unhealthy")
        ));
        assert!(matches!(
            judge(&container("running", Some("healthy"), "T1", 0), 30),
            Verdict::Held(why) if why.contains("running, healthy")
        ));
    }

    #[test]
    fn a_container_stopped_or_removed_during_the_verification_is_neither_held_nor_retried() {
        let since = Instant::now();
        let every = Duration::from_secs(5);
        let hold = Duration::from_secs(30);
        let mark = Mark {
            started_at: Some("T1".to_owned()),
            restart_count: Some(0),
            id: None,
            compose: None,
        };
        let judge = |c: &ContainerReading, stop: Stop| {
            judge_container(
                c,
                stop,
                Some(&mark),
                since,
                since + Duration::from_secs(10),
                every,
                hold,
            )
        };
        let sent = |signal: i64| Stop::Requested {
            signal,
            recent: true,
        };
        let mut stopped = container("exited", None, "T1", 0);
        stopped.oom_killed = false;
        // `docker stop` (SIGTERM, then exit 143), `docker kill` (SIGKILL, 137), and a stop by
        // the container's own signal (SIGINT, 130): the operator's decision.
        for (signal, code, own) in [(15, 143, None), (9, 137, None), (2, 130, Some("SIGINT"))] {
            stopped.exit_code = Some(code);
            stopped.stop_signal = own.map(str::to_owned);
            assert!(
                matches!(
                    judge(&stopped, sent(signal)),
                    Verdict::Stopped(why) if why.contains("was stopped during the verification")
                        && why.contains(&format!("exit code {code}"))
                ),
                "{signal} {code}"
            );
        }
        // No stop seen: an exit is not taken for one (a kill for memory Docker did not flag
        // looks the same), it is a crash, and the repair did not hold.
        for code in [137, 143] {
            stopped.exit_code = Some(code);
            stopped.stop_signal = None;
            assert!(matches!(
                judge(&stopped, Stop::None),
                Verdict::DidNotHold(why) if why.contains(&format!("exited with code {code} (killed by SIG"))
            ));
        }
        stopped.exit_code = Some(137);
        // A code of its own after the stop signal (a handler that exits 1) is the stop too;
        // the same code with no stop seen, or a kill for memory after the stop, is a fault.
        stopped.exit_code = Some(1);
        assert!(matches!(
            judge(&stopped, sent(15)),
            Verdict::Stopped(why) if why.contains("exit code 1")
        ));
        assert!(matches!(
            judge(&stopped, Stop::None),
            Verdict::DidNotHold(why) if why.contains("exited with code 1")
        ));
        stopped.exit_code = Some(137);
        stopped.oom_killed = true;
        assert!(matches!(
            judge(&stopped, sent(15)),
            Verdict::DidNotHold(why) if why.contains("killed for memory")
        ));
        // `docker rm -f` under way: gone, whatever else it shows (running, stopped).
        let mut removing = container("removing", None, "T1", 0);
        assert_eq!(judge(&removing, Stop::None), Verdict::Gone);
        removing.health = Some("healthy".to_owned());
        assert_eq!(judge(&removing, sent(9)), Verdict::Gone);
        // What a removal that failed half-way leaves: it can only be removed.
        assert_eq!(
            judge(&container("dead", None, "T1", 0), Stop::None),
            Verdict::Gone
        );
        // Running and held as before.
        assert!(matches!(
            judge(&container("running", None, "T1", 0), Stop::None),
            Verdict::NotYet(_)
        ));
        // Paused by its operator meanwhile, its health check failing or not: a decision.
        for health in [None, Some("unhealthy"), Some("healthy")] {
            assert!(matches!(
                judge(&container("paused", health, "T1", 0), Stop::None),
                Verdict::Stopped(why) if why.contains("was paused during the verification")
            ));
        }
    }

    fn inspected(id: &str, labels: &[(&str, &str)]) -> ContainerInspectData {
        serde_json::from_value(serde_json::json!({
            "id": id,
            "name": "shop-web-1",
            "status": "running",
            "started_at": "2026-12-03T10:00:00Z",
            "restart_count": 0,
            "labels": labels.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<std::collections::BTreeMap<String, String>>(),
            "env_names": [],
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn only_a_compose_services_container_recreated_is_a_replacement() {
        let service = [
            (COMPOSE_PROJECT, "shop"),
            (COMPOSE_SERVICE, "web"),
            ("warden.autoheal", "true"),
        ];
        let repaired = Mark::of(&inspected("aaaa", &service));
        assert_eq!(
            repaired.compose,
            Some(("shop".to_owned(), "web".to_owned()))
        );
        // `docker compose up --force-recreate`: another id, the same project and service.
        assert!(repaired.replaced_by(&Mark::of(&inspected("bbbb", &service))));
        // The same container (restarted, say) is no replacement; nor is another service's,
        // another project's, or a container outside Compose under the same name.
        assert!(!repaired.replaced_by(&Mark::of(&inspected("aaaa", &service))));
        for other in [
            &[(COMPOSE_PROJECT, "shop"), (COMPOSE_SERVICE, "db")][..],
            &[(COMPOSE_PROJECT, "blog"), (COMPOSE_SERVICE, "web")][..],
            &[(COMPOSE_SERVICE, "web")][..],
            &[][..],
        ] {
            assert!(
                !repaired.replaced_by(&Mark::of(&inspected("bbbb", other))),
                "{other:?}"
            );
        }
        let plain = Mark::of(&inspected("aaaa", &[]));
        assert_eq!(plain.compose, None);
        assert!(!plain.replaced_by(&Mark::of(&inspected("bbbb", &[]))));
        // Without ids nothing tells them apart.
        assert!(!repaired.replaced_by(&Mark::of(&inspected("", &service))));
    }
}
