//! Dangerous command lines, fourteenth set.
//! Where nothing contains the command (`ssh_exec`): the syslog daemons' catch-all files
//! (`/var/log/syslog`, syslog-ng's `everything.log`, `all.log`) hold the kernel's audit
//! records, as `kern.log` does, and the auth lines where no auth log is split out, as
//! `/var/log/messages` does; devices' serial numbers the kernel publishes to everyone (lsblk's
//! `SERIAL`, `WWN` and `ID-LINK` columns and the listings that print them, `/sys/…/serial`,
//! `wwid` and the inquiry pages, the names in `/dev/disk/by-id`, `nvme list`, nvidia-smi's
//! full report and `serial` fields, `hostnamectl --json`) are judged as `smartctl -i` and
//! `nvme id-ctrl` are.
//! Contained, both stay low (`STILL_LOW`).
//! Everywhere: the container daemons' configuration (`/etc/docker/daemon.json`'s proxies,
//! containerd's registry logins) and proxy drop-ins wherever systemd reads units, with the
//! managers' `DefaultEnvironment=` drop-ins, hold passwords in the clear; a jq filter read from
//! a file (`jq -f`) is not on the line, as `sed -f` and `awk -f` scripts are not.
//! Each line gets at least its level (through `ssh_exec` for `REMOTE_KINDS`, on both paths for
//! `KINDS`); `REMOTE_STILL_LOW` holds their everyday neighbours, which stay low there and on
//! this host: a saved kernel log read with a level of warnings and worse (`dmesg -l err -F
//! /var/log/dmesg`) is judged as the live log read with it, and walks that stop above
//! `/dev/disk/by-id` (a depth, one file system) list no serial numbers. Listed in
//! docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        // Debian's rsyslog writes every facility but auth to syslog, the kernel's audit
        // records among them; without an auth rule, sudo's `COMMAND=` lines too.
        name: "syslog-catch-all-files",
        lines: &[
            ("cat /var/log/syslog", High),
            ("tail -n 100 /var/log/syslog", High),
            ("grep audit /var/log/syslog", High),
            ("zcat /var/log/syslog.2.gz", High),
            ("cat /var/log/syslog.1", High),
            ("less /var/log/./syslog", High),
            ("awk '/sudo/' //var/log/syslog", High),
            ("head /var/log/nginx/../syslog", High),
            ("sort -S 64M /var/log/syslog", High),
            ("cat /var/log/everything.log", High),
            ("cat /var/log/all.log", High),
            ("zgrep sshd /var/log/everything.log.1.gz", High),
            ("grep COMMAND= /var/log/warn", High),
            ("zcat /var/log/warn-20240101.xz", High),
        ],
    },
    Kind {
        // The same serial numbers `smartctl -i` reads from the device, as sysfs and udev
        // publish them.
        name: "device-serial-numbers-published-to-everyone",
        lines: &[
            ("lsblk -o SERIAL", High),
            ("lsblk -o NAME,SERIAL", High),
            ("lsblk -o +serial", High),
            ("lsblk --output=NAME,WWN", High),
            ("lsblk -o NAME,ID-LINK", High),
            ("lsblk -O", High),
            ("lsblk --output-all", High),
            ("lsblk -S", High),
            ("lsblk -dS", High),
            ("lsblk --scsi", High),
            ("lsblk --nvme", High),
            ("lsblk -S -o +TRAN", High),
            ("lsblk -S -o NAME -O", High),
            ("lsblk -o NAME,BOGUS", High),
            ("lsblk -x SERIAL", High),
            ("lsblk -Q 'SERIAL == \"S3Z9NB0K\"'", High),
            ("lsblk --filter='serial =~ \"^S3\"'", High),
            ("cat /sys/block/sda/device/serial", High),
            ("cat /sys/class/nvme/nvme0/serial", High),
            ("head /sys/block/sda/device/vpd_pg80", High),
            ("cat /sys/block/sda/device/vpd_pg83", High),
            ("cat /sys/block/nvme0n1/wwid", High),
            ("cat /sys/block/nvme0n1/eui", High),
            ("cat /sys/bus/usb/devices/1-1/serial", High),
            ("cat /sys/block/mmcblk0/device/cid", High),
            ("cat /sys/class/power_supply/BAT0/serial_number", High),
            ("cat /sys/class/power_supply/BAT0/uevent", High),
            ("ls /dev/disk/by-id", High),
            ("ls -l /dev/disk/by-id/", High),
            ("ls /dev/disk/./by-id", High),
            ("ls /dev/serial/by-id", High),
            ("ls -R /dev/disk", High),
            ("ls -lR /dev", High),
            ("find /dev/disk", High),
            ("find /dev -name 'ata-*'", High),
            ("find / -maxdepth 4 -name x", High),
            ("tree /dev/disk", High),
            ("tree -L 3 /dev", High),
            ("du -a /dev", High),
            ("nvme list", High),
            ("nvme list -o json", High),
            ("nvme list-subsys", High),
            ("nvme id-ns /dev/nvme0n1", High),
            ("udevadm info /dev/sda", High),
            ("udevadm info --query=property --name=sda", High),
            ("hdparm -I /dev/sda", High),
            ("sg_inq /dev/sda", High),
        ],
    },
    Kind {
        // The board's serial number heads nvidia-smi's full report and is a query field.
        name: "gpu-serial-numbers",
        lines: &[
            ("nvidia-smi -q", High),
            ("nvidia-smi --query", High),
            ("nvidia-smi -q -x", High),
            ("nvidia-smi -q --json", High),
            ("nvidia-smi -q -d BOGUS", High),
            ("nvidia-smi -q -d MEMORY -d SERIAL", High),
            ("nvidia-smi -q -u", High),
            ("nvidia-smi --query-gpu=serial --format=csv", High),
            ("nvidia-smi --query-gpu name,SERIAL --format=csv", High),
            (
                "nvidia-smi --query-compute-apps=gpu_serial,pid --format=csv",
                High,
            ),
        ],
    },
    Kind {
        // hostnamed describes the machine to a privileged caller with its serial number and
        // product UUID (`HardwareSerial`, `ProductUUID`), as dmidecode's tables hold them.
        name: "machine-serial-numbers-through-hostnamed",
        lines: &[
            ("hostnamectl --json=short", High),
            ("hostnamectl --json=pretty", High),
            ("hostnamectl status --json=short", High),
            ("hostnamectl --json short", High),
        ],
    },
];

