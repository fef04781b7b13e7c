//! The commands `xargs` builds where the line itself supplies its input: the words `echo` or
//! `printf` prints to it, the text of a here-string, or the files `find` lists. `echo / | xargs
//! rm -rf` runs `rm -rf /`, and `find / | xargs rm -rf` runs what `find / -exec rm -rf {} +`
//! runs; each is judged as that line (a forbidden one makes the line forbidden). Input the line
//! does not show (`xargs -a FILE`, `cat list | xargs`) stays unknowable.

use crate::normalize::base_name;
use crate::options::{Spec, parse};
use crate::parse::Command;
use crate::wrappers::XARGS;

/// The lines the `xargs` of `parts[index]` runs, as far as the line shows its input.
pub fn xargs_lines(parts: &[Command], index: usize) -> Vec<String> {
    let Some(part) = parts.get(index) else {
        return Vec::new();
    };
    // `sudo xargs`, `nice xargs`, `/usr/bin/xargs`: the xargs word wherever it stands.
    let Some(at) = part.words.iter().position(|w| base_name(w) == "xargs") else {
        return Vec::new();
    };
    let args = &part.words[at + 1..];
    let parsed = parse(args, &Spec::posix(XARGS));
    let mut command: Vec<String> = parsed.operands.iter().map(|w| (*w).to_owned()).collect();
    if command.is_empty() {
        command.push("echo".to_owned());
    }
    // `-I R` and `-i[R]` put each item where R stands, one command per item.
    let replace = parsed.values("I").next().map(str::to_owned).or_else(|| {
        parsed
            .has("i")
            .then(|| parsed.values("i").next().unwrap_or("{}").to_owned())
    });
    let previous = index.checked_sub(1).and_then(|i| parts.get(i));
    if part.fed
        && let Some(finder) = previous
        && finder.words.first().is_some_and(|w| base_name(w) == "find")
    {
        return vec![as_find_exec(&finder.words, &command, replace.as_deref())];
    }
    let mut items: Vec<String> = part
        .here_strings
        .iter()
        .flat_map(|text| text.split_whitespace().map(str::to_owned))
        .collect();
    if part.fed
        && let Some(printer) = previous
    {
        items.extend(printed_words(&printer.words));
    }
    if items.is_empty() {
        return Vec::new();
    }
    match replace {
        Some(mark) => items
            .iter()
            .map(|item| {
                let words: Vec<String> = command.iter().map(|w| w.replace(&mark, item)).collect();
                joined(&words)
            })
            .collect(),
        None => {
            let words: Vec<String> = command.iter().cloned().chain(items).collect();
            vec![joined(&words)]
        }
    }
}

/// The words `echo` or `printf` prints, split as xargs splits its input (at blanks and at the
/// newlines `\n` stands for).
fn printed_words(words: &[String]) -> Vec<String> {
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    let name = base_name(first);
    if !matches!(name.as_str(), "echo" | "printf") {
        return Vec::new();
    }
    rest.iter()
        .skip_while(|w| name == "echo" && w.starts_with('-'))
        .flat_map(|w| {
            w.replace("\\n", " ")
                .replace("\\t", " ")
                .replace("\\0", " ")
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.contains('%'))
        .collect()
}

/// `find ARGS | xargs COMMAND` as the `find ARGS -exec COMMAND {} +` it amounts to (the
/// printing actions dropped: xargs receives the names they print).
fn as_find_exec(find: &[String], command: &[String], replace: Option<&str>) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut skip_next = false;
    for word in find {
        if skip_next {
            skip_next = false;
            continue;
        }
        match word.as_str() {
            "-print" | "-print0" => {}
            "-printf" | "-fprint" | "-fprint0" => skip_next = true,
            _ => words.push(word.clone()),
        }
    }
    words.push("-exec".to_owned());
    match replace {
        Some(mark) => {
            words.extend(command.iter().map(|w| w.replace(mark, "{}")));
            words.push(";".to_owned());
        }
        None => {
            words.extend(command.iter().cloned());
            words.push("{}".to_owned());
            words.push("+".to_owned());
        }
    }
    joined(&words)
}

fn joined(words: &[String]) -> String {
    shlex::try_join(words.iter().map(String::as_str)).unwrap_or_else(|_| words.join(" "))
}
