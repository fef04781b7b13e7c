//! Files that hold credentials, recognised by kind wherever they are: private keys and their
//! backups, dotfiles holding credentials, state files, cloud and cluster credentials, service
//! configuration with passwords, account databases and shell histories. Names are compared
//! lower-cased, after backup and editor suffixes are taken off (`id_rsa.bak`, `wp-config.php~`,
//! `.env.swp`, `terraform.tfstate.backup`).

use std::path::{Component, Path};

use crate::names::names_secret_strongly;

/// Exact file names, each with the kind of secret it holds.
const NAMES: &[(&str, &str)] = &[
    // Private keys.
    ("id_rsa", KEY),
    ("id_dsa", KEY),
    ("id_ecdsa", KEY),
    ("id_ed25519", KEY),
    ("id_ecdsa_sk", KEY),
    ("id_ed25519_sk", KEY),
    ("id_xmss", KEY),
    ("identity", KEY),
    ("authorized_keys", KEY),
    ("authorized_keys2", KEY),
    // Dotfiles that hold credentials.
    (".env", DOTFILE),
    (".envrc", DOTFILE),
    (".netrc", DOTFILE),
    ("_netrc", DOTFILE),
    (".pgpass", DOTFILE),
    (".pg_service.conf", DOTFILE),
    (".my.cnf", DOTFILE),
    (".mylogin.cnf", DOTFILE),
    (".npmrc", DOTFILE),
    (".yarnrc", DOTFILE),
    (".yarnrc.yml", DOTFILE),
    (".pypirc", DOTFILE),
    (".git-credentials", DOTFILE),
    (".gitcookies", DOTFILE),
    (".vault-token", DOTFILE),
    (".dockercfg", DOTFILE),
    (".s3cfg", DOTFILE),
    (".boto", DOTFILE),
    (".passwd-s3fs", DOTFILE),
    (".authinfo", DOTFILE),
    (".msmtprc", DOTFILE),
    (".fetchmailrc", DOTFILE),
    (".muttrc", DOTFILE),
    (".smbcredentials", DOTFILE),
    (".rediscli_auth", DOTFILE),
    (".terraformrc", DOTFILE),
    ("terraform.rc", DOTFILE),
    (".curlrc", DOTFILE),
    (".wgetrc", DOTFILE),
    ("auth.json", DOTFILE),
    ("rclone.conf", DOTFILE),
    ("cookies.txt", DOTFILE),
    ("cookies.sqlite", DOTFILE),
    // Browser stores of saved passwords and sessions.
    ("logins.json", BROWSER),
    ("logins-backup.json", BROWSER),
    ("key4.db", BROWSER),
    ("key3.db", BROWSER),
    ("signons.sqlite", BROWSER),
    ("login data", BROWSER),
    ("login data for account", BROWSER),
    ("cookies", BROWSER),
    // Mail clients and relays.
    ("passwd.client", MAIL),
    ("fetchmailrc", MAIL),
    ("msmtprc", MAIL),
    ("sasl_passwd", MAIL),
    ("sasl_passwd.db", MAIL),
    // Backup tools: repository passwords and cloud keys.
    ("restic-env", BACKUP),
    (".restic-env", BACKUP),
    ("restic-password", BACKUP),
    ("borg-passphrase", BACKUP),
    // Application configuration holding passwords or tokens.
    ("grafana.ini", SERVICE),
    ("redis.conf", SERVICE),
    ("sentinel.conf", SERVICE),
    ("sssd.conf", SERVICE),
    ("gitlab.rb", SERVICE),
    (".erlang.cookie", SERVICE),
    // Records of failed logins: users type passwords into the user name.
    ("btmp", ACCOUNTS),
    // Cloud and cluster credentials.
    ("kubeconfig", CLOUD),
    ("k3s.yaml", CLOUD),
    ("rke2.yaml", CLOUD),
    ("talosconfig", CLOUD),
    // Service configuration with passwords.
    ("wp-config.php", SERVICE),
    ("configuration.php", SERVICE),
    ("localsettings.php", SERVICE),
    ("settings.php", SERVICE),
    ("settings.local.php", SERVICE),
    ("config.inc.php", SERVICE),
    ("database.yml", SERVICE),
    ("debian.cnf", SERVICE),
    ("wpa_supplicant.conf", SERVICE),
    (".htpasswd", SERVICE),
    ("htpasswd", SERVICE),
    (".htdigest", SERVICE),
    ("htdigest", SERVICE),
    ("smbpasswd", SERVICE),
    (".smbpasswd", SERVICE),
    ("passdb.tdb", SERVICE),
    // Account databases.
    ("shadow", ACCOUNTS),
    ("gshadow", ACCOUNTS),
    ("shadow-", ACCOUNTS),
    ("gshadow-", ACCOUNTS),
    ("opasswd", ACCOUNTS),
    ("sudoers", ACCOUNTS),
];

