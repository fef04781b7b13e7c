//! The machine ID (`/etc/machine-id`, D-Bus's copy `/var/lib/dbus/machine-id`, the transient
//! `/run/machine-id` of a machine booted without one): machine-id(5) calls it confidential, not
//! to be exposed on the network, since services derive their own identifiers from it and it
//! names the host for good across reinstalled software. Everyone may read the file, so
//! containment does not hide it: reading it is high on every path, as a credential's file is.
//! Any copy counts (`machine-id.bak`, `machine-id~`, as every backup name does).

use std::path::Path;

/// The file names that hold the machine ID.
const MACHINE_ID_FILES: &[&str] = &["machine-id"];

/// Why reading `path` prints the machine ID, if it does.
pub(super) fn machine_id(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    MACHINE_ID_FILES.contains(&name.as_ref()).then(|| {
        format!(
            "{} holds the machine ID, which machine-id(5) calls confidential (services derive their identifiers from it); `hostnamectl hostname` or /etc/hostname name the host",
            path.display()
        )
    })
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
    use super::{by_wildcard, machine_id};
    use std::path::Path;

    #[test]
    fn every_copy_of_the_machine_id_is_named() {
        for path in [
            "/etc/machine-id",
            "/var/lib/dbus/machine-id",
            "/run/machine-id",
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
}
