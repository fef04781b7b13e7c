//! The machine ID (`/etc/machine-id`, D-Bus's copy `/var/lib/dbus/machine-id`, the transient
//! `/run/machine-id` of a machine booted without one): machine-id(5) calls it confidential, not
//! to be exposed on the network, since services derive their own identifiers from it and it
//! names the host for good across reinstalled software. Everyone may read the file, so
//! containment does not hide it: reading it is high on every path, as a credential's file is.
//! Any copy counts (`machine-id.bak`, `machine-id~`, as every backup name does).

use std::path::Path;

use super::identities::Walk;

/// The file names that hold the machine ID.
const MACHINE_ID_FILES: &[&str] = &["machine-id"];

/// Why reading `path` prints the machine ID, if it does; or the host ID, `/etc/hostid`
/// (gethostid(3), what `hostid` prints: an identity of the host kept for good, zfs's among
/// others).
pub(super) fn machine_id(path: &Path) -> Option<String> {
    if path == Path::new("/etc/hostid") {
        return Some(format!(
            "{} holds the host ID (gethostid(3)), an identity of the host kept for good, like the machine ID",
            path.display()
        ));
    }
    let name = path.file_name()?.to_string_lossy();
    MACHINE_ID_FILES.contains(&name.as_ref()).then(|| {
        format!(
            "{} holds the machine ID, which machine-id(5) calls confidential (services derive their identifiers from it); `hostnamectl hostname` or /etc/hostname name the host",
            path.display()
        )
    })
}

/// What a directory named by the machine ID holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entries {
    /// Directories named by it (`/var/log/journal/MACHINE_ID/`).
    Directories,
    /// Files named by it (`/boot/loader/entries/MACHINE_ID-6.1.0.conf`).
    Files,
}

/// Directories whose entries' names carry the machine ID: the persistent and volatile journals
/// (`/var/log/journal/MACHINE_ID/system.journal`), the boot loader entries of the Boot Loader
/// Specification (`loader/entries/MACHINE_ID-VERSION.conf`, Fedora's and systemd-boot's), the
/// unified kernel images kernel-install names the same way (`EFI/Linux/MACHINE_ID-VERSION.efi`),
/// in each place the boot partition is mounted.
const NAMED_BY_MACHINE_ID: &[(&str, Entries)] = &[
    ("/var/log/journal", Entries::Directories),
    ("/run/log/journal", Entries::Directories),
    ("/boot/loader/entries", Entries::Files),
    ("/efi/loader/entries", Entries::Files),
    ("/boot/efi/loader/entries", Entries::Files),
    ("/boot/EFI/Linux", Entries::Files),
    ("/efi/EFI/Linux", Entries::Files),
    ("/boot/efi/EFI/Linux", Entries::Files),
];

/// Boot partitions where kernel-install's layout keeps each kernel in a directory named by the
/// machine ID (`/efi/MACHINE_ID/6.1.0/linux`): a listing that starts there prints it. A walk
/// from above (`tree -L 2 /`) is not counted: most hosts keep kernels as `/boot/vmlinuz-*`.
const KERNEL_DIRECTORIES: &[&str] = &["/boot", "/efi", "/boot/efi"];

/// Sample names the machine ID makes: a filter (`find -name PATTERN`) that matches none of
/// them prints none of the entries above.
const SAMPLE_NAMES: &[&str] = &[
    "0123456789abcdef0123456789abcdef",
    "0123456789abcdef0123456789abcdef-6.1.0.conf",
    "0123456789abcdef0123456789abcdef-6.1.0.efi",
    "system.journal",
    "system@0123456789abcdef-0000000000000001-0000000000000001.journal",
    "user-1000.journal",
    "system.journal~",
];

/// Whether a `find -name` (`fold`: `-iname`) pattern may match a name the machine ID makes.
pub fn may_match_a_name(pattern: &str, fold: bool) -> bool {
    // Bracket expressions as `?`, escapes dropped (`\*` as `*`): each matches at least what
    // find's fnmatch does.
    let pattern: String = crate::glob::bracketless(pattern)
        .chars()
        .filter(|c| *c != '\\')
        .collect();
    let pattern = if fold {
        pattern.to_ascii_lowercase()
    } else {
        pattern
    };
    SAMPLE_NAMES.iter().any(|name| {
        let name = if fold {
            name.to_ascii_lowercase()
        } else {
            (*name).to_owned()
        };
        crate::glob::matches(&pattern, &name)
    })
}

