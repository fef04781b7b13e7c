//! Dangerous command lines, twentieth set.
//! Everywhere: a broad wildcard (`*`, `*.yml`) into an application's own directory may expand
//! to a file known to hold secrets by its name (`database.yml`, `wp-config.php`, `acme.json`)
//! and is judged as that name is (high); in the system's packaged places
//! (`/etc/nginx/conf.d/*.conf`, `/var/log/*.log`) it keeps the level of a wildcard.
//! Everywhere: process managers' definitions of the programs they start (pm2's ecosystem
//! files and `~/.pm2/dump.pm2`, circus' `circus.ini`, god's `*.god`, foreman's `Procfile`,
//! uWSGI's vassals, gunicorn's and nodemon's settings, nomad's job files) carry each program's
//! environment or command line: high to read, wildcards that may expand to them too, as the
//! commands that print a process's environment are (`pm2 env`, `systemctl show -p
//! Environment`, `docker inspect`, `kubectl get secret -o yaml`).
//! Packages' own runit services (Void's `/etc/sv/sshd/run`, `agetty-tty1`, the links in
//! `/var/service` and `/etc/runit/runsvdir`, runit's stage scripts `/etc/runit/1`-`3`) and
//! OpenRC's interface links to `net.lo` (`/etc/init.d/net.eth0`) stay low on both paths, as
//! packaged init scripts do; an administrator's service and a service's `conf` stay high.
//! Where nothing contains the command (`ssh_exec`): what a shell would expand (`cat $F`,
//! `cat $(echo /etc/shadow)`, backticks, `eval 'cat $F'`, a wildcard) and what `xargs` reads
//! from its input name paths no one can judge before the line runs: high there (the sandbox
//! holds them here, medium).
//! `journalctl -F MESSAGE` lists every message of the whole journal (matches do not narrow
//! `-F`), as journalctl without a selection prints them: high there; `-F` of a naming field
//! (`SYSLOG_IDENTIFIER`, `_SYSTEMD_UNIT`) stays low.
//! `ps -o '%p %a'`: procps reads a format holding `%` descriptors as AIX's, where `%a` is the
//! command line (args): judged as `ps -o args`; `%c` (the name) stays low.
//! An awk `printf` or `sprintf` whose format is not one string literal (`printf $0`, a
//! variable, a concatenation) takes its widths from the input or from run time, and so does
//! `OFMT`/`CONVFMT` set to anything but a literal: medium there, as a built format
//! (`"%" w "d"`) is.
//! Everywhere: the files container runtimes keep of each container's whole configuration
//! (containerd's and k3s' OCI bundles, runc's state, podman's run root and a rootless
//! podman's storage, LXC's and LXD's configurations) hold its environment: high to read, as
//! docker's `config.v2.json` is.
//! Docker's CLI lays out `stack ls`, `context ls` and `system df` only in its own table (no
//! template of `config.json`'s): they stay low on both paths, while `stack ps`/`services`
//! (`tasksFormat`, `servicesFormat`) and `node ps` stay high on `ssh_exec` without `--format`.
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both paths,
//! and `CONTAINED_STILL_LOW` what stays low on this host only. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "awk-formats-read-or-built-at-run-time",
        lines: &[
            ("awk '{ printf $0 }' /var/log/nginx/access.log", Medium),
            ("awk '{ printf($1, $2) }' /etc/hosts", Medium),
            (
                "awk -v f=x '{ s = sprintf(f, 1); print s }' /etc/hosts",
                Medium,
            ),
            ("awk '{ printf \"%s\" $1 }' /etc/hosts", Medium),
            ("awk '{ OFMT = $1; print $2 + 0 }' /etc/hosts", Medium),
            (
                "awk 'BEGIN { CONVFMT = f } { x = $1 + 0; print x \"\" }' f=%d /etc/hosts",
                Medium,
            ),
        ],
    },
    Kind {
        name: "paths-known-only-when-the-line-runs",
        lines: &[
            ("cat $F", High),
            ("cat \"$F\"", High),
            ("cat $(echo /etc/shadow)", High),
            ("cat `echo /etc/shadow`", High),
            ("eval 'cat $F'", High),
            ("xargs cat <<< /etc/shadow", High),
            ("echo /etc/shadow | xargs cat", High),
            ("find /srv -name '*.yml' | xargs grep -h password", High),
            ("cat /srv/app/logs/*.log", High),
            ("tail /var/log/*.log", High),
        ],
    },
    Kind {
        name: "docker-listings-that-read-the-user-layout",
        lines: &[
            ("docker stack ps app", High),
            ("docker stack services app", High),
            ("docker node ps", High),
            ("docker service ps web", High),
            ("docker plugin ls", High),
            ("docker stack ps --format '' app", High),
        ],
    },
    Kind {
        name: "journal-field-values-of-every-entry",
        lines: &[
            ("journalctl -F MESSAGE", High),
            ("journalctl --field=MESSAGE", High),
            ("journalctl -u nginx -F MESSAGE", High),
            ("journalctl -t sshd --field MESSAGE", High),
        ],
    },
    Kind {
        name: "ps-aix-format-descriptors",
        lines: &[
            ("ps -eo '%p %a'", High),
            ("ps -e -o '%u %p %a'", High),
            ("ps ax -o '%a'", High),
            ("ps -e --format='%p %a'", High),
        ],
    },
];

