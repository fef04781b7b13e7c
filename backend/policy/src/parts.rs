//! The commands a line runs, normalised to `program arg...` with wrappers, paths and shell
//! payloads unwrapped: what command rules in policy files are matched against, so a rule written
//! for `apt-get remove *` also catches `sudo /usr/bin/apt-get remove x` and `sh -c 'apt-get remove x'`.

use crate::normalize::{Payload, resolve};
use crate::parse::commands;

const MAX_DEPTH: usize = 6;

/// Every command of `line` (pipelines, lists, substitutions and shell payloads included), each as
/// its base program name followed by its arguments. A line that cannot be parsed is returned as
/// it is, so rules still see it.
pub fn command_parts(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    collect(line, 0, &mut out);
    out
}

fn collect(line: &str, depth: usize, out: &mut Vec<String>) {
    let Ok((parts, _)) = commands(line) else {
        out.push(line.trim().to_owned());
        return;
    };
    for part in parts.into_iter().filter(|p| !p.words.is_empty()) {
        match resolve(&part.words).payload {
            Payload::Shell(text) if depth < MAX_DEPTH => collect(&text, depth + 1, out),
            Payload::Program { name, args } => out.push(
                std::iter::once(name)
                    .chain(args)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Payload::Shell(_) | Payload::Code(_) | Payload::Nothing(_) | Payload::Hidden(_) => {
                out.push(part.words.join(" "));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::command_parts;

    #[test]
    fn unwraps_what_hides_the_program() {
        assert_eq!(
            command_parts("sudo /usr/bin/apt-get remove -y nginx"),
            vec!["apt-get remove -y nginx"]
        );
        assert_eq!(
            command_parts("env X=1 sh -c 'iptables -F && echo done'"),
            vec!["iptables -F", "echo done"]
        );
        assert_eq!(
            command_parts("df -h | sort; uptime"),
            vec!["df -h", "sort", "uptime"]
        );
    }
}