const KEY: &str = "private keys (and their backups) are never read";
const DOTFILE: &str = "this dotfile holds credentials";
const STATE: &str = "state and variable files hold the secrets of what they describe";
const CLOUD: &str = "cloud and cluster credentials hand over the whole account";
const SERVICE: &str = "this service configuration holds passwords";
const ACCOUNTS: &str = "account databases hold password hashes and sudo rights";
const HISTORY: &str = "shell and client histories record typed passwords";
const BROWSER: &str = "browser stores hold saved passwords and sessions";
const MAIL: &str = "mail configuration holds the passwords of mail accounts";
const BACKUP: &str = "backup tools' settings hold repository passwords and cloud keys";
const NAMED_SECRET: &str = "the file is named for the secret it holds";

/// Extensions of key material and secret stores.
const KEY_EXTENSIONS: &[&str] = &[
    "pem",
    "key",
    "p12",
    "pfx",
    "p8",
    "jks",
    "jceks",
    "bks",
    "keystore",
    "pkcs12",
    "ppk",
    "gpg",
    "kdbx",
    "keytab",
    "ovpn",
    "kubeconfig",
    "secret",
    "secrets",
    "token",
    "passwd",
    "password",
    "env",
    "age",
];

/// Extensions of state and variable files (checked in any position: `prod.tfvars.json`).
const STATE_EXTENSIONS: &[&str] = &["tfstate", "tfvars"];

/// Extensions of plain data files: a file so named is judged by its stem (`db_password.txt`,
/// `node-token`, `secrets.yaml`), unlike source code (`password.go`).
const DATA_EXTENSIONS: &[&str] = &[
    "txt",
    "json",
    "yaml",
    "yml",
    "conf",
    "cfg",
    "ini",
    "toml",
    "xml",
    "properties",
    "csv",
    "tdb",
    "db",
    "dat",
    "enc",
    "b64",
    "bin",
];

/// Suffixes of backups and editor files, taken off before judging.
const BACKUP_SUFFIXES: &[&str] = &[
    "~",
    ".bak",
    ".backup",
    ".old",
    ".orig",
    ".save",
    ".sav",
    ".swp",
    ".swo",
    ".tmp",
    ".copy",
    ".prev",
    ".previous",
    ".dpkg-old",
    ".dpkg-dist",
    ".dpkg-new",
    ".rpmsave",
    ".rpmnew",
    ".ucf-old",
    ".ucf-dist",
    ".warden.bak",
];

/// Directories whose whole content is refused.
const DIRECTORIES: &[&str] = &[
    ".ssh",
    ".gnupg",
    ".aws",
    ".azure",
    ".kube",
    ".docker",
    ".oci",
    ".minikube",
    ".talos",
    ".password-store",
    "gcloud",
    "doctl",
    "hcloud",
    "sudoers.d",
    "secrets",
    "system-connections",
    // VPNs and secret stores.
    "wireguard",
    "openvpn",
    "tailscale",
    "zerotier-one",
    "nebula",
    "vault.d",
    "consul.d",
    "pgadmin",
];

/// A directory followed by a name (or another directory) that together hold credentials.
const PAIRS: &[(&str, &str)] = &[
    ("ssl", "private"),
    ("tls", "private"),
    ("kubernetes", "pki"),
    ("kubernetes", "admin.conf"),
    ("kubernetes", "super-admin.conf"),
    ("kubernetes", "kubelet.conf"),
    ("kubernetes", "bootstrap-kubelet.conf"),
    ("kubernetes", "controller-manager.conf"),
    ("kubernetes", "scheduler.conf"),
    ("gh", "hosts.yml"),
    ("share", "keyrings"),
    ("rancher", "k3s"),
    ("pgbouncer", "userlist.txt"),
    (".config", "hub"),
    ("borg", "keys"),
    ("letsencrypt", "accounts"),
    ("lib", "vault"),
    ("dovecot", "users"),
];

/// Directories of public CA certificates: a `.pem` or `.crt` there is a certificate anyone may
/// read, not key material (a private key put there is still covered by containment and
/// redaction).
const PUBLIC_CERTIFICATES: &[&str] = &[
    "/etc/ssl/certs/",
    "/usr/share/ca-certificates/",
    "/usr/local/share/ca-certificates/",
    "/etc/pki/ca-trust/extracted/",
    "/etc/pki/tls/certs/",
    "/etc/ca-certificates/",
];

