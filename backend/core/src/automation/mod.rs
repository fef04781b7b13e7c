//! Automation: tasks that run on a cron schedule, on demand, or when a signed webhook arrives,
//! each as its owner (a named user, with that user's current scopes) through the guard, each run
//! stored when it starts and when it ends, and audited. A task is one tool call, a few tool calls
//! in order, or a prompt for the model (a chat run of its owner's).

mod cron;
pub mod hooks;
mod runner;
mod scheduler;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use warden_protocol::ScopeSet;
use warden_store::Store;

pub use cron::Schedule;
pub use runner::RunError;
pub use scheduler::run as run_scheduler;

use crate::guard::Guard;

/// One tool call of a task.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolStep {
    pub tool: String,
    /// A JSON object.
    pub args: Value,
}

/// What a task does.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskAction {
    /// Tool calls, in order; a step that fails, is refused or is denied stops the run.
    Tools(Vec<ToolStep>),
    /// A prompt for the model: a chat run of the owner's.
    Prompt(String),
}

/// A `[[task]]`.
#[derive(Debug, Clone)]
pub struct TaskSpec {
    /// Letters, digits, `.`, `_` and `-`.
    pub name: String,
    /// When it runs by itself; None: only on demand and from hooks.
    pub schedule: Option<Schedule>,
    /// The user it runs as.
    pub owner: String,
    pub action: TaskAction,
}

/// The user a run acts as, read when it starts (a disabled owner runs nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub user_id: String,
    pub username: String,
    pub scopes: ScopeSet,
    /// The user who started this run on demand, when not the owner (an administrator): the
    /// four-eyes rule keeps them, like the owner, from approving its calls.
    pub started_by: Option<String>,
}

/// How a prompt run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptOutcome {
    pub ok: bool,
    /// The answer, or why there is none.
    pub summary: String,
}

/// Runs a prompt as a chat run of its owner's (the server's chat service).
pub type PromptRunner =
    Arc<dyn Fn(Owner, String) -> BoxFuture<'static, PromptOutcome> + Send + Sync>;

/// Why a run started: shown in its record and the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    Schedule,
    /// Someone asked through the API: their audit label (`user:NAME`, `api_key:ID`) and their
    /// user id (who set the run's calls in motion).
    Manual {
        by: String,
        user_id: String,
    },
    /// A webhook delivery: the hook and the delivery id, and the body (data for a prompt).
    Hook {
        hook: String,
        delivery: String,
        body: String,
    },
}

impl Trigger {
    pub fn label(&self) -> String {
        match self {
            Trigger::Schedule => "schedule".to_owned(),
            Trigger::Manual { by, .. } => format!("manual:{by}"),
            Trigger::Hook { hook, .. } => format!("hook:{hook}"),
        }
    }
}

/// The tasks, their runs, and the runs in flight.
pub struct Automation {
    tasks: Vec<TaskSpec>,
    guard: Arc<Guard>,
    store: Store,
    prompts: Option<PromptRunner>,
    /// Tasks with a run in flight: a task runs once at a time.
    running: Mutex<HashMap<String, String>>,
    runs: TaskTracker,
    cancel: CancellationToken,
}

impl Automation {
    pub fn new(
        tasks: Vec<TaskSpec>,
        guard: Arc<Guard>,
        store: Store,
        prompts: Option<PromptRunner>,
        cancel: CancellationToken,
    ) -> Self {
        Self {
            tasks,
            guard,
            store,
            prompts,
            running: Mutex::new(HashMap::new()),
            runs: TaskTracker::new(),
            cancel,
        }
    }

    pub fn tasks(&self) -> &[TaskSpec] {
        &self.tasks
    }

    pub fn task(&self, name: &str) -> Option<&TaskSpec> {
        self.tasks.iter().find(|t| t.name == name)
    }

    /// Waits for runs in flight to end (they are cancelled with the server).
    pub async fn shutdown(&self) {
        self.runs.close();
        self.runs.wait().await;
    }
}