/// Why listing `path` with `walk` prints names that carry the machine ID, if it does: a
/// listing of one of the directories named by it, or a walk that reaches their entries.
pub(super) fn named_entries(path: &Path, walk: Walk) -> Option<String> {
    if walk.filtered {
        return None;
    }
    let count = |p: &Path| p.components().count() as u64;
    let reaches = |place: &Path, kind: Entries| {
        let below = count(place) + 1;
        place.starts_with(path)
            && path.has_root()
            && walk
                .depth
                .is_none_or(|depth| depth >= below.saturating_sub(count(path)))
            && (kind == Entries::Directories || !walk.directories_only)
    };
    let found = NAMED_BY_MACHINE_ID
        .iter()
        .find(|(place, kind)| reaches(Path::new(place), *kind))
        .map(|(place, _)| *place)
        .or_else(|| {
            KERNEL_DIRECTORIES
                .iter()
                .find(|place| path == Path::new(place) && walk.depth.is_none_or(|d| d >= 1))
                .copied()
        })?;
    Some(format!(
        "listing {} prints the names in {found}, which carry the machine ID (machine-id(5) calls it confidential)",
        path.display()
    ))
}

/// A name made of the machine ID alone (`/var/log/journal/MACHINE_ID`, kernel-install's
/// `/efi/MACHINE_ID`).
const SAMPLE_ID: &str = "0123456789abcdef0123456789abcdef";

/// Why a shell's expansion of the absolute wildcard `pattern` may put a name made of the
/// machine ID on the command line (`/var/log/journal/*`, `/var/*/journal/*/system.journal`,
/// `/boot/loader/entries/*.conf`, `/efi/*`): whatever the program does with its operands, the
/// shell has already written those names into them (`echo /var/log/journal/*` prints them, as
/// `ls -d` and `stat` do). Each component of the pattern is matched against the directory's
/// own (`/var/*/journal` is `/var/log/journal`), and the next one against the names the machine
/// ID makes; `..` and `.` are resolved before.
pub fn expands_to_named(pattern: &str) -> Option<String> {
    if !pattern.starts_with('/') {
        return None;
    }
    let pattern: String = crate::glob::bracketless(pattern)
        .chars()
        .filter(|c| *c != '\\')
        .collect();
    let parts: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
    let reaches = |place: &str, names: &dyn Fn(&str) -> bool| {
        let dir: Vec<&str> = place.split('/').filter(|c| !c.is_empty()).collect();
        parts.len() > dir.len()
            && dir
                .iter()
                .zip(&parts)
                .all(|(own, part)| crate::glob::matches(part, own))
            && names(parts[dir.len()])
    };
    let found = NAMED_BY_MACHINE_ID
        .iter()
        .map(|(place, _)| *place)
        .find(|place| reaches(place, &|part| may_match_a_name(part, false)))
        .or_else(|| {
            KERNEL_DIRECTORIES
                .iter()
                .copied()
                .find(|place| reaches(place, &|part| crate::glob::matches(part, SAMPLE_ID)))
        })?;
    Some(format!(
        "{pattern} may expand to the names in {found}, which carry the machine ID (machine-id(5) calls it confidential); a shell writes them into the command's words"
    ))
}

