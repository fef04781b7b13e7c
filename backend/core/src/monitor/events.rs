//! What the Docker event stream tells the monitor besides "look now". A signal sent to a
//! container (`docker stop` and `docker kill` emit a `kill` event before the container exits,
//! `docker stop` a `stop` event after) is remembered, so the container's exit by its own stop
//! signal, by any signal a user sent it (`docker kill -s`, a foreground `docker run`'s Ctrl-C),
//! or its health check failing while it shuts down, is not taken for a crash. When the monitor
//! starts following the stream, the daemon's events of the moments before are read back
//! ([`replayed`]), so a stop sent just before is known. A signal the monitor cannot have seen (sent before
//! it followed the stream: before Warden started, or while the stream was down) is not taken for
//! absent: a run that began before the stream was followed without a break and ended by its own
//! stop signal is taken for stopped, not crashed. And the stream itself: when it ends and is taken up
//! again, events of the time between are lost, so a sweep looks at everything.

use std::collections::HashMap;
use std::time::Duration;

use super::readings::ContainerReading;

/// How long after its stop signal a still running container counts as shutting down: its
/// health check failing then says nothing (Docker waits 10 s by default before SIGKILL; a
/// container may set a longer `StopTimeout`). After that it is judged as any other.
pub const STOPPING_GRACE_SECS: i64 = 120;

/// Signals remembered at most (the oldest is forgotten first).
pub const REMEMBERED: usize = 4096;

/// A Linux signal's number from the way Docker accepts it in `StopSignal` or writes it in a
/// `kill` event (`SIGINT`, `INT`, `2`, `SIGRTMIN+3`; case and spaces aside), or an alias Linux
/// keeps (`IOT`, `POLL`, `CLD`): [`warden_protocol::signals::signal_number`], the one reader the
/// Docker tool's event stream uses too. None for what is not a signal.
pub fn signal_number(text: &str) -> Option<i64> {
    warden_protocol::signals::signal_number(text)
}

/// Docker's default stop signal.
const SIGTERM: i64 = 15;
const SIGKILL: i64 = 9;

/// What a `stop` event is remembered as among the signals: `docker stop` ended the run (Docker
/// reports it once the container has exited, after the `kill` events of its signals); it
/// stands for the container's own stop signal.
pub const STOP_EVENT: i64 = 0;

/// A `kill` event's signal as it is remembered: its number, or, when the event carries none
/// that reads (a proxy or another daemon that leaves the `signal` attribute out, or writes what
/// is no signal), a [`STOP_EVENT`]: a `kill` is always someone's signal to the container, and
/// the exit it causes is taken for the stop it most likely was (its own stop signal, or the
/// SIGKILL after it), never for a crash to restart (fail closed).
pub fn kill_signal(signal: Option<i64>) -> i64 {
    signal
        .filter(|signal| (1..=64).contains(signal))
        .unwrap_or(STOP_EVENT)
}

/// How long `docker stop` waits after its signal before SIGKILL when the container sets no
/// `StopTimeout` of its own.
pub const DEFAULT_STOP_TIMEOUT_SECS: i64 = 10;

/// Between a signal and the exit it causes past the stop timeout, at most: SIGKILL's exit and
/// the daemon's bookkeeping.
pub const EXIT_SLACK_SECS: i64 = 5;

/// How long before its exit a stop signal may have been sent to `container` by `docker stop`,
/// in seconds: its own `StopTimeout` (`--stop-timeout`, Compose's `stop_grace_period`; Docker's
/// 10 s without one) and [`EXIT_SLACK_SECS`]. None for a container that waits forever
/// (`StopTimeout` -1): its stop signal may have come at any time before. `docker stop -t N`
/// gives one call a longer timeout that Docker records nowhere: such a stop sent in the
/// [`REPLAY_SECS`] (a day) before the monitor followed the events is read back from Docker's
/// events ([`replayed`]) instead.
pub fn stop_window_secs(container: &ContainerReading) -> Option<i64> {
    match container.stop_timeout_secs {
        Some(timeout) if timeout < 0 => None,
        timeout => Some(
            timeout
                .unwrap_or(DEFAULT_STOP_TIMEOUT_SECS)
                .saturating_add(EXIT_SLACK_SECS),
        ),
    }
}

/// How long before its exit a signal that `container` handles (one not its stop signal, sent
/// by `docker kill -s`) counts as what ended it, in seconds: its own stop timeout (Docker's
/// 10 s without one; at most [`STOPPING_GRACE_SECS`]), the time Docker gives a program to end
/// once told, and [`EXIT_SLACK_SECS`].
pub fn signal_exit_window_secs(container: &ContainerReading) -> i64 {
    let timeout = match container.stop_timeout_secs {
        Some(timeout) if timeout < 0 => STOPPING_GRACE_SECS,
        timeout => timeout
            .unwrap_or(DEFAULT_STOP_TIMEOUT_SECS)
            .min(STOPPING_GRACE_SECS),
    };
    timeout.saturating_add(EXIT_SLACK_SECS)
}

/// How long `docker stop` may still be under way after its signal, at most, in seconds (an
/// hour): bounds a stop whose timeout is not known (`docker stop -t N`, which Docker records
/// nowhere) and a container's own `StopTimeout` of -1 (wait forever) or longer.
pub const STOP_UNDER_WAY_MAX_SECS: i64 = 3600;

/// How long after `signal` (the latest that stops `container`'s run, as [`Signals::stop`] finds
/// it) the container, still running, counts as shutting down (its failing health check then no
/// fault), in seconds, counted from when the monitor learned of the signal.
///
/// Its own stop signal (or SIGTERM) not yet followed by SIGKILL: `docker stop` is still waiting
/// for it to end, for the stop's own timeout, which Docker records nowhere when `-t` gave it:
/// until the container exits or is sent SIGKILL (which `docker stop` sends once its timeout has
/// passed), up to [`STOP_UNDER_WAY_MAX_SECS`], whatever its `StopTimeout` (which `-t` overrides).
/// Docker's events cannot tell such a stop from `docker kill -s TERM` (a `kill` event alone,
/// never followed by SIGKILL nor `stop`) until the stop's timeout passes, so past the timeout
/// Docker would use ([`confirmed_stop_secs`]) the stop is only [`Stop::Unconfirmed`].
/// SIGKILL, or Docker's `stop` event (the stop is done): the container's own stop
/// window ([`stop_window_secs`]), at least [`STOPPING_GRACE_SECS`], within the bound.
pub fn stopping_grace_secs(container: &ContainerReading, signal: i64) -> i64 {
    if signal != SIGKILL && signal != STOP_EVENT {
        return STOP_UNDER_WAY_MAX_SECS;
    }
    stop_window_secs(container)
        .unwrap_or(STOP_UNDER_WAY_MAX_SECS)
        .clamp(STOPPING_GRACE_SECS, STOP_UNDER_WAY_MAX_SECS)
}

/// How long after its stop signal (with no SIGKILL nor `stop` event since) a still running
/// container is surely in `docker stop`'s wait, in seconds: the timeout Docker uses without
/// `-t` (the container's own `StopTimeout`, 10 s without one; -1, wait forever, up to
/// [`STOP_UNDER_WAY_MAX_SECS`]), with [`EXIT_SLACK_SECS`], at least [`STOPPING_GRACE_SECS`].
/// Past it, `docker stop` would have sent SIGKILL: the signal was `docker kill -s` (a `kill`
/// event alone), which a program may ignore and run on, or a `docker stop -t N` longer than
/// that, which Docker records nowhere.
pub fn confirmed_stop_secs(container: &ContainerReading) -> i64 {
    stop_window_secs(container)
        .unwrap_or(STOP_UNDER_WAY_MAX_SECS)
        .clamp(STOPPING_GRACE_SECS, STOP_UNDER_WAY_MAX_SECS)
}

/// A signal the daemon reported sent to a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Signalled {
    signal: i64,
    /// The event's time (nanoseconds, the daemon's clock: the one its start times are in).
    at_nanos: i64,
    /// When the monitor learned of it (Unix seconds, the monitor's clock).
    received: i64,
}

/// Whether a container's current (or last) run was told to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stop {
    /// No stop signal reached this run (as far as the monitor saw).
    #[default]
    None,
    /// This run was sent `signal` (its own stop signal, SIGTERM or SIGKILL); `recent` while a
    /// stop may still be under way.
    Requested { signal: i64, recent: bool },
    /// Still running, sent its stop signal (or SIGTERM) longer ago than `docker stop` would
    /// wait before SIGKILL ([`confirmed_stop_secs`]), no SIGKILL nor `stop` event since, within
    /// [`STOP_UNDER_WAY_MAX_SECS`]: a `docker stop -t N` may still be waiting for it, or an
    /// operator's `docker kill -s TERM` that the program ignored left it running. Its failing
    /// health is reported, never repaired: a restart could undo the stop.
    Unconfirmed { signal: i64 },
    /// None seen, but this run began before the monitor followed the event stream without a
    /// break (or its start is unknown): a stop signal sent to it may have been missed.
    Unseen,
    /// None seen, and this run began in the moment the monitor was taking up the stream (at
    /// most [`STARTING_SLACK_SECS`] before it was followed): a stop signal sent in that moment
    /// may have been missed, so an exit by a stop signal is not proven a crash, as for
    /// [`Stop::Unseen`]; but a run stopped within seconds of its start, before the monitor
    /// followed the stream, that ended with a code of its own is too unlikely to leave a crash
    /// of it unrepaired: such an exit is a crash.
    UnseenAtStart,
}

