//! Where nothing contains a command (`ssh_exec` on a remote host), nothing ends it either:
//! contained, a run has a time bound; remotely a program that waits for something, repeats
//! until it is stopped or follows what grows keeps running after the connection closes (nothing
//! signals it). So a low command there must be known to end by itself, and soon: the model is
//! positive. A program ends when it is in [`KNOWN_TO_END`] and its options are as its table and
//! judge require: every option that makes it wait is [`Role::Endless`] in its table
//! (`tail -f`, `journalctl --follow`, `kubectl get --watch`), and the judges of programs that
//! repeat by default ask [`require`] for what bounds them (`ping -c`, `vmstat 1 5`,
//! `docker stats --no-stream`). Any other program (`yes`, one added to a table later) is not
//! proven to end.
//!
//! [`Role::Endless`]: crate::options::Role::Endless

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Programs that end by themselves once their judges' requirements hold: they read finite
/// files or the system's state once and exit.
const KNOWN_TO_END: &[&str] = &[
    "7z",
    "7za",
    "7zr",
    "7zz",
    "apk",
    "apt",
    "apt-cache",
    "apt-mark",
    "ar",
    "arch",
    "arp",
    "arping",
    "arptables",
    "atop",
    "auditctl",
    "awk",
    "b2sum",
    "base32",
    "base64",
    "basename",
    "basenc",
    "blkid",
    "bootctl",
    "brctl",
    "brew",
    "bridge",
    "bsdtar",
    "btrfs",
    "bun",
    "bunzip2",
    "busctl",
    "bzcat",
    "bzip2",
    "cal",
    "cargo",
    "cat",
    "cd",
    "chage",
    "chronyc",
    "cksum",
    "cmp",
    "column",
    "comm",
    "cpio",
    "cpupower",
    "crictl",
    "ctr",
    "cut",
    "date",
    "dbus-send",
    "dbus-uuidgen",
    "dcgmi",
    "debsums",
    "deno",
    "df",
    "diff",
    "dig",
    "dir",
    "dirname",
    "dmesg",
    "dmidecode",
    "dnf",
    "dnsdomainname",
    "docker",
    "docker-compose",
    "domainname",
    "dpkg",
    "dpkg-query",
    "drill",
    "du",
    "dumpe2fs",
    "ebtables",
    "echo",
    "efibootmgr",
    "efivar",
    "egrep",
    "ethtool",
    "expand",
    "expr",
    "factor",
    "false",
    "fdisk",
    "fgrep",
    "file",
    "find",
    "findmnt",
    "firewall-cmd",
    "flatpak",
    "fmt",
    "fold",
    "free",
    "fuser",
    "fwupdmgr",
    "gawk",
    "gem",
    "getcap",
    "getconf",
    "getenforce",
    "getent",
    "getfacl",
    "getfattr",
    "git",
    "gpustat",
    "grep",
    "groups",
    "grub-editenv",
    "grub2-editenv",
    "gtar",
    "guile",
    "gunzip",
    "gzip",
    "hd",
    "hdparm",
    "head",
    "helm",
    "hexdump",
    "host",
    "hostid",
    "hostname",
    "hostnamectl",
    "hwclock",
    "iconv",
    "id",
    "ifconfig",
    "inxi",
    "iostat",
    "iotop",
    "ip",
    "ip6tables",
    "ip6tables-legacy",
    "ip6tables-nft",
    "ip6tables-save",
    "ipcs",
    "ipmitool",
    "iptables",
    "iptables-legacy",
    "iptables-nft",
    "iptables-save",
    "ipvsadm",
    "iw",
    "join",
    "journalctl",
    "jq",
    "julia",
    "k3s",
    "kernel-install",
    "kill",
    "kubectl",
    "last",
    "lastlog",
    "lastlog2",
    "lbzip2",
    "locale",
    "localectl",
    "loginctl",
    "logname",
    "ls",
    "lsattr",
    "lsb_release",
    "lsblk",
    "lscpu",
    "lshw",
    "lsinitramfs",
    "lsinitrd",
    "lslogins",
    "lsmod",
    "lsns",
    "lsof",
    "lspci",
    "lsusb",
    "lua",
    "lvdisplay",
    "lvs",
    "lz4",
    "lz4cat",
    "lzip",
    "lzma",
    "mawk",
    "md5sum",
    "mdadm",
    "modinfo",
    "mokutil",
    "mount",
    "mpstat",
    "mtr",
    "multipath",
    "namei",
    "nawk",
    "ncal",
    "nerdctl",
    "netstat",
    "networkctl",
    "nfsstat",
    "nft",
    "nginx",
    "nisdomainname",
    "nl",
    "nmcli",
    "node",
    "nodejs",
    "npm",
    "nproc",
    "nslookup",
    "ntpq",
    "numastat",
    "numfmt",
    "nvidia-smi",
    "nvme",
    "oc",
    "od",
    "openssl",
    "pacman",
    "parted",
    "paste",
    "pbzip2",
    "pct",
    "perl",
    "pg_config",
    "pg_controldata",
    "pg_ctl",
    "pg_ctlcluster",
    "pg_dump",
    "pg_dumpall",
    "pg_isready",
    "pg_lsclusters",
    "pgrep",
    "php",
    "pidof",
    "pidstat",
    "pigz",
    "ping",
    "ping6",
    "pip",
    "pipx",
    "plzip",
    "pmap",
    "podman",
    "postgres",
    "printf",
    "ps",
    "psql",
    "pstree",
    "pvdisplay",
    "pvs",
    "pwd",
    "pwsh",
    "python",
    "python2",
    "python3",
    "qdbus",
    "qm",
    "readlink",
    "realpath",
    "resolvectl",
    "rev",
    "rg",
    "rocm-smi",
    "rocminfo",
    "route",
    "rpm",
    "rscript",
    "ruby",
    "sar",
    "sbctl",
    "sed",
    "sensors",
    "seq",
    "sestatus",
    "sfdisk",
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "shuf",
    "slabtop",
    "sleep",
    "smartctl",
    "smem",
    "snap",
    "sort",
    "ss",
    "stat",
    "strings",
    "sum",
    "swapon",
    "sysctl",
    "systemctl",
    "systemd-analyze",
    "systemd-cgtop",
    "systemd-detect-virt",
    "systemd-id128",
    "tac",
    "tail",
    "tailscale",
    "tar",
    "tc",
    "test",
    "timedatectl",
    "tr",
    "tracepath",
    "tracepath6",
    "traceroute",
    "traceroute6",
    "tree",
    "true",
    "tty",
    "tune2fs",
    "tuned-adm",
    "type",
    "ufw",
    "ulimit",
    "uname",
    "unexpand",
    "uniq",
    "unlz4",
    "unlzma",
    "unpigz",
    "unxz",
    "unzip",
    "unzstd",
    "update-alternatives",
    "upower",
    "upsc",
    "uptime",
    "users",
    "vdir",
    "vgdisplay",
    "vgs",
    "virsh",
    "virt-what",
    "vmstat",
    "wc",
    "wg",
    "whereis",
    "which",
    "who",
    "whoami",
    "whois",
    "xfs_info",
    "xxd",
    "xz",
    "xzcat",
    "ypdomainname",
    "yum",
    "zcat",
    "zegrep",
    "zfgrep",
    "zfs",
    "zgrep",
    "zipinfo",
    "zpool",
    "zstd",
    "zstdcat",
    "zypper",
];

