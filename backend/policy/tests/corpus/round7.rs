//! Dangerous command lines by kind, found by a seventh attacker review of the guard (queries
//! that ask a package registry over the network, output templates read from files, secrets
//! sorted by their values, operands read where the table only named them, devices of another
//! kind opened by device inspectors, files named by a list the line does not show, units'
//! environments through the service manager): each with the least level it must get, listed
//! in docs/policies.md. `STILL_LOW` holds their everyday neighbours.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const KINDS: &[Kind] = &[
    Kind {
        // /proc files outside the positive list of counters and descriptions: a process's
        // memory layout, physical pages, kernel stack, registers and auxiliary vector, and the
        // kernel's symbol addresses and physical memory map (an exploit's map), plus files a
        // newer kernel adds. Not proven harmless to read.
        name: "proc-files-outside-the-counters",
        lines: &[
            ("cat /proc/1/maps", Medium),
            ("cat /proc/self/smaps", Medium),
            ("grep heap /proc/1/numa_maps", Medium),
            ("xxd /proc/1/pagemap", Medium),
            ("cat /proc/1/stack", Medium),
            ("cat /proc/1/task/1/syscall", Medium),
            ("od -x /proc/1/auxv", Medium),
            ("cat /proc/kallsyms", Medium),
            ("grep -i kernel /proc/iomem", Medium),
            ("cat /proc/vmallocinfo", Medium),
            ("cat /proc/timer_list", Medium),
            ("head /proc/bus/pci/00/00.0", Medium),
        ],
    },
    Kind {
        // A query answered by the package registry, not by what is installed: the name asked
        // about leaves the machine (it carries what the line puts in it), and where nothing
        // contains the command it reaches the network and writes the manager's cache.
        name: "queries-that-ask-the-registry",
        lines: &[
            ("npm info express", Medium),
            ("npm show @types/node", Medium),
            ("npm info express@4", Medium),
            ("npm search lodash", Medium),
            ("npm outdated", Medium),
            ("npm -g outdated", Medium),
            ("cargo search serde", Medium),
            ("cargo search --limit 1 c2VjcmV0", Medium),
            ("gem search rails", Medium),
            ("gem search -e rails", Medium),
            ("gem outdated", Medium),
            ("gem outdated --local", Medium),
            ("brew info wget", Medium),
            ("brew search wget", Medium),
            ("snap info core", Medium),
            ("flatpak search gimp", Medium),
        ],
    },
    Kind {
        // kubectl's `*-file` output formats read a template file and print its literal text as
        // it is: the file's contents, judged as a read of it. An output format the table does
        // not know is not proven to read nothing.
        name: "output-templates-read-from-files",
        lines: &[
            ("kubectl get pods -o jsonpath-file=/core", High),
            (
                "kubectl get pods -o go-template-file=/var/crash/app.crash",
                High,
            ),
            (
                "kubectl get pods --template=/proc/kmsg -o go-template-file",
                High,
            ),
            ("kubectl get pods -o=templatefile=/dev/tty1", High),
            (
                "kubectl get pods -o custom-columns-file=/var/lib/systemd/coredump/core.x",
                High,
            ),
            (
                "kubectl get pods --output=jsonpath-file=/var/crash/x.crash",
                High,
            ),
            ("kubectl get pods -o unknownfmt", Medium),
        ],
    },
    Kind {
        // Operands a program reads, though its table took them as names or left them out:
        // `file -s` reads special files (a disk's first blocks, what is typed on a terminal),
        // `openssl verify` reads the certificates it is given, `rpm -K` the packages.
        name: "operands-read-not-named",
        lines: &[
            ("file -s /dev/tty1", High),
            ("file --spec /dev/ttyS0", High),
            ("file -sL /dev/nvme0n1p1", High),
            ("file -s /dev/sda", High),
            ("openssl verify /proc/kmsg", High),
            ("openssl verify /dev/tty1", High),
            ("openssl verify -CAfile /etc/ssl/certs/ca.pem /core", High),
            ("rpm -K /dev/tty1", High),
            ("rpm --checksig /proc/kmsg", High),
            ("rpm -Kv /core", High),
        ],
    },
    Kind {
        // A device inspector opens the device it is given, and opening some devices acts: a
        // watchdog reboots the machine when closed without its magic character, a serial line
        // resets what is attached, a terminal hands over what is typed. The device must be of
        // the kind inspected.
        name: "devices-of-another-kind-opened",
        lines: &[
            ("smartctl -a /dev/watchdog", High),
            ("smartctl -i /dev/watchdog0", High),
            ("smartctl -a /dev/ttyS0", High),
            ("hwclock -f /dev/watchdog", High),
            ("hwclock --rtc=/dev/watchdog0", High),
            ("hwclock -f/dev/ttyS0", High),
            ("nvme id-ctrl /dev/watchdog", High),
            ("mdadm -E /dev/watchdog", High),
            ("mdadm --detail /dev//watchdog", High),
            ("xfs_info /dev/watchdog", High),
            ("blkid -p /dev/watchdog", High),
            ("fdisk -l /dev/watchdog", High),
            ("sfdisk -d /dev/watchdog", High),
            ("btrfs device stats /dev/input/event0", High),
            ("pvs /dev/watchdog", High),
            ("lvs /dev/char/10:130", High),
            ("smartctl -a /proc/self/root/dev/watchdog", High),
            ("env -C /dev smartctl -a watchdog", High),
        ],
    },
    Kind {
        // A program that opens the files a list names, in a file or on its input (an earlier
        // stage prints whatever the line chose): the names cannot be judged, and opening some
        // files acts (the kernel's log pipe gives each message once, a terminal hands over
        // what is typed, a watchdog reboots the machine).
        name: "files-named-by-an-unseen-list",
        lines: &[
            ("echo /proc/kmsg | wc --files0-from=-", Medium),
            ("wc --files0-from=/srv/list", Medium),
            ("wc --files0=/srv/list", Medium),
            ("echo '0  /proc/kmsg' | md5sum -c", Medium),
            ("sha256sum -c SHA256SUMS", Medium),
            ("md5sum --ch /srv/x.md5", Medium),
            ("sha256sum -bc x", Medium),
            ("b2sum --check x", Medium),
            ("echo /dev/watchdog | file -s -f -", Medium),
            ("file -sf /srv/list", Medium),
        ],
    },
    Kind {
        // A unit's `Environment=` is handed by D-Bus to anyone who asks, whatever the modes of
        // the drop-in that set it: `systemctl show UNIT` (every property, or `-p Environment`)
        // and `systemd-analyze dump` (every unit's execution context) print it, as `busctl
        // introspect` of the unit does.
        name: "units-environments-through-the-manager",
        lines: &[
            ("systemctl show nginx", High),
            ("systemctl show -p Environment app", High),
            ("systemctl show --property=Environment app", High),
            ("systemctl show -P Environment app", High),
            ("systemctl show app -p ActiveState,Environment", High),
            ("systemctl show app --all", High),
            ("systemd-analyze dump", High),
            ("systemd-analyze dump 'app*'", High),
        ],
    },
    Kind {
        // Secrets listed in the order of their values: the order tells how the values compare.
        name: "secrets-sorted-by-their-values",
        lines: &[
            ("kubectl get secrets --sort-by=.data.password", High),
            ("kubectl get secret --sort-by='{.data.token}'", High),
            ("kubectl get secrets -A --sort-by=.stringData.x", High),
            (
                "kubectl get secrets --sort-by=.metadata.annotations.x",
                High,
            ),
        ],
    },
];

