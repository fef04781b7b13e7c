//! Places every contained program is kept from, in one list for the containment that hides
//! them (`warden-sandbox`, landlock) and the classifier that judges commands nothing contains
//! (`warden-policy`, `ssh_exec`): two copies could drift apart, and a path hidden on the host but
//! not judged high over SSH would be read there at `low`.

/// Paths hidden from every contained program, besides those the configuration names (Warden's
/// data directory, SSH keys of `ssh_exec`). `*` matches any part of one path component.
pub const CONTAINMENT_HIDDEN: &[&str] = &[
    "/etc/shadow*",
    "/etc/gshadow*",
    "/etc/sudoers",
    "/etc/sudoers.d",
    "/etc/ssh/ssh_host_*_key",
    "/etc/ssl/private",
    "/root",
    "/home/*/.ssh",
    "/home/*/.gnupg",
    "/home/*/.aws",
    "/home/*/.kube",
    "/home/*/.docker",
    "/home/*/.pgpass",
    "/home/*/.netrc",
    "/home/*/.git-credentials",
    "/run/secrets",
    "/var/lib/docker",
    "/var/lib/containerd",
    // VPN keys, secret stores, and service settings that hold passwords (the classifier judges
    // reading them high as well).
    "/etc/wireguard",
    "/etc/openvpn",
    "/etc/NetworkManager/system-connections",
    "/var/lib/tailscale",
    "/etc/vault.d",
    "/var/lib/pgadmin",
    "/etc/exim4/passwd.client",
    "/etc/fetchmailrc",
    "/etc/restic-env",
    "/etc/postfix/sasl_passwd*",
    "/etc/pgbouncer/userlist.txt",
    "/etc/grafana/grafana.ini",
    "/etc/redis/redis.conf",
];