/// The longest a bounded program may run where nothing contains it (`sleep`, a repeating
/// reader's interval times its count), in seconds.
pub const LONGEST_RUN_S: f64 = 600.0;

/// Raises `j` where nothing contains the command and `name` is not known to end by itself.
pub fn raise(name: &str, j: &mut Judgement) {
    if !KNOWN_TO_END.contains(&name) {
        j.raise(
            RiskLevel::Medium,
            format!("{name} is not known to end by itself, and nothing ends it where nothing contains the command"),
        );
    }
}

/// Raises `j` to medium where nothing contains the command and it does not `end` (`why` says
/// what it does instead, and what bounds it).
pub fn require(ctx: &Ctx, j: &mut Judgement, ends: bool, why: impl FnOnce() -> String) {
    if ctx.must_end() && !ends {
        j.raise(
            RiskLevel::Medium,
            format!(
                "{}: nothing ends it where nothing contains the command",
                why()
            ),
        );
    }
}

/// Judges a reader taking `[DEVICE...] [INTERVAL [COUNT]]` (`vmstat`, `iostat`, `mpstat`,
/// `sar`): its interval as [`super::intervals::raise`] does, and [`require`]s that a count
/// bounds its repeats.
pub fn repeating_reader(ctx: &Ctx, j: &mut Judgement, name: &str, operands: &[&str]) {
    if let Some(interval) = super::intervals::first_number(operands) {
        super::intervals::raise(j, name, interval, 1.0);
    }
    require(ctx, j, repeats_bounded(operands), || {
        format!("{name} INTERVAL without a COUNT (or with a long one) repeats until it is stopped")
    });
}

