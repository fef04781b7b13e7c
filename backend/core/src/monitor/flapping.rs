//! Flapping: a target whose incidents keep reopening (a repair that holds for a while, then the
//! same fault again) is not repaired again and again within its budget's window; once it has
//! reopened `reopens` times within `window`, its new incident is escalated at once, with the
//! history a human needs to see the pattern.

use std::time::Duration;

use warden_protocol::FindingKind;
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

/// Incidents of one subject read for the verdict, at most.
pub const HISTORY: i64 = 20;

/// The finding kinds whose subject is a container: a container's flapping counts its
/// incidents of all of them together.
pub const CONTAINER_KINDS: [FindingKind; 3] = [
    FindingKind::ContainerExited,
    FindingKind::ContainerUnhealthy,
    FindingKind::ContainerRestarting,
];

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
    Some(format!(
        "flapping: {} reopened {reopened} times in {}; a human has to look (no repairs while it flaps). Earlier: {}",
        history[0].target,
        ago(i64::try_from(flapping.window.as_secs()).unwrap_or(i64::MAX)),
        earlier(&history[1..], now)
    ))
}

/// Earlier incidents (newest first) in words: when each opened and how it ended.
pub fn earlier(history: &[IncidentRecord], now: i64) -> String {
    history
        .iter()
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
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a container Docker's restart policy keeps restarting (`container`, listed `restarting`
/// past the wait for Docker, in incident `current`) is escalated when no repair can help (no
/// runbook restarts it, none was learned, no repair model is configured): a restart loop,
/// flapping inside Docker, with what the monitor saw of it and the target's earlier incidents
/// within the window (`earlier_incidents`, newest first).
pub fn restart_loop(
    flapping: &Flapping,
    container: &super::readings::ContainerReading,
    current: &IncidentRecord,
    earlier_incidents: &[IncidentRecord],
    now: i64,
) -> String {
    let policy = container
        .restart_policy
        .as_deref()
        .filter(|p| !p.is_empty())
        .unwrap_or("not read");
    let count = container
        .restart_count
        .map_or_else(|| "?".to_owned(), |n| n.to_string());
    let mut last_exit = container
        .exit_code
        .or_else(|| last_exit_code(&container.status))
        .map_or_else(|| "?".to_owned(), |code| code.to_string());
    if container.oom_killed {
        last_exit.push_str(", killed for memory: OOMKilled");
    }
    let history = if earlier_incidents.is_empty() {
        format!(
            "none in the last {}",
            ago(i64::try_from(flapping.window.as_secs()).unwrap_or(i64::MAX))
        )
    } else {
        earlier(earlier_incidents, now)
    };
    format!(
        "restart loop (flapping): Docker's restart policy ({policy}) keeps restarting container {} \
         and it keeps failing (restart count {count}, last exit code {last_exit}; seen looping {} \
         times over {} since this incident opened); restarting it again cannot help and no repair \
         model is configured: a human has to look (no repairs while it loops). Earlier: {history}",
        container.name,
        current.occurrences.max(1),
        ago(now.saturating_sub(current.opened_at)),
    )
}

/// The last exit code Docker shows in a looping container's status (`Restarting (1) 3 seconds
/// ago` → 1).
fn last_exit_code(status: &str) -> Option<i64> {
    let rest = status.strip_prefix("Restarting (")?;
    rest.split(')').next()?.trim().parse().ok()
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

    #[test]
    fn a_containers_flapping_counts_every_container_kind() {
        for kind in CONTAINER_KINDS {
            assert!(kind.is_container(), "{kind:?}");
        }
    }

    #[test]
    fn a_restart_loop_is_told_with_what_was_seen_and_the_history() {
        let now = 10_000;
        let looping = super::super::readings::ContainerReading {
            name: "web".to_owned(),
            state: "restarting".to_owned(),
            status: "Restarting (3) 4 seconds ago".to_owned(),
            health: None,
            exit_code: None,
            autoheal: true,
            oom_killed: false,
            restart_count: Some(21),
            started_at: None,
            finished_at: None,
            stop_signal: None,
            stop_timeout_secs: None,
            tty: false,
            restart_policy: Some("unless-stopped".to_owned()),
            health_check: None,
            start_error: None,
            compose_oneoff: false,
        };
        let current = IncidentRecord {
            occurrences: 4,
            ..incident(now - 90, None, warden_protocol::IncidentState::Open)
        };
        let earlier = [incident(
            now - 720,
            Some(now - 680),
            warden_protocol::IncidentState::Resolved,
        )];
        let told = restart_loop(&Flapping::default(), &looping, &current, &earlier, now);
        assert_eq!(
            told,
            "restart loop (flapping): Docker's restart policy (unless-stopped) keeps restarting \
             container web and it keeps failing (restart count 21, last exit code 3; seen looping \
             4 times over 90 s since this incident opened); restarting it again cannot help and \
             no repair model is configured: a human has to look (no repairs while it loops). \
             Earlier: opened 12 min ago, resolved after 40 s"
        );
        // Nothing read of it: said so, not made up.
        let bare = super::super::readings::ContainerReading {
            status: "Restarting".to_owned(),
            restart_count: None,
            start_error: None,
            compose_oneoff: false,
            health_check: None,
            restart_policy: None,
            ..looping
        };
        let oom = super::super::readings::ContainerReading {
            oom_killed: true,
            status: "Restarting (137) 1 second ago".to_owned(),
            ..bare.clone()
        };
        let told = restart_loop(&Flapping::default(), &oom, &current, &[], now);
        assert!(
            told.contains("last exit code 137, killed for memory: OOMKilled;"),
            "{told}"
        );
        let told = restart_loop(&Flapping::default(), &bare, &current, &[], now);
        assert!(
            told.contains("policy (not read)")
                && told.contains("restart count ?, last exit code ?")
                && told.ends_with("Earlier: none in the last 60 min"),
            "{told}"
        );
    }
}
