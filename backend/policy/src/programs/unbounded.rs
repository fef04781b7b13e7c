//! What nothing bounds where nothing contains the command (`ssh_exec`). Contained, a run has
//! memory, time and process bounds and writes no temporary file; on a remote host nothing
//! bounds it, and a program that prints nothing until it is done outlives the connection
//! (nothing signals it when the connection closes): an endless device read whole, a
//! computation that may never end.

use super::Judgement;
use crate::level::RiskLevel;

/// Devices that never end: read whole, they keep a reader busy, growing its buffers (`sort`,
/// `grep`, `tac`) or its temporary files (`sort` spills to /tmp) for ever.
const ENDLESS: &[&str] = &["/dev/zero", "/dev/urandom", "/dev/random", "/dev/full"];

/// The options with which a dumper reads only a number of bytes: `head -c`, `od -N`, `xxd -l`,
/// `hexdump -n`.
fn byte_limits(name: &str) -> &'static [&'static str] {
    match name {
        "head" => &["-c", "--bytes"],
        "od" => &["-N", "--read-bytes"],
        "xxd" => &["-l", "-len"],
        "hexdump" | "hd" => &["-n", "--length"],
        _ => &[],
    }
}

/// The endless device `name` reads with `args`, unless it reads a bounded prefix of it
/// (`head -c 32 /dev/urandom`).
fn reads_endless<'a>(name: &str, args: &'a [String]) -> Option<&'a str> {
    let limits = byte_limits(name);
    if args
        .iter()
        .any(|a| limits.iter().any(|limit| a.starts_with(limit)))
    {
        return None;
    }
    args.iter().map(String::as_str).find(|word| {
        let path = word.split_once('=').map_or(*word, |(_, value)| value);
        ENDLESS.contains(&crate::paths::system_path(path).as_str())
    })
}

/// Words of a filter language that loop without reading input: jq's generators and recursion,
/// awk's loops and functions.
fn loop_words(name: &str) -> &'static [&'static str] {
    match name {
        "jq" | "gojq" | "jaq" => &["range", "repeat", "until", "while", "recurse(", "def "],
        "awk" | "gawk" | "mawk" | "nawk" => &["while", "do", "for(", "for (", "function", "func "],
        _ => &[],
    }
}

/// Why `name` with `args` may compute without end, if it may: a loop in a filter program (awk's
/// `for (key in array)` is bounded by the array and stays), a sed script with a label to branch
/// back to, a number to factor too long to be factored in the time of a run.
fn computes_without_bound(name: &str, args: &[String]) -> Option<String> {
    let words = loop_words(name);
    for arg in args {
        let text = arg.as_str();
        if let Some(word) = words.iter().find(|word| uses(text, word)) {
            return Some(format!("{name}: `{}` may loop without end", word.trim()));
        }
    }
    if name == "sed" && args.iter().any(|a| !a.starts_with('-') && sed_label(a)) {
        return Some("sed: a script with a label may branch back to it without end".to_owned());
    }
    if name == "factor"
        && let Some(number) = args
            .iter()
            .find(|a| a.chars().filter(char::is_ascii_digit).count() > 30)
    {
        return Some(format!(
            "factor {number}: a number that long may take hours to factor"
        ));
    }
    None
}

/// Whether `text` uses `word` as a word of its own (`do`, not `done`; `range`, not
/// `arrange`), other than awk's `for (key in array)`, which walks an array once.
fn uses(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let rest = &text[at + word.len()..];
        let after = rest.chars().next();
        let open_end = word.ends_with(|c: char| !c.is_ascii_alphanumeric());
        let whole = !before.is_some_and(ident) && (open_end || !after.is_some_and(ident));
        let walk = word.starts_with("for")
            && rest
                .split(')')
                .next()
                .is_some_and(|head| head.contains(" in "));
        whole && !walk
    })
}

/// Whether a sed script defines a label (`:a`), which a branch (`b`, `t`, `T`) can return to.
fn sed_label(script: &str) -> bool {
    script
        .split([';', '\n'])
        .any(|command| command.trim_start().starts_with(':'))
}

/// Raises `j` for what nothing would bound on a remote host.
pub fn raise(name: &str, args: &[String], j: &mut Judgement) {
    if let Some(device) = reads_endless(name, args) {
        j.raise(
            RiskLevel::Medium,
            format!("{name} reads {device}, which never ends: nothing bounds its memory, time or temporary files where nothing contains it; `head -c N {device}` reads a bounded part"),
        );
    }
    if let Some(why) = computes_without_bound(name, args) {
        j.raise(
            RiskLevel::Medium,
            format!("{why}; nothing bounds its memory or time where nothing contains it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn loops_are_found_and_bounded_walks_are_not() {
        let looping: &[(&str, &[&str])] = &[
            ("jq", &["-n", "[range(1e9)]"]),
            ("jq", &["-n", "def f: f; f"]),
            ("jq", &["-n", "[repeat(1)]"]),
            ("awk", &["BEGIN{while(1)x=x\"a\"}"]),
            ("awk", &["BEGIN{for(;;);}"]),
            ("awk", &["BEGIN{for (i=0;i<1e12;i++) s=s i}"]),
            ("gawk", &["function f(){f()} BEGIN{f()}"]),
            ("sed", &[":a;H;G;ba", "/etc/passwd"]),
            ("factor", &["1234567890123456789012345678901234567890"]),
        ];
        for (name, line) in looping {
            assert!(
                computes_without_bound(name, &args(line)).is_some(),
                "{name} {line:?}"
            );
        }
        let bounded: &[(&str, &[&str])] = &[
            ("jq", &[".items[] | .metadata.name"]),
            ("jq", &["-r", ".[]", "/srv/x.json"]),
            ("awk", &["{print $1}"]),
            ("awk", &["{print \"done\", $0}"]),
            ("jq", &[".arrange | .domain"]),
            ("awk", &["{n[$1]++} END{for (k in n) print k, n[k]}"]),
            ("sed", &["-n", "1,5p", "/etc/hosts"]),
            ("sed", &["s/a/b/", "/etc/hosts"]),
            ("factor", &["1234567890"]),
        ];
        for (name, line) in bounded {
            assert!(
                computes_without_bound(name, &args(line)).is_none(),
                "{name} {line:?}"
            );
        }
    }
}
