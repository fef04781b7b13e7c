//! Dangerous command lines, twenty-seventh set.
//! Paths below a mount of another root file system (`paths/host_roots.rs`): node agents and
//! `kubectl debug node/…` mount the host's `/` at `/host` (node exporter at `/host/root`),
//! cAdvisor at `/rootfs`, Elastic's and Datadog's agents at `/hostfs`, toolbox at `/run/host`,
//! rescue systems at `/sysroot`, `/mnt/sysimage`, `/mnt/root`; a running container's root file
//! system is mounted below its runtime's state (`…/io.containerd.runtime.v2.task/NS/ID/rootfs`,
//! `…/overlay*/ID/merged`). A path below one is judged as
//! the path it stands for too: `/host/proc/1/environ` is forbidden as `/proc/1/environ` is,
//! `/rootfs/dev/nvme0n1` is a raw disk, `rm -rf /host` destroys `/`, and on `ssh_exec`
//! `/host/root/…`, `/host/var/log/auth.log` are what containment would hide. A proof about the
//! place itself never comes from the path it stands for: `/host/etc/hosts` keeps the medium of
//! a remote directory not known to be root's.
//! Devices' identities in sysfs (`paths/identities.rs`): a PCI device's Vital Product Data
//! (`vpd`, whose `SN` is the board's serial number), Fibre Channel WWNs (`port_name`,
//! `node_name`), SAS addresses, InfiniBand GUIDs, a Thunderbolt device's `unique_id` and an
//! input device's `uniq` are serial numbers as `serial` and `wwid` are: high where nothing
//! contains the reader, low contained.
//! The live kernel log read as a file (`paths/uncontained.rs`): every reader of `/dev/kmsg`
//! gets the kernel's records from the start, what `dmesg` prints (audit records among them);
//! on `ssh_exec` it is high as `dmesg` and `/var/log/kern.log` are, however `head -c`,
//! `timeout` or `grep -m` bound it; `dmesg -l err` stays low.
//! awk's variables by computed names (`programs/uncontained.rs`): gawk's SYMTAB reaches any
//! global variable by a name the program builds as it runs (`SYMTAB["ENV" "IRON"][k]`), so on
//! `ssh_exec` a program naming it prints the environment as one naming ENVIRON does.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High, Medium};