pub const KINDS: &[Kind] = &[
    Kind {
        // The filter is in a file the line does not show: it may load a module (`import
        // "../../etc/docker/daemon" as $d;` reads the JSON file it names), as `sed -f` and
        // `awk -f` scripts may do anything their language allows.
        name: "jq-filters-read-from-files",
        lines: &[
            ("jq -f /srv/app/q.jq /etc/hostname", Medium),
            ("jq --from-file /usr/share/q.jq /etc/hostname", Medium),
            ("jq --from-file=/usr/share/q.jq -n", Medium),
            ("jq --from-f /usr/share/q.jq -n", Medium),
            ("jq -nf /usr/share/q.jq", Medium),
            ("jq -rf /usr/share/q.jq /etc/hostname", Medium),
        ],
    },
    Kind {
        // Docker's `proxies` (`"http-proxy": "http://user:pass@proxy:3128"`), containerd's
        // registry `auth` sections, docker's guide's `http-proxy.conf` drop-in wherever systemd
        // reads units, and the managers' `DefaultEnvironment=` drop-ins.
        name: "container-and-service-manager-proxies-in-the-clear",
        lines: &[
            ("cat /etc/docker/daemon.json", High),
            ("jq .proxies /etc/docker/daemon.json", High),
            ("grep -i proxy /etc/docker/daemon.json", High),
            ("cat /etc/docker/daemon.json.bak", High),
            ("cat //etc/docker/./daemon.json", High),
            ("cat ~/.docker/config.json", High),
            ("cat /root/.docker/config.json", High),
            ("cat /etc/containerd/config.toml", High),
            ("grep -A3 auth /etc/containerd/config.toml", High),
            (
                "cat /etc/systemd/system/containerd.service.d/http-proxy.conf",
                High,
            ),
            (
                "cat /etc/systemd/system/docker.service.d/HTTP-PROXY.conf",
                High,
            ),
            (
                "cat /etc/systemd/user/docker.service.d/http-proxy.conf",
                High,
            ),
            (
                "cat /run/systemd/system/docker.service.d/http-proxy.conf",
                High,
            ),
            (
                "cat /usr/lib/systemd/system/docker.service.d/http-proxy.conf",
                High,
            ),
            (
                "cat /lib/systemd/system/kubelet.service.d/20-proxy.conf",
                High,
            ),
            ("cat /etc/systemd/system.conf.d/10-proxy.conf", High),
            ("cat /etc/systemd/user.conf.d/env.conf", High),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const REMOTE_STILL_LOW: &[&str] = &[
    "dmesg -l err -F /var/log/dmesg",
    "dmesg --level=err,warn --file=/var/log/dmesg",
    "dmesg -l warn+ -F /var/log/kern.log",
    "dmesg -F /var/log/dmesg.0 -l crit",
    "ls -l /var/log/syslog",
    "stat /var/log/everything.log",
    "cat /var/log/nginx/error.log",
    "tail -n 100 /var/log/dpkg.log",
    "lsblk",
    "lsblk -f",
    "lsblk -J",
    "lsblk -o NAME,SIZE,TYPE,MOUNTPOINTS",
    "lsblk -o +MODEL,ROTA",
    "lsblk -d -o name,rota,tran",
    "lsblk -Q 'TYPE==\"disk\"' -o NAME,SIZE",
    "lsblk --filter 'NAME==\"sda\"'",
    "lsblk -S -o NAME,HCTL,TRAN,MODEL",
    "lsblk -dN -o NAME,MODEL",
    "ls /dev/disk/by-uuid",
    "ls -l /dev/disk/by-path",
    "ls -l /dev/disk",
    "tree -L 1 /dev/disk",
    "find / -maxdepth 3 -name nginx.conf",
    "find / -xdev -name core",
    "du -sh /dev",
    "du -a -d 1 /dev",
    "cat /sys/block/sda/device/model",
    "cat /sys/block/sda/queue/rotational",
    "cat /sys/class/net/eth0/address",
    "cat /sys/class/power_supply/BAT0/capacity",
    "cat /sys/block/sda/device/uevent",
    "nvme smart-log /dev/nvme0",
    "nvme version",
    "ls /etc/docker",
    "stat /etc/docker/daemon.json",
    "docker version",
    "cat /etc/docker/certs.d/registry.example:5000/ca.crt",
    "cat /etc/containers/registries.conf",
    "jq . /usr/share/doc/x.json",
    "nvidia-smi",
    "hostnamectl hostname",
    "hostnamectl chassis",
    "hostnamectl deployment",
    "nvidia-smi -q -d MEMORY,UTILIZATION",
    "nvidia-smi -i 0 -q --display=TEMPERATURE",
    "nvidia-smi --query-gpu=name,temperature.gpu,memory.used --format=csv",
    "nvidia-smi --query-compute-apps=pid,used_memory --format=csv",
    "jq -r '.name' /usr/share/x.json",
    "jq -n '1 + 1'",
];

/// Contained, the contained user reads what the kernel publishes to everyone, and what it
/// prints of a log is redacted: these stay low on this host.
pub const STILL_LOW: &[&str] = &[
    "cat /var/log/syslog",
    "tail -n 100 /var/log/syslog",
    "grep -i oom /var/log/syslog",
    "lsblk -o NAME,SERIAL",
    "lsblk -O",
    "cat /sys/block/sda/device/serial",
    "ls /dev/disk/by-id",
    "nvme list",
];
