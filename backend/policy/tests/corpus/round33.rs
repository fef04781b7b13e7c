//! Dangerous command lines, thirty-third set: the reading forms of programs known to change the
//! system, which were high by their name alone (`programs/read_modes.rs`), each low now only
//! in its one form, with the neighbours that change, load or print secrets.
//! chage: only `-l` (`-i`); `-d`, `-E`, `-M`, `-R` and a bare `chage USER` change the account.
//! tune2fs: only `-l` alone; `-O`, `-c`, `-L`, clustered or not, change the file system;
//! dumpe2fs never writes, but `-i` reads an image file and `-o` is not in the table. Both, and
//! hdparm, open only storage devices (`/dev/watchdog` reboots the machine).
//! hdparm: `-I`, `-i`, `-C`, `-g`; `-t`/`-T` flush the buffer cache and load the disk, `-B`,
//! `-S`, `-W`, `-y`, `-Y` and the long options (`--security-erase`, `--fibmap`) get or change
//! settings; `-I`/`-i` print the drive's serial number (high on `ssh_exec`, as `smartctl -i`).
//! brctl: `show`, `showmacs BRIDGE`, `showstp BRIDGE`; `addbr`, `delbr`, `addif`, `stp` change
//! bridges. wg: `show` with a field other than `private-key`, `preshared-keys` or `dump`
//! (those, and `showconf`, print keys); `set`, `setconf`, `syncconf` change the interface.
//! `WG_HIDE_KEYS=never` (on the line, or through `env`) makes `wg show` print the keys: high.
//! tcpdump: `-D` alone lists interfaces; with `-i` or `-w` it captures.
//! mokutil: `--sb-state` and the listings; `--import`, `--reset`, `--password`,
//! `--disable-validation` and a bare `mokutil` change what the firmware trusts. multipath: `-l`,
//! `-ll` (each map's WWID: high on `ssh_exec`, as lsblk's `WWN`); a bare `multipath`, `-F`,
//! `-f`, `-r` create, reload or flush maps.
//! Unknown before, read-only now (`programs/diagnostics.rs`): `systemd-detect-virt`,
//! `sestatus`, `getenforce`, `ipcs`, `virt-what`, `lsns` (its default COMMAND column is a
//! command line: high on `ssh_exec` unless `-o` leaves it out, as `ps aux`).
//! rocm-smi: its `--show…` queries, spelled whole, are low where containment holds them (a
//! Python program: medium on `ssh_exec`, as `ufw status`); `--showserial`, `-a` print the
//! board's serial number (high there); `--setfan`, `--setsclk`, `--resetclocks`,
//! `--gpureset`, `--save`, `--load`, an abbreviation (`--showu`) stay high.
//! ntpq: `-p` (`-pn`, `-w`) queries the peers and exits; without it ntpq reads commands
//! (`:config`) from its input, and `-c` is not in its table (medium); a server's name must be
//! an ordinary host name. upower: `-e`, `-d`, `-i`, `-w`; `-d`/`-i` print each battery's
//! serial number (high on `ssh_exec`), `-m` never ends there.
//! Package managers: `flatpak list --app|--runtime|--columns=…|-d|--system` are low (flatpak's
//! own listing options; `--installation=DIR` is not in the table); `snap changes` lists
//! snapd's recent changes (`snap change N`, `snap refresh` stay high); `dnf history`,
//! `history list`, `history info N` read the transaction database without refreshing metadata
//! (a Python program: medium on `ssh_exec`), while `history undo`, `redo`, `rollback`,
//! `replay`, `store` stay high, named.
//! `dnf check-update` was high as an unknown form; it refreshes metadata over the network:
//! medium, as `dnf info` (`-C` reads the cache: low where contained); `--setopt` stays high.
//! `pip list --outdated` stays high (`review.rs`: it asks an index pip.conf may name).
//! podman's pods: `podman pod ps`/`ls` (`--no-trunc` prints whole ids) are low where
//! containment holds them (the container client's home: medium on `ssh_exec`); `--format
//! '{{.Labels}}'`, `pod rm`/`stop`/`kill`/`create`/`inspect` stay high, and `docker pod`,
//! `nerdctl pod` are no command of theirs (a CLI plugin would run: high).
//! docker-compose (the standalone Compose) was unknown: it is judged as `docker compose` with
//! the same words (`COMPOSE_WORDS`, on both paths), its home's configuration included.
//! Each high line's reason names the program and the word that decided (`NAMED_REASONS`).

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

