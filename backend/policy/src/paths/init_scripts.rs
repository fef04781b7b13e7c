//! Init scripts an administrator writes: sysvinit's and OpenRC's in `/etc/init.d` (RHEL's
//! `/etc/rc.d/init.d`), the runlevels' links to them, BSD-style `/etc/rc.d/rc.NAME`, OpenRC's
//! `/etc/local.d` and upstart's jobs in `/etc/init`. Reading one is judged as reading
//! `rc.local` is (`clear_credentials.rs`); packages' own scripts, by name, keep their levels.

use std::path::Path;

/// Init scripts: an administrator's own script in `/etc/init.d` (RHEL's `/etc/rc.d/init.d`,
/// OpenRC's, upstart's jobs in `/etc/init`, the runlevels' `S01app` links to them, BSD-style
/// `/etc/rc.d/rc.app`, OpenRC's `/etc/local.d/*.start`) starts a service with what it was
/// given (`DAEMON_ARGS="-P SECRET"`, `export DB_PASSWORD=…`), readable by everyone, as
/// `rc.local` does. Packages' own scripts, by these names (a runlevel link's without its
/// `S01`/`K01`, a BSD-style script's without its `rc.`, an upstart job's without `.conf`), start their
/// daemon with the options of its own configuration or environment file (judged apart:
/// `/etc/default`); any other name is an administrator's.
const INIT_DIRS: &[&str] = &["/etc/init.d", "/etc/rc.d/init.d", "/etc/rc.d"];
const UPSTART_JOBS: &str = "/etc/init";
const RUNLEVEL_DIRS: &[&str] = &["/etc/rc?.d", "/etc/rc.d/rc?.d"];
const LOCAL_SCRIPTS: &str = "/etc/local.d";
const PACKAGED_INIT_SCRIPTS: &[&str] = &[
    // Debian's and Ubuntu's sysvinit and packages.
    "README",
    "skeleton",
    "rc",
    "rcS",
    "halt",
    "reboot",
    "single",
    "sendsigs",
    "umountfs",
    "umountroot",
    "umountnfs.sh",
    "bootlogs",
    "bootmisc.sh",
    "checkfs.sh",
    "checkroot.sh",
    "checkroot-bootclean.sh",
    "hostname.sh",
    "hwclock.sh",
    "mountall.sh",
    "mountall-bootclean.sh",
    "mountdevsubfs.sh",
    "mountkernfs.sh",
    "mountnfs.sh",
    "mountnfs-bootclean.sh",
    "mount-configfs",
    "brightness",
    "motd",
    "rmnologin",
    "urandom",
    "killprocs",
    "procps",
    "kmod",
    "udev",
    "dbus",
    "cron",
    "anacron",
    "atd",
    "rsyslog",
    "ssh",
    "apparmor",
    "apport",
    "ufw",
    "unattended-upgrades",
    "uuidd",
    "x11-common",
    "console-setup.sh",
    "keyboard-setup.sh",
    "networking",
    "network-manager",
    "nginx",
    "apache2",
    "apache-htcacheclean",
    "mysql",
    "mariadb",
    "postgresql",
    "redis-server",
    "memcached",
    "docker",
    "containerd",
    "cryptdisks",
    "cryptdisks-early",
    "lvm2",
    "lvm2-lvmpolld",
    "mdadm",
    "mdadm-waitidle",
    "open-iscsi",
    "iscsid",
    "multipath-tools",
    "plymouth",
    "plymouth-log",
    "sysstat",
    "irqbalance",
    "grub-common",
    "screen-cleanup",
    "open-vm-tools",
    "acpid",
    "bluetooth",
    "cups",
    "cups-browsed",
    "avahi-daemon",
    "saned",
    "alsa-utils",
    "binfmt-support",
    "nfs-common",
    "rpcbind",
    "nfs-kernel-server",
    "exim4",
    "postfix",
    "dovecot",
    "bind9",
    "named",
    "isc-dhcp-server",
    "chrony",
    "ntp",
    "ntpsec",
    "haproxy",
    "snmpd",
    "smartmontools",
    "fail2ban",
    "nscd",
    "sudo",
    "rsync",
    "openvpn",
    "lighttpd",
    "squid",
    "varnish",
    "zfs-import",
    "zfs-mount",
    "zfs-share",
    "zfs-zed",
    "qemu-guest-agent",
    "hddtemp",
    "lm-sensors",
    "gdm3",
    "lightdm",
    "pulseaudio-enable-autospawn",
    "speech-dispatcher",
    "spice-vdagent",
    "whoopsie",
    "kerneloops",
    "pppd-dns",
    "dns-clean",
    // RHEL's helpers.
    "functions",
    "netconsole",
    "network",
    // OpenRC's (Alpine's, Gentoo's).
    "bootmisc",
    "hostname",
    "hwclock",
    "modules",
    "modules-load",
    "sysctl",
    "localmount",
    "local",
    "devfs",
    "dmesg",
    "mdev",
    "sysfs",
    "procfs",
    "root",
    "fsck",
    "swap",
    "seedrng",
    "syslog",
    "crond",
    "sshd",
    "savecache",
    "mount-ro",
    "termencoding",
    "keymaps",
    "loadkmap",
    "hwdrivers",
    "machine-id",
    "chronyd",
    "ntpd",
    "agetty",
    "firstboot",
    "functions.sh",
    "binfmt",
    "cgroups",
    "consolefont",
    "loopback",
    "netmount",
    "numlock",
    "osclock",
    "runsvdir",
    "s6-svscan",
    "save-keymaps",
    "save-termencoding",
    "staticroute",
    "swclock",
    "sysfsconf",
    "user",
    "net.lo",
    // Slackware's rc.d scripts, without `rc.`.
    "M",
    "S",
    "K",
    "0",
    "4",
    "6",
    "inet1",
    "inet2",
    "sysvinit",
    "modules",
    "sshd",
    "httpd",
    "mysqld",
    "syslog",
];