/// How long before the monitor followed the event stream a run that began counts as begun in
/// that moment ([`Stop::UnseenAtStart`]), in seconds.
pub const STARTING_SLACK_SECS: i64 = 5;

/// The signal `docker stop` sends `container`: its `StopSignal`, SIGTERM without one (or with a
/// blank one, which Docker takes for none).
pub fn own_stop_signal(container: &ContainerReading) -> Option<i64> {
    match container
        .stop_signal
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        Some(text) => signal_number(text),
        None => Some(SIGTERM),
    }
}

/// Signals sent to containers, by name.
#[derive(Debug, Default)]
pub struct Signals {
    /// The latest of each signal per container (at most [`SIGNAL_KINDS_KEPT`], the oldest
    /// forgotten first): a reload signal (`docker kill -s HUP`) sent after a stop must not hide
    /// the stop.
    by_container: HashMap<String, Vec<Signalled>>,
    /// Since when (nanoseconds, the daemon's clock) the event stream has been followed without
    /// a break; None while it is not.
    watching_since: Option<i64>,
    /// When the monitor's own repairs restarted each container (from just before its
    /// `docker_restart` to just after, nanoseconds): Docker stops a running container before
    /// starting it again, and the signal it sends then is no one's stop. At most
    /// [`OWN_RESTARTS_KEPT`] per container, the latest.
    own_restarts: HashMap<String, Vec<(i64, i64)>>,
}

/// Restarts of one container by the monitor's own repairs remembered, at most.
pub const OWN_RESTARTS_KEPT: usize = 4;

/// Around one of the monitor's own restarts, the daemon's events still count as sent by it
/// (clocks of the monitor and the daemon a little apart), in nanoseconds.
const OWN_RESTART_SLACK_NANOS: i64 = 1_000_000_000;

/// Signals of different kinds remembered per container, at most.
pub const SIGNAL_KINDS_KEPT: usize = 8;

/// Keeps `sent` among `kept`: the latest of its signal, within [`SIGNAL_KINDS_KEPT`] (the one
/// sent first goes first).
fn keep(kept: &mut Vec<Signalled>, sent: Signalled) {
    if let Some(same) = kept.iter_mut().find(|k| k.signal == sent.signal) {
        if sent.at_nanos >= same.at_nanos {
            *same = sent;
        }
        return;
    }
    if kept.len() >= SIGNAL_KINDS_KEPT
        && let Some(oldest) = kept
            .iter()
            .enumerate()
            .min_by_key(|(_, k)| k.at_nanos)
            .map(|(at, _)| at)
    {
        kept.remove(oldest);
    }
    kept.push(sent);
}

impl Signals {
    /// Remembers a `kill` event: `signal` sent to `container` at `at_nanos` (daemon time),
    /// learned at `received` (monitor time). The latest of each signal per container is kept.
    pub fn record(&mut self, container: &str, signal: i64, at_nanos: i64, received: i64) {
        if self.by_container.len() >= REMEMBERED && !self.by_container.contains_key(container) {
            let oldest = self
                .by_container
                .iter()
                .min_by_key(|(_, kept)| kept.iter().map(|s| s.received).max())
                .map(|(name, _)| name.clone());
            if let Some(oldest) = oldest {
                self.by_container.remove(&oldest);
            }
        }
        keep(
            self.by_container.entry(container.to_owned()).or_default(),
            Signalled {
                signal,
                at_nanos,
                received,
            },
        );
    }

    /// The monitor's own repair restarted `container` (`docker_restart`) from `from_nanos` to
    /// `until_nanos`: the signals Docker sends it meanwhile (SIGTERM, then SIGKILL past its stop
    /// timeout, and the `stop` event) are the restart's, not an operator's stop. When the
    /// restart fails half-way (Docker stopped the container, then could not start it), the
    /// container's exit is then judged as an exit with no stop recorded, not left stopped.
    pub fn restarting(&mut self, container: &str, from_nanos: i64, until_nanos: i64) {
        if self.own_restarts.len() >= REMEMBERED && !self.own_restarts.contains_key(container) {
            let oldest = self
                .own_restarts
                .iter()
                .min_by_key(|(_, windows)| windows.iter().map(|w| w.1).max())
                .map(|(name, _)| name.clone());
            if let Some(oldest) = oldest {
                self.own_restarts.remove(&oldest);
            }
        }
        let windows = self.own_restarts.entry(container.to_owned()).or_default();
        // The same restart told again (an approved one seen running, then done) widens its
        // window, never takes a second place.
        if let Some(same) = windows.iter_mut().find(|(from, _)| *from == from_nanos) {
            same.1 = same.1.max(until_nanos);
            return;
        }
        windows.push((from_nanos, until_nanos.max(from_nanos)));
        if windows.len() > OWN_RESTARTS_KEPT {
            windows.remove(0);
        }
    }

    /// Whether `signalled` reached `container`'s run that began at `started` (nanoseconds,
    /// the daemon's clock) during one of the monitor's own restarts of it. Only a run that
    /// began before that restart can have been struck by it: a run the restart started itself
    /// was never stopped by it, so a signal that reaches it in the restart's slack (an
    /// operator's `docker stop` a moment after the repair) is someone's stop.
    fn own_restart(&self, container: &str, started: i64, signalled: &Signalled) -> bool {
        self.own_restarts.get(container).is_some_and(|windows| {
            windows.iter().any(|(from, until)| {
                started < *from
                    && signalled.at_nanos >= from.saturating_sub(OWN_RESTART_SLACK_NANOS)
                    && signalled.at_nanos <= until.saturating_add(OWN_RESTART_SLACK_NANOS)
            })
        })
    }

    /// Whether one of the monitor's own restarts of `container` (a runbook's, the repair
    /// model's, or one a human approved) began after its current (or last) run started: a start
    /// that failed since (Docker's `State.Error`) is then Warden's own, and repeating it fails
    /// the same way. A run whose start is unknown (Docker's zero time: never started) was begun
    /// before any restart.
    pub fn restarted_since_start(&self, container: &ContainerReading) -> bool {
        let started = container.started_at.as_deref().and_then(nanos);
        self.own_restarts
            .get(&container.name)
            .is_some_and(|windows| {
                windows
                    .iter()
                    .any(|(from, _)| started.is_none_or(|started| *from > started))
            })
    }

    /// The event stream is followed from `at_nanos` (the daemon's clock) on.
    pub fn watching(&mut self, at_nanos: i64) {
        self.watching_since = Some(at_nanos);
    }

    /// The event stream ended: signals may be missed until it is followed again.
    pub fn unwatched(&mut self) {
        self.watching_since = None;
    }

