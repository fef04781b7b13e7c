//! `run_command`: one command line, routed by the guard. On the host (a low call, or one a human
//! approved) the line must be one program or a plain pipeline of them, which Warden starts and
//! connects itself with no shell, contained unless approved. In the gVisor sandbox (a medium
//! call) any shell syntax may run, under the sandbox's own `sh`; the result then says that what
//! it shows is the sandbox's view, not the host's.

use std::time::Duration;

use schemars::JsonSchema;
use serde::Deserialize;
use warden_protocol::Scope;
use warden_tool_api::{Effect, HostAccess, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::exec::{run_host_pipeline, run_sandboxed};

const DEFAULT_TIMEOUT_SECS: u64 = 30;
const MAX_TIMEOUT_SECS: u64 = 300;
const MAX_COMMAND_CHARS: usize = 4096;

/// Said with every result that ran in the sandbox, so nobody takes it for the host's truth.
/// Heads the result of a contained host run of a program whose answer depends on privileges
/// (`lsof`, `fuser`, `blkid`, `ss -p`, `iptables -L`, `docker ps`): as an unprivileged user it
/// sees less, or is refused, and says so only obliquely.
pub const UNPRIVILEGED_NOTE: &str = "[ran on the host as an unprivileged user: other users' processes, sockets and devices are not visible, and root-only programs (firewall, Docker socket, device probes) are refused; ask for approval to run it with Warden's rights when the full picture matters]";

/// Programs whose answer, run as an unprivileged user, is partial or a refusal.
const PRIVILEGED_VIEW: &[&str] = &[
    "lsof",
    "fuser",
    "blkid",
    "iptables",
    "ip6tables",
    "iptables-save",
    "ip6tables-save",
    "iptables-legacy",
    "iptables-nft",
    "nft",
    "ebtables",
    "arptables",
    "docker",
    "podman",
    "nerdctl",
    "dmidecode",
    "smartctl",
    "nvme",
    "mdadm",
    "conntrack",
];

/// Whether any stage of a contained host pipeline gives a partial answer without privileges:
/// the programs above, and `ss`/`netstat` asked for the process column (`-p`).
pub fn needs_privileges(stages: &[Vec<String>]) -> bool {
    stages.iter().any(|stage| {
        // `cd DIR && …` runs each stage as `env -C DIR ARGV`: the program is the one after it.
        let stage = match stage.as_slice() {
            [env, flag, _, rest @ ..] if env == "env" && flag == "-C" => rest,
            whole => whole,
        };
        let Some(program) = stage.first() else {
            return false;
        };
        let name = program.rsplit('/').next().unwrap_or(program);
        PRIVILEGED_VIEW.contains(&name)
            || (matches!(name, "ss" | "netstat")
                && stage.iter().skip(1).any(|arg| {
                    matches!(arg.as_str(), "--processes" | "--program")
                        || (arg.starts_with('-') && !arg.starts_with("--") && arg.contains('p'))
                }))
    })
}

pub const SANDBOX_NOTE: &str = "[ran in the gVisor sandbox, not on the host: its processes, kernel log, mounts and network are the sandbox's own, and any file it changed was discarded]";

pub struct RunCommand;

/// Arguments of `run_command`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// One command line, split like a POSIX shell splits words (quotes respected). On the host it
    /// may be one program or a plain pipeline (`a | b`), connected by Warden, never by a shell.
    pub command: String,
    /// Seconds before the command is killed (default 30, at most 300).
    pub timeout_secs: Option<u64>,
}

/// Whether a command line uses shell syntax outside quotes (pipes, lists, redirections,
/// substitutions, background jobs, globbing is allowed as a literal argument).
pub fn has_shell_syntax(command: &str) -> bool {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '`' if !single => return true,
            '$' if !single && matches!(chars.peek(), Some('(' | '{')) => return true,
            '|' | ';' | '&' | '<' | '>' | '\n' if !single && !double => return true,
            _ => {}
        }
    }
    false
}

/// Splits a command line into argv, or says why it cannot be.
pub fn split_command(command: &str) -> Result<Vec<String>, ToolError> {
    check_line(command)?;
    if has_shell_syntax(command) {
        return Err(ToolError::Refused(
            "shell syntax (pipes, ;, &&, redirections, $(...), backticks) is never run by a shell on the host; \
             run one program per call, or ask for the command to run in the sandbox"
                .to_owned(),
        ));
    }
    shlex::split(command)
        .filter(|argv| !argv.is_empty())
        .ok_or_else(|| ToolError::InvalidArguments("command has an unterminated quote".to_owned()))
}

