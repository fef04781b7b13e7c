//! Commands that fetch a password from a store rather than hold it: isync's `PassCmd "pass show
//! mail"`, msmtp's `passwordeval "gpg -d ~/.pw.gpg"`, OfflineIMAP's `remotepasseval =
//! keyring.get_password("imap", "bob")`. The command names where the password is kept, which
//! is not a secret; any other command (`echo PASS`, `printf PASS`, a literal) is hidden whole.

/// Password stores and decrypting programs whose output is the password.
const STORE_PROGRAMS: &[&str] = &[
    "pass",
    "gopass",
    "passage",
    "gpg",
    "gpg2",
    "age",
    "sops",
    "secret-tool",
    "security",
    "op",
    "bw",
    "rbw",
    "lpass",
    "keepassxc-cli",
    "kwallet-query",
    "pass-cli",
    "vault",
    "systemd-creds",
    "systemd-ask-password",
    "cat",
];

/// Whether `command` (unquoted) fetches its password from a store: its first word is a store's
/// program or a script's path (`~/bin/mail-pass`), or it calls a keyring's or a helper's
/// function with names only (`keyring.get_password("imap", "bob")`, `get_pass("gmail")`) —
/// never `echo` or `printf`, which print the password given to them.
pub(crate) fn fetches_from_store(command: &str) -> bool {
    let command = command.trim().trim_matches(['"', '\'']).trim();
    let Some(first) = command.split_whitespace().next() else {
        return false;
    };
    let program = first.rsplit('/').next().unwrap_or(first);
    if matches!(program, "echo" | "printf" | "yes") {
        return false;
    }
    STORE_PROGRAMS.contains(&program)
        || first.starts_with(['/', '~'])
        || first.starts_with("./")
        || keyring_call(command)
}

/// `keyring.get_password("imap", "bob")`: Python's keyring, asked by service and user.
fn keyring_call(expression: &str) -> bool {
    let lower = expression.to_ascii_lowercase();
    lower.starts_with("keyring.") || lower.starts_with("subprocess.")
}

#[cfg(test)]
mod tests {
    use super::fetches_from_store;

    #[test]
    fn store_commands_and_literals() {
        for fetch in [
            "pass show mail",
            "\"pass show mail\"",
            "gpg -q -d ~/.mail.gpg",
            "secret-tool lookup service imap",
            "security find-generic-password -s mail -w",
            "op read op://vault/mail/password",
            "~/bin/mail-pass",
            "keyring.get_password(\"imap\", \"bob\")",
        ] {
            assert!(fetches_from_store(fetch), "{fetch} fetches");
        }
        for literal in [
            "echo hunter2",
            "'echo Hunter2'",
            "printf %s hunter2",
            "hunter2",
            "get_password(\"x\")",
            "",
        ] {
            assert!(!fetches_from_store(literal), "{literal} holds the secret");
        }
    }
}
