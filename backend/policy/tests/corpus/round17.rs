//! Dangerous command lines, seventeenth set.
//! Everywhere: a container's `.State.Error` and `.Path` are no fields a template may print: a
//! command written as one string (`["sh -c 'app -P SECRET …'"]`) is the entrypoint's
//! executable whole (`.Path`), and the start that failed quotes it (`.State.Error`, and a
//! swarm task's error, which `service ps`, `stack ps` and `node ps` print whole with
//! `--no-trunc`).
//! A service's environment file in `/etc/default`, `/etc/sysconfig` or OpenRC's `/etc/conf.d`
//! (the `EnvironmentFile=` its unit reads, the variables its init script sources) holds its
//! options and credentials: telegraf's `INFLUX_TOKEN`, jenkins' `--httpsKeyStorePassword=`
//! among `JENKINS_ARGS`. Reading one is high on both paths, as `/etc/default/docker` is; the
//! files of system settings (`grub`, `locale`, `network`, `network-scripts`...) are not
//! services' and keep their levels. A file by an environment file's customary name (`env`,
//! `environment`) is judged so wherever it lies (`/etc/myapp/env`, a unit may name any).
//! zypper keeps a repository's login (`password=`) in `/etc/zypp/credentials.d` under any
//! name, and in its global `credentials.cat`: high to read on both paths, as apt's
//! `auth.conf.d` is.
//! An administrator's mount unit (`/etc/systemd/system/mnt-share.mount`) carries fstab's
//! options in `Options=` (a CIFS mount's `password=`), as `systemctl cat` of it prints them:
//! high to read, as the units systemd generates from fstab are; packages' own mount units
//! hold no credential and stay low, as do other units.
//! Options that change state on programs otherwise read-only, in their abbreviated, attached
//! and bundled spellings, stay at least high.
//! Each line gets at least its level (on both paths for `KINDS`); `STILL_LOW` holds their
//! everyday neighbours, which stay low on both paths. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::High;

pub const KINDS: &[Kind] = &[
    Kind {
        name: "a-command-written-as-one-string",
        lines: &[
            ("docker inspect -f '{{.State.Error}}' web", High),
            ("docker inspect --format '{{json .State.Error}}' web", High),
            (
                "docker container inspect -f '{{.State.Status}} {{.State.Error}}' web",
                High,
            ),
            ("podman inspect --format='{{.State.Error}}' web", High),
            ("docker inspect -f '{{.Path}}' web", High),
            ("docker inspect -f '{{.Path}} {{.State.Pid}}' web", High),
            (
                "docker inspect -f '{{if .State.Error}}{{.State.Error}}{{end}}' web",
                High,
            ),
            ("docker service ps --no-trunc web", High),
            ("docker stack ps --no-trunc app", High),
            ("docker node ps --no-trunc self", High),
            (
                "docker service ps --no-trunc --format '{{.Error}}' web",
                High,
            ),
        ],
    },
    Kind {
        name: "a-service-environment-file",
        lines: &[
            ("cat /etc/default/telegraf", High),
            ("grep INFLUX_TOKEN /etc/default/telegraf", High),
            ("sed -n 1,20p /etc/default/jenkins", High),
            ("cat /etc/sysconfig/telegraf", High),
            ("tail -n 5 /etc/sysconfig/jenkins", High),
            ("cat /etc/default/telegraf.bak", High),
            ("cat /etc/default/../default/telegraf", High),
            ("head /etc/default/prometheus-node-exporter", High),
            ("cat /etc/conf.d/telegraf", High),
            ("date --file=/etc/default/telegraf", High),
            ("cat /etc/myapp/env", High),
            ("grep TOKEN /etc/myapp/environment", High),
            ("cat /opt/app/config/environment", High),
        ],
    },
    Kind {
        name: "repository-logins-under-any-name",
        lines: &[
            ("cat /etc/zypp/credentials.d/my-repo", High),
            ("grep password /etc/zypp/credentials.d/internal", High),
            ("cat /etc/zypp/credentials.cat", High),
            ("head /etc/zypp/credentials.d/my-repo.bak", High),
        ],
    },
    Kind {
        name: "mount-units-with-their-options",
        lines: &[
            ("cat /etc/systemd/system/mnt-share.mount", High),
            ("grep Options /etc/systemd/system/mnt-share.mount", High),
            (
                "cat /etc/systemd/system/remote-fs.target.wants/mnt-share.mount",
                High,
            ),
            ("cat /run/systemd/system/srv-data.mount", High),
        ],
    },
    Kind {
        name: "options-that-change-state",
        lines: &[
            ("ss -tK dst 10.0.0.1", High),
            ("ss --kil", High),
            ("sysctl -qw net.ipv4.ip_forward=1", High),
            ("sysctl net/ipv4/ip_forward=1", High),
            ("sysctl --sys", High),
            ("sysctl -pq", High),
            ("smartctl -tlong /dev/sda", High),
            ("smartctl --smart=off /dev/sda", High),
            ("smartctl -Xa /dev/sda", High),
            ("ethtool --features eth0 tso off", High),
            ("ethtool --reset eth0 all", High),
            ("ip a a 10.0.0.1/24 dev eth0", High),
            ("ip -ba /tmp/cmds", High),
            ("journalctl --vac=1", High),
            ("journalctl --relinq", High),
            ("timedatectl set-local-rtc 1", High),
            ("hostnamectl chassis vm", High),
            ("resolvectl dnssec eth0 no", High),
            ("chronyc 'tracking; makestep'", High),
            ("mdadm -D /dev/md0 -f /dev/sda", High),
            ("zfs load-key tank", High),
            ("btrfs prop set / ro true", High),
            ("btrfs dev stats -z /", High),
            ("loginctl enable-linger root", High),
        ],
    },
];

pub const STILL_LOW: &[&str] = &[
    "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.FinishedAt}}' web",
    "podman inspect --format '{{.State.Status}}' web",
    "docker service ps -q web",
    "docker service ps --format '{{.Name}} {{.Error}}' web",
    "docker stack ps -q app",
    "cat /etc/default/grub",
    "cat /etc/default/locale",
    "cat /etc/default/grub.d/50-cloudimg-settings.cfg",
    "ls /etc/default",
    "ls -l /etc/sysconfig",
    "ls -l /etc/myapp/env",
    "ls /etc/zypp",
    "cat /usr/lib/systemd/system/tmp.mount",
    "cat /usr/lib/systemd/system/nginx.service",
    "ls /etc/systemd/system",
    "cat /etc/zypp/zypp.conf",
    "cat /etc/zypp/repos.d/repo-oss.repo",
    "ss -tulpn",
    "sysctl -n net.ipv4.ip_forward",
    "smartctl -H /dev/sda",
    "ethtool -k eth0",
    "ip -s link",
    "journalctl --disk-usage",
    "timedatectl show",
    "hostnamectl hostname",
    "resolvectl statistics",
    "chronyc -n tracking",
    "mdadm --detail --scan",
    "zpool status -x",
    "btrfs device usage /",
];
