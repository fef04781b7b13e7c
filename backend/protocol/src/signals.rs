//! Linux signals as Docker writes and accepts them: a `kill` event's `signal` attribute (a
//! number, `15`, or from another daemon speaking Docker's API a name), a container's
//! `StopSignal` (`SIGINT`, `INT`, `2`, `SIGRTMIN+3`). One reader, used by the Docker tool's event
//! stream and by the monitor alike, so a signal spelt one way is never another signal (or none)
//! to one of them.

/// The standard signals, in the order of their numbers (1 to 31).
const NAMES: &[&str] = &[
    "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
    "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
    "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
];

/// Other names Linux keeps for some of them.
const ALIASES: &[(&str, i64)] = &[("IOT", 6), ("POLL", 29), ("CLD", 17), ("UNUSED", 31)];

/// The real-time signals, as Docker numbers them on Linux.
const RTMIN: i64 = 34;
const RTMAX: i64 = 64;

/// A signal's number from its number (`15`, ` 2 `) or its name, with or without `SIG`, in any
/// case, spaces aside (`SIGTERM`, `term`, `SIGRTMIN + 3`), an alias Linux keeps (`IOT` is ABRT,
/// `POLL` is IO, `CLD` is CHLD) or a real-time signal (`SIGRTMIN+3` is 37, `RTMAX-1` 63). None
/// for anything else: 0, a number past 64, an unknown name, an offset out of range.
pub fn signal_number(text: &str) -> Option<i64> {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if let Ok(number) = text.parse::<i64>() {
        return (1..=RTMAX).contains(&number).then_some(number);
    }
    let name = text.strip_prefix("SIG").unwrap_or(&text);
    // A real-time signal's offset: none, or a sign and a small number (`+3`, `-1`).
    let offset = |rest: &str, sign: char| -> Option<i64> {
        match rest {
            "" => Some(0),
            _ => rest.strip_prefix(sign)?.parse::<u8>().ok().map(i64::from),
        }
    };
    let real_time = RTMIN..=RTMAX;
    if let Some(rest) = name.strip_prefix("RTMIN") {
        return Some(RTMIN + offset(rest, '+')?).filter(|n| real_time.contains(n));
    }
    if let Some(rest) = name.strip_prefix("RTMAX") {
        return Some(RTMAX - offset(rest, '-')?).filter(|n| real_time.contains(n));
    }
    if let Some((_, number)) = ALIASES.iter().find(|(alias, _)| *alias == name) {
        return Some(*number);
    }
    NAMES
        .iter()
        .position(|n| *n == name)
        .and_then(|index| i64::try_from(index).ok())
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::signal_number;

    #[test]
    fn a_signal_is_read_as_a_number_or_a_name_in_any_spelling() {
        for (text, number) in [
            ("15", Some(15)),
            ("9", Some(9)),
            (" 2 ", Some(2)),
            ("+2", Some(2)),
            ("02", Some(2)),
            ("SIGTERM", Some(15)),
            ("term", Some(15)),
            ("SIGINT", Some(2)),
            ("sigint", Some(2)),
            ("Int", Some(2)),
            ("SIGHUP", Some(1)),
            ("hup", Some(1)),
            ("QUIT", Some(3)),
            ("SIGUSR1", Some(10)),
            ("SIGWINCH", Some(28)),
            ("SIGIOT", Some(6)),
            ("iot", Some(6)),
            ("SIGPOLL", Some(29)),
            ("SIGCLD", Some(17)),
            ("SIGRTMIN", Some(34)),
            ("SIGRTMIN+3", Some(37)),
            ("rtmin+30", Some(64)),
            ("SIGRTMIN + 3", Some(37)),
            ("SIGRTMAX", Some(64)),
            ("SIGRTMAX-1", Some(63)),
            ("RTMAX-30", Some(34)),
            ("34", Some(34)),
            ("0", None),
            ("-2", None),
            ("65", None),
            ("SIGNOPE", None),
            ("SIG", None),
            ("", None),
            ("SIGRTMIN+31", None),
            ("SIGRTMIN+40", None),
            ("SIGRTMAX-31", None),
            ("SIGRTMIN-1", None),
            ("SIGRTMIN+", None),
            ("SIGRTMINX", None),
            // Offsets near i64's bounds are no signal, never an overflow.
            ("SIGRTMIN+9223372036854775807", None),
            ("SIGRTMAX--9223372036854775808", None),
            ("RTMAX-9223372036854775807", None),
            ("SIGRTMIN+99999999999999999999", None),
            ("99999999999999999999", None),
        ] {
            assert_eq!(signal_number(text), number, "{text}");
        }
    }
}
