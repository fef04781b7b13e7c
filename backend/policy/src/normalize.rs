//! From a command's words to what actually runs: wrappers unwrapped (`sudo`, `doas`, `env`,
//! `nice`, `ionice`, `timeout`, `nohup`, `stdbuf`, `command`, `builtin`, `exec`, `time`, `xargs`,
//! `busybox`, `chroot`, `watch`), the program's path and alias-escaping backslash removed, shells
//! with `-c` and `eval` turned into a payload to judge as a command line, other interpreters with
//! inline code reported as code.

use std::collections::BTreeSet;

/// What a command comes down to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A program with its arguments.
    Program(Program),
    /// A shell asked to run this text (`sh -c`, `bash -c`, `eval`...): judged as a command line.
    Shell { text: String, elevated: bool },
    /// An interpreter asked to run inline code (`python -c`, `perl -e`...): not judged line by line.
    Code { interpreter: String, elevated: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub name: String,
    pub args: Vec<String>,
    /// Run as another user (sudo, doas, su -c).
    pub elevated: bool,
    /// Wrappers seen on the way, for the reason text.
    pub via: Vec<String>,
}

const SHELLS: &[&str] = &[
    "sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "fish", "csh", "tcsh",
];
const INTERPRETERS: &[&str] = &[
    "python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php", "lua", "tclsh", "awk",
    "gawk", "mawk", "nawk",
];

/// The program name without directories or a leading backslash (`\rm`, `/usr/bin/rm` are `rm`).
pub fn base_name(word: &str) -> String {
    let word = word.trim_start_matches('\\');
    let name = word.rsplit('/').next().unwrap_or(word).to_lowercase();
    // python3.11, perl5.36, pip3 are their interpreter; other names keep their digits (killall5).
    let unversioned = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    if INTERPRETERS.contains(&unversioned) || matches!(unversioned, "pip" | "python") {
        unversioned.to_owned()
    } else {
        name
    }
}

fn is_assignment(word: &str) -> bool {
    let Some((name, _)) = word.split_once('=') else {
        return false;
    };
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// Skips a wrapper's options; `with_value` are options that take the next word.
fn skip_options<'a>(words: &'a [String], with_value: &[&str]) -> &'a [String] {
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        if word == "--" {
            return &words[i + 1..];
        }
        if !word.starts_with('-') || word == "-" {
            break;
        }
        if with_value.contains(&word.as_str()) {
            i += 1;
        }
        i += 1;
    }
    &words[i.min(words.len())..]
}

const MAX_UNWRAP: usize = 16;