/// Lines judged the same on both paths.
pub const KINDS: &[Kind] = &[Kind {
    name: "reading-forms-with-changing-neighbours",
    lines: &[
        ("chage -d 0 alice", High),
        ("chage -l -d 0 alice", High),
        ("chage -lE0 alice", High),
        ("chage -E 0 alice", High),
        ("chage -M 99999 alice", High),
        ("chage -R /mnt -l alice", High),
        ("chage alice", High),
        ("tune2fs -O ^has_journal /dev/sda1", High),
        ("tune2fs -l -O ^has_journal /dev/sda1", High),
        ("tune2fs -lc 5 /dev/sda1", High),
        ("tune2fs -L x /dev/sda1", High),
        ("tune2fs /dev/sda1", High),
        ("tune2fs -l /dev/watchdog", High),
        ("tune2fs -l /dev/sda1 /dev/sdb1", High),
        ("dumpe2fs -h /dev/watchdog", High),
        ("dumpe2fs -i image.e2i", High),
        ("dumpe2fs -o superblock=32768 /dev/sda1", High),
        ("hdparm -t /dev/sda", High),
        ("hdparm -tT /dev/sda", High),
        ("hdparm -B /dev/sda", High),
        ("hdparm -IB254 /dev/sda", High),
        ("hdparm -S 0 /dev/sda", High),
        ("hdparm -W0 /dev/sda", High),
        ("hdparm -y /dev/sda", High),
        ("hdparm -Y /dev/sda", High),
        ("hdparm --security-erase pw /dev/sda", High),
        ("hdparm -I --yes-i-know-what-i-am-doing /dev/sda", High),
        ("hdparm --fibmap /etc/shadow", High),
        ("hdparm -I /dev/watchdog", High),
        ("hdparm -C", High),
        ("brctl addbr br1", High),
        ("brctl delbr br0", High),
        ("brctl addif br0 eth1", High),
        ("brctl stp br0 off", High),
        ("brctl showmacs", High),
        ("brctl", High),
        ("wg show wg0 private-key", High),
        ("wg show all preshared-keys", High),
        ("wg show wg0 dump", High),
        ("wg showconf wg0", High),
        ("wg set wg0 peer abc remove", High),
        ("wg setconf wg0 /etc/wireguard/wg0.conf", High),
        ("wg syncconf wg0 /tmp/x", High),
        ("wg show wg0 latest-handshakes extra", High),
        ("tcpdump -D -i eth0", High),
        ("tcpdump -Dw /tmp/x", High),
        ("tcpdump -D -w /tmp/x", High),
        ("tcpdump -i eth0 -c 10", High),
        ("tshark -D", High),
    ],
}];

/// Lines judged through `ssh_exec`, where nothing contains the command.
pub const REMOTE_KINDS: &[Kind] = &[Kind {
    name: "drive-identify-data-remotely",
    lines: &[
        ("hdparm -i /dev/sda", High),
        ("hdparm -Ig /dev/sda", High),
        ("hdparm -gi /dev/sda", High),
        ("multipath -ll", High),
        ("multipath -v 3 -l", High),
        ("lsns", High),
        ("lsns -t net", High),
        ("lsns -o NS,TYPE,COMMAND", High),
        ("lsns -o +PATH", High),
        ("lsns --output-all", High),
        ("docker-compose ps", High),
        ("docker-compose top", High),
        ("rocm-smi --showserial", High),
        ("rocm-smi -a", High),
        ("rocm-smi --showuse", Medium),
        ("upower -d", High),
        (
            "upower -i /org/freedesktop/UPower/devices/battery_BAT0",
            High,
        ),
        ("upower -m", Medium),
        ("docker-compose logs -f web", Medium),
        ("docker-compose images", Medium),
    ],
}];

