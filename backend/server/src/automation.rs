//! Building automation from configuration: the tasks (their tools checked against the
//! registry), the chat service as the runner of prompt tasks (a chat run of the owner's, started
//! the way `POST /api/v1/chat` starts one), and the scheduler.

use std::sync::Arc;

use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;
use warden_core::automation::{Automation, Owner, PromptOutcome, PromptRunner, TaskAction};
use warden_protocol::auth::AuthMethod;
use warden_protocol::chat::{ChatRequest, RunEvent};
use warden_store::Store;
use warden_tool_api::Registry;

use warden_core::runs::{Caller, RunService, follow};

use crate::config::Config;
use crate::http::ApiError;

/// A task naming a tool that does not exist.
pub fn check_tools(config: &Config, registry: &Registry) -> Result<(), String> {
    for task in &config.automation.tasks {
        if let TaskAction::Tools(steps) = &task.action
            && let Some(step) = steps.iter().find(|s| registry.get(&s.tool).is_none())
        {
            return Err(format!(
                "task.{}: there is no tool named '{}'",
                task.name, step.tool
            ));
        }
    }
    Ok(())
}

/// Says at start-up which hooks have a secret short enough to guess.
pub fn warn_short_secrets(config: &Config) {
    for hook in &config.automation.hooks {
        if hook.secret.expose().chars().count() < crate::config::SHORT_SECRET_CHARS {
            tracing::warn!(
                hook = %hook.name,
                "hook.{}.secret is shorter than {} characters: one signed delivery is enough to try guessing it offline; use a long random secret",
                hook.name,
                crate::config::SHORT_SECRET_CHARS
            );
        }
    }
}

pub fn build(
    config: &Config,
    guard: Arc<warden_core::Guard>,
    store: Store,
    chat: &Arc<RunService>,
    cancel: CancellationToken,
) -> Arc<Automation> {
    let prompts = chat.has_models().then(|| prompt_runner(Arc::clone(chat)));
    Arc::new(Automation::new(
        config.automation.tasks.clone(),
        guard,
        store,
        prompts,
        cancel,
    ))
}

fn prompt_runner(chat: Arc<RunService>) -> PromptRunner {
    Arc::new(move |owner: Owner, prompt: String| {
        let chat = Arc::clone(&chat);
        Box::pin(run_prompt(chat, owner, prompt))
    })
}

/// A chat run of the owner's, followed to its end.
async fn run_prompt(chat: Arc<RunService>, owner: Owner, prompt: String) -> PromptOutcome {
    let caller = Caller {
        user_id: owner.user_id.clone(),
        username: owner.username,
        scopes: owner.scopes,
        method: AuthMethod::Session,
        api_key_id: None,
        api_key_name: None,
        started_by: owner.started_by,
    };
    let request = ChatRequest {
        message: prompt,
        conversation_id: None,
        model: None,
    };
    let started = match chat.start_task(&caller, request).await {
        Ok(started) => started,
        Err(error) => {
            return PromptOutcome {
                ok: false,
                summary: format!(
                    "the chat run could not start: {}",
                    ApiError::from(error).message()
                ),
            };
        }
    };
    let run_id = started.run_id.clone();
    let events = follow(chat, owner.user_id, run_id.clone(), 0, Some(started.events));
    let last = events
        .filter_map(|e| async move { e.ok() })
        .collect::<Vec<_>>()
        .await
        .pop();
    match last.map(|e| e.event) {
        Some(RunEvent::Complete { answer, .. }) => PromptOutcome {
            ok: true,
            summary: format!("chat run {run_id}: {answer}"),
        },
        Some(RunEvent::Error { code, message }) => PromptOutcome {
            ok: false,
            summary: format!("chat run {run_id} failed ({code}): {message}"),
        },
        Some(RunEvent::Cancelled {}) => PromptOutcome {
            ok: false,
            summary: format!("chat run {run_id} was cancelled"),
        },
        Some(
            RunEvent::RunStarted { .. }
            | RunEvent::MemoriesRecalled { .. }
            | RunEvent::Thinking { .. }
            | RunEvent::ToolCall { .. }
            | RunEvent::ToolResult { .. }
            | RunEvent::ApprovalRequired(_)
            | RunEvent::ApprovalResolved(_)
            | RunEvent::AnswerDelta { .. },
        )
        | None => PromptOutcome {
            ok: false,
            summary: format!("chat run {run_id} ended without an answer"),
        },
    }
}