pub fn resolve(words: &[String]) -> Option<Resolved> {
    let mut rest: &[String] = words;
    let mut elevated = false;
    let mut via = Vec::new();
    for _ in 0..MAX_UNWRAP {
        while rest.first().is_some_and(|w| is_assignment(w)) {
            rest = &rest[1..];
        }
        let first = rest.first()?;
        let name = base_name(first);
        let args = &rest[1..];
        let next: &[String] = match name.as_str() {
            "sudo" => {
                elevated = true;
                skip_options(
                    args,
                    &[
                        "-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "--user",
                        "--group", "--host", "--prompt", "--chdir",
                    ],
                )
            }
            "doas" => {
                elevated = true;
                skip_options(args, &["-u", "-C"])
            }
            "su" => {
                elevated = true;
                // su [-] [user] -c "command"
                match args.iter().position(|a| a == "-c" || a == "--command") {
                    Some(at) => {
                        return Some(Resolved::Shell {
                            text: args.get(at + 1).cloned().unwrap_or_default(),
                            elevated,
                        });
                    }
                    None => {
                        return Some(Resolved::Program(Program {
                            name,
                            args: args.to_vec(),
                            elevated,
                            via,
                        }));
                    }
                }
            }
            "env" => {
                let after = skip_options(
                    args,
                    &["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
                );
                let mut at = 0;
                while after.get(at).is_some_and(|w| is_assignment(w)) {
                    at += 1;
                }
                &after[at..]
            }
            "nice" | "renice" => skip_options(args, &["-n", "--adjustment"]),
            "ionice" => skip_options(
                args,
                &["-c", "-n", "-p", "-P", "-u", "--class", "--classdata"],
            ),
            "timeout" => {
                let after = skip_options(args, &["-s", "-k", "--signal", "--kill-after"]);
                after.get(1..).unwrap_or(&[])
            }
            "nohup" | "builtin" | "exec" | "time" | "setsid" | "unbuffer" | "caffeinate" => {
                skip_options(args, &[])
            }
            "command" => skip_options(args, &[]),
            "stdbuf" => skip_options(args, &["-i", "-o", "-e"]),
            "xargs" => skip_options(
                args,
                &[
                    "-I",
                    "-i",
                    "-n",
                    "-P",
                    "-d",
                    "-L",
                    "-l",
                    "-s",
                    "-E",
                    "-e",
                    "-a",
                    "--max-args",
                    "--max-procs",
                    "--delimiter",
                    "--arg-file",
                    "--replace",
                ],
            ),
            "busybox" => args,
            "chroot" => {
                elevated = true;
                let after = skip_options(args, &["--userspec", "--groups"]);
                after.get(1..).unwrap_or(&[])
            }
            "watch" => skip_options(args, &["-n", "--interval", "-d", "--differences"]),
            "eval" => {
                return Some(Resolved::Shell {
                    text: args.join(" "),
                    elevated,
                });
            }
            shell if SHELLS.contains(&shell) => {
                // sh -c 'text' (also -lc, -ec, combined flags ending in c).
                let mut i = 0;
                while let Some(word) = args.get(i) {
                    if word.starts_with('-') && !word.starts_with("--") && word.contains('c') {
                        return Some(Resolved::Shell {
                            text: args.get(i + 1).cloned().unwrap_or_default(),
                            elevated,
                        });
                    }
                    if !word.starts_with('-') {
                        break;
                    }
                    i += 1;
                }
                return Some(Resolved::Program(Program {
                    name,
                    args: args.to_vec(),
                    elevated,
                    via,
                }));
            }
            interpreter if INTERPRETERS.contains(&interpreter) => {
                let inline = args.iter().any(|a| {
                    matches!(
                        a.as_str(),
                        "-c" | "-e" | "-E" | "-r" | "--eval" | "--exec" | "-p" | "--print"
                    )
                }) || (interpreter.ends_with("awk")
                    && args
                        .iter()
                        .any(|a| a.contains("system(") || a.contains('|')));
                if inline {
                    return Some(Resolved::Code {
                        interpreter: name,
                        elevated,
                    });
                }
                return Some(Resolved::Program(Program {
                    name,
                    args: args.to_vec(),
                    elevated,
                    via,
                }));
            }
            _ => {
                return Some(Resolved::Program(Program {
                    name,
                    args: args.to_vec(),
                    elevated,
                    via,
                }));
            }
        };
        via.push(name);
        if next.is_empty() {
            // A wrapper alone (`sudo`, `env`): harmless by itself, except elevation.
            return Some(Resolved::Program(Program {
                name: via.pop().unwrap_or_default(),
                args: Vec::new(),
                elevated,
                via,
            }));
        }
        rest = next;
    }
    None
}

/// Flags and operands of an argument list: `-rf` gives `r` and `f`; `--force` gives `force`.
pub struct Args {
    pub short: BTreeSet<char>,
    pub long: BTreeSet<String>,
    pub operands: Vec<String>,
}

pub fn args(list: &[String]) -> Args {
    let mut parsed = Args {
        short: BTreeSet::new(),
        long: BTreeSet::new(),
        operands: Vec::new(),
    };
    let mut options_done = false;
    for arg in list {
        if options_done || arg == "-" || !arg.starts_with('-') {
            parsed.operands.push(arg.clone());
        } else if arg == "--" {
            options_done = true;
        } else if let Some(long) = arg.strip_prefix("--") {
            parsed
                .long
                .insert(long.split('=').next().unwrap_or(long).to_lowercase());
        } else {
            parsed.short.extend(arg[1..].chars());
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        shlex::split(line).unwrap_or_default()
    }

    fn program(line: &str) -> (String, Vec<String>, bool) {
        match resolve(&words(line)) {
            Some(Resolved::Program(p)) => (p.name, p.args, p.elevated),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn wrappers_paths_and_escapes_are_seen_through() {
        assert_eq!(
            program("/bin/rm -rf /"),
            (
                "rm".to_owned(),
                vec!["-rf".to_owned(), "/".to_owned()],
                false
            )
        );
        assert_eq!(program("\\rm x").0, "rm");
        assert_eq!(
            program("sudo -u root nice -n 5 env -i A=1 timeout 10 /usr/bin/rm x"),
            ("rm".to_owned(), vec!["x".to_owned()], true)
        );
        assert_eq!(program("busybox rm -rf /").0, "rm");
        assert_eq!(program("xargs -n1 rm").0, "rm");
        assert_eq!(program("FOO=1 command -p ls").0, "ls");
        assert_eq!(
            resolve(&words("bash -lc 'rm -rf /'")),
            Some(Resolved::Shell {
                text: "rm -rf /".to_owned(),
                elevated: false
            })
        );
        assert_eq!(
            resolve(&words("python3 -c 'import os'")),
            Some(Resolved::Code {
                interpreter: "python".to_owned(),
                elevated: false
            })
        );
        let parsed = args(&words("-rf --no-preserve-root -- /"));
        assert!(parsed.short.contains(&'r') && parsed.long.contains("no-preserve-root"));
        assert_eq!(parsed.operands, vec!["/".to_owned()]);
    }
}
