//! The WebSocket telling a browser when its session ended (close code 4401) and when approvals
//! it may see were asked for or settled.

use std::time::Duration;

use futures_util::StreamExt;
use pretty_assertions::assert_eq;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use warden_test_support::{TestServer, USER_PASSWORD};

use crate::websocket::{Socket, connect_bearer, next, send};

/// The next frame that closes the socket, with its code; text frames before it are returned.
async fn until_closed(socket: &mut Socket) -> (Vec<Value>, Option<u16>) {
    let mut texts = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => {
                texts.push(serde_json::from_str(text.as_str()).unwrap())
            }
            Ok(Some(Ok(Message::Close(frame)))) => {
                return (texts, frame.map(|f| u16::from(f.code)));
            }
            Ok(Some(Ok(_))) => {}
            Ok(Some(Err(e))) => panic!("socket error after {texts:?}: {e}"),
            Ok(None) => return (texts, None),
            Err(_) => panic!("the socket stayed open: {texts:?}"),
        }
    }
}

#[tokio::test]
async fn sockets_close_when_their_session_ends_and_watchers_hear_of_approvals() {
    let files = tempfile::tempdir().unwrap();
    let root = files.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| c.tools.file_roots = vec![root])
        .start()
        .await;
    let admin = server.admin_token().await;
    server.create_user(&admin, "ops", &["read", "write"]).await;

    // A disabled user's socket is told and closed.
    let ops = server.login("ops", USER_PASSWORD).await.access_token;
    let mut socket = connect_bearer(&server, &ops).await.unwrap();
    let (_, users) = server.get("/api/v1/users", &admin).await;
    let ops_id = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == json!("ops"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    server
        .patch(
            &format!("/api/v1/users/{ops_id}"),
            &admin,
            json!({"disabled": true}),
        )
        .await;
    let (texts, code) = until_closed(&mut socket).await;
    assert_eq!(code, Some(4401));
    assert_eq!(
        texts.last().unwrap()["code"],
        json!("session_ended"),
        "{texts:?}"
    );

    // So is a socket whose session logged out.
    let second = server
        .login("admin", warden_test_support::ADMIN_PASSWORD)
        .await
        .access_token;
    let mut socket = connect_bearer(&server, &second).await.unwrap();
    let (status, _) = server
        .send(
            server
                .request(Method::POST, "/api/v1/auth/logout")
                .bearer_auth(&second),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (texts, code) = until_closed(&mut socket).await;
    assert_eq!(
        (code, texts.last().unwrap()["code"].clone()),
        (Some(4401), json!("session_ended"))
    );

    // Approvals: an approver watching hears of one asked for, then of it settled; a reader
    // watching does not see another user's.
    server.create_user(&admin, "reader", &["read"]).await;
    let reader = server.login("reader", USER_PASSWORD).await.access_token;
    let mut watcher = connect_bearer(&server, &admin).await.unwrap();
    let mut bystander = connect_bearer(&server, &reader).await.unwrap();
    for socket in [&mut watcher, &mut bystander] {
        send(socket, json!({"type": "watch_approvals"})).await;
        assert_eq!(
            next(socket).await.unwrap(),
            json!({"type": "approvals", "pending": 0, "added": []})
        );
    }
    let path = files.path().join("note.txt").display().to_string();
    let (status, pending) = server
        .post(
            "/api/v1/tools/file_write/invoke",
            &admin,
            json!({"args": {"path": path, "content": "x"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{pending}");
    let heard = next(&mut watcher).await.unwrap();
    assert_eq!(
        heard,
        json!({"type": "approvals", "pending": 1, "added": [{
            "id": pending["id"], "tool": "file_write", "risk": pending["risk"],
            "requested_by": "user:admin", "justification": pending["justification"],
            "expires_at": pending["expires_at"]
        }]})
    );
    server
        .post(
            &format!("/api/v1/approvals/{}/deny", pending["id"].as_str().unwrap()),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(
        next(&mut watcher).await.unwrap(),
        json!({"type": "approvals", "pending": 0, "added": []})
    );
    // The bystander was told nothing: no change it may see.
    send(&mut bystander, json!({"type": "ping"})).await;
    assert_eq!(next(&mut bystander).await.unwrap(), json!({"type": "pong"}));
}