/// Why reading the wildcard `path` may read the machine ID (`/etc/machine-i?`,
/// `/var/lib/dbus/*-id`), as its name would be judged (`wildcards.rs`).
pub(super) fn by_wildcard(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let dir = path.parent()?;
    MACHINE_ID_FILES
        .iter()
        .find(|candidate| super::wildcards::may_name(name, dir, candidate))
        .and_then(|candidate| machine_id(&dir.join(candidate)))
        .map(|why| format!("{} may expand to {why}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::{Walk, by_wildcard, expands_to_named, machine_id, may_match_a_name, named_entries};
    use std::path::Path;

    #[test]
    fn every_copy_of_the_machine_id_is_named() {
        for path in [
            "/etc/machine-id",
            "/var/lib/dbus/machine-id",
            "/run/machine-id",
            "/etc/hostid",
        ] {
            assert!(machine_id(Path::new(path)).is_some(), "{path}");
        }
        for path in ["/etc/hostname", "/etc/machine-info", "/etc/os-release"] {
            assert!(machine_id(Path::new(path)).is_none(), "{path}");
        }
        for path in ["/etc/machine-i?", "/etc/*-id", "/var/lib/dbus/mach*"] {
            assert!(by_wildcard(Path::new(path)).is_some(), "{path}");
        }
        assert!(by_wildcard(Path::new("/etc/host*")).is_none());
    }

    #[test]
    fn names_made_of_the_machine_id() {
        let entries = Walk {
            depth: Some(1),
            ..Walk::default()
        };
        let every = Walk::default();
        let dirs = Walk {
            directories_only: true,
            ..Walk::default()
        };
        for listed in [
            "/var/log/journal",
            "/run/log/journal",
            "/boot/loader/entries",
            "/efi/loader/entries",
            "/boot/efi/loader/entries",
            "/boot/EFI/Linux",
            "/boot",
            "/efi",
            "/boot/efi",
        ] {
            assert!(
                named_entries(Path::new(listed), entries).is_some(),
                "{listed}"
            );
        }
        for walked in ["/var/log", "/var", "/", "/run", "/boot/loader", "/boot"] {
            assert!(
                named_entries(Path::new(walked), every).is_some(),
                "{walked}"
            );
        }
        assert!(named_entries(Path::new("/var/log"), dirs).is_some());
        assert!(named_entries(Path::new("/boot/loader"), dirs).is_none());
        let depth = |depth| Walk {
            depth: Some(depth),
            ..Walk::default()
        };
        assert!(named_entries(Path::new("/var/log"), depth(1)).is_none());
        assert!(named_entries(Path::new("/var/log"), depth(2)).is_some());
        assert!(named_entries(Path::new("/"), depth(2)).is_none());
        assert!(named_entries(Path::new("/var/log/journal"), depth(0)).is_none());
        let filtered = Walk {
            filtered: true,
            ..Walk::default()
        };
        assert!(named_entries(Path::new("/var/log"), filtered).is_none());
        for pattern in [
            "[0-9a-f]*",
            "*.journal",
            "system\\.journal",
            "*[.]conf",
            "*~",
        ] {
            assert!(may_match_a_name(pattern, false), "{pattern}");
        }
        assert!(may_match_a_name("SYSTEM*", true));
        for pattern in ["*.gz", "*.log", "nginx.conf", "[xyz]*.log"] {
            assert!(!may_match_a_name(pattern, false), "{pattern}");
        }
        for plain in ["/var/log/nginx", "/etc", "/var/log/journal/x", "journal"] {
            assert!(
                named_entries(Path::new(plain), entries).is_none(),
                "{plain}"
            );
        }
    }

    #[test]
    fn wildcards_that_expand_to_names_made_of_the_machine_id() {
        for pattern in [
            "/var/log/journal/*",
            "/var/log/journal/*/system.journal",
            "/run/log/journal/[0-9a-f]*",
            "/var/*/journal/*",
            "/*/log/journal/*",
            "/var/log/jour*/*",
            "/boot/loader/entries/*",
            "/boot/loader/entries/*.conf",
            "/boot/efi/EFI/Linux/*.efi",
            "/efi/*",
            "/boot/*",
            "/efi/[0-9]*",
        ] {
            assert!(expands_to_named(pattern).is_some(), "{pattern}");
        }
        for pattern in [
            "/var/log/*",
            "/var/log/*.log",
            "/var/log/nginx/*",
            "/var/log/journal*",
            "/boot/vmlinuz-*",
            "/boot/loader/*",
            "/boot/*.img",
            "/boot/loader/entries/*.gz",
            "*",
            "journal/*",
        ] {
            assert!(expands_to_named(pattern).is_none(), "{pattern}");
        }
    }
}
