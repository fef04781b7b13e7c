//! What a chmod mode grants: the set-user or set-group ID bit (a program run as its owner,
//! root, by anyone) and write permission for every user. Either on the wrong file hands the
//! machine over: a setuid shell is a root shell for anyone, a world-writable account file lets
//! anyone make themselves root.

/// Programs that are setuid on an ordinary system and need it: giving one back its bit repairs
/// it (`chmod u+s /usr/bin/passwd`). Any other file given the bit (`chmod u+s /bin/bash`,
/// `chmod 4755 /usr/bin/python3`, a copy in /tmp) runs as its owner for everyone.
const SETUID_PROGRAMS: &[&str] = &[
    "passwd",
    "chsh",
    "chfn",
    "newgrp",
    "gpasswd",
    "mount",
    "umount",
    "ping",
    "ping6",
    "fusermount",
    "fusermount3",
    "pkexec",
    "sudo",
    "su",
    "crontab",
    "ssh-agent",
    "unix_chkpwd",
    "ssh-keysign",
    "dbus-daemon-launch-helper",
    "polkit-agent-helper-1",
    "expiry",
    "chage",
    "wall",
    "write",
    "at",
    "newuidmap",
    "newgidmap",
];

/// Whether a mode sets the set-user ID bit: an octal mode of four digits whose first has 4
/// (`4755`, `06755`), or a symbolic clause for the owner or all adding or setting `s` (`u+s`,
/// `+s`, `a+s`, `u=srx`). The set-group ID bit alone (`g+s`, `2775`) is what shared
/// directories are given, and stays a human's decision.
pub fn adds_set_user_id(mode: &str) -> bool {
    if !mode.is_empty() && mode.chars().all(|c| c.is_digit(8)) {
        let digits: Vec<u32> = mode.chars().filter_map(|c| c.to_digit(8)).collect();
        return digits.len() >= 4 && digits[digits.len() - 4] & 4 != 0;
    }
    mode.split(',').any(|clause| {
        let Some(at) = clause.find(['+', '=']) else {
            return false;
        };
        let who = &clause[..at];
        (who.is_empty() || who.contains(['u', 'a'])) && clause[at..].contains('s')
    })
}

/// Whether a mode lets every user write: an octal mode whose last digit has 2 (`777`, `666`,
/// `0622`), or a symbolic clause for others or all adding or setting `w` (`o+w`, `a+rw`,
/// `ugo=rwx`). A clause naming no one (`+w`) is cut by the umask, which keeps others out.
pub fn lets_everyone_write(mode: &str) -> bool {
    if !mode.is_empty() && mode.chars().all(|c| c.is_digit(8)) {
        return mode
            .chars()
            .last()
            .and_then(|c| c.to_digit(8))
            .is_some_and(|v| v & 2 != 0);
    }
    mode.split(',').any(|clause| {
        let Some(at) = clause.find(['+', '=']) else {
            return false;
        };
        let who = &clause[..at];
        (who.contains('o') || who.contains('a')) && clause[at..].contains('w')
    })
}

/// Which of the owner, the group and others hold permission `perm` (`r`, or `x`, which `X`
/// sets and clears as well on a directory) after a mode (`None`: the mode leaves it as it
/// was). An octal mode sets all three; symbolic clauses are applied in turn, a clause naming
/// no one (`-r`, `=`) naming all. A clause that copies another's bits (`o=u`) leaves what it
/// sets unknown.
fn holders_after(mode: &str, perm: char) -> [Option<bool>; 3] {
    let (bit, spellings): (u32, &[char]) = match perm {
        'x' => (1, &['x', 'X']),
        _ => (4, &['r']),
    };
    if !mode.is_empty() && mode.chars().all(|c| c.is_digit(8)) {
        let digits: Vec<u32> = mode.chars().filter_map(|c| c.to_digit(8)).collect();
        let last3: Vec<u32> = std::iter::repeat_n(0, 3usize.saturating_sub(digits.len()))
            .chain(digits.iter().rev().take(3).rev().copied())
            .collect();
        return [0, 1, 2].map(|i| Some(last3[i] & bit != 0));
    }
    let mut holders = [None; 3];
    for clause in mode.split(',') {
        let Some(at) = clause.find(['+', '-', '=']) else {
            continue;
        };
        let who = &clause[..at];
        let mut rest = &clause[at..];
        // `u-w+r`: several operations may follow one another in a clause.
        while let Some(op) = rest.chars().next() {
            let end = rest[1..]
                .find(['+', '-', '='])
                .map_or(rest.len(), |e| e + 1);
            let perms = &rest[1..end];
            for (i, c) in ['u', 'g', 'o'].into_iter().enumerate() {
                if !(who.is_empty() || who.contains(c) || who.contains('a')) {
                    continue;
                }
                match op {
                    '-' if perms.contains(spellings) => holders[i] = Some(false),
                    '+' if perms.contains(spellings) => holders[i] = Some(true),
                    '=' if perms.contains(['u', 'g', 'o']) => holders[i] = None,
                    '=' => holders[i] = Some(perms.contains(spellings)),
                    _ => {}
                }
            }
            rest = &rest[end..];
        }
    }
    holders
}