/// `name` without backup and editor decorations (`.id_rsa.swp` -> `id_rsa`, `#x#` -> `x`).
fn undecorated(name: &str) -> &str {
    let mut name = name;
    loop {
        let before = name;
        if name.len() > 2 && name.starts_with('#') && name.ends_with('#') {
            name = &name[1..name.len() - 1];
        }
        for suffix in BACKUP_SUFFIXES {
            if name.len() > suffix.len()
                && let Some(stripped) = name.strip_suffix(suffix)
            {
                // Vim's swap file of `id_rsa` is `.id_rsa.swp`.
                name = if matches!(*suffix, ".swp" | ".swo") && stripped.len() > 1 {
                    stripped.strip_prefix('.').unwrap_or(stripped)
                } else {
                    stripped
                };
                break;
            }
        }
        // Numbered rotations: `id_rsa.1`, `credentials.2`.
        if let Some((stem, number)) = name.rsplit_once('.')
            && !stem.is_empty()
            && !number.is_empty()
            && number.len() <= 3
            && number.chars().all(|c| c.is_ascii_digit())
        {
            name = stem;
        }
        if name == before {
            return name;
        }
    }
}

/// Why a file name, on its own, marks a secret.
fn name_reason(raw: &str) -> Option<String> {
    let lower = raw.to_lowercase();
    let name = undecorated(&lower);
    if let Some((_, kind)) = NAMES.iter().find(|(n, _)| *n == name) {
        return Some(format!("'{raw}': {kind}"));
    }
    if name.starts_with(".env.") || name.starts_with("kubeconfig") {
        return Some(format!("'{raw}': {DOTFILE}"));
    }
    if name.starts_with("id_") && name.ends_with(".pub") {
        return Some(format!("'{raw}': {KEY}"));
    }
    if name.starts_with("ssh_host_") && name.ends_with("_key") {
        return Some(format!("'{raw}': {KEY}"));
    }
    if name.ends_with("_history") || name == ".history" || name == ".dbshell" {
        return Some(format!("'{raw}': {HISTORY}"));
    }
    if name.starts_with("credentials.")
        || name.starts_with("client_secret")
        || name.starts_with("msal_token_cache")
        || ((name.contains("service-account")
            || name.contains("serviceaccount")
            || name.contains("service_account"))
            && name.ends_with(".json"))
    {
        return Some(format!("'{raw}': {CLOUD}"));
    }
    let segments: Vec<&str> = name.split('.').collect();
    if segments
        .iter()
        .skip(1)
        .any(|s| STATE_EXTENSIONS.contains(s))
    {
        return Some(format!("'{raw}': {STATE}"));
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        Some(_) | None => (name, None),
    };
    if let Some(ext) = extension
        && KEY_EXTENSIONS.contains(&ext)
    {
        return Some(format!(
            "'{raw}': '.{ext}' files hold key material or secrets"
        ));
    }
    let judged_by_stem = extension.is_none_or(|ext| DATA_EXTENSIONS.contains(&ext));
    // `passwd` and `group` are world-readable account lists, not secrets.
    if judged_by_stem
        && !matches!(stem, "passwd" | "group" | ".passwd")
        && names_secret_strongly(stem)
    {
        return Some(format!("'{raw}': {NAMED_SECRET}"));
    }
    None
}

