//! What waits for the monitor when its queue is full. A burst of Docker events (a host that
//! stops fifty containers at once) must not lose any: a lost `kill` turns an operator's stop into
//! a crash, a lost `die` leaves a crash unrepaired until the next interval. Past the queue's bound
//! the events are coalesced instead: signals are kept per container (the latest of each signal,
//! as the monitor keeps them: a reload signal after a stop hides no stop), renames in order, the
//! event stream's state by its latest word, and every request for a sweep becomes one sweep that
//! knows which containers were reported killed for memory, and which exited and when (so it
//! reads again while the daemon still lists them running, as for one `die`). A health check's
//! event needs nothing kept: the sweep reads the health as it is then.

use std::collections::HashMap;

use super::Trigger;
use super::events::{Exit, REMEMBERED, SIGNAL_KINDS_KEPT};

/// Containers named as killed for memory in one coalesced sweep, at most (the inspected
/// `OOMKilled` flag says the same for the rest once Docker has recorded the exit).
pub const OOM_KEPT: usize = 64;

/// Containers reported exited kept in one coalesced sweep, at most (the rest are read as the
/// sweep finds them).
pub const EXITS_KEPT: usize = 64;

/// Events the queue could not take, coalesced; bounded whatever the burst.
#[derive(Debug, Default)]
pub struct Pending {
    /// The latest signal of each kind per container, in the order containers were first
    /// signalled.
    signals: Vec<Vec<Trigger>>,
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
            Trigger::Signal {
                ref container,
                signal,
                ..
            } => match self.positions.get(container) {
                Some(&at) => {
                    let kept = &mut self.signals[at];
                    kept.retain(
                        |t| !matches!(t, Trigger::Signal { signal: s, .. } if *s == signal),
                    );
                    if kept.len() >= SIGNAL_KINDS_KEPT {
                        kept.remove(0);
                    }
                    kept.push(trigger);
                }
                None if self.signals.len() < REMEMBERED => {
                    self.positions.insert(container.clone(), self.signals.len());
                    self.signals.push(vec![trigger]);
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
        notes.extend(self.signals.drain(..).flatten());
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
    let mut oom: Vec<Exit> = Vec::new();
    let mut exits: Vec<Exit> = Vec::new();
    let mut stops: Vec<Exit> = Vec::new();
    for trigger in [before, next] {
        match trigger {
            Trigger::Events {
                events: count,
                oom: names,
                exits: exited,
                stops: stopped,
            } => {
                events += count;
                oom.extend(names);
                exits.extend(exited);
                stops.extend(stopped);
            }
            Trigger::Container {
                action,
                container,
                at_nanos,
            } => {
                events += 1;
                // An `oom` is no exit: the kernel may have killed a process of the container
                // and left it running; when it dies of it, a `die` follows.
                let event = Exit {
                    container,
                    at_nanos,
                };
                if action == "oom" {
                    oom.push(event);
                } else if action == "die" {
                    exits.push(event);
                } else if action == "stop" {
                    // `docker restart`'s stop, its start still to come (or failed): the
                    // coalesced sweep waits for it as the sweep of one `stop` does.
                    stops.push(event);
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
    Trigger::Events {
        events,
        oom: latest(oom, OOM_KEPT),
        exits: latest(exits, EXITS_KEPT),
        stops: latest(stops, EXITS_KEPT),
    }
}

/// One event per container, its latest (a later run's exit says where the daemon must be, a
/// later `oom` which run it struck), in the order containers first had one; at most `bound`.
fn latest(exits: Vec<Exit>, bound: usize) -> Vec<Exit> {
    let mut kept: Vec<Exit> = Vec::new();
    for exit in exits {
        if let Some(known) = kept.iter_mut().find(|k| k.container == exit.container) {
            if exit.at_nanos >= known.at_nanos {
                *known = exit;
            }
        } else if kept.len() < bound {
            kept.push(exit);
        }
    }
    kept
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
            at_nanos: None,
        }
    }

    fn exit(container: &str, at_nanos: Option<i64>) -> Exit {
        Exit {
            container: container.to_owned(),
            at_nanos,
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
        // Every container that exited is known with its exit, so the sweep reads again while
        // the daemon still lists one running.
        // An `oom` alone is no exit: it is kept, with its time, apart.
        let exits: Vec<Exit> = (0..50).map(|i| exit(&format!("c{i}"), None)).collect();
        assert_eq!(
            drained.sweep,
            Some(Trigger::Events {
                events: 53,
                oom: vec![exit("big", None)],
                exits,
                stops: Vec::new(),
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
    fn the_latest_signal_of_each_kind_per_container_and_stream_state_win_and_a_lone_request_stays_itself()
     {
        let mut pending = Pending::default();
        pending.add(signal("web", 15));
        pending.add(signal("db", 2));
        // A reload signal after the stop hides no stop; the same signal again is the latest.
        pending.add(signal("web", 1));
        let later_stop = Trigger::Signal {
            container: "web".to_owned(),
            signal: 15,
            at_nanos: 2,
        };
        pending.add(later_stop.clone());
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
                signal("web", 1),
                later_stop,
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
    fn a_coalesced_sweep_keeps_each_containers_latest_exit() {
        let mut pending = Pending::default();
        let died = |container: &str, at: i64| Trigger::Container {
            action: "die".to_owned(),
            container: container.to_owned(),
            at_nanos: Some(at),
        };
        pending.add(died("web", 5));
        pending.add(event("health_status: unhealthy", "db"));
        pending.add(died("web", 3));
        pending.add(died("cache", 4));
        pending.add(died("web", 9));
        assert_eq!(
            pending.drain().sweep,
            Some(Trigger::Events {
                events: 5,
                oom: Vec::new(),
                exits: vec![exit("web", Some(9)), exit("cache", Some(4))],
                stops: Vec::new(),
            })
        );
    }

    #[test]
    fn whatever_the_burst_what_is_kept_is_bounded() {
        let mut pending = Pending::default();
        for i in 0..(REMEMBERED + 100) {
            pending.add(signal(&format!("c{i}"), 15));
            pending.add(event("oom", &format!("c{i}")));
            pending.add(event("die", &format!("c{i}")));
            pending.add(event("stop", &format!("c{i}")));
        }
        // One container sent every signal there is: its latest few kinds are kept.
        for number in 1..=64 {
            pending.add(signal("c0", number));
        }
        let drained = pending.drain();
        assert_eq!(drained.notes.len(), REMEMBERED - 1 + SIGNAL_KINDS_KEPT);
        assert_eq!(drained.notes[SIGNAL_KINDS_KEPT - 1], signal("c0", 64));
        match drained.sweep {
            Some(Trigger::Events {
                events,
                oom,
                exits,
                stops,
            }) => {
                assert_eq!(events, 3 * (REMEMBERED + 100));
                assert_eq!(oom.len(), OOM_KEPT);
                assert_eq!(exits.len(), EXITS_KEPT);
                assert_eq!(stops.len(), EXITS_KEPT);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn merged_stop_events_are_kept_for_the_sweep_to_wait_for_the_start() {
        let mut pending = Pending::default();
        let at = |action: &str, container: &str, at: i64| Trigger::Container {
            action: action.to_owned(),
            container: container.to_owned(),
            at_nanos: Some(at),
        };
        pending.add(at("stop", "web", 5));
        pending.add(at("die", "db", 6));
        pending.add(at("stop", "web", 8));
        pending.add(at("stop", "cache", 7));
        assert_eq!(
            pending.drain().sweep,
            Some(Trigger::Events {
                events: 4,
                oom: Vec::new(),
                exits: vec![exit("db", Some(6))],
                stops: vec![exit("web", Some(8)), exit("cache", Some(7))],
            })
        );
    }
}
