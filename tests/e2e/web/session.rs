//! `frontend/tests/session.mjs`: focus and the skip link, contrast of every page in both themes,
//! no page wider than the screen, pages offered by scope, logging out (its refresh token then
//! refused) and a session ended on the server, at both widths.

use serde_json::json;
use warden_test_support::{TestServer, USER_PASSWORD};

use super::{Width, browse};

async fn session_at(width: Width) {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    server.create_user(&admin, "viewer", &["read"]).await;
    server
        .create_user(&admin, "victim", &["read", "write"])
        .await;
    let report = browse(
        "tests/session.mjs",
        &server.base,
        width,
        vec![("USER_PASSWORD", USER_PASSWORD.to_owned())],
        |_| {},
    )
    .await;
    let seen = &report["seen"];
    assert_eq!(
        (
            seen["focusAfterLogin"].clone(),
            seen["firstTab"].clone(),
            seen["skipTarget"].clone()
        ),
        (json!("message"), json!("Skip to content"), json!("main")),
        "{report}"
    );
    assert!(seen["contrastChecked"].as_u64().unwrap() > 100, "{report}");
    assert_eq!(
        seen["contrastFailures"],
        json!({}),
        "every text at 4.5:1 or more: {report}"
    );
    assert_eq!(
        (
            seen["refreshAfterLogout"].clone(),
            seen["storageAfterLogout"].clone(),
            seen["focusOnLogin"].clone()
        ),
        (json!(401), json!(null), json!("username")),
        "{report}"
    );
    assert_eq!(
        seen["viewerPages"],
        json!([
            "Chat",
            "Monitor",
            "Incidents",
            "Containers",
            "Hosts",
            "Approvals",
            "Memory",
            "API keys"
        ]),
        "{report}"
    );
    assert_eq!(
        (seen["viewerOnAudit"].clone(), seen["viewerSweep"].clone()),
        (json!("New conversation"), json!(0)),
        "{report}"
    );
    assert!(
        !seen["endedReason"].as_str().unwrap().is_empty(),
        "{report}"
    );
    assert_eq!(seen["storageAfterEnd"], json!(null), "{report}");
}

#[tokio::test]
async fn sessions_scopes_focus_and_contrast_hold_at_desktop_width() {
    session_at(Width::Desktop).await;
}

#[tokio::test]
async fn sessions_scopes_focus_and_contrast_hold_at_phone_width() {
    session_at(Width::Phone).await;
}
