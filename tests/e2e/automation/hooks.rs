//! Inbound webhooks: a push to `main`, signed as GitHub signs it, runs `git_pull` then
//! `docker_restart` as the hook task's owner (whose grant makes both low risk); a wrong
//! signature, an unknown hook and a replayed delivery are refused and audited; Warden's own
//! headers work the same; a push to another branch is ignored.

use std::path::Path;
use std::process::Command;

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_core::automation::hooks::sign;
use warden_core::automation::{TaskAction, TaskSpec, ToolStep};
use warden_server::config::{HookConfig, Secret};
use warden_test_support::{TestServer, error_code};

use super::{Container, audit_of, policy_dir, task_until, uid};

const SECRET: &str = "a-webhook-secret-of-some-length";

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Warden Test",
            "-c",
            "user.email=test@warden.invalid",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn head(dir: &Path) -> String {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

async fn deliver(
    server: &TestServer,
    hook: &str,
    body: &str,
    headers: &[(&str, String)],
) -> (StatusCode, Value) {
    let mut request = server
        .request(reqwest::Method::POST, &format!("/api/v1/hooks/{hook}"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    server.send(request).await
}

fn github(body: &str, delivery: &str, secret: &str) -> Vec<(&'static str, String)> {
    vec![
        ("x-github-event", "push".to_owned()),
        ("x-github-delivery", delivery.to_owned()),
        (
            "x-hub-signature-256",
            sign(secret.as_bytes(), body.as_bytes()),
        ),
    ]
}

#[tokio::test]
async fn a_signed_push_runs_its_task_and_wrong_or_replayed_deliveries_are_refused() {
    // A repository whose remote gets a new commit, and the container the deploy restarts.
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let (roots, remote) = (base.join("repos"), base.join("remote.git"));
    std::fs::create_dir_all(&roots).unwrap();
    git(&base, &["init", "--bare", remote.to_str().unwrap()]);
    git(&roots, &["clone", remote.to_str().unwrap(), "app"]);
    let app = roots.join("app");
    std::fs::write(app.join("version"), "1\n").unwrap();
    git(&app, &["add", "."]);
    git(&app, &["commit", "-m", "one"]);
    git(&app, &["push", "origin", "main"]);
    git(&base, &["clone", remote.to_str().unwrap(), "upstream"]);
    let upstream = base.join("upstream");
    std::fs::write(upstream.join("version"), "2\n").unwrap();
    git(&upstream, &["add", "."]);
    git(&upstream, &["commit", "-m", "two"]);
    git(&upstream, &["push", "origin", "main"]);
    let web = Container::start("hook");
    let owner = format!("deployer-{}", uid());
    // The deployer may pull this repository and restart this container without a human.
    let policy = policy_dir(
        "deploy.toml",
        &format!(
            "version = 1\n\n[[grant]]\nid = \"deployer-deploys\"\nactors = [\"user:{owner}\"]\ntools = [\"git_pull\", \"docker_restart\"]\narguments = {{ repo = [\"{repo}\"] }}\nlevel = \"low\"\njustification = \"The deploy hook pulls the app.\"\nmatch = [{{ repo = \"{repo}\" }}]\n\n[[grant]]\nid = \"deployer-restarts-web\"\nactors = [\"user:{owner}\"]\ntools = [\"docker_restart\"]\narguments = {{ container = [\"{web}\"] }}\nlevel = \"low\"\njustification = \"The deploy hook restarts the app's container.\"\nmatch = [{{ container = \"{web}\" }}]\n",
            repo = app.display(),
            web = web.0
        ),
    );
    let (policy_path, repo, container, task_owner) = (
        policy.path().to_path_buf(),
        app.display().to_string(),
        web.0.clone(),
        owner.clone(),
    );
    let server = TestServer::builder()
        .configure(move |c| {
            c.guard.policy_dir = Some(policy_path);
            c.tools.git_roots = vec![roots];
            c.automation.tasks = vec![TaskSpec {
                name: "deploy".to_owned(),
                schedule: None,
                owner: task_owner,
                action: TaskAction::Tools(vec![
                    ToolStep {
                        tool: "git_pull".to_owned(),
                        args: json!({"repo": repo}),
                    },
                    ToolStep {
                        tool: "docker_restart".to_owned(),
                        args: json!({"container": container, "timeout_secs": 1}),
                    },
                ]),
            }];
            c.automation.hooks = vec![HookConfig {
                name: "github-push".to_owned(),
                secret: Secret::new(SECRET),
                task: "deploy".to_owned(),
                when: vec![("/ref".to_owned(), "refs/heads/main".to_owned())],
            }];
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    server
        .create_user(&admin, &owner, &["read", "execute"])
        .await;
    let before = (head(&app), web.started_at());

    let push = json!({"ref": "refs/heads/main", "after": head(&upstream), "repository": {"full_name": "acme/app"}}).to_string();
    let delivery = format!("gh-{}", uid());
    let (status, receipt) = deliver(
        &server,
        "github-push",
        &push,
        &github(&push, &delivery, SECRET),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{receipt}");
    assert_eq!(
        (
            receipt["outcome"].clone(),
            receipt["task"].clone(),
            receipt["delivery"].clone()
        ),
        (json!("accepted"), json!("deploy"), json!(delivery))
    );
    let task = task_until(&server, &admin, "deploy", |t| {
        t["runs"][0]["outcome"] != json!("running") && t["runs"].as_array().unwrap().len() == 1
    })
    .await;
    let run = &task["runs"][0];
    assert_eq!(
        (run["outcome"].clone(), run["trigger"].clone()),
        (json!("done"), json!("hook:github-push")),
        "{run}"
    );
    assert_eq!(
        head(&app),
        head(&upstream),
        "git_pull fast-forwarded the clone"
    );
    assert_ne!(
        web.started_at(),
        before.1,
        "docker_restart restarted the container"
    );

    // The same delivery again: a replay, refused, and nothing runs.
    let (status, body) = deliver(
        &server,
        "github-push",
        &push,
        &github(&push, &delivery, SECRET),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "conflict"),
        "{body}"
    );
    // A wrong secret, a changed body, an unknown hook, no signature: one answer, nothing runs.
    let wrong = [
        deliver(
            &server,
            "github-push",
            &push,
            &github(&push, &format!("gh-{}", uid()), "another-secret-entirely"),
        )
        .await,
        deliver(
            &server,
            "github-push",
            &push.replace("acme", "evil"),
            &github(&push, &format!("gh-{}", uid()), SECRET),
        )
        .await,
        deliver(
            &server,
            "no-such-hook",
            &push,
            &github(&push, &format!("gh-{}", uid()), SECRET),
        )
        .await,
        deliver(
            &server,
            "github-push",
            &push,
            &[("x-github-delivery", format!("gh-{}", uid()))],
        )
        .await,
    ];
    for (status, body) in &wrong {
        assert_eq!(
            (*status, body.clone()),
            (
                StatusCode::UNAUTHORIZED,
                json!({"error": {"code": "invalid_credentials", "message": "the delivery's signature does not verify"}})
            )
        );
    }
    // Warden's own headers; a push to another branch is ignored.
    let dev = json!({"ref": "refs/heads/dev"}).to_string();
    let (status, receipt) = deliver(
        &server,
        "github-push",
        &dev,
        &[
            ("x-warden-delivery", format!("ci-{}", uid())),
            (
                "x-warden-signature",
                sign(SECRET.as_bytes(), dev.as_bytes()),
            ),
        ],
    )
    .await;
    assert_eq!(
        (status, receipt["outcome"].clone()),
        (StatusCode::OK, json!("ignored")),
        "{receipt}"
    );
    let (_, list) = server.get("/api/v1/tasks", &admin).await;
    assert_eq!(
        list["tasks"][0]["runs"].as_array().unwrap().len(),
        1,
        "{list}"
    );
    // Every delivery is in the audit log, with what came of it.
    let outcomes: Vec<String> = audit_of(&server, &admin, "hook:github-push")
        .await
        .iter()
        .map(|e| e["outcome"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        outcomes,
        vec![
            "accepted", "replayed", "refused", "refused", "refused", "ignored"
        ]
    );
    // The task's steps ran as the owner, under the grant.
    let pulls = audit_of(&server, &admin, "git_pull").await;
    let decision = pulls
        .iter()
        .find(|e| e["event"] == json!("decision"))
        .unwrap();
    assert_eq!(
        (decision["actor"].clone(), decision["risk"].clone()),
        (json!(format!("user:{owner}")), json!("low"))
    );
    assert!(
        decision["detail"]
            .as_str()
            .unwrap()
            .starts_with("deployer-deploys"),
        "{decision}"
    );
}
