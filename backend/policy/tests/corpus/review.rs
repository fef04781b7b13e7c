//! Dangerous command lines by kind, found by a second review of the guard: each with the least
//! level it must get (`Forbidden` means exactly forbidden), listed in docs/policies.md.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High};

pub const KINDS: &[Kind] = &[Kind {
    name: "destroy-through-links-and-names",
    lines: &[
        ("rm -rf /proc/1/root/etc", Forbidden),
        ("rm -rf /proc/self/root", Forbidden),
        ("rm -rf /proc/self/task/1/root/usr/", Forbidden),
        ("rm -rf /proc/1/root/var/run/", Forbidden),
        ("chmod -R 777 /proc/self/root/etc", Forbidden),
        ("chown -R nobody /proc/1/root/usr", Forbidden),
        ("chmod -R 777 /proc/self/root/bin", Forbidden),
        ("mv /proc/self/root/etc /tmp/x", Forbidden),
        ("rm -f /proc/1/root/etc/passwd", Forbidden),
        ("mv /proc/self/root/etc/shadow /tmp/x", Forbidden),
        ("rm -rf /var/run/", Forbidden),
        ("rm -rf /var/run", Forbidden),
        ("rm -rf /var/lock/..", Forbidden),
        ("rm -rf /sbin/", Forbidden),
        ("sed -i d /etc/passwd", Forbidden),
        ("sed --in-place= d /etc/shadow", Forbidden),
        ("sed -i.bak '1d' /etc//group", Forbidden),
        ("sed --in-pl -e d /etc/sudoers", Forbidden),
        ("sed -ni p /proc/1/root/etc/passwd", Forbidden),
        ("killall -9 systemd", Forbidden),
        ("killall systemd", Forbidden),
        ("pkill -9 init", Forbidden),
        ("pkill -HUP -x init", Forbidden),
        ("pkill -f /sbin/init", Forbidden),
        ("pkill ^systemd$", Forbidden),
        ("iptables -P INPUT DROP", Forbidden),
        ("iptables --policy OUTPUT REJECT", Forbidden),
        ("ip6tables -P INPUT DROP", Forbidden),
        ("iptables -t filter -P INPUT drop", Forbidden),
        ("iptables -P FORWARD DROP", High),
        ("rm -rf /var/lib/postgresql", Forbidden),
        ("rm -rf /var/lib/docker", Forbidden),
        ("rm -rf /var/lib/mysql/", Forbidden),
        ("rm -rf /var/lib/etcd", Forbidden),
        ("rm -rf /var/lib/containerd", Forbidden),
        ("rm -rf /var/lib/kubelet", Forbidden),
        ("rm -rf /var/lib/dpkg", Forbidden),
        ("rm -rf /var/lib/postgresql/15/main/pg_wal/x", High),
    ],
}];
