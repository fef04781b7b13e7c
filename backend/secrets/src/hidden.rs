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
    // systemd's credential stores (`LoadCredential=`/`LoadCredentialEncrypted=` search these),
    // the credentials it hands each service at run time, and the host key that decrypts
    // encrypted ones: every file in them is a secret.
    "/etc/credstore",
    "/etc/credstore.encrypted",
    "/run/credstore",
    "/run/credstore.encrypted",
    "/usr/local/lib/credstore",
    "/usr/local/lib/credstore.encrypted",
    "/usr/lib/credstore",
    "/usr/lib/credstore.encrypted",
    "/run/credentials",
    "/var/lib/systemd/credential.secret",
    // Other directories the path judge refuses whole, for what every file in them holds: VPN
    // and overlay-network identities, Wi-Fi passphrases, IPsec keys, Kerberos keys, the LDAP
    // root password hash, secret-store agents' configuration with their tokens.
    "/var/lib/zerotier-one",
    "/etc/nebula",
    "/var/lib/iwd",
    "/etc/swanctl",
    "/etc/ipsec.secrets",
    "/etc/ipsec.d/private",
    "/etc/krb5.keytab",
    "/etc/krb5kdc",
    "/var/lib/krb5kdc",
    "/etc/ldap/slapd.d",
    "/etc/openldap/slapd.d",
    "/etc/consul.d",
    "/etc/nomad.d",
];

#[cfg(test)]
mod tests {
    use super::CONTAINMENT_HIDDEN;
    use crate::sensitive_path;
    use std::path::Path;

    #[test]
    fn systemd_credential_stores_are_hidden() {
        for place in [
            "/etc/credstore",
            "/etc/credstore.encrypted",
            "/run/credstore",
            "/run/credstore.encrypted",
            "/usr/lib/credstore",
            "/usr/lib/credstore.encrypted",
            "/run/credentials",
            "/var/lib/systemd/credential.secret",
        ] {
            assert!(CONTAINMENT_HIDDEN.contains(&place), "{place}");
        }
    }

    /// What containment hides whole, the path judge refuses too (a file in each, or the file):
    /// the classifier and the containment must not disagree about a secret place.
    #[test]
    fn every_hidden_secret_store_is_refused_by_the_path_judge() {
        let mut disagree = Vec::new();
        for place in CONTAINMENT_HIDDEN {
            // Not secrets by kind, only kept out: home directories, container state.
            if matches!(*place, "/root" | "/var/lib/docker" | "/var/lib/containerd") {
                continue;
            }
            // `*` as what it stands for: a user, a key type, a suffix.
            let refused = ["alice", "ed25519", ""].iter().any(|stand_in| {
                let file = place.replace('*', stand_in);
                let inside = format!("{file}/x.conf");
                sensitive_path(Path::new(&file)).is_some()
                    || sensitive_path(Path::new(&inside)).is_some()
            });
            if !refused {
                disagree.push(*place);
            }
        }
        assert!(
            disagree.is_empty(),
            "hidden, but not refused by the path judge: {disagree:?}"
        );
    }
}
