//! Units an administrator writes: systemd's in `/etc/systemd` and `/run/systemd` (with their
//! drop-ins and the links in `*.wants`, and the drop-ins `systemctl set-property` writes in
//! `system.control`), a user manager's run-time ones (`/run/user/UID/systemd/transient`,
//! `…/systemd/user`), a user's in `~/.config/systemd/user`, and podman's
//! Quadlet files (`/etc/containers/systemd`, `~/.config/containers/systemd`). A service's unit
//! carries its secrets in `Environment=` and in its command (`ExecStart=/usr/bin/app -P
//! SECRET`), an override in `*.service.d/override.conf` the same, a mount or swap unit fstab's
//! options (a CIFS `password=`), a Quadlet container its environment, a Quadlet image its
//! registry login (`Creds=`): what `systemctl cat` prints, which is high for any unit. Reading
//! one is judged so. Packages' own units (`/usr/lib/systemd`, `/lib/systemd`) hold no
//! credential and keep their levels, and so do the unit types whose settings are only names
//! and times (targets, timers, paths, slices, automounts), except a transient one: a unit
//! `systemd-run` made up is described by its command line (`Description=/usr/bin/mysql
//! -pPASS`), its timer or path unit as its service is.

use std::path::Path;

/// The trees of administrators' and run-time units (transient units carry what
/// `systemd-run --setenv` was given; the generators' are fstab's).
const UNIT_TREES: &[&str] = &[
    "/etc/systemd/system",
    "/etc/systemd/user",
    "/run/systemd/system",
    "/run/systemd/user",
    "/run/systemd/generator",
    "/run/systemd/generator.early",
    "/run/systemd/generator.late",
    "/etc/containers/systemd",
    "/run/containers/systemd",
    "/etc/systemd/system.control",
    "/run/systemd/system.control",
];

/// The trees of transient units, whose every type carries the command line it was made for.
const TRANSIENT_TREES: &[&str] = &["/run/systemd/transient"];

/// The trees of a user's own units, wherever the home directory lies.
const USER_UNIT_TREES: &[&str] = &[
    "/.config/systemd/user/",
    "/.config/systemd/user.control/",
    "/.config/containers/systemd/",
    "/.local/share/systemd/user/",
];

/// A user manager's run-time trees below its runtime directory (`/run/user/UID/`): its
/// transient units, the units and drop-ins `--runtime` writes, generated units.
const USER_RUNTIME_TREES: &[&str] = &[
    "systemd/transient",
    "systemd/user",
    "systemd/user.control",
    "systemd/generator",
    "systemd/generator.early",
    "systemd/generator.late",
    "containers/systemd",
];

/// The tree of `USER_RUNTIME_TREES` that `path` lies below (`/run/user/UID/TREE/…`,
/// `/var/run/user/UID/TREE/…`), if any.
fn user_runtime_tree(path: &Path) -> Option<&'static str> {
    let text = path.to_string_lossy();
    let rest = text
        .strip_prefix("/run/user/")
        .or_else(|| text.strip_prefix("/var/run/user/"))?;
    let (_uid, rest) = rest.split_once('/')?;
    USER_RUNTIME_TREES.iter().copied().find(|tree| {
        rest.strip_prefix(tree)
            .is_some_and(|below| below.starts_with('/') && below.len() > 1)
    })
}

/// Unit types whose settings name other units, times and paths, never a credential.
const PLAIN_UNIT_TYPES: &[&str] = &["target", "timer", "path", "slice", "automount"];

/// Whether reading `path` (lexically normal) reads an administrator's unit or drop-in whose
/// type may carry a credential.
pub(super) fn administrators_unit(path: &Path) -> bool {
    let text = format!("/{}", path.to_string_lossy().trim_start_matches('/'));
    let below = |tree: &&str| path.starts_with(tree) && path != Path::new(tree);
    let user_runtime = user_runtime_tree(path);
    let in_tree = UNIT_TREES.iter().chain(TRANSIENT_TREES).any(below)
        || USER_UNIT_TREES.iter().any(|tree| text.contains(tree))
        || user_runtime.is_some();
    if !in_tree {
        return false;
    }
    // A transient unit of any type is described by the command line it was made for.
    if TRANSIENT_TREES.iter().any(below) || user_runtime == Some("systemd/transient") {
        return true;
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
            // Transient units of every type carry their command line as their description.
            "/run/systemd/transient/run-u7.timer",
            "/run/systemd/transient/run-r0f3.path",
            "/run/systemd/transient/run-p12-i34.scope",
            "/run/user/1000/systemd/transient/run-u3.service",
            "/run/user/1000/systemd/transient/run-u3.timer",
            "/var/run/user/1000/systemd/transient/run-u3.service",
            "/run/user/1000/systemd/user/app.service",
            "/run/user/1000/systemd/generator/x.mount",
            "/etc/systemd/system.control/app.service.d/50-Description.conf",
            "/run/systemd/system.control/run-u7.service.d/50-Environment.conf",
            "/home/ops/.config/systemd/user.control/app.service.d/50-Environment.conf",
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
            "/run/systemd/transient",
            "/run/user/1000/systemd/transient",
            "/run/user/1000/systemd/user/backup.timer",
            "/run/user/1000/systemd/inaccessible/reg",
            "/run/user/1000/bus",
        ] {
            assert!(!administrators_unit(Path::new(plain)), "{plain}");
        }
    }
}
