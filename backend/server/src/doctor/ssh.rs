//! `ssh_exec`'s setup: each host's key file is a readable regular file that only its owner can
//! read (OpenSSH refuses others too), and the known_hosts file the host keys are checked against
//! is configured and readable. Nothing connects: the hosts' own answers are the monitor's.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::Verdict;
use crate::config::Config;

/// The verdict over every `tools.ssh.hosts` entry (None without hosts: no check is shown).
pub async fn check(config: &Config) -> Option<Verdict> {
    if config.tools.ssh_hosts.is_empty() {
        return None;
    }
    let hosts = config.tools.ssh_hosts.clone();
    let known_hosts = config.tools.ssh_known_hosts.clone();
    let checked = tokio::task::spawn_blocking(move || {
        let mut faults = Vec::new();
        for host in &hosts {
            if let Err(why) = private_file(&host.key_file) {
                faults.push(format!(
                    "host '{}': key_file {} {why}",
                    host.name,
                    host.key_file.display()
                ));
            }
        }
        match &known_hosts {
            None => faults.push(
                "tools.ssh.known_hosts is not set: host keys cannot be checked, so ssh_exec refuses every host".to_owned(),
            ),
            Some(path) => {
                if let Err(e) = std::fs::File::open(path) {
                    faults.push(format!("known_hosts {} cannot be read: {e}", path.display()));
                }
            }
        }
        (hosts.len(), known_hosts, faults)
    })
    .await;
    Some(match checked {
        Err(e) => Verdict::failed(format!("the SSH check stopped: {e}")),
        Ok((count, _, faults)) if !faults.is_empty() => Verdict::failed(format!(
            "{}; ssh_exec cannot reach {}",
            faults.join("; "),
            if count == 1 {
                "that host"
            } else {
                "those hosts"
            }
        )),
        Ok((count, known_hosts, _)) => Verdict::ok(format!(
            "{count} host(s): key files private and readable; host keys checked against {}",
            known_hosts
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        )),
    })
}

/// A regular file Warden can read that no one but its owner can read or write.
fn private_file(path: &Path) -> Result<(), String> {
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot be read: {e}"))?;
    if !metadata.is_file() {
        return Err("is not a regular file".to_owned());
    }
    std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "has mode {mode:04o}: others can read the private key; chmod 600 it"
        ));
    }
    Ok(())
}
