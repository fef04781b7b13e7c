//! Files the line makes and then uses: a link (or bind mount, or loop device) made to a disk or
//! system file and then written through (`ln -sf /dev/sda /tmp/x && dd if=/dev/zero
//! of=/tmp/x`, `mount --bind / /mnt && rm -rf /mnt/*`), and a script written and then run
//! (`echo 'rm -rf /' > /tmp/s.sh; sh /tmp/s.sh`, `printf … | tee x; bash x`, `cat <<EOF > x …
//! EOF` then `sh x`). The commands after the link is made are judged with the link written as
//! what it points to; the script's text is judged as a line of its own (and, for an
//! interpreter, as its code) wherever a later command other than a plain reader names it.

use crate::parse::Command;

/// Programs that only read or describe a file they are given: naming a written script does
/// not run it.
const READERS: &[&str] = &[
    "cat",
    "less",
    "more",
    "head",
    "tail",
    "grep",
    "wc",
    "ls",
    "stat",
    "file",
    "diff",
    "cmp",
    "md5sum",
    "sha1sum",
    "sha256sum",
    "sha512sum",
    "od",
    "xxd",
    "hexdump",
];

/// Each command after a link the line makes, written with the link as its target: the words
/// joined, its redirections written after them.
pub fn through_links(parts: &[Command]) -> Vec<String> {
    let mut out = Vec::new();
    for (at, part) in parts.iter().enumerate() {
        let Some((target, link)) = link_made(&part.words) else {
            continue;
        };
        for later in &parts[at + 1..] {
            let words: Vec<String> = later
                .words
                .iter()
                .map(|w| rewritten(w, &link, &target))
                .collect();
            let mut text = shlex::try_join(words.iter().map(String::as_str))
                .unwrap_or_else(|_| words.join(" "));
            for written in &later.writes_to {
                text.push_str(&format!(
                    " > {}",
                    quoted(&rewritten(written, &link, &target))
                ));
            }
            for read in &later.reads_from {
                text.push_str(&format!(" < {}", quoted(&rewritten(read, &link, &target))));
            }
            if words != later.words
                || later
                    .writes_to
                    .iter()
                    .any(|w| rewritten(w, &link, &target) != *w)
            {
                out.push(text);
            }
        }
    }
    out
}

/// `(TARGET, LINK)` for `ln [-s] TARGET LINK`, `cp -s TARGET LINK`, `mount --bind TARGET LINK`
/// (`-o bind`, `--rbind`) and `losetup [OPTIONS] LOOP FILE` (the loop device is the file).
/// An absolute target only: a relative one is read from the link's directory.
fn link_made(words: &[String]) -> Option<(String, String)> {
    let (first, args) = words.split_first()?;
    let name = first.rsplit('/').next().unwrap_or(first);
    let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let pair = match name {
        "ln" => match operands.as_slice() {
            [target, link] => Some(((*target).clone(), (*link).clone())),
            _ => None,
        },
        "cp" if args.iter().any(|a| a == "-s" || a == "--symbolic-link") => {
            match operands.as_slice() {
                [target, link] => Some(((*target).clone(), (*link).clone())),
                _ => None,
            }
        }
        "mount" if args.iter().any(|a| a.contains("bind")) => {
            let operands: Vec<&&String> = operands.iter().filter(|o| !o.contains("bind")).collect();
            match operands.as_slice() {
                [target, link] => Some(((**target).clone(), (**link).clone())),
                _ => None,
            }
        }
        "losetup" => match operands.as_slice() {
            [device, file] => Some(((*file).clone(), (*device).clone())),
            _ => None,
        },
        _ => None,
    }?;
    (pair.0.starts_with('/') && !pair.1.is_empty()).then_some(pair)
}

/// `word` with `link` (alone, as the start of a path below it, or as an option's value after
/// `=`) written as `target`.
fn rewritten(word: &str, link: &str, target: &str) -> String {
    let link = link.trim_end_matches('/');
    let replace = |text: &str| -> Option<String> {
        if text == link || text.trim_end_matches('/') == link {
            return Some(format!("{target}{}", &text[link.len()..]));
        }
        text.strip_prefix(link)
            .filter(|rest| rest.starts_with('/'))
            .map(|rest| format!("{}{rest}", target.trim_end_matches('/')))
    };
    if let Some(new) = replace(word) {
        return new;
    }
    if let Some((option, value)) = word.split_once('=')
        && let Some(new) = replace(value)
    {
        return format!("{option}={new}");
    }
    word.to_owned()
}

fn quoted(text: &str) -> String {
    shlex::try_quote(text).map_or_else(|_| text.to_owned(), |q| q.into_owned())
}

