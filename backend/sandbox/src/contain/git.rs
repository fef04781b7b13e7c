//! git refuses a repository owned by another user ("detected dubious ownership"), and a
//! contained git runs as the contained user, not as Warden: without help, `git -C /srv/app
//! status` fails on every repository Warden itself may read. git trusts a repository named by
//! `safe.directory` in protected configuration, which the command line is; so Warden adds
//! `-c safe.directory=TOP` itself (a caller's own `-c` is never low), naming exactly the
//! repository the command works in, and only when Warden's own user owns it: the repositories
//! git would trust if Warden ran it uncontained, and no other.

use std::ffi::OsString;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// git's global options that take the next word as their value.
const VALUED: &[&str] = &[
    "-c",
    "--config-env",
    "--namespace",
    "--super-prefix",
    "--attr-source",
    "--list-cmds",
];

/// The `-c` value that lets a contained `git ARGS` (run from `/`) use the repository it works
/// in, or None: no repository there, one Warden's user does not own, or a command that names
/// its repository by `--git-dir` or `--work-tree` (git's own check then applies).
pub(crate) fn safe_directory(args: &[String]) -> Option<OsString> {
    let mut dir = PathBuf::from("/");
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "-C" => dir.push(words.next()?),
            "--git-dir" | "--work-tree" => return None,
            valued if VALUED.contains(&valued) => {
                words.next();
            }
            option if option.starts_with("--git-dir=") || option.starts_with("--work-tree=") => {
                return None;
            }
            option if option.starts_with('-') => {}
            _ => break,
        }
    }
    let top = repository(&std::fs::canonicalize(dir).ok()?)?;
    let owner = rustix::process::geteuid().as_raw();
    let owned = |path: &Path| std::fs::symlink_metadata(path).is_ok_and(|meta| meta.uid() == owner);
    let dot_git = top.join(".git");
    if !owned(&top) || (dot_git.exists() && !owned(&dot_git)) {
        return None;
    }
    let mut value = OsString::from("safe.directory=");
    value.push(top.as_os_str());
    Some(value)
}

/// The repository git finds from `dir` (canonical), walking up: the first directory holding
/// `.git`, or a bare repository itself.
fn repository(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|candidate| {
            std::fs::symlink_metadata(candidate.join(".git")).is_ok()
                || (candidate.join("HEAD").is_file()
                    && candidate.join("objects").is_dir()
                    && candidate.join("refs").is_dir())
        })
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn only_repositories_named_by_directory_and_owned_by_warden_are_trusted() {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir(repo.path().join(".git")).unwrap();
        std::fs::create_dir(repo.path().join("src")).unwrap();
        let top = std::fs::canonicalize(repo.path()).unwrap();
        let expected = Some(OsString::from(format!("safe.directory={}", top.display())));
        let at = |line: String| safe_directory(&words(&line));
        assert_eq!(at(format!("-C {} status", top.display())), expected);
        // From a subdirectory, and with -C relative to an earlier -C.
        assert_eq!(at(format!("-C {}/src log", top.display())), expected);
        assert_eq!(at(format!("-C {} -C src log", top.display())), expected);
        assert_eq!(
            at(format!("--no-pager -C {} status", top.display())),
            expected
        );
        // Named by --git-dir or --work-tree: git's own check.
        assert_eq!(
            at(format!(
                "--git-dir={}/.git -C {} status",
                top.display(),
                top.display()
            )),
            None
        );
        assert_eq!(
            at(format!("-C {} --work-tree /x status", top.display())),
            None
        );
        // No repository above `/` or above a directory that has none.
        assert_eq!(at("status".to_owned()), None);
        assert_eq!(at("-C /proc/self status".to_owned()), None);
        assert_eq!(at("-C /nonexistent status".to_owned()), None);
        // Owned by someone else: not trusted.
        std::os::unix::fs::chown(repo.path(), Some(12345), None).unwrap();
        assert_eq!(at(format!("-C {} status", top.display())), None);
        std::os::unix::fs::chown(repo.path(), Some(0), None).unwrap();
        std::os::unix::fs::chown(repo.path().join(".git"), Some(12345), None).unwrap();
        assert_eq!(at(format!("-C {} status", top.display())), None);
    }
}
