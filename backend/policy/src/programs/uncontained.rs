//! Programs that are low only because containment backs them, judged for a command nothing
//! contains (`ssh_exec` on a remote host; see `PathJudge::uncontained`). A contained command has
//! an empty environment and cannot start what a repository's configuration names outside the
//! landlock domain; a remote one has the user's real environment, and git there runs
//! `core.fsmonitor`, hooks and filters as that user.

use super::Judgement;
use crate::level::RiskLevel;

/// Whether `text` uses `word` as a name of its own (not part of a longer name, not a field
/// `.word`, not a variable `$word`).
fn names(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.' || c == '$') && !after.is_some_and(ident)
    })
}

/// Why `name` with `args` prints the environment, if it may.
fn prints_environment(name: &str, args: &[String]) -> Option<&'static str> {
    match name {
        "printenv" => Some("printenv prints the environment"),
        // `env`, `$ENV`, or a filter read from a file (which may use them).
        "jq" | "gojq" | "jaq"
            if args.iter().any(|a| {
                names(a, "env") || a.contains("$ENV") || matches!(a.as_str(), "-f" | "--from-file")
            }) =>
        {
            Some("a jq filter that reads env or $ENV prints the environment")
        }
        "awk" | "gawk" | "mawk" | "nawk" if args.iter().any(|a| a.contains("ENVIRON")) => {
            Some("an awk program that reads ENVIRON prints the environment")
        }
        _ => None,
    }
}

/// Devices that never end: read whole, they keep a reader busy, growing its buffers (`sort`,
/// `grep`, `tac`) or its temporary files (`sort` spills to /tmp) for ever.
const ENDLESS: &[&str] = &["/dev/zero", "/dev/urandom", "/dev/random", "/dev/full"];

/// The options with which a dumper reads only a number of bytes: `head -c`, `od -N`, `xxd -l`,
/// `hexdump -n`.
fn byte_limits(name: &str) -> &'static [&'static str] {
    match name {
        "head" => &["-c", "--bytes"],
        "od" => &["-N", "--read-bytes"],
        "xxd" => &["-l", "-len"],
        "hexdump" | "hd" => &["-n", "--length"],
        _ => &[],
    }
}

/// The endless device `name` reads with `args`, unless it reads a bounded prefix of it
/// (`head -c 32 /dev/urandom`).
fn reads_endless<'a>(name: &str, args: &'a [String]) -> Option<&'a str> {
    let limits = byte_limits(name);
    if args
        .iter()
        .any(|a| limits.iter().any(|limit| a.starts_with(limit)))
    {
        return None;
    }
    args.iter().map(String::as_str).find(|word| {
        let path = word.split_once('=').map_or(*word, |(_, value)| value);
        ENDLESS.contains(&crate::paths::system_path(path).as_str())
    })
}

/// Raises `j` for what containment would have made harmless.
pub fn raise(name: &str, args: &[String], j: &mut Judgement) {
    // Contained, a run has memory, time and process bounds and writes no temporary file; on a
    // remote host nothing bounds it, and a reader that writes nothing until its input ends
    // outlives the connection (nothing signals it).
    if let Some(device) = reads_endless(name, args) {
        j.raise(
            RiskLevel::Medium,
            format!("{name} reads {device}, which never ends: nothing bounds its memory, time or temporary files where nothing contains it; `head -c N {device}` reads a bounded part"),
        );
    }
    if let Some(why) = prints_environment(name, args) {
        j.raise(
            RiskLevel::High,
            format!("{why}, which is real (tokens included) where nothing contains the command"),
        );
    }
    // Files only containment or their modes keep from a contained reader: `crontab -l`
    // prints /var/spool/cron/crontabs/USER (commands with their passwords), `networkctl cat`
    // the network configuration (WireGuard private keys in .netdev files).
    let verb = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    if name == "crontab" || (name == "networkctl" && verb == Some("cat")) {
        j.raise(
            RiskLevel::High,
            format!("{name} prints files that only containment keeps from it (crontabs, network keys); nothing contains it here"),
        );
    }
    if name == "git" {
        j.raise(
            RiskLevel::Medium,
            "git runs programs a repository's configuration names (core.fsmonitor, hooks, filters); nothing contains them here",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_printers_are_found_by_name_not_by_substring() {
        let words =
            |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_owned).collect() };
        assert!(prints_environment("jq", &words("-n env")).is_some());
        assert!(prints_environment("jq", &words("-n env.HOME")).is_some());
        assert!(prints_environment("jq", &words("-n $ENV")).is_some());
        assert!(prints_environment("jq", &words("-n $ENV.PATH")).is_some());
        assert!(prints_environment("jq", &words("-f /tmp/x.jq")).is_some());
        assert!(prints_environment("jq", &words(".environment /tmp/x.json")).is_none());
        assert!(prints_environment("jq", &words(".env /tmp/x.json")).is_none());
        assert!(prints_environment("awk", &words("BEGIN{print(ENVIRON[\"X\"])}")).is_some());
        assert!(prints_environment("printenv", &words("HOME")).is_some());
        assert!(prints_environment("cat", &words("/proc/loadavg")).is_none());
    }
}
