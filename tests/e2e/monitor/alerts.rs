//! Alertmanager intake: one incident per alert however often it comes.

use super::monitored;
use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::error_code;

fn alert(status: &str, fingerprint: &str) -> Value {
    json!({
        "version": "4",
        "groupKey": "{}:{alertname=\"HighLatency\"}",
        "status": status,
        "receiver": "warden",
        "groupLabels": {"alertname": "HighLatency"},
        "commonLabels": {},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": [{
            "status": status,
            "labels": {"alertname": "HighLatency", "instance": "web:9100", "severity": "critical"},
            "annotations": {"summary": "p99 above 2 s"},
            "startsAt": "2026-11-21T10:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus/graph",
            "fingerprint": fingerprint
        }]
    })
}

#[tokio::test]
async fn an_alertmanager_alert_opens_one_incident_however_often_it_is_delivered() {
    let secret = "a-shared-alertmanager-secret";
    let (server, admin, _) = monitored(move |c| {
        c.monitor.alertmanager_secret = Some(warden_server::config::Secret::new(secret))
    })
    .await;
    let deliver = |body: Value, token: &'static str| {
        let request = server
            .request(reqwest::Method::POST, "/api/v1/alerts/alertmanager")
            .bearer_auth(token)
            .json(&body);
        server.send(request)
    };
    let (status, first) = deliver(alert("firing", "a1b2c3"), secret).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["opened"].as_array().unwrap().len(), 1);
    for _ in 0..3 {
        let (_, again) = deliver(alert("firing", "a1b2c3"), secret).await;
        assert_eq!(again["repeated"], first["opened"]);
    }
    let (_, list) = server.get("/api/v1/incidents", &admin).await;
    let alerts: Vec<&Value> = list["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == json!("alert"))
        .collect();
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        (
            alerts[0]["occurrences"].clone(),
            alerts[0]["severity"].clone()
        ),
        (json!(4), json!("critical"))
    );
    assert_eq!(alerts[0]["summary"], json!("HighLatency: p99 above 2 s"));

    let (status, body) = deliver(alert("firing", "a1b2c3"), "wrong-secret-wrong-secret").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNAUTHORIZED, "invalid_credentials"),
        "{body}"
    );
    let mut bad = alert("firing", "x");
    bad["version"] = json!("3");
    let (status, body) = deliver(bad, secret).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("version 4")
    );

    let (_, resolved) = deliver(alert("resolved", "a1b2c3"), secret).await;
    assert_eq!(resolved["resolved"], first["opened"]);
    let (_, detail) = server
        .get(
            &format!("/api/v1/incidents/{}", first["opened"][0].as_str().unwrap()),
            &admin,
        )
        .await;
    assert_eq!(detail["incident"]["state"], json!("resolved"));
    // Without the secret, an ordinary credential with `write` is accepted too.
    let (status, _) = server
        .post(
            "/api/v1/alerts/alertmanager",
            &admin,
            alert("firing", "d4e5"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}
