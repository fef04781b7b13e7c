//! The wrappers `normalize` sees through, each with its own options (as the wrapper reads them:
//! options end at the first operand) and the operands it takes before the command.

use crate::level::RiskLevel;
use crate::normalize::Concern;
use crate::options::{
    Opt, Parsed, Spec, Takes, changes, flag, optional, reads, sizes, unproven, value, writes,
};

pub(crate) const SUDO: &[Opt] = &[
    flag("A|askpass"),
    flag("b|background"),
    optional("E|preserve-env"),
    changes("e|edit", Takes::No, "edits files as root"),
    value("g|group"),
    flag("H|set-home"),
    optional("h|host"),
    flag("help"),
    flag("i|login"),
    flag("K|remove-timestamp"),
    flag("k|reset-timestamp"),
    flag("l|list"),
    flag("n|non-interactive"),
    flag("P|preserve-groups"),
    value("p|prompt"),
    value("R|chroot"),
    value("r|role"),
    flag("S|stdin"),
    flag("s|shell"),
    value("t|type"),
    value("T|command-timeout"),
    value("U|other-user"),
    value("u|user"),
    flag("V|version"),
    flag("v|validate"),
    value("C|close-from"),
    value("D|chdir"),
    flag("B|bell"),
    flag("N|no-update"),
];
pub(crate) const DOAS: &[Opt] = &[flag("n"), flag("s"), reads("C"), value("u")];
pub(crate) const SU: &[Opt] = &[
    value("c|command"),
    value("s|shell"),
    flag("l|login"),
    flag("m|p|preserve-environment"),
    value("g|group"),
    value("G|supp-group"),
    flag("P|pty"),
    value("w|whitelist-environment"),
    flag("f|fast"),
    value("u|user"),
];
pub(crate) const RUN0: &[Opt] = &[
    value("u|user"),
    value("g|group"),
    value("nice"),
    value("D|chdir"),
    value("setenv"),
    value("unit"),
    value("p|property"),
    value("description"),
    value("slice"),
    value("slice-inherit"),
    value("background"),
    value("machine"),
    flag("pty"),
    flag("pipe"),
    flag("no-ask-password"),
];
pub(crate) const SG: &[Opt] = &[value("c")];
pub(crate) const PKEXEC: &[Opt] = &[
    value("user"),
    flag("disable-internal-agent"),
    flag("keep-cwd"),
];
pub(crate) const CHROOT: &[Opt] = &[value("userspec"), value("groups"), flag("skip-chdir")];
pub(crate) const SETPRIV: &[Opt] = &[
    flag("d|dump"),
    flag("no-new-privs"),
    value("inh-caps"),
    value("ambient-caps"),
    value("bounding-set"),
    value("ruid"),
    value("euid"),
    value("rgid"),
    value("egid"),
    value("reuid"),
    value("regid"),
    flag("clear-groups"),
    flag("keep-groups"),
    flag("init-groups"),
    value("groups"),
    value("securebits"),
    value("pdeathsig"),
    value("selinux-label"),
    value("apparmor-profile"),
    value("landlock-access"),
    value("landlock-rule"),
    flag("reset-env"),
];
pub(crate) const ENV: &[Opt] = &[
    flag("i|ignore-environment"),
    flag("0|null"),
    value("u|unset"),
    reads("C|chdir"),
    value("S|split-string"),
    flag("v|debug"),
    optional("block-signal"),
    optional("default-signal"),
    optional("ignore-signal"),
    flag("list-signal-handling"),
    // The program runs under another name, and multi-call programs choose what to run by it
    // (`env -a sh ls F`, where ls is busybox, runs the shell on F); systemctl run as `reboot`,
    // `poweroff`, `halt`, `shutdown` or `telinit` is that command.
    changes("a|argv0", Takes::Value, ARGV0),
];
pub(crate) const NICE: &[Opt] = &[value("n|adjustment")];
pub(crate) const IONICE: &[Opt] = &[
    value("c|class"),
    value("n|classdata"),
    changes(
        "p|pid",
        Takes::Value,
        "changes another process's I/O priority",
    ),
    changes(
        "P|pgid",
        Takes::Value,
        "changes other processes' I/O priority",
    ),
    changes(
        "u|uid",
        Takes::Value,
        "changes other processes' I/O priority",
    ),
    flag("t|ignore"),
];
pub(crate) const TIMEOUT: &[Opt] = &[
    value("s|signal"),
    value("k|kill-after"),
    flag("preserve-status"),
    flag("foreground"),
    flag("v|verbose"),
];
pub(crate) const SETSID: &[Opt] = &[flag("c|ctty"), flag("f|fork"), flag("w|wait")];
/// stdbuf's modes: `L`, `0` or a size, which the preloaded library allocates as the stream's
/// buffer (at most 64 MiB where nothing contains the command).
pub(crate) const STDBUF: &[Opt] = &[
    sizes("i|input", MOST_STDBUF),
    sizes("o|output", MOST_STDBUF),
    sizes("e|error", MOST_STDBUF),
];
const MOST_STDBUF: u64 = 64 << 20;
pub(crate) const TIME: &[Opt] = &[
    writes("o|output"),
    flag("a|append"),
    value("f|format"),
    flag("p|portability"),
    flag("v|verbose"),
    flag("q|quiet"),
];
pub(crate) const COMMAND: &[Opt] = &[flag("p"), flag("v"), flag("V")];
/// Why a program run under another name (`env -a`, `exec -a`) is not judged by its own.
const ARGV0: &str = "the program runs under another name, which multi-call programs read as the command (`exec -a reboot systemctl` reboots, busybox runs the applet it names)";
pub(crate) const EXEC: &[Opt] = &[flag("c"), flag("l"), changes("a", Takes::Value, ARGV0)];
pub(crate) const XARGS: &[Opt] = &[
    flag("0|null"),
    reads("a|arg-file"),
    value("d|delimiter"),
    value("E"),
    optional("e|eof"),
    value("I"),
    optional("i|replace"),
    value("L"),
    optional("l|max-lines"),
    value("n|max-args"),
    value("P|max-procs"),
    value("s|max-chars"),
    flag("o|open-tty"),
    flag("p|interactive"),
    flag("r|no-run-if-empty"),
    flag("t|verbose"),
    flag("x|exit"),
    value("process-slot-var"),
    flag("show-limits"),
];
pub(crate) const WATCH: &[Opt] = &[
    flag("b|beep"),
    flag("c|color"),
    flag("C|no-color"),
    optional("d|differences"),
    flag("e|errexit"),
    flag("g|chgexit"),
    value("n|interval"),
    flag("p|precise"),
    flag("t|no-title"),
    flag("w|no-wrap"),
    flag("x|exec"),
    value("q|equexit"),
    flag("r|no-rerun"),
];
pub(crate) const FLOCK: &[Opt] = &[
    flag("s|shared"),
    flag("x|e|exclusive"),
    flag("u|unlock"),
    flag("n|nb|nonblock"),
    value("w|wait|timeout"),
    value("E|conflict-exit-code"),
    flag("o|close"),
    value("c|command"),
    flag("F|no-fork"),
    flag("verbose"),
];
pub(crate) const CHRONIC: &[Opt] = &[flag("e"), flag("v")];
pub(crate) const IFNE: &[Opt] = &[flag("n")];
pub(crate) const TASKSET: &[Opt] = &[
    flag("a|all-tasks"),
    flag("c|cpu-list"),
    changes("p|pid", Takes::No, "changes another process's CPU affinity"),
];
pub(crate) const CHRT: &[Opt] = &[
    flag("a|all-tasks"),
    flag("b|batch"),
    flag("d|deadline"),
    flag("f|fifo"),
    flag("i|idle"),
    flag("o|other"),
    flag("r|rr"),
    flag("R|reset-on-fork"),
    flag("m|max"),
    changes("p|pid", Takes::No, "changes another process's scheduling"),
    value("T|sched-runtime"),
    value("P|sched-period"),
    value("D|sched-deadline"),
    flag("v|verbose"),
];
pub(crate) const NUMACTL: &[Opt] = &[
    flag("a|all"),
    value("i|interleave"),
    value("w|weighted-interleave"),
    value("m|membind"),
    value("N|cpunodebind"),
    value("C|physcpubind"),
    flag("l|localalloc"),
    value("p|preferred"),
    value("P|preferred-many"),
    value("b|balancing"),
    flag("H|hardware"),
    flag("s|show"),
    unproven("offset", Takes::Value, "numactl on shared memory"),
    unproven("length", Takes::Value, "numactl on shared memory"),
];
pub(crate) const UNBUFFER: &[Opt] = &[flag("p")];

