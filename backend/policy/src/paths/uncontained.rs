//! Paths that only containment keeps from a `low` command: landlock hides some of them from
//! every contained program (`warden_secrets::CONTAINMENT_HIDDEN`), and the
//! contained user's file modes keep it out of the rest (databases' files, spools, other users'
//! homes and Kerberos tickets). A command nothing contains (`ssh_exec`, which runs `low` on the
//! remote host as the configured user, often root) reads them all, so there reading one is high.
//! So is reading a file in a place anyone can write to: its path is judged by its text, and a
//! symbolic link planted there leads anywhere. Every other remote read is low only where it is
//! proven that no one but root could have planted a link on the way ([`root_owned`]): a service's
//! or a user's own directory (`/srv/app`, `/var/log/mysql`, `/opt/app`) is medium.

use std::path::{Component, Path};

/// Places unreadable under containment beyond what landlock hides
/// ([`warden_secrets::CONTAINMENT_HIDDEN`]), each with everything below it. A component may hold
/// `*` (any run of characters within that component).
const HIDDEN: &[&str] = &[
    // What the contained user's file modes keep it from: services' data (etcd holds every
    // Kubernetes Secret, MySQL's and PostgreSQL's files hold password hashes, cloud-init's
    // user data holds bootstrap tokens), spools and mail, other users' homes, Kerberos tickets
    // and keytabs, debconf's answers, shared memory, and root-only service credentials.
    "/var/lib",
    "/var/spool",
    "/var/mail",
    "/var/backups",
    "/var/cache/debconf",
    "/home",
    "/tmp/krb5cc*",
    "/var/tmp/krb5cc*",
    "/run/user/*/krb5cc*",
    // A user's runtime directory (mode 0700) holds the credentials the user's service manager
    // hands each unit (`$CREDENTIALS_DIRECTORY` of a user service, as `/run/credentials` is
    // the system's), and rootless Podman's state: `containers/auth.json` (registry logins)
    // and each container's OCI configuration (`…/userdata/config.json`, its environment).
    "/run/user/*/credentials",
    "/run/user/*/containers",
    "/etc/krb5.keytab",
    "/etc/*.keytab",
    "/etc/krb5kdc",
    "/etc/ipsec.secrets",
    "/etc/ipsec.d/private",
    "/etc/ppp",
    "/etc/security/opasswd",
    "/etc/mysql",
    "/etc/gitlab-runner",
    "/etc/ceph",
    "/etc/kubernetes",
    "/etc/letsencrypt",
    "/etc/pki/tls/private",
    "/dev/shm",
    // Root-only logs of what others typed and ran: the audit log's EXECVE records hold every
    // audited command line (and pam_tty_audit's TTY records what was typed, passwords
    // included); btmp keeps failed logins, where a password typed as the user name lands.
    "/var/log/audit",
    "/var/log/btmp*",
    // Root-only kernel and firmware files: ACPI tables (MSDM holds the Windows product key),
    // raw DMI tables, the TPM's and IMA's measurement logs, kernel trace buffers (which
    // record what traced programs pass), and other processes' kernel stacks and system-call
    // arguments.
    "/sys/firmware/acpi/tables",
    "/sys/firmware/dmi/tables",
    "/sys/kernel/security",
    "/sys/kernel/tracing",
    "/sys/kernel/debug",
    "/proc/*/stack",
    "/proc/*/syscall",
    "/proc/*/task/*/stack",
    "/proc/*/task/*/syscall",
    // Other processes' memory layouts (which defeat address randomisation) and physical
    // pages, and the kernel's own addresses: root reads them all, the contained user none.
    "/proc/*/maps",
    "/proc/*/smaps",
    "/proc/*/numa_maps",
    "/proc/*/pagemap",
    "/proc/*/auxv",
    "/proc/*/task/*/maps",
    "/proc/*/task/*/smaps",
    "/proc/*/task/*/numa_maps",
    "/proc/*/task/*/pagemap",
    "/proc/*/task/*/auxv",
    "/proc/kallsyms",
    "/proc/iomem",
    // TCP Fast Open's cookie key (mode 0600): whoever knows it forges cookies.
    "/proc/sys/net/ipv4/tcp_fastopen_key",
    // Root-only firmware files and hardware identities: EFI variables (boot settings, vendor
    // secrets), the hypervisor's firmware configuration (cloud-init and Ignition configs hold
    // bootstrap credentials), iSCSI boot's CHAP secrets, the machine's serial numbers and
    // UUID (licensing and asset identities, written root-only by the kernel), configfs and
    // pinned BPF objects.
    "/sys/firmware/efi/efivars",
    "/sys/firmware/efi/vars",
    "/sys/firmware/qemu_fw_cfg",
    "/sys/firmware/ibft",
    "/sys/class/dmi/id/*serial",
    "/sys/class/dmi/id/product_uuid",
    "/sys/devices/virtual/dmi/id/*serial",
    "/sys/devices/virtual/dmi/id/product_uuid",
    "/sys/kernel/config",
    "/sys/fs/bpf",
];

