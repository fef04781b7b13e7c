//! Programs that change or destroy: deleting (a whole system tree: forbidden, however it is
//! spelled: `//etc`, `/usr/../`, `--recur --force`), formatting and partitioning, raw device
//! writes (`of=` any disk, LVM or mapper device), kernel modules, signals (to every process or to
//! init, with PIDs and signals read as numbers: `kill -9 01`, `kill -s KILL -1`), permissions,
//! copies and moves, accounts, power, and programs that run others out of sight.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;
use crate::options::{Opt, Spec, Takes, changes, flag, optional, parse, value};
use crate::paths::{ACCOUNT_FILES, system_path};

/// Directories whose recursive deletion, move or permission change destroys the system.
const SYSTEM_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/boot",
    "/boot/efi",
    // The boot loaders, their menus and entries, and the kernels' modules: without them the
    // machine does not boot.
    "/boot/efi/EFI",
    "/boot/EFI",
    "/boot/grub",
    "/boot/grub2",
    "/boot/loader",
    "/boot/loader/entries",
    "/efi/EFI",
    "/lib/modules",
    "/usr/lib/modules",
    // The firmware's variables: deleting them all has left machines that no longer start.
    "/sys/firmware/efi/efivars",
    "/dev",
    "/efi",
    "/etc",
    "/home",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/snap",
    "/srv",
    "/sys",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/lib64",
    "/usr/local",
    "/usr/sbin",
    "/usr/share",
    "/var",
    "/var/lib",
    "/var/log",
    // The data of the system's services: deleting one destroys every database, container or
    // cluster state it holds, past any repair.
    "/var/lib/containerd",
    "/var/lib/docker",
    "/var/lib/etcd",
    "/var/lib/kubelet",
    "/var/lib/mysql",
    "/var/lib/postgresql",
    "/var/lib/pgsql",
    "/var/lib/mongodb",
    "/var/lib/redis",
    "/var/lib/dpkg",
    "/var/lib/rpm",
    "/var/lib/apt",
    "/var/lib/docker/volumes",
    "/var/lib/containers",
    "/var/lib/libvirt",
    "/var/lib/libvirt/images",
    "/var/lib/mariadb",
    "/var/lib/mongo",
    "/var/lib/etcd/member",
    "/var/lib/elasticsearch",
    "/var/lib/opensearch",
    "/var/lib/rabbitmq",
    "/var/lib/zookeeper",
    "/var/lib/kafka",
    "/var/lib/cassandra",
    "/var/lib/influxdb",
    "/var/lib/prometheus",
    "/var/lib/grafana",
    "/var/lib/ceph",
    "/var/lib/rancher",
    "/var/lib/longhorn",
    "/var/lib/minio",
    "/var/lib/clickhouse",
    "/var/lib/couchdb",
    "/var/lib/neo4j",
    "/var/opt/mssql",
    // What the system boots and runs with: its kernel modules, its service manager and its
    // units, a cluster's configuration, the trust store.
    "/lib/modules",
    "/usr/lib/modules",
    "/lib/systemd",
    "/usr/lib/systemd",
    "/etc/systemd",
    "/etc/kubernetes",
    "/etc/ssl",
    "/etc/pki",
    // How anyone logs in and gains rights: without them no login, sudo or ssh works.
    "/etc/pam.d",
    "/etc/security",
    "/etc/ssh",
    "/etc/sudoers.d",
    // How the machine boots and finds its disks and network.
    "/boot/grub",
    "/boot/grub2",
    "/etc/init.d",
    "/etc/network",
    "/etc/netplan",
    "/etc/NetworkManager",
];

/// What follows a leading expansion (`$NAME`, `${…}`, `$(…)`, a backquoted command, the
/// parser's stand-in for a substitution), if `word` starts with one.
fn after_expansion(word: &str) -> Option<&str> {
    const SUBSTITUTION: &str = "__substitution__";
    if let Some(rest) = word.strip_prefix(SUBSTITUTION) {
        return Some(rest);
    }
    let closing = |open: &str, close: char| {
        word.strip_prefix(open)
            .and_then(|inner| inner.find(close).map(|at| &inner[at + 1..]))
    };
    if word.starts_with("${") {
        return closing("${", '}');
    }
    if word.starts_with("$(") {
        return closing("$(", ')');
    }
    if word.starts_with('`') {
        return closing("`", '`');
    }
    let name = word.strip_prefix('$')?;
    let end = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[end..])
}

/// Whether `word` is a value the line cannot show, standing alone: a command's output
/// (`$(findmnt -no SOURCE /)`, a backquoted command), every positional parameter (`$@`, `$*`),
/// a variable, a parameter expansion. Where it reaches a destroying position (`rm -rf
/// $(echo /)`, `dd of=$(…)`, `shred "$@"`) it may be `/` or a disk.
pub fn is_unknowable(word: &str) -> bool {
    // `./$X`, `../$X`: the value may hold slashes and climb, from a directory that may be `/`.
    let mut word = word;
    while let Some(rest) = word.strip_prefix("./").or_else(|| word.strip_prefix("../")) {
        word = rest;
    }
    let positional = |w: &str| matches!(w, "$@" | "$*" | "${@}" | "${*}");
    if positional(word.trim_end_matches('/')) {
        return true;
    }
    let bare = word.trim_end_matches(['/', '*']);
    if bare == "__substitution__" || positional(bare) {
        return true;
    }
    if bare.starts_with("${") && bare.ends_with('}') && !bare[2..].contains("${") {
        return true;
    }
    if bare.strip_prefix('$').is_some_and(|name| {
        let name = name.trim_start_matches('{').trim_end_matches('}');
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    }) {
        return true;
    }
    // Expansions side by side (`$A$B`, `${A}/${B}`, `$(a)$(b)`): nothing the line shows is left.
    only_expansions(word)
}

/// Whether `word` is made of expansions alone (besides `/` and `*`), at least one of them.
fn only_expansions(word: &str) -> bool {
    let mut rest = word.replace("__substitution__", "\u{0}");
    let mut found = rest.contains('\u{0}');
    while let Some(at) = rest.find('$') {
        let after = &rest[at + 1..];
        let len = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => end + 2,
                None => return false,
            }
        } else if after.starts_with(['@', '*', '#', '?', '!', '$']) {
            1
        } else {
            after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len())
        };
        if len == 0 {
            return false;
        }
        found = true;
        rest = format!("{}{}", &rest[..at], &rest[at + 1 + len..]);
    }
    found && rest.chars().all(|c| matches!(c, '/' | '*' | '\u{0}'))
}

/// chmod's mode and files. A mode may look like an option (`chmod -x FILE`): then every
/// operand is a file.
fn mode_and_files<'a>(
    args: &'a [String],
    operands: &'a [&'a str],
) -> (Option<&'a str>, &'a [&'a str]) {
    let dashed = args.iter().find(|a| {
        a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| "rwxXst".contains(c))
    });
    match dashed {
        Some(mode) => (Some(mode.as_str()), operands),
        None => (
            operands.first().copied(),
            operands.get(1..).unwrap_or_default(),
        ),
    }
}

/// Why a chmod hands the machine over: the set-ID bit on a program not meant to have it (a
/// setuid shell or interpreter runs anything as root for anyone), or write for everyone on
/// the account database or a program the machine needs.
fn granted_mode(ctx: &Ctx, args: &[String], operands: &[&str]) -> Option<&'static str> {
    use super::granted_modes::{adds_set_user_id, is_setuid_program, lets_everyone_write};
    let (mode, files) = mode_and_files(args, operands);
    let mode = mode?;
    let normal: Vec<String> = files.iter().map(|f| system_path(f)).collect();
    if adds_set_user_id(mode) && normal.iter().any(|f| !is_setuid_program(f)) {
        return Some(
            "gives the set-user-ID bit to a program not meant to have it (it runs as root for anyone)",
        );
    }
    let account =
        |f: &String| crate::paths::may_be_account_file(f) || f.starts_with("/etc/sudoers.d");
    if lets_everyone_write(mode)
        && (normal.iter().any(account) || files.iter().any(|f| is_vital_in(ctx, f)))
    {
        return Some("lets every user write the account database or a program the machine needs");
    }
    // Every program that names a user or a group reads these as the user it runs as: taken
    // from others, no one but root can log in or resolve an owner. The password and sudo
    // files are read by root alone, and stay a human's decision.
    if super::granted_modes::takes_read_from_others(mode)
        && normal.iter().any(|f| crate::paths::may_be_user_database(f))
    {
        return Some(
            "takes read permission on the user or group database from every other user (no one but root can log in)",
        );
    }
    if super::granted_modes::takes_search_from_others(mode)
        && files.iter().any(|f| is_searched_dir_in(ctx, f))
    {
        return Some(TAKES_SEARCH);
    }
    None
}

