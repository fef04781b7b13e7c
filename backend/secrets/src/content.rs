//! Files whose content is a secret, recognised by what they hold rather than by their name: a
//! private key is the secret as a whole, so a file holding one is refused, not redacted.

/// PEM labels of private keys, each with the kind it names; any other label ending in
/// `PRIVATE KEY` is a private key too.
const KEY_LABELS: &[(&str, &str)] = &[
    ("OPENSSH PRIVATE KEY", "an OpenSSH private key"),
    ("RSA PRIVATE KEY", "an RSA private key"),
    ("DSA PRIVATE KEY", "a DSA private key"),
    ("EC PRIVATE KEY", "an EC private key"),
    ("PRIVATE KEY", "a PKCS#8 private key"),
    ("ENCRYPTED PRIVATE KEY", "an encrypted private key"),
    ("PGP PRIVATE KEY BLOCK", "a PGP private key"),
];

/// Key formats that are not PEM, by the marker they start with.
const OTHER_MARKERS: &[(&str, &str)] = &[
    ("PuTTY-User-Key-File-", "a PuTTY private key"),
    ("AGE-SECRET-KEY-1", "an age secret key"),
    // age 1.3's post-quantum (ML-KEM-768 with X25519) identities.
    ("AGE-SECRET-KEY-PQ-1", "an age secret key"),
    // Bech32 in lower case, as a key is valid written.
    ("age-secret-key-1", "an age secret key"),
    ("age-secret-key-pq-1", "an age secret key"),
    (
        "-----BEGIN OpenVPN Static key V1-----",
        "an OpenVPN static key",
    ),
    (
        "-----BEGIN OpenVPN tls-crypt-v2 client key-----",
        "an OpenVPN tls-crypt-v2 key",
    ),
    (
        "-----BEGIN OpenVPN tls-crypt-v2 server key-----",
        "an OpenVPN tls-crypt-v2 key",
    ),
    // RFC 4716's framing (`ssh.com`, `puttygen -O private-sshcom`), four dashes and blanks.
    (
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",
        "an SSH2 private key",
    ),
    ("---- BEGIN SSH2 PRIVATE KEY ----", "an SSH2 private key"),
    // minisign's and signify's secret keys, after their comment line.
    (
        "untrusted comment: minisign encrypted secret key",
        "a minisign secret key",
    ),
    (
        "untrusted comment: minisign secret key",
        "a minisign secret key",
    ),
    (
        "untrusted comment: signify secret key",
        "a signify secret key",
    ),
    // .NET's XML key format with its private exponent.
    ("<RSAKeyValue>", "an RSA key in XML"),
];