pub const KINDS: &[Kind] = &[Kind {
    name: "paths-below-another-root-file-system",
    lines: &[
        ("cat /host/proc/1/environ", Forbidden),
        ("strings /hostfs/proc/1/environ", Forbidden),
        ("head -c 64 /rootfs/proc/self/mem", Forbidden),
        ("cat /run/host/proc/1/task/1/environ", Forbidden),
        ("cat /host/dev/sda", High),
        ("xxd /run/host/dev/mem", High),
        ("od -c /rootfs/dev/nvme0n1", High),
        ("head -c 512 /host/root/dev/vda", High),
        ("cat /sysroot/proc/kcore", High),
        ("cat /host/sys/firmware/efi/efivars/x", Medium),
        ("cat /hostfs/sys/firmware/acpi/tables/MSDM", Medium),
        ("rm -rf /host", Forbidden),
        ("rm -rf /rootfs/etc", Forbidden),
        ("rm -rf /host/root/usr", Forbidden),
        ("shred /host/dev/sda", Forbidden),
        ("dd if=/dev/zero of=/host/dev/sda", Forbidden),
        ("echo x > /host/etc/passwd", Forbidden),
        ("sed -n 'w /hostfs/etc/shadow' /dev/null", Forbidden),
        ("ls -R /host", High),
        ("find /rootfs -name '*.conf'", High),
        ("du -a /hostfs", High),
        ("tree /host/root", High),
        ("grep -r x /host", High),
        // A running container's root file system, mounted below the runtime's state.
        (
            "head /run/containerd/io.containerd.runtime.v2.task/moby/abc/rootfs/dev/sda",
            High,
        ),
        (
            "cat /var/lib/containers/storage/overlay/abc/merged/proc/1/environ",
            Forbidden,
        ),
        (
            "ls -R /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs",
            High,
        ),
        (
            "rm -rf /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs/etc",
            Forbidden,
        ),
    ],
}];

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "paths-below-another-root-file-system",
        lines: &[
            ("cat /host/root/notes.txt", High),
            ("cat /rootfs/root/notes.txt", High),
            ("cat /host/home/u/notes.txt", High),
            ("cat /host/var/log/auth.log", High),
            ("cat /hostfs/var/log/journal/0123/system.journal", High),
            ("cat /hostfs/proc/1/cmdline", High),
            ("cat /host/var/spool/cron/crontabs/root", High),
            ("tar -tf /host/root/backup.tar", High),
            ("find /host -name x", High),
            ("cat /run/host/root/.ssh/authorized_keys", High),
            ("cat /mnt/sysimage/var/log/secure", High),
            ("cat /host/sys/class/dmi/id/product_serial", High),
            ("cat /host/sys/block/sda/device/serial", High),
            ("cat /host/etc/hosts", Medium),
            (
                "cat /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs/root/notes",
                High,
            ),
            (
                "cat /run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs/var/log/auth.log",
                High,
            ),
        ],
    },
    Kind {
        name: "device-identities-in-sysfs",
        lines: &[
            ("cat /sys/bus/pci/devices/0000:00:1f.6/vpd", High),
            ("head -c 256 /sys/bus/pci/devices/0000:3b:00.0/vpd", High),
            ("strings /sys/bus/pci/devices/0000:3b:00.0/vpd", High),
            ("cat /sys/class/fc_host/host0/port_name", High),
            ("cat /sys/class/fc_host/host0/node_name", High),
            ("cat /sys/class/fc_remote_ports/rport-0:0-0/port_name", High),
            ("cat /sys/class/sas_device/end_device-0:0/sas_address", High),
            ("cat /sys/block/sda/device/sas_address", High),
            ("cat /sys/class/infiniband/mlx5_0/node_guid", High),
            ("cat /sys/class/infiniband/mlx5_0/sys_image_guid", High),
            ("cat /sys/class/input/event3/device/uniq", High),
            ("cat /sys/bus/thunderbolt/devices/0-1/unique_id", High),
            ("grep . /sys/class/fc_host/host*/port_name", High),
        ],
    },
    Kind {
        name: "the-live-kernel-log-read-as-a-file",
        lines: &[
            ("head -c 100000 /dev/kmsg", High),
            ("head -n 500 /dev/kmsg", High),
            ("timeout 5 cat /dev/kmsg", High),
            ("timeout 5 tail -f /dev/kmsg", High),
            ("dd if=/dev/kmsg count=100", High),
            ("grep -m 100 . /dev/kmsg", High),
            ("timeout 2 grep audit /dev/kmsg", High),
            ("timeout 1 od -c /dev/kmsg", High),
        ],
    },
    Kind {
        name: "awk-variables-by-computed-names",
        lines: &[
            (
                "gawk 'BEGIN{for (k in SYMTAB[\"ENV\" \"IRON\"]) print k, SYMTAB[\"ENV\" \"IRON\"][k]}'",
                High,
            ),
            (
                "awk 'BEGIN{n=\"ENV\" \"IRON\"; for (k in SYMTAB[n]) print k \"=\" SYMTAB[n][k]}'",
                High,
            ),
            (
                "awk -v n=ENVIRO 'BEGIN{for (k in SYMTAB[n \"N\"]) print k}'",
                High,
            ),
            ("awk 'BEGIN{print SYMTAB[\"PATH\"]}'", High),
        ],
    },
];

/// Everyday neighbours that stay low on both paths.
pub const STILL_LOW: &[&str] = &[
    "ls /host",
    "ls /host/etc",
    "stat /host/etc/passwd",
    "cat /etc/hostname",
    "cat /sys/class/net/eth0/address",
    "cat /sys/class/infiniband/mlx5_0/fw_ver",
    "cat /sys/class/fc_host/host0/port_state",
    "cat /sys/class/input/event3/device/name",
    "head -c 16 /dev/random",
    "dmesg -l err",
    "awk -F: '$3 == 0 {print $1}' /etc/passwd",
];

/// Everyday neighbours that stay low where containment holds them (`run_command`).
pub const CONTAINED_STILL_LOW: &[&str] = &[
    "cat /host/etc/hostname",
    "cat /host/etc/hosts",
    "cat /host/root/notes.txt",
    "find /host -name x",
    "ls /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs",
    "cat /sys/bus/pci/devices/0000:00:1f.6/vpd",
    "cat /sys/class/fc_host/host0/port_name",
    "head -c 4096 /dev/kmsg",
];
