//! Files that hold credentials, recognised by name, directory or extension wherever they are.

use std::path::{Component, Path};

/// File names refused exactly (lower-cased).
const NAMES: &[&str] = &[
    "shadow",
    "gshadow",
    "shadow-",
    "gshadow-",
    "sudoers",
    ".env",
    ".netrc",
    ".pgpass",
    ".git-credentials",
    "credentials",
    "authorized_keys",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "master.key",
    "jwt-signing.key",
];

/// Extensions of key material (lower-cased).
const EXTENSIONS: &[&str] = &["pem", "key", "p12", "pfx", "jks", "keystore", "gpg", "kdbx"];

/// Directories whose whole content is refused.
const DIRECTORIES: &[&str] = &[".ssh", ".gnupg", ".aws", ".kube", ".docker", "sudoers.d"];

/// Why a path is sensitive, if it is: a sentence naming the kind of secret. The path is judged
/// as written (callers resolve it first where the file system is at hand).
pub fn sensitive_path(path: &Path) -> Option<String> {
    for component in path.components() {
        let Component::Normal(part) = component else {
            continue;
        };
        let name = part.to_string_lossy().to_lowercase();
        if DIRECTORIES.contains(&name.as_str()) {
            return Some(format!("'{name}' directories hold credentials"));
        }
    }
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if NAMES.contains(&name.as_str())
        || name.starts_with(".env.")
        || (name.starts_with("id_")
            && (name.ends_with(".pub") || NAMES.contains(&name.trim_end_matches(".old"))))
    {
        return Some(format!("'{name}' is a sensitive file"));
    }
    if let Some(ext) = Path::new(&name)
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        && EXTENSIONS.contains(&ext.as_str())
    {
        return Some(format!("'.{ext}' files hold key material"));
    }
    let text = path.to_string_lossy();
    if text.starts_with("/proc/") && (text.ends_with("/environ") || text.ends_with("/mem")) {
        return Some("process memory and environments hold secrets".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::sensitive_path as reason;
    use std::path::Path;

    #[test]
    fn refuses_credentials_and_allows_ordinary_files() {
        for path in [
            "/etc/shadow",
            "/srv/app/.env",
            "/srv/app/.env.production",
            "/home/u/.ssh/config",
            "/srv/tls/server.KEY",
            "/srv/tls/cert.pem",
            "/root/.aws/config",
            "/srv/id_ed25519",
            "/proc/1/environ",
            "/srv/.git-credentials",
        ] {
            assert!(
                reason(Path::new(path)).is_some(),
                "{path} should be sensitive"
            );
        }
        for path in [
            "/srv/app/config.toml",
            "/var/log/syslog",
            "/srv/environment.md",
            "/srv/keys.txt",
            "/srv/.envrc.md",
        ] {
            assert_eq!(reason(Path::new(path)), None, "{path} should be allowed");
        }
    }
}
