//! Dangerous command lines, twenty-second set.
//! The machine ID: machine-id(5) calls it confidential, not to be exposed on the network
//! (services derive their own identifiers from it, and it names the host for good). Everyone
//! may read it, so containment hides nothing: reading it is high on both paths, by any reader
//! and in any spelling (`/etc/machine-id`, D-Bus's `/var/lib/dbus/machine-id`, the transient
//! `/run/machine-id`, a backup copy, `/proc/1/root/etc/machine-id`, a wildcard that may match
//! it, `/etc/machine-i?`, a recursive read of `/var/lib/dbus`), and so is every program
//! that prints it: `hostnamectl` (its status, plain or `--json`), `journalctl --header`, the
//! journal's `_MACHINE_ID` field (`-F _MACHINE_ID`, `--output-fields=…,_MACHINE_ID`) and the
//! outputs that print every field (`-o verbose`, `json*`, `export` without `--output-fields`),
//! and `systemctl show -p MachineID`.
//! `hostnamectl hostname`, `cat /etc/hostname`, `journalctl -o json --output-fields=MESSAGE`
//! stay low.
//! A program named by a path under `/usr/local/bin` or `/usr/local/sbin` is what was installed
//! there by hand (on Debian the `staff` group may write there): judged as one outside the
//! system's program directories (`./ls`), medium; `/usr/bin/ls` and plain `ls` stay low.
//! kubectl `describe` prints every annotation of the object but the last applied
//! configuration: free-form text (k3s keeps a server's environment in a node's
//! `k3s.io/node-env`), as `get -o yaml` prints it (round 21): medium for kinds otherwise known to
//! hold no secret (nodes, services, namespaces, secrets, whose values it leaves out), high on
//! `ssh_exec`. `kubectl get node NAME -o wide`, `get secret NAME` stay low.
//! Date strings read by gnulib's parse_datetime (`date -d`, find's `-newerXt`, tar's `-N`,
//! `--newer-mtime`) may begin with a time zone rule, `TZ="RULE"`, which the program loads as
//! `TZ` is: a rule naming a file outside the zone directory (absolute, `:/…`, or climbing out
//! with `..`) opens it (a device acts when opened, a FIFO never answers): medium, and the file
//! judged as read (`/etc/shadow`, `/dev/watchdog`: high). A zone's name stays low.
//! Judged and left as they were: `lsblk` takes its default columns from no environment
//! variable (util-linux reads none; `-S`, `-N`, `-O` and serial columns are judged in round
//! 14), so a plain `lsblk` stays low on `ssh_exec`.
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both paths.
//! Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[Kind {
    name: "kubectl-describe-prints-annotations",
    lines: &[
        ("kubectl describe node worker-1", High),
        ("kubectl describe nodes", High),
        ("kubectl describe svc web", High),
        ("kubectl describe namespace default", High),
        ("kubectl describe secret db-creds", High),
        ("kubectl -n kube-system describe sa default", High),
    ],
}];

pub const KINDS: &[Kind] = &[
    Kind {
        name: "machine-id-readers",
        lines: &[
            ("cat /etc/machine-id", High),
            ("cat /var/lib/dbus/machine-id", High),
            ("cat /run/machine-id", High),
            ("head -c 8 /etc/machine-id", High),
            ("grep . /etc/machine-id", High),
            ("xxd /etc/machine-id", High),
            ("cat /etc//./machine-id", High),
            ("cat /etc/machine-id.bak", High),
            ("cat /proc/1/root/etc/machine-id", High),
            ("cat /proc/self/root/var/lib/dbus/machine-id", High),
            ("cat /etc/machine-i?", High),
            ("cat /etc/*-id", High),
            ("head /var/lib/dbus/mach*", High),
            ("grep -r . /var/lib/dbus", High),
            ("hostnamectl", High),
            ("hostnamectl status", High),
            ("hostnamectl --json=short", High),
            ("hostnamectl --json=off", High),
            ("journalctl --header", High),
            ("journalctl -F _MACHINE_ID", High),
            ("journalctl --field=_MACHINE_ID", High),
            (
                "journalctl -o json --output-fields=MESSAGE,_MACHINE_ID -n 5",
                High,
            ),
            ("journalctl -o json -u nginx -n 5", High),
            ("journalctl -o verbose -u nginx -n 5", High),
            ("journalctl -o export -n 1", High),
            ("journalctl -o json-pretty -u nginx", High),
            ("systemctl show -p MachineID", High),
            ("systemctl show --property=Names,MachineID nginx", High),
        ],
    },
    Kind {
        name: "time-zone-rules-in-date-strings",
        lines: &[
            ("date -d 'TZ=\"/etc/shadow\" now'", High),
            ("date -d 'TZ=\":/etc/shadow\" 2020-01-01'", High),
            ("date --date='TZ=\"../../../etc/shadow\" now'", High),
            ("date -d 'TZ=\"/dev/watchdog\" now'", High),
            ("date -d ' TZ=\"/root/.ssh/id_rsa\" now'", High),
            ("date --date='TZ=\"/etc/hostname\" now'", Medium),
            ("date -d 'TZ=\"/tmp/fifo\" now'", Medium),
            ("find /var/log -newermt 'TZ=\"/dev/watchdog\" now'", High),
            (
                "find /var/log -newerct 'TZ=\"/etc/shadow\" 1 day ago'",
                High,
            ),
            (
                "tar -tf /srv/backup.tar -N 'TZ=\"/dev/watchdog\" 2020-01-01'",
                High,
            ),
            (
                "tar -tf /srv/backup.tar --newer-mtime='TZ=\"/dev/watchdog\" now'",
                High,
            ),
        ],
    },
    Kind {
        name: "programs-installed-by-hand",
        lines: &[
            ("/usr/local/bin/ls", Medium),
            ("/usr/local/sbin/ls -la", Medium),
            ("/usr/local/bin/cat /etc/hostname", Medium),
            ("/usr/local/bin/kubectl get pods", Medium),
            ("/usr/local/bin/../bin/ls", Medium),
            ("\\/usr/local/bin/ls", Medium),
        ],
    },
    Kind {
        name: "kubectl-describe-prints-annotations",
        lines: &[
            ("kubectl describe node worker-1", Medium),
            ("kubectl describe nodes", Medium),
            ("kubectl describe svc web", Medium),
            ("kubectl describe namespace default", Medium),
            ("kubectl describe secret db-creds", Medium),
            ("kubectl describe clusterrole admin", Medium),
        ],
    },
];

pub const STILL_LOW: &[&str] = &[
    "cat /etc/hostname",
    "cat /etc/os-release",
    "uname -a",
    "hostnamectl hostname",
    "hostnamectl chassis",
    "journalctl -u nginx -n 50",
    "journalctl -o json --output-fields=MESSAGE -u nginx -n 5",
    "journalctl -F _SYSTEMD_UNIT",
    "journalctl --list-boots",
    "systemctl show -p Names,ActiveState nginx",
    "date -d 'TZ=\"Europe/Paris\" now'",
    "date -d 'TZ=\"UTC0\" 2024-01-01 12:00'",
    "date -d yesterday +%F",
    // Every entry changed in a day, /var/log/journal/MACHINE_ID among them, is printed
    // (round25.rs); kept to names, it stays low.
    "find /var/log -name '*.log' -newermt '1 day ago'",
    "ls",
    "/usr/bin/ls -la",
    "/bin/cat /etc/hostname",
    "kubectl get nodes",
    "kubectl get node worker-1 -o wide",
    "kubectl get secret db-creds",
    "lsblk",
    "lsblk -f",
];
