//! Commands a program runs for the line that are not wrappers `normalize` sees through:
//! `ip netns exec NS COMMAND…`, `ip vrf exec VRF COMMAND…` (the command as words) and
//! `script -c TEXT` and `trap TEXT SIGNAL…` (a shell line), an editor's or pager's start-up
//! shell command (`vim -c ':!CMD'`, `less +'!CMD'`), git's `-c` settings that run a command
//! (`core.pager=CMD`, `alias.x='!CMD'`) and tar's command options (`--to-command=CMD`,
//! `--checkpoint-action=exec=CMD`, `-I CMD`). Each is judged as a line of its own; a forbidden
//! one makes the program forbidden (`ip netns exec x rm -rf /`, `script -qc 'rm -rf /'
//! /dev/null`).

use crate::normalize::base_name;

/// The command lines the program of `words` runs, as far as its words show them.
pub fn carried_lines(words: &[String]) -> Vec<String> {
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    match base_name(first).as_str() {
        "ip" => {
            // Options before the object (`ip -n x netns exec …`, `ip -all netns exec …`).
            let at = rest.iter().position(|w| !w.starts_with('-'));
            let Some(at) = at else {
                return Vec::new();
            };
            let object = rest[at].as_str();
            let is_exec = matches!(object, "netns" | "vrf" | "n" | "net" | "netn")
                && rest.get(at + 1).is_some_and(|v| v == "exec" || v == "e");
            if !is_exec {
                return Vec::new();
            }
            // `ip -all netns exec COMMAND` names no namespace.
            let all = rest[..at].iter().any(|o| o == "-all" || o == "-a");
            let command = rest.get(at + 2 + usize::from(!all)..).unwrap_or_default();
            if command.is_empty() {
                return Vec::new();
            }
            vec![joined(command)]
        }
        "script" => {
            let mut lines = Vec::new();
            let mut iter = rest.iter();
            while let Some(word) = iter.next() {
                if let Some(text) = word.strip_prefix("--command=") {
                    lines.push(text.to_owned());
                } else if (word == "--command"
                    || (word.starts_with('-') && !word.starts_with("--") && word.ends_with('c')))
                    && let Some(text) = iter.next()
                {
                    lines.push(text.clone());
                }
            }
            lines
        }
        // `trap TEXT SIGNAL…`: the shell runs TEXT when a signal comes or it exits.
        "trap" => rest
            .iter()
            .find(|w| !w.starts_with('-'))
            .filter(|_| rest.len() > 1)
            .map(|text| vec![text.clone()])
            .unwrap_or_default(),
        // `vim -c ':!CMD'`, `vi +'!CMD'`, `less +'!CMD'`: an editor's or pager's start-up
        // command that runs a shell line.
        "vi" | "vim" | "nvim" | "view" | "ex" | "less" | "more" => rest
            .iter()
            .zip(std::iter::once(None).chain(rest.iter().map(Some)))
            .filter_map(|(word, before)| {
                let command = if before.is_some_and(|b| b == "-c" || b == "--cmd") {
                    word.as_str()
                } else {
                    word.strip_prefix('+')?
                };
                let command = command.trim_start_matches(':').trim_start();
                let shell = command
                    .strip_prefix('!')
                    .or_else(|| {
                        command
                            .strip_prefix("call system(")
                            .map(|c| c.trim_end_matches(')'))
                    })
                    .or_else(|| command.strip_prefix("r !"))?;
                Some(shell.trim_matches(['"', '\'']).to_owned())
            })
            .collect(),
        // `git -c core.pager=CMD`, `core.sshCommand`, `core.editor`, `core.fsmonitor`,
        // `diff.external`, an alias starting with `!`: git runs the value as a shell line.
        "git" => rest
            .windows(2)
            .filter(|pair| pair[0] == "-c")
            .filter_map(|pair| pair[1].split_once('='))
            .filter(|(key, value)| {
                let key = key.to_ascii_lowercase();
                matches!(
                    key.as_str(),
                    "core.pager"
                        | "core.sshcommand"
                        | "core.editor"
                        | "core.fsmonitor"
                        | "core.askpass"
                        | "diff.external"
                        | "sequence.editor"
                ) || key.starts_with("pager.")
                    || (key.starts_with("alias.") && value.starts_with('!'))
            })
            .map(|(_, value)| value.trim_start_matches('!').to_owned())
            .collect(),
        // tar's options that run a command: a checkpoint's `exec=`, `--to-command`,
        // `--use-compress-program` (`-I`), `--info-script` (`-F`), `--rsh-command`.
        "tar" | "gtar" => {
            let mut lines = Vec::new();
            for (at, word) in rest.iter().enumerate() {
                let value = |prefix: &str| word.strip_prefix(prefix).map(str::to_owned);
                if let Some(text) = value("--checkpoint-action=exec=")
                    .or_else(|| value("--to-command="))
                    .or_else(|| value("--use-compress-program="))
                    .or_else(|| value("--info-script="))
                    .or_else(|| value("--new-volume-script="))
                    .or_else(|| value("--rsh-command="))
                {
                    lines.push(text);
                } else if matches!(
                    word.as_str(),
                    "-I" | "-F" | "--to-command" | "--use-compress-program" | "--info-script"
                ) && let Some(text) = rest.get(at + 1)
                {
                    lines.push(text.clone());
                }
            }
            lines
        }
        _ => Vec::new(),
    }
}

fn joined(words: &[String]) -> String {
    shlex::try_join(words.iter().map(String::as_str)).unwrap_or_else(|_| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::carried_lines;

    fn words(line: &str) -> Vec<String> {
        shlex::split(line).unwrap_or_default()
    }

    #[test]
    fn namespaces_and_script_carry_their_commands() {
        assert_eq!(
            carried_lines(&words("ip netns exec x rm -rf /")),
            ["rm -rf /"]
        );
        assert_eq!(
            carried_lines(&words("ip -all netns exec rm -rf /")),
            ["rm -rf /"]
        );
        assert_eq!(
            carried_lines(&words("script -qc 'rm -rf /' /dev/null")),
            ["rm -rf /"]
        );
        assert!(carried_lines(&words("ip netns list")).is_empty());
        assert!(carried_lines(&words("script -q /tmp/log")).is_empty());
    }
}
