//! Tasks: a short cron schedule fires, a run on demand, each run as its owner through the guard,
//! with the owner's scopes, listed with its outcome and audited.

use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use serde_json::{Value, json};
use warden_core::automation::{Schedule, TaskAction, TaskSpec, ToolStep};
use warden_protocol::clock::TestClock;
use warden_test_support::{Reply, ScriptedLlm, TestServer, error_code, scripted_model};

use super::{Container, audit_of, task_until, uid};

fn tool_task(name: &str, schedule: Option<&str>, owner: &str, tool: &str, args: Value) -> TaskSpec {
    TaskSpec {
        name: name.to_owned(),
        schedule: schedule.map(|s| Schedule::parse(s).unwrap()),
        owner: owner.to_owned(),
        action: TaskAction::Tools(vec![ToolStep {
            tool: tool.to_owned(),
            args,
        }]),
    }
}

fn outcomes(task: &Value) -> Vec<(String, String)> {
    task["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["trigger"].as_str().unwrap().to_owned(),
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_task_on_a_short_cron_schedule_runs_as_its_owner_and_is_listed_and_audited() {
    let owner = format!("ops-{}", uid());
    let task_owner = owner.clone();
    let server = TestServer::builder()
        .configure(move |c| {
            // Every two seconds (six fields, seconds first).
            c.automation.tasks = vec![tool_task(
                "disk-report",
                Some("*/2 * * * * *"),
                &task_owner,
                "disk_usage",
                json!({"path": "/"}),
            )];
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    server.create_user(&admin, &owner, &["read"]).await;
    let task = task_until(&server, &admin, "disk-report", |t| {
        outcomes(t)
            .iter()
            .filter(|(trigger, outcome)| trigger == "schedule" && outcome == "done")
            .count()
            >= 2
    })
    .await;
    assert_eq!(
        (
            task["schedule"].clone(),
            task["owner"].clone(),
            task["kind"].clone()
        ),
        (json!("*/2 * * * * *"), json!(owner), json!("tool"))
    );
    assert!(task["next_at"].as_i64().unwrap() >= task["runs"][0]["at"].as_i64().unwrap());
    let done = task["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["outcome"] == json!("done"))
        .unwrap();
    assert!(
        done["detail"]
            .as_str()
            .unwrap()
            .starts_with("disk_usage {\"path\":\"/\"}: done"),
        "{done}"
    );
    // The tool call went through the guard as the owner; the run is in the log too.
    let calls = audit_of(&server, &admin, "disk_usage").await;
    assert!(
        calls
            .iter()
            .any(|e| e["actor"] == json!(format!("user:{owner}"))
                && e["event"] == json!("execution")),
        "{calls:?}"
    );
    let runs = audit_of(&server, &admin, "task:disk-report").await;
    assert!(
        runs.iter().any(|e| e["actor"] == json!("schedule")
            && e["event"] == json!("task_run")
            && e["outcome"] == json!("done")),
        "{runs:?}"
    );
}

#[tokio::test]
async fn a_nightly_task_fires_when_the_servers_clock_reaches_its_time() {
    // The scheduler runs by the server's clock: moved past the task's time, a daily task is due
    // and starts within a second or two, without waiting for the real night.
    let time = TestClock::new();
    let clock = time.clock();
    let owner = format!("ops-{}", uid());
    let task_owner = owner.clone();
    let server = TestServer::builder()
        .configure(move |c| {
            c.clock = clock;
            c.automation.tasks = vec![tool_task(
                "nightly-disk",
                Some("0 7 * * *"),
                &task_owner,
                "disk_usage",
                json!({"path": "/"}),
            )];
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    server.create_user(&admin, &owner, &["read"]).await;
    let (_, list) = server.get("/api/v1/tasks", &admin).await;
    let first_due = list["tasks"][0]["next_at"].as_i64().unwrap();
    assert!(first_due > time.clock().now(), "{list}");
    assert!(
        outcomes(&list["tasks"][0]).is_empty(),
        "nothing ran yet: {list}"
    );
    // Just past the task's time (a fixed day could pass two 07:00s when the test starts in the
    // minute before one).
    let ahead = u64::try_from(first_due - time.clock().now() + 60).unwrap();
    time.advance(std::time::Duration::from_secs(ahead));
    // Up to a day later the first access token may have expired: log in again.
    let admin = server.admin_token().await;
    let task = task_until(&server, &admin, "nightly-disk", |t| {
        outcomes(t)
            .iter()
            .any(|(trigger, outcome)| trigger == "schedule" && outcome == "done")
    })
    .await;
    assert_eq!(
        outcomes(&task)
            .iter()
            .filter(|(trigger, _)| trigger == "schedule")
            .count(),
        1,
        "one missed night is one run, not a catch-up: {task}"
    );
    let next = task["next_at"].as_i64().unwrap();
    assert!(next > time.clock().now(), "the next night is ahead: {task}");
    assert_eq!(next - first_due, 24 * 3600, "the next 07:00: {task}");
}

#[tokio::test]
async fn a_task_runs_on_demand_with_its_owners_scopes_and_approvals() {
    let web = Container::start("task");
    let (operator, reader) = (format!("op-{}", uid()), format!("rd-{}", uid()));
    let (op, rd, name) = (operator.clone(), reader.clone(), web.0.clone());
    let server = TestServer::builder()
        .configure(move |c| {
            c.automation.tasks = vec![
                tool_task(
                    "restart-web",
                    None,
                    &op,
                    "docker_restart",
                    json!({"container": name, "timeout_secs": 1}),
                ),
                tool_task(
                    "reader-restart",
                    None,
                    &rd,
                    "docker_restart",
                    json!({"container": name}),
                ),
                tool_task(
                    "ghost",
                    None,
                    "nobody-by-this-name",
                    "system_info",
                    json!({}),
                ),
            ];
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    server
        .create_user(&admin, &operator, &["read", "execute"])
        .await;
    server.create_user(&admin, &reader, &["read"]).await;
    let before = web.started_at();
    // The owner's restart is high risk: the run waits for a human, and says for which approval.
    let op_token = server
        .login(&operator, warden_test_support::USER_PASSWORD)
        .await
        .access_token;
    let started = run_async(&server, &op_token, "restart-web").await;
    let waiting = task_until(&server, &admin, "restart-web", |t| {
        t["runs"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("docker_restart waits for approval "))
    })
    .await;
    assert_eq!(waiting["runs"][0]["id"], started["id"]);
    let approval = waiting["runs"][0]["detail"]
        .as_str()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_owned();
    let (_, pending) = server
        .get(&format!("/api/v1/approvals/{approval}"), &admin)
        .await;
    assert_eq!(
        (pending["tool"].clone(), pending["requested_by"].clone()),
        (json!("docker_restart"), json!(format!("user:{operator}")))
    );
    let (status, _) = server
        .post(
            &format!("/api/v1/approvals/{approval}/approve"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let done = task_until(&server, &admin, "restart-web", |t| {
        t["runs"][0]["outcome"] == json!("done")
    })
    .await;
    assert_eq!(outcomes(&done)[0].0, format!("manual:user:{operator}"));
    assert_ne!(web.started_at(), before, "the container was restarted");

    // A task runs with its owner's scopes: this owner holds only `read`, so the guard refuses.
    let (status, run) = server
        .post_empty("/api/v1/tasks/reader-restart/run", &admin)
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    assert_eq!(run["outcome"], json!("refused"), "{run}");
    assert!(
        run["detail"].as_str().unwrap().contains("'execute' scope"),
        "{run}"
    );
    // An owner that does not exist runs nothing.
    let (_, ghost) = server.post_empty("/api/v1/tasks/ghost/run", &admin).await;
    assert_eq!(
        (ghost["outcome"].clone(), ghost["detail"].clone()),
        (
            json!("failed"),
            json!("the owner 'nobody-by-this-name' does not exist or is disabled")
        )
    );
    // Only the owner or an administrator starts a task; unknown tasks are 404.
    let (status, body) = server
        .post_empty("/api/v1/tasks/reader-restart/run", &op_token)
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let (status, body) = server.post_empty("/api/v1/tasks/nope/run", &admin).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
}

/// Starts a run that will wait (202) and answers its record.
async fn run_async(server: &TestServer, token: &str, task: &str) -> Value {
    let (status, run) = server
        .post_empty(&format!("/api/v1/tasks/{task}/run"), token)
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{run}");
    assert_eq!(run["outcome"], json!("running"));
    run
}

#[tokio::test]
async fn a_prompt_task_is_a_chat_run_of_its_owner() {
    let llm = ScriptedLlm::start().await;
    let model = scripted_model("local", &llm, false);
    let server = TestServer::builder()
        .configure(move |c| {
            c.llm.models = vec![model];
            c.automation.tasks = vec![TaskSpec {
                name: "morning-check".to_owned(),
                schedule: Some(Schedule::parse("0 7 * * *").unwrap()),
                owner: "admin".to_owned(),
                action: TaskAction::Prompt("Is anything wrong on this host?".to_owned()),
            }];
        })
        .start()
        .await;
    let admin = server.admin_token().await;
    llm.push(Reply::ToolCalls(vec![(
        "system_info".to_owned(),
        json!({}),
    )]));
    llm.push(Reply::Text("All quiet.".to_owned()));
    let (status, run) = server
        .post_empty("/api/v1/tasks/morning-check/run", &admin)
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    assert_eq!(run["outcome"], json!("done"), "{run}");
    assert!(
        run["detail"].as_str().unwrap().ends_with(": All quiet."),
        "{run}"
    );
    assert!(
        llm.requests()[0]
            .body
            .to_string()
            .contains("Is anything wrong on this host?")
    );
    // The chat run is the owner's: it is in their conversations.
    let (_, conversations) = server.get("/api/v1/conversations", &admin).await;
    assert!(
        conversations
            .to_string()
            .contains("Is anything wrong on this host?"),
        "{conversations}"
    );
}
