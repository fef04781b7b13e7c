//! Building and running the monitor: settings from configuration, the sweeping actor, and a
//! watcher that turns Docker container events into immediate sweeps (and subscribes again when
//! the daemon comes back).

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use warden_core::guard::Guard;
use warden_core::monitor::{
    self, Budget, Flapping, Levels, Monitor, MonitorHandle, MonitorSettings, Runaway, Thresholds,
    Trigger,
};
use warden_store::Store;

use crate::config::Config;

fn levels((warning, critical): (f64, f64)) -> Levels {
    Levels { warning, critical }
}

pub fn settings(config: &Config) -> MonitorSettings {
    let m = &config.monitor;
    MonitorSettings {
        interval: Duration::from_secs(m.interval_secs),
        thresholds: Thresholds {
            disk_percent: levels(m.disk_percent),
            load_per_core: levels(m.load_per_core),
            memory_percent: levels(m.memory_percent),
            gpu_temperature_c: levels(m.gpu_temperature_c),
            gpu_memory_percent: levels(m.gpu_memory_percent),
            hysteresis: m.hysteresis_percent / 100.0,
        },
        autoheal: m.autoheal.clone(),
        autoheal_label: m.autoheal_label.clone(),
        disk_mounts: m.disk_mounts.clone(),
        watch_label: m.watch_label.clone(),
        prune_label: m.prune_label.clone(),
        ssh_hosts: m.ssh_hosts.clone().unwrap_or_else(|| {
            config
                .tools
                .ssh_hosts
                .iter()
                .map(|h| h.name.clone())
                .collect()
        }),
        budget: Budget {
            repairs: i64::from(m.repair_budget),
            window: Duration::from_secs(m.repair_window_secs),
            backoff: Duration::from_secs(m.repair_backoff_secs),
        },
        verify_after: Duration::from_secs(m.verify_after_secs),
        verify_hold: Duration::from_secs(m.verify_hold_secs),
        flapping: Flapping {
            reopens: m.flap_reopens,
            window: Duration::from_secs(m.flap_window_secs),
        },
        alert_rules: m.alert_rules.clone(),
        runaway: (m.runaway_cpu_percent.is_some() || m.runaway_memory_percent.is_some()).then(
            || Runaway {
                cpu_percent: m.runaway_cpu_percent,
                memory_percent: m.runaway_memory_percent,
                sweeps: m.runaway_sweeps,
                names: m.runaway_names.clone(),
            },
        ),
        gpu_hog_kill: m.gpu_hog_kill,
        ollama_unload_stuck: m.ollama_unload_stuck,
        gpus: m.gpus,
        history: Duration::from_secs(m.history_days * 24 * 3600),
        // Folded into the guard's notifier (see `crate::notify`).
        webhook_url: None,
    }
}

pub fn build(config: &Config, guard: Arc<Guard>, store: Store) -> Arc<Monitor> {
    Arc::new(settings_only(config, guard, store))
}

/// The monitor before it is shared (a repair model may still be attached).
pub fn settings_only(config: &Config, guard: Arc<Guard>, store: Store) -> Monitor {
    let notifier = guard.notifier().clone();
    let metrics = guard.metrics().cloned();
    let monitor = Monitor::new(guard, store, settings(config)).with_notifier(notifier);
    match metrics {
        Some(metrics) => monitor.with_metrics(metrics),
        None => monitor,
    }
}

/// Starts the actor, the Docker event watcher and the repair model's worker; all stop on
/// `cancel`.
pub fn spawn(
    monitor: Arc<Monitor>,
    parts: crate::state::MonitorParts,
    handle: MonitorHandle,
    cancel: CancellationToken,
) -> Vec<JoinHandle<()>> {
    let actor = {
        let monitor = monitor.clone();
        let commands = parts.commands;
        let docker = parts.docker.clone();
        let handle = handle.clone();
        let cancel = cancel.clone();
        async move {
            // What Docker reports of the moments before (a `docker stop` just before Warden
            // started) is known before the first sweep.
            let recent = recent_events(&docker).await;
            for trigger in monitor.replay(&recent) {
                handle.nudge(trigger);
            }
            monitor::run(monitor, commands, cancel).await;
        }
    };
    let mut tasks = vec![
        tokio::spawn(actor),
        tokio::spawn(watch_docker(parts.docker, handle, cancel.clone())),
    ];
    if let Some((jobs, engine)) = parts.model {
        tasks.push(tokio::spawn(monitor::model::run(
            monitor, engine, None, jobs, cancel,
        )));
    }
    tasks
}