/// Why taking others' search permission from a system directory is forbidden.
pub(crate) const TAKES_SEARCH: &str = "takes other users' search permission from a system directory (every program not run as root fails to run, load its libraries or read its settings)";

/// Whether `word` names a directory every user must be able to enter (`paths/searched_dirs.rs`),
/// a relative one read from where the part runs (`cd / && chmod 700 etc`).
pub fn is_searched_dir_in(ctx: &Ctx, word: &str) -> bool {
    if word.starts_with('/') {
        return crate::paths::is_searched_dir(&system_path(word));
    }
    names_where_it_runs(ctx, word, crate::paths::is_searched_dir)
}

/// What `install` (its arguments `args`) writes: every operand with `-d` (directories made);
/// with `-t DIR`, each source's name in DIR; else its last operand, and each source's name in
/// it, since that operand may be a directory (`install -t /bin /tmp/bash` and `install /tmp/bash
/// /bin` both write `/bin/bash`). Its sources are only read: `install /bin/bash /tmp/x` writes
/// `/tmp/x` alone. Option values (`-m 755`, `-o root`, `-g root`, `-S .bak`) are not operands.
fn install_targets(args: &[String]) -> Vec<String> {
    let mut operands = Vec::new();
    let mut directories = false;
    let mut target_dir = None;
    let mut words = args.iter();
    let mut options_end = false;
    while let Some(arg) = words.next() {
        let arg = arg.as_str();
        if options_end || !arg.starts_with('-') || arg == "-" {
            operands.push(arg);
        } else if arg == "--" {
            options_end = true;
        } else if let Some(long) = arg.strip_prefix("--") {
            match long.split_once('=') {
                Some(("target-directory", dir)) => target_dir = Some(dir),
                Some(_) => {}
                None => match long {
                    "directory" => directories = true,
                    "target-directory" => target_dir = words.next().map(String::as_str),
                    "mode" | "owner" | "group" | "suffix" | "strip-program" => {
                        words.next();
                    }
                    _ => {}
                },
            }
        } else {
            // A cluster of short options; the first that takes a value takes the rest of the
            // word, or the next word when it ends the cluster.
            let cluster = &arg[1..];
            for (at, c) in cluster.char_indices() {
                match c {
                    'd' => directories = true,
                    't' | 'm' | 'o' | 'g' | 'S' => {
                        let rest = &cluster[at + 1..];
                        let value = if rest.is_empty() {
                            words.next().map(String::as_str)
                        } else {
                            Some(rest)
                        };
                        if c == 't' {
                            target_dir = value;
                        }
                        break;
                    }
                    _ => {}
                }
            }
        }
    }
    let within = |dir: &str, sources: &[&str]| -> Vec<String> {
        let mut written = vec![dir.to_string()];
        for source in sources {
            let name = source
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(source);
            if !name.is_empty() {
                written.push(format!("{}/{name}", dir.trim_end_matches('/')));
            }
        }
        written
    };
    if let Some(dir) = target_dir {
        return within(dir, &operands);
    }
    if directories {
        return operands.into_iter().map(String::from).collect();
    }
    match operands.as_slice() {
        [sources @ .., last] if !sources.is_empty() => within(last, sources),
        // One operand alone is install's usage error, judged as written as before.
        [only] => vec![(*only).to_string()],
        _ => Vec::new(),
    }
}

/// Why `install -m MODE` or `setcap` hands the machine over: install's mode with the
/// set-user-ID bit on a program not meant to have it, as chmod's; a capability that is root's
/// power under another name (see [`super::granted_modes::root_capability`]).
fn granted_by_install_or_setcap(ctx: &Ctx, name: &str, args: &[String]) -> Option<&'static str> {
    use super::granted_modes::{adds_set_user_id, is_setuid_program, root_capability};
    match name {
        "install" => {
            let mut mode = None;
            let mut words = args.iter();
            while let Some(arg) = words.next() {
                if arg == "-m" || arg == "--mode" {
                    mode = words.next().map(String::as_str);
                } else if let Some(m) = arg.strip_prefix("--mode=") {
                    mode = Some(m);
                } else if let Some(cluster) = arg.strip_prefix('-').filter(|c| !c.starts_with('-'))
                    && let Some(at) = cluster.find('m')
                    && !cluster[..at].contains(['t', 'o', 'g', 'S'])
                {
                    // `-m700`, `-dm700`, `-Dm 4755`: the rest of the cluster, or the next word.
                    let rest = &cluster[at + 1..];
                    mode = if rest.is_empty() {
                        words.next().map(String::as_str)
                    } else {
                        Some(rest)
                    };
                }
            }
            // `install -d -m 700 /etc` sets the mode of a directory that is there.
            if mode.is_some_and(super::granted_modes::takes_search_from_others)
                && makes_directories(args)
                && install_targets(args)
                    .iter()
                    .any(|d| is_searched_dir_in(ctx, d))
            {
                return Some(TAKES_SEARCH);
            }
            let target = args.iter().rfind(|a| !a.starts_with('-'))?;
            (mode.is_some_and(adds_set_user_id) && !is_setuid_program(target)).then_some(
                "installs a program with the set-user-ID bit it is not meant to have (it runs as root for anyone)",
            )
        }
        "setcap" => args.iter().any(|a| root_capability(a)).then_some(
            "gives a program a capability that is root's power (it runs as root for anyone)",
        ),
        _ => None,
    }
}

/// Whether `install` (its arguments `args`) makes directories (`-d`, `--directory`, `-Dd` and
/// other clusters where `d` comes before an option that takes a value).
fn makes_directories(args: &[String]) -> bool {
    args.iter()
        .take_while(|a| *a != "--")
        .any(|a| match a.strip_prefix('-') {
            Some("-directory") => true,
            Some(cluster) if !cluster.starts_with('-') => cluster
                .chars()
                .take_while(|c| !matches!(c, 't' | 'm' | 'o' | 'g' | 'S'))
                .any(|c| c == 'd'),
            _ => false,
        })
}

/// Whether a chmod mode leaves no execute permission for anyone: an octal mode without an
/// execute bit (`000`, `0644`, `600`), or a symbolic one that removes it from all (`-x`,
/// `a-x`, `ugo-rwx`, `a=r`).
fn takes_execute_away(mode: &str) -> bool {
    if !mode.is_empty() && mode.chars().all(|c| c.is_digit(8)) {
        return mode
            .chars()
            .rev()
            .take(3)
            .all(|d| d.to_digit(8).is_some_and(|v| v & 1 == 0));
    }
    let mut without = String::new();
    for clause in mode.split(',') {
        let Some(at) = clause.find(['-', '=', '+']) else {
            return false;
        };
        let (who, what) = clause.split_at(at);
        let who = if who.is_empty() || who.contains('a') {
            "ugo"
        } else {
            who
        };
        if what.contains('+') && what.contains(['x', 'X']) {
            return false;
        }
        if (what.starts_with('-') && what.contains('x'))
            || (what.starts_with('=') && !what.contains('x'))
        {
            without.push_str(who);
        }
    }
    ['u', 'g', 'o'].iter().all(|w| without.contains(*w))
}

/// Whether a path in /boot is a wildcard matching every installed kernel or initial ramdisk
/// (`/boot/vmlinuz*`, `/boot/initrd.img*`, `/boot/*`), as two versions of each stand for;
/// one version's files (`/boot/vmlinuz-6.1.0-17*`) are an old kernel's cleanup.
fn every_kernel(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/boot/") else {
        return false;
    };
    if name.contains('/') || !name.contains(['*', '?', '[']) {
        return false;
    }
    let pattern = brackets_as_any(name);
    [
        ["vmlinuz-6.1.0-18-amd64", "vmlinuz-5.10.0-28-amd64"],
        ["initrd.img-6.1.0-18-amd64", "initrd.img-5.10.0-28-amd64"],
        [
            "initramfs-5.14.0-362.el9.x86_64.img",
            "initramfs-5.14.0-284.el9.x86_64.img",
        ],
        [
            "vmlinuz-5.14.0-362.el9.x86_64",
            "vmlinuz-5.14.0-284.el9.x86_64",
        ],
    ]
    .iter()
    .any(|versions| {
        versions
            .iter()
            .all(|file| crate::glob::matches(&pattern, file))
    })
}