/// Why a path is sensitive, if it is: a sentence naming the kind of secret. The path is judged
/// as written (callers resolve it first where the file system is at hand).
pub fn sensitive_path(path: &Path) -> Option<String> {
    let components: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().to_lowercase()),
            Component::RootDir
            | Component::CurDir
            | Component::ParentDir
            | Component::Prefix(_) => None,
        })
        .collect();
    // The directory itself as well as anything below it.
    if let Some(dir) = components
        .iter()
        .find(|c| DIRECTORIES.contains(&c.as_str()))
    {
        return Some(format!("'{dir}' directories hold credentials"));
    }
    if let Some((a, b)) = components
        .windows(2)
        .map(|w| (w[0].as_str(), w[1].as_str()))
        .find(|pair| PAIRS.contains(pair))
    {
        return Some(format!("'{a}/{b}' holds credentials"));
    }
    let text = path.to_string_lossy();
    if !text.contains("/../")
        && PUBLIC_CERTIFICATES.iter().any(|dir| text.starts_with(dir))
        && path.extension().is_some_and(|ext| {
            matches!(
                ext.to_string_lossy().to_lowercase().as_str(),
                "pem" | "crt" | "cer"
            )
        })
    {
        return None;
    }
    if text.starts_with("/proc/") && (text.ends_with("/environ") || text.ends_with("/mem")) {
        return Some("process memory and environments hold secrets".to_owned());
    }
    name_reason(&path.file_name()?.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::sensitive_path as reason;
    use std::path::Path;

    #[test]
    fn refuses_credentials_of_every_kind() {
        for path in [
            "/etc/shadow",
            "/etc/gshadow-",
            "/etc/sudoers",
            "/etc/security/opasswd",
            "/srv/app/.env",
            "/srv/app/.env.production",
            "/srv/app/.envrc",
            "/home/u/.npmrc",
            "/home/u/.yarnrc.yml",
            "/home/u/.pypirc",
            "/home/u/.netrc",
            "/home/u/.pgpass",
            "/home/u/.my.cnf",
            "/home/u/.vault-token",
            "/home/u/.git-credentials",
            "/home/u/.bash_history",
            "/root/.mysql_history",
            "/home/u/.ssh/config",
            "/srv/id_ed25519",
            "/srv/id_rsa.bak",
            "/srv/id_rsa.old",
            "/srv/id_rsa~",
            "/srv/.id_rsa.swp",
            "/srv/id_ecdsa.1",
            "/srv/id_rsa.pub",
            "/etc/ssh/ssh_host_ed25519_key",
            "/etc/ssh/ssh_host_rsa_key.bak",
            "/srv/tls/server.KEY",
            "/srv/tls/server.key.orig",
            "/srv/tls/cert.pem",
            "/srv/keys/app.p12",
            "/srv/keys/putty.ppk",
            "/etc/krb5.keytab",
            "/srv/infra/terraform.tfstate",
            "/srv/infra/terraform.tfstate.backup",
            "/srv/infra/prod.tfvars",
            "/srv/infra/secrets.auto.tfvars.json",
            "/root/.aws/config",
            "/root/.azure/msal_token_cache.json",
            "/root/.config/gcloud/application_default_credentials.json",
            "/srv/credentials.json",
            "/srv/gcp/service-account-prod.json",
            "/srv/oauth/client_secret_1234.apps.googleusercontent.com.json",
            "/srv/kubeconfig",
            "/srv/kubeconfig-prod.yaml",
            "/srv/prod.kubeconfig",
            "/etc/kubernetes/admin.conf",
            "/etc/kubernetes/pki/ca.crt",
            "/etc/rancher/k3s/k3s.yaml",
            "/var/lib/rancher/k3s/server/node-token",
            "/var/www/html/wp-config.php",
            "/var/www/html/wp-config.php.bak",
            "/etc/mysql/debian.cnf",
            "/etc/nginx/.htpasswd",
            "/etc/ssl/private/site.crt",
            "/etc/postfix/sasl_passwd",
            "/etc/ppp/chap-secrets",
            "/etc/ipsec.secrets",
            "/etc/NetworkManager/system-connections/home.nmconnection",
            "/run/secrets/db_password",
            "/srv/app/db_password.txt",
            "/srv/app/api-token",
            "/srv/app/secrets.yaml",
            "/srv/app/prod.env",
            "/proc/1/environ",
            "/srv/.git-credentials",
            "/srv/credentials.yml.enc",
            "/etc/wireguard/wg0.conf",
            "/etc/openvpn/client.conf",
            "/etc/exim4/passwd.client",
            "/etc/fetchmailrc",
            "/etc/restic-env",
            "/var/lib/tailscale/tailscaled.state",
            "/etc/vault.d/vault.hcl",
            "/etc/grafana/grafana.ini",
            "/etc/redis/redis.conf",
            "/etc/pgbouncer/userlist.txt",
            "/var/lib/pgadmin/pgadmin4.db",
            "/root/.config/hub",
            "/home/u/.mozilla/firefox/abc.default/logins.json",
            "/home/u/.mozilla/firefox/abc.default/key4.db",
            "/home/u/.config/google-chrome/Default/Login Data",
            "/var/log/btmp",
            "/var/log/btmp.1",
            "/etc/msmtprc",
            "/var/lib/vault/raft/vault.db",
            "/etc/ssl/private/x.pem",
            "/etc/ssl/certs/../private/x.pem",
        ] {
            assert!(
                reason(Path::new(path)).is_some(),
                "{path} should be sensitive"
            );
        }
    }

    #[test]
    fn allows_ordinary_files() {
        for path in [
            "/srv/app/config.toml",
            "/var/log/syslog",
            "/srv/environment.md",
            "/srv/keys.txt",
            "/srv/.envrc.md",
            "/etc/passwd",
            "/etc/group",
            "/etc/hostname",
            "/etc/nginx/nginx.conf",
            "/etc/pam.d/common-auth",
            "/etc/ssh/ssh_host_ed25519_key.pub",
            "/etc/ssh/sshd_config",
            "/srv/src/password.go",
            "/srv/src/token.rs",
            "/srv/docs/password-policy.md",
            "/srv/app/tokenizer.json",
            "/srv/app/bypass.txt",
            "/srv/app/notes.txt",
            "/srv/app/keyboard.conf",
            "/srv/app/package.json",
            "/srv/app/README",
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/ssl/certs/ISRG_Root_X1.pem",
            "/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt",
            "/usr/local/share/ca-certificates/corp.pem",
            "/var/log/wtmp",
        ] {
            assert_eq!(reason(Path::new(path)), None, "{path} should be allowed");
        }
    }
}