    /// Whether `container`'s current (or last) run was told to stop, as the event stream
    /// reported it (a `kill` event with its signal, a `stop` event), sent after the run started:
    ///
    /// - a signal that stops it: its own stop signal (`StopSignal`, SIGTERM without one),
    ///   SIGTERM or SIGKILL, or `docker stop` done (a `stop` event), the latest such, whatever
    ///   other signals came after it;
    /// - for a stopped container, any other signal a user sent (`docker kill -s USR1`, the
    ///   SIGINT a foreground `docker run` passes on at Ctrl-C) that ended it: its exit code is
    ///   128 + that signal, or it exited within [`signal_exit_window_secs`] after it (a program
    ///   that handles the signal and ends with a code of its own).
    ///
    /// A signal sent to an earlier run, or one that ended nothing (`docker kill -s HUP` to
    /// reload, the container running on or exiting long after), is no stop, when the stream was
    /// followed since the run began; otherwise (or when its start time is unknown) a stop may
    /// have been missed: [`Stop::Unseen`].
    ///
    /// A run that began before the stream was followed but ended well after (its `FinishedAt`,
    /// as Docker records it, more than [`stop_window_secs`] after the stream was followed
    /// without a break) had any stop signal sent to it seen: `docker stop` sends it at most its
    /// stop timeout before the exit.
    pub fn stop(&self, container: &ContainerReading, now: i64) -> Stop {
        const NANOS: i64 = 1_000_000_000;
        let started = container.started_at.as_deref().and_then(nanos);
        let stopped = container.state == "exited" || container.state == "dead";
        let finished = container
            .finished_at
            .as_deref()
            .and_then(nanos)
            .filter(|_| stopped);
        let window = stop_window_secs(container);
        let seen_since_start = match (started, self.watching_since) {
            (Some(started), Some(since)) => {
                started >= since
                    || finished.zip(window).is_some_and(|(finished, window)| {
                        finished.saturating_sub(since) > window.saturating_mul(NANOS)
                    })
            }
            _ => false,
        };
        let at_start = match (started, self.watching_since) {
            (Some(started), Some(since)) => {
                started >= since.saturating_sub(STARTING_SLACK_SECS.saturating_mul(NANOS))
            }
            _ => false,
        };
        let not_sent = if seen_since_start {
            Stop::None
        } else if at_start {
            Stop::UnseenAtStart
        } else {
            Stop::Unseen
        };
        let Some(kept) = self.by_container.get(&container.name) else {
            return not_sent;
        };
        let Some(started) = started else {
            return not_sent;
        };
        let own = own_stop_signal(container);
        let this_run = || {
            kept.iter().filter(|sent| {
                sent.at_nanos >= started && !self.own_restart(&container.name, started, sent)
            })
        };
        let stopping = this_run()
            .filter(|sent| {
                sent.signal == SIGTERM
                    || sent.signal == SIGKILL
                    || sent.signal == STOP_EVENT
                    || Some(sent.signal) == own
            })
            .max_by_key(|sent| sent.at_nanos);
        if let Some(sent) = stopping {
            let signal = if sent.signal == STOP_EVENT {
                own.unwrap_or(SIGTERM)
            } else {
                sent.signal
            };
            let grace = stopping_grace_secs(container, sent.signal);
            let since = now.saturating_sub(sent.received);
            // A `kill` event alone (no SIGKILL, no `stop`) past the time `docker stop` waits
            // without `-t`: no stop known under way (see [`Stop::Unconfirmed`]).
            if !stopped
                && sent.signal != SIGKILL
                && sent.signal != STOP_EVENT
                && since > confirmed_stop_secs(container)
                && since <= grace
            {
                return Stop::Unconfirmed { signal };
            }
            return Stop::Requested {
                signal,
                recent: since <= grace,
            };
        }
        // A slow stop's failing health check is no fault for at least the usual margin.
        let grace = window.map_or(STOPPING_GRACE_SECS, |window| {
            window.max(STOPPING_GRACE_SECS)
        });
        let requested = |sent: &Signalled, signal: i64| Stop::Requested {
            signal,
            recent: now.saturating_sub(sent.received) <= grace,
        };
        // Another signal a user sent, that ended the run: by it (128 + its number), or in the
        // moments after it with a code of the program's own.
        let Some(code) = container.exit_code.filter(|_| stopped) else {
            return not_sent;
        };
        // Ended in the moments after the signal (when Docker's `FinishedAt` was read): a signal
        // kills at once, and a program that handles it ends within its stop timeout. The same
        // signal long before (a log rotation's USR1) says nothing of an exit hours later.
        let window = signal_exit_window_secs(container).saturating_mul(NANOS);
        // An event without a time of its own is stamped when it came, a moment after the signal
        // was sent and possibly after the exit it caused: the exit may lie up to
        // [`EXIT_SLACK_SECS`] before the signal's stamp, as for any signal that stops.
        let slack = EXIT_SLACK_SECS.saturating_mul(NANOS);
        let soon_after = |sent: &Signalled| {
            finished.is_none_or(|finished| {
                finished >= sent.at_nanos.saturating_sub(slack)
                    && finished.saturating_sub(sent.at_nanos) <= window
            })
        };
        let by_it = this_run()
            .filter(|sent| sent.signal > 0 && code == sent.signal.saturating_add(128))
            .filter(|sent| soon_after(sent))
            .max_by_key(|sent| sent.at_nanos);
        let just_before = || {
            finished?;
            this_run()
                .filter(|sent| sent.signal > 0 && soon_after(sent))
                .max_by_key(|sent| sent.at_nanos)
        };
        match by_it.or_else(just_before) {
            Some(sent) => requested(sent, sent.signal),
            None => not_sent,
        }
    }

    /// The names signals are kept under that no container `listed` bears: an id an event named a
    /// container by (see [`super::event_ids`]), or a removed container's name.
    pub(super) fn unlisted(&self, listed: &[ContainerReading]) -> Vec<String> {
        self.by_container
            .keys()
            .filter(|name| !listed.iter().any(|c| &c.name == *name))
            .cloned()
            .collect()
    }

    /// The container `from` is called `to` now: the signals sent to it follow it (the later of
    /// each signal is kept if both names were sent it).
    pub fn rename(&mut self, from: &str, to: &str) {
        if let Some(windows) = self.own_restarts.remove(from) {
            let kept = self.own_restarts.entry(to.to_owned()).or_default();
            kept.extend(windows);
            kept.sort_unstable();
            if kept.len() > OWN_RESTARTS_KEPT {
                kept.drain(..kept.len() - OWN_RESTARTS_KEPT);
            }
        }
        let Some(sent) = self.by_container.remove(from) else {
            return;
        };
        let kept = self.by_container.entry(to.to_owned()).or_default();
        for signalled in sent {
            keep(kept, signalled);
        }
    }

    /// Forgets the containers not in `listed` (removed) and the signals sent to runs before
    /// their current one.
    pub fn prune(&mut self, listed: &[ContainerReading]) {
        self.own_restarts.retain(|name, windows| {
            let Some(container) = listed.iter().find(|c| &c.name == name) else {
                return false;
            };
            if let Some(started) = container.started_at.as_deref().and_then(nanos) {
                windows
                    .retain(|(_, until)| until.saturating_add(OWN_RESTART_SLACK_NANOS) >= started);
            }
            !windows.is_empty()
        });
        self.by_container.retain(|name, kept| {
            let Some(container) = listed.iter().find(|c| &c.name == name) else {
                return false;
            };
            if let Some(started) = container.started_at.as_deref().and_then(nanos) {
                kept.retain(|sent| sent.at_nanos >= started);
            }
            !kept.is_empty()
        });
    }
}

/// One container event read back from the daemon's recent history (Docker's events API with
/// `since`), as the event stream reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recent {
    /// `kill`, `stop`, `oom`, `die`... as the daemon writes it.
    pub action: String,
    /// The container's name (without the leading slash).
    pub container: String,
    /// A `kill` event's signal (its number).
    pub signal: Option<i64>,
    /// When the daemon saw it, in nanoseconds since the epoch (its clock).
    pub at_nanos: Option<i64>,
}

/// How far back Docker's events are read when the monitor starts following them, and when it
/// takes the stream up again after it ended, in seconds (a day): a stop signal sent in that time
/// (a `docker stop` just before Warden started, its container exiting after) is then known.
/// `docker stop -t N` gives one call a timeout of its own that Docker records nowhere, longer
/// than the container's `StopTimeout` (which [`stop_window_secs`] covers), so no window that
/// the containers' settings bound is enough: its container may exit up to N seconds after the
/// signal, long after Warden started, and without the signal that exit is a crash. Docker keeps
/// its latest [`REPLAY_EVENTS`] events in memory whatever their age, so reading back further
/// costs nothing more; what bounds it is what the daemon still keeps (a busy host's events push
/// an older `kill` out), and a day.
pub const REPLAY_SECS: i64 = 24 * 3600;

/// How far back an `oom` read back asks for a sweep, in seconds (the signals go back
/// [`REPLAY_SECS`]).
pub const OOM_REPLAY_SECS: i64 = STOPPING_GRACE_SECS;

/// Events read back at most (Docker itself keeps only its latest 256 in memory).
pub const REPLAY_EVENTS: usize = 256;

/// What events read back tell the monitor, as the event stream would have (`now_nanos`: when
/// they were read, the daemon's clock): the signals sent to containers (`kill` with its signal,
/// `stop`) and the kills for memory (`oom`) of the last [`REPLAY_SECS`], at most the latest
/// [`REPLAY_EVENTS`] of them, in the order they came. Events without a time, or out of that
/// window (a daemon's clock off, a reply that ignored `since`), are not taken; nor are the
/// rest (`die`, health, `rename`): the sweep that follows reads every container's state.
pub fn replayed(recent: &[Recent], now_nanos: i64) -> Vec<super::Trigger> {
    let from = now_nanos.saturating_sub(REPLAY_SECS.saturating_mul(1_000_000_000));
    let mut out: Vec<super::Trigger> = recent
        .iter()
        .filter_map(|event| {
            let at_nanos = event
                .at_nanos
                .filter(|at| (from..=now_nanos).contains(at))?;
            let container = event.container.trim_start_matches('/');
            if container.is_empty() {
                return None;
            }
            match (event.action.as_str(), event.signal) {
                ("kill", signal) => Some(super::Trigger::Signal {
                    container: container.to_owned(),
                    signal: kill_signal(signal),
                    at_nanos,
                }),
                ("stop", _) => Some(super::Trigger::Signal {
                    container: container.to_owned(),
                    signal: STOP_EVENT,
                    at_nanos,
                }),
                // An `oom` asks for a sweep, as it did when it came, only within the moments
                // before ([`OOM_REPLAY_SECS`]): Docker's `OOMKilled` flag tells of an older one,
                // and one of hours ago in a run that ended since by its operator's stop is no
                // kill of that run's end.
                ("oom", _)
                    if at_nanos
                        >= now_nanos
                            .saturating_sub(OOM_REPLAY_SECS.saturating_mul(1_000_000_000)) =>
                {
                    Some(super::Trigger::Container {
                        action: "oom".to_owned(),
                        container: container.to_owned(),
                        at_nanos: Some(at_nanos),
                    })
                }
                _ => None,
            }
        })
        .collect();
    if out.len() > REPLAY_EVENTS {
        out.drain(..out.len() - REPLAY_EVENTS);
    }
    out
}

