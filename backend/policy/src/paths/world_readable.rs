//! The configuration a remote read may take without a human: the places in `/etc` and `/boot`
//! that are readable by everyone on a standard system. Containment runs a host reader as
//! `nobody`, so a root-only file (mode 0600 or 0640) is kept from it whatever its name says;
//! `ssh_exec` runs as the configured user, often root, and reads it. Which root-only files hold
//! secrets cannot be listed (libvirt's domain XML holds VNC passwords, FRR's `frr.conf` BGP
//! passwords, GRUB's `user.cfg` the boot password's hash, iSCSI's `iscsid.conf` CHAP secrets...),
//! so the model is positive: the places below are world-readable where their packages install
//! them (their known secret files are judged by name elsewhere), and any other file in `/etc` or
//! `/boot` is not read remotely without a human.

use std::path::Path;

use super::uncontained::inside;

/// World-readable places in `/etc` and `/boot`, each with everything below it. Not here,
/// though world-readable where their packages install them, are places whose files customarily
/// hold a secret and are then made root-only (the documentation of each says to): proxy and
/// repository passwords (`dnf.conf`'s `proxy_password`, a `.repo` file's `password`), Wi-Fi
/// keys in `/etc/network/interfaces` (`wpa-psk`), API tokens in fail2ban's actions and Caddy's
/// DNS challenges, `stats auth` and userlist passwords in haproxy.cfg, `cache_peer login=` in
/// squid.conf, registry credentials in containerd's config.toml, scrape and alerting
/// credentials in Prometheus' files, the cluster tokens CNI plugins write to `/etc/cni/net.d`,
/// and the environment of PHP-FPM pools (`env[DB_PASSWORD]`), so only php.ini and its
/// `conf.d` are listed for PHP. A component
/// may hold `*` (any run of characters within that component).
const WORLD_READABLE: &[&str] = &[
    // The system's identity, names and accounts (not their secrets: `shadow` is judged by name).
    "/etc/passwd",
    "/etc/group",
    "/etc/hosts",
    "/etc/hostname",
    "/etc/hosts.allow",
    "/etc/hosts.deny",
    "/etc/host.conf",
    "/etc/resolv.conf",
    "/etc/nsswitch.conf",
    "/etc/networks",
    "/etc/protocols",
    "/etc/services",
    "/etc/ethers",
    "/etc/rpc",
    "/etc/gai.conf",
    "/etc/*release",
    "/etc/*_version",
    "/etc/issue",
    "/etc/issue.net",
    "/etc/motd",
    "/etc/update-motd.d",
    "/etc/machine-id",
    "/etc/timezone",
    "/etc/localtime",
    "/etc/locale.conf",
    "/etc/locale.gen",
    "/etc/vconsole.conf",
    "/etc/adjtime",
    "/etc/fstab",
    "/etc/mtab",
    "/etc/shells",
    "/etc/login.defs",
    "/etc/subuid",
    "/etc/subgid",
    "/etc/mailname",
    "/etc/aliases",
    "/etc/magic",
    "/etc/mime.types",
    "/etc/papersize",
    "/etc/krb5.conf",
    "/etc/ldap/ldap.conf",
    // Shells and the dynamic linker.
    "/etc/environment",
    "/etc/profile",
    "/etc/profile.d",
    "/etc/bashrc",
    "/etc/bash.bashrc",
    "/etc/bash_completion.d",
    "/etc/zshrc",
    "/etc/zsh",
    "/etc/inputrc",
    "/etc/skel",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/ld.so.cache",
    "/etc/alternatives",
    // The kernel, boot and devices.
    "/etc/sysctl.conf",
    "/etc/sysctl.d",
    "/etc/modules",
    "/etc/modprobe.d",
    "/etc/modules-load.d",
    "/etc/udev",
    "/etc/default",
    "/etc/kernel",
    "/etc/mdadm",
    "/etc/lvm/lvm.conf",
    "/etc/lvm/lvmlocal.conf",
    "/etc/multipath.conf",
    "/etc/sensors3.conf",
    "/etc/sensors.d",
    "/etc/smartd.conf",
    "/etc/smartmontools",
    "/boot/config-*",
    "/boot/vmlinuz*",
    // systemd, init, scheduling, logging, time.
    // Not the drop-ins of units (`systemctl edit` writes `Environment=` secrets there, in
    // root-only overrides) nor networkd's files (a `.netdev` holds WireGuard's PrivateKey=).
    "/etc/systemd/*.conf",
    "/etc/systemd/*.conf.d",
    "/etc/systemd/system/*.service",
    "/etc/systemd/system/*.socket",
    "/etc/systemd/system/*.timer",
    "/etc/systemd/system/*.target",
    "/etc/systemd/system/*.wants",
    "/etc/systemd/system/*.requires",
    "/etc/systemd/system/*.mount",
    "/etc/systemd/system/*.path",
    "/etc/tmpfiles.d",
    "/etc/sysusers.d",
    "/etc/init.d",
    "/etc/init",
    "/etc/rc*.d",
    "/etc/crontab",
    "/etc/anacrontab",
    "/etc/cron.d",
    "/etc/cron.hourly",
    "/etc/cron.daily",
    "/etc/cron.weekly",
    "/etc/cron.monthly",
    "/etc/logrotate.conf",
    "/etc/logrotate.d",
    "/etc/rsyslog.conf",
    "/etc/rsyslog.d",
    "/etc/syslog-ng",
    "/etc/ntp.conf",
    "/etc/chrony.conf",
    "/etc/chrony/chrony.conf",
    "/etc/chrony/conf.d",
    "/etc/chrony/sources.d",
    "/etc/dbus-1",
    "/etc/polkit-1",
    "/etc/xdg",
    // Packages.
    "/etc/apt",
    "/etc/dpkg",
    "/etc/debconf.conf",
    "/etc/zypp",
    "/etc/pacman.conf",
    "/etc/pacman.d",
    "/etc/apk",
    // Certificates (private keys are judged by name and hidden by place), SSH (host keys too).
    "/etc/ssl",
    "/etc/pki",
    "/etc/ca-certificates",
    "/etc/ca-certificates.conf",
    // SSH's own files, not the directory: administrators keep their certificate authorities'
    // private keys there (`/etc/ssh/ca`, `user_ca`, `host_ca`), under names nothing knows.
    "/etc/ssh/ssh_config",
    "/etc/ssh/ssh_config.d",
    "/etc/ssh/sshd_config",
    "/etc/ssh/sshd_config.d",
    "/etc/ssh/moduli",
    "/etc/ssh/ssh_known_hosts",
    "/etc/ssh/*.pub",
    // Authentication and confinement settings (`security/opasswd` is hidden by place).
    "/etc/pam.d",
    "/etc/security",
    "/etc/selinux",
    "/etc/apparmor",
    "/etc/apparmor.d",
    "/etc/sudo.conf",
    // Networking (NetworkManager's connections are hidden by place).
    "/etc/NetworkManager/NetworkManager.conf",
    "/etc/NetworkManager/conf.d",
    "/etc/dhcp/dhclient.conf",
    "/etc/exports",
    "/etc/nftables.conf",
    // Everyday services whose packages install their configuration world-readable.
    "/etc/nginx",
    "/etc/apache2",
    "/etc/httpd",
    "/etc/lighttpd",
    "/etc/php/*/*/php.ini",
    "/etc/php/*/*/conf.d",
    "/etc/php/*/mods-available",
    "/etc/docker",
    "/etc/containers",
    "/etc/memcached.conf",
    "/etc/mongod.conf",
    "/etc/postfix/main.cf",
    "/etc/postfix/master.cf",
    "/etc/samba/smb.conf",
    "/etc/cloud/cloud.cfg",
    "/etc/sysstat",
];