/// Logs whose lines are others' command lines and logins: sudo's `COMMAND=` lines (the auth
/// facilities: `auth.log` on Debian, `secure` on Red Hat; sudo's own log and its session
/// recordings), sshd's `Invalid user NAME` (a password typed as the user name), and the
/// journal's files, which hold all of them and the audit records; and the logs of a machine's
/// bootstrap, which hold its secrets: cloud-init's (the output of user-data scripts, join
/// tokens among it; CVE-2023-1786) and the installers' (Ubuntu's `autoinstall-user-data` holds
/// the first user's password hash, debconf's answers and anaconda's kickstart scripts theirs).
/// Containment's `nobody` (group `adm`) reads some of them, and what a contained reader prints
/// is redacted; nothing contains a remote reader, which prints them whole.
const COMMAND_RECORDS: &[&str] = &[
    "/var/log/auth.log*",
    "/var/log/secure*",
    // Where syslog is not split by facility (busybox's syslogd on Alpine, some others), every
    // auth line lands in messages; the remote host's distribution is unknown.
    "/var/log/messages*",
    // The catch-all files of the other syslog daemons and setups: Debian's rsyslog writes
    // every facility but auth to syslog, the kernel's among them (its audit records, as
    // kern.log holds them), and where no auth log is configured the auth lines too;
    // syslog-ng's everything.log and the all.log some setups keep hold every facility.
    "/var/log/syslog*",
    "/var/log/everything.log*",
    "/var/log/all.log*",
    // SUSE's rsyslog writes warnings and worse of every facility to warn: sudo's refused
    // commands (`COMMAND=` at alert) among them.
    "/var/log/warn*",
    // The kernel's log, with the audit records it prints where no audit daemon takes them,
    // and the copy of it some distributions save at boot.
    "/var/log/kern.log*",
    "/var/log/dmesg*",
    // The live kernel log itself: every reader of `/dev/kmsg` gets its records from the start
    // (nothing is consumed, unlike `/proc/kmsg`), what `dmesg` prints, `head -c` or `timeout`
    // bounding only how much.
    "/dev/kmsg",
    "/var/log/sudo*",
    // cron's own log (Red Hat's `cron`, Debian's where rsyslog splits `cron.*` out) holds a
    // `CMD (…)` line for every job it starts, the job's command line whole; so do the
    // command auditors' logs (snoopy's, tlog's) and a shell's that logs each command.
    "/var/log/cron*",
    "/var/log/snoopy*",
    "/var/log/tlog*",
    "/var/log/commands.log*",
    "/var/log/audit",
    "/var/log/journal",
    "/run/log/journal",
    "/var/log/cloud-init*",
    "/var/log/installer",
    "/var/log/anaconda",
    // The package managers' records of what the packages' own scripts printed (passwords
    // some of them generate and show once): apt's record of the terminal of every package
    // operation (with the debconf dialogs and what was typed into them) and unattended
    // upgrades' copy of it, dnf's rpm log and zypper's log (scriptlet output), pacman's log
    // (its `[ALPM-SCRIPTLET]` lines). dpkg's own log (`dpkg.log`), apt's `history.log` (package
    // names and apt's command lines), dnf's and yum's own logs are not among them.
    "/var/log/apt/term.log*",
    "/var/log/unattended-upgrades/unattended-upgrades-dpkg.log*",
    "/var/log/dnf.rpm.log*",
    "/var/log/zypper.log*",
    "/var/log/pacman.log*",
];

/// Why reading `path` remotely prints others' command lines or logins ([`COMMAND_RECORDS`]).
pub(super) fn command_records(path: &Path) -> Option<String> {
    COMMAND_RECORDS
        .iter()
        .find(|place| inside(path, place))
        .map(|place| {
            format!(
                "{} ({place}) records others' command lines and logins (sudo's COMMAND= lines, passwords typed as a user name) or a machine's bootstrap secrets; nothing contains this reader",
                path.display()
            )
        })
}

