//! Dangerous command lines, thirtieth set: an audit of the options each judge accepts for a low
//! verdict against the programs' own option lists.
//! conntrack (`programs/firewall.rs`): a positive table replaces the list of changing commands.
//! `-z`/`--zero` zeroes each entry's counters as `-L` lists them, `-R`/`--load-file` runs the
//! connection-table commands a file holds, `-A`/`--add`, `-t`/`--timeout` and `--label-add`
//! change entries, and getopt_long's abbreviations (`--del`, `--flu`, `--zer`) are the commands
//! they abbreviate: high; a word that is not a table conntrack lists is medium.
//! `btrfs filesystem du` (`programs/storage.rs`): it walks every file below each path as
//! `du -a` does, printing each name without `-s` (`/var/log/journal`'s carry the machine ID,
//! `/dev/disk/by-id`'s devices' serial numbers) and crossing into every mounted file system:
//! judged as `du -a` is.
//! `kubectl -f DIR` (`programs/kubectl/mod.rs`): a directory's manifests are read (`-R`: every
//! one below it) and a file kubectl cannot decode is quoted in its error, so a directory (or a
//! name that is not a manifest's) is judged as a recursive read of the tree, as `grep -r` is.
//! rpm (`programs/packages.rs`): `-D` and `-E` anywhere in a short cluster (`-qaD '_dbpath
//! /tmp/x'`, `-qE EXPR`: popt gives the cluster's last option the next word), the macro
//! built-ins that load a macro file (`%{load:FILE}`, whose definitions run when rpm expands
//! them), define macros, expand twice or print the environment (`%{getenv:VAR}`), and
//! `--setcaps` (rpmpopt's alias for a query piped to `sh` running setcap) are high.
//! Flags the tables took for options with a value (`programs/system.rs`), so that the next
//! word vanished: lsof's `-w` and `-E` are flags and its `-K [i]`, `-T [t]`, `-F [f]`, `-r [t]`
//! take the next word only when it is not an option (`options.rs`, `Takes::Plain`): `lsof -w
//! -r 1` repeated unseen; sar's `-d` is a flag and `-s`/`-e` take only a time (`sar -d 1`, `sar
//! -s 1` hid the interval); smartctl's `-j` is a flag (`smartctl -j -a` hid `-a`'s serial
//! numbers); column's `-d` and top's `-O` are flags.
//! journalctl's `-I` (`--invocation=0`) is a flag (`journalctl -u nginx -I -f` hid `-f`).
//! The reverse: options with a value the tables took for flags, so that the value became the
//! verb (`programs/services.rs`, `CTL`): `-P NAME` (`--value --property=NAME`) and `--legend
//! BOOL` (`loginctl -P list-sessions kill-session 1` was low).
//! dig's `+opcode=` (`programs/dns.rs`): only QUERY asks; NOTIFY makes a secondary server
//! refresh the zone and UPDATE asks to change it: not known to be harmless (medium).
//! debsums' `--generate` takes its value in the next word too (`debsums --generate keep`
//! writes sums into dpkg's database, and was low): high.
//! `dpkg -f` (`programs/packages.rs`): dpkg's `-f` is `--field` (dpkg-deb's: it prints a package
//! file's control fields), not dpkg-query's `--showformat`; its first operand is read, as
//! `dpkg -I`'s are.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