/// Whether a mode leaves other users unable to read (`600`, `0640`, `o-r`, `a=`, `go-rwx`):
/// on the user and group databases every program that names a user fails for all but root.
pub fn takes_read_from_others(mode: &str) -> bool {
    holders_after(mode, 'r')[2] == Some(false)
}

/// Whether a mode leaves other users unable to enter a directory or run a program (`700`,
/// `750`, `o-x`, `go=`, `a-x`): on a system directory every program not run as root fails.
pub fn takes_search_from_others(mode: &str) -> bool {
    holders_after(mode, 'x')[2] == Some(false)
}

/// Capabilities a program may be given without handing over the machine: binding low ports,
/// raw sockets (ping), scheduling, locking memory, network settings.
const HARMLESS_CAPABILITIES: &[&str] = &[
    "cap_net_bind_service",
    "cap_net_raw",
    "cap_net_admin",
    "cap_sys_nice",
    "cap_ipc_lock",
    "cap_sys_resource",
    "cap_sys_time",
    "cap_wake_alarm",
    "cap_block_suspend",
    "cap_audit_write",
];

/// Whether a setcap word grants a capability outside [`HARMLESS_CAPABILITIES`]
/// (`cap_setuid+ep`, `cap_dac_override,cap_sys_admin=eip`, `all+ep`), or every capability (`=ep`
/// names none before the operator, and means all). Removing capabilities (`-r`, `cap_x-ep`,
/// `cap_x=`) grants nothing.
pub fn root_capability(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    let Some(at) = word.find(['+', '=']) else {
        return false;
    };
    let (names, flags) = word.split_at(at);
    if !flags[1..].contains(['e', 'p', 'i']) {
        return false;
    }
    names.is_empty()
        || names
            .split(',')
            .any(|name| !HARMLESS_CAPABILITIES.contains(&name))
}

/// Whether a file given the set-ID bit is one that is meant to have it.
pub fn is_setuid_program(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    SETUID_PROGRAMS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_user_id_bits_in_any_spelling() {
        for mode in [
            "4755", "6755", "06755", "u+s", "+s", "u=srx", "a+rx,u+s", "ug+s",
        ] {
            assert!(adds_set_user_id(mode), "{mode}");
        }
        for mode in ["755", "0755", "u-s", "a+rx", "1777", "u+x", "g+s", "2775"] {
            assert!(!adds_set_user_id(mode), "{mode}");
        }
    }

    #[test]
    fn write_for_everyone_in_any_spelling() {
        for mode in ["777", "666", "0622", "o+w", "a+rw", "ugo=rwx", "u+r,o+w"] {
            assert!(lets_everyone_write(mode), "{mode}");
        }
        for mode in ["644", "0640", "755", "+w", "u+w", "g+w", "o-w", "a-w"] {
            assert!(!lets_everyone_write(mode), "{mode}");
        }
    }

    #[test]
    fn read_taken_from_others_in_any_spelling() {
        for mode in [
            "000", "0", "600", "0640", "o-r", "a-r", "-r", "go-rwx", "a=", "=", "o=x", "u+r,o-r",
        ] {
            assert!(takes_read_from_others(mode), "{mode}");
        }
        for mode in [
            "644",
            "0444",
            "4755",
            "u-r",
            "g-w",
            "o+r",
            "o-r,o+r",
            "a+r",
            "u=rw,go=r",
            "o=u",
            "+x",
        ] {
            assert!(!takes_read_from_others(mode), "{mode}");
        }
    }

    #[test]
    fn search_taken_from_others_in_any_spelling() {
        for mode in [
            "700", "0750", "000", "644", "o-x", "go=", "a-x", "-x", "o=r", "go-rwx", "o-X",
            "u+x,o-x",
        ] {
            assert!(takes_search_from_others(mode), "{mode}");
        }
        for mode in [
            "755", "0711", "1777", "4755", "u-x", "g-x", "o+x", "a+X", "o=rx", "o=u", "+r",
            "o-x,o+x",
        ] {
            assert!(!takes_search_from_others(mode), "{mode}");
        }
    }

    #[test]
    fn capabilities_that_are_root() {
        for word in [
            "cap_setuid+ep",
            "cap_dac_override,cap_net_raw=eip",
            "all+ep",
            "=ep",
            "CAP_SYS_ADMIN+ep",
        ] {
            assert!(root_capability(word), "{word}");
        }
        for word in [
            "cap_net_bind_service+ep",
            "cap_net_raw=ep",
            "cap_setuid-ep",
            "cap_setuid=",
            "/usr/bin/x",
            "-r",
        ] {
            assert!(!root_capability(word), "{word}");
        }
    }

    #[test]
    fn only_programs_meant_to_be_setuid_are() {
        assert!(is_setuid_program("/usr/bin/passwd"));
        assert!(!is_setuid_program("/bin/bash"));
        assert!(!is_setuid_program("/tmp/x"));
    }
}