/// How one wrapper is read.
pub(crate) struct Wrapper {
    pub spec: Spec,
    /// Operands before the command (timeout's duration, chroot's root, flock's file).
    pub skip: usize,
    pub elevated: bool,
}

pub(crate) fn wrapper(name: &str) -> Option<Wrapper> {
    let (opts, skip, elevated): (&'static [Opt], usize, bool) = match name {
        "sudo" => (SUDO, 0, true),
        "doas" => (DOAS, 0, true),
        "su" | "runuser" => (SU, 0, true),
        "pkexec" => (PKEXEC, 0, true),
        "run0" => (RUN0, 0, true),
        "sg" => (SG, 1, true),
        "setpriv" => (SETPRIV, 0, true),
        "chroot" => (CHROOT, 1, true),
        "env" => (ENV, 0, false),
        "nice" => (NICE, 0, false),
        "ionice" => (IONICE, 0, false),
        "timeout" => (TIMEOUT, 1, false),
        "nohup" => (&[], 0, false),
        "setsid" => (SETSID, 0, false),
        "stdbuf" => (STDBUF, 0, false),
        "time" => (TIME, 0, false),
        "command" => (COMMAND, 0, false),
        "builtin" => (&[], 0, false),
        "exec" => (EXEC, 0, false),
        "xargs" => (XARGS, 0, false),
        "watch" => (WATCH, 0, false),
        "flock" => (FLOCK, 1, false),
        "chronic" => (CHRONIC, 0, false),
        "ifne" => (IFNE, 0, false),
        "unbuffer" => (UNBUFFER, 0, false),
        "taskset" => (TASKSET, 1, false),
        "chrt" => (CHRT, 1, false),
        "numactl" => (NUMACTL, 0, false),
        "busybox" => (&[], 0, false),
        _ => return None,
    };
    let spec = if name == "nice" {
        Spec::posix(opts).with_numbers()
    } else {
        Spec::posix(opts)
    };
    Some(Wrapper {
        spec,
        skip,
        elevated,
    })
}

