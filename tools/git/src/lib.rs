//! Git tools, through the `git` program from an argv, on repositories under configured roots.
//!
//! A repository's own configuration can run programs (hooks, fsmonitor, external diff and
//! textconv drivers, a custom ssh command). Every call turns those off: hooks point at
//! `/dev/null`, fsmonitor is off, diffs use `--no-ext-diff --no-textconv`, and `core.sshCommand`
//! is plain `ssh`. Clean and smudge filters defined in a repository's config still apply on pull;
//! the roots are the operator's own repositories.

mod repo;
mod tools;

use std::path::PathBuf;
use std::sync::Arc;

use warden_tool_api::{RegistryBuilder, typed};
use warden_tool_files::{Confinement, FilesConfig};

pub fn register(builder: &mut RegistryBuilder, roots: Vec<PathBuf>, denied: Vec<PathBuf>) {
    let confinement = Arc::new(Confinement::new(&FilesConfig {
        roots,
        denied,
        setting: "tools.git_roots (WARDEN_GIT_ROOTS)",
    }));
    builder
        .add(typed(tools::GitStatus(confinement.clone())))
        .add(typed(tools::GitLog(confinement.clone())))
        .add(typed(tools::GitDiff(confinement.clone())))
        .add(typed(tools::GitBranch(confinement.clone())))
        .add(typed(tools::GitPull(confinement)));
}