/// Follows container events; a `die`, `oom` or unhealthy container asks for a sweep at once, a
/// `kill` or `stop` is remembered (a stop under way or done), a `rename` moves the container's
/// incidents, and taking the stream up again after it ended reads back the events of the last
/// day, as far as Docker still keeps them (the signals sent meanwhile), and asks for a sweep
/// (other events of the time between were lost).
async fn watch_docker(
    docker: Arc<warden_tool_docker::Engine>,
    monitor: MonitorHandle,
    cancel: CancellationToken,
) {
    let mut subscription = monitor::events::Subscription::default();
    loop {
        match warden_tool_docker::container_events(&docker).await {
            Ok(stream) => {
                if subscription.subscribed() {
                    // The signals sent while the stream was down, remembered before the sweep
                    // that looks at what happened meanwhile.
                    let recent = recent_events(&docker).await;
                    for trigger in monitor::events::replayed(&recent, unix_nanos()) {
                        monitor.nudge(trigger);
                    }
                    monitor.nudge(Trigger::Resubscribed);
                }
                let mut delivered = false;
                let mut stream = std::pin::pin!(stream);
                loop {
                    let item = tokio::select! {
                        () = cancel.cancelled() => return,
                        item = stream.next() => item,
                    };
                    match item {
                        Some(Ok(event)) => {
                            delivered = true;
                            for trigger in triggers(event) {
                                monitor.nudge(trigger);
                            }
                        }
                        Some(Err(error)) => {
                            tracing::warn!(error = %error, "Docker event stream interrupted");
                            break;
                        }
                        None => break,
                    }
                }
                subscription.ended(delivered);
                // Signals sent from now until the stream is followed again are missed.
                monitor.nudge(Trigger::StreamEnded);
            }
            Err(error) => {
                if subscription.failed() {
                    tracing::warn!(error = %error, "cannot follow Docker events; retrying");
                    monitor.nudge(Trigger::StreamEnded);
                }
            }
        }
        // Back off up to a minute while the daemon is away.
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(subscription.wait()) => {}
        }
    }
}

/// How long reading Docker's recent events may take before it is given up.
const RECENT_EVENTS_TIMEOUT: Duration = Duration::from_secs(5);

/// Docker's container events of the last [`monitor::events::REPLAY_SECS`] (at most
/// [`monitor::events::REPLAY_EVENTS`], within [`RECENT_EVENTS_TIMEOUT`]); none when the daemon
/// does not answer.
async fn recent_events(docker: &warden_tool_docker::Engine) -> Vec<monitor::events::Recent> {
    // To a second past now: the events until the stream being taken up starts delivering are
    // read too (some twice, which is harmless), none lost between.
    let now = unix_nanos() / 1_000_000_000;
    let since = now.saturating_sub(monitor::events::REPLAY_SECS);
    let until = now.saturating_add(2);
    let read = warden_tool_docker::recent_container_events(
        docker,
        since,
        until,
        monitor::events::REPLAY_EVENTS.saturating_mul(4),
    );
    match tokio::time::timeout(RECENT_EVENTS_TIMEOUT, read).await {
        Ok(Ok(events)) => events
            .into_iter()
            .map(|event| monitor::events::Recent {
                action: event.action,
                container: event.container,
                signal: event.signal,
                at_nanos: event.time_nano,
            })
            .collect(),
        Ok(Err(error)) => {
            tracing::debug!(error = %error, "Docker's recent events could not be read");
            Vec::new()
        }
        Err(_) => {
            tracing::debug!("Docker's recent events took too long to read");
            Vec::new()
        }
    }
}

/// Now, in nanoseconds since the epoch.
fn unix_nanos() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
        .unwrap_or(i64::MAX)
}