/// Whether `path` (absolute, lexically normal) lies in `/etc` or `/boot` outside every
/// world-readable place: a file there may be root-only, and a secret under a name nothing knows.
pub(super) fn unknown_config(path: &Path) -> bool {
    CONFIG_TREES.iter().any(|tree| inside(path, tree))
        && (!WORLD_READABLE.iter().any(|place| inside(path, place))
            || password_list(path)
            || key_material(path))
        && !super::runit_services::packaged_service_script(path)
}

/// The trees that hold a host's configuration: `/usr/local/etc` is where locally built
/// programs keep theirs.
const CONFIG_TREES: &[&str] = &["/etc", "/boot", "/usr/local/etc"];

/// A list of users and their password hashes inside a world-readable place: web servers'
/// basic-auth files are customarily named `passwd` or `users` (`AuthUserFile
/// /etc/httpd/conf/passwd`, `auth_basic_user_file /etc/nginx/passwd`) and made root-only;
/// the system's own `/etc/passwd` (and its backup) holds no hash.
fn password_list(path: &Path) -> bool {
    let system = matches!(path.to_str(), Some("/etc/passwd" | "/etc/passwd-"));
    !system
        && path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| {
                let stem = name.split('.').next().unwrap_or(name);
                matches!(stem, "passwd" | "passwords" | "users" | "htusers")
            })
}

