//! Automation's REST shapes: tasks with their recent runs, a run started on demand, and what a
//! webhook delivery came to.

use serde::{Deserialize, Serialize};

use crate::values::{HookOutcome, TaskKind, TaskOutcome};

/// One run of a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskRun {
    pub id: String,
    /// When it started (Unix seconds).
    pub at: i64,
    /// `running`, `done`, `failed`, `refused` (the policy or the owner's scopes said no),
    /// `denied` (an approval was denied or expired), `skipped` (a run was in flight) or
    /// `interrupted` (the server stopped).
    pub outcome: TaskOutcome,
    /// `schedule`, `manual:ACTOR` or `hook:NAME`. A string, not an enum: it carries who asked
    /// or which hook delivered.
    pub trigger: String,
    /// What each step did, or why the run ended so.
    pub detail: String,
    pub finished_at: Option<i64>,
}

/// A `[[task]]` and its latest runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    pub name: String,
    /// The cron schedule (five fields, or six with seconds first; UTC), or null for a task
    /// that runs only on demand and from hooks.
    pub schedule: Option<String>,
    /// The user it runs as.
    pub owner: String,
    /// `tool` (one call), `steps` (calls in order) or `prompt`.
    pub kind: TaskKind,
    /// The tools it calls, in order (none for a prompt).
    pub tools: Vec<String>,
    /// When the schedule runs it next (Unix seconds).
    pub next_at: Option<i64>,
    /// The latest runs, newest first (at most 10).
    pub runs: Vec<TaskRun>,
}

/// `GET /api/v1/tasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskList {
    pub tasks: Vec<Task>,
}

/// `POST /api/v1/hooks/{name}`: what the delivery came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HookReceipt {
    pub hook: String,
    pub delivery: String,
    /// `accepted` (the task's run started), `ignored` (the body does not meet the hook's `when`
    /// conditions) or `pong` (GitHub's ping).
    pub outcome: HookOutcome,
    pub task: Option<String>,
    pub run: Option<TaskRun>,
}
