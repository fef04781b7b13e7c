//! What the container list alone does not say: whether the kernel killed a container for memory,
//! how often Docker restarted it, when it last started and stopped. `docker_ps` with `details`
//! inspects each listed container for these (the monitor's sweeps need them to tell a crash from
//! a `docker stop`, and to know whether a repaired container restarted again).

use bollard::Docker;
use bollard::query_parameters::InspectContainerOptions;
use futures_util::StreamExt;
use serde_json::{Value, json};

/// Containers inspected at once.
const CONCURRENT_INSPECTS: usize = 8;

/// The state fields of one `inspect` answer (as JSON): exit code, OOM flag, restart count and
/// policy, start and finish times (RFC 3339, as Docker writes them).
pub fn state_details(inspected: &Value) -> Value {
    let state = &inspected["State"];
    json!({
        "exit_code": state["ExitCode"],
        "oom_killed": state["OOMKilled"],
        "restart_count": inspected["RestartCount"],
        "restart_policy": inspected["HostConfig"]["RestartPolicy"]["Name"],
        "started_at": state["StartedAt"],
        "finished_at": state["FinishedAt"],
    })
}

/// Adds [`state_details`] to each row (by its `id`); a container removed meanwhile keeps its row
/// without them.
pub async fn add_details(client: &Docker, rows: &mut [Value]) {
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let found: Vec<Option<Value>> = futures_util::stream::iter(ids)
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
        if let (Some(object), Some(Value::Object(details))) = (row.as_object_mut(), details) {
            object.extend(details);
        }
    }
}

#[cfg(test)]
mod tests {
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
            state_details(&inspected),
            json!({"exit_code": 137, "oom_killed": true, "restart_count": 2,
                "restart_policy": "on-failure", "started_at": "2026-11-30T11:22:31.076404289Z",
                "finished_at": "2026-11-30T11:22:32.1Z"})
        );
    }
}
