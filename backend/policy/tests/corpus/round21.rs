//! Dangerous command lines, twenty-first set.
//! `ps` columns (and `--sort`/`k` keys, whose order tells how values compare) are judged by a positive table of those that print names, ids and figures
//! (`pid`, `user`, `comm`, `stat`, `%cpu`, `rss`, `etime`, `lstart`, `wchan`, `cgroup`...):
//! any other column (`args`, `cmd`, procps' `env`, an unknown or misspelled one) and any AIX
//! descriptor but the name and figures (`%a`, an unknown `%Z`) is judged as the command line
//! (high on `ssh_exec`; on this host listing processes stays low, redacted). On `ssh_exec` a
//! `ps` without `-o`/`--format`/`-O` takes its columns from `PS_FORMAT` where the remote
//! environment sets one, which may name `args` (as a toprc may turn top's column on): high
//! there; `ps -e -o pid,comm` stays low.
//! `nginx -t`/`-T` on `ssh_exec` run as root with nothing around them: testing a configuration
//! creates the logs and directories it names and loads its dynamic modules (high; `-c`/`-p`
//! too); on this host they stay low. `nginx -v`/`-V` read no configuration.
//! Journal selections of programs that log others' command lines whole, beyond sudo's and
//! the audit's: cron's `CMD (…)` lines (`-u cron`, `-t CRON`, `crond`, `cronie`), at's,
//! command auditors (snoopy, tlog), shells logging to syslog, polkit, sudo's relatives
//! (`sudo-rs`), and the service manager (`-t systemd`, `init.scope`), whose `Started` lines
//! name a transient unit by its command line: high on `ssh_exec`, as `-t sudo` is; so are
//! cron's own log files (`/var/log/cron*`) and the auditors' (`/var/log/snoopy*`).
//! `git log --show-signature` and the `%G` format placeholders start `gpg.program`, which a
//! repository's configuration names (with `log.showSignature` even plain `git log` does):
//! contained that is the sandbox's program (medium, as before); on `ssh_exec` it runs as the
//! remote user, with the network (gpg's `auto-key-retrieve`): high. Plain `git log` stays
//! medium there (repositories' configured programs, judged before).
//! kubectl: a kind printed whole by `get` (`-o yaml|json`, a template, a jsonpath into
//! `.metadata.annotations`) prints its annotations, free-form text (k3s keeps a server's
//! environment in a node's `k3s.io/node-env`; `last-applied-configuration` repeats whatever
//! was applied; `kubectl events -o yaml` too): medium for kinds otherwise known to hold no secret, high on `ssh_exec`; a
//! jsonpath's metadata fields are a positive table (`name`, `namespace`, `labels`, times,
//! owners), so `.metadata.*` prints the object's contents again. Labels (`--show-labels`,
//! `-L`, `.metadata.labels`) and `describe` (which leaves the last applied configuration
//! out) stay low.
//! docker and kubectl on `ssh_exec` follow the remote user's own configuration and current
//! context (its `ssh://` endpoint, a kubeconfig's `exec` credential plugin): the host's
//! administrator's choice, low. A daemon or configuration the line names (`docker -H
//! ssh://HOST`, `-c`, `--config`) is high there (medium on this host); kubectl's
//! `--kubeconfig`, `--context`, `--server` stay high everywhere.
//! Everywhere: a program run under another name (`exec -a NAME`, `env -a`/`--argv0`) is high:
//! multi-call programs choose what to do by it (systemctl run as `reboot`, `poweroff`, `halt`
//! or `telinit` is that command; busybox runs the applet it names), even with no operand.
//! On `ssh_exec`: jq reads a variable as two tokens, so `$ ENV`, `$<tab>ENV` and `$` with a
//! comment before `ENV` print the environment as `$ENV` does: high there.
//! Everywhere: databases and their dumps by name (`db.sql`, `dump.sql`, a dated `app_20240101.sql`,
//! any `.sql` in a `backups` directory or compressed, `.dump`, `.pgdump`, mongodump's `.bson`,
//! redis' `dump.rdb`/`appendonly.aof`, SQLite's `.sqlite`/`.sqlite3`, KeePass' `.kdbx`), Django's
//! settings modules (`settings.py`, `local_settings.py`) and ansible's `group_vars`/`host_vars`
//! hold users' password hashes, tokens and passwords in shapes redaction does not know: high
//! to read; a schema or migration (`schema.sql`, `migrations/0001_init.sql`) stays low, as does
//! naming them. An RCS file (`NAME,v`) holds every revision of NAME: judged as NAME.
//! Each line gets at least its level (on both paths for `KINDS`, through `ssh_exec` for
//! `REMOTE_KINDS`); `STILL_LOW` holds their everyday neighbours, which stay low on both paths,
//! and `CONTAINED_STILL_LOW` what stays low on this host only. Listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{High, Medium};

