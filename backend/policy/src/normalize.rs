//! From a command's words to what actually runs. Wrappers are read with their own options, as
//! they read them, and their payload is what gets judged: `sudo`, `doas`, `su -c`, `runuser`,
//! `pkexec`, `setpriv`, `chroot`, `env` (with `-S`, whose text is a command line), `nice`,
//! `ionice`, `timeout`, `nohup`, `setsid`, `stdbuf`, `time`, `command`, `builtin`, `exec`, `xargs`
//! (whose arguments come from its input, so never low), `watch` (whose command runs through
//! `sh -c`), `flock`, `chronic`, `ifne`, `unbuffer`, `taskset`, `chrt`, `numactl`, `busybox`, and
//! the shell's own keywords (`!`, `if`, `then`, `do`...). The program's directory and an
//! alias-escaping backslash are removed. Shells given a command (`sh -c`, `eval`) give a line to
//! judge; other interpreters given inline code give code, which is not judged line by line.

use crate::level::RiskLevel;
use crate::options::{Role, parse};
use crate::wrappers::wrapper;

/// What a command comes down to, after its wrappers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwrapped {
    pub payload: Payload,
    /// Run as another user (sudo, doas, su, runuser, pkexec, chroot...).
    pub elevated: bool,
    /// Wrappers seen on the way.
    pub via: Vec<String>,
    /// What the wrappers themselves do or could not show.
    pub concerns: Vec<Concern>,
    /// A working directory a wrapper set (`env -C DIR`).
    pub working_dir: Option<String>,
    /// Environment variables set for the program (`NAME=VALUE`, `env NAME=VALUE`).
    pub assignments: Vec<String>,
    /// A wrapper ends the program in time, whatever it does (`timeout 10`:
    /// [`crate::wrappers::ends_in_time`]).
    pub time_bounded: bool,
    /// A wrapper ignores or blocks signals for the program (`env --ignore-signal`,
    /// `--block-signal`, `nohup`): a disposition its program inherits, so a timeout's signal
    /// may never end it ([`crate::wrappers::masks_signals`]).
    pub signals_masked: bool,
    /// A `timeout` ends the program in time with `KILL`, which nothing ignores or blocks
    /// (`-s KILL`, `--kill-after`).
    pub killed_in_time: bool,
}

impl Unwrapped {
    /// Whether a wrapper ends the program in time, whatever it does: a `timeout` that does,
    /// unless another wrapper masks the signals it sends and it does not follow them with
    /// `KILL` (`timeout 10 env --ignore-signal=TERM ping HOST` never ends).
    pub fn ends_in_time(&self, outer: bool) -> bool {
        (outer || self.time_bounded) && (!self.signals_masked || self.killed_in_time)
    }
}

/// The innermost thing that runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// A program with its arguments (the name without directories).
    Program { name: String, args: Vec<String> },
    /// A shell asked to run this text (`sh -c`, `eval`, `watch`, `su -c`): judged as a line.
    Shell(String),
    /// An interpreter asked to run inline code (`python -c`, `perl -e`...).
    Code(String),
    /// Nothing runs (a wrapper alone, such as `nice` or `env`, which only prints).
    Nothing(String),
    /// The command cannot be seen, and why.
    Hidden(String),
}

/// Something a wrapper does by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Concern {
    Level(RiskLevel, String),
    /// Other processes' command lines printed: high only where nothing contains the command
    /// (`programs/cmdlines.rs`).
    ShowsCommandLines(String),
    Reads(String),
    Writes(String),
    /// The wrapper runs until it is stopped (`watch`, `flock` waiting for its lock): medium
    /// only where nothing contains the command, since containment's time bound ends it.
    Endless(String),
    /// A wrapper's option sizes a buffer past its bound (`stdbuf -o 1G`): medium only where
    /// nothing contains the command, since containment's memory bound holds it.
    Oversized(String),
    /// The words the program gets are not known until it runs (`xargs` reads them from its
    /// input): medium where the sandbox holds it, high where nothing contains the command.
    Unknowable(String),
}

