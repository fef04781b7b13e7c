//! The commands GNU `parallel` runs. Its command is the words after its options, with each
//! input item appended, or put where a replacement string (`{}`, `{.}`, `{/}`, `{1}` ...)
//! stands. Items come from the `:::` lists on the line, or from its input, a `::::` file or
//! `-a FILE`, which the line does not show (`ls | parallel rm -rf`), unless `echo` or `printf`
//! feeds it: each of those is judged with an item the line cannot know, as `xargs` is
//! (`fed_args.rs`).
//!
//! `parallel` has some two hundred options, many taking a value (`-j 4`, `--joblog FILE`), so
//! where its command starts is not parsed: every word among the first few that does not begin
//! with `-` is tried as the start. A tried start that is in fact an option's value names an
//! unknown program, which is never judged lower than the line already is, so a wrong try can
//! only make the line stricter, never let a command through.

use crate::fed_args::{UNKNOWN_ITEM, printed_text};
use crate::normalize::base_name;
use crate::parse::Command;

/// How many words after `parallel` may start its command (its options and their values
/// before it; a line with more is judged by its first ones, and the unknown program's own
/// look at its first words still applies).
const COMMAND_STARTS: usize = 8;

/// The lines the `parallel` of `parts[index]` runs, one per item and per possible start of
/// its command; empty where `parts[index]` runs no `parallel`.
pub fn parallel_lines(parts: &[Command], index: usize) -> Vec<String> {
    let Some(part) = parts.get(index) else {
        return Vec::new();
    };
    let Some(at) = part
        .words
        .iter()
        .position(|w| matches!(base_name(w).as_str(), "parallel" | "sem"))
    else {
        return Vec::new();
    };
    let after = &part.words[at + 1..];
    let separator = after
        .iter()
        .position(|w| w.starts_with(":::"))
        .unwrap_or(after.len());
    let (command_words, sources) = after.split_at(separator);
    let items = items(
        part,
        parts.get(index.wrapping_sub(1)),
        command_words,
        sources,
    );
    // What `printf '%s\0' *` prints is the names its unquoted wildcards expand to: such an
    // item stays that wildcard (as `fed_args.rs` keeps it for xargs).
    let expanded: &[String] = match parts.get(index.wrapping_sub(1)) {
        Some(printer) if part.fed && part.here_strings.is_empty() => &printer.globs,
        _ => &[],
    };
    let mut lines = Vec::new();
    for start in command_starts(command_words) {
        let command = &command_words[start..];
        for item in &items {
            lines.push(with_item(command, item, expanded));
        }
    }
    lines
}

/// parallel's options that take no value: a word after one of them starts the command.
const FLAGS: &[&str] = &[
    "-k",
    "--keep-order",
    "-v",
    "--verbose",
    "-q",
    "--quote",
    "-X",
    "-m",
    "-u",
    "--ungroup",
    "--group",
    "--line-buffer",
    "--lb",
    "--tag",
    "--dry-run",
    "--progress",
    "--bar",
    "--eta",
    "-0",
    "--null",
    "--no-notice",
    "--will-cite",
    "--citation",
    "--halt-on-error",
    "-r",
    "--no-run-if-empty",
    "--xargs",
    "--shuf",
];

/// Where the command of `parallel WORDS` may start: each word after an option that may take a
/// value (the option's value, or the command), up to the first word that can only be the
/// command (after no option, after a flag of [`FLAGS`], an option given `=VALUE`, or `--`).
fn command_starts(words: &[String]) -> Vec<usize> {
    let mut starts = Vec::new();
    for (i, word) in words.iter().enumerate().take(COMMAND_STARTS) {
        if word.starts_with('-') {
            continue;
        }
        starts.push(i);
        let certain = match i.checked_sub(1).map(|p| words[p].as_str()) {
            None | Some("--") => true,
            Some(previous) => {
                !previous.starts_with('-') || previous.contains('=') || FLAGS.contains(&previous)
            }
        };
        if certain {
            break;
        }
    }
    starts
}