/// The argv that runs `command` inside the sandbox: a line with shell syntax goes to the
/// sandbox's own `sh -c` (gVisor contains it), a plain one is split as on the host.
pub fn sandbox_argv(command: &str) -> Result<Vec<String>, ToolError> {
    if has_shell_syntax(command) {
        if command.chars().count() > MAX_COMMAND_CHARS || command.contains('\0') {
            return Err(ToolError::InvalidArguments(format!(
                "command must be at most {MAX_COMMAND_CHARS} characters, without NUL"
            )));
        }
        return Ok(vec![
            "/bin/sh".to_owned(),
            "-c".to_owned(),
            command.to_owned(),
        ]);
    }
    split_command(command)
}

/// Checks the size and content of a line before anything parses it further.
fn check_line(command: &str) -> Result<(), ToolError> {
    if command.trim().is_empty() {
        return Err(ToolError::InvalidArguments(
            "command must not be empty".to_owned(),
        ));
    }
    if command.chars().count() > MAX_COMMAND_CHARS {
        return Err(ToolError::InvalidArguments(format!(
            "command must be at most {MAX_COMMAND_CHARS} characters"
        )));
    }
    if command.contains('\0') {
        return Err(ToolError::InvalidArguments(
            "command must not contain NUL characters".to_owned(),
        ));
    }
    Ok(())
}

/// The stages of a line that may run on the host: one program or a plain pipeline.
pub fn host_stages(command: &str) -> Result<Vec<Vec<String>>, ToolError> {
    check_line(command)?;
    if shlex::split(command).is_none() {
        return Err(ToolError::InvalidArguments(
            "command has an unterminated quote".to_owned(),
        ));
    }
    let stages = warden_policy::host_pipeline(command).ok_or_else(|| {
        ToolError::Refused(
            "only one program or a plain pipeline (a | b), optionally after `cd /DIR &&`, runs \
             on the host; other shell syntax (;, more &&, ||, redirections, $(...), backticks, \
             subshells) never does. Split the work into separate calls"
                .to_owned(),
        )
    })?;
    if stages.len() > warden_sandbox::MAX_STAGES {
        return Err(ToolError::InvalidArguments(format!(
            "a pipeline may have at most {} stages",
            warden_sandbox::MAX_STAGES
        )));
    }
    Ok(stages)
}

impl TypedTool for RunCommand {
    type Args = Args;
    const NAME: &'static str = "run_command";
    const DESCRIPTION: &'static str = "Run a command line. The guard judges it before anything runs. \
        Read-only commands, and plain pipelines of them (`ps aux | grep nginx`, `df -h | head -3`), run \
        at once on the host, contained: the host's files are read-only to them, secrets are hidden, and \
        they run as an unprivileged user that cannot change the system or open TCP connections; they \
        see the host's real processes, disks, logs and network state; `cd /DIR && PIPELINE` runs it in \
        /DIR. Lines with other shell syntax (;, more &&, ||, redirections, $(...), subshells) and commands not known to be read-only run in a \
        gVisor sandbox: their output shows the sandbox's processes, kernel log, mounts and network, not \
        the host's, and their file changes are discarded. Commands that change the system (restarts, \
        installs, deletes, edits) or read secrets wait for a human's approval. Destroying the system \
        (deleting system directories, formatting disks, kernel modules, raw disk writes, fork bombs) \
        is refused. Prefer the dedicated tools (docker_ps, service_status, journal_logs, file_read...) \
        where one fits. Returns stdout, stderr and the exit code; output is capped and a time limit \
        applies.";
    const SCOPE: Scope = Scope::Execute;
    // Unknown commands may change anything; the guard classifies each command line.
    const EFFECT: Effect = Effect::Mutating;
    const SANDBOXABLE: bool = true;
    const HOST_PROGRAMS: bool = true;
    const TIMEOUT: Duration = Duration::from_secs(MAX_TIMEOUT_SECS + 5);