/// Why `text` is secret as a whole, if it is: it holds private key material (any PEM block
/// whose label ends in `PRIVATE KEY` or `PRIVATE KEY BLOCK`, PuTTY, age and OpenVPN static
/// keys). One scan for
/// PEM headers and one per other format, so ordinary text costs four substring searches.
pub fn sensitive_content(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let label_start = start + "-----BEGIN ".len();
        let label = rest[label_start..]
            .split("-----")
            .next()
            .unwrap_or_default();
        if label.len() <= 64
            && (label.ends_with("PRIVATE KEY") || label.ends_with("PRIVATE KEY BLOCK"))
        {
            let kind = KEY_LABELS
                .iter()
                .find(|(known, _)| *known == label)
                .map_or_else(
                    || format!("a private key ({label})"),
                    |(_, kind)| (*kind).to_owned(),
                );
            return Some(format!(
                "it holds {kind}; key material is never shown, whatever the file is called"
            ));
        }
        rest = &rest[label_start..];
    }
    // A Google service-account key, whatever its file is called (`key.json`,
    // `myproject-1a2b3c4d5e6f.json`).
    if text.contains("\"private_key\"") && text.contains("\"service_account\"") {
        return Some(
            "it holds a cloud service account's private key; key material is never shown, whatever the file is called"
                .to_owned(),
        );
    }
    // A JSON Web Key (or key set) with a private member: `"d"` (RSA, EC, OKP) or `"k"`
    // (a symmetric key).
    if (text.contains("\"kty\"")
        && (json_value_set(text, "\"d\"") || json_value_set(text, "\"k\"")))
        || (crate::text::rsa_parameters(text)
            && (json_value_set(text, "\"d\"") || json_value_set(text, "\"D\"")))
    {
        return Some(
            "it holds a private JSON Web Key; key material is never shown, whatever the file is called"
                .to_owned(),
        );
    }
    if byte_array_keypair(text) {
        return Some(
            "it holds a wallet's keypair as bytes; key material is never shown, whatever the file is called"
                .to_owned(),
        );
    }
    if wireguard_private_key(text) {
        return Some(
            "it holds a WireGuard private key; key material is never shown, whatever the file is called"
                .to_owned(),
        );
    }
    if let Some(kind) = matrix_key(text) {
        return Some(format!(
            "it holds {kind}; key material is never shown, whatever the file is called"
        ));
    }
    if let Some(kind) = credential_store(text) {
        return Some(format!(
            "it holds {kind}; credential stores are never shown, whatever the file is called"
        ));
    }
    OTHER_MARKERS
        .iter()
        .find(|(marker, _)| {
            // An XML RSA key is private only with its private exponent (`<D>`).
            text.contains(marker) && (*marker != "<RSAKeyValue>" || text.contains("<D>"))
        })
        .map(|(_, kind)| {
            format!("it holds {kind}; key material is never shown, whatever the file is called")
        })
}

/// Matrix's keys as their files hold them alone: Synapse's signing keys (`ed25519 <id>
/// <43 characters of base64>` a line, `homeserver.signing.key` under any name) and a recovery
/// key saved by a client (`EsTc LW2K ...`, twelve groups of base58).
fn matrix_key(text: &str) -> Option<&'static str> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let base64 = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/'))
    };
    let signing = !lines.is_empty()
        && lines.iter().all(|line| {
            let words: Vec<&str> = line.split(' ').collect();
            matches!(words.as_slice(), ["ed25519", id, seed]
                if !id.is_empty() && seed.len() == 43 && base64(seed))
        });
    if signing {
        return Some("a Matrix server's signing key");
    }
    let base58 = |w: &str| {
        w.len() == 4
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() && !matches!(c, '0' | 'O' | 'I' | 'l'))
    };
    let recovery = lines.len() == 1 && {
        let groups: Vec<&str> = lines[0].split(' ').collect();
        groups.len() == 12 && groups[0].starts_with("Es") && groups.iter().all(|g| base58(g))
    };
    recovery.then_some("a Matrix recovery key")
}

/// A WireGuard configuration with its interface's private key (`[Interface]` then
/// `PrivateKey = <44 characters of base64>`), as `wg-quick`, PiVPN (`~/configs/phone.conf`)
/// and wg-easy write client configurations under any name. A template's placeholder
/// (`PrivateKey = <your key>`, `${WG_KEY}`) is not a key.
fn wireguard_private_key(text: &str) -> bool {
    let mut interface = false;
    text.lines().any(|line| {
        let line = line.trim();
        if line.starts_with('[') {
            interface = line.eq_ignore_ascii_case("[interface]");
            return false;
        }
        interface
            && line.split_once('=').is_some_and(|(name, value)| {
                let value = value.trim();
                name.trim().eq_ignore_ascii_case("privatekey")
                    && value.len() == 44
                    && value.ends_with('=')
                    && value[..43]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
            })
    })
}

/// A keypair written as a JSON array of its 64 bytes, as Solana's CLI (`solana-keygen new`:
/// `id.json`, `deployer-keypair.json`) and other Ed25519 wallets save it: the first 32 bytes
/// are the private key.
fn byte_array_keypair(text: &str) -> bool {
    let Some(inner) = text
        .trim()
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    else {
        return false;
    };
    let items: Vec<&str> = inner.split(',').map(str::trim).collect();
    items.len() == 64 && items.iter().all(|item| item.parse::<u8>().is_ok())
}

