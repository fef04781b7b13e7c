use std::sync::Arc;
use std::time::Duration;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};
use warden_tool_files::Confinement;

use crate::repo::{Repo, plain_argument};

const LOCAL: Duration = Duration::from_secs(30);
const NETWORK: Duration = Duration::from_secs(120);

fn finish(output: warden_tool_system::CommandOutput, data: serde_json::Value) -> ToolOutput {
    let cut = output.stdout_truncated;
    if output.exit_code == Some(0) {
        ToolOutput::new(
            if output.stdout.is_empty() {
                "(nothing)".to_owned()
            } else {
                output.stdout
            },
            data,
        )
        .cut(cut)
    } else {
        ToolOutput::failed(output.render(), data)
    }
}

/// Arguments naming only a repository.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepoArgs {
    /// The repository (or a directory inside it) under the configured git roots.
    pub repo: String,
}

pub struct GitStatus(pub Arc<Confinement>);

impl TypedTool for GitStatus {
    type Args = RepoArgs;
    const NAME: &'static str = "git_status";
    const DESCRIPTION: &'static str =
        "Branch, upstream, ahead/behind counts and changed files of a repository.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    // git runs on the host: a medium call waits for a human rather than claim a sandbox.
    const SANDBOXABLE: bool = false;
    const HOST_PROGRAMS: bool = true;

    async fn run(&self, args: RepoArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let repo = Repo::open(&self.0, &args.repo, &context.host).await?;
        let output = repo
            .git(
                &[
                    "status",
                    "--porcelain=v1",
                    "--branch",
                    "--untracked-files=normal",
                ],
                LOCAL,
            )
            .await?;
        let mut lines = output.stdout.lines();
        let branch = lines
            .next()
            .and_then(|l| l.strip_prefix("## "))
            .unwrap_or("")
            .to_owned();
        let changes: Vec<serde_json::Value> = lines
            .map(|l| {
                let (code, path) = l.split_at(l.len().min(3));
                json!({"status": code.trim(), "path": path})
            })
            .collect();
        let data = json!({"repo": repo.root.display().to_string(), "branch": branch, "changes": changes, "clean": changes.is_empty()});
        Ok(finish(output, data))
    }
}

pub struct GitLog(pub Arc<Confinement>);

/// Arguments of `git_log`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogArgs {
    /// The repository.
    pub repo: String,
    /// Most commits to return (default 20, at most 200).
    pub limit: Option<u32>,
    /// Only commits touching this path (relative to the repository).
    pub path: Option<String>,
}

impl TypedTool for GitLog {
    type Args = LogArgs;
    const NAME: &'static str = "git_log";
    const DESCRIPTION: &'static str =
        "Recent commits of the current branch: hash, author, date and subject, newest first.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    // git runs on the host: a medium call waits for a human rather than claim a sandbox.
    const SANDBOXABLE: bool = false;
    const HOST_PROGRAMS: bool = true;

    async fn run(&self, args: LogArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let limit = args.limit.unwrap_or(20);
        if limit == 0 || limit > 200 {
            return Err(ToolError::InvalidArguments(
                "limit must be between 1 and 200".to_owned(),
            ));
        }
        if let Some(path) = &args.path {
            plain_argument("path", path)?;
        }
        let repo = Repo::open(&self.0, &args.repo, &context.host).await?;
        let count = format!("-n{limit}");
        let mut argv = vec!["log", &count, "--format=%H%x1f%an%x1f%aI%x1f%s"];
        if let Some(path) = &args.path {
            argv.extend(["--", path]);
        }
        let output = repo.git(&argv, LOCAL).await?;
        let commits: Vec<serde_json::Value> = output
            .stdout
            .lines()
            .filter_map(|l| {
                let parts: Vec<&str> = l.split('\u{1f}').collect();
                match parts.as_slice() {
                    [hash, author, date, subject] => Some(
                        json!({"hash": hash, "author": author, "date": date, "subject": subject}),
                    ),
                    _ => None,
                }
            })
            .collect();
        let text: String = commits
            .iter()
            .map(|c| {
                format!(
                    "{} {} {} {}\n",
                    &c["hash"].as_str().unwrap_or("")
                        [..c["hash"].as_str().map_or(0, |h| h.len().min(10))],
                    c["date"].as_str().unwrap_or(""),
                    c["author"].as_str().unwrap_or(""),
                    c["subject"].as_str().unwrap_or("")
                )
            })
            .collect();
        let ok = output.exit_code == Some(0);
        let data = json!({"repo": repo.root.display().to_string(), "commits": commits});
        Ok(if ok {
            ToolOutput::new(text, data)
        } else {
            ToolOutput::failed(output.render(), data)
        })
    }
}

pub struct GitDiff(pub Arc<Confinement>);

