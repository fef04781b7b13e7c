//! `frontend/tests/memory.mjs`: the Memory page at both widths: a shared memory with where it came
//! from, remembering, searching, forgetting, and accepting a proposed runbook.

use serde_json::json;
use warden_test_support::TestServer;

use super::{Width, browse};

async fn memory_page_at(width: Width) {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let (status, _) = server
        .post(
            "/api/v1/memories",
            &admin,
            json!({"content": "the NAS backup job runs at 02:00", "kind": "fact", "shared": true}),
        )
        .await;
    assert_eq!(status.as_u16(), 201);
    // A proposal as the monitor makes one, written to the server's own database.
    let url = format!(
        "sqlite://{}?mode=rw",
        server.data_dir().join("warden.db").display()
    );
    let store = warden_store::Store::connect(&url).await.unwrap();
    store
        .propose_runbook(&warden_store::RunbookProposal {
            id: String::new(),
            kind: warden_protocol::FindingKind::ContainerExited,
            fix_key: "k".to_owned(),
            steps: r#"[{"tool":"docker_start","arguments":{"container":"{target}"}}]"#.to_owned(),
            summary: "for container_exited incidents: docker_start".to_owned(),
            held_count: 3,
            state: warden_protocol::RunbookState::Proposed,
            proposed_at: 1,
            decided_by: None,
            decided_at: None,
            reason: None,
        })
        .await
        .unwrap();
    store.close().await;
    let report = browse("tests/memory.mjs", &server.base, width, Vec::new(), |_| {}).await;
    let seen = &report["seen"];
    assert_eq!(
        (
            seen["source"].clone(),
            seen["sharedBadge"].clone(),
            seen["found"].clone(),
            seen["firstFound"].clone(),
            seen["forgotten"].clone(),
            seen["proposalBefore"].clone(),
            seen["proposalAfter"].clone()
        ),
        (
            json!("stored by hand"),
            json!("shared"),
            json!(1),
            // Ranked by words in test servers: "wiki" found, twice (1 + 2 x 0.1).
            json!("the wiki lives at wiki.lan (1.20)"),
            json!(true),
            json!("proposed"),
            json!("accepted")
        ),
        "{report}"
    );
    let (_, proposals) = server
        .get("/api/v1/runbooks/proposals?state=accepted", &admin)
        .await;
    assert_eq!(proposals["proposals"][0]["decided_by"], json!("admin"));
}

#[tokio::test]
async fn the_memory_page_searches_shows_sources_forgets_and_accepts_runbooks_on_a_desktop() {
    memory_page_at(Width::Desktop).await;
}

#[tokio::test]
async fn the_memory_page_searches_shows_sources_forgets_and_accepts_runbooks_on_a_phone() {
    memory_page_at(Width::Phone).await;
}