/// Credential stores whose usual names are too generic to refuse by name (`config.json`,
/// `admin.conf`, `config`), recognised by their shape: a container registry's `auths` with a
/// credential in them (Docker, Podman, `.dockercfg`), and a kubeconfig with a user's key,
/// token or password.
fn credential_store(text: &str) -> Option<&'static str> {
    let registry = (text.contains("\"auths\"") || text.contains("\"email\""))
        && [
            "\"auth\"",
            "\"identitytoken\"",
            "\"registrytoken\"",
            "\"password\"",
        ]
        .iter()
        .any(|key| json_value_set(text, key));
    if registry {
        return Some("a container registry's credentials");
    }
    if text.contains("client-key-data:") {
        return Some("a kubeconfig's client key");
    }
    let kubeconfig =
        text.contains("clusters:") && (text.contains("users:") || text.contains("kind: Config"));
    let credential = text.lines().any(|line| {
        let line = line.trim_start().trim_start_matches("- ");
        [
            "token:",
            "password:",
            "id-token:",
            "refresh-token:",
            "access-token:",
            "client-secret:",
        ]
        .iter()
        .any(|key| {
            line.strip_prefix(key)
                .is_some_and(|value| !matches!(value.trim(), "" | "\"\"" | "''" | "null"))
        })
    });
    if kubeconfig && credential {
        return Some("a kubeconfig's user credentials");
    }
    ansible_inventory_password(text).then_some("an Ansible inventory's login passwords")
}

/// The connection and privilege passwords an Ansible inventory may give its hosts.
const ANSIBLE_PASSWORDS: &[&str] = &[
    "ansible_password",
    "ansible_ssh_pass",
    "ansible_ssh_password",
    "ansible_become_pass",
    "ansible_become_password",
    "ansible_sudo_pass",
    "ansible_sudo_password",
    "ansible_winrm_password",
    "ansible_httpapi_pass",
    "ansible_httpapi_password",
    "ansible_net_password",
];

/// Whether `text` gives a host an Ansible password in clear, in an INI inventory
/// (`web1 ansible_host=10.0.0.5 ansible_password=x`) or a YAML one (`ansible_password: x`),
/// under any file name. A variable (`{{ vault_pw }}`), a vaulted value (`!vault |`) or an
/// empty one is no password in clear.
fn ansible_inventory_password(text: &str) -> bool {
    if !text.contains("ansible_") {
        return false;
    }
    text.lines().any(|line| {
        let lower = line.to_ascii_lowercase();
        ANSIBLE_PASSWORDS.iter().any(|name| {
            lower.match_indices(name).any(|(at, _)| {
                let before = lower[..at].chars().next_back();
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return false;
                }
                let rest = lower[at + name.len()..].trim_start();
                let Some(value) = rest.strip_prefix(['=', ':']) else {
                    return false;
                };
                let value = value.trim().trim_matches(['"', '\'']);
                !(value.is_empty()
                    || value.starts_with("{{")
                    || value.starts_with("!vault")
                    || value.starts_with("$ansible_vault"))
            })
        })
    })
}

