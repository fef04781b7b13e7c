//! Dangerous command lines by kind, found by a sixth attacker review of the guard (queries that
//! refresh package metadata, prompts that wait on the input, partition writes behind a listing,
//! terminals and consuming pipes read as files, DNS options that carry bytes, repeaters below
//! a second, reads that crash devices, memory images read by path, disk images mounted by a
//! log reader): each with the least level it must get, listed in docs/policies.md.
//! `STILL_LOW` holds their everyday neighbours. The remote reads through links planted in
//! services' and users' own directories only matter where nothing contains the command: they
//! are in `tests/uncontained.rs`, and the git reads that print a remote's URL in
//! `tests/printed_credentials.rs`.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High, Medium};

pub const KINDS: &[Kind] = &[
    Kind {
        // dnf and yum download every repository's metadata older than `metadata_expire` before
        // a query (the network, and writes to /var/cache/dnf), zypper refreshes repositories
        // with autorefresh before `search` and `info`: unless `-C`/`--cacheonly`
        // (`--no-refresh`) keeps them to the cache.
        name: "queries-that-refresh-metadata",
        lines: &[
            ("dnf list", Medium),
            ("dnf list available", Medium),
            ("dnf info nginx", Medium),
            ("dnf search nginx", Medium),
            ("dnf repolist", Medium),
            ("dnf provides nginx", Medium),
            ("dnf repoquery --installed", Medium),
            ("yum info bash", Medium),
            ("yum list updates", Medium),
            ("yum -q search nginx", Medium),
            ("zypper search nginx", Medium),
            ("zypper info nginx", Medium),
        ],
    },
    Kind {
        // A prompt reads its answer from the input: alone, a low command waits on it until the
        // time limit; in a pipeline an earlier stage answers (`yes Fix | parted -l` writes a
        // damaged partition table).
        name: "prompts-that-wait-on-the-input",
        lines: &[
            ("nmcli -a dev status", Medium),
            ("nmcli --ask connection show", Medium),
            ("nmcli --as c s", Medium),
            ("nmcli -t -a general", Medium),
            ("parted -l", Medium),
            ("parted /dev/sda print", Medium),
            ("parted -m /dev/nvme0n1 unit s print", Medium),
            ("yes Fix | parted -l", Medium),
            ("echo Fix | parted /dev/sda print", Medium),
            ("cat /dev/tty", High),
        ],
    },
    Kind {
        // A partition tool in a listing form with a word that writes: sfdisk's last action
        // option wins, parted runs every command word after `print`, `--fix` answers Fix.
        name: "partition-writes-behind-a-listing",
        lines: &[
            ("sfdisk -l --delete /dev/sda 1", Forbidden),
            ("sfdisk -l /dev/sda --delete 1", Forbidden),
            ("sfdisk --list --part-type /dev/sda 1 83", Forbidden),
            ("sfdisk -l -N 1 /dev/sda", Forbidden),
            ("sfdisk -l --move-data /dev/sda", Forbidden),
            ("sfdisk -l -O /tmp/sda.bak /dev/sda", Forbidden),
            ("parted -s /dev/sda print disk_set pmbr_boot on", Forbidden),
            ("parted -s /dev/sda print type 1 0x83", Forbidden),
            ("parted /dev/sda print resize 1 0 100", Forbidden),
            ("parted -s /dev/sda print name 1 x", Forbidden),
            ("parted --fix -l", Forbidden),
            ("parted -f -s -l", Forbidden),
            ("fdisk -l --wipe always /dev/sda", Forbidden),
            ("fdisk -l /dev/sda -w always", Forbidden),
        ],
    },
    Kind {
        // A terminal read as a file gives what is typed on it (another user's keystrokes on a
        // pseudo-terminal, a login on the serial console); the kernel's and the tracer's pipes
        // give each message once, taking it from the logger (`/proc/kmsg` is what rsyslog and
        // journald read, and seccomp's refusal of `syslog(2)` does not cover the file).
        name: "terminals-and-consuming-pipes",
        lines: &[
            ("cat /dev/tty1", High),
            ("head -c 4096 /dev/ttyS0", High),
            ("strings /dev/ttyUSB0", High),
            ("cat /dev/pts/0", High),
            ("tail -f /dev/pts/3", High),
            ("cat /dev/console", High),
            ("cat /proc/kmsg", High),
            ("tail -f /proc/kmsg", High),
            ("grep -m1 x /proc/kmsg", High),
            ("cat /sys/kernel/tracing/trace_pipe", High),
            ("cat /sys/kernel/debug/tracing/trace_pipe", High),
        ],
    },
    Kind {
        // dig puts an EDNS option's payload, a client subnet (forwarded by resolvers to the
        // name's authoritative servers) and a client cookie into the query: bytes of the line's
        // choosing, past the model of an ordinary host name. dig takes any prefix.
        name: "dns-options-that-carry-data",
        lines: &[
            ("dig +ednsopt=65001:736563726574 example.com", Medium),
            ("dig +ednso=10:aabbccdd example.com", Medium),
            ("dig +subnet=115.101.99.0/24 example.com", Medium),
            ("dig +sub=114.101.116.0/24 example.com", Medium),
            ("dig +cookie=736563726574 example.com", Medium),
            ("dig +short +ednsopt=3:41 example.com", Medium),
        ],
    },
    Kind {
        // More repeaters whose interval must be a second or more: tail's --sleep-interval (it
        // polls with --pid or without inotify) and mtr's -i (root may go below a second).
        name: "repeaters-below-a-second",
        lines: &[
            ("tail -f -s 0.001 /var/log/syslog", Medium),
            ("tail -fs0 /var/log/syslog", Medium),
            ("tail --sleep-interval=0 -f /var/log/syslog", Medium),
            ("tail -f --pid=1 -s 0.01 /var/log/syslog", Medium),
            ("mtr -i 0.01 -r example.com", Medium),
            ("mtr -r -i 0 -c 100000 example.com", Medium),
        ],
    },
    Kind {
        // `lspci -xxx` reads the whole PCI configuration space, which crashes some devices
        // (lspci's manual keeps it to root for that reason), and so does reading sysfs's
        // `config`, `rom` and `resourceN` of a device; `-x` and `-xx` read the header.
        name: "reads-that-crash-devices",
        lines: &[
            ("lspci -xxx", High),
            ("lspci -xxxx", High),
            ("lspci -x -x -x", High),
            ("lspci -vxxx", High),
            ("lspci -s 00:1f.0 -xxx", High),
            ("cat /sys/bus/pci/devices/0000:00:1f.0/config", High),
            ("hexdump -C /sys/bus/pci/devices/0000:00:02.0/config", High),
            ("xxd /sys/devices/pci0000:00/0000:00:02.0/resource0", High),
            ("cat /sys/bus/pci/devices/0000:00:02.0/rom", High),
        ],
    },
    Kind {
        // A memory image holds whatever the process (or the kernel) held, passwords and keys
        // included: core dumps and crash reports by place and by name, heap dumps, swap and
        // hibernation files, and the kernel's debugging interface (kmemleak's hex dumps).
        name: "memory-images-by-path",
        lines: &[
            ("strings /core", High),
            ("strings core.4242", High),
            ("strings /tmp/core.4242.gz", High),
            ("cat /srv/app/vgcore.4242", High),
            ("cat /var/crash/_usr_sbin_nginx.0.crash", High),
            ("strings /var/crash/127.0.0.1-2024-01-01-00:00/vmcore", High),
            (
                "zstdcat /var/lib/systemd/coredump/core.nginx.0.abc.4242.1700000000000000.zst",
                High,
            ),
            ("strings /var/lib/apport/coredump/core._usr_bin_x.0", High),
            ("strings /opt/app/java_pid4242.hprof", High),
            (
                "grep -a password /srv/app/heapdump-1700000000.heapsnapshot",
                High,
            ),
            ("strings /swapfile", High),
            ("strings /swap.img", High),
            ("grep -a -m1 PASSWORD /hiberfil.sys", High),
            ("cat /sys/kernel/debug/kmemleak", High),
            ("grep -ra password /var/crash", High),
        ],
    },
    Kind {
        // `journalctl --image` attaches the image to a loop device and mounts it.
        name: "disk-images-mounted-by-a-reader",
        lines: &[
            ("journalctl --image=/srv/backup/disk.raw", High),
            ("journalctl --image /var/lib/machines/x.raw -n 10", High),
        ],
    },
];

