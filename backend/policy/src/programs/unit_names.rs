//! Which units' names prove where their descriptions come from. `journalctl -u NAME` selects,
//! besides the unit's own output, the service manager's lines about it (`_PID=1` with
//! `UNIT=NAME`): `Started NAME.service - DESCRIPTION.`, `Starting …`, `Stopped …`. A unit
//! `systemd-run` makes is described by the command line it runs (`/usr/bin/mysqldump
//! -pPASS`) unless `--description` says otherwise, and `--unit=NAME` gives it any name
//! (`systemd-run --unit=db-backup mysqldump -pPASS`, `--on-calendar` for a timer, `--scope`
//! for a scope): so a name alone proves nothing of a service, scope, socket, timer or path
//! unit. A positive model: a unit is taken as described by its package only when its name is
//! one packages ship (the common servers', runtimes', systemd's own); mount, automount, swap,
//! device and target units, which `systemd-run` never makes (their names are paths or fixed),
//! are described by what they mount or group. Where nothing contains the command (`ssh_exec`)
//! any other name is high: `journalctl _SYSTEMD_UNIT=NAME.service` prints the unit's own output
//! without the manager's lines, and stays low.

/// Unit types `systemd-run` never makes: their names are paths (mounts, swaps, devices) or
/// fixed, and their descriptions what they mount or group.
const NEVER_TRANSIENT_TYPES: &[&str] = &["mount", "automount", "swap", "device", "target"];

/// Unit types `systemd-run` (and `run0`) make, described by a command line unless told
/// otherwise; a name without a type is a service (journalctl adds `.service`).
const TRANSIENT_TYPES: &[&str] = &["service", "scope", "socket", "timer", "path"];

/// Names (before any `@instance` and type) that packages give their units: web and proxy
/// servers, databases and caches, container and cluster runtimes, time, logging, network and
/// name services, package managers' timers, virtualisation and monitoring agents.
const PACKAGED: &[&str] = &[
    // Web servers and proxies.
    "nginx",
    "apache2",
    "httpd",
    "haproxy",
    "caddy",
    "traefik",
    "envoy",
    "varnish",
    "squid",
    "lighttpd",
    "tomcat",
    "tomcat9",
    "tomcat10",
    // Databases, caches, queues, search.
    "postgresql",
    "mysql",
    "mysqld",
    "mariadb",
    "redis",
    "redis-server",
    "redis-sentinel",
    "valkey",
    "valkey-server",
    "memcached",
    "mongod",
    "mongodb",
    "rabbitmq-server",
    "kafka",
    "zookeeper",
    "elasticsearch",
    "opensearch",
    "kibana",
    "influxdb",
    "clickhouse-server",
    "cassandra",
    "etcd",
    // Containers and clusters.
    "docker",
    "containerd",
    "crio",
    "podman",
    "kubelet",
    "k3s",
    "k3s-agent",
    "rke2-server",
    "rke2-agent",
    "microk8s",
    "snap.microk8s.daemon-kubelite",
    "libvirtd",
    "virtqemud",
    "qemu-guest-agent",
    "lxd",
    "incus",
    // Time, logging, monitoring.
    "chrony",
    "chronyd",
    "ntp",
    "ntpd",
    "ntpsec",
    "rsyslog",
    "syslog-ng",
    "auditd",
    "prometheus",
    "prometheus-node-exporter",
    "node_exporter",
    "grafana-server",
    "alertmanager",
    "telegraf",
    "zabbix-agent",
    "zabbix-agent2",
    "node-exporter",
    "fluent-bit",
    "td-agent-bit",
    "filebeat",
    "metricbeat",
    "collectd",
    "netdata",
    "smartd",
    "smartmontools",
    "sysstat",
    "irqbalance",
    "thermald",
    "upower",
    "udisks2",
    "acpid",
    "lm-sensors",
    "nvidia-persistenced",
    "nvidia-fabricmanager",
    // Network and name services.
    "networking",
    "NetworkManager",
    "NetworkManager-wait-online",
    "wpa_supplicant",
    "ifup",
    "dhcpcd",
    "isc-dhcp-server",
    "kea-dhcp4-server",
    "named",
    "bind9",
    "unbound",
    "dnsmasq",
    "avahi-daemon",
    "firewalld",
    "ufw",
    "nftables",
    "netfilter-persistent",
    "iptables",
    "fail2ban",
    "wg-quick",
    "openvpn",
    "openvpn-server",
    "openvpn-client",
    "strongswan",
    "strongswan-starter",
    "ipsec",
    "tailscaled",
    "keepalived",
    "nfs-server",
    "nfs-kernel-server",
    "nfs-client",
    "nfs-mountd",
    "nfs-idmapd",
    "rpcbind",
    "rpc-statd",
    "smbd",
    "nmbd",
    "winbind",
    // Their services' journals are judged as logins' are (`services.rs`); their sockets' stay low.
    "ssh",
    "sshd",
    "postfix",
    "exim4",
    "sendmail",
    "opendkim",
    "dbus",
    "dbus-broker",
    "rtkit-daemon",
    "accounts-daemon",
    "bluetooth",
    "ModemManager",
    "cups",
    // Packages and the machine's own upkeep.
    "apt-daily",
    "apt-daily-upgrade",
    "unattended-upgrades",
    "packagekit",
    "dnf-makecache",
    "dnf-automatic",
    "snapd",
    "fwupd",
    "man-db",
    "logrotate",
    "e2scrub_all",
    "fstrim",
    "plocate-updatedb",
    "mlocate",
    "updatedb",
    "motd-news",
    "multipathd",
    "lvm2-monitor",
    "lvm2-lvmpolld",
    "lvm2-pvscan",
    "blk-availability",
    "ceph",
    "ceph-osd",
    "ceph-mon",
    "ceph-mgr",
    "ceph-mds",
    "ceph-radosgw",
    "ceph-crash",
    "ceph-volume",
    "mdmonitor",
    "mdadm",
    "iscsid",
    "open-iscsi",
    "zfs-zed",
    "zfs-mount",
    "zfs-import-cache",
    "kdump",
    "kdump-tools",
    "kmod",
    "kmod-static-nodes",
    "rngd",
    "haveged",
    "tuned",
    "power-profiles-daemon",
    "cpupower",
    "getty-static",
    "plymouth-quit",
    "plymouth-quit-wait",
    "rc-local",
    "setvtrgb",
    "console-setup",
    "keyboard-setup",
    "ssl-cert",
    "apparmor",
    "selinux-autorelabel",
    // A user's manager's own (`--user-unit`).
    "pipewire",
    "pipewire-pulse",
    "wireplumber",
    "pulseaudio",
    "gpg-agent",
    "xdg-desktop-portal",
    "xdg-document-portal",
    "at-spi-dbus-bus",
    "google-guest-agent",
    "google-osconfig-agent",
    "amazon-ssm-agent",
    "walinuxagent",
    "waagent",
    "hv-kvp-daemon",
    "open-vm-tools",
    "vmtoolsd",
];

