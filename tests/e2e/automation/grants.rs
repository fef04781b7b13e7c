//! Grants per identity: one API key, named in a policy grant, restarts one container at once;
//! the same call by anyone else, and any other call by that key, still waits for a human.

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_test_support::{TestServer, USER_PASSWORD, error_code};

use super::{Container, audit_of, policy_dir, uid};

async fn restart(server: &TestServer, token: &str, container: &str) -> (StatusCode, Value) {
    server
        .post(
            "/api/v1/tools/docker_restart/invoke",
            token,
            json!({"args": {"container": container, "timeout_secs": 1}}),
        )
        .await
}

#[tokio::test]
async fn a_grant_for_one_api_key_lowers_exactly_one_call() {
    let web = Container::start("grant-web");
    let db = Container::start("grant-db");
    let key_name = format!("ci-deploy-{}", uid());
    let policy = policy_dir(
        "ci.toml",
        &format!(
            "version = 1\n\n[[grant]]\nid = \"ci-restarts-web\"\nactors = [\"api_key:{key_name}\"]\ntools = [\"docker_restart\"]\narguments = {{ container = [\"{web}\"] }}\nlevel = \"low\"\njustification = \"The CI deploy key restarts the web container after a release.\"\nmatch = [{{ container = \"{web}\" }}]\nnot_match = [{{ container = \"{db}\" }}]\n",
            web = web.0,
            db = db.0
        ),
    );
    let dir = policy.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| c.guard.policy_dir = Some(dir))
        .start()
        .await;
    let admin = server.admin_token().await;
    let (_, ci) = server
        .create_api_key(&admin, &key_name, &["read", "execute"], None)
        .await;
    let (_, other) = server
        .create_api_key(
            &admin,
            &format!("other-{}", uid()),
            &["read", "execute"],
            None,
        )
        .await;
    let before = web.started_at();

    // The granted call: runs at once, low risk, under the grant.
    let (status, done) = restart(&server, &ci, &web.0).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (
            done["ok"].clone(),
            done["risk"].clone(),
            done["route"].clone()
        ),
        (json!(true), json!("low"), json!("run"))
    );
    assert_ne!(web.started_at(), before);
    // The same key on another container, another key, the key's owner in a session: a human
    // decides, as the shipped policy says.
    for (token, container) in [(&ci, &db.0), (&other, &web.0), (&admin, &web.0)] {
        let (status, pending) = restart(&server, token, container).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{pending}");
        assert_eq!(
            (pending["status"].clone(), pending["risk"].clone()),
            (json!("pending"), json!("high"))
        );
    }
    let decisions: Vec<(String, String)> = audit_of(&server, &admin, "docker_restart")
        .await
        .iter()
        .filter(|e| e["event"] == json!("decision"))
        .map(|e| {
            (
                e["risk"].as_str().unwrap().to_owned(),
                e["detail"]
                    .as_str()
                    .unwrap()
                    .split(':')
                    .next()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        decisions
            .iter()
            .filter(|(risk, _)| risk == "low")
            .collect::<Vec<_>>(),
        vec![&("low".to_owned(), "ci-restarts-web".to_owned())],
        "{decisions:?}"
    );
    assert_eq!(decisions.len(), 4, "{decisions:?}");
    // Nobody else may take the key's name while it lives: the grant names one key.
    let (status, body) = server
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": key_name, "scopes": ["read"]}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "conflict"),
        "{body}"
    );
}

#[tokio::test]
async fn a_users_key_never_takes_a_grant_written_for_an_administrators_key_of_that_name() {
    let web = Container::start("grant-name-web");
    let name = format!("ci-deploy-{}", uid());
    let own = format!("mine-{}", uid());
    let grant = |id: &str, actor: &str| {
        format!(
            "[[grant]]\nid = \"{id}\"\nactors = [\"{actor}\"]\ntools = [\"docker_restart\"]\narguments = {{ container = [\"{web}\"] }}\nlevel = \"low\"\njustification = \"Restarts the web container.\"\nmatch = [{{ container = \"{web}\" }}]\n\n",
            web = web.0
        )
    };
    let policy = policy_dir(
        "ci.toml",
        &format!(
            "version = 1\n\n{}{}",
            grant("admins-key", &format!("api_key:{name}")),
            grant("bobs-key", &format!("api_key:bob/{own}"))
        ),
    );
    let dir = policy.path().to_path_buf();
    let server = TestServer::builder()
        .configure(move |c| c.guard.policy_dir = Some(dir))
        .start()
        .await;
    let admin = server.admin_token().await;
    server
        .create_user(&admin, "bob", &["read", "write", "execute"])
        .await;
    let bob = server.login("bob", USER_PASSWORD).await.access_token;
    // Bob takes the name the grant gives to an administrator's key: the grant is not his.
    let (_, squatted) = server
        .create_api_key(&bob, &name, &["read", "execute"], None)
        .await;
    let (status, pending) = restart(&server, &squatted, &web.0).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{pending}");
    assert_eq!(
        (pending["status"].clone(), pending["risk"].clone()),
        (json!("pending"), json!("high"))
    );
    // A grant that names bob's own key, with its owner, is his.
    let (_, granted) = server
        .create_api_key(&bob, &own, &["read", "execute"], None)
        .await;
    let (status, done) = restart(&server, &granted, &web.0).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (done["risk"].clone(), done["route"].clone()),
        (json!("low"), json!("run"))
    );
}
