//! Dangerous command lines where nothing contains the command (`ssh_exec` on a remote host),
//! found by a ninth attacker review of the guard: filter programs that build a value of any
//! size without a loop (a jq string repeated a billion times, an array filled up to a huge
//! index, an awk `printf` width from an argument), patterns whose `*` make glob and regular
//! expression matching backtrack, other processes' memory layouts and the kernel's addresses,
//! and root-only firmware and device files below `/sys` (EFI variables, the hypervisor's
//! firmware configuration, the machine's serial numbers, option ROMs and EEPROMs). Contained,
//! a run's bounds and its unprivileged user keep each harmless; remotely nothing does. Each
//! line gets at least its level through `ssh_exec`; `REMOTE_STILL_LOW` holds their everyday
//! neighbours, which stay low there and on this host. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        // A value's size comes from a number: jq's `*` repeats a string, `pow` and its kin
        // make any number, `.[N] = x` and `setpath` fill an array up to N; awk's `printf`
        // pads to a width taken from an argument or a format built at run time.
        name: "values-of-any-size-without-a-loop",
        lines: &[
            ("jq -n '\"x\" * 1000000000'", Medium),
            ("jq -n '\"x\"*1e9'", Medium),
            ("jq -n '\"ab\" * pow(10; 9)'", Medium),
            ("jq -n '.[1000000000] = 1'", Medium),
            ("jq -n '.[ 2000000 ] = 0'", Medium),
            ("jq -n 'setpath([100000000]; 1)'", Medium),
            ("jq -n '[.[]?] | .[exp10(9)] = 1'", Medium),
            ("jq '.name * 100000000' /usr/share/x.json", Medium),
            ("awk 'BEGIN { printf \"%1000000000d\", 1 }'", Medium),
            ("awk 'BEGIN { printf \"%*d\", 1000000000, 1 }'", Medium),
            ("awk 'BEGIN { w = 2^30; printf \"%\" w \"d\", 1 }'", Medium),
            ("gawk 'BEGIN { s = sprintf(\"%*s\", 2^31, \"\") }'", Medium),
            ("awk 'BEGIN { printf \"%.0f\", 1e300 }'", Medium),
        ],
    },
    Kind {
        // Regular expressions given to diff (`-I`, `-F`) and nl (`-b pRE`) are matched against
        // every line, as grep's are; expr's against its string, pgrep's and lsof's against
        // every process name.
        name: "regexes-that-blow-up-outside-the-text-filters",
        lines: &[
            ("diff -I '(a+)+$' /etc/hosts /etc/passwd", Medium),
            (
                "diff --ignore-matching-lines='(x+x+)+y' /etc/hosts /etc/passwd",
                Medium,
            ),
            ("diff -F '\\(a*\\)*\\1' /etc/hosts /etc/passwd", Medium),
            (
                "diff --show-function-line='(a|aa)*b' -u /etc/hosts /etc/passwd",
                Medium,
            ),
            (
                "diff --ignore-match='(a+)+$' /etc/hosts /etc/passwd",
                Medium,
            ),
            ("nl -b 'p(a+)+$' /etc/hosts", Medium),
            ("nl -bp'(x+x+)+y' /etc/hosts", Medium),
            ("nl --body-numbering='p(a|aa)*b' /etc/hosts", Medium),
            ("nl -h 'p(a+)+$' /etc/hosts", Medium),
            ("expr aaaaaaaaaaaaaaaaaaaaaaaa : '\\(a*\\)*b'", Medium),
            ("expr match aaaaaaaaaaaaaaaa '\\(a*\\)*b'", Medium),
            ("pgrep '(a+)+$'", Medium),
            ("lsof -c '/(a+)+$/'", Medium),
        ],
    },
    Kind {
        // A printf-style width or precision from an argument or too long, and options whose
        // number sizes a line, a buffer or a list, build output or memory as large as asked.
        name: "widths-and-ranges-of-any-size",
        lines: &[
            ("printf '%1000000000d' 1", Medium),
            ("printf '%*d' 1000000000 1", Medium),
            ("printf '%.1000000000f' 1", Medium),
            ("printf 'x%-2000000000sx' y", Medium),
            ("numfmt --format='%1000000000f' 1", Medium),
            ("numfmt --padding=1000000000 1", Medium),
            ("seq -f '%1000000000g' 1 1", Medium),
            ("date +%1000000000d", Medium),
            ("find /etc -maxdepth 1 -printf '%1000000000p\\n'", Medium),
            ("stat -c '%1000000000n' /etc/hosts", Medium),
            ("od -w1000000000 /etc/hosts", Medium),
            ("od --width=1000000000 /etc/hosts", Medium),
            ("column -c 1000000000 /etc/hosts", Medium),
            ("diff -W 1000000000 -y /etc/hosts /etc/passwd", Medium),
            ("shuf -i 1-1000000000000", Medium),
            ("shuf --input-range=0-4000000000", Medium),
        ],
    },
    Kind {
        // glibc's fnmatch and the regular expression engines backtrack on every `*`.
        name: "patterns-whose-stars-backtrack",
        lines: &[
            ("find /var/log -name '*a*a*a*a*a*a*a*a*'", Medium),
            ("find /etc -iname '*a*a*a*a*'", Medium),
            ("find /usr -path '*/*/*/*/*/*/*'", Medium),
            ("find /etc -wholename '*a*b*c*d*e*'", Medium),
            ("grep -r --include='*a*a*a*a*' x /var/log/nginx", Medium),
            ("grep -r --exclude '*a*a*a*a*a*' x /etc", Medium),
            ("ls -I '*a*a*a*a*' /var/log", Medium),
            ("ls --ignore='*x*x*x*x*' /etc", Medium),
        ],
    },
    Kind {
        // Other processes' memory layouts defeat address randomisation; the kernel's symbol
        // addresses and physical memory map do the same for the kernel.
        name: "memory-layouts-of-others-and-the-kernel",
        lines: &[
            ("cat /proc/1/maps", High),
            ("cat /proc/1/smaps", High),
            ("head -n 50 /proc/1234/task/1234/maps", High),
            ("cat /proc/1/numa_maps", High),
            ("od -An -tx8 -N 64 /proc/1/pagemap", High),
            ("xxd /proc/1/auxv", High),
            ("cat /proc/kallsyms", High),
            ("grep commit_creds /proc/kallsyms", High),
            ("cat /proc/iomem", High),
        ],
    },
    Kind {
        // Root-only firmware files and hardware identities, and devices' registers and
        // storage, wherever below /sys they are reached.
        name: "root-only-firmware-and-device-files",
        lines: &[
            (
                "cat /sys/firmware/efi/efivars/Boot0000-8be4df61-93ca-11d2-aa0d-00e098032b8c",
                High,
            ),
            (
                "head -c 64 /sys/firmware/efi/efivars/dbx-d719b2cb-3d3a-4596-a3bc-dad00e67656f",
                High,
            ),
            ("xxd /sys/firmware/efi/vars/SecureBoot-x/data", High),
            ("cat /sys/class/dmi/id/product_serial", High),
            ("cat /sys/class/dmi/id/board_serial", High),
            ("cat /sys/class/dmi/id/chassis_serial", High),
            ("cat /sys/class/dmi/id/product_uuid", High),
            ("cat /sys/devices/virtual/dmi/id/product_uuid", High),
            ("cat /sys/devices/virtual/dmi/id/product_serial", High),
            (
                "cat /sys/firmware/qemu_fw_cfg/by_name/opt/com.coreos/config/raw",
                High,
            ),
            ("cat /sys/firmware/ibft/target0/target-name", High),
            ("cat /sys/kernel/config/target/iscsi/x/auth/password", High),
            ("cat /sys/fs/bpf/tc/globals/x", High),
            ("cat /sys/class/net/eth0/device/rom", High),
            ("xxd /sys/bus/i2c/devices/0-0050/eeprom", High),
            ("od -x /sys/bus/nvmem/devices/nvmem0/nvmem", High),
            (
                "cat /sys/devices/pci0000:00/0000:00:02.0/resource2_wc",
                High,
            ),
        ],
    },
    Kind {
        // Configuration printed with its drop-ins: an `override.conf` with
        // `Environment=PASSWORD=…`, kept root-only, is read by the remote user.
        name: "configuration-printed-with-its-drop-ins",
        lines: &[
            ("systemctl cat nginx", High),
            ("systemctl --no-pager cat postgresql", High),
            ("systemctl -M web cat app.service", High),
            (
                "systemctl cat --no-pager app.service worker@1.service",
                High,
            ),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const REMOTE_STILL_LOW: &[&str] = &[
    "jq -r '.items[] | .metadata.name' /usr/share/x.json",
    // A function called by name may be redefined by the remote ~/.jq: low on this host only
    // (round25.rs).
    "jq -r '.[0].name' /usr/share/x.json",
    "awk '{ printf \"%s %d\\n\", $1, $2/1048576 }' /var/log/nginx/error.log",
    "awk '/^x/ { printf \"%-20s %s\\n\", $1, $2 }' /var/log/nginx/error.log",
    "awk '$5 > 100000 { print }' /var/log/nginx/error.log",
    "ping",
    "ping -4",
    "systemctl is-active nginx",
    // `systemctl list-units --failed` prints transient units' command lines: high on
    // ssh_exec, low on this host (round29.rs).
    "nl -b 'p^#' /etc/hosts",
    "nl -ba /etc/hosts",
    "expr abc : 'a.*'",
    "pgrep -x nginx",
    "lsof -c nginx",
    "diff -I '^#' /etc/hosts /etc/passwd",
    "diff -u -F '^[a-z]' /etc/hosts /etc/passwd",
    "printf '%-20s %5d\\n' disk 42",
    "printf '%.2f' 3.14159",
    "numfmt --to=iec --padding=8 1048576",
    "seq -f '%03g' 1 10",
    "date +%s",
    "date '+%Y-%m-%d %H:%M:%S'",
    "stat -c '%n %s %y' /etc/hosts",
    "find /etc -maxdepth 1 -printf '%p %s\\n'",
    "od -w16 -An -tx1 /etc/hosts",
    "column -t -c 200 /etc/hosts",
    "diff -y -W 200 /etc/hosts /etc/passwd",
    "shuf -i 1-100 -n 5",
    "find /var/log -name '*.log*'",
    "find /etc -path '*/nginx/*.conf'",
    "find /var/log -maxdepth 2 -name '*.gz'",
    "ls -I '*.gz' /var/log",
    "cat /proc/self/status",
    "cat /proc/1/status",
    "cat /proc/meminfo",
    "cat /sys/class/dmi/id/product_name",
    "cat /sys/class/dmi/id/sys_vendor",
    "cat /sys/class/net/eth0/address",
    "cat /sys/class/net/eth0/statistics/rx_bytes",
    "cat /sys/block/sda/queue/scheduler",
    "ls /sys/firmware/efi",
    "ls -la /var/log",
    "df -h",
    "journalctl -u nginx --since today",
    "cat /sys/kernel/mm/transparent_hugepage/enabled",
];