/// What an event asks of the monitor: a `kill` with its signal, a `stop` and a `rename` are
/// remembered, the rest sweep. A `stop` asks for a sweep as well, after it is remembered: it is
/// all Docker reports of a `docker restart` whose start then failed (a bind mount's source gone:
/// no `die` nor `start` follows), and that sweep waits briefly for the start (see
/// `events::stops_of`), so the failed one is judged at once rather than at the next interval.
///
/// An event of an action the monitor does not act on (none, blank, one a newer reader would
/// pass on), or a signal, stop or rename naming no container, asks for nothing (a debug line
/// says so): the reader drops those already, and this holds if it changes.
fn triggers(event: warden_tool_docker::ContainerEvent) -> Vec<Trigger> {
    if !warden_tool_docker::watched_action(&event.action) {
        tracing::debug!(action = %event.action, "a Docker event of an action the monitor does not act on: ignored");
        return Vec::new();
    }
    if event.container.is_empty() && matches!(event.action.as_str(), "kill" | "stop" | "rename") {
        tracing::debug!(action = %event.action, "a Docker event naming no container: ignored");
        return Vec::new();
    }
    if event.action == "rename"
        && let Some(from) = event.old_name
    {
        return vec![Trigger::Renamed {
            from,
            to: event.container,
        }];
    }
    match (event.action.as_str(), event.signal, event.time_nano) {
        // A `kill` whose signal does not read (left out by a proxy) is a stop all the same.
        ("kill", signal, Some(at_nanos)) => vec![Trigger::Signal {
            container: event.container,
            signal: monitor::events::kill_signal(signal),
            at_nanos,
        }],
        // `docker stop` done: the run it ended was stopped by its operator, unless a start
        // follows and fails.
        ("stop", _, Some(at_nanos)) => vec![
            Trigger::Signal {
                container: event.container.clone(),
                signal: monitor::events::STOP_EVENT,
                at_nanos,
            },
            Trigger::Container {
                action: event.action,
                container: event.container,
                at_nanos: Some(at_nanos),
            },
        ],
        _ => vec![Trigger::Container {
            action: event.action,
            container: event.container,
            at_nanos: event.time_nano,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(action: &str, container: &str) -> warden_tool_docker::ContainerEvent {
        warden_tool_docker::ContainerEvent {
            action: action.to_owned(),
            container: container.to_owned(),
            old_name: None,
            exit_code: None,
            signal: None,
            time_nano: None,
        }
    }

    #[test]
    fn events_the_monitor_does_not_act_on_ask_for_nothing() {
        for action in [
            "",
            " ",
            "start",
            "exec_die",
            "health_status: healthy",
            "destroy",
        ] {
            assert!(triggers(event(action, "web")).is_empty(), "{action:?}");
        }
        // A signal, a stop or a rename of no one: nothing, whatever its time.
        for action in ["kill", "stop", "rename"] {
            let mut anonymous = event(action, "");
            anonymous.time_nano = Some(1_700_000_000_000_000_000);
            anonymous.old_name = Some("old".to_owned());
            anonymous.signal = Some(15);
            assert!(triggers(anonymous).is_empty(), "{action}");
        }
    }

    #[test]
    fn events_missing_their_time_or_container_still_sweep_where_they_should() {
        // A `die`, an `oom` or an unhealthy container naming no one still sweeps every container.
        for action in ["die", "oom", "health_status: unhealthy"] {
            assert_eq!(
                triggers(event(action, "")),
                vec![Trigger::Container {
                    action: action.to_owned(),
                    container: String::new(),
                    at_nanos: None,
                }],
                "{action}"
            );
        }
        // A `kill` or a `stop` without a time is no signal to remember, only a sweep.
        assert_eq!(
            triggers(event("kill", "web")),
            vec![Trigger::Container {
                action: "kill".to_owned(),
                container: "web".to_owned(),
                at_nanos: None,
            }]
        );
        // A rename without its former name sweeps; with it, the rename.
        assert_eq!(triggers(event("rename", "new")).len(), 1);
        let mut renamed = event("rename", "new");
        renamed.old_name = Some("old".to_owned());
        assert_eq!(
            triggers(renamed),
            vec![Trigger::Renamed {
                from: "old".to_owned(),
                to: "new".to_owned(),
            }]
        );
        let mut stopped = event("stop", "web");
        stopped.time_nano = Some(5);
        assert_eq!(triggers(stopped).len(), 2);
    }
}