/// Whether the relative path `rest` ends at its start or above it (`/..`, `/a/../..`).
fn climbs_to_its_start(rest: &str) -> bool {
    let mut depth: i64 = 0;
    for component in rest.split('/') {
        match component {
            "" | "." => {}
            ".." => depth -= 1,
            _ => depth += 1,
        }
    }
    depth <= 0
}

/// Whether `word` names a whole system tree (`/`, `/etc`, `/etc/*`, `//etc/`, `/usr/../`, `~`,
/// `$HOME`, a wildcard that can match one).
pub fn is_system_tree(word: &str) -> bool {
    // `$*` before its `*` is read as a wildcard.
    if is_unknowable(word) {
        return true;
    }
    // A component the line cannot show (`/$f` read from `ls /`, `/etc/$(cat x)`, `/{}` fed by
    // xargs) may be any name there: judged as the wildcard `*` (`/*`, `/etc/*`), while
    // `/tmp/$f` stays a name below /tmp.
    if word.starts_with('/') && word.split('/').any(is_unknowable) {
        let wild: Vec<&str> = word
            .split('/')
            .map(|c| if is_unknowable(c) { "*" } else { c })
            .collect();
        if is_system_tree(&wild.join("/")) {
            return true;
        }
    }
    // `~/.*`, `$HOME/.[!.]*`, `/home/*/.*`, `/etc/.`: a last component made of dots and
    // wildcards alone names everything in the directory before it, judged as that directory;
    // one that can match `..` (`.*` in shells that match it, `.?`) names its parent too
    // (`chown -R nobody /root/.*` reaches `/`).
    if let Some((head, last)) = word.trim_end_matches('/').rsplit_once('/')
        && !head.is_empty()
        && (last == "." || matches_any_name(last))
    {
        if is_system_tree(head) {
            return true;
        }
        if last.starts_with('.')
            && crate::glob::matches(&crate::glob::bracketless(last), "..")
            && is_system_tree(&format!("{head}/.."))
        {
            return true;
        }
    }
    let trimmed = word.trim_end_matches('*');
    if word.starts_with('~')
        && trimmed
            .trim_end_matches('/')
            .chars()
            .all(|c| c == '~' || c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return true;
    }
    // A home's parent (`~/..`, `~alice/../..`) is /home or, for root's, `/`.
    if let Some(rest) = word.strip_prefix('~')
        && rest.contains("..")
    {
        let path = rest.find('/').map_or("", |at| &rest[at..]);
        return ["/root", "/home/user"]
            .iter()
            .any(|home| is_system_tree(&format!("{home}{path}")));
    }
    // An expansion, or its parent (`$HOME/..`, `${DIR}/../..`, `$(pwd)/..`, `$X/build/..`): a
    // directory that may be anything, `/` or a system tree, or above it.
    if let Some(rest) = after_expansion(trimmed)
        && rest.contains("..")
        && climbs_to_its_start(rest)
    {
        return true;
    }
    // A lone variable (`$HOME`, `${DIR}/`, `$X/*`) may expand to anything, `/` included, and
    // so may a parameter expansion with its operators (`${HOME:?}`, `${X:-/}`, `${X%/*}`), a
    // command's output (`$(echo /)`) and the positional parameters (`"$@"`).
    if is_unknowable(trimmed) {
        return true;
    }
    let bare = trimmed.trim_end_matches('/');
    if bare.starts_with("${") && bare.ends_with('}') && !bare[2..].contains("${") {
        return true;
    }
    if let Some(name) = bare.strip_prefix('$') {
        let name = name.trim_start_matches('{').trim_end_matches('}');
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return true;
        }
    }
    if !word.starts_with('/') {
        return false;
    }
    let text = system_path(trimmed);
    if SYSTEM_DIRS.contains(&text.as_str()) {
        return true;
    }
    // Wildcards: `/e*`, `/u?r` could be a system directory.
    word.contains(['*', '?', '['])
        && SYSTEM_DIRS.iter().any(|dir| {
            let pattern = brackets_as_any(word);
            crate::glob::matches(pattern.trim_end_matches('/'), dir)
        })
}

/// Whether `word` names a whole system tree where the command runs: as [`is_system_tree`], or
/// relative to a working directory the line changed to (`cd / && rm -rf *`, `cd /etc; rm -rf
/// .`, `cd /var/lib && rm -rf ./docker`, `cd /etc && rm -rf ..`).
pub fn is_system_tree_in(ctx: &Ctx, word: &str) -> bool {
    if is_system_tree(word) {
        return true;
    }
    if word.is_empty() || word.starts_with(['/', '~', '$', '-']) {
        return false;
    }
    // `cd $X && rm -rf *`, `cd "$(cat d)" && rm -rf .`: a directory the line cannot show may be
    // `/` or a system directory; the word is judged in each of those.
    if ctx.paths.unknown_dir {
        return ["/", "/usr/", "/var/", "/etc/"]
            .iter()
            .any(|dir| is_system_tree(&format!("{dir}{word}")));
    }
    let Some(dir) = ctx.paths.working_dir else {
        // Where the line starts is the caller's directory, which the line does not show (a
        // service's is `/`, a remote shell's the user's home): a word naming that directory
        // itself or everything in it (`*`, `.`, `.*`, `./*`, `..`) is judged there as `/`;
        // a plain name (`build`) stays a name.
        return names_the_directory_itself(word);
    };
    let joined = crate::paths::lexical(&dir.join(word));
    joined.to_str().is_some_and(|text| {
        // `dir.join("*")` keeps the wildcard; a lone `.` or `..` reaches the directory itself.
        is_system_tree(text)
    })
}

/// Whether `word`, relative, names the directory it is read in or everything in it: `.`,
/// `..`, `./`, or a first component that is a wildcard (`*`, `.*`, `./*`, `*/`, `?*`, `[a-z]*`)
/// with nothing after it but more wildcards (`*/*`). Where that directory may be `/`, such a
/// word reaches the whole system.
pub(crate) fn names_the_directory_itself(word: &str) -> bool {
    let mut rest = word;
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() {
        return true;
    }
    rest.split('/')
        .all(|part| matches!(part, "." | "..") || matches_any_name(part))
}

/// Whether the wildcard `part` is made of wildcards and dots alone (`*`, `.*`, `?*`, `[a-z]*`,
/// `*.*`), so that the names it matches are not told by any letter of it.
fn matches_any_name(part: &str) -> bool {
    let mut wild = false;
    let mut chars = part.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' | '?' => wild = true,
            '.' => {}
            // A bracket expression stands for one character, whatever it lists.
            '[' => {
                if !chars.by_ref().skip(1).any(|c| c == ']') {
                    return false;
                }
                wild = true;
            }
            _ => return false,
        }
    }
    wild
}

/// Whether `ln SOURCE TARGET` (its operands) points a shell of the system's program directories
/// at another shell installed there (`ln -sf bash /bin/sh`, `ln -sf /bin/dash /usr/bin/sh`):
/// the system still has a shell, as an administrator switching it means. A source anywhere else
/// (`/tmp/x`, `/dev/null`, `/bin/true`) replaces the shell with what is not one.
fn switches_shell(operands: &[&String]) -> bool {
    let [source, target] = operands else {
        return false;
    };
    let shell_name = |path: &str| {
        path.rsplit('/')
            .next()
            .is_some_and(crate::normalize::is_shell)
    };
    let target = system_path(target);
    let installed = if source.contains('/') {
        crate::paths::is_vital_file(&system_path(source))
    } else {
        !source.starts_with(['-', '.', '~', '$'])
    };
    shell_name(&target)
        && crate::paths::is_vital_file(&target)
        && shell_name(source)
        && installed
        && !source.contains(['*', '?', '['])
}

/// Whether `ln SOURCE TARGET` links a system program (not a vital one, not the account
/// database) to another program installed in the system's directories, named by its path or,
/// beside the target, by its bare name.
fn points_at_installed_program(source: &str, target: &str) -> bool {
    let target = system_path(target);
    let installed = if source.contains('/') {
        crate::paths::is_system_program(&system_path(source))
    } else {
        !source.starts_with(['-', '.', '~', '$'])
    };
    installed
        && !source.contains(['*', '?', '[', '$', '`'])
        && crate::paths::is_system_program(&target)
        && !crate::paths::is_vital_file(&target)
        && !crate::paths::may_be_account_file(&target)
}

/// Whether `word` names a program or library the machine needs to boot or be reached
/// (`paths/vital.rs`), a relative one read from where the part runs (`cd /bin && rm bash`).
pub fn is_vital_in(ctx: &Ctx, word: &str) -> bool {
    if crate::paths::is_vital_file(&system_path(word)) {
        return true;
    }
    names_where_it_runs(ctx, word, crate::paths::is_vital_file)
}