/// An RFC 3339 time in nanoseconds since the epoch (None for Docker's zero time, year 1).
fn nanos(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()?
        .timestamp_nanos_opt()
}

/// A container's exit the event stream reported (`die`, `oom`): which container, and when the
/// daemon saw it (nanoseconds, its clock), when it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    pub container: String,
    pub at_nanos: Option<i64>,
}

/// The events of `wanted` (`die`, `oom`, `stop`) a sweep's trigger reported: its one event,
/// or those a coalesced sweep kept.
fn reported(trigger: &super::Trigger, wanted: &str) -> Vec<Exit> {
    match trigger {
        super::Trigger::Container {
            action,
            container,
            at_nanos,
        } if action == wanted => vec![Exit {
            container: container.clone(),
            at_nanos: *at_nanos,
        }],
        super::Trigger::Events {
            oom, exits, stops, ..
        } => match wanted {
            "die" => exits.clone(),
            "oom" => oom.clone(),
            "stop" => stops.clone(),
            _ => Vec::new(),
        },
        super::Trigger::Container { .. }
        | super::Trigger::Signal { .. }
        | super::Trigger::Resubscribed
        | super::Trigger::StreamEnded
        | super::Trigger::Renamed { .. }
        | super::Trigger::Interval
        | super::Trigger::Manual
        | super::Trigger::Alert
        | super::Trigger::FollowUp => Vec::new(),
    }
}

/// The exits (`die`) a sweep's trigger reported. An `oom` alone is none: the kernel may have
/// killed one process of the container and left it running (its main process lives on); when
/// the container dies of it, Docker reports a `die` too. Taken for an exit, it had the sweep
/// read again and again while the container, still running, never "settled".
pub fn exits_of(trigger: &super::Trigger) -> Vec<Exit> {
    reported(trigger, "die")
}

/// The `oom` events a sweep's trigger reported, with when.
pub fn ooms_of(trigger: &super::Trigger) -> Vec<Exit> {
    reported(trigger, "oom")
}

/// The containers listed whose current (or last) run an `oom` event struck: the event came at
/// or after the run began. An `oom` of a run before (Docker's policy, or Warden, restarted the
/// container since) says nothing of this run: a later `docker stop` of it (exit 137 or 143) is
/// no kill for memory. Without either time, the run listed is taken for the one struck.
pub fn oom_in_run(listed: &[ContainerReading], ooms: &[Exit]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for oom in ooms {
        let struck = listed.iter().any(|c| {
            c.name == oom.container
                && match (c.started_at.as_deref().and_then(nanos), oom.at_nanos) {
                    (Some(started), Some(at)) => at >= started,
                    _ => true,
                }
        });
        if struck && !out.contains(&oom.container) {
            out.push(oom.container.clone());
        }
    }
    out
}

/// Whether the daemon still lists a container running in the run an exit event ended (it
/// reports the event before its listing catches up): worth reading again. A run that began after
/// the event (Warden's restart, Docker's restart policy, an operator's start) is another run, and
/// a late `die` of the run before it asks for nothing. Without either time, the run is taken for
/// the one that ended.
pub fn unsettled(listed: &[ContainerReading], exits: &[Exit]) -> bool {
    exits.iter().any(|exit| {
        listed.iter().any(|c| {
            c.name == exit.container
                && c.state == "running"
                && match (c.started_at.as_deref().and_then(nanos), exit.at_nanos) {
                    (Some(started), Some(at)) => started <= at,
                    _ => true,
                }
        })
    })
}

/// The `stop` events a sweep's trigger reported: which container, and when (one, or those a
/// coalesced sweep kept).
pub fn stops_of(trigger: &super::Trigger) -> Vec<Exit> {
    reported(trigger, "stop")
}

/// Whether a container a `stop` event ended is still listed stopped in that run with no start
/// since, succeeded or failed: worth reading again, briefly. `docker restart` reports its stop
/// before it starts the container again, and a start that fails (a bind mount's source gone)
/// reports nothing more; only the daemon's `State.Error`, moments later, tells it from an
/// operator's `docker stop`. A run begun after the stop, a start error, or a container no longer
/// listed settles it.
pub fn awaiting_start(listed: &[ContainerReading], stops: &[Exit]) -> bool {
    stops.iter().any(|stop| {
        listed.iter().any(|c| {
            c.name == stop.container
                && matches!(c.state.as_str(), "exited" | "created")
                && c.start_error.is_none()
                && match (c.started_at.as_deref().and_then(nanos), stop.at_nanos) {
                    (Some(started), Some(at)) => started <= at,
                    _ => true,
                }
        })
    })
}

/// Whether the trigger reported a `die` of a container other than those its `stop` events
/// name: that exit is judged at once, not after the wait for a stopped container's start.
pub fn died_elsewhere(exits: &[Exit], stops: &[Exit]) -> bool {
    exits
        .iter()
        .any(|exit| !stops.iter().any(|stop| stop.container == exit.container))
}

/// Whether a container other than those `stops` name changed its run between two readings
/// (`before`, `after`): its state, the start or end of its run or its exit code changed, or it
/// came or went. A `die` elsewhere while the sweep waits for a stopped container's start is
/// judged at once.
pub fn run_changed_elsewhere(
    before: &[ContainerReading],
    after: &[ContainerReading],
    stops: &[Exit],
) -> bool {
    let elsewhere = |c: &&ContainerReading| !stops.iter().any(|stop| stop.container == c.name);
    let run = |c: &ContainerReading| {
        (
            c.state.clone(),
            c.started_at.clone(),
            c.finished_at.clone(),
            c.exit_code,
        )
    };
    let changed = |from: &[ContainerReading], to: &[ContainerReading]| {
        from.iter().filter(elsewhere).any(|c| {
            to.iter()
                .find(|other| other.name == c.name)
                .is_none_or(|other| run(other) != run(c))
        })
    };
    changed(before, after) || changed(after, before)
}

/// Following the daemon's event stream: how long to wait before subscribing again, and whether a
/// subscription should be followed by a sweep (one after the stream had ended: what happened
/// between was not seen).
#[derive(Debug, Default)]
pub struct Subscription {
    ended_before: bool,
    /// Subscriptions in a row that failed, or ended without delivering an event.
    failures: u32,
}

impl Subscription {
    /// A subscription was made: true when a sweep should follow (not the first one: the
    /// monitor sweeps when it starts).
    pub fn subscribed(&mut self) -> bool {
        self.ended_before
    }

    /// The stream ended; `delivered`: whether it delivered any event. A stream that ends at
    /// once (the daemon away) counts as a failure, so the waits grow.
    pub fn ended(&mut self, delivered: bool) {
        self.ended_before = true;
        self.failures = if delivered {
            0
        } else {
            self.failures.saturating_add(1)
        };
    }

    /// Subscribing failed; true for the first failure in a row (worth a warning).
    pub fn failed(&mut self) -> bool {
        self.ended_before = true;
        self.failures = self.failures.saturating_add(1);
        self.failures == 1
    }

