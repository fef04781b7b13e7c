//! Units an administrator writes: systemd's in `/etc/systemd` and `/run/systemd` (with their
//! drop-ins and the links in `*.wants`), a user's in `~/.config/systemd/user`, and podman's
//! Quadlet files (`/etc/containers/systemd`, `~/.config/containers/systemd`). A service's unit
//! carries its secrets in `Environment=` and in its command (`ExecStart=/usr/bin/app -P
//! SECRET`), an override in `*.service.d/override.conf` the same, a mount or swap unit fstab's
//! options (a CIFS `password=`), a Quadlet container its environment, a Quadlet image its
//! registry login (`Creds=`): what `systemctl cat` prints, which is high for any unit. Reading
//! one is judged so. Packages' own units (`/usr/lib/systemd`, `/lib/systemd`) hold no
//! credential and keep their levels, and so do the unit types whose settings are only names
//! and times (targets, timers, paths, slices, automounts).

use std::path::Path;

/// The trees of administrators' and run-time units (transient units carry what
/// `systemd-run --setenv` was given; the generators' are fstab's).
const UNIT_TREES: &[&str] = &[
    "/etc/systemd/system",
    "/etc/systemd/user",
    "/run/systemd/system",
    "/run/systemd/user",
    "/run/systemd/transient",
    "/run/systemd/generator",
    "/run/systemd/generator.early",
    "/run/systemd/generator.late",
    "/etc/containers/systemd",
    "/run/containers/systemd",
];

/// The trees of a user's own units, wherever the home directory lies.
const USER_UNIT_TREES: &[&str] = &[
    "/.config/systemd/user/",
    "/.config/containers/systemd/",
    "/.local/share/systemd/user/",
];

/// Unit types whose settings name other units, times and paths, never a credential.
const PLAIN_UNIT_TYPES: &[&str] = &["target", "timer", "path", "slice", "automount"];

/// Whether reading `path` (lexically normal) reads an administrator's unit or drop-in whose
/// type may carry a credential.
pub(super) fn administrators_unit(path: &Path) -> bool {
    let text = format!("/{}", path.to_string_lossy().trim_start_matches('/'));
    let in_tree = UNIT_TREES
        .iter()
        .any(|tree| path.starts_with(tree) && path != Path::new(tree))
        || USER_UNIT_TREES.iter().any(|tree| text.contains(tree));
    if !in_tree {
        return false;
    }
    // A drop-in's type is its directory's (`app.service.d/override.conf`); a unit's is its
    // own extension. A file of no known type is judged as a service's.
    let dropin_of = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|dir| dir.to_str())
        .and_then(|dir| dir.strip_suffix(".d"));
    let unit = match dropin_of {
        Some(unit) => unit,
        None => match path.file_name().and_then(|name| name.to_str()) {
            Some(name) => name,
            None => return false,
        },
    };
    // `*.wants`, `*.requires` and the like are directories of links: a name in one is a unit.
    let unit_type = unit.rsplit_once('.').map_or("", |(_, kind)| kind);
    !PLAIN_UNIT_TYPES.contains(&unit_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_units_are_known_by_place_and_type() {
        for held in [
            "/etc/systemd/system/app.service",
            "/etc/systemd/system/nginx.service",
            "/etc/systemd/system/app.service.d/override.conf",
            "/etc/systemd/system/multi-user.target.wants/app.service",
            "/etc/systemd/system/app.socket",
            "/etc/systemd/system/mnt-share.mount",
            "/etc/systemd/system/swapfile.swap",
            "/etc/systemd/user/sync.service",
            "/run/systemd/system/app.service",
            "/run/systemd/system/app.service.d/50-Environment.conf",
            "/run/systemd/transient/run-u42.service",
            "/home/ops/.config/systemd/user/app.service",
            "/root/.config/systemd/user/app.service.d/override.conf",
            "/etc/containers/systemd/web.container",
            "/etc/containers/systemd/registry.image",
            "/home/ops/.config/containers/systemd/db.container",
        ] {
            assert!(administrators_unit(Path::new(held)), "{held}");
        }
        for plain in [
            "/etc/systemd/system",
            "/etc/systemd/system/backup.timer",
            "/etc/systemd/system/multi-user.target",
            "/etc/systemd/system/timers.target.wants/backup.timer",
            "/etc/systemd/system/backup.timer.d/override.conf",
            "/etc/systemd/system/user.slice",
            "/usr/lib/systemd/system/nginx.service",
            "/lib/systemd/system/ssh.service",
            "/usr/lib/systemd/system/nginx.service.d/override.conf",
            "/etc/systemd/journald.conf",
            "/etc/systemd/system.conf",
            "/home/ops/.config/app.service",
        ] {
            assert!(!administrators_unit(Path::new(plain)), "{plain}");
        }
    }
}
