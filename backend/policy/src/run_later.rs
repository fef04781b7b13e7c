//! Text written where it is run later as commands: a shell's startup files (`~/.bashrc`,
//! `/etc/profile`, `/etc/profile.d/*`), the boot scripts (`/etc/rc.local`, `/etc/init.d/*`),
//! the crontabs (`/etc/crontab`, `/etc/cron.d/*`, the users' tables, `crontab -`), and
//! systemd's units (their `Exec…=` settings). Where the line shows the text (`echo TEXT >>
//! FILE`, `echo TEXT | tee -a FILE`, `cat > FILE <<< TEXT`, `echo TEXT | crontab -`), each of
//! its lines is judged as a command line (a crontab's schedule, and the user of a system
//! table, taken off): a forbidden one makes the write forbidden (`echo 'rm -rf /' >>
//! ~/.bashrc`, `echo '* * * * * root rm -rf /' >> /etc/crontab`).

use crate::normalize::{Payload, resolve};
use crate::parse::Command;

/// How a file's text is run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Runs {
    /// Each line is a shell line.
    Lines,
    /// Each line is a schedule, then a command (a user's crontab).
    Schedule,
    /// Each line is a schedule, a user, then a command (`/etc/crontab`, `/etc/cron.d/*`).
    ScheduleAndUser,
    /// A systemd unit: its `Exec…=` settings are command lines.
    Unit,
}

fn runs(path: &str) -> Option<Runs> {
    let path = crate::paths::system_path(path);
    let name = path.rsplit('/').next().unwrap_or_default();
    if path == "/etc/crontab" || path.starts_with("/etc/cron.d/") {
        return Some(Runs::ScheduleAndUser);
    }
    if [
        "/etc/systemd/",
        "/run/systemd/",
        "/lib/systemd/",
        "/usr/lib/systemd/",
    ]
    .iter()
    .any(|dir| path.starts_with(dir))
        || path.contains("/.config/systemd/")
    {
        return Some(Runs::Unit);
    }
    if path.starts_with("/var/spool/cron/") || path == "-" {
        return Some(Runs::Schedule);
    }
    let startup = matches!(
        name,
        ".bashrc"
            | ".bash_profile"
            | ".bash_login"
            | ".bash_logout"
            | ".profile"
            | ".zshrc"
            | ".zprofile"
            | ".zshenv"
            | ".zlogin"
            | ".kshrc"
            | ".mkshrc"
    ) || matches!(
        path.as_str(),
        "/etc/profile" | "/etc/bash.bashrc" | "/etc/bashrc" | "/etc/zshrc" | "/etc/rc.local"
    ) || [
        "/etc/profile.d/",
        "/etc/init.d/",
        "/etc/cron.hourly/",
        "/etc/cron.daily/",
    ]
    .iter()
    .chain(&["/etc/cron.weekly/", "/etc/cron.monthly/", "/etc/rc.d/"])
    .any(|dir| path.starts_with(dir));
    startup.then_some(Runs::Lines)
}

/// The command lines `parts[index]` writes where they are run later.
pub fn scheduled_lines(parts: &[Command], index: usize) -> Vec<String> {
    let Some(part) = parts.get(index) else {
        return Vec::new();
    };
    // The program after its wrappers (`sudo tee -a /etc/profile`), with its words.
    let (name, args) = match resolve(&part.words).payload {
        Payload::Program { name, args } => (name, args),
        Payload::Shell(_) | Payload::Code(_) | Payload::Nothing(_) | Payload::Hidden(_) => {
            (String::new(), Vec::new())
        }
    };
    let previous = index.checked_sub(1).and_then(|i| parts.get(i));
    // Where the text goes: redirections, tee's files, crontab's table.
    let mut targets: Vec<Runs> = part.writes_to.iter().filter_map(|t| runs(t)).collect();
    if name == "tee" {
        targets.extend(
            args.iter()
                .filter(|w| !w.starts_with('-'))
                .filter_map(|w| runs(w)),
        );
    }
    if name == "crontab" {
        let operands: Vec<&String> = args
            .iter()
            .filter(|w| !w.starts_with('-') || *w == "-")
            .collect();
        if operands.is_empty() || operands.iter().any(|w| *w == "-") {
            targets.push(Runs::Schedule);
        }
    }
    if targets.is_empty() {
        return Vec::new();
    }
    // What the text is: printed by the command itself, given as a here-string, or piped in.
    let mut texts: Vec<String> = part.here_strings.clone();
    if let Some(text) = crate::fed_args::printed_text(&part.words) {
        texts.push(text);
    }
    if part.fed
        && let Some(printer) = previous
        && let Some(text) = crate::fed_args::printed_text(&printer.words)
    {
        texts.push(text);
    }
    let mut lines = Vec::new();
    for text in &texts {
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            for how in &targets {
                lines.extend(command_of(line, *how));
            }
        }
    }
    lines
}

/// The command a table line runs: the line itself, or what follows its schedule (five
/// fields or an `@` word) and, in a system table, its user.
fn command_of(line: &str, how: Runs) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let schedule = if words.first().is_some_and(|w| w.starts_with('@')) {
        1
    } else {
        5
    };
    match how {
        Runs::Lines => vec![line.to_owned()],
        // `ExecStart=-/bin/rm -rf /`: the prefixes `-@:+!` change how it runs, not what.
        Runs::Unit => line
            .split_once('=')
            .filter(|(key, _)| key.trim().starts_with("Exec"))
            .map(|(_, command)| {
                vec![
                    command
                        .trim_start_matches(['-', '@', ':', '+', '!'])
                        .to_owned(),
                ]
            })
            .unwrap_or_default(),
        Runs::Schedule | Runs::ScheduleAndUser => {
            let skip = schedule + usize::from(how == Runs::ScheduleAndUser);
            // A variable line (`SHELL=/bin/sh`) or a comment runs nothing.
            if line.starts_with('#') || words.len() <= skip {
                return Vec::new();
            }
            vec![words[skip..].join(" ")]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Runs, command_of};

    #[test]
    fn schedules_and_users_are_taken_off() {
        assert_eq!(
            command_of("* * * * * rm -rf /", Runs::Schedule),
            ["rm -rf /"]
        );
        assert_eq!(
            command_of("*/5 * * * * root rm -rf /", Runs::ScheduleAndUser),
            ["rm -rf /"]
        );
        assert_eq!(command_of("@reboot rm -rf /", Runs::Schedule), ["rm -rf /"]);
        assert!(command_of("SHELL=/bin/sh", Runs::Schedule).is_empty());
    }
}
