//! Dangerous command lines, seventeenth set.
//! Everywhere: a container's `.State.Error` and `.Path` are no fields a template may print: a
//! command written as one string (`["sh -c 'curl -u user:pass …'"]`) is the entrypoint's
//! executable whole (`.Path`), and the start that failed quotes it (`.State.Error`).
//! A service's environment file in `/etc/default`, `/etc/sysconfig` or OpenRC's `/etc/conf.d`
//! (the `EnvironmentFile=` its unit reads, the variables its init script sources) holds its
//! options and credentials: telegraf's `INFLUX_TOKEN`, jenkins' `--httpsKeyStorePassword=`
//! among `JENKINS_ARGS`. Reading one is high on both paths, as `/etc/default/docker` is; the
//! files of system settings (`grub`, `locale`, `network`, `network-scripts`...) are not
//! services' and keep their levels.
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
        ],
    },
];

pub const STILL_LOW: &[&str] = &[
    "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.FinishedAt}}' web",
    "podman inspect --format '{{.State.Status}}' web",
    "cat /etc/default/grub",
    "cat /etc/default/locale",
    "cat /etc/default/grub.d/50-cloudimg-settings.cfg",
    "ls /etc/default",
    "ls -l /etc/sysconfig",
];
