//! What one sweep saw and did. Each incident the sweep acted on is listed once, under the state
//! the sweep left it in: a failed restart is `retrying`, never `repaired`; an incident closed as
//! `failed` is never `resolved`.

use serde::Serialize;

use super::evaluate::Finding;
use super::readings::Readings;
use super::status_of;

/// What one sweep saw and did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepReport {
    pub id: String,
    pub at: i64,
    pub trigger: String,
    pub status: warden_protocol::SweepStatus,
    pub readings: Readings,
    pub findings: Vec<Finding>,
    /// Incidents this sweep opened (they are also listed by the state it left them in, if it
    /// acted on them).
    pub opened: Vec<String>,
    /// A repair ran and is being verified (state `repairing`).
    pub repairing: Vec<String>,
    /// A repair waits for a human's approval (state `awaiting_approval`).
    pub awaiting_approval: Vec<String>,
    /// A repair failed or did not hold; it is tried again on the backoff schedule (state `open`).
    pub retrying: Vec<String>,
    /// A repair was verified as held: the incident is resolved (an alert's stays open until
    /// Alertmanager reports it resolved).
    pub repaired: Vec<String>,
    /// Closed as `resolved`: the repair held or the condition cleared.
    pub resolved: Vec<String>,
    /// Closed as `failed` (the container is gone, not repaired).
    pub failed: Vec<String>,
    /// Escalated to a human: budget spent, repair forbidden or denied, or flapping.
    pub escalated: Vec<String>,
    pub duration_ms: u64,
}

/// The list an incident belongs to after a sweep acted on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Repairing,
    AwaitingApproval,
    Retrying,
    /// Verified as held; `closed` when the incident was resolved by it.
    Repaired {
        closed: bool,
    },
    Resolved,
    Failed,
    Escalated,
}

impl SweepReport {
    /// A report of what was read and found at `at` (by the monitor's clock), before anything is
    /// done about it.
    pub(super) fn new(
        trigger: String,
        at: i64,
        readings: Readings,
        findings: Vec<Finding>,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            at,
            trigger,
            status: status_of(&findings),
            readings,
            findings,
            opened: Vec::new(),
            repairing: Vec::new(),
            awaiting_approval: Vec::new(),
            retrying: Vec::new(),
            repaired: Vec::new(),
            resolved: Vec::new(),
            failed: Vec::new(),
            escalated: Vec::new(),
            duration_ms: 0,
        }
    }

    /// A report for work done outside a sweep (the repair model's).
    pub(super) fn empty(trigger: &str, at: i64) -> Self {
        Self::new(trigger.to_owned(), at, Readings::default(), Vec::new())
    }

    /// Lists `incident_id` under `listed`, and under no other state's list.
    pub fn mark(&mut self, incident_id: &str, listed: Listed) {
        for list in [
            &mut self.repairing,
            &mut self.awaiting_approval,
            &mut self.retrying,
            &mut self.repaired,
            &mut self.resolved,
            &mut self.failed,
            &mut self.escalated,
        ] {
            list.retain(|id| id != incident_id);
        }
        let id = incident_id.to_owned();
        match listed {
            Listed::Repairing => self.repairing.push(id),
            Listed::AwaitingApproval => self.awaiting_approval.push(id),
            Listed::Retrying => self.retrying.push(id),
            Listed::Repaired { closed } => {
                if closed {
                    self.resolved.push(id.clone());
                }
                self.repaired.push(id);
            }
            Listed::Resolved => self.resolved.push(id),
            Listed::Failed => self.failed.push(id),
            Listed::Escalated => self.escalated.push(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_is_listed_under_the_last_state_only() {
        let mut report = SweepReport::new("manual".to_owned(), 0, Readings::default(), Vec::new());
        report.mark("a", Listed::Repairing);
        report.mark("a", Listed::Retrying);
        report.mark("b", Listed::Repaired { closed: true });
        report.mark("c", Listed::Resolved);
        report.mark("c", Listed::Failed);
        assert_eq!(
            (
                report.repairing.clone(),
                report.retrying.clone(),
                report.repaired.clone(),
                report.resolved.clone(),
                report.failed.clone()
            ),
            (
                Vec::<String>::new(),
                vec!["a".to_owned()],
                vec!["b".to_owned()],
                vec!["b".to_owned()],
                vec!["c".to_owned()]
            )
        );
    }
}