/// Whether the relative `word`, read from the directory the part runs in (where the line
/// shows it), names a path `test` holds for.
fn names_where_it_runs(ctx: &Ctx, word: &str, test: fn(&str) -> bool) -> bool {
    if word.is_empty() || word.starts_with(['/', '~', '$', '-']) {
        return false;
    }
    let Some(dir) = ctx.paths.working_dir else {
        return false;
    };
    let joined = crate::paths::lexical(&dir.join(word));
    joined.to_str().is_some_and(|text| test(&system_path(text)))
}

/// Whether `word` names a file below `/etc` (a setting, read and never run), a relative one
/// read from where the part runs.
fn is_setting_in(ctx: &Ctx, word: &str) -> bool {
    let setting = |path: &str| path.starts_with("/etc/");
    setting(&system_path(word)) || names_where_it_runs(ctx, word, setting)
}

/// `pattern` with each bracket expression (`[e]`, `[!x]`, `[]a]`) read as the one character it
/// matches, `?`: `/[e]tc` may name `/etc` as `/?tc` does. A `[` that opens no expression stays
/// itself.
pub(crate) fn brackets_as_any(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' {
            // A `]` right after `[`, `[!` or `[^` belongs to the set.
            let mut end = i + 1;
            if matches!(chars.get(end), Some('!' | '^')) {
                end += 1;
            }
            if chars.get(end) == Some(&']') {
                end += 1;
            }
            if let Some(close) = chars[end.min(chars.len())..].iter().position(|c| *c == ']') {
                out.push('?');
                i = end + close + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

const RM: &[Opt] = &[
    flag("f|force"),
    flag("i"),
    flag("I"),
    optional("interactive"),
    flag("one-file-system"),
    changes("no-preserve-root", Takes::No, "deletes the whole system"),
    optional("preserve-root"),
    flag("r|R|recursive"),
    flag("d|dir"),
    flag("v|verbose"),
    flag("help"),
    flag("version"),
];
const CHMOD: &[Opt] = &[
    flag("c|changes"),
    flag("f|silent|quiet"),
    flag("v|verbose"),
    flag("no-preserve-root"),
    flag("preserve-root"),
    value("reference"),
    value("from"),
    flag("R|recursive"),
    flag("h|no-dereference"),
    flag("dereference"),
    flag("H"),
    flag("L"),
    flag("P"),
    flag("help"),
];

/// Why the programs that run another command out of sight are high (`systemd-run`, `at`,
/// `nsenter`, `unshare`...): a forbidden command among their words makes them forbidden.
const RUNS_OUT_OF_SIGHT: &str = "runs commands out of sight";

/// Programs that change the system by their nature, with why (and how much).
fn by_name(name: &str) -> Option<(RiskLevel, &'static str)> {
    use RiskLevel::{Forbidden, High};
    Some(match name {
        "mkfs" | "mke2fs" | "mkswap" | "wipefs" | "cfdisk" | "gdisk" | "sgdisk" | "blkdiscard"
        | "mkntfs" | "mkdosfs" | "zpool" | "mkfs.ext4" | "mkfs.ext3" | "mkfs.ext2" | "mkfs.xfs"
        | "mkfs.btrfs" | "mkfs.vfat" | "mkfs.fat" | "mkfs.ntfs" | "mkfs.f2fs" | "mkfs.exfat" => {
            (Forbidden, "formats or repartitions disks")
        }
        n if n.starts_with("mkfs") => (Forbidden, "formats disks"),
        "mkreiserfs" | "mkudffs" | "mkexfatfs" | "mke4fs" | "mkfs.reiserfs" | "mkhfs"
        | "mkbtrfs" | "mkjfs" | "mkxfs" | "sg_format" | "sg_sanitize" => {
            (Forbidden, "formats disks")
        }
        "insmod" | "rmmod" | "modprobe" | "kexec" | "depmod" => {
            (Forbidden, "loads or removes kernel code")
        }
        "killall5" => (Forbidden, "signals every process"),
        "reboot" | "shutdown" | "halt" | "poweroff" | "telinit" => {
            (High, "stops or restarts the machine")
        }
        "useradd" | "userdel" | "usermod" | "groupadd" | "groupdel" | "groupmod" | "passwd"
        | "chpasswd" | "chage" | "visudo" | "vipw" | "vigr" | "adduser" | "deluser"
        | "addgroup" | "delgroup" | "gpasswd" | "newusers" | "chsh" | "chfn" | "pwconv"
        | "pwunconv" | "grpconv" | "grpunconv" => (High, "changes accounts"),
        "rmdir" => (High, "deletes files"),
        "srm" => (High, "destroys files"),
        "tee" | "truncate" | "touch" | "mkdir" | "mknod" | "mkfifo" | "split" | "csplit"
        | "sponge" | "patch" | "install" | "rsync" | "scp" | "sftp" | "unzip" | "gzip"
        | "gunzip" | "bzip2" | "bunzip2" | "xz" | "unxz" | "zstd" | "unzstd" | "zip" | "7z"
        | "cpio" | "ed" | "ex" | "vi" | "vim" | "nano" | "emacs" | "editor" | "sensible-editor" => {
            (High, "writes files")
        }
        "chattr" | "setcap" | "setfacl" | "chcon" | "restorecon" | "setfattr" => {
            (High, "changes file attributes")
        }
        "ssh" => (High, "runs commands on another host"),
        // Both write `authorized_keys` (another host's, or this one's from a key server): a
        // key let in is a way back in.
        "ssh-copy-id" | "ssh-import-id" | "ssh-import-id-gh" | "ssh-import-id-lp" => {
            (High, "adds a key to authorized_keys")
        }
        "case" | "for" | "select" | "function" | "coproc" | "[[" => {
            (High, "a shell control structure; a human should read it")
        }
        shell if crate::normalize::is_shell(shell) => {
            (High, "runs a shell, a script or commands from its input")
        }
        "su" | "runuser" | "sudo" | "doas" | "chroot" => {
            (High, "runs a shell, a script or commands from its input")
        }
        "systemd-run" | "at" | "batch" | "nsenter" | "unshare" | "script" | "tmux" | "screen"
        | "expect" | "runcon" | "capsh" | "firejail" | "bwrap" | "sudoedit" | "pkexec" => {
            (High, RUNS_OUT_OF_SIGHT)
        }
        "strace" | "ltrace" | "gdb" | "perf" | "bpftrace" | "bpftool" => {
            (High, "traces processes and reads their memory")
        }
        "renice" | "prlimit" => (High, "changes other processes"),
        "swapoff" | "umount" | "losetup" | "cryptsetup" | "mdadm" | "lvcreate" | "lvremove"
        | "lvextend" | "lvreduce" | "lvresize" | "vgcreate" | "vgremove" | "vgextend"
        | "vgreduce" | "pvcreate" | "pvremove" | "pvmove" | "tune2fs" | "e2fsck" | "fsck"
        | "resize2fs" | "xfs_repair" | "badblocks" | "hdparm" | "blockdev" | "fstrim"
        | "dmsetup" => (High, "changes disks or mounts"),
        "iwconfig" | "tc" | "brctl" | "vconfig" | "dhclient" | "ifup" | "ifdown" | "wg" => {
            (High, "changes network configuration")
        }
        "update-grub" | "grub-install" | "update-initramfs" | "dracut" | "efibootmgr" => {
            (High, "changes how the machine boots")
        }
        _ => return None,
    })
}

/// Files a value the line cannot show may name, judged in its place: the account database
/// and the system's shell.
const WORST_FILES: &[&str] = &["/etc/shadow", "/usr/bin/bash"];

/// `chmod 777 $(cat list)`, `chown nobody "$f"` read from a file: a value the line cannot
/// show may be any file. The command is judged with each of [`WORST_FILES`] in its place, and
/// is forbidden where that is (`chmod 644 "$f"` stays a human's decision).
fn as_worst_file(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    // `chmod 777 /etc/$(cat n)`: a path with such a value in it, as the paths it may be.
    for (at, arg) in args.iter().enumerate() {
        for spread in crate::shown_values::spread(arg) {
            let mut replaced = args.to_vec();
            replaced[at] = spread.clone();
            if let Some(judged) = judge(ctx, name, &replaced)
                && judged.level == RiskLevel::Forbidden
            {
                return Some(Judgement::new(
                    RiskLevel::Forbidden,
                    format!(
                        "{name} changes {arg}, which the line cannot show: it may be {spread}, and {}",
                        judged.reason
                    ),
                ));
            }
        }
    }
    if !args.iter().any(|a| crate::shown_values::is_unshown(a)) {
        return None;
    }
    WORST_FILES.iter().find_map(|worst| {
        let replaced: Vec<String> = args
            .iter()
            .map(|a| {
                if crate::shown_values::is_unshown(a) {
                    (*worst).to_owned()
                } else {
                    a.clone()
                }
            })
            .collect();
        let judged = judge(ctx, name, &replaced)?;
        (judged.level == RiskLevel::Forbidden).then(|| {
            Judgement::new(
                RiskLevel::Forbidden,
                format!(
                    "{name} changes a value the line cannot show: it may be {worst}, and {}",
                    judged.reason
                ),
            )
        })
    })
}

pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    Some(match name {
        // unlink deletes its one operand as `rm` does: judged on the same paths.
        "rm" | "unlink" => rm(ctx, args),
        "dd" => dd(ctx, args),
        "shred" => {
            let normal = |a: &String| system_path(a);
            if args.iter().any(|a| crate::paths::is_device(&normal(a))) {
                Judgement::new(RiskLevel::Forbidden, "shreds a disk")
            } else if args.iter().any(|a| is_unknowable(a)) {
                Judgement::new(
                    RiskLevel::Forbidden,
                    "shreds a value the line cannot show: it may be a disk",
                )
            } else if args
                .iter()
                .any(|a| ACCOUNT_FILES.contains(&normal(a).as_str()))
            {
                Judgement::new(RiskLevel::Forbidden, "destroys the account database")
            } else if args.iter().any(|a| crate::paths::is_vital_file(&normal(a))) {
                Judgement::new(
                    RiskLevel::Forbidden,
                    "destroys a program, library or setting the machine needs to boot or be reached",
                )
            } else {
                Judgement::new(RiskLevel::High, "destroys files")
            }
        }
        "fdisk" | "sfdisk" | "sgdisk" | "parted" => return super::partitions::judge(name, args),
        "kill" => kill(args),
        "pkill" | "killall" | "skill" | "snice" => {
            let everything = args
                .iter()
                .filter(|a| !a.starts_with('-'))
                .any(|p| matches_every_process(p) || holds_unknowable(p))
                || (name == "pkill" && args.iter().any(|a| inverts(a)));
            let init = args
                .iter()
                .filter(|a| !a.starts_with('-'))
                .any(|p| names_init(name, p));
            if everything {
                Judgement::new(RiskLevel::Forbidden, "signals every process")
            } else if every_root_process(args) {
                Judgement::new(
                    RiskLevel::Forbidden,
                    "signals every process root runs (the system's services, the way in)",
                )
            } else if init {
                Judgement::new(
                    RiskLevel::Forbidden,
                    "signals init, which stops the machine",
                )
            } else {
                Judgement::new(RiskLevel::High, "signals processes")
            }
        }
        "chmod" | "chown" | "chgrp" => {
            if let Some(worst) = as_worst_file(ctx, name, args) {
                return Some(worst);
            }
            let parsed = parse(args, &Spec::gnu(CHMOD));
            let skip = usize::from(!parsed.has("reference"));
            if parsed.has("R")
                && parsed
                    .operands
                    .iter()
                    .skip(skip)
                    .any(|o| is_system_tree_in(ctx, o))
            {
                Judgement::new(
                    RiskLevel::Forbidden,
                    "recursively changes permissions of a system directory",
                )
            } else if let Some(why) = (name == "chmod" && !parsed.has("reference"))
                .then(|| granted_mode(ctx, args, &parsed.operands))
                .flatten()
            {
                Judgement::new(RiskLevel::Forbidden, why)
            } else if let Some(why) = (name != "chmod")
                .then(|| super::given_away::given_away(ctx, name, &parsed))
                .flatten()
            {
                Judgement::new(RiskLevel::Forbidden, why)
            } else if name == "chmod"
                && parsed.has("reference")
                && parsed.operands.iter().any(|o| is_searched_dir_in(ctx, o))
            {
                // `--reference=FILE` copies a mode the line does not show (`/root`'s is 700).
                Judgement::new(
                    RiskLevel::Forbidden,
                    "gives a system directory another file's mode, which the line does not show: it may take other users' search permission",
                )
            } else if name == "chmod" && !parsed.has("reference") && {
                let (mode, files) = mode_and_files(args, &parsed.operands);
                // A setting the machine needs (`sshd_config`) is read, never run: only a
                // program or library loses anything with its execute bit.
                mode.is_some_and(takes_execute_away)
                    && files.iter().any(|o| {
                        is_system_tree_in(ctx, o) || (is_vital_in(ctx, o) && !is_setting_in(ctx, o))
                    })
            } {
                // No one may enter the directory or run what it holds (`chmod 000 /`,
                // `chmod -x /usr/bin/*`): every service and login fails.
                Judgement::new(
                    RiskLevel::Forbidden,
                    "takes the execute permission from a system directory or every program in it",
                )
            } else {
                Judgement::new(RiskLevel::High, "changes permissions or ownership")
            }
        }
        "mv" | "cp" | "ln" => {
            let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let mut j = Judgement::new(
                RiskLevel::High,
                if name == "ln" {
                    "creates links"
                } else {
                    "copies or moves files"
                },
            );
            if name == "mv" && operands.iter().any(|o| is_system_tree_in(ctx, o)) {
                j.raise(RiskLevel::Forbidden, "moves a system directory");
            }
            let sources = &operands[..operands.len().saturating_sub(1)];
            let account = |o: &&String| ACCOUNT_FILES.contains(&system_path(o).as_str());
            if name == "mv" && sources.iter().any(account) {
                j.raise(RiskLevel::Forbidden, "moves the account database away");
            }
            let vital = |o: &&String| is_vital_in(ctx, o);
            if name == "mv" && sources.iter().any(vital) {
                j.raise(
                    RiskLevel::Forbidden,
                    "moves away a program, library or setting the machine needs to boot or be reached",
                );
            }
            if name == "ln" && switches_shell(&operands) {
                return Some(Judgement::new(
                    RiskLevel::High,
                    "points a system shell at another installed shell; a human should decide",
                ));
            }
            // `ln -sf /usr/bin/python3.11 /usr/bin/python3`: a system program pointed at
            // another program installed beside it (what `update-alternatives` does) is a human's
            // decision; a vital program or the account database stays forbidden, and so does a
            // link to anything else (`ln -sf /tmp/x /usr/bin/ls`).
            if name == "ln"
                && let [source, target] = operands.as_slice()
                && points_at_installed_program(source, target)
            {
                return Some(Judgement::new(
                    RiskLevel::High,
                    "points a system program at another installed program; a human should decide",
                ));
            }
            if let Some(target) = operands.last()
                && operands.len() > 1
            {
                let (level, reason) = ctx.paths.write(target);
                j.raise(level, reason);
            }
            j
        }
        // Recursive attribute, ACL and label changes reach every file below, as chmod -R does.
        "chattr" | "setfacl" | "chcon" if recursive_attributes(ctx, args) => Judgement::new(
            RiskLevel::Forbidden,
            "recursively changes the attributes, ACLs or labels of a system directory",
        ),
        "setfacl" if super::given_away::acl_takes_search(ctx, args) => {
            Judgement::new(RiskLevel::Forbidden, TAKES_SEARCH)
        }
        "setfacl" if super::given_away::acl_grants(ctx, args) => Judgement::new(
            RiskLevel::Forbidden,
            "grants access to the account database or a program the machine needs through an ACL",
        ),
        "setfattr" => match super::given_away::attribute_grant(ctx, args) {
            Some(reason) => Judgement::new(RiskLevel::Forbidden, reason),
            None => Judgement::new(RiskLevel::High, "changes file attributes"),
        },
        "init" => match args.first().map(String::as_str) {
            Some("0" | "6") => Judgement::new(RiskLevel::High, "stops or restarts the machine"),
            _ => Judgement::new(RiskLevel::High, "changes the run level"),
        },
        _ => {
            let (level, reason) = by_name(name)?;
            let mut j = Judgement::new(level, reason);
            // Tracers run the command they are given (`strace -f rm -rf /`, `gdb --args`), as
            // the programs that run commands out of sight do.
            if reason == RUNS_OUT_OF_SIGHT || matches!(name, "strace" | "ltrace" | "gdb" | "perf") {
                super::raise_hidden_forbidden(ctx, name, args, &mut j);
            }
            // rsync's and scp's last operand is where they write, when it is on this host.
            let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            if matches!(name, "rsync" | "scp")
                && operands.len() > 1
                && let Some(target) = operands.last()
                && !target.contains(':')
            {
                let (level, reason) = ctx.paths.write(target);
                j.raise(level, reason);
            }
            if matches!(name, "lvreduce" | "lvresize")
                && let Some(why) = super::shrink::shrinks_blindly(name, args)
            {
                j.raise(RiskLevel::Forbidden, why);
            }
            if let Some(why) = granted_by_install_or_setcap(ctx, name, args) {
                j.raise(RiskLevel::Forbidden, why);
            }
            if matches!(name, "tee" | "truncate" | "touch" | "sponge") {
                // `tee -a` and `sponge -a` add to what the file holds.
                let appends = matches!(name, "tee" | "sponge")
                    && args.iter().any(|a| {
                        a == "--append"
                            || (a.starts_with('-') && !a.starts_with("--") && a.contains('a'))
                    });
                for target in args.iter().filter(|a| !a.starts_with('-')) {
                    let (level, reason) = if appends {
                        ctx.paths.append(target)
                    } else {
                        ctx.paths.write(target)
                    };
                    j.raise(level, reason);
                }
            }
            if name == "install" {
                for target in install_targets(args) {
                    let (level, reason) = ctx.paths.write(&target);
                    j.raise(level, reason);
                }
            }
            j
        }
    })
}

/// Whether `chattr`, `setfacl` or `chcon` (their arguments `args`) recurses (`-R` alone or in a cluster of short
/// options, `--recursive`) into a whole system tree among its operands. chattr's modes (`+i`,
/// `-i`) and setfacl's and chcon's option values are not trees, so every other word is tried.
fn recursive_attributes(ctx: &Ctx, args: &[String]) -> bool {
    let mut recursive = false;
    for arg in args {
        if arg == "--" {
            break;
        }
        if arg == "--recursive" {
            recursive = true;
        } else if let Some(cluster) = arg.strip_prefix('-')
            && !cluster.starts_with('-')
            // chattr's modes remove attributes (`-i`, `-ia`): no attribute is `R`.
            && cluster.contains('R')
        {
            recursive = true;
        }
    }
    recursive
        && args
            .iter()
            .filter(|a| !a.starts_with(['-', '+']) && !a.starts_with('='))
            .any(|a| is_system_tree_in(ctx, a))
}

/// Why a disk tool's subcommand or option erases a whole device, whatever else judged it:
/// `nvme format|sanitize`, `cryptsetup luksFormat|erase|luksErase|reencrypt` (the old key
/// slots, and with them the data, are gone), `hdparm --security-erase[-enhanced]`,
/// `--trim-sector-ranges`, `--write-sector`, `--sanitize-*`, `badblocks -w` (its write test
/// overwrites every block), `zpool labelclear`, `mdadm --zero-superblock`, `pvremove`,
/// `sgdisk -Z|-o|--zap*|--clear`, `dmsetup remove_all|wipe_table`. Forbidden as `mkfs` is.
pub fn erases(name: &str, args: &[String]) -> Option<&'static str> {
    let has = |long: &[&str]| {
        args.iter().any(|a| {
            let a = a.split_once('=').map_or(a.as_str(), |(o, _)| o);
            long.contains(&a)
        })
    };
    let short = |letters: &[char]| {
        args.iter().any(|a| {
            a.strip_prefix('-')
                .is_some_and(|c| !c.starts_with('-') && c.contains(letters))
        })
    };
    let verb = |verbs: &[&str]| {
        args.iter()
            .filter(|a| !a.starts_with('-'))
            .any(|a| verbs.iter().any(|v| v.eq_ignore_ascii_case(a)))
    };
    let erased = match name {
        "nvme" => verb(&["format", "sanitize"]),
        "cryptsetup" => {
            verb(&[
                "luksFormat",
                "erase",
                "luksErase",
                "reencrypt",
                "luksKillSlot",
            ]) || has(&["--type"]) && verb(&["format"])
        }
        "hdparm" => {
            has(&[
                "--security-erase",
                "--security-erase-enhanced",
                "--trim-sector-ranges",
                "--trim-sector-ranges-stdin",
                "--write-sector",
                "--sanitize-block-erase",
                "--sanitize-crypto-scramble",
                "--sanitize-overwrite",
                "--make-bad-sector",
                "--dco-restore",
                "--fwdownload",
            ]) || args.iter().any(|a| a == "-N" || a.starts_with("-Np"))
        }
        "badblocks" => short(&['w']),
        "zpool" => verb(&["labelclear", "destroy"]),
        "mdadm" => has(&["--zero-superblock"]),
        "pvremove" => true,
        "sgdisk" => short(&['Z', 'o', 'z']) || has(&["--zap", "--zap-all", "--clear"]),
        "dmsetup" => verb(&["remove_all", "wipe_table"]),
        _ => false,
    };
    erased.then_some("erases a whole disk or its metadata")
}

