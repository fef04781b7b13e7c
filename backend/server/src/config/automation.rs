//! `[[task]]` and `[[hook]]` in `warden.toml`: scheduled and triggered tasks, and the webhooks
//! that trigger them. Every error names the task or hook and the key.

use serde::Deserialize;
use warden_core::automation::{Schedule, TaskAction, TaskSpec, ToolStep};

use super::{ConfigError, Secret};

/// Tasks and hooks.
#[derive(Debug, Clone, Default)]
pub struct AutomationConfig {
    pub tasks: Vec<TaskSpec>,
    pub hooks: Vec<HookConfig>,
}

/// A `[[hook]]`: `POST /api/v1/hooks/NAME` signed with `secret` runs `task` (when the JSON
/// body holds every `when` condition: JSON pointer and value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookConfig {
    pub name: String,
    pub secret: Secret,
    pub task: String,
    pub when: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileTask {
    name: String,
    schedule: Option<String>,
    owner: String,
    tool: Option<String>,
    args: Option<toml::Table>,
    steps: Option<Vec<FileStep>>,
    prompt: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileStep {
    tool: String,
    #[serde(default)]
    args: toml::Table,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileHook {
    name: String,
    secret: String,
    task: String,
    #[serde(default)]
    when: std::collections::BTreeMap<String, String>,
}

/// Shortest hook secret accepted.
const MIN_SECRET_CHARS: usize = 16;
/// Longest prompt accepted (as a chat message).
const MAX_PROMPT_CHARS: usize = 32_000;
/// Most steps in one task.
const MAX_STEPS: usize = 20;

/// Task and hook names: they appear in URLs.
fn plain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

fn table_json(table: toml::Table) -> serde_json::Value {
    serde_json::to_value(table).unwrap_or_else(|_| serde_json::json!({}))
}

pub(super) fn tasks(file: Vec<FileTask>) -> Result<Vec<TaskSpec>, ConfigError> {
    let mut seen = std::collections::BTreeSet::new();
    file.into_iter()
        .map(|t| {
            if !plain(&t.name) {
                return Err(ConfigError::new(
                    "task",
                    format!(
                        "task name '{}' must be 1 to 64 letters, digits, '.', '_' or '-'",
                        t.name
                    ),
                ));
            }
            let key = format!("task.{}", t.name);
            if !seen.insert(t.name.clone()) {
                return Err(ConfigError::new(key, "is configured twice"));
            }
            if t.owner.trim().is_empty() {
                return Err(ConfigError::new(
                    format!("{key}.owner"),
                    "must name the user the task runs as",
                ));
            }
            let schedule = t
                .schedule
                .as_deref()
                .map(Schedule::parse)
                .transpose()
                .map_err(|m| ConfigError::new(format!("{key}.schedule"), m))?;
            let action = match (t.tool, t.steps, t.prompt) {
                (Some(tool), None, None) => TaskAction::Tools(vec![ToolStep {
                    tool,
                    args: table_json(t.args.unwrap_or_default()),
                }]),
                (None, Some(steps), None) if t.args.is_none() => {
                    if steps.is_empty() || steps.len() > MAX_STEPS {
                        return Err(ConfigError::new(
                            format!("{key}.steps"),
                            format!("must hold 1 to {MAX_STEPS} steps"),
                        ));
                    }
                    TaskAction::Tools(
                        steps
                            .into_iter()
                            .map(|s| ToolStep {
                                tool: s.tool,
                                args: table_json(s.args),
                            })
                            .collect(),
                    )
                }
                (None, None, Some(prompt)) if t.args.is_none() => {
                    let length = prompt.trim().chars().count();
                    if length == 0 || length > MAX_PROMPT_CHARS {
                        return Err(ConfigError::new(
                            format!("{key}.prompt"),
                            format!("must be 1 to {MAX_PROMPT_CHARS} characters"),
                        ));
                    }
                    TaskAction::Prompt(prompt)
                }
                _ => {
                    return Err(ConfigError::new(
                        key,
                        "needs either `tool` (with `args`), `steps`, or `prompt`, and only one of them",
                    ));
                }
            };
            Ok(TaskSpec {
                name: t.name,
                schedule,
                owner: t.owner,
                action,
            })
        })
        .collect()
}

pub(super) fn hooks(
    file: Vec<FileHook>,
    tasks: &[TaskSpec],
) -> Result<Vec<HookConfig>, ConfigError> {
    let mut seen = std::collections::BTreeSet::new();
    file.into_iter()
        .map(|h| {
            if !plain(&h.name) {
                return Err(ConfigError::new(
                    "hook",
                    format!(
                        "hook name '{}' must be 1 to 64 letters, digits, '.', '_' or '-'",
                        h.name
                    ),
                ));
            }
            let key = format!("hook.{}", h.name);
            if !seen.insert(h.name.clone()) {
                return Err(ConfigError::new(key, "is configured twice"));
            }
            if h.secret.chars().count() < MIN_SECRET_CHARS {
                return Err(ConfigError::new(
                    format!("{key}.secret"),
                    format!("must be at least {MIN_SECRET_CHARS} characters"),
                ));
            }
            if !tasks.iter().any(|t| t.name == h.task) {
                return Err(ConfigError::new(
                    format!("{key}.task"),
                    format!("'{}' is not a [[task]]", h.task),
                ));
            }
            if let Some(bad) = h.when.keys().find(|p| !p.starts_with('/')) {
                return Err(ConfigError::new(
                    format!("{key}.when"),
                    format!("'{bad}' is not a JSON pointer (like \"/ref\")"),
                ));
            }
            Ok(HookConfig {
                name: h.name,
                secret: Secret::new(h.secret),
                task: h.task,
                when: h.when.into_iter().collect(),
            })
        })
        .collect()
}