/// Lines judged the same on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "conntrack-options-that-change-the-table",
        lines: &[
            ("conntrack -L -z", High),
            ("conntrack -Lz", High),
            ("conntrack -zL", High),
            ("conntrack -L --zero", High),
            ("conntrack --dump --zer", High),
            ("conntrack --dum --ze", High),
            ("conntrack -L -p tcp -z", High),
            ("conntrack -L -R /tmp/cmds", High),
            ("conntrack -R /tmp/cmds", High),
            ("conntrack --load-file /tmp/cmds", High),
            ("conntrack --load /tmp/cmds", High),
            ("conntrack -L --load-file=/tmp/cmds", High),
            ("conntrack -A", High),
            ("conntrack --add -s 1.2.3.4 -d 5.6.7.8 -p tcp", High),
            ("conntrack --del", High),
            ("conntrack --flu", High),
            ("conntrack --upd -m 1", High),
            ("conntrack -L --label-add x", High),
            ("conntrack -L -t 5", High),
            ("conntrack", High),
            ("conntrack -L foo", Medium),
        ],
    },
    Kind {
        name: "btrfs-du-walks-as-du-does",
        lines: &[
            ("btrfs filesystem du /var/log/journal", High),
            ("btrfs fi du /var/log/journal", High),
            ("btrfs fil du --raw /var/log", High),
            ("btrfs filesystem du -h /var/log", High),
            ("btrfs fi du /", High),
            ("btrfs filesystem du /var", High),
        ],
    },
    Kind {
        name: "kubectl-manifests-of-a-directory",
        lines: &[
            ("kubectl get -R -f /etc", High),
            ("kubectl get -f /etc", High),
            ("kubectl get -f /srv/app", High),
            ("kubectl get --filename=/srv/app", High),
            ("kubectl get --filename /srv/app", High),
            ("kubectl get -f/srv/app", High),
            ("kubectl get -f=/srv/app", High),
            ("kubectl describe -f /root", High),
            ("kubectl get -R -f /home/alice", High),
            ("kubectl wait --for=condition=Ready -f /srv/app", High),
            ("kubectl get -f /srv/app/deploy.yaml -f /home/alice", High),
            ("kubectl get -Rf /srv/app/k8s", Medium),
            ("kubectl get -R -f /srv/app/k8s/db.yaml", Medium),
            ("kubectl top pod -f /srv/app", High),
        ],
    },
    Kind {
        name: "rpm-macros-in-clusters-and-builtins",
        lines: &[
            ("rpm -qaD '_dbpath /tmp/x'", High),
            ("rpm -qaDx", High),
            ("rpm -qE '%{load:/tmp/x}'", High),
            ("rpm -qaE '%{load:/tmp/x}'", High),
            ("rpm -q --qf '%{load:/tmp/x}' bash", High),
            ("rpm -q --qf '%{LOAD:/tmp/x}' bash", High),
            ("rpm -q --qf '%load /tmp/x' bash", High),
            ("rpm -q --qf '%{?load:/tmp/x}' bash", High),
            ("rpm -q --qf '%{getenv:AWS_SECRET_ACCESS_KEY}' bash", High),
            ("rpm -q --qf '%{expand:%%{a}}' bash", High),
            ("rpm -q --qf '%{define:_dbpath /tmp/x}' bash", High),
            ("rpm -q --qf '%{global:_dbpath /tmp/x}' bash", High),
            ("rpm -qa --setcaps", High),
            ("rpm -q --setcaps bash", High),
        ],
    },
    Kind {
        name: "valued-options-taken-for-flags",
        lines: &[
            ("loginctl -P list-sessions kill-session 1", High),
            ("loginctl -P list-sessions terminate-session 1", High),
            ("loginctl -P list-sessions lock-sessions", High),
            ("loginctl -P Id terminate-user alice", High),
            ("timedatectl -P list-timezones set-time 2020-01-01", High),
            ("timedatectl -P NTP set-ntp false", High),
            ("hostnamectl -P status hostname foo", High),
            ("loginctl --legend list-sessions kill-session 1", High),
            ("timedatectl --legend status set-timezone UTC", High),
        ],
    },
    Kind {
        name: "dig-messages-that-are-not-questions",
        lines: &[
            ("dig +opcode=notify example.com", Medium),
            ("dig +opcode=update example.com", Medium),
            ("dig +opcode=UPDATE example.com", Medium),
            ("dig +opcode=5 example.com", Medium),
            ("dig +opc=notify example.com", Medium),
            ("dig +op=4 @127.0.0.1 example.com SOA", Medium),
            ("dig +opcode=status example.com", Medium),
        ],
    },
    Kind {
        name: "debsums-generate-takes-its-value",
        lines: &[
            ("debsums --generate keep", High),
            ("debsums --generate missing,keep nginx", High),
            ("debsums --generate=all,keep", High),
            ("debsums -g keep", High),
            ("debsums --gen keep", High),
        ],
    },
    Kind {
        name: "dpkg-field-reads-the-package-file",
        lines: &[
            ("dpkg -f /dev/sda", High),
            ("dpkg --field /dev/sda", High),
            ("dpkg --field /dev/nvme0n1 Package", High),
            ("dpkg -f /etc/machine-id", High),
            ("dpkg -f /dev/sda Version", High),
        ],
    },
];

