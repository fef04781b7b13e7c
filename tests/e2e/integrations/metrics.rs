//! `/metrics` as Prometheus reads it: `promtool check metrics` (Debian's prometheus package)
//! passes on it after a server has decided and run tools, called a model, swept, opened and
//! resolved an incident and notified about it; the series carry those values. The incident's
//! opening and resolution reach a notification channel.

use std::time::Duration;

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::AsyncWriteExt;
use warden_notify::{ChannelConfig, ChannelKind, EventKind, Severity};
use warden_test_support::{HttpSink, Reply, ScriptedLlm, scripted_model};

use crate::monitor::{incident_until, monitored, run_container};

async fn promtool(text: &str) -> (bool, String) {
    let mut child = tokio::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("promtool (tests/scripts/services.sh install brings Debian's prometheus)");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(text.as_bytes()).await.unwrap();
    drop(stdin);
    let out = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn promtool_accepts_the_metrics_and_they_show_what_happened() {
    let llm = ScriptedLlm::start().await;
    // Every request answered alike: the monitor's repair model may ask too (a busy host's load).
    llm.respond_with(std::sync::Arc::new(|_| Reply::Text("All good.".to_owned())));
    // Ollama's wire format reports tokens on every answer.
    let model = scripted_model("local", &llm, false);
    let sink = HttpSink::start().await;
    let hook = sink.url("/incidents");
    let (server, admin, label) = monitored(move |c| {
        c.llm.models = vec![model];
        c.notify.channels = vec![ChannelConfig {
            name: "incidents".to_owned(),
            kind: ChannelKind::Json {
                url: hook,
                secret: None,
            },
            events: [EventKind::IncidentOpened, EventKind::IncidentResolved].into(),
            min_severity: Severity::Info,
        }];
    })
    .await;
    // An incident opened, repaired by the runbook, verified and resolved.
    let container = run_container(
        "metrics",
        "if [ -f /crashed ]; then sleep 3600; else touch /crashed; sleep 1; exit 3; fi",
        &label,
    );
    let fingerprint = format!("container_exited:{}", container.0);
    let detail = incident_until(&server, &admin, &fingerprint, |d| {
        d["incident"]["state"] == json!("resolved")
    })
    .await;
    let incident_id = detail["incident"]["id"].as_str().unwrap().to_owned();
    let (status, _) = server
        .post(
            "/api/v1/tools/system_info/invoke",
            &admin,
            json!({"args": {}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server
        .post(
            "/api/v1/tools/no_such_tool/invoke",
            &admin,
            json!({"args": {}}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, reply) = server
        .post("/api/v1/chat", &admin, json!({"message": "status?"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");

    // The host itself may have incidents of its own (a busy machine's load): only ours count.
    let ours = || -> Vec<warden_test_support::Received> {
        sink.at("/incidents")
            .into_iter()
            .filter(|r| r.json()["incident_id"] == json!(incident_id))
            .collect()
    };
    for _ in 0..100 {
        if ours().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let heard: Vec<(String, String, String)> = ours()
        .iter()
        .map(|r| {
            let body = r.json();
            (
                body["event"].as_str().unwrap().to_owned(),
                body["incident_id"].as_str().unwrap().to_owned(),
                body["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        heard,
        vec![
            (
                "incident_opened".to_owned(),
                incident_id.clone(),
                "open".to_owned()
            ),
            (
                "incident_resolved".to_owned(),
                incident_id.clone(),
                "resolved".to_owned()
            ),
        ]
    );

    // The sink has the resolved notification, but its sender counts it only once the sink's
    // answer is back: the scrape waits for that count (bounded) rather than racing it.
    let resolved_sent = r#"warden_notifications_total{channel="incidents",event="incident_resolved",outcome="sent"}"#;
    let mut text = String::new();
    for _ in 0..50 {
        let response = server
            .request(reqwest::Method::GET, "/metrics")
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.headers()["content-type"],
            "text/plain; version=0.0.4; charset=utf-8"
        );
        text = response.text().await.unwrap();
        if text.lines().any(|l| l.starts_with(resolved_sent)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (ok, report) = promtool(&text).await;
    assert!(ok, "promtool check metrics failed:\n{report}\n{text}");
    assert_eq!(report, "", "promtool had remarks");
    for expected in [
        r#"warden_guard_decisions_total{risk="unknown",route="refused",tool="unknown"} 1"#,
        r#"warden_model_circuit_state{model="local"} 0"#,
        "warden_approvals_pending 0",
        r#"warden_incidents{state="escalated"} 0"#,
        r#"warden_http_requests_total{method="POST",route="/api/v1/chat",status="200"} 1"#,
    ] {
        assert!(
            text.lines().any(|l| l == expected),
            "missing {expected}:\n{text}"
        );
    }
    // Counts the monitor's own reads (through system_info) and the host's own incidents add to.
    let value = |prefix: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(prefix))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {prefix}:\n{text}"))
    };
    assert!(value(r#"warden_incidents{state="resolved"}"#) >= 1.0);
    let calls = value(r#"warden_model_calls_total{model="local",outcome="ok"}"#);
    assert!(calls >= 1.0);
    assert_eq!(
        value(r#"warden_model_tokens_total{model="local",kind="prompt"}"#),
        42.0 * calls
    );
    assert_eq!(
        value(r#"warden_model_tokens_total{model="local",kind="completion"}"#),
        7.0 * calls
    );
    assert!(
        value(r#"warden_guard_decisions_total{risk="low",route="run",tool="system_info"}"#) >= 2.0
    );
    assert!(value(r#"warden_tool_runs_total{tool="system_info",route="run",outcome="ok"}"#) >= 2.0);
    assert!(
        value(r#"warden_tool_runs_total{tool="docker_restart",route="run",outcome="ok"}"#) >= 1.0
    );
    assert!(
        value(
            r#"warden_notifications_total{channel="incidents",event="incident_opened",outcome="sent"}"#
        ) >= 1.0
    );
    assert!(value(resolved_sent) >= 1.0);
    for family in [
        "warden_monitor_sweeps_total{",
        "warden_monitor_sweep_duration_seconds_count ",
        "warden_host_cpus ",
        "warden_host_load_per_core ",
        "warden_host_memory_used_ratio ",
        "warden_containers{state=",
        "warden_model_call_duration_seconds_count{model=\"local\"} ",
        "warden_tool_run_duration_seconds_bucket{tool=\"system_info\",le=\"+Inf\"} ",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(family)),
            "missing {family}:\n{text}"
        );
    }
    // The shipped dashboard and alert rules name only series that exist, and the rules load.
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let dashboard = std::fs::read_to_string(docs.join("grafana/warden-dashboard.json")).unwrap();
    let rules = std::fs::read_to_string(docs.join("prometheus/warden-alerts.yml")).unwrap();
    serde_json::from_str::<serde_json::Value>(&dashboard).expect("the dashboard is JSON");
    // Families without samples yet (no GPU here, no fallback) are not rendered: the registry's
    // own list names them all.
    let registered = warden_metrics::Metrics::new();
    let families: std::collections::BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.split(' ').next())
        .chain(registered.family_names().iter().map(String::as_str))
        .collect();
    for source in [&dashboard, &rules] {
        for (at, _) in source.match_indices("warden_") {
            let name: String = source[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|suffix| name.strip_suffix(suffix))
                .unwrap_or(&name);
            assert!(
                families.contains(family) || families.contains(name.as_str()),
                "{name} is not exported"
            );
        }
    }
    let checked = std::process::Command::new("promtool")
        .args(["check", "rules"])
        .arg(docs.join("prometheus/warden-alerts.yml"))
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
    // OpenMetrics for scrapers that ask for it.
    let response = server
        .request(reqwest::Method::GET, "/metrics")
        .header("accept", "application/openmetrics-text; version=1.0.0")
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    assert!(response.text().await.unwrap().ends_with("# EOF\n"));
}
