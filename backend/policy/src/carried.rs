//! Commands a program runs for the line that are not wrappers `normalize` sees through:
//! `ip netns exec NS COMMAND…`, `ip vrf exec VRF COMMAND…` (the command as words) and
//! `script -c TEXT` and `trap TEXT SIGNAL…` (a shell line). Each is judged as a line of its own; a forbidden one makes
//! the program forbidden (`ip netns exec x rm -rf /`, `script -qc 'rm -rf /' /dev/null`).

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