/// Options of pkill, killall and skill that take a value (as the next word or attached); a
/// letter that is a flag in one and takes a value in another (`-o`, `-n`, `-y`) is left out,
/// so its value reads as a name (high, not forbidden).
const SELECTOR_VALUES: &[&str] = &[
    "-u",
    "-U",
    "-G",
    "-g",
    "-P",
    "-s",
    "-t",
    "-F",
    "-Z",
    "--euid",
    "--uid",
    "--group",
    "--pgroup",
    "--parent",
    "--session",
    "--terminal",
    "--pidfile",
    "--ns",
    "--nslist",
    "--signal",
    "--user",
    "--older-than",
    "--younger-than",
    "--context",
    "--cgroup",
    "--env",
];

/// Whether a `-P` (parent) value lists init (`1`) or a value the line cannot show.
fn names_init_pid(value: &str) -> bool {
    value.split(',').any(|p| p == "1" || holds_unknowable(p))
}

/// Whether a pkill, killall or skill line selects every process of root by user alone
/// (`pkill -KILL -u 0`, `killall -u root`, `pkill -9 -U root`, `skill -KILL -u root`): a user
/// option naming root (`root` or `0`, in a comma list too), or init's children (`-P 1`), and
/// no name pattern.
fn every_root_process(args: &[String]) -> bool {
    let mut root = false;
    let mut named = false;
    let mut i = 0;
    let names_root = |value: &str| value.split(',').any(|u| u == "root" || u == "0");
    while let Some(arg) = args.get(i) {
        i += 1;
        let (option, attached) = match arg.split_once('=') {
            Some((o, v)) if o.starts_with("--") => (o, Some(v)),
            _ => (arg.as_str(), None),
        };
        let user_option = matches!(option, "-u" | "-U" | "--euid" | "--uid" | "--user");
        if SELECTOR_VALUES.contains(&option) {
            let value = attached.or_else(|| {
                i += 1;
                args.get(i - 1).map(String::as_str)
            });
            root |= user_option && value.is_some_and(names_root);
            // `-P 1`: init's children are every service, sshd among them.
            root |= matches!(option, "-P" | "--parent") && value.is_some_and(names_init_pid);
        } else if let Some(rest) = arg.strip_prefix("-u").or_else(|| arg.strip_prefix("-U")) {
            // `-uroot`, `-u0`: the value attached to the short option.
            root |= names_root(rest);
        } else if let Some(rest) = arg.strip_prefix("-P") {
            root |= names_init_pid(rest);
        } else if !arg.starts_with('-') {
            named = true;
        }
    }
    root && !named
}

