//! The audit log as the web app reads it: filters, routine reads hidden, paging, and exports as
//! CSV and JSON.

use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use warden_test_support::{TestServer, error_code};

use crate::web_api::chrono_now;

async fn audit_rows(server: &TestServer, token: &str, query: String) -> Vec<Value> {
    let (status, page) = server.get(&format!("/api/v1/audit{query}"), token).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["entries"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_audit_log_filters_hides_routine_reads_and_exports_csv_and_json() {
    // Sweeps that read, never repair: this test's own containers only (none), and levels the
    // shared machine does not reach (a full disk would prune the shared Docker's cache).
    let label = format!("wtest-audit-{}", std::process::id());
    let server = TestServer::builder()
        .configure(move |c| {
            c.monitor.enabled = false;
            c.monitor.watch_label = Some(label);
            c.monitor.disk_percent = (99.8, 99.9);
            c.monitor.load_per_core = (1000.0, 2000.0);
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    // The monitor's routine reads, and a read by the administrator.
    let (status, sweep) = server.post_empty("/api/v1/monitor/run", &admin).await;
    assert_eq!(status, StatusCode::OK, "{sweep}");
    // The status names the levels charts draw, as configured.
    let (_, status) = server.get("/api/v1/monitor/status", &admin).await;
    assert_eq!(
        status["thresholds"],
        json!({
            "disk_percent": {"warning": 99.8, "critical": 99.9},
            "load_per_core": {"warning": 1000.0, "critical": 2000.0},
            "memory_percent": {"warning": 90.0, "critical": 97.0},
            "gpu_temperature_c": {"warning": 83.0, "critical": 90.0},
            "gpu_memory_percent": {"warning": 95.0, "critical": 99.0}
        })
    );
    let (status, invoked) = server
        .post(
            "/api/v1/tools/system_info/invoke",
            &admin,
            json!({"args": {}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{invoked}");

    let everything = audit_rows(&server, &admin, String::new()).await;
    let monitor = audit_rows(&server, &admin, "?actor=monitor".to_owned()).await;
    assert!(!monitor.is_empty());
    assert!(monitor.iter().all(|e| e["actor"] == json!("monitor")));
    let users = audit_rows(&server, &admin, "?actor=user".to_owned()).await;
    assert!(!users.is_empty());
    assert!(
        users.iter().all(|e| e["actor"] == json!("user:admin")),
        "{users:?}"
    );
    let visible = audit_rows(&server, &admin, "?hide_routine=true".to_owned()).await;
    assert_eq!(
        visible.len(),
        everything.len() - monitor.len(),
        "every monitor read was routine: {visible:?}"
    );
    assert!(visible.iter().all(|e| e["actor"] != json!("monitor")));
    let ok_low = audit_rows(&server, &admin, "?risk=low&outcome=ok".to_owned()).await;
    assert!(!ok_low.is_empty());
    assert!(
        ok_low
            .iter()
            .all(|e| e["risk"] == json!("low") && e["outcome"] == json!("ok"))
    );
    let first_at = everything.last().unwrap()["at"].as_i64().unwrap();
    assert_eq!(
        audit_rows(&server, &admin, format!("?since={}", chrono_now() + 60)).await,
        Vec::<Value>::new()
    );
    assert_eq!(
        audit_rows(&server, &admin, format!("?until={}", first_at - 1)).await,
        Vec::<Value>::new()
    );
    assert_eq!(
        audit_rows(&server, &admin, format!("?since={first_at}"))
            .await
            .len(),
        everything.len()
    );
    // Paging goes on from the last row seen.
    let page = audit_rows(&server, &admin, "?limit=2".to_owned()).await;
    let next = audit_rows(
        &server,
        &admin,
        format!("?limit=2&before={}", page[1]["seq"]),
    )
    .await;
    assert_eq!(next[0]["seq"], everything[2]["seq"]);

    // Exports: every selected row, as a file.
    let response = server
        .request(Method::GET, "/api/v1/audit/export/csv?hide_routine=true")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        (
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned(),
            response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_owned()
        ),
        (
            "text/csv; charset=utf-8".to_owned(),
            "attachment; filename=\"warden-audit.csv\"".to_owned()
        )
    );
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "seq,at,actor,event,tool,arguments,risk,route,approval_id,outcome,detail,duration_ms,hash"
    );
    assert_eq!(lines.len(), visible.len() + 1);
    assert!(lines[1].starts_with(&format!("{},", visible[0]["seq"])));
    let (status, exported) = server
        .get("/api/v1/audit/export/json?actor=monitor", &admin)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(exported["entries"], json!(monitor));
    for (path, status, code) in [
        (
            "/api/v1/audit/export/xml",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/audit/export/csv?limit=10001",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "/api/v1/audit?since=5&until=1",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "/api/v1/audit?hide_routine=maybe",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
    ] {
        let (got, body) = server.get(path, &admin).await;
        assert_eq!((got, error_code(&body)), (status, code), "{path}: {body}");
    }
}