/// Families of [`PACKAGED`] by the start of their names: systemd's own units
/// (`systemd-logind`, `systemd-resolved`, `systemd-journald`, `systemd-fsck@…`), a namespace
/// systemd keeps for itself. PHP's FastCGI managers (`php8.2-fpm`, `php-fpm`) and PostgreSQL's
/// on Red Hat's layout (`postgresql-16`) are named by a version, nothing else.
const PACKAGED_PREFIXES: &[&str] = &["systemd-"];

/// Whether the manager's lines about `unit` (a `journalctl -u` value, a `UNIT=` match) name it
/// by a description its package gave, never by a command line someone ran through
/// `systemd-run --unit=NAME`.
pub fn described_by_its_package(unit: &str) -> bool {
    let unit = unit.trim_start_matches('=');
    // A path is a mount's or a device's unit (journalctl turns `/mnt/x` into `mnt-x.mount`).
    if unit.starts_with('/') {
        return true;
    }
    let (base, kind) = match unit.rsplit_once('.') {
        Some((base, kind))
            if NEVER_TRANSIENT_TYPES.contains(&kind) || TRANSIENT_TYPES.contains(&kind) =>
        {
            (base, kind)
        }
        // journalctl makes any other name a service (`-u app.conf` is `app.conf.service`).
        _ => (unit, "service"),
    };
    if NEVER_TRANSIENT_TYPES.contains(&kind) {
        return !base.is_empty();
    }
    // A scope holds processes started elsewhere (a login's shell, `systemd-run --scope`), and
    // none is a package's.
    if kind == "scope" {
        return false;
    }
    let name = base.split('@').next().unwrap_or(base);
    if name.is_empty() || name.contains(['*', '?', '[', '\\']) {
        return false;
    }
    let version = |text: &str| text.chars().all(|c| c.is_ascii_digit() || c == '.');
    let php_fpm = name
        .strip_prefix("php")
        .and_then(|rest| rest.strip_suffix("-fpm"))
        .is_some_and(version);
    let postgresql = name
        .strip_prefix("postgresql-")
        .is_some_and(|rest| !rest.is_empty() && version(rest));
    PACKAGED
        .iter()
        .any(|packaged| name.eq_ignore_ascii_case(packaged))
        || PACKAGED_PREFIXES
            .iter()
            .any(|prefix| name.len() > prefix.len() && name.starts_with(prefix))
        || php_fpm
        || postgresql
}

#[cfg(test)]
mod tests {
    use super::described_by_its_package;

    #[test]
    fn only_names_packages_ship_prove_their_descriptions() {
        for unit in [
            "nginx",
            "nginx.service",
            "=nginx.service",
            "docker.socket",
            "postgresql@14-main",
            "postgresql-16.service",
            "php8.2-fpm",
            "php-fpm",
            "systemd-logind",
            "systemd-fsck@dev-sda1.service",
            "apt-daily.timer",
            "run-user-1000.mount",
            "/mnt/data",
            "multi-user.target",
            "dev-sda.device",
            "NetworkManager",
            "pipewire.socket",
        ] {
            assert!(described_by_its_package(unit), "{unit}");
        }
        for unit in [
            "backup",
            "db-backup.service",
            "mytask",
            "runner",
            "x",
            "app.conf",
            "nightly.timer",
            "work.scope",
            "docker-0123abcd.scope",
            "nginx.scope",
            "watch.path",
            "listener.socket",
            "run-u7.service",
            "systemd-",
            "php-evil-fpm",
            "postgresql-backup",
            "postgresql-",
            "ceph-backup",
            "lvm2-snapshot-job",
            "nginx*",
            ".mount",
            "",
        ] {
            assert!(!described_by_its_package(unit), "{unit}");
        }
    }
}