/// Everyday reading forms, low on both paths.
pub const STILL_LOW: &[&str] = &[
    "chage -l alice",
    "chage -li alice",
    "chage --list alice",
    "tune2fs -l /dev/sda1",
    "tune2fs -l /dev/nvme0n1p2",
    "dumpe2fs -h /dev/sda1",
    "dumpe2fs /dev/sda1",
    "hdparm -C /dev/sda",
    "hdparm -g /dev/sda /dev/sdb",
    "brctl show",
    "brctl show br0",
    "brctl showmacs br0",
    "brctl showstp br0",
    "wg",
    "wg show",
    "wg show all",
    "wg show wg0",
    "wg show interfaces",
    "wg show wg0 peers",
    "wg show all endpoints",
    "wg show wg0 transfer",
    "wg show all latest-handshakes",
    "mokutil --sb-state",
    "mokutil -l",
    "systemd-detect-virt",
    "systemd-detect-virt -c",
    "systemd-detect-virt --vm --quiet",
    "sestatus",
    "sestatus -v",
    "sestatus -b",
    "getenforce",
    "ipcs",
    "ipcs -a",
    "ipcs -m -p",
    "ipcs -l",
    "ipcs --human -u",
    "lsns -o NS,TYPE,NPROCS,PID",
    "lsns -p 1 -o NS,TYPE",
    "virt-what",
    "upower -e",
    "upower --version",
    "upower -w",
    "flatpak list --app",
    "flatpak list --runtime",
    "flatpak list --app --columns=application,version",
    "flatpak list -d",
    "snap changes",
];

/// Reading forms low where containment holds them (`run_command`).
pub const CONTAINED_STILL_LOW: &[&str] = &[
    // ntpq is NTPsec's Python program (medium on `ssh_exec`, round 35).
    "ntpq -p",
    "ntpq -pn",
    "ntpq -p -w",
    "ntpq -n -p localhost",
    "ntpq -p ntp1.corp.example.com",
    "hdparm -I /dev/sda",
    "hdparm -i /dev/sda",
    "tcpdump -D",
    "tcpdump --list-interfaces",
    "multipath -ll",
    "multipath -l /dev/sda",
    "lsns",
    "lsns -t net",
    "docker-compose ps",
    "docker-compose ps --format '{{.Name}} {{.Status}}'",
    "docker-compose logs --tail=50 web",
    "docker-compose images",
    "docker-compose version",
    "podman pod ps",
    "podman pod ls",
    "podman pod ps --no-trunc",
    "podman pod ps --format '{{.Name}} {{.Status}}'",
    "rocm-smi",
    "rocm-smi --showuse",
    "rocm-smi --showmeminfo vram gtt --showtemp",
    "rocm-smi -d 0 1 --showuse",
    "rocm-smi --showproductname",
    "rocm-smi --showpids",
    "rocm-smi --json --showuse",
    "rocm-smi --showserial",
    "rocm-smi -a",
    "upower -d",
    "upower -i /org/freedesktop/UPower/devices/battery_BAT0",
    "dnf history",
    "dnf history list",
    "dnf history info 5",
    "yum history",
    "dnf check-update -C",
];

/// Words after `docker-compose`, judged as after `docker compose` on both paths.
pub const COMPOSE_WORDS: &[&str] = &[
    "ps",
    "ps -a",
    "ps --format '{{.Name}} {{.Status}}'",
    "logs --tail=50 web",
    "logs -f web",
    "top",
    "images",
    "ls",
    "config",
    "config --services",
    "up -d",
    "down",
    "exec web sh",
    "-f /srv/app/docker-compose.yml ps",
    "-p other ps",
    "--env-file /etc/shadow ps",
    "-H ssh://evil ps",
    "version",
];

/// High lines whose reason names the program and the word that decided.
pub const NAMED_REASONS: &[(&str, &str)] = &[
    ("chage -d 0 alice", "chage: unknown option -d"),
    ("chage alice", "chage without a reading option"),
    (
        "tune2fs -O ^has_journal /dev/sda1",
        "tune2fs: unknown option -O",
    ),
    ("hdparm -t /dev/sda", "hdparm: unknown option -t"),
    ("hdparm -IB254 /dev/sda", "hdparm: unknown option -B"),
    ("brctl addbr br1", "brctl addbr"),
    ("wg show wg0 private-key", "wg show private-key"),
    ("wg showconf wg0", "wg showconf"),
    ("wg set wg0 peer abc remove", "wg set"),
    ("WG_HIDE_KEYS=never wg show", "WG_HIDE_KEYS=never"),
    ("tcpdump -D -i eth0", "tcpdump"),
    ("brctl", "brctl alone"),
    (
        "mokutil --import key.der",
        "mokutil: unknown option --import",
    ),
    ("mokutil", "mokutil without a reading option (--sb-state"),
    ("multipath -F", "multipath: unknown option -F"),
    ("multipath", "multipath without a reading option"),
    (
        "rocm-smi --showuse --setperflevel high",
        "rocm-smi --setperflevel",
    ),
];