/// Why a wrapper runs until it is stopped, if it does: `watch` reruns its command without end,
/// `flock` waits for its lock for as long as another process holds it unless told not to wait
/// (`-n`) or how long (`-w`).
pub(crate) fn endless(name: &str, parsed: &Parsed) -> Option<String> {
    match name {
        // Without a command watch prints its usage and ends.
        "watch" if !parsed.operands.is_empty() => {
            Some("watch reruns its command until it is stopped".to_owned())
        }
        "flock" if !parsed.has("nonblock") && !parsed.has("wait") => {
            Some("flock waits for its lock for as long as another process holds it".to_owned())
        }
        _ => None,
    }
}

/// Signals that end a program that does not handle them (`timeout`'s default is `TERM`),
/// by name or by their number on every architecture.
const ENDING_SIGNALS: &[&str] = &[
    "TERM", "KILL", "INT", "HUP", "QUIT", "ALRM", "ABRT", "PIPE", "15", "9", "2", "1", "3", "14",
    "6", "13",
];

/// Whether `timeout` ends its program within [`crate::programs::LONGEST_RUN_S`]: a duration
/// that is not zero (zero never signals) and not longer, and a signal that ends a program, or
/// a `--kill-after` that follows it with `KILL`. With `--foreground` only the program itself is
/// signalled, not what it started (`timeout --foreground 10 sh -c 'tail -f x'`): not proven.
pub(crate) fn ends_in_time(name: &str, parsed: &Parsed) -> bool {
    use crate::programs::{LONGEST_RUN_S, seconds};
    if name != "timeout" || parsed.has("foreground") {
        return false;
    }
    let within = |word: &str| seconds(word).is_some_and(|s| s > 0.0 && s <= LONGEST_RUN_S);
    let Some(duration) = parsed.operands.first() else {
        return false;
    };
    let signal_ends = parsed.values("signal").last().is_none_or(|signal| {
        let upper = signal.to_ascii_uppercase();
        ENDING_SIGNALS.contains(&upper.strip_prefix("SIG").unwrap_or(&upper))
    });
    let killed_after = parsed.values("kill-after").last().is_some_and(within);
    within(duration) && (signal_ends || killed_after)
}