/// Whether `path` lies in the journal's own places, whose files journalctl reads by selection.
pub(super) fn journal(path: &Path) -> bool {
    ["/var/log/journal", "/run/log/journal"]
        .iter()
        .any(|place| inside(path, place))
}

/// Whether `path` is one of the kernel log's saved copies, which `dmesg -F` reads by its
/// level selection.
pub(super) fn kernel_log(path: &Path) -> bool {
    ["/var/log/kern.log*", "/var/log/dmesg*"]
        .iter()
        .any(|place| inside(path, place))
}

/// Names of files anywhere below `/sys` that are a device's registers or storage, not a
/// description of it: PCI configuration space and memory windows, option ROMs, EEPROMs and
/// non-volatile memory cells. Root reads them (some devices do not survive a read of a
/// register), the contained user does not.
const DEVICE_REGISTERS: &[&str] = &["config", "rom", "resource*", "eeprom", "nvmem"];

/// Places where any user may create files (sticky, world-writable directories). Their paths
/// are judged by their text on a host Warden cannot look at: `/tmp/report.txt` may be a
/// symbolic link another user planted, leading to `/root/.ssh/id_rsa`, which a reader running
/// there as a more privileged user follows. Listing them stays low (names only).
const ANYONE_WRITES: &[&str] = &[
    "/tmp",
    "/var/tmp",
    // A link to /var/tmp on distributions that keep it.
    "/usr/tmp",
    "/dev/shm",
    "/run/shm",
    "/dev/mqueue",
    "/run/lock",
    "/var/lock",
    "/var/crash",
];

/// Trees in which only root creates entries on a standard system, at every depth: a path below
/// one, judged by its text on a host Warden cannot look at, leads through links only root could
/// have planted. Services' own directories below them are in [`NOT_ROOT_OWNED`]. `/var/log` is
/// not among them (its subdirectories belong to services: `/var/log/mysql` is mysql's, and
/// CVE-2016-1247 was a link planted in nginx's own log directory); the log directories of
/// these trees are kept root's by their packages.
const ROOT_TREES: &[&str] = &[
    "/etc",
    "/usr",
    "/boot",
    "/proc",
    "/sys",
    "/dev",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/var/log/journal",
    "/var/log/apt",
    "/var/log/installer",
    "/var/log/sysstat",
    "/var/log/sa",
    "/var/log/audit",
    "/var/log/nginx",
    "/var/log/apache2",
    "/var/log/httpd",
    "/var/log/unattended-upgrades",
    // runit's service links (Void's `/var/service` leads to `/etc/runit/runsvdir/current`).
    "/var/service",
    "/service",
];

/// Directories only root writes, whose subdirectories may belong to others: their own entries
/// are root's (`/var/log/syslog`, `/run/nginx.pid`, `/var/cache/apt/archives/x.deb`), nothing
/// deeper is.
const ROOT_DIRS: &[&str] = &["/", "/run", "/var", "/var/log", "/var/cache/apt/archives"];

/// Services' and users' own directories inside [`ROOT_TREES`]: PostgreSQL's configuration on
/// Debian belongs to `postgres`, and a process's working directory, root and descriptors are
/// wherever that process is.
const NOT_ROOT_OWNED: &[&str] = &[
    "/etc/postgresql",
    "/proc/*/cwd",
    "/proc/*/root",
    "/proc/*/fd",
    "/proc/*/map_files",
    "/proc/*/task/*/cwd",
    "/proc/*/task/*/root",
    "/proc/*/task/*/fd",
];

/// Whether every directory `path` passes through is root's alone on a standard system, so that
/// no link another user planted can stand on the way: the one positive model of a remote read
/// by path (see [`ROOT_TREES`], [`ROOT_DIRS`]).
pub(super) fn root_owned(path: &Path) -> bool {
    if !path.is_absolute() || NOT_ROOT_OWNED.iter().any(|place| inside(path, place)) {
        return false;
    }
    ROOT_TREES.iter().any(|tree| inside(path, tree))
        || path
            .parent()
            .is_some_and(|dir| ROOT_DIRS.iter().any(|d| dir == Path::new(d)))
}

