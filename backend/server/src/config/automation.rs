//! `[[task]]` and `[[hook]]` in `warden.toml`: scheduled and triggered tasks, and the webhooks
//! that trigger them. Every error names the task or hook and the key.

use serde::Deserialize;
use warden_core::automation::{Schedule, TaskAction, TaskSpec, ToolStep};
use warden_protocol::text::fields;

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

/// Shorter hook secrets are accepted with a warning at start-up (one signed delivery lets an
/// attacker try to guess a short secret offline).
pub const SHORT_SECRET_CHARS: usize = 16;
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
                    fields::TASK_PROMPT.check(prompt.trim()).map_err(|refusal| {
                        ConfigError::new(format!("{key}.prompt"), refusal.problem())
                    })?;
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
            if h.secret.trim().is_empty() {
                return Err(ConfigError::new(
                    format!("{key}.secret"),
                    "must not be empty: deliveries are signed with it",
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use pretty_assertions::assert_eq;
    use warden_core::automation::TaskAction;

    use crate::config::Config;

    fn load(text: &str) -> Result<Config, String> {
        Config::from_sources(Some((Path::new("warden.toml"), text)), &BTreeMap::new())
            .map_err(|e| e.to_string())
    }

    const TASKS: &str = r#"
[[task]]
name = "nightly-prune"
schedule = "0 3 * * *"
owner = "ops"
tool = "docker_prune"
args = { what = "build_cache" }

[[task]]
name = "deploy"
owner = "deployer"
steps = [
  { tool = "git_pull", args = { repo = "/srv/app" } },
  { tool = "docker_restart", args = { container = "app" } },
]

[[task]]
name = "morning-check"
schedule = "0 0 7 * * 1-5"
owner = "ops"
prompt = "Is anything wrong on this host?"

[[hook]]
name = "github-push"
secret = "a-secret-of-twenty-chars"
task = "deploy"
when = { "/ref" = "refs/heads/main" }
"#;

    #[test]
    fn tasks_and_hooks_are_read() {
        let config = load(TASKS).unwrap_or_else(|e| panic!("{e}"));
        let tasks = &config.automation.tasks;
        assert_eq!(
            tasks
                .iter()
                .map(|t| (
                    t.name.as_str(),
                    t.schedule.as_ref().map(|s| s.text().to_owned()),
                    t.owner.as_str()
                ))
                .collect::<Vec<_>>(),
            vec![
                ("nightly-prune", Some("0 3 * * *".to_owned()), "ops"),
                ("deploy", None, "deployer"),
                ("morning-check", Some("0 0 7 * * 1-5".to_owned()), "ops"),
            ]
        );
        let TaskAction::Tools(steps) = &tasks[1].action else {
            panic!("steps expected");
        };
        assert_eq!(
            steps
                .iter()
                .map(|s| (s.tool.as_str(), s.args.clone()))
                .collect::<Vec<_>>(),
            vec![
                ("git_pull", serde_json::json!({"repo": "/srv/app"})),
                ("docker_restart", serde_json::json!({"container": "app"})),
            ]
        );
        let hook = &config.automation.hooks[0];
        assert_eq!(
            (hook.name.as_str(), hook.task.as_str(), hook.when.clone()),
            (
                "github-push",
                "deploy",
                vec![("/ref".to_owned(), "refs/heads/main".to_owned())]
            )
        );
        assert_eq!(format!("{:?}", hook.secret), "Secret(***)");
    }

    #[test]
    fn bad_tasks_and_hooks_are_named() {
        let one = |extra: &str| load(extra).err().unwrap_or_default();
        assert_eq!(
            one(
                "[[task]]\nname = \"x\"\nowner = \"ops\"\nschedule = \"* * *\"\ntool = \"system_info\"\n"
            ),
            "invalid configuration: task.x.schedule: '* * *' has 3 fields; a schedule has five (minute hour day month weekday) or six (seconds first)"
        );
        assert_eq!(
            one(
                "[[task]]\nname = \"x\"\nowner = \"ops\"\ntool = \"system_info\"\nprompt = \"hi\"\n"
            ),
            "invalid configuration: task.x: needs either `tool` (with `args`), `steps`, or `prompt`, and only one of them"
        );
        assert_eq!(
            one("[[task]]\nname = \"a b\"\nowner = \"ops\"\ntool = \"system_info\"\n"),
            "invalid configuration: task: task name 'a b' must be 1 to 64 letters, digits, '.', '_' or '-'"
        );
        assert_eq!(
            one(
                "[[task]]\nname = \"x\"\nowner = \"ops\"\ntool = \"system_info\"\n[[hook]]\nname = \"h\"\nsecret = \" \"\ntask = \"x\"\n"
            ),
            "invalid configuration: hook.h.secret: must not be empty: deliveries are signed with it"
        );
        assert_eq!(
            one("[[hook]]\nname = \"h\"\nsecret = \"sixteen-chars-or-more\"\ntask = \"missing\"\n"),
            "invalid configuration: hook.h.task: 'missing' is not a [[task]]"
        );
        assert!(
            one("[[task]]\nname = \"x\"\nowner = \"ops\"\ntool = \"system_info\"\nsurprise = 1\n")
                .contains("unknown field `surprise`")
        );
    }
}
