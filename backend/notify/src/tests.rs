#![allow(clippy::unwrap_used, clippy::expect_used)]

use pretty_assertions::assert_eq;
use serde_json::json;

use super::*;

fn incident(severity: &str, state: &str) -> IncidentDetail {
    IncidentDetail {
        incident_id: "i1".to_owned(),
        fingerprint: "disk_full:/data".to_owned(),
        kind: "disk_full".to_owned(),
        target: "/data".to_owned(),
        severity: severity.to_owned(),
        state: state.to_owned(),
        summary: "/data is 97% full; api_key=sk-live-123456789".to_owned(),
    }
}

#[test]
fn incidents_carry_their_severity_and_a_readable_text_without_secrets() {
    let opened = Notification::incident(EventKind::IncidentOpened, incident("critical", "open"));
    assert_eq!(
        (opened.level, opened.title.as_str()),
        (Severity::Critical, "Incident opened: disk_full on /data")
    );
    assert!(!opened.text.contains("sk-live"), "{}", opened.text);
    assert!(
        opened
            .text
            .contains("Severity critical, state open. Incident i1.")
    );
    let escalated = Notification::incident(
        EventKind::IncidentEscalated,
        incident("warning", "escalated"),
    );
    assert_eq!(escalated.level, Severity::Critical);
    assert!(
        escalated.text.ends_with("a human has to look."),
        "{}",
        escalated.text
    );
    let failed = Notification::incident(EventKind::IncidentResolved, incident("warning", "failed"));
    assert_eq!(
        (failed.level, failed.title.as_str()),
        (
            Severity::Info,
            "Incident closed as failed: disk_full on /data"
        )
    );
    let body = serde_json::to_value(&failed).unwrap();
    assert_eq!(
        (
            &body["event"],
            &body["incident_id"],
            &body["severity"],
            &body["level"],
            &body["state"]
        ),
        (
            &json!("incident_resolved"),
            &json!("i1"),
            &json!("warning"),
            &json!("info"),
            &json!("failed")
        )
    );
}

#[test]
fn channels_take_what_their_filters_allow() {
    let channel = ChannelConfig {
        events: [EventKind::IncidentOpened, EventKind::IncidentEscalated].into(),
        min_severity: Severity::Critical,
        ..legacy_channel("pager", "https://x", &[])
    };
    let warning = Notification::incident(EventKind::IncidentOpened, incident("warning", "open"));
    let critical = Notification::incident(EventKind::IncidentOpened, incident("critical", "open"));
    let resolved = Notification::incident(
        EventKind::IncidentResolved,
        incident("critical", "resolved"),
    );
    assert_eq!(
        (
            channel.wants(&warning),
            channel.wants(&critical),
            channel.wants(&resolved)
        ),
        (false, true, false)
    );
    let everything = legacy_channel("all", "https://x", &[]);
    assert!(everything.wants(&warning) && everything.wants(&resolved));
}

#[test]
fn links_point_at_the_web_app_pages() {
    let opened = Notification::incident(EventKind::IncidentOpened, incident("warning", "open"))
        .with_link(Some("https://warden.example.com/"));
    assert_eq!(
        opened.link.as_deref(),
        Some("https://warden.example.com/#/monitor")
    );
}

#[tokio::test]
async fn a_notifier_without_channels_takes_notifications_and_shuts_down_at_once() {
    let notifier = Notifier::disabled();
    assert!(!notifier.is_enabled());
    notifier.notify(Notification::incident(
        EventKind::IncidentOpened,
        incident("warning", "open"),
    ));
    tokio::time::timeout(
        std::time::Duration::from_secs(1),
        notifier.shutdown(std::time::Duration::from_secs(1)),
    )
    .await
    .unwrap();
}
