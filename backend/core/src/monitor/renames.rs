//! `docker rename`: the container is the same, its name is not. Incidents are keyed by the
//! container's name (`container_exited:web`), so without this a rename closed the container's
//! incident as gone and opened another under the new name, its repair budget spent anew; and a
//! new container given the old name inherited what was the renamed one's. Following the `rename`
//! event, the container's live incidents, its repairs (the budget), a repair being verified and
//! the signals sent to it move to the new name.

use warden_protocol::{IncidentEventKind, IncidentState};
use warden_store::StoreError;

use super::{Monitor, fingerprint};

impl Monitor {
    /// The container `from` is called `to` now.
    pub async fn renamed(&self, from: &str, to: &str) {
        // A `rename` event that named the container by its id only: its new name is read.
        let to = self.renamed_to(to).await;
        let to = to.as_str();
        if from.is_empty() || to.is_empty() || from == to {
            return;
        }
        if let Ok(mut signals) = self.signals.lock() {
            signals.rename(from, to);
        }
        if let Ok(mut verifying) = self.verifying.lock() {
            for repair in verifying.values_mut() {
                if repair.container.as_deref() == Some(from) {
                    repair.container = Some(to.to_owned());
                    repair.finding.target = to.to_owned();
                    repair.finding.fingerprint = fingerprint(repair.finding.kind, to);
                }
            }
        }
        {
            let mut previous = self.previous.lock().await;
            let moved: Vec<_> = previous
                .keys()
                .filter(|key| {
                    key.split_once(':')
                        .is_some_and(|(_, target)| target == from)
                })
                .cloned()
                .collect();
            for key in moved {
                if let (Some(severity), Some((kind, _))) =
                    (previous.remove(&key), key.split_once(':'))
                {
                    previous.insert(format!("{kind}:{to}"), severity);
                }
            }
        }
        if let Err(error) = self.move_incidents(from, to).await {
            tracing::warn!(error = %error, from, to, "a renamed container's incidents could not follow it");
        }
    }

    async fn move_incidents(&self, from: &str, to: &str) -> Result<(), StoreError> {
        let at = self.now();
        for incident in self.store.live_incidents().await? {
            if !incident.kind.is_container() || incident.target != from {
                continue;
            }
            match self
                .store
                .retarget_incident(&incident.id, &fingerprint(incident.kind, to), to, at)
                .await
            {
                Ok(true) => {
                    let note = format!("container {from} was renamed {to}");
                    self.store
                        .add_incident_event(&incident.id, IncidentEventKind::Note, &note, at)
                        .await?;
                    // A repair waiting for a human names the container by its old name:
                    // approved, it would restart whatever bears that name now (nothing, or a
                    // container created under it since). It is withdrawn, and the incident is
                    // open again, so the next sweep asks anew for the container's new name.
                    let reason = format!(
                        "withdrawn because container {from} was renamed {to}: the repair names \
                         it by its old name"
                    );
                    if incident.state == IncidentState::AwaitingApproval
                        && self.withdraw_unrun_because(&incident.id, &reason).await?
                    {
                        self.store
                            .set_incident_state(&incident.id, IncidentState::Open, at)
                            .await?;
                    }
                }
                Ok(false) => {}
                // A live incident under the new name already (of a removed container of that
                // name): this one stays, and closes as gone.
                Err(StoreError::Conflict(_)) => {}
                Err(other) => return Err(other),
            }
        }
        self.store.retarget_repairs(from, to).await?;
        Ok(())
    }
}