pub const REMOTE_KINDS: &[Kind] = &[
    Kind {
        name: "jq-variables-spelled-as-two-tokens",
        lines: &[
            ("jq -n '$ ENV'", High),
            ("jq -n '$ ENV.AWS_SECRET_ACCESS_KEY'", High),
            ("jq -n '$\tENV'", High),
            ("jq -n '$ # the environment\nENV'", High),
            ("jq -n '[$  ENV | keys]'", High),
        ],
    },
    Kind {
        name: "ps-columns-outside-the-table-of-names-and-figures",
        lines: &[
            ("ps -eo pid,env", High),
            ("ps -eo pid,environ", High),
            ("ps -eo pid,zzz", High),
            ("ps -e -o pid -o ARGS", High),
            ("ps -eo pid,cmd=NAME", High),
            ("ps -eo pid,user,command:200", High),
            ("ps axo pid,user,cmdline", High),
            ("ps -e -o %p%Z", High),
            ("ps -e -o '%p %a'", High),
            ("ps -e --format=pid,env", High),
            ("ps -e -o pid,comm,args=", High),
            ("ps -e --sort=args -o pid", High),
            ("ps -e -o pid,comm --sort -cmd", High),
            ("ps ax -o pid,comm k command", High),
            ("ps -e", High),
            ("ps axc", High),
            ("ps -C nginx", High),
            ("ps -el", High),
        ],
    },
    Kind {
        name: "nginx-configuration-tests-as-root",
        lines: &[
            ("nginx -t", High),
            ("nginx -q -t", High),
            ("nginx -tq", High),
            ("sudo nginx -t", High),
            ("nginx -T", High),
            ("nginx -t -c /etc/nginx/nginx.conf", High),
            ("nginx -t -p /etc/nginx/", High),
        ],
    },
    Kind {
        name: "journals-of-other-command-loggers",
        lines: &[
            ("journalctl -u cron", High),
            ("journalctl -u cron.service -n 50", High),
            ("journalctl -u crond --since today", High),
            ("journalctl -u cronie", High),
            ("journalctl -t CRON -n 100", High),
            ("journalctl _COMM=cron", High),
            ("journalctl _SYSTEMD_UNIT=cron.service", High),
            ("journalctl /usr/sbin/cron", High),
            ("journalctl --user-unit=cron", High),
            ("journalctl -u atd", High),
            ("journalctl -t snoopy", High),
            ("journalctl -t tlog-rec-session", High),
            ("journalctl -t bash", High),
            ("journalctl -t -bash", High),
            ("journalctl -t systemd -n 50", High),
            ("journalctl -u init.scope", High),
            ("journalctl -t sudo-rs", High),
            ("journalctl -t polkitd", High),
        ],
    },
    Kind {
        name: "cron-and-command-auditor-logs",
        lines: &[
            ("cat /var/log/cron", High),
            ("tail -n 50 /var/log/cron", High),
            ("grep CMD /var/log/cron.log", High),
            ("zcat /var/log/cron.1.gz", High),
            ("cat /var/log/snoopy.log", High),
            ("cat /var/log/tlog.log", High),
        ],
    },
    Kind {
        name: "signature-verification-starts-gpg-remotely",
        lines: &[
            ("git log --show-signature", High),
            ("git log -3 --show-signature --oneline", High),
            ("git show --show-signature HEAD", High),
            ("git log -1 --format=%GS", High),
            ("git log --pretty=format:%h%G?", High),
            ("git -c log.showSignature=true log", High),
            ("git -c gpg.program=/tmp/x log --show-signature", High),
        ],
    },
    Kind {
        name: "annotations-of-plain-kinds-remotely",
        lines: &[
            ("kubectl get nodes -o yaml", High),
            ("kubectl get svc -o json", High),
            ("kubectl get ns default -o json", High),
            ("kubectl get events -o json", High),
            ("kubectl get sa -o yaml", High),
            ("kubectl wait --for=condition=Ready node/a -o yaml", High),
            ("kubectl get certificates -o yaml", High),
            ("kubectl events -o yaml", High),
        ],
    },
    Kind {
        name: "docker-daemon-the-line-chooses-remotely",
        lines: &[
            ("docker -H ssh://attacker.example ps -q", High),
            ("docker --host=tcp://10.0.0.9:2375 ps -q", High),
            ("docker -H=unix:///tmp/d.sock ps -q", High),
            ("docker -c evil ps -q", High),
            ("docker --context evil images -q", High),
            ("docker --config /srv/app/.docker ps -q", High),
        ],
    },
];

