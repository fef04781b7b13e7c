//! Dangerous command lines, thirteenth set.
//! Where nothing contains the command (`ssh_exec`): `/var/log/messages` holds the auth lines
//! where syslog is not split by facility (busybox's syslogd on Alpine), and the remote host's
//! distribution is unknown; the kernel's log (`dmesg`, `journalctl -k`, `kern.log`,
//! `/var/log/dmesg`) holds the audit records where no audit daemon takes them, unless a level
//! of warnings and worse leaves its notices out; serial numbers read from a device as root
//! (`smartctl -i`, `nvme id-ctrl`, `lspci -v`, `lsusb -v`, `ethtool -m`) are judged as
//! `dmidecode`'s tables are.
//! Everywhere: world-readable configuration that customarily holds credentials in the clear
//! (`/etc/fstab` and the mount units generated from it, `/etc/environment`, proxy settings,
//! compose files, and their backup copies); `rpm -V` runs each installed package's
//! %verifyscript unless `--noscripts`; `tar -d` answers whether a file holds what an archive's
//! member does; `docker info` prints the daemon's labels, as `--format '{{.Labels}}'` does; an
//! empty `--format` is no template (docker prints its default output).
//! Each line gets at least its level (through `ssh_exec` for `REMOTE_KINDS`, on both paths for
//! `KINDS`); `REMOTE_STILL_LOW` holds their everyday neighbours, which stay low there and on
//! this host (a journal selection kept to a service reads the journal's files by that
//! selection). Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        // Busybox's syslogd writes every facility to /var/log/messages: sudo's `COMMAND=`
        // lines and sshd's `Invalid user NAME` among them.
        name: "syslog-files-holding-the-auth-facility",
        lines: &[
            ("cat /var/log/messages", High),
            ("tail -n 100 /var/log/messages", High),
            ("grep sudo /var/log/messages", High),
            ("zcat /var/log/messages.1.gz", High),
            ("cat /var/log/messages-20240101", High),
            ("less /var/log/./messages", High),
            ("awk '/sshd/' /var/log/messages.0", High),
        ],
    },
    Kind {
        // The kernel prints audit records at notice where no audit daemon takes them.
        name: "kernel-logs-with-their-notices",
        lines: &[
            ("dmesg", High),
            ("dmesg -T", High),
            ("dmesg -H -P", High),
            ("dmesg --level=notice", High),
            ("dmesg -l err,notice", High),
            ("dmesg -l +err", High),
            ("dmesg -l 5", High),
            ("dmesg -l err -l info", High),
            ("dmesg -F /var/log/dmesg", High),
            ("dmesg | grep -i audit", High),
            ("journalctl -k", High),
            ("journalctl -k -b -1", High),
            ("journalctl --dmesg -n 200", High),
            ("journalctl -k -p notice", High),
            ("journalctl -k -p err..notice", High),
            ("journalctl -k -p 0..6", High),
            ("journalctl _TRANSPORT=kernel", High),
            ("journalctl -t kernel", High),
            ("journalctl SYSLOG_IDENTIFIER=kernel", High),
            ("journalctl --facility=kern -u nginx", High),
            ("journalctl -u nginx -k", High),
            ("cat /var/log/kern.log", High),
            ("tail -n 100 /var/log/kern.log", High),
            ("zgrep audit /var/log/kern.log.2.gz", High),
            ("cat /var/log/dmesg", High),
            ("zcat /var/log/dmesg.1.gz", High),
        ],
    },
    Kind {
        // Serial numbers read from the device itself as root: the drive's identify data, a
        // PCI device's Device Serial Number capability, a module's EEPROM.
        name: "device-serial-numbers-read-as-root",
        lines: &[
            ("smartctl -a /dev/sda", High),
            ("smartctl -i /dev/sda", High),
            ("smartctl --info /dev/nvme0", High),
            ("smartctl -x /dev/sda", High),
            ("smartctl --all -j /dev/sda", High),
            ("smartctl -H -i /dev/sda", High),
            ("nvme id-ctrl /dev/nvme0", High),
            ("nvme id-ctrl /dev/nvme0 -o json", High),
            ("lspci -v", High),
            ("lspci -vvv", High),
            ("lspci -vv -s 01:00.0", High),
            ("lspci -nnv", High),
            ("lspci -v -v", High),
            ("ethtool -m eth0", High),
            ("ethtool --module-info eth0", High),
            ("ethtool --dump-module-eeprom eth0", High),
            ("lsusb -v", High),
            ("lsusb --verbose -d 0781:5567", High),
            ("lsusb -v -s 001:002", High),
        ],
    },
];