/// Whether a reader taking `[DEVICE...] [INTERVAL [COUNT]]` (`vmstat`, `iostat`, `mpstat`,
/// `sar`) ends: given an interval it repeats until it is stopped unless a count follows, and
/// then runs for the interval times the count.
pub fn repeats_bounded(operands: &[&str]) -> bool {
    let Some(at) = operands
        .iter()
        .position(|o| o.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
    else {
        return true;
    };
    let interval = seconds(operands[at]);
    let times = operands.get(at + 1).and_then(|c| count(c));
    runs_within(interval, times)
}

/// Whether `times` repetitions `interval` seconds apart end within [`LONGEST_RUN_S`]. A count of
/// 0 proves no end: several monitors read it as "until stopped" (`ping -c 0`, `dcgmi dmon -c
/// 0`, `nvidia-smi dmon -c 0`, `mtr -c 0`), and the others refuse it.
pub fn runs_within(interval: Option<f64>, times: Option<u64>) -> bool {
    match (interval, times) {
        (Some(interval), Some(times)) => times > 0 && interval * times as f64 <= LONGEST_RUN_S,
        (None, _) | (_, None) => false,
    }
}

/// Seconds in a duration such as `sleep`'s (`30`, `1.5m`, `2h`, `1d`), if it is one.
pub fn seconds(word: &str) -> Option<f64> {
    let (number, unit) = match word.char_indices().last() {
        Some((at, 's')) => (&word[..at], 1.0),
        Some((at, 'm')) => (&word[..at], 60.0),
        Some((at, 'h')) => (&word[..at], 3600.0),
        Some((at, 'd')) => (&word[..at], 86400.0),
        _ => (word, 1.0),
    };
    // Digits and a point only: no `inf`, `nan` or exponents.
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    number.parse::<f64>().ok().map(|n| n * unit)
}

/// A count given as digits only (`-c 5`), if it is one.
pub fn count(word: &str) -> Option<u64> {
    let word = word.trim_start_matches('=');
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_zero_proves_no_end() {
        assert!(!runs_within(Some(1.0), Some(0)));
        assert!(runs_within(Some(1.0), Some(1)));
        assert!(!repeats_bounded(&["1", "0"]));
        assert!(repeats_bounded(&["1", "5"]));
    }

    #[test]
    fn durations_and_counts_are_read_as_digits_only() {
        assert_eq!(seconds("30"), Some(30.0));
        assert_eq!(seconds("1.5m"), Some(90.0));
        assert_eq!(seconds("2h"), Some(7200.0));
        assert_eq!(seconds("infinity"), None);
        assert_eq!(seconds("inf"), None);
        assert_eq!(seconds("1e9"), None);
        assert_eq!(count("5"), Some(5));
        assert_eq!(count("=5"), Some(5));
        assert_eq!(count("-1"), None);
        assert_eq!(count("5x"), None);
        assert!(repeats_bounded(&[]));
        assert!(repeats_bounded(&["sda"]));
        assert!(repeats_bounded(&["1", "5"]));
        assert!(repeats_bounded(&["sda", "2", "3"]));
        assert!(!repeats_bounded(&["1"]));
        assert!(!repeats_bounded(&["sda", "1"]));
        assert!(!repeats_bounded(&["1", "100000"]));
    }

    #[test]
    fn programs_that_never_end_are_not_known_to_end() {
        for name in ["yes", "watch", "tcpdump", "less"] {
            let mut j = Judgement::low("x");
            raise(name, &mut j);
            assert_eq!(j.level, RiskLevel::Medium, "{name}");
        }
        for name in ["cat", "ls", "systemctl", "journalctl", "ping"] {
            let mut j = Judgement::low("x");
            raise(name, &mut j);
            assert_eq!(j.level, RiskLevel::Low, "{name}");
        }
    }
}
