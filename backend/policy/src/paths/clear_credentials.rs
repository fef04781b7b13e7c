//! Configuration readable by everyone that customarily holds credentials in the clear: the
//! mount table (a CIFS mount's `password=` and `credentials=`), the system-wide environment and
//! the daemon defaults that set proxies with their passwords (`/etc/environment`,
//! `/etc/default/docker`, `/etc/sysconfig/docker`, `/etc/sysconfig/proxy`), and compose files
//! (a service's `environment:` literals, what `docker compose config` prints), and the mount
//! units systemd generates from the mount table. Containment's
//! `nobody` reads them, and redaction knows no shape of every value they hold (a password in a
//! comma-separated option list, a key under a service's own name), so reading one is high on
//! both paths. Naming them (`ls`, `stat`) stays low; warden-secrets' `sensitive_path` is left
//! to files that are secrets whole, since the other tools ask it too.

use std::path::Path;

use super::uncontained::inside;

/// Places (each with everything below it; a component may hold `*`).
const PLACES: &[&str] = &[
    "/etc/fstab",
    "/etc/fstab.d",
    "/etc/environment",
    "/etc/environment.d",
    "/etc/default/docker",
    "/etc/sysconfig/docker*",
    "/etc/sysconfig/proxy",
    // The units systemd generates from /etc/fstab (`Options=` carries each mount's options).
    "/run/systemd/generator",
    "/run/systemd/generator.early",
    "/run/systemd/generator.late",
];

/// Whether a file name is a compose file's (`docker-compose.yml`, `compose.yaml`,
/// `docker-compose.prod.yml`, `compose.override.yaml`).
fn compose_file(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    (name.starts_with("docker-compose") || name.starts_with("compose."))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// Why reading `path` (lexically normal) prints credentials kept in the clear, if it does.
pub(super) fn clear_credentials(path: &Path) -> Option<String> {
    let place = PLACES.iter().find(|place| inside(path, place));
    let compose = path
        .file_name()
        .and_then(|name| name.to_str())
        .is_some_and(compose_file);
    (place.is_some() || compose).then(|| {
        format!(
            "{} is readable by everyone but customarily holds credentials in the clear (mount passwords, proxy passwords, services' environment), in shapes redaction does not know",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_with_clear_credentials_is_known_by_place_and_name() {
        for held in [
            "/etc/fstab",
            "/etc/environment",
            "/etc/default/docker",
            "/etc/sysconfig/docker",
            "/etc/sysconfig/docker-network",
            "/etc/sysconfig/proxy",
            "/run/systemd/generator/mnt-share.mount",
            "/srv/app/docker-compose.yml",
            "/opt/app/compose.yaml",
            "docker-compose.prod.yaml",
            "/work/repo/Docker-Compose.YML",
        ] {
            assert!(clear_credentials(Path::new(held)).is_some(), "{held}");
        }
        for plain in [
            "/etc/hosts",
            "/etc/default/grub",
            "/etc/sysconfig/selinux",
            "/etc/fstab-notes/x",
            "/srv/app/compose.json",
            "/srv/app/composer.yml",
            "/srv/app/Dockerfile",
        ] {
            assert!(clear_credentials(Path::new(plain)).is_none(), "{plain}");
        }
    }
}
