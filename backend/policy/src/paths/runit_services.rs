//! Packages' own runit services: Void Linux installs a service directory for each daemon it
//! packages (`/etc/sv/sshd`, `/etc/sv/agetty-tty1`, linked from `/var/service` and
//! `/etc/runit/runsvdir/default`), whose `run`, `finish`, `check` and `log/run` scripts start
//! the daemon with the options of its own configuration (`conf`, judged apart: an
//! administrator sets `OPTS=` there), and runit's own stage scripts (`/etc/runit/1`, `2`,
//! `3`). Reading them is judged as reading a packaged init script is: a positive list of
//! names; any other service is an administrator's (`clear_credentials.rs`).

use std::path::{Component, Path};

use super::uncontained::inside;

/// Where runit keeps service directories (and the links to them).
const SERVICE_DIRS: &[&str] = &[
    "/etc/sv",
    "/etc/service",
    "/var/service",
    "/service",
    "/etc/runit/runsvdir/*",
];

/// The scripts of a service directory that start and stop its daemon.
const SCRIPTS: &[&str] = &["run", "finish", "check", "log/run", "log/finish"];

/// Services Void Linux's packages install in `/etc/sv`.
const PACKAGED_SERVICES: &[&str] = &[
    "acpid",
    "alsa",
    "avahi-daemon",
    "bluetoothd",
    "chronyd",
    "connmand",
    "containerd",
    "cronie",
    "crond",
    "cupsd",
    "dbus",
    "dhcpcd",
    "dhcpcd-eth0",
    "dmeventd",
    "docker",
    "elogind",
    "gdm",
    "haveged",
    "isc-ntpd",
    "iwd",
    "lightdm",
    "lvmetad",
    "lxdm",
    "nanoklogd",
    "NetworkManager",
    "nftables",
    "nginx",
    "ntpd",
    "openntpd",
    "polkitd",
    "rngd",
    "rpcbind",
    "rsyslogd",
    "sddm",
    "seatd",
    "slim",
    "smartd",
    "socklog-unix",
    "socklog-udp",
    "sshd",
    "statd",
    "sulogin",
    "syslog-ng",
    "tlp",
    "udevd",
    "uuidd",
    "wpa_supplicant",
    "xdm",
];

/// runit's stage scripts as Void packages them.
const STAGES: &[&str] = &[
    "/etc/runit/1",
    "/etc/runit/2",
    "/etc/runit/3",
    "/etc/runit/ctrlaltdel",
];

/// Whether `path` (lexically normal) is one of a packaged service's scripts or a stage script.
pub(super) fn packaged_service_script(path: &Path) -> bool {
    if STAGES.iter().any(|stage| path == Path::new(stage)) {
        return true;
    }
    SERVICE_DIRS.iter().any(|dir| {
        let depth = Path::new(dir).components().count();
        if !inside(path, dir) {
            return false;
        }
        let rest: Vec<&str> = path
            .components()
            .skip(depth)
            .map(|part| match part {
                Component::Normal(name) => name.to_str().unwrap_or("/"),
                Component::Prefix(_)
                | Component::RootDir
                | Component::CurDir
                | Component::ParentDir => "/",
            })
            .collect();
        let Some((service, script)) = rest.split_first() else {
            return false;
        };
        let packaged = PACKAGED_SERVICES.contains(service)
            || service.strip_prefix("agetty-").is_some_and(|tty| {
                !tty.is_empty() && tty.chars().all(|c| c.is_ascii_alphanumeric())
            });
        packaged && SCRIPTS.contains(&script.join("/").as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packaged_services_scripts_and_administrators_own() {
        for packaged in [
            "/etc/sv/sshd/run",
            "/etc/sv/dhcpcd/run",
            "/etc/sv/udevd/run",
            "/etc/sv/agetty-tty1/run",
            "/etc/sv/agetty-ttyS0/finish",
            "/etc/sv/socklog-unix/log/run",
            "/var/service/sshd/run",
            "/etc/runit/runsvdir/default/sshd/run",
            "/etc/runit/1",
            "/etc/runit/3",
        ] {
            assert!(packaged_service_script(Path::new(packaged)), "{packaged}");
        }
        for own in [
            "/etc/sv/app/run",
            "/etc/sv/sshd/conf",
            "/etc/sv/agetty-tty1/conf",
            "/etc/sv/sshd/env/OPTS",
            "/etc/sv/sshd",
            "/etc/sv/agetty-/run",
            "/etc/sv/agetty-x;y/run",
            "/etc/service/app/run",
            "/etc/runit/4",
            "/etc/sv/sshd/../app/run",
        ] {
            assert!(!packaged_service_script(Path::new(own)), "{own}");
        }
    }
}
