//! `DOCKER_HOST` pointing at a Unix socket that accepts connections and never answers: readiness
//! reports Docker (not required) within its own bound, the manual sweep is reported as timed out
//! instead of hanging, sweeps still end (bounded by `tools.docker_timeout_secs`) and record
//! Docker as unreachable, and the Docker tools fail in bounded time.

use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use serde_json::{Value, json};

use super::support::{Warden, config_file, within};

/// A socket that accepts every connection and holds it without reading or writing; the task
/// (and the connections) go when the test's runtime ends.
fn hanging_socket(path: &std::path::Path) {
    let listener = tokio::net::UnixListener::bind(path).unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
}

#[tokio::test]
async fn a_docker_daemon_that_never_answers_is_bounded_everywhere() {
    let root = tempfile::tempdir().unwrap();
    let socket = root.path().join("docker.sock");
    hanging_socket(&socket);
    let docker_host = format!("unix://{}", socket.display());
    // The monitor sweeps at start and on demand; it watches no real disk and no GPU here.
    let config = config_file(
        root.path(),
        "[tools]\ndocker_timeout_secs = 3\n\n[monitor]\ninterval_secs = 3600\nrun_timeout_secs = 1\ndisk_mounts = [\"/nonexistent-warden-test-mount\"]\ngpus = false\n",
    );
    let warden = Warden::serve(root.path(), &[("DOCKER_HOST", &docker_host)], &config).await;
    let token = warden.login().await;
    let client = warden_http::client();

    // The manual sweep, queued behind the one at start-up that waits for Docker: reported as
    // timed out at its limit, not left hanging.
    let started = Instant::now();
    let response = client
        .post(warden.url("/api/v1/monitor/run"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(response.status(), 504);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], json!("timeout"), "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("did not finish within 1 s"),
        "{body}"
    );
    assert!(took < Duration::from_secs(4), "the route took {took:?}");

    // Readiness: ready (Docker is not required), the Docker check failing within its bound.
    let started = Instant::now();
    let response = client.get(warden.url("/readyz")).send().await.unwrap();
    let took = started.elapsed();
    assert_eq!(response.status(), 200);
    let ready: Value = response.json().await.unwrap();
    let docker = ready["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "docker")
        .cloned()
        .unwrap();
    assert_eq!(
        (
            ready["ready"].clone(),
            docker["ok"].clone(),
            docker["required"].clone()
        ),
        (json!(true), json!(false), json!(false)),
        "{ready}"
    );
    let detail = docker["detail"].as_str().unwrap();
    assert!(
        detail.contains(&docker_host) && detail.contains("did not answer"),
        "{detail}"
    );
    assert!(took < Duration::from_secs(5), "readyz took {took:?}");

    // Sweeps still end, each bounded by the Docker timeout, recording Docker as unreachable.
    let recorded = within(Duration::from_secs(30), "two sweeps recorded", || async {
        let (_, history) = warden.get("/api/v1/monitor/history?hours=1", &token).await;
        let points = history["points"].as_array().cloned().unwrap_or_default();
        (points.len() >= 2).then_some(points)
    })
    .await;
    for point in &recorded {
        let docker = &point["readings"]["docker"];
        assert_eq!(docker["reachable"], json!(false), "{point}");
        let error = docker["error"].as_str().unwrap();
        assert!(
            error.contains("did not answer") && error.contains(&docker_host),
            "{error}"
        );
    }

    // A Docker tool fails in bounded time, naming the daemon.
    let started = Instant::now();
    let response = client
        .post(warden.url("/api/v1/tools/docker_ps/invoke"))
        .bearer_auth(&token)
        .json(&json!({"args": {}}))
        .send()
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(response.status(), 200);
    let result: Value = response.json().await.unwrap();
    assert_eq!(
        (result["ok"].clone(), result["error_code"].clone()),
        (json!(false), json!("unavailable")),
        "{result}"
    );
    assert!(took < Duration::from_secs(8), "docker_ps took {took:?}");
}