/// Whether everything below `path` is root's alone (a reader that follows links at every depth,
/// `grep -R`, `rg -L`, `diff -r`, may be led anywhere from any directory that is not).
pub(super) fn root_owned_tree(path: &Path) -> bool {
    root_owned(path)
        && ROOT_TREES.iter().any(|tree| inside(path, tree))
        && !NOT_ROOT_OWNED.iter().any(|place| holds(path, place))
}

/// Whether only root can have created the links anywhere below `path`: the whole tree is root's
/// ([`root_owned_tree`]) and holds no place any user writes to (`/dev/shm` in `/dev`). A walk
/// that follows links is led only where root chose from there.
pub(super) fn links_only_roots(path: &Path) -> bool {
    root_owned_tree(path)
        && !ANYONE_WRITES
            .iter()
            .any(|place| inside(path, place) || holds(path, place))
}

/// Whether `path` is `place` or lies below it (`*` matching within a component).
pub(super) fn inside(path: &Path, place: &str) -> bool {
    let mut have = path.components();
    Path::new(place)
        .components()
        .all(|want| match (want, have.next()) {
            (Component::Normal(want), Some(Component::Normal(name))) => {
                crate::glob::matches(&want.to_string_lossy(), &name.to_string_lossy())
            }
            (want, Some(name)) => want == name,
            (_, None) => false,
        })
}

/// Whether `path` (a directory read whole) holds `place`: `place` lies below it, or the
/// directories down to it match.
fn holds(path: &Path, place: &str) -> bool {
    let mut wanted = Path::new(place).components();
    path.components().all(|have| match (wanted.next(), have) {
        (Some(Component::Normal(want)), Component::Normal(name)) => {
            crate::glob::matches(&want.to_string_lossy(), &name.to_string_lossy())
        }
        (Some(want), have) => want == have,
        (None, _) => false,
    })
}

/// A process's command line other than the reader's own (`/proc/1/cmdline`): passwords given
/// as arguments.
fn others_command_line(path: &Path) -> bool {
    let parts: Vec<_> = path.components().collect();
    matches!(parts.first(), Some(Component::RootDir))
        && parts.get(1).is_some_and(|c| c.as_os_str() == "proc")
        && parts.last().is_some_and(|c| c.as_os_str() == "cmdline")
        && parts.len() >= 4
        && parts
            .get(2)
            .is_some_and(|c| !matches!(c.as_os_str().to_str(), Some("self" | "thread-self")))
}

/// The name of `path` when it is a device's registers or storage below `/sys`
/// ([`DEVICE_REGISTERS`]).
fn device_register(path: &Path) -> Option<&'static str> {
    if !inside(path, "/sys") {
        return None;
    }
    let name = path.file_name()?.to_string_lossy();
    DEVICE_REGISTERS
        .iter()
        .find(|pattern| crate::glob::matches(pattern, &name))
        .copied()
}

/// The machine's asset identities that the kernel shows everyone beside the root-only serial
/// numbers (`HIDDEN`): the administrator's asset tags and the SKU, which `dmidecode` is judged
/// for printing (`dmidecode -s chassis-asset-tag`); a remote reader as root prints them with
/// nothing around it, as it would the serial numbers.
const ASSET_IDENTITIES: &[&str] = &[
    "/sys/class/dmi/id/*asset_tag",
    "/sys/class/dmi/id/product_sku",
    "/sys/devices/virtual/dmi/id/*asset_tag",
    "/sys/devices/virtual/dmi/id/product_sku",
];

/// Why reading `path` with nothing containing the reader reaches what containment keeps out.
pub(super) fn hidden(path: &Path) -> Option<String> {
    if let Some(place) = ASSET_IDENTITIES.iter().find(|place| inside(path, place)) {
        return Some(format!(
            "{} ({place}) is the machine's asset identity, as dmidecode's tables hold it; nothing contains this reader",
            path.display()
        ));
    }
    if let Some(place) = warden_secrets::CONTAINMENT_HIDDEN
        .iter()
        .chain(HIDDEN)
        .find(|place| inside(path, place))
    {
        return Some(format!(
            "{} ({place}) is kept from contained commands; nothing contains this one",
            path.display()
        ));
    }
    if let Some(place) = ANYONE_WRITES.iter().find(|place| inside(path, place)) {
        return Some(format!(
            "{} lies in {place}, where any user may plant a symbolic link to a secret; this host's links cannot be seen from here and nothing contains the reader",
            path.display()
        ));
    }
    if let Some(name) = device_register(path) {
        return Some(format!(
            "{} is a device's {name} (registers or storage), which only root reads; nothing contains this command",
            path.display()
        ));
    }
    others_command_line(path).then(|| {
        format!(
            "{} is another process's command line; nothing contains this command",
            path.display()
        )
    })
}