/// Words of a file's name that say it holds key material: services keep their private keys,
/// TLS session ticket keys, tokens and secrets beside their world-readable configuration
/// (`/etc/nginx/ssl/session_ticket_keys`, `/etc/ssh/ca_key`, `/etc/apache2/api.token`) and make
/// them root-only, under names nothing else knows. Public keys (`.pub`) and certificates are
/// not.
const KEY_WORDS: &[&str] = &[
    "key",
    "keys",
    "privkey",
    "keyfile",
    "keystore",
    "secret",
    "secrets",
    "token",
    "tokens",
    "ticket",
    "tickets",
    "credential",
    "credentials",
    "creds",
    "passphrase",
    "psk",
];

/// Whether `path`'s name says it holds key material ([`KEY_WORDS`], as a word of its own).
fn key_material(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    let public = [".pub", ".crt", ".cert", ".csr"]
        .iter()
        .any(|ext| name.ends_with(ext));
    !public
        && name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| KEY_WORDS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_world_readable_configuration_is_known() {
        for known in [
            "/etc/nginx/nginx.conf",
            "/etc/hosts",
            "/etc/os-release",
            "/etc/lsb-release",
            "/etc/debian_version",
            "/etc/systemd/system/nginx.service",
            "/etc/systemd/journald.conf",
            "/etc/apt/sources.list.d/x.list",
            "/etc/rc3.d/S01x",
            "/boot/config-6.1.0",
            "/etc/ssh/sshd_config",
            "/etc/ssh/sshd_config.d/50-cloud-init.conf",
            "/etc/ssh/ssh_config.d/20-systemd-ssh-proxy.conf",
            "/etc/ssh/ssh_host_ed25519_key.pub",
            "/etc/ssh/ssh_host_ed25519_key-cert.pub",
            "/etc/ssh/user_ca.pub",
            "/etc/ssh/moduli",
            "/etc/ssh/ssh_known_hosts",
            "/etc/default/keyboard",
            "/etc/php/8.2/fpm/php.ini",
            "/etc/php/8.2/cli/conf.d/20-json.ini",
        ] {
            assert!(!unknown_config(Path::new(known)), "{known}");
        }
        for unknown in [
            "/etc/libvirt/qemu/vm.xml",
            "/etc/frr/frr.conf",
            "/boot/grub/user.cfg",
            "/boot/grub2/user.cfg",
            "/etc/iscsi/iscsid.conf",
            "/etc/chrony/chrony.keys",
            "/etc/lvm/backup/vg0",
            "/etc/netplan/50-cloud-init.yaml",
            "/etc/bind/rndc.key",
            "/etc/network/interfaces",
            "/etc/dnf/dnf.conf",
            "/etc/yum.repos.d/private.repo",
            "/etc/haproxy/haproxy.cfg",
            "/etc/squid/squid.conf",
            "/etc/caddy/Caddyfile",
            "/etc/containerd/config.toml",
            "/etc/fail2ban/action.d/cloudflare.conf",
            "/etc/prometheus/prometheus.yml",
            "/etc/cni/net.d/10-calico.conflist",
            "/etc/php/8.2/fpm/pool.d/www.conf",
            "/etc/systemd/system/app.service.d/override.conf",
            "/etc/systemd/system/getty@.service.d/autologin.conf",
            "/etc/systemd/network/wg0.netdev",
            "/etc/httpd/conf/passwd",
            "/etc/nginx/passwd",
            "/etc/apache2/users",
            "/etc/nginx/auth/users.txt",
            "/usr/local/etc/app.conf",
            "/etc/ssh/ca",
            "/etc/ssh/user_ca",
            "/etc/ssh/host_ca",
            "/etc/ssh/ca_key",
            "/etc/ssh/krl",
            "/etc/nginx/ssl/session_ticket_keys",
            "/etc/nginx/ticket.key",
            "/etc/apache2/api.token",
            "/etc/docker/registry-secret.json",
            "/etc/nginx/conf.d/upstream.credentials",
            "/etc/etc-release-not/x",
            "/etc",
        ] {
            assert!(unknown_config(Path::new(unknown)), "{unknown}");
        }
        assert!(!unknown_config(Path::new("/usr/share/doc/x")));
        assert!(!unknown_config(Path::new("/var/log/syslog")));
    }
}
