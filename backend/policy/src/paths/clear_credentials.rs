//! Configuration readable by everyone that customarily holds credentials in the clear: the
//! mount table (a CIFS mount's `password=` and `credentials=`) and autofs maps, the mount units
//! systemd generates from the mount table, the system-wide environment and the settings of
//! proxies with their passwords (`/etc/environment`, `/etc/default/docker`,
//! `/etc/sysconfig/docker`, `/etc/sysconfig/proxy`, wget's, dnf's, yum's and apt's, services'
//! proxy drop-ins and the service managers' default environment, login scripts; the container
//! daemons' configuration with its proxies and registry logins), and compose files (a
//! service's `environment:` literals, what `docker compose config` prints). Containment's
//! `nobody` reads them, and redaction knows no shape of every value they hold (a password in
//! a comma-separated option list, a key under a service's own name), so reading one is high
//! on both paths. Naming them (`ls`, `stat`) stays
//! low; warden-secrets' `sensitive_path` is left to files that are secrets whole, since the
//! other tools ask it too.

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
    // Proxy settings with their passwords, world-readable where their packages or guides put
    // them: wget's `proxy_password`, dnf's and yum's `proxy_password`, apt's
    // `Acquire::http::Proxy "http://user:pass@…"` snippets, the drop-in docker's guide has one
    // write (`Environment="HTTPS_PROXY=…"`), login scripts exporting `http_proxy`.
    "/etc/wgetrc",
    "/etc/dnf/dnf.conf",
    "/etc/yum.conf",
    "/etc/apt/apt.conf",
    "/etc/apt/apt.conf.d/*proxy*",
    "/etc/apt/apt.conf.d/*Proxy*",
    // Services' proxy drop-ins wherever systemd reads units from (the system's and the
    // users' managers, the runtime units, the packages' own), and the managers' own drop-ins
    // (`DefaultEnvironment="HTTP_PROXY=http://user:pass@…"` for every service).
    "/etc/systemd/*/*.d/*proxy*",
    "/etc/systemd/*/*.d/*Proxy*",
    "/etc/systemd/*/*.d/*PROXY*",
    "/run/systemd/*/*.d/*proxy*",
    "/usr/lib/systemd/*/*.d/*proxy*",
    "/lib/systemd/*/*.d/*proxy*",
    "/etc/systemd/system.conf.d",
    "/etc/systemd/user.conf.d",
    // The container daemons' own configuration: docker's `proxies` (`"http-proxy":
    // "http://user:pass@…"`) and registry mirrors with credentials in the URL, containerd's
    // registry `auth` sections (`username`, `password`, `auth`).
    "/etc/docker/daemon.json",
    "/etc/containerd/config.toml",
    "/etc/profile.d/*proxy*",
    // autofs maps: a CIFS entry's options carry `password=` as fstab's do.
    "/etc/auto.*",
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
            "/etc/wgetrc",
            "/etc/apt/apt.conf.d/95proxy",
            "/etc/apt/apt.conf.d/01Proxy",
            "/etc/systemd/system/docker.service.d/http-proxy.conf",
            "/etc/systemd/user/docker.service.d/http-proxy.conf",
            "/run/systemd/system/docker.service.d/http-proxy.conf",
            "/usr/lib/systemd/system/containerd.service.d/10-proxy.conf",
            "/etc/systemd/system.conf.d/proxy.conf",
            "/etc/docker/daemon.json",
            "/etc/containerd/config.toml",
            "/etc/profile.d/proxy.sh",
            "/etc/auto.cifs",
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
            "/etc/apt/apt.conf.d/20auto-upgrades",
            "/etc/profile.d/bash_completion.sh",
            "/etc/systemd/system/nginx.service.d/override.conf",
            "/etc/systemd/system.conf",
            "/etc/docker/certs.d/registry:5000/ca.crt",
        ] {
            assert!(clear_credentials(Path::new(plain)).is_none(), "{plain}");
        }
    }
}
