//! cloud-init's `chpasswd` module, whose `list` gives each account its password as
//! `user:password`, in a block (`list: |` and one pair a line) or as a sequence (`- root:x`).
//! The user stays; the password goes, but `RANDOM` (cloud-init generates it) and a hash
//! (`$6$...`, set as it is) are not written secrets, and stay.

use crate::REDACTED;

/// The indentation of `line`, in bytes.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `line`, an entry of the list, with its password hidden.
fn hide_entry(line: &str) -> String {
    let entry = line.trim_start();
    let entry = entry.strip_prefix("- ").unwrap_or(entry).trim_start();
    let entry = entry.trim_end().trim_matches(['"', '\'']);
    let Some((user, password)) = entry.split_once(':') else {
        return line.to_owned();
    };
    if user.is_empty()
        || password.is_empty()
        || (password.starts_with('$') && password[1..].contains('$'))
        || matches!(password, "RANDOM" | "R")
        || password.contains(REDACTED)
    {
        return line.to_owned();
    }
    let Some(at) = line.find(entry) else {
        return line.to_owned();
    };
    let start = at + user.len() + 1;
    format!(
        "{}{REDACTED}{}",
        &line[..start],
        &line[start + password.len()..]
    )
}

/// `text` with the passwords of `chpasswd` lists hidden.
pub(crate) fn redact_chpasswd_lists(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    // The indentation of the `chpasswd:` key, then of its `list:` key, while inside them.
    let mut module: Option<usize> = None;
    let mut list: Option<usize> = None;
    for line in text.split('\n') {
        let blank = line.trim().is_empty();
        if let Some(at) = list {
            if blank
                || indent(line) > at
                || line.trim_start().starts_with("- ") && indent(line) == at
            {
                out.push(hide_entry(line));
                continue;
            }
            list = None;
        }
        if let Some(at) = module
            && !blank
            && indent(line) <= at
        {
            module = None;
        }
        let key = line.trim_start();
        if key.starts_with("chpasswd:") {
            module = Some(indent(line));
        } else if module.is_some()
            && let Some(value) = key.strip_prefix("list:")
            && matches!(value.trim(), "" | "|" | "|-" | ">" | ">-")
        {
            list = Some(indent(line));
        }
        out.push(line.to_owned());
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_chpasswd_lists as redact;

    #[test]
    fn listed_passwords_go_users_and_generated_ones_stay() {
        assert_eq!(
            redact(
                "chpasswd:\n  list: |\n    root:Passw0rd1\n    bob:RANDOM\n  expire: False\nusers: []"
            ),
            "chpasswd:\n  list: |\n    root:[redacted]\n    bob:RANDOM\n  expire: False\nusers: []"
        );
        assert_eq!(
            redact("chpasswd:\n  list:\n  - root:Passw0rd1\n  - 'ann:$6$salt$hash'\nruncmd: []"),
            "chpasswd:\n  list:\n  - root:[redacted]\n  - 'ann:$6$salt$hash'\nruncmd: []"
        );
    }

    #[test]
    fn lists_of_other_modules_stay() {
        let text = "write_files:\n  list: |\n    a:b\n";
        assert_eq!(redact(text), text);
    }
}
