//! A command's output judged with the command that printed it. A value alone has no name
//! beside it, and some secrets have no shape of their own: `openssl rand -hex 32` and `cat
//! jwt.key` print 64 hex digits, as `docker run -d` prints a container's id and `sha256sum`
//! a digest. Text alone cannot tell them apart ([`crate::redact_text`] keeps hex); the command
//! can. What a command that prints a secret file, a store's entry or a generated key printed
//! goes line by line, as in a transcript after its prompt (`printed.rs`); any other output is
//! redacted as text.

use crate::REDACTED;

/// `output`, printed by `command` (a shell command line, one or several lines), with its
/// secrets hidden: every line of it when the command prints a secret (`cat
/// /etc/app/jwt.key`, `openssl rand -hex 32`, `pass show db`, `docker exec db cat
/// /run/secrets/x`), else what [`crate::redact_text`] hides.
pub fn redact_command_output(command: &str, output: &str) -> String {
    let prints_secret = command
        .split(['\n', ';'])
        .flat_map(|part| part.split("&&"))
        .any(crate::printed::prints_secret);
    if !prints_secret {
        // redis-cli's raw `CONFIG GET` reply names each setting on the line before its value.
        if crate::printed::gets_redis_config(command) {
            return crate::redact_text(&crate::replies::redact_raw_config_pairs(output));
        }
        return crate::redact_text(output);
    }
    output
        .split_inclusive('\n')
        .map(|line| {
            let body = line.trim_end_matches(['\n', '\r']);
            if body.trim().is_empty() {
                line.to_owned()
            } else {
                let lead = &body[..body.len() - body.trim_start().len()];
                format!("{lead}{REDACTED}{}", &line[body.len()..])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::redact_command_output;

    const HEX: &str = "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a\n";

    #[test]
    fn what_secret_printing_commands_print_goes() {
        for command in [
            "openssl rand -hex 32",
            "cat /etc/app/jwt.key",
            "cat /etc/app/app.secret",
            "sudo cat /var/lib/app/api_token",
            "cd /srv && cat /var/lib/zerotier-one/authtoken.secret",
            "docker exec db cat /run/secrets/db_password",
        ] {
            assert_eq!(
                redact_command_output(command, HEX),
                "[redacted]\n",
                "{command}"
            );
        }
    }

    #[test]
    fn ids_and_digests_of_other_commands_stay() {
        for (command, output) in [
            ("docker run -d nginx", HEX),
            (
                "git rev-parse HEAD",
                "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a\n",
            ),
            (
                "sha256sum /usr/bin/ls",
                "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a  /usr/bin/ls\n",
            ),
            ("cat /etc/machine-id", "0123456789abcdef0123456789abcdef\n"),
            (
                "docker ps",
                "CONTAINER ID   IMAGE   STATUS\n3f9a1c0e7b2d   nginx   Up 2 hours\n",
            ),
            (
                "df -h /",
                "Filesystem Size Used Avail Use% Mounted on\n/dev/sda1 20G 5G 15G 25% /\n",
            ),
        ] {
            assert_eq!(redact_command_output(command, output), output, "{command}");
        }
    }

    #[test]
    fn other_output_is_redacted_as_text() {
        assert_eq!(
            redact_command_output("env", "HOME=/root\nDB_PASSWORD=tulipgarden\n"),
            "HOME=/root\nDB_PASSWORD=[redacted]\n"
        );
    }
}
