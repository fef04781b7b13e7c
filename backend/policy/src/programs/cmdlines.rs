//! Other processes' full command lines, printed by the process listers themselves: `ps aux`,
//! `ps -ef`, `pgrep -a`, `top -c`, `w`, `journalctl -F _CMDLINE` or `-o verbose`/`json`,
//! `systemctl status` and `systemd-cgls` (their control-group trees list each process's
//! command line), `loginctl session-status`. A command line holds what was typed on it
//! (`mysql -pPASS`, `--password=…`, `curl -u user:pass`), and procps prints it whole where the
//! output is not a terminal (`ps aux` on a pipe is `ps auxww`). Containment does not hide it:
//! a contained command shares the host's PID namespace (seccomp refuses new namespaces) and
//! `/proc/PID/cmdline` is readable by anyone. On this host the listers stay low: listing the
//! host's processes is what `ps aux | grep x` is for, and what reaches the model is redacted
//! (as `process_list`'s listing is). On `ssh_exec` nothing contains the command at all, so
//! there the kind is high (a human decides), while forms that print only names, ids and figures
//! stay low (`ps -eo pid,comm,%cpu`, `ps -e`, `ps axc`, `pgrep nginx`, `top -bn1`, `who`).

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Raises `j` to high where nothing contains the command (`ssh_exec`): `shown` prints other
/// processes' command lines. A contained host command keeps its level: listing the host's
/// processes is what `ps aux | grep x` is for, what reaches the model is redacted as
/// `process_list`'s listing is, and containment keeps what it prints from leaving by any other
/// way than the answer (no network program may follow it in a pipeline, and names sent to the
/// network must be ordinary host names).
pub fn raise(ctx: &Ctx, j: &mut Judgement, shown: &str) {
    if !ctx.paths.uncontained {
        return;
    }
    j.raise(
        RiskLevel::High,
        format!(
            "{shown} prints other processes' full command lines (passwords given on them included); `ps -eo pid,user,comm,%cpu,%mem`, `pgrep NAME`, `systemctl is-active UNIT` or the process_list tool (which redacts them) do not"
        ),
    );
}

/// Raises `j` to medium on both paths: `shown` matches a pattern against other processes'
/// full command lines and prints only what matched (ids, names, figures), as `pgrep -f` does;
/// which processes a pattern matches answers questions about a password on a command line,
/// a character at a time, and no redaction of what is printed hides that.
pub fn matched(j: &mut Judgement, shown: &str) {
    j.raise(
        RiskLevel::Medium,
        format!(
            "{shown} matches a pattern against other processes' full command lines: which ones match reveals a password on one"
        ),
    );
}

/// Whether procps `ps`'s long option `--NAME` takes a value (as the next word unless `=`).
pub fn ps_long_takes_value(name: &str) -> bool {
    matches!(
        name,
        "format"
            | "sort"
            | "pid"
            | "ppid"
            | "user"
            | "group"
            | "Group"
            | "User"
            | "cols"
            | "columns"
            | "width"
            | "rows"
            | "lines"
            | "tty"
            | "sid"
            | "quick-pid"
            | "context"
    )
}

/// procps ps output columns known to print names, ids and figures only: the process's
/// identity, owner, state, timing, memory and scheduling, its terminal, control group and
/// security label. A positive model: any other column (`args`, `cmd`, `command`, `cmdline`,
/// a column a newer procps adds, one another ps knows, a misspelling) is taken for one that
/// prints the command line or the environment.
const SAFE_COLUMNS: &[&str] = &[
    // Identity.
    "pid",
    "ppid",
    "pgid",
    "pgrp",
    "sid",
    "sess",
    "session",
    "tgid",
    "tid",
    "lwp",
    "spid",
    "nlwp",
    "thcount",
    "tpgid",
    "ipcns",
    "mntns",
    "netns",
    "pidns",
    "userns",
    "utsns",
    "cgroupns",
    "timens",
    // The name only (`comm` is cut to 15 characters, never the arguments).
    "comm",
    "ucmd",
    "ucomm",
    "fname",
    // Owners.
    "uid",
    "euid",
    "ruid",
    "suid",
    "fuid",
    "user",
    "euser",
    "ruser",
    "suser",
    "fuser",
    "uname",
    "gid",
    "egid",
    "rgid",
    "sgid",
    "fgid",
    "group",
    "egroup",
    "rgroup",
    "sgroup",
    "fgroup",
    "supgid",
    "supgrp",
    "ouid",
    "owner",
    // State, scheduling, flags.
    "stat",
    "s",
    "state",
    "ni",
    "nice",
    "pri",
    "priority",
    "opri",
    "rtprio",
    "cls",
    "class",
    "policy",
    "sched",
    "psr",
    "f",
    "flag",
    "flags",
    "wchan",
    "nwchan",
    "addr",
    "esp",
    "eip",
    "blocked",
    "caught",
    "ignored",
    "pending",
    "sig",
    "sigcatch",
    "sigignore",
    "sigmask",
    "oom",
    "oomadj",
    // Time.
    "%cpu",
    "pcpu",
    "c",
    "cp",
    "etime",
    "etimes",
    "time",
    "times",
    "cputime",
    "cputimes",
    "bsdtime",
    "lstart",
    "start",
    "stime",
    "start_time",
    "bsdstart",
    // Memory and faults.
    "%mem",
    "pmem",
    "rss",
    "rssize",
    "rsz",
    "vsz",
    "vsize",
    "sz",
    "size",
    "drs",
    "trs",
    "pss",
    "uss",
    "maj_flt",
    "min_flt",
    "majflt",
    "minflt",
    "lim",
    "psr",
    // Terminal, control group, systemd, security label.
    "tty",
    "tt",
    "tname",
    "cgroup",
    "cgname",
    "unit",
    "uunit",
    "slice",
    "uslice",
    "seat",
    "machine",
    "lxc",
    "label",
    "context",
];