/// The files that copying, imaging and relaying programs write, judged as writes whatever
/// else judged the program (a disk or the account database: forbidden): the `dd` family's
/// `of=` (`ddpt`, `dcfldd`, `dc3dd` with its `wipe=`/`hwipe=`, `sg_dd`, `qemu-img dd`), the
/// imaging tools' outputs (`partclone.* -o`, `ntfsclone -O`/`--overwrite`, `zstd -o`, the last
/// operand of `e2image`, `xfs_copy` and `qemu-img convert`), socat's file addresses (`-
/// /dev/sda`, `FILE:/dev/sda`, `OPEN:…`, `CREATE:…`: socat writes both ways unless `-u`/`-U`
/// names the one it reads), `docker cp`'s and `kubectl cp`'s local destination, and rsync's
/// `--delete` into a whole system tree (`rsync -a --delete /empty/ /`: forbidden).
pub fn raise_written(ctx: &Ctx, name: &str, args: &[String], j: &mut Judgement) {
    let mut targets: Vec<&str> = Vec::new();
    let operands: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let dd_family = matches!(
        name,
        "ddpt" | "dcfldd" | "dc3dd" | "sg_dd" | "sgp_dd" | "sgm_dd" | "ddrescue"
    ) || (name == "qemu-img" && operands.first() == Some(&"dd"));
    if dd_family {
        for arg in args {
            if let Some((key, value)) = arg.split_once('=')
                && (key.starts_with("of") || key.starts_with("hof") || key.ends_with("wipe"))
            {
                targets.push(value);
            }
        }
    }
    if name.starts_with("partclone.") || matches!(name, "ntfsclone" | "zstd" | "pzstd") {
        for pair in args.windows(2) {
            if matches!(pair[0].as_str(), "-o" | "-O" | "--output" | "--overwrite") {
                targets.push(&pair[1]);
            }
        }
        for arg in args {
            if let Some(value) = arg
                .strip_prefix("--output=")
                .or_else(|| arg.strip_prefix("--overwrite="))
            {
                targets.push(value);
            }
        }
    }
    let last_is_target = matches!(name, "e2image" | "xfs_copy" | "ddrescue")
        || (name == "qemu-img" && operands.first() == Some(&"convert"));
    if last_is_target && operands.len() > 1 {
        targets.extend(operands.last());
    }
    // An editor run with no one at it does what its commands say (`ex -sc '%d|x' FILE`, `vim -c
    // '%d' -c wq FILE`, `ed FILE <<< …`), which are not parsed: each file it opens is judged as
    // written.
    if matches!(
        name,
        "ed" | "ex"
            | "vi"
            | "vim"
            | "nvim"
            | "vim.basic"
            | "vim.tiny"
            | "nano"
            | "emacs"
            | "editor"
            | "sensible-editor"
            | "joe"
            | "mcedit"
    ) {
        targets.extend(operands.iter().filter(|o| !o.starts_with('+')));
    }
    // Archivers write the archive their first operand names (`zip ARCHIVE FILE…`, `7z a
    // ARCHIVE FILE…`): `zip /dev/sda x` writes the disk.
    if name == "zip" {
        targets.extend(operands.first());
    }
    if matches!(name, "7z" | "7za" | "7zr" | "7zz" | "rar")
        && operands
            .first()
            .is_some_and(|c| matches!(*c, "a" | "u" | "d" | "rn"))
    {
        targets.extend(operands.get(1));
    }
    // `docker cp CONTAINER:SRC DEST`, `kubectl cp POD:SRC DEST`: DEST is on this host.
    if matches!(name, "docker" | "podman" | "nerdctl" | "kubectl" | "oc")
        && operands.first() == Some(&"cp")
        && operands.len() > 2
        && let Some(target) = operands.last()
        && !target.contains(':')
    {
        targets.push(target);
    }
    if name == "socat" {
        // `-u` reads the first address only, `-U` the second.
        let skip = if args.iter().any(|a| a == "-u") {
            Some(0)
        } else if args.iter().any(|a| a == "-U") {
            Some(1)
        } else {
            None
        };
        for (at, address) in operands.iter().enumerate() {
            if Some(at) == skip {
                continue;
            }
            let body = address.split(',').next().unwrap_or(address);
            let path = match body.split_once(':') {
                Some((kind, path))
                    if matches!(
                        kind.to_ascii_uppercase().as_str(),
                        "FILE" | "OPEN" | "GOPEN" | "CREATE" | "CREAT" | "PIPE"
                    ) =>
                {
                    path
                }
                Some(_) => continue,
                None => body,
            };
            if path.starts_with('/') {
                targets.push(path);
            }
        }
    }
    for target in targets {
        let (level, reason) = ctx.paths.write(target);
        j.raise(
            level.max(RiskLevel::High),
            format!("{name} writes {target}: {reason}"),
        );
    }
    if name == "rsync"
        && args.iter().any(|a| a.starts_with("--del"))
        && let Some(target) = operands.last()
        && operands.len() > 1
        && is_system_tree_in(ctx, target)
    {
        j.raise(
            RiskLevel::Forbidden,
            "rsync --delete into a whole system directory deletes what the source lacks",
        );
    }
}

