//! What the container list alone does not say: whether the kernel killed a container for memory,
//! how often Docker restarted it, when it last started and stopped. `docker_ps` with `details`
//! inspects each listed container for these (the monitor's sweeps need them to tell a crash from
//! a `docker stop`, and to know whether a repaired container restarted again).

use bollard::Docker;
use bollard::query_parameters::InspectContainerOptions;
use futures_util::StreamExt;
use serde_json::Value;
use warden_protocol::readings::{ContainerData, ContainerStateData, HealthCheckData};

/// Containers inspected at once.
const CONCURRENT_INSPECTS: usize = 8;

/// The state fields of one `inspect` answer (as JSON): exit code, OOM flag, restart count and
/// policy, start and finish times (RFC 3339, as Docker writes them), and the signal `docker
/// stop` sends it (its exit by that signal after a stop is no crash).
pub fn state_details(inspected: &Value) -> ContainerStateData {
    let state = &inspected["State"];
    let text = |v: &Value| v.as_str().map(str::to_owned);
    ContainerStateData {
        exit_code: state["ExitCode"].as_i64(),
        oom_killed: state["OOMKilled"].as_bool(),
        restart_count: inspected["RestartCount"].as_i64(),
        restart_policy: text(&inspected["HostConfig"]["RestartPolicy"]["Name"]).map(|name| {
            restart_policy(
                &name,
                inspected["HostConfig"]["RestartPolicy"]["MaximumRetryCount"].as_i64(),
            )
        }),
        started_at: text(&state["StartedAt"]),
        finished_at: text(&state["FinishedAt"]),
        stop_signal: text(&inspected["Config"]["StopSignal"]).filter(|s| !s.is_empty()),
        stop_timeout_secs: inspected["Config"]["StopTimeout"].as_i64(),
        tty: inspected["Config"]["Tty"].as_bool(),
        health_check: health_check(&inspected["Config"]["Healthcheck"]),
        error: text(&state["Error"]).filter(|e| !e.trim().is_empty()),
    }
}

/// A container's health check settings from `inspect`'s `Config.Healthcheck` (durations in
/// nanoseconds, as Docker writes them, rounded up to whole seconds; 0 or absent: Docker's
/// default, None). None without a health check, or with one switched off (`Test: ["NONE"]`).
pub fn health_check(config: &Value) -> Option<HealthCheckData> {
    let test = config["Test"].as_array();
    let disabled = test
        .and_then(|t| t.first())
        .and_then(Value::as_str)
        .is_some_and(|first| first == "NONE");
    if !config.is_object() || disabled {
        return None;
    }
    let secs = |key: &str| {
        config[key]
            .as_i64()
            .filter(|&ns| ns > 0)
            .map(|ns| (ns as u64).div_ceil(1_000_000_000))
    };
    Some(HealthCheckData {
        interval_secs: secs("Interval"),
        timeout_secs: secs("Timeout"),
        start_period_secs: secs("StartPeriod"),
        retries: config["Retries"]
            .as_i64()
            .filter(|&n| n > 0)
            .map(|n| n as u64),
    })
}

/// A restart policy as `docker run --restart` spells it: its name, and for `on-failure` with a
/// retry limit the limit too (`on-failure:3`): after that many restarts Docker leaves the
/// container stopped, so whoever watches it must know the limit to know whether Docker will
/// restart it again.
pub fn restart_policy(name: &str, maximum_retry_count: Option<i64>) -> String {
    match maximum_retry_count {
        Some(max) if name == "on-failure" && max > 0 => format!("{name}:{max}"),
        Some(_) | None => name.to_owned(),
    }
}

/// Adds [`state_details`] to each row (by its `id`); a container removed meanwhile keeps its row
/// without them. With a `local` daemon, a run that ended by SIGKILL without Docker's OOM flag is
/// checked against the kernel log ([`crate::kernel_oom`]).
pub async fn add_details(client: &Docker, local: bool, rows: &mut [ContainerData]) {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let found: Vec<Option<(String, ContainerStateData)>> = futures_util::stream::iter(ids)
        .map(|id| {
            let client = client.clone();
            async move {
                let inspected = client
                    .inspect_container(&id, None::<InspectContainerOptions>)
                    .await
                    .ok()?;
                let full_id = inspected.id.clone().unwrap_or_default();
                Some((
                    full_id,
                    state_details(&serde_json::to_value(&inspected).ok()?),
                ))
            }
        })
        .buffered(CONCURRENT_INSPECTS)
        .collect()
        .await;
    let runs: Vec<Run> = found
        .iter()
        .flatten()
        .map(|(id, details)| Run {
            container_id: id,
            exit_code: details.exit_code,
            oom_killed: details.oom_killed,
            started_at: details.started_at.as_deref(),
            finished_at: details.finished_at.as_deref(),
        })
        .collect();
    let mut lost = kills_docker_lost(local, &runs).await.into_iter();
    for (row, found) in rows.iter_mut().zip(found) {
        row.details = found.map(|(_, mut details)| {
            if lost.next() == Some(true) {
                details.oom_killed = Some(true);
            }
            details
        });
    }
}

