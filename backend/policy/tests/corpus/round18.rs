//! Dangerous command lines, eighteenth set.
//! Where nothing contains the command (`ssh_exec`): a container listing's COMMAND column is
//! each container's command line, cut to about twenty characters unless `--no-trunc`, and
//! `app -P SECRET` fits in twenty: `docker ps`, `docker container ls`, `podman ps`, `docker
//! compose ps` with their default table (or `--format table`, docker's `raw`, a template
//! naming `.Command`, and `system df -v`) are judged as `ps aux` is, truncated or not;
//! docker also lays out its default table as the user's `config.json` says (`psFormat`). On
//! this host they stay low, as `ps aux` does. docker ps's `raw` layout prints each container's labels (high on both).
//! Legacy iptables (ip6tables, arptables, ebtables) runs modprobe where its core module is
//! not loaded, and a table asked for loads its own module (`iptables -L`, `iptables-save -t
//! nat`), and `conntrack` loads the connection tracker: a change of the kernel's state that
//! only containment prevents (medium there).
//! Everywhere: an administrator's units and drop-ins (`/etc/systemd/system/app.service`,
//! `app.service.d/override.conf`, `/run/systemd/system`, transient units, a user's
//! `~/.config/systemd/user`, podman's Quadlet files) carry `Environment=` secrets and
//! commands with their passwords, what `systemctl cat` prints: high to read, as `systemctl
//! cat` is; packages' own units and the unit types that hold only names and times
//! (`backup.timer`, targets) stay low. An administrator's login script in `/etc/profile.d`
//! exports what users need (`export VAULT_TOKEN=…`), as `/etc/environment` holds it: high,
//! but packages' own scripts, and pam_env's table (`/etc/security/pam_env.conf`) as well.
//! Postfix's `main.cf` and `master.cf` may hold a relay's login inline
//! (`smtp_sasl_password_maps = static:user:pass`), in a shape redaction does not know: high,
//! as `sasl_passwd` is. The system crontab, anacron's table and an administrator's job
//! in `/etc/cron.d` or a periodic directory hold scheduled commands with what they were
//! given (`mysqldump -pSECRET`), as `crontab -l` prints a user's: high, but packages' own.
//! supervisord's programs (`command=`, `environment=`) and `rc.local` are judged as units are.
//! A shell wildcard that may expand to such a file reads it in the sandbox, which reads what
//! `nobody` may (`cat /etc/fstab*`, `cat /etc/cron*/*`): judged as the file, and so is one
//! whose last part may be a file name known to hold secrets in its directory (`cat
//! /etc/network/interfac*`); a bracket expression stands for one character (`/srv/app/.[e]nv`
//! is `.env`), and bash's ANSI-C quoting is read by its value (`$'\x2fetc/fstab'`).
//! `git SUB --help` and `git --help SUB` are `git help SUB`, which starts man (or the viewer
//! the configuration names), as `systemctl help` does: medium; `git SUB -h` and `git --help`
//! alone print git's own usage.
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both paths,
//! and `CONTAINED_STILL_LOW` what stays low on this host only. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "a-container-listing-command-column",
        lines: &[
            ("docker ps", High),
            ("docker ps -a", High),
            ("docker ps -a --filter status=exited", High),
            ("docker container ls", High),
            ("docker container list -a", High),
            ("docker container ps", High),
            ("podman ps", High),
            ("nerdctl ps -a", High),
            ("docker ps --format table", High),
            ("docker ps --format '{{.Command}}'", High),
            ("docker ps --format '{{.Names}} {{.Command}}'", High),
            ("docker ps --format 'table {{.Names}}\\t{{.Command}}'", High),
            ("docker ps --no-trunc", High),
            ("docker ps -s", High),
            ("docker compose ps", High),
            ("docker compose ps -a", High),
            ("docker compose ps --format '{{.Name}} {{.Command}}'", High),
            ("docker compose ps --format table", High),
            ("docker system df -v", High),
            ("docker system df --verbose", High),
            ("podman system df -v", High),
        ],
    },
    Kind {
        name: "firewall-listings-that-load-modules",
        lines: &[
            ("iptables -L", Medium),
            ("iptables -L -n -v", Medium),
            ("iptables -nvL", Medium),
            ("iptables -S", Medium),
            ("iptables --list-rules", Medium),
            ("iptables -t nat -L -n --line-numbers", Medium),
            ("iptables --li", Medium),
            ("ip6tables -L -n", Medium),
            ("iptables-legacy -L", Medium),
            ("ip6tables-nft -S", Medium),
            ("ebtables -L", Medium),
            ("arptables -L", Medium),
            ("iptables-save -t nat", Medium),
            ("iptables-save --table=filter", Medium),
            ("iptables-save -ct mangle", Medium),
            ("ip6tables-save -t filter", Medium),
            ("conntrack -L", Medium),
            ("conntrack -S", Medium),
            ("conntrack -C", Medium),
        ],
    },
];