/// What init is called by: its name and its command lines.
const INIT_NAMES: &[&str] = &["systemd", "init", "/sbin/init", "/lib/systemd/systemd"];

/// Whether the process pattern `pattern` of `program` selects init: killall and skill match
/// names exactly, pkill and snice match a regular expression anywhere in the name (so any plain
/// part of `systemd` or `init` selects it; anchors are ignored).
fn names_init(program: &str, pattern: &str) -> bool {
    let plain = pattern.trim_start_matches('^').trim_end_matches('$');
    if matches!(program, "killall" | "skill") {
        return INIT_NAMES.contains(&plain);
    }
    !plain.is_empty()
        && plain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'))
        && INIT_NAMES.iter().any(|name| name.contains(plain))
}

fn rm(ctx: &Ctx, args: &[String]) -> Judgement {
    let parsed = parse(args, &Spec::gnu(RM));
    let mut j = Judgement::new(RiskLevel::High, "deletes files");
    if parsed.has("no-preserve-root") {
        j.raise(
            RiskLevel::Forbidden,
            "rm --no-preserve-root deletes the whole system",
        );
    }
    let recursive = parsed.has("recursive");
    for operand in &parsed.operands {
        if recursive && is_system_tree_in(ctx, operand) {
            j.raise(
                RiskLevel::Forbidden,
                "recursive delete of a system directory",
            );
        }
        if crate::paths::may_be_account_file(&system_path(operand)) {
            j.raise(RiskLevel::Forbidden, "deletes the account database");
        }
        // `ls | xargs rm`, `rm -f $(cat list)`, `rm "$f"` read from a file: the name may be a
        // vital program or the account database, in a working directory that may be /bin.
        let spread = crate::shown_values::spread(operand);
        if spread.iter().any(|path| {
            crate::paths::may_be_account_file(&system_path(path)) || is_vital_in(ctx, path)
        }) {
            j.raise(
                RiskLevel::Forbidden,
                format!("deletes {operand}, which the line cannot show: it may be the account database or a file the machine needs"),
            );
        }
        if crate::shown_values::is_unshown(operand) {
            j.raise(
                RiskLevel::Forbidden,
                format!("deletes {operand}, a value the line cannot show: it may be a file the machine needs"),
            );
        }
        if is_vital_in(ctx, operand) {
            j.raise(
                RiskLevel::Forbidden,
                "deletes a program, library or setting the machine needs to boot or be reached",
            );
        }
        if every_kernel(&system_path(operand)) {
            j.raise(
                RiskLevel::Forbidden,
                "deletes every kernel or initial ramdisk the machine boots from",
            );
        }
    }
    j
}

fn dd(ctx: &Ctx, args: &[String]) -> Judgement {
    let mut j = Judgement::new(RiskLevel::Medium, "dd copies raw data");
    for arg in args {
        match arg.split_once('=') {
            Some(("of", target)) => {
                let (level, reason) = ctx.paths.write(target);
                j.raise(level, format!("dd writes {target}: {reason}"));
                if is_unknowable(target) {
                    j.raise(
                        RiskLevel::Forbidden,
                        format!(
                            "dd writes {target}, a value the line cannot show: it may be a disk"
                        ),
                    );
                }
            }
            Some(("if", source)) => j.raise_path(ctx.read(source)),
            Some((
                "bs" | "ibs" | "obs" | "cbs" | "count" | "skip" | "seek" | "iseek" | "oseek"
                | "status" | "conv" | "iflag" | "oflag",
                _,
            )) => {}
            Some(_) | None if matches!(arg.as_str(), "--help" | "--version") => {}
            Some(_) | None => j.raise(
                RiskLevel::High,
                format!("dd: '{arg}' is not an operand known to be harmless"),
            ),
        }
    }
    j
}

/// A PID or signal as the kernel and `kill` read it: optional sign, decimal digits, leading zeros
/// and blanks allowed (`01` is 1).
fn number(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: i64 = digits.trim_start_matches('0').parse().unwrap_or(0);
    Some(if negative { -value } else { value })
}

