//! Directories every user and service must be able to enter (search, the execute bit on a
//! directory) to run programs, load libraries, read settings, open devices and write
//! temporary files: taken from others (`chmod 700 /etc`, `chmod o-x /usr`) or handed to
//! another owner (`chown alice /usr/bin`, who may then change it), every program that does not
//! run as root fails, every service and login with them. A directory only root needs (`/root`,
//! `/etc/ssh`) or one user's own (`/home/alice`) is not among them.

/// The directories themselves (normalised: `/bin` is `/usr/bin` on a merged system, and is
/// listed for the others).
const SEARCHED_DIRS: &[&str] = &[
    "/",
    "/usr",
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/usr/lib32",
    "/usr/lib64",
    "/usr/libx32",
    "/usr/libexec",
    "/usr/share",
    "/usr/local",
    "/usr/local/bin",
    "/usr/local/lib",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/etc",
    "/var",
    "/var/lib",
    "/var/tmp",
    "/var/run",
    "/tmp",
    "/dev",
    "/dev/shm",
    "/run",
    "/proc",
    "/sys",
];

/// The directories whose every entry is a program or library everyone runs or loads: a
/// wildcard for all of them (`/usr/bin/*`) takes search or execute from each.
const PROGRAM_AND_LIBRARY_DIRS: &[&str] = &[
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/usr/lib64",
    "/usr/libexec",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
];

/// The directories every user must be able to enter, as paths a filter may choose (`find`).
pub fn searched_dirs() -> impl Iterator<Item = String> {
    SEARCHED_DIRS.iter().map(|dir| (*dir).to_owned())
}

/// Whether the normalised path `text` is such a directory, or a wildcard that can match one
/// (`/e?c`, `/*`), or every entry of a program or library directory (`/usr/bin/*`).
pub fn is_searched_dir(text: &str) -> bool {
    let text = text.trim_end_matches('/');
    let text = if text.is_empty() { "/" } else { text };
    if !text.contains(['*', '?', '[']) {
        return SEARCHED_DIRS.contains(&text);
    }
    let pattern = crate::programs::destroy::brackets_as_any(text);
    if SEARCHED_DIRS
        .iter()
        .any(|dir| crate::glob::matches(&pattern, dir))
    {
        return true;
    }
    let Some((parent, last)) = pattern.rsplit_once('/') else {
        return false;
    };
    last.chars().all(|c| matches!(c, '*' | '?'))
        && last.contains('*')
        && PROGRAM_AND_LIBRARY_DIRS
            .iter()
            .any(|dir| crate::glob::matches(parent, dir))
}

#[cfg(test)]
mod tests {
    use super::is_searched_dir;

    #[test]
    fn system_directories_and_wildcards_for_them() {
        for path in [
            "/",
            "/etc",
            "/etc/",
            "/usr",
            "/usr/bin",
            "/bin",
            "/lib64",
            "/tmp",
            "/proc",
            "/e?c",
            "/*",
            "/usr/bin/*",
            "/us?/bin/*",
            "/[e]tc",
        ] {
            assert!(is_searched_dir(path), "{path}");
        }
        for path in [
            "/root",
            "/home/alice",
            "/etc/ssh",
            "/etc/motd",
            "/etc/ssh/sshd_config",
            "/srv/app",
            "/tmp/x",
            "/etc/*",
            "/usr/bin/python3",
        ] {
            assert!(!is_searched_dir(path), "{path}");
        }
    }
}
