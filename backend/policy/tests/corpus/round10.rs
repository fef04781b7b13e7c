//! Dangerous command lines found by a tenth attacker review of the guard. Where nothing
//! contains the command (`ssh_exec`): options whose number sizes a buffer, a line or a thread
//! pool (`sort -S 100G`, `--parallel=1000`, `dmesg -s`, `nl -w`, in every spelling getopt
//! takes, and `COLUMNS=` before any program), probes and lookups that wait as long as a number
//! says (`ping -W`, `traceroute -w`, `mtr -c`, `dig +time=`, `host -w`, `kubectl wait
//! --timeout`), configuration printed with its drop-ins by another program (`systemd-analyze
//! cat-config`) or read as a file (`override.conf`), services' command lines through their
//! `Exec*` properties or journal fields (`_CMDLINE`, `COREDUMP_ENVIRON`), the root-only audit
//! log, and the firmware tables read by `dmidecode`.
//! Everywhere: docker templates whose dot is the whole document (`{{range .}}`, a range's
//! `{{else}}`), files of `/sys` outside its positive model (crash dumps, kernel addresses,
//! firmware data), and paths that climb with `..` out of a name that may be a symbolic link.
//! Each line gets at least its level (through `ssh_exec` for `REMOTE_KINDS`, on this host for
//! `KINDS`); `REMOTE_STILL_LOW` holds their everyday neighbours, which stay low there and on
//! this host. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        // An option's number sizes what the program builds: memory, a line, a pad, a list of
        // tab stops, a thread pool, a merge's open files. Clustered, attached, abbreviated.
        name: "options-that-size-memory-or-threads",
        lines: &[
            ("sort -S 100G /var/log/syslog", Medium),
            ("sort --buffer-size=100G /var/log/syslog", Medium),
            ("sort --buf=50% /var/log/syslog", Medium),
            ("sort -S50% /var/log/syslog", Medium),
            ("sort -nS 100G /var/log/syslog", Medium),
            ("sort -S 1000000 /var/log/syslog", Medium),
            ("sort --parallel=1000 /var/log/syslog", Medium),
            ("sort --para=64 /var/log/syslog", Medium),
            ("sort --batch-size=100000 -m /etc/hosts /etc/passwd", Medium),
            ("dmesg -s 1000000000", Medium),
            ("dmesg --buffer-size=2000000000", Medium),
            ("od -S 1000000000 /etc/hosts", Medium),
            ("od --strings=1000000000 /etc/hosts", Medium),
            ("od -vw1000000000 /etc/hosts", Medium),
            ("strings -n 1000000000 /etc/hosts", Medium),
            ("strings --bytes=1000000000 /etc/hosts", Medium),
            ("nl -w 1000000000 /etc/hosts", Medium),
            ("nl --number-width=1000000000 /etc/hosts", Medium),
            ("expand -t 1000000000 /etc/hosts", Medium),
            ("expand -t 4,1000000000 /etc/hosts", Medium),
            ("unexpand --tabs=1000000000 /etc/hosts", Medium),
            ("fold -w 1000000000 /etc/hosts", Medium),
            ("ls -w 1000000000 /etc", Medium),
            ("ls --tabsize=1000000000 /etc", Medium),
            ("diff --widt=1000000000 -y /etc/hosts /etc/passwd", Medium),
            ("diff -yW1000000000 /etc/hosts /etc/passwd", Medium),
            ("column --output-w=1000000000 /etc/hosts", Medium),
            ("numfmt --padd=1000000000 1", Medium),
            ("shuf --input-r=1-1000000000000", Medium),
            ("xxd -c 1000000000 /etc/hosts", Medium),
            ("xxd -cols 100000 /etc/hosts", Medium),
            ("hexdump -e '1000000000/1 \"%02x\"' /etc/hosts", Medium),
            ("tar -tf /usr/share/doc/x.tar -b 1000000000", Medium),
            ("tar -tvb 1000000000 -f /usr/share/doc/x.tar", Medium),
            (
                "tar -tf /usr/share/doc/x.tar --record-size=1000000000",
                Medium,
            ),
            ("rg -j 1000 error /var/log/nginx", Medium),
            ("lsblk --width 1000000000", Medium),
            ("stdbuf -o 1G cat /var/log/syslog", Medium),
            ("stdbuf --input=100G grep x /var/log/syslog", Medium),
            ("COLUMNS=1000000000 ls /etc", Medium),
            ("env COLUMNS=1000000000 ls /etc", Medium),
            ("LINES=99999999999 free", Medium),
            ("COLUMNS=wide ls /etc", Medium),
        ],
    },
    Kind {
        // A probe that waits as long as a number says, for a reply a silent host never sends
        // or between packets: it never ends, though it sends few packets.
        name: "probes-that-wait-without-end",
        lines: &[
            ("ping -c 5 -W 1000000000 example.com", Medium),
            ("ping -c 1 -w 1000000000 example.com", Medium),
            ("ping -c 2 -i 1000000 example.com", Medium),
            ("traceroute -q 1000000 example.com", Medium),
            ("traceroute -w 1000000 example.com", Medium),
            ("traceroute --wait=100000 example.com", Medium),
            ("traceroute -z 1000000 example.com", Medium),
            ("mtr -r -c 1000000000 example.com", Medium),
            ("mtr --report --report-cyc=99999 example.com", Medium),
            ("dig +time=1000000 example.com", Medium),
            ("dig +tim=1000000 +tries=1000000 example.com", Medium),
            ("dig +retry=1000000 example.com", Medium),
            ("host -W1000000 example.com", Medium),
            ("host -R 1000000 example.com", Medium),
            ("host -aw example.com", Medium),
            ("nslookup -timeout=1000000 example.com", Medium),
            ("nslookup -ret=1000000 example.com", Medium),
            (
                "kubectl wait --for=condition=ready pod/web --timeout=1000000s",
                Medium,
            ),
            (
                "kubectl wait --for=condition=ready pod/web --timeout=-1s",
                Medium,
            ),
        ],
    },
    Kind {
        // A walk from `/` bounded by a depth that bounds nothing, or by none (`lsof +D`), or
        // from a path that may lead to `/` (a process's working directory, `..` after a link).
        name: "walks-from-the-root-without-a-real-bound",
        lines: &[
            ("find / -maxdepth 1000000 -name id_rsa", Medium),
            ("find / -maxdepth x -name x", Medium),
            ("tree -L 1000000 /", Medium),
            ("lsof +D /", Medium),
            ("lsof +D //", Medium),
            ("find /proc/1/cwd -name id_rsa", Medium),
            ("find /proc/self/cwd/.. -name x", Medium),
            ("du -sh /proc/1/cwd", Medium),
            ("ls -R /proc/1/cwd", Medium),
            ("tree /proc/self/cwd/../..", Medium),
            ("lsof +D /proc/1/cwd", Medium),
        ],
    },
    Kind {
        // Configuration with its drop-ins, printed by another program or read as a file:
        // `systemctl edit` keeps `Environment=PASSWORD=…` in a root-only `override.conf`; and
        // the root-only password lists kept in world-readable places (a web server's
        // basic-auth `passwd`), and `/usr/local/etc`, outside the world-readable model.
        name: "drop-ins-printed-or-read",
        lines: &[
            (
                "systemd-analyze cat-config systemd/system/app.service",
                High,
            ),
            ("systemd-analyze cat-config systemd/journald.conf", High),
            ("systemd-analyze cat-config", High),
            (
                "systemd-analyze --no-pager cat-config systemd/system.conf",
                High,
            ),
            (
                "cat /etc/systemd/system/app.service.d/override.conf",
                Medium,
            ),
            (
                "grep Environment /etc/systemd/system/postgresql.service.d/10-env.conf",
                Medium,
            ),
            ("grep -r Environment /etc/systemd/system", Medium),
            ("cat /etc/systemd/network/wg0.netdev", High),
            ("cat /etc/httpd/conf/passwd", Medium),
            ("cat /etc/nginx/passwd", Medium),
            ("head /etc/apache2/users", Medium),
            ("cat /usr/local/etc/app/app.conf", Medium),
        ],
    },
    Kind {
        // A service's command line (`--password=…` on it) through the properties that hold it,
        // and credentials' data.
        name: "command-lines-and-credentials-as-unit-properties",
        lines: &[
            ("systemctl show nginx -p ExecStart", High),
            (
                "systemctl show app --property=ExecStartPre,ActiveState",
                High,
            ),
            ("systemctl show app -P ExecReload", High),
            ("systemctl show app -p execstop", High),
            ("systemctl show app -p SetCredential", High),
        ],
    },
    Kind {
        // Root-only records of what others ran and typed, and the machine's identities in the
        // firmware tables.
        name: "root-only-logs-and-firmware-tables",
        lines: &[
            ("cat /var/log/audit/audit.log", High),
            ("grep type=EXECVE /var/log/audit/audit.log", High),
            ("tail -n 50 /var/log/audit/audit.log.1", High),
            ("grep -r password /var/log", High),
            ("cat /var/log/btmp.1", High),
            ("dmidecode", High),
            ("dmidecode -t system", High),
            ("dmidecode -t 1", High),
            ("dmidecode -s system-serial-number", High),
            ("dmidecode -s system-uuid", High),
            ("dmidecode --string=chassis-asset-tag", High),
            ("dmidecode -u", High),
        ],
    },
    Kind {
        // Journal fields that hold a process's command line or a crashed process's
        // environment, printed by `-F` or by `--output-fields` with any output mode.
        name: "journal-fields-of-command-lines-and-environments",
        lines: &[
            ("journalctl -o cat --output-fields=_CMDLINE", High),
            ("journalctl -o json --output-fields=MESSAGE,_CMDLINE", High),
            ("journalctl -F COREDUMP_ENVIRON", High),
            ("journalctl --field=coredump_environ", High),
            (
                "journalctl -o json-pretty --output-fields=COREDUMP_ENVIRON",
                High,
            ),
            (
                "journalctl MESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1 -o cat --output-fields=COREDUMP_CMDLINE",
                High,
            ),
        ],
    },
];

