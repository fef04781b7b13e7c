//! Where each command of a line runs when the line changes its working directory (`cd DIR &&
//! cat fstab`, `pushd DIR; …`, `(cd DIR; …)`): a relative path is judged against the directory
//! changed to, exactly as the absolute path would be (`cat fstab` after `cd /etc` is
//! `cat /etc/fstab`).
//!
//! A command that follows `cd DIR` through `&&` alone (the `cd` a command of its own, not in a
//! group) runs in DIR and nowhere else: it runs only if the change succeeded. Any other command
//! of the line (after `;`, `||`, `&`, `|`, a group, a substitution's command, which the parser
//! lists before the list it stands in) may run in the directory it started in or in any
//! directory the line changes to: it is judged against each of them, and the strictest verdict
//! wins. A directory that cannot be known before the line runs (`cd "$X"`, `cd $(…)`, `cd -`,
//! `cd` or `cd ~` (a home), `popd`, `pushd` with options or a stack index, a relative `cd NAME`
//! that `CDPATH` may send elsewhere, more than one operand, a change hidden in `eval` or
//! `source`) fails closed: relative paths there may name any file ([`PathJudge::unknown_dir`]).
//!
//! [`PathJudge::unknown_dir`]: crate::paths::PathJudge::unknown_dir

use std::path::{Path, PathBuf};

use crate::normalize::{Payload, resolve};
use crate::parse::Command;
use crate::paths::lexical;

/// A directory a command may run in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dir {
    /// Where the line started (the caller's working directory).
    Start,
    /// A directory the line changed to, absolute and lexically normal.
    Known(PathBuf),
    /// A directory that cannot be known before the line runs.
    Unknown,
}

/// What a command does to the working directory, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// `cd DIR` or `pushd DIR` with DIR absolute, `./X` or `../X` (relative to where it runs).
    To(String),
    Unknown,
}

/// The directory-changing builtins.
const CHANGERS: &[&str] = &["cd", "pushd", "popd", "chdir"];

/// What `command` does to the working directory of the shell that runs it.
fn change(command: &Command) -> Option<Change> {
    let unwrapped = resolve(&command.words);
    let (name, args) = match &unwrapped.payload {
        Payload::Program { name, args } => (name.as_str(), args.as_slice()),
        // `eval` runs its text in this shell: a change there is not read here.
        Payload::Shell(text) if command.words.iter().any(|w| w == "eval") => {
            let hides = ["cd", "pushd", "popd", "$", "`", "source", ". "]
                .iter()
                .any(|needle| text.contains(needle));
            return hides.then_some(Change::Unknown);
        }
        Payload::Shell(_) | Payload::Code(_) | Payload::Nothing(_) | Payload::Hidden(_) => {
            return None;
        }
    };
    if matches!(name, "source" | ".") {
        return Some(Change::Unknown);
    }
    if !CHANGERS.contains(&name) {
        return None;
    }
    if name == "popd" || command.expands || args.iter().any(|a| a.contains("__substitution__")) {
        return Some(Change::Unknown);
    }
    let mut operands = Vec::new();
    let mut options_done = false;
    let mut physical = false;
    for arg in args {
        match arg.as_str() {
            "--" if !options_done => options_done = true,
            // `-P` resolves `..` from where a link leads, which the text cannot show.
            "-P" | "-LP" | "-PL" | "-Pe" if !options_done && name == "cd" => physical = true,
            // `cd -L`, `-P`, `-e`, `-@` choose how links are followed; pushd's options
            // (`-n`: no change at all; `+N`, `-N`: a stack entry) leave the target unseen.
            "-L" | "-e" | "-@" if !options_done && name == "cd" => {}
            other if !options_done && (other.starts_with('-') || other.starts_with('+')) => {
                return Some(Change::Unknown);
            }
            other => operands.push(other),
        }
    }
    if physical
        && operands
            .iter()
            .any(|dir| dir.split('/').any(|part| part == ".."))
    {
        return Some(Change::Unknown);
    }
    match operands.as_slice() {
        [dir] if dir.starts_with('/') => Some(Change::To((*dir).to_owned())),
        // POSIX: CDPATH is not searched for an operand that starts with `.` or `..`.
        [dir] if *dir == "." || *dir == ".." || dir.starts_with("./") || dir.starts_with("../") => {
            Some(Change::To((*dir).to_owned()))
        }
        _ => Some(Change::Unknown),
    }
}

/// Whether `command` is a `cd`/`pushd` of its own, whose success the next `&&` waits for.
fn plain_change(command: &Command) -> bool {
    !command.grouped
        && command
            .words
            .first()
            .is_some_and(|w| matches!(w.as_str(), "cd" | "pushd" | "chdir"))
}

/// `dir` joined to where the change ran.
fn joined(from: &Dir, start: Option<&Path>, dir: &str) -> Dir {
    if dir.starts_with('/') {
        return Dir::Known(lexical(Path::new(dir)));
    }
    let base = match from {
        Dir::Known(base) => Some(base.as_path()),
        Dir::Start => start,
        Dir::Unknown => None,
    };
    base.filter(|b| b.is_absolute())
        .map_or(Dir::Unknown, |base| Dir::Known(lexical(&base.join(dir))))
}

