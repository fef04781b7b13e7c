//! Secrets a terminal transcript shows as a command's output, where nothing on the line says
//! "password": the lines after `$ cat ~/.restic-password`, `# systemd-creds cat db-password`,
//! `$ pass show mail`, `$ kubectl get secret db -o jsonpath=... | base64 -d`. The output of a
//! command that prints a secret file or a store's entry is hidden up to the next prompt.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::REDACTED;
use crate::paths::sensitive_path;

/// A shell prompt and the command typed after it: `$ cmd`, `# cmd`, `user@host:~$ cmd`,
/// `(venv) user@host:/srv# cmd`.
static PROMPT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t]*(?:\([^)\n]*\)[ \t]*)?(?:[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+(?::[^\s$#%]*)?[ \t]?)?[$#%][ \t]+(?P<command>\S.*?)\r?$",
    )
    .ok()
});

/// Programs that print a file's contents as they are.
const READERS: &[&str] = &[
    "cat", "head", "tail", "less", "more", "bat", "batcat", "tac", "nl", "strings", "base64",
];

/// Whether `command` prints a secret: a reader of a sensitive file, `systemd-creds cat` or
/// `decrypt`, a password store's `show`/`get`/`read`/`lookup`, Terraform's outputs, or a
/// cluster's Secret decoded.
fn prints_secret(command: &str) -> bool {
    let lowered = command.to_ascii_lowercase();
    if lowered.contains("get secret")
        && (lowered.contains("base64 -d") || lowered.contains("--decode"))
    {
        return true;
    }
    let words: Vec<&str> = command
        .split_whitespace()
        .skip_while(|w| *w == "sudo" || w.contains('='))
        .collect();
    let Some((first, rest)) = words.split_first() else {
        return false;
    };
    let program = first.rsplit('/').next().unwrap_or(first);
    let subcommand = rest.first().copied().unwrap_or("");
    match program {
        "systemd-creds" => matches!(subcommand, "cat" | "decrypt"),
        "pass" | "gopass" | "passage" => !matches!(
            subcommand,
            "ls" | "list"
                | "find"
                | "search"
                | "grep"
                | "init"
                | "git"
                | "insert"
                | "edit"
                | "generate"
                | "rm"
                | "mv"
                | "cp"
                | "help"
                | "version"
                | ""
        ),
        "op" => subcommand == "read",
        "secret-tool" => subcommand == "lookup",
        "bw" | "rbw" => subcommand == "get",
        "lpass" => subcommand == "show",
        // `terraform output -raw db_password` prints sensitive outputs in clear.
        "terraform" | "tofu" | "terragrunt" => subcommand == "output",
        _ if READERS.contains(&program) => rest
            .iter()
            .take_while(|w| !matches!(**w, "|" | ">" | "&&" | ";"))
            .filter(|w| !w.starts_with('-'))
            .any(|w| sensitive_path(Path::new(w.trim_matches(['"', '\'']))).is_some()),
        _ => false,
    }
}

/// `text` with the output of secret-printing commands hidden, line by line, up to the next
/// prompt (blank lines kept, so the transcript keeps its shape).
pub(crate) fn redact_printed_secrets(text: &str) -> String {
    let Some(prompt) = PROMPT.as_ref() else {
        return REDACTED.to_owned();
    };
    let mut hiding = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(found) = prompt.captures(body) {
            hiding = found
                .name("command")
                .is_some_and(|c| prints_secret(c.as_str()));
            out.push_str(line);
        } else if hiding && !body.trim().is_empty() && !body.contains(REDACTED) {
            out.push_str(REDACTED);
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn prompt_compiles() {
        assert!(super::PROMPT.is_some());
    }
}