    /// How long to wait before subscribing again: 1 s, then 5 s more per failure in a row, up
    /// to a minute.
    pub fn wait(&self) -> Duration {
        Duration::from_secs(u64::from(self.failures.min(12)) * 5).max(Duration::from_secs(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_are_read_as_docker_accepts_them() {
        for (text, number) in [
            ("SIGINT", Some(2)),
            ("INT", Some(2)),
            ("sigquit", Some(3)),
            ("2", Some(2)),
            ("SIGTERM", Some(15)),
            ("SIGKILL", Some(9)),
            ("SIGRTMIN+3", Some(37)),
            ("RTMAX-1", Some(63)),
            ("SIGWINCH", Some(28)),
            ("SIGNOPE", None),
            ("0", None),
            ("65", None),
            ("", None),
            ("SIGRTMIN+40", None),
            ("SIGRTMIN + 3", Some(37)),
            ("sigiot", Some(6)),
            ("POLL", Some(29)),
            ("SIGCLD", Some(17)),
            // Offsets near i64's bounds are no signal, never an overflow.
            ("SIGRTMIN+9223372036854775807", None),
            ("SIGRTMAX--9223372036854775808", None),
            ("RTMAX-9223372036854775807", None),
            ("SIGRTMIN+99999999999999999999", None),
        ] {
            assert_eq!(signal_number(text), number, "{text}");
        }
    }

    fn container(state: &str, started_at: &str, stop_signal: Option<&str>) -> ContainerReading {
        ContainerReading {
            name: "web".to_owned(),
            state: state.to_owned(),
            status: String::new(),
            health: None,
            exit_code: None,
            autoheal: true,
            oom_killed: false,
            restart_count: Some(0),
            started_at: Some(started_at.to_owned()),
            finished_at: None,
            stop_signal: stop_signal.map(str::to_owned),
            stop_timeout_secs: None,
            tty: false,
            restart_policy: None,
            health_check: None,
            start_error: None,
            compose_oneoff: false,
        }
    }

    const STARTED: &str = "2026-12-03T10:00:00.5Z";
    // Half a second after that start, and one before it.
    const AFTER: i64 = 1_796_292_001_000_000_000;
    const BEFORE: i64 = 1_796_291_999_000_000_000;

    #[test]
    fn a_stop_counts_for_the_run_it_was_sent_to_with_a_signal_that_stops() {
        let sigint = container("running", STARTED, Some("SIGINT"));
        let mut signals = Signals::default();
        // Followed since well before the run began.
        signals.watching(BEFORE - 60_000_000_000);
        assert_eq!(signals.stop(&sigint, 100), Stop::None);
        signals.record("web", 2, AFTER, 100);
        // Still running, no SIGKILL since: `docker stop` is waiting for its timeout (Docker's
        // 10 s here), then may still be (`-t`) or it was `docker kill -s INT`, up to the bound.
        assert_eq!(
            signals.stop(&sigint, 100 + STOPPING_GRACE_SECS),
            Stop::Requested {
                signal: 2,
                recent: true
            }
        );
        assert_eq!(
            signals.stop(&sigint, 100 + STOP_UNDER_WAY_MAX_SECS),
            Stop::Unconfirmed { signal: 2 }
        );
        assert_eq!(
            signals.stop(&sigint, 101 + STOP_UNDER_WAY_MAX_SECS),
            Stop::Requested {
                signal: 2,
                recent: false
            }
        );
        // SIGINT is no stop for a container that stops by SIGTERM; SIGTERM and SIGKILL stop any.
        assert_eq!(
            signals.stop(&container("running", STARTED, None), 100),
            Stop::None
        );
        signals.record("web", 15, AFTER, 100);
        assert!(matches!(
            signals.stop(&sigint, 100),
            Stop::Requested { signal: 15, .. }
        ));
        // A reload signal stops nothing.
        let mut reload = Signals::default();
        reload.watching(BEFORE - 60_000_000_000);
        reload.record("web", 1, AFTER, 100);
        assert_eq!(reload.stop(&sigint, 100), Stop::None);
        // Sent before this run started (`docker restart`): not this run's stop.
        let mut earlier = Signals::default();
        earlier.watching(BEFORE - 60_000_000_000);
        earlier.record("web", 2, BEFORE, 100);
        assert_eq!(earlier.stop(&sigint, 100), Stop::None);
        // Without a start time nothing is known: a stop may have been missed.
        signals.record("web", 2, AFTER, 100);
        let mut unknown = sigint.clone();
        unknown.started_at = None;
        assert_eq!(signals.stop(&unknown, 100), Stop::Unseen);
        // Another container's name shares nothing.
        let mut other = sigint.clone();
        other.name = "db".to_owned();
        assert_eq!(signals.stop(&other, 100), Stop::None);
    }

    #[test]
    fn a_stop_is_under_way_until_its_sigkill_within_a_bound() {
        let run = container("running", STARTED, None);
        let with = |timeout: Option<i64>| ContainerReading {
            stop_timeout_secs: timeout,
            ..run.clone()
        };
        // Its stop signal, not yet followed by SIGKILL: the stop's own timeout is not known
        // (`docker stop -t 300`), so up to an hour, whatever the container's own.
        for timeout in [
            None,
            Some(0),
            Some(30),
            Some(-1),
            Some(300_000),
            Some(i64::MAX),
        ] {
            assert_eq!(
                stopping_grace_secs(&with(timeout), 15),
                STOP_UNDER_WAY_MAX_SECS,
                "{timeout:?}"
            );
            assert_eq!(
                stopping_grace_secs(&with(timeout), 2),
                STOP_UNDER_WAY_MAX_SECS
            );
        }
        // SIGKILL sent, or the stop done: the container's own window, at least two minutes,
        // at most the bound (-1, wait forever, included).
        assert_eq!(
            stopping_grace_secs(&with(None), SIGKILL),
            STOPPING_GRACE_SECS
        );
        assert_eq!(stopping_grace_secs(&with(Some(300)), SIGKILL), 305);
        assert_eq!(stopping_grace_secs(&with(Some(300)), STOP_EVENT), 305);
        assert_eq!(
            stopping_grace_secs(&with(Some(-1)), SIGKILL),
            STOP_UNDER_WAY_MAX_SECS
        );
        assert_eq!(
            stopping_grace_secs(&with(Some(i64::MAX)), SIGKILL),
            STOP_UNDER_WAY_MAX_SECS
        );
        let mut signals = Signals::default();
        signals.watching(BEFORE - 60_000_000_000);
        signals.record("web", 15, AFTER, 100);
        let at = |now: i64| signals.stop(&run, now);
        assert_eq!(
            at(100 + STOPPING_GRACE_SECS),
            Stop::Requested {
                signal: 15,
                recent: true
            }
        );
        // Past the time `docker stop` waits without `-t` (Docker's 10 s here) with no SIGKILL:
        // `docker kill -s TERM` ignored, or a longer `docker stop -t N`, no stop known.
        assert_eq!(
            at(101 + STOPPING_GRACE_SECS),
            Stop::Unconfirmed { signal: 15 }
        );
        assert_eq!(at(300), Stop::Unconfirmed { signal: 15 });
        assert_eq!(
            at(100 + STOP_UNDER_WAY_MAX_SECS),
            Stop::Unconfirmed { signal: 15 }
        );
        assert_eq!(
            at(101 + STOP_UNDER_WAY_MAX_SECS),
            Stop::Requested {
                signal: 15,
                recent: false
            }
        );
        // A container whose own stop timeout is ten minutes: Docker waits that long itself.
        let patient = ContainerReading {
            stop_timeout_secs: Some(600),
            ..run.clone()
        };
        assert_eq!(confirmed_stop_secs(&patient), 605);
        assert_eq!(
            signals.stop(&patient, 705),
            Stop::Requested {
                signal: 15,
                recent: true
            }
        );
        assert_eq!(
            signals.stop(&patient, 706),
            Stop::Unconfirmed { signal: 15 }
        );
        // SIGKILL 300 s later (the stop's timeout passed): two minutes more at most.
        signals.record("web", 9, AFTER + 300_000_000_000, 400);
        assert_eq!(
            signals.stop(&run, 400 + STOPPING_GRACE_SECS),
            Stop::Requested {
                signal: 9,
                recent: true
            }
        );
        assert_eq!(
            signals.stop(&run, 401 + STOPPING_GRACE_SECS),
            Stop::Requested {
                signal: 9,
                recent: false
            }
        );
        // A blank `StopSignal` is Docker's SIGTERM.
        let blank = ContainerReading {
            stop_signal: Some("  ".to_owned()),
            ..run.clone()
        };
        assert_eq!(own_stop_signal(&blank), Some(SIGTERM));
    }

    #[test]
    fn a_users_signal_stamped_a_moment_after_the_exit_it_caused_ended_the_run() {
        const SECOND: i64 = 1_000_000_000;
        let exit = AFTER + 3 * SECOND;
        let run = container("exited", STARTED, None);
        for (signal, code) in [(2, 130), (3, 131), (1, 129), (10, 138), (12, 1)] {
            for stamped in [exit, exit + SECOND / 2, exit + EXIT_SLACK_SECS * SECOND] {
                let mut signals = Signals::default();
                signals.watching(BEFORE - 60 * SECOND);
                signals.record("web", signal, stamped, 100);
                assert_eq!(
                    signals.stop(&ended(&run, code, exit), 100),
                    Stop::Requested {
                        signal,
                        recent: true
                    },
                    "{signal} {code} {stamped}"
                );
            }
            // Stamped long after the exit: it ended nothing.
            let mut signals = Signals::default();
            signals.watching(BEFORE - 60 * SECOND);
            signals.record("web", signal, exit + (EXIT_SLACK_SECS + 1) * SECOND, 100);
            assert_eq!(
                signals.stop(&ended(&run, code, exit), 100),
                Stop::None,
                "{signal} {code}"
            );
        }
    }

    #[test]
    fn a_signal_of_another_kind_after_the_stop_hides_no_stop() {
        let sigint = container("exited", STARTED, Some("SIGINT"));
        let mut signals = Signals::default();
        signals.watching(BEFORE - 60_000_000_000);
        // `docker stop`, then a reload signal (a log rotation's `docker kill -s HUP`) while it
        // shuts down: the exit is still the operator's stop.
        signals.record("web", 2, AFTER, 100);
        signals.record("web", 1, AFTER + 1, 101);
        assert_eq!(
            signals.stop(&sigint, 101),
            Stop::Requested {
                signal: 2,
                recent: true
            }
        );
        // The latest stop counts: SIGKILL after the stop timeout.
        signals.record("web", 9, AFTER + 2, 102);
        assert!(matches!(
            signals.stop(&sigint, 102),
            Stop::Requested { signal: 9, .. }
        ));
        // Every signal there is, sent after: the latest few kinds are kept, so at most that many
        // are remembered per container.
        for number in 10..=64 {
            signals.record("web", number, AFTER + 3, 103);
        }
        assert_eq!(signals.by_container["web"].len(), SIGNAL_KINDS_KEPT);
        // Pruning keeps the signals of this run only.
        signals.record("web", 15, BEFORE, 104);
        signals.prune(std::slice::from_ref(&sigint));
        assert!(
            signals.by_container["web"]
                .iter()
                .all(|s| s.at_nanos >= AFTER)
        );
    }

    #[test]
    fn a_run_begun_before_the_stream_was_followed_may_have_had_its_stop_missed() {
        let sigint = container("exited", STARTED, Some("SIGINT"));
        // Warden started (or the stream came back) after the run began: the `kill` of a
        // `docker stop` may have come before, unseen.
        let mut signals = Signals::default();
        assert_eq!(signals.stop(&sigint, 100), Stop::Unseen);
        // A minute after it began (not in the moment the stream was taken up).
        signals.watching(AFTER + 60_000_000_000);
        assert_eq!(signals.stop(&sigint, 100), Stop::Unseen);
        // A signal to an earlier run, or a reload signal, says nothing of this run then.
        signals.record("web", 2, BEFORE, 100);
        assert_eq!(signals.stop(&sigint, 100), Stop::Unseen);
        signals.record("web", 1, AFTER, 100);
        assert_eq!(signals.stop(&sigint, 100), Stop::Unseen);
        // A stop seen is a stop all the same.
        signals.record("web", 2, AFTER, 100);
        assert!(matches!(
            signals.stop(&sigint, 100),
            Stop::Requested { signal: 2, .. }
        ));
        // Followed since before the run began: no signal seen is no signal sent.
        let mut watched = Signals::default();
        watched.watching(BEFORE);
        assert_eq!(watched.stop(&sigint, 100), Stop::None);
        // Until the stream ends: then nothing is known again.
        watched.unwatched();
        assert_eq!(watched.stop(&sigint, 100), Stop::Unseen);
    }

    #[test]
    fn a_run_begun_in_the_moment_the_stream_was_taken_up_is_told_apart() {
        let run = container("exited", STARTED, None);
        let started = AFTER - 500_000_000;
        for (since, stop) in [
            (started, Stop::None),
            (started + 1, Stop::UnseenAtStart),
            (
                started + STARTING_SLACK_SECS * 1_000_000_000,
                Stop::UnseenAtStart,
            ),
            (
                started + STARTING_SLACK_SECS * 1_000_000_000 + 1,
                Stop::Unseen,
            ),
        ] {
            let mut signals = Signals::default();
            signals.watching(since);
            assert_eq!(signals.stop(&run, 100), stop, "{since}");
            // A stop seen is a stop all the same.
            signals.record("web", 15, AFTER, 100);
            assert!(
                matches!(signals.stop(&run, 100), Stop::Requested { signal: 15, .. }),
                "{since}"
            );
        }
    }

    #[test]
    fn a_run_begun_before_the_stream_that_ended_long_after_had_its_stop_seen() {
        // Docker's FinishedAt of a run begun before the stream was followed.
        let ended = |state: &str, finished: i64| ContainerReading {
            finished_at: Some(
                chrono::DateTime::from_timestamp_nanos(finished)
                    .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            ),
            ..container(state, STARTED, None)
        };
        // Its stop timeout (Docker's 10 s) and the slack.
        let grace = (DEFAULT_STOP_TIMEOUT_SECS + EXIT_SLACK_SECS) * 1_000_000_000;
        // Followed from a minute after the run began.
        let since = AFTER + 60_000_000_000;
        let mut signals = Signals::default();
        signals.watching(since);
        // Ended long after: a `docker stop` of it sends its signal at most its stop timeout
        // before the exit, so it would have been seen; none was: no stop.
        assert_eq!(
            signals.stop(&ended("exited", since + grace + 1), 100),
            Stop::None
        );
        assert_eq!(
            signals.stop(&ended("dead", since + grace + 1), 100),
            Stop::None
        );
        // And one seen is the stop.
        signals.record("web", 15, since + grace, 100);
        assert!(matches!(
            signals.stop(&ended("exited", since + grace + 1), 100),
            Stop::Requested { signal: 15, .. }
        ));
        let mut signals = Signals::default();
        signals.watching(since);
        // Ended before the stream was followed, or so soon after that the stop signal may
        // have come before: not known.
        for finished in [BEFORE, since, since + grace] {
            assert_eq!(
                signals.stop(&ended("exited", finished), 100),
                Stop::Unseen,
                "{finished}"
            );
        }
        // A running container's FinishedAt is its run before's; Docker's zero time is none.
        assert_eq!(
            signals.stop(&ended("running", since + grace + 1), 100),
            Stop::Unseen
        );
        let mut zero = ended("exited", since + grace + 1);
        zero.finished_at = Some("0001-01-01T00:00:00Z".to_owned());
        assert_eq!(signals.stop(&zero, 100), Stop::Unseen);
        // The stream ended since: nothing is known again.
        signals.unwatched();
        assert_eq!(
            signals.stop(&ended("exited", since + grace + 1), 100),
            Stop::Unseen
        );
    }

    /// `run`, exited with `code` at `finished` (daemon nanoseconds).
    fn ended(run: &ContainerReading, code: i64, finished: i64) -> ContainerReading {
        ContainerReading {
            state: "exited".to_owned(),
            exit_code: Some(code),
            finished_at: Some(
                chrono::DateTime::from_timestamp_nanos(finished)
                    .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            ),
            ..run.clone()
        }
    }

    #[test]
    fn a_users_kill_with_any_signal_that_ended_the_run_is_its_stop() {
        const SECOND: i64 = 1_000_000_000;
        let run = container("running", STARTED, None);
        let watched = || {
            let mut signals = Signals::default();
            signals.watching(BEFORE - 60 * SECOND);
            signals
        };
        // `docker kill -s USR1` (10), and the run ended by it: 138.
        let mut signals = watched();
        signals.record("web", 10, AFTER, 100);
        assert_eq!(
            signals.stop(&ended(&run, 138, AFTER + SECOND), 100),
            Stop::Requested {
                signal: 10,
                recent: true
            }
        );
        // Ctrl-C of a foreground `docker run`: the client passes SIGINT on (a `kill` event with
        // signal 2) to a container that stops by SIGTERM; it exits 130.
        let mut signals = watched();
        signals.record("web", 2, AFTER, 100);
        assert!(matches!(
            signals.stop(&ended(&run, 130, AFTER + SECOND), 100),
            Stop::Requested { signal: 2, .. }
        ));
        // A program that handles the signal it was sent and ends with a code of its own in the
        // moments after (within its stop timeout, Docker's 10 s, and the slack).
        let window = (DEFAULT_STOP_TIMEOUT_SECS + EXIT_SLACK_SECS) * SECOND;
        let mut signals = watched();
        signals.record("web", 10, AFTER, 100);
        assert!(matches!(
            signals.stop(&ended(&run, 1, AFTER + window), 100),
            Stop::Requested { signal: 10, .. }
        ));
        // Long after, it ended of itself: the signal was a reload, the exit a crash.
        assert_eq!(
            signals.stop(&ended(&run, 1, AFTER + window + 1), 100),
            Stop::None
        );
        // By another signal than the one sent (SIGSEGV after a reload), long after: no stop.
        assert_eq!(
            signals.stop(&ended(&run, 139, AFTER + window + 1), 100),
            Stop::None
        );
        // By the very signal, but hours after the user sent it (the program's own child sent
        // it, say): no stop either. Without Docker's `FinishedAt`, the code alone decides.
        assert_eq!(
            signals.stop(&ended(&run, 138, AFTER + 3600 * SECOND), 100),
            Stop::None
        );
        let unread = ContainerReading {
            finished_at: None,
            ..ended(&run, 138, AFTER)
        };
        assert!(matches!(
            signals.stop(&unread, 100),
            Stop::Requested { signal: 10, .. }
        ));
        // Its own stop timeout, longer, gives it longer; never past the margin.
        let patient = ContainerReading {
            stop_timeout_secs: Some(60),
            ..run.clone()
        };
        assert!(matches!(
            signals.stop(&ended(&patient, 1, AFTER + 65 * SECOND), 100),
            Stop::Requested { signal: 10, .. }
        ));
        let forever = ContainerReading {
            stop_timeout_secs: Some(100_000),
            ..run.clone()
        };
        assert_eq!(
            signals.stop(&ended(&forever, 1, AFTER + 126 * SECOND), 100),
            Stop::None
        );
        // Still running after a reload signal: nothing stopped.
        assert_eq!(signals.stop(&run, 100), Stop::None);
        // Sent to the run before: says nothing of this one.
        let mut signals = watched();
        signals.record("web", 10, BEFORE, 100);
        assert_eq!(
            signals.stop(&ended(&run, 138, AFTER + SECOND), 100),
            Stop::None
        );
    }

    #[test]
    fn the_signal_of_the_monitors_own_restart_is_no_ones_stop() {
        const SECOND: i64 = 1_000_000_000;
        let run = container("running", STARTED, None);
        let mut signals = Signals::default();
        signals.watching(BEFORE - 60 * SECOND);
        // Warden's `docker_restart` of the running container: Docker sends SIGTERM, the
        // container exits 143, and its start fails (a bind mount gone): it stays exited.
        signals.restarting("web", AFTER, AFTER + 2 * SECOND);
        signals.record("web", 15, AFTER + SECOND, 100);
        signals.record("web", STOP_EVENT, AFTER + 2 * SECOND, 100);
        let stopped = ended(&run, 143, AFTER + SECOND);
        assert_eq!(signals.stop(&stopped, 100), Stop::None);
        // An operator's stop later in the same run is a stop all the same.
        signals.record("web", 15, AFTER + 10 * SECOND, 100);
        assert!(matches!(
            signals.stop(&stopped, 100),
            Stop::Requested { signal: 15, .. }
        ));
        // A run the restart started itself was not struck by it: an operator's stop a moment
        // after the repair, inside the restart's slack, is a stop.
        let restarted = ContainerReading {
            started_at: Some("2026-12-03T10:00:02Z".to_owned()),
            ..run.clone()
        };
        let mut fresh = Signals::default();
        fresh.watching(BEFORE - 60 * SECOND);
        fresh.restarting("web", AFTER, AFTER + 2 * SECOND);
        fresh.record("web", 15, AFTER + 2 * SECOND + SECOND / 2, 100);
        assert!(matches!(
            fresh.stop(&ended(&restarted, 143, AFTER + 3 * SECOND), 100),
            Stop::Requested { signal: 15, .. }
        ));
        // Renamed: the restart follows it. Pruned: kept while the run it struck is listed.
        signals.rename("web", "web2");
        let renamed = ContainerReading {
            name: "web2".to_owned(),
            ..stopped.clone()
        };
        signals.prune(std::slice::from_ref(&renamed));
        assert_eq!(
            signals.own_restarts["web2"],
            vec![(AFTER, AFTER + 2 * SECOND)]
        );
        // A later run: the restart of the run before is forgotten.
        let later = ContainerReading {
            started_at: Some("2026-12-03T11:00:00Z".to_owned()),
            ..renamed
        };
        signals.prune(std::slice::from_ref(&later));
        assert!(!signals.own_restarts.contains_key("web2"));
        // Bounded per container.
        for i in 0..10 {
            signals.restarting("db", i, i + 1);
        }
        assert_eq!(signals.own_restarts["db"].len(), OWN_RESTARTS_KEPT);
        assert_eq!(signals.own_restarts["db"][0], (6, 7));
    }

    #[test]
    fn a_restart_of_warden_s_counts_for_the_run_it_struck_not_one_begun_after_it() {
        const SECOND: i64 = 1_000_000_000;
        let run = container("exited", STARTED, None);
        let mut signals = Signals::default();
        assert!(!signals.restarted_since_start(&run));
        // Warden's restart of this run (begun at STARTED, just before AFTER).
        signals.restarting("web", AFTER, AFTER + SECOND);
        assert!(signals.restarted_since_start(&run));
        // Another container's, or a run begun after the restart: not this run's.
        let other = ContainerReading {
            name: "db".to_owned(),
            ..run.clone()
        };
        assert!(!signals.restarted_since_start(&other));
        let later = container("exited", "2026-12-03T10:00:05Z", None);
        assert!(!signals.restarted_since_start(&later));
        // A container never started (Docker's zero time): any restart of it struck it.
        let never = container("created", "0001-01-01T00:00:00Z", None);
        assert!(signals.restarted_since_start(&never));
    }

    #[test]
    fn a_run_changed_elsewhere_is_another_containers_new_state_start_end_or_presence() {
        let exit = |container: &str| Exit {
            container: container.to_owned(),
            at_nanos: None,
        };
        let named = |name: &str, state: &str| ContainerReading {
            name: name.to_owned(),
            ..container(state, STARTED, None)
        };
        let before = vec![named("web", "exited"), named("cache", "running")];
        let stops = vec![exit("web")];
        // Nothing changed, or only the container waited for: no.
        assert!(!run_changed_elsewhere(&before, &before, &stops));
        let started = vec![
            ContainerReading {
                started_at: Some("2026-12-03T10:01:00Z".to_owned()),
                ..named("web", "running")
            },
            named("cache", "running"),
        ];
        assert!(!run_changed_elsewhere(&before, &started, &stops));
        // Another container died, came or went: yes.
        let died = vec![named("web", "exited"), named("cache", "exited")];
        assert!(run_changed_elsewhere(&before, &died, &stops));
        let came = vec![
            named("web", "exited"),
            named("cache", "running"),
            named("job", "running"),
        ];
        assert!(run_changed_elsewhere(&before, &came, &stops));
        assert!(run_changed_elsewhere(&came, &before, &stops));
        // A `die` of another container in the same sweep's events; the stopped one's own `die`
        // is no other.
        assert!(died_elsewhere(&[exit("cache")], &stops));
        assert!(!died_elsewhere(&[exit("web")], &stops));
        assert!(!died_elsewhere(&[], &stops));
    }

    #[test]
    fn a_stop_event_stands_for_the_containers_own_stop_signal() {
        let mut signals = Signals::default();
        signals.watching(BEFORE - 60_000_000_000);
        // `docker stop` done, its `kill` unseen: the stop is known all the same.
        signals.record("web", STOP_EVENT, AFTER, 100);
        let run = container("exited", STARTED, None);
        assert!(matches!(
            signals.stop(&run, 100),
            Stop::Requested { signal: 15, .. }
        ));
        let sigint = container("exited", STARTED, Some("SIGINT"));
        assert!(matches!(
            signals.stop(&sigint, 100),
            Stop::Requested { signal: 2, .. }
        ));
        // Of the run before: nothing.
        let mut earlier = Signals::default();
        earlier.watching(BEFORE - 60_000_000_000);
        earlier.record("web", STOP_EVENT, BEFORE, 100);
        assert_eq!(earlier.stop(&run, 100), Stop::None);
    }

    #[test]
    fn the_stop_window_is_the_containers_own_timeout() {
        let run = container("exited", STARTED, None);
        let with = |timeout: Option<i64>| ContainerReading {
            stop_timeout_secs: timeout,
            ..run.clone()
        };
        assert_eq!(stop_window_secs(&with(None)), Some(15));
        assert_eq!(stop_window_secs(&with(Some(0))), Some(5));
        assert_eq!(stop_window_secs(&with(Some(30))), Some(35));
        assert_eq!(stop_window_secs(&with(Some(300))), Some(305));
        assert_eq!(stop_window_secs(&with(Some(-1))), None);
        // A run begun before the stream was followed, ended 20 s (or 200 s) after it was: with
        // Docker's default timeout a stop of it would have been seen; with a 30 s (or 300 s) one
        // it may have been sent before; waiting forever, any time before.
        let since = AFTER + 60_000_000_000;
        let mut signals = Signals::default();
        signals.watching(since);
        let soon = since + 20_000_000_000;
        assert_eq!(signals.stop(&ended(&with(None), 1, soon), 100), Stop::None);
        assert_eq!(
            signals.stop(&ended(&with(Some(30)), 1, soon), 100),
            Stop::Unseen
        );
        assert_eq!(
            signals.stop(&ended(&with(None), 1, since + 15_000_000_000), 100),
            Stop::Unseen
        );
        let finished = since + 200_000_000_000;
        assert_eq!(
            signals.stop(&ended(&with(None), 1, finished), 100),
            Stop::None
        );
        assert_eq!(
            signals.stop(&ended(&with(Some(300)), 1, finished), 100),
            Stop::Unseen
        );
        assert_eq!(
            signals.stop(&ended(&with(Some(-1)), 1, since + 86_400_000_000_000), 100),
            Stop::Unseen
        );
        assert_eq!(
            signals.stop(&ended(&with(Some(300)), 1, since + 306_000_000_000), 100),
            Stop::None
        );
    }

    #[test]
    fn events_read_back_seed_signals_within_their_window_and_bound() {
        let now = AFTER + 200_000_000_000;
        let event = |action: &str, signal: Option<i64>, at: Option<i64>| Recent {
            action: action.to_owned(),
            container: "/web".to_owned(),
            signal,
            at_nanos: at,
        };
        let recent = [
            event("kill", Some(15), Some(now - 5_000_000_000)),
            event("die", None, Some(now - 4_000_000_000)),
            event("stop", None, Some(now - 4_000_000_000)),
            event("oom", None, Some(now - 3_000_000_000)),
            event("rename", None, Some(now - 2_000_000_000)),
            // Out of the window, without a time, from the future.
            event(
                "kill",
                Some(9),
                Some(now - (REPLAY_SECS + 1) * 1_000_000_000),
            ),
            // An `oom` of hours ago: Docker's flag tells of it.
            event(
                "oom",
                None,
                Some(now - (OOM_REPLAY_SECS + 1) * 1_000_000_000),
            ),
            event("kill", Some(9), None),
            event("kill", Some(99), Some(now - 1)),
            event("kill", Some(9), Some(now + 1)),
        ];
        assert_eq!(
            replayed(&recent, now),
            vec![
                super::super::Trigger::Signal {
                    container: "web".to_owned(),
                    signal: 15,
                    at_nanos: now - 5_000_000_000
                },
                super::super::Trigger::Signal {
                    container: "web".to_owned(),
                    signal: STOP_EVENT,
                    at_nanos: now - 4_000_000_000
                },
                super::super::Trigger::Container {
                    action: "oom".to_owned(),
                    container: "web".to_owned(),
                    at_nanos: Some(now - 3_000_000_000)
                },
                // A `kill` whose signal does not read is a stop all the same.
                super::super::Trigger::Signal {
                    container: "web".to_owned(),
                    signal: STOP_EVENT,
                    at_nanos: now - 1
                },
            ]
        );
        assert_eq!(
            replayed(&[event("kill", None, Some(now - 1))], now),
            vec![super::super::Trigger::Signal {
                container: "web".to_owned(),
                signal: STOP_EVENT,
                at_nanos: now - 1
            }]
        );
        // At most the latest REPLAY_EVENTS.
        let many: Vec<Recent> = (0..REPLAY_EVENTS + 10)
            .map(|i| event("kill", Some(15), Some(now - 1_000_000 * (1000 - i as i64))))
            .collect();
        let kept = replayed(&many, now);
        assert_eq!(kept.len(), REPLAY_EVENTS);
        assert_eq!(
            kept.last(),
            Some(&super::super::Trigger::Signal {
                container: "web".to_owned(),
                signal: 15,
                at_nanos: now - 1_000_000 * (1000 - (REPLAY_EVENTS as i64 + 9))
            })
        );
    }

    #[test]
    fn signals_of_removed_containers_and_earlier_runs_are_forgotten() {
        let mut signals = Signals::default();
        signals.record("web", 2, AFTER, 100);
        signals.record("gone", 2, AFTER, 100);
        signals.record("old", 2, BEFORE, 100);
        let old = ContainerReading {
            name: "old".to_owned(),
            ..container("running", STARTED, Some("INT"))
        };
        signals.prune(&[container("exited", STARTED, Some("INT")), old]);
        let mut kept: Vec<&String> = signals.by_container.keys().collect();
        kept.sort();
        assert_eq!(kept, vec!["web"]);
        // Renamed: the signal follows the container; a later one to the new name is kept.
        signals.rename("web", "web2");
        assert!(!signals.by_container.contains_key("web"));
        let renamed = container("exited", STARTED, Some("INT"));
        let renamed = ContainerReading {
            name: "web2".to_owned(),
            ..renamed
        };
        signals.watching(BEFORE - 60_000_000_000);
        assert!(matches!(
            signals.stop(&renamed, 100),
            Stop::Requested { signal: 2, .. }
        ));
        signals.record("web3", 15, AFTER + 1, 100);
        signals.rename("web2", "web3");
        let mut kinds: Vec<i64> = signals.by_container["web3"]
            .iter()
            .map(|s| s.signal)
            .collect();
        kinds.sort_unstable();
        assert_eq!(kinds, vec![2, 15]);
        // Bounded: the oldest goes first.
        let mut many = Signals::default();
        for i in 0..=REMEMBERED {
            many.record(&format!("c{i}"), 2, AFTER, i64::try_from(i).unwrap_or(0));
        }
        assert_eq!(many.by_container.len(), REMEMBERED);
        assert!(!many.by_container.contains_key("c0"));
    }

    #[test]
    fn an_exit_event_of_a_run_before_the_listed_one_asks_for_no_read_again() {
        let exit = |at_nanos: Option<i64>| Exit {
            container: "web".to_owned(),
            at_nanos,
        };
        let running = container("running", STARTED, None);
        // The run listed began before the `die`: the daemon has not caught up yet.
        assert!(unsettled(
            std::slice::from_ref(&running),
            &[exit(Some(AFTER))]
        ));
        // Restarted since (by Warden, say): the late `die` was the run before's.
        assert!(!unsettled(
            std::slice::from_ref(&running),
            &[exit(Some(BEFORE))]
        ));
        // Listed exited already, or another container: nothing to wait for.
        assert!(!unsettled(
            &[container("exited", STARTED, None)],
            &[exit(Some(AFTER))]
        ));
        let mut db = running.clone();
        db.name = "db".to_owned();
        assert!(!unsettled(&[db], &[exit(Some(AFTER))]));
        // Without a time either way, the listed run is taken for the one that ended.
        assert!(unsettled(std::slice::from_ref(&running), &[exit(None)]));
        let mut unknown = running.clone();
        unknown.started_at = None;
        assert!(unsettled(&[unknown], &[exit(Some(BEFORE))]));
        // A trigger's exits: its own `die` or `oom`, a coalesced sweep's, none for the rest.
        let die = super::super::Trigger::Container {
            action: "die".to_owned(),
            container: "web".to_owned(),
            at_nanos: Some(AFTER),
        };
        assert_eq!(exits_of(&die), vec![exit(Some(AFTER))]);
        let unhealthy = super::super::Trigger::Container {
            action: "health_status: unhealthy".to_owned(),
            container: "web".to_owned(),
            at_nanos: Some(AFTER),
        };
        assert_eq!(exits_of(&unhealthy), Vec::new());
        assert_eq!(exits_of(&super::super::Trigger::Interval), Vec::new());
        // An `oom` alone is no exit: the container may run on.
        let oom = super::super::Trigger::Container {
            action: "oom".to_owned(),
            container: "web".to_owned(),
            at_nanos: Some(AFTER),
        };
        assert_eq!(exits_of(&oom), Vec::new());
        assert_eq!(ooms_of(&oom), vec![exit(Some(AFTER))]);
        assert_eq!(ooms_of(&die), Vec::new());
    }

    #[test]
    fn an_oom_counts_for_the_run_it_struck_only() {
        let oom = |at_nanos: Option<i64>| Exit {
            container: "web".to_owned(),
            at_nanos,
        };
        let exited = container("exited", STARTED, None);
        // Struck the run listed.
        assert_eq!(
            oom_in_run(std::slice::from_ref(&exited), &[oom(Some(AFTER))]),
            vec!["web".to_owned()]
        );
        // Struck the run before: the container was restarted since; this run's exit is its own.
        assert_eq!(
            oom_in_run(std::slice::from_ref(&exited), &[oom(Some(BEFORE))]),
            Vec::<String>::new()
        );
        // Not listed: nothing.
        let mut db = exited.clone();
        db.name = "db".to_owned();
        assert_eq!(oom_in_run(&[db], &[oom(Some(AFTER))]), Vec::<String>::new());
        // Without a time, the run listed is taken for the one struck; each container once.
        assert_eq!(
            oom_in_run(
                std::slice::from_ref(&exited),
                &[oom(None), oom(Some(AFTER))]
            ),
            vec!["web".to_owned()]
        );
    }

    #[test]
    fn a_resubscription_after_an_end_sweeps_and_failures_back_off() {
        let mut subscription = Subscription::default();
        // The first subscription: the monitor sweeps at its start anyway.
        assert!(!subscription.subscribed());
        assert_eq!(subscription.wait(), Duration::from_secs(1));
        // A stream that delivered and ended: subscribe again at once, then sweep.
        subscription.ended(true);
        assert_eq!(subscription.wait(), Duration::from_secs(1));
        assert!(subscription.subscribed());
        // The daemon away: streams that end at once, subscriptions that fail: longer waits.
        subscription.ended(false);
        assert_eq!(subscription.wait(), Duration::from_secs(5));
        assert!(!subscription.failed());
        assert_eq!(subscription.wait(), Duration::from_secs(10));
        for _ in 0..20 {
            subscription.ended(false);
        }
        assert_eq!(subscription.wait(), Duration::from_secs(60));
        assert!(subscription.subscribed());
        // Back: events delivered reset the waits.
        subscription.ended(true);
        assert_eq!(subscription.wait(), Duration::from_secs(1));
        let mut fresh = Subscription::default();
        assert!(fresh.failed());
        assert!(!fresh.failed());
        assert!(fresh.subscribed());
    }
}
