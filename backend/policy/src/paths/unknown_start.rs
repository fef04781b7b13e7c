//! A relative wildcard where the line starts. The caller's working directory is not shown by
//! the line (a service's is `/`, an administrator's shell may sit in `/etc` or `/usr/bin`), so
//! `shred -u *`, `: > *` or `chown nobody *` may reach every file the machine needs there. Such
//! a word is judged as it would name in each directory holding those files, and the strictest
//! judgement counts; a name that no wildcard holds (`build`) stays a name, and a line that
//! moved to a directory it shows (`cd /tmp/build && shred -u *`) is judged there.

/// Directories a working directory may be, with the files there the machine needs to boot
/// and be reached: the account database and the settings, the programs, the C library, the
/// kernels and the disks.
const START_DIRS: &[(&str, &[&str])] = &[
    (
        "/etc",
        &[
            "passwd",
            "shadow",
            "group",
            "gshadow",
            "sudoers",
            "fstab",
            "nsswitch.conf",
            "ld.so.preload",
        ],
    ),
    (
        "/etc/pam.d",
        &["common-auth", "system-auth", "sshd", "login", "su", "sudo"],
    ),
    ("/etc/ssh", &["sshd_config"]),
    (
        "/usr/bin",
        &["bash", "sh", "dash", "sudo", "su", "login", "busybox"],
    ),
    ("/usr/sbin", &["sshd", "init"]),
    ("/usr/lib/systemd", &["systemd"]),
    (
        "/usr/lib/x86_64-linux-gnu",
        &["libc.so.6", "ld-linux-x86-64.so.2"],
    ),
    ("/boot", &["vmlinuz", "initrd.img", "initramfs-linux.img"]),
    ("/dev", &["sda", "vda", "nvme0n1", "xvda", "mmcblk0"]),
];

/// The files the machine needs that the relative wildcard `word` (`*`, `./*`, `.*`,
/// `*.conf`, `[a-z]*`) may name where the line starts, as absolute paths; empty for any
/// other word. Only one component is followed: a wildcard below a named directory
/// (`build/*`) names that directory's files.
pub fn as_in_start_dirs(word: &str) -> Vec<String> {
    if word.starts_with(['/', '~', '$', '-']) {
        return Vec::new();
    }
    if !word.contains(['*', '?', '[']) {
        return as_named_in_start_dirs(word);
    }
    let mut rest = word;
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    let rest = rest.trim_end_matches('/');
    // A value the line cannot show is judged apart; a word with an expansion is not a
    // wildcard alone.
    if rest.is_empty() || rest.contains(['/', '$', '`']) {
        return Vec::new();
    }
    let patterns: Vec<String> = braces(rest)
        .iter()
        .filter(|alternative| alternative.contains(['*', '?', '[']))
        .map(|alternative| crate::glob::bracketless(alternative))
        .collect();
    START_DIRS
        .iter()
        .flat_map(|(dir, names)| {
            names
                .iter()
                .filter(|name| patterns.iter().any(|p| crate::glob::matches(p, name)))
                .map(move |name| format!("{dir}/{name}"))
        })
        .collect()
}

/// The system directories a working directory of `/` holds: `rm -rf etc` there is `rm -rf
/// /etc`.
const ROOT_DIRS: &[&str] = &[
    "etc", "usr", "bin", "sbin", "lib", "lib64", "boot", "root", "home", "var", "dev",
];

/// `rm -f passwd`, `: > shadow` where the line starts: a plain name (`passwd`, `./passwd`,
/// `{passwd,group}`) is judged as each file the machine needs of that name in the
/// directories of [`START_DIRS`].
fn as_named_in_start_dirs(word: &str) -> Vec<String> {
    let mut rest = word;
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() || rest.contains(['/', '$', '`', '\\', '"', '\'']) {
        return Vec::new();
    }
    let names = braces(rest);
    START_DIRS
        .iter()
        .flat_map(|(dir, known)| {
            known
                .iter()
                .filter(|name| names.iter().any(|n| n == *name))
                .map(move |name| format!("{dir}/{name}"))
        })
        .collect()
}