/// The texts of scripts the line writes to a file and later names to something other than a
/// reader (a shell, `source`, an interpreter, `at -f`, `crontab`, the script itself), with the
/// lines an interpreter's code holds. `here_docs` are the line's here-documents read as
/// here-strings (`fed_args::here_documents`), parsed into commands of their own.
pub fn run_scripts(parts: &[Command], here_docs: &[Vec<Command>]) -> Vec<String> {
    let mut written: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    let consider = |index: usize, part: &Command, written: &mut Vec<(String, String)>| {
        let printer = index.checked_sub(1).and_then(|i| parts.get(i));
        for (file, text) in writes(part, printer) {
            written.push((file, text));
        }
    };
    for docs in here_docs {
        for part in docs {
            consider(usize::MAX, part, &mut written);
        }
    }
    for (index, part) in parts.iter().enumerate() {
        // What this part runs of the scripts written before it.
        let name = part
            .words
            .first()
            .map(|w| w.rsplit('/').next().unwrap_or(w).to_owned())
            .unwrap_or_default();
        if !READERS.contains(&name.as_str()) {
            for (file, text) in &written {
                let named = part.words.iter().any(|w| names(w, file))
                    || part.reads_from.iter().any(|r| names(r, file));
                if named {
                    out.push(text.clone());
                    out.extend(crate::inline_code::embedded_lines(text));
                }
            }
        }
        // Copies carry a script on (`cp /tmp/s /etc/cron.hourly/x`).
        if matches!(name.as_str(), "cp" | "mv" | "install")
            && let [.., source, target] = part.words.as_slice()
            && let Some((_, text)) = written.iter().find(|(f, _)| names(source, f))
        {
            let text = text.clone();
            written.push((target.clone(), text));
        }
        consider(index, part, &mut written);
    }
    out
}

/// Whether `word` names `file`: as written, as an option's value (`-f FILE` is its own word),
/// or as `./FILE`.
fn names(word: &str, file: &str) -> bool {
    let bare = |w: &str| w.trim_start_matches("./").to_owned();
    bare(word) == bare(file)
        || word
            .split_once('=')
            .is_some_and(|(_, value)| bare(value) == bare(file))
}

/// The files a part writes with text the line shows: `echo`/`printf` redirected, `tee FILE`
/// fed by a printer or a here-string, `cat > FILE <<< TEXT`.
fn writes(part: &Command, printer: Option<&Command>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(text) = crate::fed_args::printed_text(&part.words) {
        for file in &part.writes_to {
            out.push((file.clone(), text.clone()));
        }
    }
    let name = part
        .words
        .first()
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .unwrap_or_default();
    let fed_text = part.here_strings.first().cloned().or_else(|| {
        part.fed
            .then(|| printer.and_then(|p| crate::fed_args::printed_text(&p.words)))
            .flatten()
    });
    if let Some(text) = fed_text {
        if name == "tee" {
            for file in part.words[1..].iter().filter(|w| !w.starts_with('-')) {
                out.push((file.clone(), text.clone()));
            }
            for file in &part.writes_to {
                out.push((file.clone(), text.clone()));
            }
        }
        if name == "cat" && part.words.len() == 1 {
            for file in &part.writes_to {
                out.push((file.clone(), text.clone()));
            }
        }
    }
    out.retain(|(file, _)| !file.starts_with("/dev/"));
    out
}

/// The bodies of the shell functions the line defines (`NAME() { BODY; }`, `NAME () ( BODY )`,
/// `function NAME { BODY; }`): a call by that name runs the body, judged as a line of its own.
pub fn function_bodies(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, open) in line.char_indices().filter(|(_, c)| matches!(c, '{' | '(')) {
        let before = line[..at].trim_end();
        let defines = before.ends_with("()")
            || before.rsplit_once("function ").is_some_and(|(_, name)| {
                let name = name.trim().trim_end_matches("()").trim_end();
                !name.is_empty() && !name.contains(char::is_whitespace)
            });
        if !defines {
            continue;
        }
        let close = if open == '{' { '}' } else { ')' };
        let (mut depth, mut quote) = (0usize, None);
        for (offset, c) in line[at..].char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, c) if c == open => depth += 1,
                (None, c) if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(line[at + 1..at + offset].trim().to_owned());
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{function_bodies, run_scripts, through_links};

    #[test]
    fn a_functions_body_is_what_a_call_runs() {
        assert_eq!(function_bodies("ls() { rm -rf /; }; ls"), vec!["rm -rf /;"]);
        assert_eq!(
            function_bodies("function ls { rm -rf /; }; ls"),
            vec!["rm -rf /;"]
        );
        assert_eq!(function_bodies("f () ( rm -rf / ); f"), vec!["rm -rf /"]);
        assert!(function_bodies("echo $(ls) { x }").is_empty());
    }
    use crate::parse::commands;

    fn parts(line: &str) -> Vec<crate::parse::Command> {
        commands(line).expect("parses").0
    }

    #[test]
    fn commands_after_a_link_are_written_with_its_target() {
        assert_eq!(
            through_links(&parts(
                "ln -sf /dev/sda /tmp/x && dd if=/dev/zero of=/tmp/x"
            )),
            vec!["dd 'if=/dev/zero' 'of=/dev/sda'".to_owned()]
        );
        assert_eq!(
            through_links(&parts("mount --bind / /mnt; rm -rf /mnt/etc")),
            vec!["rm -rf /etc".to_owned()]
        );
        // A relative target is read from the link's directory: not followed.
        assert!(through_links(&parts("ln -s bash /tmp/x; cat /tmp/x")).is_empty());
        // Nothing after the link names it.
        assert!(through_links(&parts("ln -s /dev/sda /tmp/x; ls /srv")).is_empty());
    }

    #[test]
    fn a_written_script_is_run_where_a_later_command_names_it() {
        assert_eq!(
            run_scripts(&parts("echo 'rm -rf /' > /tmp/s; sh /tmp/s"), &[]),
            vec!["rm -rf /".to_owned()]
        );
        assert!(run_scripts(&parts("echo 'rm -rf /' > /tmp/s; cat /tmp/s"), &[]).is_empty());
        assert!(run_scripts(&parts("sh /tmp/s; echo 'rm -rf /' > /tmp/t"), &[]).is_empty());
    }
}
