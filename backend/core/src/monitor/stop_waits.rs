//! Stopped containers whose judgement waits for the start a `stop` may announce. A sweep for a
//! `stop` event reads the container again for a while (`docker restart` reports its stop
//! before it starts the container, and a start that fails shows only in Docker's `State.Error`
//! moments later); when another container's change cuts that wait short, the stopped container
//! has not been read long enough to tell an operator's `docker stop` from a restart whose start
//! is still to come or to fail. Judged then, it would be taken for its operator's stop (its
//! incident closed, its repair's verification ended, an alert about it noted as stopped): its
//! judgement waits instead, in that sweep and any other before the wait would have ended, for
//! the follow-up sweep due then.

use std::collections::HashSet;
use std::time::Instant;

use super::events::{Exit, awaiting_start};
use super::pending::EXITS_KEPT;
use super::readings::ContainerReading;

/// The stops whose wait was cut short, until it would have ended, and the containers the
/// latest sweep left unjudged.
#[derive(Debug, Default)]
pub struct StopWaits {
    /// Each stop whose wait was cut short, with when that wait would have ended; at most
    /// [`EXITS_KEPT`] (as many as a merged sweep keeps), the latest.
    pending: Vec<(Exit, Instant)>,
    /// The containers the sweep under way leaves unjudged.
    later: HashSet<String>,
}

impl StopWaits {
    /// The wait for `stops`' starts was cut short: their containers are judged once `until`
    /// (when the wait would have ended) has come.
    pub fn defer(&mut self, stops: &[Exit], until: Instant) {
        for stop in stops {
            self.pending
                .retain(|(kept, _)| kept.container != stop.container);
            self.pending.push((stop.clone(), until));
        }
        if self.pending.len() > EXITS_KEPT {
            self.pending.drain(..self.pending.len() - EXITS_KEPT);
        }
    }

    /// Reads the sweep's containers `listed` at `now`: a container whose stop's wait was cut
    /// short, before that wait would have ended, still listed stopped in the run the stop ended
    /// with no start since nor start error, is left unjudged by this sweep; the others (their
    /// start came or failed, they are gone, the wait is over) are forgotten. Returns when the
    /// earliest wait left ends, for a follow-up sweep then.
    pub fn read(&mut self, listed: &[ContainerReading], now: Instant) -> Option<Instant> {
        self.pending.retain(|(stop, until)| {
            *until > now && awaiting_start(listed, std::slice::from_ref(stop))
        });
        self.later = self
            .pending
            .iter()
            .map(|(stop, _)| stop.container.clone())
            .collect();
        self.pending.iter().map(|(_, until)| *until).min()
    }

    /// Whether the sweep under way leaves `container` unjudged (see [`Self::read`]).
    pub fn judged_later(&self, container: &str) -> bool {
        self.later.contains(container)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn stopped(name: &str, start_error: Option<&str>) -> ContainerReading {
        ContainerReading {
            name: name.to_owned(),
            state: "exited".to_owned(),
            status: "Exited (143) 1 second ago".to_owned(),
            health: None,
            exit_code: Some(143),
            autoheal: true,
            oom_killed: false,
            restart_count: Some(0),
            started_at: Some("2026-01-01T00:00:00Z".to_owned()),
            finished_at: Some("2026-01-01T00:05:00Z".to_owned()),
            stop_signal: None,
            stop_timeout_secs: None,
            tty: false,
            restart_policy: None,
            health_check: None,
            start_error: start_error.map(str::to_owned),
            compose_oneoff: false,
        }
    }

    fn stop(name: &str) -> Exit {
        Exit {
            container: name.to_owned(),
            // After the listed run began (2026-01-01T00:00:00Z).
            at_nanos: Some(1_767_225_900_000_000_000),
        }
    }

    #[test]
    fn a_stop_cut_short_is_judged_later_until_its_wait_ends_or_its_start_settles() {
        let now = Instant::now();
        let until = now + Duration::from_secs(2);
        let mut waits = StopWaits::default();
        waits.defer(&[stop("db"), stop("web")], until);
        let listed = [stopped("db", None), stopped("web", None)];
        assert_eq!(waits.read(&listed, now), Some(until));
        assert!(waits.judged_later("db") && waits.judged_later("web"));
        assert!(!waits.judged_later("cache"));
        // web's start failed (Docker recorded why): judged now; db still waits.
        let listed = [stopped("db", None), stopped("web", Some("port in use"))];
        assert_eq!(waits.read(&listed, now), Some(until));
        assert!(waits.judged_later("db") && !waits.judged_later("web"));
        // The wait is over: db is judged, and nothing is left.
        assert_eq!(waits.read(&listed, until), None);
        assert!(!waits.judged_later("db"));
        // A container no longer listed is judged (gone) at once.
        waits.defer(&[stop("db")], until);
        assert_eq!(waits.read(&[], now), None);
        // Bounded: the latest stops kept.
        let many: Vec<Exit> = (0..=EXITS_KEPT).map(|i| stop(&format!("c{i}"))).collect();
        waits.defer(&many, until);
        assert_eq!(waits.pending.len(), EXITS_KEPT);
        assert_eq!(waits.pending[0].0.container, "c1");
    }
}