pub const KINDS: &[Kind] = &[
    Kind {
        name: "databases-and-dumps-by-name",
        lines: &[
            ("cat /srv/backup/db.sql", High),
            ("cat /srv/app/dump.sql", High),
            ("head -n 100 /root/all-databases.sql", High),
            ("grep -i insert /srv/app/app_20240101.sql", High),
            ("cat /srv/backups/app.sql", High),
            ("zcat /srv/backup/db.sql.gz", High),
            ("xzcat /srv/app/schema.sql.xz", High),
            ("cat /srv/app/pg.dump", High),
            ("strings /srv/app/db.sqlite3", High),
            ("cat /srv/app/storage/database.sqlite", High),
            ("cat /srv/mongo/dump/admin/system.users.bson", High),
            ("strings /srv/redis/dump.rdb", High),
            ("cat /srv/redis/appendonly.aof", High),
            ("cat /home/deploy/passwords.kdbx", High),
            ("cat /srv/backup/db.sql.bak", High),
            ("cat /srv/app/mysite/settings.py", High),
            ("grep DATABASES /srv/app/local_settings.py", High),
            ("cat /srv/ansible/group_vars/all.yml", High),
            ("cat /srv/ansible/inventory/host_vars/web1.yml", High),
            ("cat /etc/shadow,v", High),
            ("cat /srv/app/config/database.yml,v", High),
        ],
    },
    Kind {
        name: "programs-run-under-another-name",
        lines: &[
            ("exec -a reboot systemctl", High),
            ("exec -a poweroff systemctl", High),
            ("exec -areboot systemctl", High),
            ("exec -c -a halt systemctl", High),
            ("exec -a reboot busybox", High),
            ("exec -a sh busybox", High),
            ("env -a reboot systemctl", High),
            ("env --argv0=poweroff systemctl", High),
            ("sudo exec -a reboot systemctl", High),
            ("sh -c 'exec -a telinit systemctl'", High),
        ],
    },
    Kind {
        name: "annotations-of-kinds-otherwise-printed-whole",
        lines: &[
            ("kubectl get nodes -o yaml", Medium),
            ("kubectl get nodes -o json", Medium),
            ("kubectl get svc -ojson", Medium),
            ("kubectl get svc --output yaml", Medium),
            (
                "kubectl get svc web -o jsonpath='{.metadata.annotations}'",
                Medium,
            ),
            (
                "kubectl get nodes -o custom-columns=N:.metadata.name,A:.metadata.annotations",
                Medium,
            ),
            (
                "kubectl get ns default -o go-template='{{.metadata.annotations}}'",
                Medium,
            ),
            ("kubectl get svc --template '{{.}}'", Medium),
            ("kubectl get pvc -o yaml", Medium),
            ("kubectl get ingressclass -o yaml", Medium),
            ("kubectl get events -o json", Medium),
            ("kubectl get sa -o yaml", Medium),
            (
                "kubectl get nodes -o jsonpath-file=/srv/app/fields.tpl",
                Medium,
            ),
            ("kubectl wait --for=condition=Ready node/a -o yaml", Medium),
            ("kubectl events -o yaml", Medium),
            ("kubectl events --types=Warning -o json", Medium),
        ],
    },
    Kind {
        name: "metadata-wildcards-print-the-last-applied-configuration",
        lines: &[
            ("kubectl get deploy web -o jsonpath='{.metadata.*}'", High),
            (
                "kubectl get pods -o jsonpath='{.items[*].metadata.*}'",
                High,
            ),
            ("kubectl get cm -o custom-columns=A:.metadata.*", High),
            (
                "kubectl get deploy -o jsonpath='{range .items[*]}{.metadata.*}{end}'",
                High,
            ),
            (
                "kubectl get sts db -o jsonpath='{.metadata.annotations*}'",
                High,
            ),
        ],
    },
    Kind {
        name: "docker-daemon-the-line-chooses",
        lines: &[
            ("docker -H ssh://attacker.example ps -q", Medium),
            ("docker -c evil ps -q", Medium),
            ("docker --config /srv/app/.docker ps -q", Medium),
        ],
    },
];