pub const KINDS: &[Kind] = &[
    Kind {
        name: "containers-configurations-kept-by-runtimes",
        lines: &[
            (
                "cat /run/containerd/io.containerd.runtime.v2.task/moby/abc/config.json",
                High,
            ),
            (
                "jq .process.env /run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/config.json",
                High,
            ),
            (
                "grep -h PASSWORD /run/containerd/io.containerd.runtime.v2.task/*/*/config.json",
                High,
            ),
            (
                "cat /run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io/abc/config.json",
                High,
            ),
            ("cat /run/docker/runtime-runc/moby/abc/state.json", High),
            ("cat /run/runc/abc/state.json", High),
            (
                "cat /run/containers/storage/overlay-containers/abc/userdata/config.json",
                High,
            ),
            (
                "cat /home/u/.local/share/containers/storage/overlay-containers/abc/userdata/config.json",
                High,
            ),
            ("cat /var/lib/lxc/c1/config", High),
            (
                "cat /var/snap/lxd/common/lxd/containers/c1/backup.yaml",
                High,
            ),
        ],
    },
    Kind {
        name: "broad-wildcards-into-application-directories",
        lines: &[
            ("cat /srv/app/config/*.yml", High),
            ("cat /srv/app/config/*.yaml", High),
            ("cat /srv/app/config/*", High),
            ("grep -i password /srv/app/config/*.yml", High),
            ("cat /opt/app/config/*.json", High),
            ("cat /var/www/html/*.php", High),
            ("head -n 20 /home/deploy/app/config/*.yml", High),
            ("cat config/*.yml", High),
            ("cat /etc/myapp/*.conf", High),
            ("cat /etc/myapp/*", High),
        ],
    },
    Kind {
        name: "process-managers-definitions",
        lines: &[
            ("cat /srv/app/ecosystem.config.js", High),
            ("cat ecosystem.config.js", High),
            ("grep env /home/deploy/app/ecosystem.json", High),
            ("cat /home/deploy/.pm2/dump.pm2", High),
            ("strings /root/.pm2/dump.pm2.bak", High),
            ("cat /etc/circus/circus.ini", High),
            ("cat /srv/app/circus.ini", High),
            ("cat /etc/god/app.god", High),
            ("cat /srv/app/Procfile", High),
            ("cat /srv/app/Procfile.dev", High),
            ("cat /srv/app/Procf*", High),
            ("cat /srv/app/*.js", High),
            ("cat /etc/uwsgi/apps-enabled/app.ini", High),
            ("cat /srv/app/gunicorn.conf.py", High),
            ("cat /srv/app/nodemon.json", High),
            ("cat /srv/jobs/web.nomad", High),
            ("cat /etc/kubernetes/manifests/kube-apiserver.yaml", High),
            ("grep -A3 env /etc/kubernetes/manifests/etcd.yaml", High),
            ("pm2 env 0", High),
            ("systemctl show -p Environment nginx", High),
            ("docker inspect web", High),
            ("podman inspect web", High),
            ("kubectl get secret db -o yaml", High),
        ],
    },
    Kind {
        name: "administrators-runit-services-beside-packaged-ones",
        lines: &[
            ("cat /etc/sv/app/run", High),
            ("cat /etc/sv/sshd/conf", High),
            ("cat /etc/sv/agetty-tty1/conf", High),
            ("cat /etc/sv/sshd/env/OPTS", High),
            ("cat /var/service/app/run", High),
            ("cat /etc/runit/runsvdir/default/app/run", High),
            ("cat /etc/sv/*/run", High),
            ("cat /etc/init.d/net.eth0.sh", High),
        ],
    },
];

pub const STILL_LOW: &[&str] = &[
    "ls /srv/app/config",
    "ls -l /var/www/html",
    "stat /srv/app/config/app.yml",
    "ls -l /srv/app/Procfile",
    "ls /etc/circus",
    "systemctl show -p MainPID nginx",
    "kubectl get secrets",
    "cat /etc/sv/sshd/run",
    "cat /etc/sv/dhcpcd/run",
    "cat /etc/sv/udevd/run",
    "cat /etc/sv/agetty-tty1/run",
    "cat /etc/sv/agetty-ttyS0/run",
    "cat /etc/sv/socklog-unix/log/run",
    "cat /etc/sv/sshd/finish",
    "cat /var/service/sshd/run",
    "cat /etc/runit/runsvdir/default/dbus/run",
    "cat /etc/runit/1",
    "cat /etc/runit/3",
    "cat /etc/init.d/net.eth0",
    "cat /etc/init.d/net.wlan0",
    "cat /etc/init.d/net.bond0.100",
    "docker stack ls",
    "docker stack list",
    "docker context ls",
    "docker context list",
    "docker context show",
    "docker system df",
    "docker stack ps -q app",
    "docker node ps -q",
    "ls /run/containerd/io.containerd.runtime.v2.task/moby",
    "journalctl -F SYSLOG_IDENTIFIER",
    "journalctl -F _SYSTEMD_UNIT",
    "ps -eo '%p %c %C'",
    "awk '{ printf \"%s %d\\n\", $1, $2 }' /etc/hosts",
    "awk '{ printf(\"%-20s\\n\", $1) }' /etc/hosts",
    "awk 'BEGIN { OFMT = \"%.2f\" } { print $1 / 3 }' /etc/hosts",
];

pub const CONTAINED_STILL_LOW: &[&str] = &[
    "cat /srv/app/package.json",
    "cat /srv/app/webpack.config.js",
    "tail /home/deploy/.pm2/logs/app-out.log",
];