/// Whether `timeout` ends its program in time with `KILL` (`-s KILL`, `-s 9`, or a
/// `--kill-after` within the longest run), which no disposition the program inherits can
/// ignore or block.
pub(crate) fn kills_in_time(name: &str, parsed: &Parsed) -> bool {
    use crate::programs::{LONGEST_RUN_S, seconds};
    if !ends_in_time(name, parsed) {
        return false;
    }
    let kill_signal = parsed.values("signal").last().is_some_and(|signal| {
        let upper = signal.to_ascii_uppercase();
        matches!(upper.strip_prefix("SIG").unwrap_or(&upper), "KILL" | "9")
    });
    kill_signal
        || parsed
            .values("kill-after")
            .last()
            .and_then(seconds)
            .is_some_and(|s| s > 0.0 && s <= LONGEST_RUN_S)
}

/// Whether a wrapper makes its program ignore or block signals, which it keeps across
/// `exec`: `env --ignore-signal[=SIGS]`, `env --block-signal[=SIGS]` (every signal when no
/// list is given), `nohup` (`HUP`). A `timeout` around or before it may then signal in vain.
pub(crate) fn masks_signals(name: &str, parsed: &Parsed) -> bool {
    match name {
        "env" => parsed.has("ignore-signal") || parsed.has("block-signal"),
        "nohup" => true,
        _ => false,
    }
}

/// What a scheduling wrapper's own option values do to the system: only lowering the program's
/// own priority is harmless. A negative niceness (`nice -n -20`, `nice --5`), the realtime I/O
/// class (`ionice -c1`) and realtime or deadline scheduling (`chrt -f 99`, and `chrt PRIO`,
/// whose default policy is round-robin) take the machine from everything else: high. A value
/// that cannot be read is not proven: medium.
pub(crate) fn scheduling(name: &str, args: &[String], parsed: &Parsed) -> Option<Concern> {
    let high = |why: String| Some(Concern::Level(RiskLevel::High, why));
    let unproven = |why: String| Some(Concern::Level(RiskLevel::Medium, why));
    match name {
        "nice" => {
            // GNU nice reads a first word `-N`, `--N` or `-+N` as the adjustment N, -N or +N.
            if let Some(first) = args.first()
                && let Some(number) = first.strip_prefix("--")
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit())
            {
                return high(format!("nice {first} raises the program's priority"));
            }
            for value in parsed
                .values("adjustment")
                .chain(parsed.numbers.iter().copied())
            {
                match value.trim().parse::<i64>() {
                    Ok(adjustment) if adjustment >= 0 => {}
                    Ok(_) => {
                        return high(format!(
                            "nice: the adjustment {value} raises the program's priority"
                        ));
                    }
                    Err(_) => {
                        return unproven(format!("nice: the adjustment {value} is not a number"));
                    }
                }
            }
            None
        }
        "ionice" => {
            for class in parsed.values("class") {
                match class.trim().to_ascii_lowercase().as_str() {
                    "0" | "none" | "2" | "best-effort" | "3" | "idle" => {}
                    "1" | "realtime" => {
                        return high(format!(
                            "ionice -c {class}: the realtime I/O class starves every other program's I/O"
                        ));
                    }
                    _ => return unproven(format!("ionice: unknown class {class}")),
                }
            }
            for level in parsed.values("classdata") {
                if !matches!(level.trim().parse::<u8>(), Ok(0..=7)) {
                    return unproven(format!("ionice: the class data {level} is not 0 to 7"));
                }
            }
            None
        }
        // watch reruns its command without end; below a second apart it is a busy loop (the
        // readers' own intervals are bounded the same way).
        "watch" => parsed
            .values("interval")
            .find(|v| !v.trim().parse::<f64>().is_ok_and(|s| s >= 1.0))
            .and_then(|v| {
                unproven(format!(
                    "watch -n {v}: rerunning faster than once a second is a busy loop"
                ))
            }),
        "chrt" => {
            if parsed.has("pid") || parsed.has("max") {
                return None;
            }
            let harmless = parsed.has("other") || parsed.has("batch") || parsed.has("idle");
            let realtime = parsed.has("fifo") || parsed.has("rr") || parsed.has("deadline");
            if realtime || !harmless {
                return high(
                    "chrt: realtime or deadline scheduling (round-robin is its default) takes the CPU from everything else"
                        .to_owned(),
                );
            }
            match parsed.operands.first().map(|p| p.trim().parse::<u32>()) {
                Some(Ok(0)) | None => None,
                Some(_) => unproven(
                    "chrt: the other, batch and idle policies take the priority 0".to_owned(),
                ),
            }
        }
        _ => None,
    }
}