/// Dangers on this host too: docker templates, the positive model of `/sys`, and `..` after a
/// name.
pub const KINDS: &[Kind] = &[
    Kind {
        // A docker template whose dot is the whole document: ranging over `.` itself, or the
        // `else` branch of a range, where the dot is what it was outside.
        name: "templates-whose-dot-is-the-document",
        lines: &[
            ("docker inspect -f '{{range .}}{{.}}{{end}}' app", High),
            (
                "docker inspect -f '{{range .}}{{range .}}{{.}}{{end}}{{end}}' app",
                High,
            ),
            (
                "docker inspect -f '{{range .Mounts}}{{else}}{{json .}}{{end}}' app",
                High,
            ),
            (
                "docker container inspect --format '{{range .Mounts}}{{end}}{{.}}' app",
                High,
            ),
            (
                "docker inspect -f '{{if .State.Running}}{{range .Mounts}}{{end}}{{json .}}{{end}}' app",
                High,
            ),
        ],
    },
    Kind {
        // Outside the device trees and the listed places of settings and counters: kernel
        // addresses, crash dumps, firmware data, places a new kernel adds.
        name: "sys-files-outside-the-positive-model",
        lines: &[
            ("cat /sys/kernel/vmcoreinfo", Medium),
            ("cat /sys/kernel/notes", Medium),
            ("xxd /sys/kernel/boot_params/data", Medium),
            ("cat /sys/module/ext4/sections/.text", Medium),
            (
                "cat /sys/class/net/eth0/device/driver/module/sections/.text",
                Medium,
            ),
            ("cat /sys/fs/pstore/dmesg-ramoops-0", Medium),
            ("tail /sys/fs/pstore/console-ramoops-0", Medium),
            ("cat /sys/firmware/efi/systab", Medium),
            ("xxd /sys/firmware/dmi/entries/1-0/raw", Medium),
            ("cat /sys/hypervisor/uuid", Medium),
            ("cat /sys/kernel/slab/kmalloc-64/objects", Medium),
            ("head /sys/kernel/btf/vmlinux", Medium),
            ("cat /sys/a-place-a-new-kernel-adds", Medium),
        ],
    },
    Kind {
        // The kernel resolves `..` from where a link leads; the text only drops the name.
        name: "parent-directories-after-a-link",
        lines: &[
            (
                "cat /sys/class/net/eth0/device/../../../firmware/efi/efivars/Boot0000-8be4df61-93ca-11d2-aa0d-00e098032b8c",
                Medium,
            ),
            ("cat /sys/class/net/eth0/../../power/state", Medium),
            ("cat /proc/self/cwd/../../srv/app/config.yml", Medium),
            ("cat /proc/self/root/../self/status", Medium),
            ("cat /dev/fd/../cwd/notes.txt", Medium),
            ("cat /dev/disk/by-id/../../shm/x", Medium),
        ],
    },
];