pub const KINDS: &[Kind] = &[
    Kind {
        name: "a-container-listing-raw-layout",
        lines: &[
            ("docker ps --format raw", High),
            ("docker ps -a --format=raw", High),
            ("docker container ls --format raw", High),
            ("docker ps -q --format raw", High),
        ],
    },
    Kind {
        name: "administrators-units-and-login-scripts",
        lines: &[
            ("cat /etc/systemd/system/app.service", High),
            ("cat /etc/systemd/system/nginx.service", High),
            ("grep ExecStart /etc/systemd/system/app.service", High),
            ("sed -n 1,40p /etc/systemd/system/app.service", High),
            ("cat /etc/systemd/system/app.service.d/override.conf", High),
            (
                "grep Environment /etc/systemd/system/postgresql.service.d/10-env.conf",
                High,
            ),
            (
                "cat /etc/systemd/system/multi-user.target.wants/app.service",
                High,
            ),
            ("cat /etc/systemd/system/app.socket", High),
            ("cat /etc/systemd/system/swapfile.swap", High),
            ("cat /etc/systemd/user/sync.service", High),
            ("cat /run/systemd/system/app.service", High),
            ("cat /run/systemd/transient/run-u42.service", High),
            ("cat /home/ops/.config/systemd/user/app.service", High),
            ("cat /etc/containers/systemd/web.container", High),
            ("cat /etc/containers/systemd/registry.image", High),
            ("cat /etc/systemd/system/app.service.bak", High),
            (
                "systemd-analyze verify --man=no /etc/systemd/system/app.service",
                High,
            ),
            ("cat /etc/profile.d/app.sh", High),
            ("cat /etc/profile.d/99-vault.sh", High),
            ("grep export /etc/profile.d/java.sh", High),
            ("cat /etc/security/pam_env.conf", High),
        ],
    },
    Kind {
        name: "a-relay-login-inline",
        lines: &[
            ("cat /etc/postfix/main.cf", High),
            ("grep sasl /etc/postfix/main.cf", High),
            ("cat /etc/postfix/master.cf", High),
            ("cat /etc/postfix/main.cf.orig", High),
        ],
    },
    Kind {
        name: "administrators-cron-jobs",
        lines: &[
            ("cat /etc/crontab", High),
            ("grep backup /etc/crontab", High),
            ("cat /etc/anacrontab", High),
            ("cat /etc/cron.d/backup", High),
            ("tail -n 5 /etc/cron.d/db-dump", High),
            ("cat /etc/cron.daily/backup", High),
            ("cat /etc/cron.hourly/sync.sh", High),
            ("cat /etc/cron.d/backup.dpkg-old", High),
        ],
    },
    Kind {
        name: "wildcards-that-expand-to-credentials",
        lines: &[
            ("cat /etc/fstab*", High),
            ("cat /etc/fst?b", High),
            ("cat /etc/envir*", High),
            ("cat /etc/cron*/*", High),
            ("grep -h mysql /etc/cron.d/*", High),
            ("cat /etc/postfix/m*.cf", High),
            ("cat /etc/postfix/main.c[f]", High),
            ("cat /etc/docker/*.json", High),
            ("head /etc/wget*", High),
            ("cat /etc/[d]efault/docker", High),
            ("cd /etc && cat fstab*", High),
            ("cat /srv/app/.[e]nv", High),
            ("cd /srv/app && cat .[e]nv", High),
            ("cat /etc/[s]hadow", High),
            ("cat /etc/network/interfac*", High),
            ("cat /etc/odbc.in?", High),
            ("cat /etc/ansible/host?", High),
            ("cat /etc/pip.con?", High),
            ("cat /srv/app/.en*", High),
            ("cat /var/www/html/wp-config.*", High),
            ("cat /etc/netw*/interfaces", High),
            ("cat /etc/ansi?le/hosts", High),
            ("cat $'/etc/fstab'", High),
            ("grep x $'\\x2fetc/default/docker'", High),
            ("cat /etc/cron.d/back$'up'", High),
            ("cat $\"/etc/postfix/main.cf\"", High),
        ],
    },
    Kind {
        name: "git-help-starts-man",
        lines: &[
            ("git log --help", Medium),
            ("git --help log", Medium),
            ("git status --help", Medium),
            ("git -C /work/repo show --help", Medium),
        ],
    },
    Kind {
        name: "supervised-programs-and-boot-scripts",
        lines: &[
            ("cat /etc/supervisor/conf.d/app.conf", High),
            ("grep command /etc/supervisor/conf.d/worker.conf", High),
            ("cat /etc/supervisor/supervisord.conf", High),
            ("cat /etc/supervisord.d/app.ini", High),
            ("cat /etc/supervisord.conf", High),
            ("cat /etc/rc.local", High),
        ],
    },
];