/// The shells, by program name: each runs a script, its input or `-c TEXT` as commands. The one
/// list every judgement of "a shell runs this" reads (`is_shell`).
const SHELLS: &[&str] = &[
    "sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "fish", "csh", "tcsh", "yash", "rbash",
];

/// Whether `name` (a program's base name) is a shell.
pub(crate) fn is_shell(name: &str) -> bool {
    SHELLS.contains(&name)
}
const INTERPRETERS: &[&str] = &[
    "python",
    "python2",
    "python3",
    "perl",
    "ruby",
    "node",
    "nodejs",
    "php",
    "lua",
    "tclsh",
    "pwsh",
    "deno",
    "bun",
    "rscript",
    "julia",
    "osascript",
    "expect",
    "guile",
    "racket",
];
/// Whether `name` (a program's base name) is an interpreter of a language.
pub(crate) fn is_interpreter(name: &str) -> bool {
    INTERPRETERS.contains(&name)
}
/// Options with which an interpreter runs code given on the command line (or a module).
const INLINE_CODE: &[&str] = &[
    "-c",
    "-e",
    "-E",
    "-r",
    "-m",
    "--eval",
    "--exec",
    "-p",
    "--print",
    "-x",
    "--command",
    "-Command",
    "-EncodedCommand",
];
/// Shell keywords that may start a simple command without hiding it.
const KEYWORDS: &[&str] = &["!", "if", "then", "else", "elif", "do", "while", "until"];

/// The program name without directories or a leading backslash (`\rm`, `/usr/bin/rm` are `rm`).
pub fn base_name(word: &str) -> String {
    let word = word.trim_start_matches('\\');
    // Names are case-sensitive, as the file system is: `CAT` is not `cat`.
    let name = word.rsplit('/').next().unwrap_or(word).to_owned();
    // python3.11, perl5.36, pip3 are their interpreter; other names keep their digits (killall5).
    let unversioned = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    if INTERPRETERS.contains(&unversioned) || matches!(unversioned, "pip" | "python") {
        return unversioned.to_owned();
    }
    // Debian installs its netcats under their flavour's name (`nc.traditional`, the one with
    // `-e`; `nc.openbsd`), which `nc` and `netcat` are alternatives for.
    match name.split_once('.') {
        Some((stem @ ("nc" | "netcat"), "traditional" | "openbsd")) => stem.to_owned(),
        _ => name,
    }
}

/// Directories whose programs are the system's own, installed by its packages (a program named
/// by a path elsewhere, such as `./cat` or `/tmp/ls`, may be anything). `/usr/local/bin` and
/// `/usr/local/sbin` are not among them: they hold what was installed by hand, and on Debian
/// and its derivatives the `staff` group may write there, so `/usr/local/bin/ls` is whatever
/// was put under that name.
const SYSTEM_BIN_DIRS: &[&str] = &["/bin", "/sbin", "/usr/bin", "/usr/sbin"];

/// Whether the program word is a bare name (found on the PATH) or a path into a system
/// program directory. A path through `..` is not: the kernel climbs from where a link leads
/// (`/bin` is a link to `usr/bin` on merged systems, and `/usr/local/bin` may be one another
/// user planted), so its text does not say which directory the program lies in.
fn trusted_location(word: &str) -> bool {
    let word = word.trim_start_matches('\\');
    if !word.contains('/') {
        return true;
    }
    if word.split('/').any(|part| part == "..") {
        return false;
    }
    let normal = crate::paths::lexical(std::path::Path::new(word));
    normal.parent().is_some_and(|dir| {
        SYSTEM_BIN_DIRS
            .iter()
            .any(|d| dir == std::path::Path::new(d))
    })
}

