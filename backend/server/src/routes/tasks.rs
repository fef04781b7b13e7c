//! `/api/v1/tasks`: the `[[task]]`s with their latest runs, and a run on demand. A task runs as
//! its owner, so only its owner or an administrator may start it.

use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use warden_core::automation::{RunError, TaskAction, TaskSpec, Trigger};
use warden_protocol::automation::{Task, TaskList, TaskRun};
use warden_protocol::{Scope, TaskKind};
use warden_store::TaskRunRecord;

use crate::auth::Require;
use crate::auth::principal::scopes;
use crate::chat::tool_context;
use crate::http::{ApiError, ApiJson};
use crate::state::AppState;

/// Runs listed per task.
const RUNS_LISTED: i64 = 10;
/// How long a run on demand is waited for before the answer says it is still running.
const RUN_WAIT: Duration = Duration::from_secs(20);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tasks", get(list))
        .route("/tasks/{name}/run", post(run))
}

pub fn run_view(record: TaskRunRecord) -> TaskRun {
    TaskRun {
        id: record.id,
        at: record.started_at,
        outcome: record.outcome,
        trigger: record.trigger,
        detail: record.detail,
        finished_at: record.finished_at,
    }
}

/// `now`: Unix seconds by the server's clock, which the scheduler runs by too.
fn task_view(task: &TaskSpec, runs: Vec<TaskRunRecord>, now: i64) -> Task {
    let (kind, tools) = match &task.action {
        TaskAction::Tools(steps) if steps.len() == 1 => (
            TaskKind::Tool,
            steps.iter().map(|s| s.tool.clone()).collect(),
        ),
        TaskAction::Tools(steps) => (
            TaskKind::Steps,
            steps.iter().map(|s| s.tool.clone()).collect(),
        ),
        TaskAction::Prompt(_) => (TaskKind::Prompt, Vec::new()),
    };
    Task {
        name: task.name.clone(),
        schedule: task.schedule.as_ref().map(|s| s.text().to_owned()),
        owner: task.owner.clone(),
        kind,
        tools,
        next_at: task.schedule.as_ref().and_then(|s| s.next_after_unix(now)),
        runs: runs.into_iter().map(run_view).collect(),
    }
}

/// Every task with its latest runs (newest first).
#[utoipa::path(get, path = "/api/v1/tasks", tag = "automation",
    security(("bearer" = ["read"]), ("api_key" = ["read"])),
    responses((status = 200, body = TaskList)))]
pub async fn list(
    State(state): State<AppState>,
    Require(..): Require<scopes::Read>,
) -> Result<ApiJson<TaskList>, ApiError> {
    let mut tasks = Vec::new();
    for task in state.automation.tasks() {
        let runs = state.store.task_runs(&task.name, RUNS_LISTED).await?;
        tasks.push(task_view(task, runs, state.clock.now()));
    }
    Ok(ApiJson(TaskList { tasks }))
}

/// Runs a task now, as its owner, through the guard. Answers 200 with the run once it ends
/// (within 20 s), else 202 with the run still `running` (see `GET /api/v1/tasks`).
#[utoipa::path(post, path = "/api/v1/tasks/{name}/run", tag = "automation", params(("name" = String, Path)),
    security(("bearer" = ["execute"]), ("api_key" = ["execute"])),
    responses(
        (status = 200, body = TaskRun, description = "The run ended"),
        (status = 202, body = TaskRun, description = "The run goes on (a step waits for approval, or a long prompt)"),
        (status = 403, body = warden_protocol::ErrorBody, description = "Neither the task's owner nor an administrator"),
        (status = 404, body = warden_protocol::ErrorBody),
        (status = 409, body = warden_protocol::ErrorBody, description = "A run of this task is in flight"),
    ))]
pub async fn run(
    State(state): State<AppState>,
    Require(caller, ..): Require<scopes::Execute>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let task = state
        .automation
        .task(&name)
        .ok_or_else(|| ApiError::not_found("task"))?;
    if task.owner != caller.username && !caller.scopes.allows(Scope::Admin) {
        return Err(ApiError::forbidden(format!(
            "task '{name}' runs as '{}': only its owner or an administrator may start it",
            task.owner
        )));
    }
    let by = warden_core::guard::actor_label(&tool_context(&caller));
    let (started, finished) = state
        .automation
        .start(
            &name,
            Trigger::Manual {
                by,
                user_id: caller.user_id.clone(),
            },
        )
        .await
        .map_err(|e| match e {
            RunError::UnknownTask(_) => ApiError::not_found("task"),
            RunError::AlreadyRunning { .. } => ApiError::conflict(e.to_string()),
            RunError::Store(store) => ApiError::from(store),
        })?;
    match tokio::time::timeout(RUN_WAIT, finished).await {
        Ok(Ok(done)) => Ok(ApiJson(run_view(done)).into_response()),
        Ok(Err(_)) | Err(_) => {
            Ok((StatusCode::ACCEPTED, ApiJson(run_view(started))).into_response())
        }
    }
}
