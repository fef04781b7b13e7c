//! The monitor as an actor: one sweep at a time, every interval, on request (a caller that
//! waits for the report, or an event that only nudges), and when a retry or a verification read
//! comes due (on the backoff schedule, not the interval), until cancelled.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use super::{Monitor, SweepReport, Trigger};

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

    /// Asks for a sweep without waiting (events, alerts). A full queue drops the request: a
    /// sweep is already due.
    pub fn nudge(&self, trigger: Trigger) {
        let _ = self.commands.try_send(Command {
            trigger,
            reply: None,
        });
    }
}

/// Starts the monitor's queue; `run` serves it.
pub fn channel() -> (MonitorHandle, mpsc::Receiver<Command>) {
    let (commands, receiver) = mpsc::channel(64);
    (MonitorHandle { commands }, receiver)
}

/// The actor: one sweep at a time, every interval and on request, until cancelled.
pub async fn run(
    monitor: Arc<Monitor>,
    mut commands: mpsc::Receiver<Command>,
    cancel: CancellationToken,
) {
    let mut ticker = tokio::time::interval(monitor.settings.interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let due = monitor.next_due();
        let follow_up = async move {
            match due {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        let (trigger, reply) = tokio::select! {
            () = cancel.cancelled() => return,
            _ = ticker.tick() => (Trigger::Interval, None),
            () = follow_up => (Trigger::FollowUp, None),
            // Something was scheduled between sweeps: look at the schedule again.
            () = monitor.rescheduled() => continue,
            command = commands.recv() => match command {
                Some(command) => (command.trigger, command.reply),
                None => return,
            },
        };
        // A signal sent to a container is only remembered, in the order events came, before the
        // sweep its `die` or `health_status` event asks for.
        if let Trigger::Signal {
            container,
            signal,
            at_nanos,
        } = &trigger
        {
            monitor.signalled(container, *signal, *at_nanos);
            if let Some(reply) = reply {
                let _ = reply.send(Err("a signal is remembered, not swept".to_owned()));
            }
            continue;
        }
        let result = tokio::select! {
            () = cancel.cancelled() => return,
            result = monitor.sweep(trigger) => result,
        };
        if let Err(error) = &result {
            tracing::warn!(error = %error, "a monitor sweep could not be recorded");
        }
        if let Some(reply) = reply {
            let _ = reply.send(result.map_err(|e| e.to_string()));
        }
    }
}
