//! The monitor as an actor: one sweep at a time, every interval, on request (a caller that
//! waits for the report, or an event that only nudges), and when a retry or a verification read
//! comes due (on the backoff schedule, not the interval), until cancelled. Nudges past the
//! queue's bound are coalesced (see [`Pending`]), never dropped.

use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::error::{TryRecvError, TrySendError};
use tokio::sync::{Notify, mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use super::pending::Pending;
use super::{Monitor, SweepReport, Trigger};

/// Requests queued for the monitor, at most; more are coalesced.
const QUEUED: usize = 64;

/// What did not fit in the queue, and a wake-up for the actor when something is added.
#[derive(Default)]
struct Overflow {
    pending: Mutex<Pending>,
    added: Notify,
}

/// A request to the monitor actor.
pub struct Command {
    pub trigger: Trigger,
    /// Where the report goes, when the caller waits for it.
    pub reply: Option<oneshot::Sender<Result<SweepReport, String>>>,
}

/// The way to the running monitor.
#[derive(Clone)]
pub struct MonitorHandle {
    commands: mpsc::Sender<Command>,
    overflow: Arc<Overflow>,
}

/// The monitor's side of its queue: what callers sent, and what was coalesced past the bound.
pub struct Commands {
    receiver: mpsc::Receiver<Command>,
    overflow: Arc<Overflow>,
}

impl MonitorHandle {
    /// Asks for a sweep and waits for its report.
    pub async fn run_now(&self, trigger: Trigger) -> Result<SweepReport, String> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command {
                trigger,
                reply: Some(reply),
            })
            .await
            .map_err(|_| "the monitor is not running".to_owned())?;
        answer
            .await
            .map_err(|_| "the monitor stopped before answering".to_owned())?
    }

    /// Asks for a sweep, or tells of a signal, without waiting (events, alerts). Past the
    /// queue's bound the request is coalesced with the others that did not fit, and once any
    /// has not fit the next ones wait there too, so the monitor takes them in the order they
    /// came.
    pub fn nudge(&self, trigger: Trigger) {
        let Ok(mut pending) = self.overflow.pending.lock() else {
            return;
        };
        let trigger = if pending.is_empty() {
            match self.commands.try_send(Command {
                trigger,
                reply: None,
            }) {
                Ok(()) | Err(TrySendError::Closed(_)) => return,
                Err(TrySendError::Full(command)) => command.trigger,
            }
        } else {
            trigger
        };
        pending.add(trigger);
        drop(pending);
        self.overflow.added.notify_one();
    }
}

/// Starts the monitor's queue; `run` serves it.
pub fn channel() -> (MonitorHandle, Commands) {
    let (commands, receiver) = mpsc::channel(QUEUED);
    let overflow = Arc::new(Overflow::default());
    (
        MonitorHandle {
            commands,
            overflow: overflow.clone(),
        },
        Commands { receiver, overflow },
    )
}

type Reply = oneshot::Sender<Result<SweepReport, String>>;

/// What woke the actor.
enum Woken {
    Request(Trigger, Option<Reply>),
    Overflow,
}