/// procps' AIX descriptors that print names, ids and figures (`%a`, the arguments, is not).
const SAFE_AIX: &[char] = &[
    'C', 'G', 'P', 'U', 'c', 'g', 'n', 'p', 'r', 't', 'u', 'x', 'y', 'z', '%',
];

/// Whether a ps format list (`pid,comm,%cpu`, `pid=PID,comm:40`) names any column outside
/// [`SAFE_COLUMNS`], or, in procps' AIX format (`%p %a`: a format holding `%` descriptors),
/// any descriptor outside [`SAFE_AIX`]. A header after `=` is text, never a column.
fn format_shows_args(format: &str) -> bool {
    aix_format_shows_args(format)
        || format.split(',').any(|item| {
            let columns: Vec<&str> = match item.split_once('=') {
                Some((column, _header)) => vec![column.trim()],
                None => item.split_whitespace().collect(),
            };
            columns.into_iter().any(|column| {
                let column = column.split(':').next().unwrap_or(column);
                // `%`-descriptors are judged as AIX's.
                !column.is_empty()
                    && !column.contains('%')
                    && !SAFE_COLUMNS.contains(&column.to_ascii_lowercase().as_str())
            })
        })
}

/// Whether a format holds a `%` descriptor outside [`SAFE_AIX`] (`%a`, an unknown one, or a
/// `%` at its end); the columns `%cpu` and `%mem` are not descriptors.
fn aix_format_shows_args(format: &str) -> bool {
    let lower = format.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find('%') {
        rest = &rest[at..];
        if rest.starts_with("%cpu") || rest.starts_with("%mem") {
            rest = &rest[4..];
            continue;
        }
        let original = &format[format.len() - rest.len()..];
        match original[1..].chars().next() {
            Some(d) if SAFE_AIX.contains(&d) => rest = &rest[1 + d.len_utf8()..],
            _ => return true,
        }
    }
    false
}

/// Whether `ps` with `args` names its columns itself (`-o`, `o`, `--format`, `-O`, `O`): without
/// them procps takes them from `PS_FORMAT` where the environment sets it, which may name
/// `args` (as a toprc may turn top's command-line column on).
pub fn ps_names_its_columns(args: &[String]) -> bool {
    ps_columns(args).1
}

/// Whether `ps` with `args` prints command lines (procps-ng). Its default format depends on the
/// option style: UNIX defaults (`ps -e`, `ps -p 1`, `ps -C nginx`, `-l`, `-j`) print the name
/// (`CMD` is `comm`); BSD ones (`ps ax`, `ps U root`, `u`, `v`, `j`, `l`, `s`, `X`) print
/// `COMMAND`, the command line, unless `c` asks for the true command name; `-f`, `-F` and
/// `-O`/`O` (`-o pid,FORMAT,…,command`) print it; `-o`/`o`/`--format` print what they list.
pub fn ps_shows_command_lines(args: &[String]) -> bool {
    ps_columns(args).0
}