/// Whether a word is a variable assignment (`NAME=value`).
pub fn is_assignment(word: &str) -> bool {
    let Some((name, _)) = word.split_once('=') else {
        return false;
    };
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

const MAX_UNWRAP: usize = 16;

/// What `words` (a command as split) comes down to.
pub fn resolve(words: &[String]) -> Unwrapped {
    let mut out = Unwrapped {
        payload: Payload::Nothing(String::new()),
        elevated: false,
        via: Vec::new(),
        concerns: Vec::new(),
        working_dir: None,
        assignments: Vec::new(),
        time_bounded: false,
        signals_masked: false,
        killed_in_time: false,
    };
    let mut owned: Vec<String>;
    let mut rest: &[String] = words;
    for _ in 0..MAX_UNWRAP {
        while let Some((first, after)) = rest.split_first()
            && is_assignment(first)
        {
            out.assignments.push(first.clone());
            rest = after;
        }
        while let Some((first, after)) = rest.split_first()
            && KEYWORDS.contains(&first.as_str())
        {
            rest = after;
        }
        let Some((first, args)) = rest.split_first() else {
            out.payload = Payload::Nothing(out.via.last().cloned().unwrap_or_default());
            return out;
        };
        let name = base_name(first);
        if !trusted_location(first) {
            out.concerns.push(Concern::Level(
                RiskLevel::Medium,
                format!("{first} runs from outside the system's program directories: its name proves nothing"),
            ));
        }
        match step(&name, args, &mut out) {
            Step::Next(next) => {
                out.via.push(name);
                owned = next;
                rest = &owned;
            }
            Step::Done(payload) => {
                out.payload = payload;
                return out;
            }
        }
    }
    out.payload = Payload::Hidden("too many wrappers to see the command".to_owned());
    out
}

enum Step {
    Next(Vec<String>),
    Done(Payload),
}

fn step(name: &str, args: &[String], out: &mut Unwrapped) -> Step {
    if SHELLS.contains(&name) {
        return Step::Done(shell(name, args));
    }
    if INTERPRETERS.contains(&name) {
        let inline = args.iter().any(|a| {
            INLINE_CODE.contains(&a.as_str())
                || (a.starts_with('-') && !a.starts_with("--") && a.len() > 2 && {
                    // Clustered flags ending in a code option: `-Sc`, `-ne`.
                    a.ends_with(['c', 'e', 'E', 'm'])
                })
        });
        return Step::Done(if inline {
            Payload::Code(name.to_owned())
        } else {
            Payload::Program {
                name: name.to_owned(),
                args: args.to_vec(),
            }
        });
    }
    if name == "eval" {
        return Step::Done(Payload::Shell(args.join(" ")));
    }
    let Some(wrapper) = wrapper(name) else {
        return Step::Done(Payload::Program {
            name: name.to_owned(),
            args: args.to_vec(),
        });
    };
    let parsed = parse(args, &wrapper.spec);
    out.elevated |= wrapper.elevated;
    if matches!(name, "setsid" | "nohup") {
        // A new session, or deafness to the hangup, lets the program outlive the call's time
        // limit on the host; in the sandbox nothing outlives the call.
        out.concerns.push(Concern::Level(
            RiskLevel::Medium,
            format!("{name}: the program would outlive the call's time limit on the host"),
        ));
    }
    for problem in &parsed.problems {
        out.concerns.push(Concern::Level(
            RiskLevel::Medium,
            format!("{name}: {problem}"),
        ));
    }
    if let Some(concern) = crate::wrappers::scheduling(name, args, &parsed) {
        out.concerns.push(concern);
    }
    if let Some(why) = crate::wrappers::endless(name, &parsed) {
        out.concerns.push(Concern::Endless(why));
    }
    out.time_bounded |= crate::wrappers::ends_in_time(name, &parsed);
    out.killed_in_time |= crate::wrappers::kills_in_time(name, &parsed);
    out.signals_masked |= crate::wrappers::masks_signals(name, &parsed);
    for found in &parsed.found {
        match (found.opt.role, &found.value) {
            // stdbuf's `L` mode is line buffering, not a size.
            (Role::Sizes(bound), Some(value))
                if !(crate::programs::size_within(value, bound)
                    || (name == "stdbuf" && *value == "L")) =>
            {
                let shown = if found.spelled.has_value() {
                    format!("{name} {}", found.spelled)
                } else {
                    format!("{name} {} {value}", found.spelled)
                };
                out.concerns.push(Concern::Oversized(format!(
                    "{shown}: more than {} asks for more than a host spares",
                    bound.most
                )));
            }
            (Role::Inert | Role::Endless(_) | Role::Sizes(_), _) => {}
            (Role::Reads, Some(path)) => out.concerns.push(Concern::Reads((*path).to_owned())),
            (Role::Writes, Some(path)) => out.concerns.push(Concern::Writes((*path).to_owned())),
            (Role::Reads | Role::Writes, None) => {}
            (Role::Runs, _) => out.concerns.push(Concern::Level(
                RiskLevel::High,
                format!("{name} {} runs a command", found.spelled),
            )),
            (Role::Changes(why), _) => out.concerns.push(Concern::Level(
                RiskLevel::High,
                format!("{name} {}: {why}", found.spelled),
            )),
            (Role::Unproven(why), _) => out
                .concerns
                .push(Concern::Level(RiskLevel::Medium, format!("{name}: {why}"))),
        }
    }
    let operands = &parsed.operands;
    let payload: Vec<String> = operands
        .get(wrapper.skip..)
        .unwrap_or(&[])
        .iter()
        .map(|word| (*word).to_owned())
        .collect();
    // busybox's own `ps` and `top` print each process's whole command line whatever their
    // options (procps's are judged by theirs: `programs/cmdlines.rs`).
    if name == "busybox"
        && let Some(applet @ ("ps" | "top")) = payload.first().map(String::as_str)
    {
        out.concerns
            .push(Concern::ShowsCommandLines(format!("busybox {applet}")));
    }
    match name {
        "env" => {
            if let Some(dir) = parsed.values("chdir").last() {
                out.working_dir = Some(dir.to_owned());
            }
            let mut payload = payload;
            if let Some(text) = parsed.values("split-string").last() {
                if text.contains(['\\', '$']) {
                    out.concerns.push(Concern::Level(
                        RiskLevel::High,
                        "env -S text with escapes or variables cannot be read exactly".to_owned(),
                    ));
                }
                match shlex::split(text) {
                    Some(mut words) => {
                        words.extend(payload);
                        payload = words;
                    }
                    None => {
                        return Step::Done(Payload::Hidden(
                            "env -S text that cannot be split".to_owned(),
                        ));
                    }
                }
            }
            let mut at = 0;
            while payload.get(at).is_some_and(|w| is_assignment(w)) {
                out.assignments.push(payload[at].clone());
                at += 1;
            }
            next_or_nothing(name, payload[at..].to_vec())
        }
        // sg GROUP [-c] COMMAND: the command runs through a shell.
        "sg" => {
            let text = match payload.first().map(String::as_str) {
                Some("-c") => payload.get(1),
                Some(_) | None => payload.first(),
            };
            match parsed
                .values("c")
                .last()
                .map(str::to_owned)
                .or(text.cloned())
            {
                Some(text) => Step::Done(Payload::Shell(text)),
                None => Step::Done(Payload::Program {
                    name: name.to_owned(),
                    args: args.to_vec(),
                }),
            }
        }
        "su" | "runuser" => match parsed
            .values("command")
            .last()
            .map(|text| (*text).to_owned())
            .or_else(|| permuted_command(&payload))
        {
            Some(text) => Step::Done(Payload::Shell(text)),
            // runuser -u USER -- cmd; su [-] [user]: a shell as that user.
            None if name == "runuser" && parsed.has("user") && !payload.is_empty() => {
                Step::Next(payload)
            }
            None => Step::Done(Payload::Program {
                name: name.to_owned(),
                args: args.to_vec(),
            }),
        },
        "sudo" if (parsed.has("shell") || parsed.has("login")) && !payload.is_empty() => {
            Step::Done(Payload::Shell(payload.join(" ")))
        }
        "sudo" | "doas" | "chroot" | "run0" if payload.is_empty() => Step::Done(Payload::Program {
            name: name.to_owned(),
            args: args.to_vec(),
        }),
        "watch" if !parsed.has("exec") => {
            if payload.is_empty() {
                next_or_nothing(name, payload)
            } else {
                // watch runs its command through `sh -c`, joined with spaces.
                Step::Done(Payload::Shell(payload.join(" ")))
            }
        }
        "flock" => {
            if let Some(text) = parsed.values("command").last() {
                return Step::Done(Payload::Shell(text.to_owned()));
            }
            // `flock FILE -c COMMAND`: the command comes after the lock file.
            if let Some(flag) = payload.first()
                && matches!(flag.as_str(), "-c" | "--command")
            {
                return Step::Done(match payload.get(1) {
                    Some(text) => Payload::Shell(text.clone()),
                    None => Payload::Hidden("flock -c without a command".to_owned()),
                });
            }
            match operands.first() {
                Some(lock) if !lock.chars().all(|c| c.is_ascii_digit()) => {
                    out.concerns.push(Concern::Level(
                        RiskLevel::High,
                        format!("flock creates the lock file {lock} when it is missing"),
                    ));
                }
                Some(_) | None => {}
            }
            next_or_nothing(name, payload)
        }
        "command" if parsed.has("v") || parsed.has("V") => Step::Done(Payload::Program {
            name: "command".to_owned(),
            args: args.to_vec(),
        }),
        "xargs" => {
            out.concerns.push(Concern::Unknowable(
                "xargs takes its arguments from its input, which cannot be judged".to_owned(),
            ));
            if payload.is_empty() {
                Step::Done(Payload::Nothing("xargs".to_owned()))
            } else {
                Step::Next(payload)
            }
        }
        "taskset" | "chrt" if parsed.has("pid") => Step::Done(Payload::Nothing(name.to_owned())),
        "chrt" if parsed.has("max") => Step::Done(Payload::Nothing(name.to_owned())),
        "numactl" if payload.is_empty() => Step::Done(Payload::Nothing(name.to_owned())),
        _ => next_or_nothing(name, payload),
    }
}

fn next_or_nothing(name: &str, payload: Vec<String>) -> Step {
    if payload.is_empty() {
        Step::Done(Payload::Nothing(name.to_owned()))
    } else {
        Step::Next(payload)
    }
}

/// A shell's options (`args` before its first operand): the short flags given (clusters
/// joined: `-lc` and `-e -c` give `lc`, `ec`) and where its operands start. `--` and `-` end
/// the options; `-o`, `-O`, `--rcfile`, `--init-file` take the next word.
fn shell_options(args: &[String]) -> (String, usize) {
    let mut flags = String::new();
    let mut i = 0;
    while let Some(word) = args.get(i) {
        i += 1;
        if word == "--" || word == "-" {
            break;
        }
        if matches!(
            word.as_str(),
            "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file"
        ) {
            i += 1;
            continue;
        }
        if let Some(cluster) = word.strip_prefix('-').filter(|f| !f.starts_with('-')) {
            flags.push_str(cluster);
            continue;
        }
        if word.starts_with("--") || word.starts_with('+') {
            continue;
        }
        i -= 1;
        break;
    }
    (flags, i.min(args.len()))
}

/// A shell's arguments: `-c TEXT` (also clustered: `-lc`, `-ec`) gives a line to judge; a script
/// operand or no operand at all (commands from input) is a program to judge as such.
fn shell(name: &str, args: &[String]) -> Payload {
    let (flags, i) = shell_options(args);
    match (flags.contains('c'), args.get(i)) {
        (true, Some(text)) => Payload::Shell(with_parameters(text, &args[i + 1..])),
        (true, None) => Payload::Hidden(format!("{name} -c without a command")),
        (false, _) => Payload::Program {
            name: name.to_owned(),
            args: args.to_vec(),
        },
    }
}

/// The positional parameters of a shell that reads its script from its input, where its
/// arguments `args` say it does: no `-c`, and `-s` (`sh -s ARGS`, `bash -s -- ARGS`), no
/// operand at all, or `/dev/stdin` as its script (`bash /dev/stdin ARGS`). `None` where it runs
/// `-c TEXT` or a script file.
/// The parameters a command's words give the script it reads from its input, when they are a
/// shell reading its script from its input (`sh -s ARGS`, `bash`, `sudo bash -s -- ARGS`).
pub(crate) fn shell_reading_input(words: &[String]) -> Option<Vec<String>> {
    let Payload::Program { name, args } = resolve(words).payload else {
        return None;
    };
    is_shell(&name)
        .then(|| stdin_script_parameters(&args).map(<[String]>::to_vec))
        .flatten()
}

pub(crate) fn stdin_script_parameters(args: &[String]) -> Option<&[String]> {
    let stdin = |a: &str| matches!(a, "/dev/stdin" | "/proc/self/fd/0" | "/dev/fd/0");
    let (flags, i) = shell_options(args);
    if flags.contains('c') {
        return None;
    }
    let from_input = flags.contains('s');
    let operands = args.get(i..).unwrap_or_default();
    match operands.split_first() {
        _ if from_input => Some(operands),
        None => Some(operands),
        Some((script, rest)) if stdin(script) => Some(rest),
        Some(_) => None,
    }
}

/// The text of `sh -c TEXT NAME ARGS…` with the parameters the words after it give: `$0` is
/// NAME, `$1`… and `"$@"` are ARGS, written in (`positional.rs`): `sh -c 'rm -f "$1"' _
/// /bin/bash` is `rm -f "/bin/bash"`, judged as that at every level. A script that may change
/// its parameters (`shift`) is given them by a `set --` before the text, which the line's own
/// values are then read from (`assigned.rs`). Without words after it the text is unchanged.
fn with_parameters(text: &str, words: &[String]) -> String {
    let Some((name, args)) = words.split_first() else {
        return text.to_owned();
    };
    if let Some(written) = crate::positional::written_in(text, Some(name), args) {
        return written;
    }
    let quote = |w: &str| shlex::try_quote(w).map_or_else(|_| w.to_owned(), |q| q.into_owned());
    let named = text
        .replace("${0}", &quote(name))
        .replace("$0", &quote(name));
    if args.is_empty() {
        return named;
    }
    let set = args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ");
    format!("set -- {set}; {named}")
}

/// The command of `su`/`runuser` given after the user (`su root -c TEXT`, `su - root
/// --command=TEXT`, `runuser -l root -lc TEXT`): util-linux reads options anywhere among the
/// operands, as GNU getopt does, up to `--`.
fn permuted_command(words: &[String]) -> Option<String> {
    let mut found = None;
    let mut i = 0;
    while let Some(word) = words.get(i) {
        i += 1;
        if word == "--" {
            break;
        }
        // `--command` and `--session-command`, and any abbreviation getopt takes (`--comm`).
        let long = word
            .strip_prefix("--")
            .map(|w| w.split_once('=').map_or((w, None), |(o, v)| (o, Some(v))));
        if let Some((option, value)) = long {
            let command = (!option.is_empty() && "command".starts_with(option))
                || (option.len() >= 2 && "session-command".starts_with(option));
            if command {
                match value {
                    Some(text) => found = Some(text.to_owned()),
                    None => {
                        found = words.get(i).cloned();
                        i += 1;
                    }
                }
            }
        } else if let Some(cluster) = word.strip_prefix('-')
            && !cluster.starts_with('-')
            && let Some(at) = cluster.find('c')
        {
            // A value-taking option before `c` in the cluster (`-sX`, `-gX`) holds the rest.
            if cluster[..at].contains(['s', 'g', 'G', 'w', 'u']) {
                continue;
            }
            let rest = &cluster[at + 1..];
            if rest.is_empty() {
                found = words.get(i).cloned();
                i += 1;
            } else {
                found = Some(rest.to_owned());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shell_texts_parameters_are_the_words_after_it() {
        assert_eq!(
            with_parameters("rm -f \"$1\"", &["_".to_owned(), "/bin/bash".to_owned()]),
            "rm -f \"/bin/bash\""
        );
        assert_eq!(
            with_parameters(
                "shift; rm -f \"$1\"",
                &["_".to_owned(), "/bin/bash".to_owned()]
            ),
            "set -- /bin/bash; shift; rm -f \"$1\""
        );
        assert_eq!(
            with_parameters("chown nobody $0", &["/etc/shadow".to_owned()]),
            "chown nobody /etc/shadow"
        );
        assert_eq!(with_parameters("ls", &[]), "ls");
    }

    fn words(line: &str) -> Vec<String> {
        shlex::split(line).unwrap_or_default()
    }

    #[test]
    fn a_script_from_input_takes_the_operands_as_parameters() {
        let given = |line: &str| stdin_script_parameters(&words(line)).map(<[String]>::to_vec);
        assert_eq!(given("-s /etc/passwd"), Some(words("/etc/passwd")));
        assert_eq!(given("-s -- a b"), Some(words("a b")));
        assert_eq!(given("-es a"), Some(words("a")));
        assert_eq!(given("--norc -o pipefail"), Some(Vec::new()));
        assert_eq!(given("/dev/stdin a"), Some(words("a")));
        assert_eq!(given(""), Some(Vec::new()));
        assert_eq!(given("script.sh a"), None);
        assert_eq!(given("-c 'rm \"$1\"' _ a"), None);
    }

    fn program(line: &str) -> (String, Vec<String>, bool) {
        let unwrapped = resolve(&words(line));
        match unwrapped.payload {
            Payload::Program { name, args } => (name, args, unwrapped.elevated),
            other @ (Payload::Shell(_)
            | Payload::Code(_)
            | Payload::Nothing(_)
            | Payload::Hidden(_)) => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn wrappers_paths_and_escapes_are_seen_through() {
        assert_eq!(
            program("/bin/rm -rf /"),
            ("rm".to_owned(), words("-rf /"), false)
        );
        assert_eq!(program("\\rm x").0, "rm");
        assert_eq!(
            program("sudo -u root nice -n 5 env -i A=1 timeout -s KILL 10 /usr/bin/rm x"),
            ("rm".to_owned(), words("x"), true)
        );
        assert_eq!(program("busybox rm -rf /").0, "rm");
        assert_eq!(program("xargs -n1 rm").0, "rm");
        assert_eq!(program("FOO=1 command -p ls").0, "ls");
        assert_eq!(program("! if rm x").0, "rm");
        assert_eq!(program("watch -x -n 1 rm x").0, "rm");
        assert_eq!(program("env -S 'rm -rf' /srv/app").1, words("-rf /srv/app"));
        assert_eq!(program("flock /tmp/l rm x").0, "rm");
        assert_eq!(
            program("chroot /mnt rm x"),
            ("rm".to_owned(), words("x"), true)
        );
        assert_eq!(
            resolve(&words("bash -lc 'rm -rf /'")).payload,
            Payload::Shell("rm -rf /".to_owned())
        );
        assert_eq!(
            resolve(&words("watch -g -n 5 'ls; rm x'")).payload,
            Payload::Shell("ls; rm x".to_owned())
        );
        assert_eq!(
            resolve(&words("python3 -c 'import os'")).payload,
            Payload::Code("python".to_owned())
        );
        assert_eq!(
            resolve(&words("env")).payload,
            Payload::Nothing("env".to_owned())
        );
    }

    #[test]
    fn wrapper_options_are_judged_too() {
        let unwrapped = resolve(&words("time -o /etc/passwd ls"));
        assert_eq!(
            unwrapped.concerns,
            vec![Concern::Writes("/etc/passwd".to_owned())]
        );
        let unwrapped = resolve(&words("timeout --bogus 5 ls"));
        assert_eq!(
            unwrapped.concerns,
            vec![Concern::Level(
                RiskLevel::Medium,
                "timeout: unknown option --bogus".to_owned()
            )]
        );
        let unwrapped = resolve(&words("env -C /srv LANG=C X=1 ls"));
        assert_eq!(unwrapped.working_dir.as_deref(), Some("/srv"));
        assert_eq!(unwrapped.assignments, words("LANG=C X=1"));
    }
}
