//! The daemon's container event stream, for the monitor: a container that dies, is killed for
//! memory or turns unhealthy is checked at once instead of at the next sweep, and a signal sent
//! to a container (`docker stop`, `docker kill`: a `kill` event) is remembered, so its exit by
//! that signal, or its health failing while it shuts down, is not taken for a crash; a renamed
//! container (`rename`) keeps its incidents under its new name. Observing
//! changes nothing, so it does not pass the guard; every repair the monitor makes does.

use std::collections::HashMap;

use bollard::models::EventMessage;
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
    /// The container's name (without the leading slash); a `rename` event's new name. Its id,
    /// as the event's actor gives it, when the event names it no other way.
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

/// The longest container name or id an event may give, in characters. Docker's ids are 64
/// hexadecimal digits and its names far shorter; a longer one (a proxy's or another daemon's
/// bug) names no container Warden could look up, and would be carried through every sweep.
pub const MAX_EVENT_NAME_CHARS: usize = 256;

/// Whether `action` (as [`ContainerEvent::action`] has it: trimmed, in lower case) is one the
/// monitor acts on: a watched action, `health_status` only when it says unhealthy.
pub fn watched_action(action: &str) -> bool {
    if action.starts_with("health_status") {
        return action.contains("unhealthy");
    }
    WATCHED.contains(&action)
}

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
                    container_event(message, live.then(received_nanos).flatten()).map(Ok)
                }
            }
        })
}

/// What one message of the daemon's event stream tells Warden, None for what it ignores (a
/// health status other than unhealthy, an event naming no container at all). `received`: when a
/// live event came (an event without a time is taken then).
///
/// The container is its `name` attribute (without the leading slash, spaces around it no part of
/// it); an event without one (a proxy or another daemon that sends only the actor's id, a blank
/// name) names it by its id, which the monitor looks up: such an event is judged at once, never
/// dropped until the next sweep. One that names it neither way is kept only where it asks for a
/// sweep.
fn container_event(message: EventMessage, received: Option<i64>) -> Option<ContainerEvent> {
    // Docker writes actions in lower case; another daemon or a proxy may not (`Kill`, `DIE`).
    let action = message.action.unwrap_or_default().trim().to_lowercase();
    // Only the actions subscribed to: a proxy or another daemon that ignores the filter sends
    // every `exec_create`, `exec_start` and `exec_die` of every health check (each few seconds a
    // container), `start`, `attach`...; none of them is an exit or a signal, and each would ask
    // for a sweep. `exec_die` is a command run in the container ending (its exit code the
    // command's), never the container's own exit.
    // health_status events also report healthy containers; only unhealthy matters.
    if !watched_action(&action) {
        return None;
    }
    // Its attributes are the container's labels too, a Compose project's dozens: only the few
    // read below are looked up, none copied, however many there are.
    let actor = message.actor.unwrap_or_default();
    let attributes = actor.attributes.unwrap_or_default();
    let name = |key: &str| {
        attributes
            .get(key)
            .and_then(|n| bounded_name(n.trim().trim_start_matches('/').trim(), key))
    };
    let id = actor
        .id
        .as_deref()
        .and_then(|id| bounded_name(id.trim(), "id"));
    // Naming no container at all, a `die`, an `oom` or an unhealthy container still asks for a
    // sweep (which reads every container); a signal or a rename of no one tells nothing.
    let container = name("name").or(id).unwrap_or_default();
    if container.is_empty() && matches!(action.as_str(), "kill" | "stop" | "rename") {
        return None;
    }
    let exit_code = attributes
        .get("exitCode")
        .and_then(|c| c.trim().parse().ok());
    let signal = attributes.get("signal").and_then(|c| signal_number(c));
    let time_nano = event_time(message.time_nano, message.time, received);
    Some(ContainerEvent {
        action,
        container,
        old_name: name("oldName"),
        exit_code,
        signal,
        time_nano,
    })
}

/// `name` (an event's `field`, trimmed) as the container it names: none when blank, or longer
/// than [`MAX_EVENT_NAME_CHARS`] (said in a debug line; the event is then judged as one that
/// does not name it that way).
fn bounded_name(name: &str, field: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let chars = name.chars().count();
    if chars > MAX_EVENT_NAME_CHARS {
        tracing::debug!(
            field,
            chars,
            "a Docker event names its container past the bound: that name left out"
        );
        return None;
    }
    Some(name.to_owned())
}

/// How far an event of the live stream may be stamped from the moment it came, in nanoseconds,
/// and still be taken at its stamp (five minutes: a daemon's clock a little off, an event
/// delivered late).
const LIVE_STAMP_SLACK_NANOS: u64 = 300 * 1_000_000_000;