pub const KINDS: &[Kind] = &[
    Kind {
        // Readable by everyone, but customarily holding credentials in the clear: a CIFS
        // mount's `password=`, proxies' passwords, a compose file's `environment:` literals
        // (what `docker compose config` prints).
        name: "configuration-with-credentials-in-the-clear",
        lines: &[
            ("cat /etc/fstab", High),
            ("grep cifs /etc/fstab", High),
            ("awk '{print $4}' /etc/fstab", High),
            ("cat //etc/./fstab", High),
            ("findmnt --fstab", High),
            ("findmnt -s -o TARGET,OPTIONS", High),
            ("cat /etc/environment", High),
            ("grep -i proxy /etc/environment", High),
            ("cat /etc/default/docker", High),
            ("cat /etc/sysconfig/docker", High),
            ("cat /etc/sysconfig/proxy", High),
            ("cat /srv/app/docker-compose.yml", High),
            ("cat /opt/app/compose.yaml", High),
            (
                "grep -A5 environment /srv/app/docker-compose.prod.yml",
                High,
            ),
            ("cat docker-compose.yml", High),
            ("head -50 compose.override.yaml", High),
            ("cat /etc/fstab.bak", High),
            ("cat /etc/fstab~", High),
            ("cat /etc/environment.orig", High),
            ("cat /srv/app/docker-compose.yml.old", High),
            ("cat /run/systemd/generator/mnt-share.mount", High),
            ("cat /etc/wgetrc", High),
            ("grep proxy /etc/dnf/dnf.conf", High),
            ("cat /etc/yum.conf", High),
            ("cat /etc/apt/apt.conf.d/95proxy", High),
            (
                "cat /etc/systemd/system/docker.service.d/http-proxy.conf",
                High,
            ),
            ("cat /etc/profile.d/proxy.sh", High),
            ("cat /etc/auto.cifs", High),
            ("grep -r Options /run/systemd/generator", High),
            ("systemctl cat mnt-share.mount", High),
            ("systemctl cat /mnt/share", High),
            ("systemctl cat 'mnt-*'", High),
            ("systemctl cat nginx mnt-share.automount", High),
            ("systemctl show mnt-share.mount -p Options", High),
            ("systemctl show -p What,options mnt-share.mount", High),
        ],
    },
    Kind {
        // rpm runs each package's %verifyscript while verifying it (`--noscripts` skips them):
        // programs the line does not show.
        name: "package-verification-running-scripts",
        lines: &[
            ("rpm -Va", Medium),
            ("rpm -V bash", Medium),
            ("rpm --verify bash", Medium),
            ("rpm -Va --nodeps", Medium),
            ("rpm -Va --nofiles", Medium),
            ("rpm -V --nodigest openssh-server", Medium),
            ("rpm -qV bash", Medium),
            ("rpm -Vf /usr/bin/ls", Medium),
            ("rpm -V --noscript bash", Medium),
        ],
    },
    Kind {
        // Comparing an archive with the disk answers, member by member, whether a file holds
        // what the archive says: an archive of guesses about a secret the line never prints.
        name: "archives-compared-with-files",
        lines: &[
            ("tar -d -f /srv/guess.tar -C /etc", Medium),
            ("tar --compare -f /srv/guess.tar -C /", Medium),
            ("tar --diff --file=/srv/guess.tar", Medium),
            ("tar dvf /srv/guess.tar", Medium),
            ("tar -dzf /srv/guess.tar.gz -C /etc", Medium),
            ("tar -C /etc -d -f /srv/guess.tar shadow", Medium),
        ],
    },
    Kind {
        // The daemon's report lists its labels (and its proxies), as the templates that print
        // them do.
        name: "daemon-report-with-labels",
        lines: &[
            ("docker info", High),
            ("docker system info", High),
            ("docker info -D", High),
            ("docker --debug info", High),
            ("docker info --format '{{.Labels}}'", High),
            ("docker info --format '{{json .}}'", High),
            ("docker info --format json", High),
        ],
    },
    Kind {
        // An empty template is no template: docker prints its default output, the whole
        // document for inspect (the environment), the labels for info and events. The last
        // `--format` wins.
        name: "empty-templates-printing-the-default",
        lines: &[
            ("docker inspect --format '' web", High),
            ("docker inspect -f '' web", High),
            ("docker inspect --format= web", High),
            ("docker container inspect -f ' ' web", High),
            ("docker inspect -f '{{.Name}}' -f '' web", High),
            ("docker volume inspect -f '' pgdata", High),
            ("podman inspect --format '' web", High),
            ("docker info --format ''", High),
            ("docker events --format '' --until 0s", High),
            ("docker compose events --format ''", High),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const REMOTE_STILL_LOW: &[&str] = &[
    "ls -l /var/log/messages",
    "stat /var/log/kern.log",
    "ls -l /var/log/dmesg",
    "dmesg -l err",
    "dmesg --level=err,warn",
    "dmesg -l warn+",
    "dmesg -T -l emerg,alert,crit,err",
    "dmesg --help",
    "journalctl -k -p err",
    "journalctl -k -p warning -b -1",
    "journalctl --dmesg -p 0..4",
    "journalctl _TRANSPORT=kernel -p err",
    "journalctl -t kernel -p 3",
    "journalctl -u nginx -p notice",
    "journalctl -u nginx -D /var/log/journal",
    "journalctl -u nginx.service -D /var/log/journal -n 50",
    "journalctl -D /var/log/journal -u docker -b",
    "journalctl --file=/var/log/journal/x/system.journal -u nginx",
    "journalctl -D /var/log/journal --disk-usage",
    "rpm -Va --noscripts",
    "rpm -V --noscripts bash",
    "rpm --verify --noscripts --nodeps openssh-server",
    "rpm -qa",
    "rpm -ql bash",
    "tar -tf /usr/src/linux.tar",
    "tar -tJvf /usr/src/linux.tar.xz",
    "docker info --format '{{.ServerVersion}}'",
    "docker system info --format '{{.Driver}} {{.NCPU}}'",
    "docker version",
    "docker inspect -f '' -f '{{.Name}}' web",
    "ls -l /etc/fstab",
    "stat /etc/environment",
    "ls /srv/app/docker-compose.yml",
    "findmnt",
    "findmnt -o TARGET,SOURCE,FSTYPE",
    "cat /etc/default/grub",
    "cat /etc/hosts",
    // The default table's COMMAND column is a command line (`round18.rs`).
    "docker compose ps --services",
    "ls /run/systemd/generator",
    "ls -l /etc/fstab.bak",
    "cat /etc/apt/apt.conf.d/20auto-upgrades",
    "cat /etc/profile.d/bash_completion.sh",
    // /etc/docker/daemon.json holds the daemon's proxies with their passwords (`round14.rs`).
    "cat /etc/docker/certs.d/registry.example:5000/ca.crt",
    "systemctl show mnt-share.mount -p What,Where,Type",
    "smartctl -H /dev/sda",
    "smartctl -A /dev/sda",
    "smartctl -l error /dev/sda",
    // `nvme list` has a serial-number column (`round14.rs`).
    "nvme version",
    "nvme smart-log /dev/nvme0",
    "lspci",
    "lspci -nn",
    "lspci -k",
    "lspci -vmm",
    "lspci -t",
    "ethtool eth0",
    "ethtool -i eth0",
    "ethtool -S eth0",
    "lsusb",
    "lsusb -t",
];
