//! The variables the lines being judged give values they show (`X=/tmp/x`, `set -- /tmp/x`,
//! `for f in /tmp/a /tmp/b`, `sh -c '…' _ /tmp/x`), for the whole of one judgement: a line and
//! the lines nested in it (a shell's `-c` text) see the names of every enclosing line.
//!
//! Such a variable is judged by writing its values out (`assigned.rs`, a forbidden result
//! making the line forbidden), so the fail-closed rules for a value the line cannot show
//! (`> $f`, `rm $f`) leave it to that judgement: `f=/tmp/x; : > $f` stays a human's decision,
//! while `while read f; do : > "$f"; done < list` (a value read from a file) is forbidden.

use std::cell::RefCell;

thread_local! {
    static SHOWN: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
}

/// The names one line shows values for, held while that line is judged.
pub struct Frame;

impl Frame {
    pub fn enter(line: &str) -> Frame {
        let names = crate::assigned::shown_names(line);
        SHOWN.with(|stack| stack.borrow_mut().push(names));
        Frame
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        SHOWN.with(|stack| {
            stack.borrow_mut().pop();
        });
    }
}

/// Whether `word` is a lone expansion (`$f`, `${f}`, `"$@"`) of a variable a line being judged
/// gives values it shows.
pub fn is_shown(word: &str) -> bool {
    let bare = word.trim_end_matches('/');
    let Some(name) = bare.strip_prefix('$') else {
        return false;
    };
    let name = name
        .strip_prefix('{')
        .and_then(|n| n.strip_suffix('}'))
        .unwrap_or(name);
    if name.is_empty() {
        return false;
    }
    SHOWN.with(|stack| stack.borrow().iter().flatten().any(|shown| shown == name))
}

/// Whether `word` is a value the line cannot show (`destroy.rs` `is_unknowable`) that no line
/// being judged gives a value either.
pub fn is_unshown(word: &str) -> bool {
    crate::programs::destroy::is_unknowable(word) && !is_shown(word)
}

/// Where a path holds components the line cannot show (`$D/passwd`, `/etc/$X`, `$(cat d)/sda`),
/// the paths it may be, as wildcards: each such component written `*`, and a leading one as
/// one to three directories from `/` (`/*/passwd`, `/*/*/sshd_config`) or, before a disk's
/// name, `/dev` (`/dev/sda`). Empty where it holds none.
pub fn spread(word: &str) -> Vec<String> {
    if !word.contains('/') || !word.split('/').any(is_unshown) {
        return Vec::new();
    }
    let parts: Vec<&str> = word
        .split('/')
        .map(|c| if is_unshown(c) { "*" } else { c })
        .collect();
    let joined = parts.join("/");
    if word.starts_with('/') || !is_unshown(word.split('/').next().unwrap_or("")) {
        return vec![joined];
    }
    let tail = parts[1..].join("/");
    let mut paths: Vec<String> = ["/*/", "/*/*/", "/*/*/*/"]
        .iter()
        .map(|lead| format!("{lead}{tail}"))
        .collect();
    // /dev written out where the rest names a disk (`$D/sda`): its disks are judged by name,
    // not as a wildcard's matches.
    if DISK_NAMES.iter().any(|disk| tail.starts_with(disk)) {
        paths.push(format!("/dev/{tail}"));
    }
    paths
}

/// How the names of disks and memory devices under /dev begin.
const DISK_NAMES: &[&str] = &[
    "sd", "hd", "vd", "xvd", "nvme", "mmcblk", "dm-", "md", "mapper/", "disk/", "nbd", "rbd",
    "loop", "zd", "mem", "kmem", "port", "sg", "sr",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shown_while_their_line_is_judged() {
        {
            let _outer = Frame::enter("set -- /tmp/x; f=/tmp/y");
            let _inner = Frame::enter("for d in /tmp/a /tmp/b; do :; done");
            assert!(is_shown("$1") && is_shown("$@") && is_shown("${f}") && is_shown("$d"));
            assert!(is_unshown("$2") && is_unshown("$g") && is_unshown("__substitution__"));
        }
        assert!(is_unshown("$1") && is_unshown("$f"));
        let _read = Frame::enter("while read f; do :; done < list");
        assert!(is_unshown("$f"));
        assert_eq!(spread("$f/passwd")[0], "/*/passwd");
        assert!(spread("$f/sda").contains(&"/dev/sda".to_owned()));
        assert_eq!(spread("/etc/$f"), ["/etc/*"]);
        assert!(spread("/tmp/x").is_empty() && spread("$f").is_empty());
    }
}
