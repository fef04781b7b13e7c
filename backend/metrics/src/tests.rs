#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use pretty_assertions::assert_eq;

use super::*;

fn lines_of(text: &str, prefix: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with(prefix))
        .map(str::to_owned)
        .collect()
}

#[test]
fn counters_keep_the_existing_names_and_render_in_the_prometheus_text_format() {
    let metrics = Metrics::new();
    metrics.record_request("GET", "/healthz", 200, Duration::from_millis(3));
    metrics.record_request("GET", "/healthz", 200, Duration::from_millis(30));
    metrics.auth_event("login_failed");
    let text = metrics.render();
    assert_eq!(
        lines_of(&text, "warden_http_requests_total"),
        vec![r#"warden_http_requests_total{method="GET",route="/healthz",status="200"} 2"#]
    );
    assert_eq!(
        lines_of(&text, "# TYPE warden_http_requests_total"),
        vec!["# TYPE warden_http_requests_total counter"]
    );
    assert_eq!(
        lines_of(
            &text,
            "warden_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.005\"}"
        ),
        vec![r#"warden_http_request_duration_seconds_bucket{route="/healthz",le="0.005"} 1"#]
    );
    assert_eq!(
        lines_of(&text, "warden_http_request_duration_seconds_count"),
        vec![r#"warden_http_request_duration_seconds_count{route="/healthz"} 2"#]
    );
    assert_eq!(
        lines_of(&text, "warden_auth_events_total"),
        vec![r#"warden_auth_events_total{event="login_failed"} 1"#]
    );
    assert_eq!(
        lines_of(&text, "warden_build_info"),
        vec![format!(
            "warden_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        )]
    );
    assert!(!text.contains("# EOF"), "{text}");
    assert!(metrics.render_openmetrics().ends_with("# EOF\n"));
}

#[test]
fn guard_tools_models_and_incidents_are_labelled_as_documented() {
    let metrics = Metrics::new();
    metrics.guard_decision("high", "approval", "docker_restart");
    metrics.tool_run("system_info", "run", "ok", Duration::from_millis(20));
    metrics.model_call("fast", "ok", Duration::from_secs(2));
    metrics.model_tokens("fast", 120, 30);
    metrics.model_fallback("fast");
    metrics.model_circuit("fast", CircuitState::Open);
    metrics.set_approvals_pending(3);
    metrics.set_incidents(&[("escalated".to_owned(), 2)]);
    metrics.sweep("interval", "warning", Duration::from_millis(400));
    metrics.notification("ops", "incident_opened", "sent");
    let text = metrics.render();
    for expected in [
        r#"warden_guard_decisions_total{risk="high",route="approval",tool="docker_restart"} 1"#,
        r#"warden_tool_runs_total{tool="system_info",route="run",outcome="ok"} 1"#,
        r#"warden_tool_run_duration_seconds_count{tool="system_info"} 1"#,
        r#"warden_model_calls_total{model="fast",outcome="ok"} 1"#,
        r#"warden_model_tokens_total{model="fast",kind="prompt"} 120"#,
        r#"warden_model_tokens_total{model="fast",kind="completion"} 30"#,
        r#"warden_model_fallbacks_total{model="fast"} 1"#,
        r#"warden_model_circuit_state{model="fast"} 2"#,
        "warden_approvals_pending 3",
        r#"warden_incidents{state="escalated"} 2"#,
        r#"warden_incidents{state="open"} 0"#,
        r#"warden_monitor_sweeps_total{trigger="interval",status="warning"} 1"#,
        "warden_monitor_sweep_duration_seconds_count 1",
        r#"warden_notifications_total{channel="ops",event="incident_opened",outcome="sent"} 1"#,
    ] {
        assert!(
            text.lines().any(|l| l == expected),
            "missing {expected}:\n{text}"
        );
    }
}

#[test]
fn host_gauges_show_only_what_the_last_sweep_read() {
    let metrics = Metrics::new();
    let first = HostGauges {
        cpus: Some(4),
        load_per_core: Some(0.5),
        memory_used_percent: Some(42.0),
        disks: vec![
            DiskGauge {
                mount_point: "/".to_owned(),
                used_percent: 50.0,
                available_bytes: 1000,
            },
            DiskGauge {
                mount_point: "/data".to_owned(),
                used_percent: 90.0,
                available_bytes: 10,
            },
        ],
        gpus: vec![GpuGauge {
            index: 0,
            name: "H200".to_owned(),
            temperature_c: Some(61.0),
            memory_used_percent: Some(25.0),
            utilization_percent: None,
            power_w: Some(300.5),
        }],
        containers: vec![("running".to_owned(), 3)],
    };
    let before = metrics.render();
    for absent in [
        "warden_host_cpus ",
        "warden_host_load_per_core ",
        "warden_host_memory_used_ratio ",
    ] {
        assert!(
            !before.lines().any(|l| l.starts_with(absent)),
            "{absent}shown before any sweep:\n{before}"
        );
    }
    metrics.host_readings(&first);
    let text = metrics.render();
    for expected in [
        "warden_host_cpus 4",
        "warden_host_load_per_core 0.5",
        "warden_host_memory_used_ratio 0.42",
        r#"warden_host_disk_used_ratio{mount="/data"} 0.9"#,
        r#"warden_host_disk_available_bytes{mount="/"} 1000"#,
        r#"warden_gpu_temperature_celsius{gpu="0",name="H200"} 61.0"#,
        r#"warden_gpu_memory_used_ratio{gpu="0",name="H200"} 0.25"#,
        r#"warden_gpu_power_watts{gpu="0",name="H200"} 300.5"#,
        r#"warden_containers{state="running"} 3"#,
    ] {
        assert!(
            text.lines().any(|l| l == expected),
            "missing {expected}:\n{text}"
        );
    }
    assert!(!text.contains("warden_gpu_utilization_ratio{"), "{text}");
    metrics.host_readings(&HostGauges {
        disks: vec![first.disks[0].clone()],
        ..HostGauges::default()
    });
    let text = metrics.render();
    assert!(!text.contains("mount=\"/data\""), "{text}");
    assert!(!text.contains("gpu=\"0\""), "{text}");
}
