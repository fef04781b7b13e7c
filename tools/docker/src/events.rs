//! The daemon's container event stream, for the monitor: a container that dies, is killed for
//! memory or turns unhealthy is checked at once instead of at the next sweep, and a signal sent
//! to a container (`docker stop`, `docker kill`: a `kill` event) is remembered, so its exit by
//! that signal, or its health failing while it shuts down, is not taken for a crash; a renamed
//! container (`rename`) keeps its incidents under its new name. Observing
//! changes nothing, so it does not pass the guard; every repair the monitor makes does.

use std::collections::HashMap;

use bollard::query_parameters::EventsOptionsBuilder;
use futures_util::{Stream, StreamExt};
use warden_tool_api::ToolError;

use crate::Engine;

/// One container event Warden reacts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerEvent {
    /// `die`, `oom`, `kill`, `stop`, `rename` or `health_status: unhealthy` (as the daemon
    /// writes it).
    pub action: String,
    /// The container's name (without the leading slash); a `rename` event's new name.
    pub container: String,
    /// A `rename` event's former name (without the leading slash).
    pub old_name: Option<String>,
    /// The exit code of a `die` event.
    pub exit_code: Option<i64>,
    /// The signal of a `kill` event (its number).
    pub signal: Option<i64>,
    /// When the daemon saw it, in nanoseconds since the epoch (the daemon's clock, the one its
    /// containers' start times are written by).
    pub time_nano: Option<i64>,
}

/// The actions that start a check, or are remembered (`kill`, and `stop`: `docker stop` done).
const WATCHED: &[&str] = &["die", "oom", "kill", "stop", "rename", "health_status"];

/// Subscribes to container events from now on. The stream ends when the daemon goes away; the
/// caller subscribes again when it returns.
pub async fn container_events(
    engine: &Engine,
) -> Result<impl Stream<Item = Result<ContainerEvent, ToolError>> + Send + use<>, ToolError> {
    let client = engine.reader().await?;
    Ok(events_of(&client, None))
}

/// The container events of the daemon's recent history, from `since` to `until` (Unix seconds),
/// oldest first, at most `limit` of them (Docker keeps its latest 256 in memory): what happened
/// just before Warden began following the stream. The daemon ends the answer at `until`.
pub async fn recent_container_events(
    engine: &Engine,
    since: i64,
    until: i64,
    limit: usize,
) -> Result<Vec<ContainerEvent>, ToolError> {
    let client = engine.reader().await?;
    let events = events_of(&client, Some((since, until)));
    let mut events = std::pin::pin!(events.take(limit));
    let mut out = Vec::new();
    while let Some(event) = events.next().await {
        out.push(event?);
    }
    Ok(out)
}

/// The daemon's container events of the kinds Warden reacts to, from now on, or from `since` to
/// `until` (Unix seconds).
fn events_of(
    client: &bollard::Docker,
    window: Option<(i64, i64)>,
) -> impl Stream<Item = Result<ContainerEvent, ToolError>> + Send + use<> {
    let mut filters = HashMap::new();
    filters.insert("type", vec!["container"]);
    filters.insert("event", WATCHED.to_vec());
    let mut options = EventsOptionsBuilder::default().filters(&filters);
    let live = window.is_none();
    if let Some((since, until)) = window {
        options = options.since(&since.to_string()).until(&until.to_string());
    }
    client
        .events(Some(options.build()))
        .filter_map(move |item| async move {
            match item {
                Err(error) => Some(Err(ToolError::Unavailable(format!(
                    "the Docker event stream ended: {error}"
                )))),
                Ok(message) => {
                    let action = message.action.unwrap_or_default();
                    // health_status events also report healthy containers; only unhealthy matters.
                    if action.starts_with("health_status") && !action.contains("unhealthy") {
                        return None;
                    }
                    let attributes = message.actor.and_then(|a| a.attributes).unwrap_or_default();
                    let container = attributes.get("name")?.trim_start_matches('/').to_owned();
                    let exit_code = attributes.get("exitCode").and_then(|c| c.parse().ok());
                    let signal = attributes.get("signal").and_then(|c| signal_number(c));
                    let old_name = attributes
                        .get("oldName")
                        .map(|n| n.trim_start_matches('/').to_owned());
                    let time_nano = event_time(
                        message.time_nano,
                        message.time,
                        live.then(received_nanos).flatten(),
                    );
                    Some(Ok(ContainerEvent {
                        action,
                        container,
                        old_name,
                        exit_code,
                        signal,
                        time_nano,
                    }))
                }
            }
        })
}

/// An event's time in nanoseconds: its `timeNano`, else its `time` (seconds). Either one absent,
/// zero or negative (a daemon or proxy that leaves it out, or writes Docker's zero) is none. An
/// event of the live stream without a time is taken at `received`, the moment it came: it
/// happened just before, and a `kill` or `stop` without a time would otherwise be lost, its
/// operator's stop then taken for a crash. An event read back from the daemon's history has no
/// such moment: without a time it stays without one.
fn event_time(time_nano: Option<i64>, time: Option<i64>, received: Option<i64>) -> Option<i64> {
    time_nano
        .filter(|t| *t > 0)
        .or_else(|| {
            time.filter(|t| *t > 0)
                .map(|t| t.saturating_mul(1_000_000_000))
        })
        .or(received)
}

