//! System files named among the words of a program no table knows, written without a leading
//! `/`. A contained command starts in `/` (the sandbox's working directory) and a remote one
//! in a home that may be `/root`, or wherever an administrator's shell sits: `convert x.png
//! etc/passwd`, `mytool --dest=usr/bin`, `mytool -o passwd` may write the system's own files,
//! as the absolute spellings do. Such a word is judged as each system file it may name from
//! `/` (a relative path, a system directory's name) or from the directories holding the
//! files the machine needs (`paths/unknown_start.rs`), and the program is high where one of
//! them would be a forbidden write. Words that are also everyday arguments stay words: the
//! programs' names (`bash`, `sudo`), groups (`group`), and `bin`, `lib`, `dev`, `home`,
//! `root`, `var` written bare (`make bin`, `npm run dev`); `./bin` and `lib/` are directories.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// The names of the files the machine needs that are no everyday argument of a program.
const FILE_NAMES: &[&str] = &[
    "passwd",
    "shadow",
    "gshadow",
    "sudoers",
    "fstab",
    "nsswitch.conf",
    "ld.so.preload",
    "sshd_config",
    "common-auth",
    "system-auth",
    "vmlinuz",
    "initrd.img",
    "initramfs-linux.img",
    "libc.so.6",
    "ld-linux-x86-64.so.2",
];

/// The system directories whose bare name is no everyday argument (`etc`, `usr`); `bin` and
/// `lib` count only written as directories (`./bin`, `lib/`).
const DIR_NAMES: &[&str] = &["etc", "usr", "sbin", "boot", "lib64"];

/// The absolute system paths `word` may name where the command starts.
fn as_system_paths(word: &str) -> Vec<String> {
    // An absolute spelling of the account database (`convert x.png /etc/passwd`) is that file
    // wherever the command starts.
    if word.starts_with('/') {
        let normal = crate::paths::system_path(word);
        return crate::paths::may_be_account_file(&normal)
            .then_some(normal)
            .into_iter()
            .collect();
    }
    if word.starts_with(['~', '$', '-']) || word.contains(['$', '`']) {
        return Vec::new();
    }
    // A relative path may be a directory the program writes into (`--dest=usr/bin`).
    let mut found: Vec<String> = crate::paths::as_relative_in_start_dirs(word)
        .into_iter()
        .flat_map(|path| [format!("{}/*", path.trim_end_matches('/')), path])
        .collect();
    let bare = word.trim_start_matches("./").trim_end_matches('/');
    if FILE_NAMES.contains(&bare) {
        found.extend(crate::paths::as_in_start_dirs(word));
    }
    let as_directory = bare != word && matches!(bare, "bin" | "lib");
    if DIR_NAMES.contains(&bare) || as_directory {
        found.extend(
            crate::paths::as_root_dir(word)
                .into_iter()
                .flat_map(|dir| [format!("{dir}/*"), format!("{dir}/*/*")]),
        );
    }
    found
}

/// Options of make that take a file or directory as their value; its other words are
/// targets and variable assignments, names of the Makefile's own rules.
const MAKE_PATH_OPTIONS: &[&str] = &[
    "-C",
    "--directory",
    "-f",
    "--file",
    "--makefile",
    "-o",
    "--old-file",
    "--assume-old",
    "-W",
    "--what-if",
    "--new-file",
    "--assume-new",
    "-I",
    "--include-dir",
];

/// nmap's options that name a file it writes or reads; its other words are hosts, ports and
/// settings.
const NMAP_PATH_OPTIONS: &[&str] = &[
    "-oN",
    "-oX",
    "-oS",
    "-oG",
    "-oA",
    "-iL",
    "--resume",
    "--stylesheet",
    "--datadir",
    "--excludefile",
];

/// Whether `args[at]`, a word of the unknown program `name`, names no file by that program's
/// grammar: a make target (`make boot`), an nmap host or port (`nmap -p 22 etc`), or a
/// system directory's bare name given to a single output file's option (`terraform plan -out
/// etc`): a file written by that name cannot replace the directory, and in any other
/// directory it is a new file (a file the machine needs by its name, `-out passwd`, is still
/// judged).
pub fn names_no_file(name: &str, args: &[String], at: usize) -> bool {
    let word = args[at].as_str();
    let previous = at.checked_sub(1).map(|i| args[i].as_str());
    match name {
        "make" | "gmake" | "bmake" => {
            !word.starts_with('-')
                && !word.contains('=')
                && !previous.is_some_and(|p| MAKE_PATH_OPTIONS.contains(&p))
        }
        "nmap" => {
            !word.starts_with('-') && !previous.is_some_and(|p| NMAP_PATH_OPTIONS.contains(&p))
        }
        _ => {
            let (option, value) = match word.split_once('=') {
                Some((option, value)) if option.starts_with('-') => (Some(option), value),
                _ => (previous, word),
            };
            option.is_some_and(|o| super::output_options::OUTPUT_OPTIONS.contains(&o))
                && DIR_NAMES.contains(&value)
        }
    }
}

/// The absolute directory the line moved to, where it shows one.
pub fn known_start<'a>(ctx: &Ctx<'a>) -> Option<&'a str> {
    ctx.paths
        .working_dir
        .filter(|dir| dir.is_absolute() && !ctx.paths.start_unknown())
        .and_then(|dir| dir.to_str())
}

/// Raises `j` where `word`, a word of the unknown program `name`, may name a system file it
/// would write.
pub fn raise(ctx: &Ctx, name: &str, word: &str, j: &mut Judgement) {
    // A relative word after `cd DIR` is in DIR.
    let paths = match known_start(ctx) {
        Some(dir) if !word.starts_with('/') => {
            let path = crate::paths::system_path(&format!("{dir}/{word}"));
            vec![format!("{path}/*"), path]
        }
        _ => as_system_paths(word),
    };
    for path in paths {
        let (level, reason) = ctx.paths.write(&path);
        if level == RiskLevel::Forbidden || crate::paths::is_system_program(&path) {
            j.raise(
                RiskLevel::High,
                format!(
                    "'{name}' is not a known program and {word}, where the command starts (`/` in the sandbox, a home or `/etc` elsewhere), may be {path}, which it may write ({reason}): a human decides"
                ),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::as_system_paths;

    #[test]
    fn relative_system_paths_and_their_bare_names() {
        assert!(as_system_paths("etc/passwd").contains(&"/etc/passwd".to_owned()));
        assert!(as_system_paths("usr/bin/ls").contains(&"/usr/bin/ls".to_owned()));
        assert!(as_system_paths("passwd").contains(&"/etc/passwd".to_owned()));
        assert_eq!(as_system_paths("etc"), ["/etc/*", "/etc/*/*"]);
        assert_eq!(as_system_paths("./bin/"), ["/bin/*", "/bin/*/*"]);
        assert!(as_system_paths("usr/bin").contains(&"/usr/bin/*".to_owned()));
        assert_eq!(as_system_paths("/etc//shadow"), ["/etc/shadow"]);
        for word in [
            "bin",
            "lib",
            "dev",
            "home",
            "root",
            "var",
            "bash",
            "sudo",
            "group",
            "x.png",
            "build",
            "/etc/nginx/nginx.conf",
            "$X",
            "-o",
        ] {
            assert!(as_system_paths(word).is_empty(), "{word}");
        }
    }
}