/// The directories each command of `parts` may run in; `start` is where the line starts, if
/// known. Every command is `[Start]` when the line changes no directory.
pub fn plan(parts: &[Command], start: Option<&Path>) -> Vec<Vec<Dir>> {
    let changes: Vec<Option<Change>> = parts.iter().map(change).collect();
    if changes.iter().all(Option::is_none) {
        return vec![vec![Dir::Start]; parts.len()];
    }
    // Where each command certainly runs: after a plain `cd` through a chain of `&&`.
    let mut certain: Vec<Option<Dir>> = vec![None; parts.len()];
    for j in 1..parts.len() {
        let mut k = j;
        // A pipeline's commands start together where its first one does (`cd DIR && find . |
        // xargs rm`), each in its own subshell: a change inside one moves none of the others.
        while k > 0 && (parts[k].after_and || parts[k].after_pipe) && changes[k - 1].is_none() {
            k -= 1;
        }
        if k > 0 && parts[k].after_and && plain_change(&parts[k - 1]) {
            let before = certain[k - 1].clone().unwrap_or(Dir::Start);
            certain[j] = Some(match &changes[k - 1] {
                Some(Change::To(dir)) => joined(&before, start, dir),
                Some(Change::Unknown) | None => Dir::Unknown,
            });
        }
    }
    // Every directory the line may change to, from wherever each change runs.
    let mut anywhere = vec![Dir::Start];
    for (i, change) in changes.iter().enumerate() {
        let dir = match change {
            None => continue,
            Some(Change::Unknown) => Dir::Unknown,
            Some(Change::To(dir)) => match &certain[i] {
                Some(from) => joined(from, start, dir),
                // A relative change from an uncertain place lands anywhere it could start.
                None if dir.starts_with('/') => joined(&Dir::Start, start, dir),
                None => Dir::Unknown,
            },
        };
        if !anywhere.contains(&dir) {
            anywhere.push(dir);
        }
    }
    certain
        .into_iter()
        .map(|dir| dir.map_or_else(|| anywhere.clone(), |dir| vec![dir]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::commands;

    fn dirs(line: &str) -> Vec<Vec<Dir>> {
        let (parts, _) = commands(line).unwrap_or_default();
        plan(&parts, Some(Path::new("/work/repo")))
    }

    fn known(dir: &str) -> Dir {
        Dir::Known(PathBuf::from(dir))
    }

    #[test]
    fn a_chain_of_and_runs_where_cd_went() {
        assert_eq!(dirs("cat x"), vec![vec![Dir::Start]]);
        assert_eq!(dirs("cd /etc && cat fstab")[1], vec![known("/etc")]);
        assert_eq!(dirs("cd /etc/ && cat a && cat b")[2], vec![known("/etc")]);
        assert_eq!(dirs("pushd /etc && cat fstab")[1], vec![known("/etc")]);
        assert_eq!(dirs("cd -P /etc && cat fstab")[1], vec![known("/etc")]);
        assert_eq!(
            dirs("cd /etc && cd ./ssl && cat x")[2],
            vec![known("/etc/ssl")]
        );
        assert_eq!(dirs("cd ../etc && cat x")[1], vec![known("/work/etc")]);
        assert_eq!(dirs("cd /a && cd /b && cat x")[2], vec![known("/b")]);
        assert_eq!(
            dirs("cd /tmp/b && find . | xargs rm")[2],
            vec![known("/tmp/b")]
        );
        assert_eq!(
            dirs("cd /etc && cat a | grep x | wc -l")[3],
            vec![known("/etc")]
        );
    }

    #[test]
    fn anything_else_may_run_in_either_place() {
        let either = vec![Dir::Start, known("/etc")];
        assert_eq!(dirs("cd /etc; cat fstab")[1], either);
        assert_eq!(dirs("cd /etc || cat fstab")[1], either);
        assert_eq!(dirs("(cd /etc; cat fstab)")[1], either);
        assert_eq!(dirs("(cd /etc) && cat fstab")[1], either);
        assert_eq!(dirs("cd /etc & cat fstab")[1], either);
        assert_eq!(dirs("cd /etc | cat fstab")[1], either);
        assert_eq!(dirs("cd /etc && cat a || cat b | wc")[3], either);
        assert_eq!(dirs("cd /etc; cat a | wc")[2], either);
        assert_eq!(dirs("! cd /etc && cat fstab")[1], either);
        assert_eq!(dirs("cd /etc && cat a; cat b")[2], either);
        assert_eq!(dirs("cd /etc && cat a || cat b")[2], either);
        // The substitution's command is listed first, yet runs after the change.
        assert_eq!(dirs("cd /etc && echo $(cat fstab)")[0], either);
        assert_eq!(dirs("cat fstab; cd /etc")[0], either);
    }

    #[test]
    fn unknowable_directories_fail_closed() {
        for line in [
            "cd \"$X\" && cat fstab",
            "cd $X && cat fstab",
            "cd $(echo /etc) && cat fstab",
            "cd `echo /etc` && cat fstab",
            "cd - && cat fstab",
            "cd && cat fstab",
            "cd ~ && cat fstab",
            "cd ~root && cat fstab",
            "cd etc && cat fstab",
            "cd /a /b && cat fstab",
            "popd && cat fstab",
            "pushd -n /etc && cat fstab",
            "pushd +1 && cat fstab",
            "eval cd /etc && cat fstab",
            "source env.sh && cat fstab",
            ". ./env.sh && cat fstab",
            "builtin cd \"$X\" && cat fstab",
            "cd -P /tmp/link/.. && cat fstab",
        ] {
            let planned = dirs(line);
            assert!(
                planned.last().is_some_and(|d| d.contains(&Dir::Unknown)),
                "{line}: {planned:?}"
            );
        }
    }
}
