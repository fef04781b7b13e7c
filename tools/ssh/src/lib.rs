//! `ssh_exec`: one command on a configured remote host, over russh.
//!
//! Hosts come from configuration only (the model names one, it cannot invent an address). The
//! server's key must already be in the configured known_hosts file: an unknown key is refused (no
//! trust on first use) and a changed key is refused as a possible interception. Authentication is
//! by key. The command is split into words locally, shell syntax refused as for `run_command`, and
//! every word quoted before it is sent, so the remote shell sees exactly that argv. Its standard
//! input is closed at once, and the remote shell bounds it to the call's time limit (`timeout`
//! and `ulimit -t`, see `bounds`): nothing contains it on the other host.

mod bounds;
mod exec;

use std::path::PathBuf;
use std::sync::Arc;

use warden_tool_api::{RegistryBuilder, typed};

/// A host `ssh_exec` may reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshHost {
    /// The name the model and operators use.
    pub name: String,
    pub address: String,
    pub port: u16,
    pub user: String,
    /// The private key for this host (OpenSSH format, no passphrase).
    pub key_file: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub struct SshConfig {
    pub hosts: Vec<SshHost>,
    /// The known_hosts file host keys are checked against.
    pub known_hosts: Option<PathBuf>,
}

pub fn register(builder: &mut RegistryBuilder, config: &SshConfig) {
    builder.add(typed(exec::SshExec(Arc::new(config.clone()))));
}
