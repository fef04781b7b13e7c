//! What the container list alone does not say: whether the kernel killed a container for memory,
//! how often Docker restarted it, when it last started and stopped. `docker_ps` with `details`
//! inspects each listed container for these (the monitor's sweeps need them to tell a crash from
//! a `docker stop`, and to know whether a repaired container restarted again).

use bollard::Docker;
use bollard::query_parameters::InspectContainerOptions;
use futures_util::StreamExt;
use serde_json::Value;
use warden_protocol::readings::{ContainerData, ContainerStateData};

/// Containers inspected at once.
const CONCURRENT_INSPECTS: usize = 8;

/// The state fields of one `inspect` answer (as JSON): exit code, OOM flag, restart count and
/// policy, start and finish times (RFC 3339, as Docker writes them).
pub fn state_details(inspected: &Value) -> ContainerStateData {
    let state = &inspected["State"];
    let text = |v: &Value| v.as_str().map(str::to_owned);
    ContainerStateData {
        exit_code: state["ExitCode"].as_i64(),
        oom_killed: state["OOMKilled"].as_bool(),
        restart_count: inspected["RestartCount"].as_i64(),
        restart_policy: text(&inspected["HostConfig"]["RestartPolicy"]["Name"]),
        started_at: text(&state["StartedAt"]),
        finished_at: text(&state["FinishedAt"]),
    }
}

/// Adds [`state_details`] to each row (by its `id`); a container removed meanwhile keeps its row
/// without them.
pub async fn add_details(client: &Docker, rows: &mut [ContainerData]) {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let found: Vec<Option<ContainerStateData>> = futures_util::stream::iter(ids)
        .map(|id| {
            let client = client.clone();
            async move {
                let inspected = client
                    .inspect_container(&id, None::<InspectContainerOptions>)
                    .await
                    .ok()?;
                Some(state_details(&serde_json::to_value(&inspected).ok()?))
            }
        })
        .buffered(CONCURRENT_INSPECTS)
        .collect()
        .await;
    for (row, details) in rows.iter_mut().zip(found) {
        row.details = details;
    }
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
            "HostConfig": {"RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3}}
        });
        assert_eq!(
            serde_json::to_value(state_details(&inspected)).unwrap_or_default(),
            json!({"exit_code": 137, "oom_killed": true, "restart_count": 2,
                "restart_policy": "on-failure", "started_at": "2026-11-30T11:22:31.076404289Z",
                "finished_at": "2026-11-30T11:22:32.1Z"})
        );
    }
}