/// The same paths climbing where nothing contains the reader, outside the pseudo file systems.
pub const REMOTE_PARENTS: &[Kind] = &[Kind {
    name: "parent-directories-after-a-link",
    lines: &[
        ("cat /etc/nginx/sites-enabled/../../hosts", Medium),
        ("cat /var/log/nginx/../syslog", Medium),
        ("cat /etc/ssl/certs/../private/../../hostname", Medium),
    ],
}];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const REMOTE_STILL_LOW: &[&str] = &[
    "sort -S 64M /var/log/nginx/error.log",
    "sort -S 1024 /var/log/nginx/error.log",
    "sort --parallel=4 -n /var/log/nginx/error.log",
    "sort -u /etc/hosts",
    "dmesg -s 1048576 -l err",
    "od -S 8 /etc/hosts",
    "strings -n 8 /etc/hosts",
    "nl -w 6 /etc/hosts",
    "expand -t 4 /etc/hosts",
    "unexpand -t 8 /etc/hosts",
    "fold -w 80 /etc/hosts",
    "ls -w 200 /etc",
    "xxd -c 16 /etc/hosts",
    "xxd -cols 32 /etc/hosts",
    "hexdump -e '16/1 \"%02x \" \"\\n\"' /etc/hosts",
    "hexdump -C /var/log/nginx/error.log",
    "shuf -i 1-10 -n 3",
    "diff -y -W 200 /etc/hosts /etc/passwd",
    // An administrator's unit is high to read, as `systemctl cat` is (`round18.rs`).
    "cat /usr/lib/systemd/system/nginx.service",
    "cat /etc/systemd/journald.conf",
    "systemd-analyze unit-paths",
    "systemctl show nginx -p ActiveState,SubState",
    "systemctl show nginx -p ExecMainPID",
    "systemctl show nginx -p ExecMainStatus",
    "grep -r error /var/log/nginx",
    "tail -n 100 /var/log/nginx/error.log",
    "dmidecode -s system-product-name",
    "dmidecode -s bios-version",
    "seq",
    "watch",
    "cat /sys/class/net/eth0/statistics/rx_bytes",
    "cat /sys/class/net/eth0/operstate",
    "cat /sys/block/sda/queue/rotational",
    "cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
    "cat /sys/devices/system/cpu/vulnerabilities/spectre_v2",
    "cat /sys/fs/cgroup/system.slice/nginx.service/memory.current",
    "cat /sys/module/zfs/parameters/zfs_arc_max",
    "cat /sys/power/state",
    "cat /sys/kernel/mm/transparent_hugepage/defrag",
    "cat /sys/class/thermal/thermal_zone0/temp",
    "cat /etc/nginx/nginx.conf",
    "cat /etc/passwd",
    "lsblk --width 120",
    "stdbuf -oL grep error /var/log/nginx/error.log",
    "stdbuf -o0 cat /etc/hosts",
    "tar -tf /usr/share/doc/x.tar -b 20",
    "cat /sys/fs/selinux/enforce",
    "cat /etc/nginx/sites-enabled/default",
    "COLUMNS=200 ls -l /etc",
    "LANG=C ls /etc",
    "ping -c 3 -W 1 example.com",
    "ping -c 3 -i 0.5 -W 0.5 example.com",
    "ping -w 10 example.com",
    "traceroute -n -q 1 -w 2 example.com",
    "traceroute -w 5,3,10 example.com",
    "mtr -r -c 10 example.com",
    "dig -r +tries=2 +time=1 example.com",
    "dig -r +notrace +nocmd example.com",
    "host -W 2 -t mx example.com",
    "nslookup -timeout=5 example.com",
    "kubectl wait --for=condition=ready pod/web --timeout=60s",
    "docker inspect -f '{{range .Mounts}}{{.Source}} {{.Destination}}{{println}}{{end}}' app",
    "docker inspect -f '{{if .State.Running}}up{{else}}down{{end}}' app",
    "journalctl -u nginx -o json --output-fields=MESSAGE,_PID",
    "journalctl -u nginx -o cat --output-fields=MESSAGE",
    "journalctl -F _SYSTEMD_UNIT",
    "journalctl -u nginx -o cat",
    "find / -maxdepth 3 -name nginx.conf",
    "find / -xdev -name nginx.conf",
    "tree -L 2 /",
    "lsof +D /var/log",
    "lsof +d /",
    "find /proc/1/cwd -maxdepth 2 -name x",
    "du -sh /var/log",
    "ls -R /etc/nginx",
    "docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{else}}none{{end}}' app",
];