/// An event's time in nanoseconds: its `timeNano`, else its `time` (seconds). Either one absent,
/// zero or negative (a daemon or proxy that leaves it out, or writes Docker's zero) is none. An
/// event of the live stream without a time is taken at `received`, the moment it came: it
/// happened just before, and a `kill` or `stop` without a time would otherwise be lost, its
/// operator's stop then taken for a crash. So is one stamped more than
/// [`LIVE_STAMP_SLACK_NANOS`] away from that moment (a proxy's clock years off, a time in
/// another unit, `1`): the live stream tells of what just happened, and such a stamp put a
/// `kill` after the exit it caused (the stop taken for a crash and restarted) or before the run
/// it struck, and a `kill` stamped ahead counted for runs started after it. An event read back
/// from the daemon's history has no such moment: without a time it stays without one.
fn event_time(time_nano: Option<i64>, time: Option<i64>, received: Option<i64>) -> Option<i64> {
    let stamped = time_nano.filter(|t| *t > 0).or_else(|| {
        time.filter(|t| *t > 0)
            .map(|t| t.saturating_mul(1_000_000_000))
    });
    match (stamped, received) {
        (Some(at), Some(now)) if at.abs_diff(now) > LIVE_STAMP_SLACK_NANOS => Some(now),
        (Some(at), _) => Some(at),
        (None, received) => received,
    }
}

/// Now, in nanoseconds since the epoch (the host's clock: the local daemon's too).
fn received_nanos() -> Option<i64> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
}