/// Now, in nanoseconds since the epoch (the host's clock: the local daemon's too).
fn received_nanos() -> Option<i64> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
}

/// A `kill` event's signal: its number, as Docker writes it (`15`), or its name, as other
/// daemons speaking Docker's API may (`SIGTERM`, `TERM`, in any case), an alias Linux keeps
/// (`IOT` is ABRT, `POLL` is IO, `CLD` is CHLD) or a real-time signal (`SIGRTMIN+3`,
/// `RTMAX-1`, `SIGRTMIN`: 34 to 64 as Docker numbers them on Linux). None for anything else.
fn signal_number(text: &str) -> Option<i64> {
    const NAMES: &[&str] = &[
        "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];
    const ALIASES: &[(&str, i64)] = &[("IOT", 6), ("POLL", 29), ("CLD", 17), ("UNUSED", 31)];
    const RTMIN: i64 = 34;
    const RTMAX: i64 = 64;
    // `SIGRTMIN + 3` as some write it: spaces are no part of a name.
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let real_time = RTMIN..=RTMAX;
    if let Ok(number) = text.parse::<i64>() {
        return (1..=RTMAX).contains(&number).then_some(number);
    }
    let name = text.strip_prefix("SIG").unwrap_or(&text);
    let offset = |rest: &str, sign: char| -> Option<i64> {
        match rest {
            "" => Some(0),
            _ => rest.strip_prefix(sign)?.parse::<u8>().ok().map(i64::from),
        }
    };
    if let Some(rest) = name.strip_prefix("RTMIN") {
        return Some(RTMIN + offset(rest, '+')?).filter(|n| real_time.contains(n));
    }
    if let Some(rest) = name.strip_prefix("RTMAX") {
        return Some(RTMAX - offset(rest, '-')?).filter(|n| real_time.contains(n));
    }
    if let Some((_, number)) = ALIASES.iter().find(|(alias, _)| *alias == name) {
        return Some(*number);
    }
    NAMES
        .iter()
        .position(|n| *n == name)
        .and_then(|index| i64::try_from(index).ok())
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_without_a_time_is_taken_when_it_came() {
        const SEC: i64 = 1_000_000_000;
        let received = Some(1_700_000_100 * SEC);
        // timeNano first, then time in seconds.
        assert_eq!(
            event_time(Some(1_700_000_000 * SEC + 5), Some(1_700_000_000), received),
            Some(1_700_000_000 * SEC + 5)
        );
        assert_eq!(
            event_time(None, Some(1_700_000_000), received),
            Some(1_700_000_000 * SEC)
        );
        assert_eq!(
            event_time(Some(0), Some(1_700_000_000), received),
            Some(1_700_000_000 * SEC)
        );
        // Missing, zero or negative both ways: the moment it came on the live stream.
        for (nano, secs) in [
            (None, None),
            (Some(0), Some(0)),
            (Some(-1), None),
            (None, Some(-5)),
        ] {
            assert_eq!(
                event_time(nano, secs, received),
                received,
                "{nano:?} {secs:?}"
            );
            // Read back from the daemon's history: no time is known.
            assert_eq!(event_time(nano, secs, None), None, "{nano:?} {secs:?}");
        }
        assert!(received_nanos().is_some_and(|now| now > 1_700_000_000 * SEC));
    }

    #[test]
    fn a_kill_events_signal_is_read_as_a_number_or_a_name() {
        for (text, number) in [
            ("15", Some(15)),
            ("9", Some(9)),
            (" 2 ", Some(2)),
            ("SIGTERM", Some(15)),
            ("term", Some(15)),
            ("SIGUSR1", Some(10)),
            ("0", None),
            ("65", None),
            ("SIGNOPE", None),
            ("", None),
            ("SIGIOT", Some(6)),
            ("iot", Some(6)),
            ("SIGPOLL", Some(29)),
            ("SIGCLD", Some(17)),
            ("SIGRTMIN", Some(34)),
            ("SIGRTMIN+3", Some(37)),
            ("rtmin+30", Some(64)),
            ("SIGRTMIN + 3", Some(37)),
            ("SIGRTMAX", Some(64)),
            ("SIGRTMAX-1", Some(63)),
            ("RTMAX-30", Some(34)),
            ("SIGRTMIN+31", None),
            ("SIGRTMAX-31", None),
            ("SIGRTMIN-1", None),
            ("SIGRTMIN+", None),
            ("SIGRTMINX", None),
            ("34", Some(34)),
        ] {
            assert_eq!(signal_number(text), number, "{text}");
        }
    }
}
