//! The kernel's log where nothing contains its reader (`ssh_exec`). Where no audit daemon
//! receives them, the kernel prints its audit records into its own log at the notice level
//! (`audit: type=1300 …`, `type=1309` EXECVE with every argument, pam_tty_audit's TTY records
//! of what was typed): `dmesg`, `journalctl -k` and `/var/log/kern.log` then print them, as the
//! audit log does. A selection of warnings and worse leaves them out.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Severity of a syslog level by name or number (`emerg` 0 … `debug` 7).
fn severity(level: &str) -> Option<u8> {
    let level = level.to_ascii_lowercase();
    let by_name = [
        "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
    ]
    .iter()
    .position(|name| *name == level || (level == "warn" && *name == "warning"));
    match by_name {
        Some(at) => u8::try_from(at).ok(),
        None => level.parse::<u8>().ok().filter(|n| *n <= 7),
    }
}

/// Warnings and worse (severity 4 or less): audit records are logged at notice (5).
fn above_notice(level: &str) -> bool {
    severity(level).is_some_and(|n| n <= 4)
}

/// Whether `dmesg -l LIST` (each value a comma-separated list; `err+` is err and worse, `+err`
/// err and milder) keeps to warnings and worse.
pub fn dmesg_levels_above_notice<'v>(mut values: impl Iterator<Item = &'v str>) -> bool {
    let mut any = false;
    let every = values.all(|list| {
        any = true;
        list.trim_start_matches('=').split(',').all(|level| {
            !level.starts_with('+') && above_notice(level.strip_suffix('+').unwrap_or(level))
        })
    });
    any && every
}

/// Whether `journalctl -p VALUE` (a level, meaning it and worse, or a range `FROM..TO`) keeps to
/// warnings and worse.
pub fn journal_priorities_above_notice<'v>(mut values: impl Iterator<Item = &'v str>) -> bool {
    let mut any = false;
    let every = values.all(|value| {
        any = true;
        let value = value.trim_start_matches('=');
        match value.split_once("..") {
            Some((from, to)) => above_notice(from) && above_notice(to),
            None => above_notice(value),
        }
    });
    any && every
}

/// Raises `j` to high where nothing contains the command: `shown` prints the kernel's log
/// with its notices, where the audit records are.
pub fn raise(ctx: &Ctx, j: &mut Judgement, shown: &str) {
    if !ctx.paths.uncontained {
        return;
    }
    j.raise(
        RiskLevel::High,
        format!(
            "{shown} prints the kernel's notices, where the audit records are (EXECVE arguments, typed TTY input) when no audit daemon takes them; a level of warnings and worse (`dmesg -l err,warn`, `journalctl -k -p warning`) leaves them out"
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_warnings_and_worse_leave_the_audit_records_out() {
        for kept in [
            vec!["err"],
            vec!["err,warn"],
            vec!["emerg,alert,crit"],
            vec!["warn+"],
            vec!["3"],
        ] {
            assert!(dmesg_levels_above_notice(kept.into_iter()));
        }
        for widened in [
            vec![],
            vec!["notice"],
            vec!["err,info"],
            vec!["+err"],
            vec!["err", "debug"],
            vec!["5"],
            vec!["bogus"],
        ] {
            assert!(!dmesg_levels_above_notice(widened.into_iter()));
        }
        for kept in ["err", "warning", "0..4", "crit..err", "4"] {
            assert!(
                journal_priorities_above_notice([kept].into_iter()),
                "{kept}"
            );
        }
        for widened in ["notice", "info", "0..5", "err..debug", "7", "..4", "x"] {
            assert!(
                !journal_priorities_above_notice([widened].into_iter()),
                "{widened}"
            );
        }
        assert!(!journal_priorities_above_notice(std::iter::empty()));
    }
}