pub const STILL_LOW: &[&str] = &[
    "docker ps -q",
    "docker ps -aq --no-trunc",
    "docker ps --format 'table {{.Names}}\\t{{.Status}}\\t{{.Ports}}'",
    "docker ps --no-trunc --format '{{.Names}} {{.Status}}'",
    "docker container ls --format '{{.Names}}'",
    "podman ps --format '{{.Names}} {{.Status}}'",
    "docker compose ps -q",
    "docker compose ps --services",
    "docker compose ps --format '{{.Name}} {{.State}}'",
    "docker volume ls --format raw",
    "docker images --format raw",
    "docker system df",
    "iptables-save",
    "ip6tables-save",
    "iptables-save -c",
    "nft list ruleset",
    "nft list table inet filter",
    "ls /etc/systemd/system",
    "ls -l /etc/systemd/system/app.service.d",
    "stat /etc/systemd/system/app.service",
    "cat /etc/systemd/system/backup.timer",
    "cat /usr/lib/systemd/system/nginx.service",
    "cat /lib/systemd/system/ssh.service",
    "systemd-analyze verify --man=no /usr/lib/systemd/system/nginx.service",
    "systemctl show -p FragmentPath,DropInPaths app",
    "cat /etc/systemd/journald.conf",
    "ls /etc/profile.d",
    "cat /etc/profile.d/bash_completion.sh",
    "cat /etc/profile.d/Z99-cloud-locale-test.sh",
    "cat /etc/profile",
    "cat /etc/security/limits.conf",
    "ls -l /etc/postfix",
    "ls -lh /etc/cron.d",
    "ls /etc/cron.daily",
    "cat /etc/cron.d/certbot",
    "cat /etc/cron.d/e2scrub_all",
    "cat /etc/cron.daily/logrotate",
    "ls /etc/supervisor/conf.d",
];

pub const CONTAINED_STILL_LOW: &[&str] = &[
    "docker ps",
    "docker ps -a",
    "docker container ls",
    "podman ps",
    "docker compose ps",
    "docker ps --format '{{.Names}} {{.Command}}'",
    "docker system df -v",
    "iptables -L -n -v",
    "iptables -S",
    "ip6tables -L -n",
    "iptables-save -t nat",
    "conntrack -L",
    "git log -h",
    "git --help",
    "git --version",
];
