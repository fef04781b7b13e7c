//! Argument vectors written as text: a JSON or YAML flow list of strings (Dockerfile's `CMD
//! ["redis-server", "--requirepass", "x"]`, `args: ["--token", "x"]`) and a YAML block list
//! of a container's `command:` or `args:` (`- --db-password` then `- x`), or a JSON array of
//! one item a line under such a key (`docker inspect`'s `"Args": [`). Their items are read
//! together as one command line, so an option's value in the next item goes as it would on a
//! command line; the list's quotes, commas and dashes stay.

use std::sync::LazyLock;

use crate::pattern::Gated;

use crate::REDACTED;

/// A flow list of two quoted strings or more on one line.
static FLOW_LIST: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"\[[ \t]*(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*')(?:[ \t]*,[ \t]*(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'))+[ \t]*,?[ \t]*\]"#,
    )
    .ok()
});

/// One quoted item of a flow list.
static ITEM: LazyLock<Option<Gated>> =
    LazyLock::new(|| crate::pattern::new(r#""(?:[^"\\\n]|\\.)*"|'[^'\n]*'"#).ok());

/// A word that stands as itself on a command line.
fn plain(word: &str) -> bool {
    !word.is_empty()
        && !word.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\\'))
}

/// For the items of one vector, the new text of each item the command line pass hides
/// (`None` for an item that stays). A vector without an option, or whose program takes no
/// secret operand, is no command line.
fn hidden_items(words: &[&str]) -> Vec<Option<String>> {
    let none = vec![None; words.len()];
    if words.len() < 2
        || !(words.iter().any(|w| w.starts_with('-'))
            || crate::shell::takes_secret_operands(words[0]))
    {
        return none;
    }
    const STAND_IN: &str = "x";
    let line: Vec<&str> = words
        .iter()
        .map(|w| if plain(w) { *w } else { STAND_IN })
        .collect();
    let redacted = crate::shell::redact_words(&line.join(" "));
    let read: Vec<&str> = redacted.split(' ').collect();
    if read.len() != words.len() {
        return none;
    }
    words
        .iter()
        .zip(line.iter().zip(read))
        .map(|(word, (given, got))| {
            if got == *given || word.contains(REDACTED) {
                None
            } else if plain(word) {
                Some(got.to_owned())
            } else {
                Some(REDACTED.to_owned())
            }
        })
        .collect()
}

/// Flow lists on their lines.
fn redact_flow_lists(text: &str) -> String {
    let (Some(list), Some(item)) = (FLOW_LIST.as_ref(), ITEM.as_ref()) else {
        return REDACTED.to_owned();
    };
    list.replace_all(text, |found: &regex::Captures| {
        let whole = found.get(0).map_or("", |m| m.as_str());
        let items: Vec<regex::Match> = item.find_iter(whole).collect();
        let words: Vec<&str> = items
            .iter()
            .map(|m| &m.as_str()[1..m.as_str().len() - 1])
            .collect();
        let hidden = hidden_items(&words);
        let mut out = String::with_capacity(whole.len());
        let mut copied = 0;
        for (m, new) in items.iter().zip(hidden) {
            if let Some(new) = new {
                out.push_str(&whole[copied..m.start() + 1]);
                out.push_str(&new);
                copied = m.end() - 1;
            }
        }
        out.push_str(&whole[copied..]);
        out
    })
    .into_owned()
}

/// A YAML block list's item: its indentation with the dash, and the item, quotes removed.
fn block_item(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    let item = trimmed.strip_prefix("- ")?.trim();
    let bare = if item.len() >= 2
        && (item.starts_with('"') && item.ends_with('"')
            || item.starts_with('\'') && item.ends_with('\''))
    {
        &item[1..item.len() - 1]
    } else {
        item
    };
    // A mapping item (`- name: x`) is no word of a command.
    if bare.is_empty() || (!item.starts_with(['"', '\'']) && bare.contains(": ")) {
        return None;
    }
    Some((line.len() - trimmed.len(), bare))
}

/// A JSON array's item on its own line (`"--api-key",`), as `docker inspect` and `jq` print
/// an argument vector: its indentation and the string, quotes removed.
fn json_item(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    let item = trimmed.trim_end();
    let item = item.strip_suffix(',').unwrap_or(item);
    let bare = item.strip_prefix('"')?.strip_suffix('"')?;
    if bare.is_empty() || bare.contains(['"', '\\']) {
        return None;
    }
    Some((line.len() - trimmed.len(), bare))
}

/// Whether `key` (a line, trimmed and lower-cased) opens an argument vector: YAML's
/// `command:`, `args:`, `cmd:` (any key ending so, `containerArgs:` too) before a block
/// list, or JSON's `"Args": [`, `"Cmd": [`, `"Entrypoint": [`, `"command": [` before one
/// item a line (`docker inspect`).
fn opens_vector(key: &str) -> Option<bool> {
    if key.ends_with("command:") || key.ends_with("args:") || key.ends_with("cmd:") {
        return Some(false);
    }
    let name = key
        .strip_suffix('[')?
        .trim_end()
        .strip_suffix(':')?
        .trim_end();
    let name = name.strip_prefix('"')?.strip_suffix('"')?;
    (name.ends_with("args")
        || name.ends_with("cmd")
        || name.ends_with("command")
        || name.ends_with("entrypoint"))
    .then_some(true)
}

/// Block lists under `command:` or `args:` (any key ending so, `containerArgs:` too), and
/// JSON arrays under such a key with one item a line.
fn redact_block_lists(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let mut i = 0;
    while i < lines.len() {
        let key = lines[i]
            .trim()
            .trim_start_matches("- ")
            .to_ascii_lowercase();
        let Some(json) = opens_vector(&key) else {
            i += 1;
            continue;
        };
        let mut items: Vec<(usize, &str)> = Vec::new();
        let mut j = i + 1;
        let mut column: Option<usize> = None;
        while let Some(line) = lines.get(j) {
            let item = if json {
                json_item(line)
            } else {
                block_item(line)
            };
            match item {
                Some((indent, word)) if column.is_none_or(|c| c == indent) => {
                    column = Some(indent);
                    items.push((j, word));
                    j += 1;
                }
                _ => break,
            }
        }
        let words: Vec<&str> = items.iter().map(|(_, w)| *w).collect();
        for ((at, word), new) in items.iter().zip(hidden_items(&words)) {
            if let Some(new) = new {
                out[*at] = lines[*at].replacen(word, &new, 1);
            }
        }
        i = j.max(i + 1);
    }
    out.join("\n")
}

/// `text` with the secrets of its argument vectors hidden.
pub(crate) fn redact_argument_vectors(text: &str) -> String {
    let text = if text.contains('[') {
        redact_flow_lists(text)
    } else {
        text.to_owned()
    };
    if text.contains("\n") {
        redact_block_lists(&text)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::redact_argument_vectors as redact;

    #[test]
    fn option_values_in_lists_go() {
        assert_eq!(
            redact(r#"CMD ["redis-server", "--requirepass", "S3cret"]"#),
            r#"CMD ["redis-server", "--requirepass", "[redacted]"]"#
        );
        assert_eq!(
            redact("args:\n  - --db-password\n  - S3cret\n  - --port\n  - \"8080\""),
            "args:\n  - --db-password\n  - [redacted]\n  - --port\n  - \"8080\""
        );
        assert_eq!(
            redact(
                "\"Args\": [\n    \"--model\",\n    \"m\",\n    \"--api-key\",\n    \"token-abc123secret\"\n],"
            ),
            "\"Args\": [\n    \"--model\",\n    \"m\",\n    \"--api-key\",\n    \"[redacted]\"\n],"
        );
    }

    #[test]
    fn other_lists_stay() {
        for text in [
            r#"CMD ["nginx", "-g", "daemon off;"]"#,
            r#"tags: ["web", "prod"]"#,
            "args:\n  - --port\n  - \"8080\"",
            "\"Args\": [\n    \"--model\",\n    \"m\",\n    \"--port\",\n    \"8000\"\n]",
            "\"Env\": [\n    \"PATH=/usr/bin\",\n    \"LANG=C\"\n]",
        ] {
            assert_eq!(redact(text), text);
        }
    }
}
