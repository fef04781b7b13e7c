//! `frontend/tests/pages.mjs`: the dashboard, API keys, users and the audit log at both widths,
//! with access tokens that expire inside the app's refresh margin (so every call it makes
//! refreshes first). Sweeps see only this test's container (by its label).

use serde_json::json;
use warden_test_support::TestServer;

use super::{Container, Width, browse};

async fn pages_at(width: Width) {
    let label = format!("wtest-web-pages-{}-{}", std::process::id(), width.name());
    let watched = label.clone();
    let server = TestServer::builder()
        .configure(move |c| {
            c.auth.access_token_ttl_secs = 61;
            c.monitor.enabled = false;
            c.monitor.watch_label = Some(watched);
            // Levels the shared machine does not reach: a full disk would prune the shared
            // Docker's cache, and these sweeps are here to read.
            c.monitor.disk_percent = (99.8, 99.9);
            c.monitor.load_per_core = (1000.0, 2000.0);
        })
        .start()
        .await;
    let _container = Container::run(&label, &["--label", &label], "exec sleep 3600");
    // Enough audit rows for more than one page of 25, the monitor's routine reads among them.
    let admin = server.admin_token().await;
    for _ in 0..3 {
        let (status, body) = server.post_empty("/api/v1/monitor/run", &admin).await;
        assert_eq!(status.as_u16(), 200, "{body}");
    }
    // Reads by the administrator: rows that stay when routine reads are hidden.
    for _ in 0..2 {
        let (status, body) = server
            .post(
                "/api/v1/tools/system_info/invoke",
                &admin,
                json!({"args": {}}),
            )
            .await;
        assert_eq!(status.as_u16(), 200, "{body}");
    }
    let report = browse("tests/pages.mjs", &server.base, width, Vec::new(), |_| {}).await;
    let seen = &report["seen"];
    assert!(
        seen["gauges"].as_u64().unwrap() >= 3,
        "load, memory and at least one disk: {report}"
    );
    assert!(
        seen["memoryGauge"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
            > 0.0,
        "{report}"
    );
    assert!(seen["charts"].as_u64().unwrap() >= 3, "{report}");
    assert_eq!(
        seen["droppedReadRetried"],
        json!(true),
        "a read whose connection dropped is read again: {report}"
    );
    assert_eq!(
        seen["containersSummary"],
        json!("1 running of 1"),
        "{report}"
    );
    let pixels = seen["thresholdPixels"].as_array().unwrap();
    assert!(
        pixels.iter().all(|p| p.as_u64().unwrap() > 30),
        "both threshold lines drawn on a 0-100 scale: {report}"
    );
    assert_eq!(
        (
            seen["sameCanvas"].clone(),
            seen["resized"].clone(),
            seen["longLabelFits"].clone()
        ),
        (json!(true), json!(true), json!(true)),
        "{report}"
    );
    let key = seen["key"].as_str().unwrap();
    assert!(key.starts_with("wdn_"), "{report}");
    assert_eq!(
        (
            seen["copiedKey"].clone(),
            seen["before"].clone(),
            seen["after"].clone(),
            seen["secretAfterReload"].clone()
        ),
        (json!(true), json!("active"), json!("revoked"), json!(0)),
        "{report}"
    );
    assert_eq!(seen["userDisabled"], json!(true), "{report}");
    assert_eq!(seen["ownAccount"], json!(true), "not offered: {report}");
    assert!(
        seen["refusedUser"]
            .as_str()
            .unwrap()
            .contains("already exists"),
        "a refused action says why: {report}"
    );
    assert_eq!(seen["routineHidden"], json!(true), "{report}");
    assert_eq!(seen["firstPage"], json!(25), "{report}");
    assert!(seen["secondPage"].as_u64().unwrap() > 25, "{report}");
    assert_eq!(seen["descending"], json!(true), "{report}");
    assert_eq!(
        seen["detail"],
        json!(["arguments", "duration", "hash"]),
        "{report}"
    );
    assert!(seen["filteredRows"].as_u64().unwrap() >= 1, "{report}");
    assert_eq!(seen["filterInUrl"], json!(true), "{report}");
    assert_eq!(
        seen["csv"],
        json!({
            "name": "warden-audit.csv",
            "header": "seq,at,actor,event,tool,arguments,risk,route,approval_id,outcome,detail,duration_ms,hash",
            "actors": ["user:admin"]
        }),
        "{report}"
    );
    assert_eq!(seen["json"]["name"], json!("warden-audit.json"), "{report}");
    assert_eq!(seen["json"]["rows"], seen["json"]["csvRows"], "{report}");
    assert!(
        seen["verified"].as_str().unwrap().starts_with("intact: "),
        "{report}"
    );
    // The revoked key no longer opens anything.
    let (status, _) = server
        .send(
            server
                .request(reqwest::Method::GET, "/api/v1/auth/me")
                .header("X-API-Key", key),
        )
        .await;
    assert_eq!(status.as_u16(), 401);
}

#[tokio::test]
async fn the_dashboard_keys_users_and_audit_work_at_desktop_width() {
    pages_at(Width::Desktop).await;
}

#[tokio::test]
async fn the_dashboard_keys_users_and_audit_work_at_phone_width() {
    pages_at(Width::Phone).await;
}