/// The name a packaged init script would have: a runlevel link's without `S01`/`K01`, a
/// BSD-style script's without `rc.` (`rc.inet1.conf`, WiFi keys included, keeps its `.conf`).
fn init_script_name(name: &str) -> &str {
    let bytes = name.as_bytes();
    let linked = bytes.len() > 3
        && matches!(bytes[0], b'S' | b'K')
        && bytes[1].is_ascii_digit()
        && bytes[2].is_ascii_digit();
    let name = if linked { &name[3..] } else { name };
    name.strip_prefix("rc.").unwrap_or(name)
}

/// OpenRC starts each network interface through a link named for it to its own `net.lo`
/// (`/etc/init.d/net.eth0`, `net.bond0.100`, `net.br-lan`): read as `net.lo` is. The name
/// after `net.` must be an interface's: at most 15 characters, letters, digits, `-` and `_`,
/// and a VLAN's number after a dot.
fn openrc_interface_link(name: &str) -> bool {
    let Some(interface) = name.strip_prefix("net.") else {
        return false;
    };
    let mut parts = interface.split('.');
    let base = parts.next().unwrap_or_default();
    interface.len() <= 15
        && base.starts_with(|c: char| c.is_ascii_alphanumeric())
        && base
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        && parts.all(|vlan| !vlan.is_empty() && vlan.chars().all(|c| c.is_ascii_digit()))
}

/// Whether `path` is an administrator's init script: a name in [`INIT_DIRS`] or
/// [`RUNLEVEL_DIRS`] outside [`PACKAGED_INIT_SCRIPTS`] (the runlevel directories themselves
/// and `rc.local`, judged as a place, aside), or a script in [`LOCAL_SCRIPTS`].
pub(super) fn administrators_init_script(path: &Path) -> bool {
    let first = |dir: &str| {
        path.strip_prefix(dir)
            .ok()
            .and_then(|rest| rest.components().next())
            .map(|name| name.as_os_str().to_string_lossy().into_owned())
    };
    if let Some(name) = first(LOCAL_SCRIPTS) {
        return name != "README";
    }
    let administrators = |name: &str| {
        let subdir = name == "init.d" || crate::glob::matches("rc?.d", name);
        let name = init_script_name(name);
        !subdir && !PACKAGED_INIT_SCRIPTS.contains(&name) && !openrc_interface_link(name)
    };
    // An upstart job is named for its service with `.conf` (or `.override`) after it.
    let job = first(UPSTART_JOBS).map(|name| {
        let service = name
            .strip_suffix(".conf")
            .or(name.strip_suffix(".override"));
        service.unwrap_or(&name).to_owned()
    });
    if INIT_DIRS
        .iter()
        .filter_map(|dir| first(dir))
        .chain(job)
        .any(|name| administrators(&name))
    {
        return true;
    }
    // A runlevel's link (`/etc/rc3.d/S01app`), judged by the script it starts.
    let in_runlevel = path.parent().is_some_and(|parent| {
        let parent = parent.to_string_lossy();
        RUNLEVEL_DIRS
            .iter()
            .any(|dir| crate::glob::matches(dir, &parent))
    });
    in_runlevel
        && path
            .file_name()
            .is_some_and(|name| administrators(&name.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_scripts_are_known_and_packages_own_are_not() {
        for held in [
            "/etc/init.d/app",
            "/etc/init.d/myapp.sh",
            "/etc/init.d/nginx.bak",
            "/etc/rc.d/init.d/app",
            "/etc/rc3.d/S99app",
            "/etc/rc.d/rc5.d/K01app",
            "/etc/rc.d/rc.inet1.conf",
            "/etc/rc.d/rc.myapp",
            "/etc/local.d/backup.start",
            "/etc/init/app.conf",
            "/etc/init/app.override",
            "/etc/init.d/net.eth0.sh",
            "/etc/init.d/net.",
            "/etc/init.d/net.averyveryverylongname",
        ] {
            assert!(administrators_init_script(Path::new(held)), "{held}");
        }
        for packaged in [
            "/etc/init.d",
            "/etc/init.d/nginx",
            "/etc/init.d/ssh",
            "/etc/init.d/functions",
            "/etc/rc.d/init.d/network",
            "/etc/rc3.d",
            "/etc/rc3.d/S01nginx",
            "/etc/rc.d/rc3.d",
            "/etc/rc.d/init.d",
            "/etc/rc.d/rc.M",
            "/etc/local.d",
            "/etc/local.d/README",
            "/etc/init/ssh.conf",
            "/etc/init.d/net.eth0",
            "/etc/init.d/net.wlan0",
            "/etc/init.d/net.bond0.100",
            "/etc/init.d/net.br-lan",
            "/etc/runlevels/default/net.eth0",
            "/etc/initramfs-tools/modules",
        ] {
            assert!(
                !administrators_init_script(Path::new(packaged)),
                "{packaged}"
            );
        }
    }
}