/// The items `parallel` is given: each word of the `:::` lists, the lines `echo` or `printf`
/// feeds it, and an item the line cannot know for its input, a `::::` file or `-a FILE`.
fn items(
    part: &Command,
    previous: Option<&Command>,
    options: &[String],
    sources: &[String],
) -> Vec<String> {
    let mut items = Vec::new();
    let mut unknown = sources.is_empty();
    let mut reading_files = false;
    for word in sources {
        match word.as_str() {
            ":::" | ":::+" => reading_files = false,
            "::::" | "::::+" => {
                reading_files = true;
                unknown = true;
            }
            item if !reading_files => items.push(item.to_owned()),
            _ => {}
        }
    }
    // `-a FILE` and `--arg-file FILE` read items from a file, as `::::` does.
    if options
        .iter()
        .any(|w| w.starts_with("-a") || w.starts_with("--arg-file"))
    {
        unknown = true;
    }
    if unknown {
        // Its input: a here-string's text, or what `echo` or `printf` prints into the pipe.
        let shown = if part.here_strings.is_empty() {
            part.fed
                .then(|| previous.and_then(|p| printed_text(&p.words)))
                .flatten()
        } else {
            Some(part.here_strings.join("\n"))
        };
        match shown {
            Some(text) => items.extend(
                text.split(['\n', '\0'])
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned),
            ),
            None => items.push(UNKNOWN_ITEM.to_owned()),
        }
    }
    if items.is_empty() {
        items.push(UNKNOWN_ITEM.to_owned());
    }
    items
}

/// `command` run for `item`: the item put where each replacement string stands, or appended
/// where there is none.
fn with_item(command: &[String], item: &str, expanded: &[String]) -> String {
    let mut replaced = false;
    let mut words: Vec<String> = command
        .iter()
        .map(|word| {
            let (text, any) = replace_strings(word, item);
            replaced |= any;
            text
        })
        .collect();
    if !replaced {
        words.push(item.to_owned());
    }
    crate::fed_args::joined_expanding(&words, expanded)
}

/// `word` with each replacement string (`{}`, `{.}`, `{/}`, `{//}`, `{/.}`, `{#}`, `{%}`,
/// `{N}` and their variants: braces holding none of the shell's brace-expansion marks) read as
/// `item`, and whether there was one.
fn replace_strings(word: &str, item: &str) -> (String, bool) {
    let mut out = String::new();
    let mut rest = word;
    let mut any = false;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inside = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        if inside.contains([',', '{']) || inside.contains("..") {
            out.push_str(&rest[open..=open + close]);
        } else {
            out.push_str(item);
            any = true;
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    (out, any)
}

#[cfg(test)]
mod tests {
    use super::{command_starts, replace_strings};

    #[test]
    fn the_command_starts_after_options_and_perhaps_their_values() {
        let words =
            |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_owned).collect() };
        assert_eq!(command_starts(&words("docker rm -f")), [0]);
        assert_eq!(command_starts(&words("-j 4 rm -rf {}")), [1, 2]);
        assert_eq!(command_starts(&words("-k docker rm")), [1]);
        assert_eq!(command_starts(&words("--jobs=4 rm {}")), [1]);
        assert_eq!(command_starts(&words("-- rm {}")), [1]);
        assert_eq!(
            command_starts(&words("--joblog j.log -S host shred {}")),
            [1, 3, 4]
        );
    }

    #[test]
    fn replacement_strings_are_read_as_the_item() {
        for (word, replaced) in [
            ("{}", "/"),
            ("{.}", "/"),
            ("{/}", "/"),
            ("{1}", "/"),
            ("x{}y", "x/y"),
            ("--dir={//}", "--dir=/"),
        ] {
            assert_eq!(
                replace_strings(word, "/"),
                (replaced.to_owned(), true),
                "{word}"
            );
        }
        for word in ["a{b,c}", "{1..3}", "plain", "{unclosed"] {
            assert_eq!(
                replace_strings(word, "/"),
                (word.to_owned(), false),
                "{word}"
            );
        }
    }
}