/// `rm -f etc/passwd`, `rm -rf usr/bin`, `shred -u ../../etc/shadow` where the line starts:
/// a relative path of more than one component, judged from `/` and from the directories
/// whose parents hold the system's files (`..` climbing from there), as the absolute paths it
/// may be. The directories of devices, kernels and libraries are left out: below them a
/// build's own paths (`build/libx.so`, `out/disk.img`) would be taken for the system's.
pub fn as_relative_in_start_dirs(word: &str) -> Vec<String> {
    let mut rest = word;
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    if rest.starts_with(['/', '~', '$', '-'])
        || rest.contains(['*', '?', '[', '$', '`'])
        || !rest.trim_end_matches('/').contains('/')
    {
        return Vec::new();
    }
    // Only a path that climbs (`../passwd`) reaches the system's files from below them.
    let dirs: &[&str] = if rest.starts_with("../") {
        &["", "/etc/ssh", "/etc/pam.d", "/usr/bin", "/usr/sbin"]
    } else {
        &[""]
    };
    let mut paths: Vec<String> = dirs
        .iter()
        .map(|dir| super::system_path(&format!("{dir}/{rest}")))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// `rm -rf etc`, `chown -R nobody usr` where the line starts: a plain name of a system
/// directory (`etc`, `./usr/`) is that directory where the line starts in `/`.
pub fn as_root_dir(word: &str) -> Option<String> {
    let mut rest = word;
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    let rest = rest.trim_end_matches('/');
    ROOT_DIRS.contains(&rest).then(|| format!("/{rest}"))
}

/// The words the shell's brace expansion makes of `word` (`{a,*}` is `a` and `*`), the
/// first group expanded and the rest in turn; a word without a group is itself.
fn braces(word: &str) -> Vec<String> {
    let Some(open) = word.find('{') else {
        return vec![word.to_owned()];
    };
    let Some(close) = word[open..].find('}').map(|at| open + at) else {
        return vec![word.to_owned()];
    };
    let inner = &word[open + 1..close];
    if !inner.contains(',') {
        return vec![word.to_owned()];
    }
    inner
        .split(',')
        .flat_map(|part| braces(&format!("{}{part}{}", &word[..open], &word[close + 1..])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::as_in_start_dirs;

    #[test]
    fn relative_wildcards_are_tried_in_each_directory() {
        assert!(as_in_start_dirs("*").contains(&"/etc/shadow".to_owned()));
        assert!(as_in_start_dirs("./*").contains(&"/usr/bin/bash".to_owned()));
        assert!(as_in_start_dirs("[a-z]*").contains(&"/dev/sda".to_owned()));
        assert_eq!(as_in_start_dirs("*.conf"), ["/etc/nsswitch.conf"]);
        assert!(as_in_start_dirs("{a,b,*}").contains(&"/etc/passwd".to_owned()));
        assert_eq!(as_in_start_dirs("passwd"), ["/etc/passwd"]);
        assert_eq!(as_in_start_dirs("./shadow"), ["/etc/shadow"]);
        assert_eq!(super::as_root_dir("./etc/"), Some("/etc".to_owned()));
        let relative = super::as_relative_in_start_dirs("../../etc/passwd");
        assert!(relative.contains(&"/etc/passwd".to_owned()), "{relative:?}");
        assert!(super::as_relative_in_start_dirs("usr/bin").contains(&"/usr/bin".to_owned()));
        assert!(super::as_relative_in_start_dirs("passwd").is_empty());
        assert!(super::as_relative_in_start_dirs("./build").is_empty());
        assert_eq!(super::as_relative_in_start_dirs("./build/x"), ["/build/x"]);
        assert!(super::as_relative_in_start_dirs("/etc/passwd").is_empty());
        assert_eq!(super::as_root_dir("build"), None);
        assert!(as_in_start_dirs("{group,gshadow}").contains(&"/etc/gshadow".to_owned()));
        assert!(as_in_start_dirs("bash").contains(&"/usr/bin/bash".to_owned()));
        for word in [
            "*.log",
            "build",
            "/etc/*",
            "build/*",
            "$X*",
            "-*",
            "~/*",
            "etc/passwd",
            "passwd.bak",
        ] {
            assert!(as_in_start_dirs(word).is_empty(), "{word}");
        }
    }
}