/// Everyday neighbours of the lines above, which stay low.
pub const STILL_LOW: &[&str] = &[
    "npm ls",
    "npm list -g --depth 0",
    "npm version",
    "cargo version",
    "gem list",
    "gem list rails",
    "gem info rails",
    "gem search -l rails",
    "gem search --local rails",
    "brew list",
    "brew services list",
    "snap list",
    "snap services",
    "snap connections",
    "flatpak list",
    "flatpak info org.gimp.GIMP",
    "pip list",
    "pip show requests",
    "pipx list",
    "apk info",
    "apk search nginx",
    "apt-cache policy nginx",
    "dnf -C info nginx",
    "systemctl show -P MainPID nginx",
    "systemctl show --value -p ActiveState nginx",
    "systemctl show -p ExecStart nginx",
    "systemd-analyze blame",
    "md5sum /etc/hosts",
    "sha256sum /var/cache/apt/archives/nginx_1.22.1-9_amd64.deb",
    "wc -l /var/log/syslog",
    "du --files0-from=/srv/list",
    "file -f /srv/list",
    "file /dev/sda",
    "file -s /etc/hosts",
    "file -s /dev/null",
    "openssl verify /etc/ssl/certs/ca.pem",
    "rpm -K /var/cache/dnf/nginx-1.22.1-1.x86_64.rpm",
    "openssl verify -CAfile /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca.pem",
    "smartctl -a /dev/sda",
    "smartctl -x /dev/nvme0",
    "smartctl -a -d sat /dev/sg0",
    "hwclock -r",
    "hwclock --show -f /dev/rtc0",
    "nvme smart-log /dev/nvme0n1",
    "mdadm --detail /dev/md0",
    "mdadm --detail /dev/md/root",
    "mdadm -E /dev/sdb1",
    "xfs_info /dev/mapper/vg0-data",
    "xfs_info /srv",
    "blkid /dev/vg0/root",
    "blkid /dev/disk/by-uuid/0a1b",
    "fdisk -l /dev/xvda",
    "sfdisk -l /dev/vda",
    "btrfs filesystem show /dev/dm-0",
    "pvs /dev/loop0",
    "stat /dev/watchdog",
    "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
    "kubectl get pods -o=custom-columns=NAME:.metadata.name",
    "kubectl get secrets --sort-by=.metadata.creationTimestamp",
    "kubectl get pods --sort-by=.status.startTime",
    "cat /proc/loadavg",
    "cat /proc/1/status",
    "grep VmRSS /proc/4242/status",
    "cat /proc/self/cgroup",
    "cat /proc/4242/task/4243/stat",
    "cat /proc/pressure/memory",
    "cat /proc/net/dev",
    "cat /proc/sys/vm/swappiness",
    "cat /proc/driver/nvidia/version",
    "cat /proc/bus/pci/devices",
    "cat /proc/1/limits",
];
