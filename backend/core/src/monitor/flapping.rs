//! Flapping: a target whose incidents keep reopening (a repair that holds for a while, then the
//! same fault again) is not repaired again and again within its budget's window; once it has
//! reopened `reopens` times within `window`, its new incident is escalated at once, with the
//! history a human needs to see the pattern.

use std::time::Duration;

use warden_store::IncidentRecord;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flapping {
    /// Reopenings within the window that make a target flapping (0: never).
    pub reopens: u32,
    pub window: Duration,
}

impl Default for Flapping {
    fn default() -> Self {
        Self {
            reopens: 3,
            window: Duration::from_secs(3600),
        }
    }
}

/// Incidents of one fingerprint read for the verdict, at most.
pub const HISTORY: i64 = 20;

fn ago(seconds: i64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s => format!("{} h", s / 3600),
    }
}

/// Why the newest incident of `history` (one fingerprint's incidents within the window, newest
/// first, the new one included) is flapping, or None.
pub fn verdict(flapping: &Flapping, history: &[IncidentRecord], now: i64) -> Option<String> {
    let reopened = history.len().saturating_sub(1);
    if flapping.reopens == 0 || reopened < flapping.reopens as usize {
        return None;
    }
    let earlier: Vec<String> = history
        .iter()
        .skip(1)
        .map(|i| {
            let lasted = i
                .closed_at
                .map(|closed| {
                    format!(
                        "{} after {}",
                        i.state,
                        ago(closed.saturating_sub(i.opened_at))
                    )
                })
                .unwrap_or_else(|| i.state.to_string());
            format!(
                "opened {} ago, {lasted}",
                ago(now.saturating_sub(i.opened_at))
            )
        })
        .collect();
    Some(format!(
        "flapping: {} reopened {reopened} times in {}; a human has to look (no repairs while it flaps). Earlier: {}",
        history[0].target,
        ago(i64::try_from(flapping.window.as_secs()).unwrap_or(i64::MAX)),
        earlier.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(
        opened_at: i64,
        closed_at: Option<i64>,
        state: warden_protocol::IncidentState,
    ) -> IncidentRecord {
        IncidentRecord {
            id: format!("i{opened_at}"),
            fingerprint: "container_exited:web".to_owned(),
            kind: warden_protocol::FindingKind::ContainerExited,
            target: "web".to_owned(),
            severity: warden_protocol::Severity::Critical,
            state,
            summary: "container web exited with code 3".to_owned(),
            occurrences: 1,
            opened_at,
            updated_at: opened_at,
            closed_at,
        }
    }

    #[test]
    fn a_target_reopened_often_enough_is_flapping_with_its_history() {
        let rule = Flapping {
            reopens: 2,
            window: Duration::from_secs(600),
        };
        let now = 10_000;
        let new = incident(now, None, warden_protocol::IncidentState::Open);
        let first = incident(
            now - 300,
            Some(now - 260),
            warden_protocol::IncidentState::Resolved,
        );
        let second = incident(
            now - 100,
            Some(now - 60),
            warden_protocol::IncidentState::Resolved,
        );
        assert_eq!(verdict(&rule, &[new.clone(), second.clone()], now), None);
        assert_eq!(
            verdict(&rule, &[new.clone(), second, first], now).as_deref(),
            Some(
                "flapping: web reopened 2 times in 10 min; a human has to look (no repairs while it flaps). \
                 Earlier: opened 100 s ago, resolved after 40 s; opened 5 min ago, resolved after 40 s"
            )
        );
        let off = Flapping { reopens: 0, ..rule };
        assert_eq!(verdict(&off, &[new.clone(), new.clone(), new], now), None);
    }
}
