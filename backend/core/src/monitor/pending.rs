//! What waits for the monitor when its queue is full. A burst of Docker events (a host that
//! stops fifty containers at once) must not lose any: a lost `kill` turns an operator's stop into
//! a crash, a lost `die` leaves a crash unrepaired until the next interval. Past the queue's bound
//! the events are coalesced instead: signals are kept per container (the latest, as the monitor
//! keeps them), renames in order, the event stream's state by its latest word, and every request
//! for a sweep
//! becomes one sweep that knows which containers were reported killed for memory.

use std::collections::HashMap;

use super::Trigger;
use super::events::REMEMBERED;

/// Containers named as killed for memory in one coalesced sweep, at most (the inspected
/// `OOMKilled` flag says the same for the rest once Docker has recorded the exit).
pub const OOM_KEPT: usize = 64;

/// Events the queue could not take, coalesced; bounded whatever the burst.
#[derive(Debug, Default)]
pub struct Pending {
    /// The latest signal per container, in the order containers were first signalled.
    signals: Vec<Trigger>,
    positions: HashMap<String, usize>,
    /// Renames, in order (a chain `a` → `b` → `c` must be followed link by link).
    renames: Vec<Trigger>,
    /// The event stream's latest state change (ended, or taken up again).
    stream: Option<Trigger>,
    /// One sweep for every request that did not fit.
    sweep: Option<Trigger>,
}

/// Renames kept at most while the queue is full (beyond, a renamed container's incidents are
/// closed as gone and opened anew under its new name, as when Warden did not see the rename).
pub const RENAMES_KEPT: usize = 1024;

/// What the monitor does with what was pending: remember `notes` in order, then sweep once.
#[derive(Debug, PartialEq, Eq)]
pub struct Drained {
    pub notes: Vec<Trigger>,
    pub sweep: Option<Trigger>,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.signals.is_empty()
            && self.renames.is_empty()
            && self.stream.is_none()
            && self.sweep.is_none()
    }

    /// Keeps `trigger` until the monitor takes it.
    pub fn add(&mut self, trigger: Trigger) {
        match trigger {
            Trigger::Signal { ref container, .. } => match self.positions.get(container) {
                Some(&at) => self.signals[at] = trigger,
                None if self.signals.len() < REMEMBERED => {
                    self.positions.insert(container.clone(), self.signals.len());
                    self.signals.push(trigger);
                }
                // The monitor remembers no more than this either.
                None => {}
            },
            Trigger::StreamEnded => self.stream = Some(Trigger::StreamEnded),
            Trigger::Renamed { .. } => {
                if self.renames.len() < RENAMES_KEPT {
                    self.renames.push(trigger);
                }
            }
            Trigger::Resubscribed => {
                self.stream = Some(Trigger::Resubscribed);
                self.sweep = Some(merge(self.sweep.take(), Trigger::Resubscribed));
            }
            Trigger::Interval
            | Trigger::Manual
            | Trigger::Alert
            | Trigger::FollowUp
            | Trigger::Container { .. }
            | Trigger::Events { .. } => self.sweep = Some(merge(self.sweep.take(), trigger)),
        }
    }

    /// Everything pending, leaving nothing.
    pub fn drain(&mut self) -> Drained {
        self.positions.clear();
        let mut notes: Vec<Trigger> = self.stream.take().into_iter().collect();
        notes.append(&mut self.signals);
        notes.append(&mut self.renames);
        Drained {
            notes,
            sweep: self.sweep.take(),
        }
    }
}

