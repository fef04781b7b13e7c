//! A shell wildcard read in the sandbox, which reads what `nobody` may and whose shell expands
//! the pattern there: `cat /etc/network/interfac*` reads `/etc/network/interfaces` as `cat
//! /etc/network/interfaces` would. A pattern whose last part may be a file name
//! `warden_secrets` knows is judged by that name in the pattern's directory. A last part of
//! wildcards alone (`/srv/app/*`, `*.log`) matches some name in every directory and keeps the
//! level of a wildcard (medium, the sandbox); `*` never matches a leading dot, as a shell's
//! does not.

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
    let pattern = crate::glob::bracketless(name);
    let literal = pattern.chars().filter(|c| !matches!(c, '*' | '?')).count();
    // `*.log`, `*.conf`: an extension alone says nothing of the name.
    if literal == 0 || pattern.starts_with('*') && !pattern[1..].contains(['*', '?']) && literal < 6
    {
        return None;
    }
    let dir = path.parent()?;
    warden_secrets::secret_file_names()
        .filter(|candidate| !candidate.starts_with('.') || pattern.starts_with('.'))
        .filter(|candidate| crate::glob::matches(&pattern, &candidate.to_ascii_lowercase()))
        .find_map(|candidate| {
            let file = dir.join(candidate);
            warden_secrets::sensitive_path(&file)
                .map(|why| format!("{} may expand to {}: {why}", path.display(), file.display()))
        })
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
        ] {
            assert!(secret_by_name(Path::new(pattern)).is_some(), "{pattern}");
        }
        for pattern in [
            "/srv/app/*",
            "/var/log/nginx/*.log",
            "/etc/nginx/conf.d/*.conf",
            "/etc/nginx/nginx.con?",
            "/var/log/syslog.[0-9]",
            "/etc/network/interfaces",
            "/etc/ngi*/nginx.conf",
        ] {
            assert!(secret_by_name(Path::new(pattern)).is_none(), "{pattern}");
        }
    }
}