/// Whether `ps` with `args` prints command lines, and whether it names its columns itself.
fn ps_columns(args: &[String]) -> (bool, bool) {
    let mut named = false;
    let mut formats: Vec<&str> = Vec::new();
    let mut sorts: Vec<&str> = Vec::new();
    let mut full = false;
    let mut bsd = false;
    let mut true_name = false;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let next = |i: &mut usize| {
            *i += 1;
            args.get(*i - 1).map_or("", String::as_str)
        };
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = long
                .split_once('=')
                .map_or((long, None), |(n, v)| (n, Some(v)));
            let valued = ps_long_takes_value(name);
            let value = match value {
                Some(value) => value,
                None if valued => next(&mut i),
                None => "",
            };
            if name == "format" {
                formats.push(value);
            }
            // Sorted by a column, the order tells how its values compare: `--sort=args`
            // orders the command lines. Sort keys are judged as columns (`+`/`-` aside).
            if name == "sort" {
                sorts.push(value);
            }
            continue;
        }
        let (letters, unix) = match arg.strip_prefix('-') {
            Some(letters) => (letters, true),
            None => (arg.as_str(), false),
        };
        bsd |= !unix;
        for (at, letter) in letters.char_indices() {
            let rest = &letters[at + letter.len_utf8()..];
            let valued = if unix {
                matches!(
                    letter,
                    'o' | 'O' | 'p' | 'q' | 'u' | 'U' | 'g' | 'G' | 't' | 's' | 'C'
                )
            } else {
                matches!(letter, 'o' | 'O' | 'p' | 'q' | 't' | 'U' | 'k')
            };
            if unix && letter == 'u' && !rest.is_empty() {
                // `-aux`: when no user is named `x`, procps reads it as BSD `aux`.
                full = true;
                break;
            }
            if valued {
                let value = if rest.is_empty() { next(&mut i) } else { rest };
                match letter {
                    'o' => formats.push(value),
                    'O' => {
                        full = true;
                        named = true;
                    }
                    'k' => sorts.push(value),
                    _ => {}
                }
                break;
            }
            match (unix, letter) {
                (true, 'f' | 'F') => full = true,
                (false, 'c') => true_name = true,
                _ => {}
            }
        }
    }
    let sorts_by_args = sorts.iter().any(|keys| {
        keys.split(',')
            .map(|key| key.trim_start_matches(['+', '-']))
            .any(format_shows_args)
    });
    let shows = full
        || sorts_by_args
        || formats.iter().any(|f| format_shows_args(f))
        || (bsd && formats.is_empty() && !true_name);
    (shows, named || !formats.is_empty())
}

#[cfg(test)]
mod tests {
    use super::ps_shows_command_lines;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn ps_forms_that_print_command_lines() {
        for line in [
            "aux",
            "auxww",
            "ax",
            "-ef",
            "-ef ww",
            "-eF",
            "-e -f",
            "-eo args",
            "-eo pid,args",
            "-e -o pid,cmd:40",
            "-eo pid=,command=",
            "--format=pid,args",
            "--format pid,cmd",
            "o pid,args",
            "-O rss",
            "U postgres",
            "p 1",
            "-p 1 -f",
            "axjf",
            "-aux",
            "-eo %p%a",
            "-e -o %p,%a",
            "o %u%a",
            "--format=%a",
            // Columns outside the table of names and figures: procps' `env` alias, another
            // ps's `environ`, anything unknown.
            "-eo pid,env",
            "-eo pid,environ",
            "-o pid,zzz",
            "-o pid -o ARGS",
            "-o pid,cmd=NAME",
            "-o %p%Z",
            "-o %p%",
            // Sorted by the command line, the order tells how command lines compare.
            "-e --sort=args -o pid",
            "-e -o pid --sort -cmd",
            "-e -o pid --sort=+pid,command",
            "ax -o pid k args",
        ] {
            assert!(ps_shows_command_lines(&words(line)), "ps {line}");
        }
    }

    #[test]
    fn ps_forms_that_print_names_and_figures() {
        for line in [
            "",
            "-e",
            "-A",
            "-el",
            "-ejH",
            "-eo pid,comm,%cpu,%mem",
            "-eo pid,ppid,comm --sort=-%mem",
            "-C nginx -o pid,rss",
            "-p 1 -o comm=",
            "axc",
            "auxc",
            "ax -o pid,comm",
            "-u postgres -o pid,ucmd",
            "--sort=-%cpu -eo pid,fname",
            "-eo %p%c%C",
            "-eo pid,ppid,user,stat,%cpu,%mem,rss,vsz,etime,time,tty,ni,pri,lstart,start,wchan,comm",
            "-o pid=PID,comm=NAME",
            "-o pid= -o comm=",
            "-eo pid,%CPU:5,%mem",
            "-eo pid,cgroup,unit,label",
            "-eo pid,comm --sort=-%cpu,+pid",
            "ax -o pid,comm k -rss",
        ] {
            assert!(!ps_shows_command_lines(&words(line)), "ps {line}");
        }
    }
}