/// One sweep for two requests: the first alone stays as it was asked; more become `Events`,
/// keeping the containers reported killed for memory.
fn merge(before: Option<Trigger>, next: Trigger) -> Trigger {
    let Some(before) = before else {
        return next;
    };
    let mut events = 0;
    let mut oom: Vec<String> = Vec::new();
    for trigger in [before, next] {
        match trigger {
            Trigger::Events {
                events: count,
                oom: names,
            } => {
                events += count;
                oom.extend(names);
            }
            Trigger::Container { action, container } => {
                events += 1;
                if action == "oom" {
                    oom.push(container);
                }
            }
            Trigger::Signal { .. }
            | Trigger::StreamEnded
            | Trigger::Renamed { .. }
            | Trigger::Resubscribed
            | Trigger::Interval
            | Trigger::Manual
            | Trigger::Alert
            | Trigger::FollowUp => events += 1,
        }
    }
    let mut seen = std::collections::HashSet::new();
    oom.retain(|name| seen.insert(name.clone()));
    oom.truncate(OOM_KEPT);
    Trigger::Events { events, oom }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(container: &str, signal: i64) -> Trigger {
        Trigger::Signal {
            container: container.to_owned(),
            signal,
            at_nanos: 1,
        }
    }

    fn event(action: &str, container: &str) -> Trigger {
        Trigger::Container {
            action: action.to_owned(),
            container: container.to_owned(),
        }
    }

    #[test]
    fn a_burst_past_the_queue_keeps_every_signal_and_asks_for_one_sweep() {
        let mut pending = Pending::default();
        assert!(pending.is_empty());
        // Fifty containers stopped at once: a kill and a die each.
        for i in 0..50 {
            pending.add(signal(&format!("c{i}"), 2));
            pending.add(event("die", &format!("c{i}")));
        }
        pending.add(event("oom", "big"));
        pending.add(event("oom", "big"));
        pending.add(Trigger::Alert);
        assert!(!pending.is_empty());
        let drained = pending.drain();
        assert_eq!(drained.notes.len(), 50);
        assert_eq!(drained.notes[0], signal("c0", 2));
        assert_eq!(drained.notes[49], signal("c49", 2));
        assert_eq!(
            drained.sweep,
            Some(Trigger::Events {
                events: 53,
                oom: vec!["big".to_owned()]
            })
        );
        assert!(pending.is_empty());
        assert_eq!(
            pending.drain(),
            Drained {
                notes: Vec::new(),
                sweep: None
            }
        );
    }

    #[test]
    fn the_latest_signal_per_container_and_stream_state_win_and_a_lone_request_stays_itself() {
        let mut pending = Pending::default();
        pending.add(signal("web", 1));
        pending.add(signal("db", 2));
        pending.add(signal("web", 15));
        let rename = |from: &str, to: &str| Trigger::Renamed {
            from: from.to_owned(),
            to: to.to_owned(),
        };
        pending.add(rename("web", "web-old"));
        pending.add(rename("web-old", "web-older"));
        pending.add(Trigger::StreamEnded);
        pending.add(Trigger::Resubscribed);
        let drained = pending.drain();
        // Signals before renames: a signal to the old name follows the container.
        assert_eq!(
            drained.notes,
            vec![
                Trigger::Resubscribed,
                signal("web", 15),
                signal("db", 2),
                rename("web", "web-old"),
                rename("web-old", "web-older")
            ]
        );
        // The stream taken up again asks for a sweep (what happened between was not seen).
        assert_eq!(drained.sweep, Some(Trigger::Resubscribed));
        pending.add(event("die", "web"));
        assert_eq!(pending.drain().sweep, Some(event("die", "web")));
        pending.add(Trigger::StreamEnded);
        assert_eq!(
            pending.drain(),
            Drained {
                notes: vec![Trigger::StreamEnded],
                sweep: None
            }
        );
    }

    #[test]
    fn whatever_the_burst_what_is_kept_is_bounded() {
        let mut pending = Pending::default();
        for i in 0..(REMEMBERED + 100) {
            pending.add(signal(&format!("c{i}"), 15));
            pending.add(event("oom", &format!("c{i}")));
        }
        let drained = pending.drain();
        assert_eq!(drained.notes.len(), REMEMBERED);
        match drained.sweep {
            Some(Trigger::Events { events, oom }) => {
                assert_eq!(events, REMEMBERED + 100);
                assert_eq!(oom.len(), OOM_KEPT);
            }
            other => panic!("{other:?}"),
        }
    }
}
