//! The bounds a remote command runs under: nothing contains it on the other host, so the line
//! sent to the remote shell bounds its time itself.
//!
//! Without them, a command Warden stopped waiting for would go on running (`sleep 1d`, a
//! checksum of `/dev/zero` prints nothing until it ends, so no write ever fails), and a
//! misjudged command would be bounded by nothing at all.

/// CPU seconds a remote process may use beyond the wall-time bound: one thread is stopped by
/// `timeout` before it meets this limit; a process spinning on several cores, or one running
/// where no `timeout` exists, meets it (`SIGXCPU`, then `SIGKILL`).
const CPU_SLACK_SECS: u64 = 1;

/// POSIX shell builtins that have no program of their name on a standard system: `timeout`
/// cannot start them, so they run in the remote shell itself (none of them waits on anything
/// once standard input is closed).
const SHELL_ONLY: &[&str] = &[
    ".", ":", "alias", "bg", "cd", "command", "eval", "exec", "export", "fg", "getopts", "hash",
    "jobs", "read", "readonly", "set", "shift", "source", "times", "trap", "type", "ulimit",
    "umask", "unalias", "unset", "wait",
];

/// The line for the remote POSIX shell that runs `quoted` (the words of `argv`, quoted for
/// that shell) bounded to `timeout_secs` seconds of wall time (coreutils' or BusyBox's
/// `timeout`, where the host has one) and of CPU time (`ulimit -t`, inherited by everything
/// the command starts).
pub(crate) fn remote_line(argv: &[String], quoted: &str, timeout_secs: u64) -> String {
    let cpu = timeout_secs + CPU_SLACK_SECS;
    let limit = format!("ulimit -t {cpu} 2>/dev/null;");
    if argv
        .first()
        .is_some_and(|program| SHELL_ONLY.contains(&program.as_str()))
    {
        return format!("{limit} {quoted}");
    }
    // `exec` twice: where `timeout` exists the shell becomes it, and it the command; where it
    // does not, the shell becomes the command, bounded by its CPU time and by this side's wait.
    format!(
        "{limit} if command -v timeout >/dev/null 2>&1; then exec timeout {timeout_secs} {quoted}; fi; exec {quoted}"
    )
}

#[cfg(test)]
mod tests {
    use super::remote_line;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn programs_run_under_timeout_and_a_cpu_limit() {
        assert_eq!(
            remote_line(&words("sleep 5"), "sleep 5", 30),
            "ulimit -t 31 2>/dev/null; if command -v timeout >/dev/null 2>&1; then exec timeout 30 sleep 5; fi; exec sleep 5"
        );
    }

    #[test]
    fn shell_builtins_run_in_the_shell_under_the_cpu_limit() {
        assert_eq!(
            remote_line(&words("type ls"), "type ls", 10),
            "ulimit -t 11 2>/dev/null; type ls"
        );
    }
}
