//! An operator's acknowledgement of a GPU's incident (`POST /api/v1/incidents/{id}/acknowledge`)
//! tells the monitor what no reading can: a GPU taken out of the host on purpose is no longer
//! lost, and critical XID errors the operator has looked at are no longer a fault. Without it, a
//! removed GPU stayed `gpu_lost`, and a GPU's XID count (since Warden's start) kept `gpu_fault`
//! open, until Warden restarted. A real fault is not lost by it: a GPU NVML still lists and
//! cannot read stays lost, and an XID error after the acknowledged count opens a new incident.
//! Each acknowledgement is acted on once, before the sweep reads the GPUs.

use warden_protocol::{FindingKind, IncidentEventKind};
use warden_store::StoreError;

use super::Monitor;
use super::gpu_readings::GpuAcknowledged;

impl Monitor {
    /// Acts on the acknowledgements of live `gpu_lost` and `gpu_fault` incidents not acted on
    /// yet, each noted on its incident's timeline.
    pub(super) async fn gpu_acknowledgements(&self) -> Result<(), StoreError> {
        if !self.settings.gpus {
            return Ok(());
        }
        let incidents: Vec<_> = self
            .store
            .live_incidents()
            .await?
            .into_iter()
            .filter(|i| matches!(i.kind, FindingKind::GpuLost | FindingKind::GpuFault))
            .collect();
        if incidents.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = incidents.iter().map(|i| i.id.clone()).collect();
        let acknowledged = self.store.acknowledgements(&ids).await?;
        for incident in incidents {
            let Some(ack) = acknowledged.get(&incident.id) else {
                continue;
            };
            let key = format!("{}@{}", incident.id, ack.at);
            let fresh = self
                .gpu_acks
                .lock()
                .is_ok_and(|mut handled| handled.insert(key));
            let Some(index) = incident
                .target
                .strip_prefix("gpu")
                .and_then(|n| n.parse::<u64>().ok())
            else {
                continue;
            };
            if !fresh {
                continue;
            }
            let done = {
                let Ok(mut seen) = self.gpus_seen.lock() else {
                    continue;
                };
                if incident.kind == FindingKind::GpuLost {
                    seen.acknowledge_lost(index)
                } else {
                    seen.acknowledge_xids(index)
                }
            };
            let note = match done {
                GpuAcknowledged::Forgotten => format!(
                    "acknowledged by {}: {} is taken for removed on purpose and forgotten; \
                     a GPU put back is watched anew",
                    ack.by, incident.target
                ),
                GpuAcknowledged::StillLost => format!(
                    "acknowledged by {}: NVML still lists {} and cannot read it, a fault of \
                     the GPU itself: the incident stays open until it reads again",
                    ack.by, incident.target
                ),
                GpuAcknowledged::XidsUpTo(count) => format!(
                    "acknowledged by {}: the {count} critical XID errors of {} so far are no \
                     longer a fault; another one opens a new incident",
                    ack.by, incident.target
                ),
                GpuAcknowledged::Nothing => continue,
            };
            self.store
                .add_incident_event(&incident.id, IncidentEventKind::Note, &note, self.now())
                .await?;
        }
        Ok(())
    }
}