/// The actor: one sweep at a time, every interval and on request, until cancelled.
pub async fn run(monitor: Arc<Monitor>, mut commands: Commands, cancel: CancellationToken) {
    let mut ticker = tokio::time::interval(monitor.settings.interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let overflow = commands.overflow.clone();
    loop {
        let due = monitor.next_due();
        let follow_up = async move {
            match due {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        let woken = tokio::select! {
            () = cancel.cancelled() => return,
            _ = ticker.tick() => Woken::Request(Trigger::Interval, None),
            () = follow_up => Woken::Request(Trigger::FollowUp, None),
            // Something was scheduled between sweeps: look at the schedule again.
            () = monitor.rescheduled() => continue,
            () = overflow.added.notified() => Woken::Overflow,
            command = commands.receiver.recv() => match command {
                Some(command) => Woken::Request(command.trigger, command.reply),
                None => return,
            },
        };
        let (trigger, reply) = match woken {
            Woken::Request(trigger, reply) => (trigger, reply),
            // What is queued came before what was coalesced: it goes first.
            Woken::Overflow => match commands.receiver.try_recv() {
                Ok(command) => {
                    overflow.added.notify_one();
                    (command.trigger, command.reply)
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => {
                    let Ok(drained) = overflow.pending.lock().map(|mut p| p.drain()) else {
                        continue;
                    };
                    for note in &drained.notes {
                        if let Trigger::Renamed { from, to } = note {
                            monitor.renamed(from, to).await;
                        } else {
                            remember(&monitor, note);
                        }
                    }
                    match drained.sweep {
                        Some(trigger) => (trigger, None),
                        None => continue,
                    }
                }
            },
        };
        if !serve(&monitor, trigger, reply, &cancel).await {
            return;
        }
    }
}

/// Remembers what an event tells besides "look now": a signal sent to a container, the event
/// stream's end or its taking up again. True when that is all it asks.
fn remember(monitor: &Monitor, trigger: &Trigger) -> bool {
    match trigger {
        Trigger::Signal {
            container,
            signal,
            at_nanos,
        } => {
            monitor.signalled(container, *signal, *at_nanos);
            true
        }
        Trigger::StreamEnded => {
            monitor.stream_ended();
            true
        }
        // Watching again from now; what happened between is swept.
        Trigger::Resubscribed => {
            monitor.stream_resumed();
            false
        }
        Trigger::Renamed { .. }
        | Trigger::Interval
        | Trigger::Manual
        | Trigger::Alert
        | Trigger::FollowUp
        | Trigger::Container { .. }
        | Trigger::Events { .. } => false,
    }
}

/// Serves one request; false when cancelled meanwhile.
async fn serve(
    monitor: &Monitor,
    trigger: Trigger,
    reply: Option<Reply>,
    cancel: &CancellationToken,
) -> bool {
    // A signal sent to a container, the event stream's end and a rename are only remembered,
    // in the order events came, before the sweep a later event asks for.
    if let Trigger::Renamed { from, to } = &trigger {
        monitor.renamed(from, to).await;
        if let Some(reply) = reply {
            let _ = reply.send(Err("remembered, not swept".to_owned()));
        }
        return true;
    }
    if remember(monitor, &trigger) {
        if let Some(reply) = reply {
            let _ = reply.send(Err("remembered, not swept".to_owned()));
        }
        return true;
    }
    let result = tokio::select! {
        () = cancel.cancelled() => return false,
        result = monitor.sweep(trigger) => result,
    };
    if let Err(error) = &result {
        tracing::warn!(error = %error, "a monitor sweep could not be recorded");
    }
    if let Some(reply) = reply {
        let _ = reply.send(result.map_err(|e| e.to_string()));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(i: usize) -> Trigger {
        Trigger::Signal {
            container: format!("c{i}"),
            signal: 2,
            at_nanos: 1,
        }
    }

    fn queued(commands: &mut Commands) -> Vec<Trigger> {
        let mut out = Vec::new();
        while let Ok(command) = commands.receiver.try_recv() {
            out.push(command.trigger);
        }
        out
    }

    #[test]
    fn nudges_past_the_queue_are_coalesced_in_order_not_dropped() {
        let (handle, mut commands) = channel();
        // A burst: a hundred containers stopped at once, then an alert.
        for i in 0..100 {
            handle.nudge(signal(i));
        }
        handle.nudge(Trigger::Alert);
        let first = queued(&mut commands);
        assert_eq!(first, (0..QUEUED).map(signal).collect::<Vec<_>>());
        // Room in the queue again, but what came after the coalesced ones waits behind them.
        handle.nudge(Trigger::Manual);
        assert_eq!(queued(&mut commands), Vec::new());
        let drained = commands.overflow.pending.lock().unwrap().drain();
        assert_eq!(drained.notes, (QUEUED..100).map(signal).collect::<Vec<_>>());
        assert_eq!(
            drained.sweep,
            Some(Trigger::Events {
                events: 2,
                oom: Vec::new(),
                exits: Vec::new(),
                stops: Vec::new(),
            })
        );
        // Once they are taken, the queue takes nudges again.
        handle.nudge(Trigger::Manual);
        assert_eq!(queued(&mut commands), vec![Trigger::Manual]);
    }
}
