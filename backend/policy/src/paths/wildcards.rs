//! A shell wildcard read in the sandbox, which reads what `nobody` may and whose shell expands
//! the pattern there: `cat /etc/network/interfac*` reads `/etc/network/interfaces` as `cat
//! /etc/network/interfaces` would. A pattern whose last part may be a file name
//! `warden_secrets` knows is judged by that name in the pattern's directory. A broad last part
//! (wildcards alone or an extension alone: `*`, `*.yml`) matches some name in every directory:
//! in the system's packaged places (`/etc/nginx/conf.d/*.conf`, `/var/log/*`) it keeps the
//! level of a wildcard (medium, the sandbox), while in an application's own directory
//! (`/srv/app/config/*.yml`, `/var/www/html/*.php`, `/etc/myapp/*`) it is judged by every
//! secret name it may match (`database.yml`, `wp-config.php`), as the name itself would be;
//! `*` never matches a leading dot, as a shell's does not.

use std::path::Path;

/// Why reading the wildcard `path` (absolute, normal) may read a secret by name, if it may.
pub(super) fn secret_by_name(path: &Path) -> Option<String> {
    secret_file(path).or_else(|| secret_under_directory(path))
}

/// A file whose name is known to hold secrets (in its directory) under a directory given by a
/// wildcard (`/etc/netw*/interfaces`, `/etc/ansi?le/hosts`): judged with each directory name
/// `warden_secrets` knows such files under.
fn secret_under_directory(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let parent = path.parent()?;
    let dir = parent.file_name()?.to_str()?;
    if name.contains(['*', '?', '[']) || !dir.contains(['*', '?', '[']) {
        return None;
    }
    let pattern = crate::glob::bracketless(dir);
    let above = parent.parent()?;
    // `/proc/*/status`, `/sys/class/net/*/address`: every process's or device's directory.
    if broad(&pattern) && packaged_place(above) {
        return None;
    }
    warden_secrets::secret_directory_names()
        .filter(|candidate| !candidate.starts_with('.') || pattern.starts_with('.'))
        .filter(|candidate| crate::glob::matches(&pattern, candidate))
        .find_map(|candidate| {
            let file = above.join(candidate).join(name);
            warden_secrets::sensitive_path(&file)
                .map(|why| format!("{} may expand to {}: {why}", path.display(), file.display()))
        })
}

/// A last part of the pattern that may be a file name known to hold secrets.
fn secret_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    if !name.contains(['*', '?', '[']) {
        return None;
    }
    let dir = path.parent()?;
    warden_secrets::secret_file_names()
        .filter(|candidate| may_name(name, dir, &candidate.to_ascii_lowercase()))
        .find_map(|candidate| {
            let file = dir.join(candidate);
            warden_secrets::sensitive_path(&file)
                .map(|why| format!("{} may expand to {}: {why}", path.display(), file.display()))
        })
}

/// Whether the wildcard `name` (a path's last part, in the directory `dir`) may expand to the
/// file name `candidate` there, for judging it by that name. A broad pattern (`*`, `*.conf`)
/// says nothing of the name in the system's packaged places, whose files are judged by their
/// places; anywhere else it may be any name its shape allows.
pub(super) fn may_name(name: &str, dir: &Path, candidate: &str) -> bool {
    if !name.contains(['*', '?', '[']) {
        return false;
    }
    let pattern = crate::glob::bracketless(name);
    if broad(&pattern) && packaged_place(dir) {
        return false;
    }
    (!candidate.starts_with('.') || pattern.starts_with('.'))
        && crate::glob::matches(&pattern, candidate)
}

/// Whether a pattern (brackets already made `?`) says nothing of the name it matches:
/// wildcards alone (`*`) or an extension alone (`*.log`).
fn broad(pattern: &str) -> bool {
    let literal = pattern.chars().filter(|c| !matches!(c, '*' | '?')).count();
    literal == 0 || pattern.starts_with('*') && !pattern[1..].contains(['*', '?']) && literal < 6
}

/// Trees whose files the system's packages install and root keeps, with the configuration in
/// `/etc` known to be readable by everyone (`paths/world_readable.rs`): what a broad wildcard
/// there reads is judged by its place. An application's own directory (`/srv`, `/opt`,
/// `/var/www`, a home, `/etc/myapp`) is not one.
const PACKAGED_TREES: &[&str] = &[
    "/usr", "/proc", "/sys", "/dev", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
    "/var/log",
];

fn packaged_place(dir: &Path) -> bool {
    let config = ["/etc", "/boot", "/usr/local/etc"]
        .iter()
        .any(|tree| super::uncontained::inside(dir, tree));
    if config {
        // Its files' place, as a file there would be judged.
        return !super::world_readable::unknown_config(&dir.join("x"));
    }
    dir.is_absolute()
        && PACKAGED_TREES
            .iter()
            .any(|tree| super::uncontained::inside(dir, tree))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_that_may_name_a_secret() {
        for pattern in [
            "/etc/network/interfac*",
            "/etc/odbc.in?",
            "/etc/pip.con?",
            "/etc/ansible/host?",
            "/srv/app/.[e]nv",
            "/srv/app/.en*",
            "/var/www/html/wp-config.*",
            "/etc/netw*/interfaces",
            "/etc/ansi?le/hosts",
            "/srv/app/config/*.yml",
            "/srv/app/config/*",
            "/var/www/html/*.php",
            "/opt/app/*.json",
            "/srv/app/*",
            "/etc/myapp/*.conf",
            "/etc/*/interfaces",
        ] {
            assert!(secret_by_name(Path::new(pattern)).is_some(), "{pattern}");
        }
        for pattern in [
            "/srv/app/logs/*.log",
            "/etc/nginx/conf.d/*",
            "/var/log/nginx/*.log",
            "/etc/nginx/conf.d/*.conf",
            "/etc/nginx/nginx.con?",
            "/var/log/syslog.[0-9]",
            "/etc/network/interfaces",
            "/etc/ngi*/nginx.conf",
            "/proc/*/status",
            "/sys/class/net/*/address",
            "/var/log/*/error.log",
        ] {
            assert!(secret_by_name(Path::new(pattern)).is_none(), "{pattern}");
        }
    }
}