    async fn run(&self, args: Args, context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let timeout = args.timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS);
        if timeout == 0 || timeout > MAX_TIMEOUT_SECS {
            return Err(ToolError::InvalidArguments(format!(
                "timeout_secs must be between 1 and {MAX_TIMEOUT_SECS}"
            )));
        }
        let timeout = Duration::from_secs(timeout);
        let (mut output, ran_in) = match &context.sandbox {
            // The guard sent this call to the sandbox: shell syntax may run there, inside gVisor.
            Some(sandbox) => {
                let argv = sandbox_argv(&args.command)?;
                (run_sandboxed(sandbox, &argv, timeout).await?, "sandbox")
            }
            None => {
                let stages = host_stages(&args.command)?;
                let ran_in = match &context.host {
                    HostAccess::Contained(_) if needs_privileges(&stages) => "host_unprivileged",
                    HostAccess::Contained(_) => "host_contained",
                    HostAccess::Approved | HostAccess::Refused(_) => "host",
                };
                (
                    run_host_pipeline(&context.host, &stages, timeout).await?,
                    ran_in,
                )
            }
        };
        // What a command printed is judged with the command: 64 hex digits from `openssl rand
        // -hex 32` or `cat jwt.key` go, those from `docker run -d` stay. (The guard redacts the
        // whole outcome as text again before anyone reads it.)
        output.stdout = warden_secrets::redact_command_output(&args.command, &output.stdout);
        let mut text = output.render();
        if ran_in == "sandbox" {
            text = format!("{SANDBOX_NOTE}\n{text}");
        }
        // The audit and the caller see `host_contained`; the view says the answer is partial.
        let unprivileged = ran_in == "host_unprivileged";
        let ran_in = if unprivileged {
            "host_contained"
        } else {
            ran_in
        };
        if unprivileged {
            text = format!("{UNPRIVILEGED_NOTE}\n{text}");
        }
        let cut = output.stdout_truncated || output.stderr_truncated;
        let mut data = serde_json::to_value(&output).unwrap_or_default();
        if let Some(object) = data.as_object_mut() {
            object.insert("ran_in".to_owned(), serde_json::json!(ran_in));
            if ran_in == "sandbox" {
                object.insert("view".to_owned(), serde_json::json!("sandbox"));
            }
            if unprivileged {
                object.insert("view".to_owned(), serde_json::json!("unprivileged"));
            }
        }
        Ok(if output.exit_code == Some(0) {
            ToolOutput::new(text, data)
        } else {
            ToolOutput::failed(text, data)
        }
        .cut(cut))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_that_need_privileges_are_noted() {
        let stages = |line: &str| host_stages(line).unwrap_or_default();
        for partial in [
            "lsof -i",
            "fuser -v 22/tcp",
            "blkid",
            "ss -tlnp",
            "ss --processes",
            "netstat -tulpn",
            "iptables -L -n",
            "/usr/sbin/iptables -S",
            "docker ps",
            "ps aux | grep x | docker ps",
            "lsof -i | grep 22",
            "cd / && ss -tlnp",
            "cd /var/log && docker ps",
        ] {
            assert!(needs_privileges(&stages(partial)), "{partial}");
        }
        for whole in [
            "ps aux",
            "ss -tln",
            "df -h | head -3",
            "uptime",
            "ss -s",
            "cd /var/log && ls",
        ] {
            assert!(!needs_privileges(&stages(whole)), "{whole}");
        }
    }

    #[test]
    fn shell_syntax_is_detected_outside_quotes_only() {
        for bad in [
            "ls | wc",
            "a; b",
            "a && b",
            "a || b",
            "echo x > f",
            "cat < f",
            "echo $(id)",
            "echo `id`",
            "sleep 1 &",
            "echo ${HOME}",
            "a\nb",
        ] {
            assert!(has_shell_syntax(bad), "{bad}");
        }
        for ok in [
            "ls -la /var/log",
            "echo 'a | b'",
            "echo \"x; y\"",
            "grep -E 'a|b' f",
            "echo \\|",
            "echo $HOME",
            "find . -name '*.log'",
        ] {
            assert!(!has_shell_syntax(ok), "{ok}");
        }
    }

    #[test]
    fn splits_like_a_shell_would() {
        assert_eq!(
            split_command("grep -E 'a b' \"c d\" e").ok(),
            Some(vec![
                "grep".into(),
                "-E".into(),
                "a b".into(),
                "c d".into(),
                "e".into()
            ])
        );
        assert!(matches!(
            split_command("echo 'open"),
            Err(ToolError::InvalidArguments(_))
        ));
        assert!(matches!(
            split_command("  "),
            Err(ToolError::InvalidArguments(_))
        ));
        assert!(matches!(
            split_command("ls | sh"),
            Err(ToolError::Refused(_))
        ));
    }
}