/// Whether a JSON key (quoted) appears with a non-empty string value: `"auth": "Ym9i..."`.
fn json_value_set(text: &str, key: &str) -> bool {
    text.match_indices(key).any(|(at, _)| {
        let rest = text[at + key.len()..].trim_start();
        rest.strip_prefix(':')
            .map(str::trim_start)
            .and_then(|value| value.strip_prefix('"'))
            .is_some_and(|value| !value.starts_with('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::sensitive_content;

    #[test]
    fn ansible_inventories_with_passwords_in_clear() {
        for inventory in [
            "[web]\nweb1 ansible_host=10.0.0.5 ansible_user=admin ansible_password=s3cret\n",
            "all:\n  hosts:\n    db1:\n      ansible_become_pass: 'r00t'\n",
        ] {
            assert!(sensitive_content(inventory).is_some(), "{inventory}");
        }
        for inventory in [
            "[web]\nweb1 ansible_host=10.0.0.5 ansible_password=\"{{ vault_pw }}\"\n",
            "db1:\n  ansible_become_pass: !vault |\n    $ANSIBLE_VAULT;1.1;AES256\n",
            "[web]\nweb1 ansible_host=10.0.0.5 ansible_user=admin\n",
            "# set ansible_password in the vault\n",
            "x_ansible_password=foo\n",
        ] {
            assert!(sensitive_content(inventory).is_none(), "{inventory}");
        }
    }

    #[test]
    fn private_keys_are_recognised_by_content() {
        for key in [
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
            "junk before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n",
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----",
            "-----BEGIN SSH2 ENCRYPTED PRIVATE KEY-----\nxx",
            "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n",
            "# created: 2024\nAGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF",
            "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: \"x\"\nP2/56w\n",
            "untrusted comment: minisign encrypted secret key\nRWRTY0IyAAAA\n",
            "untrusted comment: signify secret key\nRWRCSwAAAA\n",
            "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83O\",\"y\":\"x_FE\",\"d\":\"jpsQ\"}",
            "{\"keys\": [{\"kty\": \"oct\", \"k\": \"GawgguFyGrWKav7AX4VKUg\"}]}",
            "<RSAKeyValue><Modulus>xA7S</Modulus><Exponent>AQAB</Exponent><D>Fijk</D></RSAKeyValue>",
            "#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\ne1a2\n",
            "{\n  \"type\": \"service_account\",\n  \"project_id\": \"p\",\n  \"private_key_id\": \"1\",\n  \"private_key\": \"x\"\n}",
            // Docker and Podman auth files, old `.dockercfg`.
            "{\n\t\"auths\": {\n\t\t\"ghcr.io\": {\n\t\t\t\"auth\": \"Ym9iOmh1bnRlcjI=\"\n\t\t}\n\t}\n}",
            "{\"auths\":{\"registry.example.com\":{\"identitytoken\":\"abc\"}}}",
            "{\"https://index.docker.io/v1/\":{\"auth\":\"Ym9iOmh1bnRlcjI=\",\"email\":\"b@x\"}}",
            // Kubeconfigs under any name (`admin.conf` copied out of `/etc/kubernetes`).
            "apiVersion: v1\nclusters:\n- cluster:\n    server: https://k\nusers:\n- name: admin\n  user:\n    client-certificate-data: LS0t\n    client-key-data: LS0tLS1CRUdJTi\n",
            "apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: ci\n  user:\n    token: eyJhbGciOi\n",
            "clusters:\n- name: c\nusers:\n- name: u\n  user:\n    password: hunter2\n",
        ] {
            assert!(sensitive_content(key).is_some(), "{key}");
        }
        for plain in [
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
            "-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host",
            // Public halves: a JWK set without private members, minisign's public key, an XML
            // RSA public key.
            "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"0vx7\",\"e\":\"AQAB\",\"kid\":\"1\"}]}",
            "untrusted comment: minisign public key 4A2B\nRWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n",
            "<RSAKeyValue><Modulus>xA7S</Modulus><Exponent>AQAB</Exponent></RSAKeyValue>",
            "server { listen 80; }",
            "",
            // A Docker config with a credential helper only, daemon settings, a kubeconfig
            // relying on an exec plugin, a CI file naming a token by reference.
            "{\"auths\":{\"ghcr.io\":{}},\"credsStore\":\"desktop\"}",
            "{\"auths\": {\"x\": {\"auth\": \"\"}}}",
            "{\"log-driver\": \"json-file\", \"data-root\": \"/var/lib/docker\"}",
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\nusers:\n- name: u\n  user:\n    exec:\n      command: aws\n",
            "steps:\n  - uses: actions/checkout@v4\n    with:\n      token: ${{ secrets.GH }}\n",
        ] {
            assert_eq!(sensitive_content(plain), None, "{plain}");
        }
    }
}