/// kill: the first `-SIGNAL` word (`-9`, `-KILL`, `-SIGKILL`) is the signal unless `-s`/`-n`
/// gave one; every other number is a PID (`-1`: every process; `1`: init; `0`: the group).
fn kill(args: &[String]) -> Judgement {
    let mut j = Judgement::new(RiskLevel::High, "signals processes");
    let mut signal: Option<String> = None;
    let mut pids: Vec<&str> = Vec::new();
    let mut options_done = false;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let word = arg.as_str();
        if options_done {
            pids.push(word);
            continue;
        }
        match word {
            "--" => options_done = true,
            "-l" | "-L" | "--list" | "--table" => return Judgement::low("lists signals"),
            "-s" | "--signal" | "-n" | "-q" | "--queue" | "--timeout" => {
                if matches!(word, "-s" | "--signal" | "-n") {
                    signal = args.get(i).cloned();
                }
                i += 1;
            }
            w if w.starts_with("--signal=") => signal = Some(w["--signal=".len()..].to_owned()),
            w if w.starts_with('-') && signal.is_none() && pids.is_empty() && w.len() > 1 => {
                signal = Some(w[1..].to_owned());
            }
            // `-$(cat pgid)`: a process group the line cannot show.
            w if w.starts_with('-') && holds_unknowable(w) => pids.push(w),
            w if w.starts_with('-') && number(w).is_none() => {}
            w => pids.push(w),
        }
    }
    let signal_zero = signal.as_deref().and_then(number) == Some(0)
        || signal
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("0"));
    let numbers: Vec<Option<i64>> = pids.iter().map(|p| number(p)).collect();
    // Signal 0 is sent to nobody: it only checks that the processes exist.
    if signal_zero && !pids.is_empty() && numbers.iter().all(Option::is_some) {
        return Judgement::low("checks that processes exist");
    }
    if numbers.iter().any(|n| matches!(n, Some(-1 | 1))) {
        j.raise(RiskLevel::Forbidden, "signals every process or init");
    }
    // A pid the line cannot show (`$(cat pidfile)`, `$(pgrep x)`, `$PID`, an item xargs is
    // fed) is whatever it holds when the line runs: `-1` (every process) or `1` (init) too.
    if !signal_zero && pids.iter().any(|p| holds_unknowable(p)) {
        j.raise(
            RiskLevel::Forbidden,
            "signals a process the line cannot show, which may be -1 (every process) or 1 (init): name the process (`pkill -HUP nginx`) or its service (`systemctl reload nginx`) instead",
        );
    }
    j
}

/// Whether `word` (a pid, a process pattern, perhaps after a `-`) holds a value the line
/// cannot show: a command's output or a variable.
fn holds_unknowable(word: &str) -> bool {
    let word = word.trim_start_matches('-');
    is_unknowable(word)
        || word.contains("__substitution__")
        // `$NAME`, `${…}`, `$@` inside the word; a `$` ending a pattern is its anchor.
        || word.as_bytes().windows(2).any(|pair| {
            pair[0] == b'$' && (pair[1].is_ascii_alphanumeric() || b"_{@*".contains(&pair[1]))
        })
}

/// Whether the process pattern `pattern` (a regular expression) names no character of a
/// name: made of wildcards, classes and anchors alone (`.`, `.*`, `^.`, `[a-z]`, `\w+`), it
/// matches every process.
fn matches_every_process(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            // A class or an escape stands for a kind of character, not a letter of a name; the
            // guard reads the class through its `]` (an unclosed one is a literal `[`).
            '[' if !chars.by_ref().skip(1).any(|c| c == ']') => return false,
            '\\' => {
                chars.next();
            }
            c if c.is_alphanumeric() || c == '/' || c == '_' || c == '-' => return false,
            _ => {}
        }
    }
    true
}

/// Whether a pkill word turns its match around (`-v`, `--inverse`): as getopt_long reads it,
/// in a cluster of flags (`-fv`, `-vx`) and as any prefix of the long name (`--inv`, `--i`,
/// which getopt_long takes where it is unique and which is taken here as the most dangerous
/// option it may be). A signal (`-HUP`, `-9`) is not a cluster.
fn inverts(word: &str) -> bool {
    if let Some(long) = word.strip_prefix("--") {
        let long = long.split('=').next().unwrap_or(long);
        return !long.is_empty() && "inverse".starts_with(long);
    }
    word.strip_prefix('-').is_some_and(|cluster| {
        cluster.contains('v')
            && !cluster
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_writes_its_destination_not_its_sources() {
        let words = |line: &str| line.split(' ').map(String::from).collect::<Vec<_>>();
        for (args, written) in [
            ("/bin/bash /tmp/x", vec!["/tmp/x", "/tmp/x/bash"]),
            (
                "-m 0755 -o root -g root a b /srv/dir",
                vec!["/srv/dir", "/srv/dir/a", "/srv/dir/b"],
            ),
            ("-m4755 x /tmp/y", vec!["/tmp/y", "/tmp/y/x"]),
            (
                "-t /usr/bin ./a /tmp/b/",
                vec!["/usr/bin", "/usr/bin/a", "/usr/bin/b"],
            ),
            ("-Dt /usr/bin a", vec!["/usr/bin", "/usr/bin/a"]),
            (
                "--target-directory=/bin/ /tmp/bash",
                vec!["/bin/", "/bin/bash"],
            ),
            ("--target-directory /bin a", vec!["/bin", "/bin/a"]),
            ("-d /srv/a /srv/b", vec!["/srv/a", "/srv/b"]),
            ("-S .old -b a /etc/x", vec!["/etc/x", "/etc/x/a"]),
            ("-- -m /etc/x", vec!["/etc/x", "/etc/x/-m"]),
            ("/etc/passwd", vec!["/etc/passwd"]),
        ] {
            assert_eq!(install_targets(&words(args)), written, "install {args}");
        }
    }

    #[test]
    fn modes_that_leave_no_execute_permission() {
        for mode in [
            "000",
            "0644",
            "600",
            "-x",
            "a-x",
            "ugo-rwx",
            "a=r",
            "u-x,g-x,o-x",
        ] {
            assert!(takes_execute_away(mode), "{mode}");
        }
        for mode in ["755", "700", "go-w", "u-x", "a-x+X", "1777", "-w"] {
            assert!(!takes_execute_away(mode), "{mode}");
        }
    }

    #[test]
    fn wildcards_over_every_kernel() {
        for path in [
            "/boot/vmlinuz*",
            "/boot/initrd.img*",
            "/boot/*",
            "/boot/initramfs-*",
        ] {
            assert!(every_kernel(path), "{path}");
        }
        for path in [
            "/boot/vmlinuz-6.1.0-17*",
            "/boot/config-*",
            "/boot/vmlinuz",
            "/tmp/*",
        ] {
            assert!(!every_kernel(path), "{path}");
        }
    }

    #[test]
    fn an_expansions_parent_is_a_system_tree() {
        for word in [
            "$HOME/..",
            "${HOME}/../",
            "$(pwd)/..",
            "$X/build/..",
            "`pwd`/..",
        ] {
            assert!(is_system_tree(word), "{word}");
        }
        for word in ["${BUILD_DIR}/out", "$X/build/../x"] {
            assert!(!is_system_tree(word), "{word}");
        }
    }

    #[test]
    fn system_trees_in_any_spelling() {
        for tree in [
            "/",
            "//etc",
            "/usr/../",
            "/etc/",
            "/etc/*",
            "/./",
            "/*",
            "~",
            "~/",
            "$HOME",
            "${HOME}/",
            "/e*",
            "/u?r",
            "/../..",
            "/[e]tc",
            "/[!x]tc/",
            "/[a-z]sr",
            "/[]e]tc",
            "/v[a]r/l[i]b",
            "~/..",
            "~/../",
            "~alice/..",
            "${HOME:?}/",
            "${X:-/}",
            "${X%/*}",
            "~/x/..",
        ] {
            assert!(is_system_tree(tree), "{tree}");
        }
        for not in [
            "/etc/nginx",
            "/tmp/build",
            "build",
            "$HOME/x",
            "/srv/app/*",
            "/[e]tc/nginx",
            "~/../alice/x",
        ] {
            assert!(!is_system_tree(not), "{not}");
        }
    }

    #[test]
    fn pids_and_signals_are_numbers() {
        let words = |line: &str| {
            line.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        for forbidden in [
            "-9 01",
            "-s KILL -1",
            "-KILL -- -1",
            "-- -1",
            "-9 -1",
            "1",
            "+1",
            "-SIGTERM 0001",
        ] {
            assert_eq!(
                kill(&words(forbidden)).level,
                RiskLevel::Forbidden,
                "kill {forbidden}"
            );
        }
        for high in ["-9 1234", "-1 1234", "-HUP 10", "-s 1 1234"] {
            assert_eq!(kill(&words(high)).level, RiskLevel::High, "kill {high}");
        }
        for low in ["-l", "-0 1234", "-s 0 1234", "-0 1"] {
            assert_eq!(kill(&words(low)).level, RiskLevel::Low, "kill {low}");
        }
    }
}
