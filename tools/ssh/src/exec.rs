use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::client::{self, Handle};
use russh::keys::{PrivateKeyWithHashAlg, load_secret_key};
use russh::{ChannelMsg, Disconnect};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};
use warden_tool_system::split_command;

use crate::bounds::remote_line;
use crate::{SshConfig, SshHost};

const STREAM_CAP: usize = 32 * 1024;
const DEFAULT_TIMEOUT_SECS: u64 = 30;
const MAX_TIMEOUT_SECS: u64 = 300;

pub struct SshExec(pub Arc<SshConfig>);

/// Arguments of `ssh_exec`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// The name of a configured host.
    pub host: String,
    /// One command line, split into words here (quotes respected); shell syntax is refused.
    pub command: String,
    /// Seconds for connecting and running (default 30, at most 300).
    pub timeout_secs: Option<u64>,
}

/// Verifies the server's key against known_hosts and remembers why it refused.
struct Verifier {
    host: String,
    port: u16,
    known_hosts: std::path::PathBuf,
    refusal: Arc<Mutex<Option<String>>>,
}

impl Verifier {
    fn refuse(&self, why: String) -> bool {
        if let Ok(mut slot) = self.refusal.lock() {
            *slot = Some(why);
        }
        false
    }
}

impl client::Handler for Verifier {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        server_key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let key = match server_key {
            russh::keys::PublicKeyOrCertificate::PublicKey { key, .. } => key,
            russh::keys::PublicKeyOrCertificate::Certificate(_) => {
                return Ok(self.refuse(
                    "the server offered a certificate; only known host keys are accepted"
                        .to_owned(),
                ));
            }
        };
        let fingerprint = key.fingerprint(Default::default());
        Ok(match russh::keys::known_hosts::check_known_hosts_path(&self.host, self.port, key, &self.known_hosts) {
            Ok(true) => true,
            Ok(false) => self.refuse(format!(
                "the host key of {}:{} ({fingerprint}) is not in {}; add it after checking it out of band",
                self.host,
                self.port,
                self.known_hosts.display()
            )),
            Err(russh::keys::Error::KeyChanged { line }) => self.refuse(format!(
                "the host key of {}:{} ({fingerprint}) differs from the one on line {line} of {}: refusing a possible interception",
                self.host,
                self.port,
                self.known_hosts.display()
            )),
            Err(e) => self.refuse(format!("cannot check the host key against {}: {e}", self.known_hosts.display())),
        })
    }
}

impl SshExec {
    fn host(&self, name: &str) -> Result<&SshHost, ToolError> {
        self.0.hosts.iter().find(|h| h.name == name).ok_or_else(|| {
            let names: Vec<&str> = self.0.hosts.iter().map(|h| h.name.as_str()).collect();
            if names.is_empty() {
                ToolError::InvalidArguments(
                    "no SSH hosts are configured (tools.ssh.hosts)".to_owned(),
                )
            } else {
                ToolError::InvalidArguments(format!(
                    "unknown host '{name}'; configured hosts: {}",
                    names.join(", ")
                ))
            }
        })
    }

    async fn connect(&self, host: &SshHost) -> Result<Handle<Verifier>, ToolError> {
        let known_hosts = self.0.known_hosts.clone().ok_or_else(|| {
            ToolError::Unavailable(
                "no known_hosts file is configured (tools.ssh.known_hosts)".to_owned(),
            )
        })?;
        if !known_hosts.is_file() {
            return Err(ToolError::Unavailable(format!(
                "the known_hosts file {} does not exist",
                known_hosts.display()
            )));
        }
        let key = load_secret_key(&host.key_file, None).map_err(|e| {
            ToolError::Unavailable(format!(
                "cannot load the key {} for '{}': {e}",
                host.key_file.display(),
                host.name
            ))
        })?;
        let refusal = Arc::new(Mutex::new(None));
        let verifier = Verifier {
            host: host.address.clone(),
            port: host.port,
            known_hosts,
            refusal: refusal.clone(),
        };
        let config = Arc::new(client::Config {
            inactivity_timeout: Some(Duration::from_secs(MAX_TIMEOUT_SECS)),
            ..Default::default()
        });
        let mut session =
            match client::connect(config, (host.address.as_str(), host.port), verifier).await {
                Ok(session) => session,
                Err(e) => {
                    let refused = refusal.lock().ok().and_then(|mut r| r.take());
                    return Err(match refused {
                        Some(why) => ToolError::Refused(why),
                        None => ToolError::Unavailable(format!(
                            "cannot reach {}:{} ({}): {e}",
                            host.address, host.port, host.name
                        )),
                    });
                }
            };
        let hash = session
            .best_supported_rsa_hash()
            .await
            .ok()
            .flatten()
            .flatten();
        let auth = session
            .authenticate_publickey(
                host.user.clone(),
                PrivateKeyWithHashAlg::new(Arc::new(key), hash),
            )
            .await
            .map_err(|e| {
                ToolError::Failed(format!("authentication with {} failed: {e}", host.name))
            })?;
        if !auth.success() {
            return Err(ToolError::Refused(format!(
                "{} did not accept the key {} for user '{}'",
                host.name,
                host.key_file.display(),
                host.user
            )));
        }
        Ok(session)
    }
}