/// A `kill` event's signal: its number, as Docker writes it (`15`), or its name, as other
/// daemons speaking Docker's API may (`SIGTERM`, `TERM`, in any case), read as the monitor reads
/// a container's `StopSignal` ([`warden_protocol::signals::signal_number`]).
fn signal_number(text: &str) -> Option<i64> {
    warden_protocol::signals::signal_number(text)
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
        // Stamped far from when it came on the live stream: taken when it came. Within five
        // minutes either way, at its stamp; read back, at its stamp whatever it is.
        let now = 1_700_000_100 * SEC;
        for (nano, secs) in [
            (Some(now + 3600 * SEC), None),
            (None, Some(4_102_444_800)),
            (Some(now - 86_400 * SEC), None),
            (None, Some(1)),
            (Some(1_700_000_100), None),
            (Some(i64::MAX), None),
        ] {
            assert_eq!(
                event_time(nano, secs, Some(now)),
                Some(now),
                "{nano:?} {secs:?}"
            );
        }
        for at in [now + 299 * SEC, now - 299 * SEC, now] {
            assert_eq!(event_time(Some(at), None, Some(now)), Some(at));
        }
        assert_eq!(
            event_time(Some(now + 3600 * SEC), None, None),
            Some(now + 3600 * SEC)
        );
    }

    #[test]
    fn actions_not_subscribed_to_ask_for_nothing() {
        const ID: &str = "4f1c2b3a9d8e";
        for action in [
            "exec_die",
            "exec_create: sh -c curl -f localhost",
            "exec_start: sh -c curl -f localhost",
            "start",
            "attach",
            "create",
            "destroy",
            "dies",
            "",
        ] {
            assert_eq!(
                container_event(
                    message(action, Some(ID), &[("name", "web"), ("exitCode", "137")]),
                    None
                ),
                None,
                "{action}"
            );
        }
        for action in ["die", "oom", "kill", "stop", "rename", "Die", " OOM "] {
            assert!(
                container_event(
                    message(action, Some(ID), &[("name", "web"), ("oldName", "/w")]),
                    None
                )
                .is_some(),
                "{action}"
            );
        }
    }

    fn message(action: &str, id: Option<&str>, attributes: &[(&str, &str)]) -> EventMessage {
        EventMessage {
            action: Some(action.to_owned()),
            actor: Some(bollard::models::EventActor {
                id: id.map(str::to_owned),
                attributes: Some(
                    attributes
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                ),
            }),
            time_nano: Some(1_700_000_000_000_000_000),
            ..EventMessage::default()
        }
    }

    #[test]
    fn an_event_naming_its_container_only_by_id_is_kept_by_that_id() {
        const ID: &str = "4f1c2b3a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";
        // Named: the name, without its slash or spaces around it.
        let named = container_event(
            message("kill", Some(ID), &[("name", " /web "), ("signal", "15")]),
            None,
        )
        .unwrap();
        assert_eq!(named.container, "web");
        assert_eq!(named.signal, Some(15));
        let shouted = container_event(
            message(
                " KILL ",
                Some(ID),
                &[("name", "web"), ("signal", "SIGTERM")],
            ),
            None,
        )
        .unwrap();
        assert_eq!(
            (shouted.action.as_str(), shouted.signal),
            ("kill", Some(15))
        );
        // No name, or a blank one: the actor's id (full or short), never dropped.
        for attributes in [
            vec![("signal", "2")],
            vec![("name", ""), ("signal", "SIGINT")],
            vec![("name", " / "), ("signal", "int")],
        ] {
            let event = container_event(message("kill", Some(ID), &attributes), None).unwrap();
            assert_eq!(event.container, ID, "{attributes:?}");
            assert_eq!(event.signal, Some(2), "{attributes:?}");
        }
        let short =
            container_event(message("die", Some(&ID[..12]), &[("exitCode", "1")]), None).unwrap();
        assert_eq!(short.container, &ID[..12]);
        assert_eq!(short.exit_code, Some(1));
        // A rename without the new name: the id, its old name kept.
        let renamed =
            container_event(message("rename", Some(ID), &[("oldName", "/old")]), None).unwrap();
        assert_eq!(
            (renamed.container.as_str(), renamed.old_name.as_deref()),
            (ID, Some("old"))
        );
        // Neither a name nor an id: a `die` still sweeps; a signal of no one tells nothing.
        let anonymous = container_event(message("die", None, &[]), None).unwrap();
        assert_eq!(anonymous.container, "");
        assert_eq!(
            container_event(message("oom", Some("  "), &[]), None).map(|e| e.container),
            Some(String::new())
        );
        for action in ["kill", "stop", "rename"] {
            assert_eq!(
                container_event(message(action, None, &[("signal", "15")]), None),
                None
            );
        }
        // A healthy container's health status is none of Warden's business.
        assert_eq!(
            container_event(message("health_status: healthy", Some(ID), &[]), None),
            None
        );
        assert!(
            container_event(message("health_status: unhealthy", Some(ID), &[]), None).is_some()
        );
    }

    #[test]
    fn a_huge_attribute_map_or_an_overlong_name_is_bounded() {
        const ID: &str = "4f1c2b3a9d8e";
        // A Compose project's labels by the ten thousand beside the name: read as any.
        let labels: Vec<(String, String)> = (0..10_000)
            .map(|i| (format!("com.example.label{i}"), "x".repeat(64)))
            .collect();
        let mut attributes: Vec<(&str, &str)> = labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        attributes.extend([("name", "/web"), ("signal", "15")]);
        let event = container_event(message("kill", Some(ID), &attributes), None).unwrap();
        assert_eq!((event.container.as_str(), event.signal), ("web", Some(15)));
        // A name past the bound names no container: the id instead; both past it, a signal of
        // no one tells nothing, a `die` still sweeps; a former name past it is none.
        let long = "w".repeat(MAX_EVENT_NAME_CHARS + 1);
        let event = container_event(
            message("die", Some(ID), &[("name", &long), ("exitCode", "1")]),
            None,
        )
        .unwrap();
        assert_eq!(event.container, ID);
        let at_bound = "w".repeat(MAX_EVENT_NAME_CHARS);
        let event =
            container_event(message("die", Some(&long), &[("name", &at_bound)]), None).unwrap();
        assert_eq!(event.container, at_bound);
        assert_eq!(
            container_event(message("kill", Some(&long), &[("name", &long)]), None),
            None
        );
        let event = container_event(message("die", Some(&long), &[("name", &long)]), None).unwrap();
        assert_eq!(event.container, "");
        let event = container_event(
            message("rename", Some(ID), &[("name", "new"), ("oldName", &long)]),
            None,
        )
        .unwrap();
        assert_eq!(event.old_name, None);
        // No action, no actor at all: nothing, never a panic.
        let bare = EventMessage::default();
        assert_eq!(container_event(bare, None), None);
        let actorless = EventMessage {
            action: Some("die".to_owned()),
            ..EventMessage::default()
        };
        assert_eq!(container_event(actorless, None).unwrap().container, "");
    }

    #[test]
    fn a_kill_events_signal_is_read_as_a_number_or_a_name() {
        // The reader is the protocol's (its own test holds every spelling); a few show it used.
        for (text, number) in [
            ("15", Some(15)),
            ("9", Some(9)),
            (" 2 ", Some(2)),
            ("SIGTERM", Some(15)),
            ("term", Some(15)),
            ("SIGRTMIN+3", Some(37)),
            ("SIGNOPE", None),
            ("", None),
        ] {
            assert_eq!(signal_number(text), number, "{text}");
        }
    }
}