/// Everyday neighbours of the lines above, which stay low.
pub const STILL_LOW: &[&str] = &[
    "dnf -C list",
    "dnf -C info nginx",
    "dnf --cacheonly search nginx",
    "dnf list installed",
    "dnf list --installed",
    "dnf check",
    "yum -C list installed",
    "yum info installed bash",
    "zypper --no-refresh search nginx",
    "zypper repos",
    "zypper ls",
    "apt-cache policy nginx",
    "apt list --installed",
    "nmcli con show",
    "nmcli connection show --active",
    "nmcli -t -f NAME,DEVICE con show --active",
    "nmcli -g all con show wired",
    "nmcli -f all dev show eth0",
    "nmcli dev status",
    "nmcli -p dev",
    "nmcli general",
    "parted -s -l",
    "parted -sl",
    "parted -m -s /dev/sda unit s print",
    "parted -s /dev/sda print free",
    "fdisk -l",
    "fdisk -l /dev/sda",
    "fdisk -x /dev/nvme0n1",
    "sfdisk -l /dev/sda",
    "sfdisk -d /dev/sda",
    "sfdisk --json /dev/sda",
    "dmesg",
    "dmesg -T | tail -n 20",
    "cat /dev/null",
    "ls -la /dev/pts",
    "stat /dev/tty1",
    "tty",
    "dig +short example.com",
    "dig +cookie example.com",
    "dig +nocookie +noedns example.com",
    "dig +noall +answer example.com",
    "tail -f -s 5 /var/log/syslog",
    "tail -F /var/log/syslog",
    "mtr -r -i 1 -c 3 example.com",
    "mtr --report -c 3 example.com",
    "journalctl --file=/var/log/journal/x/system.journal",
    "journalctl -D /var/log/journal -n 20",
    "lspci -x",
    "lspci -xx",
    "lspci -vvv",
    "lspci -nnk",
    "cat /sys/bus/pci/devices/0000:00:02.0/vendor",
    "cat /sys/bus/pci/devices/0000:00:02.0/resource",
    "ls -la /var/crash",
    "ls -la /swapfile",
    "stat /core",
    "cat /proc/swaps",
    "cat src/core.rs",
    "cat /proc/sys/kernel/core_pattern",
];