/// Arguments of `git_diff`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffArgs {
    /// The repository.
    pub repo: String,
    /// Compare the staged changes instead of the working tree.
    #[serde(default)]
    pub staged: bool,
    /// Compare against this commit or ref instead (e.g. `HEAD~3`, `origin/main`).
    pub commit: Option<String>,
    /// Only this path.
    pub path: Option<String>,
}

impl TypedTool for GitDiff {
    type Args = DiffArgs;
    const NAME: &'static str = "git_diff";
    const DESCRIPTION: &'static str = "Unified diff of a repository's working tree (or staged changes, or against a commit), optionally for one path.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    // git runs on the host: a medium call waits for a human rather than claim a sandbox.
    const SANDBOXABLE: bool = false;
    const HOST_PROGRAMS: bool = true;

    async fn run(&self, args: DiffArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        if let Some(commit) = &args.commit {
            plain_argument("commit", commit)?;
        }
        if let Some(path) = &args.path {
            plain_argument("path", path)?;
        }
        let repo = Repo::open(&self.0, &args.repo, &context.host).await?;
        let mut argv = vec![
            "diff",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color",
            "--stat",
            "--patch",
        ];
        if args.staged {
            argv.push("--cached");
        }
        if let Some(commit) = &args.commit {
            argv.push(commit);
        }
        argv.push("--");
        if let Some(path) = &args.path {
            argv.push(path);
        }
        let output = repo.git(&argv, LOCAL).await?;
        let data = json!({"repo": repo.root.display().to_string(), "staged": args.staged, "commit": args.commit});
        Ok(finish(output, data))
    }
}

pub struct GitBranch(pub Arc<Confinement>);

impl TypedTool for GitBranch {
    type Args = RepoArgs;
    const NAME: &'static str = "git_branch";
    const DESCRIPTION: &'static str =
        "Local branches of a repository with their upstreams; marks the current one.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    // git runs on the host: a medium call waits for a human rather than claim a sandbox.
    const SANDBOXABLE: bool = false;
    const HOST_PROGRAMS: bool = true;

    async fn run(&self, args: RepoArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let repo = Repo::open(&self.0, &args.repo, &context.host).await?;
        let output = repo
            .git(
                &[
                    "branch",
                    "--list",
                    "--format=%(HEAD)%1f%(refname:short)%1f%(upstream:short)",
                ],
                LOCAL,
            )
            .await?;
        let branches: Vec<serde_json::Value> = output
            .stdout
            .lines()
            .filter_map(|l| {
                let parts: Vec<&str> = l.split('\u{1f}').collect();
                match parts.as_slice() {
                    [head, name, upstream] => Some(json!({"name": name, "current": *head == "*", "upstream": if upstream.is_empty() { None } else { Some(upstream) }})),
                    _ => None,
                }
            })
            .collect();
        let text: String = branches
            .iter()
            .map(|b| {
                format!(
                    "{} {}{}\n",
                    if b["current"] == json!(true) {
                        "*"
                    } else {
                        " "
                    },
                    b["name"].as_str().unwrap_or(""),
                    b["upstream"]
                        .as_str()
                        .map(|u| format!(" -> {u}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        let data = json!({"repo": repo.root.display().to_string(), "branches": branches});
        Ok(if output.exit_code == Some(0) {
            ToolOutput::new(text, data)
        } else {
            ToolOutput::failed(output.render(), data)
        })
    }
}

pub struct GitPull(pub Arc<Confinement>);

impl TypedTool for GitPull {
    type Args = RepoArgs;
    const NAME: &'static str = "git_pull";
    const DESCRIPTION: &'static str = "Fetch and fast-forward the current branch to its upstream. Never merges or rebases: a diverged branch is reported, not changed.";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Mutating;
    // It needs the network and changes the working tree on the host.
    const SANDBOXABLE: bool = false;
    const HOST_PROGRAMS: bool = true;
    const TIMEOUT: Duration = Duration::from_secs(130);

    async fn run(&self, args: RepoArgs, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let repo = Repo::open(&self.0, &args.repo, &context.host).await?;
        let before = repo
            .git(&["rev-parse", "HEAD"], LOCAL)
            .await?
            .stdout
            .trim()
            .to_owned();
        let output = repo
            .git(&["pull", "--ff-only", "--no-rebase", "--no-edit"], NETWORK)
            .await?;
        let after = repo
            .git(&["rev-parse", "HEAD"], LOCAL)
            .await?
            .stdout
            .trim()
            .to_owned();
        let data = json!({
            "repo": repo.root.display().to_string(),
            "before": before,
            "after": after,
            "updated": before != after,
            "exit_code": output.exit_code,
        });
        Ok(if output.exit_code == Some(0) {
            let text = if before == after {
                "already up to date".to_owned()
            } else {
                format!(
                    "fast-forwarded {before:.10}..{after:.10}\n{}",
                    output.stdout
                )
            };
            ToolOutput::new(text, data)
        } else {
            ToolOutput::failed(
                format!(
                    "not fast-forwarded (the branch may have diverged):\n{}",
                    output.render()
                ),
                data,
            )
        })
    }
}
