use std::path::PathBuf;
use std::time::Duration;

use warden_tool_api::{HostAccess, ToolError};
use warden_tool_files::Confinement;
use warden_tool_system::{CommandOutput, run_argv};

/// Settings that stop a repository's configuration from running programs.
const SAFE_CONFIG: &[&str] = &[
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.pager=cat",
    "core.sshCommand=ssh",
    "credential.helper=",
    "color.ui=false",
];

/// A repository whose top level lies inside the roots, and how this call may start `git`.
pub struct Repo {
    pub root: PathBuf,
    host: HostAccess,
}

impl Repo {
    pub async fn open(
        confinement: &Confinement,
        raw: &str,
        host: &HostAccess,
    ) -> Result<Repo, ToolError> {
        let dir = confinement.existing(raw)?;
        if !dir.is_dir() {
            return Err(ToolError::InvalidArguments(format!(
                "'{raw}' is not a directory"
            )));
        }
        let probe = Repo {
            root: dir.clone(),
            host: host.clone(),
        };
        let top = probe
            .git(&["rev-parse", "--show-toplevel"], Duration::from_secs(10))
            .await?;
        if top.exit_code != Some(0) {
            return Err(ToolError::NotFound(format!(
                "'{raw}' is not inside a git repository"
            )));
        }
        // The repository must be inside the roots as a whole, not only the directory asked for.
        let top = confinement.existing(top.stdout.trim())?;
        Ok(Repo {
            root: top,
            host: host.clone(),
        })
    }

    /// Runs `git ARGS` in the repository with the safe settings.
    pub async fn git(&self, args: &[&str], timeout: Duration) -> Result<CommandOutput, ToolError> {
        let mut argv = vec!["git".to_owned()];
        for setting in SAFE_CONFIG {
            argv.push("-c".to_owned());
            argv.push((*setting).to_owned());
        }
        argv.push("-c".to_owned());
        argv.push(format!("safe.directory={}", self.root.display()));
        argv.push("-C".to_owned());
        argv.push(self.root.display().to_string());
        argv.extend(args.iter().map(|a| (*a).to_owned()));
        run_argv(&self.host, &argv, timeout).await
    }
}

/// A path or revision argument must not be taken for an option.
pub fn plain_argument(name: &str, value: &str) -> Result<(), ToolError> {
    if value.is_empty() || value.starts_with('-') || value.contains('\0') || value.len() > 1024 {
        return Err(ToolError::InvalidArguments(format!(
            "{name} '{value}' must be 1 to 1024 characters and must not start with '-'"
        )));
    }
    Ok(())
}