fn keep(buffer: &mut Vec<u8>, data: &[u8], cut: &mut bool) {
    let room = STREAM_CAP.saturating_sub(buffer.len());
    buffer.extend_from_slice(&data[..data.len().min(room)]);
    *cut |= data.len() > room;
}

impl TypedTool for SshExec {
    type Args = Args;
    const NAME: &'static str = "ssh_exec";
    const DESCRIPTION: &'static str = "Run one command on a configured remote host over SSH (host key verified against known_hosts). Returns stdout, stderr and the exit status.";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Mutating;
    const SANDBOXABLE: bool = false;
    const TIMEOUT: Duration = Duration::from_secs(MAX_TIMEOUT_SECS + 10);

    // ChannelMsg has many variants (window changes, EOF...) that carry nothing to report.
    #[allow(clippy::wildcard_enum_match_arm)]
    async fn run(&self, args: Args, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let timeout = args.timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS);
        if timeout == 0 || timeout > MAX_TIMEOUT_SECS {
            return Err(ToolError::InvalidArguments(format!(
                "timeout_secs must be between 1 and {MAX_TIMEOUT_SECS}"
            )));
        }
        let host = self.host(&args.host)?.clone();
        let argv = split_command(&args.command)?;
        let quoted = shlex::try_join(argv.iter().map(String::as_str)).map_err(|e| {
            ToolError::InvalidArguments(format!(
                "command cannot be quoted for the remote shell: {e}"
            ))
        })?;
        let started = Instant::now();
        let work = async {
            let session = self.connect(&host).await?;
            let mut channel = session.channel_open_session().await.map_err(|e| {
                ToolError::Failed(format!("cannot open a session on {}: {e}", host.name))
            })?;
            let line = remote_line(&argv, &quoted, timeout);
            channel.exec(true, line.as_bytes()).await.map_err(|e| {
                ToolError::Failed(format!("cannot run the command on {}: {e}", host.name))
            })?;
            // Nothing is ever written to the command: a reader of standard input (`cat`,
            // `sort` without files) meets its end at once instead of waiting out the limit.
            channel.eof().await.map_err(|e| {
                ToolError::Failed(format!(
                    "cannot close the command's input on {}: {e}",
                    host.name
                ))
            })?;
            let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
            let (mut stdout_cut, mut stderr_cut) = (false, false);
            let (mut exit_code, mut signal) = (None, None);
            while let Some(message) = channel.wait().await {
                match message {
                    ChannelMsg::Data { data } => keep(&mut stdout, &data, &mut stdout_cut),
                    ChannelMsg::ExtendedData { data, ext: 1 } => {
                        keep(&mut stderr, &data, &mut stderr_cut)
                    }
                    ChannelMsg::ExitStatus { exit_status } => exit_code = Some(exit_status),
                    ChannelMsg::ExitSignal { signal_name, .. } => {
                        signal = Some(format!("{signal_name:?}"))
                    }
                    _ => {}
                }
            }
            let _ = session
                .disconnect(Disconnect::ByApplication, "", "en")
                .await;
            Ok::<_, ToolError>((stdout, stderr, stdout_cut, stderr_cut, exit_code, signal))
        };
        let (stdout, stderr, stdout_cut, stderr_cut, exit_code, signal) =
            tokio::time::timeout(Duration::from_secs(timeout), work)
                .await
                .map_err(|_| ToolError::Timeout(timeout))??;
        // What the command printed is judged with the command, as `run_command` judges it: 64
        // hex digits from `openssl rand -hex 32` or `cat jwt.key` go, a container's id from
        // `docker run -d` stays. (The guard redacts the whole outcome as text again.)
        let stdout =
            warden_secrets::redact_command_output(&args.command, &String::from_utf8_lossy(&stdout));
        let stderr = String::from_utf8_lossy(&stderr).into_owned();
        let mut text = stdout.clone();
        if !stderr.is_empty() {
            text.push_str(&format!("[stderr]\n{stderr}"));
        }
        match (exit_code, &signal) {
            (Some(code), _) => text.push_str(&format!("[exit code {code} on {}]", host.name)),
            (None, Some(signal)) => {
                text.push_str(&format!("[killed by {signal} on {}]", host.name))
            }
            (None, None) => text.push_str(&format!("[no exit status from {}]", host.name)),
        }
        let data = json!({
            "host": host.name,
            "argv": argv,
            "exit_code": exit_code,
            "signal": signal,
            "stdout": stdout,
            "stderr": stderr,
            "stdout_truncated": stdout_cut,
            "stderr_truncated": stderr_cut,
            "duration_ms": started.elapsed().as_millis() as u64,
        });
        let output = if exit_code == Some(0) {
            ToolOutput::new(text, data)
        } else {
            ToolOutput::failed(text, data)
        };
        Ok(output.cut(stdout_cut || stderr_cut))
    }
}