/// One container's last run, as far as telling a memory kill goes.
pub struct Run<'a> {
    /// The full id (64 hexadecimal characters).
    pub container_id: &'a str,
    pub exit_code: Option<i64>,
    pub oom_killed: Option<bool>,
    /// RFC 3339, as Docker writes them.
    pub started_at: Option<&'a str>,
    pub finished_at: Option<&'a str>,
}

/// For each run, whether the kernel killed it for memory although Docker says it did not (see
/// [`crate::kernel_oom`]): only runs that ended by SIGKILL (137) with the flag false are asked
/// about, and only of a `local` daemon's kernel. When the log cannot be read, Docker's answer
/// stands and the reason is logged once per call.
pub async fn kills_docker_lost(local: bool, runs: &[Run<'_>]) -> Vec<bool> {
    let asked = |run: &Run| run.exit_code == Some(137) && run.oom_killed == Some(false);
    if !local || !runs.iter().any(asked) {
        return vec![false; runs.len()];
    }
    let (kills, boot_secs) = match crate::kernel_oom::read_kills().await {
        Ok(read) => read,
        Err(reason) => {
            tracing::debug!("Docker's OOM flags taken as they are: {reason}");
            return vec![false; runs.len()];
        }
    };
    runs.iter()
        .map(|run| {
            asked(run)
                && crate::kernel_oom::killed_in_run(
                    &kills,
                    boot_secs,
                    run.container_id,
                    run.started_at.unwrap_or(""),
                    run.finished_at.unwrap_or(""),
                )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_state_of_an_inspect_answer_is_read() {
        // As Docker 20.10 answers for a container killed for memory.
        let inspected = json!({
            "State": {"Status": "exited", "ExitCode": 137, "OOMKilled": true,
                "StartedAt": "2026-11-30T11:22:31.076404289Z", "FinishedAt": "2026-11-30T11:22:32.1Z"},
            "RestartCount": 2,
            "HostConfig": {"RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3}},
            "Config": {"StopSignal": "SIGINT", "StopTimeout": 300, "Tty": true}
        });
        assert_eq!(
            serde_json::to_value(state_details(&inspected)).unwrap_or_default(),
            json!({"exit_code": 137, "oom_killed": true, "restart_count": 2,
                "restart_policy": "on-failure:3", "started_at": "2026-11-30T11:22:31.076404289Z",
                "finished_at": "2026-11-30T11:22:32.1Z", "stop_signal": "SIGINT",
                "stop_timeout_secs": 300, "tty": true})
        );
        // None set: Docker's default applies, none is reported.
        let plain = json!({"State": {"Status": "exited"}, "Config": {}});
        assert_eq!(state_details(&plain).stop_timeout_secs, None);
    }

    #[test]
    fn a_health_check_s_settings_are_read_in_seconds() {
        // `docker run --health-cmd 'curl -f localhost' --health-interval 10s
        // --health-start-period 1000h --health-retries 5`, timeout left to Docker.
        let config = json!({"Test": ["CMD-SHELL", "curl -f localhost"],
            "Interval": 10_000_000_000i64, "Timeout": 0,
            "StartPeriod": 3_600_000_000_000_000i64, "Retries": 5});
        assert_eq!(
            health_check(&config),
            Some(HealthCheckData {
                interval_secs: Some(10),
                timeout_secs: None,
                start_period_secs: Some(3_600_000),
                retries: Some(5),
            })
        );
        // Half a second is a second; none set: Docker's defaults, all None.
        assert_eq!(
            health_check(&json!({"Test": ["CMD", "true"], "Interval": 500_000_000}))
                .and_then(|h| h.interval_secs),
            Some(1)
        );
        assert_eq!(
            health_check(&json!({"Test": ["CMD", "true"]})),
            Some(HealthCheckData::default())
        );
        // Switched off, or none at all.
        assert_eq!(health_check(&json!({"Test": ["NONE"]})), None);
        assert_eq!(health_check(&Value::Null), None);
    }

    #[test]
    fn an_on_failure_retry_limit_is_kept_with_the_policy() {
        assert_eq!(restart_policy("on-failure", Some(5)), "on-failure:5");
        // No limit (0), or a policy without one: the name alone.
        assert_eq!(restart_policy("on-failure", Some(0)), "on-failure");
        assert_eq!(restart_policy("on-failure", None), "on-failure");
        assert_eq!(restart_policy("always", Some(3)), "always");
        assert_eq!(restart_policy("no", Some(0)), "no");
    }
}