/// Why reading everything under `path` with nothing containing the reader reaches what
/// containment keeps out.
pub(super) fn hidden_below(path: &Path) -> Option<String> {
    warden_secrets::CONTAINMENT_HIDDEN
        .iter()
        .chain(HIDDEN)
        .chain(ASSET_IDENTITIES)
        .chain(ANYONE_WRITES)
        .chain(COMMAND_RECORDS)
        .find(|place| holds(path, place))
        .map(|place| {
            format!(
                "reading everything under {} reaches {place}, which is kept from contained commands or records others' command lines; nothing contains this one",
                path.display()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_kept_from_contained_commands() {
        for path in [
            "/root/anaconda-ks.cfg",
            "/root",
            "/var/lib/etcd/member/snap/db",
            "/var/lib/cloud/instance/user-data.txt",
            "/var/lib/mysql/mysql/user.MYD",
            "/tmp/krb5cc_0",
            "/var/spool/cron/crontabs/root",
            "/var/mail/root",
            "/proc/1/cmdline",
            "/proc/1/task/1/cmdline",
            "/etc/gitlab-runner/config.toml",
            "/etc/ceph/ceph.client.admin.keyring",
            "/etc/ssh/ssh_host_ed25519_key",
            "/home/alice/.bash_history",
            "/etc/shadow-",
            "/tmp/x",
            "/var/tmp/report.txt",
            "/var/crash/x.crash",
            "/run/lock/x",
        ] {
            assert!(hidden(Path::new(path)).is_some(), "{path}");
        }
        for path in [
            "/proc/loadavg",
            "/proc/meminfo",
            "/proc/self/cmdline",
            "/var/log/syslog",
            "/etc/hostname",
            "/etc/nginx/nginx.conf",
            "/etc/ssh/ssh_host_ed25519_key.pub",
            "/tmpx/x",
            "/var/libx",
        ] {
            assert!(hidden(Path::new(path)).is_none(), "{path}");
        }
        for tree in ["/", "/var", "/etc", "/home/alice", "/var/lib/mysql/mysql"] {
            assert!(
                hidden_below(Path::new(tree)).is_some() || hidden(Path::new(tree)).is_some(),
                "{tree}"
            );
        }
        // The audit log lies below /var/log: a recursive read of it reaches others' commands.
        assert!(hidden_below(Path::new("/var/log")).is_some());
        assert!(hidden_below(Path::new("/var/log/nginx")).is_none());
        assert!(hidden_below(Path::new("/tmp")).is_some());
    }

    #[test]
    fn only_root_owned_places_are_read_by_their_text() {
        for path in [
            "/etc/nginx/nginx.conf",
            "/etc/hostname",
            "/usr/share/doc/bash/README",
            "/proc/loadavg",
            "/proc/1/status",
            "/sys/class/net/eth0/address",
            "/var/log/syslog",
            "/var/log/nginx/error.log",
            "/var/log/journal/x/system.journal",
            "/run/nginx.pid",
            "/var/cache/apt/archives/nginx_1.22.1-9_amd64.deb",
            "/boot/config-6.1.0",
        ] {
            assert!(root_owned(Path::new(path)), "{path}");
        }
        for path in [
            "/srv/app/config.yml",
            "/srv/app",
            "/opt/app/conf/app.ini",
            "/var/www/html/index.html",
            "/var/log/mysql/error.log",
            "/var/log/postgresql/postgresql-15-main.log",
            "/var/log/redis/redis.log",
            "/etc/postgresql/15/main/postgresql.conf",
            "/run/user/1000/x",
            "/run/postgresql/x",
            "/var/cache/apt/archives/partial/x.deb",
            "/data/x",
            "/mnt/backup/x",
            "/proc/4242/cwd/notes.txt",
            "/proc/1/task/1/root/x",
            "notes.txt",
        ] {
            assert!(!root_owned(Path::new(path)), "{path}");
        }
        assert!(root_owned_tree(Path::new("/var/log/nginx")));
        assert!(root_owned_tree(Path::new("/etc/nginx")));
        for tree in ["/var/log", "/etc", "/proc", "/srv/app", "/var/log/mysql"] {
            assert!(!root_owned_tree(Path::new(tree)), "{tree}");
        }
    }
}