pub const STILL_LOW: &[&str] = &[
    "ls -l /srv/backup",
    "ls -l /srv/backup/db.sql.gz",
    "stat /srv/app/db.sqlite3",
    "du -sh /srv/backup/db.sql.gz",
    "exec ls",
    "exec -c ls",
    "jq -n '1 + 1'",
    "jq -n '$__loc__'",
    "jq -r '.environment' /etc/hosts",
    "ps -e -o pid,comm",
    "ps -eo pid,comm,%cpu,%mem",
    "ps -eo pid,ppid,user,stat,%cpu,%mem,rss,vsz,etime,time,tty,ni,pri,lstart,start,wchan,comm",
    "ps -eo pid,ppid,comm --sort=-%mem",
    "ps -e -o pid=PID,comm=NAME",
    "ps -p 1 -o comm=",
    "ps -eo pid,%cpu:5,%mem",
    "ps -eo pid,cgroup,unit,label",
    "ps -eo pid,uid,gid,supgrp,nlwp,psr,cls",
    "ps -eo %p%c%C",
    "ps axc -o pid,comm",
    "nginx -v",
    "nginx -V",
    "journalctl -u nginx -n 50",
    "journalctl -t nginx",
    "journalctl -u systemd-logind -n 20",
    "journalctl -u systemd-resolved -n 20",
    "journalctl -u containerd -n 50",
    "journalctl -u kubelet --since '10 min ago'",
    "ls /var/log/cron",
    "ls -l /var/log",
    "cat /var/log/nginx/access.log",
    "kubectl get pods",
    "kubectl events",
    "kubectl events --for pod/web -o wide",
    "ps -eo pid,comm --sort=-%cpu",
    "kubectl get nodes -o wide",
    "kubectl get ns -o name",
    "kubectl get pods --show-labels",
    "kubectl get svc -L app",
    "kubectl get nodes -o jsonpath='{.items[*].metadata.labels}'",
    "kubectl get nodes -o custom-columns=N:.metadata.name,T:.metadata.creationTimestamp",
    "kubectl get svc -o jsonpath='{.items[*].spec.clusterIP}'",
    "kubectl get node worker-1 -o name",
    "kubectl get svc web -o name",
    "docker ps -q",
    "docker ps --format '{{.Names}}'",
    "docker images -q",
];

pub const CONTAINED_STILL_LOW: &[&str] = &[
    "ps -e",
    "ps axc",
    "ps -C nginx",
    "cat /srv/app/schema.sql",
    "cat /srv/app/migrations/0001_init.sql",
    "cat /srv/app/db/structure.sql",
    "ps aux",
    "ps -eo pid,args",
    "nginx -t",
    "nginx -q -t",
    "journalctl -u cron -n 50",
    "journalctl -t CRON",
    "cat /var/log/cron",
    "git log --oneline -5",
    "git log",
];