/// Lines judged through `ssh_exec` (nothing contains them).
pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "btrfs-du-walks-as-du-does-on-a-remote-host",
        lines: &[
            ("btrfs fi du -s /", Medium),
            ("btrfs filesystem du -s /", Medium),
            ("btrfs filesystem du /dev/disk/by-id", High),
            ("btrfs filesystem du /dev/disk", High),
        ],
    },
    Kind {
        name: "dpkg-field-reads-the-package-file-on-a-remote-host",
        lines: &[
            ("dpkg -f /tmp/x.deb", High),
            ("dpkg --field /tmp/x.deb", High),
            ("dpkg -f /home/alice/x.deb", High),
            ("dpkg -f /var/log/auth.log", High),
            ("dpkg -f /boot/initrd.img", Medium),
        ],
    },
    Kind {
        name: "flags-taken-for-valued-options-on-a-remote-host",
        lines: &[
            ("lsof -w -r 1", Medium),
            ("lsof -E -r 1", Medium),
            ("lsof -K -r 1", Medium),
            ("lsof -T -r 1", Medium),
            ("lsof -F -r 1", Medium),
            ("lsof -r", Medium),
            ("journalctl -u nginx -I -f", Medium),
            ("journalctl -I --follow -u nginx", Medium),
            ("sar -d 1", Medium),
            ("sar -s 1", Medium),
            ("sar -e 1", Medium),
            ("smartctl -j -a /dev/sda", High),
            ("smartctl -j -i /dev/sda", High),
            ("smartctl -j -x /dev/sda", High),
        ],
    },
];

/// Everyday neighbours of the lines above: they stay low through `ssh_exec` and on this host.
pub const STILL_LOW: &[&str] = &[
    "btrfs filesystem df /",
    "btrfs filesystem usage /",
    "btrfs filesystem show",
    "btrfs filesystem du -s /srv",
    "btrfs fi du -s /var/log/journal",
    "dpkg -l",
    "dpkg -s nginx",
    "dpkg -S /bin/ls",
    "dpkg-query -W -f '${Package}\\n'",
    "debsums -s",
    "debsums -c nginx",
    "lsof -F pcn",
    "lsof -nP -iTCP -sTCP:LISTEN",
    "lsof -t -i :80",
    "lsof -a -p 1 -d cwd",
    "sar -d 1 5",
    "sar -d -p 1 3",
    "sar -s 08:00:00 -f /var/log/sa/sa01",
    "sar -e 10:00 -f /var/log/sa/sa01",
    "smartctl -j -H /dev/sda",
    "smartctl -jH /dev/sda",
    "smartctl --json=c -H /dev/sda",
];

/// Everyday neighbours that stay low where containment holds them (`run_command`).
pub const CONTAINED_STILL_LOW: &[&str] = &[
    "conntrack -L",
    "conntrack -L -o extended",
    "conntrack -L -p tcp --dport 22",
    "conntrack -L -p tcp --state ESTABLISHED",
    "conntrack -L expect",
    "conntrack -S",
    "conntrack -C",
    "conntrack -G -p tcp -s 1.2.3.4 -d 5.6.7.8",
    "conntrack -E -e NEW",
    "kubectl get -f /srv/app/k8s/deploy.yaml",
    "kubectl get -f k8s/db.yaml",
    "kubectl get pods",
    "kubectl logs -f web",
    "kubectl logs -f web-0 --tail 50",
    "btrfs filesystem du /srv/app",
    "dpkg -f x.deb",
    "dpkg -f /srv/pkgs/x.deb Version",
    "rpm -qa --qf '%{NAME}\\n'",
    "rpm -qa --qf '%{INSTALLTIME:date}\\n'",
    "rpm -q --qf '%{loader}' bash",
    "rpm -qi bash",
    "rpm -qa --last",
    "loginctl -P Name show-session 1",
    "loginctl show-session 1 -P Name",
    "timedatectl show -P NTP",
    "loginctl list-sessions --legend no",
    "journalctl -u nginx -I -n 20",
    "dig +opcode=query example.com",
    "dig +opcode=0 example.com",
    "dig +noopcode example.com",
    "lsof -r 1",
    "lsof -Ki",
    "top -b -n 1 -O",
];
